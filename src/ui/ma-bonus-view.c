/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "ma-a11y.h"
#include "ma-bonus-item.h"
#include "ma-bonus-view.h"
#include "ma-export-csv.h"
#include "ma-export-xlsx.h"
#include "ma-money.h"
#include "ma-report-render.h"
#include "ma-report-util.h"
#include "ma-report.h"
#include "ma-statement-window.h"
#include "ma-timing.h"

struct _MaBonusView
{
  AdwBin                parent_instance;

  GtkDropDown          *period_dropdown;
  GtkDropDown          *region_dropdown;
  GtkDropDown          *branch_dropdown;
  GtkDropDown          *position_dropdown;
  GtkDropDown          *scheme_dropdown;
  GtkSearchEntry       *search_entry;
  GtkButton            *close_button;
  GtkButton            *reopen_button;
  GtkRevealer          *state_revealer;
  GtkLabel             *state_label;
  GtkExpander          *differences_expander;
  GtkLabel             *differences_label;
  GtkLabel             *warnings_label;
  GtkStack             *content_stack;
  GtkSpinner           *spinner;
  GtkColumnView        *column_view;
  AdwStatusPage        *empty_page;
  GtkLabel             *totals_label;

  MaStore              *store;
  GPtrArray            *periods;          /* of char*, parallel to period_dropdown */
  GPtrArray            *region_codes;     /* of char*, NULL first: "all" */
  GPtrArray            *branch_codes;
  GPtrArray            *positions;
  GPtrArray            *schemes;
  GPtrArray            *scheme_list;      /* MaScheme, every version: names for the XLSX export */
  gboolean              updating;         /* filling dropdowns: no reaction */

  GListStore           *items;
  GtkFilterListModel   *filtered;
  GtkSortListModel     *sorted;
  GtkSingleSelection   *selection;
  GtkCustomFilter      *filter;
  MaSharedStatement    *shared;

  GCancellable         *cancellable;      /* the computation of the statement */
  guint                 busy_count;
  GtkFileChooserNative *chooser;
  GtkWindow            *statement_window; /* weak */
  /* Between "Close month" and HR's answer: the period this view marked as
   * being closed (ma_bonus_begin_close()), by whom, and the confirmation
   * on screen. NULL when no close waits for an answer. */
  char                 *closing_period;
  char                 *closing_who;
  GtkWindow            *close_dialog;     /* weak */

  MaTiming              timing;         /* MA_TIMING=1 */
};

G_DEFINE_FINAL_TYPE (MaBonusView, ma_bonus_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_actions (MaBonusView *self);
static void release_close_or_say (MaBonusView *self);
static void compute (MaBonusView *self);

/* ---- helpers ------------------------------------------------------------- */

static void
set_busy (MaBonusView *self,
          gboolean     busy)
{
  gboolean was = self->busy_count > 0;

  if (busy)
    self->busy_count++;
  else if (self->busy_count > 0)
    self->busy_count--;
  if (was != (self->busy_count > 0))
    {
      update_actions (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

static void
show_message (MaBonusView *self,
              const char  *text)
{
  ma_report_show_message (GTK_WIDGET (self), text);
}

static const char *
current_period (MaBonusView *self)
{
  guint selected = gtk_drop_down_get_selected (self->period_dropdown);

  if (self->periods == NULL || selected >= self->periods->len)
    return NULL;
  return g_ptr_array_index (self->periods, selected);
}

static char *
who_am_i (void)
{
  const char *real = g_get_real_name ();

  return g_strdup (real != NULL && *real != '\0' && g_strcmp0 (real, "Unknown") != 0
                   ? real : g_get_user_name ());
}

static const char *
database_path (MaBonusView *self)
{
  return ma_report_database_path (self->store);
}

#define open_worker_store ma_report_open_worker_store

/* ---- the period list ----------------------------------------------------- */

static void
fill_periods (MaBonusView *self)
{
  g_autofree char *approved = NULL;
  g_autoptr(GListModel) labels = NULL;

  g_clear_pointer (&self->periods, g_ptr_array_unref);
  self->periods = ma_report_list_months (self->store, &approved);
  labels = ma_report_month_model (self->periods);
  self->updating = TRUE;
  gtk_drop_down_set_model (self->period_dropdown, labels);
  gtk_drop_down_set_selected (self->period_dropdown, ma_report_find_month (self->periods, approved, 0));
  self->updating = FALSE;
}

/* ---- filter dropdowns ---------------------------------------------------- */

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  const char * const *pa = *(const char * const * const *) a;
  const char * const *pb = *(const char * const * const *) b;
  int result = g_utf8_collate (pa[0], pb[0]);

  return result != 0 ? result : g_strcmp0 (pa[1], pb[1]);
}

/* Sorts @codes and the parallel @labels by label, then by code. */
static void
sort_choices (GPtrArray *codes,
              GPtrArray *labels)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < codes->len; i++)
    {
      const char **pair = g_new (const char *, 2);

      pair[0] = g_ptr_array_index (labels, i);
      pair[1] = g_ptr_array_index (codes, i);
      g_ptr_array_add (pairs, pair);
    }
  g_ptr_array_sort (pairs, compare_pairs);
  for (guint i = 0; i < pairs->len; i++)
    {
      const char **pair = g_ptr_array_index (pairs, i);

      /* The labels move, they are not freed. */
      labels->pdata[i] = (gpointer) pair[0];
      codes->pdata[i] = (gpointer) pair[1];
    }
}

/* Fills @dropdown with "@all_label" then @labels; @codes receives NULL then
 * the codes. Keeps the code that was selected when it is still there. */
static void
fill_choice (MaBonusView  *self,
             GtkDropDown  *dropdown,
             GPtrArray   **codes,
             const char   *all_label,
             GPtrArray    *new_codes,
             GPtrArray    *new_labels)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint selected = gtk_drop_down_get_selected (dropdown);
  g_autofree char *keep = NULL;
  guint index = 0;

  if (*codes != NULL && selected < (*codes)->len)
    keep = g_strdup (g_ptr_array_index (*codes, selected));
  g_clear_pointer (codes, g_ptr_array_unref);
  *codes = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (*codes, NULL);
  gtk_string_list_append (list, all_label);
  for (guint i = 0; i < new_codes->len; i++)
    {
      g_ptr_array_add (*codes, g_strdup (g_ptr_array_index (new_codes, i)));
      gtk_string_list_append (list, g_ptr_array_index (new_labels, i));
      if (keep != NULL && g_strcmp0 (keep, g_ptr_array_index (new_codes, i)) == 0)
        index = i + 1;
    }
  self->updating = TRUE;
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (dropdown, index);
  self->updating = FALSE;
}

