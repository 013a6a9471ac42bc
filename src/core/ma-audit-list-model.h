/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-audit-list-model.h: the audits of a store as a lazy GListModel.
 *
 * An office keeps hundreds of thousands of audits, so the model never loads
 * them all: it counts the audits that pass its filter and fetches pages of
 * MA_AUDIT_LIST_MODEL_PAGE_SIZE rows when a position is asked for, keeping
 * a few pages near the ones in use and dropping those far away. Items come
 * newest visit first, in the store's order. */
#pragma once

#include <gio/gio.h>

#include "ma-audit-item.h"
#include "ma-store.h"

G_BEGIN_DECLS

#define MA_AUDIT_LIST_MODEL_PAGE_SIZE 200
/* Pages kept in memory at most. */
#define MA_AUDIT_LIST_MODEL_MAX_PAGES 8

#define MA_TYPE_AUDIT_LIST_MODEL (ma_audit_list_model_get_type ())
G_DECLARE_FINAL_TYPE (MaAuditListModel, ma_audit_list_model, MA, AUDIT_LIST_MODEL, GObject)

/* Counts the audits of @store with no filter. A failure is kept as the
 * model's error and the model is empty. */
MaAuditListModel *ma_audit_list_model_new        (MaStore *store);
MaStore          *ma_audit_list_model_get_store  (MaAuditListModel *self);

/* Replaces the filter (its offset and limit are ignored; the strings are
 * copied), counts again and drops every cached page. Emits one
 * items-changed (0, old count, new count), unless both counts are 0. */
void              ma_audit_list_model_set_filter (MaAuditListModel    *self,
                                                  const MaAuditFilter *filter);
/* Counts again with the same filter after the store changed. Emits like
 * ma_audit_list_model_set_filter(). */
void              ma_audit_list_model_refresh    (MaAuditListModel *self);

/* The last failure to count or to fetch a page, or NULL. When a page cannot
 * be read, its positions give empty items (no score, no names) so that a
 * list never holds holes; the "error" property changes to tell. */
const GError     *ma_audit_list_model_get_error  (MaAuditListModel *self);

/* How many rows are loaded now: at most PAGE_SIZE * MAX_PAGES. */
guint             ma_audit_list_model_get_n_loaded (MaAuditListModel *self);

/* The visit months ("YYYY-MM") that have at least one audit in @store,
 * newest first. Found by counting over halves of the range between the
 * oldest and the newest visit, so it reads no audit rows but the two ends. */
GStrv             ma_audit_list_model_list_periods (MaStore  *store,
                                                    GError  **error);

G_END_DECLS
