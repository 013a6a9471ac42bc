/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <stdio.h>
#include <sys/resource.h>
#ifdef __linux__
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "ma-a11y.h"
#include "ma-application.h"
#include "ma-backup.h"
#include "ma-field-actions.h"
#include "ma-preferences-window.h"
#include "ma-sqlite-store.h"
#include "ma-timing.h"
#include "ma-window.h"

#define DEFAULT_BACKUP_COUNT 7

struct _MaApplication
{
  AdwApplication  parent_instance;

  char           *database_path;
  MaStore        *store;
  GError         *open_error;
  gint64          started;   /* monotonic time of construction, for MA_TIMING */
  gboolean        read_only;
  /* The store is open read-only until the check of its file, started
   * after the first frame, passes; check_cancellable is that check's. */
  gboolean        checking;
  GCancellable   *check_cancellable;
  gboolean        daily_backup_started;
  /* NULL when the schema is not installed (an uninstalled build). */
  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (MaApplication, ma_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Use the database FILE instead of the default one"), N_("FILE") },
  { "audit", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Open the audit UUID in the form"), N_("UUID") },
  { NULL }
};

/* Opens the database (again, after a restore) so that a damaged file is
 * never written to, read-only when it cannot be written. A failure is kept
 * and shown by the window.
 *
 * PRAGMA quick_check reads the whole file: seconds for a large chain's
 * year, which would keep the window from showing. So an existing file is
 * opened read-only (which writes nothing) and checked after the first
 * frame on a worker thread (start_check()); only when it passes is the
 * store reopened for writing. A file that needs a migration cannot be
 * read by the current code without writing: it is checked first, before
 * the window, as is anything that will not open read-only. */
static void
reopen_store (MaApplication *self)
{
  g_clear_object (&self->store);
  g_clear_error (&self->open_error);
  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  self->read_only = FALSE;
  self->checking = FALSE;

  if (g_file_test (self->database_path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GError) local_error = NULL;

      self->store = ma_sqlite_store_open (self->database_path, MA_SQLITE_STORE_READ_ONLY, &local_error);
      if (self->store != NULL)
        {
          self->read_only = TRUE;
          self->checking = TRUE;
          return;
        }
      g_debug ("%s is checked before it is opened: %s", self->database_path, local_error->message);
    }

  self->store = ma_sqlite_store_open_best (self->database_path, MA_SQLITE_STORE_QUICK_CHECK,
                                           &self->read_only, &self->open_error);
  if (self->store == NULL)
    g_debug ("Cannot open %s: %s", self->database_path, self->open_error->message);
}

/* Opens the database once. */
static void
open_store (MaApplication *self,
            const char    *path)
{
  if (self->database_path != NULL)
    return;

  self->database_path = path != NULL ? g_strdup (path) : ma_default_database_path ();
  reopen_store (self);
}

static GSettings *
lookup_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* g_settings_new() aborts on a missing schema. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

static guint
get_backup_count (MaApplication *self)
{
  return self->settings ? (guint) MAX (1, g_settings_get_int (self->settings, "backup-count"))
                        : DEFAULT_BACKUP_COUNT;
}

static MaWindow *
get_main_window (MaApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return MA_IS_WINDOW (window) ? MA_WINDOW (window) : NULL;
}

/* MA_TIMING=1: "first-frame MS" on stderr once the window's first frame is
 * painted, counted from the application's construction (before the
 * database is opened), then "first-frame-cpu MS": the processor time the
 * whole process used until then, which a busy machine does not inflate.
 * build-aux/bench reads them; the form adds "answer MS" and "save MS".
 * With MA_TIMING_EXIT=1 the application quits after the first frame, unless
 * it starts on the reports view, whose bonus page measures on and quits. */
static void
print_first_frame_cb (GdkFrameClock *clock,
                      gpointer       user_data)
{
  MaApplication *self = MA_APPLICATION (user_data);
  struct rusage usage;

  fprintf (stderr, "first-frame %.1f\n", (g_get_monotonic_time () - self->started) / 1000.0);
  if (getrusage (RUSAGE_SELF, &usage) == 0)
    fprintf (stderr, "first-frame-cpu %.1f\n",
             (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0
             + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0);
  g_signal_handlers_disconnect_by_func (clock, print_first_frame_cb, user_data);
  /* MA_TIMING_EXIT=1 on a view other than the reports (whose pages exit
   * after their own measurements): the first frame was what was measured. */
  if (g_strcmp0 (g_getenv ("MA_START_VIEW"), "reports") != 0)
    ma_timing_exit_if_asked ();
}

/* ---- the daily backup ---------------------------------------------------------- */

typedef struct {
  char *database_path;
  char *backup_dir;
  guint keep;
} DailyBackup;

static void
daily_backup_free (DailyBackup *job)
{
  g_free (job->database_path);
  g_free (job->backup_dir);
  g_free (job);
}

static void
daily_backup_thread (GTask        *task,
                     gpointer      source,
                     gpointer      data,
                     GCancellable *cancellable)
{
  DailyBackup *job = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *created = NULL;

  if (!ma_backup_daily_if_due (job->database_path, job->backup_dir, job->keep, &created, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
  if (created != NULL)
    g_debug ("Daily backup made: %s", created);
}

static void
daily_backup_done_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  MaApplication *self = MA_APPLICATION (source);
  g_autoptr(GError) error = NULL;
  MaWindow *window;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    return;
  window = get_main_window (self);
  if (window != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The daily backup could not be made: %s"), error->message);

      ma_window_add_toast (window, message);
    }
}

/* On a worker thread with its own connections (the backup API reads while
 * the window goes on writing). */
static void
start_daily_backup (MaApplication *self)
{
  g_autoptr(GTask) task = NULL;
  DailyBackup *job;

  /* A read-only database has nothing new to keep; a damaged one is never
   * backed up (it would push a good backup out of the rotation). */
  if (self->daily_backup_started || self->store == NULL || self->read_only || self->checking)
    return;
  if (g_getenv ("MA_NO_DAILY_BACKUP") != NULL)
    return;
  self->daily_backup_started = TRUE;

  task = g_task_new (self, NULL, daily_backup_done_cb, NULL);
  job = g_new0 (DailyBackup, 1);
  job->database_path = g_strdup (self->database_path);
  job->backup_dir = ma_backup_default_dir (self->database_path);
  job->keep = get_backup_count (self);
  g_task_set_task_data (task, job, (GDestroyNotify) daily_backup_free);
  g_task_run_in_thread (task, daily_backup_thread);
}

/* ---- checking the database after the first frame -------------------------------- */

static MaWindow *ensure_window (MaApplication *self);

/* A thread of its own, not one of GTask's pool: it lowers its priority,
 * which an unprivileged thread cannot raise again, so that reading the
 * whole file does not take a core from the window and its first
 * computations; and it ends with the check. */
static gpointer
check_thread (gpointer data)
{
  g_autoptr(GTask) task = data;
  const char *path = g_task_get_task_data (task);
  GError *error = NULL;

#ifdef __linux__
  /* On Linux a thread's nice value is its own (the tid is its process id). */
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10) != 0)
    g_debug ("The database check runs at normal priority: %s", g_strerror (errno));
#endif
  if (ma_sqlite_store_check_file (path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
  return NULL;
}

/* Every window closes with the store it holds: for a restore, and for a
 * database the check found damaged. */
static void
close_windows (MaApplication *self)
{
  /* A copy: destroying a window takes it off the application's list. */
  g_autoptr(GPtrArray) windows = g_ptr_array_new_with_free_func (g_object_unref);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    g_ptr_array_add (windows, g_object_ref (l->data));
  for (guint i = 0; i < windows->len; i++)
    gtk_window_destroy (GTK_WINDOW (g_ptr_array_index (windows, i)));
}

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  MaApplication *self = MA_APPLICATION (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) reopen_error = NULL;

  /* Cancelled: the store was closed or replaced (a restore) meanwhile. */
  if (!g_task_propagate_boolean (G_TASK (result), &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->check_cancellable);
  self->checking = FALSE;

  if (error != NULL)
    {
      /* Damaged (or unreadable): shown as if it had been refused at the
       * start, with the way to a backup; nothing was written to it. */
      g_debug ("The check of %s failed: %s", self->database_path, error->message);
      g_application_hold (G_APPLICATION (self));
      close_windows (self);
      g_clear_object (&self->store);
      g_clear_error (&self->open_error);
      self->open_error = g_steal_pointer (&error);
      ensure_window (self);
      g_application_release (G_APPLICATION (self));
      return;
    }

  if (!ma_sqlite_store_reopen_for_writing (MA_SQLITE_STORE (self->store), &self->read_only, &reopen_error))
    {
      MaWindow *window = get_main_window (self);
      g_autofree char *message = g_strdup_printf (_("The database stays read-only: %s"), reopen_error->message);

      self->read_only = TRUE;
      if (window != NULL)
        ma_window_add_toast (window, message);
    }
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (MA_IS_WINDOW (l->data))
      ma_window_set_checking (MA_WINDOW (l->data), FALSE);
  if (ma_timing_is_enabled ())
    fprintf (stderr, "database-checked %.1f\n", (g_get_monotonic_time () - self->started) / 1000.0);
  /* The file has just been read through: a good moment for the backup. */
  start_daily_backup (self);
}

static void
start_check (MaApplication *self)
{
  g_autoptr(GTask) task = NULL;

  if (!self->checking || self->check_cancellable != NULL)
    return;
  self->check_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->check_cancellable, check_done_cb, NULL);
  g_task_set_task_data (task, g_strdup (self->database_path), g_free);
  g_thread_unref (g_thread_new ("ma-check", check_thread, g_steal_pointer (&task)));
}

/* After the first frame, so that a big database does not keep the window
 * from showing: the check of the file, or when it needs none, the daily
 * backup. */
static gboolean
first_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  MaApplication *self = MA_APPLICATION (user_data);

  if (self->checking)
    start_check (self);
  else
    start_daily_backup (self);
  return G_SOURCE_REMOVE;
}

static MaWindow *
ensure_window (MaApplication *self)
{
  MaWindow *window = get_main_window (self);

  if (window == NULL)
    {
      window = ma_window_new (GTK_APPLICATION (self), self->store, self->open_error);
      if (ma_timing_is_enabled ())
        {
          gtk_widget_realize (GTK_WIDGET (window));
          g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                                   G_CALLBACK (print_first_frame_cb), self, 0);
        }
      if (self->store != NULL)
        {
          if (self->checking)
            ma_window_set_checking (window, TRUE);
          gtk_widget_add_tick_callback (GTK_WIDGET (window), first_frame_cb, g_object_ref (self), g_object_unref);
        }
    }
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
ma_application_activate (GApplication *application)
{
  MaApplication *self = MA_APPLICATION (application);

  open_store (self, NULL);
  ensure_window (self);
}

/* "mystery-audit a.json b.json", in this instance or handed over by a
 * second one: the bundles go to the import review. */
static void
ma_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  MaApplication *self = MA_APPLICATION (application);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  MaWindow *window;

  open_store (self, NULL);
  window = ensure_window (self);
  for (int i = 0; i < n_files; i++)
    {
      char *path = g_file_get_path (files[i]);

      if (path != NULL)
        g_ptr_array_add (paths, path);
    }
  g_ptr_array_add (paths, NULL);
  if (paths->len > 1 && self->store != NULL)
    ma_field_review_files (window, (const char * const *) paths->pdata);
}

static int
ma_application_command_line (GApplication            *application,
                             GApplicationCommandLine *command_line)
{
  MaApplication *self = MA_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  const char *db = NULL;
  const char *audit = NULL;
  g_autofree char *path = NULL;

  if (g_variant_dict_lookup (options, "db", "^&ay", &db) && db != NULL && *db != '\0')
    {
      /* A relative path is relative to where the command was run, which
       * need not be where the running instance was started. */
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, db);

      path = g_file_get_path (file);
    }