static const char *
selected_code (GtkDropDown *dropdown,
               GPtrArray   *codes)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  return codes != NULL && selected < codes->len ? g_ptr_array_index (codes, selected) : NULL;
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  MaBonusView *self = user_data;
  MaBonusItem *bonus = item;
  const MaBonusRow *row = ma_bonus_item_get_row (bonus);
  const char *region = selected_code (self->region_dropdown, self->region_codes);
  const char *branch = selected_code (self->branch_dropdown, self->branch_codes);
  const char *position = selected_code (self->position_dropdown, self->positions);
  const char *scheme = selected_code (self->scheme_dropdown, self->schemes);
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (region != NULL && g_strcmp0 (region, ma_bonus_item_get_region (bonus)) != 0)
    return FALSE;
  if (branch != NULL && g_strcmp0 (branch, row->branch) != 0)
    return FALSE;
  if (position != NULL && g_strcmp0 (position, ma_bonus_item_get_position (bonus)) != 0)
    return FALSE;
  if (scheme != NULL && g_strcmp0 (scheme, row->scheme) != 0)
    return FALSE;
  if (search != NULL && *search != '\0')
    {
      g_autofree char *needle = g_utf8_casefold (search, -1);
      g_autofree char *name = g_utf8_casefold (row->name, -1);
      g_autofree char *code = g_utf8_casefold (row->employee, -1);

      if (strstr (name, needle) == NULL && strstr (code, needle) == NULL)
        return FALSE;
    }
  return TRUE;
}

/* ---- totals -------------------------------------------------------------- */

static void
update_totals (MaBonusView *self)
{
  GListModel *model = G_LIST_MODEL (self->filtered);
  guint n = g_list_model_get_n_items (model);
  g_autoptr(GHashTable) totals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) bases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GList) currencies = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) base_text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MaBonusItem) item = g_list_model_get_item (model, i);
      const MaBonusRow *row = ma_bonus_item_get_row (item);
      const char *currency = row->currency != NULL ? row->currency : "";
      gint64 *total = g_hash_table_lookup (totals, currency);
      gint64 *base = g_hash_table_lookup (bases, currency);

      if (total == NULL)
        {
          total = g_new0 (gint64, 1);
          base = g_new0 (gint64, 1);
          g_hash_table_insert (totals, g_strdup (currency), total);
          g_hash_table_insert (bases, g_strdup (currency), base);
        }
      *total += row->total;
      *base += row->base_pay;
    }

  currencies = g_list_sort (g_hash_table_get_keys (totals), (GCompareFunc) g_strcmp0);
  for (GList *l = currencies; l != NULL; l = l->next)
    {
      g_autofree char *total = ma_money_format_locale (*(gint64 *) g_hash_table_lookup (totals, l->data), l->data);
      g_autofree char *base = ma_money_format_locale (*(gint64 *) g_hash_table_lookup (bases, l->data), l->data);

      g_string_append_printf (text, "%s%s", text->len > 0 ? " + " : "", total);
      g_string_append_printf (base_text, "%s%s", base_text->len > 0 ? " + " : "", base);
    }

  if (n == 0)
    gtk_label_set_text (self->totals_label, "");
  else
    {
      g_autofree char *employees = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u employee", "%u employees", n), n);
      /* TRANSLATORS: totals line: "12 employees · bonus 612 000,00 ₽ of base pay 720 000,00 ₽" */
      g_autofree char *line = g_strdup_printf (_("%s · bonus %s of base pay %s"), employees, text->str,
                                               base_text->str);

      gtk_label_set_text (self->totals_label, line);
    }
}

/* ---- columns ------------------------------------------------------------- */

typedef enum {
  COLUMN_NAME,
  COLUMN_CODE,
  COLUMN_BRANCH,
  COLUMN_POSITION,
  COLUMN_SCHEME,
  COLUMN_BASE,
  COLUMN_COMPONENTS,
  COLUMN_AUDITS,
  COLUMN_TOTAL,
  COLUMN_NOTES,
} Column;

static char *
column_text (MaBonusItem *item,
             Column       column)
{
  const MaBonusRow *row = ma_bonus_item_get_row (item);

  switch (column)
    {
    case COLUMN_NAME:
      return g_strdup (row->name);
    case COLUMN_CODE:
      return g_strdup (row->employee);
    case COLUMN_BRANCH:
      return g_strdup (ma_bonus_item_get_branch_name (item));
    case COLUMN_POSITION:
      return g_strdup (ma_bonus_item_get_position_label (item));
    case COLUMN_SCHEME:
      return g_strdup (ma_bonus_item_get_scheme_name (item));
    case COLUMN_BASE:
      return ma_money_format_locale (row->base_pay, row->currency);
    case COLUMN_COMPONENTS:
      {
        g_autoptr(GString) text = g_string_new (NULL);

        for (guint i = 0; i < row->components->len; i++)
          {
            const MaBonusComponent *c = g_ptr_array_index (row->components, i);
            g_autofree char *percent = ma_format_percent_locale (c->achievement);

            g_string_append_printf (text, "%s%s %s", i > 0 ? " · " : "",
                                    c->label != NULL ? c->label : c->key,
                                    percent != NULL ? percent : "—");
          }
        return g_string_free (g_steal_pointer (&text), FALSE);
      }
    case COLUMN_AUDITS:
      return g_strdup_printf ("%u", row->audits->len);
    case COLUMN_TOTAL:
      return ma_money_format_locale (row->total, row->currency);
    case COLUMN_NOTES:
    default:
      return g_strdup (ma_bonus_item_get_flags (item));
    }
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  ma_a11y_show_full_text_on_hover (GTK_LABEL (label));
  if (column == COLUMN_BASE || column == COLUMN_TOTAL || column == COLUMN_AUDITS)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "numeric");
    }
  else
    gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (column == COLUMN_NOTES)
    gtk_widget_add_css_class (label, "warning");
  if (column == COLUMN_TOTAL)
    gtk_widget_add_css_class (label, "heading");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         gpointer                  user_data)
{
  MaBonusItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = column_text (item, GPOINTER_TO_INT (user_data));
  GtkWidget *label = gtk_list_item_get_child (list_item);

  gtk_label_set_text (GTK_LABEL (label), text);
}

