/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ma-import-dialog.h"
#include "ma-money.h"
#include "ma-pay-util.h"

/* A file with thousands of bad lines is a wrong file: the first ones say
 * enough. */
#define MAX_SHOWN 200

struct _MaImportDialog
{
  AdwWindow            parent_instance;

  AdwWindowTitle      *window_title;
  GtkButton           *import_button;
  AdwPreferencesGroup *columns_group;
  GtkSwitch           *header_switch;
  AdwEntryRow         *currency_row;
  AdwPreferencesGroup *preview_group;
  GtkListBox          *problem_list;
  GtkListBox          *change_list;

  MaStore             *store;
  MaImport            *import;
  GBytes              *contents;
  GPtrArray           *field_rows;   /* of AdwComboRow, per field */
  MaImportPreview     *preview;
  gboolean             loading;
};

enum {
  SIGNAL_IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MaImportDialog, ma_import_dialog, ADW_TYPE_WINDOW)

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
add_row (GtkListBox *list,
         const char *title,
         const char *subtitle)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (row, subtitle);
  gtk_list_box_append (list, GTK_WIDGET (row));
}

static const char *
outcome_text (MaSaveOutcome outcome)
{
  switch (outcome)
    {
    case MA_SAVE_ADDED:
      return _("new");
    case MA_SAVE_UPDATED:
      return _("changed");
    case MA_SAVE_IDENTICAL:
    default:
      return _("unchanged");
    }
}

static void
refresh_preview (MaImportDialog *self)
{
  g_autofree char *summary = NULL;
  guint shown = 0;
  MaImportPreview *p;

  g_clear_pointer (&self->preview, ma_import_preview_free);
  self->preview = ma_import_preview (self->import);
  p = self->preview;

  clear_list (self->problem_list);
  clear_list (self->change_list);
  if (p->problems->len > 0)
    {
      summary = g_strdup_printf (ngettext ("%u problem: correct the file and open it again, or "
                                           "choose other columns. Nothing has been imported.",
                                           "%u problems: correct the file and open it again, or "
                                           "choose other columns. Nothing has been imported.",
                                           p->problems->len),
                                 p->problems->len);
      for (guint i = 0; i < p->problems->len && i < MAX_SHOWN; i++)
        {
          const MaImportProblem *problem = g_ptr_array_index (p->problems, i);
          g_autofree char *title = problem->line > 0
                                   /* TRANSLATORS: a line of the imported file */
                                   ? g_strdup_printf (_("Line %u"), problem->line)
                                   : g_strdup (_("Columns"));

          add_row (self->problem_list, title, problem->message);
        }
      if (p->problems->len > MAX_SHOWN)
        {
          g_autofree char *more = g_strdup_printf (_("And %u more"), p->problems->len - MAX_SHOWN);

          add_row (self->problem_list, more, NULL);
        }
    }
  else
    /* TRANSLATORS: counts of what an import would do */
    summary = g_strdup_printf (_("%u new, %u changed, %u unchanged. Nothing is written until you "
                                 "press Import."),
                               p->n_added, p->n_updated, p->n_identical);
  adw_preferences_group_set_description (self->preview_group, summary);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_list), p->problems->len > 0);

  for (guint i = 0; i < p->lines->len && shown < MAX_SHOWN; i++)
    {
      MaSaveOutcome outcome = g_array_index (p->outcomes, MaSaveOutcome, i);
      guint line = g_array_index (p->lines, guint, i);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      if (outcome == MA_SAVE_IDENTICAL)
        continue;
      shown++;
      if (p->employees != NULL)
        {
          const MaEmployee *e = g_ptr_array_index (p->employees, i);
          g_autofree char *pay = ma_pay_format_money (e->base_pay, e->currency);

          title = g_strdup_printf ("%s (%s)", e->name, e->code);
          /* TRANSLATORS: line, what happens, branch, position, pay */
          subtitle = g_strdup_printf (_("Line %u · %s · %s · %s · %s%s%s"), line, outcome_text (outcome),
                                      e->branch, ma_employee_position_label (e->position), pay,
                                      e->active_to != NULL ? _(" · left on ") : "",
                                      e->active_to != NULL ? e->active_to : "");
        }
      else
        {
          const MaKpi *k = g_ptr_array_index (p->kpis, i);

          title = g_strdup_printf ("%s · %s", k->employee, k->component);
          subtitle = g_strdup_printf (_("Line %u · %s · actual %g, plan %g"), line, outcome_text (outcome),
                                      k->actual, k->plan);
        }
      add_row (self->change_list, title, subtitle);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->change_list), shown > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button),
                            p->problems->len == 0 && p->n_added + p->n_updated > 0);
}

static void
field_selected_cb (AdwComboRow    *row,
                   GParamSpec     *pspec,
                   MaImportDialog *self)
{
  guint field;

  if (self->loading)
    return;
  if (!g_ptr_array_find (self->field_rows, row, &field))
    return;
  ma_import_set_column (self->import, field, (int) adw_combo_row_get_selected (row) - 1);
  refresh_preview (self);
}

