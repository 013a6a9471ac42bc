/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The fairness views driven through their actions: disputes hold a month
 * open until resolved, the Auditors page flags a lenient auditor, and a
 * training mark reaches the trend chart's accessible description. */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ma-demo.h"
#include "ma-reports-view.h"
#include "ma-statement-window.h"
#include "ma-test-audits.h"
#include "ma-trend-chart.h"
#include "ma-window.h"

#define PERIOD "2026-10"

typedef struct {
  MaTestStore    data;
  MaWindow      *window;
  MaReportsView *reports;
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
iterate_a_while (void)
{
  gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

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

static gboolean
bonus_ready (gpointer view)
{
  return !ma_bonus_view_is_busy (view) && ma_bonus_view_get_statement (view) != NULL;
}

static gboolean
statement_closed (gpointer view)
{
  const MaBonusStatement *s = ma_bonus_view_get_statement (view);

  return !ma_bonus_view_is_busy (view) && s != NULL && s->closed;
}

static gboolean
comparison_ready (gpointer view)
{
  return !ma_comparison_view_is_busy (view) && ma_comparison_view_get_comparison (view) != NULL;
}

static gboolean
calibration_ready (gpointer view)
{
  return !ma_calibration_view_is_busy (view) && ma_calibration_view_get_rows (view) != NULL;
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

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *templates = ma_demo_find_templates_dir ();

  ma_test_store_open (&f->data);
  g_assert_true (ma_demo_populate (f->data.store, templates, &error));
  g_assert_no_error (error);

  f->window = ma_window_new (NULL, f->data.store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 760);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (iterate_until (is_mapped, f->window));
  f->reports = MA_REPORTS_VIEW (ma_window_get_reports_view (f->window));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "reports");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  ma_test_store_close (&f->data);
}

/* An approved audit of @period with an employee. */
static MaAuditSummary *
pick_audit (Fixture    *f,
            const char *period)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audits = NULL;
  MaAuditFilter filter = { 0 };

  filter.status_mask = 1 << MA_AUDIT_APPROVED;
  filter.period_from = period;
  filter.period_to = period;
  audits = ma_store_list_audits (f->data.store, &filter, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < audits->len; i++)
    if (((MaAuditSummary *) g_ptr_array_index (audits, i))->employee != NULL)
      return g_ptr_array_steal_index (audits, i);
  g_assert_not_reached ();
  return NULL;
}

/* The text entry @index (0-based) of a dialog's extra child, in order. */
static GtkEditable *
dialog_entry (AdwMessageDialog *dialog,
              guint             index)
{
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);
  guint n = 0;

  for (GtkWidget *field = gtk_widget_get_first_child (box); field != NULL;
       field = gtk_widget_get_next_sibling (field))
    {
      GtkWidget *control = gtk_widget_get_last_child (field);

      if (GTK_IS_EDITABLE (control) && n++ == index)
        return GTK_EDITABLE (control);
    }
  g_assert_not_reached ();
  return NULL;
}

static GtkDropDown *
dialog_dropdown (AdwMessageDialog *dialog)
{
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);

  for (GtkWidget *field = gtk_widget_get_first_child (box); field != NULL;
       field = gtk_widget_get_next_sibling (field))
    if (GTK_IS_DROP_DOWN (gtk_widget_get_last_child (field)))
      return GTK_DROP_DOWN (gtk_widget_get_last_child (field));
  g_assert_not_reached ();
  return NULL;
}

