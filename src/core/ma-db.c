/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>

#include "ma-db.h"

G_DEFINE_QUARK (ma-db-error-quark, ma_db_error)

/* How long a writer waits for another (the CLI and the window on one file). */
#define BUSY_TIMEOUT_MS 5000

struct _MaDb
{
  sqlite3    *handle;
  char       *path;
  gboolean    read_only;
  GHashTable *statements;   /* SQL text -> sqlite3_stmt* */
  guint       depth;        /* open transactions and savepoints */
};

static MaDbError
error_code_for (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return MA_DB_ERROR_BUSY;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      return MA_DB_ERROR_READ_ONLY;
    case SQLITE_FULL:
      return MA_DB_ERROR_FULL;
    case SQLITE_IOERR:
      return MA_DB_ERROR_IO;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return MA_DB_ERROR_CORRUPT;
    case SQLITE_CONSTRAINT:
      return MA_DB_ERROR_CONSTRAINT;
    default:
      return MA_DB_ERROR_FAILED;
    }
}

static gboolean
set_error_from_rc (MaDb    *self,
                   int      rc,
                   GError **error)
{
  const char *message = self->handle ? sqlite3_errmsg (self->handle) : sqlite3_errstr (rc);

  g_set_error (error, MA_DB_ERROR, error_code_for (rc), _("Database %s: %s"), self->path, message);
  return FALSE;
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

/* ma_sha256(text): the lower-case hex SHA-256 of its UTF-8 text, NULL for
 * NULL. Schema version 3 keeps the hash of an audit's canonical form in
 * place of the text itself, and computes it for existing rows with this. */
static void
sha256_function (sqlite3_context  *context,
                 int               argc,
                 sqlite3_value   **argv)
{
  const unsigned char *text = sqlite3_value_text (argv[0]);
  g_autofree char *hex = NULL;

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }
  hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, text, sqlite3_value_bytes (argv[0]));
  sqlite3_result_text (context, hex, -1, SQLITE_TRANSIENT);
}

static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  int fd;

  /* sqlite would create the file with the umask's permissions; pay data and
   * results are private, so the file is made 0600 before sqlite opens it.
   * The -wal and -shm files take the same mode from it. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      if (saved == EEXIST)
        return TRUE;
      g_set_error (error, MA_DB_ERROR, MA_DB_ERROR_READ_ONLY, _("Cannot create %s: %s"), path,
                   g_strerror (saved));
      return FALSE;
    }
  g_close (fd, NULL);
  return TRUE;
}

/* Opens a handle and, for a read-only one, reads the schema once so that a
 * WAL database that cannot be read shows now.
 *
 * A WAL database needs its -shm file, which a read-only medium (a stick,
 * a CD, a read-only share) cannot take. When there is no -wal either (the
 * file was closed cleanly), nothing can change the file and nothing is
 * missing from it, so it is opened as immutable: read without locks or
 * -shm. With a non-empty -wal, part of the data is there and only a
 * writable place can replay it: that stays an error. */
/* Whether committed changes may wait in @path's -wal file. */
static gboolean
has_pending_wal (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;

  return g_stat (wal, &st) == 0 && st.st_size > 0;
}

static int
open_handle (const char  *path,
             int          flags,
             const char  *vfs_name,
             sqlite3    **handle)
{
  g_autofree char *escaped = NULL;
  g_autofree char *uri = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, handle, flags, vfs_name);
  if (rc != SQLITE_OK || (flags & SQLITE_OPEN_READONLY) == 0)
    return rc;
  rc = sqlite3_exec (*handle, "PRAGMA schema_version", NULL, NULL, NULL);
  if ((rc & 0xff) != SQLITE_CANTOPEN)
    return SQLITE_OK;   /* readable, or another problem later calls report */

  if (has_pending_wal (path))
    return rc;
  sqlite3_close (*handle);
  *handle = NULL;
  escaped = g_uri_escape_string (path, "/", FALSE);
  uri = g_strconcat ("file:", escaped, "?immutable=1", NULL);
  return sqlite3_open_v2 (uri, handle, flags | SQLITE_OPEN_URI, vfs_name);
}

MaDb *
ma_db_open (const char  *path,
            gboolean     read_only,
            GError     **error)
{
  return ma_db_open_with_vfs (path, read_only, NULL, error);
}

