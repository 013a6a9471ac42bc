/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>

#include "ma-a11y.h"
#include "ma-comparison-view.h"
#include "ma-export-csv.h"
#include "ma-export-xlsx.h"
#include "ma-heatmap.h"
#include "ma-report-render.h"
#include "ma-report-util.h"
#include "ma-report.h"
#include "ma-statement-window.h"
#include "ma-timing.h"
#include "ma-trend-chart.h"

/* The most failed standards listed per group and overall. */
#define TOP_N 10
/* A drill-down lists at most this many audits. */
#define DRILLDOWN_LIMIT 100

struct _MaComparisonView
{
  AdwBin                parent_instance;

  GtkDropDown          *from_dropdown;
  GtkDropDown          *to_dropdown;
  GtkDropDown          *group_dropdown;
  GtkStack             *content_stack;
  GtkSpinner           *spinner;
  AdwStatusPage        *empty_page;
  GtkColumnView        *ranking_view;
  MaHeatmap            *heatmap;
  MaTrendChart         *trend_chart;
  GtkLabel             *failed_group_title;
  GtkListBox           *failed_overall_list;
  GtkListBox           *failed_group_list;

  MaStore              *store;
  GPtrArray            *months;
  gboolean              updating;
  GtkStringList        *keys;
  GtkSingleSelection   *selection;
  MaComparison         *comparison;
  GCancellable         *cancellable;
  guint                 busy_count;
  GtkFileChooserNative *chooser;
  GtkWindow            *drilldown;      /* weak */

  MaTiming              timing;         /* MA_TIMING=1 */
};

G_DEFINE_FINAL_TYPE (MaComparisonView, ma_comparison_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_busy (MaComparisonView *self,
          gboolean          busy)
{
  gboolean was = self->busy_count > 0;

  if (busy)
    self->busy_count++;
  else if (self->busy_count > 0)
    self->busy_count--;
  if (was != (self->busy_count > 0))
    {
      gboolean ready = self->busy_count == 0 && self->comparison != NULL;

      gtk_widget_action_set_enabled (GTK_WIDGET (self), "comparison.export", ready);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "comparison.export-to", ready);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

static MaGroupBy
current_group_by (MaComparisonView *self)
{
  return gtk_drop_down_get_selected (self->group_dropdown) == 1 ? MA_GROUP_REGION : MA_GROUP_BRANCH;
}

/* The range in order whichever way round the two months were picked. */
static gboolean
current_range (MaComparisonView  *self,
               const char       **from,
               const char       **to)
{
  guint a = gtk_drop_down_get_selected (self->from_dropdown);
  guint b = gtk_drop_down_get_selected (self->to_dropdown);

  if (self->months == NULL || a >= self->months->len || b >= self->months->len)
    return FALSE;
  /* Newest first in the list: the larger index is the earlier month. */
  *from = g_ptr_array_index (self->months, MAX (a, b));
  *to = g_ptr_array_index (self->months, MIN (a, b));
  return TRUE;
}

static const MaRollupRow *
row_at (MaComparisonView *self,
        GtkListItem      *list_item)
{
  GtkStringObject *key = gtk_list_item_get_item (list_item);

  return self->comparison != NULL ? ma_rollup_find_row (self->comparison->rollup,
                                                        gtk_string_object_get_string (key)) : NULL;
}

static const char *
selected_key (MaComparisonView *self)
{
  GtkStringObject *item = gtk_single_selection_get_selected_item (self->selection);

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

/* ---- ranking columns ----------------------------------------------------- */

typedef enum {
  RANK_RANK,
  RANK_NAME,
  RANK_N,
  RANK_SCORE,
} RankColumn;

static void
rank_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  RankColumn column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == RANK_NAME ? 0 : 1);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column != RANK_NAME)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
rank_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              MaComparisonView         *self)
{
  RankColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  const MaRollupRow *row = row_at (self, list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  g_autofree char *text = NULL;

  if (row == NULL)
    return;
  switch (column)
    {
    case RANK_RANK:
      text = row->rank > 0 ? g_strdup_printf ("%u", row->rank) : g_strdup ("–");
      break;
    case RANK_NAME:
      text = g_strdup (row->name);
      break;
    case RANK_N:
      text = g_strdup_printf ("%" G_GINT64_FORMAT, row->n);
      break;
    case RANK_SCORE:
    default:
      {
        g_autofree char *percent = ma_format_percent_locale (row->score);

        text = percent == NULL ? g_strdup ("–")
               : row->low_confidence ? g_strdup_printf ("%s *", percent) : g_strdup (percent);
        gtk_widget_set_tooltip_text (label, row->low_confidence ? _("Low confidence: fewer than two audits") : NULL);
      }
      break;
    }
  gtk_label_set_text (GTK_LABEL (label), text);
}

static void
add_rank_column (MaComparisonView *self,
                 RankColumn        column,
                 const char       *title,
                 gboolean          expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;

  g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (rank_setup_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (rank_bind_cb), self);
  col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (col, expand);
  gtk_column_view_append_column (self->ranking_view, col);
  g_object_unref (col);
}

/* ---- failures and trend -------------------------------------------------- */

static void
fill_failures (GtkListBox *list,
               GPtrArray  *failed)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);

  for (guint i = 0; i < failed->len; i++)
    {
      const MaFailedQuestion *f = g_ptr_array_index (failed, i);
      g_autofree char *rate = ma_format_percent_locale (f->rate);
      g_autofree char *title = g_markup_escape_text (f->text, -1);
      g_autofree char *subtitle = NULL;
      g_autofree char *escaped = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *value = gtk_label_new (rate);

      /* TRANSLATORS: template name · failed in 3 of 12 audits */
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%s · failed in %" PRId64 " of %" PRId64 " audit",
                                               "%s · failed in %" PRId64 " of %" PRId64 " audits",
                                               (gulong) f->n),
                                  f->template_name, f->failed, f->n);
      escaped = g_markup_escape_text (subtitle, -1);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
      gtk_widget_add_css_class (value, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
      gtk_list_box_append (list, row);
    }
  if (failed->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No standard failed"));
      gtk_list_box_append (list, row);
    }
}

