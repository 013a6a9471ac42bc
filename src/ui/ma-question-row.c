/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

#include "ma-attachment-list.h"
#include "ma-question-row.h"
#include "ma-template-i18n.h"

/* Scales with more values than this get a spin button, not buttons. */
#define MAX_SCALE_BUTTONS 11

struct _MaQuestionRow
{
  GtkWidget        parent_instance;

  GtkWidget       *box;
  GtkLabel        *title_label;
  GtkWidget       *critical_label;
  GtkLabel        *guidance_label;
  GtkWidget       *answer_box;
  GtkEntry        *comment_entry;
  GtkWidget       *attach_button;
  GtkLabel        *comment_hint;

  MaQuestion      *question;
  GPtrArray       *toggles;      /* of GtkToggleButton: the answers, in order */
  GtkToggleButton *na_toggle;    /* NULL when N/A is not allowed */
  GtkSpinButton   *spin;         /* number, and scales too long for buttons */
  GtkTextView     *text_view;
  GtkToggleButton *stopwatch;
  GtkLabel        *stopwatch_label;
  GTimer          *timer;
  guint            stopwatch_tick;

  gboolean         number_set;   /* the spin button shows a value of the user */
  MaAttachmentList *attachment_list;
  gboolean         editable;
  gboolean         syncing;
};

G_DEFINE_FINAL_TYPE (MaQuestionRow, ma_question_row, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CHANGED,
  SIGNAL_MOVE_FOCUS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (MaQuestionRow *self)
{
  if (!self->syncing)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static gboolean
is_seconds (const char *unit)
{
  return g_strcmp0 (unit, "s") == 0 || g_strcmp0 (unit, "sec") == 0 || g_strcmp0 (unit, "seconds") == 0;
}

static gboolean
is_minutes (const char *unit)
{
  return g_strcmp0 (unit, "min") == 0 || g_strcmp0 (unit, "minutes") == 0;
}

/* ---- answers --------------------------------------------------------------- */

static GtkToggleButton *active_toggle (MaQuestionRow *self);

static void
toggle_toggled_cb (MaQuestionRow   *self,
                   GtkToggleButton *button)
{
  gboolean na = self->na_toggle != NULL && gtk_toggle_button_get_active (self->na_toggle);

  if (self->spin != NULL)
    gtk_widget_set_sensitive (GTK_WIDGET (self->spin), !na);
  if (self->text_view != NULL)
    gtk_widget_set_sensitive (GTK_WIDGET (self->text_view), !na);

  /* A group toggles twice (the old one off, the new one on): the second
   * is the change. Off with nothing else on takes the answer back. */
  if (gtk_toggle_button_get_active (button) || (!na && active_toggle (self) == NULL))
    emit_changed (self);
}

static GtkToggleButton *
add_toggle (MaQuestionRow *self,
            GtkWidget     *parent,
            const char    *label,
            const char    *accessible,
            GtkWidget     *child)
{
  GtkWidget *button = gtk_toggle_button_new ();

  if (child != NULL)
    gtk_button_set_child (GTK_BUTTON (button), child);
  else
    gtk_button_set_label (GTK_BUTTON (button), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible != NULL ? accessible : label, -1);
  if (self->toggles->len > 0)
    gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), g_ptr_array_index (self->toggles, 0));
  g_signal_connect_object (button, "toggled", G_CALLBACK (toggle_toggled_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (parent), button);
  g_ptr_array_add (self->toggles, button);
  return GTK_TOGGLE_BUTTON (button);
}

static void
add_na_toggle (MaQuestionRow *self,
               GtkWidget     *parent)
{
  GtkWidget *button;

  if (!self->question->allow_na)
    return;
  button = gtk_toggle_button_new_with_label (_("N/A"));
  gtk_widget_set_tooltip_text (button, _("Not applicable: left out of the score"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Not applicable"), -1);
  /* With answer buttons, N/A is one more choice of the same group. */
  if (self->toggles->len > 0)
    gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), g_ptr_array_index (self->toggles, 0));
  g_signal_connect_object (button, "toggled", G_CALLBACK (toggle_toggled_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (parent), button);
  self->na_toggle = GTK_TOGGLE_BUTTON (button);
}

static const char *
scale_label (const MaQuestion *question,
             gint64            value)
{
  for (guint i = 0; question->scale_labels != NULL && i < question->scale_labels->len; i++)
    {
      const MaScaleLabel *label = g_ptr_array_index (question->scale_labels, i);

      if (label->value == value)
        return label->label;
    }
  return NULL;
}

static void
spin_value_changed_cb (MaQuestionRow *self)
{
  g_autofree char *text = NULL;

  if (self->syncing)
    return;
  self->number_set = TRUE;
  /* The output handler kept the box empty while unanswered: show the
   * value now, as the spin button itself would. */
  text = g_strdup_printf ("%0.*f", gtk_spin_button_get_digits (self->spin), gtk_spin_button_get_value (self->spin));
  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (self->spin))) != 0)
    {
      self->syncing = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->spin), text);
      self->syncing = FALSE;
    }
  emit_changed (self);
}

