/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "ma-csv-read.h"
#include "ma-import-dialog.h"
#include "ma-kpi-grid.h"
#include "ma-kpi-sheet.h"
#include "ma-pay-util.h"

/* Grid columns: the name, then per component actual, plan and achievement. */
#define FIRST_FIGURE_COLUMN 1
#define COLUMNS_PER_COMPONENT 3
/* Grid rows: the component titles, the figure titles, then the employees. */
#define FIRST_EMPLOYEE_ROW 2

typedef struct {
  MaKpiGrid  *grid;       /* the owner, which outlives its cells */
  GtkEntry   *entry;
  guint       row;        /* employee index */
  guint       column;     /* figure index: 2 x component + (plan ? 1 : 0) */
  const char *employee;   /* borrowed from the sheet */
  const char *component;
  gboolean    plan;
  char       *committed;  /* the text of the stored figure ("" when none) */
} Cell;

struct _MaKpiGrid
{
  AdwBin        parent_instance;

  GtkDropDown  *period_dropdown;
  GtkStack     *stack;
  GtkGrid      *grid;
  GtkLabel     *message_label;

  MaStore      *store;
  GStrv         periods;
  char         *period;
  MaKpiSheet   *sheet;
  GPtrArray    *cells;       /* of Cell, or NULL where an employee has no such figure */
  GPtrArray    *achievements;/* of GtkLabel per employee x component, or NULL */
  guint         n_columns;   /* figure columns */
  Cell         *focused;
  GCancellable *load_cancellable;
  gboolean      loading;
  gboolean      read_only;   /* the database: figures are shown, not typed */
};

G_DEFINE_FINAL_TYPE (MaKpiGrid, ma_kpi_grid, ADW_TYPE_BIN)

static void
cell_free (Cell *cell)
{
  if (cell == NULL)
    return;
  g_free (cell->committed);
  g_free (cell);
}

static Cell *
cell_at (MaKpiGrid *self,
         guint      row,
         guint      column)
{
  if (self->sheet == NULL || column >= self->n_columns || row >= self->sheet->employees->len)
    return NULL;
  return g_ptr_array_index (self->cells, row * self->n_columns + column);
}

static void
set_message (MaKpiGrid  *self,
             const char *message,
             gboolean    error)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
}

static char *
format_figure (double value)
{
  /* As a person types it: no needless zeros, the locale's decimal mark. */
  g_autofree char *plain = ma_bonus_format_decimal (value, 0, 6);
  char *text = g_strdup (plain);
  const char *mark = localeconv ()->decimal_point;
  char *dot = strchr (text, '.');

  if (dot != NULL && mark != NULL && mark[0] != '\0' && mark[1] == '\0')
    *dot = mark[0];
  return text;
}

static void
update_achievement (MaKpiGrid  *self,
                    guint       row,
                    guint       component)
{
  GtkLabel *label = g_ptr_array_index (self->achievements, row * (self->n_columns / 2) + component);
  Cell *actual = cell_at (self, row, 2 * component);
  const MaKpi *kpi;
  g_autofree char *text = NULL;

  if (label == NULL || actual == NULL)
    return;
  kpi = ma_kpi_sheet_get (self->sheet, actual->employee, actual->component);
  text = kpi != NULL ? ma_pay_format_percent (kpi->actual / kpi->plan) : g_strdup ("—");
  gtk_label_set_text (label, text);
}

/* ---- Saving ----------------------------------------------------------- */

/* The value a cell shows: TRUE with *@value, or FALSE with a message. An
 * empty cell is NAN. */
static gboolean
cell_value (Cell    *cell,
            double  *value,
            char   **message)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (cell->entry))));

  if (*text == '\0')
    {
      *value = NAN;
      return TRUE;
    }
  return ma_csv_parse_number (text, value, message);
}

static char *
cell_name (MaKpiGrid *self,
           Cell      *cell)
{
  const MaEmployee *e = ma_kpi_sheet_find_employee (self->sheet, cell->employee);
  const MaSchemeComponent *c = g_ptr_array_index (self->sheet->components, cell->column / 2);

  /* TRANSLATORS: a cell of the KPI grid: employee, component, actual or plan */
  return g_strdup_printf (_("%s, %s, %s"), e != NULL ? e->name : cell->employee,
                          c->label != NULL ? c->label : c->key,
                          cell->plan ? _("plan") : _("actual"));
}

