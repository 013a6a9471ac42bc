/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "ma-fairness.h"

double
ma_calibration_gap (const MaCalibrationRow *row)
{
  g_return_val_if_fail (row != NULL, NAN);

  if (row->own_n <= 0 || row->others_n <= 0)
    return NAN;
  return row->own_mean - row->others_mean;
}

/* The rule: an auditor is lenient (strict) when their mean over the cells
 * (branch, month) shared with other auditors is at least 10 points above
 * (below) the others' mean in those same cells, and both means stand on at
 * least 3 audits. Why 10 points: a component's payout follows the score
 * linearly between the scheme's floor and target (scoring.md 6), so with
 * the reference curve 10 points are 10 % of the component's amount (900.00
 * of a 15 % component on 60 000.00): money an employee notices, while
 * smaller gaps are within what two honest visits of one branch differ by.
 * Why 3: with one or two audits a side, one bad day looks like a bias. The
 * comparison is a hint for HR to recalibrate before closing, never an
 * automatic correction. A tiny epsilon keeps 0.10 computed as
 * 0.8 - 0.7 = 0.0999... on the flagged side. */
MaCalibrationVerdict
ma_calibration_verdict (const MaCalibrationRow *row)
{
  double gap;

  g_return_val_if_fail (row != NULL, MA_CALIBRATION_UNKNOWN);

  if (row->own_n < MA_CALIBRATION_MIN_N || row->others_n < MA_CALIBRATION_MIN_N)
    return MA_CALIBRATION_UNKNOWN;
  gap = ma_calibration_gap (row);
  if (isnan (gap))
    return MA_CALIBRATION_UNKNOWN;
  if (gap >= MA_CALIBRATION_GAP - 1e-9)
    return MA_CALIBRATION_LENIENT;
  if (gap <= -MA_CALIBRATION_GAP + 1e-9)
    return MA_CALIBRATION_STRICT;
  return MA_CALIBRATION_IN_LINE;
}

const char *
ma_calibration_verdict_to_string (MaCalibrationVerdict verdict)
{
  switch (verdict)
    {
    case MA_CALIBRATION_IN_LINE:
      return "in-line";
    case MA_CALIBRATION_LENIENT:
      return "lenient";
    case MA_CALIBRATION_STRICT:
      return "strict";
    case MA_CALIBRATION_UNKNOWN:
    default:
      return "unknown";
    }
}
