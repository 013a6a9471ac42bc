/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "ma-money.h"
#include "ma-scoring.h"

static gboolean
scale_fraction (const MaQuestion *question,
                const MaAnswer   *answer,
                double           *fraction)
{
  double value = answer->number;

  if (answer->kind != MA_VALUE_NUMBER || !isfinite (value))
    return FALSE;
  /* A scale answer is one of its integer steps; 3.5 on a 1..5 scale is
   * not a value the form can produce, so it is refused rather than scored. */
  if (value != floor (value))
    return FALSE;
  if (question->scale_max <= question->scale_min)
    return FALSE;
  if (value < (double) question->scale_min || value > (double) question->scale_max)
    return FALSE;
  *fraction = (value - (double) question->scale_min)
              / ((double) question->scale_max - (double) question->scale_min);
  return TRUE;
}

static gboolean
choice_fraction (const MaQuestion *question,
                 const MaAnswer   *answer,
                 double           *fraction)
{
  if (answer->kind != MA_VALUE_STRING || answer->string == NULL)
    return FALSE;
  for (guint i = 0; i < question->options->len; i++)
    {
      const MaChoiceOption *option = g_ptr_array_index (question->options, i);

      if (g_strcmp0 (option->key, answer->string) != 0)
        continue;
      /* An option score outside [0, 1] belongs to an invalid template;
       * scoring it would let one answer earn more than its weight. */
      if (!(option->score >= 0.0 && option->score <= 1.0))
        return FALSE;
      *fraction = option->score;
      return TRUE;
    }
  return FALSE;
}

static gboolean
number_fraction (const MaQuestion *question,
                 const MaAnswer   *answer,
                 double           *fraction)
{
  double value = answer->number;

  if (answer->kind != MA_VALUE_NUMBER || !isfinite (value))
    return FALSE;

  switch (question->rule)
    {
    case MA_NUMBER_RULE_MAX:
      if (!isfinite (question->rule_limit))
        return FALSE;
      *fraction = value <= question->rule_limit ? 1.0 : 0.0;
      return TRUE;

    case MA_NUMBER_RULE_MIN:
      if (!isfinite (question->rule_limit))
        return FALSE;
      *fraction = value >= question->rule_limit ? 1.0 : 0.0;
      return TRUE;

    case MA_NUMBER_RULE_BAND:
      {
        double full = question->band_full;
        double zero = question->band_zero;

        if (!isfinite (full) || !isfinite (zero) || full == zero)
          return FALSE;
        /* Linear from zero (0) to full (1) in either direction; the clamp
         * covers values beyond both ends of the band. */
        *fraction = CLAMP ((value - zero) / (full - zero), 0.0, 1.0);
        return TRUE;
      }

    case MA_NUMBER_RULE_NONE:
    default:
      return FALSE;
    }
}

gboolean
ma_question_fraction (const MaQuestion *question,
                      const MaAnswer   *answer,
                      double           *fraction)
{
  double value = 0.0;
  gboolean ok = FALSE;

  g_return_val_if_fail (question != NULL, FALSE);
  g_return_val_if_fail (fraction != NULL, FALSE);

  if (question->type == MA_QUESTION_TEXT)
    return FALSE;
  if (answer == NULL || answer->na || answer->kind == MA_VALUE_NONE)
    return FALSE;

  switch (question->type)
    {
    case MA_QUESTION_YES_NO:
      if (answer->kind != MA_VALUE_BOOL)
        return FALSE;
      value = (!answer->boolean == !question->good) ? 1.0 : 0.0;
      ok = TRUE;
      break;

    case MA_QUESTION_SCALE:
      ok = scale_fraction (question, answer, &value);
      break;

    case MA_QUESTION_CHOICE:
      ok = choice_fraction (question, answer, &value);
      break;

    case MA_QUESTION_NUMBER:
      ok = number_fraction (question, answer, &value);
      break;

    case MA_QUESTION_TEXT:
    default:
      return FALSE;
    }

  if (ok)
    *fraction = value;
  return ok;
}