static void
mark_cell (Cell       *cell,
           const char *problem)
{
  if (problem != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (cell->entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (cell->entry), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (cell->entry), problem);
}

static void
after_save (MaKpiGrid *self,
            GPtrArray *kpis)
{
  for (guint i = 0; i < kpis->len; i++)
    {
      const MaKpi *kpi = g_ptr_array_index (kpis, i);
      g_autofree char *key = g_strconcat (kpi->employee, "\x1f", kpi->component, NULL);

      g_hash_table_insert (self->sheet->figures, g_steal_pointer (&key),
                           ma_kpi_new (kpi->employee, kpi->period, kpi->component, kpi->actual, kpi->plan));
    }
  for (guint row = 0; row < self->sheet->employees->len; row++)
    for (guint column = 0; column < self->n_columns; column++)
      {
        Cell *cell = cell_at (self, row, column);
        const MaKpi *kpi;

        if (cell == NULL)
          continue;
        kpi = ma_kpi_sheet_get (self->sheet, cell->employee, cell->component);
        if (kpi == NULL)
          continue;
        g_free (cell->committed);
        cell->committed = format_figure (cell->plan ? kpi->plan : kpi->actual);
        if (!gtk_widget_has_css_class (GTK_WIDGET (cell->entry), "error"))
          gtk_editable_set_text (GTK_EDITABLE (cell->entry), cell->committed);
        if (!cell->plan)
          update_achievement (self, row, column / 2);
      }
}

/* Reads a cell and its pair; saves the figure when both are valid. */
static void
commit_cell (MaKpiGrid *self,
             Cell      *cell)
{
  Cell *actual_cell = cell_at (self, cell->row, cell->column & ~1u);
  Cell *plan_cell = cell_at (self, cell->row, cell->column | 1u);
  g_autofree char *message = NULL;
  g_autofree char *name = cell_name (self, cell);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) kpis = NULL;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (cell->entry))));
  double actual, plan;

  if (self->store == NULL || actual_cell == NULL || plan_cell == NULL)
    return;
  if (g_strcmp0 (text, cell->committed) == 0)
    {
      mark_cell (cell, NULL);
      return;
    }
  if (!cell_value (cell, cell->plan ? &plan : &actual, &message))
    {
      g_autofree char *full = g_strdup_printf (_("%s: %s"), name, message);

      mark_cell (cell, message);
      set_message (self, full, TRUE);
      return;
    }
  if (isnan (cell->plan ? plan : actual))
    {
      if (*cell->committed != '\0')
        {
          /* The store keeps figures; an empty cell would lose one. */
          g_autofree char *full = g_strdup_printf (_("%s: a figure cannot be removed; "
                                                     "type 0 for no result"), name);

          gtk_editable_set_text (GTK_EDITABLE (cell->entry), cell->committed);
          set_message (self, full, TRUE);
        }
      mark_cell (cell, NULL);
      return;
    }
  mark_cell (cell, NULL);
  {
    Cell *other = cell->plan ? actual_cell : plan_cell;
    g_autofree char *other_message = NULL;

    if (!cell_value (other, cell->plan ? &actual : &plan, &other_message) || isnan (cell->plan ? actual : plan))
      {
        g_autofree char *other_name = cell_name (self, other);
        g_autofree char *full = g_strdup_printf (_("Type %s too: a figure is saved with both its actual and its plan"),
                                                 other_name);

        set_message (self, full, FALSE);
        return;
      }
  }
  if (!ma_kpi_check_figures (actual, plan, &error))
    {
      g_autofree char *full = g_strdup_printf (_("%s: %s"), name, error->message);

      mark_cell (cell, error->message);
      set_message (self, full, TRUE);
      return;
    }
  kpis = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_kpi_free);
  g_ptr_array_add (kpis, ma_kpi_new (cell->employee, self->period, cell->component, actual, plan));
  if (!ma_kpi_save_all (self->store, kpis, &error))
    {
      g_autofree char *full = g_strdup_printf (_("Not saved: %s"), error->message);

      set_message (self, full, TRUE);
      return;
    }
  mark_cell (actual_cell, NULL);
  mark_cell (plan_cell, NULL);
  after_save (self, kpis);
  {
    g_autofree char *saved = g_strdup_printf (_("Saved: %s"), name);

    set_message (self, saved, FALSE);
  }
}

