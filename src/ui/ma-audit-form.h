/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-audit-form.h: one audit to fill in or to review.
 *
 * A draft is saved on its own a moment after every change (no Save button)
 * through the MaDraftSaver; "Saved" is shown only once the store has
 * committed. The live score is ma_score_audit()'s. Actions: form.submit
 * (Ctrl+Enter; refused with a list of what is missing), form.approve,
 * form.return and form.void (the last two ask for a note or reason),
 * form.retry-save, form.close ("close-request" signal). */
#pragma once

#include <gtk/gtk.h>

#include "ma-attachment-list.h"
#include "ma-draft-saver.h"
#include "ma-question-row.h"
#include "ma-store.h"

G_BEGIN_DECLS

#define MA_TYPE_AUDIT_FORM (ma_audit_form_get_type ())
G_DECLARE_FINAL_TYPE (MaAuditForm, ma_audit_form, MA, AUDIT_FORM, GtkWidget)

typedef enum {
  MA_SAVE_STATE_NONE,     /* nothing to save (read-only, or nothing loaded) */
  MA_SAVE_STATE_SAVING,   /* changes not committed yet */
  MA_SAVE_STATE_SAVED,    /* every change shown is committed */
  MA_SAVE_STATE_FAILED,   /* the last save failed; retrying */
} MaSaveState;

GtkWidget     *ma_audit_form_new            (MaStore       *store,
                                             MaDraftSaver  *saver);
/* Shows the audit @uuid of the store. */
gboolean       ma_audit_form_load           (MaAuditForm   *self,
                                             const char    *uuid,
                                             GError       **error);
/* Shows @audit, a new draft, and saves it at once. */
gboolean       ma_audit_form_start          (MaAuditForm   *self,
                                             const MaAudit *audit,
                                             GError       **error);
const char    *ma_audit_form_get_uuid       (MaAuditForm   *self);
MaAuditStatus  ma_audit_form_get_status     (MaAuditForm   *self);
MaSaveState    ma_audit_form_get_save_state (MaAuditForm   *self);
/* What the window's subtitle says: "Saved", "Saving…", "Not saved". */
const char    *ma_audit_form_get_save_text  (MaAuditForm   *self);
/* The attachments of the whole audit (not of one question). */
MaAttachmentList *ma_audit_form_get_audit_evidence (MaAuditForm *self);
void           ma_audit_form_set_show_close_button (MaAuditForm *self,
                                                   gboolean     show);
/* The live score as shown, e.g. "61.7 %". */
const char    *ma_audit_form_get_score_text (MaAuditForm   *self);
MaQuestionRow *ma_audit_form_get_row        (MaAuditForm   *self,
                                             const char    *question);
/* Saves what is pending now and waits until it is on disk. */
void           ma_audit_form_flush          (MaAuditForm   *self);
/* Focuses (and so scrolls to) the answer of @question. */
gboolean       ma_audit_form_focus_question (MaAuditForm   *self,
                                             const char    *question);

G_END_DECLS