static int
sort_func (gconstpointer a,
           gconstpointer b,
           gpointer      user_data)
{
  MaBonusItem *ia = (MaBonusItem *) a, *ib = (MaBonusItem *) b;
  const MaBonusRow *ra = ma_bonus_item_get_row (ia), *rb = ma_bonus_item_get_row (ib);
  Column column = GPOINTER_TO_INT (user_data);
  int result = 0;

  switch (column)
    {
    case COLUMN_BASE:
      result = (ra->base_pay > rb->base_pay) - (ra->base_pay < rb->base_pay);
      break;
    case COLUMN_TOTAL:
      result = (ra->total > rb->total) - (ra->total < rb->total);
      break;
    case COLUMN_AUDITS:
      result = (ra->audits->len > rb->audits->len) - (ra->audits->len < rb->audits->len);
      break;
    case COLUMN_COMPONENTS:
      {
        /* By the weakest component: whom to talk to first. */
        double ma = ma_bonus_item_get_min_achievement (ia), mb = ma_bonus_item_get_min_achievement (ib);

        if (isnan (ma) || isnan (mb))
          result = isnan (ma) - isnan (mb);
        else
          result = (ma > mb) - (ma < mb);
      }
      break;
    default:
      {
        g_autofree char *ta = column_text (ia, column);
        g_autofree char *tb = column_text (ib, column);

        result = g_utf8_collate (ta, tb);
      }
      break;
    }
  return result != 0 ? result : g_strcmp0 (ra->employee, rb->employee);
}

static void
add_column (MaBonusView *self,
            Column       column,
            const char  *title,
            int          width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;
  GtkSorter *sorter;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), GINT_TO_POINTER (column));
  col = gtk_column_view_column_new (title, factory);
  sorter = GTK_SORTER (gtk_custom_sorter_new (sort_func, GINT_TO_POINTER (column), NULL));
  gtk_column_view_column_set_sorter (col, sorter);
  gtk_column_view_column_set_resizable (col, TRUE);
  /* Fixed widths: a narrow window scrolls the table sideways instead of
   * cutting every name and amount short. */
  gtk_column_view_column_set_fixed_width (col, width);
  gtk_column_view_append_column (self->column_view, col);
  g_object_unref (sorter);
  g_object_unref (col);
}

/* ---- showing a statement ------------------------------------------------- */

static void
show_state (MaBonusView *self)
{
  const MaBonusStatement *statement = self->shared != NULL ? ma_shared_statement_get (self->shared) : NULL;
  g_autoptr(GString) differences = g_string_new (NULL);

  if (statement == NULL)
    {
      gtk_revealer_set_reveal_child (self->state_revealer, FALSE);
      return;
    }

  if (statement->closed)
    {
      g_autofree char *date = ma_format_date_locale (statement->closed_at);
      g_autofree char *text = g_strdup_printf (_("Closed on %s by %s: these statements are final and read-only."),
                                               date, statement->closed_by != NULL ? statement->closed_by : "—");

      gtk_label_set_text (self->state_label, text);
    }
  else
    gtk_label_set_text (self->state_label,
                        _("Open: the figures follow the audits and KPI figures until the month is closed."));

  for (guint i = 0; statement->pending_differences != NULL && i < statement->pending_differences->len; i++)
    {
      const MaBonusDifference *d = g_ptr_array_index (statement->pending_differences, i);
      const MaBonusRow *row = ma_bonus_statement_find_row (statement, d->employee);
      g_autofree char *was = d->has_frozen ? ma_money_format_locale (d->frozen_amount, d->currency) : g_strdup ("—");
      g_autofree char *now = d->has_live ? ma_money_format_locale (d->live_amount, d->currency) : g_strdup ("—");
      const MaBonusComponent *c = row != NULL && d->component != NULL
                                  ? ma_bonus_row_find_component (row, d->component) : NULL;
      const char *what = d->component == NULL ? _("total")
                         : c != NULL && c->label != NULL ? c->label : d->component;

      /* TRANSLATORS: a pending difference: name (code), component: closed → current */
      g_string_append_printf (differences, _("%s (%s), %s: closed %s → now %s\n"),
                              row != NULL ? row->name : d->employee, d->employee, what, was, now);
    }
  if (differences->len > 0)
    {
      guint n = statement->pending_differences->len;
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u pending difference: later data would change the closed figures",
                                                             "%u pending differences: later data would change the closed figures",
                                                             n), n);

      g_string_truncate (differences, differences->len - 1);
      gtk_expander_set_label (self->differences_expander, label);
      gtk_label_set_text (self->differences_label, differences->str);
      gtk_widget_set_visible (GTK_WIDGET (self->differences_expander), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->differences_expander), FALSE);

  if (statement->warnings != NULL && statement->warnings->len > 0)
    {
      g_autoptr(GPtrArray) lines = g_ptr_array_new ();

      for (guint i = 0; i < statement->warnings->len; i++)
        g_ptr_array_add (lines, g_ptr_array_index (statement->warnings, i));
      g_ptr_array_add (lines, NULL);
      {
        g_autofree char *text = g_strjoinv ("\n", (char **) lines->pdata);

        gtk_label_set_text (self->warnings_label, text);
      }
      gtk_widget_set_visible (GTK_WIDGET (self->warnings_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->warnings_label), FALSE);

  gtk_widget_set_visible (GTK_WIDGET (self->close_button), !statement->closed);
  gtk_widget_set_visible (GTK_WIDGET (self->reopen_button), statement->closed);
  gtk_revealer_set_reveal_child (self->state_revealer, TRUE);
}

typedef struct {
  MaBonusStatement *statement;
  GPtrArray        *employees;
  GPtrArray        *branches;
  GPtrArray        *regions;
  GPtrArray        *schemes;   /* every stored version: the names of the rows' schemes */
} BonusResult;

static void
bonus_result_free (BonusResult *result)
{
  g_clear_pointer (&result->statement, ma_bonus_statement_free);
  g_clear_pointer (&result->employees, g_ptr_array_unref);
  g_clear_pointer (&result->branches, g_ptr_array_unref);
  g_clear_pointer (&result->regions, g_ptr_array_unref);
  g_clear_pointer (&result->schemes, g_ptr_array_unref);
  g_free (result);
}

/* ---- MA_TIMING ------------------------------------------------------------ */

/* MA_TIMING=1 prints, once the statement of a month is on screen, the
 * time since compute() started: "bonus-first MS" for the month shown
 * first, "period-switch MS" for the month MA_TIMING_SWITCH_TO chooses
 * after it, as a person would in the drop-down (see ma-timing.h). */
static void
timing_first_painted (GtkWidget *widget)
{
  MaBonusView *self = MA_BONUS_VIEW (widget);
  const char *target = ma_timing_get_switch_target ();
  gboolean known = FALSE;

  if (target == NULL)
    return;
  for (guint i = 0; self->periods != NULL && i < self->periods->len; i++)
    known |= g_strcmp0 (g_ptr_array_index (self->periods, i), target) == 0;
  if (known && g_strcmp0 (target, current_period (self)) != 0)
    ma_bonus_view_set_period (self, target);
  else
    {
      fprintf (stderr, "period-switch unavailable: no other month %s\n", target);
      ma_timing_exit_if_asked ();
    }
}

