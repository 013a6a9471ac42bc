/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ma-a11y.h"

static void
set_label (GtkWidget  *widget,
           const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* Depth first; @match decides. */
static void
label_descendants (GtkWidget  *widget,
                   gboolean  (*match) (GtkWidget *widget),
                   const char *label,
                   const char *tooltip)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (match (child))
        {
          set_label (child, label);
          if (tooltip != NULL)
            gtk_widget_set_tooltip_text (child, tooltip);
        }
      label_descendants (child, match, label, tooltip);
    }
}

void
ma_a11y_label_dropdown (GtkDropDown *dropdown,
                        const char  *label)
{
  g_return_if_fail (GTK_IS_DROP_DOWN (dropdown));
  g_return_if_fail (label != NULL);

  set_label (GTK_WIDGET (dropdown), label);
  /* The drop-down itself never has the focus: its toggle button has. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (dropdown));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child))
      set_label (child, label);
}

static gboolean
is_version_button (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, "app-version");
}

void
ma_a11y_label_about_window (AdwAboutWindow *about)
{
  g_autofree char *label = NULL;

  g_return_if_fail (ADW_IS_ABOUT_WINDOW (about));

  /* libadwaita 1.2 shows the version as a button with a bare label. */
  /* TRANSLATORS: the accessible name of the version in the About window */
  label = g_strdup_printf (_("Version %s"), adw_about_window_get_version (about));
  label_descendants (GTK_WIDGET (about), is_version_button, label, NULL);
}

static gboolean
is_search_button (GtkWidget *widget)
{
  GtkWidget *child;

  if (!GTK_IS_TOGGLE_BUTTON (widget))
    return FALSE;
  child = gtk_button_get_child (GTK_BUTTON (widget));
  return GTK_IS_IMAGE (child)
         && g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (child)), "edit-find-symbolic") == 0;
}

void
ma_a11y_label_shortcuts_window (GtkShortcutsWindow *window)
{
  GtkWidget *titlebar;

  g_return_if_fail (GTK_IS_SHORTCUTS_WINDOW (window));

  /* GTK 4.8 puts an icon-only search toggle in the header bar. */
  titlebar = gtk_window_get_titlebar (GTK_WINDOW (window));
  if (titlebar != NULL)
    label_descendants (titlebar, is_search_button, _("Search Shortcuts"), _("Search Shortcuts"));
}

static gboolean
query_full_text_cb (GtkWidget  *widget,
                    int         x,
                    int         y,
                    gboolean    keyboard_mode,
                    GtkTooltip *tooltip,
                    gpointer    user_data)
{
  GtkLabel *label = GTK_LABEL (widget);
  const char *text = gtk_label_get_text (label);

  if (text == NULL || *text == '\0' || !pango_layout_is_ellipsized (gtk_label_get_layout (label)))
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

void
ma_a11y_show_full_text_on_hover (GtkLabel *label)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  /* Asked for when the pointer rests on the label, not set with each new
   * text: in GTK 4.8 setting a tooltip asks the display where the pointer
   * is (a round trip to the X server), and a table binds its cells by the
   * hundred when a month of 10 000 statements is shown. */
  gtk_widget_set_has_tooltip (GTK_WIDGET (label), TRUE);
  g_signal_connect (label, "query-tooltip", G_CALLBACK (query_full_text_cb), NULL);
}
