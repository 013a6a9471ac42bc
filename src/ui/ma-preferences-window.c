/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "ma-backup.h"
#include "ma-preferences-window.h"

#define DEFAULT_BACKUP_COUNT 7

struct _MaPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwPreferencesPage   *backups_page;
  AdwPreferencesPage   *imports_page;
  GtkSpinButton        *count_spin;
  AdwActionRow         *folder_row;
  AdwActionRow         *back_up_row;
  AdwPreferencesGroup  *restore_group;
  AdwPreferencesGroup  *imports_group;

  char                 *database_path;
  char                 *backup_dir;
  MaStore              *store;
  GSettings            *settings;
  GPtrArray            *backups;       /* of MaBackupInfo; NULL while listing */
  GPtrArray            *restore_rows;
  GPtrArray            *import_rows;
  GCancellable         *cancellable;
  gboolean              backing_up;
};

G_DEFINE_FINAL_TYPE (MaPreferencesWindow, ma_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  /* %x: the date as the user's locale writes it. */
  return g_date_time_format (local, "%x %H:%M");
}

static char *
format_counts (const MaBackupInfo *info)
{
  g_autofree char *audits = NULL;
  g_autofree char *employees = NULL;
  g_autofree char *templates = NULL;
  g_autofree char *size = g_format_size (info->size);

  if (info->audits < 0)
    return g_strdup_printf (_("%s; contents unknown: %s"), size,
                            info->problem ? info->problem : _("the backup cannot be read"));
  audits = g_strdup_printf (ngettext ("%" PRId64 " audit", "%" PRId64 " audits",
                                      (gulong) info->audits),
                            info->audits);
  employees = g_strdup_printf (ngettext ("%" PRId64 " employee",
                                         "%" PRId64 " employees", (gulong) info->employees),
                               info->employees);
  templates = g_strdup_printf (ngettext ("%" PRId64 " template",
                                         "%" PRId64 " templates", (gulong) info->templates),
                               info->templates);
  /* TRANSLATORS: what a backup holds: "12 audits, 5 employees, 3 templates; 1.2 MB" */
  return g_strdup_printf (_("%s, %s, %s; %s"), audits, employees, templates, size);
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static void
add_row (AdwPreferencesGroup *group,
         GPtrArray           *rows,
         GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
}

static GtkWidget *
new_row (const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  g_autofree char *escaped_subtitle = subtitle ? g_markup_escape_text (subtitle, -1) : NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  if (escaped_subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_subtitle);
  return row;
}

static void
show_backups (MaPreferencesWindow *self,
              const GError        *error)
{
  clear_rows (self->restore_group, self->restore_rows);

  if (error != NULL)
    {
      add_row (self->restore_group, self->restore_rows,
               new_row (_("The backups cannot be listed"), error->message));
      return;
    }
  if (self->backups == NULL)
    {
      add_row (self->restore_group, self->restore_rows, new_row (_("Looking for backups…"), NULL));
      return;
    }
  if (self->backups->len == 0)
    {
      add_row (self->restore_group, self->restore_rows,
               new_row (_("No backups yet"), _("The first one is made today, or with Back Up Now")));
      return;
    }

  for (guint i = 0; i < self->backups->len; i++)
    {
      const MaBackupInfo *info = g_ptr_array_index (self->backups, i);
      g_autofree char *when = format_time (info->time);
      g_autofree char *counts = format_counts (info);
      g_autofree char *subtitle = NULL;
      g_autofree char *label = NULL;
      GtkWidget *row, *button;

      if (info->ok)
        subtitle = g_strdup (counts);
      else
        /* TRANSLATORS: a backup that fails its check; %s says why */
        subtitle = g_strdup_printf (_("Damaged, cannot be restored: %s"),
                                    info->problem ? info->problem : "");
      row = new_row (when, subtitle);
      adw_action_row_set_icon_name (ADW_ACTION_ROW (row),
                                    info->ok ? "emblem-ok-symbolic" : "dialog-error-symbolic");
      gtk_widget_set_tooltip_text (row, info->path);

      button = gtk_button_new_with_mnemonic (_("_Restore…"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_sensitive (button, info->ok);
      label = g_strdup_printf (_("Restore the backup of %s"), when);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.restore-backup");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", info->path);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      add_row (self->restore_group, self->restore_rows, row);
    }
}

/* ---- listing and making backups on a worker thread -------------------------- */

typedef struct {
  char    *database_path;
  char    *backup_dir;
  guint    keep;
  gboolean create;
} BackupJob;

static void
backup_job_free (BackupJob *job)
{
  g_free (job->database_path);
  g_free (job->backup_dir);
  g_free (job);
}

static void
backup_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  BackupJob *job = data;
  g_autoptr(GError) error = NULL;
  GPtrArray *backups;

  if (job->create)
    {
      g_autofree char *made = ma_backup_create (job->database_path, job->backup_dir, &error);

      if (made == NULL || !ma_backup_rotate (job->backup_dir, job->keep, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  backups = ma_backup_list (job->backup_dir, &error);
  if (backups == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, backups, (GDestroyNotify) g_ptr_array_unref);
}

static guint
get_keep (MaPreferencesWindow *self)
{
  return (guint) gtk_spin_button_get_value_as_int (self->count_spin);
}

static void
backups_listed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *backups = g_task_propagate_pointer (G_TASK (result), &error);
  BackupJob *job = g_task_get_task_data (G_TASK (result));
  MaPreferencesWindow *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = MA_PREFERENCES_WINDOW (source);
  self->backing_up = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.back-up-now", self->store != NULL);
  if (job->create)
    {
      g_autofree char *message = error ? g_strdup_printf (_("The backup failed: %s"), error->message)
                                       : g_strdup (_("The database is backed up"));
      g_autofree char *escaped = g_markup_escape_text (message, -1);

      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
      if (error != NULL)
        {
          /* The list is still worth showing. */
          g_clear_error (&error);
          g_clear_pointer (&self->backups, g_ptr_array_unref);
          self->backups = ma_backup_list (self->backup_dir, &error);
          show_backups (self, error);
          return;
        }
    }
  g_clear_pointer (&self->backups, g_ptr_array_unref);
  self->backups = backups;
  show_backups (self, error);
}

static void
start_backup_job (MaPreferencesWindow *self,
                  gboolean             create)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, backups_listed_cb, NULL);
  BackupJob *job = g_new0 (BackupJob, 1);

  job->database_path = g_strdup (self->database_path);
  job->backup_dir = g_strdup (self->backup_dir);
  job->keep = get_keep (self);
  job->create = create;
  g_task_set_task_data (task, job, (GDestroyNotify) backup_job_free);
  g_task_set_source_tag (task, start_backup_job);
  g_clear_pointer (&self->backups, g_ptr_array_unref);
  show_backups (self, NULL);
  g_task_run_in_thread (task, backup_thread);
}

static void
back_up_now_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MaPreferencesWindow *self = MA_PREFERENCES_WINDOW (widget);

  if (self->backing_up)
    return;
  self->backing_up = TRUE;
  gtk_widget_action_set_enabled (widget, "prefs.back-up-now", FALSE);
  start_backup_job (self, TRUE);
}