/* Typing into the spin button: a number answers, an empty box takes the
 * answer back. The value follows on activation or focus out. */
static void
spin_text_changed_cb (MaQuestionRow *self)
{
  const char *text;
  g_autofree char *copy = NULL;
  char *end;
  double value;

  if (self->syncing)
    return;
  text = gtk_editable_get_text (GTK_EDITABLE (self->spin));
  copy = g_strstrip (g_strdelimit (g_strdup (text), ",", '.'));
  if (*copy == '\0')
    {
      if (self->number_set)
        {
          self->number_set = FALSE;
          emit_changed (self);
        }
      return;
    }
  value = g_ascii_strtod (copy, &end);
  if (*end != '\0' || !isfinite (value))
    return;
  self->syncing = TRUE;
  gtk_spin_button_set_value (self->spin, value);
  self->syncing = FALSE;
  self->number_set = TRUE;
  emit_changed (self);
}

/* Unanswered, the box is empty rather than a 0 nobody typed. */
static gboolean
spin_output_cb (MaQuestionRow *self)
{
  if (self->number_set)
    return FALSE;
  if (*gtk_editable_get_text (GTK_EDITABLE (self->spin)) != '\0')
    {
      gboolean syncing = self->syncing;

      self->syncing = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->spin), "");
      self->syncing = syncing;
    }
  return TRUE;
}

