/* SPDX-License-Identifier: GPL-3.0-or-later */
/* End-to-end tests of mystery-audit-cli: the real binary, a real database
 * file, and the contract of bundle-v1.md (commands, exit codes, JSON). */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "ma-bonus.h"
#include "ma-db.h"
#include "ma-sqlite-store.h"

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static char *demo_db;   /* made once, copied by tests that write */
static char *work_dir;

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
  if (db != NULL)
    {
      g_ptr_array_add (args, (gpointer) "--db");
      g_ptr_array_add (args, (gpointer) db);
    }
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

static JsonNode *
parse_output (const Run *run)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (run->out, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static char *
copy_demo (const char *name)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (work_dir, name, NULL);
  gsize length;

  g_assert_true (g_file_get_contents (demo_db, &contents, &length, &error));
  g_assert_true (g_file_set_contents (path, contents, length, &error));
  g_assert_no_error (error);
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
test_usage_errors (void)
{
  g_autoptr(Run) none = cli_run (NULL, NULL);
  g_autoptr(Run) unknown = cli_run (demo_db, "frobnicate", NULL);
  g_autoptr(Run) no_period = cli_run (demo_db, "bonus", NULL);
  g_autoptr(Run) xlsx_no_file = cli_run (demo_db, "bonus", "--period", "2026-10", "--format", "xlsx", NULL);
  g_autoptr(Run) bad_format = cli_run (demo_db, "compare", "--period", "2026-10", "--format", "pdf", NULL);
  g_autoptr(Run) bad_by = cli_run (demo_db, "compare", "--period", "2026-10", "--by", "planet", NULL);
  g_autoptr(Run) help = cli_run (NULL, "--help", NULL);

  g_assert_cmpint (none->status, ==, 2);
  g_assert_cmpint (unknown->status, ==, 2);
  g_assert_nonnull (strstr (unknown->err, "frobnicate"));
  g_assert_cmpint (no_period->status, ==, 2);
  g_assert_cmpint (xlsx_no_file->status, ==, 2);
  g_assert_cmpint (bad_format->status, ==, 2);
  g_assert_cmpint (bad_by->status, ==, 2);
  g_assert_cmpint (help->status, ==, 0);
  g_assert_nonnull (strstr (help->out, "close-period"));
}

static void
test_refused_input (void)
{
  g_autoptr(Run) bad_period = cli_run (demo_db, "bonus", "--period", "2026-13", NULL);
  g_autoptr(Run) unknown_uuid = cli_run (demo_db, "score", "00000000-0000-4000-8000-000000000000", NULL);
  g_autofree char *missing = g_build_filename (work_dir, "nowhere.db", NULL);
  g_autoptr(Run) no_db = cli_run (missing, "bonus", "--period", "2026-10", NULL);

  g_assert_cmpint (bad_period->status, ==, 1);
  g_assert_nonnull (strstr (bad_period->err, "2026-13"));
  g_assert_cmpint (unknown_uuid->status, ==, 1);
  g_assert_nonnull (strstr (unknown_uuid->err, "00000000-0000-4000-8000-000000000000"));
  g_assert_cmpint (no_db->status, ==, 1);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

static void
test_init_demo_twice_refused (void)
{
  g_autofree char *db = copy_demo ("twice.db");
  g_autoptr(Run) again = cli_run (db, "init", "--demo", NULL);

  g_assert_cmpint (again->status, ==, 1);
  g_assert_nonnull (strstr (again->err, "already has data"));
}

/* Every employee a scheme covers gets a row in the demo month; the money is
 * a string with two decimals and the total is the sum of the amounts. */
static void
test_bonus_json (void)
{
  g_autoptr(Run) run = cli_run (demo_db, "bonus", "--period", "2026-10", "--format", "json", NULL);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *rows;
  guint drivers = 0;

  g_assert_cmpint (run->status, ==, 0);
  root = parse_output (run);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "period"), ==, "2026-10");
  rows = json_object_get_array_member (object, "rows");
  g_assert_cmpuint (json_array_get_length (rows), >=, 60);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      JsonArray *components = json_object_get_array_member (row, "components");
      const char *total = json_object_get_string_member (row, "total");
      gint64 sum = 0;

      g_assert_true (json_object_has_member (row, "employee"));
      g_assert_true (json_object_has_member (row, "name"));
      g_assert_true (json_object_has_member (row, "branch"));
      g_assert_true (json_object_has_member (row, "scheme"));
      g_assert_true (g_regex_match_simple ("^[0-9]+\\.[0-9]{2}$",
                                           json_object_get_string_member (row, "base_pay"), 0, 0));
      g_assert_true (g_regex_match_simple ("^[0-9]+\\.[0-9]{2}$", total, 0, 0));
      if (g_str_equal (json_object_get_string_member (row, "scheme"), "drivers"))
        drivers++;

      for (guint j = 0; j < json_array_get_length (components); j++)
        {
          JsonObject *c = json_array_get_object_element (components, j);
          const char *amount = json_object_get_string_member (c, "amount");

          g_assert_true (g_regex_match_simple ("^[0-9]+\\.[0-9]{2}$", amount, 0, 0));
          sum += g_ascii_strtoll (amount, NULL, 10) * 100 + atoi (strchr (amount, '.') + 1);
          g_assert_true (json_object_has_member (c, "key"));
          g_assert_true (json_object_has_member (c, "share"));
          g_assert_true (json_object_has_member (c, "achievement"));
          g_assert_true (json_object_has_member (c, "payout"));
          g_assert_true (json_object_has_member (c, "n"));
          g_assert_true (json_object_has_member (c, "assessed"));
          g_assert_true (json_object_has_member (c, "low_confidence"));
        }
      g_assert_cmpint (sum, ==, g_ascii_strtoll (total, NULL, 10) * 100 + atoi (strchr (total, '.') + 1));
    }
  g_assert_cmpuint (drivers, >, 0);
}

