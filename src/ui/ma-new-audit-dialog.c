/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "ma-new-audit-dialog.h"
#include "ma-template-i18n.h"

#define MA_NEW_AUDIT_ERROR (ma_new_audit_error_quark ())
GQuark ma_new_audit_error_quark (void);
G_DEFINE_QUARK (ma-new-audit-error-quark, ma_new_audit_error)

struct _MaNewAuditDialog
{
  AdwWindow      parent_instance;

  AdwComboRow   *channel_row;
  AdwComboRow   *template_row;
  AdwComboRow   *branch_row;
  AdwComboRow   *employee_row;
  AdwEntryRow   *visited_row;
  AdwEntryRow   *scenario_row;
  AdwEntryRow   *auditor_row;
  GtkLabel      *error_label;

  MaStore       *store;
  GSettings     *settings;
  GPtrArray     *templates;      /* of MaTemplate: published ones */
  GPtrArray     *branches;       /* of MaBranch */
  GPtrArray     *employees;      /* of MaEmployee */
  GPtrArray     *channels;       /* of char*: the channel row's items */
  GPtrArray     *shown_templates; /* of MaTemplate, borrowed: the template row's items */
  GPtrArray     *shown_employees; /* of MaEmployee, borrowed, NULL first ("not identified") */
};

G_DEFINE_FINAL_TYPE (MaNewAuditDialog, ma_new_audit_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_CREATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GSettings *
lookup_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* As the window does: without the schema (an uninstalled build) the
   * auditor's name is simply not remembered. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

static void
show_error (MaNewAuditDialog *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* "2026-10-14 15:30" in the local time zone, as an ISO 8601 time stamp
 * with the offset of that moment; NULL when not a valid time. */
static char *
parse_visit (const char *text)
{
  int year, month, day, hour, minute;
  char rest;
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL || sscanf (text, "%d-%d-%d %d:%d %c", &year, &month, &day, &hour, &minute, &rest) != 5)
    return NULL;
  time = g_date_time_new_local (year, month, day, hour, minute, 0);
  if (time == NULL)
    return NULL;
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S%:z");
}

static const char *
selected_branch (MaNewAuditDialog *self)
{
  guint position = adw_combo_row_get_selected (self->branch_row);

  if (position >= self->branches->len)
    return NULL;
  return ((MaBranch *) g_ptr_array_index (self->branches, position))->code;
}

static void
fill_employees (MaNewAuditDialog *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  const char *branch = selected_branch (self);
  g_autofree char *visit = parse_visit (gtk_editable_get_text (GTK_EDITABLE (self->visited_row)));
  g_autofree char *period = visit != NULL ? g_strndup (visit, 7) : NULL;
  guint old = adw_combo_row_get_selected (self->employee_row);
  g_autofree char *previous = NULL;
  guint keep = 0;

  /* A new date keeps the employee chosen, if still there. */
  if (old < self->shown_employees->len && g_ptr_array_index (self->shown_employees, old) != NULL)
    previous = g_strdup (((MaEmployee *) g_ptr_array_index (self->shown_employees, old))->code);
  g_ptr_array_set_size (self->shown_employees, 0);
  g_ptr_array_add (self->shown_employees, NULL);
  gtk_string_list_append (labels, _("Not identified"));
  for (guint i = 0; i < self->employees->len; i++)
    {
      MaEmployee *employee = g_ptr_array_index (self->employees, i);

      /* Those of the branch who worked there that month. */
      if (g_strcmp0 (employee->branch, branch) != 0)
        continue;
      if (period != NULL && !ma_employee_is_active_in (employee, period))
        continue;
      if (g_strcmp0 (employee->code, previous) == 0)
        keep = self->shown_employees->len;
      g_ptr_array_add (self->shown_employees, employee);
      gtk_string_list_append (labels, employee->name != NULL && *employee->name != '\0'
                                      ? employee->name : employee->code);
    }
  adw_combo_row_set_model (self->employee_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->employee_row, keep);
}

static void
fill_templates (MaNewAuditDialog *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint position = adw_combo_row_get_selected (self->channel_row);
  const char *channel = position < self->channels->len ? g_ptr_array_index (self->channels, position) : NULL;

  g_ptr_array_set_size (self->shown_templates, 0);
  for (guint i = 0; i < self->templates->len; i++)
    {
      MaTemplate *template = g_ptr_array_index (self->templates, i);
      g_autofree char *version = NULL;
      g_autofree char *label = NULL;

      if (g_strcmp0 (template->channel, channel) != 0)
        continue;
      version = g_strdup_printf ("%" G_GINT64_FORMAT, template->version);
      /* TRANSLATORS: a template's name and version, as in "Store visit v2" */
      label = g_strdup_printf (_("%s v%s"), template->name, version);
      g_ptr_array_add (self->shown_templates, template);
      gtk_string_list_append (labels, label);
    }
  adw_combo_row_set_model (self->template_row, G_LIST_MODEL (labels));
  /* The newest version of the first template comes first. */
  adw_combo_row_set_selected (self->template_row, 0);
}

static void
channel_selected_cb (MaNewAuditDialog *self)
{
  if (self->channels != NULL)
    fill_templates (self);
}

static void
branch_selected_cb (MaNewAuditDialog *self)
{
  if (self->branches != NULL)
    fill_employees (self);
}

static void
visited_changed_cb (MaNewAuditDialog *self)
{
  g_autofree char *visit = parse_visit (gtk_editable_get_text (GTK_EDITABLE (self->visited_row)));

  if (visit == NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->visited_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->visited_row), "error");
  if (self->employees != NULL)
    fill_employees (self);
}

