/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-bench-form: how long answering a question keeps the window's main loop
 * busy. Not a test (timings on a shared machine are noise for a pass/fail):
 * build-aux/bench runs it under Xvfb and reports the figures.
 *
 * Usage: ma-bench-form DATABASE [ROUNDS]
 * Opens a copy-free window on DATABASE (its drafts are answered and saved:
 * give it a copy), opens the first draft, and answers every question that
 * takes a key (yes/no, scales, choices) ROUNDS times, as a person would
 * with the keyboard. A 1 ms timer measures the longest time the main loop
 * went without running during each answer and the autosave that follows
 * it (the write itself is on the saver's thread). Prints, one per line:
 *   answers N
 *   answer-median MS     (the form's own handler: score and progress)
 *   answer-max MS
 *   stall-median MS      (the longest main loop stall per answer)
 *   stall-max MS
 *   idle-stall-median MS (the same over as long with nothing answered:
 *   idle-stall-max MS     what the machine's load alone does to the loop)
 */
#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>

#include "ma-audit-list-model.h"
#include "ma-sqlite-store.h"
#include "ma-window.h"

#define TICK_MS 1
/* Longer than the form's autosave delay, so the save is inside the window. */
#define SETTLE_MS 700

typedef struct {
  gint64 last_tick;
  gint64 longest_gap;
} StallWatch;

static gboolean
tick_cb (gpointer user_data)
{
  StallWatch *watch = user_data;
  gint64 now = g_get_monotonic_time ();

  if (watch->last_tick != 0 && now - watch->last_tick > watch->longest_gap)
    watch->longest_gap = now - watch->last_tick;
  watch->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static gboolean
wake_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms; the timeout wakes a loop with nothing else
 * to do, which would otherwise sleep in poll() for good. */
static void
run_for (int ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, wake_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (MA_IS_QUESTION_ROW (widget))
    {
      g_ptr_array_add (rows, widget);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

/* A key this question takes, different from round to round. */
static guint
answer_key_for (const MaQuestion *question,
                guint             round)
{
  switch (question->type)
    {
    case MA_QUESTION_YES_NO:
      return round % 2 == 0 ? GDK_KEY_y : GDK_KEY_n;
    case MA_QUESTION_SCALE:
      if (question->scale_min >= 0 && question->scale_max <= 9)
        return GDK_KEY_0 + question->scale_min + round % (question->scale_max - question->scale_min + 1);
      return 0;
    case MA_QUESTION_CHOICE:
      return question->options->len > 0 ? GDK_KEY_1 + round % MIN (question->options->len, 9) : 0;
    case MA_QUESTION_NUMBER:
    case MA_QUESTION_TEXT:
    default:
      return 0;
    }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

static double
maximum (GArray *values)
{
  return values->len == 0 ? 0 : g_array_index (values, double, values->len - 1);
}

static char *
find_draft (MaStore *store)
{
  g_autoptr(MaAuditListModel) model = ma_audit_list_model_new (store);
  MaAuditFilter filter = { .status_mask = 1u << MA_AUDIT_DRAFT };
  g_autoptr(MaAuditItem) item = NULL;

  ma_audit_list_model_set_filter (model, &filter);
  if (g_list_model_get_n_items (G_LIST_MODEL (model)) == 0)
    return NULL;
  item = g_list_model_get_item (G_LIST_MODEL (model), 0);
  return g_strdup (ma_audit_item_get_uuid (item));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaStore) store = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GArray) handler_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) stall_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) idle_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *uuid = NULL;
  StallWatch watch = { 0 };
  MaWindow *window;
  MaAuditsPage *page;
  MaAuditForm *form;
  guint rounds;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s DATABASE [ROUNDS]\n", argv[0]);
      return 2;
    }
  rounds = argc > 2 ? (guint) atoi (argv[2]) : 3;
  if (rounds == 0)
    rounds = 1;

  gtk_init ();
  adw_init ();

  store = ma_sqlite_store_open (argv[1], MA_SQLITE_STORE_FLAGS_NONE, &error);
  if (store == NULL)
    {
      fprintf (stderr, "%s: %s\n", argv[1], error->message);
      return 1;
    }
  uuid = find_draft (store);
  if (uuid == NULL)
    {
      fprintf (stderr, "%s: there is no draft audit to answer\n", argv[1]);
      return 1;
    }

  window = ma_window_new (NULL, store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_present (GTK_WINDOW (window));
  run_for (500);
  page = ma_window_get_audits_page (window);
  gtk_widget_activate_action (GTK_WIDGET (page), "audits-page.open", "s", uuid);
  form = ma_audits_page_get_form (page);
  if (form == NULL)
    {
      fprintf (stderr, "%s: the draft %s did not open\n", argv[1], uuid);
      return 1;
    }
  run_for (500);
  collect_rows (GTK_WIDGET (form), rows);

  g_timeout_add (TICK_MS, tick_cb, &watch);
  for (guint round = 0; round < rounds; round++)
    for (guint i = 0; i < rows->len; i++)
      {
        MaQuestionRow *row = g_ptr_array_index (rows, i);
        guint key = answer_key_for (ma_question_row_get_question (row), round);
        gint64 start;

        if (key == 0)
          continue;
        /* The same time with nothing to do: the noise floor. */
        run_for (20);
        watch.last_tick = g_get_monotonic_time ();
        watch.longest_gap = 0;
        run_for (SETTLE_MS);
        g_array_append_val (idle_ms, (double) { watch.longest_gap / 1000.0 });

        watch.last_tick = g_get_monotonic_time ();
        watch.longest_gap = 0;
        start = g_get_monotonic_time ();
        if (!ma_question_row_answer_key (row, key))
          continue;
        g_array_append_val (handler_ms, (double) { (g_get_monotonic_time () - start) / 1000.0 });
        run_for (SETTLE_MS);
        g_array_append_val (stall_ms, (double) { watch.longest_gap / 1000.0 });
      }
  ma_audit_form_flush (form);

  printf ("answers %u\n", handler_ms->len);
  printf ("answer-median %.1f\n", median (handler_ms));
  printf ("answer-max %.1f\n", maximum (handler_ms));
  printf ("stall-median %.1f\n", median (stall_ms));
  printf ("stall-max %.1f\n", maximum (stall_ms));
  printf ("idle-stall-median %.1f\n", median (idle_ms));
  printf ("idle-stall-max %.1f\n", maximum (idle_ms));

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
