/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Backups, restore, database health and read-only opening.
 *
 * Every backup test runs on a real database in WAL mode with data that
 * sits in the -wal file only, because that is what a copy of the live file
 * would lose. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <utime.h>

#include "ma-backup.h"
#include "ma-db.h"
#include "store-fixture.h"

static const Answers good = { "s100", "s80", "s100", "s95", "s100", "s60", "90" };

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (dir);
}

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  fixture_set_up (f, data);
  save_region (f, "NW", "North-West");
  save_branch (f, "SPB-01", "Nevsky", "NW");
  save_employee (f, "E1", "SPB-01", "driver", 6000000, "2026-01-01", NULL);
  save_drive_template (f);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static char *
backup_dir (Fixture *f)
{
  return g_build_filename (f->dir, "backups", NULL);
}

static guint
count_audits (MaStore *store)
{
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_assert_true (ma_store_count_audits (store, NULL, &n, &error));
  g_assert_no_error (error);
  return n;
}

static gboolean
has_audit (MaStore    *store,
           const char *uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaAudit) audit = ma_store_get_audit (store, uuid, &error);

  if (audit == NULL)
    g_assert_error (error, MA_STORE_ERROR, MA_STORE_ERROR_NOT_FOUND);
  return audit != NULL;
}

static MaStore *
open_read_only (const char *path)
{
  g_autoptr(GError) error = NULL;
  MaStore *store = ma_sqlite_store_open (path, MA_SQLITE_STORE_READ_ONLY, &error);

  g_assert_no_error (error);
  return store;
}

static goffset
file_size (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return -1;
  return st.st_size;
}

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/* Writes garbage over the middle of the file at @path: a few pages past
 * the header, where the tables are. */
static void
damage_file (const char *path)
{
  goffset size = file_size (path);
  char garbage[8192];
  int fd;

  g_assert_cmpint (size, >=, 4 * 4096);
  memset (garbage, 0xa5, sizeof garbage);
  fd = g_open (path, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, garbage, sizeof garbage, size / 2 - 4096), ==, sizeof garbage);
  g_assert_true (g_close (fd, NULL));
}

/* Closes the store, so that sqlite checkpoints the -wal into the file. */
static void
close_store (Fixture *f)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);

  g_clear_object (&f->store);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

/* Enough audits that the database has pages to damage. */
static void
add_many_audits (Fixture *f,
                 guint    n)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ma_store_begin (f->store, &error));
  for (guint i = 0; i < n; i++)
    add_audit (f, "E1", "SPB-01", "2026-10-05T10:00:00+03:00", MA_AUDIT_SUBMITTED, &good);
  g_assert_true (ma_store_commit (f->store, &error));
  g_assert_no_error (error);
}

/* ---- create ------------------------------------------------------------------ */

/* The backup holds what was committed, including what is only in the -wal,
 * and nothing of a transaction still open. */