  if (self->database_path != NULL && path != NULL
      && g_strcmp0 (path, self->database_path) != 0)
    {
      MaWindow *window = get_main_window (self);
      g_autofree char *message =
        g_strdup_printf (_("Already open with %s: quit Mystery Audit to open %s"),
                         self->database_path, path);

      g_application_command_line_printerr (command_line, "%s\n", message);
      if (window != NULL)
        ma_window_add_toast (window, message);
    }

  open_store (self, path);

  {
    g_auto(GStrv) arguments = g_application_command_line_get_arguments (command_line, NULL);
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

    /* The options are parsed out already: what is left are bundles. */
    for (guint i = 1; arguments != NULL && arguments[i] != NULL; i++)
      g_ptr_array_add (files, g_application_command_line_create_file_for_arg (command_line, arguments[i]));
    if (files->len > 0)
      g_application_open (application, (GFile **) files->pdata, (int) files->len, "");
    else
      g_application_activate (application);
  }

  if (g_variant_dict_lookup (options, "audit", "&s", &audit) && self->store != NULL)
    {
      MaWindow *window = get_main_window (self);
      g_autoptr(GError) error = NULL;

      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "audits");
      if (!ma_audits_page_open_audit (ma_window_get_audits_page (window), audit, &error))
        {
          g_application_command_line_printerr (command_line, "%s\n", error->message);
          ma_window_add_toast (window, error->message);
          return 1;
        }
    }
  return 0;
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  MaApplication *self = MA_APPLICATION (user_data);
  static const char *developers[] = { "The Mystery Audit developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (parent != NULL
                                                        ? gtk_widget_get_display (GTK_WIDGET (parent))
                                                        : gdk_display_get_default ());
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        /* Without the icon installed (an uninstalled build)
                         * a placeholder would look broken: show none. */
                        "application-icon", gtk_icon_theme_has_icon (theme, APPLICATION_ID) ? APPLICATION_ID : "",
                        "application-name", _("Mystery Audit"),
                        "developer-name", _("The Mystery Audit developers"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "comments", _("Weighted service checklists for mystery shoppers, "
                                      "scores by employee, branch and region, and the "
                                      "bonus pay they lead to."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "support-url", "help:mystery-audit",
                        "translator-credits", _("translator-credits"),
                        NULL);
  ma_a11y_label_about_window (ADW_ABOUT_WINDOW (about));
  gtk_window_present (GTK_WINDOW (about));
}

