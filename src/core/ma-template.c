/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ma-json-read.h"
#include "ma-keys.h"
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
  guint index;

  if (!ma_name_lookup (question_type_names, G_N_ELEMENTS (question_type_names), string, &index))
    return FALSE;
  *out = index;
  return TRUE;
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
  guint index;

  if (!ma_name_lookup (template_status_names, G_N_ELEMENTS (template_status_names), string, &index))
    return FALSE;
  *out = index;
  return TRUE;
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

/* Copying */

static MaQuestion *
copy_question (const MaQuestion *q)
{
  MaQuestion *copy = ma_question_new ();

  copy->key = g_strdup (q->key);
  copy->text = g_strdup (q->text);
  copy->guidance = g_strdup (q->guidance);
  copy->type = q->type;
  copy->weight = q->weight;
  copy->allow_na = q->allow_na;
  copy->critical = q->critical;
  copy->component = g_strdup (q->component);
  copy->good = q->good;
  copy->scale_min = q->scale_min;
  copy->scale_max = q->scale_max;
  for (guint i = 0; i < q->scale_labels->len; i++)
    {
      const MaScaleLabel *l = g_ptr_array_index (q->scale_labels, i);
      MaScaleLabel *label = g_new0 (MaScaleLabel, 1);

      label->value = l->value;
      label->label = g_strdup (l->label);
      g_ptr_array_add (copy->scale_labels, label);
    }
  for (guint i = 0; i < q->options->len; i++)
    {
      const MaChoiceOption *o = g_ptr_array_index (q->options, i);

      g_ptr_array_add (copy->options, ma_choice_option_new (o->key, o->label, o->score));
    }
  copy->unit = g_strdup (q->unit);
  copy->rule = q->rule;
  copy->rule_limit = q->rule_limit;
  copy->band_full = q->band_full;
  copy->band_zero = q->band_zero;
  copy->has_standard = q->has_standard;
  copy->standard_share = q->standard_share;
  copy->comment_on_fail = q->comment_on_fail;
  copy->evidence_required = q->evidence_required;
  return copy;
}

MaQuestion *
ma_question_copy (const MaQuestion *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return copy_question (self);
}

MaTemplate *
ma_template_copy (const MaTemplate *self)
{
  MaTemplate *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = ma_template_new ();
  copy->key = g_strdup (self->key);
  copy->version = self->version;
  copy->name = g_strdup (self->name);
  copy->channel = g_strdup (self->channel);
  copy->description = g_strdup (self->description);
  copy->status = self->status;
  for (guint i = 0; i < self->sections->len; i++)
    {
      const MaSection *s = g_ptr_array_index (self->sections, i);
      MaSection *section = ma_section_new ();

      section->key = g_strdup (s->key);
      section->title = g_strdup (s->title);
      section->has_weight = s->has_weight;
      section->weight = s->weight;
      section->component = g_strdup (s->component);
      for (guint j = 0; j < s->questions->len; j++)
        g_ptr_array_add (section->questions, copy_question (g_ptr_array_index (s->questions, j)));
      g_ptr_array_add (copy->sections, section);
    }
  return copy;
}

/* Validation */

static gboolean
check_weight (double       weight,
              const char  *path,
              GError     **error)
{
  if (!isfinite (weight))
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "weight",
                               _("the weight is not a finite number"));
  if (weight < 0)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "weight",
                               _("%g: a weight must not be negative"), weight);
  return TRUE;
}

static gboolean
check_text (const char  *text,
            const char  *path,
            const char  *member,
            GError     **error)
{
  if (text == NULL || *text == '\0')
    return ma_model_set_error (error, MA_MODEL_ERROR_MISSING, path, member,
                               _("must not be empty"));
  if (!g_utf8_validate (text, -1, NULL))
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, member,
                               _("not valid UTF-8"));
  return TRUE;
}

static gboolean
check_key (const char  *key,
           const char  *path,
           const char  *member,
           GError     **error)
{
  g_autofree char *where = ma_path_member (path, member);

  if (key == NULL)
    return ma_model_set_error (error, MA_MODEL_ERROR_MISSING, where, NULL,
                               _("a key is required"));
  return ma_key_check (key, where, error);
}

/* Settings that belong to another type are refused rather than ignored: a
 * template author who gives "options" to a yes_no question made a mistake
 * that would otherwise go unnoticed until the scores look wrong. */
