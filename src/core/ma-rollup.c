/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ma-keys.h"
#include "ma-rollup.h"

G_DEFINE_QUARK (ma-rollup-error-quark, ma_rollup_error)

/* Means of the same audits summed in another order can differ in the last
 * bits; two groups a person sees as equal must share a rank. */
#define SCORE_TIE_EPSILON 1e-9

static void
rollup_part_free (MaRollupPart *self)
{
  if (self == NULL)
    return;
  g_free (self->key);
  g_free (self);
}

static void
rollup_row_free (MaRollupRow *self)
{
  if (self == NULL)
    return;
  g_free (self->key);
  g_free (self->name);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_pointer (&self->components, g_ptr_array_unref);
  g_free (self);
}

static void
rollup_standard_free (MaRollupStandard *self)
{
  if (self == NULL)
    return;
  g_free (self->group);
  g_free (self->question);
  g_free (self);
}

void
ma_rollup_free (MaRollup *self)
{
  if (self == NULL)
    return;
  g_free (self->period_from);
  g_free (self->period_to);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->section_keys, g_ptr_array_unref);
  g_clear_pointer (&self->component_keys, g_ptr_array_unref);
  g_clear_pointer (&self->standards, g_ptr_array_unref);
  g_free (self);
}

static const char * const group_by_names[] = {
  [MA_GROUP_EMPLOYEE] = "employee",
  [MA_GROUP_BRANCH] = "branch",
  [MA_GROUP_REGION] = "region",
  [MA_GROUP_CHAIN] = "chain",
};

const char *
ma_group_by_to_string (MaGroupBy by)
{
  g_return_val_if_fail (by <= MA_GROUP_CHAIN, NULL);
  return group_by_names[by];
}

gboolean
ma_group_by_from_string (const char *string,
                         MaGroupBy  *out)
{
  guint index;

  if (!ma_name_lookup (group_by_names, G_N_ELEMENTS (group_by_names), string, &index))
    return FALSE;
  *out = index;
  return TRUE;
}

static MaRollupRow *
row_new (const char *key,
         const char *name)
{
  MaRollupRow *row = g_new0 (MaRollupRow, 1);

  row->key = g_strdup (key);
  row->name = g_strdup (name != NULL ? name : key);
  row->score = NAN;
  row->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) rollup_part_free);
  row->components = g_ptr_array_new_with_free_func ((GDestroyNotify) rollup_part_free);
  return row;
}

static const MaRollupPart *
find_part (GPtrArray  *parts,
           const char *key)
{
  for (guint i = 0; i < parts->len; i++)
    {
      const MaRollupPart *part = g_ptr_array_index (parts, i);

      if (g_strcmp0 (part->key, key) == 0)
        return part;
    }
  return NULL;
}

const MaRollupRow *
ma_rollup_find_row (const MaRollup *self,
                    const char     *key)
{
  g_return_val_if_fail (self != NULL, NULL);
  for (guint i = 0; i < self->rows->len; i++)
    {
      const MaRollupRow *row = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (row->key, key) == 0)
        return row;
    }
  return NULL;
}

const MaRollupPart *
ma_rollup_row_find_section (const MaRollupRow *row,
                            const char        *key)
{
  g_return_val_if_fail (row != NULL, NULL);
  return find_part (row->sections, key);
}

const MaRollupPart *
ma_rollup_row_find_component (const MaRollupRow *row,
                              const char        *key)
{
  g_return_val_if_fail (row != NULL, NULL);
  return find_part (row->components, key);
}

/* The row for @key, added (named from @names) when it is not there yet:
 * the store may know groups the directory list does not, and such a row
 * must still be shown rather than its audits silently dropped. */
static MaRollupRow *
ensure_row (GPtrArray  *rows,
            GHashTable *index,
            GHashTable *names,
            const char *key)
{
  MaRollupRow *row = g_hash_table_lookup (index, key);

  if (row == NULL)
    {
      row = row_new (key, g_hash_table_lookup (names, key));
      g_ptr_array_add (rows, row);
      g_hash_table_insert (index, row->key, row);
    }
  return row;
}