/* ---- Keyboard --------------------------------------------------------- */

static void
focus_cell (MaKpiGrid *self,
            Cell      *cell)
{
  if (cell == NULL)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (cell->entry));
  /* Typing replaces the figure, as in a spreadsheet. */
  gtk_editable_select_region (GTK_EDITABLE (cell->entry), 0, -1);
}

/* The next cell from @cell in a direction, skipping the gaps where an
 * employee has no such figure. */
static Cell *
next_cell (MaKpiGrid *self,
           Cell      *cell,
           int        d_row,
           int        d_column,
           gboolean   wrap)
{
  int row = (int) cell->row;
  int column = (int) cell->column;
  int n_rows = (int) self->sheet->employees->len;
  int n_columns = (int) self->n_columns;

  for (;;)
    {
      row += d_row;
      column += d_column;
      if (wrap && column >= n_columns)
        {
          column = 0;
          row++;
        }
      else if (wrap && column < 0)
        {
          column = n_columns - 1;
          row--;
        }
      if (row < 0 || row >= n_rows || column < 0 || column >= n_columns)
        return NULL;
      if (cell_at (self, (guint) row, (guint) column) != NULL)
        return cell_at (self, (guint) row, (guint) column);
    }
}

static gboolean
move (MaKpiGrid *self,
      Cell      *cell,
      int        d_row,
      int        d_column,
      gboolean   wrap)
{
  Cell *target = next_cell (self, cell, d_row, d_column, wrap);

  commit_cell (self, cell);
  if (target != NULL)
    focus_cell (self, target);
  return TRUE;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                Cell                  *cell)
{
  MaKpiGrid *self = cell->grid;
  GtkEditable *editable = GTK_EDITABLE (cell->entry);
  gboolean shift = (state & GDK_SHIFT_MASK) != 0;
  int start, end;
  int length = g_utf8_strlen (gtk_editable_get_text (editable), -1);
  gboolean at_start, at_end, all;

  gtk_editable_get_selection_bounds (editable, &start, &end);
  /* A cell just entered has all its text selected: arrows then move
   * between cells; once the user moves the caret, they move the caret. */
  all = length == 0 || (MIN (start, end) == 0 && MAX (start, end) == length);
  at_start = start == end && gtk_editable_get_position (editable) == 0;
  at_end = start == end && gtk_editable_get_position (editable) == length;

  if ((state & GDK_CONTROL_MASK) != 0 && (keyval == GDK_KEY_v || keyval == GDK_KEY_V))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "kpi.paste", NULL);
      return TRUE;
    }
  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      return move (self, cell, -1, 0, FALSE);
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      return move (self, cell, 1, 0, FALSE);
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      return move (self, cell, shift ? -1 : 1, 0, FALSE);
    case GDK_KEY_Tab:
    case GDK_KEY_KP_Tab:
      return move (self, cell, 0, 1, TRUE);
    case GDK_KEY_ISO_Left_Tab:
      return move (self, cell, 0, -1, TRUE);
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      if (all || at_start)
        return move (self, cell, 0, -1, FALSE);
      return FALSE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      if (all || at_end)
        return move (self, cell, 0, 1, FALSE);
      return FALSE;
    case GDK_KEY_Escape:
      gtk_editable_set_text (editable, cell->committed);
      mark_cell (cell, NULL);
      gtk_editable_select_region (editable, 0, -1);
      return TRUE;
    case GDK_KEY_F2:
      /* Edit the figure instead of replacing it. */
      gtk_editable_set_position (editable, -1);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
focus_enter_cb (GtkEventControllerFocus *controller,
                Cell                    *cell)
{
  cell->grid->focused = cell;
}

