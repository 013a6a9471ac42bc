/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-report-render.h: statements and comparisons drawn with cairo and
 * pango, for the printer (GtkPrintOperation hands a cairo context) and for
 * PDF files. The same functions draw both, so a printed statement and its
 * PDF are the same page. */
#pragma once

#include <gtk/gtk.h>

#include "ma-comparison.h"
#include "ma-statement.h"

G_BEGIN_DECLS

/* A4 in points. */
#define MA_PAGE_WIDTH  595.276
#define MA_PAGE_HEIGHT 841.89

/* Draws @doc on one page of @width x @height (points or pixels), black on
 * white, shrinking the text when a long statement would not fit: one page
 * per employee, always. */
void     ma_statement_render_page (cairo_t                   *cr,
                                   PangoContext              *pango,
                                   const MaStatementDocument *doc,
                                   double                     width,
                                   double                     height);

/* Writes @documents (of MaStatementDocument), one A4 page each, to the PDF
 * @path, replacing it only once complete. Safe on a worker thread. */
gboolean ma_statement_write_pdf   (const char  *path,
                                   GPtrArray   *documents,
                                   GError     **error);

/* Writes @comparison to the PDF @path: the ranking, the heatmap, the trend
 * of @trend_keys (NULL-terminated, may be NULL) and the chain, and the most
 * failed standards, under @title. Safe on a worker thread. */
gboolean ma_comparison_write_pdf  (const char          *path,
                                   const MaComparison  *comparison,
                                   const char * const  *trend_keys,
                                   const char          *title,
                                   GError             **error);

G_END_DECLS

G_BEGIN_DECLS

/* Prints @documents (of MaStatementDocument, referenced until printing
 * ends), one page each, through the print dialog over @parent. */
void     ma_statement_print       (GtkWindow *parent,
                                   GPtrArray *documents);

G_END_DECLS