static GtkSpinButton *
add_spin (MaQuestionRow *self,
          GtkWidget     *parent,
          double         lower,
          double         upper,
          guint          digits)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, digits > 0 ? 0.1 : 1);

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), FALSE);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Answer"), -1);
  g_signal_connect_object (spin, "value-changed", G_CALLBACK (spin_value_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (spin, "changed", G_CALLBACK (spin_text_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (spin, "output", G_CALLBACK (spin_output_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (parent), spin);
  self->spin = GTK_SPIN_BUTTON (spin);
  spin_output_cb (self);
  return self->spin;
}

static char *
format_elapsed (double seconds)
{
  guint total = (guint) seconds;

  return g_strdup_printf ("%u:%02u", total / 60, total % 60);
}

static gboolean
stopwatch_tick_cb (gpointer data)
{
  MaQuestionRow *self = data;
  g_autofree char *text = format_elapsed (g_timer_elapsed (self->timer, NULL));

  gtk_label_set_text (self->stopwatch_label, text);
  return G_SOURCE_CONTINUE;
}

static void
stopwatch_toggled_cb (MaQuestionRow *self)
{
  gboolean running = gtk_toggle_button_get_active (self->stopwatch);
  const char *tip = running ? _("Stop the stopwatch and fill in the time")
                            : _("Start the stopwatch");

  gtk_button_set_icon_name (GTK_BUTTON (self->stopwatch),
                            running ? "media-playback-stop-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->stopwatch), tip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->stopwatch), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);

  if (running)
    {
      g_timer_start (self->timer);
      gtk_label_set_text (self->stopwatch_label, "0:00");
      gtk_widget_set_visible (GTK_WIDGET (self->stopwatch_label), TRUE);
      self->stopwatch_tick = g_timeout_add_seconds (1, stopwatch_tick_cb, self);
      return;
    }

  g_clear_handle_id (&self->stopwatch_tick, g_source_remove);
  if (self->syncing)
    return;
  {
    double seconds = g_timer_elapsed (self->timer, NULL);
    double value = is_minutes (self->question->unit) ? round (seconds / 6.0) / 10.0 : round (seconds);

    if (self->na_toggle != NULL)
      gtk_toggle_button_set_active (self->na_toggle, FALSE);
    self->number_set = TRUE;
    gtk_spin_button_set_value (self->spin, value);
    /* The same value as before changes nothing, but it is an answer now. */
    emit_changed (self);
  }
}

static void
text_buffer_changed_cb (MaQuestionRow *self)
{
  emit_changed (self);
}

static void
build_answer (MaQuestionRow *self)
{
  const MaQuestion *q = self->question;
  GtkWidget *box = self->answer_box;

  switch (q->type)
    {
    case MA_QUESTION_YES_NO:
      {
        GtkWidget *linked = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

        gtk_widget_add_css_class (linked, "linked");
        gtk_box_append (GTK_BOX (box), linked);
        g_object_set_data (G_OBJECT (add_toggle (self, linked, _("Yes"), NULL, NULL)), "value", GINT_TO_POINTER (1));
        g_object_set_data (G_OBJECT (add_toggle (self, linked, _("No"), NULL, NULL)), "value", GINT_TO_POINTER (0));
        add_na_toggle (self, linked);
        for (guint i = 0; i < self->toggles->len; i++)
          gtk_widget_set_size_request (g_ptr_array_index (self->toggles, i), 64, -1);
        if (self->na_toggle != NULL)
          gtk_widget_set_size_request (GTK_WIDGET (self->na_toggle), 64, -1);
      }
      break;

    case MA_QUESTION_SCALE:
      if (q->scale_max - q->scale_min < MAX_SCALE_BUTTONS)
        {
          GtkWidget *linked = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

          gtk_widget_add_css_class (linked, "linked");
          gtk_box_set_homogeneous (GTK_BOX (linked), TRUE);
          gtk_widget_set_hexpand (linked, TRUE);
          gtk_box_append (GTK_BOX (box), linked);
          for (gint64 v = q->scale_min; v <= q->scale_max; v++)
            {
              const char *caption = scale_label (q, v);
              g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, v);
              g_autofree char *accessible = caption != NULL ? g_strdup_printf ("%s: %s", number, caption)
                                                            : g_strdup (number);
              GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
              GtkWidget *label = gtk_label_new (number);
              GtkToggleButton *button;

              gtk_widget_add_css_class (label, "heading");
              gtk_box_append (GTK_BOX (content), label);
              if (caption != NULL)
                {
                  GtkWidget *small = gtk_label_new (caption);

                  gtk_label_set_wrap (GTK_LABEL (small), TRUE);
                  gtk_label_set_wrap_mode (GTK_LABEL (small), PANGO_WRAP_WORD_CHAR);
                  gtk_label_set_justify (GTK_LABEL (small), GTK_JUSTIFY_CENTER);
                  gtk_label_set_max_width_chars (GTK_LABEL (small), 14);
                  gtk_widget_add_css_class (small, "caption");
                  gtk_box_append (GTK_BOX (content), small);
                }
              button = add_toggle (self, linked, NULL, accessible, content);
              g_object_set_data_full (G_OBJECT (button), "number", g_memdup2 (&v, sizeof v), g_free);
            }
          add_na_toggle (self, box);
          if (self->na_toggle != NULL)
            gtk_widget_set_valign (GTK_WIDGET (self->na_toggle), GTK_ALIGN_CENTER);
        }
      else
        {
          add_spin (self, box, q->scale_min, q->scale_max, 0);
          add_na_toggle (self, box);
        }
      break;

    case MA_QUESTION_CHOICE:
      {
        GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

        gtk_widget_set_hexpand (column, TRUE);
        gtk_box_append (GTK_BOX (box), column);
        for (guint i = 0; i < q->options->len; i++)
          {
            const MaChoiceOption *option = g_ptr_array_index (q->options, i);
            GtkWidget *label = gtk_label_new (option->label);
            GtkToggleButton *button;

            gtk_label_set_xalign (GTK_LABEL (label), 0);
            gtk_label_set_wrap (GTK_LABEL (label), TRUE);
            button = add_toggle (self, column, NULL, option->label, label);
            g_object_set_data_full (G_OBJECT (button), "key", g_strdup (option->key), g_free);
          }
        add_na_toggle (self, column);
      }
      break;

    case MA_QUESTION_NUMBER:
      {
        guint digits = is_minutes (q->unit) ? 1 : 0;

        add_spin (self, box, 0, 1e9, digits);
        if (q->unit != NULL)
          {
            GtkWidget *unit = gtk_label_new (ma_template_unit_label (q->unit));

            gtk_widget_add_css_class (unit, "dim-label");
            gtk_box_append (GTK_BOX (box), unit);
          }
        if (is_seconds (q->unit) || is_minutes (q->unit))
          {
            GtkWidget *button = gtk_toggle_button_new ();
            GtkWidget *label = gtk_label_new (NULL);

            gtk_widget_add_css_class (label, "numeric");
            gtk_widget_set_visible (label, FALSE);
            self->stopwatch = GTK_TOGGLE_BUTTON (button);
            self->stopwatch_label = GTK_LABEL (label);
            g_signal_connect_object (button, "toggled", G_CALLBACK (stopwatch_toggled_cb), self, G_CONNECT_SWAPPED);
            gtk_box_append (GTK_BOX (box), button);
            gtk_box_append (GTK_BOX (box), label);
            self->syncing = TRUE;
            stopwatch_toggled_cb (self);
            self->syncing = FALSE;
          }
        add_na_toggle (self, box);
      }
      break;

    case MA_QUESTION_TEXT:
    default:
      {
        GtkWidget *frame = gtk_frame_new (NULL);
        GtkWidget *view = gtk_text_view_new ();

        gtk_widget_set_hexpand (frame, TRUE);
        gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
        gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
        gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
        gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
        gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
        gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
        gtk_widget_set_size_request (view, -1, 72);
        gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Answer"), -1);
        g_signal_connect_object (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed",
                                 G_CALLBACK (text_buffer_changed_cb), self, G_CONNECT_SWAPPED);
        gtk_frame_set_child (GTK_FRAME (frame), view);
        gtk_box_append (GTK_BOX (box), frame);
        self->text_view = GTK_TEXT_VIEW (view);
        add_na_toggle (self, box);
        if (self->na_toggle != NULL)
          gtk_widget_set_valign (GTK_WIDGET (self->na_toggle), GTK_ALIGN_START);
      }
      break;
    }

  /* Comments and evidence only mean something for scored questions. */
  if (q->type == MA_QUESTION_TEXT)
    gtk_widget_set_visible (GTK_WIDGET (self->comment_entry), FALSE);
  if (q->evidence_required)
    gtk_widget_set_tooltip_text (self->attach_button, _("Attach a photo or a recording: this question expects evidence"));
}

static GtkToggleButton *
active_toggle (MaQuestionRow *self)
{
  for (guint i = 0; i < self->toggles->len; i++)
    if (gtk_toggle_button_get_active (g_ptr_array_index (self->toggles, i)))
      return g_ptr_array_index (self->toggles, i);
  return NULL;
}

static char *
dup_text (MaQuestionRow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

MaAnswer *
ma_question_row_dup_answer (MaQuestionRow *self)
{
  g_autoptr(MaAnswer) answer = NULL;
  const char *comment;
  GtkToggleButton *active;

  g_return_val_if_fail (MA_IS_QUESTION_ROW (self), NULL);

  answer = ma_answer_new (self->question->key);
  active = active_toggle (self);
  if (self->na_toggle != NULL && gtk_toggle_button_get_active (self->na_toggle))
    answer->na = TRUE;
  else if (active != NULL && self->question->type == MA_QUESTION_YES_NO)
    {
      answer->kind = MA_VALUE_BOOL;
      answer->boolean = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (active), "value"));
    }
  else if (active != NULL && self->question->type == MA_QUESTION_SCALE)
    {
      answer->kind = MA_VALUE_NUMBER;
      answer->number = *(gint64 *) g_object_get_data (G_OBJECT (active), "number");
    }
  else if (active != NULL && self->question->type == MA_QUESTION_CHOICE)
    {
      answer->kind = MA_VALUE_STRING;
      answer->string = g_strdup (g_object_get_data (G_OBJECT (active), "key"));
    }
  else if (self->spin != NULL && self->number_set)
    {
      answer->kind = MA_VALUE_NUMBER;
      answer->number = gtk_spin_button_get_value (self->spin);
    }
  else if (self->text_view != NULL)
    {
      g_autofree char *text = dup_text (self);

      if (*text != '\0')
        {
          answer->kind = MA_VALUE_STRING;
          answer->string = g_steal_pointer (&text);
        }
    }

  comment = gtk_editable_get_text (GTK_EDITABLE (self->comment_entry));
  if (*comment != '\0')
    answer->comment = g_strdup (comment);

  if (!answer->na && answer->kind == MA_VALUE_NONE && answer->comment == NULL)
    return NULL;
  return g_steal_pointer (&answer);
}

void
ma_question_row_set_answer (MaQuestionRow  *self,
                            const MaAnswer *answer)
{
  GtkToggleButton *match = NULL;

  g_return_if_fail (MA_IS_QUESTION_ROW (self));

  self->syncing = TRUE;
  if (answer != NULL && !answer->na)
    for (guint i = 0; i < self->toggles->len && match == NULL; i++)
      {
        GObject *button = g_ptr_array_index (self->toggles, i);
        gint64 *number = g_object_get_data (button, "number");
        const char *key = g_object_get_data (button, "key");

        if ((self->question->type == MA_QUESTION_YES_NO && answer->kind == MA_VALUE_BOOL
             && !GPOINTER_TO_INT (g_object_get_data (button, "value")) == !answer->boolean)
            || (number != NULL && answer->kind == MA_VALUE_NUMBER && (double) *number == answer->number)
            || (key != NULL && answer->kind == MA_VALUE_STRING && g_strcmp0 (key, answer->string) == 0))
          match = GTK_TOGGLE_BUTTON (button);
      }

  if (match != NULL)
    gtk_toggle_button_set_active (match, TRUE);
  else
    for (guint i = 0; i < self->toggles->len; i++)
      gtk_toggle_button_set_active (g_ptr_array_index (self->toggles, i), FALSE);
  if (self->na_toggle != NULL)
    gtk_toggle_button_set_active (self->na_toggle, answer != NULL && answer->na);

  if (self->spin != NULL)
    {
      self->number_set = answer != NULL && !answer->na && answer->kind == MA_VALUE_NUMBER;
      if (self->number_set)
        {
          /* A value from elsewhere (an import) is shown as it is. */
          if (answer->number < 0)
            gtk_spin_button_set_range (self->spin, answer->number, 1e9);
          gtk_spin_button_set_value (self->spin, answer->number);
          gtk_spin_button_update (self->spin);
        }
      spin_output_cb (self);
      if (!self->number_set)
        gtk_spin_button_set_value (self->spin, 0);
      spin_output_cb (self);
      gtk_widget_set_sensitive (GTK_WIDGET (self->spin), answer == NULL || !answer->na);
    }
  if (self->text_view != NULL)
    {
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view),
                                answer != NULL && answer->kind == MA_VALUE_STRING && answer->string != NULL
                                  ? answer->string : "",
                                -1);
      gtk_widget_set_sensitive (GTK_WIDGET (self->text_view), answer == NULL || !answer->na);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->comment_entry),
                         answer != NULL && answer->comment != NULL ? answer->comment : "");
  self->syncing = FALSE;
}

