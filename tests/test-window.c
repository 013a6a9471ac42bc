/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "ma-application.h"
#include "ma-test-audits.h"
#include "ma-window.h"

typedef struct {
  MaTestStore  data;
  MaWindow    *window;
  MaAuditList *list;
} Fixture;

/* Runs the main loop until @done says so, for at most five seconds. */
static gboolean
iterate_until (gboolean (*done) (gpointer), gpointer data)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
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

static void
open_window (Fixture *f,
             int      width,
             int      height)
{
  f->window = ma_window_new (NULL, f->data.store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, height);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (iterate_until (is_mapped, f->window));
  f->list = ma_window_get_audit_list (f->window);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  ma_test_store_open (&f->data);
  ma_test_store_add_basics (&f->data);
  ma_test_store_add_audit (&f->data, 1, "2026-10-20T10:00:00+03:00", "SPB-01", MA_AUDIT_APPROVED, TRUE, 30);
  ma_test_store_add_audit (&f->data, 2, "2026-10-12T10:00:00+03:00", "MSK-01", MA_AUDIT_SUBMITTED, TRUE, 300);
  ma_test_store_add_audit (&f->data, 3, "2026-10-05T10:00:00+03:00", "SPB-01", MA_AUDIT_APPROVED, FALSE, 30);
  ma_test_store_add_audit (&f->data, 4, "2026-09-01T10:00:00+03:00", "SPB-01", MA_AUDIT_DRAFT, FALSE, 0);
  ma_test_store_add_audit (&f->data, 5, "2026-08-15T10:00:00+03:00", "MSK-01", MA_AUDIT_APPROVED, TRUE, 30);
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

/* The descendants of @widget of @type that are drawn and have the
 * accessible @label (NULL: any). */
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
      g_autofree char *mismatch = NULL;

      if (label != NULL)
        mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                       GTK_ACCESSIBLE_PROPERTY_LABEL, label);
      if (mismatch == NULL)
        g_ptr_array_add (found, widget);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
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
  g_assert_cmpuint (found->len, ==, 1);
  return g_ptr_array_index (found, 0);
}

typedef struct {
  GtkWidget  *root;
  const char *text;
  guint       expected;
} LabelCount;

static guint
count_labels (GtkWidget  *widget,
              const char *text)
{
  guint n = 0;

  if (!gtk_widget_get_mapped (widget))
    return 0;
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    n++;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_labels (child, text);
  return n;
}

static gboolean
labels_counted (gpointer data)
{
  LabelCount *count = data;

  return count_labels (count->root, count->text) == count->expected;
}

/* Waits until the list shows @expected cells with @text. */
static void
assert_cells (Fixture    *f,
              const char *text,
              guint       expected)
{
  GtkWidget *view = find_widget (GTK_WIDGET (f->list), GTK_TYPE_COLUMN_VIEW, NULL);
  LabelCount count = { view, text, expected };

  if (!iterate_until (labels_counted, &count))
    g_error ("the list shows %u cells “%s”, not %u", count_labels (view, text), text, expected);
}

static guint
n_rows (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (ma_audit_list_get_model (f->list)));
}

/* The subtitle of the content's header: how many audits pass. */
static const char *
content_subtitle (Fixture *f)
{
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();

  collect (GTK_WIDGET (f->window), ADW_TYPE_WINDOW_TITLE, NULL, titles);
  for (guint i = 0; i < titles->len; i++)
    if (g_strcmp0 (adw_window_title_get_title (g_ptr_array_index (titles, i)), "Audits") == 0)
      return adw_window_title_get_subtitle (g_ptr_array_index (titles, i));
  g_assert_not_reached ();
}

static void
test_rows_shown (Fixture       *f,
                 gconstpointer  user_data)
{
  GtkWidget *view;

  open_window (f, 1366, 768);
  g_assert_cmpstr (ma_window_get_view (f->window), ==, "audits");
  g_assert_cmpstr (ma_audit_list_get_visible_page (f->list), ==, "list");
  g_assert_cmpuint (n_rows (f), ==, 5);
  g_assert_cmpstr (content_subtitle (f), ==, "5 audits");

  view = find_widget (GTK_WIDGET (f->list), GTK_TYPE_COLUMN_VIEW, "Audits");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)))), ==, 5);
  /* Names from the directory, not codes; newest first. */
  assert_cells (f, "Nevsky 12", 3);
  assert_cells (f, "Tverskaya 7", 2);
  assert_cells (f, "Иван Петров", 3);
  assert_cells (f, "Store visit v1", 5);
  assert_cells (f, "2026-10-20 10:00", 1);
  assert_cells (f, "100.0 %", 2);
  assert_cells (f, "0.0 % (critical: q2)", 1);
  assert_cells (f, "—", 1);
  assert_cells (f, "Approved", 3);
}

