/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ma-a11y.h"
#include "ma-bundle.h"
#include "ma-field-actions.h"
#include "ma-import-review.h"
#include "ma-preferences-window.h"
#include "ma-sqlite-store.h"

static MaStore *
get_store (MaWindow *window)
{
  return ma_audit_list_get_store (ma_window_get_audit_list (window));
}

/* The store when it may be written; otherwise NULL and a toast says why. */
static MaStore *
get_writable_store (MaWindow *window)
{
  MaStore *store = get_store (window);

  if (store == NULL)
    {
      ma_window_add_toast (window, _("The database is not open"));
      return NULL;
    }
  if (ma_store_is_read_only (store))
    {
      ma_window_add_toast (window, _("The database is read-only: nothing can be imported or sent"));
      return NULL;
    }
  return store;
}

static GSettings *
lookup_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* g_settings_new() aborts on a missing schema (an uninstalled build):
   * the file chooser then just does not remember its folder. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

static void
set_folder_from_settings (GtkFileChooser *chooser,
                          const char     *key)
{
  g_autoptr(GSettings) settings = lookup_settings ();
  g_autofree char *uri = settings ? g_settings_get_string (settings, key) : NULL;
  g_autoptr(GFile) folder = NULL;

  if (uri == NULL || *uri == '\0')
    return;
  folder = g_file_new_for_uri (uri);
  /* A folder that went away (a removed USB stick) is simply not used. */
  if (g_file_query_file_type (folder, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
    gtk_file_chooser_set_current_folder (chooser, folder, NULL);
}

static void
remember_folder (GFile      *file,
                 const char *key)
{
  g_autoptr(GSettings) settings = lookup_settings ();
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *uri = parent ? g_file_get_uri (parent) : NULL;

  if (settings != NULL && uri != NULL)
    g_settings_set_string (settings, key, uri);
}

static void
add_bundle_filter (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) bundles = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (bundles, _("Audit bundles"));
  gtk_file_filter_add_pattern (bundles, "*.json");
  gtk_file_filter_add_mime_type (bundles, "application/json");
  gtk_file_chooser_add_filter (chooser, bundles);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (chooser, all);
}

static void
refresh_list (MaWindow *window)
{
  MaAuditListModel *model = ma_audit_list_get_model (ma_window_get_audit_list (window));

  if (model != NULL)
    ma_audit_list_model_refresh (model);
}

static void
show_message (MaWindow   *window,
              const char *heading,
              const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (window), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- send audits ---------------------------------------------------------------- */

GStrv
ma_field_list_unsent (MaStore  *store,
                      GError  **error)
{
  MaAuditFilter filter = { .status_mask = 1u << MA_AUDIT_SUBMITTED };
  g_autoptr(GPtrArray) audits = ma_store_list_audits (store, &filter, error);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (audits == NULL)
    return NULL;
  for (guint i = 0; i < audits->len; i++)
    {
      const MaAuditSummary *summary = g_ptr_array_index (audits, i);

      if (!summary->exported)
        g_strv_builder_add (builder, summary->uuid);
    }
  return g_strv_builder_end (builder);
}

static GStrv
list_submitted (MaStore     *store,
                const char  *period,
                GError     **error)
{
  MaAuditFilter filter = { .status_mask = 1u << MA_AUDIT_SUBMITTED,
                           .period_from = period, .period_to = period };
  g_autoptr(GPtrArray) audits = ma_store_list_audits (store, &filter, error);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (audits == NULL)
    return NULL;
  for (guint i = 0; i < audits->len; i++)
    g_strv_builder_add (builder, ((const MaAuditSummary *) g_ptr_array_index (audits, i))->uuid);
  return g_strv_builder_end (builder);
}

gboolean
ma_field_send_audits_to_file (MaWindow           *window,
                              const char * const *uuids,
                              const char         *path,
                              GError            **error)
{
  MaStore *store = get_store (window);
  g_autoptr(GSettings) settings = lookup_settings ();
  g_autofree char *auditor = settings ? g_settings_get_string (settings, "last-auditor") : NULL;
  MaBundleExportOptions options = {
    .audits = TRUE,
    /* A field laptop sends its own visits, never pay data. */
    .pay_data = FALSE,
    .uuids = uuids,
    .auditor = auditor != NULL && *auditor != '\0' ? auditor : NULL,
  };

  g_return_val_if_fail (MA_IS_WINDOW (window), FALSE);
  g_return_val_if_fail (uuids != NULL && path != NULL, FALSE);

  if (store == NULL)
    {
      g_set_error_literal (error, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_STORE, _("The database is not open"));
      return FALSE;
    }
  if (!ma_bundle_export_to_file (store, &options, path, NULL, error))
    return FALSE;
  refresh_list (window);
  return TRUE;
}

typedef struct {
  MaWindow *window;
  GStrv     uuids;
} SendJob;

static void
send_job_free (SendJob *job)
{
  g_object_unref (job->window);
  g_strfreev (job->uuids);
  g_free (job);
}

static void
send_chooser_response_cb (GtkNativeDialog *chooser,
                          int              response,
                          SendJob         *job)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = file ? g_file_get_path (file) : NULL;
  if (file != NULL && path == NULL)
    ma_window_add_toast (job->window, _("The bundle can only be saved to a local folder"));
  else if (path != NULL)
    {
      if (!ma_field_send_audits_to_file (job->window, (const char * const *) job->uuids, path, &error))
        show_message (job->window, _("The Audits Were Not Sent"), error->message);
      else
        {
          guint n = g_strv_length (job->uuids);
          g_autofree char *name = g_file_get_basename (file);
          g_autofree char *text = g_strdup_printf (ngettext ("%u audit saved in %s: send this file to the office",
                                                             "%u audits saved in %s: send this file to the office",
                                                             n),
                                                   n, name);

          remember_folder (file, "last-export-folder");
          ma_window_add_toast (job->window, text);
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  send_job_free (job);
}

static void
choose_send_file (MaWindow *window,
                  GStrv     uuids)   /* taken */
{
  GtkFileChooserNative *chooser;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;
  SendJob *job = g_new0 (SendJob, 1);

  job->window = g_object_ref (window);
  job->uuids = uuids;
  chooser = gtk_file_chooser_native_new (_("Send Audits"), GTK_WINDOW (window), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  add_bundle_filter (GTK_FILE_CHOOSER (chooser));
  set_folder_from_settings (GTK_FILE_CHOOSER (chooser), "last-export-folder");
  /* TRANSLATORS: the suggested file name of a bundle of audits; %s is today */
  name = g_strdup_printf (_("audits-%s.json"), date);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (send_chooser_response_cb), job);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

typedef struct {
  MaWindow  *window;
  GPtrArray *choices;   /* of GStrv, in the drop-down's order */
  GtkDropDown *dropdown;
} SendChoice;

static void
send_choice_free (SendChoice *choice)
{
  g_object_unref (choice->window);
  g_ptr_array_unref (choice->choices);
  g_free (choice);
}

static void
send_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  SendChoice       *choice)
{
  guint selected = gtk_drop_down_get_selected (choice->dropdown);

  if (g_strcmp0 (response, "send") == 0 && selected < choice->choices->len)
    choose_send_file (choice->window, g_strdupv (g_ptr_array_index (choice->choices, selected)));
  send_choice_free (choice);
}

void
ma_field_send_audits_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  MaWindow *window = MA_WINDOW (widget);
  MaStore *store = get_writable_store (window);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) unsent = NULL;
  g_auto(GStrv) submitted = NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *period = NULL;
  GtkWidget *dialog, *dropdown;
  SendChoice *choice;

  if (store == NULL)
    return;
  unsent = ma_field_list_unsent (store, &error);
  if (unsent != NULL)
    submitted = list_submitted (store, NULL, &error);
  if (submitted == NULL)
    {
      show_message (window, _("The Audits Cannot Be Listed"), error->message);
      return;
    }
  if (submitted[0] == NULL)
    {
      show_message (window, _("Nothing to Send"),
                    _("Only submitted audits are sent. Submit the audits you have finished first."));
      return;
    }

  choice = g_new0 (SendChoice, 1);
  choice->window = g_object_ref (window);
  choice->choices = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  if (unsent[0] != NULL)
    {
      guint n = g_strv_length (unsent);
      g_autofree char *label = g_strdup_printf (ngettext ("The %u audit not sent yet",
                                                          "The %u audits not sent yet", n), n);

      gtk_string_list_append (labels, label);
      g_ptr_array_add (choice->choices, g_steal_pointer (&unsent));
    }
  {
    guint n = g_strv_length (submitted);
    g_autofree char *label = g_strdup_printf (ngettext ("The %u submitted audit, sent or not",
                                                        "All %u submitted audits, sent or not", n), n);

    gtk_string_list_append (labels, label);
    g_ptr_array_add (choice->choices, g_steal_pointer (&submitted));
  }
  g_object_get (ma_window_get_audit_list (window), "period-filter", &period, NULL);
  if (period != NULL && *period != '\0')
    {
      g_auto(GStrv) month = list_submitted (store, period, NULL);

      if (month != NULL && month[0] != NULL)
        {
          guint n = g_strv_length (month);
          /* TRANSLATORS: %2$s is a month, YYYY-MM */
          g_autofree char *label = g_strdup_printf (ngettext ("The %1$u submitted audit of %2$s",
                                                              "The %1$u submitted audits of %2$s", n),
                                                    n, period);

          gtk_string_list_append (labels, label);
          g_ptr_array_add (choice->choices, g_steal_pointer (&month));
        }
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (window), _("Send Audits"),
                                   _("The audits are saved in one file, with their photos and "
                                     "attachments, to take or mail to the office. The file holds no "
                                     "pay data."));
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (labels)), NULL);
  /* The focus goes to the button inside the drop-down: it is named too. */
  ma_a11y_label_dropdown (GTK_DROP_DOWN (dropdown), _("Audits to send"));
  choice->dropdown = GTK_DROP_DOWN (dropdown);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), dropdown);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "send", _("_Choose File…"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "send");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (send_response_cb), choice);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- get templates ---------------------------------------------------------------- */

