/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-field-actions.h: the window's actions that move data between field
 * laptops and the office, installed by MaWindow's class_init:
 *
 *   win.send-audits     export the submitted audits not sent yet (or all
 *                       submitted ones, or those of the month the list
 *                       shows) as one bundle, without pay data
 *   win.get-templates   import the office's bundle of templates and
 *                       directory, and say what it added
 *   win.import-bundles  choose several bundles and review them before
 *                       anything is written (MaImportReview)
 *   win.import-history  the import log (a page of Preferences)
 *
 * Files dropped onto the window open the same review. */
#pragma once

#include "ma-window.h"

G_BEGIN_DECLS

void ma_field_send_audits_action    (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter);
void ma_field_get_templates_action  (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter);
void ma_field_import_bundles_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter);
void ma_field_import_history_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter);

/* Adds the drop target for bundle files to @window. */
void ma_field_setup_window          (MaWindow   *window);

/* Opens the import review of the files at @paths (NULL-terminated) over
 * @window; the audit list is reloaded after an import. NULL when the
 * window has no writable store (a toast says so). */
GtkWindow *ma_field_review_files    (MaWindow           *window,
                                     const char * const *paths);

/* Exports the audits @uuids (NULL-terminated) to @path as a field bundle
 * (audits and their attachments, no pay data), marks them sent and
 * reloads the list. */
gboolean   ma_field_send_audits_to_file (MaWindow           *window,
                                         const char * const *uuids,
                                         const char         *path,
                                         GError            **error);

/* The submitted audits of @store not sent yet. */
GStrv      ma_field_list_unsent     (MaStore  *store,
                                     GError  **error);

G_END_DECLS
