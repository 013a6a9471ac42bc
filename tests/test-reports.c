/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ma-bonus-view.h"
#include "ma-comparison-view.h"
#include "ma-demo.h"
#include "ma-heatmap.h"
#include "ma-money.h"
#include "ma-reports-view.h"
#include "ma-standards-view.h"
#include "ma-statement-window.h"
#include "ma-test-audits.h"
#include "ma-trend-chart.h"
#include "ma-window.h"

#define PERIOD "2026-10"

typedef struct {
  MaTestStore    data;
  MaWindow      *window;
  MaReportsView *reports;
  char          *out_dir;
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

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static gboolean
bonus_ready (gpointer view)
{
  return !ma_bonus_view_is_busy (view) && ma_bonus_view_get_statement (view) != NULL;
}

static gboolean
comparison_ready (gpointer view)
{
  return !ma_comparison_view_is_busy (view) && ma_comparison_view_get_comparison (view) != NULL;
}

static gboolean
standards_ready (gpointer view)
{
  return !ma_standards_view_is_busy (view) && ma_standards_view_get_rollup (view) != NULL;
}

static gboolean
bonus_idle (gpointer view)
{
  return !ma_bonus_view_is_busy (view);
}

static gboolean
comparison_idle (gpointer view)
{
  return !ma_comparison_view_is_busy (view);
}

/* The demo, plus an employee whose name a spreadsheet would run as a
 * formula. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *templates = ma_demo_find_templates_dir ();
  g_autoptr(MaEmployee) employee = ma_employee_new ();

  ma_test_store_open (&f->data);
  g_assert_true (ma_demo_populate (f->data.store, templates, &error));
  g_assert_no_error (error);
  employee->code = g_strdup ("E9999");
  employee->name = g_strdup ("=HYPERLINK(\"http://evil.example\",\"x\")");
  employee->branch = g_strdup ("SPB-01");
  employee->position = g_strdup ("driver");
  employee->base_pay = 5000000;
  employee->currency = g_strdup ("RUB");
  g_assert_true (ma_store_save_employee (f->data.store, employee, NULL, &error));
  g_assert_no_error (error);

  f->out_dir = g_dir_make_tmp ("ma-reports-XXXXXX", &error);
  g_assert_no_error (error);

  f->window = ma_window_new (NULL, f->data.store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (iterate_until (is_mapped, f->window));
  f->reports = MA_REPORTS_VIEW (ma_window_get_reports_view (f->window));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "reports");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autoptr(GDir) dir = g_dir_open (f->out_dir, 0, NULL);
  const char *name;

  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->out_dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (f->out_dir);
  g_free (f->out_dir);
  ma_test_store_close (&f->data);
}

static MaBonusView *
open_bonus (Fixture    *f,
            const char *period)
{
  MaBonusView *view = ma_reports_view_get_bonus_view (f->reports);

  ma_reports_view_show (f->reports, "bonus");
  g_assert_true (iterate_until (bonus_ready, view));
  ma_bonus_view_set_period (view, period);
  g_assert_true (iterate_until (bonus_ready, view));
  g_assert_cmpstr (ma_bonus_view_get_statement (view)->period, ==, period);
  return view;
}

static char *
run_capture (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* The texts of the GtkLabels under @widget (the table's visible cells). */
static void
collect_labels (GtkWidget  *widget,
                GHashTable *texts)
{
  if (GTK_IS_LABEL (widget))
    g_hash_table_add (texts, g_strdup (gtk_label_get_text (GTK_LABEL (widget))));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, texts);
}

/* The dropdown under @widget whose first item is @first. */
static GtkDropDown *
find_dropdown (GtkWidget  *widget,
               const char *first)
{
  GtkDropDown *found = NULL;

  if (GTK_IS_DROP_DOWN (widget))
    {
      GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (widget));

      if (GTK_IS_STRING_LIST (model) && g_list_model_get_n_items (model) > 0
          && g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), first) == 0)
        return GTK_DROP_DOWN (widget);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL && found == NULL;
       child = gtk_widget_get_next_sibling (child))
    found = find_dropdown (child, first);
  return found;
}

