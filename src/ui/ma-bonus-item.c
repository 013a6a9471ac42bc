/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ma-bonus-item.h"
#include "ma-directory.h"

struct _MaSharedStatement
{
  MaBonusStatement *statement;
};

static void
shared_statement_clear (gpointer data)
{
  MaSharedStatement *self = data;

  g_clear_pointer (&self->statement, ma_bonus_statement_free);
}

MaSharedStatement *
ma_shared_statement_new (MaBonusStatement *statement)
{
  MaSharedStatement *self = g_atomic_rc_box_new0 (MaSharedStatement);

  self->statement = statement;
  return self;
}

MaSharedStatement *
ma_shared_statement_ref (MaSharedStatement *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
ma_shared_statement_unref (MaSharedStatement *self)
{
  g_atomic_rc_box_release_full (self, shared_statement_clear);
}

const MaBonusStatement *
ma_shared_statement_get (MaSharedStatement *self)
{
  return self->statement;
}

struct _MaBonusItem
{
  GObject            parent_instance;

  MaSharedStatement *statement;
  const MaBonusRow  *row;
  char              *branch_name;
  char              *region;
  char              *position;
  char              *scheme_name;
  char              *flags;
  double             min_achievement;
};

G_DEFINE_FINAL_TYPE (MaBonusItem, ma_bonus_item, G_TYPE_OBJECT)

static void
ma_bonus_item_finalize (GObject *object)
{
  MaBonusItem *self = MA_BONUS_ITEM (object);

  g_clear_pointer (&self->statement, ma_shared_statement_unref);
  g_free (self->branch_name);
  g_free (self->region);
  g_free (self->position);
  g_free (self->scheme_name);
  g_free (self->flags);

  G_OBJECT_CLASS (ma_bonus_item_parent_class)->finalize (object);
}

static void
ma_bonus_item_class_init (MaBonusItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ma_bonus_item_finalize;
}

static void
ma_bonus_item_init (MaBonusItem *self)
{
}

static char *
describe_flags (const MaBonusRow *row,
                double           *min_achievement)
{
  g_autoptr(GString) flags = g_string_new (NULL);
  gboolean low = FALSE;

  *min_achievement = NAN;
  for (guint i = 0; i < row->components->len; i++)
    {
      const MaBonusComponent *c = g_ptr_array_index (row->components, i);

      if (c->source == MA_SOURCE_AUDIT && c->assessed && isfinite (c->achievement))
        *min_achievement = isfinite (*min_achievement) ? MIN (*min_achievement, c->achievement)
                                                       : c->achievement;
      if (c->missing)
        {
          const char *policy;

          if (c->previous_unavailable)
            policy = _("paid in full, no closed period before");
          else if (c->missing_policy == MA_MISSING_ZERO)
            policy = _("policy: zero");
          else if (c->missing_policy == MA_MISSING_PREVIOUS)
            policy = _("policy: previous period");
          else
            policy = _("policy: full");
          if (flags->len > 0)
            g_string_append (flags, "; ");
          /* TRANSLATORS: a component without data and the policy applied */
          g_string_append_printf (flags, _("%s not assessed (%s)"),
                                  c->label != NULL ? c->label : c->key, policy);
        }
      low = low || c->low_confidence;
    }
  if (low)
    {
      if (flags->len > 0)
        g_string_append (flags, "; ");
      g_string_append (flags, _("low confidence"));
    }
  return g_string_free (g_steal_pointer (&flags), FALSE);
}

MaBonusItem *
ma_bonus_item_new (MaSharedStatement *statement,
                   guint              index,
                   const char        *branch_name,
                   const char        *region,
                   const char        *position,
                   const char        *scheme_name)
{
  MaBonusItem *self;
  const MaBonusStatement *s = ma_shared_statement_get (statement);

  g_return_val_if_fail (index < s->rows->len, NULL);

  self = g_object_new (MA_TYPE_BONUS_ITEM, NULL);
  self->statement = ma_shared_statement_ref (statement);
  self->row = g_ptr_array_index (s->rows, index);
  self->branch_name = g_strdup (branch_name != NULL ? branch_name : self->row->branch);
  self->region = g_strdup (region != NULL ? region : "");
  self->position = g_strdup (position != NULL ? position : "");
  self->scheme_name = g_strdup (scheme_name != NULL && *scheme_name != '\0' ? scheme_name : self->row->scheme);
  self->flags = describe_flags (self->row, &self->min_achievement);
  return self;
}

const MaBonusRow *
ma_bonus_item_get_row (MaBonusItem *self)
{
  g_return_val_if_fail (MA_IS_BONUS_ITEM (self), NULL);
  return self->row;
}

const char *
ma_bonus_item_get_branch_name (MaBonusItem *self)
{
  g_return_val_if_fail (MA_IS_BONUS_ITEM (self), NULL);
  return self->branch_name;
}

const char *
ma_bonus_item_get_region (MaBonusItem *self)
{
  g_return_val_if_fail (MA_IS_BONUS_ITEM (self), NULL);
  return self->region;
}

const char *
ma_bonus_item_get_position (MaBonusItem *self)
{
  g_return_val_if_fail (MA_IS_BONUS_ITEM (self), NULL);
  return self->position;
}

const char *
ma_bonus_item_get_position_label (MaBonusItem *self)
{
  g_return_val_if_fail (MA_IS_BONUS_ITEM (self), NULL);
  return ma_employee_position_label (self->position);
}

const char *
ma_bonus_item_get_scheme_name (MaBonusItem *self)
{
  g_return_val_if_fail (MA_IS_BONUS_ITEM (self), NULL);
  return self->scheme_name;
}

const char *
ma_bonus_item_get_flags (MaBonusItem *self)
{
  g_return_val_if_fail (MA_IS_BONUS_ITEM (self), NULL);
  return self->flags;
}

double
ma_bonus_item_get_min_achievement (MaBonusItem *self)
{
  g_return_val_if_fail (MA_IS_BONUS_ITEM (self), NAN);
  return self->min_achievement;
}
