/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>

#include "ma-scoring.h"
#include "ma-template-preview.h"
#include "ma-template-i18n.h"

struct _MaTemplatePreview
{
  GtkWidget   parent_instance;

  GtkWidget  *box;
  GtkLabel   *score_label;
  GtkLabel   *reason_label;
  GtkWidget  *form_box;

  MaTemplate *template;
  gboolean    valid;
  MaAudit    *answers;        /* only its answers are used */
  GHashTable *section_labels; /* section key -> GtkLabel of its score */
  /* While the widgets are built from the answers, their signals change nothing. */
  gboolean    building;
};

G_DEFINE_FINAL_TYPE (MaTemplatePreview, ma_template_preview, GTK_TYPE_WIDGET)

/* A percentage with one decimal in the user's locale: the rounding is the
 * engine's, only the decimal separator is local. */
static char *
format_percent (double fraction)
{
  g_autofree char *c_percent = ma_score_format_percent (fraction);
  const char *point = localeconv ()->decimal_point;
  g_auto(GStrv) parts = NULL;

  if (c_percent == NULL)
    return NULL;
  parts = g_strsplit (c_percent, ".", 2);
  return g_strjoinv (point != NULL && *point != '\0' ? point : ".", parts);
}

static MaAnswer *
find_answer (MaTemplatePreview *self,
             const char        *question,
             guint             *index)
{
  for (guint i = 0; i < self->answers->answers->len; i++)
    {
      MaAnswer *answer = g_ptr_array_index (self->answers->answers, i);

      if (g_strcmp0 (answer->question, question) == 0)
        {
          if (index != NULL)
            *index = i;
          return answer;
        }
    }
  return NULL;
}

/* The answer to @question, emptied, or a new one. */
static MaAnswer *
reset_answer (MaTemplatePreview *self,
              const char        *question)
{
  MaAnswer *answer = find_answer (self, question, NULL);

  if (answer == NULL)
    {
      answer = ma_answer_new (question);
      g_ptr_array_add (self->answers->answers, answer);
    }
  answer->na = FALSE;
  answer->kind = MA_VALUE_NONE;
  g_clear_pointer (&answer->string, g_free);
  return answer;
}

static void
remove_answer (MaTemplatePreview *self,
               const char        *question)
{
  guint index;

  if (find_answer (self, question, &index) != NULL)
    g_ptr_array_remove_index (self->answers->answers, index);
}

static void
update_score (MaTemplatePreview *self)
{
  g_autoptr(MaScore) score = NULL;
  g_autofree char *percent = NULL;
  g_autofree char *text = NULL;
  GHashTableIter iter;
  gpointer label;

  g_hash_table_iter_init (&iter, self->section_labels);
  while (g_hash_table_iter_next (&iter, NULL, &label))
    gtk_label_set_text (label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), FALSE);

  if (self->template == NULL)
    {
      gtk_label_set_text (self->score_label, "");
      return;
    }
  if (!self->valid)
    {
      /* The engine scores valid templates only; the editor says what is wrong. */
      gtk_label_set_text (self->score_label, _("No score until the template is valid"));
      return;
    }

  score = ma_score_audit (self->template, self->answers);
  percent = format_percent (score->score);
  if (percent == NULL)
    /* TRANSLATORS: the preview's score before any scored question is answered */
    text = g_strdup (_("Score: not assessed yet"));
  else
    /* TRANSLATORS: the preview's live score, e.g. "Score: 70.0 %" */
    text = g_strdup_printf (_("Score: %s %%"), percent);
  gtk_label_set_text (self->score_label, text);

  if (score->critical_failure != NULL)
    {
      const MaQuestion *q = ma_template_find_question (self->template, score->critical_failure, NULL);
      g_autofree char *reason = NULL;

      if (score->critical_scope == MA_CRITICAL_AUDIT)
        /* TRANSLATORS: %s is the text of a question */
        reason = g_strdup_printf (_("The whole audit scores 0: the critical question “%s” failed"),
                                  q != NULL ? q->text : score->critical_failure);
      else
        reason = g_strdup_printf (_("Its section scores 0: the critical question “%s” failed"),
                                  q != NULL ? q->text : score->critical_failure);
      gtk_label_set_text (self->reason_label, reason);
      gtk_widget_set_visible (GTK_WIDGET (self->reason_label), TRUE);
    }

  for (guint i = 0; i < score->sections->len; i++)
    {
      const MaScorePart *part = g_ptr_array_index (score->sections, i);
      GtkLabel *section_label = g_hash_table_lookup (self->section_labels, part->key);
      g_autofree char *section_percent = format_percent (part->score);
      g_autofree char *section_text = NULL;

      if (section_label == NULL || section_percent == NULL)
        continue;
      section_text = g_strdup_printf ("%s %%", section_percent);
      gtk_label_set_text (section_label, section_text);
    }
}