static void
test_dispute_holds_close (Fixture       *f,
                          gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaAuditSummary) audit = pick_audit (f, PERIOD);
  g_autoptr(MaAudit) voided = NULL;
  MaDisputesView *disputes = ma_reports_view_get_disputes_view (f->reports);
  MaBonusView *bonus = ma_reports_view_get_bonus_view (f->reports);
  AdwMessageDialog *dialog;
  const char *body;
  const MaDispute *shown;

  /* Recorded through the dialog: the employee's code offers their audits
   * of the month; the objection is required. */
  ma_reports_view_show (f->reports, "disputes");
  g_assert_true (iterate_until (is_mapped, disputes));
  ma_disputes_view_set_filter (disputes, PERIOD, MA_DISPUTES_SHOW_OPEN);
  g_assert_cmpuint (ma_disputes_view_get_shown (disputes)->len, ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (disputes), "disputes.record", NULL);
  g_assert_true (iterate_until (has_dialog, "Record Dispute"));
  dialog = find_dialog ("Record Dispute");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "record"));
  gtk_editable_set_text (dialog_entry (dialog, 0), audit->employee);
  g_assert_cmpuint (gtk_drop_down_get_selected (dialog_dropdown (dialog)), ==, 0);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "record"));
  gtk_editable_set_text (dialog_entry (dialog, 1), "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "record"));
  gtk_editable_set_text (dialog_entry (dialog, 1), "The shopper came after closing time");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "record"));
  adw_message_dialog_response (dialog, "record");
  iterate_a_while ();

  g_assert_cmpuint (ma_disputes_view_get_shown (disputes)->len, ==, 1);
  shown = g_ptr_array_index (ma_disputes_view_get_shown (disputes), 0);
  g_assert_cmpstr (shown->employee, ==, audit->employee);
  g_assert_cmpint (shown->state, ==, MA_DISPUTE_OPEN);
  g_free (audit->uuid);
  audit->uuid = g_strdup (shown->audit);

  /* Closing the month is refused in a dialog naming the dispute, before
   * HR is asked to confirm anything (the first step of the close checks). */
  ma_reports_view_show (f->reports, "bonus");
  g_assert_true (iterate_until (bonus_ready, bonus));
  ma_bonus_view_set_period (bonus, PERIOD);
  g_assert_true (iterate_until (bonus_ready, bonus));
  gtk_widget_activate_action (GTK_WIDGET (bonus), "bonus.close-period", NULL);
  g_assert_true (iterate_until (has_dialog, "Month Not Closed"));
  g_assert_false (has_dialog ("Close"));
  dialog = find_dialog ("Month Not Closed");
  body = adw_message_dialog_get_body (dialog);
  g_assert_nonnull (strstr (body, audit->uuid));
  g_assert_nonnull (strstr (body, audit->employee));
  g_assert_false (ma_bonus_view_get_statement (bonus)->closed);
  /* Its second button leads to the disputes. */
  adw_message_dialog_response (dialog, "show");
  iterate_a_while ();
  g_assert_cmpstr (ma_reports_view_get_page (f->reports), ==, "fairness");
  g_assert_cmpstr (ma_fairness_view_get_page (ma_reports_view_get_fairness_view (f->reports)), ==, "disputes");

  /* Upheld, with an answer: the audit is voided with the objection as the
   * reason, and the dispute leaves the open list. */
  gtk_widget_activate_action (GTK_WIDGET (disputes), "disputes.uphold", "s", audit->uuid);
  g_assert_true (iterate_until (has_dialog, "Uphold"));
  dialog = find_dialog ("Uphold");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "resolve"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)),
                         "The visit time is outside opening hours");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "resolve"));
  adw_message_dialog_response (dialog, "resolve");
  iterate_a_while ();
  g_assert_cmpuint (ma_disputes_view_get_shown (disputes)->len, ==, 0);
  voided = ma_store_get_audit (f->data.store, audit->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (voided->status, ==, MA_AUDIT_VOIDED);
  g_assert_cmpstr (voided->void_reason, ==, "The shopper came after closing time");
  ma_disputes_view_set_filter (disputes, PERIOD, MA_DISPUTES_SHOW_RESOLVED);
  g_assert_cmpuint (ma_disputes_view_get_shown (disputes)->len, ==, 1);
  shown = g_ptr_array_index (ma_disputes_view_get_shown (disputes), 0);
  g_assert_cmpint (shown->state, ==, MA_DISPUTE_UPHELD);
  g_assert_cmpstr (shown->resolution_note, ==, "The visit time is outside opening hours");

  /* Now the month closes. */
  ma_reports_view_show (f->reports, "bonus");
  gtk_widget_activate_action (GTK_WIDGET (bonus), "bonus.close-period", NULL);
  g_assert_true (iterate_until (has_dialog, "Close"));
  adw_message_dialog_response (find_dialog ("Close"), "close");
  g_assert_true (iterate_until (statement_closed, bonus));
}