/* ---- keys and focus ---------------------------------------------------------- */

static GtkWidget *
answer_focus_widget (MaQuestionRow *self)
{
  GtkToggleButton *active = active_toggle (self);

  if (active != NULL)
    return GTK_WIDGET (active);
  if (self->toggles->len > 0)
    return g_ptr_array_index (self->toggles, 0);
  if (self->spin != NULL && gtk_widget_get_sensitive (GTK_WIDGET (self->spin)))
    return GTK_WIDGET (self->spin);
  if (self->text_view != NULL && gtk_widget_get_sensitive (GTK_WIDGET (self->text_view)))
    return GTK_WIDGET (self->text_view);
  if (self->na_toggle != NULL)
    return GTK_WIDGET (self->na_toggle);
  return GTK_WIDGET (self->comment_entry);
}

gboolean
ma_question_row_focus_answer (MaQuestionRow *self)
{
  g_return_val_if_fail (MA_IS_QUESTION_ROW (self), FALSE);
  return gtk_widget_grab_focus (answer_focus_widget (self));
}

gboolean
ma_question_row_answer_key (MaQuestionRow *self,
                            guint          keyval)
{
  GtkToggleButton *target = NULL;
  guint32 c;

  g_return_val_if_fail (MA_IS_QUESTION_ROW (self), FALSE);

  if (!self->editable)
    return FALSE;
  c = gdk_keyval_to_unicode (gdk_keyval_to_lower (keyval));

  if (self->question->type == MA_QUESTION_YES_NO && self->toggles->len == 2)
    {
      /* TRANSLATORS: the key that answers Yes; one lower-case letter */
      const char *yes = C_("answer key", "y");
      /* TRANSLATORS: the key that answers No; one lower-case letter */
      const char *no = C_("answer key", "n");

      if (c == 'y' || c == g_utf8_get_char (yes))
        target = g_ptr_array_index (self->toggles, 0);
      else if (c == 'n' || c == g_utf8_get_char (no))
        target = g_ptr_array_index (self->toggles, 1);
    }

  if (target == NULL && c >= '0' && c <= '9')
    {
      guint digit = c - '0';
      const MaQuestion *q = self->question;

      if (q->type == MA_QUESTION_SCALE && self->toggles->len > 0 && q->scale_min >= 0 && q->scale_max <= 9)
        {
          /* A scale that runs within 0..9: the key is the value itself. */
          if ((gint64) digit >= q->scale_min && (gint64) digit <= q->scale_max)
            target = g_ptr_array_index (self->toggles, digit - q->scale_min);
        }
      else if (digit >= 1 && digit <= self->toggles->len)
        target = g_ptr_array_index (self->toggles, digit - 1);
      if (target == NULL && digit == 0 && self->na_toggle != NULL)
        target = self->na_toggle;
    }

  if (target == NULL)
    return FALSE;
  gtk_toggle_button_set_active (target, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (target));
  return TRUE;
}

