/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "ma-report.h"

/* The notes of a component, "; "-separated, into @out (emptied first). */
static void
describe_flags (const MaBonusComponent *component,
                GString                *out)
{
  const char *flags[3];
  guint n = 0;

  if (component->missing)
    {
      flags[n++] = _("not assessed");
      if (component->previous_unavailable)
        flags[n++] = _("paid in full: no previous closed period");
      else
        switch (component->missing_policy)
          {
          case MA_MISSING_ZERO:
            flags[n++] = _("policy: zero");
            break;
          case MA_MISSING_PREVIOUS:
            flags[n++] = _("policy: previous period");
            break;
          case MA_MISSING_FULL:
          default:
            flags[n++] = _("policy: full");
            break;
          }
    }
  if (component->low_confidence)
    flags[n++] = _("low confidence");

  g_string_truncate (out, 0);
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (out, "; ");
      g_string_append (out, flags[i]);
    }
}

MaTable *
ma_report_bonus_table (const MaBonusStatement *statement,
                       GPtrArray              *schemes)
{
  g_autoptr(MaTable) table = ma_table_new ();
  g_autoptr(GString) flags = g_string_new (NULL);
  guint c_employee, c_name, c_branch, c_scheme, c_component, c_share, c_achievement, c_payout,
    c_amount, c_n, c_flags;

  c_employee = ma_table_add_column (table, "employee", _("Employee"), MA_CELL_TEXT);
  /* TRANSLATORS: the column of an employee's name (a person, not a thing) */
  c_name = ma_table_add_column (table, "name", C_("person", "Name"), MA_CELL_TEXT);
  c_branch = ma_table_add_column (table, "branch", _("Branch"), MA_CELL_TEXT);
  c_scheme = ma_table_add_column (table, "scheme", _("Scheme"), MA_CELL_TEXT);
  c_component = ma_table_add_column (table, "component", _("Component"), MA_CELL_TEXT);
  c_share = ma_table_add_column (table, "share", _("Share %"), MA_CELL_NUMBER);
  c_achievement = ma_table_add_column (table, "achievement", _("Achievement"), MA_CELL_PERCENT);
  c_payout = ma_table_add_column (table, "payout", _("Payout"), MA_CELL_NUMBER);
  c_amount = ma_table_add_column (table, "amount", _("Amount"), MA_CELL_MONEY);
  c_n = ma_table_add_column (table, "n", _("Audits"), MA_CELL_INTEGER);
  c_flags = ma_table_add_column (table, "flags", _("Notes"), MA_CELL_TEXT);

  for (guint i = 0; i < statement->rows->len; i++)
    {
      const MaBonusRow *row = g_ptr_array_index (statement->rows, i);
      const char *scheme = schemes != NULL
                           ? ma_scheme_list_get_name (schemes, row->scheme, row->scheme_version)
                           : row->scheme;
      guint r;

      for (guint j = 0; j < row->components->len; j++)
        {
          const MaBonusComponent *component = g_ptr_array_index (row->components, j);

          describe_flags (component, flags);
          r = ma_table_append_row (table);
          ma_table_set_text (table, r, c_employee, row->employee);
          ma_table_set_text (table, r, c_name, row->name);
          ma_table_set_text (table, r, c_branch, row->branch);
          ma_table_set_text (table, r, c_scheme, scheme);
          ma_table_set_text (table, r, c_component,
                             schemes != NULL && component->label != NULL && *component->label != '\0'
                             ? component->label : component->key);
          ma_table_set_number (table, r, c_share, component->share);
          ma_table_set_percent (table, r, c_achievement, component->achievement);
          ma_table_set_number (table, r, c_payout, component->payout);
          ma_table_set_money (table, r, c_amount, component->amount, row->currency);
          if (component->source == MA_SOURCE_AUDIT)
            ma_table_set_integer (table, r, c_n, component->n);
          ma_table_set_text (table, r, c_flags, flags->len > 0 ? flags->str : NULL);
        }

      r = ma_table_append_row (table);
      ma_table_set_text (table, r, c_employee, row->employee);
      ma_table_set_text (table, r, c_name, row->name);
      ma_table_set_text (table, r, c_branch, row->branch);
      ma_table_set_text (table, r, c_scheme, scheme);
      /* TRANSLATORS: the row of an employee's whole bonus in a table */
      ma_table_set_text (table, r, c_component, schemes != NULL ? C_("bonus", "Total") : "total");
      ma_table_set_number (table, r, c_share, 100);
      ma_table_set_money (table, r, c_amount, row->total, row->currency);
    }

  return g_steal_pointer (&table);
}

