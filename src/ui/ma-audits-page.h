/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-audits-page.h: the Audits view: the list (with the unfinished drafts
 * offered first) and the form of the audit opened from it or started with
 * "New audit". Actions: audits-page.new-audit, audits-page.show-drafts,
 * audits-page.open (uuid). */
#pragma once

#include <gtk/gtk.h>

#include "ma-audit-form.h"
#include "ma-audit-list.h"
#include "ma-new-audit-dialog.h"
#include "ma-store.h"

G_BEGIN_DECLS

#define MA_TYPE_AUDITS_PAGE (ma_audits_page_get_type ())
G_DECLARE_FINAL_TYPE (MaAuditsPage, ma_audits_page, MA, AUDITS_PAGE, GtkWidget)

void              ma_audits_page_set_store      (MaAuditsPage *self,
                                                 MaStore      *store);
MaAuditList      *ma_audits_page_get_audit_list (MaAuditsPage *self);
/* The form shown, or NULL while the list is. */
MaAuditForm      *ma_audits_page_get_form       (MaAuditsPage *self);
gboolean          ma_audits_page_open_audit     (MaAuditsPage *self,
                                                 const char   *uuid,
                                                 GError      **error);
/* Asks what the new audit is about; NULL (and a toast) when it cannot. */
MaNewAuditDialog *ma_audits_page_new_audit      (MaAuditsPage *self);
void              ma_audits_page_show_list      (MaAuditsPage *self);
/* What the window's subtitle says while the form is shown ("Saved"), or
 * NULL on the list. */
const char       *ma_audits_page_get_subtitle   (MaAuditsPage *self);
guint             ma_audits_page_get_n_drafts   (MaAuditsPage *self);
void              ma_audits_page_set_compact    (MaAuditsPage *self,
                                                 gboolean      compact);

G_END_DECLS
