/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ma-comparison.h"

G_DEFINE_QUARK (ma-comparison-error-quark, ma_comparison_error)

static void
failed_question_free (MaFailedQuestion *self)
{
  if (self == NULL)
    return;
  g_free (self->group);
  g_free (self->template_key);
  g_free (self->template_name);
  g_free (self->question);
  g_free (self->text);
  g_free (self);
}

static void
trend_series_free (MaTrendSeries *self)
{
  if (self == NULL)
    return;
  g_free (self->key);
  g_free (self->name);
  g_free (self->scores);
  g_free (self->n);
  g_free (self);
}

void
ma_comparison_free (MaComparison *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->rollup, ma_rollup_free);
  g_clear_pointer (&self->section_titles, g_ptr_array_unref);
  g_clear_pointer (&self->months, g_ptr_array_unref);
  g_clear_pointer (&self->trend, g_ptr_array_unref);
  g_clear_pointer (&self->chain_trend, trend_series_free);
  g_clear_pointer (&self->failed_overall, g_ptr_array_unref);
  g_clear_pointer (&self->failed_by_group, g_hash_table_unref);
  g_clear_pointer (&self->question_texts, g_hash_table_unref);
  g_clear_pointer (&self->training_marks, g_ptr_array_unref);
  g_free (self);
}

/* ---- periods ------------------------------------------------------------- */

static gboolean
parse_period (const char *period,
              int        *year,
              int        *month)
{
  if (period == NULL || strlen (period) != 7 || period[4] != '-')
    return FALSE;
  for (int i = 0; i < 7; i++)
    if (i != 4 && !g_ascii_isdigit (period[i]))
      return FALSE;
  *year = atoi (period);
  *month = atoi (period + 5);
  return *month >= 1 && *month <= 12;
}

char *
ma_period_add_months (const char *period,
                      int         months)
{
  int year, month, index;

  g_return_val_if_fail (parse_period (period, &year, &month), NULL);

  index = year * 12 + (month - 1) + months;
  if (index < 0)
    index = 0;
  return g_strdup_printf ("%04d-%02d", index / 12, index % 12 + 1);
}

/* ---- question texts ------------------------------------------------------ */

static char *
text_key (const char *template_key,
          const char *question)
{
  /* The unit separator cannot occur in keys. */
  return g_strconcat (template_key != NULL ? template_key : "", "\x1f", question, NULL);
}

GHashTable *
ma_comparison_load_question_texts (MaStore  *store,
                                   GError  **error)
{
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GHashTable) texts = NULL;

  g_return_val_if_fail (MA_IS_STORE (store), NULL);

  templates = ma_store_list_templates (store, error);
  if (templates == NULL)
    return NULL;

  texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* Listed by key, then version: a later version overwrites the wording of
   * an earlier one, and a bare question key keeps the first template's. */
  for (guint i = 0; i < templates->len; i++)
    {
      const MaTemplate *template = g_ptr_array_index (templates, i);
      g_autofree char *name_key = text_key (template->key, "");

      g_hash_table_replace (texts, g_steal_pointer (&name_key), g_strdup (template->name));
      for (guint s = 0; s < template->sections->len; s++)
        {
          const MaSection *section = g_ptr_array_index (template->sections, s);
          g_autofree char *section_key = g_strconcat ("\x1e", section->key, NULL);

          if (!g_hash_table_contains (texts, section_key))
            g_hash_table_insert (texts, g_steal_pointer (&section_key), g_strdup (section->title));
          for (guint q = 0; q < section->questions->len; q++)
            {
              const MaQuestion *question = g_ptr_array_index (section->questions, q);

              g_hash_table_replace (texts, text_key (template->key, question->key),
                                    g_strdup (question->text));
              if (!g_hash_table_contains (texts, question->key))
                g_hash_table_insert (texts, g_strdup (question->key), g_strdup (question->text));
            }
        }
    }
  return g_steal_pointer (&texts);
}