static void
test_compare_branches (void)
{
  g_autoptr(Run) run = cli_run (demo_db, "compare", "--period", "2026-10", "--by", "branch",
                                "--format", "json", NULL);
  g_autoptr(JsonNode) root = NULL;
  JsonArray *rows;
  gint64 previous_rank = 0;

  g_assert_cmpint (run->status, ==, 0);
  root = parse_output (run);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "by"), ==, "branch");
  rows = json_object_get_array_member (json_node_get_object (root), "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 12);
  for (guint i = 0; i < 12; i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      gint64 rank = json_object_get_int_member (row, "rank");

      g_assert_cmpint (json_object_get_int_member (row, "n"), >, 0);
      g_assert_cmpint (rank, >=, previous_rank);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (row, "sections")));
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (row, "components")));
      previous_rank = rank;
    }
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rows, 0), "rank"), ==, 1);
}

static void
test_compare_range_and_table (void)
{
  g_autoptr(Run) range = cli_run (demo_db, "compare", "--period", "2026-08..2026-10", "--by", "region",
                                  "--format", "json", NULL);
  g_autoptr(Run) table = cli_run (demo_db, "compare", "--period", "2026-10", NULL);
  g_autoptr(Run) csv = cli_run (demo_db, "compare", "--period", "2026-10", "--format", "csv", NULL);
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpint (range->status, ==, 0);
  root = parse_output (range);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "rows")),
                    ==, 3);
  g_assert_cmpint (table->status, ==, 0);
  g_assert_nonnull (strstr (table->out, "Rank"));
  g_assert_cmpint (csv->status, ==, 0);
  g_assert_true (g_str_has_prefix (csv->out, "rank,key,name,n,score"));
}

static void
test_score_json (void)
{
  g_autoptr(Run) list = NULL;
  g_autoptr(Run) run = NULL;
  g_autoptr(JsonNode) score = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GRegex) uuid_regex = g_regex_new ("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
                                              0, 0, NULL);
  g_autofree char *uuid = NULL;
  g_autofree char *export_path = g_build_filename (work_dir, "for-score.json", NULL);
  g_autofree char *exported = NULL;
  JsonObject *object;

  /* Find an audit uuid through the public interface: an export. */
  list = cli_run (demo_db, "export", "--audits", "-o", export_path, NULL);
  g_assert_cmpint (list->status, ==, 0);
  g_assert_true (g_file_get_contents (export_path, &exported, NULL, NULL));
  g_assert_true (g_regex_match (uuid_regex, exported, 0, &match));
  uuid = g_match_info_fetch (match, 0);

  run = cli_run (demo_db, "score", uuid, "--json", NULL);
  g_assert_cmpint (run->status, ==, 0);
  score = parse_output (run);
  object = json_node_get_object (score);
  g_assert_cmpstr (json_object_get_string_member (object, "uuid"), ==, uuid);
  g_assert_true (json_object_has_member (object, "score"));
  g_assert_true (json_object_has_member (object, "critical_failure"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "sections")), >, 0);
  g_assert_true (json_object_has_member (json_array_get_object_element (json_object_get_array_member (object, "sections"), 0),
                                         "earned"));
}