static void
focus_leave_cb (GtkEventControllerFocus *controller,
                Cell                    *cell)
{
  if (cell->grid->sheet != NULL)
    commit_cell (cell->grid, cell);
}

/* ---- Building the grid ------------------------------------------------ */

static void
clear_grid (MaKpiGrid *self)
{
  GtkWidget *child;

  self->focused = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  g_ptr_array_set_size (self->cells, 0);
  g_ptr_array_set_size (self->achievements, 0);
}

static GtkWidget *
header_label (const char *text,
              gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, heading ? "heading" : "dim-label");
  return label;
}

static void
build_grid (MaKpiGrid *self)
{
  MaKpiSheet *sheet = self->sheet;
  guint n_components = sheet->components->len;

  clear_grid (self);
  self->n_columns = 2 * n_components;
  gtk_stack_set_visible_child_name (self->stack, sheet->employees->len > 0 && n_components > 0
                                                 ? "grid" : "empty");

  gtk_grid_attach (self->grid, header_label (_("Employee"), TRUE), 0, 0, 1, 2);
  for (guint k = 0; k < n_components; k++)
    {
      const MaSchemeComponent *c = g_ptr_array_index (sheet->components, k);
      guint column = FIRST_FIGURE_COLUMN + k * COLUMNS_PER_COMPONENT;

      gtk_grid_attach (self->grid, header_label (c->label != NULL ? c->label : c->key, TRUE),
                       (int) column, 0, COLUMNS_PER_COMPONENT, 1);
      gtk_grid_attach (self->grid, header_label (_("Actual"), FALSE), (int) column, 1, 1, 1);
      gtk_grid_attach (self->grid, header_label (_("Plan"), FALSE), (int) column + 1, 1, 1, 1);
      gtk_grid_attach (self->grid, header_label (_("Achieved"), FALSE), (int) column + 2, 1, 1, 1);
    }

  for (guint row = 0; row < sheet->employees->len; row++)
    {
      const MaEmployee *e = g_ptr_array_index (sheet->employees, row);
      g_autofree char *name_text = g_strdup_printf ("%s (%s)", e->name, e->code);
      GtkWidget *name = gtk_label_new (name_text);

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (name), 32);
      gtk_widget_set_tooltip_text (name, name_text);
      gtk_grid_attach (self->grid, name, 0, (int) (FIRST_EMPLOYEE_ROW + row), 1, 1);

      for (guint column = 0; column < self->n_columns; column++)
        {
          const MaSchemeComponent *c = g_ptr_array_index (sheet->components, column / 2);
          guint grid_column = FIRST_FIGURE_COLUMN + (column / 2) * COLUMNS_PER_COMPONENT + column % 2;
          const MaKpi *kpi = ma_kpi_sheet_get (sheet, e->code, c->key);
          GtkEventController *keys, *focus;
          g_autofree char *label = NULL;
          Cell *cell;

          if (!ma_kpi_sheet_uses (sheet, e->code, c->key))
            {
              g_ptr_array_add (self->cells, NULL);
              gtk_grid_attach (self->grid, header_label ("", FALSE), (int) grid_column,
                               (int) (FIRST_EMPLOYEE_ROW + row), 1, 1);
              continue;
            }
          cell = g_new0 (Cell, 1);
          cell->grid = self;
          cell->row = row;
          cell->column = column;
          cell->employee = e->code;
          cell->component = c->key;
          cell->plan = column % 2 == 1;
          cell->committed = kpi != NULL ? format_figure (cell->plan ? kpi->plan : kpi->actual)
                                        : g_strdup ("");
          cell->entry = GTK_ENTRY (gtk_entry_new ());
          gtk_editable_set_text (GTK_EDITABLE (cell->entry), cell->committed);
          gtk_editable_set_editable (GTK_EDITABLE (cell->entry), !self->read_only);
          gtk_editable_set_width_chars (GTK_EDITABLE (cell->entry), 9);
          gtk_editable_set_alignment (GTK_EDITABLE (cell->entry), 1.0);
          gtk_entry_set_input_purpose (cell->entry, GTK_INPUT_PURPOSE_NUMBER);
          label = cell_name (self, cell);
          ma_pay_set_label (GTK_WIDGET (cell->entry), label);

          keys = gtk_event_controller_key_new ();
          gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
          g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), cell);
          gtk_widget_add_controller (GTK_WIDGET (cell->entry), keys);
          focus = gtk_event_controller_focus_new ();
          g_signal_connect (focus, "enter", G_CALLBACK (focus_enter_cb), cell);
          g_signal_connect (focus, "leave", G_CALLBACK (focus_leave_cb), cell);
          gtk_widget_add_controller (GTK_WIDGET (cell->entry), focus);

          gtk_grid_attach (self->grid, GTK_WIDGET (cell->entry), (int) grid_column,
                           (int) (FIRST_EMPLOYEE_ROW + row), 1, 1);
          g_ptr_array_add (self->cells, cell);
        }
      for (guint k = 0; k < n_components; k++)
        {
          const MaSchemeComponent *c = g_ptr_array_index (sheet->components, k);
          GtkWidget *achieved = NULL;

          if (ma_kpi_sheet_uses (sheet, e->code, c->key))
            {
              achieved = header_label ("", FALSE);
              gtk_widget_add_css_class (achieved, "numeric");
              gtk_label_set_xalign (GTK_LABEL (achieved), 1.0);
              gtk_grid_attach (self->grid, achieved,
                               (int) (FIRST_FIGURE_COLUMN + k * COLUMNS_PER_COMPONENT + 2),
                               (int) (FIRST_EMPLOYEE_ROW + row), 1, 1);
            }
          g_ptr_array_add (self->achievements, achieved);
        }
      for (guint k = 0; k < n_components; k++)
        update_achievement (self, row, k);
    }
}