static void
shortcuts_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  MaApplication *self = MA_APPLICATION (user_data);
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/mysteryaudit/MysteryAudit/ui/ma-shortcuts-window.ui");
  GtkWindow *window = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));

  gtk_window_set_transient_for (window, gtk_application_get_active_window (GTK_APPLICATION (self)));
  ma_a11y_label_shortcuts_window (GTK_SHORTCUTS_WINDOW (window));
  gtk_window_present (window);
}

static void
help_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  MaApplication *self = MA_APPLICATION (user_data);

  /* Yelp opens the installed Mallard help from help/ by its name. */
  gtk_show_uri (gtk_application_get_active_window (GTK_APPLICATION (self)), "help:mystery-audit",
                GDK_CURRENT_TIME);
}

/* ---- preferences and restoring --------------------------------------------------- */

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  MaApplication *self = MA_APPLICATION (user_data);
  MaPreferencesWindow *preferences;

  if (self->database_path == NULL)
    return;
  preferences = ma_preferences_window_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                           self->database_path, self->store, self->settings);
  gtk_window_present (GTK_WINDOW (preferences));
}

gboolean
ma_application_restore_backup (MaApplication  *self,
                               const char     *backup_path,
                               GError        **error)
{
  g_autofree char *replaced = NULL;
  g_autoptr(GError) local_error = NULL;
  MaWindow *window;
  gpointer store_alive = NULL;

  g_return_val_if_fail (MA_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (backup_path != NULL, FALSE);

  if (self->database_path == NULL)
    return TRUE;

  /* Nothing may have the database open: close every window and with them
   * every view holding the store, then the store itself. */
  g_application_hold (G_APPLICATION (self));
  close_windows (self);
  if (self->store != NULL)
    {
      store_alive = self->store;
      g_object_add_weak_pointer (G_OBJECT (self->store), &store_alive);
    }
  g_clear_object (&self->store);
  if (store_alive != NULL)
    {
      g_debug ("The store of %s is still referenced while restoring", self->database_path);
      g_object_remove_weak_pointer (G_OBJECT (store_alive), &store_alive);
    }

  if (!ma_backup_restore (backup_path, self->database_path, &replaced, &local_error))
    g_debug ("Restoring %s failed: %s", backup_path, local_error->message);
  reopen_store (self);
  window = ensure_window (self);
  if (local_error == NULL)
    {
      g_autofree char *message = replaced
                                 ? g_strdup_printf (_("The backup is restored; the database it replaced is kept as %s"),
                                                    replaced)
                                 : g_strdup (_("The backup is restored"));

      ma_window_add_toast (window, message);
    }
  g_application_release (G_APPLICATION (self));
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* From an idle: the confirmation dialog has closed by then, and restoring
 * closes every window. */
static gboolean
restore_idle_cb (gpointer user_data)
{
  MaApplication *self = MA_APPLICATION (g_application_get_default ());
  const char *backup_path = user_data;
  g_autoptr(GError) error = NULL;

  if (MA_IS_APPLICATION (self) && !ma_application_restore_backup (self, backup_path, &error))
    {
      GtkWidget *message = adw_message_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                                   _("The Backup Was Not Restored"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (message), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (message));
    }
  return G_SOURCE_REMOVE;
}

static void
restore_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  char *backup_path = user_data;

  if (g_strcmp0 (response, "restore") == 0)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, restore_idle_cb, g_steal_pointer (&backup_path), g_free);
  g_free (backup_path);
}