static void
test_bonus_files (void)
{
  g_autofree char *csv_path = g_build_filename (work_dir, "bonus.csv", NULL);
  g_autofree char *xlsx_path = g_build_filename (work_dir, "bonus.xlsx", NULL);
  g_autoptr(Run) csv = cli_run (demo_db, "bonus", "--period", "2026-10", "--format", "csv", "-o", csv_path, NULL);
  g_autoptr(Run) xlsx = cli_run (demo_db, "bonus", "--period", "2026-10", "--format", "xlsx", "-o", xlsx_path, NULL);
  g_autofree char *contents = NULL;

  g_assert_cmpint (csv->status, ==, 0);
  g_assert_true (g_file_get_contents (csv_path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "employee,name,branch,scheme,component"));
  g_assert_nonnull (strstr (contents, "\r\n"));
  g_assert_cmpint (xlsx->status, ==, 0);
  g_assert_true (g_file_test (xlsx_path, G_FILE_TEST_IS_REGULAR));
}

static void
test_close_period (void)
{
  g_autofree char *db = copy_demo ("close.db");
  g_autoptr(Run) close = cli_run (db, "close-period", "2026-09", NULL);
  g_autoptr(Run) again = cli_run (db, "close-period", "2026-09", NULL);
  g_autoptr(Run) bonus = cli_run (db, "bonus", "--period", "2026-09", "--format", "json", NULL);
  g_autoptr(Run) reopen_no_reason = cli_run (db, "reopen-period", "2026-09", NULL);
  g_autoptr(Run) reopen = cli_run (db, "reopen-period", "2026-09", "--reason", "late bundle from laptop 7", NULL);
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpint (close->status, ==, 0);
  g_assert_cmpint (again->status, ==, 1);
  g_assert_nonnull (strstr (again->err, "already closed"));
  g_assert_cmpint (bonus->status, ==, 0);
  root = parse_output (bonus);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (root), "closed"));
  g_assert_cmpint (reopen_no_reason->status, ==, 2);
  g_assert_cmpint (reopen->status, ==, 0);
}


/* A draft audit for the demo's delivery template, with @answer and
 * @attachment spliced in: drafts may leave questions unanswered. */
static char *
make_bundle (const char *template_key,
             const char *answer,
             const char *attachment)
{
  return g_strdup_printf ("{\"format\": \"mystery-audit-bundle\", \"version\": 1, \"audits\": [{"
                          "\"uuid\": \"0b7d2f3c-8a4b-4f7e-9a51-6f1c2d0e9e10\","
                          "\"template\": \"%s\", \"template_version\": 1,"
                          "\"branch\": \"SPB-01\", \"employee\": \"E1001\","
                          "\"auditor\": \"A. Smirnova\", \"channel\": \"delivery\","
                          "\"visited_at\": \"2026-10-14T11:30:00+03:00\","
                          "\"modified\": \"2026-10-14T12:02:41+03:00\", \"status\": \"draft\","
                          "\"answers\": [%s], \"attachments\": [%s]}]}",
                          template_key, answer, attachment);
}

static void
check_refused (const char *name,
               const char *contents,
               const char *member_path)
{
  g_autofree char *db = copy_demo ("refusals.db");
  g_autofree char *path = g_build_filename (work_dir, name, NULL);
  g_autoptr(Run) before = cli_run (db, "compare", "--period", "2026-10", "--by", "employee", "--format", "json", NULL);
  g_autoptr(Run) import = NULL;
  g_autoptr(Run) after = NULL;
  g_autoptr(Run) score = NULL;

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  import = cli_run (db, "import", path, NULL);
  g_assert_cmpint (import->status, ==, 1);
  g_assert_nonnull (strstr (import->err, member_path));

  /* Nothing of the bundle got in, and nothing else moved. */
  after = cli_run (db, "compare", "--period", "2026-10", "--by", "employee", "--format", "json", NULL);
  g_assert_cmpstr (before->out, ==, after->out);
  score = cli_run (db, "score", "0b7d2f3c-8a4b-4f7e-9a51-6f1c2d0e9e10", NULL);
  g_assert_cmpint (score->status, ==, 1);
}