const char *
ma_comparison_lookup_question (GHashTable *texts,
                               const char *template_key,
                               const char *question)
{
  const char *text = NULL;

  if (texts != NULL && question != NULL)
    {
      if (template_key != NULL)
        {
          g_autofree char *key = text_key (template_key, question);

          text = g_hash_table_lookup (texts, key);
        }
      if (text == NULL)
        text = g_hash_table_lookup (texts, question);
    }
  return text != NULL ? text : question;
}

static const char *
lookup_template_name (GHashTable *texts,
                      const char *template_key)
{
  g_autofree char *key = text_key (template_key, "");
  const char *name = g_hash_table_lookup (texts, key);

  return name != NULL ? name : template_key;
}

static const char *
lookup_section_title (GHashTable *texts,
                      const char *section)
{
  g_autofree char *key = g_strconcat ("\x1e", section, NULL);
  const char *title = g_hash_table_lookup (texts, key);

  return title != NULL ? title : section;
}

/* ---- trend --------------------------------------------------------------- */

static MaTrendSeries *
trend_series_new (const char *key,
                  const char *name,
                  guint       n_months)
{
  MaTrendSeries *series = g_new0 (MaTrendSeries, 1);

  series->key = g_strdup (key);
  series->name = g_strdup (name);
  series->scores = g_new (double, MAX (n_months, 1));
  series->n = g_new0 (gint64, MAX (n_months, 1));
  for (guint i = 0; i < n_months; i++)
    series->scores[i] = NAN;
  return series;
}

static gboolean
fill_trend (MaStore       *store,
            MaComparison  *self,
            MaGroupBy      by,
            GError       **error)
{
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) month_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) rows = NULL;
  const char *first = g_ptr_array_index (self->months, 0);
  const char *last = g_ptr_array_index (self->months, self->months->len - 1);

  for (guint i = 0; i < self->months->len; i++)
    g_hash_table_insert (month_index, g_ptr_array_index (self->months, i), GUINT_TO_POINTER (i + 1));

  self->trend = g_ptr_array_new_with_free_func ((GDestroyNotify) trend_series_free);
  for (guint i = 0; i < self->rollup->rows->len; i++)
    {
      const MaRollupRow *row = g_ptr_array_index (self->rollup->rows, i);
      MaTrendSeries *series = trend_series_new (row->key, row->name, self->months->len);

      g_ptr_array_add (self->trend, series);
      g_hash_table_insert (by_key, series->key, series);
    }
  self->chain_trend = trend_series_new ("", _("Chain average"), self->months->len);

  rows = ma_store_aggregate_monthly_scores (store, by, first, last, error);
  if (rows == NULL)
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      const MaPeriodScoreRow *row = g_ptr_array_index (rows, i);
      guint month = GPOINTER_TO_UINT (g_hash_table_lookup (month_index, row->period));
      MaTrendSeries *series = g_hash_table_lookup (by_key, row->group);
      MaTrendSeries *chain = self->chain_trend;

      if (month == 0)
        continue;
      if (series != NULL)
        {
          series->scores[month - 1] = row->mean;
          series->n[month - 1] = row->n;
        }
      /* Every approved audit belongs to exactly one branch and one region:
       * the chain's mean is the groups' means weighted by their n, without
       * a second pass over the audits. */
      if (chain->n[month - 1] == 0)
        chain->scores[month - 1] = 0;
      chain->scores[month - 1] += row->mean * (double) row->n;
      chain->n[month - 1] += row->n;
    }
  for (guint m = 0; m < self->months->len; m++)
    if (self->chain_trend->n[m] > 0)
      self->chain_trend->scores[m] /= (double) self->chain_trend->n[m];
  return TRUE;
}

/* ---- failures ------------------------------------------------------------ */

/* A question's failures in one group, or in the chain, before the most
 * failed are chosen: borrowed from the store's rows. */
typedef struct {
  const char *template_key;
  const char *question;
  gint64      failed;
  gint64      n;
} Tally;

static double
tally_rate (const Tally *tally)
{
  return tally->n > 0 ? (double) tally->failed / (double) tally->n : 0;
}