MaDb *
ma_db_open_with_vfs (const char  *path,
                     gboolean     read_only,
                     const char  *vfs_name,
                     GError     **error)
{
  g_autofree char *dir = NULL;
  MaDb *self;
  int flags, rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (!read_only)
    {
      dir = g_path_get_dirname (path);
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved = errno;
          g_set_error (error, MA_DB_ERROR, MA_DB_ERROR_READ_ONLY, _("Cannot create the folder %s: %s"),
                       dir, g_strerror (saved));
          return NULL;
        }
      if (!create_private_file (path, error))
        return NULL;
    }

  self = g_new0 (MaDb, 1);
  self->path = g_strdup (path);
  self->read_only = read_only;
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);

  flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
  rc = open_handle (path, flags, vfs_name, &self->handle);
  if (rc != SQLITE_OK && read_only && (rc & 0xff) == SQLITE_CANTOPEN && has_pending_wal (path))
    {
      g_set_error (error, MA_DB_ERROR, MA_DB_ERROR_READ_ONLY,
                   _("Database %s cannot be read where it is: its latest changes are in %s-wal, "
                     "which only a writable folder can replay; copy both files to one"),
                   path, path);
      ma_db_close (self);
      return NULL;
    }
  if (rc != SQLITE_OK)
    {
      set_error_from_rc (self, rc, error);
      ma_db_close (self);
      return NULL;
    }

  sqlite3_extended_result_codes (self->handle, 1);
  sqlite3_busy_timeout (self->handle, BUSY_TIMEOUT_MS);
  rc = sqlite3_create_function_v2 (self->handle, "ma_sha256", 1,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                   sha256_function, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_error_from_rc (self, rc, error);
      ma_db_close (self);
      return NULL;
    }

  /* Set explicitly on every connection: foreign keys are off by default,
   * and FULL makes each COMMIT durable in WAL mode too. */
  /* 64 MB of page cache (sqlite's default is 2 MB): saving an audit
   * touches random pages of the uuid index and of the per-audit tables, and
   * at a year of a large chain (240 000 audits) those no longer fit in 2 MB,
   * so that every batch of imported or generated audits spilled and re-read
   * the same pages. Only pages actually read take memory. */
  if (!ma_db_exec (self, "PRAGMA cache_size = -65536", error) ||
      !ma_db_exec (self, "PRAGMA foreign_keys = ON", error) ||
      (!read_only && !ma_db_exec (self, "PRAGMA journal_mode = WAL", error)) ||
      !ma_db_exec (self, "PRAGMA synchronous = FULL", error))
    {
      ma_db_close (self);
      return NULL;
    }

  return self;
}

void
ma_db_close (MaDb *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->handle != NULL)
    sqlite3_close (self->handle);
  g_free (self->path);
  g_free (self);
}

const char *
ma_db_get_path (MaDb *self)
{
  return self->path;
}

gboolean
ma_db_is_read_only (MaDb *self)
{
  return self->read_only;
}

sqlite3 *
ma_db_get_handle (MaDb *self)
{
  return self->handle;
}

