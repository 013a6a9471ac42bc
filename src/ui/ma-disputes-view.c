/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ma-a11y.h"
#include "ma-disputes-view.h"
#include "ma-report-util.h"
#include "ma-statement.h"

/* How many audits of one employee and month the record dialog offers. */
#define MAX_AUDITS 50

struct _MaDisputesView
{
  AdwBin          parent_instance;

  GtkDropDown    *period_dropdown;
  GtkDropDown    *status_dropdown;
  GtkStack       *content_stack;
  AdwStatusPage  *empty_page;
  GtkListBox     *list;

  MaStore        *store;
  GPtrArray      *months;     /* of char*: the period list after "All periods" */
  char           *newest;     /* the newest month with an approved audit, or NULL */
  GPtrArray      *shown;      /* of MaDispute */
  gboolean        updating;
};

G_DEFINE_FINAL_TYPE (MaDisputesView, ma_disputes_view, ADW_TYPE_BIN)

static char *
who_am_i (void)
{
  const char *real = g_get_real_name ();

  return g_strdup (real != NULL && *real != '\0' && g_strcmp0 (real, "Unknown") != 0
                   ? real : g_get_user_name ());
}

/* NULL: every period. */
static const char *
current_period (MaDisputesView *self)
{
  guint selected = gtk_drop_down_get_selected (self->period_dropdown);

  if (self->months == NULL || selected == 0 || selected > self->months->len)
    return NULL;
  return g_ptr_array_index (self->months, selected - 1);
}

static MaDisputesShow
current_show (MaDisputesView *self)
{
  guint selected = gtk_drop_down_get_selected (self->status_dropdown);

  return selected <= MA_DISPUTES_SHOW_ALL ? (MaDisputesShow) selected : MA_DISPUTES_SHOW_OPEN;
}

static const char *
describe_state (MaDisputeState state)
{
  switch (state)
    {
    case MA_DISPUTE_UPHELD:
      return _("Upheld: audit voided");
    case MA_DISPUTE_REJECTED:
      return _("Rejected: audit stands");
    case MA_DISPUTE_OPEN:
    default:
      return _("Open");
    }
}

static GtkWidget *
make_row (const MaDispute *dispute)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *opened = ma_format_date_locale (dispute->opened_at);
  g_autofree char *month = ma_format_period_locale (dispute->period);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *escaped_title = NULL;
  g_autofree char *escaped_subtitle = NULL;

  /* TRANSLATORS: a dispute: employee code · branch code · month of the audit */
  title = g_strdup_printf (_("%s · %s · %s"), dispute->employee != NULL ? dispute->employee : _("no employee"),
                           dispute->branch, month);
  if (dispute->state == MA_DISPUTE_OPEN)
    /* TRANSLATORS: the employee's objection, who recorded it and when, the audit's id */
    subtitle = g_strdup_printf (_("“%s” — recorded by %s on %s · audit %s"), dispute->note,
                                dispute->opened_by, opened, dispute->audit);
  else
    {
      g_autofree char *resolved = ma_format_date_locale (dispute->resolved_at);

      /* TRANSLATORS: the objection, the answer, who resolved it and when, the audit's id */
      subtitle = g_strdup_printf (_("“%s” — answer: “%s” (%s, %s) · audit %s"), dispute->note,
                                  dispute->resolution_note ? dispute->resolution_note : "",
                                  dispute->resolved_by ? dispute->resolved_by : "", resolved ? resolved : "",
                                  dispute->audit);
    }
  escaped_title = g_markup_escape_text (title, -1);
  escaped_subtitle = g_markup_escape_text (subtitle, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);

  if (dispute->state == MA_DISPUTE_OPEN)
    {
      GtkWidget *uphold = gtk_button_new_with_mnemonic (_("_Uphold…"));
      GtkWidget *reject = gtk_button_new_with_mnemonic (_("Re_ject…"));
      /* TRANSLATORS: accessible names of the buttons: the employee code */
      g_autofree char *uphold_name = g_strdup_printf (_("Uphold the dispute of %s"), dispute->employee ? dispute->employee : dispute->audit);
      g_autofree char *reject_name = g_strdup_printf (_("Reject the dispute of %s"), dispute->employee ? dispute->employee : dispute->audit);

      gtk_widget_set_valign (uphold, GTK_ALIGN_CENTER);
      gtk_widget_set_valign (reject, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (uphold), "disputes.uphold");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (uphold), "s", dispute->audit);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (reject), "disputes.reject");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (reject), "s", dispute->audit);
      gtk_accessible_update_property (GTK_ACCESSIBLE (uphold), GTK_ACCESSIBLE_PROPERTY_LABEL, uphold_name, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (reject), GTK_ACCESSIBLE_PROPERTY_LABEL, reject_name, -1);
      gtk_widget_add_css_class (reject, "flat");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), reject);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), uphold);
    }
  else
    {
      GtkWidget *label = gtk_label_new (describe_state (dispute->state));

      gtk_widget_add_css_class (label, dispute->state == MA_DISPUTE_UPHELD ? "success" : "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  return row;
}

static void
show_error (MaDisputesView *self,
            const char     *title,
            const char     *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  g_clear_pointer (&self->shown, g_ptr_array_unref);
  adw_status_page_set_icon_name (self->empty_page, "dialog-warning-symbolic");
  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, escaped);
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
}

