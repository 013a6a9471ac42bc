/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ma-backup.h"
#include "ma-db.h"
#include "ma-sqlite-store.h"

G_DEFINE_QUARK (ma-backup-error-quark, ma_backup_error)

/* How long a backup waits for the database when another connection holds
 * a lock it needs, in tries of BUSY_SLEEP_US. */
#define BUSY_TRIES    50
#define BUSY_SLEEP_US (100 * 1000)

/* A temporary file older than this is left over from an interrupted backup
 * and not one being written right now by another process. */
#define STALE_TEMP_SECONDS (60 * 60)

#define TIME_FORMAT "%Y-%m-%dT%H%M%SZ"

void
ma_backup_info_free (MaBackupInfo *self)
{
  if (self == NULL)
    return;
  g_free (self->path);
  g_free (self->name);
  g_clear_pointer (&self->time, g_date_time_unref);
  g_free (self->problem);
  g_free (self);
}

/* "mystery-audit.db" -> "mystery-audit" */
static char *
database_stem (const char *db_path)
{
  g_autofree char *base = g_path_get_basename (db_path);

  if (g_str_has_suffix (base, ".db") && strlen (base) > 3)
    base[strlen (base) - 3] = '\0';
  return g_steal_pointer (&base);
}

char *
ma_backup_default_dir (const char *db_path)
{
  g_autofree char *dir = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);

  dir = g_path_get_dirname (db_path);
  stem = database_stem (db_path);
  name = g_strconcat (stem, "-backups", NULL);
  return g_build_filename (dir, name, NULL);
}

/* ---- files -------------------------------------------------------------- */

/* A macro, so that the format stays a literal the compiler checks. */
#define set_io_error(error, saved_errno, format, path)                              \
  G_GNUC_EXTENSION ({                                                                 \
    int saved_ = (saved_errno);  /* before gettext can change errno */              \
    g_set_error ((error), MA_BACKUP_ERROR, MA_BACKUP_ERROR_IO, (format), (path),      \
                 g_strerror (saved_));                                                \
    FALSE;                                                                            \
  })

static gboolean
sync_path (const char  *path,
           gboolean     directory,
           GError     **error)
{
  int fd = g_open (path, (directory ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC, 0);

  if (fd < 0)
    return set_io_error (error, errno, _("Cannot open %s to sync it: %s"), path);
  if (fsync (fd) != 0)
    {
      int saved = errno;

      /* Some file systems cannot sync a folder; the file itself is synced. */
      if (!(directory && (saved == EINVAL || saved == ENOTSUP)))
        {
          g_close (fd, NULL);
          return set_io_error (error, saved, _("Cannot sync %s: %s"), path);
        }
    }
  g_close (fd, NULL);
  return TRUE;
}

static gboolean
sync_parent (const char  *path,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  return sync_path (dir, TRUE, error);
}

/* An empty private file "<dir>/.<stem>-XXXXXX.tmp"; its path. */
static char *
make_temp_file (const char  *dir,
                const char  *stem,
                GError     **error)
{
  g_autofree char *name = g_strdup_printf (".%s-XXXXXX.tmp", stem);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  int fd;

  fd = g_mkstemp_full (path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_io_error (error, errno, _("Cannot create a temporary file in %s: %s"), dir);
      return NULL;
    }
  g_close (fd, NULL);
  return g_steal_pointer (&path);
}

static gboolean
copy_file (const char  *from,
           const char  *to,
           GError     **error)
{
  char buffer[64 * 1024];
  int in, out;
  gboolean ok = TRUE;

  in = g_open (from, O_RDONLY | O_CLOEXEC, 0);
  if (in < 0)
    return set_io_error (error, errno, _("Cannot read %s: %s"), from);
  out = g_open (to, O_WRONLY | O_TRUNC | O_CLOEXEC, 0);
  if (out < 0)
    {
      g_close (in, NULL);
      return set_io_error (error, errno, _("Cannot write %s: %s"), to);
    }

  while (ok)
    {
      ssize_t got = read (in, buffer, sizeof buffer);
      ssize_t done = 0;

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          ok = set_io_error (error, errno, _("Cannot read %s: %s"), from);
          break;
        }
      if (got == 0)
        break;
      while (done < got)
        {
          ssize_t put = write (out, buffer + done, got - done);

          if (put < 0 && errno == EINTR)
            continue;
          if (put < 0)
            {
              ok = set_io_error (error, errno, _("Cannot write %s: %s"), to);
              break;
            }
          done += put;
        }
    }
  if (ok && fsync (out) != 0)
    ok = set_io_error (error, errno, _("Cannot sync %s: %s"), to);
  g_close (in, NULL);
  if (!g_close (out, NULL) && ok)
    ok = set_io_error (error, errno, _("Cannot write %s: %s"), to);
  return ok;
}