static gboolean
check_question_settings (const MaQuestion  *q,
                         const char        *path,
                         GError           **error)
{
  const char *type = ma_question_type_to_string (q->type);

  if (q->type != MA_QUESTION_YES_NO && !q->good)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "good",
                               _("only yes_no questions have \"good\", this one is %s"), type);
  if (q->type != MA_QUESTION_SCALE && q->scale_labels->len > 0)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "labels",
                               _("only scale questions have labels, this one is %s"), type);
  if (q->type != MA_QUESTION_CHOICE && q->options->len > 0)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "options",
                               _("only choice questions have options, this one is %s"), type);
  if (q->type != MA_QUESTION_NUMBER && q->unit != NULL)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "unit",
                               _("only number questions have a unit, this one is %s"), type);
  if (q->type != MA_QUESTION_NUMBER && q->rule != MA_NUMBER_RULE_NONE)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "rule",
                               _("only number questions have a rule, this one is %s"), type);
  if (q->type == MA_QUESTION_TEXT)
    {
      if (q->critical != MA_CRITICAL_NONE)
        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "critical",
                                   _("a text question is not scored and cannot be critical"));
      if (q->has_standard)
        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "standard",
                                   _("a text question is not scored and cannot have a standard"));
      if (q->comment_on_fail)
        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "comment_on_fail",
                                   _("a text question is not scored and cannot fail"));
    }
  return TRUE;
}

static gboolean
check_scale (const MaQuestion  *q,
             const char        *path,
             GError           **error)
{
  g_autofree char *labels_path = ma_path_member (path, "labels");
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, NULL);

  if (q->scale_min >= q->scale_max)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "max",
                               _("the scale maximum (%" PRId64 ") must be greater than "
                                 "its minimum (%" PRId64 ")"),
                               q->scale_max, q->scale_min);
  for (guint i = 0; i < q->scale_labels->len; i++)
    {
      const MaScaleLabel *l = g_ptr_array_index (q->scale_labels, i);
      g_autofree char *member = g_strdup_printf ("%" G_GINT64_FORMAT, l->value);

      if (l->value < q->scale_min || l->value > q->scale_max)
        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, labels_path, member,
                                   _("outside the scale %" PRId64 "..%" PRId64),
                                   q->scale_min, q->scale_max);
      if (g_hash_table_contains (seen, &l->value))
        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, labels_path, member,
                                   _("this value has two labels"));
      g_hash_table_add (seen, (gpointer) &l->value);
      if (!check_text (l->label, labels_path, member, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_choice (const MaQuestion  *q,
              const char        *path,
              GError           **error)
{
  g_autofree char *options_path = ma_path_member (path, "options");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (q->options->len == 0)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, options_path, NULL,
                               _("a choice question needs at least one option"));
  for (guint i = 0; i < q->options->len; i++)
    {
      const MaChoiceOption *o = g_ptr_array_index (q->options, i);
      g_autofree char *opath = ma_path_index (options_path, i);

      if (!check_key (o->key, opath, "key", error))
        return FALSE;
      if (g_hash_table_contains (seen, o->key))
        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, opath, "key",
                                   _("\"%s\" is the key of another option"), o->key);
      g_hash_table_add (seen, o->key);
      if (!check_text (o->label, opath, "label", error))
        return FALSE;
      if (!isfinite (o->score) || o->score < 0 || o->score > 1)
        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, opath, "score",
                                   _("%g is outside [0, 1]"), o->score);
    }
  return TRUE;
}

static gboolean
check_number (const MaQuestion  *q,
              const char        *path,
              GError           **error)
{
  g_autofree char *rule_path = ma_path_member (path, "rule");

  if (q->unit != NULL && !check_text (q->unit, path, "unit", error))
    return FALSE;
  switch (q->rule)
    {
    case MA_NUMBER_RULE_MAX:
    case MA_NUMBER_RULE_MIN:
      if (!isfinite (q->rule_limit))
        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, rule_path,
                                   q->rule == MA_NUMBER_RULE_MAX ? "max" : "min",
                                   _("the limit is not a finite number"));
      return TRUE;
    case MA_NUMBER_RULE_BAND:
      if (!isfinite (q->band_full) || !isfinite (q->band_zero))
        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, rule_path, "band",
                                   _("full and zero must be finite numbers"));
      if (q->band_full == q->band_zero)
        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, rule_path, "band",
                                   _("full and zero must differ"));
      return TRUE;
    case MA_NUMBER_RULE_NONE:
    default:
      return ma_model_set_error (error, MA_MODEL_ERROR_MISSING, rule_path, NULL,
                                 _("a number question needs a rule (max, min or band)"));
    }
}