static gboolean
string_list_has (GtkStringList *list,
                 const char    *text)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (list, i), text) == 0)
      return TRUE;
  return FALSE;
}

/* ---- tests --------------------------------------------------------------- */

/* Positions and schemes are shown as people read them: the position's
 * label and the scheme's name, never the codes they are stored by; the
 * filters still match by code. */
static void
test_bonus_names (Fixture       *f,
                  gconstpointer  user_data)
{
  MaBonusView *view = open_bonus (f, PERIOD);
  g_autoptr(GHashTable) cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const MaBonusStatement *statement = ma_bonus_view_get_statement (view);
  GtkDropDown *positions_dropdown, *schemes_dropdown;
  GtkStringList *positions, *schemes;
  guint all = ma_bonus_view_get_n_shown (view);
  guint drivers = 0;

  /* Past the first frames, so that the visible rows are bound. */
  for (guint i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  collect_labels (GTK_WIDGET (view), cells);
  g_assert_true (g_hash_table_contains (cells, "Driver"));
  g_assert_true (g_hash_table_contains (cells, "Drivers 55/15/10/10/10"));
  g_assert_false (g_hash_table_contains (cells, "driver"));
  g_assert_false (g_hash_table_contains (cells, "drivers"));

  positions_dropdown = find_dropdown (GTK_WIDGET (view), "All positions");
  g_assert_nonnull (positions_dropdown);
  positions = GTK_STRING_LIST (gtk_drop_down_get_model (positions_dropdown));
  g_assert_true (string_list_has (positions, "Driver"));
  g_assert_true (string_list_has (positions, "Sales consultant"));
  g_assert_true (string_list_has (positions, "Call desk operator"));
  g_assert_false (string_list_has (positions, "driver"));
  schemes_dropdown = find_dropdown (GTK_WIDGET (view), "All schemes");
  g_assert_nonnull (schemes_dropdown);
  schemes = GTK_STRING_LIST (gtk_drop_down_get_model (schemes_dropdown));
  g_assert_true (string_list_has (schemes, "Drivers 55/15/10/10/10"));
  g_assert_true (string_list_has (schemes, "Sales and call desk 40/25/20/15"));
  g_assert_false (string_list_has (schemes, "drivers"));

  /* Choosing "Driver" shows the drivers: the filter matches the code. */
  for (guint i = 0; i < statement->rows->len; i++)
    if (g_strcmp0 (((const MaBonusRow *) g_ptr_array_index (statement->rows, i))->scheme, "drivers") == 0)
      drivers++;
  g_assert_cmpuint (drivers, >, 0);
  g_assert_cmpuint (drivers, <, all);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (positions)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (positions, i), "Driver") == 0)
      gtk_drop_down_set_selected (positions_dropdown, i);
  g_assert_cmpuint (ma_bonus_view_get_n_shown (view), ==, drivers);
  gtk_drop_down_set_selected (positions_dropdown, 0);
  g_assert_cmpuint (ma_bonus_view_get_n_shown (view), ==, all);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (schemes)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (schemes, i), "Drivers 55/15/10/10/10") == 0)
      gtk_drop_down_set_selected (schemes_dropdown, i);
  g_assert_cmpuint (ma_bonus_view_get_n_shown (view), ==, drivers);
}

