/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The command line's fairness commands on a demo database: dispute
 * add/resolve/list (a month with an open dispute does not close),
 * calibration and training add/list/remove. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ma-demo.h"
#include "ma-sqlite-store.h"

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_free (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static Run *
cli_run (const char *db,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Run *run = g_new0 (Run, 1);
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (gpointer) g_getenv ("MA_CLI"));
  g_ptr_array_add (args, (gpointer) "--db");
  g_ptr_array_add (args, (gpointer) db);
  va_start (ap, db);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_newv ((const char * const *) args->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
  return run;
}

/* A demo database and one approved audit of October with an employee. */
static char *
make_demo (const char  *dir,
           char       **uuid)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *templates = ma_demo_find_templates_dir ();
  char *path = g_build_filename (dir, "demo.db", NULL);
  g_autoptr(MaStore) store = ma_sqlite_store_open (path, MA_SQLITE_STORE_FLAGS_NONE, &error);
  g_autoptr(GPtrArray) audits = NULL;
  MaAuditFilter filter = { 0 };

  g_assert_no_error (error);
  g_assert_true (ma_demo_populate (store, templates, &error));
  g_assert_no_error (error);
  filter.status_mask = 1 << MA_AUDIT_APPROVED;
  filter.period_from = "2026-10";
  filter.period_to = "2026-10";
  filter.limit = 1;
  audits = ma_store_list_audits (store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audits->len, ==, 1);
  *uuid = g_strdup (((MaAuditSummary *) g_ptr_array_index (audits, 0))->uuid);
  return path;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);
      g_remove (child);
    }
  g_rmdir (dir);
}

static void
test_disputes (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ma-fairness-cli-XXXXXX", NULL);
  g_autofree char *uuid = NULL;
  g_autofree char *db = make_demo (dir, &uuid);
  g_autoptr(Run) add = cli_run (db, "dispute", "add", uuid, "--note", "Not me at the counter", NULL);
  g_autoptr(Run) again = cli_run (db, "dispute", "add", uuid, "--note", "Twice", NULL);
  g_autoptr(Run) no_note = cli_run (db, "dispute", "add", uuid, NULL);
  g_autoptr(Run) list = cli_run (db, "dispute", "list", "--period", "2026-10", "--open", NULL);
  g_autoptr(Run) close = cli_run (db, "close-period", "2026-10", NULL);
  g_autoptr(Run) both = cli_run (db, "dispute", "resolve", uuid, "--uphold", "--reject", "--note", "x", NULL);
  g_autoptr(Run) resolve = NULL;
  g_autoptr(Run) listed = NULL;
  g_autoptr(Run) closed = NULL;

  g_assert_cmpint (add->status, ==, 0);
  g_assert_cmpint (again->status, ==, 1);
  g_assert_nonnull (strstr (again->err, "already has an open dispute"));
  g_assert_cmpint (no_note->status, ==, 2);
  g_assert_true (g_str_has_prefix (list->out, uuid));
  g_assert_nonnull (strstr (list->out, "\topen\tNot me at the counter"));
  /* The month is held open, and the refusal names the audit. */
  g_assert_cmpint (close->status, ==, 1);
  g_assert_nonnull (strstr (close->err, uuid));
  g_assert_cmpint (both->status, ==, 2);

  resolve = cli_run (db, "dispute", "resolve", uuid, "--uphold", "--note", "The visit was on a holiday", NULL);
  g_assert_cmpint (resolve->status, ==, 0);
  listed = cli_run (db, "dispute", "list", NULL);
  g_assert_nonnull (strstr (listed->out, "\tupheld\tNot me at the counter\tThe visit was on a holiday\n"));
  closed = cli_run (db, "close-period", "2026-10", NULL);
  g_assert_cmpint (closed->status, ==, 0);
  remove_tree (dir);
}

static void
test_calibration_and_training (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ma-fairness-cli-XXXXXX", NULL);
  g_autofree char *uuid = NULL;
  g_autofree char *db = make_demo (dir, &uuid);
  g_autoptr(Run) calibration = cli_run (db, "calibration", "--period", "2026-09", NULL);
  g_autoptr(Run) bad_month = cli_run (db, "calibration", "--period", "2026-13", NULL);
  g_autoptr(Run) add = cli_run (db, "training", "add", "2026-09-15", "--branch", "MSK-01", "--note", "Greeting", NULL);
  g_autoptr(Run) bad_day = cli_run (db, "training", "add", "2026-02-30", "--branch", "MSK-01", NULL);
  g_autoptr(Run) list = cli_run (db, "training", "list", "--branch", "MSK-01", NULL);
  g_autoptr(Run) removed = NULL;
  g_autoptr(Run) gone = NULL;
  g_autoptr(Run) empty = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) fields = NULL;

  /* One line per auditor of the demo's September; M. Orlova is lenient. */
  g_assert_cmpint (calibration->status, ==, 0);
  lines = g_strsplit (calibration->out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 10);
  g_assert_nonnull (strstr (calibration->out, "M. Orlova\t14\t"));
  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      fields = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, 8);
      if (g_str_equal (fields[0], "M. Orlova"))
        g_assert_cmpstr (fields[7], ==, "lenient");
      g_clear_pointer (&fields, g_strfreev);
    }
  g_assert_cmpint (bad_month->status, ==, 1);

  g_assert_cmpint (add->status, ==, 0);
  g_assert_cmpint (bad_day->status, ==, 1);
  g_assert_nonnull (strstr (bad_day->err, "2026-02-30"));
  g_assert_cmpstr (list->out, ==, "1\t2026-09-15\tMSK-01\t\tGreeting\n");
  removed = cli_run (db, "training", "remove", "1", NULL);
  g_assert_cmpint (removed->status, ==, 0);
  gone = cli_run (db, "training", "remove", "1", NULL);
  g_assert_cmpint (gone->status, ==, 1);
  empty = cli_run (db, "training", "list", NULL);
  g_assert_cmpstr (empty->out, ==, "");
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fairness-cli/disputes", test_disputes);
  g_test_add_func ("/fairness-cli/calibration-and-training", test_calibration_and_training);
  return g_test_run ();
}
