/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A full disk under the autosave path.
 *
 * A sqlite VFS shim, "quota", wraps the default VFS and keeps count of the
 * bytes of the files the store writes (the database and its -wal); a write
 * that would take the total past a limit fails with SQLITE_FULL, as a full
 * file system would. Mounting a small tmpfs needs privileges the test
 * cannot count on; the shim fails in the same place, sqlite's writes. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "ma-db.h"
#include "ma-sqlite-store.h"

#define N_QUESTIONS 60

/* ---- the quota VFS ------------------------------------------------------------- */

typedef struct {
  sqlite3_vfs   vfs;
  sqlite3_vfs  *real;
  sqlite3_int64 limit;      /* bytes; < 0: none */
  sqlite3_int64 used;
  GHashTable   *sizes;      /* file name -> sqlite3_int64* */
  guint         refusals;
} Quota;

typedef struct {
  sqlite3_file  base;
  char         *name;       /* NULL for files that are not counted */
  sqlite3_file *real;       /* right after this struct */
} QuotaFile;

static Quota quota;

static sqlite3_int64 *
tracked_size (const char *name)
{
  return name ? g_hash_table_lookup (quota.sizes, name) : NULL;
}

static int
quota_close (sqlite3_file *file)
{
  QuotaFile *f = (QuotaFile *) file;
  int rc = f->real->pMethods->xClose (f->real);

  g_free (f->name);
  return rc;
}

static int
quota_read (sqlite3_file *file, void *buffer, int amount, sqlite3_int64 offset)
{
  QuotaFile *f = (QuotaFile *) file;

  return f->real->pMethods->xRead (f->real, buffer, amount, offset);
}

static int
quota_write (sqlite3_file *file, const void *buffer, int amount, sqlite3_int64 offset)
{
  QuotaFile *f = (QuotaFile *) file;
  sqlite3_int64 *size = tracked_size (f->name);
  sqlite3_int64 end = offset + amount;
  int rc;

  if (size != NULL && end > *size && quota.limit >= 0 && quota.used + (end - *size) > quota.limit)
    {
      quota.refusals++;
      return SQLITE_FULL;
    }
  rc = f->real->pMethods->xWrite (f->real, buffer, amount, offset);
  if (rc == SQLITE_OK && size != NULL && end > *size)
    {
      quota.used += end - *size;
      *size = end;
    }
  return rc;
}

static int
quota_truncate (sqlite3_file *file, sqlite3_int64 new_size)
{
  QuotaFile *f = (QuotaFile *) file;
  sqlite3_int64 *size = tracked_size (f->name);
  int rc = f->real->pMethods->xTruncate (f->real, new_size);

  if (rc == SQLITE_OK && size != NULL && new_size < *size)
    {
      quota.used -= *size - new_size;
      *size = new_size;
    }
  return rc;
}

static int
quota_sync (sqlite3_file *file, int flags)
{
  QuotaFile *f = (QuotaFile *) file;

  return f->real->pMethods->xSync (f->real, flags);
}

static int
quota_file_size (sqlite3_file *file, sqlite3_int64 *size)
{
  QuotaFile *f = (QuotaFile *) file;

  return f->real->pMethods->xFileSize (f->real, size);
}

static int
quota_lock (sqlite3_file *file, int level)
{
  QuotaFile *f = (QuotaFile *) file;

  return f->real->pMethods->xLock (f->real, level);
}

static int
quota_unlock (sqlite3_file *file, int level)
{
  QuotaFile *f = (QuotaFile *) file;

  return f->real->pMethods->xUnlock (f->real, level);
}

static int
quota_check_reserved_lock (sqlite3_file *file, int *out)
{
  QuotaFile *f = (QuotaFile *) file;

  return f->real->pMethods->xCheckReservedLock (f->real, out);
}

static int
quota_file_control (sqlite3_file *file, int op, void *arg)
{
  QuotaFile *f = (QuotaFile *) file;

  return f->real->pMethods->xFileControl (f->real, op, arg);
}

