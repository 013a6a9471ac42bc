/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-db.h: the one owner of a sqlite connection.
 *
 * Opens with the pragmas every connection needs (foreign keys, WAL with
 * synchronous=FULL, a busy timeout), caches prepared statements by their SQL
 * text, and turns every sqlite failure into a GError. Unlike a bare
 * sqlite3_step(), ma_db_step() tells "no more rows" from "failed". */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define MA_DB_ERROR (ma_db_error_quark ())

typedef enum {
  MA_DB_ERROR_FAILED,
  MA_DB_ERROR_BUSY,        /* another writer held the database past the timeout */
  MA_DB_ERROR_READ_ONLY,   /* read-only file, medium or connection */
  MA_DB_ERROR_FULL,        /* the disk is full */
  MA_DB_ERROR_IO,          /* an I/O error */
  MA_DB_ERROR_CORRUPT,     /* not a database, or damaged */
  MA_DB_ERROR_CONSTRAINT,  /* a constraint refused the change */
} MaDbError;

GQuark ma_db_error_quark (void);

typedef enum {
  MA_DB_ROW,
  MA_DB_DONE,
  MA_DB_FAILED,
} MaDbStep;

typedef struct _MaDb MaDb;

/* Opens @path (created with mode 0600 when absent, unless @read_only). */
MaDb         *ma_db_open      (const char  *path,
                               gboolean     read_only,
                               GError     **error);
/* The same through the sqlite VFS named @vfs_name (NULL: the default one),
 * so that tests can stand in a full disk or a failing medium for the real
 * file system. */
MaDb         *ma_db_open_with_vfs (const char  *path,
                                   gboolean     read_only,
                                   const char  *vfs_name,
                                   GError     **error);
void          ma_db_close     (MaDb *self);
const char   *ma_db_get_path  (MaDb *self);
gboolean      ma_db_is_read_only (MaDb *self);
sqlite3      *ma_db_get_handle (MaDb *self);

/* Runs fixed SQL (no parameters; never built from user text). */
gboolean      ma_db_exec      (MaDb        *self,
                               const char  *sql,
                               GError     **error);
/* A prepared statement for @sql from the cache, reset and with its bindings
 * cleared. Owned by the cache: do not finalize it. */
sqlite3_stmt *ma_db_prepare   (MaDb        *self,
                               const char  *sql,
                               GError     **error);
MaDbStep      ma_db_step      (MaDb          *self,
                               sqlite3_stmt  *stmt,
                               GError       **error);
/* Steps a statement that returns no rows. */
gboolean      ma_db_run       (MaDb          *self,
                               sqlite3_stmt  *stmt,
                               GError       **error);

/* Transactions nest: the outermost is BEGIN IMMEDIATE ... COMMIT, inner ones
 * are savepoints, so each call is atomic even inside a caller's transaction.
 * ma_db_commit() returns TRUE only once COMMIT has returned. */
gboolean      ma_db_begin     (MaDb *self, GError **error);
gboolean      ma_db_commit    (MaDb *self, GError **error);
void          ma_db_rollback  (MaDb *self);
guint         ma_db_get_transaction_depth (MaDb *self);

gboolean      ma_db_get_user_version (MaDb *self, int *version, GError **error);
gboolean      ma_db_set_user_version (MaDb *self, int version, GError **error);

/* Health of the database file at @path, checked on a read-only connection
 * of its own (it never writes, so it is safe on a damaged file). TRUE when
 * the check ran: *@ok tells whether the file is sound, and *@message (when
 * not NULL) is "ok" or the problems sqlite found, one a line. A file that
 * is not a database at all is reported as damaged, not as an error. FALSE
 * with an error when the file cannot be read (absent, unreadable, I/O).
 * quick_check reads every page and checks the structure; integrity_check
 * also checks that every index matches its table, which takes longer. */
gboolean      ma_db_quick_check     (const char  *path,
                                     gboolean    *ok,
                                     char       **message,
                                     GError     **error);
gboolean      ma_db_integrity_check (const char  *path,
                                     gboolean    *ok,
                                     char       **message,
                                     GError     **error);

/* Binding helpers: text may be NULL (binds NULL). */
void          ma_db_bind_text   (sqlite3_stmt *stmt, int index, const char *text);
void          ma_db_bind_int64  (sqlite3_stmt *stmt, int index, gint64 value);
/* Binds NULL for NAN. */
void          ma_db_bind_double (sqlite3_stmt *stmt, int index, double value);
/* A column's text copied, or NULL. */
char         *ma_db_column_dup  (sqlite3_stmt *stmt, int column);
/* A column's double, or NAN when NULL. */
double        ma_db_column_double (sqlite3_stmt *stmt, int column);

G_END_DECLS
