/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ma-a11y.h"
#include "ma-comparison.h"
#include "ma-export-csv.h"
#include "ma-export-xlsx.h"
#include "ma-report-util.h"
#include "ma-standards-view.h"
#include "ma-statement.h"

struct _MaStandardsView
{
  AdwBin                parent_instance;

  GtkDropDown          *from_dropdown;
  GtkDropDown          *to_dropdown;
  GtkDropDown          *group_dropdown;
  GtkStack             *content_stack;
  GtkSpinner           *spinner;
  AdwStatusPage        *empty_page;
  GtkColumnView        *column_view;

  MaStore              *store;
  GPtrArray            *months;
  gboolean              updating;
  GtkStringList        *indexes;     /* of "N": rows of rollup->standards */
  MaRollup             *rollup;
  GHashTable           *texts;
  GCancellable         *cancellable;
  guint                 busy_count;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (MaStandardsView, ma_standards_view, ADW_TYPE_BIN)

typedef enum {
  COLUMN_GROUP,
  COLUMN_STANDARD,
  COLUMN_RATE,
  COLUMN_N,
  COLUMN_TARGET,
  COLUMN_MET,
} Column;

static const MaRollupStandard *
standard_at (MaStandardsView *self,
             GtkListItem     *list_item)
{
  GtkStringObject *item = gtk_list_item_get_item (list_item);
  guint index = (guint) g_ascii_strtoull (gtk_string_object_get_string (item), NULL, 10);

  if (self->rollup == NULL || index >= self->rollup->standards->len)
    return NULL;
  return g_ptr_array_index (self->rollup->standards, index);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column == COLUMN_STANDARD)
    ma_a11y_show_full_text_on_hover (GTK_LABEL (label));
  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_GROUP || column == COLUMN_STANDARD
                                           || column == COLUMN_MET ? 0 : 1);
  if (column == COLUMN_RATE || column == COLUMN_N || column == COLUMN_TARGET)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         MaStandardsView          *self)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  const MaRollupStandard *standard = standard_at (self, list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  g_autofree char *text = NULL;

  if (standard == NULL)
    return;
  gtk_widget_remove_css_class (label, "success");
  gtk_widget_remove_css_class (label, "error");
  switch (column)
    {
    case COLUMN_GROUP:
      {
        const MaRollupRow *row = ma_rollup_find_row (self->rollup, standard->group);

        text = g_strdup (row != NULL ? row->name : standard->group);
      }
      break;
    case COLUMN_STANDARD:
      text = g_strdup (ma_comparison_lookup_question (self->texts, NULL, standard->question));
      break;
    case COLUMN_RATE:
      text = ma_format_percent_locale (standard->pass_rate);
      break;
    case COLUMN_N:
      text = g_strdup_printf ("%" G_GINT64_FORMAT, standard->n);
      break;
    case COLUMN_TARGET:
      text = ma_format_percent_locale (standard->share);
      break;
    case COLUMN_MET:
    default:
      /* Words as well as colour: the state must not depend on seeing red. */
      text = g_strdup (standard->met ? _("✓ Met") : _("✗ Not met"));
      gtk_widget_add_css_class (label, standard->met ? "success" : "error");
      break;
    }
  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "–");
}

static void
add_column (MaStandardsView *self,
            Column           column,
            const char      *title,
            gboolean         expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;

  g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (col, expand);
  gtk_column_view_column_set_resizable (col, TRUE);
  gtk_column_view_append_column (self->column_view, col);
  g_object_unref (col);
}

static void
set_busy (MaStandardsView *self,
          gboolean         busy)
{
  if (busy)
    self->busy_count++;
  else if (self->busy_count > 0)
    self->busy_count--;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "standards.export",
                                 self->busy_count == 0 && self->rollup != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "standards.export-to",
                                 self->busy_count == 0 && self->rollup != NULL);
}

static gboolean
current_range (MaStandardsView  *self,
               const char      **from,
               const char      **to)
{
  guint a = gtk_drop_down_get_selected (self->from_dropdown);
  guint b = gtk_drop_down_get_selected (self->to_dropdown);

  if (self->months == NULL || a >= self->months->len || b >= self->months->len)
    return FALSE;
  *from = g_ptr_array_index (self->months, MAX (a, b));
  *to = g_ptr_array_index (self->months, MIN (a, b));
  return TRUE;
}