static void
test_dispute_rejected (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaAuditSummary) audit = pick_audit (f, PERIOD);
  g_autoptr(MaAudit) kept = NULL;
  MaDisputesView *disputes = ma_reports_view_get_disputes_view (f->reports);
  AdwMessageDialog *dialog;
  const MaDispute *shown;

  ma_reports_view_show (f->reports, "disputes");
  g_assert_true (iterate_until (is_mapped, disputes));
  gtk_widget_activate_action (GTK_WIDGET (disputes), "disputes.open-dispute", "(ss)", audit->uuid,
                              "The greeting was given");
  /* "All periods" lists it too. */
  ma_disputes_view_set_filter (disputes, NULL, MA_DISPUTES_SHOW_ALL);
  g_assert_cmpuint (ma_disputes_view_get_shown (disputes)->len, ==, 1);
  /* Another month has none. */
  ma_disputes_view_set_filter (disputes, "2026-09", MA_DISPUTES_SHOW_ALL);
  g_assert_cmpuint (ma_disputes_view_get_shown (disputes)->len, ==, 0);
  ma_disputes_view_set_filter (disputes, PERIOD, MA_DISPUTES_SHOW_OPEN);

  gtk_widget_activate_action (GTK_WIDGET (disputes), "disputes.reject", "s", audit->uuid);
  g_assert_true (iterate_until (has_dialog, "Reject"));
  dialog = find_dialog ("Reject");
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)),
                         "The recording shows no greeting");
  adw_message_dialog_response (dialog, "resolve");
  iterate_a_while ();
  kept = ma_store_get_audit (f->data.store, audit->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kept->status, ==, MA_AUDIT_APPROVED);
  ma_disputes_view_set_filter (disputes, PERIOD, MA_DISPUTES_SHOW_RESOLVED);
  shown = g_ptr_array_index (ma_disputes_view_get_shown (disputes), 0);
  g_assert_cmpint (shown->state, ==, MA_DISPUTE_REJECTED);
  g_assert_cmpstr (shown->resolution_note, ==, "The recording shows no greeting");
}

static gboolean
statement_shown (gpointer view)
{
  GtkWindow *window = ma_bonus_view_get_statement_window (view);

  return !ma_bonus_view_is_busy (view) && window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window));
}

static guint
count_dispute_flags (GtkWindow *statement)
{
  const MaStatementDocument *doc = ma_statement_window_get_document (MA_STATEMENT_WINDOW (statement));
  guint n = 0;

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      const MaStatementBlock *block = g_ptr_array_index (doc->blocks, i);

      if (block->kind == MA_BLOCK_WARNING && strstr (block->text, "Disputed") != NULL)
        n++;
    }
  return n;
}

/* From the employee's statement: the dialog comes for that employee and
 * month, and the statement opened again flags the audit. */
static void
test_dispute_from_statement (Fixture       *f,
                             gconstpointer  user_data)
{
  g_autoptr(MaAuditSummary) audit = pick_audit (f, PERIOD);
  MaBonusView *bonus = ma_reports_view_get_bonus_view (f->reports);
  MaDisputesView *disputes = ma_reports_view_get_disputes_view (f->reports);
  GtkWindow *statement;
  AdwMessageDialog *dialog;

  ma_reports_view_show (f->reports, "bonus");
  g_assert_true (iterate_until (bonus_ready, bonus));
  ma_bonus_view_set_period (bonus, PERIOD);
  g_assert_true (iterate_until (bonus_ready, bonus));
  gtk_widget_activate_action (GTK_WIDGET (bonus), "bonus.open-statement", "s", audit->employee);
  g_assert_true (iterate_until (statement_shown, bonus));
  statement = ma_bonus_view_get_statement_window (bonus);
  g_assert_cmpuint (count_dispute_flags (statement), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (statement), "statement.record-dispute", NULL);
  g_assert_true (iterate_until (has_dialog, "Record Dispute"));
  dialog = find_dialog ("Record Dispute");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == statement);
  g_assert_cmpstr (gtk_editable_get_text (dialog_entry (dialog, 0)), ==, audit->employee);
  g_assert_cmpuint (gtk_drop_down_get_selected (dialog_dropdown (dialog)), ==, 0);
  gtk_editable_set_text (dialog_entry (dialog, 1), "Nobody came to the counter that day");
  adw_message_dialog_response (dialog, "record");
  iterate_a_while ();
  gtk_window_destroy (statement);

  ma_disputes_view_set_filter (disputes, PERIOD, MA_DISPUTES_SHOW_OPEN);
  g_assert_cmpuint (ma_disputes_view_get_shown (disputes)->len, ==, 1);

  /* The bonus view reads the month again when it is chosen again. */
  ma_bonus_view_set_period (bonus, "2026-09");
  g_assert_true (iterate_until (bonus_ready, bonus));
  ma_bonus_view_set_period (bonus, PERIOD);
  g_assert_true (iterate_until (bonus_ready, bonus));
  gtk_widget_activate_action (GTK_WIDGET (bonus), "bonus.open-statement", "s", audit->employee);
  g_assert_true (iterate_until (statement_shown, bonus));
  statement = ma_bonus_view_get_statement_window (bonus);
  g_assert_cmpuint (count_dispute_flags (statement), ==, 1);
  gtk_window_destroy (statement);
}