/* ---- import history -------------------------------------------------------------- */

static const char *
outcome_label (const char *outcome)
{
  if (g_strcmp0 (outcome, "imported") == 0)
    return _("Imported");
  if (g_strcmp0 (outcome, "refused") == 0)
    return _("Refused");
  return outcome;
}

static void
show_imports (MaPreferencesWindow *self)
{
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GError) error = NULL;

  clear_rows (self->imports_group, self->import_rows);
  if (self->store == NULL)
    {
      add_row (self->imports_group, self->import_rows,
               new_row (_("The database is not open"), NULL));
      return;
    }
  log = ma_store_list_import_log (self->store, &error);
  if (log == NULL)
    {
      add_row (self->imports_group, self->import_rows,
               new_row (_("The import history cannot be read"), error->message));
      return;
    }
  if (log->len == 0)
    {
      add_row (self->imports_group, self->import_rows, new_row (_("No bundles imported yet"), NULL));
      return;
    }

  /* Newest first: the log is kept oldest first. */
  for (guint i = log->len; i-- > 0;)
    {
      const MaLogEntry *entry = g_ptr_array_index (log, i);
      g_autofree char *name = g_path_get_basename (entry->who ? entry->who : "");
      g_autoptr(GDateTime) at = entry->at ? g_date_time_new_from_iso8601 (entry->at, NULL) : NULL;
      g_autofree char *when = at ? format_time (at) : g_strdup (entry->at ? entry->at : "");
      const char *detail = entry->detail ? entry->detail : "";
      const char *space = strchr (detail, ' ');
      /* The store gives "SHA256 MESSAGE"; a file that could not be read
       * has no checksum. */
      g_autofree char *sha256 = space ? g_strndup (detail, space - detail) : g_strdup (detail);
      const char *message = space ? space + 1 : "";
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      subtitle = g_strdup_printf ("%s — %s: %s\nSHA-256: %s", when, outcome_label (entry->action), message,
                                  *sha256 != '\0' ? sha256 : _("none (the file could not be read)"));
      row = new_row (name, subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_set_icon_name (ADW_ACTION_ROW (row),
                                    g_strcmp0 (entry->action, "imported") == 0 ? "emblem-ok-symbolic"
                                                                                : "dialog-error-symbolic");
      gtk_widget_set_tooltip_text (row, entry->who);
      add_row (self->imports_group, self->import_rows, row);
    }
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MaPreferencesWindow *self = MA_PREFERENCES_WINDOW (widget);

  show_imports (self);
  if (!self->backing_up)
    start_backup_job (self, FALSE);
}