MaTable *
ma_report_compare_table (const MaRollup *rollup,
                         gboolean        with_sections)
{
  g_autoptr(MaTable) table = ma_table_new ();
  guint c_rank, c_key, c_name, c_n, c_score, c_low, first_section, first_component;

  c_rank = ma_table_add_column (table, "rank", _("Rank"), MA_CELL_INTEGER);
  c_key = ma_table_add_column (table, "key", _("Code"), MA_CELL_TEXT);
  c_name = ma_table_add_column (table, "name", _("Name"), MA_CELL_TEXT);
  c_n = ma_table_add_column (table, "n", _("Audits"), MA_CELL_INTEGER);
  c_score = ma_table_add_column (table, "score", _("Score"), MA_CELL_PERCENT);
  c_low = ma_table_add_column (table, "low_confidence", _("Low confidence"), MA_CELL_TEXT);

  first_section = ma_table_get_n_columns (table);
  for (guint k = 0; with_sections && k < rollup->section_keys->len; k++)
    {
      const char *key = g_ptr_array_index (rollup->section_keys, k);
      g_autofree char *column = g_strconcat ("section.", key, NULL);
      ma_table_add_column (table, column, key, MA_CELL_PERCENT);
    }
  first_component = ma_table_get_n_columns (table);
  for (guint k = 0; k < rollup->component_keys->len; k++)
    {
      const char *key = g_ptr_array_index (rollup->component_keys, k);
      g_autofree char *column = g_strconcat ("component.", key, NULL);
      g_autofree char *title = g_strdup_printf (_("%s (pay)"), key);
      ma_table_add_column (table, column, title, MA_CELL_PERCENT);
    }

  for (guint i = 0; i < rollup->rows->len; i++)
    {
      const MaRollupRow *row = g_ptr_array_index (rollup->rows, i);
      guint r = ma_table_append_row (table);

      if (row->rank > 0)
        ma_table_set_integer (table, r, c_rank, row->rank);
      ma_table_set_text (table, r, c_key, row->key);
      ma_table_set_text (table, r, c_name, row->name);
      ma_table_set_integer (table, r, c_n, row->n);
      ma_table_set_percent (table, r, c_score, row->score);
      ma_table_set_text (table, r, c_low, row->low_confidence ? _("yes") : NULL);

      for (guint k = 0; with_sections && k < rollup->section_keys->len; k++)
        {
          const MaRollupPart *part =
            ma_rollup_row_find_section (row, g_ptr_array_index (rollup->section_keys, k));
          ma_table_set_percent (table, r, first_section + k, part ? part->mean : NAN);
        }
      for (guint k = 0; k < rollup->component_keys->len; k++)
        {
          const MaRollupPart *part =
            ma_rollup_row_find_component (row, g_ptr_array_index (rollup->component_keys, k));
          ma_table_set_percent (table, r, first_component + k, part ? part->mean : NAN);
        }
    }

  return g_steal_pointer (&table);
}

static void
add_fraction (JsonBuilder *builder,
              const char  *member,
              gboolean     assessed,
              double       value)
{
  json_builder_set_member_name (builder, member);
  if (assessed && !isnan (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

JsonNode *
ma_report_score_to_json (const char    *uuid,
                         const MaScore *score)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "uuid");
  json_builder_add_string_value (builder, uuid);
  add_fraction (builder, "score", score->assessed, score->score);

  json_builder_set_member_name (builder, "sections");
  json_builder_begin_array (builder);
  for (guint i = 0; i < score->sections->len; i++)
    {
      const MaScorePart *part = g_ptr_array_index (score->sections, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, part->key);
      add_fraction (builder, "score", part->assessed, part->score);
      json_builder_set_member_name (builder, "earned");
      json_builder_add_double_value (builder, part->earned);
      json_builder_set_member_name (builder, "possible");
      json_builder_add_double_value (builder, part->possible);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "components");
  json_builder_begin_array (builder);
  for (guint i = 0; i < score->components->len; i++)
    {
      const MaScorePart *part = g_ptr_array_index (score->components, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, part->key);
      add_fraction (builder, "score", part->assessed, part->score);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "critical_failure");
  if (score->critical_failure != NULL)
    json_builder_add_string_value (builder, score->critical_failure);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