static const char *
kind_label (MaBundleKind kind)
{
  switch (kind)
    {
    case MA_BUNDLE_KIND_REGION:
      return _("Regions");
    case MA_BUNDLE_KIND_BRANCH:
      return _("Branches");
    case MA_BUNDLE_KIND_EMPLOYEE:
      return _("Employees");
    case MA_BUNDLE_KIND_TEMPLATE:
      return _("Templates");
    case MA_BUNDLE_KIND_SCHEME:
      return _("Bonus schemes");
    case MA_BUNDLE_KIND_KPI:
      return _("KPI figures");
    case MA_BUNDLE_KIND_AUDIT:
      return _("Audits");
    case MA_BUNDLE_N_KINDS:
    default:
      return "";
    }
}

/* "Templates: 2 added, 1 updated, 3 unchanged", one line a kind. */
static char *
describe_report (const MaBundleReport *report)
{
  GString *text = g_string_new (NULL);

  for (guint kind = 0; kind < MA_BUNDLE_N_KINDS; kind++)
    {
      const MaBundleCounts *c = &report->counts[kind];

      if (c->added + c->updated + c->identical == 0)
        continue;
      /* TRANSLATORS: "Templates: 2 added, 1 updated, 3 unchanged" */
      g_string_append_printf (text, _("%s: %u added, %u updated, %u unchanged\n"), kind_label (kind),
                              c->added, c->updated, c->identical);
    }
  for (guint i = 0; i < report->conflicts->len; i++)
    {
      const MaBundleConflict *conflict = g_ptr_array_index (report->conflicts, i);

      g_string_append_printf (text, _("Not imported: %s: %s\n"), conflict->path, conflict->reason);
    }
  if (text->len == 0)
    g_string_append (text, _("The bundle holds nothing."));
  else
    g_string_truncate (text, text->len - 1);
  return g_string_free (text, FALSE);
}

