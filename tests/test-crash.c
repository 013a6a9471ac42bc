/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Crash safety: tests/crash-writer saves answers of draft audits one by
 * one through the core's autosave path and is killed with SIGKILL at a
 * random moment, 200 times (MA_CRASH_ITERATIONS for more). After each kill
 * the database must pass PRAGMA integrity_check and hold every answer the
 * writer had reported saved, in that run and in all the runs before.
 *
 * Most kills come a random few milliseconds after the first answer was
 * saved, so that they land in the middle of transactions and commits; some
 * come at a random moment after the start, while the database is being
 * opened. The random seed is printed so that a failure can be replayed
 * (--seed). */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "ma-db.h"
#include "ma-sqlite-store.h"

#define DEFAULT_ITERATIONS 200

typedef struct {
  char   *dir;
  char   *db;
  /* "uuid question" -> value (as text) of every answer reported saved */
  GHashTable *promised;
  guint   kills_while_writing;
  guint   promises_checked;
} Run;

static const char *
writer_path (void)
{
  const char *path = g_getenv ("MA_CRASH_WRITER");

  if (path == NULL)
    g_error ("MA_CRASH_WRITER is not set: run this test through meson");
  return path;
}

static void
run_writer_to_end (const char *db,
                   const char *argument)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) writer = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, writer_path (),
                                                    db, argument, NULL);

  g_assert_no_error (error);
  g_subprocess_wait_check (writer, NULL, &error);
  g_assert_no_error (error);
}

/* Everything the killed writer wrote before it died. */
static void
read_promises (Run          *r,
               GInputStream *out,
               GString      *text)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  char buffer[4096];
  gssize got;

  while ((got = g_input_stream_read (out, buffer, sizeof buffer, NULL, &error)) > 0)
    g_string_append_len (text, buffer, got);
  g_assert_no_error (error);

  lines = g_strsplit (text->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) parts = NULL;

      /* The last piece is empty, or a line cut by the kill: a line is only
       * a promise once its newline was written. */
      if (lines[i + 1] == NULL)
        break;
      parts = g_strsplit (lines[i], " ", -1);
      g_assert_cmpuint (g_strv_length (parts), ==, 4);
      g_assert_cmpstr (parts[0], ==, "saved");
      g_hash_table_replace (r->promised, g_strdup_printf ("%s %s", parts[1], parts[2]),
                            g_strdup (parts[3]));
    }
}

/* Starts the writer, kills it, and collects what it promised. */
static void
kill_one (Run   *r,
          guint  iteration,
          GRand *rand)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *number = g_strdup_printf ("%u", iteration);
  GInputStream *out;

  writer = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, writer_path (), r->db, number, NULL);
  g_assert_no_error (error);
  out = g_subprocess_get_stdout_pipe (writer);

  if (g_rand_int_range (rand, 0, 10) == 0)
    {
      /* Anywhere from the start: opening, migrating, the first save. */
      g_usleep (g_rand_int_range (rand, 0, 40000));
    }
  else
    {
      char first;

      /* After the first promise, a few commits in. */
      if (g_input_stream_read (out, &first, 1, NULL, &error) == 1)
        {
          g_string_append_c (text, first);
          r->kills_while_writing++;
        }
      g_assert_no_error (error);
      g_usleep (g_rand_int_range (rand, 0, 15000));
    }
  g_subprocess_send_signal (writer, SIGKILL);
  g_subprocess_wait (writer, NULL, &error);
  g_assert_no_error (error);
  /* It died by the signal, not by a failure of its own. */
  if (g_subprocess_get_if_exited (writer))
    g_assert_cmpint (g_subprocess_get_exit_status (writer), ==, 0);

  read_promises (r, out, text);
}

static void
check_promises (Run *r)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaStore) store = NULL;
  g_autoptr(GHashTable) audits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) ma_audit_free);
  g_autofree char *problems = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gboolean ok = FALSE;

  /* First as the file is after the kill, before anything opens it to write. */
  g_assert_true (ma_db_integrity_check (r->db, &ok, &problems, &error));
  g_assert_no_error (error);
  if (!ok)
    g_error ("integrity_check after a kill: %s", problems);

  /* Then as the app would open it next: the -wal is replayed. */
  store = ma_sqlite_store_open (r->db, MA_SQLITE_STORE_QUICK_CHECK, &error);
  g_assert_no_error (error);
  g_hash_table_iter_init (&iter, r->promised);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto(GStrv) parts = g_strsplit (key, " ", 2);
      MaAudit *audit = g_hash_table_lookup (audits, parts[0]);
      const MaAnswer *answer;

      if (audit == NULL)
        {
          audit = ma_store_get_audit (store, parts[0], &error);
          if (audit == NULL)
            g_error ("audit %s was reported saved and is not there: %s", parts[0], error->message);
          g_hash_table_insert (audits, g_strdup (parts[0]), audit);
        }
      answer = ma_audit_find_answer (audit, parts[1]);
      if (answer == NULL)
        g_error ("answer %s was reported saved and is not there", (const char *) key);
      g_assert_cmpint (answer->kind, ==, MA_VALUE_NUMBER);
      g_assert_cmpfloat (answer->number, ==, g_ascii_strtod (value, NULL));
      r->promises_checked++;
    }
}

static void
test_kill (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  const char *env = g_getenv ("MA_CRASH_ITERATIONS");
  guint iterations = env ? (guint) g_ascii_strtoull (env, NULL, 10) : DEFAULT_ITERATIONS;
  Run r = { 0 };

  r.dir = g_dir_make_tmp ("ma-crash-XXXXXX", &error);
  g_assert_no_error (error);
  r.db = g_build_filename (r.dir, "field.db", NULL);
  r.promised = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  run_writer_to_end (r.db, "--init");

  for (guint i = 0; i < iterations; i++)
    {
      kill_one (&r, i, rand);
      check_promises (&r);
    }
  g_test_message ("%u kills, %u while writing; %u answers reported saved, all there", iterations,
                  r.kills_while_writing, g_hash_table_size (r.promised));
  /* The test has teeth only if the kills came while answers were being
   * written and there were promises to check. */
  g_assert_cmpuint (r.kills_while_writing, >=, iterations / 2);
  g_assert_cmpuint (g_hash_table_size (r.promised), >=, iterations);

  {
    g_autoptr(GDir) handle = g_dir_open (r.dir, 0, NULL);
    const char *name;

    while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
      {
        g_autofree char *child = g_build_filename (r.dir, name, NULL);
        g_remove (child);
      }
    g_rmdir (r.dir);
  }
  g_hash_table_unref (r.promised);
  g_free (r.db);
  g_free (r.dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/crash/sigkill", test_kill);

  return g_test_run ();
}