/* Disputes are few (one per objection, not per audit): reading them is a
 * short indexed query that runs on the window's own connection. */
void
ma_disputes_view_reload (MaDisputesView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) disputes = NULL;
  MaDisputesShow show = current_show (self);
  const char *period = current_period (self);
  GtkWidget *child;

  g_return_if_fail (MA_IS_DISPUTES_VIEW (self));

  if (self->store == NULL)
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  disputes = ma_store_list_disputes (self->store, period, show == MA_DISPUTES_SHOW_OPEN, &error);
  if (disputes == NULL)
    {
      show_error (self, _("The Disputes Cannot Be Read"), error->message);
      return;
    }
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  self->shown = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_dispute_free);
  for (guint i = 0; i < disputes->len; i++)
    {
      MaDispute *dispute = g_ptr_array_index (disputes, i);

      if (show == MA_DISPUTES_SHOW_RESOLVED && dispute->state == MA_DISPUTE_OPEN)
        continue;
      g_ptr_array_add (self->shown, g_steal_pointer (&disputes->pdata[i]));
      gtk_list_box_append (self->list, make_row (dispute));
    }

  if (self->shown->len == 0)
    {
      adw_status_page_set_icon_name (self->empty_page, "emblem-ok-symbolic");
      adw_status_page_set_title (self->empty_page,
                                 show == MA_DISPUTES_SHOW_OPEN ? _("No Open Disputes") : _("No Disputes"));
      adw_status_page_set_description (self->empty_page,
                                       _("When an employee objects to an audit, record it with Record Dispute. "
                                         "A month cannot be closed while one of its disputes is open."));
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->content_stack, "list");
}

static void
filter_changed_cb (MaDisputesView *self)
{
  if (!self->updating)
    ma_disputes_view_reload (self);
}

static void
show_message (MaDisputesView *self,
              const char     *text)
{
  ma_report_show_message (GTK_WIDGET (self), text);
}

/* ---- recording ----------------------------------------------------------- */

static gboolean
record (MaDisputesView *self,
        const char     *uuid,
        const char     *note)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *who = who_am_i ();

  if (self->store == NULL)
    return FALSE;
  if (!ma_store_open_dispute (self->store, uuid, who, note, &error))
    {
      show_message (self, error->message);
      return FALSE;
    }
  show_message (self, _("Dispute recorded; the month cannot be closed until it is resolved"));
  ma_disputes_view_reload (self);
  return TRUE;
}

static void
open_dispute_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  const char *uuid, *note;

  g_variant_get (parameter, "(&s&s)", &uuid, &note);
  record (MA_DISPUTES_VIEW (widget), uuid, note);
}

typedef struct {
  MaDisputesView *view;     /* weak via the dialog's lifetime: the view owns the store */
  GtkEditable    *employee;
  GtkDropDown    *audits;
  GtkStringList  *labels;   /* owned by the drop-down */
  GPtrArray      *uuids;    /* of char*, parallel to labels */
  GtkEditable    *note;
  char           *period;
} RecordDialog;