static int
compare_tallies (gconstpointer a,
                 gconstpointer b)
{
  const Tally *ta = a;
  const Tally *tb = b;
  double rate_a = tally_rate (ta);
  double rate_b = tally_rate (tb);
  int cmp;

  /* Most failures first; among equals the higher rate (fewer chances to
   * fail), then a stable order by template and question. */
  if (ta->failed != tb->failed)
    return ta->failed > tb->failed ? -1 : 1;
  if (fabs (rate_a - rate_b) > 1e-12)
    return rate_a > rate_b ? -1 : 1;
  cmp = g_strcmp0 (ta->template_key, tb->template_key);
  return cmp != 0 ? cmp : g_strcmp0 (ta->question, tb->question);
}

/* The @top_n most failed of @tallies (sorted in place) as MaFailedQuestion:
 * a question that never failed is not a "most failed" one. */
static GPtrArray *
pick_most_failed (GArray     *tallies,
                  const char *group,
                  guint       top_n,
                  GHashTable *texts)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) failed_question_free);

  g_array_sort (tallies, compare_tallies);
  for (guint i = 0; i < tallies->len && list->len < top_n; i++)
    {
      const Tally *tally = &g_array_index (tallies, Tally, i);
      MaFailedQuestion *failed;

      if (tally->failed == 0)
        break;
      failed = g_new0 (MaFailedQuestion, 1);
      failed->group = g_strdup (group);
      failed->template_key = g_strdup (tally->template_key);
      failed->template_name = g_strdup (lookup_template_name (texts, tally->template_key));
      failed->question = g_strdup (tally->question);
      failed->text = g_strdup (ma_comparison_lookup_question (texts, tally->template_key, tally->question));
      failed->failed = tally->failed;
      failed->n = tally->n;
      failed->rate = tally_rate (tally);
      g_ptr_array_add (list, failed);
    }
  return list;
}

/* Only the most failed of each group become MaFailedQuestion: at 500
 * branches a year has 71 000 question rows, of which 5 000 are shown. */
static gboolean
fill_failures (MaStore       *store,
               MaComparison  *self,
               MaGroupBy      by,
               guint          top_n,
               GError       **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) overall_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) overall = g_array_new (FALSE, FALSE, sizeof (Tally));
  g_autoptr(GArray) tallies = g_array_new (FALSE, FALSE, sizeof (Tally));

  rows = ma_store_aggregate_question_failures (store, by, self->rollup->period_from,
                                               self->rollup->period_to, error);
  if (rows == NULL)
    return FALSE;

  self->failed_by_group = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) g_ptr_array_unref);
  /* The rows come ordered by group: one run of rows per group. */
  for (guint i = 0; i < rows->len;)
    {
      const MaQuestionFailureRow *first = g_ptr_array_index (rows, i);
      const char *group = first->group != NULL ? first->group : "";

      g_array_set_size (tallies, 0);
      for (; i < rows->len; i++)
        {
          const MaQuestionFailureRow *row = g_ptr_array_index (rows, i);
          Tally tally = { row->template_key, row->question, row->failed, row->n };
          g_autofree char *key = NULL;
          gpointer position;

          if (g_strcmp0 (row->group, first->group) != 0)
            break;
          g_array_append_val (tallies, tally);

          /* Every approved audit belongs to exactly one branch and one
           * region, so the chain's counts are the sums over the groups. */
          key = text_key (row->template_key, row->question);
          if (g_hash_table_lookup_extended (overall_index, key, NULL, &position))
            {
              Tally *sum = &g_array_index (overall, Tally, GPOINTER_TO_UINT (position));

              sum->failed += row->failed;
              sum->n += row->n;
            }
          else
            {
              g_hash_table_insert (overall_index, g_steal_pointer (&key), GUINT_TO_POINTER (overall->len));
              g_array_append_val (overall, tally);
            }
        }
      g_hash_table_insert (self->failed_by_group, g_strdup (group),
                           pick_most_failed (tallies, group, top_n, self->question_texts));
    }
  self->failed_overall = pick_most_failed (overall, "", top_n, self->question_texts);
  return TRUE;
}