static int
quota_sector_size (sqlite3_file *file)
{
  QuotaFile *f = (QuotaFile *) file;

  return f->real->pMethods->xSectorSize (f->real);
}

static int
quota_device_characteristics (sqlite3_file *file)
{
  QuotaFile *f = (QuotaFile *) file;

  return f->real->pMethods->xDeviceCharacteristics (f->real);
}

static int
quota_shm_map (sqlite3_file *file, int page, int page_size, int extend, void volatile **out)
{
  QuotaFile *f = (QuotaFile *) file;

  return f->real->pMethods->xShmMap (f->real, page, page_size, extend, out);
}

static int
quota_shm_lock (sqlite3_file *file, int offset, int n, int flags)
{
  QuotaFile *f = (QuotaFile *) file;

  return f->real->pMethods->xShmLock (f->real, offset, n, flags);
}

static void
quota_shm_barrier (sqlite3_file *file)
{
  QuotaFile *f = (QuotaFile *) file;

  f->real->pMethods->xShmBarrier (f->real);
}

static int
quota_shm_unmap (sqlite3_file *file, int delete_flag)
{
  QuotaFile *f = (QuotaFile *) file;

  return f->real->pMethods->xShmUnmap (f->real, delete_flag);
}

/* Memory-mapped I/O would write around xWrite: refused, so sqlite reads
 * and writes through the methods above. */
static int
quota_fetch (sqlite3_file *file, sqlite3_int64 offset, int amount, void **out)
{
  *out = NULL;
  return SQLITE_OK;
}

static int
quota_unfetch (sqlite3_file *file, sqlite3_int64 offset, void *page)
{
  return SQLITE_OK;
}

static const sqlite3_io_methods quota_methods = {
  3,
  quota_close, quota_read, quota_write, quota_truncate, quota_sync, quota_file_size,
  quota_lock, quota_unlock, quota_check_reserved_lock, quota_file_control, quota_sector_size,
  quota_device_characteristics, quota_shm_map, quota_shm_lock, quota_shm_barrier, quota_shm_unmap,
  quota_fetch, quota_unfetch,
};

static int
quota_open (sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
  QuotaFile *f = (QuotaFile *) file;
  sqlite3_int64 size = 0;
  int rc;

  memset (f, 0, sizeof *f);
  f->real = (sqlite3_file *) (f + 1);
  rc = quota.real->xOpen (quota.real, name, f->real, flags, out_flags);
  if (rc != SQLITE_OK)
    {
      /* sqlite calls no method of a file that failed to open. */
      f->base.pMethods = NULL;
      return rc;
    }
  f->base.pMethods = &quota_methods;
  /* The database and its -wal count; temporary files have no name. */
  if (name != NULL && (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL)) != 0)
    {
      f->name = g_strdup (name);
      if (tracked_size (name) == NULL)
        {
          f->real->pMethods->xFileSize (f->real, &size);
          g_hash_table_insert (quota.sizes, g_strdup (name), g_memdup2 (&size, sizeof size));
          quota.used += size;
        }
    }
  return SQLITE_OK;
}

static int
quota_delete (sqlite3_vfs *vfs, const char *name, int sync_dir)
{
  sqlite3_int64 *size = tracked_size (name);
  int rc = quota.real->xDelete (quota.real, name, sync_dir);

  if (rc == SQLITE_OK && size != NULL)
    {
      quota.used -= *size;
      g_hash_table_remove (quota.sizes, name);
    }
  return rc;
}

static int
quota_access (sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
  return quota.real->xAccess (quota.real, name, flags, out);
}

static int
quota_full_pathname (sqlite3_vfs *vfs, const char *name, int n, char *out)
{
  return quota.real->xFullPathname (quota.real, name, n, out);
}

static int
quota_randomness (sqlite3_vfs *vfs, int n, char *out)
{
  return quota.real->xRandomness (quota.real, n, out);
}

static int
quota_sleep (sqlite3_vfs *vfs, int microseconds)
{
  return quota.real->xSleep (quota.real, microseconds);
}