static void
fill_columns (MaImportDialog *self)
{
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  guint n_columns = ma_import_get_n_columns (self->import);

  gtk_string_list_append (titles, _("Not in the file"));
  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *title = ma_import_get_column_title (self->import, c);

      gtk_string_list_append (titles, title);
    }

  self->loading = TRUE;
  for (guint f = 0; f < self->field_rows->len; f++)
    {
      AdwComboRow *row = g_ptr_array_index (self->field_rows, f);

      adw_combo_row_set_model (row, G_LIST_MODEL (titles));
      adw_combo_row_set_selected (row, (guint) (ma_import_get_column (self->import, f) + 1));
    }
  self->loading = FALSE;
}

static gboolean
read_table (MaImportDialog  *self,
            GError         **error)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (self->contents, &size);
  MaCsvTable *table = ma_csv_read (data != NULL ? data : "", (gssize) size, 0, error);

  if (table == NULL)
    return FALSE;
  ma_import_set_table (self->import, table, gtk_switch_get_active (self->header_switch));
  return TRUE;
}

static void
header_toggled_cb (MaImportDialog *self)
{
  g_autoptr(GError) error = NULL;

  /* The text was read once already; it reads the same again. */
  if (!read_table (self, &error))
    return;
  fill_columns (self);
  refresh_preview (self);
}

static void
currency_changed_cb (MaImportDialog *self)
{
  g_autofree char *currency = g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (self->currency_row)), -1);

  g_strstrip (currency);
  if (ma_currency_is_valid (currency))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->currency_row), "error");
      ma_import_set_default_currency (self->import, currency);
      refresh_preview (self);
    }
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->currency_row), "error");
}

static void
commit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MaImportDialog *self = MA_IMPORT_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  guint n;

  refresh_preview (self);
  if (!ma_import_commit (self->import, self->store, self->preview, &error))
    {
      AdwMessageDialog *dialog =
        ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Nothing Was Imported"),
                                                    error->message));

      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  n = self->preview->n_added + self->preview->n_updated;
  g_signal_emit (self, signals[SIGNAL_IMPORTED], 0, n);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}

static void
import_clicked_cb (MaImportDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "import.commit", NULL);
}

MaImportDialog *
ma_import_dialog_new (GtkWindow     *parent,
                      MaStore       *store,
                      MaImportKind   kind,
                      const char    *period,
                      const char    *file_name,
                      GBytes        *contents,
                      GError       **error)
{
  MaImportDialog *self;
  g_autofree char *description = NULL;

  g_return_val_if_fail (MA_IS_STORE (store), NULL);
  g_return_val_if_fail (contents != NULL, NULL);

  /* GTK's list of toplevels holds the window until it is destroyed. */
  self = g_object_new (MA_TYPE_IMPORT_DIALOG, NULL);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  self->store = g_object_ref (store);
  self->contents = g_bytes_ref (contents);
  self->import = ma_import_new (store, kind, period, error);
  if (self->import == NULL || !read_table (self, error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }

  /* The window's own title too: a screen reader announces the window by
   * it, not by the header bar's AdwWindowTitle. */
  if (kind == MA_IMPORT_EMPLOYEES)
    {
      adw_window_title_set_title (self->window_title, _("Import Employees"));
      gtk_window_set_title (GTK_WINDOW (self), _("Import Employees"));
    }
  else
    {
      g_autofree char *month = ma_format_period_locale (period);
      g_autofree char *title = g_strdup_printf (_("Import KPI Figures of %s"), month);

      adw_window_title_set_title (self->window_title, title);
      gtk_window_set_title (GTK_WINDOW (self), title);
    }
  adw_window_title_set_subtitle (self->window_title, file_name);
  gtk_widget_set_visible (GTK_WIDGET (self->currency_row), kind == MA_IMPORT_EMPLOYEES);
  description = g_strdup (kind == MA_IMPORT_EMPLOYEES
                          ? _("The column of the file that holds each field. A field that is not "
                              "in the file keeps its stored value; nobody is ever deleted.")
                          : _("The column of the file that holds each figure. An empty cell keeps "
                              "the stored figure."));
  adw_preferences_group_set_description (self->columns_group, description);

  for (guint f = 0; f < ma_import_get_n_fields (self->import); f++)
    {
      AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
      g_autofree char *title = ma_import_get_field_required (self->import, f)
                               /* TRANSLATORS: a field that must be in the file */
                               ? g_strdup_printf (_("%s (required)"), ma_import_get_field_label (self->import, f))
                               : g_strdup (ma_import_get_field_label (self->import, f));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      g_signal_connect (row, "notify::selected", G_CALLBACK (field_selected_cb), self);
      adw_preferences_group_add (self->columns_group, GTK_WIDGET (row));
      g_ptr_array_add (self->field_rows, row);
    }
  fill_columns (self);
  refresh_preview (self);
  return self;
}

const MaImportPreview *
ma_import_dialog_get_preview (MaImportDialog *self)
{
  g_return_val_if_fail (MA_IS_IMPORT_DIALOG (self), NULL);
  return self->preview;
}

MaImport *
ma_import_dialog_get_import (MaImportDialog *self)
{
  g_return_val_if_fail (MA_IS_IMPORT_DIALOG (self), NULL);
  return self->import;
}

void
ma_import_dialog_set_column (MaImportDialog *self,
                             guint           field,
                             int             column)
{
  g_return_if_fail (MA_IS_IMPORT_DIALOG (self));
  g_return_if_fail (field < self->field_rows->len);

  adw_combo_row_set_selected (g_ptr_array_index (self->field_rows, field), (guint) (column + 1));
}

/* ---- Choosing the file ------------------------------------------------ */

typedef struct {
  GtkWidget    *widget;
  MaStore      *store;
  MaImportKind  kind;
  char         *period;
  GCallback     on_imported;
  gpointer      user_data;
} Choice;

static void
choice_free (Choice *choice)
{
  g_clear_object (&choice->widget);
  g_clear_object (&choice->store);
  g_free (choice->period);
  g_free (choice);
}

static void
show_error (GtkWidget  *widget,
            const char *heading,
            const char *message)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwMessageDialog *dialog =
    ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                heading, message));

  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     Choice          *choice)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  MaImportDialog *dialog;
  GtkRoot *root;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  name = g_file_get_basename (file);
  /* An HR export is small; reading it at once keeps the preview simple. */
  contents = g_file_load_bytes (file, NULL, NULL, &error);
  if (contents == NULL)
    {
      show_error (choice->widget, _("The File Cannot Be Read"), error->message);
      goto out;
    }
  root = gtk_widget_get_root (choice->widget);
  dialog = ma_import_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, choice->store,
                                 choice->kind, choice->period, name, contents, &error);
  if (dialog == NULL)
    {
      g_autofree char *heading = g_strdup_printf (_("“%s” Cannot Be Imported"), name);

      show_error (choice->widget, heading, error->message);
      goto out;
    }
  if (choice->on_imported != NULL)
    g_signal_connect_swapped (dialog, "imported", choice->on_imported, choice->user_data);
  gtk_window_present (GTK_WINDOW (dialog));