static void
update_selection_views (MaComparisonView *self)
{
  const char *key = selected_key (self);
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  const MaRollupRow *selected = NULL;

  if (self->comparison == NULL)
    return;
  if (key != NULL)
    selected = ma_rollup_find_row (self->comparison->rollup, key);
  if (selected != NULL)
    g_ptr_array_add (keys, (gpointer) selected->key);

  /* A few groups (regions) all fit in the chart; of many (branches), the
   * one selected stands against the chain. */
  if (self->comparison->rollup->rows->len <= 6)
    for (guint i = 0; i < self->comparison->rollup->rows->len; i++)
      {
        const MaRollupRow *row = g_ptr_array_index (self->comparison->rollup->rows, i);

        if (row != selected && row->n > 0 && keys->len < MA_TREND_CHART_MAX_SERIES)
          g_ptr_array_add (keys, row->key);
      }
  g_ptr_array_add (keys, NULL);
  ma_trend_chart_set_comparison (self->trend_chart, self->comparison, (const char * const *) keys->pdata);

  if (selected != NULL)
    {
      /* TRANSLATORS: %s is a branch or region */
      g_autofree char *title = g_strdup_printf (_("Most Failed Standards, %s"), selected->name);

      gtk_label_set_text (self->failed_group_title, title);
      fill_failures (self->failed_group_list, ma_comparison_get_failed (self->comparison, selected->key));
    }
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->failed_group_list)), selected != NULL);
}

static void
selection_changed_cb (MaComparisonView *self)
{
  update_selection_views (self);
}

/* ---- showing ------------------------------------------------------------- */

