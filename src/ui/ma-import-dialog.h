/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-import-dialog.h: imports a CSV file of employees or KPI figures: the
 * user maps the file's columns to fields and sees every problem by line
 * and what would change; nothing is written until "Import" is pressed,
 * and then all of it in one transaction. Actions: "import.commit",
 * "import.cancel". */
#pragma once

#include <adwaita.h>

#include "ma-import.h"

G_BEGIN_DECLS

#define MA_TYPE_IMPORT_DIALOG (ma_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MaImportDialog, ma_import_dialog, MA, IMPORT_DIALOG, AdwWindow)

/* A dialog on the CSV text @contents of @file_name (shown only); for KPI
 * figures, of @period. NULL with an error when the text is not CSV or the
 * store cannot be read. Like any window, it belongs to GTK until it is
 * destroyed (transfer none). */
MaImportDialog        *ma_import_dialog_new          (GtkWindow     *parent,
                                                      MaStore       *store,
                                                      MaImportKind   kind,
                                                      const char    *period,
                                                      const char    *file_name,
                                                      GBytes        *contents,
                                                      GError       **error);
/* Lets the user choose a file (through the portal) and opens the dialog
 * on it; problems opening it are shown in a message dialog. @on_imported
 * runs after a successful import. */
void                   ma_import_dialog_choose_file  (GtkWidget     *widget,
                                                      MaStore       *store,
                                                      MaImportKind   kind,
                                                      const char    *period,
                                                      GCallback      on_imported,
                                                      gpointer       user_data);

const MaImportPreview *ma_import_dialog_get_preview  (MaImportDialog *self);
MaImport              *ma_import_dialog_get_import   (MaImportDialog *self);
/* Maps @field to @column (-1: not in the file) as its drop-down does. */
void                   ma_import_dialog_set_column   (MaImportDialog *self,
                                                      guint           field,
                                                      int             column);

G_END_DECLS