out:
  choice_free (choice);
  g_object_unref (chooser);
}

void
ma_import_dialog_choose_file (GtkWidget    *widget,
                              MaStore      *store,
                              MaImportKind  kind,
                              const char   *period,
                              GCallback     on_imported,
                              gpointer      user_data)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  Choice *choice = g_new0 (Choice, 1);

  choice->widget = g_object_ref (widget);
  choice->store = g_object_ref (store);
  choice->kind = kind;
  choice->period = g_strdup (period);
  choice->on_imported = on_imported;
  choice->user_data = user_data;

  chooser = gtk_file_chooser_native_new (kind == MA_IMPORT_EMPLOYEES ? _("Import Employees")
                                                                     : _("Import KPI Figures"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_add_suffix (csv, "txt");
  gtk_file_filter_add_suffix (csv, "tsv");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), choice);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- Class ------------------------------------------------------------ */

static void
ma_import_dialog_dispose (GObject *object)
{
  MaImportDialog *self = MA_IMPORT_DIALOG (object);

  g_clear_object (&self->store);
  G_OBJECT_CLASS (ma_import_dialog_parent_class)->dispose (object);
}

static void
ma_import_dialog_finalize (GObject *object)
{
  MaImportDialog *self = MA_IMPORT_DIALOG (object);

  g_clear_pointer (&self->import, ma_import_free);
  g_clear_pointer (&self->contents, g_bytes_unref);
  g_clear_pointer (&self->field_rows, g_ptr_array_unref);
  g_clear_pointer (&self->preview, ma_import_preview_free);
  G_OBJECT_CLASS (ma_import_dialog_parent_class)->finalize (object);
}

static void
ma_import_dialog_class_init (MaImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_import_dialog_dispose;
  object_class->finalize = ma_import_dialog_finalize;

  /* Emitted after a successful import, with how many records changed. */
  signals[SIGNAL_IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mysteryaudit/MysteryAudit/ui/ma-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MaImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, MaImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, MaImportDialog, columns_group);
  gtk_widget_class_bind_template_child (widget_class, MaImportDialog, header_switch);
  gtk_widget_class_bind_template_child (widget_class, MaImportDialog, currency_row);
  gtk_widget_class_bind_template_child (widget_class, MaImportDialog, preview_group);
  gtk_widget_class_bind_template_child (widget_class, MaImportDialog, problem_list);
  gtk_widget_class_bind_template_child (widget_class, MaImportDialog, change_list);
  gtk_widget_class_bind_template_callback (widget_class, header_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, currency_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked_cb);

  gtk_widget_class_install_action (widget_class, "import.commit", NULL, commit_action);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "import.cancel", NULL);
}

static void
ma_import_dialog_init (MaImportDialog *self)
{
  self->field_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
