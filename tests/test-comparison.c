/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "ma-comparison.h"
#include "ma-export-csv.h"
#include "ma-test-audits.h"

typedef struct {
  MaTestStore data;
} Fixture;

/* SPB-01: October, greeted in 30 s (score 1) and not greeted in 30 s
 * (1/3); September, greeted in 30 s. MSK-01: October, greeted but answered
 * in 300 s (critical: 0). A submitted and a voided audit that never count. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  ma_test_store_open (&f->data);
  ma_test_store_add_basics (&f->data);
  ma_test_store_add_audit (&f->data, 1, "2026-10-20T10:00:00+03:00", "SPB-01", MA_AUDIT_APPROVED, TRUE, 30);
  ma_test_store_add_audit (&f->data, 2, "2026-10-05T10:00:00+03:00", "SPB-01", MA_AUDIT_APPROVED, FALSE, 30);
  ma_test_store_add_audit (&f->data, 3, "2026-09-15T10:00:00+03:00", "SPB-01", MA_AUDIT_APPROVED, TRUE, 30);
  ma_test_store_add_audit (&f->data, 4, "2026-10-12T10:00:00+03:00", "MSK-01", MA_AUDIT_APPROVED, TRUE, 300);
  ma_test_store_add_audit (&f->data, 5, "2026-10-13T10:00:00+03:00", "MSK-01", MA_AUDIT_SUBMITTED, FALSE, 300);
  ma_test_store_add_audit (&f->data, 6, "2026-10-14T10:00:00+03:00", "SPB-01", MA_AUDIT_APPROVED, FALSE, 300);
  g_assert_true (ma_store_set_audit_status (f->data.store, "00000000-0000-4000-8000-000000000006",
                                            MA_AUDIT_VOIDED, "test", "duplicate visit", &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  ma_test_store_close (&f->data);
}

/* The row of @question in @group; a missing one fails the test here, so
 * the callers read its fields without a check of their own. */
static const MaQuestionFailureRow *
find_failure (GPtrArray  *rows,
              const char *group,
              const char *question)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const MaQuestionFailureRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row->group, group) == 0 && g_strcmp0 (row->question, question) == 0)
        return row;
    }
  g_error ("no failures of question %s in group “%s”", question, group);
}

