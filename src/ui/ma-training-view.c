/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ma-a11y.h"
#include "ma-report-util.h"
#include "ma-statement.h"
#include "ma-training-view.h"

struct _MaTrainingView
{
  AdwBin          parent_instance;

  GtkStack       *content_stack;
  AdwStatusPage  *empty_page;
  GtkListBox     *list;

  MaStore        *store;
  GPtrArray      *marks;     /* of MaTrainingMark */
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MaTrainingView, ma_training_view, ADW_TYPE_BIN)

static GtkWidget *
make_row (const MaTrainingMark *mark)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *date = ma_format_date_locale (mark->date);
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *name = NULL;

  if (mark->employee != NULL)
    /* TRANSLATORS: a training mark: date · employee code (their branch) */
    title = g_strdup_printf (_("%s · employee %s (%s)"), date, mark->employee,
                             mark->home_branch ? mark->home_branch : "—");
  else
    /* TRANSLATORS: a training mark: date · branch code */
    title = g_strdup_printf (_("%s · branch %s"), date, mark->branch);
  escaped = g_markup_escape_text (title, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  if (mark->note != NULL)
    {
      g_autofree char *note = g_markup_escape_text (mark->note, -1);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), note);
    }

  /* TRANSLATORS: accessible name of the remove button: the mark's title */
  name = g_strdup_printf (_("Remove training mark %s"), title);
  gtk_widget_set_tooltip_text (remove, _("Remove"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "training.remove");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "x", mark->id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

/* A handful of marks a year: read on the window's own connection. */
void
ma_training_view_reload (MaTrainingView *self)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  g_return_if_fail (MA_IS_TRAINING_VIEW (self));

  if (self->store == NULL)
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_clear_pointer (&self->marks, g_ptr_array_unref);
  self->marks = ma_store_list_training_marks (self->store, NULL, NULL, NULL, NULL, &error);
  if (self->marks == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_status_page_set_title (self->empty_page, _("The Training Marks Cannot Be Read"));
      adw_status_page_set_description (self->empty_page, escaped);
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      return;
    }
  /* Newest first: the training whose effect HR is watching now. */
  for (guint i = self->marks->len; i > 0; i--)
    gtk_list_box_append (self->list, make_row (g_ptr_array_index (self->marks, i - 1)));
  gtk_stack_set_visible_child_name (self->content_stack, self->marks->len > 0 ? "list" : "empty");
}

static void
changed (MaTrainingView *self,
         const char     *message)
{
  ma_report_show_message (GTK_WIDGET (self), message);
  ma_training_view_reload (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* (date, branch, employee, note): "" for none. */
static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  MaTrainingView *self = MA_TRAINING_VIEW (widget);
  g_autoptr(GError) error = NULL;
  MaTrainingMark mark = { 0 };
  const char *date, *branch, *employee, *note;

  g_variant_get (parameter, "(&s&s&s&s)", &date, &branch, &employee, &note);
  if (self->store == NULL)
    return;
  mark.date = (char *) date;
  mark.branch = *branch != '\0' ? (char *) branch : NULL;
  mark.employee = *employee != '\0' ? (char *) employee : NULL;
  mark.note = *note != '\0' ? (char *) note : NULL;
  if (!ma_store_add_training_mark (self->store, &mark, NULL, &error))
    {
      ma_report_show_message (widget, error->message);
      return;
    }
  changed (self, _("Training marked; the trend chart shows it"));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MaTrainingView *self = MA_TRAINING_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;
  if (!ma_store_remove_training_mark (self->store, g_variant_get_int64 (parameter), &error))
    {
      ma_report_show_message (widget, error->message);
      return;
    }
  changed (self, _("Training mark removed"));
}

/* ---- the dialog ---------------------------------------------------------- */

typedef struct {
  GtkEditable *date;
  GtkDropDown *kind;      /* 0 branch, 1 employee */
  GtkEditable *code;
  GtkEditable *note;
} MarkDialog;

static gboolean
date_is_valid (const char *text)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *midnight = g_strconcat (text, "T00:00:00Z", NULL);

  time = g_date_time_new_from_iso8601 (midnight, utc);
  return time != NULL && strlen (text) == 10;
}