static gboolean
check_question (const MaQuestion  *q,
                const MaSection   *section,
                const char        *path,
                GHashTable        *question_sections,
                GError           **error)
{
  const MaSection *other;

  if (!check_key (q->key, path, "key", error))
    return FALSE;
  other = g_hash_table_lookup (question_sections, q->key);
  if (other != NULL)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "key",
                               _("\"%s\" is already the key of a question in section \"%s\""),
                               q->key, other->key);
  g_hash_table_insert (question_sections, q->key, (gpointer) section);

  if (!check_text (q->text, path, "text", error))
    return FALSE;
  if (q->guidance != NULL && !g_utf8_validate (q->guidance, -1, NULL))
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "guidance",
                               _("not valid UTF-8"));
  if (q->type > MA_QUESTION_TEXT)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "type",
                               _("unknown question type"));
  if (q->critical > MA_CRITICAL_AUDIT)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "critical",
                               _("unknown critical scope"));
  if (!check_weight (q->weight, path, error))
    return FALSE;
  if (q->component != NULL && !check_key (q->component, path, "component", error))
    return FALSE;
  if (!check_question_settings (q, path, error))
    return FALSE;
  if (q->has_standard && !(isfinite (q->standard_share) && q->standard_share > 0 && q->standard_share <= 1))
    {
      g_autofree char *standard_path = ma_path_member (path, "standard");

      return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, standard_path, "share",
                                 _("%g is not a share in (0, 1]"), q->standard_share);
    }

  switch (q->type)
    {
    case MA_QUESTION_SCALE:
      return check_scale (q, path, error);
    case MA_QUESTION_CHOICE:
      return check_choice (q, path, error);
    case MA_QUESTION_NUMBER:
      return check_number (q, path, error);
    case MA_QUESTION_YES_NO:
    case MA_QUESTION_TEXT:
    default:
      return TRUE;
    }
}

static char *
join_keys (GPtrArray *keys)
{
  GString *joined = g_string_new (NULL);

  for (guint i = 0; i < keys->len; i++)
    g_string_append_printf (joined, "%s\"%s\"", i ? ", " : "", (const char *) g_ptr_array_index (keys, i));
  return g_string_free (joined, FALSE);
}

static gboolean
check_section_weights (const MaTemplate  *self,
                       const char        *sections_path,
                       GError           **error)
{
  g_autoptr(GPtrArray) with = g_ptr_array_new ();
  g_autoptr(GPtrArray) without = g_ptr_array_new ();
  g_autofree char *with_list = NULL;
  g_autofree char *without_list = NULL;
  double sum = 0;

  for (guint i = 0; i < self->sections->len; i++)
    {
      const MaSection *s = g_ptr_array_index (self->sections, i);

      g_ptr_array_add (s->has_weight ? with : without, s->key);
      if (s->has_weight)
        sum += s->weight;
    }
  if (with->len == 0)
    return TRUE;
  if (without->len > 0)
    {
      with_list = join_keys (with);
      without_list = join_keys (without);
      return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, sections_path, NULL,
                                 _("either every section has a weight or none has; "
                                   "with a weight: %s; without: %s"),
                                 with_list, without_list);
    }
  /* The audit score is the weighted mean of the sections: it has no value
   * when every weight is 0. */
  if (sum <= 0)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, sections_path, NULL,
                               _("at least one section weight must be greater than 0"));
  return TRUE;
}