MaAudit *
ma_new_audit_dialog_build_audit (MaNewAuditDialog  *self,
                                 GError           **error)
{
  g_autoptr(MaAudit) audit = NULL;
  guint template_position, employee_position;
  const MaTemplate *template;
  const MaEmployee *employee;
  const char *branch;
  g_autofree char *visited = NULL;
  g_autofree char *auditor = NULL;
  g_autofree char *scenario = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_return_val_if_fail (MA_IS_NEW_AUDIT_DIALOG (self), NULL);

  template_position = adw_combo_row_get_selected (self->template_row);
  if (template_position >= self->shown_templates->len)
    {
      g_set_error (error, MA_NEW_AUDIT_ERROR, 0, _("Choose the template of the audit"));
      return NULL;
    }
  template = g_ptr_array_index (self->shown_templates, template_position);
  branch = selected_branch (self);
  if (branch == NULL)
    {
      g_set_error (error, MA_NEW_AUDIT_ERROR, 0, _("Choose the branch that was audited"));
      return NULL;
    }
  visited = parse_visit (gtk_editable_get_text (GTK_EDITABLE (self->visited_row)));
  if (visited == NULL)
    {
      g_set_error (error, MA_NEW_AUDIT_ERROR, 0,
                   _("The date and time of the visit “%s” is not a time such as 2026-10-14 15:30"),
                   gtk_editable_get_text (GTK_EDITABLE (self->visited_row)));
      return NULL;
    }
  auditor = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->auditor_row))));
  if (*auditor == '\0')
    {
      g_set_error (error, MA_NEW_AUDIT_ERROR, 0, _("Give the auditor’s name: the office asks who filled it in"));
      return NULL;
    }
  employee_position = adw_combo_row_get_selected (self->employee_row);
  employee = employee_position < self->shown_employees->len
             ? g_ptr_array_index (self->shown_employees, employee_position) : NULL;
  scenario = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->scenario_row))));

  audit = ma_audit_new ();
  audit->uuid = g_uuid_string_random ();
  audit->template_key = g_strdup (template->key);
  audit->template_version = template->version;
  audit->branch = g_strdup (branch);
  audit->employee = employee != NULL ? g_strdup (employee->code) : NULL;
  audit->auditor = g_steal_pointer (&auditor);
  audit->channel = g_strdup (template->channel);
  audit->scenario = *scenario != '\0' ? g_steal_pointer (&scenario) : NULL;
  audit->visited_at = g_steal_pointer (&visited);
  audit->modified = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
  audit->status = MA_AUDIT_DRAFT;
  return g_steal_pointer (&audit);
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MaNewAuditDialog *self = MA_NEW_AUDIT_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaAudit) audit = ma_new_audit_dialog_build_audit (self, &error);

  if (audit == NULL)
    {
      show_error (self, error->message);
      return;
    }
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-auditor", audit->auditor);
  show_error (self, NULL);
  g_signal_emit (self, signals[SIGNAL_CREATE], 0, audit);
  gtk_window_close (GTK_WINDOW (self));
}

static void
scenario_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  MaNewAuditDialog *self = MA_NEW_AUDIT_DIALOG (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->scenario_row), g_variant_get_string (parameter, NULL));
}

static void
ma_new_audit_dialog_dispose (GObject *object)
{
  MaNewAuditDialog *self = MA_NEW_AUDIT_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ma_new_audit_dialog_parent_class)->dispose (object);
}

static void
ma_new_audit_dialog_finalize (GObject *object)
{
  MaNewAuditDialog *self = MA_NEW_AUDIT_DIALOG (object);

  g_clear_pointer (&self->shown_templates, g_ptr_array_unref);
  g_clear_pointer (&self->shown_employees, g_ptr_array_unref);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->branches, g_ptr_array_unref);
  g_clear_pointer (&self->employees, g_ptr_array_unref);
  g_clear_pointer (&self->channels, g_ptr_array_unref);

  G_OBJECT_CLASS (ma_new_audit_dialog_parent_class)->finalize (object);
}

