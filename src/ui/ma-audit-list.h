/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-audit-list.h: the audits of the store in columns, newest first, with
 * filters by status, branch, month and a search. Each filter is a
 * property and a widget action ("audits.status", "audits.branch",
 * "audits.period", "audits.search", "audits.clear-filters"), so that the
 * controls, shortcuts and tests all set it the same way. Activating a row
 * (Enter, double click) emits "audit-activated" with the audit's uuid. */
#pragma once

#include <gtk/gtk.h>

#include "ma-audit-list-model.h"
#include "ma-store.h"

G_BEGIN_DECLS

#define MA_TYPE_AUDIT_LIST (ma_audit_list_get_type ())
G_DECLARE_FINAL_TYPE (MaAuditList, ma_audit_list, MA, AUDIT_LIST, GtkWidget)

GtkWidget        *ma_audit_list_new          (void);
/* Loads the store's branches and months for the filters and lists its
 * audits. */
void              ma_audit_list_set_store    (MaAuditList *self,
                                              MaStore     *store);
MaStore          *ma_audit_list_get_store    (MaAuditList *self);
/* The model the columns show, or NULL without a store. */
MaAuditListModel *ma_audit_list_get_model    (MaAuditList *self);

/* "" for all, else a status name ("approved"). */
void              ma_audit_list_set_status_filter (MaAuditList *self, const char *status);
/* "" for all, else a branch code. */
void              ma_audit_list_set_branch_filter (MaAuditList *self, const char *branch);
/* "" for all, else a month "YYYY-MM". */
void              ma_audit_list_set_period_filter (MaAuditList *self, const char *period);
void              ma_audit_list_set_search_text   (MaAuditList *self, const char *text);

/* "list", "empty" (no audits at all), "no-results" (none passes the
 * filters) or "error". */
const char       *ma_audit_list_get_visible_page (MaAuditList *self);
void              ma_audit_list_focus_search     (MaAuditList *self);

G_END_DECLS