/* ---- the comparison ------------------------------------------------------ */

MaComparison *
ma_comparison_compute (MaStore     *store,
                       MaGroupBy    by,
                       const char  *period_from,
                       const char  *period_to,
                       guint        top_n,
                       GError     **error)
{
  g_autoptr(MaComparison) self = NULL;
  g_autofree char *trend_from = NULL;

  g_return_val_if_fail (MA_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (by != MA_GROUP_BRANCH && by != MA_GROUP_REGION)
    {
      /* Comparisons are for branches and regions, never for people. */
      g_set_error (error, MA_COMPARISON_ERROR, MA_COMPARISON_ERROR_INVALID,
                   _("A comparison groups by branch or by region, not by %s"),
                   ma_group_by_to_string (by));
      return NULL;
    }

  self = g_new0 (MaComparison, 1);
  self->rollup = ma_rollup_compute (store, by, period_from, period_to, MA_COMPARISON_MIN_AUDITS, error);
  if (self->rollup == NULL)
    return NULL;

  self->question_texts = ma_comparison_load_question_texts (store, error);
  if (self->question_texts == NULL)
    return NULL;

  self->section_titles = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->rollup->section_keys->len; i++)
    g_ptr_array_add (self->section_titles,
                     g_strdup (lookup_section_title (self->question_texts,
                                                     g_ptr_array_index (self->rollup->section_keys, i))));

  /* A range has its own months; one month alone would be a single dot. */
  trend_from = strcmp (period_from, period_to) == 0
               ? ma_period_add_months (period_to, -(MA_COMPARISON_TREND_MONTHS - 1))
               : g_strdup (period_from);
  self->months = g_ptr_array_new_with_free_func (g_free);
  for (g_autofree char *month_text = g_strdup (trend_from);
       strcmp (month_text, period_to) <= 0;)
    {
      char *next = ma_period_add_months (month_text, 1);

      g_ptr_array_add (self->months, g_steal_pointer (&month_text));
      month_text = next;
    }

  if (!fill_trend (store, self, by, error) || !fill_failures (store, self, by, top_n, error))
    return NULL;

  {
    /* Days compare as text: "-31" closes any month. */
    g_autofree char *day_from = g_strconcat (trend_from, "-01", NULL);
    g_autofree char *day_to = g_strconcat (period_to, "-31", NULL);

    self->training_marks = ma_store_list_training_marks (store, NULL, NULL, day_from, day_to, error);
    if (self->training_marks == NULL)
      return NULL;
  }

  return g_steal_pointer (&self);
}

const char *
ma_comparison_mark_group (const MaComparison   *self,
                          const MaTrainingMark *mark)
{
  g_return_val_if_fail (self != NULL && mark != NULL, NULL);

  return self->rollup->by == MA_GROUP_REGION ? mark->home_region : mark->home_branch;
}

GPtrArray *
ma_comparison_get_failed (const MaComparison *self,
                          const char         *group)
{
  static GPtrArray *empty = NULL;
  GPtrArray *list;

  g_return_val_if_fail (self != NULL, NULL);

  if (group == NULL || *group == '\0')
    return self->failed_overall;
  list = g_hash_table_lookup (self->failed_by_group, group);
  if (list != NULL)
    return list;
  if (g_once_init_enter (&empty))
    g_once_init_leave (&empty, g_ptr_array_new ());
  return empty;
}

const MaTrendSeries *
ma_comparison_find_trend (const MaComparison *self,
                          const char         *key)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (key == NULL || *key == '\0')
    return self->chain_trend;
  for (guint i = 0; i < self->trend->len; i++)
    {
      const MaTrendSeries *series = g_ptr_array_index (self->trend, i);

      if (g_strcmp0 (series->key, key) == 0)
        return series;
    }
  return NULL;
}