static void
test_store_question_failures (Fixture       *f,
                              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const MaQuestionFailureRow *row;

  rows = ma_store_aggregate_question_failures (f->data.store, MA_GROUP_BRANCH, "2026-10", "2026-10", &error);
  g_assert_no_error (error);
  /* Two questions in two branches; the submitted and voided audits and
   * September are left out. */
  g_assert_cmpuint (rows->len, ==, 4);
  row = find_failure (rows, "SPB-01", "q1");
  g_assert_cmpstr (row->template_key, ==, "visit");
  g_assert_cmpint (row->failed, ==, 1);
  g_assert_cmpint (row->n, ==, 2);
  row = find_failure (rows, "SPB-01", "q2");
  g_assert_cmpint (row->failed, ==, 0);
  g_assert_cmpint (row->n, ==, 2);
  row = find_failure (rows, "MSK-01", "q2");
  g_assert_cmpint (row->failed, ==, 1);
  g_assert_cmpint (row->n, ==, 1);
  /* The critical failure zeroed the audit, but q1's own answer passed. */
  row = find_failure (rows, "MSK-01", "q1");
  g_assert_cmpint (row->failed, ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);

  rows = ma_store_aggregate_question_failures (f->data.store, MA_GROUP_CHAIN, "2026-09", "2026-10", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  row = find_failure (rows, "", "q1");
  g_assert_cmpint (row->failed, ==, 1);
  g_assert_cmpint (row->n, ==, 4);
  g_clear_pointer (&rows, g_ptr_array_unref);

  rows = ma_store_aggregate_question_failures (f->data.store, MA_GROUP_REGION, "2027-01", "2027-12", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 0);
}

static void
test_store_monthly_scores (Fixture       *f,
                           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const MaPeriodScoreRow *row;

  rows = ma_store_aggregate_monthly_scores (f->data.store, MA_GROUP_BRANCH, "2026-01", "2026-12", &error);
  g_assert_no_error (error);
  /* By group then period: MSK-01 October, SPB-01 September and October. */
  g_assert_cmpuint (rows->len, ==, 3);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (row->group, ==, "MSK-01");
  g_assert_cmpstr (row->period, ==, "2026-10");
  g_assert_cmpfloat_with_epsilon (row->mean, 0.0, 1e-12);
  row = g_ptr_array_index (rows, 1);
  g_assert_cmpstr (row->group, ==, "SPB-01");
  g_assert_cmpstr (row->period, ==, "2026-09");
  g_assert_cmpfloat_with_epsilon (row->mean, 1.0, 1e-12);
  g_assert_cmpint (row->n, ==, 1);
  row = g_ptr_array_index (rows, 2);
  g_assert_cmpstr (row->period, ==, "2026-10");
  g_assert_cmpfloat_with_epsilon (row->mean, (1.0 + 1.0 / 3) / 2, 1e-12);
  g_assert_cmpint (row->n, ==, 2);
}

static void
test_compute (Fixture       *f,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaComparison) cmp = NULL;
  const MaTrendSeries *series;
  const MaFailedQuestion *failed;
  GPtrArray *list;

  cmp = ma_comparison_compute (f->data.store, MA_GROUP_BRANCH, "2026-10", "2026-10", 10, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cmp);

  /* The ranking is the rollup's: SPB-01 first. */
  g_assert_cmpuint (cmp->rollup->rows->len, ==, 2);
  g_assert_cmpstr (((MaRollupRow *) cmp->rollup->rows->pdata[0])->key, ==, "SPB-01");
  g_assert_cmpuint (cmp->section_titles->len, ==, cmp->rollup->section_keys->len);
  g_assert_cmpstr (g_ptr_array_index (cmp->section_titles, 0), ==, "Greeting");

  /* A single month gets six months of trend, May to October. */
  g_assert_cmpuint (cmp->months->len, ==, MA_COMPARISON_TREND_MONTHS);
  g_assert_cmpstr (g_ptr_array_index (cmp->months, 0), ==, "2026-05");
  g_assert_cmpstr (g_ptr_array_index (cmp->months, 5), ==, "2026-10");
  series = ma_comparison_find_trend (cmp, "SPB-01");
  g_assert_nonnull (series);
  g_assert_true (isnan (series->scores[0]));
  g_assert_cmpfloat_with_epsilon (series->scores[4], 1.0, 1e-12);
  g_assert_cmpint (series->n[5], ==, 2);
  /* The chain: every approved October audit, 1, 1/3 and 0. */
  series = ma_comparison_find_trend (cmp, NULL);
  g_assert_true (series == cmp->chain_trend);
  g_assert_cmpfloat_with_epsilon (series->scores[5], (1.0 + 1.0 / 3) / 3, 1e-12);
  g_assert_cmpint (series->n[5], ==, 3);

  /* Overall: q1 and q2 each failed once in three audits; equal counts and
   * rates go by key. Questions that never failed are not listed. */
  g_assert_cmpuint (cmp->failed_overall->len, ==, 2);
  failed = g_ptr_array_index (cmp->failed_overall, 0);
  g_assert_cmpstr (failed->question, ==, "q1");
  g_assert_cmpstr (failed->text, ==, "Greeted within a minute");
  g_assert_cmpstr (failed->template_name, ==, "Store visit");
  g_assert_cmpint (failed->failed, ==, 1);
  g_assert_cmpint (failed->n, ==, 3);
  list = ma_comparison_get_failed (cmp, "MSK-01");
  g_assert_cmpuint (list->len, ==, 1);
  failed = g_ptr_array_index (list, 0);
  g_assert_cmpstr (failed->question, ==, "q2");
  g_assert_cmpfloat (failed->rate, ==, 1.0);
  g_assert_cmpuint (ma_comparison_get_failed (cmp, "NOPE")->len, ==, 0);
  g_clear_pointer (&cmp, ma_comparison_free);

  /* top_n cuts the lists. */
  cmp = ma_comparison_compute (f->data.store, MA_GROUP_REGION, "2026-09", "2026-10", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cmp->failed_overall->len, ==, 1);
  g_assert_cmpuint (ma_comparison_get_failed (cmp, "NW")->len, ==, 1);
  /* A range longer than six months keeps all of it. */
  g_clear_pointer (&cmp, ma_comparison_free);
  cmp = ma_comparison_compute (f->data.store, MA_GROUP_REGION, "2025-10", "2026-10", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cmp->months->len, ==, 13);
}