static void
show_result (MaBonusView *self,
             BonusResult *result)
{
  g_autoptr(GHashTable) branch_by_code = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) employee_by_code = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) region_names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  const MaBonusStatement *statement;

  g_clear_pointer (&self->shared, ma_shared_statement_unref);
  self->shared = ma_shared_statement_new (g_steal_pointer (&result->statement));
  statement = ma_shared_statement_get (self->shared);

  for (guint i = 0; i < result->branches->len; i++)
    {
      MaBranch *b = g_ptr_array_index (result->branches, i);

      g_hash_table_insert (branch_by_code, b->code, b);
    }
  for (guint i = 0; i < result->employees->len; i++)
    {
      MaEmployee *e = g_ptr_array_index (result->employees, i);

      g_hash_table_insert (employee_by_code, e->code, e);
    }
  for (guint i = 0; i < result->regions->len; i++)
    {
      MaRegion *r = g_ptr_array_index (result->regions, i);

      g_hash_table_insert (region_names, r->code, r->name);
    }

  for (guint i = 0; i < statement->rows->len; i++)
    {
      const MaBonusRow *row = g_ptr_array_index (statement->rows, i);
      MaBranch *branch = g_hash_table_lookup (branch_by_code, row->branch);
      MaEmployee *employee = g_hash_table_lookup (employee_by_code, row->employee);

      g_ptr_array_add (items, ma_bonus_item_new (self->shared, i, branch != NULL ? branch->name : NULL,
                                                 branch != NULL ? branch->region : NULL,
                                                 employee != NULL ? employee->position : NULL,
                                                 ma_scheme_list_get_name (result->schemes, row->scheme,
                                                                          row->scheme_version)));
    }

  /* The filters offer what the statement holds, by the names people read. */
#define FILL(dropdown, codes_field, all, get_code, get_label)                      \
  G_STMT_START {                                                                   \
    g_ptr_array_set_size (codes, 0);                                               \
    g_ptr_array_set_size (labels, 0);                                              \
    g_hash_table_remove_all (seen);                                                \
    for (guint i = 0; i < items->len; i++)                                         \
      {                                                                            \
        MaBonusItem *it = g_ptr_array_index (items, i);                            \
        const char *code = (get_code);                                             \
        if (code == NULL || *code == '\0' || !g_hash_table_add (seen, (gpointer) code)) \
          continue;                                                                \
        g_ptr_array_add (codes, (gpointer) code);                                  \
        g_ptr_array_add (labels, g_strdup (get_label));                            \
      }                                                                            \
    sort_choices (codes, labels);                                                  \
    fill_choice (self, self->dropdown, &self->codes_field, all, codes, labels);    \
  } G_STMT_END

  FILL (region_dropdown, region_codes, _("All regions"), ma_bonus_item_get_region (it),
        g_hash_table_lookup (region_names, code) != NULL ? (const char *) g_hash_table_lookup (region_names, code) : code);
  FILL (branch_dropdown, branch_codes, _("All branches"), ma_bonus_item_get_row (it)->branch,
        ma_bonus_item_get_branch_name (it));
  FILL (position_dropdown, positions, _("All positions"), ma_bonus_item_get_position (it),
        ma_bonus_item_get_position_label (it));
  /* A statement holds one version of each scheme, so any row's name is the name. */
  FILL (scheme_dropdown, schemes, _("All schemes"), ma_bonus_item_get_row (it)->scheme,
        ma_bonus_item_get_scheme_name (it));
#undef FILL

  g_clear_pointer (&self->scheme_list, g_ptr_array_unref);
  self->scheme_list = g_ptr_array_ref (result->schemes);
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items->pdata, items->len);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);

  if (statement->rows->len == 0)
    {
      g_autofree char *month = ma_format_period_locale (statement->period);
      g_autofree char *description =
        g_strdup_printf (_("No active employee of %s has a position that a bonus scheme covers."), month);

      adw_status_page_set_description (self->empty_page, description);
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->content_stack, "table");
  show_state (self);
  update_totals (self);
  update_actions (self);
  ma_timing_result_shown (&self->timing, GTK_WIDGET (self), "bonus-first", "period-switch",
                          timing_first_painted);
}

static void
show_error (MaBonusView  *self,
            const GError *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);

  g_clear_pointer (&self->shared, ma_shared_statement_unref);
  g_list_store_remove_all (self->items);
  adw_status_page_set_title (self->empty_page, _("The Statements Cannot Be Computed"));
  adw_status_page_set_description (self->empty_page, escaped);
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
  gtk_revealer_set_reveal_child (self->state_revealer, FALSE);
  update_totals (self);
  update_actions (self);
}

/* ---- computing on a worker ----------------------------------------------- */

typedef struct {
  char *path;
  char *period;
} BonusTask;

static void
bonus_task_free (BonusTask *task)
{
  g_free (task->path);
  g_free (task->period);
  g_free (task);
}

static BonusResult *
compute_result (MaStore     *store,
                const char  *period,
                GError     **error)
{
  BonusResult *result = g_new0 (BonusResult, 1);

  if ((result->statement = ma_bonus_compute (store, period, error)) == NULL
      || (result->employees = ma_store_list_employees (store, error)) == NULL
      || (result->branches = ma_store_list_branches (store, error)) == NULL
      || (result->regions = ma_store_list_regions (store, error)) == NULL
      || (result->schemes = ma_store_list_schemes (store, error)) == NULL)
    {
      bonus_result_free (result);
      return NULL;
    }
  return result;
}

static void
compute_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  BonusTask *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MaStore) store = open_worker_store (data->path, FALSE, &error);
  BonusResult *result;

  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  result = compute_result (store, data->period, &error);
  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, (GDestroyNotify) bonus_result_free);
}

static void
compute_done_cb (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  MaBonusView *self = MA_BONUS_VIEW (source);
  g_autoptr(GError) error = NULL;
  BonusResult *result = g_task_propagate_pointer (G_TASK (res), &error);

  set_busy (self, FALSE);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_stop (self->spinner);
  if (result == NULL)
    show_error (self, error);
  else
    {
      show_result (self, result);
      bonus_result_free (result);
    }
}

static void
compute (MaBonusView *self)
{
  const char *period = current_period (self);
  const char *path = database_path (self);
  g_autoptr(GTask) task = NULL;
  BonusTask *data;

  if (self->store == NULL || period == NULL)
    return;

  /* A newer month wins: the running computation's result is dropped. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  ma_timing_start (&self->timing);
  gtk_stack_set_visible_child_name (self->content_stack, "loading");
  gtk_spinner_start (self->spinner);
  adw_status_page_set_title (self->empty_page, _("No Statements"));
  set_busy (self, TRUE);

  task = g_task_new (self, self->cancellable, compute_done_cb, NULL);
  g_task_set_source_tag (task, compute);
  if (path == NULL)
    {
      /* A store that is not a file (tests of other backends): compute here. */
      g_autoptr(GError) error = NULL;
      BonusResult *result = compute_result (self->store, period, &error);

      if (result == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, result, (GDestroyNotify) bonus_result_free);
      return;
    }
  data = g_new0 (BonusTask, 1);
  data->path = g_strdup (path);
  data->period = g_strdup (period);
  g_task_set_task_data (task, data, (GDestroyNotify) bonus_task_free);
  g_task_run_in_thread (task, compute_thread);
}