/* ---- Loading on a worker thread --------------------------------------- */

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  MaStore *store = data;
  const char *period = g_object_get_data (G_OBJECT (task), "period");
  GError *error = NULL;
  MaKpiSheet *sheet = ma_kpi_sheet_load (store, period, &error);

  if (sheet == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, sheet, (GDestroyNotify) ma_kpi_sheet_free);
}

static void
load_sheet_async (MaKpiGrid           *self,
                  const char          *period,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  MaStore *worker;

  g_task_set_source_tag (task, load_sheet_async);
  g_task_set_check_cancellable (task, TRUE);
  g_object_set_data_full (G_OBJECT (task), "period", g_strdup (period), g_free);
  if (!ma_pay_store_has_file (self->store))
    {
      MaKpiSheet *sheet = ma_kpi_sheet_load (self->store, period, &error);

      if (sheet == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, sheet, (GDestroyNotify) ma_kpi_sheet_free);
      return;
    }
  worker = ma_pay_open_worker_store (self->store, &error);
  if (worker == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_set_task_data (task, worker, g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

static MaKpiSheet *
load_sheet_finish (MaKpiGrid     *self,
                   GAsyncResult  *result,
                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  MaKpiGrid *self = MA_KPI_GRID (source);
  g_autoptr(GError) error = NULL;
  MaKpiSheet *sheet = load_sheet_finish (self, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  g_clear_object (&self->load_cancellable);
  if (sheet == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The KPI figures cannot be read: %s"), error->message);

      set_message (self, message, TRUE);
      return;
    }
  clear_grid (self);
  g_clear_pointer (&self->sheet, ma_kpi_sheet_free);
  self->sheet = sheet;
  build_grid (self);
  set_message (self, "", FALSE);
}

static void
reload (MaKpiGrid *self)
{
  if (self->store == NULL || self->period == NULL)
    return;
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  self->loading = TRUE;
  set_message (self, _("Loading…"), FALSE);
  load_sheet_async (self, self->period, self->load_cancellable, load_done_cb, NULL);
}

/* ---- Paste ------------------------------------------------------------ */

gboolean
ma_kpi_grid_paste_text (MaKpiGrid  *self,
                        const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaCsvTable) table = NULL;
  g_autoptr(GPtrArray) kpis = NULL;
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  guint n_figures = 0;
  Cell *start;

  g_return_val_if_fail (MA_IS_KPI_GRID (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (self->sheet == NULL || self->store == NULL)
    return FALSE;
  start = self->focused;
  for (guint i = 0; start == NULL && i < self->cells->len; i++)
    start = g_ptr_array_index (self->cells, i);
  if (start == NULL)
    {
      set_message (self, _("There is no cell to paste into"), TRUE);
      return FALSE;
    }
  table = ma_csv_read (text, -1, '\t', &error);
  if (table == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Nothing pasted: %s"), error->message);

      set_message (self, message, TRUE);
      return FALSE;
    }

  /* Every pasted value is checked before anything is saved. */
  for (guint r = 0; r < table->records->len; r++)
    {
      const MaCsvRecord *record = g_ptr_array_index (table->records, r);

      for (guint f = 0; f < record->n_fields; f++)
        {
          guint row = start->row + r;
          guint column = start->column + f;
          Cell *cell = cell_at (self, row, column);
          g_autofree char *message = NULL;
          double value;

          if (row >= self->sheet->employees->len || column >= self->n_columns)
            {
              g_ptr_array_add (problems,
                               g_strdup_printf (_("the block of %u rows and %u columns is larger than "
                                                  "the grid from the selected cell on"),
                                                table->records->len, record->n_fields));
              goto report;
            }
          if (cell == NULL)
            {
              g_ptr_array_add (problems,
                               g_strdup_printf (_("row %u, column %u of the block falls on an employee "
                                                  "without this KPI"), r + 1, f + 1));
              continue;
            }
          if (!ma_csv_parse_number (record->fields[f], &value, &message))
            {
              g_autofree char *name = cell_name (self, cell);

              g_ptr_array_add (problems, g_strdup_printf (_("%s: %s"), name, message));
              continue;
            }
          g_hash_table_insert (values, cell, g_memdup2 (&value, sizeof value));
          n_figures++;
        }
    }
  if (problems->len > 0)
    goto report;

  kpis = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_kpi_free);
  for (guint row = 0; row < self->sheet->employees->len; row++)
    for (guint column = 0; column + 1 < self->n_columns; column += 2)
      {
        Cell *actual_cell = cell_at (self, row, column);
        Cell *plan_cell = cell_at (self, row, column + 1);
        double *pasted_actual, *pasted_plan;
        double actual, plan;
        g_autoptr(GError) check_error = NULL;

        if (actual_cell == NULL)
          continue;
        pasted_actual = g_hash_table_lookup (values, actual_cell);
        pasted_plan = g_hash_table_lookup (values, plan_cell);
        if (pasted_actual == NULL && pasted_plan == NULL)
          continue;
        /* The other figure of a pair comes from its cell. */
        if (pasted_actual != NULL)
          actual = *pasted_actual;
        else if (!cell_value (actual_cell, &actual, NULL))
          actual = NAN;
        if (pasted_plan != NULL)
          plan = *pasted_plan;
        else if (!cell_value (plan_cell, &plan, NULL))
          plan = NAN;
        if (isnan (actual) || isnan (plan))
          {
            g_autofree char *name = cell_name (self, pasted_actual == NULL ? actual_cell : plan_cell);

            g_ptr_array_add (problems,
                             g_strdup_printf (_("%s is empty: a figure needs both its actual and its plan"),
                                              name));
            continue;
          }
        if (!ma_kpi_check_figures (actual, plan, &check_error))
          {
            g_autofree char *name = cell_name (self, actual_cell);

            g_ptr_array_add (problems, g_strdup_printf (_("%s: %s"), name, check_error->message));
            continue;
          }
        g_ptr_array_add (kpis, ma_kpi_new (actual_cell->employee, self->period,
                                           actual_cell->component, actual, plan));
      }
  if (problems->len > 0)
    goto report;
  if (!ma_kpi_save_all (self->store, kpis, &error))
    {
      g_ptr_array_add (problems, g_strdup (error->message));
      goto report;
    }
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, values);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      mark_cell (key, NULL);
  }
  after_save (self, kpis);
  {
    g_autofree char *message = g_strdup_printf (ngettext ("Pasted and saved %u figure",
                                                          "Pasted and saved %u figures", n_figures),
                                                n_figures);

    set_message (self, message, FALSE);
  }
  return TRUE;

report:
  {
    g_autofree char *joined = NULL;
    g_autofree char *message = NULL;

    g_ptr_array_add (problems, NULL);
    joined = g_strjoinv ("; ", (char **) problems->pdata);
    message = g_strdup_printf (_("Nothing pasted: %s"), joined);

    set_message (self, message, TRUE);
  }
  return FALSE;
}

static void
clipboard_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(MaKpiGrid) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);

  if (text == NULL)
    {
      set_message (self, _("Nothing pasted: the clipboard holds no text"), TRUE);
      return;
    }
  ma_kpi_grid_paste_text (self, text);
}