static MaScorePart *
score_part_new (const char *key)
{
  MaScorePart *self = g_new0 (MaScorePart, 1);

  self->key = g_strdup (key);
  self->score = NAN;
  return self;
}

static void
score_part_free (MaScorePart *self)
{
  if (self == NULL)
    return;
  g_free (self->key);
  g_free (self);
}

static void
finish_part (MaScorePart *part)
{
  /* Nothing to score is "not assessed", never 0 % and never 100 %. */
  part->assessed = part->possible > 0.0;
  part->score = part->assessed ? part->earned / part->possible : NAN;
}

static MaScorePart *
find_part (GPtrArray  *parts,
           const char *key)
{
  if (parts == NULL || key == NULL)
    return NULL;
  for (guint i = 0; i < parts->len; i++)
    {
      MaScorePart *part = g_ptr_array_index (parts, i);

      if (g_strcmp0 (part->key, key) == 0)
        return part;
    }
  return NULL;
}

static double
usable_weight (double weight)
{
  /* A valid template has finite weights >= 0; anything else cannot earn. */
  return isfinite (weight) && weight > 0.0 ? weight : 0.0;
}

static gboolean
template_has_all_section_weights (const MaTemplate *template)
{
  if (template->sections->len == 0)
    return FALSE;
  for (guint i = 0; i < template->sections->len; i++)
    if (!((const MaSection *) g_ptr_array_index (template->sections, i))->has_weight)
      return FALSE;
  return TRUE;
}

MaScore *
ma_score_audit (const MaTemplate *template,
                const MaAudit    *audit)
{
  MaScore *self;
  gboolean audit_critical_failed = FALSE;
  guint first_question = 0;

  g_return_val_if_fail (template != NULL, NULL);
  g_return_val_if_fail (audit != NULL, NULL);

  self = g_new0 (MaScore, 1);
  self->score = NAN;
  self->critical_scope = MA_CRITICAL_NONE;
  self->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) score_part_free);
  self->components = g_ptr_array_new_with_free_func ((GDestroyNotify) score_part_free);
  self->questions = g_ptr_array_new_with_free_func (g_free);
  self->critical_failures = g_ptr_array_new_with_free_func (g_free);

  /* Pass 1: every question's own fraction, and the critical failures. */
  for (guint i = 0; i < template->sections->len; i++)
    {
      const MaSection *section = g_ptr_array_index (template->sections, i);
      gboolean section_critical_failed = FALSE;

      first_question = self->questions->len;
      for (guint j = 0; j < section->questions->len; j++)
        {
          const MaQuestion *question = g_ptr_array_index (section->questions, j);
          const MaAnswer *answer = ma_audit_find_answer (audit, question->key);
          MaQuestionScore *qs = g_new0 (MaQuestionScore, 1);
          double fraction = 0.0;

          qs->question = question->key;
          qs->section = section->key;
          qs->component = ma_question_get_component (question, section);
          qs->fraction = NAN;
          if (ma_question_fraction (question, answer, &fraction))
            {
              double weight = usable_weight (question->weight);

              qs->scored = TRUE;
              qs->fraction = fraction;
              qs->possible = weight;
              qs->earned = weight * fraction;

              /* A critical question is a gate, independent of its weight: it
               * fails whenever its answer is not fully right. N/A and
               * unanswered critical questions were not scored and so never
               * fail. */
              if (question->critical != MA_CRITICAL_NONE && fraction < 1.0)
                {
                  g_ptr_array_add (self->critical_failures, g_strdup (question->key));
                  if (self->critical_failure == NULL)
                    {
                      self->critical_failure = g_strdup (question->key);
                      self->critical_scope = question->critical;
                    }
                  if (question->critical == MA_CRITICAL_AUDIT)
                    audit_critical_failed = TRUE;
                  else
                    section_critical_failed = TRUE;
                }
            }
          g_ptr_array_add (self->questions, qs);
        }

      if (section_critical_failed)
        for (guint k = first_question; k < self->questions->len; k++)
          ((MaQuestionScore *) g_ptr_array_index (self->questions, k))->earned = 0.0;
    }

  if (audit_critical_failed)
    for (guint k = 0; k < self->questions->len; k++)
      ((MaQuestionScore *) g_ptr_array_index (self->questions, k))->earned = 0.0;

  /* Pass 2: sections and components from the questions after the critical
   * rules. Every section and every component the template uses is listed,
   * assessed or not, so a view can say "not assessed" instead of hiding it. */
  for (guint i = 0; i < template->sections->len; i++)
    {
      const MaSection *section = g_ptr_array_index (template->sections, i);

      g_ptr_array_add (self->sections, score_part_new (section->key));
    }

  for (guint k = 0; k < self->questions->len; k++)
    {
      const MaQuestionScore *qs = g_ptr_array_index (self->questions, k);
      MaScorePart *section = find_part (self->sections, qs->section);
      MaScorePart *component = NULL;

      if (qs->component != NULL)
        {
          component = find_part (self->components, qs->component);
          if (component == NULL)
            {
              component = score_part_new (qs->component);
              g_ptr_array_add (self->components, component);
            }
        }

      if (!qs->scored)
        continue;
      if (section != NULL)
        {
          section->earned += qs->earned;
          section->possible += qs->possible;
        }
      if (component != NULL)
        {
          component->earned += qs->earned;
          component->possible += qs->possible;
        }
      self->earned += qs->earned;
      self->possible += qs->possible;
    }

  for (guint i = 0; i < self->sections->len; i++)
    finish_part (g_ptr_array_index (self->sections, i));
  for (guint i = 0; i < self->components->len; i++)
    finish_part (g_ptr_array_index (self->components, i));

  if (template_has_all_section_weights (template))
    {
      double weight_sum = 0.0;
      double weighted = 0.0;

      /* Weights are renormalised over the assessed sections: a section that
       * had nothing to score neither drags the audit down nor lifts it. */
      for (guint i = 0; i < template->sections->len; i++)
        {
          const MaSection *section = g_ptr_array_index (template->sections, i);
          const MaScorePart *part = g_ptr_array_index (self->sections, i);
          double weight = usable_weight (section->weight);

          if (!part->assessed)
            continue;
          weight_sum += weight;
          weighted += weight * part->score;
        }
      /* When only sections of weight 0 were assessed there is no mean to
       * take; calling that 0 % or 100 % would be invented. */
      self->assessed = weight_sum > 0.0;
      self->score = self->assessed ? weighted / weight_sum : NAN;
    }
  else
    {
      self->assessed = self->possible > 0.0;
      self->score = self->assessed ? self->earned / self->possible : NAN;
    }

  return self;
}