static void
test_filters (Fixture       *f,
              gconstpointer  user_data)
{
  GtkWidget *root;
  GtkWidget *status, *branch, *period;
  GtkWidget *search;

  open_window (f, 1366, 768);
  root = GTK_WIDGET (f->list);
  status = find_widget (root, GTK_TYPE_DROP_DOWN, "Status");
  branch = find_widget (root, GTK_TYPE_DROP_DOWN, "Branch");
  period = find_widget (root, GTK_TYPE_DROP_DOWN, "Month of the visit");
  search = find_widget (root, GTK_TYPE_SEARCH_ENTRY, "Search audits");

  /* Through the action, as a shortcut or a menu would. */
  g_assert_true (gtk_widget_activate_action (root, "audits.status", "s", "approved"));
  g_assert_cmpuint (n_rows (f), ==, 3);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (status)), ==, 3);
  assert_cells (f, "Approved", 3);
  assert_cells (f, "Submitted", 0);

  /* Through the widget, as a person would. Branches come by code order. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (branch), 1);
  g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (GTK_DROP_DOWN (branch))),
                   ==, "Tverskaya 7");
  g_assert_cmpuint (n_rows (f), ==, 1);
  g_assert_cmpstr (content_subtitle (f), ==, "1 audit");
  assert_cells (f, "Tverskaya 7", 1);

  /* Months present, newest first, after "All months". */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (period))), ==, 4);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (period), 1);
  g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (GTK_DROP_DOWN (period))),
                   ==, "October 2026");
  g_assert_cmpuint (n_rows (f), ==, 0);
  g_assert_cmpstr (ma_audit_list_get_visible_page (f->list), ==, "no-results");

  g_assert_true (gtk_widget_activate_action (root, "audits.clear-filters", NULL));
  g_assert_cmpuint (n_rows (f), ==, 5);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (status)), ==, 0);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (branch)), ==, 0);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (period)), ==, 0);
  g_assert_cmpstr (ma_audit_list_get_visible_page (f->list), ==, "list");

  /* The search, typed into the entry. */
  gtk_editable_set_text (GTK_EDITABLE (search), "Tverskaya");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (n_rows (f), ==, 2);
  g_assert_true (gtk_widget_activate_action (root, "audits.search", "s", ""));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "");
  g_assert_cmpuint (n_rows (f), ==, 5);

  /* A status that does not exist means every status, not an error. */
  g_assert_true (gtk_widget_activate_action (root, "audits.status", "s", "lost"));
  g_assert_cmpuint (n_rows (f), ==, 5);
}

