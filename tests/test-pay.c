/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The people, KPI and scheme editors driven through their widgets and
 * actions under Xvfb, on the demo database. With MA_SCREENSHOT_DIR set,
 * the scheme editor (with its what-if) and the KPI grid are saved there as
 * scheme-editor.png and kpi-grid.png (data/screenshots/ is made so). */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ma-bonus.h"
#include "ma-demo.h"
#include "ma-import-dialog.h"
#include "ma-test-audits.h"
#include "ma-test-demo.h"
#include "ma-window.h"

#define PERIOD "2026-10"

typedef struct {
  MaTestStore  data;
  MaWindow    *window;
} Fixture;

static gboolean
iterate_until (gboolean (*done) (gpointer), gpointer data)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static void
iterate_a_little (void)
{
  gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC / 5;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  ma_test_store_open (&f->data);
  ma_test_demo_copy_to (f->data.path, &f->data.store);
  f->window = ma_window_new (NULL, f->data.store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1366, 768);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (iterate_until (is_mapped, f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  iterate_a_little ();
  ma_test_store_close (&f->data);
}

/* The mapped descendants of @widget of @type with the accessible @label. */
static void
collect (GtkWidget  *widget,
         GType       type,
         const char *label,
         GPtrArray  *found)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    {
      g_autofree char *mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                                      label);
      if (mismatch == NULL)
        g_ptr_array_add (found, widget);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, label, found);
}

static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *label)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (root, type, label, found);
  if (found->len != 1)
    g_printerr ("%u widgets of type %s labelled “%s”\n", found->len, g_type_name (type), label);
  g_assert_cmpuint (found->len, ==, 1);
  return g_ptr_array_index (found, 0);
}

static GtkWidget *
find_row (GtkWidget  *widget,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("MA_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width, height;

  if (dir == NULL)
    return;
  iterate_a_little ();
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static guint
count_scheme_versions (Fixture    *f,
                       const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) schemes = ma_store_list_schemes (f->data.store, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < schemes->len; i++)
    n += g_strcmp0 (((MaScheme *) g_ptr_array_index (schemes, i))->key, key) == 0;
  return n;
}

static gint64
bonus_total (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaBonusStatement) statement = ma_bonus_compute (f->data.store, PERIOD, &error);
  gint64 total = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < statement->rows->len; i++)
    total += ((MaBonusRow *) g_ptr_array_index (statement->rows, i))->total;
  return total;
}

static MaSchemeEditor *
open_scheme_editor (Fixture *f)
{
  MaPayView *pay = ma_window_get_pay_view (f->window);
  MaSchemeEditor *editor = ma_pay_view_get_scheme_editor (pay);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "pay"));
  ma_pay_view_set_page (pay, "schemes");
  g_assert_true (ma_scheme_editor_select_scheme (editor, "drivers"));
  ma_scheme_editor_set_period (editor, PERIOD);
  g_assert_true (iterate_until (is_mapped, editor));
  return editor;
}

static GtkSpinButton *
share_spin (MaSchemeEditor *editor,
            const char     *label)
{
  g_autofree char *name = g_strdup_printf ("Share of %s, percent", label);

  return GTK_SPIN_BUTTON (find_widget (GTK_WIDGET (editor), GTK_TYPE_SPIN_BUTTON, name));
}

