/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-export-xlsx.h: a table as an Excel workbook of one sheet (through
 * libxlsxwriter). Numbers are real numeric cells: money in major units with
 * the number format "#,##0.00" (as many decimals as the currency has),
 * percentages as fractions formatted "0.0%". Text is always written as a
 * string, never as a formula. The header row holds the column titles in
 * bold and stays in view when scrolling (frozen panes). */
#pragma once

#include <glib.h>

#include "ma-export.h"
#include "ma-table.h"

G_BEGIN_DECLS

/* Writes to a temporary file next to @path and renames it over @path, so a
 * failure or a crash never leaves a half-written workbook; the temporary
 * file is removed on failure. @sheet_name NULL means "Sheet1"; Excel's
 * rules apply to it (at most 31 characters, none of []:*?/\, not starting
 * or ending with an apostrophe), and a name breaking them is an
 * MA_EXPORT_ERROR_INVALID error. Errors name @path. */
gboolean ma_export_xlsx_to_file (const MaTable  *table,
                                 const char     *sheet_name,
                                 const char     *path,
                                 GError        **error);

G_END_DECLS