static void
paste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  MaKpiGrid *self = MA_KPI_GRID (widget);

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, clipboard_read_cb,
                                 g_object_ref (self));
}

static void
imported_cb (MaKpiGrid *self,
             guint      n)
{
  g_autofree char *message = g_strdup_printf (ngettext ("Imported %u figure", "Imported %u figures", n), n);

  reload (self);
  set_message (self, message, FALSE);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MaKpiGrid *self = MA_KPI_GRID (widget);

  if (self->store == NULL || self->period == NULL)
    return;
  ma_import_dialog_choose_file (widget, self->store, MA_IMPORT_KPIS, self->period,
                                G_CALLBACK (imported_cb), self);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  reload (MA_KPI_GRID (widget));
}

/* ---- Public ----------------------------------------------------------- */

static void
period_selected_cb (MaKpiGrid *self)
{
  guint i = gtk_drop_down_get_selected (self->period_dropdown);

  if (self->periods == NULL || i >= g_strv_length (self->periods))
    return;
  if (g_strcmp0 (self->periods[i], self->period) == 0)
    return;
  g_free (self->period);
  self->period = g_strdup (self->periods[i]);
  reload (self);
}

void
ma_kpi_grid_set_store (MaKpiGrid *self,
                       MaStore   *store)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *period = NULL;

  g_return_if_fail (MA_IS_KPI_GRID (self));
  g_return_if_fail (MA_IS_STORE (store));

  g_set_object (&self->store, store);
  g_strfreev (self->periods);
  self->periods = ma_pay_list_periods (store);
  for (guint i = 0; self->periods[i] != NULL; i++)
    {
      g_autofree char *name = ma_format_period_locale (self->periods[i]);

      gtk_string_list_append (names, name);
    }
  g_clear_pointer (&self->period, g_free);
  gtk_drop_down_set_model (self->period_dropdown, G_LIST_MODEL (names));
  period = ma_pay_default_period (store);
  ma_kpi_grid_set_period (self, period);
}