static void
test_accessible_names (Fixture       *f,
                       gconstpointer  user_data)
{
  GtkWidget *root;

  open_window (f, 1366, 768);
  root = GTK_WIDGET (f->window);

  gtk_test_accessible_assert_role (find_widget (root, GTK_TYPE_DROP_DOWN, "Status"),
                                   GTK_ACCESSIBLE_ROLE_COMBO_BOX);
  gtk_test_accessible_assert_role (find_widget (root, GTK_TYPE_DROP_DOWN, "Branch"),
                                   GTK_ACCESSIBLE_ROLE_COMBO_BOX);
  gtk_test_accessible_assert_role (find_widget (root, GTK_TYPE_DROP_DOWN, "Month of the visit"),
                                   GTK_ACCESSIBLE_ROLE_COMBO_BOX);
  gtk_test_accessible_assert_role (find_widget (root, GTK_TYPE_SEARCH_ENTRY, "Search audits"),
                                   GTK_ACCESSIBLE_ROLE_SEARCH_BOX);
  g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (find_widget (root, GTK_TYPE_COLUMN_VIEW, "Audits")),
                                               GTK_ACCESSIBLE_ROLE_TREE_GRID));
  gtk_test_accessible_assert_property (find_widget (root, GTK_TYPE_MENU_BUTTON, NULL),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Main Menu");
  gtk_test_accessible_assert_property (find_widget (root, GTK_TYPE_LIST_BOX, NULL),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Views");
}

static gboolean
is_folded (gpointer leaflet)
{
  return adw_leaflet_get_folded (leaflet);
}

static gboolean
shows_sidebar (gpointer leaflet)
{
  return g_strcmp0 (adw_leaflet_get_visible_child_name (leaflet), "sidebar") == 0;
}

static void
test_views_and_narrow (Fixture       *f,
                       gconstpointer  user_data)
{
  GtkWidget *leaflet;
  GtkWidget *back;
  g_autoptr(GPtrArray) backs = g_ptr_array_new ();

  open_window (f, 360, 720);
  leaflet = find_widget (GTK_WIDGET (f->window), ADW_TYPE_LEAFLET, NULL);
  g_assert_true (iterate_until (is_folded, leaflet));
  /* Folded, the window opens on the audits, with a way back to the views. */
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (ADW_LEAFLET (leaflet)), ==, "content");
  back = find_widget (GTK_WIDGET (f->window), GTK_TYPE_BUTTON, "Back to the views");
  g_assert_true (gtk_widget_get_visible (back));

  /* A button activated from the keyboard clicks after its press shows. */
  gtk_widget_activate (back);
  g_assert_true (iterate_until (shows_sidebar, leaflet));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "reports"));
  g_assert_cmpstr (ma_window_get_view (f->window), ==, "reports");
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (ADW_LEAFLET (leaflet)), ==, "content");

  /* Ctrl+F's action brings the audits back and the focus to the search. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL));
  g_assert_cmpstr (ma_window_get_view (f->window), ==, "audits");
  iterate_a_little ();
  g_assert_true (GTK_IS_SEARCH_ENTRY (gtk_widget_get_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                                               GTK_TYPE_SEARCH_ENTRY)));

  /* Wide, nothing folds and there is no back button. */
  gtk_window_destroy (GTK_WINDOW (f->window));
  open_window (f, 1024, 600);
  leaflet = find_widget (GTK_WIDGET (f->window), ADW_TYPE_LEAFLET, NULL);
  iterate_a_little ();
  g_assert_false (adw_leaflet_get_folded (ADW_LEAFLET (leaflet)));
  collect (GTK_WIDGET (f->window), GTK_TYPE_BUTTON, "Back to the views", backs);
  g_assert_cmpuint (backs->len, ==, 0);
}

static gboolean
shows_list (gpointer page)
{
  return ma_audits_page_get_form (page) == NULL;
}

static guint
count_back_arrows (GPtrArray *buttons)
{
  guint n = 0;

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_icon_name (g_ptr_array_index (buttons, i)), "go-previous-symbolic") == 0)
      n++;
  return n;
}

/* Folded, an open form has one back arrow, the header's: it leads to the
 * list, and from there the same arrow leads to the views. */
static void
test_narrow_form_one_back_button (Fixture       *f,
                                  gconstpointer  user_data)
{
  MaAuditsPage *page;
  GtkWidget *leaflet;
  g_autoptr(GPtrArray) backs = g_ptr_array_new ();
  g_autoptr(GPtrArray) others = g_ptr_array_new ();

  open_window (f, 360, 720);
  leaflet = find_widget (GTK_WIDGET (f->window), ADW_TYPE_LEAFLET, NULL);
  g_assert_true (iterate_until (is_folded, leaflet));
  page = ma_window_get_audits_page (f->window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "audits-page.open", "s",
                                             "00000000-0000-4000-8000-000000000004"));
  g_assert_nonnull (ma_audits_page_get_form (page));
  iterate_a_little ();

  collect (GTK_WIDGET (f->window), GTK_TYPE_BUTTON, NULL, others);
  g_assert_cmpuint (count_back_arrows (others), ==, 1);
  g_ptr_array_set_size (others, 0);
  collect (GTK_WIDGET (f->window), GTK_TYPE_BUTTON, "Back to the audit list", backs);
  g_assert_cmpuint (backs->len, ==, 1);
  collect (GTK_WIDGET (f->window), GTK_TYPE_BUTTON, "Back to the views", others);
  g_assert_cmpuint (others->len, ==, 0);

  gtk_widget_activate (g_ptr_array_index (backs, 0));
  g_assert_true (iterate_until (shows_list, page));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (ADW_LEAFLET (leaflet)), ==, "content");
  iterate_a_little ();
  g_assert_true (gtk_widget_get_mapped (find_widget (GTK_WIDGET (f->window), GTK_TYPE_BUTTON, "Back to the views")));

  /* Wide again, the form brings its own arrow back. */
  gtk_window_destroy (GTK_WINDOW (f->window));
  open_window (f, 1366, 768);
  page = ma_window_get_audits_page (f->window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "audits-page.open", "s",
                                             "00000000-0000-4000-8000-000000000004"));
  iterate_a_little ();
  g_assert_true (gtk_widget_get_mapped (find_widget (GTK_WIDGET (f->window), GTK_TYPE_BUTTON,
                                                     "Back to the audit list")));
}