/* ---- documents (statements) on a worker ---------------------------------- */

typedef enum {
  DOCUMENTS_OPEN,
  DOCUMENTS_PRINT,
  DOCUMENTS_PDF,
} DocumentsPurpose;

typedef struct {
  char              *db_path;
  MaSharedStatement *shared;
  GPtrArray         *employees;   /* of char* */
  DocumentsPurpose   purpose;
  char              *pdf_path;
} DocumentsTask;

static void
documents_task_free (DocumentsTask *task)
{
  g_free (task->db_path);
  g_clear_pointer (&task->shared, ma_shared_statement_unref);
  g_clear_pointer (&task->employees, g_ptr_array_unref);
  g_free (task->pdf_path);
  g_free (task);
}

static GPtrArray *
build_documents (MaStore            *store,
                 DocumentsTask      *data,
                 GCancellable       *cancellable,
                 GError            **error)
{
  const MaBonusStatement *statement = ma_shared_statement_get (data->shared);
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_statement_document_free);

  for (guint i = 0; i < data->employees->len; i++)
    {
      const MaBonusRow *row = ma_bonus_statement_find_row (statement, g_ptr_array_index (data->employees, i));
      MaStatementDocument *doc;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (row == NULL)
        continue;
      doc = ma_statement_document_build (store, statement, row, error);
      if (doc == NULL)
        return NULL;
      g_ptr_array_add (documents, doc);
    }
  return g_steal_pointer (&documents);
}

static void
documents_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  DocumentsTask *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MaStore) store = open_worker_store (data->db_path, FALSE, &error);
  g_autoptr(GPtrArray) documents = NULL;

  if (store == NULL
      || (documents = build_documents (store, data, cancellable, &error)) == NULL
      || (data->purpose == DOCUMENTS_PDF && !ma_statement_write_pdf (data->pdf_path, documents, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&documents), (GDestroyNotify) g_ptr_array_unref);
}

static void
documents_done_cb (GObject      *source,
                   GAsyncResult *res,
                   gpointer      user_data)
{
  MaBonusView *self = MA_BONUS_VIEW (source);
  DocumentsTask *data = g_task_get_task_data (G_TASK (res));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) documents = g_task_propagate_pointer (G_TASK (res), &error);
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));

  set_busy (self, FALSE);
  if (documents == NULL)
    {
      show_message (self, error->message);
      return;
    }
  switch (data->purpose)
    {
    case DOCUMENTS_OPEN:
      if (documents->len > 0)
        {
          MaStatementWindow *window = ma_statement_window_new (parent, g_ptr_array_steal_index (documents, 0));

          g_set_weak_pointer (&self->statement_window, GTK_WINDOW (window));
          gtk_window_present (GTK_WINDOW (window));
        }
      break;
    case DOCUMENTS_PRINT:
      ma_statement_print (parent, documents);
      break;
    case DOCUMENTS_PDF:
    default:
      {
        g_autofree char *name = g_path_get_basename (data->pdf_path);
        g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                 "Saved %u statement to %s",
                                                                 "Saved %u statements to %s",
                                                                 documents->len),
                                                    documents->len, name);

        show_message (self, message);
      }
      break;
    }
}

/* The employees shown, in the order shown: exports match the screen. */
static GPtrArray *
shown_employees (MaBonusView *self)
{
  GListModel *model = G_LIST_MODEL (self->sorted);
  GPtrArray *employees = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MaBonusItem) item = g_list_model_get_item (model, i);

      g_ptr_array_add (employees, g_strdup (ma_bonus_item_get_row (item)->employee));
    }
  return employees;
}

static void
run_documents (MaBonusView      *self,
               GPtrArray        *employees,
               DocumentsPurpose  purpose,
               const char       *pdf_path)
{
  g_autoptr(GTask) task = NULL;
  DocumentsTask *data;

  if (self->shared == NULL || database_path (self) == NULL)
    return;
  data = g_new0 (DocumentsTask, 1);
  data->db_path = g_strdup (database_path (self));
  data->shared = ma_shared_statement_ref (self->shared);
  data->employees = g_ptr_array_ref (employees);
  data->purpose = purpose;
  data->pdf_path = g_strdup (pdf_path);
  set_busy (self, TRUE);
  task = g_task_new (self, NULL, documents_done_cb, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) documents_task_free);
  g_task_run_in_thread (task, documents_thread);
}

/* ---- exports ------------------------------------------------------------- */

static gboolean
export_table (MaBonusView  *self,
              const char   *format,
              const char   *path,
              GError      **error)
{
  const MaBonusStatement *statement = ma_shared_statement_get (self->shared);
  g_autoptr(GPtrArray) employees = shown_employees (self);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(MaTable) table = NULL;
  MaBonusStatement shown = *statement;

  /* The same report the command line writes, over the rows on screen. */
  for (guint i = 0; i < employees->len; i++)
    g_ptr_array_add (rows, (gpointer) ma_bonus_statement_find_row (statement, g_ptr_array_index (employees, i)));
  shown.rows = rows;
  /* CSV keeps the keys, as the command line's does, for programs; the
   * spreadsheet names schemes and components as the screen does. */
  if (g_str_equal (format, "csv"))
    {
      table = ma_report_bonus_table (&shown, NULL);
      return ma_export_csv_to_file (table, path, error);
    }
  table = ma_report_bonus_table (&shown, self->scheme_list);
  return ma_export_xlsx_to_file (table, statement->period, path, error);
}

static void
export_to (MaBonusView *self,
           const char  *format,
           const char  *path)
{
  g_autoptr(GError) error = NULL;

  if (self->shared == NULL)
    return;
  if (g_str_equal (format, "pdf"))
    {
      g_autoptr(GPtrArray) employees = shown_employees (self);

      run_documents (self, employees, DOCUMENTS_PDF, path);
      return;
    }
  if (export_table (self, format, path, &error))
    {
      g_autofree char *name = g_path_get_basename (path);
      g_autofree char *message = g_strdup_printf (_("Saved %s"), name);

      show_message (self, message);
    }
  else
    show_message (self, error->message);
}

static void
export_to_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  const char *format, *path;

  g_variant_get (parameter, "(&s&s)", &format, &path);
  export_to (MA_BONUS_VIEW (widget), format, path);
}

