/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-test-demo.h: the demo database for a test, made once per test program
 * and copied for each test: populating it again for every test would take
 * most of the time of a sanitizer run. */
#pragma once

#include <glib/gstdio.h>

#include "ma-demo.h"
#include "ma-sqlite-store.h"

static char *ma_test_demo_dir;
static char *ma_test_demo_path;

/* Replaces the store at @path (closing *@store) with a copy of the demo. */
G_GNUC_UNUSED static void
ma_test_demo_copy_to (const char  *path,
                      MaStore    **store)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  gsize length = 0;

  if (ma_test_demo_path == NULL)
    {
      g_autofree char *templates = ma_demo_find_templates_dir ();
      g_autoptr(MaStore) demo = NULL;

      g_assert_nonnull (templates);
      ma_test_demo_dir = g_dir_make_tmp ("ma-demo-XXXXXX", &error);
      g_assert_no_error (error);
      ma_test_demo_path = g_build_filename (ma_test_demo_dir, "demo.db", NULL);
      demo = ma_sqlite_store_open (ma_test_demo_path, MA_SQLITE_STORE_FLAGS_NONE, &error);
      g_assert_no_error (error);
      g_assert_true (ma_demo_populate (demo, templates, &error));
      g_assert_no_error (error);
      /* Closing the last connection folds the write-ahead log into the file. */
    }

  g_clear_object (store);
  g_remove (wal);
  g_remove (shm);
  g_assert_true (g_file_get_contents (ma_test_demo_path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, contents, (gssize) length, &error));
  g_assert_no_error (error);
  *store = ma_sqlite_store_open (path, MA_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
}

/* Removes the demo made by ma_test_demo_copy_to(), at the end of main(). */
G_GNUC_UNUSED static void
ma_test_demo_remove (void)
{
  g_autoptr(GDir) handle = NULL;
  const char *name;

  if (ma_test_demo_dir == NULL)
    return;
  handle = g_dir_open (ma_test_demo_dir, 0, NULL);
  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *child = g_build_filename (ma_test_demo_dir, name, NULL);

      g_remove (child);
    }
  g_rmdir (ma_test_demo_dir);
  g_clear_pointer (&ma_test_demo_dir, g_free);
  g_clear_pointer (&ma_test_demo_path, g_free);
}