static void
choice_toggled_cb (GtkToggleButton   *button,
                   MaTemplatePreview *self)
{
  const char *question = g_object_get_data (G_OBJECT (button), "question");
  const char *kind = g_object_get_data (G_OBJECT (button), "kind");
  const char *value = g_object_get_data (G_OBJECT (button), "value");
  MaAnswer *answer;

  if (self->building || !gtk_toggle_button_get_active (button))
    return;

  answer = reset_answer (self, question);
  if (g_str_equal (kind, "na"))
    answer->na = TRUE;
  else if (g_str_equal (kind, "bool"))
    {
      answer->kind = MA_VALUE_BOOL;
      answer->boolean = g_str_equal (value, "true");
    }
  else if (g_str_equal (kind, "number"))
    {
      answer->kind = MA_VALUE_NUMBER;
      answer->number = g_ascii_strtod (value, NULL);
    }
  else
    {
      answer->kind = MA_VALUE_STRING;
      answer->string = g_strdup (value);
    }
  update_score (self);
}

/* A number as people type it: either decimal separator. */
static gboolean
parse_number (const char *text,
              double     *out)
{
  g_autofree char *copy = g_strstrip (g_strdelimit (g_strdup (text), ",", '.'));
  char *end = NULL;
  double value;

  if (*copy == '\0')
    return FALSE;
  value = g_ascii_strtod (copy, &end);
  if (end == NULL || *end != '\0' || !isfinite (value))
    return FALSE;
  *out = value;
  return TRUE;
}

static void
entry_changed_cb (GtkEditable       *editable,
                  MaTemplatePreview *self)
{
  const char *question = g_object_get_data (G_OBJECT (editable), "question");
  gboolean is_number = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (editable), "number"));
  const char *text = gtk_editable_get_text (editable);
  double value;

  if (self->building)
    return;

  if (is_number)
    {
      if (parse_number (text, &value))
        {
          MaAnswer *answer = reset_answer (self, question);

          answer->kind = MA_VALUE_NUMBER;
          answer->number = value;
          gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
        }
      else
        {
          remove_answer (self, question);
          if (*text != '\0')
            gtk_widget_add_css_class (GTK_WIDGET (editable), "error");
        }
    }
  else if (*text != '\0')
    {
      MaAnswer *answer = reset_answer (self, question);

      answer->kind = MA_VALUE_STRING;
      answer->string = g_strdup (text);
    }
  else
    remove_answer (self, question);
  update_score (self);
}

static void
na_toggled_cb (GtkCheckButton    *check,
               MaTemplatePreview *self)
{
  const char *question = g_object_get_data (G_OBJECT (check), "question");
  GtkWidget *entry = g_object_get_data (G_OBJECT (check), "entry");

  if (self->building)
    return;
  gtk_widget_set_sensitive (entry, !gtk_check_button_get_active (check));
  if (gtk_check_button_get_active (check))
    reset_answer (self, question)->na = TRUE;
  else
    entry_changed_cb (GTK_EDITABLE (entry), self);
  update_score (self);
}

static GtkWidget *
add_toggle (MaTemplatePreview *self,
            GtkWidget         *box,
            GtkToggleButton  **group,
            const MaQuestion  *q,
            const char        *label,
            const char        *accessible_label,
            const char        *kind,
            const char        *value,
            gboolean           active)
{
  GtkWidget *button = gtk_toggle_button_new_with_label (label);

  g_object_set_data_full (G_OBJECT (button), "question", g_strdup (q->key), g_free);
  g_object_set_data (G_OBJECT (button), "kind", (gpointer) kind);
  g_object_set_data_full (G_OBJECT (button), "value", g_strdup (value), g_free);
  if (accessible_label != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
  if (*group != NULL)
    gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), *group);
  else
    *group = GTK_TOGGLE_BUTTON (button);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), active);
  g_signal_connect (button, "toggled", G_CALLBACK (choice_toggled_cb), self);
  gtk_box_append (GTK_BOX (box), button);
  return button;
}