static void
show_comparison (MaComparisonView *self,
                 MaComparison     *comparison)
{
  g_autofree char *keep = g_strdup (selected_key (self));
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  gboolean any = FALSE;
  guint select = GTK_INVALID_LIST_POSITION;

  /* The widgets point into the comparison: detach before freeing it. */
  ma_heatmap_set_comparison (self->heatmap, NULL);
  ma_trend_chart_set_comparison (self->trend_chart, NULL, NULL);
  g_clear_pointer (&self->comparison, ma_comparison_free);
  self->comparison = comparison;

  for (guint i = 0; i < comparison->rollup->rows->len; i++)
    {
      const MaRollupRow *row = g_ptr_array_index (comparison->rollup->rows, i);

      g_ptr_array_add (keys, row->key);
      any = any || row->n > 0;
      if (g_strcmp0 (row->key, keep) == 0)
        select = i;
    }
  g_ptr_array_add (keys, NULL);
  self->updating = TRUE;
  gtk_string_list_splice (self->keys, 0, g_list_model_get_n_items (G_LIST_MODEL (self->keys)),
                          (const char * const *) keys->pdata);
  /* The best-ranked group is followed until the manager picks another. */
  gtk_single_selection_set_selected (self->selection, select != GTK_INVALID_LIST_POSITION
                                     ? select : (any ? 0 : GTK_INVALID_LIST_POSITION));
  self->updating = FALSE;

  ma_heatmap_set_comparison (self->heatmap, comparison);
  /* The page scrolls as a whole and gives its parts their minimum height:
   * the heatmap asks for all its rows, up to a screenful. */
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (self->heatmap),
                                                                                            GTK_TYPE_SCROLLED_WINDOW)),
                                              MIN (520, ma_heatmap_get_natural_height (comparison, 0, G_MAXUINT)));
  fill_failures (self->failed_overall_list, ma_comparison_get_failed (comparison, NULL));
  update_selection_views (self);

  if (!any)
    {
      const char *from, *to;
      g_autofree char *description = NULL;

      if (current_range (self, &from, &to))
        {
          g_autofree char *first = ma_format_period_locale (from);
          g_autofree char *last = ma_format_period_locale (to);

          description = g_strcmp0 (from, to) == 0
                        ? g_strdup_printf (_("No audit of %s is approved yet."), first)
                        : g_strdup_printf (_("No audit from %s to %s is approved yet."), first, last);
        }
      adw_status_page_set_title (self->empty_page, _("No Approved Audits"));
      adw_status_page_set_description (self->empty_page, description);
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->content_stack, "content");
}

/* ---- MA_TIMING ------------------------------------------------------------ */

/* MA_TIMING=1 prints, once a comparison is on screen, the time since
 * compute() started: "comparison-first MS" for the range shown first,
 * "comparison-switch MS" after MA_TIMING_SWITCH_TO is chosen as the first
 * month, as a person would in its drop-down (see ma-timing.h). */
static void
timing_first_painted (GtkWidget *widget)
{
  MaComparisonView *self = MA_COMPARISON_VIEW (widget);
  const char *target = ma_timing_get_switch_target ();
  guint position;

  if (target == NULL)
    return;
  position = ma_report_find_month (self->months, target, GTK_INVALID_LIST_POSITION);
  if (position != GTK_INVALID_LIST_POSITION && position != gtk_drop_down_get_selected (self->from_dropdown))
    gtk_drop_down_set_selected (self->from_dropdown, position);
  else
    {
      fprintf (stderr, "comparison-switch unavailable: no other first month %s\n", target);
      ma_timing_exit_if_asked ();
    }
}

/* ---- computing on a worker ----------------------------------------------- */

typedef struct {
  char     *path;
  MaGroupBy by;
  char     *from;
  char     *to;
} CompareTask;

static void
compare_task_free (CompareTask *task)
{
  g_free (task->path);
  g_free (task->from);
  g_free (task->to);
  g_free (task);
}

static void
compare_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  CompareTask *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MaStore) store = ma_report_open_worker_store (data->path, FALSE, &error);
  MaComparison *comparison;

  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  comparison = ma_comparison_compute (store, data->by, data->from, data->to, TOP_N, &error);
  if (comparison == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, comparison, (GDestroyNotify) ma_comparison_free);
}

static void
compare_done_cb (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  MaComparisonView *self = MA_COMPARISON_VIEW (source);
  g_autoptr(GError) error = NULL;
  MaComparison *comparison = g_task_propagate_pointer (G_TASK (res), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_busy (self, FALSE);
      return;
    }
  gtk_spinner_stop (self->spinner);
  if (comparison == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_status_page_set_title (self->empty_page, _("The Comparison Cannot Be Computed"));
      adw_status_page_set_description (self->empty_page, escaped);
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
    }
  else
    show_comparison (self, comparison);
  set_busy (self, FALSE);
  ma_timing_result_shown (&self->timing, GTK_WIDGET (self), "comparison-first", "comparison-switch",
                          timing_first_painted);
}

