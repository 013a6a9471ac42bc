/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-audit-item.h: one row of the audit list as a GObject, so that list
 * models and list widgets can hold it. It carries what the store's
 * MaAuditSummary carries; it is read-only and never talks to the store. */
#pragma once

#include <glib-object.h>

#include "ma-store.h"

G_BEGIN_DECLS

#define MA_TYPE_AUDIT_STATUS (ma_audit_status_get_type ())
GType ma_audit_status_get_type (void);

#define MA_TYPE_AUDIT_ITEM (ma_audit_item_get_type ())
G_DECLARE_FINAL_TYPE (MaAuditItem, ma_audit_item, MA, AUDIT_ITEM, GObject)

/* Copies what it needs from @summary. */
MaAuditItem   *ma_audit_item_new                  (const MaAuditSummary *summary);

const char    *ma_audit_item_get_uuid             (MaAuditItem *self);
const char    *ma_audit_item_get_visited_at       (MaAuditItem *self);
const char    *ma_audit_item_get_period           (MaAuditItem *self);
const char    *ma_audit_item_get_branch           (MaAuditItem *self);
/* NULL when the employee was not identified. */
const char    *ma_audit_item_get_employee         (MaAuditItem *self);
const char    *ma_audit_item_get_auditor          (MaAuditItem *self);
const char    *ma_audit_item_get_channel          (MaAuditItem *self);
const char    *ma_audit_item_get_template         (MaAuditItem *self);
gint64         ma_audit_item_get_template_version (MaAuditItem *self);
MaAuditStatus  ma_audit_item_get_status           (MaAuditItem *self);
/* In [0, 1]; NAN when not assessed. */
double         ma_audit_item_get_score            (MaAuditItem *self);
/* The first failed critical question, or NULL. */
const char    *ma_audit_item_get_critical_failure (MaAuditItem *self);
gboolean       ma_audit_item_get_exported         (MaAuditItem *self);

/* The score as people read it: "61.7 %", "0.0 % (critical: q2)", or "—"
 * when not assessed. */
char          *ma_audit_item_dup_score_text       (MaAuditItem *self);

G_END_DECLS
