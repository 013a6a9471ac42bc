/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "ma-a11y.h"
#include "ma-calibration-view.h"
#include "ma-report-util.h"
#include "ma-statement.h"

struct _MaCalibrationView
{
  AdwBin          parent_instance;

  GtkDropDown    *period_dropdown;
  GtkSpinner     *spinner;
  GtkStack       *content_stack;
  AdwStatusPage  *empty_page;
  GtkLabel       *rule_label;
  GtkGrid        *grid;

  MaStore        *store;
  GPtrArray      *months;
  GPtrArray      *rows;          /* of MaCalibrationRow */
  GCancellable   *cancellable;
  guint           busy_count;
  gboolean        updating;
};

G_DEFINE_FINAL_TYPE (MaCalibrationView, ma_calibration_view, ADW_TYPE_BIN)

static const char *
current_period (MaCalibrationView *self)
{
  guint selected = gtk_drop_down_get_selected (self->period_dropdown);

  if (self->months == NULL || selected >= self->months->len)
    return NULL;
  return g_ptr_array_index (self->months, selected);
}

static const char *
describe_verdict (MaCalibrationVerdict verdict)
{
  switch (verdict)
    {
    case MA_CALIBRATION_LENIENT:
      return _("Lenient");
    case MA_CALIBRATION_STRICT:
      return _("Strict");
    case MA_CALIBRATION_IN_LINE:
      return _("In line");
    case MA_CALIBRATION_UNKNOWN:
    default:
      return _("Too few audits");
    }
}

static GtkWidget *
make_cell (const char *text,
           gboolean    numeric,
           const char *css)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1 : 0);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
  return label;
}

/* "86.0 % (n = 5)", or a dash when there is nothing to compare with. */
static char *
format_mean (double mean,
             gint64 n)
{
  g_autofree char *percent = ma_format_percent_locale (mean);

  if (percent == NULL || n == 0)
    return g_strdup ("—");
  /* TRANSLATORS: a mean score and the number of audits behind it */
  return g_strdup_printf (_("%s (n = %" PRId64 ")"), percent, n);
}

static void
fill_table (MaCalibrationView *self)
{
  GtkWidget *child;
  const char *headers[] = {
    N_("Auditor"), N_("Audits"), N_("Their mean"), N_("Others, same branches"), N_("Gap"), N_("Flag"),
  };

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    gtk_grid_attach (self->grid, make_cell (_(headers[c]), c == 1 || c == 2 || c == 3 || c == 4, "heading"),
                     (int) c, 0, 1, 1);
  for (guint i = 0; i < self->rows->len; i++)
    {
      const MaCalibrationRow *row = g_ptr_array_index (self->rows, i);
      MaCalibrationVerdict verdict = ma_calibration_verdict (row);
      double gap = ma_calibration_gap (row);
      g_autofree char *audits = g_strdup_printf ("%" G_GINT64_FORMAT, row->audits);
      g_autofree char *own = format_mean (row->own_mean, row->own_n);
      g_autofree char *others = format_mean (row->others_mean, row->others_n);
      /* TRANSLATORS: the gap between two mean scores in percentage points */
      g_autofree char *gap_text = isfinite (gap) ? g_strdup_printf (_("%+.1f points"), gap * 100) : g_strdup ("—");
      const char *css = verdict == MA_CALIBRATION_LENIENT ? "warning"
                        : verdict == MA_CALIBRATION_STRICT ? "error"
                        : verdict == MA_CALIBRATION_IN_LINE ? NULL : "dim-label";
      int y = (int) i + 1;

      gtk_grid_attach (self->grid, make_cell (row->auditor, FALSE, NULL), 0, y, 1, 1);
      gtk_grid_attach (self->grid, make_cell (audits, TRUE, NULL), 1, y, 1, 1);
      gtk_grid_attach (self->grid, make_cell (own, TRUE, NULL), 2, y, 1, 1);
      gtk_grid_attach (self->grid, make_cell (others, TRUE, NULL), 3, y, 1, 1);
      gtk_grid_attach (self->grid, make_cell (gap_text, TRUE, NULL), 4, y, 1, 1);
      gtk_grid_attach (self->grid, make_cell (describe_verdict (verdict), FALSE, css), 5, y, 1, 1);
    }
}

static void
show_rows (MaCalibrationView *self,
           GPtrArray         *rows)
{
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  self->rows = rows;

  if (rows->len == 0)
    {
      g_autofree char *month = ma_format_period_locale (current_period (self));
      g_autofree char *description = g_strdup_printf (_("No approved audit of %s names an auditor."), month);

      adw_status_page_set_title (self->empty_page, _("No Auditors to Compare"));
      adw_status_page_set_description (self->empty_page, description);
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      return;
    }
  fill_table (self);
  gtk_stack_set_visible_child_name (self->content_stack, "table");
}

/* ---- computing on a worker ----------------------------------------------- */

typedef struct {
  char *path;
  char *period;
} CalibrationTask;

static void
calibration_task_free (CalibrationTask *task)
{
  g_free (task->path);
  g_free (task->period);
  g_free (task);
}

static void
calibration_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  CalibrationTask *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MaStore) store = ma_report_open_worker_store (data->path, FALSE, &error);
  GPtrArray *rows;

  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  rows = ma_store_aggregate_auditor_calibration (store, data->period, data->period, &error);
  if (rows == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, rows, (GDestroyNotify) g_ptr_array_unref);
}

static void
set_busy (MaCalibrationView *self,
          gboolean           busy)
{
  if (busy)
    self->busy_count++;
  else if (self->busy_count > 0)
    self->busy_count--;
  if (self->busy_count > 0)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);
}