static void
compute (MaComparisonView *self)
{
  const char *from, *to;
  const char *path = ma_report_database_path (self->store);
  g_autoptr(GTask) task = NULL;
  CompareTask *data;

  if (self->store == NULL || path == NULL || !current_range (self, &from, &to))
    return;

  /* A newer range wins: the running computation's result is dropped. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  ma_timing_start (&self->timing);
  gtk_stack_set_visible_child_name (self->content_stack, "loading");
  gtk_spinner_start (self->spinner);
  set_busy (self, TRUE);

  data = g_new0 (CompareTask, 1);
  data->path = g_strdup (path);
  data->by = current_group_by (self);
  data->from = g_strdup (from);
  data->to = g_strdup (to);
  task = g_task_new (self, self->cancellable, compare_done_cb, NULL);
  g_task_set_source_tag (task, compute);
  g_task_set_task_data (task, data, (GDestroyNotify) compare_task_free);
  g_task_run_in_thread (task, compare_thread);
}

static void
range_changed_cb (MaComparisonView *self)
{
  if (!self->updating)
    compute (self);
}

/* ---- drill-down ---------------------------------------------------------- */

typedef struct {
  char     *path;
  MaGroupBy by;
  char     *key;
  char     *from;
  char     *to;
  char     *section;
  char     *title;
  char     *subtitle;
} DrillTask;

static void
drill_task_free (DrillTask *task)
{
  g_free (task->path);
  g_free (task->key);
  g_free (task->from);
  g_free (task->to);
  g_free (task->section);
  g_free (task->title);
  g_free (task->subtitle);
  g_free (task);
}

static void
drill_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  DrillTask *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MaStore) store = ma_report_open_worker_store (data->path, FALSE, &error);
  g_autoptr(GPtrArray) audits = NULL;
  MaStatementDocument *doc = NULL;

  if (store != NULL)
    audits = ma_comparison_list_audits (store, data->by, data->key, data->from, data->to, &error);
  if (audits != NULL)
    doc = ma_statement_audits_document (store, data->title, data->subtitle, audits, data->section,
                                        DRILLDOWN_LIMIT, &error);
  if (doc == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, doc, (GDestroyNotify) ma_statement_document_free);
}

static void
drill_done_cb (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  MaComparisonView *self = MA_COMPARISON_VIEW (source);
  g_autoptr(GError) error = NULL;
  MaStatementDocument *doc = g_task_propagate_pointer (G_TASK (res), &error);
  MaStatementWindow *window;

  set_busy (self, FALSE);
  if (doc == NULL)
    {
      ma_report_show_message (GTK_WIDGET (self), error->message);
      return;
    }
  window = ma_statement_window_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), doc);
  g_set_weak_pointer (&self->drilldown, GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
}

static void
drill_down (MaComparisonView *self,
            const char       *key,
            const char       *section)
{
  const MaRollupRow *row;
  const char *from, *to;
  g_autoptr(GTask) task = NULL;
  DrillTask *data;
  const char *section_title = NULL;

  if (self->comparison == NULL || key == NULL || !current_range (self, &from, &to))
    return;
  row = ma_rollup_find_row (self->comparison->rollup, key);
  if (row == NULL)
    return;
  for (guint i = 0; section != NULL && i < self->comparison->rollup->section_keys->len; i++)
    if (g_str_equal (g_ptr_array_index (self->comparison->rollup->section_keys, i), section))
      section_title = g_ptr_array_index (self->comparison->section_titles, i);

  data = g_new0 (DrillTask, 1);
  data->path = g_strdup (ma_report_database_path (self->store));
  data->by = self->comparison->rollup->by;
  data->key = g_strdup (key);
  data->from = g_strdup (from);
  data->to = g_strdup (to);
  data->section = g_strdup (section);
  data->title = g_strdup (row->name);
  {
    g_autofree char *range = g_strcmp0 (from, to) == 0 ? g_strdup (from) : g_strdup_printf ("%s – %s", from, to);

    data->subtitle = section_title != NULL
                     /* TRANSLATORS: drill-down subtitle: section · month range */
                     ? g_strdup_printf (_("Audits behind the score of %s · %s"), section_title, range)
                     : g_strdup_printf (_("Audits behind the score · %s"), range);
  }
  set_busy (self, TRUE);
  task = g_task_new (self, NULL, drill_done_cb, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) drill_task_free);
  g_task_run_in_thread (task, drill_thread);
}