static gboolean
row_key_pressed_cb (MaQuestionRow         *self,
                    guint                  keyval,
                    guint                  keycode,
                    GdkModifierType        state,
                    GtkEventControllerKey *controller)
{
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0)
    return FALSE;
  return ma_question_row_answer_key (self, keyval);
}

/* Tab on the answer goes to the next question, not through every button. */
static gboolean
answer_key_pressed_cb (MaQuestionRow         *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *controller)
{
  gboolean handled = FALSE;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab)
    g_signal_emit (self, signals[SIGNAL_MOVE_FOCUS], 0,
                   (state & GDK_SHIFT_MASK) ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD, &handled);
  else if (keyval == GDK_KEY_ISO_Left_Tab)
    g_signal_emit (self, signals[SIGNAL_MOVE_FOCUS], 0, GTK_DIR_TAB_BACKWARD, &handled);
  return handled;
}

/* ---- comments and attachments ------------------------------------------------- */

static void
comment_changed_cb (MaQuestionRow *self)
{
  emit_changed (self);
}

static void
attachments_changed_cb (MaQuestionRow *self)
{
  emit_changed (self);
}

void
ma_question_row_set_attachments (MaQuestionRow *self,
                                 GPtrArray     *attachments)
{
  g_return_if_fail (MA_IS_QUESTION_ROW (self));
  ma_attachment_list_set_attachments (self->attachment_list, attachments);
}