static int
quota_current_time (sqlite3_vfs *vfs, double *out)
{
  return quota.real->xCurrentTime (quota.real, out);
}

static int
quota_get_last_error (sqlite3_vfs *vfs, int n, char *out)
{
  return quota.real->xGetLastError (quota.real, n, out);
}

static int
quota_current_time_int64 (sqlite3_vfs *vfs, sqlite3_int64 *out)
{
  return quota.real->xCurrentTimeInt64 (quota.real, out);
}

static void
register_quota_vfs (void)
{
  quota.real = sqlite3_vfs_find (NULL);
  g_assert_nonnull (quota.real);
  g_assert_cmpint (quota.real->iVersion, >=, 2);
  quota.sizes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  quota.limit = -1;
  quota.vfs = (sqlite3_vfs) {
    .iVersion = 2,
    .szOsFile = (int) sizeof (QuotaFile) + quota.real->szOsFile,
    .mxPathname = quota.real->mxPathname,
    .zName = "quota",
    .xOpen = quota_open,
    .xDelete = quota_delete,
    .xAccess = quota_access,
    .xFullPathname = quota_full_pathname,
    .xRandomness = quota_randomness,
    .xSleep = quota_sleep,
    .xCurrentTime = quota_current_time,
    .xGetLastError = quota_get_last_error,
    .xCurrentTimeInt64 = quota_current_time_int64,
  };
  g_assert_cmpint (sqlite3_vfs_register (&quota.vfs, 0), ==, SQLITE_OK);
}

/* ---- the test ---------------------------------------------------------------------- */

static MaTemplate *
make_template (void)
{
  MaTemplate *t = ma_template_new ();
  MaSection *s = ma_section_new ();

  t->key = g_strdup ("full");
  t->version = 1;
  t->name = g_strdup ("Disk full");
  t->channel = g_strdup ("visit");
  s->key = g_strdup ("all");
  s->title = g_strdup ("All questions");
  for (guint i = 1; i <= N_QUESTIONS; i++)
    {
      MaQuestion *q = ma_question_new ();

      q->key = g_strdup_printf ("q%02u", i);
      q->text = g_strdup_printf ("Question %u", i);
      q->type = MA_QUESTION_TEXT;
      g_ptr_array_add (s->questions, q);
    }
  g_ptr_array_add (t->sections, s);
  return t;
}

static MaAudit *
make_draft (void)
{
  MaAudit *audit = ma_audit_new ();

  audit->uuid = g_strdup ("5a1e0000-0000-4000-8000-000000000001");
  audit->template_key = g_strdup ("full");
  audit->template_version = 1;
  audit->branch = g_strdup ("SPB-01");
  audit->auditor = g_strdup ("A. Smirnova");
  audit->channel = g_strdup ("visit");
  audit->visited_at = g_strdup ("2026-10-05T10:00:00+03:00");
  audit->modified = g_strdup ("2026-10-05T10:30:00+03:00");
  audit->status = MA_AUDIT_DRAFT;
  return audit;
}

/* A long answer, so the database grows quickly. */
static void
add_answer (MaAudit *audit,
            guint    n)
{
  g_autofree char *key = g_strdup_printf ("q%02u", n);
  MaAnswer *answer = ma_answer_new (key);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < 300; i++)
    g_string_append_printf (text, "%u-%u ", n, i);
  answer->kind = MA_VALUE_STRING;
  answer->string = g_string_free (text, FALSE);
  g_ptr_array_add (audit->answers, answer);
}

/* The audit as the normal VFS reads it back: how many answers, each the
 * one that was saved. */
static guint
answers_on_disk (const char    *path,
                 const MaAudit *saved)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaStore) store = NULL;
  g_autoptr(MaAudit) audit = NULL;
  g_autofree char *problems = NULL;
  gboolean ok = FALSE;

  g_assert_true (ma_db_integrity_check (path, &ok, &problems, &error));
  g_assert_no_error (error);
  g_assert_true (ok);
  store = ma_sqlite_store_open (path, MA_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  audit = ma_store_get_audit (store, saved->uuid, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < audit->answers->len; i++)
    {
      const MaAnswer *a = audit->answers->pdata[i];
      const MaAnswer *expected = ma_audit_find_answer (saved, a->question);

      g_assert_nonnull (expected);
      g_assert_cmpstr (a->string, ==, expected->string);
    }
  return audit->answers->len;
}

