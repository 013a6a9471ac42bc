/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-a11y.h: accessible names for controls that GTK 4.8 and libadwaita 1.2
 * build inside their own widgets, where a .ui file cannot reach them.
 * Without a name, GTK 4.8 reports such a control under its type name
 * ("GtkToggleButton", "GtkImage"), which a screen reader reads out. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Names @dropdown and the button inside it that takes the focus. */
void ma_a11y_label_dropdown          (GtkDropDown        *dropdown,
                                      const char         *label);
/* Names the version button of an About window. */
void ma_a11y_label_about_window      (AdwAboutWindow     *about);
/* Names (and gives a tooltip to) the search button of a shortcuts window. */
void ma_a11y_label_shortcuts_window  (GtkShortcutsWindow *window);
/* Shows the whole text of an ellipsized table cell in a tooltip, only
 * when it is cut (a screen reader has the whole text anyway). */
void ma_a11y_show_full_text_on_hover (GtkLabel          *label);

G_END_DECLS