static void
record_dialog_free (RecordDialog *data)
{
  g_clear_pointer (&data->uuids, g_ptr_array_unref);
  g_free (data->period);
  g_free (data);
}

static void
record_dialog_update (AdwMessageDialog *dialog,
                      RecordDialog     *data)
{
  g_autofree char *stripped = g_strstrip (g_strdup (gtk_editable_get_text (data->note)));
  gboolean ok;

  ok = gtk_drop_down_get_selected (data->audits) < data->uuids->len && *stripped != '\0';
  adw_message_dialog_set_response_enabled (dialog, "record", ok);
}

/* The approved audits of the employee typed, in the chosen month. */
static void
employee_changed_cb (GtkEditable      *entry,
                     AdwMessageDialog *dialog)
{
  RecordDialog *data = g_object_get_data (G_OBJECT (dialog), "ma-record");
  g_autofree char *code = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  MaAuditFilter filter = { 0 };

  g_ptr_array_set_size (data->uuids, 0);
  if (*code != '\0' && data->view->store != NULL)
    {
      filter.status_mask = 1 << MA_AUDIT_APPROVED;
      filter.period_from = data->period;
      filter.period_to = data->period;
      filter.employee = code;
      filter.limit = MAX_AUDITS;
      audits = ma_store_list_audits (data->view->store, &filter, NULL);
    }
  for (guint i = 0; audits != NULL && i < audits->len; i++)
    {
      const MaAuditSummary *audit = g_ptr_array_index (audits, i);
      g_autofree char *date = ma_format_date_locale (audit->visited_at);
      g_autofree char *score = ma_format_percent_locale (audit->score);

      g_ptr_array_add (data->uuids, g_strdup (audit->uuid));
      /* TRANSLATORS: an audit to dispute: date · branch · auditor · score */
      g_ptr_array_add (labels, g_strdup_printf (_("%s · %s · %s · %s"), date, audit->branch,
                                                audit->auditor ? audit->auditor : "—",
                                                score ? score : _("not assessed")));
    }
  g_ptr_array_add (labels, NULL);
  gtk_string_list_splice (data->labels, 0, g_list_model_get_n_items (G_LIST_MODEL (data->labels)),
                          (const char * const *) labels->pdata);
  gtk_drop_down_set_selected (data->audits, data->uuids->len > 0 ? 0 : GTK_INVALID_LIST_POSITION);
  record_dialog_update (dialog, data);
}

static void
note_changed_cb (GtkEditable      *entry,
                 AdwMessageDialog *dialog)
{
  record_dialog_update (dialog, g_object_get_data (G_OBJECT (dialog), "ma-record"));
}

static void
record_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    MaDisputesView   *self)
{
  RecordDialog *data = g_object_get_data (G_OBJECT (dialog), "ma-record");
  guint selected = gtk_drop_down_get_selected (data->audits);

  if (!g_str_equal (response, "record") || selected >= data->uuids->len)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "disputes.open-dispute", "(ss)",
                              g_ptr_array_index (data->uuids, selected), gtk_editable_get_text (data->note));
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

