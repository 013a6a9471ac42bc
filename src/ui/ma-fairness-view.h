/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-fairness-view.h: the Fairness page of Reports: the disputes, the
 * auditors' calibration and the training marks, under one switcher so
 * that the Reports switcher still fits a narrow window. */
#pragma once

#include <adwaita.h>

#include "ma-calibration-view.h"
#include "ma-disputes-view.h"
#include "ma-training-view.h"

G_BEGIN_DECLS

#define MA_TYPE_FAIRNESS_VIEW (ma_fairness_view_get_type ())
G_DECLARE_FINAL_TYPE (MaFairnessView, ma_fairness_view, MA, FAIRNESS_VIEW, AdwBin)

void               ma_fairness_view_set_store (MaFairnessView *self,
                                               MaStore        *store);
/* "disputes", "auditors" or "training"; FALSE for another name. */
gboolean           ma_fairness_view_show      (MaFairnessView *self,
                                               const char     *page);
const char        *ma_fairness_view_get_page  (MaFairnessView *self);
/* The record dialog of the Disputes page, shown or not (see
 * ma_disputes_view_record()). */
void               ma_fairness_view_record_dispute (MaFairnessView *self,
                                                    GtkWindow      *parent,
                                                    const char     *employee,
                                                    const char     *period);
MaDisputesView    *ma_fairness_view_get_disputes_view    (MaFairnessView *self);
MaCalibrationView *ma_fairness_view_get_calibration_view (MaFairnessView *self);
MaTrainingView    *ma_fairness_view_get_training_view    (MaFairnessView *self);

G_END_DECLS