static void
chooser_response_cb (MaBonusView          *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  const char *format = g_object_get_data (G_OBJECT (chooser), "format");
  g_autofree char *format_copy = g_strdup (format);

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL && (path = g_file_get_path (file)) != NULL)
    export_to (self, format_copy, path);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MaBonusView *self = MA_BONUS_VIEW (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  const char *title;

  if (self->shared == NULL || self->chooser != NULL)
    return;
  if (g_str_equal (format, "pdf"))
    {
      title = _("Save Statements as PDF");
      gtk_file_filter_set_name (filter, _("PDF documents"));
      gtk_file_filter_add_mime_type (filter, "application/pdf");
      /* TRANSLATORS: file name of exported statements; %s is the month */
      name = g_strdup_printf (_("statements-%s.pdf"), ma_shared_statement_get (self->shared)->period);
    }
  else if (g_str_equal (format, "csv"))
    {
      title = _("Export Bonus Table as CSV");
      gtk_file_filter_set_name (filter, _("CSV files"));
      gtk_file_filter_add_mime_type (filter, "text/csv");
      name = g_strdup_printf (_("bonus-%s.csv"), ma_shared_statement_get (self->shared)->period);
    }
  else
    {
      title = _("Export Bonus Table as Excel Workbook");
      gtk_file_filter_set_name (filter, _("Excel workbooks"));
      gtk_file_filter_add_suffix (filter, "xlsx");
      name = g_strdup_printf (_("bonus-%s.xlsx"), ma_shared_statement_get (self->shared)->period);
    }

  self->chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (gtk_widget_get_root (widget)),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_object_set_data_full (G_OBJECT (self->chooser), "format", g_strdup (format), g_free);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  MaBonusView *self = MA_BONUS_VIEW (widget);
  g_autoptr(GPtrArray) employees = shown_employees (self);

  run_documents (self, employees, DOCUMENTS_PRINT, NULL);
}

static void
open_statement_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  MaBonusView *self = MA_BONUS_VIEW (widget);
  g_autoptr(GPtrArray) employees = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (employees, g_variant_dup_string (parameter, NULL));
  run_documents (self, employees, DOCUMENTS_OPEN, NULL);
}

static void
open_selected_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MaBonusView *self = MA_BONUS_VIEW (widget);
  MaBonusItem *item = gtk_single_selection_get_selected_item (self->selection);

  if (item != NULL)
    gtk_widget_activate_action (widget, "bonus.open-statement", "s", ma_bonus_item_get_row (item)->employee);
}

static void
row_activated_cb (MaBonusView   *self,
                  guint          position,
                  GtkColumnView *view)
{
  g_autoptr(MaBonusItem) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);

  if (item != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "bonus.open-statement", "s",
                                ma_bonus_item_get_row (item)->employee);
}

/* ---- closing and reopening ----------------------------------------------- */

typedef struct {
  char    *path;
  char    *period;
  char    *who;
  char    *reason;     /* NULL: close */
} PeriodTask;

static void
period_task_free (PeriodTask *task)
{
  g_free (task->path);
  g_free (task->period);
  g_free (task->who);
  g_free (task->reason);
  g_free (task);
}

static void
period_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  PeriodTask *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MaStore) store = open_worker_store (data->path, TRUE, &error);
  gboolean ok;

  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (data->reason == NULL)
    ok = ma_bonus_close_period (store, data->period, data->who, &error);
  else
    ok = ma_bonus_reopen_period (store, data->period, data->who, data->reason, &error);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/* An open dispute stops the close: said in a dialog, not a passing toast,
 * naming the disputes, with the way to them. */
static void
disputed_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      MaBonusView      *self)
{
  if (g_str_equal (response, "show"))
    gtk_widget_activate_action (GTK_WIDGET (self), "reports.show", "s", "disputes");
}

static void
show_disputed (MaBonusView *self,
               const char  *message)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              _("Month Not Closed: Disputes Are Open"), message);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "ok", _("_OK"),
                                    "show", _("_Show Disputes"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "show");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  g_signal_connect_object (dialog, "response", G_CALLBACK (disputed_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
period_done_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  MaBonusView *self = MA_BONUS_VIEW (source);
  PeriodTask *data = g_task_get_task_data (G_TASK (res));
  g_autoptr(GError) error = NULL;

  set_busy (self, FALSE);
  if (!g_task_propagate_boolean (G_TASK (res), &error))
    {
      /* A close that failed leaves its marker: withdraw it, as a cancel. */
      if (data->reason == NULL && !g_error_matches (error, MA_BONUS_ERROR, MA_BONUS_ERROR_CLOSING))
        {
          self->closing_period = g_strdup (data->period);
          self->closing_who = g_strdup (data->who);
          release_close_or_say (self);
        }
      if (g_error_matches (error, MA_BONUS_ERROR, MA_BONUS_ERROR_DISPUTED))
        show_disputed (self, error->message);
      else
        show_message (self, error->message);
      return;
    }
  {
    g_autofree char *month = ma_format_period_locale (data->period);
    g_autofree char *message = g_strdup_printf (data->reason == NULL ? _("%s is closed") : _("%s is reopened"),
                                                month);

    show_message (self, message);
  }
  compute (self);
}

/* FALSE when nothing was started (no period, or a store without a file). */
static gboolean
run_period_change (MaBonusView *self,
                   const char  *period,
                   const char  *reason)
{
  g_autoptr(GTask) task = NULL;
  PeriodTask *data;

  if (period == NULL || database_path (self) == NULL)
    return FALSE;
  data = g_new0 (PeriodTask, 1);
  data->path = g_strdup (database_path (self));
  data->period = g_strdup (period);
  data->who = who_am_i ();
  data->reason = g_strdup (reason);
  set_busy (self, TRUE);
  task = g_task_new (self, NULL, period_done_cb, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) period_task_free);
  g_task_run_in_thread (task, period_thread);
  return TRUE;
}

/* Takes away the marker of a close this view began, unless HR confirmed
 * it (the close clears it) or someone else has taken the period over since
 * (a stale marker is anyone's to renew): never remove another person's. */
