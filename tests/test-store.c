/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "ma-db.h"
#include "ma-migrations.h"
#include "ma-sqlite-store.h"

typedef struct {
  char    *dir;
  char    *path;
  MaStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("ma-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.db", NULL);
  f->store = ma_sqlite_store_open (f->path, MA_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);
      g_remove (child);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* A template like example A of the scoring rules, with a component. */
static MaTemplate *
make_template (const char *key,
               gint64      version)
{
  MaTemplate *t = ma_template_new ();
  MaSection *s = ma_section_new ();
  MaQuestion *q;

  t->key = g_strdup (key);
  t->version = version;
  t->name = g_strdup ("Store visit");
  t->channel = g_strdup ("visit");
  s->key = g_strdup ("greeting");
  s->title = g_strdup ("Greeting");
  s->component = g_strdup ("politeness");

  q = ma_question_new ();
  q->key = g_strdup ("q1");
  q->text = g_strdup ("Greeted within a minute");
  q->type = MA_QUESTION_YES_NO;
  q->weight = 2;
  g_ptr_array_add (s->questions, q);

  q = ma_question_new ();
  q->key = g_strdup ("q2");
  q->text = g_strdup ("Answered within 2 minutes");
  q->type = MA_QUESTION_NUMBER;
  q->unit = g_strdup ("s");
  q->rule = MA_NUMBER_RULE_MAX;
  q->rule_limit = 120;
  q->has_standard = TRUE;
  q->standard_share = 0.9;
  q->allow_na = TRUE;
  g_ptr_array_add (s->questions, q);

  g_ptr_array_add (t->sections, s);
  return t;
}

static void
save_directory (MaStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaRegion) region = ma_region_new ("NW", "North-West");
  g_autoptr(MaBranch) branch = ma_branch_new ("SPB-01", "Nevsky 12", "NW");
  g_autoptr(MaEmployee) employee = ma_employee_new ();

  employee->code = g_strdup ("E1001");
  employee->name = g_strdup ("Иван Петров");
  employee->branch = g_strdup ("SPB-01");
  employee->position = g_strdup ("driver");
  employee->base_pay = 6000000;
  employee->currency = g_strdup ("RUB");

  g_assert_true (ma_store_save_region (store, region, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ma_store_save_branch (store, branch, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ma_store_save_employee (store, employee, NULL, &error));
  g_assert_no_error (error);
}

static MaAudit *
make_audit (const char    *uuid,
            MaAuditStatus  status,
            gboolean       greeted,
            double         seconds)
{
  MaAudit *a = ma_audit_new ();
  MaAnswer *answer;

  a->uuid = g_strdup (uuid);
  a->template_key = g_strdup ("visit");
  a->template_version = 1;
  a->branch = g_strdup ("SPB-01");
  a->employee = g_strdup ("E1001");
  a->auditor = g_strdup ("A. Smirnova");
  a->channel = g_strdup ("visit");
  a->visited_at = g_strdup ("2026-10-31T23:30:00+03:00");
  a->modified = g_strdup ("2026-11-01T00:10:00+03:00");
  a->status = status;

  answer = ma_answer_new ("q1");
  answer->kind = MA_VALUE_BOOL;
  answer->boolean = greeted;
  g_ptr_array_add (a->answers, answer);

  answer = ma_answer_new ("q2");
  if (isnan (seconds))
    answer->na = TRUE;
  else
    {
      answer->kind = MA_VALUE_NUMBER;
      answer->number = seconds;
    }
  g_ptr_array_add (a->answers, answer);
  return a;
}

static void
save_template_and_directory (MaStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaTemplate) t = make_template ("visit", 1);

  save_directory (store);
  g_assert_true (ma_store_save_template (store, t, NULL, &error));
  g_assert_no_error (error);
}

static void
test_open_creates_private_file (Fixture       *f,
                                gconstpointer  data)
{
  struct stat st;
  gboolean empty = FALSE;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (ma_sqlite_store_get_schema_version (MA_SQLITE_STORE (f->store)), ==,
                   MA_SCHEMA_VERSION);
  g_assert_true (ma_store_is_empty (f->store, &empty, &error));
  g_assert_no_error (error);
  g_assert_true (empty);
}

static void
test_pragmas (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MaDb *db = ma_db_open (f->path, FALSE, &error);
  sqlite3_stmt *stmt;

  g_assert_no_error (error);
  stmt = ma_db_prepare (db, "PRAGMA journal_mode", &error);
  g_assert_cmpint (ma_db_step (db, stmt, &error), ==, MA_DB_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  stmt = ma_db_prepare (db, "PRAGMA foreign_keys", &error);
  g_assert_cmpint (ma_db_step (db, stmt, &error), ==, MA_DB_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  stmt = ma_db_prepare (db, "PRAGMA synchronous", &error);
  g_assert_cmpint (ma_db_step (db, stmt, &error), ==, MA_DB_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 2); /* FULL */
  /* A step past the last row is DONE, not an error. */
  g_assert_cmpint (ma_db_step (db, stmt, &error), ==, MA_DB_DONE);
  g_assert_no_error (error);
  /* A failing statement is FAILED with an error. */
  g_assert_null (ma_db_prepare (db, "SELECT * FROM no_such_table", &error));
  g_assert_error (error, MA_DB_ERROR, MA_DB_ERROR_FAILED);
  ma_db_close (db);
}

static void
test_newer_schema_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ma-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "newer.db", NULL);
  MaDb *db = ma_db_open (path, FALSE, &error);
  g_autoptr(MaStore) store = NULL;

  g_assert_no_error (error);
  g_assert_true (ma_db_set_user_version (db, MA_SCHEMA_VERSION + 1, &error));
  ma_db_close (db);

  store = ma_sqlite_store_open (path, MA_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_null (store);
  g_assert_error (error, MA_STORE_ERROR, MA_STORE_ERROR_NEWER_SCHEMA);
  g_assert_nonnull (strstr (error->message, "newer"));
  remove_tree (dir);
}

static void
test_migrate_from_version_1 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ma-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autoptr(MaStore) store = NULL;
  g_autoptr(GPtrArray) regions = NULL;
  g_autoptr(MaPeriodClose) close = NULL;
  MaDb *db = ma_db_open (path, FALSE, &error);

  g_assert_no_error (error);
  g_assert_true (ma_migrations_run (db, 1, &error));
  g_assert_no_error (error);
  g_assert_true (ma_db_exec (db, "INSERT INTO regions (code, name) VALUES ('NW', 'North-West')",
                             &error));
  ma_db_close (db);

  /* Read-only cannot upgrade: it says so instead of failing later. */
  store = ma_sqlite_store_open (path, MA_SQLITE_STORE_READ_ONLY, &error);
  g_assert_null (store);
  g_assert_error (error, MA_STORE_ERROR, MA_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);

  store = ma_sqlite_store_open (path, MA_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ma_sqlite_store_get_schema_version (MA_SQLITE_STORE (store)), ==,
                   MA_SCHEMA_VERSION);
  regions = ma_store_list_regions (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (regions->len, ==, 1);
  /* Version 2 added period closes. */
  g_assert_true (ma_store_close_period (store, "2026-10", "{}", "hr", &error));
  g_assert_no_error (error);
  close = ma_store_get_period_close (store, "2026-10", &error);
  g_assert_nonnull (close);
  g_clear_object (&store);
  remove_tree (dir);
}

static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaStore) ro = NULL;
  g_autoptr(MaRegion) region = ma_region_new ("C", "Central");

  ro = ma_sqlite_store_open (f->path, MA_SQLITE_STORE_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (ma_store_is_read_only (ro));
  g_assert_false (ma_store_save_region (ro, region, NULL, &error));
  g_assert_error (error, MA_DB_ERROR, MA_DB_ERROR_READ_ONLY);
}

static void
test_directory_outcomes (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaRegion) region = ma_region_new ("NW", "North-West");
  g_autoptr(MaRegion) renamed = ma_region_new ("NW", "Northwest");
  g_autoptr(MaBranch) orphan = ma_branch_new ("X-01", "Nowhere", "ZZ");
  g_autoptr(GPtrArray) regions = NULL;
  MaSaveOutcome outcome;

  g_assert_true (ma_store_save_region (f->store, region, &outcome, &error));
  g_assert_cmpint (outcome, ==, MA_SAVE_ADDED);
  g_assert_true (ma_store_save_region (f->store, region, &outcome, &error));
  g_assert_cmpint (outcome, ==, MA_SAVE_IDENTICAL);
  g_assert_true (ma_store_save_region (f->store, renamed, &outcome, &error));
  g_assert_cmpint (outcome, ==, MA_SAVE_UPDATED);
  g_assert_no_error (error);

  g_assert_false (ma_store_save_branch (f->store, orphan, &outcome, &error));
  g_assert_error (error, MA_STORE_ERROR, MA_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "ZZ"));
  g_clear_error (&error);

  regions = ma_store_list_regions (f->store, &error);
  g_assert_cmpuint (regions->len, ==, 1);
  g_assert_cmpstr (((MaRegion *) regions->pdata[0])->name, ==, "Northwest");
}

