/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-standards-view.h: the service-level standards (scoring.md 5a) of
 * each branch or region over a range of months: the share of audits that
 * kept the promise ("90 % of calls answered within 2 minutes"), n, the
 * target and whether it was met. */
#pragma once

#include <adwaita.h>

#include "ma-rollup.h"

G_BEGIN_DECLS

#define MA_TYPE_STANDARDS_VIEW (ma_standards_view_get_type ())
G_DECLARE_FINAL_TYPE (MaStandardsView, ma_standards_view, MA, STANDARDS_VIEW, AdwBin)

void            ma_standards_view_set_store  (MaStandardsView *self,
                                              MaStore         *store);
void            ma_standards_view_set_range  (MaStandardsView *self,
                                              MaGroupBy        by,
                                              const char      *period_from,
                                              const char      *period_to);
gboolean        ma_standards_view_is_busy    (MaStandardsView *self);
const MaRollup *ma_standards_view_get_rollup (MaStandardsView *self);

G_END_DECLS