static void
test_refused (Fixture       *f,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  MaComparison *cmp;

  /* Comparisons never rank people. */
  cmp = ma_comparison_compute (f->data.store, MA_GROUP_EMPLOYEE, "2026-10", "2026-10", 10, &error);
  g_assert_null (cmp);
  g_assert_error (error, MA_COMPARISON_ERROR, MA_COMPARISON_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "employee"));
  g_clear_error (&error);

  cmp = ma_comparison_compute (f->data.store, MA_GROUP_BRANCH, "2026-13", "2026-10", 10, &error);
  g_assert_null (cmp);
  g_assert_error (error, MA_ROLLUP_ERROR, MA_ROLLUP_ERROR_INVALID);
  g_clear_error (&error);

  cmp = ma_comparison_compute (f->data.store, MA_GROUP_BRANCH, "2026-10", "2026-09", 10, &error);
  g_assert_null (cmp);
  g_assert_error (error, MA_ROLLUP_ERROR, MA_ROLLUP_ERROR_INVALID);
}

static void
test_list_audits (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audits = NULL;

  audits = ma_comparison_list_audits (f->data.store, MA_GROUP_BRANCH, "SPB-01", "2026-10", "2026-10", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audits->len, ==, 2);

  g_clear_pointer (&audits, g_ptr_array_unref);
  audits = ma_comparison_list_audits (f->data.store, MA_GROUP_REGION, "NW", "2026-09", "2026-10", &error);
  g_assert_no_error (error);
  /* Both branches, approved only, newest first. */
  g_assert_cmpuint (audits->len, ==, 4);
  g_assert_cmpstr (((MaAuditSummary *) audits->pdata[0])->uuid, ==, "00000000-0000-4000-8000-000000000001");
  g_assert_cmpstr (((MaAuditSummary *) audits->pdata[1])->uuid, ==, "00000000-0000-4000-8000-000000000004");
  g_assert_cmpstr (((MaAuditSummary *) audits->pdata[3])->uuid, ==, "00000000-0000-4000-8000-000000000003");

  g_clear_pointer (&audits, g_ptr_array_unref);
  audits = ma_comparison_list_audits (f->data.store, MA_GROUP_EMPLOYEE, "E1001", "2026-10", "2026-10", &error);
  g_assert_null (audits);
  g_assert_error (error, MA_COMPARISON_ERROR, MA_COMPARISON_ERROR_INVALID);
}

static void
test_tables (Fixture       *f,
             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaComparison) cmp = NULL;
  g_autoptr(MaTable) failures = NULL;
  g_autoptr(MaTable) trend = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *cell = NULL;

  cmp = ma_comparison_compute (f->data.store, MA_GROUP_BRANCH, "2026-10", "2026-10", 10, &error);
  g_assert_no_error (error);

  failures = ma_comparison_failures_table (cmp);
  /* The chain's two, SPB-01's q1, MSK-01's q2. */
  g_assert_cmpuint (ma_table_get_n_rows (failures), ==, 4);
  g_assert_cmpstr (ma_table_get_text (failures, 0, 1), ==, "Whole chain");
  g_assert_cmpstr (ma_table_get_text (failures, 2, 0), ==, "SPB-01");
  g_assert_cmpstr (ma_table_get_text (failures, 2, 4), ==, "q1");
  cell = ma_table_format_plain (failures, 2, 8);
  g_assert_cmpstr (cell, ==, "50.0");

  trend = ma_comparison_trend_table (cmp);
  g_assert_cmpuint (ma_table_get_n_columns (trend), ==, 2 + MA_COMPARISON_TREND_MONTHS);
  g_assert_cmpstr (ma_table_get_column_key (trend, 7), ==, "2026-10");
  csv = ma_export_csv_to_string (trend);
  g_assert_true (g_str_has_prefix (csv, "key,name,2026-05,2026-06,2026-07,2026-08,2026-09,2026-10\r\n"
                                        ",Chain average,,,,,100.0,44.4\r\n"));
}