/* Shares of 99 show the message beside them, and saving refuses. */
static void
test_scheme_shares_99 (Fixture       *f,
                       gconstpointer  data)
{
  MaSchemeEditor *editor = open_scheme_editor (f);
  GtkSpinButton *volume = share_spin (editor, "Trips against plan");

  g_assert_cmpstr (ma_scheme_editor_get_share_message (editor), ==, "");
  gtk_spin_button_set_value (volume, 54);
  g_assert_cmpstr (ma_scheme_editor_get_share_message (editor), ==,
                   "The shares add up to 99 %; they must add up to exactly 100 %");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (volume), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Share of Trips against plan, percent");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "scheme.save", NULL));
  g_assert_cmpstr (ma_scheme_editor_get_save_message (editor), ==,
                   "Not saved: The shares add up to 99 %; they must add up to exactly 100 %");
  g_assert_cmpuint (count_scheme_versions (f, "drivers"), ==, 1);

  /* An empty name and a floor above the target are refused too. */
  gtk_spin_button_set_value (volume, 55);
  g_assert_cmpstr (ma_scheme_editor_get_share_message (editor), ==, "");
  gtk_editable_set_text (GTK_EDITABLE (find_row (GTK_WIDGET (editor), "Name")), "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "scheme.save", NULL));
  g_assert_cmpstr (ma_scheme_editor_get_save_message (editor), ==,
                   "Not saved: Name: a scheme needs a name");
  g_assert_cmpuint (count_scheme_versions (f, "drivers"), ==, 1);
}

static gboolean
what_if_ready (gpointer editor)
{
  return ma_scheme_editor_get_what_if (editor, NULL, NULL);
}

/* The what-if budget of an edit is what the store pays once it is saved;
 * saving makes version 2 and leaves version 1 as it was. */
static void
test_scheme_what_if (Fixture       *f,
                     gconstpointer  data)
{
  MaSchemeEditor *editor = open_scheme_editor (f);
  gint64 before = bonus_total (f);
  gint64 current = 0, edited = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(MaScheme) v1 = NULL;

  ma_scheme_editor_set_employee (editor, "E1001");
  gtk_spin_button_set_value (share_spin (editor, "Trips against plan"), 45);
  gtk_spin_button_set_value (share_spin (editor, "On time"), 25);
  g_assert_cmpstr (ma_scheme_editor_get_share_message (editor), ==, "");
  g_assert_true (iterate_until (what_if_ready, editor));
  g_assert_true (ma_scheme_editor_get_what_if (editor, &current, &edited));
  g_assert_cmpint (current, ==, before);
  g_assert_cmpint (edited, !=, before);
  /* Tall enough to show the what-if under the example. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1366, 1120);
  save_screenshot (GTK_WIDGET (f->window), "scheme-editor.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "scheme.save", NULL));
  g_assert_cmpstr (ma_scheme_editor_get_save_message (editor), ==,
                   "Saved as version 2 of “Drivers 55/15/10/10/10”");
  g_assert_cmpuint (count_scheme_versions (f, "drivers"), ==, 2);
  g_assert_cmpint (bonus_total (f), ==, edited);
  v1 = ma_store_get_scheme (f->data.store, "drivers", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (ma_scheme_find_component (v1, "volume")->share, ==, 55);

  /* The editor now edits version 2, unchanged: nothing to save. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "scheme.save", NULL));
  g_assert_cmpstr (ma_scheme_editor_get_save_message (editor), ==,
                   "Nothing to save: the scheme is as stored");
  g_assert_cmpuint (count_scheme_versions (f, "drivers"), ==, 2);
}

static gboolean
grid_loaded (gpointer grid)
{
  return !ma_kpi_grid_is_loading (grid) && ma_kpi_grid_get_cell (grid, "E1001", "volume", FALSE) != NULL;
}

static MaKpiGrid *
open_kpi_grid (Fixture *f)
{
  MaPayView *pay = ma_window_get_pay_view (f->window);
  MaKpiGrid *grid = ma_pay_view_get_kpi_grid (pay);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "pay"));
  ma_pay_view_set_page (pay, "kpi");
  ma_kpi_grid_set_period (grid, PERIOD);
  g_assert_true (iterate_until (grid_loaded, grid));
  return grid;
}

static const MaKpi *
find_kpi (GPtrArray  *kpis,
          const char *employee)
{
  for (guint i = 0; i < kpis->len; i++)
    {
      const MaKpi *kpi = g_ptr_array_index (kpis, i);

      if (g_strcmp0 (kpi->employee, employee) == 0 && g_strcmp0 (kpi->component, "volume") == 0)
        return kpi;
    }
  g_error ("no KPI figure of %s", employee);
}

static gboolean
message_starts (gpointer data)
{
  gpointer *args = data;

  return g_str_has_prefix (ma_kpi_grid_get_message (args[0]), args[1]);
}

/* A block of three rows and two columns (actual, plan) pasted from a
 * spreadsheet stores its six figures; a block with a bad cell stores none. */
static void
test_kpi_paste (Fixture       *f,
                gconstpointer  data)
{
  MaKpiGrid *grid = open_kpi_grid (f);
  GtkWidget *first = ma_kpi_grid_get_cell (grid, "E1001", "volume", FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) kpis = NULL;
  gpointer saved[] = { grid, "Pasted" };
  gpointer refused[] = { grid, "Nothing pasted" };

  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (first), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Иван Петров, Trips against plan, actual");
  gtk_widget_grab_focus (first);
  iterate_a_little ();

  gdk_clipboard_set_text (gtk_widget_get_clipboard (first), "101\t111\n1 002,5\t1 200\n0\t7\n");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (grid), "kpi.paste", NULL));
  g_assert_true (iterate_until (message_starts, saved));
  g_assert_cmpstr (ma_kpi_grid_get_message (grid), ==, "Pasted and saved 6 figures");

  kpis = ma_store_list_kpis (f->data.store, PERIOD, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (find_kpi (kpis, "E1001")->actual, ==, 101);
  g_assert_cmpfloat (find_kpi (kpis, "E1001")->plan, ==, 111);
  g_assert_cmpfloat (find_kpi (kpis, "E1002")->actual, ==, 1002.5);
  g_assert_cmpfloat (find_kpi (kpis, "E1002")->plan, ==, 1200);
  g_assert_cmpfloat (find_kpi (kpis, "E1003")->actual, ==, 0);
  g_assert_cmpfloat (find_kpi (kpis, "E1003")->plan, ==, 7);
  g_clear_pointer (&kpis, g_ptr_array_unref);

  /* A plan of 0 in the second row: nothing of the block is saved. */
  gtk_widget_grab_focus (first);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (first), "5\t6\n7\t0\n");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (grid), "kpi.paste", NULL));
  g_assert_true (iterate_until (message_starts, refused));
  kpis = ma_store_list_kpis (f->data.store, PERIOD, &error);
  g_assert_cmpfloat (find_kpi (kpis, "E1001")->actual, ==, 101);
  g_assert_cmpfloat (find_kpi (kpis, "E1002")->plan, ==, 1200);
  save_screenshot (GTK_WIDGET (f->window), "kpi-grid.png");
}