GPtrArray *
ma_question_row_get_attachments (MaQuestionRow *self)
{
  g_return_val_if_fail (MA_IS_QUESTION_ROW (self), NULL);
  return ma_attachment_list_get_attachments (self->attachment_list);
}

void
ma_question_row_attach_file (MaQuestionRow *self,
                             GFile         *file)
{
  g_return_if_fail (MA_IS_QUESTION_ROW (self));
  ma_attachment_list_attach_file (self->attachment_list, file);
}

static void
attach_clicked_cb (MaQuestionRow *self)
{
  ma_attachment_list_choose_files (self->attachment_list);
}

/* ---- state ------------------------------------------------------------------ */

void
ma_question_row_set_editable (MaQuestionRow *self,
                              gboolean       editable)
{
  g_return_if_fail (MA_IS_QUESTION_ROW (self));

  self->editable = editable;
  gtk_widget_set_sensitive (self->answer_box, editable);
  gtk_editable_set_editable (GTK_EDITABLE (self->comment_entry), editable);
  gtk_widget_set_visible (self->attach_button, editable);
  ma_attachment_list_set_editable (self->attachment_list, editable);
}

void
ma_question_row_set_failed (MaQuestionRow *self,
                            gboolean       critical,
                            gboolean       needs_comment)
{
  g_autofree char *comment = NULL;

  g_return_if_fail (MA_IS_QUESTION_ROW (self));

  if (critical)
    gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), "error");

  comment = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->comment_entry))));
  if (needs_comment && *comment == '\0' && self->editable)
    {
      gtk_label_set_text (self->comment_hint, _("The answer failed: say in the comment what happened"));
      gtk_widget_set_visible (GTK_WIDGET (self->comment_hint), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->comment_hint), FALSE);
}