/* ---- names ---------------------------------------------------------------- */

typedef struct {
  char      *name;
  GDateTime *time;
  guint      counter;   /* the n of "...Z-n.db": two backups in one second */
} BackupName;

static void
backup_name_free (BackupName *self)
{
  g_free (self->name);
  g_clear_pointer (&self->time, g_date_time_unref);
  g_free (self);
}

static GRegex *
backup_name_regex (void)
{
  static GRegex *regex;

  if (g_once_init_enter (&regex))
    {
      GRegex *compiled = g_regex_new ("^.+-([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2})([0-9]{2})([0-9]{2})Z"
                                      "(?:-([0-9]{1,4}))?\\.db$",
                                      G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&regex, compiled);
    }
  return regex;
}

static BackupName *
parse_backup_name (const char *name)
{
  g_autoptr(GMatchInfo) match = NULL;
  int parts[6];
  BackupName *parsed;

  if (!g_regex_match (backup_name_regex (), name, 0, &match))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *digits = g_match_info_fetch (match, i + 1);
      parts[i] = atoi (digits);
    }
  parsed = g_new0 (BackupName, 1);
  /* NULL for a date that does not exist: then it is not one of ours. */
  parsed->time = g_date_time_new_utc (parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
  if (parsed->time == NULL)
    {
      g_free (parsed);
      return NULL;
    }
  {
    g_autofree char *counter = g_match_info_fetch (match, 7);

    parsed->counter = counter && *counter ? (guint) atoi (counter) : 0;
  }
  parsed->name = g_strdup (name);
  return parsed;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const BackupName *x = *(const BackupName * const *) a;
  const BackupName *y = *(const BackupName * const *) b;
  int by_time = g_date_time_compare (y->time, x->time);

  if (by_time != 0)
    return by_time;
  return (y->counter > x->counter) - (y->counter < x->counter);
}

/* The backups in @dir, newest first (of BackupName). An absent folder has
 * none. */
static GPtrArray *
scan_backups (const char  *dir,
              GError     **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) backup_name_free);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) handle = NULL;
  const char *name;

  handle = g_dir_open (dir, 0, &local_error);
  if (handle == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&found);
      g_set_error (error, MA_BACKUP_ERROR, MA_BACKUP_ERROR_IO, _("Cannot read the backup folder %s: %s"),
                   dir, local_error->message);
      return NULL;
    }
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      BackupName *parsed = name[0] == '.' ? NULL : parse_backup_name (name);

      if (parsed != NULL)
        g_ptr_array_add (found, parsed);
    }
  g_ptr_array_sort (found, compare_newest_first);
  return g_steal_pointer (&found);
}

