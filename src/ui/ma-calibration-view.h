/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-calibration-view.h: the auditors of a month against each other: the
 * mean score each gave against the mean the other auditors gave the same
 * branches in the same month, the gap, n, and the lenient or strict flag
 * of ma-fairness.h, so HR can recalibrate before closing the month. */
#pragma once

#include <adwaita.h>

#include "ma-fairness.h"

G_BEGIN_DECLS

#define MA_TYPE_CALIBRATION_VIEW (ma_calibration_view_get_type ())
G_DECLARE_FINAL_TYPE (MaCalibrationView, ma_calibration_view, MA, CALIBRATION_VIEW, AdwBin)

void       ma_calibration_view_set_store  (MaCalibrationView *self,
                                           MaStore           *store);
void       ma_calibration_view_set_period (MaCalibrationView *self,
                                           const char        *period);
gboolean   ma_calibration_view_is_busy    (MaCalibrationView *self);
/* The rows shown (of MaCalibrationRow), NULL before the first result. */
GPtrArray *ma_calibration_view_get_rows   (MaCalibrationView *self);
/* The flag shown for @auditor, as ma_calibration_verdict_to_string();
 * NULL when the auditor is not in the table. */
const char *ma_calibration_view_get_flag  (MaCalibrationView *self,
                                           const char        *auditor);

G_END_DECLS