static void
test_disk_full (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaStore) store = NULL;
  g_autoptr(MaAudit) audit = make_draft ();
  g_autoptr(MaTemplate) template = make_template ();
  g_autoptr(MaRegion) region = ma_region_new ("NW", "North-West");
  g_autoptr(MaBranch) branch = ma_branch_new ("SPB-01", "Nevsky", "NW");
  g_autofree char *dir = g_dir_make_tmp ("ma-full-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "field.db", NULL);
  guint saved = 0;
  guint n;

  g_assert_no_error (error);
  store = ma_sqlite_store_open_with_vfs (path, MA_SQLITE_STORE_FLAGS_NONE, "quota", &error);
  g_assert_no_error (error);
  g_assert_true (ma_store_save_region (store, region, NULL, &error));
  g_assert_true (ma_store_save_branch (store, branch, NULL, &error));
  g_assert_true (ma_store_save_template (store, template, NULL, &error));
  g_assert_no_error (error);

  /* 256 KiB left on the "disk". */
  quota.limit = quota.used + 256 * 1024;
  for (n = 1; n <= N_QUESTIONS; n++)
    {
      add_answer (audit, n);
      if (!ma_store_save_audit (store, audit, "A. Smirnova", NULL, NULL, &error))
        break;
      saved = n;
    }
  g_assert_cmpuint (n, <=, N_QUESTIONS);   /* the disk did fill up */
  g_assert_cmpuint (saved, >, 0);
  g_assert_cmpuint (quota.refusals, >, 0);
  g_assert_error (error, MA_DB_ERROR, MA_DB_ERROR_FULL);
  g_test_message ("save %u of the draft: %s", n, error->message);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "disk is full"));
  g_clear_error (&error);

  /* Still full: the retry fails the same way, and says so. */
  g_assert_false (ma_store_save_audit (store, audit, "A. Smirnova", NULL, NULL, &error));
  g_assert_error (error, MA_DB_ERROR, MA_DB_ERROR_FULL);
  g_clear_error (&error);
  g_clear_object (&store);

  /* On disk: exactly the answers of the last save that returned TRUE. */
  g_assert_cmpuint (answers_on_disk (path, audit), ==, saved);

  /* Space freed: the answers kept in memory are saved by the retry. */
  quota.limit = -1;
  store = ma_sqlite_store_open_with_vfs (path, MA_SQLITE_STORE_FLAGS_NONE, "quota", &error);
  g_assert_no_error (error);
  g_assert_true (ma_store_save_audit (store, audit, "A. Smirnova", NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_cmpuint (answers_on_disk (path, audit), ==, n);

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
}

/* A full disk while a store opens (the -wal cannot grow for the schema):
 * refused with the same code, nothing half made. */
static void
test_full_on_open (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaStore) store = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ma-full-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "new.db", NULL);

  g_assert_no_error (error);
  quota.limit = quota.used + 4096;
  store = ma_sqlite_store_open_with_vfs (path, MA_SQLITE_STORE_FLAGS_NONE, "quota", &error);
  quota.limit = -1;
  g_assert_null (store);
  g_assert_error (error, MA_DB_ERROR, MA_DB_ERROR_FULL);

  /* With room, the same file opens and gets its schema. */
  g_clear_error (&error);
  store = ma_sqlite_store_open (path, MA_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ma_sqlite_store_get_schema_version (MA_SQLITE_STORE (store)), >, 0);
  g_clear_object (&store);
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
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  register_quota_vfs ();

  g_test_add_func ("/disk-full/autosave", test_disk_full);
  g_test_add_func ("/disk-full/open", test_full_on_open);

  status = g_test_run ();
  sqlite3_vfs_unregister (&quota.vfs);
  g_hash_table_unref (quota.sizes);
  return status;
}