static void
test_create_wal (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaStore) copy = NULL;
  g_autoptr(MaStore) writer = NULL;
  g_autofree char *dir = backup_dir (f);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *committed = NULL;
  g_autofree char *uncommitted = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *backup_wal = NULL;

  committed = save_audit (f, "E1", "SPB-01", "2026-10-05T10:00:00+03:00", MA_AUDIT_SUBMITTED, &good);
  /* The committed audit is in the -wal, not yet in the database file. */
  g_assert_cmpint (file_size (wal), >, 0);

  /* A second connection, as another process would have, in the middle of
   * a transaction that has written but not committed. */
  writer = ma_sqlite_store_open (f->path, MA_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (ma_store_begin (writer, &error));
  {
    Fixture other = *f;

    other.store = writer;
    uncommitted = save_audit (&other, "E1", "SPB-01", "2026-10-06T10:00:00+03:00",
                              MA_AUDIT_SUBMITTED, &good);
    f->next_uuid = other.next_uuid;
  }

  path = ma_backup_create (f->path, dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (path);
  ma_store_rollback (writer);

  name = g_path_get_basename (path);
  g_assert_true (g_regex_match_simple ("^test-[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{6}Z\\.db$", name, 0, 0));
  /* One self-contained file. */
  backup_wal = g_strconcat (path, "-wal", NULL);
  g_assert_false (g_file_test (backup_wal, G_FILE_TEST_EXISTS));

  copy = open_read_only (path);
  g_assert_true (has_audit (copy, committed));
  g_assert_false (has_audit (copy, uncommitted));
  g_assert_cmpuint (count_audits (copy), ==, 1);
  g_clear_object (&copy);
  g_assert_false (g_file_test (backup_wal, G_FILE_TEST_EXISTS));

  /* Two backups in one second do not overwrite each other. */
  {
    g_autofree char *second = ma_backup_create (f->path, dir, &error);
    g_autofree char *third = ma_backup_create (f->path, dir, &error);
    g_autoptr(GPtrArray) list = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (second, !=, path);
    g_assert_cmpstr (third, !=, second);
    list = ma_backup_list (dir, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 3);
  }
}

/* A damaged database is not backed up: its copy would push a good backup
 * out of the rotation. */
static void
test_create_damaged (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *dir = backup_dir (f);
  g_autofree char *path = NULL;

  add_many_audits (f, 60);
  close_store (f);
  damage_file (f->path);

  path = ma_backup_create (f->path, dir, &error);
  g_assert_null (path);
  g_assert_error (error, MA_BACKUP_ERROR, MA_BACKUP_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, f->path));
  g_clear_error (&error);

  list = ma_backup_list (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  {
    g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);

    /* Not even the temporary file stays. */
    g_assert_null (handle ? g_dir_read_name (handle) : NULL);
  }
  {
    g_autofree char *absent = g_build_filename (f->dir, "absent.db", NULL);

    g_assert_null (ma_backup_create (absent, dir, &error));
    g_assert_error (error, MA_BACKUP_ERROR, MA_BACKUP_ERROR_NOT_FOUND);
  }
}

/* ---- rotate, list, daily ------------------------------------------------------- */

/* A copy of a real backup under the name of @stamp. */
static char *
plant_backup (const char *dir,
              const char *source,
              const char *stamp)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = g_strdup_printf ("test-%s.db", stamp);
  char *path = g_build_filename (dir, name, NULL);
  gsize length;

  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  return path;
}