static void
templates_chooser_response_cb (GtkNativeDialog *chooser,
                               int              response,
                               MaWindow        *window)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = file ? g_file_get_path (file) : NULL;
  if (path != NULL)
    {
      MaStore *store = get_writable_store (window);
      MaBundleImportOptions options = { .who = g_get_user_name () };
      g_autoptr(MaBundleReport) report = NULL;
      g_autoptr(GError) error = NULL;

      remember_folder (file, "last-import-folder");
      report = store ? ma_bundle_import_file (store, path, &options, &error) : NULL;
      if (report != NULL)
        {
          g_autofree char *body = describe_report (report);

          refresh_list (window);
          show_message (window, _("Templates and Directory Updated"), body);
        }
      else if (error != NULL)
        show_message (window, _("The Bundle Was Refused"), error->message);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (window);
}

void
ma_field_get_templates_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  MaWindow *window = MA_WINDOW (widget);
  GtkFileChooserNative *chooser;

  if (get_writable_store (window) == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Get Templates"), GTK_WINDOW (window), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  add_bundle_filter (GTK_FILE_CHOOSER (chooser));
  set_folder_from_settings (GTK_FILE_CHOOSER (chooser), "last-import-folder");
  g_signal_connect (chooser, "response", G_CALLBACK (templates_chooser_response_cb), g_object_ref (window));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- import bundles ---------------------------------------------------------------- */

static void
imported_cb (MaImportReview *review,
             GPtrArray      *reports,
             MaWindow       *window)
{
  guint audits = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < reports->len; i++)
    {
      const MaBundleReport *report = g_ptr_array_index (reports, i);

      audits += report->counts[MA_BUNDLE_KIND_AUDIT].added + report->counts[MA_BUNDLE_KIND_AUDIT].updated;
    }
  /* TRANSLATORS: %1$u bundles were imported, with %2$u new or updated audits */
  text = g_strdup_printf (ngettext ("Imported %1$u bundle: %2$u audits added or updated",
                                    "Imported %1$u bundles: %2$u audits added or updated", reports->len),
                          reports->len, audits);
  refresh_list (window);
  ma_window_add_toast (window, text);
}