static char *
describe_badges (const MaQuestion *q)
{
  g_autoptr(GPtrArray) badges = g_ptr_array_new ();

  if (q->critical == MA_CRITICAL_AUDIT)
    g_ptr_array_add (badges, _("Critical for the whole audit"));
  else if (q->critical == MA_CRITICAL_SECTION)
    g_ptr_array_add (badges, _("Critical for its section"));
  if (q->comment_on_fail)
    g_ptr_array_add (badges, _("Comment required when it fails"));
  if (q->evidence_required)
    g_ptr_array_add (badges, _("Evidence required"));
  if (badges->len == 0)
    return NULL;
  g_ptr_array_add (badges, NULL);
  /* TRANSLATORS: the separator between a question's badges */
  return g_strjoinv (_(" · "), (char **) badges->pdata);
}

static GtkWidget *
build_answer_widget (MaTemplatePreview *self,
                     const MaQuestion  *q)
{
  const MaAnswer *answer = find_answer (self, q->key, NULL);
  gboolean na = answer != NULL && answer->na;
  GtkToggleButton *group = NULL;
  GtkWidget *box;

  switch (q->type)
    {
    case MA_QUESTION_YES_NO:
    case MA_QUESTION_SCALE:
    case MA_QUESTION_CHOICE:
      box = g_object_new (GTK_TYPE_BOX,
                          "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP,
                          "orientation", q->type == MA_QUESTION_CHOICE ? GTK_ORIENTATION_VERTICAL
                                                                      : GTK_ORIENTATION_HORIZONTAL,
                          "spacing", q->type == MA_QUESTION_CHOICE ? 4 : 0,
                          NULL);
      if (q->type != MA_QUESTION_CHOICE)
        gtk_widget_add_css_class (box, "linked");
      gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, q->text, -1);

      if (q->type == MA_QUESTION_YES_NO)
        {
          gboolean has_bool = answer != NULL && !na && answer->kind == MA_VALUE_BOOL;

          add_toggle (self, box, &group, q, _("Yes"), NULL, "bool", "true", has_bool && answer->boolean);
          add_toggle (self, box, &group, q, _("No"), NULL, "bool", "false", has_bool && !answer->boolean);
        }
      else if (q->type == MA_QUESTION_SCALE)
        {
          for (gint64 v = q->scale_min; v <= q->scale_max && v - q->scale_min < 100; v++)
            {
              g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, v);
              const char *label = NULL;
              g_autofree char *accessible = NULL;
              GtkWidget *button;

              for (guint i = 0; i < q->scale_labels->len; i++)
                {
                  const MaScaleLabel *l = g_ptr_array_index (q->scale_labels, i);

                  if (l->value == v)
                    label = l->label;
                }
              if (label != NULL)
                accessible = g_strdup_printf ("%s: %s", value, label);
              button = add_toggle (self, box, &group, q, value, accessible, "number", value,
                                   answer != NULL && !na && answer->kind == MA_VALUE_NUMBER &&
                                   answer->number == (double) v);
              if (label != NULL)
                gtk_widget_set_tooltip_text (button, label);
            }
        }
      else
        {
          for (guint i = 0; i < q->options->len; i++)
            {
              const MaChoiceOption *o = g_ptr_array_index (q->options, i);
              GtkWidget *button;

              button = add_toggle (self, box, &group, q, o->label != NULL ? o->label : "", NULL,
                                   "string", o->key,
                                   answer != NULL && !na && answer->kind == MA_VALUE_STRING &&
                                   g_strcmp0 (answer->string, o->key) == 0);
              gtk_widget_set_halign (button, GTK_ALIGN_FILL);
              gtk_label_set_wrap (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), TRUE);
              gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), 0);
            }
        }
      if (q->allow_na)
        /* TRANSLATORS: "not applicable", an answer */
        add_toggle (self, box, &group, q, _("N/A"), _("Not applicable"), "na", NULL, na);
      return box;

    case MA_QUESTION_NUMBER:
    case MA_QUESTION_TEXT:
    default:
      {
        GtkWidget *entry = gtk_entry_new ();
        GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

        gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, q->text, -1);
        g_object_set_data_full (G_OBJECT (entry), "question", g_strdup (q->key), g_free);
        g_object_set_data (G_OBJECT (entry), "number", GINT_TO_POINTER (q->type == MA_QUESTION_NUMBER));
        gtk_widget_set_hexpand (entry, TRUE);
        if (answer != NULL && !na && answer->kind == MA_VALUE_NUMBER)
          {
            g_autofree char *text = g_strdup_printf ("%g", answer->number);
            gtk_editable_set_text (GTK_EDITABLE (entry), text);
          }
        else if (answer != NULL && !na && answer->kind == MA_VALUE_STRING)
          gtk_editable_set_text (GTK_EDITABLE (entry), answer->string);
        if (q->type == MA_QUESTION_NUMBER)
          gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
        g_signal_connect (entry, "changed", G_CALLBACK (entry_changed_cb), self);
        gtk_box_append (GTK_BOX (row), entry);
        if (q->unit != NULL)
          gtk_box_append (GTK_BOX (row), gtk_label_new (ma_template_unit_label (q->unit)));
        if (q->allow_na)
          {
            GtkWidget *check = gtk_check_button_new_with_label (_("N/A"));

            gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                            _("Not applicable"), -1);
            gtk_check_button_set_active (GTK_CHECK_BUTTON (check), na);
            gtk_widget_set_sensitive (entry, !na);
            g_object_set_data_full (G_OBJECT (check), "question", g_strdup (q->key), g_free);
            g_object_set_data (G_OBJECT (check), "entry", entry);
            g_signal_connect (check, "toggled", G_CALLBACK (na_toggled_cb), self);
            gtk_box_append (GTK_BOX (row), check);
          }
        return row;
      }
    }
}