static void
test_rotate (Fixture       *f,
             gconstpointer  data)
{
  static const char * const stamps[] = {
    "2026-01-03T090000Z", "2026-01-01T090000Z", "2026-01-05T090000Z",
    "2026-01-02T090000Z", "2026-01-04T090000Z", "2026-01-04T090000Z-2",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *dir = backup_dir (f);
  g_autofree char *first = NULL;
  g_autofree char *stale = NULL;
  g_autofree char *fresh = NULL;
  g_autofree char *other = NULL;
  struct utimbuf old = { 0 };

  first = ma_backup_create (f->path, dir, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (stamps); i++)
    g_free (plant_backup (dir, first, stamps[i]));
  g_remove (first);

  /* Left over by a backup interrupted long ago, one being written now, and
   * a file that is none of ours. */
  stale = g_build_filename (dir, ".test-ab12cd.tmp", NULL);
  fresh = g_build_filename (dir, ".test-ef34gh.tmp", NULL);
  other = g_build_filename (dir, "notes.txt", NULL);
  g_assert_true (g_file_set_contents (stale, "x", 1, NULL));
  g_assert_true (g_file_set_contents (fresh, "x", 1, NULL));
  g_assert_true (g_file_set_contents (other, "x", 1, NULL));
  old.actime = old.modtime = time (NULL) - 2 * 60 * 60;
  g_assert_cmpint (utime (stale, &old), ==, 0);

  g_assert_true (ma_backup_rotate (dir, 3, &error));
  g_assert_no_error (error);
  list = ma_backup_list (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (((MaBackupInfo *) list->pdata[0])->name, ==, "test-2026-01-05T090000Z.db");
  g_assert_cmpstr (((MaBackupInfo *) list->pdata[1])->name, ==, "test-2026-01-04T090000Z-2.db");
  g_assert_cmpstr (((MaBackupInfo *) list->pdata[2])->name, ==, "test-2026-01-04T090000Z.db");
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (fresh, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));

  /* Keeping none keeps one: there must be something to restore. */
  g_assert_true (ma_backup_rotate (dir, 0, &error));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = ma_backup_list (dir, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((MaBackupInfo *) list->pdata[0])->name, ==, "test-2026-01-05T090000Z.db");

  /* An absent folder has no backups and nothing to rotate. */
  {
    g_autofree char *absent = g_build_filename (f->dir, "none", NULL);
    g_autoptr(GPtrArray) empty = ma_backup_list (absent, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (empty->len, ==, 0);
    g_assert_true (ma_backup_rotate (absent, 3, &error));
  }
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *dir = backup_dir (f);
  g_autofree char *path = NULL;
  g_autofree char *damaged = NULL;
  g_autofree char *junk = NULL;
  const MaBackupInfo *info;

  add_many_audits (f, 60);
  path = ma_backup_create (f->path, dir, &error);
  g_assert_no_error (error);

  /* Older ones: a damaged copy and a file that is no database at all. */
  damaged = plant_backup (dir, path, "2025-12-01T080000Z");
  damage_file (damaged);
  junk = g_build_filename (dir, "test-2025-11-01T080000Z.db", NULL);
  g_assert_true (g_file_set_contents (junk, "this is not a database, it is a shopping list", -1, NULL));

  list = ma_backup_list (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);

  info = list->pdata[0];
  g_assert_cmpstr (info->path, ==, path);
  g_assert_true (info->ok);
  g_assert_null (info->problem);
  g_assert_cmpint (info->audits, ==, 60);
  g_assert_cmpint (info->employees, ==, 1);
  g_assert_cmpint (info->templates, ==, 1);
  g_assert_cmpuint (info->size, ==, (guint64) file_size (path));
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    g_assert_cmpint (g_date_time_difference (now, info->time), <, 60 * G_TIME_SPAN_SECOND);
    g_assert_cmpint (g_date_time_difference (now, info->time), >=, -G_TIME_SPAN_SECOND);
  }

  info = list->pdata[1];
  g_assert_false (info->ok);
  g_assert_nonnull (info->problem);
  g_assert_cmpint (info->audits, ==, -1);
  g_assert_cmpint (g_date_time_get_year (info->time), ==, 2025);
  g_assert_cmpint (g_date_time_get_month (info->time), ==, 12);

  info = list->pdata[2];
  g_assert_false (info->ok);
  g_assert_nonnull (strstr (info->problem, "not a database"));
}

static void
test_daily (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *dir = backup_dir (f);
  g_autofree char *created = NULL;
  g_autofree char *again = NULL;
  g_autofree char *source = NULL;
  g_autofree char *after_old = NULL;

  g_assert_true (ma_backup_daily_if_due (f->path, dir, 2, &created, &error));
  g_assert_no_error (error);
  g_assert_nonnull (created);

  /* Not due again the same day. */
  g_assert_true (ma_backup_daily_if_due (f->path, dir, 2, &again, &error));
  g_assert_null (again);

  /* Only old ones (two days, a week): due, and the rotation keeps two. */
  source = g_build_filename (f->dir, "copy.db", NULL);
  g_assert_cmpint (g_rename (created, source), ==, 0);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) two_days = g_date_time_add_days (now, -2);
    g_autoptr(GDateTime) week = g_date_time_add_days (now, -7);
    g_autofree char *s1 = g_date_time_format (two_days, "%Y-%m-%dT%H%M%SZ");
    g_autofree char *s2 = g_date_time_format (week, "%Y-%m-%dT%H%M%SZ");

    g_free (plant_backup (dir, source, s1));
    g_free (plant_backup (dir, source, s2));
  }
  g_assert_true (ma_backup_daily_if_due (f->path, dir, 2, &after_old, &error));
  g_assert_no_error (error);
  g_assert_nonnull (after_old);
  list = ma_backup_list (dir, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((MaBackupInfo *) list->pdata[0])->path, ==, after_old);
}

/* ---- restore -------------------------------------------------------------------- */