static gboolean
release_close (MaBonusView  *self,
               GError      **error)
{
  g_autofree char *period = g_steal_pointer (&self->closing_period);
  g_autofree char *who = g_steal_pointer (&self->closing_who);
  g_autoptr(MaPeriodClosing) closing = NULL;
  g_autoptr(GError) local_error = NULL;

  if (period == NULL || self->store == NULL)
    return TRUE;
  closing = ma_bonus_get_close_in_progress (self->store, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (closing != NULL && g_strcmp0 (closing->period, period) == 0
      && g_strcmp0 (closing->who, who) != 0)
    return TRUE;
  return ma_bonus_cancel_close (self->store, period, error);
}

/* The same, telling HR when the marker could not be removed: it goes
 * stale by itself (MA_BONUS_CLOSING_STALE_SECONDS), so the office is never
 * locked out for good, but until then the command-line tool refuses. */
static void
release_close_or_say (MaBonusView *self)
{
  g_autoptr(GError) error = NULL;

  if (!release_close (self, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The close could not be withdrawn: %s"), error->message);

      show_message (self, message);
    }
}

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   MaBonusView      *self)
{
  if (self->closing_period == NULL)
    return;
  if (g_str_equal (response, "close"))
    {
      /* The close itself clears the marker; a close that cannot start
       * leaves it to be withdrawn. */
      g_autofree char *period = g_strdup (self->closing_period);

      if (run_period_change (self, period, NULL))
        {
          g_clear_pointer (&self->closing_period, g_free);
          g_clear_pointer (&self->closing_who, g_free);
        }
      else
        release_close_or_say (self);
    }
  else
    release_close_or_say (self);
  update_actions (self);
}

/* The dialog went away without an answer (its window was closed). */
static void
close_dialog_destroy_cb (GtkWidget   *dialog,
                         MaBonusView *self)
{
  release_close_or_say (self);
  update_actions (self);
}

static void
close_period_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MaBonusView *self = MA_BONUS_VIEW (widget);
  const MaBonusStatement *statement;
  g_autofree char *month = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *total = NULL;
  g_autofree char *who = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;
  gint64 sum = 0;
  const char *currency = NULL;

  if (self->shared == NULL || self->closing_period != NULL || self->store == NULL)
    return;
  statement = ma_shared_statement_get (self->shared);

  /* While HR reads the figures, nobody else may change what is behind
   * them: the command-line tool and other writers check this marker. */
  who = who_am_i ();
  if (!ma_bonus_begin_close (self->store, statement->period, who, &error))
    {
      /* Open disputes refuse the close before HR is asked anything. */
      if (g_error_matches (error, MA_BONUS_ERROR, MA_BONUS_ERROR_DISPUTED))
        show_disputed (self, error->message);
      else
        show_message (self, error->message);
      return;
    }
  self->closing_period = g_strdup (statement->period);
  self->closing_who = g_steal_pointer (&who);

  for (guint i = 0; i < statement->rows->len; i++)
    {
      const MaBonusRow *row = g_ptr_array_index (statement->rows, i);

      sum += row->total;
      currency = row->currency;
    }
  month = ma_format_period_locale (statement->period);
  total = ma_money_format_locale (sum, currency);
  heading = g_strdup_printf (_("Close %s?"), month);
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The statement of %u employee (%s in all) is frozen for payroll. Later changes to audits or KPI figures show as pending differences until the month is reopened. Until you answer, the command-line tool cannot change the data.",
                                       "The statements of %u employees (%s in all) are frozen for payroll. Later changes to audits or KPI figures show as pending differences until the month is reopened. Until you answer, the command-line tool cannot change the data.",
                                       statement->rows->len),
                          statement->rows->len, total);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "close", _("C_lose Month"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "close", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  /* The main window closing takes its dialog with it. */
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, 0);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (close_dialog_destroy_cb), self, 0);
  g_set_weak_pointer (&self->close_dialog, GTK_WINDOW (dialog));
  update_actions (self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reason_changed_cb (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "reopen", *reason != '\0');
}

static void
reopen_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    MaBonusView      *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_str_equal (response, "reopen") && *reason != '\0')
    run_period_change (self, current_period (self), reason);
}

static void
reopen_period_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MaBonusView *self = MA_BONUS_VIEW (widget);
  g_autofree char *month = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog, *entry;

  if (self->shared == NULL)
    return;
  month = ma_format_period_locale (ma_shared_statement_get (self->shared)->period);
  heading = g_strdup_printf (_("Reopen %s?"), month);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading,
                                   _("The statements follow the current data again until the month is closed anew. "
                                     "The reason is kept in the period’s log."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason for reopening"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason for reopening"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "reopen", _("_Reopen Month"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reopen", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "reopen", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "reopen");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (entry, "changed", G_CALLBACK (reason_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (reopen_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  compute (MA_BONUS_VIEW (widget));
}

static void
update_actions (MaBonusView *self)
{
  const MaBonusStatement *statement = self->shared != NULL ? ma_shared_statement_get (self->shared) : NULL;
  gboolean idle = self->busy_count == 0;
  gboolean has_rows = statement != NULL && statement->rows->len > 0;
  gboolean writable = self->store != NULL && !ma_store_is_read_only (self->store);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bonus.close-period",
                                 idle && has_rows && writable && !statement->closed
                                 && self->closing_period == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bonus.reopen-period",
                                 idle && writable && statement != NULL && statement->closed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bonus.export", idle && has_rows);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bonus.export-to", idle && has_rows);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bonus.print", idle && has_rows);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bonus.open-statement", has_rows);
  /* Nothing is selected until a row is clicked (autoselect is off): the
   * menu item must not look as if it would do something. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bonus.open-selected",
                                 has_rows && gtk_single_selection_get_selected_item (self->selection) != NULL);
}

/* ---- callbacks ----------------------------------------------------------- */

static void
period_selected_cb (MaBonusView *self)
{
  if (!self->updating)
    compute (self);
}

static void
filter_changed_cb (MaBonusView *self)
{
  if (self->updating)
    return;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_totals (self);
}

/* ---- GObject ------------------------------------------------------------- */

static void
ma_bonus_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MaBonusView *self = MA_BONUS_VIEW (object);

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
ma_bonus_view_dispose (GObject *object)
{
  MaBonusView *self = MA_BONUS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* The view goes (the window closes) while HR has not answered: the
   * close is not confirmed. Nobody is left to tell when this fails; the
   * marker goes stale by itself. */
  release_close (self, NULL);
  if (self->close_dialog != NULL)
    gtk_window_destroy (self->close_dialog);
  g_clear_weak_pointer (&self->close_dialog);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_weak_pointer (&self->statement_window);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), MA_TYPE_BONUS_VIEW);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->items);
  g_clear_pointer (&self->shared, ma_shared_statement_unref);

  G_OBJECT_CLASS (ma_bonus_view_parent_class)->dispose (object);
}

static void
ma_bonus_view_finalize (GObject *object)
{
  MaBonusView *self = MA_BONUS_VIEW (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->periods, g_ptr_array_unref);
  g_clear_pointer (&self->region_codes, g_ptr_array_unref);
  g_clear_pointer (&self->branch_codes, g_ptr_array_unref);
  g_clear_pointer (&self->positions, g_ptr_array_unref);
  g_clear_pointer (&self->schemes, g_ptr_array_unref);
  g_clear_pointer (&self->scheme_list, g_ptr_array_unref);
  g_free (self->closing_period);
  g_free (self->closing_who);

  G_OBJECT_CLASS (ma_bonus_view_parent_class)->finalize (object);
}

