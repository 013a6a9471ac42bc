/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-statement-window.h: one employee's bonus statement on screen, with
 * printing and saving as PDF: the same document the printer and the PDF
 * get, for HR's one-to-one conversation with the employee. */
#pragma once

#include <adwaita.h>

#include "ma-statement.h"

G_BEGIN_DECLS

#define MA_TYPE_STATEMENT_WINDOW (ma_statement_window_get_type ())
G_DECLARE_FINAL_TYPE (MaStatementWindow, ma_statement_window, MA, STATEMENT_WINDOW, AdwWindow)

/* Takes @document. */
MaStatementWindow         *ma_statement_window_new          (GtkWindow           *parent,
                                                             MaStatementDocument *document);
const MaStatementDocument *ma_statement_window_get_document (MaStatementWindow *self);
/* Saves the statement as a one-page PDF at @path. */
gboolean                   ma_statement_window_save_pdf     (MaStatementWindow  *self,
                                                             const char         *path,
                                                             GError            **error);

G_END_DECLS