static void
test_standards_table (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaRollup) rollup = NULL;
  g_autoptr(MaTable) table = NULL;
  g_autoptr(GHashTable) texts = NULL;
  MaTestStore data = { 0 };
  MaTemplate *t;
  g_autoptr(GPtrArray) templates = NULL;
  g_autofree char *cell = NULL;

  ma_test_store_open (&data);
  ma_test_store_add_basics (&data);
  /* Version 2 of the template promises that 90 % of visits answer q2 in
   * time. */
  templates = ma_store_list_templates (data.store, &error);
  g_assert_no_error (error);
  t = ma_template_copy (g_ptr_array_index (templates, 0));
  t->version = 2;
  {
    const MaSection *section = NULL;
    MaQuestion *q = (MaQuestion *) ma_template_find_question (t, "q2", &section);

    q->has_standard = TRUE;
    q->standard_share = 0.9;
  }
  g_assert_true (ma_store_save_template (data.store, t, NULL, &error));
  g_assert_no_error (error);
  ma_template_free (t);

  for (guint n = 1; n <= 10; n++)
    {
      g_autoptr(MaAudit) a = ma_audit_new ();
      MaAnswer *answer;

      a->uuid = g_strdup_printf ("00000000-0000-4000-8000-%012u", n);
      a->template_key = g_strdup ("visit");
      a->template_version = 2;
      a->branch = g_strdup ("SPB-01");
      a->auditor = g_strdup ("A. Smirnova");
      a->visited_at = g_strdup_printf ("2026-10-%02uT10:00:00+03:00", n);
      a->modified = g_strdup (a->visited_at);
      a->status = MA_AUDIT_APPROVED;
      answer = ma_answer_new ("q1");
      answer->kind = MA_VALUE_BOOL;
      answer->boolean = TRUE;
      g_ptr_array_add (a->answers, answer);
      answer = ma_answer_new ("q2");
      answer->kind = MA_VALUE_NUMBER;
      answer->number = n == 10 ? 500 : 60;
      g_ptr_array_add (a->answers, answer);
      g_assert_true (ma_store_save_audit (data.store, a, "test", NULL, NULL, &error));
      g_assert_no_error (error);
    }

  rollup = ma_rollup_compute (data.store, MA_GROUP_BRANCH, "2026-10", "2026-10", 2, &error);
  g_assert_no_error (error);
  texts = ma_comparison_load_question_texts (data.store, &error);
  g_assert_no_error (error);
  table = ma_comparison_standards_table (rollup, texts);
  g_assert_cmpuint (ma_table_get_n_rows (table), ==, 1);
  g_assert_cmpstr (ma_table_get_text (table, 0, 0), ==, "SPB-01");
  g_assert_cmpstr (ma_table_get_text (table, 0, 1), ==, "Nevsky 12");
  g_assert_cmpstr (ma_table_get_text (table, 0, 3), ==, "Answered within 2 minutes");
  cell = ma_table_format_plain (table, 0, 4);
  g_assert_cmpstr (cell, ==, "90.0");
  g_assert_cmpint (ma_table_get_integer (table, 0, 5), ==, 10);
  /* 9 of 10 meets 90 % exactly. */
  g_assert_cmpstr (ma_table_get_text (table, 0, 7), ==, "met");
  g_assert_cmpstr (ma_comparison_lookup_question (texts, "visit", "nope"), ==, "nope");

  ma_test_store_close (&data);
}

static void
test_period_add_months (void)
{
  g_autofree char *a = ma_period_add_months ("2026-10", -9);
  g_autofree char *b = ma_period_add_months ("2026-10", 3);
  g_autofree char *c = ma_period_add_months ("2026-01", -1);

  g_assert_cmpstr (a, ==, "2026-01");
  g_assert_cmpstr (b, ==, "2027-01");
  g_assert_cmpstr (c, ==, "2025-12");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/comparison/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("store/question-failures", test_store_question_failures);
  ADD ("store/monthly-scores", test_store_monthly_scores);
  ADD ("compute", test_compute);
  ADD ("refused", test_refused);
  ADD ("list-audits", test_list_audits);
  ADD ("tables", test_tables);
#undef ADD
  g_test_add_func ("/comparison/standards-table", test_standards_table);
  g_test_add_func ("/comparison/period-add-months", test_period_add_months);

  return g_test_run ();
}
