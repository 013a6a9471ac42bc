/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-training-view.h: the training dates HR marks for a branch or an
 * employee, so that the trend chart shows when they were trained and the
 * effect (and its fading) can be seen. Listed, added and removed here. */
#pragma once

#include <adwaita.h>

#include "ma-store.h"

G_BEGIN_DECLS

#define MA_TYPE_TRAINING_VIEW (ma_training_view_get_type ())
G_DECLARE_FINAL_TYPE (MaTrainingView, ma_training_view, MA, TRAINING_VIEW, AdwBin)

void       ma_training_view_set_store (MaTrainingView *self,
                                       MaStore        *store);
void       ma_training_view_reload    (MaTrainingView *self);
/* The marks shown (of MaTrainingMark), by date. */
GPtrArray *ma_training_view_get_marks (MaTrainingView *self);

G_END_DECLS