static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaStore) replaced_store = NULL;
  g_autofree char *dir = backup_dir (f);
  g_autofree char *backup = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *later = NULL;
  g_autofree char *replaced = NULL;
  g_autofree char *replaced_wal = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);

  kept = save_audit (f, "E1", "SPB-01", "2026-10-05T10:00:00+03:00", MA_AUDIT_SUBMITTED, &good);
  backup = ma_backup_create (f->path, dir, &error);
  g_assert_no_error (error);
  later = save_audit (f, "E1", "SPB-01", "2026-10-06T10:00:00+03:00", MA_AUDIT_SUBMITTED, &good);
  /* Leave the -wal as a crash would: the later audit is only there. The
   * last connection to close would checkpoint it into the file; this one
   * is told not to. */
  {
    sqlite3 *handle = NULL;

    g_assert_cmpint (sqlite3_open (f->path, &handle), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (handle, "SELECT count(*) FROM audits", NULL, NULL, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_db_config (handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL), ==, SQLITE_OK);
    g_clear_object (&f->store);
    sqlite3_close (handle);
  }
  g_assert_cmpint (file_size (wal), >, 0);

  g_assert_true (ma_backup_restore (backup, f->path, &replaced, &error));
  g_assert_no_error (error);
  g_assert_nonnull (replaced);
  g_assert_true (g_str_has_prefix (replaced, f->path));
  g_assert_nonnull (strstr (replaced, ".replaced-"));
  /* The old -wal went with the old file, and nothing of it is replayed
   * into the restored one. */
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  replaced_wal = g_strconcat (replaced, "-wal", NULL);
  g_assert_true (g_file_test (replaced_wal, G_FILE_TEST_EXISTS));

  f->store = ma_sqlite_store_open (f->path, MA_SQLITE_STORE_QUICK_CHECK, &error);
  g_assert_no_error (error);
  g_assert_true (has_audit (f->store, kept));
  g_assert_false (has_audit (f->store, later));
  g_assert_cmpuint (count_audits (f->store), ==, 1);
  g_clear_object (&f->store);

  /* The replaced database is whole, with its -wal: nothing was lost. */
  replaced_store = open_read_only (replaced);
  g_assert_true (has_audit (replaced_store, kept));
  g_assert_true (has_audit (replaced_store, later));
}

/* A damaged database is moved aside, never deleted; a damaged backup is
 * never put in place. */
static void
test_restore_damaged (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = backup_dir (f);
  g_autofree char *backup = NULL;
  g_autofree char *bad_backup = NULL;
  g_autofree char *replaced = NULL;
  g_autofree char *damaged_sum = NULL;
  g_autofree char *replaced_sum = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gboolean ok = TRUE;

  add_many_audits (f, 60);
  backup = ma_backup_create (f->path, dir, &error);
  g_assert_no_error (error);
  close_store (f);
  damage_file (f->path);
  damaged_sum = file_checksum (f->path);

  /* A damaged backup: refused, the database stays as it is. */
  bad_backup = g_build_filename (f->dir, "bad-backup.db", NULL);
  g_assert_true (g_file_set_contents (bad_backup, "garbage", -1, NULL));
  before = file_checksum (f->path);
  g_assert_false (ma_backup_restore (bad_backup, f->path, &replaced, &error));
  g_assert_error (error, MA_BACKUP_ERROR, MA_BACKUP_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, bad_backup));
  g_assert_null (replaced);
  g_clear_error (&error);
  after = file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);

  g_assert_true (ma_backup_restore (backup, f->path, &replaced, &error));
  g_assert_no_error (error);
  replaced_sum = file_checksum (replaced);
  g_assert_cmpstr (replaced_sum, ==, damaged_sum);

  g_assert_true (ma_db_integrity_check (f->path, &ok, NULL, &error));
  g_assert_true (ok);
  f->store = ma_sqlite_store_open (f->path, MA_SQLITE_STORE_QUICK_CHECK, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_audits (f->store), ==, 60);
}

/* Restoring where there is no database yet (a new computer). */
static void
test_restore_fresh (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaStore) store = NULL;
  g_autofree char *dir = backup_dir (f);
  g_autofree char *backup = NULL;
  g_autofree char *target = g_build_filename (f->dir, "new", "place.db", NULL);
  g_autofree char *replaced = NULL;

  add_audit (f, "E1", "SPB-01", "2026-10-05T10:00:00+03:00", MA_AUDIT_SUBMITTED, &good);
  backup = ma_backup_create (f->path, dir, &error);
  g_assert_no_error (error);
  g_assert_true (ma_backup_restore (backup, target, &replaced, &error));
  g_assert_no_error (error);
  g_assert_null (replaced);
  store = open_read_only (target);
  g_assert_cmpuint (count_audits (store), ==, 1);
  g_clear_object (&store);
  {
    g_autofree char *parent = g_path_get_dirname (target);

    remove_tree (parent);
  }

  {
    g_autofree char *absent = g_build_filename (f->dir, "absent.db", NULL);

    g_assert_false (ma_backup_restore (absent, target, NULL, &error));
    g_assert_error (error, MA_BACKUP_ERROR, MA_BACKUP_ERROR_NOT_FOUND);
  }
}