static void
test_import_accepts_good_draft (void)
{
  g_autofree char *db = copy_demo ("good.db");
  g_autofree char *path = g_build_filename (work_dir, "good.json", NULL);
  g_autofree char *bundle = make_bundle ("delivery-driver", "{\"question\": \"greeted\", \"value\": true}", "");
  g_autoptr(Run) import = NULL;
  g_autoptr(Run) again = NULL;
  g_autoptr(Run) score = NULL;

  /* The control case for the refusals below: the same bundle, well formed. */
  g_assert_true (g_file_set_contents (path, bundle, -1, NULL));
  import = cli_run (db, "import", path, NULL);
  g_assert_cmpint (import->status, ==, 0);
  again = cli_run (db, "import", path, NULL);
  g_assert_cmpint (again->status, ==, 0);
  score = cli_run (db, "score", "0b7d2f3c-8a4b-4f7e-9a51-6f1c2d0e9e10", NULL);
  g_assert_cmpint (score->status, ==, 0);
}

static void
test_import_truncated (void)
{
  g_autofree char *bundle = make_bundle ("delivery-driver", "{\"question\": \"greeted\", \"value\": true}", "");

  bundle[strlen (bundle) / 2] = '\0';
  check_refused ("truncated.json", bundle, "audits[0]");
}

static void
test_import_wrong_type (void)
{
  g_autofree char *bundle = make_bundle ("delivery-driver", "{\"question\": \"greeted\", \"value\": \"yes\"}", "");

  check_refused ("wrong-type.json", bundle, "audits[0].answers[0].value");
}

static void
test_import_unknown_template (void)
{
  g_autofree char *bundle = make_bundle ("no-such-template", "", "");

  check_refused ("unknown-template.json", bundle, "audits[0].template");
}

static void
test_import_attachment_path (void)
{
  g_autofree char *bundle = make_bundle ("delivery-driver", "",
                                         "{\"question\": \"greeted\", \"name\": \"../../.bashrc\","
                                         "\"sha256\": \"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\","
                                         "\"data_base64\": \"\"}");

  check_refused ("attachment-path.json", bundle, "audits[0].attachments[0].name");
}

static void
test_check (void)
{
  g_autoptr(Run) run = cli_run (demo_db, "check", NULL);

  g_assert_cmpint (run->status, ==, 0);
}

/* ---- one writer at a time ------------------------------------------------------- */

static char *
good_demo_bundle (void)
{
  const char *data = g_getenv ("MA_TEST_DATA");

  return g_build_filename (data != NULL ? data : "tests/data", "..", "bundles", "good-demo.json", NULL);
}

static MaStore *
open_test_store (const char *db)
{
  g_autoptr(GError) error = NULL;
  MaStore *store = ma_sqlite_store_open (db, MA_SQLITE_STORE_FLAGS_NONE, &error);

  g_assert_no_error (error);
  return store;
}

static void
assert_refused_while_closing (const Run *run)
{
  g_assert_cmpint (run->status, ==, 1);
  if (strstr (run->err, "2026-10") == NULL || strstr (run->err, "Anna Kovaleva") == NULL)
    g_error ("expected the period and who closes it in: %s", run->err);
}

/* While a period is being closed in the window, every command that writes
 * refuses, saying which period and who; reading goes on. Once the close is
 * cancelled, writing works again. */
static void
test_refuses_while_closing (void)
{
  g_autofree char *db = copy_demo ("closing.db");
  g_autofree char *bundle = good_demo_bundle ();
  g_autoptr(MaStore) store = open_test_store (db);
  g_autoptr(GError) error = NULL;

  g_assert_true (ma_bonus_begin_close (store, "2026-10", "Anna Kovaleva", &error));
  g_assert_no_error (error);

  {
    g_autoptr(Run) import = cli_run (db, "import", bundle, NULL);
    g_autoptr(Run) approve = cli_run (db, "approve", "--all-submitted", NULL);
    g_autoptr(Run) close = cli_run (db, "close-period", "2026-09", NULL);
    g_autoptr(Run) reopen = cli_run (db, "reopen-period", "2026-08", "--reason", "late", NULL);
    g_autoptr(Run) demo = cli_run (db, "init", "--demo", NULL);
    g_autoptr(Run) bonus = cli_run (db, "bonus", "--period", "2026-10", "--format", "json", NULL);

    assert_refused_while_closing (import);
    assert_refused_while_closing (approve);
    assert_refused_while_closing (close);
    assert_refused_while_closing (reopen);
    assert_refused_while_closing (demo);
    g_assert_cmpint (bonus->status, ==, 0);
  }

  g_assert_true (ma_bonus_cancel_close (store, "2026-10", &error));
  g_assert_no_error (error);
  {
    g_autoptr(Run) import = cli_run (db, "import", bundle, NULL);

    g_assert_cmpint (import->status, ==, 0);
  }
}