static void
add_question (MaTemplatePreview *self,
              GtkWidget         *section_box,
              const MaQuestion  *q)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (q->text);
  g_autofree char *badges = describe_badges (q);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  if (q->guidance != NULL && *q->guidance != '\0')
    {
      GtkWidget *guidance = gtk_label_new (q->guidance);

      gtk_label_set_wrap (GTK_LABEL (guidance), TRUE);
      gtk_label_set_xalign (GTK_LABEL (guidance), 0);
      gtk_widget_add_css_class (guidance, "dim-label");
      gtk_widget_add_css_class (guidance, "caption");
      gtk_box_append (GTK_BOX (box), guidance);
    }
  if (badges != NULL)
    {
      GtkWidget *badge = gtk_label_new (badges);

      gtk_label_set_wrap (GTK_LABEL (badge), TRUE);
      gtk_label_set_xalign (GTK_LABEL (badge), 0);
      gtk_widget_add_css_class (badge, "caption-heading");
      gtk_widget_add_css_class (badge, q->critical != MA_CRITICAL_NONE ? "warning" : "dim-label");
      gtk_box_append (GTK_BOX (box), badge);
    }
  gtk_box_append (GTK_BOX (box), build_answer_widget (self, q));
  gtk_box_append (GTK_BOX (section_box), box);
}

static void
rebuild (MaTemplatePreview *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->form_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->form_box), child);
  g_hash_table_remove_all (self->section_labels);

  if (self->template != NULL)
    {
      self->building = TRUE;
      for (guint i = 0; i < self->template->sections->len; i++)
        {
          const MaSection *s = g_ptr_array_index (self->template->sections, i);
          GtkWidget *section_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
          GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
          GtkWidget *title = gtk_label_new (s->title);
          GtkWidget *score = gtk_label_new (NULL);

          gtk_label_set_wrap (GTK_LABEL (title), TRUE);
          gtk_label_set_xalign (GTK_LABEL (title), 0);
          gtk_widget_set_hexpand (title, TRUE);
          gtk_widget_add_css_class (title, "heading");
          gtk_widget_add_css_class (score, "numeric");
          gtk_box_append (GTK_BOX (header), title);
          gtk_box_append (GTK_BOX (header), score);
          gtk_box_append (GTK_BOX (section_box), header);
          if (s->key != NULL)
            g_hash_table_replace (self->section_labels, g_strdup (s->key), score);
          for (guint j = 0; j < s->questions->len; j++)
            add_question (self, section_box, g_ptr_array_index (s->questions, j));
          gtk_box_append (GTK_BOX (self->form_box), section_box);
        }
      self->building = FALSE;
    }
  update_score (self);
}

