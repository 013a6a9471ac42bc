/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-reports-view.h: the Reports page of the window: the bonus statements
 * (HR), the branch comparison and the service-level standards (regional
 * managers), switched with a view switcher. */
#pragma once

#include <adwaita.h>

#include "ma-bonus-view.h"
#include "ma-comparison-view.h"
#include "ma-fairness-view.h"
#include "ma-standards-view.h"

G_BEGIN_DECLS

#define MA_TYPE_REPORTS_VIEW (ma_reports_view_get_type ())
G_DECLARE_FINAL_TYPE (MaReportsView, ma_reports_view, MA, REPORTS_VIEW, AdwBin)

void              ma_reports_view_set_store (MaReportsView *self,
                                             MaStore       *store);
/* "bonus", "comparison", "standards" or "fairness", or one of the
 * Fairness page's own: "disputes", "auditors" or "training". */
void              ma_reports_view_show      (MaReportsView *self,
                                             const char    *page);
const char       *ma_reports_view_get_page  (MaReportsView *self);
MaBonusView      *ma_reports_view_get_bonus_view      (MaReportsView *self);
MaComparisonView *ma_reports_view_get_comparison_view (MaReportsView *self);
MaStandardsView  *ma_reports_view_get_standards_view  (MaReportsView *self);
MaFairnessView   *ma_reports_view_get_fairness_view   (MaReportsView *self);
MaDisputesView   *ma_reports_view_get_disputes_view   (MaReportsView *self);
MaCalibrationView *ma_reports_view_get_calibration_view (MaReportsView *self);
MaTrainingView   *ma_reports_view_get_training_view   (MaReportsView *self);

G_END_DECLS
