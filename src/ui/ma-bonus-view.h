/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-bonus-view.h: the monthly bonus statements for HR: one row per
 * employee, filters, totals of what is shown, closing and reopening the
 * month, each employee's statement, printing and exports. The statement is
 * computed on a worker thread with its own store connection. */
#pragma once

#include <adwaita.h>

#include "ma-bonus.h"

G_BEGIN_DECLS

#define MA_TYPE_BONUS_VIEW (ma_bonus_view_get_type ())
G_DECLARE_FINAL_TYPE (MaBonusView, ma_bonus_view, MA, BONUS_VIEW, AdwBin)

void                    ma_bonus_view_set_store      (MaBonusView *self,
                                                      MaStore     *store);
/* Selects @period ("YYYY-MM") and computes it; the months offered are the
 * two years up to the newest audit or this month. */
void                    ma_bonus_view_set_period     (MaBonusView *self,
                                                      const char  *period);
const char             *ma_bonus_view_get_period     (MaBonusView *self);
/* TRUE while a computation, a close or an export runs ("busy" property). */
gboolean                ma_bonus_view_is_busy        (MaBonusView *self);
/* The statement shown, NULL before the first one arrives. */
const MaBonusStatement *ma_bonus_view_get_statement  (MaBonusView *self);
/* Shows only @branch's rows (NULL: all branches). */
void                    ma_bonus_view_set_branch_filter (MaBonusView *self,
                                                         const char  *branch);
/* The rows shown (after the filters) and the sum of their totals in
 * @currency. */
guint                   ma_bonus_view_get_n_shown    (MaBonusView *self);
gint64                  ma_bonus_view_get_shown_total (MaBonusView *self,
                                                       const char  *currency);
const char             *ma_bonus_view_get_totals_text (MaBonusView *self);
/* The window of the last statement opened, for tests. */
GtkWindow              *ma_bonus_view_get_statement_window (MaBonusView *self);

G_END_DECLS