static gboolean
validate_at (const MaTemplate  *self,
             const char        *path,
             GError           **error)
{
  g_autofree char *sections_path = ma_path_member (path, "sections");
  g_autoptr(GHashTable) section_keys = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) question_sections = g_hash_table_new (g_str_hash, g_str_equal);

  if (!check_key (self->key, path, "key", error))
    return FALSE;
  if (self->version < 1)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "version",
                               _("%" PRId64 ": a version is 1 or more"), self->version);
  if (!check_text (self->name, path, "name", error) ||
      !check_key (self->channel, path, "channel", error))
    return FALSE;
  if (self->description != NULL && !g_utf8_validate (self->description, -1, NULL))
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "description",
                               _("not valid UTF-8"));
  if (self->status > MA_TEMPLATE_RETIRED)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "status",
                               _("unknown status"));
  if (self->sections->len == 0)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, sections_path, NULL,
                               _("a template needs at least one section"));

  for (guint i = 0; i < self->sections->len; i++)
    {
      const MaSection *s = g_ptr_array_index (self->sections, i);
      g_autofree char *spath = ma_path_index (sections_path, i);
      g_autofree char *questions_path = ma_path_member (spath, "questions");

      if (!check_key (s->key, spath, "key", error))
        return FALSE;
      if (g_hash_table_contains (section_keys, s->key))
        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, spath, "key",
                                   _("\"%s\" is the key of another section"), s->key);
      g_hash_table_add (section_keys, s->key);
      if (!check_text (s->title, spath, "title", error))
        return FALSE;
      if (s->has_weight && !check_weight (s->weight, spath, error))
        return FALSE;
      if (s->component != NULL && !check_key (s->component, spath, "component", error))
        return FALSE;

      for (guint j = 0; j < s->questions->len; j++)
        {
          g_autofree char *qpath = ma_path_index (questions_path, j);

          if (!check_question (g_ptr_array_index (s->questions, j), s, qpath,
                               question_sections, error))
            return FALSE;
        }
    }

  if (g_hash_table_size (question_sections) == 0)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, sections_path, NULL,
                               _("a template needs at least one question"));
  return check_section_weights (self, sections_path, error);
}

gboolean
ma_template_validate (const MaTemplate  *self,
                      GError           **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return validate_at (self, NULL, error);
}

/* Reading JSON */

static const char * const template_members[] = {
  "key", "version", "name", "channel", "description", "status", "sections", NULL
};
static const char * const section_members[] = {
  "key", "title", "weight", "component", "questions", NULL
};
static const char * const question_members[] = {
  "key", "text", "guidance", "type", "weight", "allow_na", "critical", "component",
  "good", "min", "max", "labels", "options", "unit", "rule", "standard",
  "comment_on_fail", "evidence_required", NULL
};
static const char * const option_members[] = { "key", "label", "score", NULL };
static const char * const rule_members[] = { "max", "min", "band", NULL };
static const char * const band_members[] = { "full", "zero", NULL };
static const char * const standard_members[] = { "share", NULL };

#define ANY_SCORED_TYPE ((int) -1)

/* Members that only some question types have: a member given to another
 * type is refused (see check_question_settings). */
static const struct {
  const char *member;
  int         type;   /* an MaQuestionType, or ANY_SCORED_TYPE */
} typed_members[] = {
  { "good", MA_QUESTION_YES_NO },
  { "min", MA_QUESTION_SCALE },
  { "max", MA_QUESTION_SCALE },
  { "labels", MA_QUESTION_SCALE },
  { "options", MA_QUESTION_CHOICE },
  { "unit", MA_QUESTION_NUMBER },
  { "rule", MA_QUESTION_NUMBER },
  { "critical", ANY_SCORED_TYPE },
  { "standard", ANY_SCORED_TYPE },
  { "comment_on_fail", ANY_SCORED_TYPE },
};

static gboolean
check_typed_members (JsonObject      *object,
                     const char      *path,
                     MaQuestionType   type,
                     GError         **error)
{
  const char *type_name = ma_question_type_to_string (type);

  for (guint i = 0; i < G_N_ELEMENTS (typed_members); i++)
    {
      const char *member = typed_members[i].member;
      int allowed = typed_members[i].type;

      if (!json_object_has_member (object, member))
        continue;
      if (allowed == ANY_SCORED_TYPE && type == MA_QUESTION_TEXT)
        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, member,
                                   _("a text question is not scored and cannot have \"%s\""),
                                   member);
      if (allowed != ANY_SCORED_TYPE && (int) type != allowed)
        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, member,
                                   _("only %s questions have \"%s\", this one is %s"),
                                   ma_question_type_to_string (allowed), member, type_name);
    }
  return TRUE;
}

/* An optional object member: *out is NULL when absent. Unlike
 * ma_json_read_object(), tells absence from failure without looking at the
 * caller's @error, which may be NULL. */
