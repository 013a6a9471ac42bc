/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "ma-application.h"
#include "ma-sqlite-store.h"
#include "ma-window.h"

struct _MaApplication
{
  AdwApplication  parent_instance;

  char           *database_path;
  MaStore        *store;
  GError         *open_error;
  gint64          started;   /* monotonic time of construction, for MA_TIMING */
};

G_DEFINE_FINAL_TYPE (MaApplication, ma_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Use the database FILE instead of the default one"), N_("FILE") },
  { NULL }
};

/* Opens the database once; a failure is kept and shown by the window. */
static void
open_store (MaApplication *self,
            const char    *path)
{
  if (self->database_path != NULL)
    return;

  self->database_path = path != NULL ? g_strdup (path) : ma_default_database_path ();
  self->store = ma_sqlite_store_open (self->database_path, MA_SQLITE_STORE_FLAGS_NONE,
                                      &self->open_error);
  if (self->store == NULL)
    g_debug ("Cannot open %s: %s", self->database_path, self->open_error->message);
}

static MaWindow *
get_main_window (MaApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return MA_IS_WINDOW (window) ? MA_WINDOW (window) : NULL;
}

/* MA_TIMING=1: "first-frame MS" on stderr once the window's first frame is
 * painted, counted from the application's construction (before the
 * database is opened). build-aux/bench reads it; the form adds "answer MS"
 * and "save MS". */
static void
first_frame_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  MaApplication *self = MA_APPLICATION (user_data);

  fprintf (stderr, "first-frame %.1f\n", (g_get_monotonic_time () - self->started) / 1000.0);
  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, user_data);
}

static void
ma_application_activate (GApplication *application)
{
  MaApplication *self = MA_APPLICATION (application);
  MaWindow *window;

  open_store (self, NULL);
  window = get_main_window (self);
  if (window == NULL)
    {
      window = ma_window_new (GTK_APPLICATION (self), self->store, self->open_error);
      if (g_strcmp0 (g_getenv ("MA_TIMING"), "1") == 0)
        {
          gtk_widget_realize (GTK_WIDGET (window));
          g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                                   G_CALLBACK (first_frame_cb), self, 0);
        }
    }
  gtk_window_present (GTK_WINDOW (window));
}

static int
ma_application_command_line (GApplication            *application,
                             GApplicationCommandLine *command_line)
{
  MaApplication *self = MA_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  const char *db = NULL;
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
  g_application_activate (application);
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

static const GActionEntry app_actions[] = {
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

  G_APPLICATION_CLASS (ma_application_parent_class)->startup (application);

  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.shortcuts", shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.help", help_accels);
}

static void
ma_application_finalize (GObject *object)
{
  MaApplication *self = MA_APPLICATION (object);

  g_clear_object (&self->store);
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
  app_class->startup = ma_application_startup;
}

static void
ma_application_init (MaApplication *self)
{
  self->started = g_get_monotonic_time ();
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

MaApplication *
ma_application_new (void)
{
  return g_object_new (MA_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
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
