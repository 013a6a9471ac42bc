/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-trend-chart.h: monthly scores of a few branches or regions as lines,
 * with the chain's average as a thicker dashed line. The drawing function
 * takes a cairo context and a size, so the window and the PDF export draw
 * the same chart. */
#pragma once

#include <gtk/gtk.h>

#include "ma-comparison.h"

G_BEGIN_DECLS

#define MA_TYPE_TREND_CHART (ma_trend_chart_get_type ())
G_DECLARE_FINAL_TYPE (MaTrendChart, ma_trend_chart, MA, TREND_CHART, GtkDrawingArea)

/* At most this many groups are drawn besides the chain. */
#define MA_TREND_CHART_MAX_SERIES 8

GtkWidget *ma_trend_chart_new            (void);
/* Shows the series of @keys (NULL-terminated; NULL: none) of @comparison,
 * which the caller keeps alive. */
void       ma_trend_chart_set_comparison (MaTrendChart       *self,
                                          const MaComparison *comparison,
                                          const char * const *keys);

void       ma_trend_chart_draw (cairo_t            *cr,
                                PangoContext       *pango,
                                const MaComparison *comparison,
                                const char * const *keys,
                                double              width,
                                double              height,
                                const GdkRGBA      *foreground);

/* The colour of the @index-th series: mid-tones of the GNOME palette that
 * read on light and dark backgrounds. */
void       ma_trend_chart_series_color (guint    index,
                                        GdkRGBA *color);

/* The chart in words, for its accessible description: each series month
 * by month, then the training marks of the groups shown (their date, who
 * and the note). */
char      *ma_trend_chart_describe (const MaComparison *comparison,
                                    const char * const *keys);
/* The accessible description set last. */
const char *ma_trend_chart_get_description (MaTrendChart *self);

G_END_DECLS