/* ---- health ---------------------------------------------------------------------- */

/* The window's start: the file is opened read-only, checked on a worker,
 * and only then opened for writing; the store stays the same object, so
 * that every view holding it goes on working. A damaged file is named by
 * the check and never written to. */
static void
test_checked_later (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *path_before;
  gboolean read_only = TRUE;
  char *later = NULL;

  add_many_audits (f, 20);
  close_store (f);

  store = ma_sqlite_store_open (f->path, MA_SQLITE_STORE_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (ma_store_is_read_only (store));
  path_before = ma_sqlite_store_get_path (MA_SQLITE_STORE (store));
  g_assert_true (ma_sqlite_store_check_file (f->path, &error));
  g_assert_no_error (error);

  g_assert_true (ma_sqlite_store_reopen_for_writing (MA_SQLITE_STORE (store), &read_only, &error));
  g_assert_no_error (error);
  g_assert_false (read_only);
  g_assert_false (ma_store_is_read_only (store));
  /* A path a caller held is still the store's path. */
  g_assert_true (path_before == ma_sqlite_store_get_path (MA_SQLITE_STORE (store)));
  g_assert_cmpuint (count_audits (store), ==, 20);
  /* Writable now: an audit is saved through the same store. */
  f->store = g_object_ref (store);
  later = save_audit (f, "E1", "SPB-01", "2026-10-06T10:00:00+03:00", MA_AUDIT_SUBMITTED, &good);
  g_assert_true (has_audit (store, later));
  g_free (later);
  /* Asking again changes nothing. */
  g_assert_true (ma_sqlite_store_reopen_for_writing (MA_SQLITE_STORE (store), &read_only, &error));
  g_assert_false (read_only);
  g_clear_object (&store);
  close_store (f);

  damage_file (f->path);
  before = file_checksum (f->path);
  store = ma_sqlite_store_open (f->path, MA_SQLITE_STORE_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_false (ma_sqlite_store_check_file (f->path, &error));
  g_assert_error (error, MA_DB_ERROR, MA_DB_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, f->path));
  g_clear_object (&store);
  after = file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_quick_check (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaStore) store = NULL;
  g_autofree char *message = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  gboolean ok = FALSE;

  add_many_audits (f, 60);
  g_assert_true (ma_db_quick_check (f->path, &ok, &message, &error));
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpstr (message, ==, "ok");
  g_clear_pointer (&message, g_free);

  close_store (f);
  damage_file (f->path);
  before = file_checksum (f->path);

  g_assert_true (ma_db_quick_check (f->path, &ok, &message, &error));
  g_assert_no_error (error);
  g_assert_false (ok);
  g_assert_cmpstr (message, !=, "ok");
  g_test_message ("quick_check: %s", message);
  g_clear_pointer (&message, g_free);
  g_assert_true (ma_db_integrity_check (f->path, &ok, &message, &error));
  g_assert_false (ok);
  g_assert_cmpstr (message, !=, "ok");
  g_clear_pointer (&message, g_free);

  /* Never opened for writing: refused before the store's connection
   * exists, and the file is byte for byte what it was. (A read-only
   * connection to a WAL database may leave an empty -wal: nothing in it.) */
  store = ma_sqlite_store_open (f->path, MA_SQLITE_STORE_QUICK_CHECK, &error);
  g_assert_null (store);
  g_assert_error (error, MA_DB_ERROR, MA_DB_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_nonnull (strstr (error->message, "damaged"));
  g_clear_error (&error);
  store = ma_sqlite_store_open_best (f->path, MA_SQLITE_STORE_QUICK_CHECK, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, MA_DB_ERROR, MA_DB_ERROR_CORRUPT);
  g_clear_error (&error);
  after = file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (file_size (wal), <=, 0);

  /* Not a database at all: damaged, not an error. An absent file: an
   * error, not a verdict. */
  {
    g_autofree char *text = g_build_filename (f->dir, "text.db", NULL);
    g_autofree char *absent = g_build_filename (f->dir, "absent.db", NULL);

    g_assert_true (g_file_set_contents (text, "SQLite format 2? no, just words, many of them........"
                                        "...............................................", -1, NULL));
    g_assert_true (ma_db_quick_check (text, &ok, &message, &error));
    g_assert_no_error (error);
    g_assert_false (ok);
    g_assert_nonnull (strstr (message, "not a database"));
    g_assert_null (ma_sqlite_store_open (text, MA_SQLITE_STORE_QUICK_CHECK, &error));
    g_assert_error (error, MA_DB_ERROR, MA_DB_ERROR_CORRUPT);
    g_clear_error (&error);

    g_assert_false (ma_db_quick_check (absent, &ok, NULL, &error));
    g_assert_error (error, MA_DB_ERROR, MA_DB_ERROR_IO);
    g_clear_error (&error);
    /* The check does not create what it checks. */
    g_assert_false (g_file_test (absent, G_FILE_TEST_EXISTS));
    /* A new database has nothing to check yet. */
    store = ma_sqlite_store_open (absent, MA_SQLITE_STORE_QUICK_CHECK, &error);
    g_assert_no_error (error);
    g_assert_nonnull (store);
  }
}

/* ---- read-only -------------------------------------------------------------------- */

static void
assert_writes_refused (MaStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaRegion) region = ma_region_new ("C", "Centre");

  g_assert_true (ma_store_is_read_only (store));
  g_assert_false (ma_store_save_region (store, region, NULL, &error));
  g_assert_error (error, MA_DB_ERROR, MA_DB_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "read-only"));
}