void
ma_kpi_grid_set_period (MaKpiGrid  *self,
                        const char *period)
{
  g_return_if_fail (MA_IS_KPI_GRID (self));

  for (guint i = 0; self->periods != NULL && self->periods[i] != NULL; i++)
    if (g_strcmp0 (self->periods[i], period) == 0)
      {
        if (gtk_drop_down_get_selected (self->period_dropdown) == i && self->period == NULL)
          period_selected_cb (self);
        gtk_drop_down_set_selected (self->period_dropdown, i);
        return;
      }
}

const char *
ma_kpi_grid_get_period (MaKpiGrid *self)
{
  g_return_val_if_fail (MA_IS_KPI_GRID (self), NULL);
  return self->period;
}

gboolean
ma_kpi_grid_is_loading (MaKpiGrid *self)
{
  g_return_val_if_fail (MA_IS_KPI_GRID (self), FALSE);
  return self->loading;
}

GtkWidget *
ma_kpi_grid_get_cell (MaKpiGrid  *self,
                      const char *employee,
                      const char *component,
                      gboolean    plan)
{
  g_return_val_if_fail (MA_IS_KPI_GRID (self), NULL);

  for (guint i = 0; i < self->cells->len; i++)
    {
      Cell *cell = g_ptr_array_index (self->cells, i);

      if (cell != NULL && g_strcmp0 (cell->employee, employee) == 0
          && g_strcmp0 (cell->component, component) == 0 && cell->plan == plan)
        return GTK_WIDGET (cell->entry);
    }
  return NULL;
}

