/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: bundle import into a populated database.
 *
 * The demo database is made once in a temporary folder. Each input is
 * imported inside a transaction of the fuzzer's own that is rolled back
 * afterwards (the import's own transaction becomes a savepoint in it), so
 * every input meets the same database, accepted or refused. A warning or
 * critical from GLib counts as a crash: bad input must only ever produce a
 * GError. Built with -Dfuzzing=true and clang; run by `build-aux/dev fuzz`. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "ma-bundle.h"
#include "ma-demo.h"
#include "ma-sqlite-store.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *work_dir;
static char *db_path;
static MaStore *store;

static void
clean_up (void)
{
  const char * const suffixes[] = { "", "-wal", "-shm" };

  g_clear_object (&store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db_path, suffixes[i], NULL);
      g_remove (path);
    }
  g_rmdir (work_dir);
  g_free (db_path);
  g_free (work_dir);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *templates = NULL;

  g_log_set_always_fatal (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
  if (g_getenv ("MA_TEMPLATES_DIR") == NULL)
    g_setenv ("MA_TEMPLATES_DIR", MA_SOURCE_TEMPLATES_DIR, TRUE);
  templates = ma_demo_find_templates_dir ();

  work_dir = g_dir_make_tmp ("ma-fuzz-XXXXXX", &error);
  if (work_dir == NULL)
    g_error ("fuzz: %s", error->message);
  db_path = g_build_filename (work_dir, "demo.db", NULL);
  store = ma_sqlite_store_open (db_path, MA_SQLITE_STORE_FLAGS_NONE, &error);
  if (store == NULL || !ma_demo_populate (store, templates, &error))
    g_error ("fuzz: cannot prepare the demo database: %s", error->message);
  atexit (clean_up);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(MaBundleReport) report = NULL;
  MaBundleImportOptions options = { .approve_audits = size % 2 == 1, .who = "fuzzer" };

  if (!ma_store_begin (store, &error))
    g_error ("fuzz: %s", error->message);
  report = ma_bundle_import_bytes (store, bytes, "fuzz.json", &options, &error);
  /* Either a report or an error that says where, never both or neither. */
  if ((report == NULL) == (error == NULL))
    g_error ("fuzz: the import returned %s", report ? "a report and an error" : "neither report nor error");
  if (error != NULL && (error->domain != MA_BUNDLE_ERROR || error->message[0] == '\0'))
    g_error ("fuzz: refused without a bundle error: %s", error->message);
  if (report != NULL)
    g_free (ma_bundle_report_to_string (report));
  ma_store_rollback (store);
  return 0;
}
