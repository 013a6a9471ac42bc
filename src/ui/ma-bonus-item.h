/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-bonus-item.h: one employee's row of a bonus statement in a list
 * model, with the directory facts the bonus view filters by. The item keeps
 * the whole statement alive, so a row never outlives its data. */
#pragma once

#include <glib-object.h>

#include "ma-bonus.h"

G_BEGIN_DECLS

#define MA_TYPE_BONUS_ITEM (ma_bonus_item_get_type ())
G_DECLARE_FINAL_TYPE (MaBonusItem, ma_bonus_item, MA, BONUS_ITEM, GObject)

/* A reference-counted statement shared by its items. */
typedef struct _MaSharedStatement MaSharedStatement;

MaSharedStatement      *ma_shared_statement_new   (MaBonusStatement  *statement);  /* takes it */
MaSharedStatement      *ma_shared_statement_ref   (MaSharedStatement *self);
void                    ma_shared_statement_unref (MaSharedStatement *self);
const MaBonusStatement *ma_shared_statement_get   (MaSharedStatement *self);

MaBonusItem      *ma_bonus_item_new (MaSharedStatement *statement,
                                     guint              index,
                                     const char        *branch_name,
                                     const char        *region,
                                     const char        *position,
                                     const char        *scheme_name);

const MaBonusRow *ma_bonus_item_get_row         (MaBonusItem *self);
const char       *ma_bonus_item_get_branch_name (MaBonusItem *self);
const char       *ma_bonus_item_get_region      (MaBonusItem *self);
/* The position code (what the filter matches) and the position and
 * scheme as people read them (what the table and the filters show). */
const char       *ma_bonus_item_get_position    (MaBonusItem *self);
const char       *ma_bonus_item_get_position_label (MaBonusItem *self);
const char       *ma_bonus_item_get_scheme_name (MaBonusItem *self);
/* "not assessed (policy: zero); low confidence": the flags of the row's
 * components in words. */
const char       *ma_bonus_item_get_flags       (MaBonusItem *self);
/* The lowest achievement of the row's assessed audit components, NAN
 * without one: what HR sorts by to find whom to talk to. */
double            ma_bonus_item_get_min_achievement (MaBonusItem *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaSharedStatement, ma_shared_statement_unref)

G_END_DECLS