/* ---- calibration ----------------------------------------------------------- */

/* Audit @n by @auditor at @branch of the basic template: @greeted decides
 * its score (1.0 or about a third). */
static void
add_audit (MaTestStore *f,
           guint        n,
           const char  *auditor,
           const char  *branch,
           gboolean     greeted)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaAudit) a = ma_audit_new ();
  MaAnswer *answer;

  a->uuid = g_strdup_printf ("00000000-0000-4000-8000-%012u", n);
  a->template_key = g_strdup ("visit");
  a->template_version = 1;
  a->branch = g_strdup (branch);
  a->employee = g_strdup (g_str_equal (branch, "SPB-01") ? "E1001" : "E2001");
  a->auditor = g_strdup (auditor);
  a->channel = g_strdup ("visit");
  a->visited_at = g_strdup_printf ("2026-10-%02uT10:00:00+03:00", 1 + n % 28);
  a->modified = g_strdup (a->visited_at);
  a->status = MA_AUDIT_APPROVED;
  answer = ma_answer_new ("q1");
  answer->kind = MA_VALUE_BOOL;
  answer->boolean = greeted;
  g_ptr_array_add (a->answers, answer);
  answer = ma_answer_new ("q2");
  answer->kind = MA_VALUE_NUMBER;
  answer->number = 30;
  g_ptr_array_add (a->answers, answer);
  g_assert_true (ma_store_save_audit (f->store, a, "test", NULL, NULL, &error));
  g_assert_no_error (error);
}

static const char *
grid_flag (GtkWidget  *widget,
           const char *auditor)
{
  /* The grid's cells are labels, row by row: the flag is the sixth cell
   * after the auditor's name. */
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *found;

      if (GTK_IS_GRID (child))
        {
          for (int y = 1;; y++)
            {
              GtkWidget *name = gtk_grid_get_child_at (GTK_GRID (child), 0, y);

              if (name == NULL)
                return NULL;
              if (g_str_equal (gtk_label_get_text (GTK_LABEL (name)), auditor))
                return gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (GTK_GRID (child), 5, y)));
            }
        }
      if ((found = grid_flag (child, auditor)) != NULL)
        return found;
    }
  return NULL;
}

