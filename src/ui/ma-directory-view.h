/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-directory-view.h: regions, branches and employees: lists with a
 * search, a form with a message beside each wrong field, and the import
 * of an HR export. Nobody is ever deleted: an employee who leaves gets the
 * last day of work and keeps their history. Actions: "directory.show"
 * (s: "employees", "branches" or "regions"), "directory.add",
 * "directory.save", "directory.revert", "directory.import",
 * "directory.left-today". */
#pragma once

#include <adwaita.h>

#include "ma-store.h"

G_BEGIN_DECLS

#define MA_TYPE_DIRECTORY_VIEW (ma_directory_view_get_type ())
G_DECLARE_FINAL_TYPE (MaDirectoryView, ma_directory_view, MA, DIRECTORY_VIEW, AdwBin)

void         ma_directory_view_set_store   (MaDirectoryView *self,
                                            MaStore         *store);
/* Opens the record @code of the list shown in the form; FALSE when the
 * list has no such record. */
gboolean     ma_directory_view_edit        (MaDirectoryView *self,
                                            const char      *code);
/* The form's text field @field ("code", "name", "position", "base-pay",
 * "currency", "active-from", "active-to"), and the message beside it. */
GtkEditable *ma_directory_view_get_field   (MaDirectoryView *self,
                                            const char      *field);
const char  *ma_directory_view_get_message (MaDirectoryView *self,
                                            const char      *field);
/* Chooses the branch (of an employee) or the region (of a branch). */
void         ma_directory_view_set_parent  (MaDirectoryView *self,
                                            const char      *code);
/* The message of the last save. */
const char  *ma_directory_view_get_status  (MaDirectoryView *self);
/* How many rows the list shown lets through its search. */
guint        ma_directory_view_count_visible (MaDirectoryView *self);

/* "read-only" (boolean): a read-only database; every editing action is
 * disabled. The window binds it to its own. */
void     ma_directory_view_set_read_only (MaDirectoryView *self,
                                          gboolean read_only);
gboolean ma_directory_view_get_read_only (MaDirectoryView *self);

G_END_DECLS