const char *
ma_kpi_grid_get_message (MaKpiGrid *self)
{
  g_return_val_if_fail (MA_IS_KPI_GRID (self), NULL);
  return gtk_label_get_text (self->message_label);
}

/* ---- Class ------------------------------------------------------------ */

static void
ma_kpi_grid_dispose (GObject *object)
{
  MaKpiGrid *self = MA_KPI_GRID (object);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  /* The cells point into the sheet: they go first. */
  if (self->grid != NULL)
    clear_grid (self);
  g_clear_pointer (&self->sheet, ma_kpi_sheet_free);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (ma_kpi_grid_parent_class)->dispose (object);
}

static void
ma_kpi_grid_finalize (GObject *object)
{
  MaKpiGrid *self = MA_KPI_GRID (object);

  g_clear_pointer (&self->cells, g_ptr_array_unref);
  g_clear_pointer (&self->achievements, g_ptr_array_unref);
  g_strfreev (self->periods);
  g_free (self->period);
  G_OBJECT_CLASS (ma_kpi_grid_parent_class)->finalize (object);
}

static void
apply_read_only (MaKpiGrid *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kpi.paste", !self->read_only);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kpi.import", !self->read_only);
  for (guint i = 0; self->cells != NULL && i < self->cells->len; i++)
    {
      Cell *cell = g_ptr_array_index (self->cells, i);

      if (cell != NULL)
        gtk_editable_set_editable (GTK_EDITABLE (cell->entry), !self->read_only);
    }
}

/* ---- a read-only database ----------------------------------------------- */

enum {
  PROP_RO_0,
  PROP_READ_ONLY,
  N_RO_PROPS
};

static GParamSpec *ro_properties[N_RO_PROPS];

static void
ma_kpi_grid_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_READ_ONLY:
      g_value_set_boolean (value, MA_KPI_GRID (object)->read_only);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_kpi_grid_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_READ_ONLY:
      ma_kpi_grid_set_read_only (MA_KPI_GRID (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

void
ma_kpi_grid_set_read_only (MaKpiGrid *self,
                          gboolean   read_only)
{
  g_return_if_fail (MA_IS_KPI_GRID (self));

  read_only = !!read_only;
  if (self->read_only == read_only)
    return;
  self->read_only = read_only;
  apply_read_only (self);
  g_object_notify_by_pspec (G_OBJECT (self), ro_properties[PROP_READ_ONLY]);
}

gboolean
ma_kpi_grid_get_read_only (MaKpiGrid *self)
{
  g_return_val_if_fail (MA_IS_KPI_GRID (self), FALSE);
  return self->read_only;
}

static void
ma_kpi_grid_class_init (MaKpiGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_kpi_grid_dispose;
  object_class->get_property = ma_kpi_grid_get_property;
  object_class->set_property = ma_kpi_grid_set_property;
  /* The window binds it to its own "read-only": the database cannot be
   * written, so nothing here offers to. */
  ro_properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_RO_PROPS, ro_properties);
  object_class->finalize = ma_kpi_grid_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mysteryaudit/MysteryAudit/ui/ma-kpi-grid.ui");
  gtk_widget_class_bind_template_child (widget_class, MaKpiGrid, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MaKpiGrid, stack);
  gtk_widget_class_bind_template_child (widget_class, MaKpiGrid, grid);
  gtk_widget_class_bind_template_child (widget_class, MaKpiGrid, message_label);
  gtk_widget_class_bind_template_callback (widget_class, period_selected_cb);

  gtk_widget_class_install_action (widget_class, "kpi.paste", NULL, paste_action);
  gtk_widget_class_install_action (widget_class, "kpi.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "kpi.reload", NULL, reload_action);
}

static void
ma_kpi_grid_init (MaKpiGrid *self)
{
  self->cells = g_ptr_array_new_with_free_func ((GDestroyNotify) cell_free);
  self->achievements = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  ma_pay_label_dropdown (self->period_dropdown, _("Month of the KPI figures"));
}