static void
test_bonus_matches_cli (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  MaBonusView *view = open_bonus (f, PERIOD);
  const MaBonusStatement *shown = ma_bonus_view_get_statement (view);
  const char *cli = g_getenv ("MA_CLI");
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *rows;
  gint64 cli_total = 0, view_total;
  g_autofree char *money = NULL;

  /* The totals line sums what is shown, and all of it is shown. */
  view_total = ma_bonus_view_get_shown_total (view, "RUB");
  g_assert_cmpuint (ma_bonus_view_get_n_shown (view), ==, shown->rows->len);
  money = ma_money_format_locale (view_total, "RUB");
  g_assert_nonnull (strstr (ma_bonus_view_get_totals_text (view), money));

  /* The command line, run on the same file, pays the same. */
  g_assert_nonnull (cli);
  {
    const char *argv[] = { cli, "--db", f->data.path, "bonus", "--period", PERIOD, "--format", "json", NULL };

    json = run_capture (argv);
  }
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  rows = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, shown->rows->len);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      const char *code = json_object_get_string_member (row, "employee");
      const char *total = json_object_get_string_member (row, "total");
      const MaBonusRow *view_row = ma_bonus_statement_find_row (shown, code);
      g_autofree char *plain = NULL;
      gint64 minor = 0;

      g_assert_nonnull (view_row);
      plain = ma_money_format_plain (view_row->total, view_row->currency);
      g_assert_cmpstr (plain, ==, total);
      g_assert_true (ma_money_from_double (g_ascii_strtod (total, NULL), "RUB", &minor, NULL));
      cli_total += minor;
    }
  g_assert_cmpint (cli_total, ==, view_total);

  /* A filter changes what is shown and its totals. */
  ma_bonus_view_set_branch_filter (view, "SPB-01");
  g_assert_cmpuint (ma_bonus_view_get_n_shown (view), <, shown->rows->len);
  g_assert_cmpint (ma_bonus_view_get_shown_total (view, "RUB"), <, view_total);
}

static char *
read_zip_member (const char *path,
                 const char *member)
{
  const char *argv[] = { "/usr/bin/python3", "-c",
                         "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())",
                         path, member, NULL };

  return run_capture (argv);
}

