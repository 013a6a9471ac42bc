/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

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
  MaAuditList          *audit_list;
  AdwStatusPage        *error_page;
};

G_DEFINE_FINAL_TYPE (MaWindow, ma_window, ADW_TYPE_APPLICATION_WINDOW)

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

static void
update_subtitle (MaWindow *self)
{
  MaAuditListModel *model = ma_audit_list_get_model (self->audit_list);
  g_autofree char *subtitle = NULL;

  if (model != NULL && g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "audits") == 0)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

      /* TRANSLATORS: how many audits pass the filters */
      subtitle = g_strdup_printf (ngettext ("%u audit", "%u audits", n), n);
    }
  adw_window_title_set_subtitle (self->content_title, subtitle != NULL ? subtitle : "");
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

  gtk_stack_set_visible_child (self->view_stack, child);
  page = gtk_stack_get_page (self->view_stack, child);
  adw_window_title_set_title (self->content_title, gtk_stack_page_get_title (page));
  update_subtitle (self);
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
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
ma_window_class_init (MaWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (MA_TYPE_AUDIT_LIST);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mysteryaudit/MysteryAudit/ui/ma-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, audit_list);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, error_page);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);

  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
}

static void
ma_window_init (MaWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  show_view (self, "audits");
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
      ma_audit_list_set_store (self->audit_list, store);
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
      gtk_stack_set_visible_child_name (self->main_stack, "error");
    }
  return self;
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

MaAuditList *
ma_window_get_audit_list (MaWindow *self)
{
  g_return_val_if_fail (MA_IS_WINDOW (self), NULL);

  return self->audit_list;
}