static void
test_read_only_flag (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaStore) store = NULL;
  g_autoptr(GPtrArray) regions = NULL;
  gboolean read_only = TRUE;

  add_audit (f, "E1", "SPB-01", "2026-10-05T10:00:00+03:00", MA_AUDIT_SUBMITTED, &good);

  /* Writable: opened for writing. */
  store = ma_sqlite_store_open_best (f->path, MA_SQLITE_STORE_FLAGS_NONE, &read_only, &error);
  g_assert_no_error (error);
  g_assert_false (read_only);
  g_assert_false (ma_store_is_read_only (store));
  g_clear_object (&store);

  /* Asked for read-only: reads work, every write is refused. */
  store = ma_sqlite_store_open_best (f->path, MA_SQLITE_STORE_READ_ONLY, &read_only, &error);
  g_assert_no_error (error);
  g_assert_true (read_only);
  g_assert_cmpuint (count_audits (store), ==, 1);
  assert_writes_refused (store);
  regions = ma_store_list_regions (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (regions->len, ==, 1);
}

/* A file others may not write: only meaningful for a user that is not
 * root, since root writes through permissions. */
static void
test_read_only_permissions (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaStore) store = NULL;
  gboolean read_only = FALSE;

  if (geteuid () == 0)
    {
      g_test_skip ("root writes through file permissions; see /backup/read-only/medium");
      return;
    }
  add_audit (f, "E1", "SPB-01", "2026-10-05T10:00:00+03:00", MA_AUDIT_SUBMITTED, &good);
  g_clear_object (&f->store);
  g_assert_cmpint (g_chmod (f->path, 0400), ==, 0);
  store = ma_sqlite_store_open_best (f->path, MA_SQLITE_STORE_FLAGS_NONE, &read_only, &error);
  g_assert_no_error (error);
  g_assert_true (read_only);
  g_assert_cmpuint (count_audits (store), ==, 1);
  assert_writes_refused (store);
  g_clear_object (&store);
  g_chmod (f->path, 0600);
}

/* A read-only medium, made for real: a tmpfs mounted in a mount namespace
 * of a child process, remounted read-only. Needs CAP_SYS_ADMIN (root in
 * most containers); skipped where that is not allowed. */
/* Leaves a note for the parent when this system cannot mount. */
static void
skip_child (const char *mount_dir,
            const char *what)
{
  g_autofree char *note = g_build_filename (mount_dir, "..", "skipped", NULL);
  g_autofree char *reason = g_strdup_printf ("%s (%s)", what, g_strerror (errno));

  g_assert_true (g_file_set_contents (note, reason, -1, NULL));
}

