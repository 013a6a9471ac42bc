/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Schema versions 3, 4 and 7: a database of version 2 migrates and gives the
 * same figures; the monthly branch sums and question failures stay what a
 * recomputation from the per-audit results gives through saves, status
 * changes and rollbacks. */
#include "config.h"

#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "ma-db.h"
#include "ma-generator.h"
#include "ma-migrations.h"
#include "store-fixture.h"

/* The rollup queries of schema version 2, over every audit's stored
 * results: the reference the monthly sums must agree with. */
static const char *
reference_group (MaGroupBy by)
{
  switch (by)
    {
    case MA_GROUP_BRANCH:
      return "b.code";
    case MA_GROUP_REGION:
      return "r.code";
    case MA_GROUP_CHAIN:
    default:
      return "''";
    }
}

#define REFERENCE_JOINS \
  " JOIN branches b ON b.id = a.branch_id JOIN regions r ON r.id = b.region_id" \
  " WHERE a.status = 'approved' AND a.period BETWEEN ?1 AND ?2"

static GPtrArray *
reference_scores (MaDb       *db,
                  MaGroupBy   by,
                  MaPartKind  part,
                  const char *from,
                  const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_aggregate_row_free);
  sqlite3_stmt *stmt;

  if (part == MA_PART_OVERALL)
    sql = g_strdup_printf ("SELECT %s, NULL, AVG(a.score), COUNT(*) FROM audits a" REFERENCE_JOINS
                           " AND a.score IS NOT NULL GROUP BY 1 ORDER BY 1", reference_group (by));
  else
    sql = g_strdup_printf ("SELECT %s, x.%s, AVG(x.score), COUNT(*) FROM %s x"
                           " JOIN audits a ON a.id = x.audit_id" REFERENCE_JOINS
                           " AND x.score IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2",
                           reference_group (by), part == MA_PART_SECTION ? "section" : "component",
                           part == MA_PART_SECTION ? "audit_sections" : "audit_components");
  stmt = ma_db_prepare (db, sql, &error);
  g_assert_no_error (error);
  ma_db_bind_text (stmt, 1, from);
  ma_db_bind_text (stmt, 2, to);
  while (ma_db_step (db, stmt, &error) == MA_DB_ROW)
    {
      MaAggregateRow *row = g_new0 (MaAggregateRow, 1);

      row->group = ma_db_column_dup (stmt, 0);
      row->part = ma_db_column_dup (stmt, 1);
      row->mean = sqlite3_column_double (stmt, 2);
      row->n = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (rows, row);
    }
  g_assert_no_error (error);
  return rows;
}

static GPtrArray *
reference_standards (MaDb       *db,
                     MaGroupBy   by,
                     const char *from,
                     const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_standard_row_free);
  sqlite3_stmt *stmt;

  sql = g_strdup_printf ("SELECT %s, q.question, q.standard_share, SUM(q.fraction >= 1.0), COUNT(*)"
                         " FROM answers q JOIN audits a ON a.id = q.audit_id" REFERENCE_JOINS
                         " AND q.standard_share IS NOT NULL AND q.fraction IS NOT NULL"
                         " GROUP BY 1, 2, 3 ORDER BY 1, 2", reference_group (by));
  stmt = ma_db_prepare (db, sql, &error);
  g_assert_no_error (error);
  ma_db_bind_text (stmt, 1, from);
  ma_db_bind_text (stmt, 2, to);
  while (ma_db_step (db, stmt, &error) == MA_DB_ROW)
    {
      MaStandardRow *row = g_new0 (MaStandardRow, 1);

      row->group = ma_db_column_dup (stmt, 0);
      row->question = ma_db_column_dup (stmt, 1);
      row->share = sqlite3_column_double (stmt, 2);
      row->passed = sqlite3_column_int64 (stmt, 3);
      row->n = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (rows, row);
    }
  g_assert_no_error (error);
  return rows;
}