static void
ranking_activated_cb (MaComparisonView *self,
                      guint             position)
{
  g_autoptr(GtkStringObject) item = g_list_model_get_item (G_LIST_MODEL (self->keys), position);

  if (item != NULL)
    drill_down (self, gtk_string_object_get_string (item), NULL);
}

static void
heatmap_cell_activated_cb (MaComparisonView *self,
                           const char       *key,
                           const char       *section)
{
  ma_comparison_view_select (self, key);
  drill_down (self, key, section);
}

static void
drill_down_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  const char *key, *section;

  g_variant_get (parameter, "(&s&s)", &key, &section);
  drill_down (MA_COMPARISON_VIEW (widget), key, *section != '\0' ? section : NULL);
}

/* ---- exports ------------------------------------------------------------- */

typedef struct {
  char         *path;
  MaComparison *comparison;   /* borrowed: the view keeps it while busy */
  GStrv         keys;
  char         *title;
} PdfTask;

static void
pdf_task_free (PdfTask *task)
{
  g_free (task->path);
  g_strfreev (task->keys);
  g_free (task->title);
  g_free (task);
}

static void
pdf_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  PdfTask *data = task_data;
  GError *error = NULL;

  if (ma_comparison_write_pdf (data->path, data->comparison, (const char * const *) data->keys,
                               data->title, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
pdf_done_cb (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  MaComparisonView *self = MA_COMPARISON_VIEW (source);
  PdfTask *data = g_task_get_task_data (G_TASK (res));
  g_autoptr(GError) error = NULL;

  set_busy (self, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->from_dropdown), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->to_dropdown), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->group_dropdown), TRUE);
  if (g_task_propagate_boolean (G_TASK (res), &error))
    {
      g_autofree char *name = g_path_get_basename (data->path);
      g_autofree char *message = g_strdup_printf (_("Saved %s"), name);

      ma_report_show_message (GTK_WIDGET (self), message);
    }
  else
    ma_report_show_message (GTK_WIDGET (self), error->message);
}

static void
export_to (MaComparisonView *self,
           const char       *format,
           const char       *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaTable) table = NULL;
  gboolean ok;

  if (self->comparison == NULL || self->busy_count > 0)
    return;
  if (g_str_equal (format, "pdf"))
    {
      g_autoptr(GTask) task = NULL;
      const char *key = selected_key (self);
      PdfTask *data = g_new0 (PdfTask, 1);
      const char *keys[] = { key, NULL };

      data->path = g_strdup (path);
      data->comparison = self->comparison;
      data->keys = g_strdupv ((char **) keys);
      data->title = g_strdup (self->comparison->rollup->by == MA_GROUP_REGION ? _("Regions Compared")
                                                                              : _("Branches Compared"));
      /* Busy keeps the comparison alive: a new range waits for the file. */
      set_busy (self, TRUE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->from_dropdown), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->to_dropdown), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->group_dropdown), FALSE);
      task = g_task_new (self, NULL, pdf_done_cb, NULL);
      g_task_set_task_data (task, data, (GDestroyNotify) pdf_task_free);
      g_task_run_in_thread (task, pdf_thread);
      return;
    }

  if (g_str_has_prefix (format, "failures"))
    table = ma_comparison_failures_table (self->comparison);
  else if (g_str_has_prefix (format, "trend"))
    table = ma_comparison_trend_table (self->comparison);
  else
    table = ma_report_compare_table (self->comparison->rollup, TRUE);

  if (g_str_has_suffix (format, "xlsx"))
    ok = ma_export_xlsx_to_file (table, NULL, path, &error);
  else
    ok = ma_export_csv_to_file (table, path, &error);
  if (ok)
    {
      g_autofree char *name = g_path_get_basename (path);
      g_autofree char *message = g_strdup_printf (_("Saved %s"), name);

      ma_report_show_message (GTK_WIDGET (self), message);
    }
  else
    ma_report_show_message (GTK_WIDGET (self), error->message);
}

