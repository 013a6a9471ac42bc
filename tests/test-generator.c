/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "ma-bonus.h"
#include "ma-generator.h"
#include "ma-rollup.h"
#include "store-fixture.h"

#define BRANCHES 3
#define EMPLOYEES 4
#define MONTHS 2

static void
generate (MaStore *store,
          guint32  seed)
{
  g_autoptr(GError) error = NULL;
  MaGeneratorOptions options = { BRANCHES, EMPLOYEES, MONTHS, seed, NULL, 7 };

  /* A batch of 7 audits makes the run cross several transactions. */
  g_assert_true (ma_generator_run (store, &options, &error));
  g_assert_no_error (error);
}

static MaStore *
open_second (const char *dir,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  MaStore *store = ma_sqlite_store_open (path, MA_SQLITE_STORE_FLAGS_NONE, &error);

  g_assert_no_error (error);
  return store;
}

static GPtrArray *
all_audits (MaStore *store)
{
  g_autoptr(GError) error = NULL;
  MaAuditFilter filter = { 0 };
  GPtrArray *audits = ma_store_list_audits (store, &filter, &error);

  g_assert_no_error (error);
  g_assert_nonnull (audits);
  return audits;
}

static gboolean
same_score (double a,
            double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

static void
test_deterministic (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(MaStore) second = open_second (f->dir, "second.db");
  g_autoptr(MaStore) other_seed = open_second (f->dir, "other.db");
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  g_autoptr(GPtrArray) c = NULL;
  g_autoptr(GError) error = NULL;
  guint differ = 0;

  generate (f->store, 42);
  generate (second, 42);
  generate (other_seed, 43);

  a = all_audits (f->store);
  b = all_audits (second);
  c = all_audits (other_seed);
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      const MaAuditSummary *x = g_ptr_array_index (a, i);
      const MaAuditSummary *y = g_ptr_array_index (b, i);
      g_autoptr(MaAudit) ax = ma_store_get_audit (f->store, x->uuid, &error);
      g_autoptr(MaAudit) ay = ma_store_get_audit (second, y->uuid, &error);
      g_autofree char *cx = NULL;
      g_autofree char *cy = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (x->uuid, ==, y->uuid);
      g_assert_cmpstr (x->visited_at, ==, y->visited_at);
      g_assert_cmpstr (x->employee, ==, y->employee);
      g_assert_cmpint (x->status, ==, y->status);
      g_assert_true (same_score (x->score, y->score));
      /* Every answer and comment, not only the summary. */
      cx = ma_audit_to_canonical (ax);
      cy = ma_audit_to_canonical (ay);
      g_assert_cmpstr (cx, ==, cy);
    }

  /* Another seed is another chain. */
  for (guint i = 0; i < MIN (a->len, c->len); i++)
    differ += g_strcmp0 (((MaAuditSummary *) a->pdata[i])->uuid,
                         ((MaAuditSummary *) c->pdata[i])->uuid) != 0;
  g_assert_cmpuint (differ, >, 0);
}