typedef struct {
  MaRollup   *rollup;
  GHashTable *texts;
} Result;

static void
result_free (Result *result)
{
  g_clear_pointer (&result->rollup, ma_rollup_free);
  g_clear_pointer (&result->texts, g_hash_table_unref);
  g_free (result);
}

typedef struct {
  char     *path;
  MaGroupBy by;
  char     *from;
  char     *to;
} Task;

static void
task_free (Task *task)
{
  g_free (task->path);
  g_free (task->from);
  g_free (task->to);
  g_free (task);
}

static void
compute_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Task *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MaStore) store = ma_report_open_worker_store (data->path, FALSE, &error);
  Result *result = g_new0 (Result, 1);

  if (store == NULL
      || (result->rollup = ma_rollup_compute (store, data->by, data->from, data->to,
                                              MA_COMPARISON_MIN_AUDITS, &error)) == NULL
      || (result->texts = ma_comparison_load_question_texts (store, &error)) == NULL)
    {
      result_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, result, (GDestroyNotify) result_free);
}

static void
compute_done_cb (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  MaStandardsView *self = MA_STANDARDS_VIEW (source);
  g_autoptr(GError) error = NULL;
  Result *result = g_task_propagate_pointer (G_TASK (res), &error);
  g_autoptr(GPtrArray) indexes = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_busy (self, FALSE);
      return;
    }
  gtk_spinner_stop (self->spinner);
  if (result == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_status_page_set_title (self->empty_page, _("The Standards Cannot Be Computed"));
      adw_status_page_set_description (self->empty_page, escaped);
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      set_busy (self, FALSE);
      return;
    }

  gtk_string_list_splice (self->indexes, 0, g_list_model_get_n_items (G_LIST_MODEL (self->indexes)), NULL);
  g_clear_pointer (&self->rollup, ma_rollup_free);
  g_clear_pointer (&self->texts, g_hash_table_unref);
  self->rollup = g_steal_pointer (&result->rollup);
  self->texts = g_steal_pointer (&result->texts);
  result_free (result);

  indexes = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->rollup->standards->len; i++)
    g_ptr_array_add (indexes, g_strdup_printf ("%u", i));
  g_ptr_array_add (indexes, NULL);
  gtk_string_list_splice (self->indexes, 0, 0, (const char * const *) indexes->pdata);
  gtk_stack_set_visible_child_name (self->content_stack, self->rollup->standards->len > 0 ? "table" : "empty");
  set_busy (self, FALSE);
}

static void
compute (MaStandardsView *self)
{
  const char *from, *to;
  const char *path = ma_report_database_path (self->store);
  g_autoptr(GTask) task = NULL;
  Task *data;

  if (self->store == NULL || path == NULL || !current_range (self, &from, &to))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  gtk_stack_set_visible_child_name (self->content_stack, "loading");
  gtk_spinner_start (self->spinner);
  set_busy (self, TRUE);

  data = g_new0 (Task, 1);
  data->path = g_strdup (path);
  data->by = gtk_drop_down_get_selected (self->group_dropdown) == 1 ? MA_GROUP_REGION : MA_GROUP_BRANCH;
  data->from = g_strdup (from);
  data->to = g_strdup (to);
  task = g_task_new (self, self->cancellable, compute_done_cb, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) task_free);
  g_task_run_in_thread (task, compute_thread);
}

static void
range_changed_cb (MaStandardsView *self)
{
  if (!self->updating)
    compute (self);
}

static void
export_to (MaStandardsView *self,
           const char      *format,
           const char      *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaTable) table = NULL;
  gboolean ok;

  if (self->rollup == NULL)
    return;
  table = ma_comparison_standards_table (self->rollup, self->texts);
  ok = g_str_equal (format, "xlsx") ? ma_export_xlsx_to_file (table, NULL, path, &error)
                                    : ma_export_csv_to_file (table, path, &error);
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
  export_to (MA_STANDARDS_VIEW (widget), format, path);
}

