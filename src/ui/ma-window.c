/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ma-db.h"
#include "ma-field-actions.h"
#include "ma-reports-view.h"
#include "ma-window.h"

struct _MaWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar_list;
  AdwWindowTitle       *content_title;
  GtkStack             *view_stack;
  MaAuditsPage         *audits_page;
  MaAuditList          *audit_list;
  GtkWidget            *new_audit_button;
  GtkWidget            *back_button;
  /* The views other than the audits are made when first shown (or asked
   * for), so that the first frame does not wait for them. */
  AdwBin               *templates_bin;
  AdwBin               *people_bin;
  AdwBin               *pay_bin;
  AdwBin               *reports_bin;
  MaTemplatesView      *templates_view;
  MaDirectoryView      *directory_view;
  MaPayView            *pay_view;
  MaReportsView        *reports_view;
  AdwStatusPage        *error_page;
  GtkWidget            *read_only_banner;
  GtkLabel             *read_only_label;
  char                 *read_only_text;   /* the .ui's text, for after a check */
  GtkWidget            *restore_button;

  gboolean              read_only;
  MaStore              *store;

  /* NULL when the schema is not installed (an uninstalled build). */
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (MaWindow, ma_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_READ_ONLY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Every action that writes; a read-only database disables them all. */
static const char * const writing_actions[] = {
  "win.new-audit", "win.send-audits", "win.get-templates", "win.import-bundles",
};

static void
select_sidebar_row (MaWindow   *self,
                    const char *view)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (gtk_widget_get_name (row), view) == 0)
      {
        gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (row));
        return;
      }
}

static gboolean
is_form_shown (MaWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "audits") == 0
         && ma_audits_page_get_form (self->audits_page) != NULL;
}

/* Folded, the header has the only back button: from a form it leads to the
 * audit list, from anywhere else to the sidebar. Its name says which. */
static void
update_back_button (MaWindow *self)
{
  const char *label = is_form_shown (self) ? _("Back to the audit list") : _("Back to the views");

  gtk_widget_set_tooltip_text (self->back_button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->back_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
update_subtitle (MaWindow *self)
{
  MaAuditListModel *model = ma_audit_list_get_model (self->audit_list);
  g_autofree char *subtitle = NULL;
  gboolean audits = g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "audits") == 0;

  /* The form shows its draft's state there: "Saving…", "Saved". */
  if (audits && ma_audits_page_get_subtitle (self->audits_page) != NULL)
    subtitle = g_strdup (ma_audits_page_get_subtitle (self->audits_page));
  else if (model != NULL && audits)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

      /* TRANSLATORS: how many audits pass the filters */
      subtitle = g_strdup_printf (ngettext ("%u audit", "%u audits", n), n);
    }
  adw_window_title_set_subtitle (self->content_title, subtitle != NULL ? subtitle : "");
  update_back_button (self);
}

/* Makes the view @name if it is not there yet, with the window's store. */
static void
ensure_view (MaWindow   *self,
             const char *view)
{
  if (g_str_equal (view, "templates") && self->templates_view == NULL)
    {
      self->templates_view = g_object_new (MA_TYPE_TEMPLATES_VIEW, NULL);
      /* The views that edit follow the database's mode. */
      g_object_bind_property (self, "read-only", self->templates_view, "read-only", G_BINDING_SYNC_CREATE);
      adw_bin_set_child (self->templates_bin, GTK_WIDGET (self->templates_view));
      if (self->store != NULL)
        ma_templates_view_set_store (self->templates_view, self->store);
    }
  else if (g_str_equal (view, "people") && self->directory_view == NULL)
    {
      self->directory_view = g_object_new (MA_TYPE_DIRECTORY_VIEW, NULL);
      g_object_bind_property (self, "read-only", self->directory_view, "read-only", G_BINDING_SYNC_CREATE);
      adw_bin_set_child (self->people_bin, GTK_WIDGET (self->directory_view));
      if (self->store != NULL)
        ma_directory_view_set_store (self->directory_view, self->store);
    }
  else if (g_str_equal (view, "pay") && self->pay_view == NULL)
    {
      self->pay_view = g_object_new (MA_TYPE_PAY_VIEW, NULL);
      g_object_bind_property (self, "read-only", self->pay_view, "read-only", G_BINDING_SYNC_CREATE);
      adw_bin_set_child (self->pay_bin, GTK_WIDGET (self->pay_view));
      if (self->store != NULL)
        ma_pay_view_set_store (self->pay_view, self->store);
    }
  else if (g_str_equal (view, "reports") && self->reports_view == NULL)
    {
      self->reports_view = g_object_new (MA_TYPE_REPORTS_VIEW, NULL);
      adw_bin_set_child (self->reports_bin, GTK_WIDGET (self->reports_view));
      if (self->store != NULL)
        ma_reports_view_set_store (self->reports_view, self->store);
    }
}

