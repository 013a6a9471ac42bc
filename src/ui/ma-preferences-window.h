/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-preferences-window.h: Preferences: how many backups are kept, where,
 * "Back up now", the backups to restore from (date, counts, whether each
 * is sound), and the import history (every bundle import, accepted or
 * refused, with its file's sha256).
 *
 * Restoring is the application's business (it closes the store first):
 * the Restore buttons activate "app.restore-backup" with the backup's
 * path. Actions: prefs.back-up-now, prefs.refresh. */
#pragma once

#include <adwaita.h>

#include "ma-store.h"

G_BEGIN_DECLS

#define MA_TYPE_PREFERENCES_WINDOW (ma_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (MaPreferencesWindow, ma_preferences_window, MA, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* Preferences of the database at @database_path; @store (may be NULL when
 * the database could not be opened) gives the import history. @settings
 * may be NULL (no schema installed): the count is then fixed. */
MaPreferencesWindow *ma_preferences_window_new (GtkWindow   *parent,
                                                const char  *database_path,
                                                MaStore     *store,
                                                GSettings   *settings);
/* The backups listed (of MaBackupInfo), newest first. */
GPtrArray           *ma_preferences_window_get_backups (MaPreferencesWindow *self);
/* Import log entries listed. */
guint                ma_preferences_window_get_n_imports (MaPreferencesWindow *self);
/* "backups" or "imports". */
void                 ma_preferences_window_show_page (MaPreferencesWindow *self,
                                                      const char          *page);

G_END_DECLS