static gboolean
read_optional_object (JsonObject  *object,
                      const char  *path,
                      const char  *member,
                      JsonObject **out,
                      GError     **error)
{
  *out = NULL;
  if (!json_object_has_member (object, member))
    return TRUE;
  *out = ma_json_read_object (object, path, member, TRUE, error);
  return *out != NULL;
}

/* Reads a number that must be finite, any sign. */
static gboolean
read_number (JsonObject  *object,
             const char  *path,
             const char  *member,
             gboolean     required,
             double      *out,
             gboolean    *present,
             GError     **error)
{
  return ma_json_read_double (object, path, member, required, -G_MAXDOUBLE, G_MAXDOUBLE,
                              out, present, error);
}

/* Scale label keys are integers written as JSON member names: "1", "-2";
 * no sign "+", no leading zeros, so that each value has one spelling. */
static gboolean
parse_label_value (const char *name,
                   gint64     *out)
{
  const char *digits = name[0] == '-' ? name + 1 : name;
  gsize len = strlen (digits);

  if (len == 0 || len > 16 || (digits[0] == '0' && len > 1) || (name[0] == '-' && strcmp (digits, "0") == 0))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (digits[i]))
      return FALSE;
  *out = g_ascii_strtoll (name, NULL, 10);
  return TRUE;
}

static int
compare_labels (gconstpointer a,
                gconstpointer b)
{
  const MaScaleLabel *la = *(MaScaleLabel * const *) a;
  const MaScaleLabel *lb = *(MaScaleLabel * const *) b;

  return (la->value > lb->value) - (la->value < lb->value);
}

static gboolean
parse_scale (JsonObject  *object,
             const char  *path,
             MaQuestion  *q,
             GError     **error)
{
  g_autofree char *labels_path = ma_path_member (path, "labels");
  g_autoptr(GList) members = NULL;
  JsonObject *labels;

  if (!ma_json_read_int (object, path, "min", TRUE, -MA_JSON_MAX_SAFE_INTEGER,
                         MA_JSON_MAX_SAFE_INTEGER, &q->scale_min, NULL, error) ||
      !ma_json_read_int (object, path, "max", TRUE, -MA_JSON_MAX_SAFE_INTEGER,
                         MA_JSON_MAX_SAFE_INTEGER, &q->scale_max, NULL, error))
    return FALSE;

  if (!read_optional_object (object, path, "labels", &labels, error))
    return FALSE;
  if (labels == NULL)
    return TRUE;

  members = json_object_get_members (labels);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *text = NULL;
      MaScaleLabel *label;
      gint64 value;

      if (!parse_label_value (name, &value))
        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, labels_path, name,
                                   _("a label's name is the whole number it labels"));
      if (!ma_json_read_text (labels, labels_path, name, TRUE, &text, error))
        return FALSE;
      label = g_new0 (MaScaleLabel, 1);
      label->value = value;
      label->label = g_steal_pointer (&text);
      g_ptr_array_add (q->scale_labels, label);
    }
  g_ptr_array_sort (q->scale_labels, compare_labels);
  return TRUE;
}

static gboolean
parse_options (JsonObject  *object,
               const char  *path,
               MaQuestion  *q,
               GPtrArray   *warnings,
               GError     **error)
{
  g_autofree char *options_path = ma_path_member (path, "options");
  JsonArray *options = ma_json_read_array (object, path, "options", TRUE, error);

  if (options == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (options); i++)
    {
      g_autofree char *opath = ma_path_index (options_path, i);
      JsonObject *o = ma_json_array_get_object (options, options_path, i, error);
      g_autofree char *key = NULL;
      g_autofree char *label = NULL;
      double score = 0;

      if (o == NULL)
        return FALSE;
      ma_json_warn_unknown (o, opath, option_members, warnings);
      if (!ma_json_read_key (o, opath, "key", TRUE, &key, error) ||
          !ma_json_read_text (o, opath, "label", TRUE, &label, error) ||
          !ma_json_read_double (o, opath, "score", TRUE, 0, 1, &score, NULL, error))
        return FALSE;
      g_ptr_array_add (q->options, ma_choice_option_new (key, label, score));
    }
  return TRUE;
}