static void
test_employee_round_trip (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) employees = NULL;
  MaEmployee *e;

  save_directory (f->store);
  employees = ma_store_list_employees (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (employees->len, ==, 1);
  e = employees->pdata[0];
  g_assert_cmpstr (e->name, ==, "Иван Петров");
  g_assert_cmpint (e->base_pay, ==, 6000000);
  g_assert_cmpstr (e->currency, ==, "RUB");
  g_assert_null (e->active_to);
}

static void
test_template_immutable (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaTemplate) t = make_template ("visit", 1);
  g_autoptr(MaTemplate) changed = make_template ("visit", 1);
  g_autoptr(MaTemplate) draft = make_template ("visit", 2);
  g_autoptr(MaTemplate) loaded = NULL;
  MaSaveOutcome outcome;

  g_assert_true (ma_store_save_template (f->store, t, &outcome, &error));
  g_assert_cmpint (outcome, ==, MA_SAVE_ADDED);
  g_assert_true (ma_store_save_template (f->store, t, &outcome, &error));
  g_assert_cmpint (outcome, ==, MA_SAVE_IDENTICAL);

  ((MaQuestion *) ((MaSection *) changed->sections->pdata[0])->questions->pdata[0])->weight = 3;
  g_assert_false (ma_store_save_template (f->store, changed, &outcome, &error));
  g_assert_error (error, MA_STORE_ERROR, MA_STORE_ERROR_IMMUTABLE);
  g_assert_nonnull (strstr (error->message, "visit"));
  g_clear_error (&error);

  /* A draft may change until it is published. */
  draft->status = MA_TEMPLATE_DRAFT;
  g_assert_true (ma_store_save_template (f->store, draft, &outcome, &error));
  g_assert_cmpint (outcome, ==, MA_SAVE_ADDED);
  ((MaQuestion *) ((MaSection *) draft->sections->pdata[0])->questions->pdata[0])->weight = 5;
  g_assert_true (ma_store_save_template (f->store, draft, &outcome, &error));
  g_assert_cmpint (outcome, ==, MA_SAVE_UPDATED);
  g_assert_no_error (error);

  loaded = ma_store_get_template (f->store, "visit", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (((MaQuestion *) ((MaSection *) loaded->sections->pdata[0])->questions->pdata[0])->weight,
                     ==, 2);
}