static void
calibration_done_cb (GObject      *source,
                     GAsyncResult *res,
                     gpointer      user_data)
{
  MaCalibrationView *self = MA_CALIBRATION_VIEW (source);
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = g_task_propagate_pointer (G_TASK (res), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_busy (self, FALSE);
      return;
    }
  if (rows == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_status_page_set_title (self->empty_page, _("The Auditors Cannot Be Compared"));
      adw_status_page_set_description (self->empty_page, escaped);
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
    }
  else
    show_rows (self, rows);
  set_busy (self, FALSE);
}

static void
compute (MaCalibrationView *self)
{
  const char *period = current_period (self);
  const char *path = ma_report_database_path (self->store);
  g_autoptr(GTask) task = NULL;
  CalibrationTask *data;

  if (self->store == NULL || path == NULL || period == NULL)
    return;

  /* A newer month wins: the running computation's result is dropped. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->rows == NULL)
    gtk_stack_set_visible_child_name (self->content_stack, "loading");
  set_busy (self, TRUE);

  data = g_new0 (CalibrationTask, 1);
  data->path = g_strdup (path);
  data->period = g_strdup (period);
  task = g_task_new (self, self->cancellable, calibration_done_cb, NULL);
  g_task_set_source_tag (task, compute);
  g_task_set_task_data (task, data, (GDestroyNotify) calibration_task_free);
  g_task_run_in_thread (task, calibration_thread);
}

static void
period_changed_cb (MaCalibrationView *self)
{
  if (!self->updating)
    compute (self);
}

/* ---- the class ----------------------------------------------------------- */

static void
ma_calibration_view_dispose (GObject *object)
{
  MaCalibrationView *self = MA_CALIBRATION_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MA_TYPE_CALIBRATION_VIEW);
  g_clear_object (&self->store);
  g_clear_pointer (&self->months, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (ma_calibration_view_parent_class)->dispose (object);
}

static void
ma_calibration_view_class_init (MaCalibrationViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_calibration_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mysteryaudit/MysteryAudit/ui/ma-calibration-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MaCalibrationView, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MaCalibrationView, spinner);
  gtk_widget_class_bind_template_child (widget_class, MaCalibrationView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, MaCalibrationView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, MaCalibrationView, rule_label);
  gtk_widget_class_bind_template_child (widget_class, MaCalibrationView, grid);
  gtk_widget_class_bind_template_callback (widget_class, period_changed_cb);
}

static void
ma_calibration_view_init (MaCalibrationView *self)
{
  g_autofree char *rule = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The focus goes to the button inside the drop-down: it is named too. */
  ma_a11y_label_dropdown (self->period_dropdown, _("Month of the audits compared"));
  /* The rule in numbers, from the engine's own constants. */
  rule = g_strdup_printf (_("Each auditor's mean score is set against the mean the other auditors gave the "
                            "same branches in the same month. A gap of %.0f points or more, with at least "
                            "%d audits on each side, flags the auditor as lenient or strict: enough to move "
                            "a bonus component by about that share. Talk to the auditor before closing the "
                            "month; no score is corrected automatically."),
                          MA_CALIBRATION_GAP * 100, MA_CALIBRATION_MIN_N);
  gtk_label_set_text (self->rule_label, rule);
}

void
ma_calibration_view_set_store (MaCalibrationView *self,
                               MaStore           *store)
{
  g_autofree char *approved = NULL;
  g_autoptr(GListModel) labels = NULL;

  g_return_if_fail (MA_IS_CALIBRATION_VIEW (self));

  if (!g_set_object (&self->store, store) || store == NULL)
    return;
  g_clear_pointer (&self->months, g_ptr_array_unref);
  self->months = ma_report_list_months (store, &approved);
  labels = ma_report_month_model (self->months);
  self->updating = TRUE;
  gtk_drop_down_set_model (self->period_dropdown, labels);
  /* The newest month with approved audits: the one about to be closed. */
  gtk_drop_down_set_selected (self->period_dropdown, ma_report_find_month (self->months, approved, 0));
  self->updating = FALSE;
  compute (self);
}

void
ma_calibration_view_set_period (MaCalibrationView *self,
                                const char        *period)
{
  guint index;

  g_return_if_fail (MA_IS_CALIBRATION_VIEW (self));

  if (self->months == NULL)
    return;
  index = ma_report_find_month (self->months, period, GTK_INVALID_LIST_POSITION);
  if (index == GTK_INVALID_LIST_POSITION)
    return;
  if (index == gtk_drop_down_get_selected (self->period_dropdown))
    compute (self);
  else
    gtk_drop_down_set_selected (self->period_dropdown, index);
}

gboolean
ma_calibration_view_is_busy (MaCalibrationView *self)
{
  g_return_val_if_fail (MA_IS_CALIBRATION_VIEW (self), FALSE);
  return self->busy_count > 0;
}

GPtrArray *
ma_calibration_view_get_rows (MaCalibrationView *self)
{
  g_return_val_if_fail (MA_IS_CALIBRATION_VIEW (self), NULL);
  return self->rows;
}

const char *
ma_calibration_view_get_flag (MaCalibrationView *self,
                              const char        *auditor)
{
  g_return_val_if_fail (MA_IS_CALIBRATION_VIEW (self), NULL);

  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    {
      const MaCalibrationRow *row = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (row->auditor, auditor) == 0)
        return ma_calibration_verdict_to_string (ma_calibration_verdict (row));
    }
  return NULL;
}
