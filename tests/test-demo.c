/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "ma-demo.h"
#include "ma-sqlite-store.h"

/* A store in a fresh temporary directory, removed with everything in it. */
typedef struct {
  char    *dir;
  MaStore *store;
} TempStore;

static void
temp_store_open (TempStore *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  self->dir = g_dir_make_tmp ("ma-demo-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (self->dir, "demo.db", NULL);
  self->store = ma_sqlite_store_open (path, MA_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (self->store);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
temp_store_close (TempStore *self)
{
  g_clear_object (&self->store);
  remove_tree (self->dir);
  g_clear_pointer (&self->dir, g_free);
}

static const char *
templates_dir (void)
{
  const char *dir = g_getenv ("MA_TEMPLATES_DIR");

  g_assert_nonnull (dir);
  return dir;
}

static void
populate (TempStore *self)
{
  g_autoptr(GError) error = NULL;

  temp_store_open (self);
  g_assert_true (ma_demo_populate (self->store, templates_dir (), &error));
  g_assert_no_error (error);
}

static guint
count_audits (MaStore    *store,
              guint       status_mask,
              const char *period,
              const char *branch)
{
  g_autoptr(GError) error = NULL;
  MaAuditFilter filter = { 0 };
  guint count = 0;

  filter.status_mask = status_mask;
  filter.period_from = period;
  filter.period_to = period;
  filter.branch = branch;
  g_assert_true (ma_store_count_audits (store, &filter, &count, &error));
  g_assert_no_error (error);
  return count;
}

static GPtrArray *
list_all_audits (MaStore *store)
{
  g_autoptr(GError) error = NULL;
  MaAuditFilter filter = { 0 };
  GPtrArray *audits = ma_store_list_audits (store, &filter, &error);

  g_assert_no_error (error);
  g_assert_nonnull (audits);
  return audits;
}

static gboolean
is_v4_uuid (const char *uuid)
{
  return g_regex_match_simple ("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
                               uuid, 0, 0);
}

#define MASK(status) (1u << (status))

static void
test_contents (void)
{
  TempStore t = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) regions = NULL;
  g_autoptr(GPtrArray) branches = NULL;
  g_autoptr(GPtrArray) employees = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GPtrArray) schemes = NULL;
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GPtrArray) by_employee = NULL;
  g_autoptr(GHashTable) positions = g_hash_table_new (g_str_hash, g_str_equal);
  guint cyrillic = 0, latin = 0, left = 0, joined = 0, critical = 0, commented = 0, single = 0;
  double lowest = 1, highest = 0;
  gboolean empty = TRUE;

  populate (&t);

  g_assert_true (ma_store_is_empty (t.store, &empty, &error));
  g_assert_false (empty);

  regions = ma_store_list_regions (t.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (regions->len, ==, 3);
  branches = ma_store_list_branches (t.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (branches->len, ==, 12);
  templates = ma_store_list_templates (t.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (templates->len, >=, 4);
  schemes = ma_store_list_schemes (t.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (schemes->len, ==, 2);

  employees = ma_store_list_employees (t.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (employees->len, >=, 75);
  g_assert_cmpuint (employees->len, <=, 90);
  for (guint i = 0; i < employees->len; i++)
    {
      const MaEmployee *employee = g_ptr_array_index (employees, i);
      gunichar first = g_utf8_get_char (employee->name);

      g_assert_true (g_utf8_validate (employee->name, -1, NULL));
      if (first >= 0x0400 && first <= 0x04ff)
        cyrillic++;
      else
        latin++;
      g_hash_table_add (positions, employee->position);
      g_assert_cmpstr (employee->currency, ==, "RUB");
      g_assert_cmpint (employee->base_pay, >=, 4000000);
      g_assert_cmpint (employee->base_pay, <=, 7000000);
      left += employee->active_to != NULL;
      joined += g_strcmp0 (employee->active_from, "2026-08-01") >= 0;
    }
  g_assert_cmpuint (cyrillic, >, 10);
  g_assert_cmpuint (latin, >, 10);
  g_assert_cmpuint (g_hash_table_size (positions), ==, 3);
  g_assert_true (g_hash_table_contains (positions, "driver"));
  g_assert_true (g_hash_table_contains (positions, "sales"));
  g_assert_true (g_hash_table_contains (positions, "operator"));
  g_assert_cmpuint (left, >=, 2);
  g_assert_cmpuint (joined, >=, 2);

  /* Every demo month has a KPI figure for everyone employed in it. */
  for (guint m = 8; m <= 10; m++)
    {
      g_autofree char *period = g_strdup_printf ("2026-%02u", m);
      g_autoptr(GPtrArray) kpis = ma_store_list_kpis (t.store, period, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (kpis->len, >=, employees->len - 3);
      for (guint i = 0; i < kpis->len; i++)
        {
          const MaKpi *kpi = g_ptr_array_index (kpis, i);

          g_assert_cmpstr (kpi->component, ==, "volume");
          g_assert_cmpfloat (kpi->plan, >, 0);
          g_assert_cmpfloat (kpi->actual, >=, 0);
        }
    }

  /* Every branch has approved results in the current month, and in the
   * months before. */
  for (guint b = 0; b < branches->len; b++)
    {
      const MaBranch *branch = g_ptr_array_index (branches, b);

      g_test_message ("branch %s", branch->code);
      g_assert_cmpuint (count_audits (t.store, MASK (MA_AUDIT_APPROVED), "2026-10", branch->code), >, 0);
      g_assert_cmpuint (count_audits (t.store, MASK (MA_AUDIT_APPROVED), "2026-08", branch->code), >, 0);
    }

  /* About two audits a person a month, in every state in the current
   * month, and none outside the demo months. */
  for (guint m = 8; m <= 10; m++)
    {
      g_autofree char *period = g_strdup_printf ("2026-%02u", m);
      guint all = count_audits (t.store, 0, period, NULL);

      g_assert_cmpuint (all, >=, employees->len * 3 / 2);
      g_assert_cmpuint (all, <=, employees->len * 5 / 2);
    }
  g_assert_cmpuint (count_audits (t.store, MASK (MA_AUDIT_DRAFT), "2026-10", NULL), >, 0);
  g_assert_cmpuint (count_audits (t.store, MASK (MA_AUDIT_SUBMITTED), "2026-10", NULL), >, 0);
  g_assert_cmpuint (count_audits (t.store, MASK (MA_AUDIT_VOIDED), NULL, NULL), >, 0);
  g_assert_cmpuint (count_audits (t.store, MASK (MA_AUDIT_APPROVED), NULL, NULL), >,
                    count_audits (t.store, 0, NULL, NULL) * 3 / 4);
  g_assert_cmpuint (count_audits (t.store, 0, "2026-07", NULL), ==, 0);
  g_assert_cmpuint (count_audits (t.store, 0, "2026-11", NULL), ==, 0);

  audits = list_all_audits (t.store);
  for (guint i = 0; i < audits->len; i++)
    {
      const MaAuditSummary *summary = g_ptr_array_index (audits, i);

      g_assert_true (is_v4_uuid (summary->uuid));
      /* Riga leaves summer time on the last Sunday of October
       * (2026-10-25); Russia stays at +03:00. */
      if (g_str_has_prefix (summary->branch, "RIX-") &&
          strncmp (summary->visited_at, "2026-10-25", 10) >= 0)
        g_assert_true (g_str_has_suffix (summary->visited_at, "+02:00"));
      else
        g_assert_true (g_str_has_suffix (summary->visited_at, "+03:00"));

      if (summary->status == MA_AUDIT_APPROVED && !isnan (summary->score))
        {
          lowest = MIN (lowest, summary->score);
          highest = MAX (highest, summary->score);
        }
      critical += summary->critical_failure != NULL;

      if (summary->status == MA_AUDIT_VOIDED)
        {
          g_autoptr(GPtrArray) log = ma_store_list_audit_log (t.store, summary->uuid, &error);
          gboolean voided = FALSE;

          g_assert_no_error (error);
          for (guint l = 0; l < log->len; l++)
            {
              const MaLogEntry *entry = g_ptr_array_index (log, l);

              if (g_strcmp0 (entry->action, "voided") == 0)
                {
                  voided = TRUE;
                  g_assert_nonnull (entry->detail);
                }
            }
          g_assert_true (voided);
        }
      if (summary->status == MA_AUDIT_APPROVED && commented < 1)
        {
          g_autoptr(MaAudit) audit = ma_store_get_audit (t.store, summary->uuid, &error);

          g_assert_no_error (error);
          for (guint a = 0; a < audit->answers->len; a++)
            commented += ((const MaAnswer *) g_ptr_array_index (audit->answers, a))->comment != NULL;
        }
    }
  /* Results vary: somebody does badly, somebody very well. */
  g_assert_cmpfloat (lowest, <, 0.5);
  g_assert_cmpfloat (highest, >, 0.95);
  g_assert_cmpuint (critical, >=, 2);
  g_assert_cmpuint (critical, <=, audits->len / 10);
  g_assert_cmpuint (commented, >, 0);

  /* A handful of people have a single approved audit in the month. */
  by_employee = ma_store_aggregate_scores (t.store, MA_GROUP_EMPLOYEE, MA_PART_OVERALL,
                                           "2026-10", "2026-10", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < by_employee->len; i++)
    single += ((const MaAggregateRow *) g_ptr_array_index (by_employee, i))->n == 1;
  g_assert_cmpuint (single, >=, 3);

  temp_store_close (&t);
}

static void
test_deterministic (void)
{
  TempStore a = { 0 }, b = { 0 };
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;

  populate (&a);
  populate (&b);
  first = list_all_audits (a.store);
  second = list_all_audits (b.store);

  g_assert_cmpuint (first->len, >, 0);
  g_assert_cmpuint (first->len, ==, second->len);
  for (guint i = 0; i < first->len; i++)
    {
      const MaAuditSummary *x = g_ptr_array_index (first, i);
      const MaAuditSummary *y = g_ptr_array_index (second, i);

      g_assert_cmpstr (x->uuid, ==, y->uuid);
      g_assert_cmpstr (x->visited_at, ==, y->visited_at);
      g_assert_cmpstr (x->employee, ==, y->employee);
      g_assert_cmpint (x->status, ==, y->status);
      g_assert_cmpint (isnan (x->score), ==, isnan (y->score));
      if (!isnan (x->score))
        g_assert_cmpfloat (x->score, ==, y->score);
    }

  temp_store_close (&a);
  temp_store_close (&b);
}

static void
test_refuses_non_empty (void)
{
  TempStore t = { 0 };
  g_autoptr(GError) error = NULL;
  guint before;

  populate (&t);
  before = count_audits (t.store, 0, NULL, NULL);
  g_assert_false (ma_demo_populate (t.store, templates_dir (), &error));
  g_assert_error (error, MA_DEMO_ERROR, MA_DEMO_ERROR_NOT_EMPTY);
  g_assert_cmpuint (count_audits (t.store, 0, NULL, NULL), ==, before);
  temp_store_close (&t);
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
copy_shipped (const char *dir,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (templates_dir (), name, NULL);
  g_autofree char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  write_file (dir, name, contents);
}

/* A template directory without the templates the demo uses is refused,
 * and nothing is written. */
static void
test_missing_template (void)
{
  TempStore t = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ma-demo-templates-XXXXXX", &error);
  gboolean empty = FALSE;

  g_assert_no_error (error);
  copy_shipped (dir, "store-visit.json");
  temp_store_open (&t);
  g_assert_false (ma_demo_populate (t.store, dir, &error));
  g_assert_error (error, MA_DEMO_ERROR, MA_DEMO_ERROR_TEMPLATES);
  g_assert_nonnull (strstr (error->message, "phone-call"));
  g_assert_true (ma_store_is_empty (t.store, &empty, NULL));
  g_assert_true (empty);

  temp_store_close (&t);
  remove_tree (dir);
}

typedef struct {
  const char *contents;
  const char *message_part;
} BadFile;

static void
test_bad_template_files (void)
{
  static const BadFile bad[] = {
    { "{ \"format\": \"mystery-audit-bundle\", \"version\": 1, \"templates\": [ ",
      "broken.json" },
    { "[ 1, 2 ]", "broken.json" },
    /* Strict JSON, as for an imported bundle. */
    { "{ \"format\": \"mystery-audit-bundle\", \"format\": \"x\", \"version\": 1, \"templates\": [] }",
      "format" },
    { "{ \"format\": \"something-else\", \"version\": 1, \"templates\": [] }",
      "something-else" },
    { "{ \"format\": \"mystery-audit-bundle\", \"version\": 7, \"templates\": [] }",
      "newer" },
    { "{ \"format\": \"mystery-audit-bundle\", \"version\": 1 }",
      "templates" },
    /* Only one of two sections has a weight. */
    { "{ \"format\": \"mystery-audit-bundle\", \"version\": 1, \"templates\": [ {"
      " \"key\": \"t\", \"version\": 1, \"name\": \"T\", \"channel\": \"visit\", \"sections\": ["
      " { \"key\": \"a\", \"title\": \"A\", \"weight\": 1, \"questions\": ["
      "   { \"key\": \"q1\", \"text\": \"Q1\", \"type\": \"yes_no\" } ] },"
      " { \"key\": \"b\", \"title\": \"B\", \"questions\": ["
      "   { \"key\": \"q2\", \"text\": \"Q2\", \"type\": \"yes_no\" } ] } ] } ] }",
      "templates[0]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = g_dir_make_tmp ("ma-demo-templates-XXXXXX", &error);
      g_autoptr(GPtrArray) templates = NULL;

      g_assert_no_error (error);
      copy_shipped (dir, "phone-call.json");
      write_file (dir, "broken.json", bad[i].contents);

      templates = ma_demo_load_templates (dir, NULL, &error);
      g_test_message ("case %u: %s", i, error != NULL ? error->message : "(no error)");
      g_assert_null (templates);
      g_assert_error (error, MA_DEMO_ERROR, MA_DEMO_ERROR_TEMPLATES);
      /* The message names the file, and what is wrong with it. */
      g_assert_nonnull (strstr (error->message, "broken.json"));
      g_assert_nonnull (strstr (error->message, bad[i].message_part));
      remove_tree (dir);
    }
}

static void
test_load_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ma-demo-templates-XXXXXX", &error);
  g_autofree char *absent = g_build_filename (dir, "absent", NULL);
  g_autofree char *copy = g_build_filename (dir, "zz-copy.json", NULL);
  g_autoptr(GPtrArray) templates = NULL;

  g_assert_no_error (error);

  /* No templates at all. */
  write_file (dir, "README", "not a template");
  templates = ma_demo_load_templates (dir, NULL, &error);
  g_assert_null (templates);
  g_assert_error (error, MA_DEMO_ERROR, MA_DEMO_ERROR_TEMPLATES);
  g_clear_error (&error);

  /* A directory that is not there. */
  templates = ma_demo_load_templates (absent, NULL, &error);
  g_assert_null (templates);
  g_assert_error (error, MA_DEMO_ERROR, MA_DEMO_ERROR_TEMPLATES);
  g_assert_nonnull (strstr (error->message, absent));
  g_clear_error (&error);

  /* The same template version in two files. */
  copy_shipped (dir, "phone-call.json");
  copy_shipped (dir, "store-visit.json");
  {
    g_autofree char *path = g_build_filename (templates_dir (), "phone-call.json", NULL);
    g_autofree char *contents = NULL;

    g_file_get_contents (path, &contents, NULL, &error);
    g_assert_no_error (error);
    write_file (dir, "zz-copy.json", contents);
  }
  templates = ma_demo_load_templates (dir, NULL, &error);
  g_assert_null (templates);
  g_assert_error (error, MA_DEMO_ERROR, MA_DEMO_ERROR_TEMPLATES);
  g_assert_nonnull (strstr (error->message, "zz-copy.json"));
  g_assert_nonnull (strstr (error->message, "phone-call"));
  g_clear_error (&error);

  /* Files come back in name order, whatever the directory order. */
  g_assert_cmpint (g_remove (copy), ==, 0);
  templates = ma_demo_load_templates (dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (templates->len, ==, 2);
  g_assert_cmpstr (((const MaTemplate *) g_ptr_array_index (templates, 0))->key, ==, "phone-call");
  g_assert_cmpstr (((const MaTemplate *) g_ptr_array_index (templates, 1))->key, ==, "store-visit");

  remove_tree (dir);
}

static void
test_find_templates_dir (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("MA_TEMPLATES_DIR"));
  g_autofree char *from_env = NULL;
  g_autofree char *installed = NULL;

  g_setenv ("MA_TEMPLATES_DIR", "/somewhere/templates", TRUE);
  from_env = ma_demo_find_templates_dir ();
  g_assert_cmpstr (from_env, ==, "/somewhere/templates");

  /* Without the variable: the installed directory, and only if it is
   * there (a build that was never installed has none). */
  g_unsetenv ("MA_TEMPLATES_DIR");
  installed = ma_demo_find_templates_dir ();
  if (g_file_test (PKGDATADIR "/templates", G_FILE_TEST_IS_DIR))
    g_assert_cmpstr (installed, ==, PKGDATADIR "/templates");
  else
    g_assert_null (installed);

  if (saved != NULL)
    g_setenv ("MA_TEMPLATES_DIR", saved, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/demo/contents", test_contents);
  g_test_add_func ("/demo/deterministic", test_deterministic);
  g_test_add_func ("/demo/refuses-non-empty", test_refuses_non_empty);
  g_test_add_func ("/demo/missing-template", test_missing_template);
  g_test_add_func ("/demo/bad-template-files", test_bad_template_files);
  g_test_add_func ("/demo/load-errors", test_load_errors);
  g_test_add_func ("/demo/find-templates-dir", test_find_templates_dir);
  return g_test_run ();
}