static void
confirm_restore (MaApplication *self,
                 const char    *backup_path)
{
  g_autofree char *name = g_path_get_basename (backup_path);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  body = g_strdup_printf (_("The backup %s replaces the database %s. The database it replaces is kept "
                            "next to it, never deleted. Mystery Audit closes its windows meanwhile."),
                          name, self->database_path);
  dialog = adw_message_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                   _("Restore This Backup?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "restore", _("_Restore"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (restore_response_cb), g_strdup (backup_path));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
restore_backup_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  confirm_restore (MA_APPLICATION (user_data), g_variant_get_string (parameter, NULL));
}

char *
ma_application_find_newest_good_backup (MaApplication  *self,
                                        GError        **error)
{
  g_autofree char *dir = NULL;
  g_autoptr(GPtrArray) backups = NULL;

  g_return_val_if_fail (MA_IS_APPLICATION (self), NULL);

  if (self->database_path == NULL)
    return NULL;
  dir = ma_backup_default_dir (self->database_path);
  backups = ma_backup_list (dir, error);
  if (backups == NULL)
    return NULL;
  for (guint i = 0; i < backups->len; i++)
    {
      const MaBackupInfo *info = g_ptr_array_index (backups, i);

      if (info->ok)
        return g_strdup (info->path);
    }
  g_set_error (error, MA_BACKUP_ERROR, MA_BACKUP_ERROR_NOT_FOUND,
               _("There is no sound backup in %s"), dir);
  return NULL;
}

static void
restore_newest_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  MaApplication *self = MA_APPLICATION (user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = ma_application_find_newest_good_backup (self, &error);

  if (backup != NULL)
    confirm_restore (self, backup);
  else if (error != NULL)
    {
      GtkWidget *message = adw_message_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                                   _("No Backup to Restore"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (message), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (message));
    }
}

static const GActionEntry app_actions[] = {
  { "preferences", preferences_activated },
  { "restore-backup", restore_backup_activated, "s" },
  { "restore-newest-backup", restore_newest_activated },
  { "quit", quit_activated },
  { "about", about_activated },
  { "shortcuts", shortcuts_activated },
  { "help", help_activated },
};

static void
ma_application_startup (GApplication *application)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  static const char *help_accels[] = { "F1", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (ma_application_parent_class)->startup (application);

  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.shortcuts", shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.help", help_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.preferences",
                                         preferences_accels);
}