static void
test_audit_save_and_results (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaAudit) a1 = make_audit ("6f1c2d0e-8a4b-4f7e-9a51-0b7d2f3c9e10", MA_AUDIT_SUBMITTED, TRUE, 60);
  g_autoptr(MaAudit) a2 = make_audit ("6f1c2d0e-8a4b-4f7e-9a51-0b7d2f3c9e11", MA_AUDIT_SUBMITTED, FALSE, 200);
  g_autoptr(MaAudit) loaded = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) standards = NULL;
  g_autoptr(GPtrArray) log = NULL;
  MaAggregateRow *row;
  MaSaveOutcome outcome;

  save_template_and_directory (f->store);
  g_assert_true (ma_store_save_audit (f->store, a1, "laptop", NULL, &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, MA_SAVE_ADDED);
  g_assert_true (ma_store_save_audit (f->store, a1, "laptop", NULL, &outcome, &error));
  g_assert_cmpint (outcome, ==, MA_SAVE_IDENTICAL);
  g_assert_true (ma_store_save_audit (f->store, a2, "laptop", NULL, &outcome, &error));
  g_assert_no_error (error);

  loaded = ma_store_get_audit (f->store, a1->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->answers->len, ==, 2);
  g_assert_cmpstr (loaded->visited_at, ==, a1->visited_at);

  /* Submitted audits do not count yet. */
  rows = ma_store_aggregate_scores (f->store, MA_GROUP_EMPLOYEE, MA_PART_OVERALL, "2026-10", "2026-10",
                                    &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);

  g_assert_true (ma_store_set_audit_status (f->store, a1->uuid, MA_AUDIT_APPROVED, "office", NULL, &error));
  g_assert_true (ma_store_set_audit_status (f->store, a2->uuid, MA_AUDIT_APPROVED, "office", NULL, &error));
  g_assert_no_error (error);

  /* Visited 23:30 on 31 October in Moscow: October, whatever UTC says.
   * a1 scores 1, a2 scores 0: the audit-weighted mean is 0.5. */
  rows = ma_store_aggregate_scores (f->store, MA_GROUP_EMPLOYEE, MA_PART_OVERALL, "2026-10", "2026-10",
                                    &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  row = rows->pdata[0];
  g_assert_cmpstr (row->group, ==, "E1001");
  g_assert_cmpfloat_with_epsilon (row->mean, 0.5, 1e-12);
  g_assert_cmpint (row->n, ==, 2);
  g_clear_pointer (&rows, g_ptr_array_unref);

  rows = ma_store_aggregate_scores (f->store, MA_GROUP_REGION, MA_PART_COMPONENT, NULL, NULL, &error);
  g_assert_cmpuint (rows->len, ==, 1);
  row = rows->pdata[0];
  g_assert_cmpstr (row->group, ==, "NW");
  g_assert_cmpstr (row->part, ==, "politeness");
  g_assert_cmpint (row->n, ==, 2);
  g_clear_pointer (&rows, g_ptr_array_unref);

  rows = ma_store_aggregate_scores (f->store, MA_GROUP_BRANCH, MA_PART_OVERALL, "2026-11", "2026-11",
                                    &error);
  g_assert_cmpuint (rows->len, ==, 0);

  /* Service level: answered within 120 s in one of two audits. */
  standards = ma_store_aggregate_standards (f->store, MA_GROUP_CHAIN, "2026-10", "2026-10", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (standards->len, ==, 1);
  g_assert_cmpstr (((MaStandardRow *) standards->pdata[0])->question, ==, "q2");
  g_assert_cmpint (((MaStandardRow *) standards->pdata[0])->passed, ==, 1);
  g_assert_cmpint (((MaStandardRow *) standards->pdata[0])->n, ==, 2);
  g_assert_cmpfloat (((MaStandardRow *) standards->pdata[0])->share, ==, 0.9);

  log = ma_store_list_audit_log (f->store, a1->uuid, &error);
  g_assert_cmpuint (log->len, ==, 2);
  g_assert_cmpstr (((MaLogEntry *) log->pdata[0])->action, ==, "created");
  g_assert_cmpstr (((MaLogEntry *) log->pdata[1])->action, ==, "approved");
  g_assert_cmpstr (((MaLogEntry *) log->pdata[1])->who, ==, "office");
}

static void
test_audit_conflicts_and_states (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaAudit) a = make_audit ("7f1c2d0e-8a4b-4f7e-9a51-0b7d2f3c9e10", MA_AUDIT_SUBMITTED, TRUE, 60);
  g_autoptr(MaAudit) edited = make_audit ("7f1c2d0e-8a4b-4f7e-9a51-0b7d2f3c9e10", MA_AUDIT_SUBMITTED, FALSE, 60);
  g_autoptr(GPtrArray) log = NULL;

  save_template_and_directory (f->store);
  g_assert_true (ma_store_save_audit (f->store, a, "laptop", NULL, NULL, &error));
  /* An edit after submission is logged with why. */
  g_assert_true (ma_store_save_audit (f->store, edited, "office", "typo in q1", NULL, &error));
  g_assert_no_error (error);
  log = ma_store_list_audit_log (f->store, a->uuid, &error);
  g_assert_cmpuint (log->len, ==, 2);
  g_assert_cmpstr (((MaLogEntry *) log->pdata[1])->action, ==, "edited");
  g_assert_cmpstr (((MaLogEntry *) log->pdata[1])->detail, ==, "typo in q1");

  /* Returning to the auditor needs a note; voiding needs a reason. */
  g_assert_false (ma_store_set_audit_status (f->store, a->uuid, MA_AUDIT_DRAFT, "office", "  ", &error));
  g_assert_error (error, MA_STORE_ERROR, MA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (ma_store_set_audit_status (f->store, a->uuid, MA_AUDIT_APPROVED, "office", NULL, &error));
  g_assert_no_error (error);

  /* Approved audits are never overwritten, and never go back. */
  g_assert_false (ma_store_save_audit (f->store, a, "laptop", NULL, NULL, &error));
  g_assert_error (error, MA_STORE_ERROR, MA_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (ma_store_set_audit_status (f->store, a->uuid, MA_AUDIT_SUBMITTED, "office", NULL, &error));
  g_assert_error (error, MA_STORE_ERROR, MA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ma_store_set_audit_status (f->store, a->uuid, MA_AUDIT_VOIDED, "office", NULL, &error));
  g_assert_error (error, MA_STORE_ERROR, MA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (ma_store_set_audit_status (f->store, a->uuid, MA_AUDIT_VOIDED, "office",
                                            "the shopper was recognised", &error));
  g_assert_no_error (error);
}

static void
test_audit_refusals (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaAudit) unknown_branch = make_audit ("8f1c2d0e-8a4b-4f7e-9a51-0b7d2f3c9e10", MA_AUDIT_DRAFT, TRUE, 1);
  g_autoptr(MaAudit) unknown_template = make_audit ("8f1c2d0e-8a4b-4f7e-9a51-0b7d2f3c9e11", MA_AUDIT_DRAFT, TRUE, 1);
  g_autoptr(MaAudit) incomplete = make_audit ("8f1c2d0e-8a4b-4f7e-9a51-0b7d2f3c9e12", MA_AUDIT_SUBMITTED, TRUE, 1);
  guint count = 99;

  save_template_and_directory (f->store);
  g_free (unknown_branch->branch);
  unknown_branch->branch = g_strdup ("NOPE");
  g_assert_false (ma_store_save_audit (f->store, unknown_branch, "t", NULL, NULL, &error));
  g_assert_error (error, MA_STORE_ERROR, MA_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "NOPE"));
  g_clear_error (&error);

  unknown_template->template_version = 7;
  g_assert_false (ma_store_save_audit (f->store, unknown_template, "t", NULL, NULL, &error));
  g_assert_error (error, MA_STORE_ERROR, MA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_ptr_array_remove_index (incomplete->answers, 1);
  g_assert_false (ma_store_save_audit (f->store, incomplete, "t", NULL, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "q2"));
  g_clear_error (&error);

  g_assert_true (ma_store_count_audits (f->store, NULL, &count, &error));
  g_assert_cmpuint (count, ==, 0);
}

static void
test_transactions (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaRegion) region = ma_region_new ("C", "Central");
  g_autoptr(MaBranch) orphan = ma_branch_new ("X-01", "Nowhere", "ZZ");
  g_autoptr(GPtrArray) regions = NULL;

  /* All or nothing: a rollback takes back every call since begin. */
  g_assert_true (ma_store_begin (f->store, &error));
  g_assert_true (ma_store_save_region (f->store, region, NULL, &error));
  ma_store_rollback (f->store);
  regions = ma_store_list_regions (f->store, &error);
  g_assert_cmpuint (regions->len, ==, 0);
  g_clear_pointer (&regions, g_ptr_array_unref);

  /* A failed call inside a transaction undoes only itself. */
  g_assert_true (ma_store_begin (f->store, &error));
  g_assert_true (ma_store_save_region (f->store, region, NULL, &error));
  g_assert_false (ma_store_save_branch (f->store, orphan, NULL, &error));
  g_clear_error (&error);
  g_assert_true (ma_store_commit (f->store, &error));
  g_assert_no_error (error);
  regions = ma_store_list_regions (f->store, &error);
  g_assert_cmpuint (regions->len, ==, 1);
}

static void
test_list_audits_filter (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) approved = NULL;
  g_autoptr(GPtrArray) searched = NULL;
  MaAuditFilter filter = { 0 };
  const char *uuids[] = { "9f1c2d0e-8a4b-4f7e-9a51-0b7d2f3c9e10", "9f1c2d0e-8a4b-4f7e-9a51-0b7d2f3c9e11",
                          "9f1c2d0e-8a4b-4f7e-9a51-0b7d2f3c9e12" };
  guint count = 0;

  save_template_and_directory (f->store);
  for (guint i = 0; i < G_N_ELEMENTS (uuids); i++)
    {
      g_autoptr(MaAudit) a = make_audit (uuids[i], MA_AUDIT_SUBMITTED, TRUE, 10);
      g_free (a->visited_at);
      a->visited_at = g_strdup_printf ("2026-10-%02uT10:00:00+03:00", 10 + i);
      g_assert_true (ma_store_save_audit (f->store, a, "t", NULL, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_true (ma_store_set_audit_status (f->store, uuids[0], MA_AUDIT_APPROVED, "o", NULL, &error));

  all = ma_store_list_audits (f->store, NULL, &error);
  g_assert_cmpuint (all->len, ==, 3);
  /* Newest visit first. */
  g_assert_cmpstr (((MaAuditSummary *) all->pdata[0])->uuid, ==, uuids[2]);
  g_assert_cmpfloat (((MaAuditSummary *) all->pdata[0])->score, ==, 1.0);

  filter.status_mask = 1 << MA_AUDIT_APPROVED;
  approved = ma_store_list_audits (f->store, &filter, &error);
  g_assert_cmpuint (approved->len, ==, 1);
  g_assert_true (ma_store_count_audits (f->store, &filter, &count, &error));
  g_assert_cmpuint (count, ==, 1);

  /* Search text is data, never SQL: % and ' match literally. */
  filter.status_mask = 0;
  filter.search = "e12";
  searched = ma_store_list_audits (f->store, &filter, &error);
  g_assert_cmpuint (searched->len, ==, 1);
  filter.search = "%' OR 1=1 --";
  g_assert_true (ma_store_count_audits (f->store, &filter, &count, &error));
  g_assert_cmpuint (count, ==, 0);
  g_assert_no_error (error);
}

static void
test_period_close (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaPeriodClose) close = NULL;
  g_autoptr(MaPeriodClose) before = NULL;
  g_autoptr(GPtrArray) log = NULL;

  g_assert_true (ma_store_close_period (f->store, "2026-09", "{\"rows\":[]}", "hr", &error));
  g_assert_false (ma_store_close_period (f->store, "2026-09", "{}", "hr", &error));
  g_assert_error (error, MA_STORE_ERROR, MA_STORE_ERROR_CLOSED);
  g_clear_error (&error);

  before = ma_store_get_last_close_before (f->store, "2026-10", &error);
  g_assert_nonnull (before);
  g_assert_cmpstr (before->period, ==, "2026-09");
  g_assert_cmpstr (before->snapshot, ==, "{\"rows\":[]}");

  g_assert_false (ma_store_reopen_period (f->store, "2026-09", "hr", "", &error));
  g_assert_error (error, MA_STORE_ERROR, MA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (ma_store_reopen_period (f->store, "2026-09", "hr", "late import from laptop 7", &error));
  g_assert_no_error (error);
  close = ma_store_get_period_close (f->store, "2026-09", &error);
  g_assert_null (close);
  g_assert_no_error (error);

  log = ma_store_list_period_log (f->store, "2026-09", &error);
  g_assert_cmpuint (log->len, ==, 2);
  g_assert_cmpstr (((MaLogEntry *) log->pdata[1])->action, ==, "reopened");
  g_assert_cmpstr (((MaLogEntry *) log->pdata[1])->detail, ==, "late import from laptop 7");
}

static void
test_import_log (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;

  g_assert_true (ma_store_add_import_log (f->store, "laptop-7.json", "abc123", "refused",
                                          "audits[3].answers[2].value: not a number", &error));
  log = ma_store_list_import_log (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 1);
  g_assert_cmpstr (((MaLogEntry *) log->pdata[0])->who, ==, "laptop-7.json");
  g_assert_cmpstr (((MaLogEntry *) log->pdata[0])->action, ==, "refused");
  g_assert_nonnull (strstr (((MaLogEntry *) log->pdata[0])->detail, "abc123"));
}

static void
test_check_finds_tampering (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(MaAudit) a = make_audit ("af1c2d0e-8a4b-4f7e-9a51-0b7d2f3c9e10", MA_AUDIT_SUBMITTED, TRUE, 60);
  MaDb *db;

  save_template_and_directory (f->store);
  g_assert_true (ma_store_save_audit (f->store, a, "t", NULL, NULL, &error));
  g_assert_true (ma_store_check (f->store, problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  db = ma_db_open (f->path, FALSE, &error);
  g_assert_true (ma_db_exec (db, "UPDATE audits SET score = 0.25", &error));
  ma_db_close (db);

  g_assert_true (ma_store_check (f->store, problems, &error));
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (problems->pdata[0], a->uuid));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/store/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("open-creates-private-file", test_open_creates_private_file);
  ADD ("pragmas", test_pragmas);
  ADD ("read-only", test_read_only);
  ADD ("directory-outcomes", test_directory_outcomes);
  ADD ("employee-round-trip", test_employee_round_trip);
  ADD ("template-immutable", test_template_immutable);
  ADD ("audit-save-and-results", test_audit_save_and_results);
  ADD ("audit-conflicts-and-states", test_audit_conflicts_and_states);
  ADD ("audit-refusals", test_audit_refusals);
  ADD ("transactions", test_transactions);
  ADD ("list-audits-filter", test_list_audits_filter);
  ADD ("period-close", test_period_close);
  ADD ("import-log", test_import_log);
  ADD ("check-finds-tampering", test_check_finds_tampering);
#undef ADD
  g_test_add_func ("/store/newer-schema-refused", test_newer_schema_refused);
  g_test_add_func ("/store/migrate-from-version-1", test_migrate_from_version_1);

  return g_test_run ();
}