/* ---- drill-down ---------------------------------------------------------- */

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const MaAuditSummary *sa = *(const MaAuditSummary * const *) a;
  const MaAuditSummary *sb = *(const MaAuditSummary * const *) b;
  int cmp = g_strcmp0 (sb->visited_at, sa->visited_at);

  return cmp != 0 ? cmp : g_strcmp0 (sa->uuid, sb->uuid);
}

GPtrArray *
ma_comparison_list_audits (MaStore     *store,
                           MaGroupBy    by,
                           const char  *key,
                           const char  *period_from,
                           const char  *period_to,
                           GError     **error)
{
  MaAuditFilter filter = { 0 };
  g_autoptr(GPtrArray) branches = NULL;
  g_autoptr(GPtrArray) result = NULL;

  g_return_val_if_fail (MA_IS_STORE (store), NULL);

  filter.status_mask = 1u << MA_AUDIT_APPROVED;
  filter.period_from = period_from;
  filter.period_to = period_to;

  switch (by)
    {
    case MA_GROUP_BRANCH:
      filter.branch = key;
      return ma_store_list_audits (store, &filter, error);
    case MA_GROUP_CHAIN:
      return ma_store_list_audits (store, &filter, error);
    case MA_GROUP_REGION:
      break;
    case MA_GROUP_EMPLOYEE:
    default:
      g_set_error (error, MA_COMPARISON_ERROR, MA_COMPARISON_ERROR_INVALID,
                   _("A comparison groups by branch or by region, not by %s"),
                   ma_group_by_to_string (by));
      return NULL;
    }

  branches = ma_store_list_branches (store, error);
  if (branches == NULL)
    return NULL;
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_audit_summary_free);
  for (guint i = 0; i < branches->len; i++)
    {
      const MaBranch *branch = g_ptr_array_index (branches, i);
      g_autoptr(GPtrArray) audits = NULL;

      if (g_strcmp0 (branch->region, key) != 0)
        continue;
      filter.branch = branch->code;
      audits = ma_store_list_audits (store, &filter, error);
      if (audits == NULL)
        return NULL;
      g_ptr_array_extend_and_steal (result, g_steal_pointer (&audits));
    }
  g_ptr_array_sort (result, compare_newest_first);
  return g_steal_pointer (&result);
}

/* ---- tables -------------------------------------------------------------- */

static const char *
group_name (const MaRollup *rollup,
            const char     *key)
{
  const MaRollupRow *row;

  if (key == NULL || *key == '\0')
    return _("Whole chain");
  row = ma_rollup_find_row (rollup, key);
  return row != NULL ? row->name : key;
}

static void
append_failures (MaTable            *table,
                 const MaComparison *self,
                 GPtrArray          *list,
                 guint               first_col)
{
  for (guint i = 0; i < list->len; i++)
    {
      const MaFailedQuestion *failed = g_ptr_array_index (list, i);
      guint r = ma_table_append_row (table);
      guint c = first_col;

      ma_table_set_text (table, r, c++, failed->group);
      ma_table_set_text (table, r, c++, group_name (self->rollup, failed->group));
      ma_table_set_integer (table, r, c++, i + 1);
      ma_table_set_text (table, r, c++, failed->template_key);
      ma_table_set_text (table, r, c++, failed->question);
      ma_table_set_text (table, r, c++, failed->text);
      ma_table_set_integer (table, r, c++, failed->failed);
      ma_table_set_integer (table, r, c++, failed->n);
      ma_table_set_percent (table, r, c++, failed->rate);
    }
}