/* An answer that means nothing any more (the question went, or changed its
 * type or range) is dropped rather than scored wrongly. */
static void
prune_answers (MaTemplatePreview *self)
{
  for (guint i = self->answers->answers->len; i > 0; i--)
    {
      const MaAnswer *answer = g_ptr_array_index (self->answers->answers, i - 1);
      const MaQuestion *q = ma_template_find_question (self->template, answer->question, NULL);
      double fraction;
      gboolean keep;

      if (q == NULL)
        keep = FALSE;
      else if (answer->na)
        keep = q->allow_na;
      else if (q->type == MA_QUESTION_TEXT)
        keep = answer->kind == MA_VALUE_STRING;
      else
        keep = self->valid && ma_question_fraction (q, answer, &fraction);
      if (!keep)
        g_ptr_array_remove_index (self->answers->answers, i - 1);
    }
}

void
ma_template_preview_set_template (MaTemplatePreview *self,
                                  const MaTemplate  *template)
{
  g_return_if_fail (MA_IS_TEMPLATE_PREVIEW (self));

  g_clear_pointer (&self->template, ma_template_free);
  if (template != NULL)
    {
      self->template = ma_template_copy (template);
      self->valid = ma_template_validate (self->template, NULL);
      prune_answers (self);
    }
  else
    g_ptr_array_set_size (self->answers->answers, 0);
  rebuild (self);
}

void
ma_template_preview_clear_answers (MaTemplatePreview *self)
{
  g_return_if_fail (MA_IS_TEMPLATE_PREVIEW (self));

  g_ptr_array_set_size (self->answers->answers, 0);
  rebuild (self);
}

const char *
ma_template_preview_get_score_text (MaTemplatePreview *self)
{
  g_return_val_if_fail (MA_IS_TEMPLATE_PREVIEW (self), NULL);

  return gtk_label_get_text (self->score_label);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ma_template_preview_clear_answers (MA_TEMPLATE_PREVIEW (widget));
}

GtkWidget *
ma_template_preview_new (void)
{
  return g_object_new (MA_TYPE_TEMPLATE_PREVIEW, NULL);
}

static void
ma_template_preview_dispose (GObject *object)
{
  MaTemplatePreview *self = MA_TEMPLATE_PREVIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MA_TYPE_TEMPLATE_PREVIEW);
  g_clear_pointer (&self->section_labels, g_hash_table_unref);

  G_OBJECT_CLASS (ma_template_preview_parent_class)->dispose (object);
}

static void
ma_template_preview_finalize (GObject *object)
{
  MaTemplatePreview *self = MA_TEMPLATE_PREVIEW (object);

  g_clear_pointer (&self->template, ma_template_free);
  g_clear_pointer (&self->answers, ma_audit_free);

  G_OBJECT_CLASS (ma_template_preview_parent_class)->finalize (object);
}

static void
ma_template_preview_class_init (MaTemplatePreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_template_preview_dispose;
  object_class->finalize = ma_template_preview_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mysteryaudit/MysteryAudit/ui/ma-template-preview.ui");
  gtk_widget_class_bind_template_child (widget_class, MaTemplatePreview, box);
  gtk_widget_class_bind_template_child (widget_class, MaTemplatePreview, score_label);
  gtk_widget_class_bind_template_child (widget_class, MaTemplatePreview, reason_label);
  gtk_widget_class_bind_template_child (widget_class, MaTemplatePreview, form_box);
  gtk_widget_class_install_action (widget_class, "preview.clear", NULL, clear_action);
}

static void
ma_template_preview_init (MaTemplatePreview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->answers = ma_audit_new ();
  self->section_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  update_score (self);
}
