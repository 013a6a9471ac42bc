/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-application.h: the application: one instance, one database, one window. */
#pragma once

#include <adwaita.h>

#include "ma-store.h"

G_BEGIN_DECLS

#define MA_TYPE_APPLICATION (ma_application_get_type ())
G_DECLARE_FINAL_TYPE (MaApplication, ma_application, MA, APPLICATION, AdwApplication)

MaApplication *ma_application_new               (void);
/* The open store, or NULL before the first window or when it failed to
 * open (ma_application_get_open_error() tells why). */
MaStore       *ma_application_get_store         (MaApplication *self);
const GError  *ma_application_get_open_error    (MaApplication *self);
/* The database the application uses (or tried to), or NULL before the
 * first window. */
const char    *ma_application_get_database_path (MaApplication *self);
/* Closes every window and the store, puts the backup at @backup_path in
 * place of the database (ma_backup_restore(), which keeps the replaced
 * file), and opens it again in a new window. The database is reopened
 * even when the restore failed. */
gboolean       ma_application_restore_backup    (MaApplication  *self,
                                                 const char     *backup_path,
                                                 GError        **error);
/* The newest backup of the database that passes its check, or NULL with
 * an error saying there is none. */
char          *ma_application_find_newest_good_backup (MaApplication  *self,
                                                       GError        **error);

G_END_DECLS