static void
ma_application_finalize (GObject *object)
{
  MaApplication *self = MA_APPLICATION (object);

  g_clear_object (&self->store);
  g_clear_object (&self->check_cancellable);
  g_clear_object (&self->settings);
  g_clear_error (&self->open_error);
  g_free (self->database_path);

  G_OBJECT_CLASS (ma_application_parent_class)->finalize (object);
}

static void
ma_application_class_init (MaApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = ma_application_finalize;
  app_class->activate = ma_application_activate;
  app_class->command_line = ma_application_command_line;
  app_class->open = ma_application_open;
  app_class->startup = ma_application_startup;
}

static void
ma_application_init (MaApplication *self)
{
  self->started = g_get_monotonic_time ();
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  self->settings = lookup_settings ();
}

MaApplication *
ma_application_new (void)
{
  return g_object_new (MA_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       /* A second instance hands its files to the first:
                        * one writer. */
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_HANDLES_OPEN,
                       NULL);
}

MaStore *
ma_application_get_store (MaApplication *self)
{
  g_return_val_if_fail (MA_IS_APPLICATION (self), NULL);
  return self->store;
}

const GError *
ma_application_get_open_error (MaApplication *self)
{
  g_return_val_if_fail (MA_IS_APPLICATION (self), NULL);
  return self->open_error;
}

const char *
ma_application_get_database_path (MaApplication *self)
{
  g_return_val_if_fail (MA_IS_APPLICATION (self), NULL);
  return self->database_path;
}