MaTable *
ma_comparison_failures_table (const MaComparison *self)
{
  g_autoptr(MaTable) table = ma_table_new ();

  g_return_val_if_fail (self != NULL, NULL);

  ma_table_add_column (table, "group", _("Code"), MA_CELL_TEXT);
  ma_table_add_column (table, "name", _("Name"), MA_CELL_TEXT);
  ma_table_add_column (table, "rank", _("Rank"), MA_CELL_INTEGER);
  ma_table_add_column (table, "template", _("Template"), MA_CELL_TEXT);
  ma_table_add_column (table, "question", _("Question"), MA_CELL_TEXT);
  ma_table_add_column (table, "text", _("Standard"), MA_CELL_TEXT);
  ma_table_add_column (table, "failed", _("Failed"), MA_CELL_INTEGER);
  ma_table_add_column (table, "n", _("Audits"), MA_CELL_INTEGER);
  ma_table_add_column (table, "rate", _("Failure rate"), MA_CELL_PERCENT);

  append_failures (table, self, self->failed_overall, 0);
  for (guint i = 0; i < self->rollup->rows->len; i++)
    {
      const MaRollupRow *row = g_ptr_array_index (self->rollup->rows, i);

      append_failures (table, self, ma_comparison_get_failed (self, row->key), 0);
    }
  return g_steal_pointer (&table);
}

MaTable *
ma_comparison_standards_table (const MaRollup *rollup,
                               GHashTable     *texts)
{
  g_autoptr(MaTable) table = ma_table_new ();
  guint c_group, c_name, c_question, c_text, c_rate, c_n, c_share, c_met;

  g_return_val_if_fail (rollup != NULL, NULL);

  c_group = ma_table_add_column (table, "group", _("Code"), MA_CELL_TEXT);
  c_name = ma_table_add_column (table, "name", _("Name"), MA_CELL_TEXT);
  c_question = ma_table_add_column (table, "question", _("Question"), MA_CELL_TEXT);
  c_text = ma_table_add_column (table, "text", _("Standard"), MA_CELL_TEXT);
  c_rate = ma_table_add_column (table, "pass_rate", _("Pass rate"), MA_CELL_PERCENT);
  c_n = ma_table_add_column (table, "n", _("Audits"), MA_CELL_INTEGER);
  c_share = ma_table_add_column (table, "share", _("Target"), MA_CELL_PERCENT);
  c_met = ma_table_add_column (table, "met", _("Met"), MA_CELL_TEXT);

  for (guint i = 0; i < rollup->standards->len; i++)
    {
      const MaRollupStandard *standard = g_ptr_array_index (rollup->standards, i);
      guint r = ma_table_append_row (table);

      ma_table_set_text (table, r, c_group, standard->group);
      ma_table_set_text (table, r, c_name, group_name (rollup, standard->group));
      ma_table_set_text (table, r, c_question, standard->question);
      ma_table_set_text (table, r, c_text, ma_comparison_lookup_question (texts, NULL, standard->question));
      ma_table_set_percent (table, r, c_rate, standard->pass_rate);
      ma_table_set_integer (table, r, c_n, standard->n);
      ma_table_set_percent (table, r, c_share, standard->share);
      /* TRANSLATORS: whether a service-level standard was met */
      ma_table_set_text (table, r, c_met, standard->met ? _("met") : _("not met"));
    }
  return g_steal_pointer (&table);
}

static void
append_trend_row (MaTable             *table,
                  const MaTrendSeries *series,
                  guint                n_months)
{
  guint r = ma_table_append_row (table);

  ma_table_set_text (table, r, 0, series->key);
  ma_table_set_text (table, r, 1, series->name);
  for (guint m = 0; m < n_months; m++)
    ma_table_set_percent (table, r, 2 + m, series->scores[m]);
}

MaTable *
ma_comparison_trend_table (const MaComparison *self)
{
  g_autoptr(MaTable) table = ma_table_new ();

  g_return_val_if_fail (self != NULL, NULL);

  ma_table_add_column (table, "key", _("Code"), MA_CELL_TEXT);
  ma_table_add_column (table, "name", _("Name"), MA_CELL_TEXT);
  for (guint m = 0; m < self->months->len; m++)
    {
      const char *month = g_ptr_array_index (self->months, m);

      ma_table_add_column (table, month, month, MA_CELL_PERCENT);
    }

  append_trend_row (table, self->chain_trend, self->months->len);
  for (guint i = 0; i < self->trend->len; i++)
    append_trend_row (table, g_ptr_array_index (self->trend, i), self->months->len);
  return g_steal_pointer (&table);
}
