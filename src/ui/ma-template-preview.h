/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-template-preview.h: a template as the auditor will fill it in, with the
 * score of the answers clicked so far, computed by the scoring engine. */
#pragma once

#include <adwaita.h>

#include "ma-template.h"

G_BEGIN_DECLS

#define MA_TYPE_TEMPLATE_PREVIEW (ma_template_preview_get_type ())
G_DECLARE_FINAL_TYPE (MaTemplatePreview, ma_template_preview, MA, TEMPLATE_PREVIEW, GtkWidget)

GtkWidget  *ma_template_preview_new            (void);
/* Shows @template (copied; NULL: nothing). Answers to questions that are
 * still there with the same meaning are kept, so that an author can change
 * a weight and watch the score move. */
void        ma_template_preview_set_template   (MaTemplatePreview *self,
                                                const MaTemplate  *template);
void        ma_template_preview_clear_answers  (MaTemplatePreview *self);
/* The score line as shown: "Score: 70.0 %", or why there is none. */
const char *ma_template_preview_get_score_text (MaTemplatePreview *self);

G_END_DECLS