static gboolean
load_names (MaStore     *store,
            MaGroupBy    by,
            GHashTable  *names,
            GPtrArray  **directory_keys,
            GError     **error)
{
  g_autoptr(GPtrArray) list = NULL;

  *directory_keys = g_ptr_array_new_with_free_func (g_free);
  switch (by)
    {
    case MA_GROUP_EMPLOYEE:
      list = ma_store_list_employees (store, error);
      if (list == NULL)
        return FALSE;
      for (guint i = 0; i < list->len; i++)
        {
          const MaEmployee *e = g_ptr_array_index (list, i);

          g_hash_table_insert (names, g_strdup (e->code), g_strdup (e->name));
        }
      /* Employees are listed only when they have audits. */
      return TRUE;

    case MA_GROUP_BRANCH:
      list = ma_store_list_branches (store, error);
      if (list == NULL)
        return FALSE;
      for (guint i = 0; i < list->len; i++)
        {
          const MaBranch *b = g_ptr_array_index (list, i);

          g_hash_table_insert (names, g_strdup (b->code), g_strdup (b->name));
          g_ptr_array_add (*directory_keys, g_strdup (b->code));
        }
      return TRUE;

    case MA_GROUP_REGION:
      list = ma_store_list_regions (store, error);
      if (list == NULL)
        return FALSE;
      for (guint i = 0; i < list->len; i++)
        {
          const MaRegion *r = g_ptr_array_index (list, i);

          g_hash_table_insert (names, g_strdup (r->code), g_strdup (r->name));
          g_ptr_array_add (*directory_keys, g_strdup (r->code));
        }
      return TRUE;

    case MA_GROUP_CHAIN:
    default:
      g_hash_table_insert (names, g_strdup (""), g_strdup (_("Whole chain")));
      g_ptr_array_add (*directory_keys, g_strdup (""));
      return TRUE;
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static int
compare_parts (gconstpointer a,
               gconstpointer b)
{
  const MaRollupPart *pa = *(const MaRollupPart * const *) a;
  const MaRollupPart *pb = *(const MaRollupPart * const *) b;

  return g_strcmp0 (pa->key, pb->key);
}

static gboolean
scores_tie (double a,
            double b)
{
  return fabs (a - b) <= SCORE_TIE_EPSILON;
}

/* Ranked rows first, best score first; ties and unranked rows by key. */
static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const MaRollupRow *ra = *(const MaRollupRow * const *) a;
  const MaRollupRow *rb = *(const MaRollupRow * const *) b;
  gboolean ranked_a = ra->n > 0 && isfinite (ra->score);
  gboolean ranked_b = rb->n > 0 && isfinite (rb->score);

  if (ranked_a != ranked_b)
    return ranked_a ? -1 : 1;
  if (ranked_a && !scores_tie (ra->score, rb->score))
    return ra->score > rb->score ? -1 : 1;
  return g_strcmp0 (ra->key, rb->key);
}

static void
add_key (GHashTable *set,
         const char *key)
{
  if (key != NULL && !g_hash_table_contains (set, key))
    g_hash_table_add (set, g_strdup (key));
}

static GPtrArray *
sorted_keys (GHashTable *set)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, g_strdup (key));
  g_ptr_array_sort (keys, compare_strings);
  return keys;
}

static gboolean
check_period (const char  *period,
              GError     **error)
{
  if (ma_period_is_valid (period))
    return TRUE;
  g_set_error (error, MA_ROLLUP_ERROR, MA_ROLLUP_ERROR_INVALID,
               _("Rollup period “%s” is not a month of the form YYYY-MM"),
               period != NULL ? period : "");
  return FALSE;
}