gboolean
ma_db_exec (MaDb        *self,
            const char  *sql,
            GError     **error)
{
  int rc = sqlite3_exec (self->handle, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_error_from_rc (self, rc, error);
  return TRUE;
}

sqlite3_stmt *
ma_db_prepare (MaDb        *self,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_error_from_rc (self, rc, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

MaDbStep
ma_db_step (MaDb          *self,
            sqlite3_stmt  *stmt,
            GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return MA_DB_ROW;
  if (rc == SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return MA_DB_DONE;
    }
  set_error_from_rc (self, rc, error);
  sqlite3_reset (stmt);
  return MA_DB_FAILED;
}

gboolean
ma_db_run (MaDb          *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  MaDbStep step = ma_db_step (self, stmt, error);

  if (step == MA_DB_ROW)
    {
      sqlite3_reset (stmt);
      return TRUE;
    }
  return step == MA_DB_DONE;
}

gboolean
ma_db_begin (MaDb    *self,
             GError **error)
{
  g_autofree char *sql = NULL;

  if (self->read_only)
    {
      g_set_error (error, MA_DB_ERROR, MA_DB_ERROR_READ_ONLY,
                   _("Database %s is open read-only"), self->path);
      return FALSE;
    }

  /* IMMEDIATE takes the write lock now, so a busy database fails here and
   * not halfway through the work. */
  sql = self->depth == 0 ? g_strdup ("BEGIN IMMEDIATE") : g_strdup_printf ("SAVEPOINT sp%u", self->depth);
  if (!ma_db_exec (self, sql, error))
    return FALSE;
  self->depth++;
  return TRUE;
}

gboolean
ma_db_commit (MaDb    *self,
              GError **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (self->depth > 0, FALSE);

  sql = self->depth == 1 ? g_strdup ("COMMIT") : g_strdup_printf ("RELEASE sp%u", self->depth - 1);
  if (!ma_db_exec (self, sql, error))
    {
      ma_db_rollback (self);
      return FALSE;
    }
  self->depth--;
  return TRUE;
}

void
ma_db_rollback (MaDb *self)
{
  g_return_if_fail (self->depth > 0);

  if (self->depth == 1)
    {
      /* If sqlite already rolled back (an I/O error does), this is a no-op. */
      if (!sqlite3_get_autocommit (self->handle))
        sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
    }
  else
    {
      g_autofree char *sql = g_strdup_printf ("ROLLBACK TO sp%u; RELEASE sp%u", self->depth - 1,
                                              self->depth - 1);
      sqlite3_exec (self->handle, sql, NULL, NULL, NULL);
    }
  self->depth--;
}

guint
ma_db_get_transaction_depth (MaDb *self)
{
  return self->depth;
}

gboolean
ma_db_get_user_version (MaDb    *self,
                        int     *version,
                        GError **error)
{
  sqlite3_stmt *stmt = ma_db_prepare (self, "PRAGMA user_version", error);

  if (stmt == NULL)
    return FALSE;
  if (ma_db_step (self, stmt, error) != MA_DB_ROW)
    {
      if (error && *error == NULL)
        g_set_error (error, MA_DB_ERROR, MA_DB_ERROR_FAILED, _("Database %s: no schema version"),
                     self->path);
      return FALSE;
    }
  *version = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
ma_db_set_user_version (MaDb    *self,
                        int      version,
                        GError **error)
{
  /* PRAGMA takes no parameters; the value is an integer of ours. */
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", version);

  return ma_db_exec (self, sql, error);
}

/* Runs @pragma ("quick_check" or "integrity_check") on a read-only
 * connection of its own. */
static gboolean
run_check (const char  *path,
           const char  *pragma,
           gboolean    *ok,
           char       **message,
           GError     **error)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autofree char *sql = NULL;
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean sound = TRUE;
  int rc;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (ok != NULL, FALSE);

  /* sqlite would happily read an absent file as an empty database. */
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, MA_DB_ERROR, MA_DB_ERROR_IO, _("Database %s: no such file"), path);
      return FALSE;
    }

  rc = open_handle (path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL, &handle);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (handle, 1);
      sqlite3_busy_timeout (handle, BUSY_TIMEOUT_MS);
      /* At most 20 problems: enough to tell damage from a slip, short
       * enough to show. The pragma takes no parameters; both parts are ours. */
      sql = g_strdup_printf ("PRAGMA %s(20)", pragma);
      rc = sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL);
    }
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") == 0)
        continue;
      sound = FALSE;
      if (problems->len > 0)
        g_string_append_c (problems, '\n');
      g_string_append (problems, line ? line : "?");
    }
  if (rc == SQLITE_ROW)
    rc = SQLITE_DONE;
  if (rc != SQLITE_DONE)
    {
      MaDbError code = error_code_for (rc);
      const char *what = handle ? sqlite3_errmsg (handle) : sqlite3_errstr (rc);

      if (code != MA_DB_ERROR_CORRUPT)
        {
          g_set_error (error, MA_DB_ERROR, code, _("Database %s: %s"), path, what);
          sqlite3_finalize (stmt);
          sqlite3_close (handle);
          return FALSE;
        }
      /* Not a database, or damaged so badly the check cannot run: that is
       * the answer to "is it sound?", not a failure to ask. */
      sound = FALSE;
      if (problems->len > 0)
        g_string_append_c (problems, '\n');
      g_string_append (problems, what);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (handle);

  *ok = sound;
  if (message != NULL)
    *message = sound ? g_strdup ("ok") : g_strdup (problems->str);
  return TRUE;
}

gboolean
ma_db_quick_check (const char  *path,
                   gboolean    *ok,
                   char       **message,
                   GError     **error)
{
  return run_check (path, "quick_check", ok, message, error);
}

gboolean
ma_db_integrity_check (const char  *path,
                       gboolean    *ok,
                       char       **message,
                       GError     **error)
{
  return run_check (path, "integrity_check", ok, message, error);
}

void
ma_db_bind_text (sqlite3_stmt *stmt,
                 int           index,
                 const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

void
ma_db_bind_int64 (sqlite3_stmt *stmt,
                  int           index,
                  gint64        value)
{
  sqlite3_bind_int64 (stmt, index, value);
}

void
ma_db_bind_double (sqlite3_stmt *stmt,
                   int           index,
                   double        value)
{
  if (isnan (value))
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_double (stmt, index, value);
}

char *
ma_db_column_dup (sqlite3_stmt *stmt,
                  int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text ? g_strdup ((const char *) text) : NULL;
}

double
ma_db_column_double (sqlite3_stmt *stmt,
                     int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NAN;
  return sqlite3_column_double (stmt, column);
}
