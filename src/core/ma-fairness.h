/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-fairness.h: the rule that flags an auditor whose scores would bend
 * bonuses (issue 7, "Fairness"), on top of the store's calibration figures
 * (ma_store_aggregate_auditor_calibration). */
#pragma once

#include "ma-store.h"

G_BEGIN_DECLS

/* A gap of 10 points on the 0-100 scale (scores are stored as 0..1). */
#define MA_CALIBRATION_GAP 0.10
/* Audits needed on both sides before a gap means anything. */
#define MA_CALIBRATION_MIN_N 3

typedef enum {
  MA_CALIBRATION_UNKNOWN,   /* too few audits on one side to judge */
  MA_CALIBRATION_IN_LINE,
  MA_CALIBRATION_LENIENT,   /* scores higher than the others */
  MA_CALIBRATION_STRICT,    /* scores lower than the others */
} MaCalibrationVerdict;

/* own_mean - others_mean; NAN when either side has no audits. */
double               ma_calibration_gap     (const MaCalibrationRow *row);
MaCalibrationVerdict ma_calibration_verdict (const MaCalibrationRow *row);
const char          *ma_calibration_verdict_to_string (MaCalibrationVerdict verdict);

G_END_DECLS
