/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-kpi-grid.h: the KPI figures of a month as a spreadsheet: a row per
 * employee whose bonus uses a KPI, an "actual" and a "plan" column per KPI
 * component. Arrows, Tab and Enter move between cells and typing replaces
 * a cell's figure, as in a spreadsheet; a figure is saved when its cell is
 * left and both figures of the pair are valid. A block copied from a
 * spreadsheet (tab-separated text) is pasted from the focused cell, all of
 * it in one transaction or, if any cell is wrong, none of it. Actions:
 * "kpi.paste", "kpi.import", "kpi.reload". */
#pragma once

#include <adwaita.h>

#include "ma-store.h"

G_BEGIN_DECLS

#define MA_TYPE_KPI_GRID (ma_kpi_grid_get_type ())
G_DECLARE_FINAL_TYPE (MaKpiGrid, ma_kpi_grid, MA, KPI_GRID, AdwBin)

void        ma_kpi_grid_set_store   (MaKpiGrid  *self,
                                     MaStore    *store);
/* Shows the month @period ("YYYY-MM"); the sheet is read on a worker
 * thread: ma_kpi_grid_is_loading() says when it is shown. */
void        ma_kpi_grid_set_period  (MaKpiGrid  *self,
                                     const char *period);
const char *ma_kpi_grid_get_period  (MaKpiGrid  *self);
gboolean    ma_kpi_grid_is_loading  (MaKpiGrid  *self);
/* The cell entry of @employee's @component actual (or plan), or NULL. */
GtkWidget  *ma_kpi_grid_get_cell    (MaKpiGrid  *self,
                                     const char *employee,
                                     const char *component,
                                     gboolean    plan);
/* Pastes tab-separated @text from the focused cell (the first cell when
 * none has the focus), as "kpi.paste" does with the clipboard. */
gboolean    ma_kpi_grid_paste_text  (MaKpiGrid  *self,
                                     const char *text);
/* The message under the grid: what was saved, or what is wrong. */
const char *ma_kpi_grid_get_message (MaKpiGrid  *self);

/* "read-only" (boolean): a read-only database; every editing action is
 * disabled. The window binds it to its own. */
void     ma_kpi_grid_set_read_only (MaKpiGrid *self,
                                    gboolean read_only);
gboolean ma_kpi_grid_get_read_only (MaKpiGrid *self);

G_END_DECLS