typedef struct {
  const char *db;
  gint        stop;
  guint       transactions;
  char       *last_name;
} Hammer;

/* Holds the write lock for a few milliseconds at a time, as the window's
 * short transactions do, until told to stop. */
static gpointer
hammer_thread (gpointer data)
{
  Hammer *hammer = data;
  g_autoptr(MaStore) store = open_test_store (hammer->db);

  while (!g_atomic_int_get (&hammer->stop))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("Hammered %u", hammer->transactions);
      g_autoptr(MaRegion) region = ma_region_new ("HAM", name);

      g_assert_true (ma_store_begin (store, &error));
      g_assert_no_error (error);
      g_assert_true (ma_store_save_region (store, region, NULL, &error));
      g_assert_no_error (error);
      g_usleep (8 * 1000);
      g_assert_true (ma_store_commit (store, &error));
      g_assert_no_error (error);
      hammer->transactions++;
      g_free (hammer->last_name);
      hammer->last_name = g_steal_pointer (&name);
      g_usleep (2 * 1000);
    }
  return NULL;
}

/* The command-line tool and a window on the same file at the same time:
 * the busy timeout and short transactions let both write, nothing is lost
 * and the file stays sound. */
static void
test_concurrent_writers (void)
{
  g_autofree char *db = copy_demo ("concurrent.db");
  g_autofree char *bundle = good_demo_bundle ();
  g_autofree char *message = NULL;
  g_autoptr(MaStore) store = NULL;
  g_autoptr(GPtrArray) regions = NULL;
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GError) error = NULL;
  Hammer hammer = { .db = db };
  GThread *thread;
  gboolean ok = FALSE;
  gboolean found = FALSE;
  MaAuditFilter filter = { .branch = "EKB-01" };

  thread = g_thread_new ("hammer", hammer_thread, &hammer);
  /* The first run adds, the others find it identical: each one writes its
   * import log entry while the hammer holds and releases the lock. */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(Run) import = cli_run (db, "import", bundle, NULL);

      if (import->status != 0)
        g_error ("import %u failed: %s", i, import->err);
    }
  g_atomic_int_set (&hammer.stop, TRUE);
  g_thread_join (thread);
  g_assert_cmpuint (hammer.transactions, >, 5);

  g_assert_true (ma_db_integrity_check (db, &ok, &message, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (message, ==, "ok");
  g_assert_true (ok);

  store = open_test_store (db);
  regions = ma_store_list_regions (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < regions->len; i++)
    {
      const MaRegion *r = g_ptr_array_index (regions, i);
      if (g_strcmp0 (r->code, "HAM") == 0)
        {
          g_assert_cmpstr (r->name, ==, hammer.last_name);
          found = TRUE;
        }
    }
  g_assert_true (found);
  audits = ma_store_list_audits (store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audits->len, >, 0);
  g_free (hammer.last_name);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  work_dir = g_dir_make_tmp ("ma-cli-XXXXXX", &error);
  g_assert_no_error (error);
  demo_db = g_build_filename (work_dir, "demo.db", NULL);
  {
    g_autoptr(Run) init = cli_run (demo_db, "init", "--demo", NULL);
    if (init->status != 0)
      g_error ("init --demo failed: %s", init->err);
  }

  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/refused-input", test_refused_input);
  g_test_add_func ("/cli/init-demo-twice-refused", test_init_demo_twice_refused);
  g_test_add_func ("/cli/bonus-json", test_bonus_json);
  g_test_add_func ("/cli/bonus-files", test_bonus_files);
  g_test_add_func ("/cli/compare-branches", test_compare_branches);
  g_test_add_func ("/cli/compare-range-and-table", test_compare_range_and_table);
  g_test_add_func ("/cli/score-json", test_score_json);
  g_test_add_func ("/cli/close-period", test_close_period);
  g_test_add_func ("/cli/check", test_check);
  g_test_add_func ("/cli/refuses-while-closing", test_refuses_while_closing);
  g_test_add_func ("/cli/concurrent-writers", test_concurrent_writers);
  g_test_add_func ("/cli/import/accepts-good-draft", test_import_accepts_good_draft);
  g_test_add_func ("/cli/import/truncated", test_import_truncated);
  g_test_add_func ("/cli/import/wrong-type", test_import_wrong_type);
  g_test_add_func ("/cli/import/unknown-template", test_import_unknown_template);
  g_test_add_func ("/cli/import/attachment-path", test_import_attachment_path);

  status = g_test_run ();
  remove_tree (work_dir);
  return status;
}