static void
test_calibration (void)
{
  MaTestStore data = { 0 };
  GtkWidget *window;
  MaCalibrationView *view;
  guint n = 1;

  ma_test_store_open (&data);
  ma_test_store_add_basics (&data);
  /* L. Lenient finds everything perfect where two colleagues, on the same
   * branches in the same month, found the greeting missing. */
  for (guint i = 0; i < 3; i++)
    {
      add_audit (&data, n++, "L. Lenient", "SPB-01", TRUE);
      add_audit (&data, n++, "L. Lenient", "MSK-01", TRUE);
      add_audit (&data, n++, "B. Balanced", "SPB-01", FALSE);
      add_audit (&data, n++, "C. Careful", "MSK-01", FALSE);
    }
  /* One audit only: too few to judge a bias. */
  add_audit (&data, n++, "S. Solo", "SPB-01", TRUE);

  window = gtk_window_new ();
  view = g_object_new (MA_TYPE_CALIBRATION_VIEW, NULL);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  ma_calibration_view_set_store (view, data.store);
  ma_calibration_view_set_period (view, "2026-10");
  g_assert_true (iterate_until (calibration_ready, view));

  g_assert_cmpuint (ma_calibration_view_get_rows (view)->len, ==, 4);
  g_assert_cmpstr (ma_calibration_view_get_flag (view, "L. Lenient"), ==, "lenient");
  g_assert_cmpstr (grid_flag (GTK_WIDGET (view), "L. Lenient"), ==, "Lenient");
  g_assert_cmpstr (ma_calibration_view_get_flag (view, "B. Balanced"), ==, "strict");
  g_assert_cmpstr (grid_flag (GTK_WIDGET (view), "B. Balanced"), ==, "Strict");
  /* One audit alone, against others' three: too few to judge. */
  g_assert_cmpstr (grid_flag (GTK_WIDGET (view), "S. Solo"), ==, "Too few audits");

  /* Another month has no audits: said so, not an empty table. */
  ma_calibration_view_set_period (view, "2026-09");
  g_assert_true (iterate_until (calibration_ready, view));
  g_assert_cmpuint (ma_calibration_view_get_rows (view)->len, ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  ma_test_store_close (&data);
}

/* ---- training marks -------------------------------------------------------- */

static gboolean
description_has (gpointer chart)
{
  const char *description = ma_trend_chart_get_description (chart);

  return description != NULL && strstr (description, "Greeting workshop") != NULL;
}

static gboolean
description_lacks (gpointer chart)
{
  const char *description = ma_trend_chart_get_description (chart);

  return description != NULL && strstr (description, "Greeting workshop") == NULL;
}

static void
test_training_on_trend (Fixture       *f,
                        gconstpointer  user_data)
{
  MaComparisonView *comparison = ma_reports_view_get_comparison_view (f->reports);
  MaTrainingView *training = ma_reports_view_get_training_view (f->reports);
  GtkWidget *chart;
  const MaTrainingMark *mark;

  ma_reports_view_show (f->reports, "comparison");
  g_assert_true (iterate_until (comparison_ready, comparison));
  ma_comparison_view_set_range (comparison, MA_GROUP_BRANCH, "2026-08", "2026-10");
  g_assert_true (iterate_until (comparison_ready, comparison));
  ma_comparison_view_select (comparison, "MSK-01");
  chart = ma_comparison_view_get_trend_chart (comparison);
  g_assert_true (description_lacks (chart));

  /* Marked on the Training page; the comparison computes again by itself. */
  ma_reports_view_show (f->reports, "training");
  gtk_widget_activate_action (GTK_WIDGET (training), "training.add", "(ssss)", "2026-09-15", "MSK-01", "",
                              "Greeting workshop");
  g_assert_cmpuint (ma_training_view_get_marks (training)->len, ==, 1);
  mark = g_ptr_array_index (ma_training_view_get_marks (training), 0);
  g_assert_cmpstr (mark->branch, ==, "MSK-01");
  /* A date that does not exist is refused by the engine and not listed. */
  gtk_widget_activate_action (GTK_WIDGET (training), "training.add", "(ssss)", "2026-02-30", "MSK-01", "",
                              "Never");
  g_assert_cmpuint (ma_training_view_get_marks (training)->len, ==, 1);

  g_assert_true (iterate_until (description_has, chart));
  g_assert_true (iterate_until (comparison_ready, comparison));
  ma_comparison_view_select (comparison, "MSK-01");
  g_assert_true (description_has (chart));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       ma_trend_chart_get_description (MA_TREND_CHART (chart)));

  /* Removed: gone from the chart. */
  gtk_widget_activate_action (GTK_WIDGET (training), "training.remove", "x", mark->id);
  g_assert_cmpuint (ma_training_view_get_marks (training)->len, ==, 0);
  g_assert_true (iterate_until (description_lacks, chart));
}

/* The dialog adds a mark through the same action. */
static void
test_training_dialog (Fixture       *f,
                      gconstpointer  user_data)
{
  MaTrainingView *training = ma_reports_view_get_training_view (f->reports);
  AdwMessageDialog *dialog;
  const MaTrainingMark *mark;

  ma_reports_view_show (f->reports, "training");
  g_assert_true (iterate_until (is_mapped, training));
  gtk_widget_activate_action (GTK_WIDGET (training), "training.new", NULL);
  g_assert_true (iterate_until (has_dialog, "Mark Training"));
  dialog = find_dialog ("Mark Training");
  gtk_editable_set_text (dialog_entry (dialog, 0), "2026-13-01");
  gtk_editable_set_text (dialog_entry (dialog, 1), "E1001");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  gtk_editable_set_text (dialog_entry (dialog, 0), "2026-09-03");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "add"));
  gtk_drop_down_set_selected (dialog_dropdown (dialog), 1);
  gtk_editable_set_text (dialog_entry (dialog, 2), "Coaching");
  adw_message_dialog_response (dialog, "add");
  iterate_a_while ();
  g_assert_cmpuint (ma_training_view_get_marks (training)->len, ==, 1);
  mark = g_ptr_array_index (ma_training_view_get_marks (training), 0);
  g_assert_cmpstr (mark->employee, ==, "E1001");
  g_assert_null (mark->branch);
  g_assert_cmpstr (mark->date, ==, "2026-09-03");
  g_assert_cmpstr (mark->note, ==, "Coaching");
}

/* ---- screenshots ----------------------------------------------------------- */