static void
ma_new_audit_dialog_class_init (MaNewAuditDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_new_audit_dialog_dispose;
  object_class->finalize = ma_new_audit_dialog_finalize;

  /* The draft (MaAudit *, owned by the dialog) to open. */
  signals[SIGNAL_CREATE] = g_signal_new ("create", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mysteryaudit/MysteryAudit/ui/ma-new-audit-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MaNewAuditDialog, channel_row);
  gtk_widget_class_bind_template_child (widget_class, MaNewAuditDialog, template_row);
  gtk_widget_class_bind_template_child (widget_class, MaNewAuditDialog, branch_row);
  gtk_widget_class_bind_template_child (widget_class, MaNewAuditDialog, employee_row);
  gtk_widget_class_bind_template_child (widget_class, MaNewAuditDialog, visited_row);
  gtk_widget_class_bind_template_child (widget_class, MaNewAuditDialog, scenario_row);
  gtk_widget_class_bind_template_child (widget_class, MaNewAuditDialog, auditor_row);
  gtk_widget_class_bind_template_child (widget_class, MaNewAuditDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, channel_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, branch_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, visited_changed_cb);

  gtk_widget_class_install_action (widget_class, "new.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "new.scenario", "s", scenario_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "new.create", NULL);
}

static void
ma_new_audit_dialog_init (MaNewAuditDialog *self)
{
  self->shown_templates = g_ptr_array_new ();
  self->shown_employees = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

static gint
compare_templates (gconstpointer a,
                   gconstpointer b)
{
  const MaTemplate *ta = *(MaTemplate **) a;
  const MaTemplate *tb = *(MaTemplate **) b;
  int by_name = g_utf8_collate (ta->name, tb->name);

  if (by_name != 0)
    return by_name;
  /* Newest version first. */
  return ta->version < tb->version ? 1 : ta->version > tb->version ? -1 : 0;
}

static gboolean
load_choices (MaNewAuditDialog  *self,
              MaStore           *store,
              GError           **error)
{
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GtkStringList) channel_labels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) branch_labels = gtk_string_list_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%d %H:%M");

  self->store = g_object_ref (store);
  self->settings = lookup_settings ();

  templates = ma_store_list_templates (store, error);
  if (templates == NULL)
    return FALSE;
  self->templates = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_template_free);
  for (guint i = 0; i < templates->len; i++)
    {
      MaTemplate *template = g_ptr_array_index (templates, i);

      /* Audits are filled in against published versions only. */
      if (template->status == MA_TEMPLATE_PUBLISHED)
        g_ptr_array_add (self->templates, ma_template_copy (template));
    }
  if (self->templates->len == 0)
    {
      g_set_error (error, MA_NEW_AUDIT_ERROR, 0,
                   _("There is no published template to fill in: import or publish one first"));
      return FALSE;
    }
  g_ptr_array_sort (self->templates, compare_templates);

  self->branches = ma_store_list_branches (store, error);
  if (self->branches == NULL)
    return FALSE;
  if (self->branches->len == 0)
    {
      g_set_error (error, MA_NEW_AUDIT_ERROR, 0,
                   _("There is no branch to audit: import the company directory first"));
      return FALSE;
    }
  self->employees = ma_store_list_employees (store, error);
  if (self->employees == NULL)
    return FALSE;

  self->channels = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->templates->len; i++)
    {
      MaTemplate *template = g_ptr_array_index (self->templates, i);

      if (!g_ptr_array_find_with_equal_func (self->channels, template->channel, g_str_equal, NULL))
        {
          g_ptr_array_add (self->channels, g_strdup (template->channel));
          gtk_string_list_append (channel_labels, ma_template_channel_label (template->channel));
        }
    }
  for (guint i = 0; i < self->branches->len; i++)
    {
      MaBranch *branch = g_ptr_array_index (self->branches, i);

      gtk_string_list_append (branch_labels, branch->name != NULL && *branch->name != '\0'
                                             ? branch->name : branch->code);
    }

  gtk_editable_set_text (GTK_EDITABLE (self->visited_row), now_text);
  adw_combo_row_set_model (self->channel_row, G_LIST_MODEL (channel_labels));
  adw_combo_row_set_model (self->branch_row, G_LIST_MODEL (branch_labels));
  fill_templates (self);
  fill_employees (self);
  if (self->settings != NULL)
    {
      g_autofree char *auditor = g_settings_get_string (self->settings, "last-auditor");

      gtk_editable_set_text (GTK_EDITABLE (self->auditor_row), auditor);
    }
  return TRUE;
}

MaNewAuditDialog *
ma_new_audit_dialog_new (GtkWindow  *parent,
                         MaStore    *store,
                         GError    **error)
{
  MaNewAuditDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (MA_IS_STORE (store), NULL);

  /* GTK owns a window's reference; destroying it releases it. */
  self = g_object_new (MA_TYPE_NEW_AUDIT_DIALOG, "transient-for", parent, NULL);
  if (!load_choices (self, store, error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  return self;
}