static gboolean
parse_rule (JsonObject  *object,
            const char  *path,
            MaQuestion  *q,
            GPtrArray   *warnings,
            GError     **error)
{
  g_autofree char *rule_path = ma_path_member (path, "rule");
  JsonObject *rule = ma_json_read_object (object, path, "rule", TRUE, error);
  guint given = 0;

  if (rule == NULL)
    return FALSE;
  ma_json_warn_unknown (rule, rule_path, rule_members, warnings);
  for (guint i = 0; rule_members[i] != NULL; i++)
    given += json_object_has_member (rule, rule_members[i]);
  if (given != 1)
    return ma_model_set_error (error, given ? MA_MODEL_ERROR_INVALID : MA_MODEL_ERROR_MISSING,
                               rule_path, NULL, _("give exactly one of max, min or band"));

  if (json_object_has_member (rule, "max"))
    {
      q->rule = MA_NUMBER_RULE_MAX;
      return read_number (rule, rule_path, "max", TRUE, &q->rule_limit, NULL, error);
    }
  if (json_object_has_member (rule, "min"))
    {
      q->rule = MA_NUMBER_RULE_MIN;
      return read_number (rule, rule_path, "min", TRUE, &q->rule_limit, NULL, error);
    }

  {
    g_autofree char *band_path = ma_path_member (rule_path, "band");
    JsonObject *band = ma_json_read_object (rule, rule_path, "band", TRUE, error);

    if (band == NULL)
      return FALSE;
    ma_json_warn_unknown (band, band_path, band_members, warnings);
    q->rule = MA_NUMBER_RULE_BAND;
    return read_number (band, band_path, "full", TRUE, &q->band_full, NULL, error) &&
           read_number (band, band_path, "zero", TRUE, &q->band_zero, NULL, error);
  }
}

static MaQuestion *
parse_question (JsonObject  *object,
                const char  *path,
                GPtrArray   *warnings,
                GError     **error)
{
  g_autoptr(MaQuestion) q = ma_question_new ();
  g_autofree char *type = NULL;
  g_autofree char *critical = NULL;
  JsonObject *standard;

  ma_json_warn_unknown (object, path, question_members, warnings);
  if (!ma_json_read_key (object, path, "key", TRUE, &q->key, error) ||
      !ma_json_read_text (object, path, "text", TRUE, &q->text, error) ||
      !ma_json_read_string (object, path, "guidance", FALSE, &q->guidance, error) ||
      !ma_json_read_string (object, path, "type", TRUE, &type, error))
    return NULL;
  if (!ma_question_type_from_string (type, &q->type))
    {
      g_autofree char *quoted = ma_quote_value (type);

      ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "type",
                          _("%s is not a question type (yes_no, scale, choice, number or text)"),
                          quoted);
      return NULL;
    }
  if (!check_typed_members (object, path, q->type, error))
    return NULL;

  if (!ma_json_read_double (object, path, "weight", FALSE, -G_MAXDOUBLE, G_MAXDOUBLE,
                            &q->weight, NULL, error) ||
      !check_weight (q->weight, path, error) ||
      !ma_json_read_bool (object, path, "allow_na", FALSE, &q->allow_na, NULL, error) ||
      !ma_json_read_string (object, path, "critical", FALSE, &critical, error) ||
      !ma_json_read_key (object, path, "component", FALSE, &q->component, error) ||
      !ma_json_read_bool (object, path, "comment_on_fail", FALSE, &q->comment_on_fail, NULL, error) ||
      !ma_json_read_bool (object, path, "evidence_required", FALSE, &q->evidence_required, NULL, error))
    return NULL;

  if (g_strcmp0 (critical, "section") == 0)
    q->critical = MA_CRITICAL_SECTION;
  else if (g_strcmp0 (critical, "audit") == 0)
    q->critical = MA_CRITICAL_AUDIT;
  else if (critical != NULL)
    {
      g_autofree char *quoted = ma_quote_value (critical);

      ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "critical",
                          _("%s is not a critical scope (section or audit)"), quoted);
      return NULL;
    }

  if (!read_optional_object (object, path, "standard", &standard, error))
    return NULL;
  if (standard != NULL)
    {
      g_autofree char *standard_path = ma_path_member (path, "standard");

      ma_json_warn_unknown (standard, standard_path, standard_members, warnings);
      q->has_standard = TRUE;
      if (!read_number (standard, standard_path, "share", TRUE, &q->standard_share, NULL, error))
        return NULL;
    }

  switch (q->type)
    {
    case MA_QUESTION_YES_NO:
      if (!ma_json_read_bool (object, path, "good", FALSE, &q->good, NULL, error))
        return NULL;
      break;
    case MA_QUESTION_SCALE:
      if (!parse_scale (object, path, q, error))
        return NULL;
      break;
    case MA_QUESTION_CHOICE:
      if (!parse_options (object, path, q, warnings, error))
        return NULL;
      break;
    case MA_QUESTION_NUMBER:
      if (!ma_json_read_text (object, path, "unit", FALSE, &q->unit, error) ||
          !parse_rule (object, path, q, warnings, error))
        return NULL;
      break;
    case MA_QUESTION_TEXT:
    default:
      break;
    }
  return g_steal_pointer (&q);
}

