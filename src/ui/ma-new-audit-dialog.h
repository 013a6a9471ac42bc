/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-new-audit-dialog.h: what a new audit is about: channel and template
 * (published versions only), branch, employee served (or not identified),
 * date and time of the visit (now by default, with the local offset),
 * scenario and auditor (remembered for next time). "new.create" checks the
 * choices and emits "create" with the new draft. */
#pragma once

#include <adwaita.h>

#include "ma-store.h"

G_BEGIN_DECLS

#define MA_TYPE_NEW_AUDIT_DIALOG (ma_new_audit_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MaNewAuditDialog, ma_new_audit_dialog, MA, NEW_AUDIT_DIALOG, AdwWindow)

/* NULL with @error when the store cannot list its templates or branches,
 * or has no published template or no branch to audit. */
MaNewAuditDialog *ma_new_audit_dialog_new         (GtkWindow         *parent,
                                                   MaStore           *store,
                                                   GError           **error);
/* The draft the choices describe, or NULL with an error naming the choice
 * that is missing or wrong. */
MaAudit          *ma_new_audit_dialog_build_audit (MaNewAuditDialog  *self,
                                                   GError           **error);

G_END_DECLS