/* Every way to a view (the sidebar, shortcuts, tests) goes through here. */
static void
show_view (MaWindow   *self,
           const char *view)
{
  GtkStackPage *page;
  GtkWidget *child = gtk_stack_get_child_by_name (self->view_stack, view);

  if (child == NULL)
    return;

  ensure_view (self, view);
  gtk_stack_set_visible_child (self->view_stack, child);
  page = gtk_stack_get_page (self->view_stack, child);
  adw_window_title_set_title (self->content_title, gtk_stack_page_get_title (page));
  update_subtitle (self);
  gtk_widget_set_visible (self->new_audit_button, g_str_equal (view, "audits"));
  select_sidebar_row (self, view);
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  show_view (MA_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MaWindow *self = MA_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "main") != 0)
    return;
  show_view (self, "audits");
  ma_audit_list_focus_search (self->audit_list);
}

static void
new_audit_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MaWindow *self = MA_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "main") != 0)
    return;
  show_view (self, "audits");
  ma_audits_page_new_audit (self->audits_page);
}

static void
sidebar_row_activated_cb (MaWindow      *self,
                          GtkListBoxRow *row,
                          GtkListBox    *list)
{
  show_view (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
back_clicked_cb (MaWindow  *self,
                 GtkButton *button)
{
  /* Through the form's own action, so that leaving writes the draft the
   * same way whichever arrow was used. */
  if (is_form_shown (self))
    {
      gtk_widget_activate_action (GTK_WIDGET (ma_audits_page_get_form (self->audits_page)), "form.close", NULL);
      return;
    }
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static GSettings *
lookup_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* g_settings_new() aborts on a missing schema; a window that cannot
   * remember its size is better than none. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

static void
restore_size (MaWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;
  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
ma_window_close_request (GtkWindow *window)
{
  MaWindow *self = MA_WINDOW (window);

  if (self->settings != NULL)
    {
      gboolean maximized = gtk_window_is_maximized (window);

      /* A maximized window keeps the size it had before. */
      if (!maximized)
        {
          int width, height;

          gtk_window_get_default_size (window, &width, &height);
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
      g_settings_set_boolean (self->settings, "window-maximized", maximized);
    }

  return GTK_WINDOW_CLASS (ma_window_parent_class)->close_request (window);
}

static void
ma_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_READ_ONLY:
      g_value_set_boolean (value, MA_WINDOW (object)->read_only);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_window_dispose (GObject *object)
{
  MaWindow *self = MA_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_pointer (&self->read_only_text, g_free);

  G_OBJECT_CLASS (ma_window_parent_class)->dispose (object);
}

static void
ma_window_class_init (MaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ma_window_dispose;
  object_class->get_property = ma_window_get_property;
  window_class->close_request = ma_window_close_request;

  /* Whether the database is open read-only: views bind their editing
   * controls to it. */
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MA_TYPE_AUDITS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mysteryaudit/MysteryAudit/ui/ma-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, audits_page);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, new_audit_button);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, reports_bin);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, templates_bin);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, people_bin);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, pay_bin);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, read_only_banner);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, restore_button);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);

  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_install_action (widget_class, "win.new-audit", NULL, new_audit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-audit", NULL);
  gtk_widget_class_install_action (widget_class, "win.send-audits", NULL, ma_field_send_audits_action);
  gtk_widget_class_install_action (widget_class, "win.get-templates", NULL, ma_field_get_templates_action);
  gtk_widget_class_install_action (widget_class, "win.import-bundles", NULL, ma_field_import_bundles_action);
  gtk_widget_class_install_action (widget_class, "win.import-history", NULL, ma_field_import_history_action);
}

static void
enable_writing (MaWindow *self,
                gboolean  enabled)
{
  for (guint i = 0; i < G_N_ELEMENTS (writing_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), writing_actions[i], enabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self->audits_page), "audits-page.new-audit", enabled);
}

static void
set_read_only (MaWindow *self,
               gboolean  read_only)
{
  self->read_only = read_only;
  enable_writing (self, !read_only);
  gtk_widget_set_visible (self->read_only_banner, read_only);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
}

static void
ma_window_init (MaWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->read_only_text = g_strdup (gtk_label_get_label (self->read_only_label));
  self->audit_list = ma_audits_page_get_audit_list (self->audits_page);
  g_signal_connect_object (self->audits_page, "notify::subtitle", G_CALLBACK (update_subtitle),
                           self, G_CONNECT_SWAPPED);
  self->settings = lookup_settings ();
  restore_size (self);
  ma_field_setup_window (self);
  /* MA_START_VIEW=reports opens another view first: for screenshots. */
  show_view (self, g_getenv ("MA_START_VIEW") != NULL
                   && gtk_stack_get_child_by_name (self->view_stack, g_getenv ("MA_START_VIEW")) != NULL
                   ? g_getenv ("MA_START_VIEW") : "audits");
}