void
ma_disputes_view_record (MaDisputesView *self,
                         GtkWindow      *parent,
                         const char     *employee_code,
                         const char     *in_period)
{
  GtkWidget *widget = GTK_WIDGET (self);
  RecordDialog *data;
  GtkWidget *dialog, *box, *employee, *audits, *note;
  g_autofree char *body = NULL;
  g_autofree char *month = NULL;
  const char *period = in_period != NULL ? in_period : current_period (self);

  g_return_if_fail (MA_IS_DISPUTES_VIEW (self));

  if (self->store == NULL || self->months == NULL || self->months->len == 0)
    return;
  /* "All periods" records in the newest month with approved audits. */
  data = g_new0 (RecordDialog, 1);
  data->view = self;
  data->period = g_strdup (period != NULL ? period
                           : self->newest != NULL ? self->newest : g_ptr_array_index (self->months, 0));
  data->uuids = g_ptr_array_new_with_free_func (g_free);
  data->labels = gtk_string_list_new (NULL);
  month = ma_format_period_locale (data->period);
  body = g_strdup_printf (_("An employee objects to an audit of %s. The dispute holds the month open "
                            "until it is upheld (the audit is voided) or rejected."), month);
  dialog = adw_message_dialog_new (parent != NULL ? parent : GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Record Dispute"), body);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  employee = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (employee), _("e.g. E1001"));
  gtk_box_append (GTK_BOX (box), make_field (_("_Employee code"), employee));
  /* The drop-down takes the model; the dialog's data only points to it. */
  audits = gtk_drop_down_new (G_LIST_MODEL (data->labels), NULL);
  /* The focus goes to the button inside the drop-down: it is named too. */
  ma_a11y_label_dropdown (GTK_DROP_DOWN (audits), _("Disputed audit"));
  gtk_box_append (GTK_BOX (box), make_field (_("_Audit"), audits));
  note = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (note), _("What the employee says"));
  gtk_box_append (GTK_BOX (box), make_field (_("_Objection"), note));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  data->employee = GTK_EDITABLE (employee);
  data->audits = GTK_DROP_DOWN (audits);
  data->note = GTK_EDITABLE (note);
  g_object_set_data_full (G_OBJECT (dialog), "ma-record", data, (GDestroyNotify) record_dialog_free);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "record", _("_Record"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "record", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "record", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (employee, "changed", G_CALLBACK (employee_changed_cb), dialog);
  g_signal_connect (note, "changed", G_CALLBACK (note_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (record_response_cb), self, 0);
  if (employee_code != NULL)
    gtk_editable_set_text (GTK_EDITABLE (employee), employee_code);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ma_disputes_view_record (MA_DISPUTES_VIEW (widget), NULL, NULL, NULL);
}

/* ---- resolving ----------------------------------------------------------- */

static void
resolve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MaDisputesView *self = MA_DISPUTES_VIEW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *who = who_am_i ();
  const char *uuid, *answer;
  gboolean upheld;

  g_variant_get (parameter, "(&sb&s)", &uuid, &upheld, &answer);
  if (self->store == NULL)
    return;
  if (!ma_store_resolve_dispute (self->store, uuid, upheld, who, answer, &error))
    {
      show_message (self, error->message);
      return;
    }
  show_message (self, upheld ? _("Dispute upheld: the audit is voided and no longer counts")
                             : _("Dispute rejected: the audit stands"));
  ma_disputes_view_reload (self);
}

static void
answer_changed_cb (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *stripped = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "resolve", *stripped != '\0');
}

static void
answer_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    MaDisputesView   *self)
{
  const char *uuid = g_object_get_data (G_OBJECT (dialog), "ma-uuid");
  gboolean upheld = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "ma-upheld"));

  if (!g_str_equal (response, "resolve"))
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "disputes.resolve", "(sbs)", uuid, upheld,
                              gtk_editable_get_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog))));
}