/* "<dir>/<stem>-<time>.db", or "...-2.db" and on when that is taken. */
static char *
free_backup_path (const char *dir,
                  const char *stem,
                  GDateTime  *now)
{
  g_autofree char *stamp = g_date_time_format (now, TIME_FORMAT);

  for (guint n = 1;; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup_printf ("%s-%s.db", stem, stamp)
                                     : g_strdup_printf ("%s-%s-%u.db", stem, stamp, n);
      char *path = g_build_filename (dir, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return path;
      g_free (path);
    }
}

/* ---- create --------------------------------------------------------------- */

static gboolean
copy_database (MaDb        *source,
               const char  *target_path,
               GError     **error)
{
  sqlite3 *target = NULL;
  sqlite3_backup *backup;
  int rc;

  rc = sqlite3_open_v2 (target_path, &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    goto failed;

  backup = sqlite3_backup_init (target, "main", ma_db_get_handle (source), "main");
  if (backup == NULL)
    {
      rc = sqlite3_errcode (target);
      goto failed;
    }
  /* All pages in one step: one read transaction, so one consistent moment
   * of the database, while writers in WAL mode go on. */
  for (guint tries = 0;; tries++)
    {
      rc = sqlite3_backup_step (backup, -1);
      if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && tries < BUSY_TRIES)
        {
          g_usleep (BUSY_SLEEP_US);
          continue;
        }
      break;
    }
  if (rc != SQLITE_DONE)
    {
      sqlite3_backup_finish (backup);
      goto failed;
    }
  rc = sqlite3_backup_finish (backup);
  if (rc != SQLITE_OK)
    goto failed;

  /* A backup is one file: rollback journal mode, no -wal to go with it.
   * Fixed SQL on our own connection to the temporary file. */
  rc = sqlite3_exec (target, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    goto failed;
  rc = sqlite3_close (target);
  target = NULL;
  if (rc != SQLITE_OK)
    goto failed;
  return TRUE;

failed:
  g_set_error (error, MA_BACKUP_ERROR, rc == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR
                                         ? MA_BACKUP_ERROR_IO : MA_BACKUP_ERROR_FAILED,
               _("Cannot back up %s: %s"), ma_db_get_path (source),
               target ? sqlite3_errmsg (target) : sqlite3_errstr (rc));
  if (target != NULL)
    sqlite3_close (target);
  return FALSE;
}

/* Whether @path passes quick_check; a refusal naming @what otherwise. */
static gboolean
check_sound (const char  *path,
             const char  *what,
             gboolean     integrity,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *problems = NULL;
  gboolean ok = FALSE;

  if (!(integrity ? ma_db_integrity_check : ma_db_quick_check) (path, &ok, &problems, &local_error))
    {
      g_set_error (error, MA_BACKUP_ERROR, MA_BACKUP_ERROR_IO, "%s", local_error->message);
      return FALSE;
    }
  if (!ok)
    {
      /* TRANSLATORS: "The database /x/y.db is damaged: <what sqlite found>" */
      g_set_error (error, MA_BACKUP_ERROR, MA_BACKUP_ERROR_DAMAGED, _("The %s %s is damaged: %s"), what,
                   path, problems);
      return FALSE;
    }
  return TRUE;
}

char *
ma_backup_create (const char  *db_path,
                  const char  *backup_dir,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *temp = NULL;
  g_autofree char *final = NULL;
  MaDb *source;
  gboolean ok;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (backup_dir != NULL, NULL);

  if (!g_file_test (db_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, MA_BACKUP_ERROR, MA_BACKUP_ERROR_NOT_FOUND, _("Database %s: no such file"),
                   db_path);
      return NULL;
    }
  if (!check_sound (db_path, _("database"), FALSE, error))
    return NULL;
  if (g_mkdir_with_parents (backup_dir, 0700) != 0)
    {
      set_io_error (error, errno, _("Cannot create the backup folder %s: %s"), backup_dir);
      return NULL;
    }

  stem = database_stem (db_path);
  temp = make_temp_file (backup_dir, stem, error);
  if (temp == NULL)
    return NULL;

  source = ma_db_open (db_path, TRUE, &local_error);
  if (source == NULL)
    {
      g_set_error (error, MA_BACKUP_ERROR, MA_BACKUP_ERROR_FAILED, "%s", local_error->message);
      g_remove (temp);
      return NULL;
    }
  ok = copy_database (source, temp, error);
  ma_db_close (source);

  /* The copy is checked before it takes a backup's name, so a backup under
   * its final name is always a sound one. */
  if (!ok || !check_sound (temp, _("backup"), FALSE, error) || !sync_path (temp, FALSE, error))
    {
      g_remove (temp);
      return NULL;
    }

  now = g_date_time_new_now_utc ();
  final = free_backup_path (backup_dir, stem, now);
  if (g_rename (temp, final) != 0)
    {
      set_io_error (error, errno, _("Cannot rename the backup to %s: %s"), final);
      g_remove (temp);
      return NULL;
    }
  if (!sync_parent (final, error))
    return NULL;
  return g_steal_pointer (&final);
}

/* ---- rotate and list ----------------------------------------------------------- */

static void
remove_stale_temp_files (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;

      if (name[0] != '.' || !g_str_has_suffix (name, ".tmp"))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode) && now - st.st_mtime > STALE_TEMP_SECONDS)
        g_remove (path);
    }
}