void
ma_score_free (MaScore *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_pointer (&self->components, g_ptr_array_unref);
  g_clear_pointer (&self->questions, g_ptr_array_unref);
  g_clear_pointer (&self->critical_failures, g_ptr_array_unref);
  g_free (self->critical_failure);
  g_free (self);
}

const MaScorePart *
ma_score_find_section (const MaScore *self,
                       const char    *key)
{
  g_return_val_if_fail (self != NULL, NULL);
  return find_part (self->sections, key);
}

const MaScorePart *
ma_score_find_component (const MaScore *self,
                         const char    *key)
{
  g_return_val_if_fail (self != NULL, NULL);
  return find_part (self->components, key);
}

const MaQuestionScore *
ma_score_find_question (const MaScore *self,
                        const char    *key)
{
  g_return_val_if_fail (self != NULL, NULL);
  if (key == NULL)
    return NULL;
  for (guint i = 0; i < self->questions->len; i++)
    {
      const MaQuestionScore *qs = g_ptr_array_index (self->questions, i);

      if (g_strcmp0 (qs->question, key) == 0)
        return qs;
    }
  return NULL;
}

char *
ma_score_format_percent (double fraction)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  double percent;

  if (!isfinite (fraction))
    return NULL;
  /* The one rounding step, on the percentage itself, so that 61.75 % is
   * shown as 61.8 the way a person rounds it. */
  percent = ma_round_half_away (fraction * 100.0, 1);
  if (percent == 0.0)
    percent = 0.0;  /* never "-0.0" */
  g_ascii_formatd (buffer, sizeof buffer, "%.1f", percent);
  return g_strdup (buffer);
}