static void
read_only_medium_child (const char *mount_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaStore) store = NULL;
  g_autofree char *path = g_build_filename (mount_dir, "office.db", NULL);
  gboolean read_only = FALSE;

  if (syscall (SYS_unshare, CLONE_NEWNS) != 0 || mount ("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
      mount ("tmpfs", mount_dir, "tmpfs", 0, "size=8m") != 0)
    {
      skip_child (mount_dir, "cannot mount a file system here");
      return;
    }

  /* A database as the office leaves it on a stick: WAL mode, closed
   * cleanly, so no -wal and no -shm next to it. */
  {
    Fixture setup = { .dir = (char *) mount_dir, .path = path };

    setup.store = ma_sqlite_store_open (path, MA_SQLITE_STORE_FLAGS_NONE, &error);
    g_assert_no_error (error);
    save_region (&setup, "NW", "North-West");
    g_clear_object (&setup.store);
  }
  if (mount (NULL, mount_dir, NULL, MS_REMOUNT | MS_RDONLY, NULL) != 0)
    {
      skip_child (mount_dir, "cannot remount read-only");
      umount2 (mount_dir, MNT_DETACH);
      return;
    }

  store = ma_sqlite_store_open_best (path, MA_SQLITE_STORE_QUICK_CHECK, &read_only, &error);
  g_assert_no_error (error);
  g_assert_true (read_only);
  {
    g_autoptr(GPtrArray) regions = ma_store_list_regions (store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (regions->len, ==, 1);
  }
  assert_writes_refused (store);
  g_clear_object (&store);

  /* With changes still in its -wal (the laptop was switched off), the
   * file alone is not the database: refused, saying why. */
  umount2 (mount_dir, MNT_DETACH);
  g_assert_cmpint (mount ("tmpfs", mount_dir, "tmpfs", 0, "size=8m"), ==, 0);
  {
    Fixture setup = { .dir = (char *) mount_dir, .path = path };
    sqlite3 *handle = NULL;

    setup.store = ma_sqlite_store_open (path, MA_SQLITE_STORE_FLAGS_NONE, &error);
    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (handle, "SELECT count(*) FROM regions", NULL, NULL, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_db_config (handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL), ==, SQLITE_OK);
    save_region (&setup, "NW", "North-West");
    g_clear_object (&setup.store);
    sqlite3_close (handle);
  }
  {
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_remove (shm);
  }
  g_assert_cmpint (mount (NULL, mount_dir, NULL, MS_REMOUNT | MS_RDONLY, NULL), ==, 0);
  store = ma_sqlite_store_open_best (path, MA_SQLITE_STORE_FLAGS_NONE, &read_only, &error);
  g_assert_null (store);
  g_assert_error (error, MA_DB_ERROR, MA_DB_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "-wal"));
  umount2 (mount_dir, MNT_DETACH);
}

static void
test_read_only_medium (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *mount_dir = NULL;
  g_autofree char *note = NULL;
  g_autofree char *reason = NULL;

  if (g_test_subprocess ())
    {
      /* In a child, whose mount namespace ends with it. */
      read_only_medium_child (g_getenv ("MA_TEST_MOUNT_DIR"));
      return;
    }
  dir = g_dir_make_tmp ("ma-medium-XXXXXX", &error);
  g_assert_no_error (error);
  mount_dir = g_build_filename (dir, "stick", NULL);
  g_assert_cmpint (g_mkdir (mount_dir, 0700), ==, 0);
  g_setenv ("MA_TEST_MOUNT_DIR", mount_dir, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("MA_TEST_MOUNT_DIR");

  note = g_build_filename (dir, "skipped", NULL);
  if (g_file_get_contents (note, &reason, NULL, NULL))
    g_test_skip (reason);
  else
    g_test_trap_assert_passed ();
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/backup/" path, Fixture, NULL, set_up, func, tear_down)
  ADD ("create/wal", test_create_wal);
  ADD ("create/damaged", test_create_damaged);
  ADD ("rotate", test_rotate);
  ADD ("list", test_list);
  ADD ("daily", test_daily);
  ADD ("restore/replaced-kept", test_restore);
  ADD ("restore/damaged", test_restore_damaged);
  ADD ("restore/fresh", test_restore_fresh);
  ADD ("health/quick-check", test_quick_check);
  ADD ("health/checked-later", test_checked_later);
  ADD ("read-only/flag", test_read_only_flag);
  ADD ("read-only/permissions", test_read_only_permissions);
  g_test_add_func ("/backup/read-only/medium", test_read_only_medium);
#undef ADD

  return g_test_run ();
}