/* Each question's failures from the answers, as version 6 counted them. */
static GPtrArray *
reference_failures (MaDb       *db,
                    MaGroupBy   by,
                    const char *from,
                    const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_question_failure_row_free);
  sqlite3_stmt *stmt;

  sql = g_strdup_printf ("SELECT %s, t.key, q.question, SUM(q.fraction < 1.0), COUNT(*)"
                         " FROM answers q JOIN audits a ON a.id = q.audit_id"
                         " JOIN templates t ON t.id = a.template_id" REFERENCE_JOINS
                         " AND q.fraction IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
                         reference_group (by));
  stmt = ma_db_prepare (db, sql, &error);
  g_assert_no_error (error);
  ma_db_bind_text (stmt, 1, from);
  ma_db_bind_text (stmt, 2, to);
  while (ma_db_step (db, stmt, &error) == MA_DB_ROW)
    {
      MaQuestionFailureRow *row = g_new0 (MaQuestionFailureRow, 1);

      row->group = ma_db_column_dup (stmt, 0);
      row->template_key = ma_db_column_dup (stmt, 1);
      row->question = ma_db_column_dup (stmt, 2);
      row->failed = sqlite3_column_int64 (stmt, 3);
      row->n = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (rows, row);
    }
  g_assert_no_error (error);
  return rows;
}

/* The mean audit score of each month, as version 6 computed it. */
static GPtrArray *
reference_monthly (MaDb       *db,
                   MaGroupBy   by,
                   const char *from,
                   const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_period_score_row_free);
  sqlite3_stmt *stmt;

  sql = g_strdup_printf ("SELECT %s, a.period, AVG(a.score), COUNT(*) FROM audits a" REFERENCE_JOINS
                         " AND a.score IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2", reference_group (by));
  stmt = ma_db_prepare (db, sql, &error);
  g_assert_no_error (error);
  ma_db_bind_text (stmt, 1, from);
  ma_db_bind_text (stmt, 2, to);
  while (ma_db_step (db, stmt, &error) == MA_DB_ROW)
    {
      MaPeriodScoreRow *row = g_new0 (MaPeriodScoreRow, 1);

      row->group = ma_db_column_dup (stmt, 0);
      row->period = ma_db_column_dup (stmt, 1);
      row->mean = sqlite3_column_double (stmt, 2);
      row->n = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (rows, row);
    }
  g_assert_no_error (error);
  return rows;
}

/* The failures and monthly means the comparison reads, against the
 * reference queries. */
static guint
assert_trend_and_failures_match (MaStore    *store,
                                 MaDb       *db,
                                 MaGroupBy   by,
                                 const char *from,
                                 const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) expected_failures = reference_failures (db, by, from, to);
  g_autoptr(GPtrArray) failures = ma_store_aggregate_question_failures (store, by, from, to, &error);
  g_autoptr(GPtrArray) expected_monthly = NULL;
  g_autoptr(GPtrArray) monthly = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (failures->len, ==, expected_failures->len);
  for (guint i = 0; i < failures->len; i++)
    {
      const MaQuestionFailureRow *x = g_ptr_array_index (failures, i);
      const MaQuestionFailureRow *y = g_ptr_array_index (expected_failures, i);

      g_assert_cmpstr (x->group, ==, y->group);
      g_assert_cmpstr (x->template_key, ==, y->template_key);
      g_assert_cmpstr (x->question, ==, y->question);
      g_assert_cmpint (x->failed, ==, y->failed);
      g_assert_cmpint (x->n, ==, y->n);
    }

  expected_monthly = reference_monthly (db, by, from, to);
  monthly = ma_store_aggregate_monthly_scores (store, by, from, to, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (monthly->len, ==, expected_monthly->len);
  for (guint i = 0; i < monthly->len; i++)
    {
      const MaPeriodScoreRow *x = g_ptr_array_index (monthly, i);
      const MaPeriodScoreRow *y = g_ptr_array_index (expected_monthly, i);

      g_assert_cmpstr (x->group, ==, y->group);
      g_assert_cmpstr (x->period, ==, y->period);
      g_assert_cmpint (x->n, ==, y->n);
      g_assert_cmpfloat_with_epsilon (x->mean, y->mean, 1e-12);
    }
  return failures->len + monthly->len;
}

static const char * const ranges[][2] = {
  { "2026-10", "2026-10" }, { "2026-08", "2026-10" }, { "2026-09", "2026-09" },
  { "2027-01", "2027-02" },
};

/* The store's figures by branch, region and the chain, for every part and
 * a few ranges of months, against the reference queries on @path. */