static void
export_to_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  const char *format, *path;

  g_variant_get (parameter, "(&s&s)", &format, &path);
  export_to (MA_COMPARISON_VIEW (widget), format, path);
}

static void
chooser_response_cb (MaComparisonView     *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *format = g_strdup (g_object_get_data (G_OBJECT (chooser), "format"));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL && (path = g_file_get_path (file)) != NULL)
    export_to (self, format, path);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MaComparisonView *self = MA_COMPARISON_VIEW (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  const char *from, *to;
  g_autofree char *name = NULL;
  const char *suffix = g_str_has_suffix (format, "pdf") ? "pdf" : g_str_has_suffix (format, "xlsx") ? "xlsx" : "csv";
  const char *what = g_str_has_prefix (format, "failures") ? "failed-standards"
                     : g_str_has_prefix (format, "trend") ? "trend" : "comparison";

  if (self->comparison == NULL || self->chooser != NULL || !current_range (self, &from, &to))
    return;
  name = g_strdup_printf ("%s-%s-%s.%s", what, from, to, suffix);
  self->chooser = gtk_file_chooser_native_new (_("Export Comparison"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_object_set_data_full (G_OBJECT (self->chooser), "format", g_strdup (format), g_free);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- GObject ------------------------------------------------------------- */

static void
ma_comparison_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MaComparisonView *self = MA_COMPARISON_VIEW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy_count > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_comparison_view_dispose (GObject *object)
{
  MaComparisonView *self = MA_COMPARISON_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_weak_pointer (&self->drilldown);
  if (self->heatmap != NULL)
    ma_heatmap_set_comparison (self->heatmap, NULL);
  if (self->trend_chart != NULL)
    ma_trend_chart_set_comparison (self->trend_chart, NULL, NULL);
  if (self->ranking_view != NULL)
    gtk_column_view_set_model (self->ranking_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MA_TYPE_COMPARISON_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->keys);

  G_OBJECT_CLASS (ma_comparison_view_parent_class)->dispose (object);
}

static void
ma_comparison_view_finalize (GObject *object)
{
  MaComparisonView *self = MA_COMPARISON_VIEW (object);

  /* A PDF being written holds no reference: the task keeps the view alive
   * until it is done, so freeing here is safe. */
  g_clear_pointer (&self->comparison, ma_comparison_free);
  g_clear_pointer (&self->months, g_ptr_array_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ma_comparison_view_parent_class)->finalize (object);
}

static void
ma_comparison_view_class_init (MaComparisonViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ma_comparison_view_get_property;
  object_class->dispose = ma_comparison_view_dispose;
  object_class->finalize = ma_comparison_view_finalize;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MA_TYPE_HEATMAP);
  g_type_ensure (MA_TYPE_TREND_CHART);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mysteryaudit/MysteryAudit/ui/ma-comparison-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MaComparisonView, from_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MaComparisonView, to_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MaComparisonView, group_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MaComparisonView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, MaComparisonView, spinner);
  gtk_widget_class_bind_template_child (widget_class, MaComparisonView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, MaComparisonView, ranking_view);
  gtk_widget_class_bind_template_child (widget_class, MaComparisonView, heatmap);
  gtk_widget_class_bind_template_child (widget_class, MaComparisonView, trend_chart);
  gtk_widget_class_bind_template_child (widget_class, MaComparisonView, failed_group_title);
  gtk_widget_class_bind_template_child (widget_class, MaComparisonView, failed_overall_list);
  gtk_widget_class_bind_template_child (widget_class, MaComparisonView, failed_group_list);
  gtk_widget_class_bind_template_callback (widget_class, range_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ranking_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, heatmap_cell_activated_cb);

  gtk_widget_class_install_action (widget_class, "comparison.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "comparison.export-to", "(ss)", export_to_action);
  gtk_widget_class_install_action (widget_class, "comparison.drill-down", "(ss)", drill_down_action);
}

static void
ma_comparison_view_init (MaComparisonView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ma_timing_init (&self->timing);
  /* GTK 4.8 gives the focus to a drop-down's inner button: it needs
   * the name too. */
  ma_a11y_label_dropdown (self->from_dropdown, _("First month"));
  ma_a11y_label_dropdown (self->to_dropdown, _("Last month"));
  ma_a11y_label_dropdown (self->group_dropdown, _("Compare"));

  self->keys = gtk_string_list_new (NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->keys)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb), self);
  gtk_column_view_set_model (self->ranking_view, GTK_SELECTION_MODEL (self->selection));

  add_rank_column (self, RANK_RANK, _("Rank"), FALSE);
  add_rank_column (self, RANK_NAME, _("Name"), TRUE);
  add_rank_column (self, RANK_N, _("Audits"), FALSE);
  add_rank_column (self, RANK_SCORE, _("Score"), FALSE);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "comparison.export", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "comparison.export-to", FALSE);
}

