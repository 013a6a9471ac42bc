/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-heatmap.h: the scores of branches (or regions) by section as a grid
 * of coloured cells with their percentages. The drawing function takes a
 * cairo context and a size, so the window and the PDF export draw the same
 * chart. */
#pragma once

#include <gtk/gtk.h>

#include "ma-comparison.h"

G_BEGIN_DECLS

#define MA_TYPE_HEATMAP (ma_heatmap_get_type ())
G_DECLARE_FINAL_TYPE (MaHeatmap, ma_heatmap, MA, HEATMAP, GtkDrawingArea)

GtkWidget *ma_heatmap_new            (void);
/* Shows @comparison (a reference is not taken: the caller keeps it alive
 * until it sets another one or NULL). */
void       ma_heatmap_set_comparison (MaHeatmap          *self,
                                      const MaComparison *comparison);

/* The height the chart needs for @n_rows rows. */
int        ma_heatmap_get_natural_height (const MaComparison *comparison,
                                          guint               first_row,
                                          guint               n_rows);

/* Draws rows [@first_row, @first_row + @n_rows) of @comparison into
 * @width x @height, text in @foreground. */
void       ma_heatmap_draw (cairo_t            *cr,
                            PangoContext       *pango,
                            const MaComparison *comparison,
                            guint               first_row,
                            guint               n_rows,
                            double              width,
                            double              height,
                            const GdkRGBA      *foreground);

/* The colour of a score in [0, 1]: red below 50 %, through amber, to green
 * at 100 %; readable with dark text in both light and dark styles. */
void       ma_heatmap_score_color (double   score,
                                   GdkRGBA *color);

/* A summary of the data for assistive technologies and tests. */
char      *ma_heatmap_describe (const MaComparison *comparison);

G_END_DECLS