const MaQuestion *
ma_question_row_get_question (MaQuestionRow *self)
{
  g_return_val_if_fail (MA_IS_QUESTION_ROW (self), NULL);
  return self->question;
}

static void
ma_question_row_dispose (GObject *object)
{
  MaQuestionRow *self = MA_QUESTION_ROW (object);

  g_clear_handle_id (&self->stopwatch_tick, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), MA_TYPE_QUESTION_ROW);

  G_OBJECT_CLASS (ma_question_row_parent_class)->dispose (object);
}

static void
ma_question_row_finalize (GObject *object)
{
  MaQuestionRow *self = MA_QUESTION_ROW (object);

  g_clear_pointer (&self->question, ma_question_free);
  g_clear_pointer (&self->toggles, g_ptr_array_unref);
  g_clear_pointer (&self->timer, g_timer_destroy);

  G_OBJECT_CLASS (ma_question_row_parent_class)->finalize (object);
}

static void
ma_question_row_class_init (MaQuestionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_question_row_dispose;
  object_class->finalize = ma_question_row_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Returns whether another question took the focus. */
  signals[SIGNAL_MOVE_FOCUS] = g_signal_new ("move-question", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, g_signal_accumulator_true_handled, NULL, NULL,
                                             G_TYPE_BOOLEAN, 1, GTK_TYPE_DIRECTION_TYPE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mysteryaudit/MysteryAudit/ui/ma-question-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MaQuestionRow, box);
  gtk_widget_class_bind_template_child (widget_class, MaQuestionRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, MaQuestionRow, critical_label);
  gtk_widget_class_bind_template_child (widget_class, MaQuestionRow, guidance_label);
  gtk_widget_class_bind_template_child (widget_class, MaQuestionRow, answer_box);
  gtk_widget_class_bind_template_child (widget_class, MaQuestionRow, comment_entry);
  gtk_widget_class_bind_template_child (widget_class, MaQuestionRow, attach_button);
  gtk_widget_class_bind_template_child (widget_class, MaQuestionRow, comment_hint);
  gtk_widget_class_bind_template_callback (widget_class, comment_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, attach_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ma_question_row_init (MaQuestionRow *self)
{
  GtkEventController *controller;

  self->toggles = g_ptr_array_new ();
  self->timer = g_timer_new ();
  self->editable = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));

  controller = gtk_event_controller_key_new ();
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (row_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (answer_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (self->answer_box, controller);
}

GtkWidget *
ma_question_row_new (const MaQuestion *question)
{
  MaQuestionRow *self;
  g_autofree char *comment_label = NULL;

  g_return_val_if_fail (question != NULL, NULL);

  self = g_object_new (MA_TYPE_QUESTION_ROW, NULL);
  self->question = ma_question_copy (question);
  self->attachment_list = MA_ATTACHMENT_LIST (ma_attachment_list_new (question->key));
  g_signal_connect_object (self->attachment_list, "changed", G_CALLBACK (attachments_changed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->attachment_list));
  gtk_label_set_text (self->title_label, question->text);
  if (question->guidance != NULL && *question->guidance != '\0')
    {
      gtk_label_set_text (self->guidance_label, question->guidance);
      gtk_widget_set_visible (GTK_WIDGET (self->guidance_label), TRUE);
    }
  gtk_widget_set_visible (self->critical_label, question->critical != MA_CRITICAL_NONE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, question->text, -1);
  if (question->guidance != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    question->guidance, -1);
  if (question->comment_on_fail)
    gtk_entry_set_placeholder_text (self->comment_entry, _("Comment (required when the answer fails)"));

  build_answer (self);
  self->syncing = TRUE;
  ma_question_row_set_answer (self, NULL);
  self->syncing = FALSE;
  return GTK_WIDGET (self);
}