static void
test_counts (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) regions = NULL;
  g_autoptr(GPtrArray) branches = NULL;
  g_autoptr(GPtrArray) employees = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GPtrArray) schemes = NULL;
  g_autoptr(GPtrArray) kpis = NULL;
  g_autoptr(GPtrArray) audits = NULL;
  guint types[MA_QUESTION_TEXT + 1] = { 0 };
  guint critical = 0, na_allowed = 0, comments = 0, failed_without_comment = 0;
  guint approved = 0;

  generate (f->store, 1);

  regions = ma_store_list_regions (f->store, &error);
  branches = ma_store_list_branches (f->store, &error);
  employees = ma_store_list_employees (f->store, &error);
  templates = ma_store_list_templates (f->store, &error);
  schemes = ma_store_list_schemes (f->store, &error);
  kpis = ma_store_list_kpis (f->store, NULL, &error);
  g_assert_no_error (error);
  audits = all_audits (f->store);

  g_assert_cmpuint (regions->len, ==, 1);   /* one region per 25 branches */
  g_assert_cmpuint (branches->len, ==, BRANCHES);
  g_assert_cmpuint (employees->len, ==, BRANCHES * EMPLOYEES);
  g_assert_cmpuint (templates->len, ==, 3);
  g_assert_cmpuint (schemes->len, ==, 2);
  g_assert_cmpuint (kpis->len, ==, BRANCHES * EMPLOYEES * MONTHS);
  g_assert_cmpuint (audits->len, ==, BRANCHES * EMPLOYEES * MONTHS * 2);

  /* Templates of 30 to 60 questions with every type, N/A and critical
   * questions, each section paying into a scheme component or none. */
  for (guint i = 0; i < templates->len; i++)
    {
      const MaTemplate *t = g_ptr_array_index (templates, i);
      guint count = ma_template_count_questions (t);

      g_assert_cmpuint (count, >=, 30);
      g_assert_cmpuint (count, <=, 60);
      g_assert_true (ma_template_validate (t, NULL));
      for (guint s = 0; s < t->sections->len; s++)
        {
          const MaSection *section = g_ptr_array_index (t->sections, s);

          for (guint q = 0; q < section->questions->len; q++)
            {
              const MaQuestion *question = g_ptr_array_index (section->questions, q);

              types[question->type]++;
              critical += question->critical != MA_CRITICAL_NONE;
              na_allowed += question->allow_na;
            }
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    g_assert_cmpuint (types[i], >, 0);
  g_assert_cmpuint (critical, >=, 3);
  g_assert_cmpuint (na_allowed, >, 0);

  /* Failing answers of critical questions always carry a comment. */
  for (guint i = 0; i < audits->len; i++)
    {
      const MaAuditSummary *summary = g_ptr_array_index (audits, i);
      g_autoptr(MaAudit) audit = ma_store_get_audit (f->store, summary->uuid, &error);
      g_autoptr(MaTemplate) t = NULL;
      g_autoptr(MaScore) score = NULL;

      g_assert_no_error (error);
      approved += summary->status == MA_AUDIT_APPROVED;
      t = ma_store_get_template (f->store, audit->template_key, audit->template_version, &error);
      g_assert_no_error (error);
      score = ma_score_audit (t, audit);
      for (guint j = 0; j < audit->answers->len; j++)
        {
          const MaAnswer *answer = g_ptr_array_index (audit->answers, j);
          const MaQuestionScore *qs = ma_score_find_question (score, answer->question);
          const MaQuestion *question = ma_template_find_question (t, answer->question, NULL);

          comments += answer->comment != NULL;
          if (qs != NULL && qs->scored && qs->fraction < 1.0 &&
              question->critical != MA_CRITICAL_NONE && answer->comment == NULL)
            failed_without_comment++;
        }
    }
  g_assert_cmpuint (comments, >, 0);
  g_assert_cmpuint (failed_without_comment, ==, 0);
  /* Mostly approved. */
  g_assert_cmpuint (approved * 10, >=, audits->len * 8);
}

static void
test_every_branch_has_audits (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) branches = NULL;

  generate (f->store, 5);
  branches = ma_store_list_branches (f->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < branches->len; i++)
    {
      const MaBranch *branch = g_ptr_array_index (branches, i);
      MaAuditFilter filter = { .branch = branch->code, .status_mask = 1u << MA_AUDIT_APPROVED,
                               .period_from = "2026-10", .period_to = "2026-10" };
      guint count = 0;

      g_assert_true (ma_store_count_audits (f->store, &filter, &count, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (count, >, 0);
    }
}

static void
test_bonus_and_compare (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaBonusStatement) statement = NULL;
  g_autoptr(MaRollup) rollup = NULL;
  guint assessed = 0;

  generate (f->store, 9);

  statement = ma_bonus_compute (f->store, "2026-10", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (statement->rows->len, ==, BRANCHES * EMPLOYEES);
  for (guint i = 0; i < statement->rows->len; i++)
    {
      const MaBonusRow *row = g_ptr_array_index (statement->rows, i);
      const MaBonusComponent *volume = ma_bonus_row_find_component (row, "volume");
      gint64 sum = 0;

      g_assert_nonnull (volume);
      g_assert_true (volume->assessed);   /* KPI figures for everybody */
      for (guint j = 0; j < row->components->len; j++)
        {
          const MaBonusComponent *c = g_ptr_array_index (row->components, j);

          sum += c->amount;
          assessed += c->source == MA_SOURCE_AUDIT && c->assessed;
        }
      g_assert_cmpint (sum, ==, row->total);
      g_assert_cmpint (row->total, >, 0);
    }
  g_assert_cmpuint (assessed, >, 0);

  rollup = ma_rollup_compute (f->store, MA_GROUP_BRANCH, "2026-09", "2026-10", 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rollup->rows->len, ==, BRANCHES);
  for (guint i = 0; i < rollup->rows->len; i++)
    {
      const MaRollupRow *row = g_ptr_array_index (rollup->rows, i);

      g_assert_cmpint (row->n, >, 0);
      g_assert_true (row->score > 0 && row->score <= 1);
      g_assert_cmpuint (row->rank, >, 0);
    }
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MaGeneratorOptions none = { 0, EMPLOYEES, MONTHS, 1, NULL, 0 };
  MaGeneratorOptions bad_month = { 1, 1, 1, 1, "2026-13", 0 };
  MaGeneratorOptions ok = { 1, 1, 1, 1, "2025-01", 0 };
  gboolean empty = FALSE;

  g_assert_false (ma_generator_run (f->store, &none, &error));
  g_assert_error (error, MA_GENERATOR_ERROR, MA_GENERATOR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "branches"));
  g_clear_error (&error);
  g_assert_false (ma_generator_run (f->store, &bad_month, &error));
  g_assert_error (error, MA_GENERATOR_ERROR, MA_GENERATOR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (ma_store_is_empty (f->store, &empty, &error));
  g_assert_true (empty);

  g_assert_true (ma_generator_run (f->store, &ok, &error));
  g_assert_no_error (error);
  /* A database that holds data is never added to. */
  g_assert_false (ma_generator_run (f->store, &ok, &error));
  g_assert_error (error, MA_GENERATOR_ERROR, MA_GENERATOR_ERROR_NOT_EMPTY);
}

static void
test_first_period (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MaGeneratorOptions options = { 1, 2, 3, 1, "2025-11", 0 };
  MaAuditFilter january = { .period_from = "2026-01", .period_to = "2026-01" };
  MaAuditFilter february = { .period_from = "2026-02", .period_to = "2026-02" };
  guint count = 0;

  g_assert_true (ma_generator_run (f->store, &options, &error));
  g_assert_no_error (error);
  /* 2025-11, 2025-12 and 2026-01: across the turn of the year. */
  g_assert_true (ma_store_count_audits (f->store, &january, &count, &error));
  g_assert_cmpuint (count, ==, 4);
  g_assert_true (ma_store_count_audits (f->store, &february, &count, &error));
  g_assert_cmpuint (count, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/generator/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("deterministic", test_deterministic);
  ADD ("counts", test_counts);
  ADD ("every-branch-has-audits", test_every_branch_has_audits);
  ADD ("bonus-and-compare", test_bonus_and_compare);
  ADD ("refusals", test_refusals);
  ADD ("first-period", test_first_period);
#undef ADD

  return g_test_run ();
}