static void
ma_bonus_view_class_init (MaBonusViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ma_bonus_view_get_property;
  object_class->dispose = ma_bonus_view_dispose;
  object_class->finalize = ma_bonus_view_finalize;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mysteryaudit/MysteryAudit/ui/ma-bonus-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MaBonusView, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MaBonusView, region_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MaBonusView, branch_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MaBonusView, position_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MaBonusView, scheme_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MaBonusView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MaBonusView, close_button);
  gtk_widget_class_bind_template_child (widget_class, MaBonusView, reopen_button);
  gtk_widget_class_bind_template_child (widget_class, MaBonusView, state_revealer);
  gtk_widget_class_bind_template_child (widget_class, MaBonusView, state_label);
  gtk_widget_class_bind_template_child (widget_class, MaBonusView, differences_expander);
  gtk_widget_class_bind_template_child (widget_class, MaBonusView, differences_label);
  gtk_widget_class_bind_template_child (widget_class, MaBonusView, warnings_label);
  gtk_widget_class_bind_template_child (widget_class, MaBonusView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, MaBonusView, spinner);
  gtk_widget_class_bind_template_child (widget_class, MaBonusView, column_view);
  gtk_widget_class_bind_template_child (widget_class, MaBonusView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, MaBonusView, totals_label);
  gtk_widget_class_bind_template_callback (widget_class, period_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "bonus.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "bonus.close-period", NULL, close_period_action);
  gtk_widget_class_install_action (widget_class, "bonus.reopen-period", NULL, reopen_period_action);
  gtk_widget_class_install_action (widget_class, "bonus.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "bonus.export-to", "(ss)", export_to_action);
  gtk_widget_class_install_action (widget_class, "bonus.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "bonus.open-statement", "s", open_statement_action);
  gtk_widget_class_install_action (widget_class, "bonus.open-selected", NULL, open_selected_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "bonus.refresh", NULL);
}

static void
ma_bonus_view_init (MaBonusView *self)
{
  GtkSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* GTK 4.8 gives the focus to a drop-down's inner button: it needs
   * the name too. */
  ma_a11y_label_dropdown (self->period_dropdown, _("Month of the bonus"));
  ma_a11y_label_dropdown (self->region_dropdown, _("Region"));
  ma_a11y_label_dropdown (self->branch_dropdown, _("Branch"));
  ma_a11y_label_dropdown (self->position_dropdown, _("Position"));
  ma_a11y_label_dropdown (self->scheme_dropdown, _("Bonus scheme"));
  ma_timing_init (&self->timing);

  self->items = g_list_store_new (MA_TYPE_BONUS_ITEM);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->items)),
                                              GTK_FILTER (self->filter));
  sorter = gtk_column_view_get_sorter (self->column_view);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (self->filtered), g_object_ref (sorter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->sorted));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (update_actions), self);

  add_column (self, COLUMN_NAME, _("Employee"), 190);
  add_column (self, COLUMN_CODE, _("Code"), 70);
  add_column (self, COLUMN_BRANCH, _("Branch"), 180);
  /* Room for a position's label and a scheme's name, not only their codes. */
  add_column (self, COLUMN_POSITION, _("Position"), 130);
  add_column (self, COLUMN_SCHEME, _("Scheme"), 150);
  add_column (self, COLUMN_BASE, _("Base Pay"), 120);
  add_column (self, COLUMN_TOTAL, _("Bonus"), 120);
  add_column (self, COLUMN_AUDITS, _("Audits"), 64);
  add_column (self, COLUMN_COMPONENTS, _("Achievement"), 420);
  add_column (self, COLUMN_NOTES, _("Notes"), 260);

  update_actions (self);
}

/* ---- public -------------------------------------------------------------- */

void
ma_bonus_view_set_store (MaBonusView *self,
                         MaStore     *store)
{
  g_return_if_fail (MA_IS_BONUS_VIEW (self));
  g_return_if_fail (store == NULL || MA_IS_STORE (store));

  if (!g_set_object (&self->store, store) || store == NULL)
    return;
  fill_periods (self);
  compute (self);
}

void
ma_bonus_view_set_period (MaBonusView *self,
                          const char  *period)
{
  g_return_if_fail (MA_IS_BONUS_VIEW (self));

  for (guint i = 0; self->periods != NULL && i < self->periods->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->periods, i), period) == 0)
      {
        if (gtk_drop_down_get_selected (self->period_dropdown) == i)
          compute (self);
        else
          gtk_drop_down_set_selected (self->period_dropdown, i);
        return;
      }
}

const char *
ma_bonus_view_get_period (MaBonusView *self)
{
  g_return_val_if_fail (MA_IS_BONUS_VIEW (self), NULL);
  return current_period (self);
}

gboolean
ma_bonus_view_is_busy (MaBonusView *self)
{
  g_return_val_if_fail (MA_IS_BONUS_VIEW (self), FALSE);
  return self->busy_count > 0;
}

const MaBonusStatement *
ma_bonus_view_get_statement (MaBonusView *self)
{
  g_return_val_if_fail (MA_IS_BONUS_VIEW (self), NULL);
  return self->shared != NULL ? ma_shared_statement_get (self->shared) : NULL;
}

void
ma_bonus_view_set_branch_filter (MaBonusView *self,
                                 const char  *branch)
{
  g_return_if_fail (MA_IS_BONUS_VIEW (self));

  for (guint i = 0; self->branch_codes != NULL && i < self->branch_codes->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->branch_codes, i), branch) == 0)
      {
        gtk_drop_down_set_selected (self->branch_dropdown, i);
        return;
      }
}

guint
ma_bonus_view_get_n_shown (MaBonusView *self)
{
  g_return_val_if_fail (MA_IS_BONUS_VIEW (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
}

gint64
ma_bonus_view_get_shown_total (MaBonusView *self,
                               const char  *currency)
{
  GListModel *model;
  gint64 sum = 0;

  g_return_val_if_fail (MA_IS_BONUS_VIEW (self), 0);

  model = G_LIST_MODEL (self->filtered);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MaBonusItem) item = g_list_model_get_item (model, i);
      const MaBonusRow *row = ma_bonus_item_get_row (item);

      if (g_strcmp0 (row->currency, currency) == 0)
        sum += row->total;
    }
  return sum;
}

const char *
ma_bonus_view_get_totals_text (MaBonusView *self)
{
  g_return_val_if_fail (MA_IS_BONUS_VIEW (self), NULL);
  return gtk_label_get_text (self->totals_label);
}

GtkWindow *
ma_bonus_view_get_statement_window (MaBonusView *self)
{
  g_return_val_if_fail (MA_IS_BONUS_VIEW (self), NULL);
  return self->statement_window;
}