/* ---- public -------------------------------------------------------------- */

void
ma_comparison_view_set_store (MaComparisonView *self,
                              MaStore          *store)
{
  g_autofree char *approved = NULL;
  g_autoptr(GListModel) labels = NULL;
  g_autoptr(GListModel) labels_to = NULL;
  guint to;

  g_return_if_fail (MA_IS_COMPARISON_VIEW (self));

  if (!g_set_object (&self->store, store) || store == NULL)
    return;
  g_clear_pointer (&self->months, g_ptr_array_unref);
  self->months = ma_report_list_months (store, &approved);
  labels = ma_report_month_model (self->months);
  labels_to = ma_report_month_model (self->months);
  /* A quarter up to the newest month with approved audits. */
  to = ma_report_find_month (self->months, approved, 0);
  self->updating = TRUE;
  gtk_drop_down_set_model (self->from_dropdown, labels);
  gtk_drop_down_set_model (self->to_dropdown, labels_to);
  gtk_drop_down_set_selected (self->to_dropdown, to);
  gtk_drop_down_set_selected (self->from_dropdown, MIN (to + 2, self->months->len - 1));
  self->updating = FALSE;
  compute (self);
}

void
ma_comparison_view_set_range (MaComparisonView *self,
                              MaGroupBy         by,
                              const char       *period_from,
                              const char       *period_to)
{
  g_return_if_fail (MA_IS_COMPARISON_VIEW (self));

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->group_dropdown, by == MA_GROUP_REGION ? 1 : 0);
  gtk_drop_down_set_selected (self->from_dropdown, ma_report_find_month (self->months, period_from, 0));
  gtk_drop_down_set_selected (self->to_dropdown, ma_report_find_month (self->months, period_to, 0));
  self->updating = FALSE;
  compute (self);
}

gboolean
ma_comparison_view_is_busy (MaComparisonView *self)
{
  g_return_val_if_fail (MA_IS_COMPARISON_VIEW (self), FALSE);
  return self->busy_count > 0;
}

const MaComparison *
ma_comparison_view_get_comparison (MaComparisonView *self)
{
  g_return_val_if_fail (MA_IS_COMPARISON_VIEW (self), NULL);
  return self->comparison;
}

void
ma_comparison_view_select (MaComparisonView *self,
                           const char       *key)
{
  g_return_if_fail (MA_IS_COMPARISON_VIEW (self));

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->keys)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->keys, i), key) == 0)
      {
        gtk_single_selection_set_selected (self->selection, i);
        return;
      }
}

GtkWidget *
ma_comparison_view_get_heatmap (MaComparisonView *self)
{
  g_return_val_if_fail (MA_IS_COMPARISON_VIEW (self), NULL);
  return GTK_WIDGET (self->heatmap);
}

GtkWidget *
ma_comparison_view_get_trend_chart (MaComparisonView *self)
{
  g_return_val_if_fail (MA_IS_COMPARISON_VIEW (self), NULL);
  return GTK_WIDGET (self->trend_chart);
}

GtkWindow *
ma_comparison_view_get_drilldown (MaComparisonView *self)
{
  g_return_val_if_fail (MA_IS_COMPARISON_VIEW (self), NULL);
  return self->drilldown;
}

void
ma_comparison_view_refresh (MaComparisonView *self)
{
  g_return_if_fail (MA_IS_COMPARISON_VIEW (self));

  /* Nothing computed yet: the first showing computes anyway. */
  if (self->comparison != NULL)
    compute (self);
}
