/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-sqlite-store.h: the MaStore on one sqlite file. */
#pragma once

#include "ma-store.h"

G_BEGIN_DECLS

typedef enum {
  MA_SQLITE_STORE_FLAGS_NONE = 0,
  MA_SQLITE_STORE_READ_ONLY  = 1 << 0,   /* never write, not even migrations */
  /* Run PRAGMA quick_check before anything else: a damaged database is
   * refused with MA_DB_ERROR_CORRUPT (ma-db.h) and never written to. */
  MA_SQLITE_STORE_QUICK_CHECK = 1 << 1,
} MaSqliteStoreFlags;

#define MA_TYPE_SQLITE_STORE (ma_sqlite_store_get_type ())
G_DECLARE_FINAL_TYPE (MaSqliteStore, ma_sqlite_store, MA, SQLITE_STORE, GObject)

/* Opens (creating with mode 0600 when absent, unless read-only) the
 * database at @path and migrates its schema to the current version. A
 * database made by a newer app is refused with MA_STORE_ERROR_NEWER_SCHEMA. */
MaStore    *ma_sqlite_store_open     (const char          *path,
                                      MaSqliteStoreFlags   flags,
                                      GError             **error);
/* The same through the sqlite VFS named @vfs_name (NULL: the default), for
 * tests that put a full disk or a failing medium under the store. */
MaStore    *ma_sqlite_store_open_with_vfs (const char          *path,
                                           MaSqliteStoreFlags   flags,
                                           const char          *vfs_name,
                                           GError             **error);
/* Opens @path for writing when it can be written, and read-only when the
 * file or its folder cannot (a read-only medium, a file of someone else):
 * *@read_only_out tells which (may be NULL). A file that does not exist is
 * created as ma_sqlite_store_open() does. MA_SQLITE_STORE_READ_ONLY in
 * @flags forces read-only. */
MaStore    *ma_sqlite_store_open_best (const char          *path,
                                       MaSqliteStoreFlags   flags,
                                       gboolean            *read_only_out,
                                       GError             **error);
/* Runs PRAGMA quick_check on the file at @path from a connection of its
 * own: FALSE with MA_DB_ERROR_CORRUPT, naming the problems, when it is
 * damaged, or with the error that kept the check from running. Safe on any
 * thread. */
gboolean    ma_sqlite_store_check_file (const char  *path,
                                        GError     **error);
/* For a store opened read-only while its file was being checked: reopens
 * its connection for writing (migrating when needed) when the file can be
 * written, as ma_sqlite_store_open_best() would have decided; otherwise it
 * stays read-only. *@read_only_out tells which (may be NULL). Only between
 * store calls: prepared statements of the old connection are finalized. */
gboolean    ma_sqlite_store_reopen_for_writing (MaSqliteStore  *self,
                                                gboolean       *read_only_out,
                                                GError        **error);
const char *ma_sqlite_store_get_path (MaSqliteStore *self);
/* The schema version the database has (PRAGMA user_version). */
int         ma_sqlite_store_get_schema_version (MaSqliteStore *self);

/* The database the window and the CLI use without --db:
 * $XDG_DATA_HOME/mystery-audit/mystery-audit.db */
char       *ma_default_database_path (void);

G_END_DECLS