static void
assert_figures_match_reference (MaStore    *store,
                                const char *path)
{
  g_autoptr(GError) error = NULL;
  MaDb *db = ma_db_open (path, TRUE, &error);
  guint compared = 0;

  g_assert_no_error (error);
  for (MaGroupBy by = MA_GROUP_BRANCH; by <= MA_GROUP_CHAIN; by++)
    for (guint r = 0; r < G_N_ELEMENTS (ranges); r++)
      {
        g_autoptr(GPtrArray) expected_standards = reference_standards (db, by, ranges[r][0], ranges[r][1]);
        g_autoptr(GPtrArray) standards = ma_store_aggregate_standards (store, by, ranges[r][0],
                                                                      ranges[r][1], &error);

        compared += assert_trend_and_failures_match (store, db, by, ranges[r][0], ranges[r][1]);
        g_assert_no_error (error);
        g_assert_cmpuint (standards->len, ==, expected_standards->len);
        for (guint i = 0; i < standards->len; i++)
          {
            const MaStandardRow *x = g_ptr_array_index (standards, i);
            const MaStandardRow *y = g_ptr_array_index (expected_standards, i);

            g_assert_cmpstr (x->group, ==, y->group);
            g_assert_cmpstr (x->question, ==, y->question);
            g_assert_cmpfloat (x->share, ==, y->share);
            g_assert_cmpint (x->passed, ==, y->passed);
            g_assert_cmpint (x->n, ==, y->n);
          }

        for (MaPartKind part = MA_PART_OVERALL; part <= MA_PART_COMPONENT; part++)
          {
            g_autoptr(GPtrArray) expected = reference_scores (db, by, part, ranges[r][0], ranges[r][1]);
            g_autoptr(GPtrArray) rows = ma_store_aggregate_scores (store, by, part, ranges[r][0],
                                                                   ranges[r][1], &error);

            g_assert_no_error (error);
            g_assert_cmpuint (rows->len, ==, expected->len);
            for (guint i = 0; i < rows->len; i++)
              {
                const MaAggregateRow *x = g_ptr_array_index (rows, i);
                const MaAggregateRow *y = g_ptr_array_index (expected, i);

                g_assert_cmpstr (x->group, ==, y->group);
                g_assert_cmpstr (x->part, ==, y->part);
                g_assert_cmpint (x->n, ==, y->n);
                /* The same scores added in another order. */
                g_assert_cmpfloat_with_epsilon (x->mean, y->mean, 1e-12);
                compared++;
              }
          }
      }
  g_assert_cmpuint (compared, >, 100);
  ma_db_close (db);
}

static void
exec (MaDb       *db,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ma_db_exec (db, sql, &error));
  g_assert_no_error (error);
}

/* Turns the database at @path back into what version 2 wrote: the
 * canonical text of each audit in "content", no hash, no monthly sums, no
 * index by month, and none of the later versions' tables. */
static void
rewrite_as_version_2 (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaStore) store = ma_sqlite_store_open (path, MA_SQLITE_STORE_FLAGS_NONE, &error);
  g_autoptr(GPtrArray) audits = NULL;
  MaAuditFilter all = { 0 };
  MaDb *db;

  g_assert_no_error (error);
  audits = ma_store_list_audits (store, &all, &error);
  g_assert_no_error (error);

  db = ma_db_open (path, FALSE, &error);
  g_assert_no_error (error);
  exec (db, "BEGIN;"
            "ALTER TABLE audits ADD COLUMN content TEXT NOT NULL DEFAULT '';"
            "DROP TABLE branch_month;"
            "DROP TABLE branch_month_questions;"
            /* Later versions' tables (schemas 5 and 6): a version 2 file has none. */
            "DROP TABLE IF EXISTS period_closing;"
            "DROP TABLE IF EXISTS disputes;"
            "DROP TABLE IF EXISTS training_marks;"
            "DROP INDEX audits_by_period;");
  for (guint i = 0; i < audits->len; i++)
    {
      const MaAuditSummary *summary = g_ptr_array_index (audits, i);
      g_autoptr(MaAudit) audit = ma_store_get_audit (store, summary->uuid, &error);
      g_autofree char *canonical = NULL;
      sqlite3_stmt *stmt;

      g_assert_no_error (error);
      canonical = ma_audit_to_canonical (audit);
      stmt = ma_db_prepare (db, "UPDATE audits SET content = ?2 WHERE uuid = ?1", &error);
      g_assert_no_error (error);
      ma_db_bind_text (stmt, 1, summary->uuid);
      ma_db_bind_text (stmt, 2, canonical);
      g_assert_true (ma_db_run (db, stmt, &error));
      g_assert_no_error (error);
    }
  exec (db, "ALTER TABLE audits DROP COLUMN content_sha256; PRAGMA user_version = 2; COMMIT;");
  ma_db_close (db);
}

