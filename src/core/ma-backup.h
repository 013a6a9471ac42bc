/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-backup.h: rotating backups of the database, and restoring one.
 *
 * A backup is made with sqlite's online backup API from a read connection,
 * so it holds exactly the committed data, including what still sits in the
 * -wal file, and never half a transaction; copying the live file would miss
 * the -wal and could catch a write halfway. The copy goes into a temporary
 * file in the backup folder, is checked, synced and only then renamed to
 * "<name>-YYYY-MM-DDTHHMMSSZ.db" (UTC): a backup under its final name is
 * always complete. Backups are single files (rollback journal mode) that
 * can be opened, copied or mailed as they are.
 *
 * The backup folder belongs to one database: ma_backup_rotate() and
 * ma_backup_list() consider every backup file in it. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MA_BACKUP_ERROR (ma_backup_error_quark ())

typedef enum {
  MA_BACKUP_ERROR_FAILED,
  MA_BACKUP_ERROR_IO,        /* a file could not be read, written, synced or renamed */
  MA_BACKUP_ERROR_DAMAGED,   /* the database or the backup fails its check */
  MA_BACKUP_ERROR_NOT_FOUND, /* no such database or backup */
} MaBackupError;

GQuark ma_backup_error_quark (void);

/* One backup in a backup folder. */
typedef struct {
  char      *path;
  char      *name;        /* the file name */
  GDateTime *time;        /* when it was made (UTC), from its name */
  guint64    size;        /* bytes */
  gboolean   ok;          /* passes PRAGMA quick_check */
  char      *problem;     /* why it is not ok, or why counts are unknown; NULL otherwise */
  gint64     audits;      /* -1 when unknown (damaged, or made by another schema) */
  gint64     employees;
  gint64     templates;
} MaBackupInfo;

void          ma_backup_info_free (MaBackupInfo *self);

/* The backup folder of the database at @db_path: next to it, named after
 * it ("mystery-audit.db" -> "mystery-audit-backups"). */
char         *ma_backup_default_dir (const char *db_path);

/* Makes a backup of the database at @db_path in @backup_dir (created with
 * mode 0700 when absent) and returns its path. A database that fails
 * PRAGMA quick_check is not backed up (MA_BACKUP_ERROR_DAMAGED): a damaged
 * copy would push a good backup out of the rotation. Other connections may
 * keep reading and writing meanwhile. */
char         *ma_backup_create (const char  *db_path,
                                const char  *backup_dir,
                                GError     **error);

/* Deletes the oldest backups in @backup_dir beyond the newest @keep (at
 * least one is always kept), and temporary files that an interrupted
 * backup left behind. */
gboolean      ma_backup_rotate (const char  *backup_dir,
                                guint        keep,
                                GError     **error);

/* The backups in @backup_dir, newest first, of MaBackupInfo; each is
 * checked and counted on a read-only connection. An absent folder has
 * none. */
GPtrArray    *ma_backup_list   (const char  *backup_dir,
                                GError     **error);

/* Makes a backup when the newest one in @backup_dir is a day old or more
 * (or there is none, or the newest is dated in the future: the clock was
 * wrong), then rotates to @keep. TRUE when nothing needed doing or the
 * backup was made; *@created_path (may be NULL) is the new backup or
 * NULL. */
gboolean      ma_backup_daily_if_due (const char  *db_path,
                                      const char  *backup_dir,
                                      guint        keep,
                                      char       **created_path,
                                      GError     **error);

/* Puts the backup at @backup_path in place of the database at @db_path.
 * The backup must pass PRAGMA integrity_check. The current database, with
 * its -wal and -shm files, is kept as "<db_path>.replaced-YYYY-MM-DDTHHMMSSZ"
 * (and "...-wal", "...-shm"), never deleted; its path is given back in
 * *@replaced_path (may be NULL; NULL when there was no database). The
 * backup is copied into a temporary file next to @db_path, synced, and
 * renamed over it. Nothing may have the database open meanwhile: close
 * every store on it first. */
gboolean      ma_backup_restore (const char  *backup_path,
                                 const char  *db_path,
                                 char       **replaced_path,
                                 GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaBackupInfo, ma_backup_info_free)

G_END_DECLS