static void
test_exports (Fixture       *f,
              gconstpointer  user_data)
{
  MaBonusView *view = open_bonus (f, PERIOD);
  const MaBonusStatement *statement = ma_bonus_view_get_statement (view);
  g_autofree char *csv_path = g_build_filename (f->out_dir, "bonus.csv", NULL);
  g_autofree char *xlsx_path = g_build_filename (f->out_dir, "bonus.xlsx", NULL);
  g_autofree char *pdf_path = g_build_filename (f->out_dir, "statements.pdf", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *sheet = NULL;
  g_autofree char *strings = NULL;
  g_autofree char *pdf_text = NULL;
  const MaBonusRow *row = ma_bonus_statement_find_row (statement, "E1001");
  const MaBonusRow *evil = ma_bonus_statement_find_row (statement, "E9999");

  g_assert_nonnull (row);
  g_assert_nonnull (evil);
  gtk_widget_activate_action (GTK_WIDGET (view), "bonus.export-to", "(ss)", "csv", csv_path);
  gtk_widget_activate_action (GTK_WIDGET (view), "bonus.export-to", "(ss)", "xlsx", xlsx_path);
  gtk_widget_activate_action (GTK_WIDGET (view), "bonus.export-to", "(ss)", "pdf", pdf_path);
  g_assert_true (iterate_until (bonus_idle, view));

  /* CSV: every total as the screen computes it; the formula-looking name
   * is defused with a quote. */
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  for (guint i = 0; i < statement->rows->len; i++)
    {
      const MaBonusRow *r = g_ptr_array_index (statement->rows, i);
      g_autofree char *total = ma_money_format_plain (r->total, r->currency);
      g_autofree char *line = g_strdup_printf ("%s,total,100,,,%s,", r->scheme, total);

      g_assert_nonnull (strstr (csv, line));
    }
  g_assert_nonnull (strstr (csv, "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\""));

  /* XLSX: the same totals as numbers, the name as a string, no formula. */
  sheet = read_zip_member (xlsx_path, "xl/worksheets/sheet1.xml");
  strings = read_zip_member (xlsx_path, "xl/sharedStrings.xml");
  {
    g_autofree char *value = g_strdup_printf ("<v>%.16g</v>", ma_money_to_double (row->total, "RUB"));

    g_assert_nonnull (strstr (sheet, value));
  }
  g_assert_null (strstr (sheet, "<f>"));
  /* ...and the scheme and components by the names the screen shows, where
   * the CSV above keeps the keys. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) schemes = ma_store_list_schemes (f->data.store, &error);
    const char *scheme_name = NULL;
    const MaBonusComponent *first = g_ptr_array_index (row->components, 0);

    g_assert_no_error (error);
    scheme_name = ma_scheme_list_get_name (schemes, row->scheme, row->scheme_version);
    g_assert_cmpstr (scheme_name, !=, row->scheme);
    g_assert_cmpstr (first->label, !=, first->key);
    g_assert_nonnull (strstr (strings, scheme_name));
    g_assert_nonnull (strstr (strings, first->label));
    g_assert_null (strstr (strings, ">total<"));
  }
  g_assert_nonnull (strstr (strings, ">=HYPERLINK(&quot;http://evil.example&quot;") != NULL ? "" : strstr (strings, ">=HYPERLINK(\"http://evil.example\""));

  /* PDF: one page per employee, with the figures of the screen. */
  {
    const char *argv[] = { "pdftotext", "-layout", pdf_path, "-", NULL };
    const char *info_argv[] = { "pdfinfo", pdf_path, NULL };
    g_autofree char *info = run_capture (info_argv);
    g_autofree char *pages = g_strdup_printf ("Pages:           %u\n", statement->rows->len);
    g_autofree char *total = ma_money_format_locale (row->total, row->currency);
    const MaBonusComponent *c = g_ptr_array_index (row->components, 0);

    pdf_text = run_capture (argv);
    g_assert_nonnull (strstr (info, pages));
    g_assert_nonnull (strstr (pdf_text, row->name));
    /* pdftotext writes the no-break space as a plain one. */
    g_strdelimit (total, "\xc2\xa0", ' ');
    {
      g_autofree char *flat = g_strdup (pdf_text);

      g_strdelimit (flat, "\xc2\xa0", ' ');
      g_assert_nonnull (strstr (flat, "Total bonus"));
      g_assert_nonnull (strstr (flat, c->formula));
    }
  }
}

/* The visible message dialog whose heading starts with @prefix. */
static AdwMessageDialog *
find_dialog (const char *prefix)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window))
          && g_str_has_prefix (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), prefix))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
has_dialog (gpointer prefix)
{
  return find_dialog (prefix) != NULL;
}

static gboolean
statement_closed (gpointer view)
{
  const MaBonusStatement *s = ma_bonus_view_get_statement (view);

  return !ma_bonus_view_is_busy (view) && s != NULL && s->closed;
}

static gboolean
statement_open (gpointer view)
{
  const MaBonusStatement *s = ma_bonus_view_get_statement (view);

  return !ma_bonus_view_is_busy (view) && s != NULL && !s->closed;
}

