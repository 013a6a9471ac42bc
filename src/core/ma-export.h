/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-export.h: what the table exporters share (their error domain), and the
 * plain-text renderer for terminals. The file writers are in
 * ma-export-csv.h and ma-export-xlsx.h. */
#pragma once

#include <glib.h>

#include "ma-table.h"

G_BEGIN_DECLS

#define MA_EXPORT_ERROR (ma_export_error_quark ())

/* Writers report file-system failures of their own calls in G_FILE_ERROR,
 * and these in MA_EXPORT_ERROR. */
typedef enum {
  MA_EXPORT_ERROR_INVALID,  /* the table or an argument cannot be written in this format */
  MA_EXPORT_ERROR_FAILED,   /* the writing library failed */
} MaExportError;

GQuark ma_export_error_quark (void);

/* The table as aligned columns for a terminal, lines ending in "\n": the
 * column titles, a rule, then the rows. Numeric columns are right-aligned,
 * text left-aligned; widths count characters as a terminal shows them (a
 * Cyrillic letter is one, a CJK ideograph two), empty cells show "—", and
 * control characters in text (new lines, tabs, escapes) become spaces so a
 * cell can neither break the layout nor send commands to the terminal.
 * Money shows its currency ("7200.00 RUB"), percentages a sign ("70.0%").
 * A table without columns gives "". */
char *ma_export_text (const MaTable *table);

G_END_DECLS