static MaSection *
parse_section (JsonObject  *object,
               const char  *path,
               GPtrArray   *warnings,
               GError     **error)
{
  g_autoptr(MaSection) s = ma_section_new ();
  g_autofree char *questions_path = ma_path_member (path, "questions");
  JsonArray *questions;

  ma_json_warn_unknown (object, path, section_members, warnings);
  if (!ma_json_read_key (object, path, "key", TRUE, &s->key, error) ||
      !ma_json_read_text (object, path, "title", TRUE, &s->title, error) ||
      !ma_json_read_double (object, path, "weight", FALSE, -G_MAXDOUBLE, G_MAXDOUBLE,
                            &s->weight, &s->has_weight, error) ||
      (s->has_weight && !check_weight (s->weight, path, error)) ||
      !ma_json_read_key (object, path, "component", FALSE, &s->component, error))
    return NULL;

  questions = ma_json_read_array (object, path, "questions", TRUE, error);
  if (questions == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (questions); i++)
    {
      g_autofree char *qpath = ma_path_index (questions_path, i);
      JsonObject *o = ma_json_array_get_object (questions, questions_path, i, error);
      MaQuestion *q;

      if (o == NULL)
        return NULL;
      q = parse_question (o, qpath, warnings, error);
      if (q == NULL)
        return NULL;
      g_ptr_array_add (s->questions, q);
    }
  return g_steal_pointer (&s);
}