static void
test_close_void_reopen (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  MaBonusView *view = open_bonus (f, "2026-09");
  const MaBonusStatement *statement;
  const MaBonusRow *row;
  g_autofree char *uuid = NULL;
  gint64 frozen_total;
  AdwMessageDialog *dialog;
  g_autoptr(GPtrArray) log = NULL;

  /* Close from the window, through the confirmation. */
  gtk_widget_activate_action (GTK_WIDGET (view), "bonus.close-period", NULL);
  g_assert_true (iterate_until (has_dialog, "Close"));
  dialog = find_dialog ("Close");
  adw_message_dialog_response (dialog, "close");
  g_assert_true (iterate_until (statement_closed, view));

  statement = ma_bonus_view_get_statement (view);
  row = ma_bonus_statement_find_row (statement, "E1001");
  frozen_total = row->total;
  g_assert_cmpuint (row->audits->len, >, 0);
  uuid = g_strdup (((MaBonusAuditRef *) g_ptr_array_index (row->audits, 0))->uuid);
  g_assert_cmpuint (statement->pending_differences->len, ==, 0);

  /* An audit is voided after the close: the figures stand, the difference
   * is pending. */
  g_assert_true (ma_store_set_audit_status (f->data.store, uuid, MA_AUDIT_VOIDED, "hr",
                                            "visited the wrong branch", &error));
  g_assert_no_error (error);
  gtk_widget_activate_action (GTK_WIDGET (view), "bonus.refresh", NULL);
  g_assert_true (iterate_until (bonus_ready, view));
  statement = ma_bonus_view_get_statement (view);
  g_assert_true (statement->closed);
  g_assert_cmpint (ma_bonus_statement_find_row (statement, "E1001")->total, ==, frozen_total);
  g_assert_cmpuint (statement->pending_differences->len, >, 0);

  /* The employee's statement shows the frozen total and the difference. */
  gtk_widget_activate_action (GTK_WIDGET (view), "bonus.open-statement", "s", "E1001");
  g_assert_true (iterate_until (bonus_idle, view));
  {
    GtkWindow *window = ma_bonus_view_get_statement_window (view);
    g_autofree char *text = NULL;
    g_autofree char *total = ma_money_format_locale (frozen_total, "RUB");

    g_assert_nonnull (window);
    text = ma_statement_document_to_text (ma_statement_window_get_document (MA_STATEMENT_WINDOW (window)));
    g_assert_nonnull (strstr (text, total));
    g_assert_nonnull (strstr (text, "Pending difference"));
    g_assert_nonnull (strstr (text, "Voided since: visited the wrong branch"));
    gtk_window_destroy (window);
  }

  /* Reopen, with a reason that the log keeps. */
  gtk_widget_activate_action (GTK_WIDGET (view), "bonus.reopen-period", NULL);
  g_assert_true (iterate_until (has_dialog, "Reopen"));
  dialog = find_dialog ("Reopen");
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "audit voided after close");
  adw_message_dialog_response (dialog, "reopen");
  g_assert_true (iterate_until (statement_open, view));
  g_assert_cmpint (ma_bonus_statement_find_row (ma_bonus_view_get_statement (view), "E1001")->total, !=,
                   frozen_total);
  log = ma_store_list_period_log (f->data.store, "2026-09", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 2);
  g_assert_cmpstr (((MaLogEntry *) g_ptr_array_index (log, 1))->detail, ==, "audit voided after close");
}

