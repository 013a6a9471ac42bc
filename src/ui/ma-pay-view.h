/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-pay-view.h: the "Pay" view: the KPI figures of a month and the bonus
 * schemes, on two pages ("kpi" and "schemes"). */
#pragma once

#include <adwaita.h>

#include "ma-kpi-grid.h"
#include "ma-scheme-editor.h"
#include "ma-store.h"

G_BEGIN_DECLS

#define MA_TYPE_PAY_VIEW (ma_pay_view_get_type ())
G_DECLARE_FINAL_TYPE (MaPayView, ma_pay_view, MA, PAY_VIEW, AdwBin)

/* The pages read @store when the view is first shown (or asked for). */
void            ma_pay_view_set_store         (MaPayView  *self,
                                               MaStore    *store);
/* "kpi" or "schemes". The getters give the pages with their store set. */
void            ma_pay_view_set_page          (MaPayView  *self,
                                               const char *page);
MaKpiGrid      *ma_pay_view_get_kpi_grid      (MaPayView  *self);
MaSchemeEditor *ma_pay_view_get_scheme_editor (MaPayView  *self);

/* "read-only" (boolean): a read-only database; every editing action is
 * disabled. The window binds it to its own. */
void     ma_pay_view_set_read_only (MaPayView *self,
                                    gboolean read_only);
gboolean ma_pay_view_get_read_only (MaPayView *self);

G_END_DECLS