/* A figure typed into a cell is saved when the cell is left; a figure
 * that is not a number shows its message and saves nothing. */
static void
test_kpi_typing (Fixture       *f,
                 gconstpointer  data)
{
  MaKpiGrid *grid = open_kpi_grid (f);
  GtkWidget *actual = ma_kpi_grid_get_cell (grid, "E1001", "volume", FALSE);
  GtkWidget *plan = ma_kpi_grid_get_cell (grid, "E1001", "volume", TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) kpis = ma_store_list_kpis (f->data.store, PERIOD, &error);
  double stored = find_kpi (kpis, "E1001")->actual;

  gtk_widget_grab_focus (actual);
  gtk_editable_set_text (GTK_EDITABLE (actual), "many");
  gtk_widget_grab_focus (plan);
  iterate_a_little ();
  g_assert_cmpstr (ma_kpi_grid_get_message (grid), ==,
                   "Иван Петров, Trips against plan, actual: \"many\" is not a number");
  g_assert_true (gtk_widget_has_css_class (actual, "error"));
  g_clear_pointer (&kpis, g_ptr_array_unref);
  kpis = ma_store_list_kpis (f->data.store, PERIOD, &error);
  g_assert_cmpfloat (find_kpi (kpis, "E1001")->actual, ==, stored);

  gtk_widget_grab_focus (actual);
  gtk_editable_set_text (GTK_EDITABLE (actual), "42,5");
  gtk_widget_grab_focus (plan);
  iterate_a_little ();
  g_assert_false (gtk_widget_has_css_class (actual, "error"));
  g_clear_pointer (&kpis, g_ptr_array_unref);
  kpis = ma_store_list_kpis (f->data.store, PERIOD, &error);
  g_assert_cmpfloat (find_kpi (kpis, "E1001")->actual, ==, 42.5);
}

static guint
count_employees (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) employees = ma_store_list_employees (f->data.store, &error);

  g_assert_no_error (error);
  return employees->len;
}

/* A new employee with wrong fields shows a message beside each and is
 * not saved; corrected, it is. An employee who left keeps their record. */
static void
test_directory_form (Fixture       *f,
                     gconstpointer  data)
{
  MaDirectoryView *view = ma_window_get_directory_view (f->window);
  guint before = count_employees (f);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "people"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "directory.add", NULL));
  gtk_editable_set_text (ma_directory_view_get_field (view, "code"), "N0001");
  gtk_editable_set_text (ma_directory_view_get_field (view, "name"), "");
  gtk_editable_set_text (ma_directory_view_get_field (view, "position"), "driver");
  gtk_editable_set_text (ma_directory_view_get_field (view, "base-pay"), "sixty thousand");
  gtk_editable_set_text (ma_directory_view_get_field (view, "active-from"), "31.02.2026");
  g_assert_cmpstr (ma_directory_view_get_message (view, "name"), ==, "A name is required");
  g_assert_cmpstr (ma_directory_view_get_message (view, "base-pay"), ==,
                   "\"sixty thousand\" is not a number");
  g_assert_cmpstr (ma_directory_view_get_message (view, "active-from"), ==,
                   "\"31.02.2026\" is not a day of the calendar");
  g_assert_cmpstr (ma_directory_view_get_message (view, "parent"), ==, "A branch is required");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "directory.save", NULL));
  g_assert_cmpstr (ma_directory_view_get_status (view), ==, "Not saved: correct the fields marked in red");
  g_assert_cmpuint (count_employees (f), ==, before);

  gtk_editable_set_text (ma_directory_view_get_field (view, "name"), "Nina New");
  gtk_editable_set_text (ma_directory_view_get_field (view, "base-pay"), "60 000,50");
  gtk_editable_set_text (ma_directory_view_get_field (view, "active-from"), "01.11.2026");
  ma_directory_view_set_parent (view, "MSK-01");
  g_assert_cmpstr (ma_directory_view_get_message (view, "name"), ==, "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "directory.save", NULL));
  g_assert_cmpstr (ma_directory_view_get_status (view), ==, "Saved “N0001”");
  g_assert_cmpuint (count_employees (f), ==, before + 1);

  /* She leaves: the record stays, with her last day. */
  gtk_editable_set_text (ma_directory_view_get_field (view, "active-to"), "2026-12-31");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "directory.save", NULL));
  g_assert_cmpuint (count_employees (f), ==, before + 1);
  gtk_editable_set_text (ma_directory_view_get_field (view, "active-to"), "2026-10-31");
  g_assert_cmpstr (ma_directory_view_get_message (view, "active-to"), ==,
                   "The last day (2026-10-31) is before the first (2026-11-01)");
}

