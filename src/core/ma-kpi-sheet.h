/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-kpi-sheet.h: the KPI figures of a period as HR enters them: one row
 * per employee whose bonus needs a KPI figure, one column pair (actual,
 * plan) per KPI component of the schemes.
 *
 * Which employee needs which figure is what the bonus statement of the
 * period says (ma_bonus_compute_with_scheme() with the stored schemes), so
 * the sheet never disagrees with the pay it feeds. */
#pragma once

#include "ma-bonus.h"
#include "ma-store.h"

G_BEGIN_DECLS

typedef struct {
  char       *period;
  GPtrArray  *components;  /* of MaSchemeComponent (key, label): KPI components, in
                            * the order the schemes (by key) list them */
  GPtrArray  *employees;   /* of MaEmployee: the rows, by employee code */
  GHashTable *cells;       /* "employee\x1fcomponent": the cells a statement uses */
  GHashTable *figures;     /* "employee\x1fcomponent" -> MaKpi stored for the period */
} MaKpiSheet;

MaKpiSheet   *ma_kpi_sheet_load    (MaStore     *store,
                                    const char  *period,
                                    GError     **error);
void          ma_kpi_sheet_free    (MaKpiSheet  *self);
/* Whether the bonus of @employee uses a figure for @component. */
gboolean      ma_kpi_sheet_uses    (const MaKpiSheet *self,
                                    const char       *employee,
                                    const char       *component);
/* The stored figure, or NULL. */
const MaKpi  *ma_kpi_sheet_get     (const MaKpiSheet *self,
                                    const char       *employee,
                                    const char       *component);
const MaEmployee *ma_kpi_sheet_find_employee (const MaKpiSheet *self,
                                              const char       *code);

/* Checks an actual and a plan figure as the store and the bonus need them:
 * both finite, actual >= 0, plan > 0. */
gboolean      ma_kpi_check_figures (double       actual,
                                    double       plan,
                                    GError     **error);

/* Saves @kpis (of MaKpi) in one transaction: all or none. */
gboolean      ma_kpi_save_all      (MaStore     *store,
                                    GPtrArray   *kpis,
                                    GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaKpiSheet, ma_kpi_sheet_free)

G_END_DECLS
