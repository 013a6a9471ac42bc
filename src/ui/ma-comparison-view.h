/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-comparison-view.h: branches or regions compared over a range of
 * months, for regional managers: the ranking with n and low-confidence
 * marks, the heatmap by section, the monthly trend against the chain's
 * average, the most failed standards, and the drill-down to the audits.
 * It never shows people. */
#pragma once

#include <adwaita.h>

#include "ma-comparison.h"

G_BEGIN_DECLS

#define MA_TYPE_COMPARISON_VIEW (ma_comparison_view_get_type ())
G_DECLARE_FINAL_TYPE (MaComparisonView, ma_comparison_view, MA, COMPARISON_VIEW, AdwBin)

void                ma_comparison_view_set_store      (MaComparisonView *self,
                                                       MaStore          *store);
void                ma_comparison_view_set_range      (MaComparisonView *self,
                                                       MaGroupBy         by,
                                                       const char       *period_from,
                                                       const char       *period_to);
gboolean            ma_comparison_view_is_busy        (MaComparisonView *self);
/* Computes the shown range again (after a training mark changed). */
void                ma_comparison_view_refresh        (MaComparisonView *self);
const MaComparison *ma_comparison_view_get_comparison (MaComparisonView *self);
/* Follows @key (a branch or region) in the trend and the failures. */
void                ma_comparison_view_select         (MaComparisonView *self,
                                                       const char       *key);
GtkWidget          *ma_comparison_view_get_heatmap    (MaComparisonView *self);
GtkWidget          *ma_comparison_view_get_trend_chart (MaComparisonView *self);
/* The drill-down window last opened, for tests. */
GtkWindow          *ma_comparison_view_get_drilldown  (MaComparisonView *self);

G_END_DECLS