static gboolean
add_parts (MaStore     *store,
           MaRollup    *rollup,
           MaPartKind   kind,
           GPtrArray   *rows,
           GHashTable  *index,
           GHashTable  *names,
           GHashTable  *keys,
           GError     **error)
{
  g_autoptr(GPtrArray) aggregate = NULL;

  aggregate = ma_store_aggregate_scores (store, rollup->by, kind,
                                         rollup->period_from, rollup->period_to, error);
  if (aggregate == NULL)
    return FALSE;

  for (guint i = 0; i < aggregate->len; i++)
    {
      const MaAggregateRow *agg = g_ptr_array_index (aggregate, i);
      const char *group = agg->group != NULL ? agg->group : "";
      MaRollupRow *row = ensure_row (rows, index, names, group);
      MaRollupPart *part;

      if (kind == MA_PART_OVERALL)
        {
          row->n = MAX (agg->n, 0);
          row->score = row->n > 0 && isfinite (agg->mean) ? agg->mean : NAN;
          continue;
        }
      if (agg->part == NULL)
        continue;

      part = g_new0 (MaRollupPart, 1);
      part->key = g_strdup (agg->part);
      part->n = MAX (agg->n, 0);
      part->mean = part->n > 0 && isfinite (agg->mean) ? agg->mean : NAN;
      g_ptr_array_add (kind == MA_PART_SECTION ? row->sections : row->components, part);
      add_key (keys, part->key);
    }
  return TRUE;
}

static void
rank_rows (GPtrArray *rows,
           int        min_audits)
{
  g_ptr_array_sort (rows, compare_rows);

  for (guint i = 0; i < rows->len; i++)
    {
      MaRollupRow *row = g_ptr_array_index (rows, i);

      g_ptr_array_sort (row->sections, compare_parts);
      g_ptr_array_sort (row->components, compare_parts);
      row->low_confidence = row->n > 0 && row->n < min_audits;

      if (row->n == 0 || !isfinite (row->score))
        {
          row->rank = 0;
          continue;
        }
      /* Competition ranking: a tie shares the rank and the next row skips
       * as many places as there were tied rows ("1, 2, 2, 4"). */
      if (i > 0)
        {
          const MaRollupRow *previous = g_ptr_array_index (rows, i - 1);

          if (previous->rank > 0 && scores_tie (previous->score, row->score))
            {
              row->rank = previous->rank;
              continue;
            }
        }
      row->rank = i + 1;
    }
}

static gboolean
add_standards (MaStore     *store,
               MaRollup    *rollup,
               GError     **error)
{
  g_autoptr(GPtrArray) aggregate = NULL;

  aggregate = ma_store_aggregate_standards (store, rollup->by, rollup->period_from,
                                            rollup->period_to, error);
  if (aggregate == NULL)
    return FALSE;

  for (guint i = 0; i < aggregate->len; i++)
    {
      const MaStandardRow *agg = g_ptr_array_index (aggregate, i);
      MaRollupStandard *standard = g_new0 (MaRollupStandard, 1);

      standard->group = g_strdup (agg->group != NULL ? agg->group : "");
      standard->question = g_strdup (agg->question);
      standard->share = agg->share;
      standard->n = MAX (agg->n, 0);
      standard->pass_rate = standard->n > 0 ? (double) agg->passed / (double) standard->n : NAN;
      /* Compared in counts, not in the rounded rate: 9 of 10 meets 90 %
       * exactly. With no answered audit nothing was promised or broken. */
      standard->met = standard->n > 0
                      && (double) agg->passed >= agg->share * (double) standard->n - 1e-9;
      g_ptr_array_add (rollup->standards, standard);
    }
  return TRUE;
}

