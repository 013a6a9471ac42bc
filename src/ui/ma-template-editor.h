/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-template-editor.h: one template version: its outline of sections and
 * questions, the settings of the one selected, validation as you type and
 * a live preview. A draft is edited and saved as soon as it is valid; a
 * published or retired version is shown read-only. */
#pragma once

#include <adwaita.h>

#include "ma-store.h"
#include "ma-template-preview.h"

G_BEGIN_DECLS

#define MA_TYPE_TEMPLATE_EDITOR (ma_template_editor_get_type ())
G_DECLARE_FINAL_TYPE (MaTemplateEditor, ma_template_editor, MA, TEMPLATE_EDITOR, GtkWidget)

void               ma_template_editor_set_store    (MaTemplateEditor *self,
                                                    MaStore          *store);
/* Shows a copy of @template (NULL: nothing), with the template's own
 * settings selected. */
void               ma_template_editor_set_template (MaTemplateEditor *self,
                                                    const MaTemplate *template);
/* The template as edited, or NULL. */
const MaTemplate  *ma_template_editor_get_template (MaTemplateEditor *self);
gboolean           ma_template_editor_is_editable  (MaTemplateEditor *self);
/* The first problem of the template as edited ("sections[1].weight: ..."),
 * or NULL when it is valid. */
const char        *ma_template_editor_get_problem  (MaTemplateEditor *self);
/* Whether there are edits not saved yet. */
gboolean           ma_template_editor_get_modified (MaTemplateEditor *self);
/* Saves pending edits of a draft now (they are otherwise saved shortly
 * after each valid change). Fails, saving nothing, while the template has
 * a problem. */
gboolean           ma_template_editor_save         (MaTemplateEditor *self,
                                                    GError          **error);
/* Selects the template's settings (@section -1), a section (@question -1)
 * or a question, as a click in the outline does. */
void               ma_template_editor_select       (MaTemplateEditor *self,
                                                    int               section,
                                                    int               question);
MaTemplatePreview *ma_template_editor_get_preview  (MaTemplateEditor *self);
GtkListBox        *ma_template_editor_get_outline  (MaTemplateEditor *self);

/* "read-only": the database cannot be written; no version is editable. */
void               ma_template_editor_set_read_only (MaTemplateEditor *self,
                                                     gboolean          read_only);
gboolean           ma_template_editor_get_read_only (MaTemplateEditor *self);

G_END_DECLS