static void
ask_answer (MaDisputesView *self,
            const char     *uuid,
            gboolean        upheld)
{
  GtkWidget *dialog, *entry;
  const MaDispute *dispute = NULL;
  g_autofree char *body = NULL;

  for (guint i = 0; self->shown != NULL && i < self->shown->len; i++)
    if (g_str_equal (((MaDispute *) g_ptr_array_index (self->shown, i))->audit, uuid))
      dispute = g_ptr_array_index (self->shown, i);
  if (dispute == NULL)
    return;
  body = upheld
    ? g_strdup_printf (_("The audit is voided with the employee's objection as the reason (“%s”) and no "
                         "longer counts for pay. Write the answer the employee gets."), dispute->note)
    : g_strdup_printf (_("The audit stands as it is. Write the answer the employee gets to “%s”."),
                       dispute->note);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   upheld ? _("Uphold Dispute?") : _("Reject Dispute?"), body);
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Answer to the employee"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Answer to the employee"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "resolve", upheld ? _("_Uphold and Void Audit") : _("_Reject"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "resolve",
                                              upheld ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "resolve", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "ma-uuid", g_strdup (uuid), g_free);
  g_object_set_data (G_OBJECT (dialog), "ma-upheld", GINT_TO_POINTER (upheld));
  g_signal_connect (entry, "changed", G_CALLBACK (answer_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (answer_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
uphold_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ask_answer (MA_DISPUTES_VIEW (widget), g_variant_get_string (parameter, NULL), TRUE);
}

static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ask_answer (MA_DISPUTES_VIEW (widget), g_variant_get_string (parameter, NULL), FALSE);
}

/* ---- the class ----------------------------------------------------------- */

static void
ma_disputes_view_dispose (GObject *object)
{
  MaDisputesView *self = MA_DISPUTES_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MA_TYPE_DISPUTES_VIEW);
  g_clear_object (&self->store);
  g_clear_pointer (&self->months, g_ptr_array_unref);
  g_clear_pointer (&self->newest, g_free);
  g_clear_pointer (&self->shown, g_ptr_array_unref);

  G_OBJECT_CLASS (ma_disputes_view_parent_class)->dispose (object);
}

static void
ma_disputes_view_class_init (MaDisputesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_disputes_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mysteryaudit/MysteryAudit/ui/ma-disputes-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MaDisputesView, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MaDisputesView, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MaDisputesView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, MaDisputesView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, MaDisputesView, list);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);

  gtk_widget_class_install_action (widget_class, "disputes.record", NULL, record_action);
  gtk_widget_class_install_action (widget_class, "disputes.open-dispute", "(ss)", open_dispute_action);
  gtk_widget_class_install_action (widget_class, "disputes.uphold", "s", uphold_action);
  gtk_widget_class_install_action (widget_class, "disputes.reject", "s", reject_action);
  gtk_widget_class_install_action (widget_class, "disputes.resolve", "(sbs)", resolve_action);
}

static void
ma_disputes_view_init (MaDisputesView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The .ui names the drop-downs; the buttons inside them that take the
   * focus are out of its reach. */
  ma_a11y_label_dropdown (self->period_dropdown, _("Period of the disputed audits"));
  ma_a11y_label_dropdown (self->status_dropdown, _("Status of the disputes shown"));
}

void
ma_disputes_view_set_store (MaDisputesView *self,
                            MaStore        *store)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GtkStringList) model = NULL;

  g_return_if_fail (MA_IS_DISPUTES_VIEW (self));

  if (!g_set_object (&self->store, store))
    {
      ma_disputes_view_reload (self);
      return;
    }
  if (store == NULL)
    return;
  g_clear_pointer (&self->months, g_ptr_array_unref);
  g_clear_pointer (&self->newest, g_free);
  self->months = ma_report_list_months (store, &self->newest);
  g_ptr_array_add (labels, g_strdup (_("All periods")));
  for (guint i = 0; i < self->months->len; i++)
    g_ptr_array_add (labels, ma_format_period_locale (g_ptr_array_index (self->months, i)));
  g_ptr_array_add (labels, NULL);
  model = gtk_string_list_new ((const char * const *) labels->pdata);
  self->updating = TRUE;
  gtk_drop_down_set_model (self->period_dropdown, G_LIST_MODEL (model));
  gtk_drop_down_set_selected (self->period_dropdown, 0);
  self->updating = FALSE;
  ma_disputes_view_reload (self);
}

void
ma_disputes_view_set_filter (MaDisputesView *self,
                             const char     *period,
                             MaDisputesShow  show)
{
  g_return_if_fail (MA_IS_DISPUTES_VIEW (self));

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->period_dropdown,
                              period == NULL || self->months == NULL
                              ? 0 : ma_report_find_month (self->months, period, G_MAXUINT - 1) + 1);
  gtk_drop_down_set_selected (self->status_dropdown, show);
  self->updating = FALSE;
  ma_disputes_view_reload (self);
}

GPtrArray *
ma_disputes_view_get_shown (MaDisputesView *self)
{
  g_return_val_if_fail (MA_IS_DISPUTES_VIEW (self), NULL);
  return self->shown;
}