MaWindow *
ma_window_new (GtkApplication *application,
               MaStore        *store,
               const GError   *open_error)
{
  MaWindow *self;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (store == NULL || MA_IS_STORE (store), NULL);
  g_return_val_if_fail (store != NULL || open_error != NULL, NULL);

  self = g_object_new (MA_TYPE_WINDOW, "application", application, NULL);
  if (store != NULL)
    {
      ma_audits_page_set_store (self->audits_page, store);
      self->store = g_object_ref (store);
      /* MA_START_VIEW may have made a view before there was a store. */
      if (self->templates_view != NULL)
        ma_templates_view_set_store (self->templates_view, store);
      if (self->directory_view != NULL)
        ma_directory_view_set_store (self->directory_view, store);
      if (self->pay_view != NULL)
        ma_pay_view_set_store (self->pay_view, store);
      if (self->reports_view != NULL)
        ma_reports_view_set_store (self->reports_view, store);
      set_read_only (self, ma_store_is_read_only (store));
      g_signal_connect_object (ma_audit_list_get_model (self->audit_list), "notify::n-items",
                               G_CALLBACK (update_subtitle), self, G_CONNECT_SWAPPED);
      update_subtitle (self);
      gtk_stack_set_visible_child_name (self->main_stack, "main");
    }
  else
    {
      /* The status page reads its description as markup. */
      g_autofree char *escaped = g_markup_escape_text (open_error->message, -1);

      adw_status_page_set_description (self->error_page, escaped);
      /* A damaged database is never written to; a backup can replace it. */
      if (g_error_matches (open_error, MA_DB_ERROR, MA_DB_ERROR_CORRUPT))
        {
          adw_status_page_set_title (self->error_page, _("The Database Is Damaged"));
          gtk_widget_set_visible (self->restore_button, TRUE);
        }
      /* Without a database nothing can be written; the banner is for a
       * database that is open. */
      enable_writing (self, FALSE);
      gtk_stack_set_visible_child_name (self->main_stack, "error");
    }
  return self;
}

void
ma_window_set_checking (MaWindow *self,
                        gboolean  checking)
{
  g_return_if_fail (MA_IS_WINDOW (self));

  if (self->store == NULL)
    return;
  gtk_label_set_label (self->read_only_label,
                       checking ? _("Checking the database: everything can be read meanwhile, "
                                    "and changes can be made as soon as the check is done.")
                                : self->read_only_text);
  gtk_info_bar_set_message_type (GTK_INFO_BAR (self->read_only_banner),
                                 checking ? GTK_MESSAGE_INFO : GTK_MESSAGE_WARNING);
  set_read_only (self, checking || ma_store_is_read_only (self->store));
}

void
ma_window_add_toast (MaWindow   *self,
                     const char *text)
{
  g_autofree char *escaped = NULL;

  g_return_if_fail (MA_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  /* A toast title is markup too. */
  escaped = g_markup_escape_text (text, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

const char *
ma_window_get_view (MaWindow *self)
{
  g_return_val_if_fail (MA_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->view_stack);
}

MaAuditsPage *
ma_window_get_audits_page (MaWindow *self)
{
  g_return_val_if_fail (MA_IS_WINDOW (self), NULL);

  return self->audits_page;
}

MaAuditList *
ma_window_get_audit_list (MaWindow *self)
{
  g_return_val_if_fail (MA_IS_WINDOW (self), NULL);

  return self->audit_list;
}

gboolean
ma_window_get_read_only (MaWindow *self)
{
  g_return_val_if_fail (MA_IS_WINDOW (self), FALSE);

  return self->read_only;
}

GtkWidget *
ma_window_get_reports_view (MaWindow *self)
{
  g_return_val_if_fail (MA_IS_WINDOW (self), NULL);

  ensure_view (self, "reports");
  return GTK_WIDGET (self->reports_view);
}

MaTemplatesView *
ma_window_get_templates_view (MaWindow *self)
{
  g_return_val_if_fail (MA_IS_WINDOW (self), NULL);

  ensure_view (self, "templates");
  return self->templates_view;
}

MaDirectoryView *
ma_window_get_directory_view (MaWindow *self)
{
  g_return_val_if_fail (MA_IS_WINDOW (self), NULL);

  ensure_view (self, "people");
  return self->directory_view;
}

MaPayView *
ma_window_get_pay_view (MaWindow *self)
{
  g_return_val_if_fail (MA_IS_WINDOW (self), NULL);

  ensure_view (self, "pay");
  return self->pay_view;
}