static void
test_comparison (Fixture       *f,
                 gconstpointer  user_data)
{
  MaComparisonView *view = ma_reports_view_get_comparison_view (f->reports);
  const MaComparison *comparison;
  const MaRollupRow *first;
  g_autofree char *pdf_path = g_build_filename (f->out_dir, "comparison.pdf", NULL);
  g_autofree char *csv_path = g_build_filename (f->out_dir, "ranking.csv", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *text = NULL;
  GtkWindow *drilldown;

  ma_reports_view_show (f->reports, "comparison");
  g_assert_true (iterate_until (comparison_ready, view));
  ma_comparison_view_set_range (view, MA_GROUP_BRANCH, "2026-08", "2026-10");
  g_assert_true (iterate_until (comparison_ready, view));
  comparison = ma_comparison_view_get_comparison (view);
  g_assert_cmpstr (comparison->rollup->period_from, ==, "2026-08");
  g_assert_cmpuint (comparison->rollup->rows->len, ==, 12);
  first = g_ptr_array_index (comparison->rollup->rows, 0);
  g_assert_cmpuint (first->rank, ==, 1);

  /* The charts describe themselves to assistive technologies. */
  text = ma_heatmap_describe (comparison);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (ma_comparison_view_get_heatmap (view)),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text);
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (ma_comparison_view_get_heatmap (view)), GTK_ACCESSIBLE_ROLE_IMG);
  g_assert_nonnull (strstr (text, first->name));

  /* Never a person: no employee of the directory appears. */
  g_assert_null (ma_rollup_find_row (comparison->rollup, "E1001"));

  gtk_widget_activate_action (GTK_WIDGET (view), "comparison.export-to", "(ss)", "csv", csv_path);
  gtk_widget_activate_action (GTK_WIDGET (view), "comparison.export-to", "(ss)", "pdf", pdf_path);
  g_assert_true (iterate_until (comparison_idle, view));
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_nonnull (strstr (csv, first->name));
  {
    const char *argv[] = { "pdftotext", pdf_path, "-", NULL };
    g_autofree char *pdf = run_capture (argv);
    const MaFailedQuestion *top = g_ptr_array_index (comparison->failed_overall, 0);

    g_assert_nonnull (strstr (pdf, first->name));
    g_assert_nonnull (strstr (pdf, "Most failed standards"));
    g_assert_nonnull (strstr (pdf, "Chain average"));
    g_assert_nonnull (strstr (pdf, top->template_name));
  }

  /* Drill down from a heatmap cell to the audits behind it. */
  gtk_widget_activate_action (GTK_WIDGET (view), "comparison.drill-down", "(ss)", first->key,
                              (const char *) g_ptr_array_index (comparison->rollup->section_keys, 0));
  g_assert_true (iterate_until (comparison_idle, view));
  drilldown = ma_comparison_view_get_drilldown (view);
  g_assert_nonnull (drilldown);
  {
    g_autofree char *doc = ma_statement_document_to_text (ma_statement_window_get_document (MA_STATEMENT_WINDOW (drilldown)));

    g_assert_nonnull (strstr (doc, first->name));
    g_assert_nonnull (strstr (doc, first->key));
  }
  gtk_window_destroy (drilldown);
}

static void
test_standards (Fixture       *f,
                gconstpointer  user_data)
{
  MaStandardsView *view = ma_reports_view_get_standards_view (f->reports);
  g_autofree char *path = g_build_filename (f->out_dir, "standards.csv", NULL);
  g_autofree char *csv = NULL;
  const MaRollupStandard *standard;

  ma_reports_view_show (f->reports, "standards");
  g_assert_true (iterate_until (standards_ready, view));
  ma_standards_view_set_range (view, MA_GROUP_REGION, "2026-08", "2026-10");
  g_assert_true (iterate_until (standards_ready, view));
  g_assert_cmpint (ma_standards_view_get_rollup (view)->by, ==, MA_GROUP_REGION);
  g_assert_cmpuint (ma_standards_view_get_rollup (view)->standards->len, >, 0);
  standard = g_ptr_array_index (ma_standards_view_get_rollup (view)->standards, 0);

  gtk_widget_activate_action (GTK_WIDGET (view), "standards.export-to", "(ss)", "csv", path);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "group,name,question,text,pass_rate,n,share,met\r\n"));
  g_assert_nonnull (strstr (csv, standard->question));
}

/* ---- screenshots --------------------------------------------------------- */

static void
save_widget (GtkWidget  *widget,
             const char *dir,
             const char *name,
             gboolean    dark)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strdup_printf ("%s%s.png", name, dark ? "-dark" : "");
  g_autofree char *path = g_build_filename (dir, file, NULL);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  /* A widget inside a window has no background of its own: paint the
   * window's, as the eye sees it. */
  if (!GTK_IS_WINDOW (widget))
    {
      GdkRGBA background = dark ? (GdkRGBA) { 0.14, 0.14, 0.14, 1 } : (GdkRGBA) { 0.98, 0.98, 0.98, 1 };

      gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, width, height));
    }
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* The charts through their own drawing functions, in the widget's size and
 * colours: what the window draws, without waiting for a frame. */