static void
chooser_response_cb (MaStandardsView      *self,
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
  MaStandardsView *self = MA_STANDARDS_VIEW (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  g_autofree char *name = NULL;

  if (self->rollup == NULL || self->chooser != NULL)
    return;
  name = g_strdup_printf ("standards-%s-%s.%s", self->rollup->period_from, self->rollup->period_to,
                          g_str_equal (format, "xlsx") ? "xlsx" : "csv");
  self->chooser = gtk_file_chooser_native_new (_("Export Standards"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_object_set_data_full (G_OBJECT (self->chooser), "format", g_strdup (format), g_free);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
ma_standards_view_dispose (GObject *object)
{
  MaStandardsView *self = MA_STANDARDS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MA_TYPE_STANDARDS_VIEW);
  g_clear_object (&self->indexes);

  G_OBJECT_CLASS (ma_standards_view_parent_class)->dispose (object);
}

static void
ma_standards_view_finalize (GObject *object)
{
  MaStandardsView *self = MA_STANDARDS_VIEW (object);

  g_clear_pointer (&self->rollup, ma_rollup_free);
  g_clear_pointer (&self->texts, g_hash_table_unref);
  g_clear_pointer (&self->months, g_ptr_array_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ma_standards_view_parent_class)->finalize (object);
}

static void
ma_standards_view_class_init (MaStandardsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_standards_view_dispose;
  object_class->finalize = ma_standards_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mysteryaudit/MysteryAudit/ui/ma-standards-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MaStandardsView, from_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MaStandardsView, to_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MaStandardsView, group_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MaStandardsView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, MaStandardsView, spinner);
  gtk_widget_class_bind_template_child (widget_class, MaStandardsView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, MaStandardsView, column_view);
  gtk_widget_class_bind_template_callback (widget_class, range_changed_cb);

  gtk_widget_class_install_action (widget_class, "standards.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "standards.export-to", "(ss)", export_to_action);
}

static void
ma_standards_view_init (MaStandardsView *self)
{
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* GTK 4.8 gives the focus to a drop-down's inner button: it needs
   * the name too. */
  ma_a11y_label_dropdown (self->from_dropdown, _("First month"));
  ma_a11y_label_dropdown (self->to_dropdown, _("Last month"));
  ma_a11y_label_dropdown (self->group_dropdown, _("Group by"));

  self->indexes = gtk_string_list_new (NULL);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->indexes)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  add_column (self, COLUMN_GROUP, _("Branch or Region"), TRUE);
  add_column (self, COLUMN_STANDARD, _("Standard"), TRUE);
  add_column (self, COLUMN_RATE, _("Pass Rate"), FALSE);
  add_column (self, COLUMN_N, _("Audits"), FALSE);
  add_column (self, COLUMN_TARGET, _("Target"), FALSE);
  add_column (self, COLUMN_MET, _("Met"), FALSE);
  set_busy (self, FALSE);
}

void
ma_standards_view_set_store (MaStandardsView *self,
                             MaStore         *store)
{
  g_autofree char *approved = NULL;
  g_autoptr(GListModel) labels = NULL;
  g_autoptr(GListModel) labels_to = NULL;
  guint to;

  g_return_if_fail (MA_IS_STANDARDS_VIEW (self));

  if (!g_set_object (&self->store, store) || store == NULL)
    return;
  g_clear_pointer (&self->months, g_ptr_array_unref);
  self->months = ma_report_list_months (store, &approved);
  labels = ma_report_month_model (self->months);
  labels_to = ma_report_month_model (self->months);
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
ma_standards_view_set_range (MaStandardsView *self,
                             MaGroupBy        by,
                             const char      *period_from,
                             const char      *period_to)
{
  g_return_if_fail (MA_IS_STANDARDS_VIEW (self));

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->group_dropdown, by == MA_GROUP_REGION ? 1 : 0);
  gtk_drop_down_set_selected (self->from_dropdown, ma_report_find_month (self->months, period_from, 0));
  gtk_drop_down_set_selected (self->to_dropdown, ma_report_find_month (self->months, period_to, 0));
  self->updating = FALSE;
  compute (self);
}

gboolean
ma_standards_view_is_busy (MaStandardsView *self)
{
  g_return_val_if_fail (MA_IS_STANDARDS_VIEW (self), FALSE);
  return self->busy_count > 0;
}

const MaRollup *
ma_standards_view_get_rollup (MaStandardsView *self)
{
  g_return_val_if_fail (MA_IS_STANDARDS_VIEW (self), NULL);
  return self->rollup;
}