static void
test_version_2_migrates (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audits = NULL;
  MaGeneratorOptions options = { 4, 5, 3, 11, NULL, 0 };
  MaAuditFilter all = { 0 };
  MaSaveOutcome outcome;
  MaDb *db;
  int version = 0;

  g_assert_true (ma_generator_run (f->store, &options, &error));
  g_assert_no_error (error);
  g_clear_object (&f->store);
  rewrite_as_version_2 (f->path);

  db = ma_db_open (f->path, TRUE, &error);
  g_assert_true (ma_db_get_user_version (db, &version, &error));
  g_assert_cmpint (version, ==, 2);
  ma_db_close (db);

  f->store = ma_sqlite_store_open (f->path, MA_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ma_sqlite_store_get_schema_version (MA_SQLITE_STORE (f->store)), ==, MA_SCHEMA_VERSION);
  assert_figures_match_reference (f->store, f->path);

  /* The hashes made from the old text are those of the canonical form:
   * every audit saved again is identical, and an approved one is not a
   * conflict. */
  audits = ma_store_list_audits (f->store, &all, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audits->len, ==, 4 * 5 * 3 * 2);
  for (guint i = 0; i < audits->len; i++)
    {
      const MaAuditSummary *summary = g_ptr_array_index (audits, i);
      g_autoptr(MaAudit) audit = ma_store_get_audit (f->store, summary->uuid, &error);

      g_assert_no_error (error);
      g_assert_true (ma_store_save_audit (f->store, audit, "tester", NULL, &outcome, &error));
      g_assert_no_error (error);
      g_assert_cmpint (outcome, ==, MA_SAVE_IDENTICAL);
    }
}

static const char *
find_in_last_month (GPtrArray *audits,
                MaAuditStatus status)
{
  for (guint i = 0; i < audits->len; i++)
    {
      const MaAuditSummary *summary = g_ptr_array_index (audits, i);

      if (summary->status == status && g_strcmp0 (summary->period, "2026-10") == 0)
        return summary->uuid;
    }
  g_assert_not_reached ();
}

static void
test_sums_follow_changes (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(MaAudit) edited = NULL;
  MaGeneratorOptions options = { 3, 10, 3, 12, NULL, 0 };
  MaAuditFilter all = { 0 };
  const char *approved, *submitted;

  g_assert_true (ma_generator_run (f->store, &options, &error));
  g_assert_no_error (error);
  assert_figures_match_reference (f->store, f->path);

  audits = ma_store_list_audits (f->store, &all, &error);
  g_assert_no_error (error);
  approved = find_in_last_month (audits, MA_AUDIT_APPROVED);
  submitted = find_in_last_month (audits, MA_AUDIT_SUBMITTED);

  /* A status change on its own... */
  g_assert_true (ma_store_set_audit_status (f->store, approved, MA_AUDIT_VOIDED, "hr",
                                            "shopper recognised", &error));
  g_assert_no_error (error);
  assert_figures_match_reference (f->store, f->path);

  /* ...in a caller's transaction, committed... */
  g_assert_true (ma_store_begin (f->store, &error));
  g_assert_true (ma_store_set_audit_status (f->store, submitted, MA_AUDIT_APPROVED, "hr", NULL,
                                            &error));
  g_assert_no_error (error);
  g_assert_true (ma_store_commit (f->store, &error));
  assert_figures_match_reference (f->store, f->path);

  /* ...and rolled back: nothing changes. */
  g_assert_true (ma_store_begin (f->store, &error));
  g_assert_true (ma_store_set_audit_status (f->store, submitted, MA_AUDIT_VOIDED, "hr", "test",
                                            &error));
  ma_store_rollback (f->store);
  assert_figures_match_reference (f->store, f->path);

  /* An edit that moves a submitted audit to another branch and month
   * changes both months and branches. */
  for (guint i = 0; i < audits->len; i++)
    {
      const MaAuditSummary *summary = g_ptr_array_index (audits, i);

      if (summary->status == MA_AUDIT_SUBMITTED && g_strcmp0 (summary->uuid, submitted) != 0)
        {
          edited = ma_store_get_audit (f->store, summary->uuid, &error);
          break;
        }
    }
  if (edited == NULL)
    g_error ("the generated data has only one submitted audit in the last month");
  g_free (edited->visited_at);
  edited->visited_at = g_strdup ("2026-09-30T12:00:00+03:00");
  g_assert_true (ma_store_save_audit (f->store, edited, "auditor", "wrong date", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ma_store_set_audit_status (f->store, edited->uuid, MA_AUDIT_APPROVED, "hr", NULL,
                                            &error));
  g_assert_no_error (error);
  assert_figures_match_reference (f->store, f->path);
}

/* Runs @sql on the database file behind the store, as damage would. */
static void
tamper (const char *path,
        const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);
}