static void
test_size_remembered (Fixture       *f,
                      gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.mysteryaudit.MysteryAudit");
  int width, height;

  open_window (f, 1024, 600);
  gtk_window_close (GTK_WINDOW (f->window));
  f->window = NULL;
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1024);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 600);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  f->window = ma_window_new (NULL, f->data.store, NULL);
  gtk_window_get_default_size (GTK_WINDOW (f->window), &width, &height);
  g_assert_cmpint (width, ==, 1024);
  g_assert_cmpint (height, ==, 600);
}

static void
test_empty_database (void)
{
  Fixture fixture = { 0 };
  Fixture *f = &fixture;

  ma_test_store_open (&f->data);
  open_window (f, 1024, 600);
  g_assert_cmpuint (n_rows (f), ==, 0);
  g_assert_cmpstr (ma_audit_list_get_visible_page (f->list), ==, "empty");
  /* No filters over nothing. */
  {
    g_autoptr(GPtrArray) found = g_ptr_array_new ();

    collect (GTK_WIDGET (f->list), GTK_TYPE_DROP_DOWN, NULL, found);
    collect (GTK_WIDGET (f->list), GTK_TYPE_SEARCH_ENTRY, NULL, found);
    g_assert_cmpuint (found->len, ==, 0);
  }
  fixture_tear_down (f, NULL);
}

static void
test_open_error (void)
{
  g_autoptr(GError) error = g_error_new (MA_STORE_ERROR, MA_STORE_ERROR_NEWER_SCHEMA,
                                         "/tmp/x & y.db was made by a newer version");
  MaWindow *window = ma_window_new (NULL, NULL, error);
  GtkWidget *page;
  GtkWidget *lists;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (iterate_until (is_mapped, window));

  page = find_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, NULL);
  /* Shown as written, not read as markup. */
  g_assert_cmpstr (adw_status_page_get_description (ADW_STATUS_PAGE (page)), ==,
                   "/tmp/x &amp; y.db was made by a newer version");
  g_assert_cmpuint (count_labels (GTK_WIDGET (window), "/tmp/x & y.db was made by a newer version"), ==, 1);
  /* Nothing of the audits is shown. */
  {
    g_autoptr(GPtrArray) found = g_ptr_array_new ();

    collect (GTK_WIDGET (window), MA_TYPE_AUDIT_LIST, NULL, found);
    g_assert_cmpuint (found->len, ==, 0);
  }
  lists = find_widget (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, "Main Menu");
  g_assert_nonnull (lists);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_a_little ();
}

static void
test_application_actions (void)
{
  g_autoptr(MaApplication) app = ma_application_new ();

  g_assert_cmpstr (g_application_get_application_id (G_APPLICATION (app)), ==,
                   "io.github.mysteryaudit.MysteryAudit");
  g_assert_true (g_action_map_lookup_action (G_ACTION_MAP (app), "quit") != NULL);
  g_assert_true (g_action_map_lookup_action (G_ACTION_MAP (app), "about") != NULL);
  g_assert_true (g_action_map_lookup_action (G_ACTION_MAP (app), "shortcuts") != NULL);
  /* Preferences (backups, restoring, the import history), and restoring a
   * damaged database. (The action map: the action group of an application
   * wants it registered, and a test has no session bus.) */
  g_assert_true (g_action_map_lookup_action (G_ACTION_MAP (app), "preferences") != NULL);
  g_assert_true (g_action_map_lookup_action (G_ACTION_MAP (app), "restore-backup") != NULL);
  g_assert_true (g_action_map_lookup_action (G_ACTION_MAP (app), "restore-newest-backup") != NULL);
  g_assert_null (ma_application_get_store (app));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/window/rows-shown", Fixture, NULL, fixture_set_up, test_rows_shown, fixture_tear_down);
  g_test_add ("/window/filters", Fixture, NULL, fixture_set_up, test_filters, fixture_tear_down);
  g_test_add ("/window/accessible-names", Fixture, NULL, fixture_set_up, test_accessible_names, fixture_tear_down);
  g_test_add ("/window/views-and-narrow", Fixture, NULL, fixture_set_up, test_views_and_narrow, fixture_tear_down);
  g_test_add ("/window/narrow-form-one-back-button", Fixture, NULL, fixture_set_up,
              test_narrow_form_one_back_button, fixture_tear_down);
  g_test_add ("/window/size-remembered", Fixture, NULL, fixture_set_up, test_size_remembered, fixture_tear_down);
  g_test_add_func ("/window/empty-database", test_empty_database);
  g_test_add_func ("/window/open-error", test_open_error);
  g_test_add_func ("/window/application-actions", test_application_actions);

  return g_test_run ();
}