static void
ma_preferences_window_dispose (GObject *object)
{
  MaPreferencesWindow *self = MA_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->backups, g_ptr_array_unref);
  g_clear_pointer (&self->restore_rows, g_ptr_array_unref);
  g_clear_pointer (&self->import_rows, g_ptr_array_unref);
  g_clear_pointer (&self->database_path, g_free);
  g_clear_pointer (&self->backup_dir, g_free);

  G_OBJECT_CLASS (ma_preferences_window_parent_class)->dispose (object);
}

static void
ma_preferences_window_class_init (MaPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mysteryaudit/MysteryAudit/ui/ma-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MaPreferencesWindow, backups_page);
  gtk_widget_class_bind_template_child (widget_class, MaPreferencesWindow, imports_page);
  gtk_widget_class_bind_template_child (widget_class, MaPreferencesWindow, count_spin);
  gtk_widget_class_bind_template_child (widget_class, MaPreferencesWindow, folder_row);
  gtk_widget_class_bind_template_child (widget_class, MaPreferencesWindow, back_up_row);
  gtk_widget_class_bind_template_child (widget_class, MaPreferencesWindow, restore_group);
  gtk_widget_class_bind_template_child (widget_class, MaPreferencesWindow, imports_group);

  gtk_widget_class_install_action (widget_class, "prefs.back-up-now", NULL, back_up_now_action);
  gtk_widget_class_install_action (widget_class, "prefs.refresh", NULL, refresh_action);
}

static void
ma_preferences_window_init (MaPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->restore_rows = g_ptr_array_new ();
  self->import_rows = g_ptr_array_new ();
}

MaPreferencesWindow *
ma_preferences_window_new (GtkWindow   *parent,
                           const char  *database_path,
                           MaStore     *store,
                           GSettings   *settings)
{
  MaPreferencesWindow *self;
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (database_path != NULL, NULL);
  g_return_val_if_fail (store == NULL || MA_IS_STORE (store), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (MA_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  self->database_path = g_strdup (database_path);
  self->backup_dir = ma_backup_default_dir (database_path);
  self->store = store ? g_object_ref (store) : NULL;
  self->settings = settings ? g_object_ref (settings) : NULL;

  escaped = g_markup_escape_text (self->backup_dir, -1);
  adw_action_row_set_subtitle (self->folder_row, escaped);
  if (self->settings != NULL)
    g_settings_bind (self->settings, "backup-count", self->count_spin, "value", G_SETTINGS_BIND_DEFAULT);
  else
    {
      gtk_spin_button_set_value (self->count_spin, DEFAULT_BACKUP_COUNT);
      gtk_widget_set_sensitive (GTK_WIDGET (self->count_spin), FALSE);
    }
  /* A damaged or read-only database is not backed up: a damaged copy would
   * push a good backup out, and a read-only one has no new data. */
  if (store == NULL || ma_store_is_read_only (store))
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.back-up-now", FALSE);
      adw_action_row_set_subtitle (self->back_up_row,
                                   store == NULL ? _("Not available: the database is damaged or cannot be opened")
                                                 : _("Not available: the database is read-only"));
    }

  show_imports (self);
  start_backup_job (self, FALSE);
  return self;
}

GPtrArray *
ma_preferences_window_get_backups (MaPreferencesWindow *self)
{
  g_return_val_if_fail (MA_IS_PREFERENCES_WINDOW (self), NULL);
  return self->backups;
}

guint
ma_preferences_window_get_n_imports (MaPreferencesWindow *self)
{
  g_autoptr(GPtrArray) log = NULL;

  g_return_val_if_fail (MA_IS_PREFERENCES_WINDOW (self), 0);

  if (self->store == NULL)
    return 0;
  log = ma_store_list_import_log (self->store, NULL);
  return log ? log->len : 0;
}

void
ma_preferences_window_show_page (MaPreferencesWindow *self,
                                 const char          *page)
{
  g_return_if_fail (MA_IS_PREFERENCES_WINDOW (self));

  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (self),
                                           ADW_PREFERENCES_PAGE (g_strcmp0 (page, "imports") == 0
                                                                 ? self->imports_page
                                                                 : self->backups_page));
}