GtkWindow *
ma_field_review_files (MaWindow           *window,
                       const char * const *paths)
{
  MaStore *store;
  MaImportReview *review;

  g_return_val_if_fail (MA_IS_WINDOW (window), NULL);
  g_return_val_if_fail (paths != NULL, NULL);

  store = get_writable_store (window);
  if (store == NULL || paths[0] == NULL)
    return NULL;
  review = ma_import_review_new (GTK_WINDOW (window), store, paths);
  g_signal_connect_object (review, "imported", G_CALLBACK (imported_cb), window, 0);
  gtk_window_present (GTK_WINDOW (review));
  return GTK_WINDOW (review);
}

static void
import_chooser_response_cb (GtkNativeDialog *chooser,
                            int              response,
                            MaWindow        *window)
{
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  if (response == GTK_RESPONSE_ACCEPT)
    files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
  for (guint i = 0; files != NULL && i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);
      char *path = g_file_get_path (file);

      if (i == 0)
        remember_folder (file, "last-import-folder");
      if (path != NULL)
        g_ptr_array_add (paths, path);
    }
  g_ptr_array_add (paths, NULL);
  if (paths->len > 1)
    ma_field_review_files (window, (const char * const *) paths->pdata);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (window);
}

void
ma_field_import_bundles_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  MaWindow *window = MA_WINDOW (widget);
  GtkFileChooserNative *chooser;

  if (get_writable_store (window) == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Import Bundles"), GTK_WINDOW (window), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Review"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  add_bundle_filter (GTK_FILE_CHOOSER (chooser));
  set_folder_from_settings (GTK_FILE_CHOOSER (chooser), "last-import-folder");
  g_signal_connect (chooser, "response", G_CALLBACK (import_chooser_response_cb), g_object_ref (window));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
ma_field_import_history_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  MaWindow *window = MA_WINDOW (widget);
  MaStore *store = get_store (window);
  g_autoptr(GSettings) settings = lookup_settings ();
  MaPreferencesWindow *preferences;

  if (store == NULL || !MA_IS_SQLITE_STORE (store))
    return;
  preferences = ma_preferences_window_new (GTK_WINDOW (window),
                                           ma_sqlite_store_get_path (MA_SQLITE_STORE (store)), store,
                                           settings);
  ma_preferences_window_show_page (preferences, "imports");
  gtk_window_present (GTK_WINDOW (preferences));
}

/* ---- dropped files ------------------------------------------------------------------ */

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         MaWindow      *window)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    {
      char *path = g_file_get_path (l->data);

      if (path != NULL)
        g_ptr_array_add (paths, path);
    }
  g_slist_free (files);
  if (paths->len == 0)
    return FALSE;
  g_ptr_array_add (paths, NULL);
  return ma_field_review_files (window, (const char * const *) paths->pdata) != NULL;
}

void
ma_field_setup_window (MaWindow *window)
{
  GtkDropTarget *target;

  g_return_if_fail (MA_IS_WINDOW (window));

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), window, 0);
  gtk_widget_add_controller (GTK_WIDGET (window), GTK_EVENT_CONTROLLER (target));
}