/* The import dialog lists the problems of a file by line and writes
 * nothing; a correct file is written on "Import". */
static void
test_directory_import (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  static const char bad_text[] = "Табельный номер;ФИО;Филиал;Должность;Оклад\n"
                                 "X1;Анна;MSK-01;driver;50 000\n"
                                 "X2;;MSK-01;driver;50 000\n"
                                 "X3;Борис;NOWHERE;driver;abc\n";
  static const char good_text[] = "code,name,branch,position,base pay\n"
                                  "X1,Anna,MSK-01,driver,50000\n";
  g_autoptr(GBytes) bad = g_bytes_new_static (bad_text, strlen (bad_text));
  g_autoptr(GBytes) good = g_bytes_new_static (good_text, strlen (good_text));
  guint before = count_employees (f);
  const MaImportPreview *preview;
  const MaImportProblem *problem;
  MaImportDialog *dialog;

  dialog = ma_import_dialog_new (GTK_WINDOW (f->window), f->data.store, MA_IMPORT_EMPLOYEES, NULL,
                                 "hr.csv", bad, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (dialog));
  preview = ma_import_dialog_get_preview (dialog);
  g_assert_cmpuint (preview->problems->len, ==, 3);
  problem = g_ptr_array_index (preview->problems, 0);
  g_assert_cmpuint (problem->line, ==, 3);
  g_assert_cmpstr (problem->message, ==, "Name: A name is required");
  problem = g_ptr_array_index (preview->problems, 2);
  g_assert_cmpuint (problem->line, ==, 4);
  g_assert_cmpstr (problem->message, ==, "Base pay: \"abc\" is not a number");
  g_assert_cmpuint (count_employees (f), ==, before);

  /* Leaving the name out makes the name a required field nobody maps. */
  ma_import_dialog_set_column (dialog, MA_EMPLOYEE_FIELD_NAME, -1);
  preview = ma_import_dialog_get_preview (dialog);
  problem = g_ptr_array_index (preview->problems, 0);
  g_assert_cmpuint (problem->line, ==, 0);
  g_assert_cmpstr (problem->message, ==, "Choose the column that holds “Name”");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.cancel", NULL));
  iterate_a_little ();
  g_assert_cmpuint (count_employees (f), ==, before);

  dialog = ma_import_dialog_new (GTK_WINDOW (f->window), f->data.store, MA_IMPORT_EMPLOYEES, NULL,
                                 "hr.csv", good, &error);
  g_assert_no_error (error);
  preview = ma_import_dialog_get_preview (dialog);
  g_assert_cmpuint (preview->problems->len, ==, 0);
  g_assert_cmpuint (preview->n_added, ==, 1);
  g_assert_cmpuint (count_employees (f), ==, before);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.commit", NULL));
  iterate_a_little ();
  g_assert_cmpuint (count_employees (f), ==, before + 1);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/pay/scheme/shares-99", test_scheme_shares_99);
  ADD ("/pay/scheme/what-if", test_scheme_what_if);
  ADD ("/pay/kpi/paste", test_kpi_paste);
  ADD ("/pay/kpi/typing", test_kpi_typing);
  ADD ("/pay/directory/form", test_directory_form);
  ADD ("/pay/directory/import", test_directory_import);
#undef ADD
  {
    int status = g_test_run ();

    ma_test_demo_remove ();
    return status;
  }
}