gboolean
ma_backup_rotate (const char  *backup_dir,
                  guint        keep,
                  GError     **error)
{
  g_autoptr(GPtrArray) backups = NULL;

  g_return_val_if_fail (backup_dir != NULL, FALSE);

  backups = scan_backups (backup_dir, error);
  if (backups == NULL)
    return FALSE;
  /* Keeping none would leave nothing to restore. */
  keep = MAX (keep, 1);
  for (guint i = keep; i < backups->len; i++)
    {
      const BackupName *old = g_ptr_array_index (backups, i);
      g_autofree char *path = g_build_filename (backup_dir, old->name, NULL);

      if (g_remove (path) != 0 && errno != ENOENT)
        return set_io_error (error, errno, _("Cannot delete the old backup %s: %s"), path);
    }
  remove_stale_temp_files (backup_dir);
  return TRUE;
}

static void
count_contents (MaBackupInfo *info)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaStore) store = NULL;
  g_autoptr(GPtrArray) employees = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  guint audits = 0;

  store = ma_sqlite_store_open (info->path, MA_SQLITE_STORE_READ_ONLY, &error);
  if (store != NULL && ma_store_count_audits (store, NULL, &audits, &error) &&
      (employees = ma_store_list_employees (store, &error)) != NULL &&
      (templates = ma_store_list_templates (store, &error)) != NULL)
    {
      info->audits = audits;
      info->employees = employees->len;
      info->templates = templates->len;
      return;
    }
  /* Sound but not readable by this version (an older schema needs an
   * upgrade, which a read-only look cannot do; a newer one is refused):
   * restoring it is still possible, the counts are just unknown. */
  info->problem = g_strdup (error->message);
}

GPtrArray *
ma_backup_list (const char  *backup_dir,
                GError     **error)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_return_val_if_fail (backup_dir != NULL, NULL);

  names = scan_backups (backup_dir, error);
  if (names == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_backup_info_free);
  for (guint i = 0; i < names->len; i++)
    {
      const BackupName *name = g_ptr_array_index (names, i);
      g_autoptr(GError) local_error = NULL;
      MaBackupInfo *info = g_new0 (MaBackupInfo, 1);
      GStatBuf st;

      info->path = g_build_filename (backup_dir, name->name, NULL);
      info->name = g_strdup (name->name);
      info->time = g_date_time_ref (name->time);
      info->audits = info->employees = info->templates = -1;
      g_ptr_array_add (list, info);

      if (g_stat (info->path, &st) == 0)
        info->size = (guint64) st.st_size;
      if (!ma_db_quick_check (info->path, &info->ok, &info->problem, &local_error))
        {
          info->ok = FALSE;
          info->problem = g_strdup (local_error->message);
          continue;
        }
      if (!info->ok)
        continue;
      g_clear_pointer (&info->problem, g_free);   /* "ok" */
      count_contents (info);
    }
  return g_steal_pointer (&list);
}

gboolean
ma_backup_daily_if_due (const char  *db_path,
                        const char  *backup_dir,
                        guint        keep,
                        char       **created_path,
                        GError     **error)
{
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  char *created;

  g_return_val_if_fail (db_path != NULL, FALSE);
  g_return_val_if_fail (backup_dir != NULL, FALSE);

  if (created_path != NULL)
    *created_path = NULL;
  backups = scan_backups (backup_dir, error);
  if (backups == NULL)
    return FALSE;
  if (backups->len > 0)
    {
      const BackupName *newest = g_ptr_array_index (backups, 0);
      GTimeSpan age = g_date_time_difference (now, newest->time);

      if (age >= 0 && age < G_TIME_SPAN_DAY)
        return TRUE;
    }

  created = ma_backup_create (db_path, backup_dir, error);
  if (created == NULL)
    return FALSE;
  if (created_path != NULL)
    *created_path = created;
  else
    g_free (created);
  return ma_backup_rotate (backup_dir, keep, error);
}

/* ---- restore --------------------------------------------------------------------- */