static GPtrArray *
check (MaStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *problems = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (ma_store_check (store, problems, &error));
  g_assert_no_error (error);
  return problems;
}

static void
assert_problem (GPtrArray  *problems,
                const char *first,
                const char *second,
                const char *third)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const char *problem = g_ptr_array_index (problems, i);

      if (strstr (problem, first) && strstr (problem, second) && strstr (problem, third))
        return;
    }
  g_error ("no problem names “%s”, “%s” and “%s”", first, second, third);
}

/* ma_store_check() recomputes the monthly branch sums from the audits and
 * names each sum that differs, is missing or has no audits behind it. */
static void
test_check_finds_tampered_sums (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) clean = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  MaGeneratorOptions options = { 2, 4, 2, 5, NULL, 0 };

  g_assert_true (ma_generator_run (f->store, &options, &error));
  g_assert_no_error (error);
  clean = check (f->store);
  g_assert_cmpuint (clean->len, ==, 0);

  /* One component's total of branch B0001 in the last month... */
  tamper (f->path,
          "UPDATE branch_month SET total = total + 0.25 WHERE kind = 2 AND period = '2026-10'"
          " AND part = 'politeness' AND branch_id = (SELECT id FROM branches WHERE code = 'B0001')");
  /* ...the overall row of B0002 in the month before, gone... */
  tamper (f->path,
          "DELETE FROM branch_month WHERE kind = 0 AND period = '2026-09'"
          " AND branch_id = (SELECT id FROM branches WHERE code = 'B0002')");
  /* ...a month nobody audited... */
  tamper (f->path,
          "INSERT INTO branch_month (period, branch_id, kind, part, share, total, n)"
          " SELECT '2020-01', id, 1, 'cabin', 0, 3.5, 4 FROM branches WHERE code = 'B0001'");
  /* ...and one question's failures of B0002 in the last month. */
  tamper (f->path,
          "UPDATE branch_month_questions SET failed = failed + 1 WHERE period = '2026-10'"
          " AND branch_id = (SELECT id FROM branches WHERE code = 'B0002')"
          " AND question = (SELECT MIN (question) FROM branch_month_questions WHERE period = '2026-10'"
          "  AND branch_id = (SELECT id FROM branches WHERE code = 'B0002'))"
          " AND template_id = (SELECT MIN (template_id) FROM branch_month_questions WHERE period = '2026-10'"
          "  AND branch_id = (SELECT id FROM branches WHERE code = 'B0002')"
          "  AND question = (SELECT MIN (question) FROM branch_month_questions WHERE period = '2026-10'"
          "   AND branch_id = (SELECT id FROM branches WHERE code = 'B0002')))");

  problems = check (f->store);
  g_assert_cmpuint (problems->len, ==, 4);
  assert_problem (problems, "Branch B0002, 2026-10", "failures of question", "the approved audits give");
  assert_problem (problems, "Branch B0001, 2026-10", "pay component “politeness”", "the approved audits give");
  assert_problem (problems, "Branch B0002, 2026-09", "no row for the overall score", "audits");
  assert_problem (problems, "Branch B0001, 2020-01", "section “cabin”", "no approved audit gives it");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/schema-v3/version-2-migrates", Fixture, NULL, fixture_set_up,
              test_version_2_migrates, fixture_tear_down);
  g_test_add ("/schema-v3/sums-follow-changes", Fixture, NULL, fixture_set_up,
              test_sums_follow_changes, fixture_tear_down);
  g_test_add ("/schema-v3/check-finds-tampered-sums", Fixture, NULL, fixture_set_up,
              test_check_finds_tampered_sums, fixture_tear_down);

  return g_test_run ();
}
