/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-scheme-editor.h: edits a bonus scheme, with the pay of one employee
 * and the bonus budget of a month computed with the scheme as edited.
 *
 * Saved scheme versions never change (the store refuses it), so "Save"
 * stores the edit as the next version of the scheme. Actions:
 * "scheme.save", "scheme.new", "scheme.add-component",
 * "scheme.remove-component" (int: the component's index). */
#pragma once

#include <adwaita.h>

#include "ma-store.h"

G_BEGIN_DECLS

#define MA_TYPE_SCHEME_EDITOR (ma_scheme_editor_get_type ())
G_DECLARE_FINAL_TYPE (MaSchemeEditor, ma_scheme_editor, MA, SCHEME_EDITOR, AdwBin)

void        ma_scheme_editor_set_store   (MaSchemeEditor *self,
                                          MaStore        *store);
/* Loads the highest version of the scheme @key; FALSE when there is none. */
gboolean    ma_scheme_editor_select_scheme (MaSchemeEditor *self,
                                            const char     *key);
/* The month of the example and the what-if ("YYYY-MM"). */
void        ma_scheme_editor_set_period  (MaSchemeEditor *self,
                                          const char     *period);
void        ma_scheme_editor_set_employee (MaSchemeEditor *self,
                                           const char     *code);
/* The scheme as edited (a new copy), whether valid or not. */
MaScheme   *ma_scheme_editor_get_scheme  (MaSchemeEditor *self);
/* Whether the what-if of the current edit is computed, and its bonus
 * budgets (all currencies added: the demo and most chains pay in one). */
gboolean    ma_scheme_editor_get_what_if (MaSchemeEditor *self,
                                          gint64         *current_total,
                                          gint64         *edited_total);
/* The message beside the shares ("" when they add up to 100). */
const char *ma_scheme_editor_get_share_message (MaSchemeEditor *self);
/* The message of the last save or of why the scheme cannot be saved. */
const char *ma_scheme_editor_get_save_message  (MaSchemeEditor *self);

/* "read-only" (boolean): a read-only database; every editing action is
 * disabled. The window binds it to its own. */
void     ma_scheme_editor_set_read_only (MaSchemeEditor *self,
                                         gboolean read_only);
gboolean ma_scheme_editor_get_read_only (MaSchemeEditor *self);

G_END_DECLS
