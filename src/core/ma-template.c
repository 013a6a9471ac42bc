/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ma-template.h"

MaChoiceOption *
ma_choice_option_new (const char *key,
                      const char *label,
                      double      score)
{
  MaChoiceOption *self = g_new0 (MaChoiceOption, 1);

  self->key = g_strdup (key);
  self->label = g_strdup (label);
  self->score = score;
  return self;
}

void
ma_choice_option_free (MaChoiceOption *self)
{
  if (self == NULL)
    return;
  g_free (self->key);
  g_free (self->label);
  g_free (self);
}

static void
ma_scale_label_free (MaScaleLabel *self)
{
  if (self == NULL)
    return;
  g_free (self->label);
  g_free (self);
}

MaQuestion *
ma_question_new (void)
{
  MaQuestion *self = g_new0 (MaQuestion, 1);

  self->weight = 1.0;
  self->good = TRUE;
  self->scale_labels = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_scale_label_free);
  self->options = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_choice_option_free);
  return self;
}

void
ma_question_free (MaQuestion *self)
{
  if (self == NULL)
    return;
  g_free (self->key);
  g_free (self->text);
  g_free (self->guidance);
  g_free (self->component);
  g_free (self->unit);
  g_clear_pointer (&self->scale_labels, g_ptr_array_unref);
  g_clear_pointer (&self->options, g_ptr_array_unref);
  g_free (self);
}

MaSection *
ma_section_new (void)
{
  MaSection *self = g_new0 (MaSection, 1);

  self->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_question_free);
  return self;
}

void
ma_section_free (MaSection *self)
{
  if (self == NULL)
    return;
  g_free (self->key);
  g_free (self->title);
  g_free (self->component);
  g_clear_pointer (&self->questions, g_ptr_array_unref);
  g_free (self);
}

MaTemplate *
ma_template_new (void)
{
  MaTemplate *self = g_new0 (MaTemplate, 1);

  self->version = 1;
  self->status = MA_TEMPLATE_PUBLISHED;
  self->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_section_free);
  return self;
}

void
ma_template_free (MaTemplate *self)
{
  if (self == NULL)
    return;
  g_free (self->key);
  g_free (self->name);
  g_free (self->channel);
  g_free (self->description);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_free (self);
}

static const char * const question_type_names[] = {
  [MA_QUESTION_YES_NO] = "yes_no",
  [MA_QUESTION_SCALE] = "scale",
  [MA_QUESTION_CHOICE] = "choice",
  [MA_QUESTION_NUMBER] = "number",
  [MA_QUESTION_TEXT] = "text",
};

const char *
ma_question_type_to_string (MaQuestionType type)
{
  g_return_val_if_fail (type <= MA_QUESTION_TEXT, NULL);
  return question_type_names[type];
}

gboolean
ma_question_type_from_string (const char     *string,
                              MaQuestionType *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (question_type_names); i++)
    if (g_strcmp0 (string, question_type_names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

static const char * const template_status_names[] = {
  [MA_TEMPLATE_DRAFT] = "draft",
  [MA_TEMPLATE_PUBLISHED] = "published",
  [MA_TEMPLATE_RETIRED] = "retired",
};

const char *
ma_template_status_to_string (MaTemplateStatus status)
{
  g_return_val_if_fail (status <= MA_TEMPLATE_RETIRED, NULL);
  return template_status_names[status];
}

gboolean
ma_template_status_from_string (const char       *string,
                                MaTemplateStatus *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (template_status_names); i++)
    if (g_strcmp0 (string, template_status_names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const MaQuestion *
ma_template_find_question (const MaTemplate  *self,
                           const char        *key,
                           const MaSection  **section)
{
  for (guint i = 0; i < self->sections->len; i++)
    {
      const MaSection *s = g_ptr_array_index (self->sections, i);

      for (guint j = 0; j < s->questions->len; j++)
        {
          const MaQuestion *q = g_ptr_array_index (s->questions, j);

          if (g_strcmp0 (q->key, key) == 0)
            {
              if (section != NULL)
                *section = s;
              return q;
            }
        }
    }
  return NULL;
}

guint
ma_template_count_questions (const MaTemplate *self)
{
  guint n = 0;

  for (guint i = 0; i < self->sections->len; i++)
    n += ((const MaSection *) g_ptr_array_index (self->sections, i))->questions->len;
  return n;
}

const char *
ma_question_get_component (const MaQuestion *question,
                           const MaSection  *section)
{
  if (question->component != NULL)
    return question->component;
  return section != NULL ? section->component : NULL;
}

gboolean
ma_template_has_section_weights (const MaTemplate *self)
{
  for (guint i = 0; i < self->sections->len; i++)
    if (((const MaSection *) g_ptr_array_index (self->sections, i))->has_weight)
      return TRUE;
  return FALSE;
}