static void
save_chart (GtkWidget          *widget,
            const MaComparison *comparison,
            const char         *dir,
            const char         *name,
            gboolean            dark)
{
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  g_autofree char *file = g_strdup_printf ("%s%s.png", name, dark ? "-dark" : "");
  g_autofree char *path = g_build_filename (dir, file, NULL);
  GdkRGBA foreground;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &foreground);
  if (dark)
    cairo_set_source_rgb (cr, 0.14, 0.14, 0.14);
  else
    cairo_set_source_rgb (cr, 0.98, 0.98, 0.98);
  cairo_paint (cr);
  if (MA_IS_HEATMAP (widget))
    ma_heatmap_draw (cr, gtk_widget_get_pango_context (widget), comparison, 0, G_MAXUINT, width, height,
                     &foreground);
  else
    {
      const char *keys[] = { "MSK-01", NULL };

      ma_trend_chart_draw (cr, gtk_widget_get_pango_context (widget), comparison, keys, width, height,
                           &foreground);
    }
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

static void
iterate_a_while (void)
{
  gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* MA_SCREENSHOT_DIR=DIR saves the pictures of data/screenshots there. */
static void
test_screenshots (Fixture       *f,
                  gconstpointer  user_data)
{
  const char *dir = g_getenv ("MA_SCREENSHOT_DIR");
  MaBonusView *bonus;
  MaComparisonView *comparison;
  g_autofree char *pdf_path = NULL;

  if (dir == NULL)
    {
      g_test_skip ("MA_SCREENSHOT_DIR is not set");
      return;
    }
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 760);
  bonus = open_bonus (f, PERIOD);
  comparison = ma_reports_view_get_comparison_view (f->reports);

  for (int dark = 0; dark <= 1; dark++)
    {
      GtkWindow *statement;

      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      ma_reports_view_show (f->reports, "bonus");
      iterate_a_while ();
      save_widget (GTK_WIDGET (f->window), dir, "bonus-view", dark);

      gtk_widget_activate_action (GTK_WIDGET (bonus), "bonus.open-statement", "s", "E1002");
      g_assert_true (iterate_until (bonus_idle, bonus));
      statement = ma_bonus_view_get_statement_window (bonus);
      gtk_window_set_default_size (statement, 760, 900);
      g_assert_true (iterate_until (is_mapped, statement));
      iterate_a_while ();
      save_widget (GTK_WIDGET (statement), dir, "statement", dark);
      if (!dark)
        {
          pdf_path = g_build_filename (dir, "statement.pdf", NULL);
          g_assert_true (ma_statement_window_save_pdf (MA_STATEMENT_WINDOW (statement), pdf_path, NULL));
        }
      gtk_window_destroy (statement);

      ma_reports_view_show (f->reports, "comparison");
      g_assert_true (iterate_until (comparison_ready, comparison));
      ma_comparison_view_set_range (comparison, MA_GROUP_BRANCH, "2026-08", "2026-10");
      g_assert_true (iterate_until (comparison_ready, comparison));
      ma_comparison_view_select (comparison, "MSK-01");
      iterate_a_while ();
      save_chart (ma_comparison_view_get_heatmap (comparison), ma_comparison_view_get_comparison (comparison),
                  dir, "heatmap", dark);
      save_chart (ma_comparison_view_get_trend_chart (comparison), ma_comparison_view_get_comparison (comparison),
                  dir, "trend", dark);
    }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/reports/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("bonus-matches-cli", test_bonus_matches_cli);
  ADD ("bonus-names", test_bonus_names);
  ADD ("exports", test_exports);
  ADD ("close-void-reopen", test_close_void_reopen);
  ADD ("comparison", test_comparison);
  ADD ("standards", test_standards);
  ADD ("screenshots", test_screenshots);
#undef ADD

  return g_test_run ();
}