static void
save_widget (GtkWidget  *widget,
             const char *dir,
             const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strdup_printf ("%s.png", name);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* MA_SCREENSHOT_DIR=DIR saves the Auditors page and the disputes list. */
static void
test_screenshots (Fixture       *f,
                  gconstpointer  user_data)
{
  const char *dir = g_getenv ("MA_SCREENSHOT_DIR");
  MaDisputesView *disputes = ma_reports_view_get_disputes_view (f->reports);
  MaCalibrationView *calibration = ma_reports_view_get_calibration_view (f->reports);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audits = NULL;
  MaAuditFilter filter = { 0 };
  const char *notes[] = {
    "The shopper came after closing time",
    "I greeted the customer at the door; the recording shows it",
    "The vehicle was washed that morning",
  };

  if (dir == NULL)
    {
      g_test_skip ("MA_SCREENSHOT_DIR is not set");
      return;
    }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  ma_reports_view_show (f->reports, "auditors");
  g_assert_true (iterate_until (calibration_ready, calibration));
  ma_calibration_view_set_period (calibration, "2026-09");
  g_assert_true (iterate_until (calibration_ready, calibration));
  iterate_a_while ();
  save_widget (GTK_WIDGET (f->window), dir, "auditors");

  /* Three disputes of the month: one upheld, one rejected, one open. */
  filter.status_mask = 1 << MA_AUDIT_APPROVED;
  filter.period_from = PERIOD;
  filter.period_to = PERIOD;
  audits = ma_store_list_audits (f->data.store, &filter, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    g_assert_true (ma_store_open_dispute (f->data.store, ((MaAuditSummary *) g_ptr_array_index (audits, i))->uuid,
                                          "HR Ivanova", notes[i], &error));
  g_assert_true (ma_store_resolve_dispute (f->data.store, ((MaAuditSummary *) g_ptr_array_index (audits, 0))->uuid,
                                           TRUE, "HR Ivanova", "Voided: the visit was outside opening hours",
                                           &error));
  g_assert_true (ma_store_resolve_dispute (f->data.store, ((MaAuditSummary *) g_ptr_array_index (audits, 2))->uuid,
                                           FALSE, "HR Ivanova", "The photos show a dirty vehicle", &error));
  g_assert_no_error (error);
  ma_reports_view_show (f->reports, "disputes");
  ma_disputes_view_set_filter (disputes, PERIOD, MA_DISPUTES_SHOW_ALL);
  iterate_a_while ();
  save_widget (GTK_WIDGET (f->window), dir, "disputes");

  /* The trend with a training mark, to look at (not one of the app's
   * published pictures). */
  {
    MaComparisonView *comparison = ma_reports_view_get_comparison_view (f->reports);
    MaTrainingView *training = ma_reports_view_get_training_view (f->reports);
    GtkWidget *chart = ma_comparison_view_get_trend_chart (comparison);
    const char *keys[] = { "MSK-01", NULL };
    cairo_surface_t *surface;
    cairo_t *cr;
    g_autofree char *path = g_build_filename (dir, "trend-training.png", NULL);
    GdkRGBA foreground = { 0.2, 0.2, 0.2, 1 };

    ma_reports_view_show (f->reports, "training");
    gtk_widget_activate_action (GTK_WIDGET (training), "training.add", "(ssss)", "2026-09-10", "MSK-01", "",
                                "Greeting workshop");
    g_assert_cmpuint (ma_training_view_get_marks (training)->len, ==, 1);
    ma_reports_view_show (f->reports, "comparison");
    g_assert_true (iterate_until (comparison_ready, comparison));
    ma_comparison_view_set_range (comparison, MA_GROUP_BRANCH, "2026-08", "2026-10");
    g_assert_true (iterate_until (comparison_ready, comparison));
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 320);
    cr = cairo_create (surface);
    cairo_set_source_rgb (cr, 0.98, 0.98, 0.98);
    cairo_paint (cr);
    ma_trend_chart_draw (cr, gtk_widget_get_pango_context (chart), ma_comparison_view_get_comparison (comparison),
                         keys, 800, 320, &foreground);
    cairo_destroy (cr);
    g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy (surface);
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
  g_test_add ("/fairness-ui/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("dispute-holds-close", test_dispute_holds_close);
  ADD ("dispute-rejected", test_dispute_rejected);
  ADD ("dispute-from-statement", test_dispute_from_statement);
  ADD ("training-on-trend", test_training_on_trend);
  ADD ("training-dialog", test_training_dialog);
  ADD ("screenshots", test_screenshots);
#undef ADD
  g_test_add_func ("/fairness-ui/calibration", test_calibration);

  return g_test_run ();
}
