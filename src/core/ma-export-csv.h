/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-export-csv.h: a table as RFC 4180 CSV for other programs: UTF-8
 * without a byte order mark, comma separated, CRLF after every record
 * (the last one too), fields holding a comma, a quote, CR or LF quoted with
 * the quotes doubled. The header record holds the column keys; values are
 * in the form of ma_table_format_plain() (C locale, "7200.00", "70.0"),
 * empty cells are empty fields.
 *
 * A text cell starting with '=', '+', '-', '@', TAB or CR gets a leading
 * "'" so a spreadsheet opening the file shows it instead of running it as a
 * formula. Only text cells: numbers, negative ones included, are written
 * as they are. */
#pragma once

#include <glib.h>

#include "ma-export.h"
#include "ma-table.h"

G_BEGIN_DECLS

char     *ma_export_csv_to_string (const MaTable *table);
/* Replaces @path atomically (mode 0644): a crash leaves the old file or the
 * new one, never half of it. Errors are G_FILE_ERROR. */
gboolean  ma_export_csv_to_file   (const MaTable  *table,
                                   const char     *path,
                                   GError        **error);

G_END_DECLS