MaRollup *
ma_rollup_compute (MaStore     *store,
                   MaGroupBy    by,
                   const char  *period_from,
                   const char  *period_to,
                   int          min_audits,
                   GError     **error)
{
  g_autoptr(MaRollup) rollup = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GHashTable) index = NULL;
  g_autoptr(GHashTable) section_keys = NULL;
  g_autoptr(GHashTable) component_keys = NULL;
  g_autoptr(GPtrArray) directory_keys = NULL;

  g_return_val_if_fail (MA_IS_STORE (store), NULL);
  g_return_val_if_fail (by <= MA_GROUP_CHAIN, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_period (period_from, error) || !check_period (period_to, error))
    return NULL;
  if (strcmp (period_from, period_to) > 0)
    {
      g_set_error (error, MA_ROLLUP_ERROR, MA_ROLLUP_ERROR_INVALID,
                   _("Rollup period %s..%s ends before it starts"), period_from, period_to);
      return NULL;
    }

  rollup = g_new0 (MaRollup, 1);
  rollup->by = by;
  rollup->period_from = g_strdup (period_from);
  rollup->period_to = g_strdup (period_to);
  rollup->min_audits = min_audits;
  rollup->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) rollup_row_free);
  rollup->standards = g_ptr_array_new_with_free_func ((GDestroyNotify) rollup_standard_free);

  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  index = g_hash_table_new (g_str_hash, g_str_equal);
  section_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  component_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!load_names (store, by, names, &directory_keys, error))
    return NULL;
  for (guint i = 0; i < directory_keys->len; i++)
    ensure_row (rollup->rows, index, names, g_ptr_array_index (directory_keys, i));

  if (!add_parts (store, rollup, MA_PART_OVERALL, rollup->rows, index, names, NULL, error)
      || !add_parts (store, rollup, MA_PART_SECTION, rollup->rows, index, names, section_keys, error)
      || !add_parts (store, rollup, MA_PART_COMPONENT, rollup->rows, index, names, component_keys, error))
    return NULL;

  rank_rows (rollup->rows, min_audits);
  rollup->section_keys = sorted_keys (section_keys);
  rollup->component_keys = sorted_keys (component_keys);

  if (!add_standards (store, rollup, error))
    return NULL;

  return g_steal_pointer (&rollup);
}

static void
add_fraction_member (JsonBuilder *builder,
                     const char  *member,
                     double       value)
{
  json_builder_set_member_name (builder, member);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_parts_object (JsonBuilder *builder,
                  const char  *member,
                  GPtrArray   *keys,
                  GPtrArray   *parts)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  /* Every key of the rollup in every row, so that each row has the same
   * columns and a group that was not assessed on one shows null. */
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      const MaRollupPart *part = find_part (parts, key);

      add_fraction_member (builder, key, part != NULL && part->n > 0 ? part->mean : NAN);
    }
  json_builder_end_object (builder);
}

JsonNode *
ma_rollup_to_json (const MaRollup *self,
                   const char     *period,
                   MaGroupBy       by)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *own_period = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (by <= MA_GROUP_CHAIN, NULL);

  if (period == NULL)
    {
      if (g_strcmp0 (self->period_from, self->period_to) == 0)
        own_period = g_strdup (self->period_from);
      else
        own_period = g_strdup_printf ("%s..%s", self->period_from, self->period_to);
      period = own_period;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "period");
  json_builder_add_string_value (builder, period);
  json_builder_set_member_name (builder, "by");
  json_builder_add_string_value (builder, ma_group_by_to_string (by));
  json_builder_set_member_name (builder, "min_audits");
  json_builder_add_int_value (builder, self->min_audits);

  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->rows->len; i++)
    {
      const MaRollupRow *row = g_ptr_array_index (self->rows, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, row->key);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, row->name);
      json_builder_set_member_name (builder, "n");
      json_builder_add_int_value (builder, row->n);
      add_fraction_member (builder, "score", row->n > 0 ? row->score : NAN);
      add_parts_object (builder, "sections", self->section_keys, row->sections);
      add_parts_object (builder, "components", self->component_keys, row->components);
      json_builder_set_member_name (builder, "rank");
      if (row->rank > 0)
        json_builder_add_int_value (builder, row->rank);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "low_confidence");
      json_builder_add_boolean_value (builder, row->low_confidence);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "standards");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->standards->len; i++)
    {
      const MaRollupStandard *standard = g_ptr_array_index (self->standards, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "group");
      json_builder_add_string_value (builder, standard->group);
      json_builder_set_member_name (builder, "question");
      json_builder_add_string_value (builder, standard->question);
      add_fraction_member (builder, "pass_rate", standard->pass_rate);
      json_builder_set_member_name (builder, "n");
      json_builder_add_int_value (builder, standard->n);
      json_builder_set_member_name (builder, "share");
      json_builder_add_double_value (builder, standard->share);
      json_builder_set_member_name (builder, "met");
      json_builder_add_boolean_value (builder, standard->met);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