static char *
free_replaced_path (const char *db_path,
                    GDateTime  *now)
{
  g_autofree char *stamp = g_date_time_format (now, TIME_FORMAT);

  for (guint n = 1;; n++)
    {
      char *path = n == 1 ? g_strdup_printf ("%s.replaced-%s", db_path, stamp)
                          : g_strdup_printf ("%s.replaced-%s-%u", db_path, stamp, n);
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (wal, G_FILE_TEST_EXISTS))
        return path;
      g_free (path);
    }
}

/* Renames "<from><suffix>" to "<to><suffix>" when it exists. */
static gboolean
move_companion (const char  *from,
                const char  *to,
                const char  *suffix,
                GError     **error)
{
  g_autofree char *source = g_strconcat (from, suffix, NULL);
  g_autofree char *target = g_strconcat (to, suffix, NULL);

  if (!g_file_test (source, G_FILE_TEST_EXISTS))
    return TRUE;
  if (g_rename (source, target) != 0)
    return set_io_error (error, errno, _("Cannot move %s aside: %s"), source);
  return TRUE;
}

gboolean
ma_backup_restore (const char  *backup_path,
                   const char  *db_path,
                   char       **replaced_path,
                   GError     **error)
{
  static const char * const companions[] = { "-wal", "-shm", "-journal" };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *db_dir = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *temp = NULL;
  g_autofree char *replaced = NULL;
  gboolean had_database, linked = FALSE;

  g_return_val_if_fail (backup_path != NULL, FALSE);
  g_return_val_if_fail (db_path != NULL, FALSE);

  if (replaced_path != NULL)
    *replaced_path = NULL;
  if (!g_file_test (backup_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, MA_BACKUP_ERROR, MA_BACKUP_ERROR_NOT_FOUND, _("Backup %s: no such file"),
                   backup_path);
      return FALSE;
    }
  /* The thorough check: this file is about to become the data people are
   * paid from. */
  if (!check_sound (backup_path, _("backup"), TRUE, error))
    return FALSE;

  db_dir = g_path_get_dirname (db_path);
  if (g_mkdir_with_parents (db_dir, 0700) != 0)
    return set_io_error (error, errno, _("Cannot create the folder %s: %s"), db_dir);
  stem = g_path_get_basename (db_path);
  temp = make_temp_file (db_dir, stem, error);
  if (temp == NULL)
    return FALSE;
  /* Next to the database, so that the final rename stays on one file
   * system and is atomic. */
  if (!copy_file (backup_path, temp, error))
    {
      g_remove (temp);
      return FALSE;
    }

  had_database = g_file_test (db_path, G_FILE_TEST_EXISTS);
  if (had_database)
    {
      replaced = free_replaced_path (db_path, now);
      /* A second name for the current file first: at no moment is there no
       * database at @db_path, so a crash here cannot leave the app to start
       * on a new empty one. */
      if (link (db_path, replaced) == 0)
        linked = TRUE;
      else if (g_rename (db_path, replaced) != 0)
        {
          set_io_error (error, errno, _("Cannot move the database %s aside: %s"), db_path);
          g_remove (temp);
          return FALSE;
        }
    }
  /* The -wal holds committed data of the old file and would be replayed
   * into the restored one: it goes aside with its database, before the
   * restored file takes the name. */
  for (guint i = 0; had_database && i < G_N_ELEMENTS (companions); i++)
    {
      if (!move_companion (db_path, replaced, companions[i], error))
        {
          for (guint j = 0; j < i; j++)
            move_companion (replaced, db_path, companions[j], NULL);
          if (linked)
            g_remove (replaced);
          else
            g_rename (replaced, db_path);
          g_remove (temp);
          return FALSE;
        }
    }

  if (g_rename (temp, db_path) != 0)
    {
      int saved = errno;

      for (guint j = 0; had_database && j < G_N_ELEMENTS (companions); j++)
        move_companion (replaced, db_path, companions[j], NULL);
      if (had_database && !linked)
        g_rename (replaced, db_path);
      else if (linked)
        g_remove (replaced);
      g_remove (temp);
      return set_io_error (error, saved, _("Cannot put the backup in place of %s: %s"), db_path);
    }
  if (!sync_parent (db_path, error))
    return FALSE;
  if (replaced_path != NULL)
    *replaced_path = g_steal_pointer (&replaced);
  return TRUE;
}