MaTemplate *
ma_template_from_json (JsonObject  *object,
                       const char  *path,
                       GPtrArray   *warnings,
                       GError     **error)
{
  g_autoptr(MaTemplate) self = ma_template_new ();
  g_autofree char *status = NULL;
  g_autofree char *sections_path = ma_path_member (path, "sections");
  JsonArray *sections;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ma_json_warn_unknown (object, path, template_members, warnings);
  if (!ma_json_read_key (object, path, "key", TRUE, &self->key, error) ||
      !ma_json_read_int (object, path, "version", TRUE, 1, MA_JSON_MAX_SAFE_INTEGER,
                         &self->version, NULL, error) ||
      !ma_json_read_text (object, path, "name", TRUE, &self->name, error) ||
      !ma_json_read_key (object, path, "channel", TRUE, &self->channel, error) ||
      !ma_json_read_string (object, path, "description", FALSE, &self->description, error) ||
      !ma_json_read_string (object, path, "status", FALSE, &status, error))
    return NULL;
  if (status != NULL && !ma_template_status_from_string (status, &self->status))
    {
      g_autofree char *quoted = ma_quote_value (status);

      ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "status",
                          _("%s is not a template status (draft, published or retired)"),
                          quoted);
      return NULL;
    }

  sections = ma_json_read_array (object, path, "sections", TRUE, error);
  if (sections == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (sections); i++)
    {
      g_autofree char *spath = ma_path_index (sections_path, i);
      JsonObject *o = ma_json_array_get_object (sections, sections_path, i, error);
      MaSection *s;

      if (o == NULL)
        return NULL;
      s = parse_section (o, spath, warnings, error);
      if (s == NULL)
        return NULL;
      g_ptr_array_add (self->sections, s);
    }

  if (!validate_at (self, path, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* Writing JSON */

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
add_number (JsonBuilder *builder,
            const char  *member,
            double       value)
{
  json_builder_set_member_name (builder, member);
  ma_json_builder_add_number (builder, value);
}

static void
add_true (JsonBuilder *builder,
          const char  *member,
          gboolean     value)
{
  if (!value)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_boolean_value (builder, TRUE);
}

static void
write_question (JsonBuilder      *builder,
                const MaQuestion *q)
{
  json_builder_begin_object (builder);
  add_string (builder, "key", q->key);
  add_string (builder, "text", q->text);
  add_string (builder, "guidance", q->guidance);
  add_string (builder, "type", ma_question_type_to_string (q->type));
  add_number (builder, "weight", q->weight);
  add_true (builder, "allow_na", q->allow_na);
  if (q->critical == MA_CRITICAL_SECTION)
    add_string (builder, "critical", "section");
  else if (q->critical == MA_CRITICAL_AUDIT)
    add_string (builder, "critical", "audit");
  add_string (builder, "component", q->component);

  switch (q->type)
    {
    case MA_QUESTION_YES_NO:
      if (!q->good)
        {
          json_builder_set_member_name (builder, "good");
          json_builder_add_boolean_value (builder, FALSE);
        }
      break;
    case MA_QUESTION_SCALE:
      json_builder_set_member_name (builder, "min");
      json_builder_add_int_value (builder, q->scale_min);
      json_builder_set_member_name (builder, "max");
      json_builder_add_int_value (builder, q->scale_max);
      if (q->scale_labels->len > 0)
        {
          json_builder_set_member_name (builder, "labels");
          json_builder_begin_object (builder);
          for (guint i = 0; i < q->scale_labels->len; i++)
            {
              const MaScaleLabel *l = g_ptr_array_index (q->scale_labels, i);
              g_autofree char *name = g_strdup_printf ("%" G_GINT64_FORMAT, l->value);

              add_string (builder, name, l->label);
            }
          json_builder_end_object (builder);
        }
      break;
    case MA_QUESTION_CHOICE:
      json_builder_set_member_name (builder, "options");
      json_builder_begin_array (builder);
      for (guint i = 0; i < q->options->len; i++)
        {
          const MaChoiceOption *o = g_ptr_array_index (q->options, i);

          json_builder_begin_object (builder);
          add_string (builder, "key", o->key);
          add_string (builder, "label", o->label);
          add_number (builder, "score", o->score);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      break;
    case MA_QUESTION_NUMBER:
      add_string (builder, "unit", q->unit);
      json_builder_set_member_name (builder, "rule");
      json_builder_begin_object (builder);
      if (q->rule == MA_NUMBER_RULE_MAX)
        add_number (builder, "max", q->rule_limit);
      else if (q->rule == MA_NUMBER_RULE_MIN)
        add_number (builder, "min", q->rule_limit);
      else if (q->rule == MA_NUMBER_RULE_BAND)
        {
          json_builder_set_member_name (builder, "band");
          json_builder_begin_object (builder);
          add_number (builder, "full", q->band_full);
          add_number (builder, "zero", q->band_zero);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
      break;
    case MA_QUESTION_TEXT:
    default:
      break;
    }

  if (q->has_standard)
    {
      json_builder_set_member_name (builder, "standard");
      json_builder_begin_object (builder);
      add_number (builder, "share", q->standard_share);
      json_builder_end_object (builder);
    }
  add_true (builder, "comment_on_fail", q->comment_on_fail);
  add_true (builder, "evidence_required", q->evidence_required);
  json_builder_end_object (builder);
}

static JsonNode *
write_template (const MaTemplate *self,
                gboolean          with_status)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, "key", self->key);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, self->version);
  add_string (builder, "name", self->name);
  add_string (builder, "channel", self->channel);
  add_string (builder, "description", self->description);
  if (with_status)
    add_string (builder, "status", ma_template_status_to_string (self->status));

  json_builder_set_member_name (builder, "sections");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->sections->len; i++)
    {
      const MaSection *s = g_ptr_array_index (self->sections, i);

      json_builder_begin_object (builder);
      add_string (builder, "key", s->key);
      add_string (builder, "title", s->title);
      if (s->has_weight)
        add_number (builder, "weight", s->weight);
      add_string (builder, "component", s->component);
      json_builder_set_member_name (builder, "questions");
      json_builder_begin_array (builder);
      for (guint j = 0; j < s->questions->len; j++)
        write_question (builder, g_ptr_array_index (s->questions, j));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
ma_template_to_json (const MaTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return write_template (self, TRUE);
}

/* The written form is already canonical: members in a fixed order, every
 * setting written from the model (so defaults given or omitted in a bundle
 * come out the same), whole numbers as integers. The status is left out: a
 * version retired or published is the same content. */
char *
ma_template_to_canonical (const MaTemplate *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  node = write_template (self, FALSE);
  return ma_json_to_string (node, FALSE);
}