static void
mark_dialog_update (GtkWidget        *widget,
                    AdwMessageDialog *dialog)
{
  MarkDialog *data = g_object_get_data (G_OBJECT (dialog), "ma-mark");
  g_autofree char *code = g_strstrip (g_strdup (gtk_editable_get_text (data->code)));
  gboolean date_ok = date_is_valid (gtk_editable_get_text (data->date));

  /* The engine says what is wrong on adding; here only what is missing. */
  if (date_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (data->date), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (data->date), "error");
  adw_message_dialog_set_response_enabled (dialog, "add", date_ok && *code != '\0');
}

static void
mark_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  MaTrainingView   *self)
{
  MarkDialog *data = g_object_get_data (G_OBJECT (dialog), "ma-mark");
  g_autofree char *code = g_strstrip (g_strdup (gtk_editable_get_text (data->code)));
  g_autofree char *note = g_strstrip (g_strdup (gtk_editable_get_text (data->note)));
  gboolean employee = gtk_drop_down_get_selected (data->kind) == 1;

  if (!g_str_equal (response, "add"))
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "training.add", "(ssss)",
                              gtk_editable_get_text (data->date), employee ? "" : code,
                              employee ? code : "", note);
}

static GtkWidget *
make_field (const char *text,
            GtkWidget  *widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label = gtk_label_new_with_mnemonic (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), widget);
  return box;
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  MaTrainingView *self = MA_TRAINING_VIEW (widget);
  const char *kinds[] = { N_("Branch"), N_("Employee"), NULL };
  const char *translated[] = { _(kinds[0]), _(kinds[1]), NULL };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  MarkDialog *data = g_new0 (MarkDialog, 1);
  GtkWidget *dialog, *box, *date, *kind, *code, *note;

  if (self->store == NULL)
    {
      g_free (data);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Mark Training"),
                                   _("The day a branch or an employee was trained. The comparison's trend "
                                     "chart marks it on the branch's line."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  date = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (date), today);
  gtk_entry_set_placeholder_text (GTK_ENTRY (date), _("YYYY-MM-DD"));
  gtk_box_append (GTK_BOX (box), make_field (_("_Date (YYYY-MM-DD)"), date));
  kind = gtk_drop_down_new_from_strings (translated);
  /* The focus goes to the button inside the drop-down: it is named too. */
  ma_a11y_label_dropdown (GTK_DROP_DOWN (kind), _("Who was trained: a branch or an employee"));
  gtk_box_append (GTK_BOX (box), make_field (_("_Trained"), kind));
  code = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (code), _("e.g. SPB-01 or E1001"));
  gtk_box_append (GTK_BOX (box), make_field (_("_Code"), code));
  note = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (note), _("e.g. Greeting workshop"));
  gtk_box_append (GTK_BOX (box), make_field (_("_Note (optional)"), note));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  data->date = GTK_EDITABLE (date);
  data->kind = GTK_DROP_DOWN (kind);
  data->code = GTK_EDITABLE (code);
  data->note = GTK_EDITABLE (note);
  g_object_set_data_full (G_OBJECT (dialog), "ma-mark", data, g_free);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "add", _("_Mark"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (date, "changed", G_CALLBACK (mark_dialog_update), dialog);
  g_signal_connect (code, "changed", G_CALLBACK (mark_dialog_update), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (mark_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the class ----------------------------------------------------------- */

static void
ma_training_view_dispose (GObject *object)
{
  MaTrainingView *self = MA_TRAINING_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MA_TYPE_TRAINING_VIEW);
  g_clear_object (&self->store);
  g_clear_pointer (&self->marks, g_ptr_array_unref);

  G_OBJECT_CLASS (ma_training_view_parent_class)->dispose (object);
}

static void
ma_training_view_class_init (MaTrainingViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_training_view_dispose;

  /* Emitted after a mark is added or removed: the trend must be redrawn. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mysteryaudit/MysteryAudit/ui/ma-training-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MaTrainingView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, MaTrainingView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, MaTrainingView, list);

  gtk_widget_class_install_action (widget_class, "training.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "training.add", "(ssss)", add_action);
  gtk_widget_class_install_action (widget_class, "training.remove", "x", remove_action);
}

static void
ma_training_view_init (MaTrainingView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
ma_training_view_set_store (MaTrainingView *self,
                            MaStore        *store)
{
  g_return_if_fail (MA_IS_TRAINING_VIEW (self));

  g_set_object (&self->store, store);
  ma_training_view_reload (self);
}

GPtrArray *
ma_training_view_get_marks (MaTrainingView *self)
{
  g_return_val_if_fail (MA_IS_TRAINING_VIEW (self), NULL);
  return self->marks;
}
