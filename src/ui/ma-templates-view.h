/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-templates-view.h: the Templates page: every template version with its
 * status, the standard library offered to an empty database, and the editor
 * of one version with publishing, new versions, import and export. */
#pragma once

#include <adwaita.h>

#include "ma-store.h"
#include "ma-template-editor.h"

G_BEGIN_DECLS

#define MA_TYPE_TEMPLATES_VIEW (ma_templates_view_get_type ())
G_DECLARE_FINAL_TYPE (MaTemplatesView, ma_templates_view, MA, TEMPLATES_VIEW, GtkWidget)

void              ma_templates_view_set_store    (MaTemplatesView  *self,
                                                  MaStore          *store);
MaTemplateEditor *ma_templates_view_get_editor   (MaTemplatesView  *self);
/* Opens a version in the editor (the action templates.open does the same). */
gboolean          ma_templates_view_open         (MaTemplatesView  *self,
                                                  const char       *key,
                                                  gint64            version,
                                                  GError          **error);
/* Adds the shipped templates (ma_demo_find_templates_dir()) whose keys the
 * database does not have yet, in one transaction; @added may be NULL. */
gboolean          ma_templates_view_add_library  (MaTemplatesView  *self,
                                                  guint            *added,
                                                  GError          **error);
/* What the file choosers of Import and Export call. */
gboolean          ma_templates_view_import_file  (MaTemplatesView  *self,
                                                  const char       *path,
                                                  GError          **error);
gboolean          ma_templates_view_export_file  (MaTemplatesView  *self,
                                                  const char       *path,
                                                  GError          **error);
/* The rows of the list, of MaTemplate (key, version, status...) as shown. */
GPtrArray        *ma_templates_view_get_list     (MaTemplatesView  *self);

/* "read-only" (boolean): a read-only database; every editing action is
 * disabled. The window binds it to its own. */
void     ma_templates_view_set_read_only (MaTemplatesView *self,
                                          gboolean read_only);
gboolean ma_templates_view_get_read_only (MaTemplatesView *self);

G_END_DECLS
