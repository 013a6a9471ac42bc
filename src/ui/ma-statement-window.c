/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ma-report-render.h"
#include "ma-reports-view.h"
#include "ma-statement-window.h"
#include "ma-window.h"

struct _MaStatementWindow
{
  AdwWindow             parent_instance;

  AdwWindowTitle       *title;
  AdwToastOverlay      *toast_overlay;
  GtkBox               *blocks_box;
  GtkButton            *dispute_button;

  MaStatementDocument  *document;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (MaStatementWindow, ma_statement_window, ADW_TYPE_WINDOW)

static GtkWidget *
make_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* The same blocks as the printed page, in the style's own colours. */
static void
fill_blocks (MaStatementWindow *self)
{
  for (guint i = 0; i < self->document->blocks->len; i++)
    {
      const MaStatementBlock *block = g_ptr_array_index (self->document->blocks, i);
      GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *label;
      const char *css = NULL;
      int top = 2;

      switch (block->kind)
        {
        case MA_BLOCK_TITLE:
          css = "title-1";
          top = 0;
          break;
        case MA_BLOCK_SUBTITLE:
          css = "dim-label";
          break;
        case MA_BLOCK_HEADING:
          css = "title-4";
          top = 18;
          break;
        case MA_BLOCK_FORMULA:
          css = "monospace";
          break;
        case MA_BLOCK_NOTE:
          css = "dim-label";
          break;
        case MA_BLOCK_WARNING:
          css = "warning";
          break;
        case MA_BLOCK_TOTAL:
          css = "title-3";
          top = 12;
          break;
        case MA_BLOCK_LINE:
        default:
          break;
        }
      label = make_label (block->text, css);
      if (block->kind == MA_BLOCK_NOTE || block->kind == MA_BLOCK_WARNING)
        gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (line), label);
      if (block->value != NULL)
        {
          GtkWidget *value = make_label (block->value, css);

          gtk_label_set_xalign (GTK_LABEL (value), 1);
          gtk_widget_set_hexpand (value, FALSE);
          gtk_widget_add_css_class (value, "numeric");
          gtk_box_append (GTK_BOX (line), value);
        }
      gtk_widget_set_margin_start (line, (int) block->indent * 24);
      gtk_widget_set_margin_top (line, top);
      if (block->kind == MA_BLOCK_TOTAL)
        gtk_box_append (self->blocks_box, gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
      gtk_box_append (self->blocks_box, line);
    }
}

gboolean
ma_statement_window_save_pdf (MaStatementWindow  *self,
                              const char         *path,
                              GError            **error)
{
  g_autoptr(GPtrArray) documents = g_ptr_array_new ();

  g_return_val_if_fail (MA_IS_STATEMENT_WINDOW (self), FALSE);

  g_ptr_array_add (documents, self->document);
  return ma_statement_write_pdf (path, documents, error);
}

static void
chooser_response_cb (MaStatementWindow    *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    return;

  if (ma_statement_window_save_pdf (self, path, &error))
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *message = g_strdup_printf (_("Saved %s"), name);
      g_autofree char *escaped = g_markup_escape_text (message, -1);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
    }
  else
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
    }
}

static void
save_pdf_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  MaStatementWindow *self = MA_STATEMENT_WINDOW (widget);
  g_autofree char *name = NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Save Statement as PDF"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  /* TRANSLATORS: file name of a saved statement: employee code, period */
  name = g_strdup_printf (_("statement-%s-%s.pdf"), self->document->employee, self->document->period);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  MaStatementWindow *self = MA_STATEMENT_WINDOW (widget);
  g_autoptr(GPtrArray) documents = g_ptr_array_new ();

  g_ptr_array_add (documents, self->document);
  ma_statement_print (GTK_WINDOW (self), documents);
}

/* "YYYY-MM": an employee's statement has a month, a drill-down a title. */
static gboolean
is_month (const char *period)
{
  return period != NULL && strlen (period) == 7 && g_ascii_isdigit (period[0]) && g_ascii_isdigit (period[3])
         && period[4] == '-' && g_ascii_isdigit (period[5]) && g_ascii_isdigit (period[6]);
}

/* The Fairness page of the main window, when this statement is one
 * employee's (not a drill-down) and shown over the main window. */
static MaFairnessView *
find_fairness_view (MaStatementWindow *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (!MA_IS_WINDOW (parent) || self->document->period == NULL
      || !MA_IS_REPORTS_VIEW (ma_window_get_reports_view (MA_WINDOW (parent))))
    return NULL;
  return ma_reports_view_get_fairness_view (MA_REPORTS_VIEW (ma_window_get_reports_view (MA_WINDOW (parent))));
}

/* The objection often comes up while HR explains the statement: it is
 * recorded from here, for this employee and month. */
static void
record_dispute_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  MaStatementWindow *self = MA_STATEMENT_WINDOW (widget);
  MaFairnessView *fairness = find_fairness_view (self);

  if (fairness != NULL)
    ma_fairness_view_record_dispute (fairness, GTK_WINDOW (self), self->document->employee,
                                     self->document->period);
}

static void
ma_statement_window_dispose (GObject *object)
{
  MaStatementWindow *self = MA_STATEMENT_WINDOW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  G_OBJECT_CLASS (ma_statement_window_parent_class)->dispose (object);
}

static void
ma_statement_window_finalize (GObject *object)
{
  MaStatementWindow *self = MA_STATEMENT_WINDOW (object);

  g_clear_pointer (&self->document, ma_statement_document_free);

  G_OBJECT_CLASS (ma_statement_window_parent_class)->finalize (object);
}

static void
ma_statement_window_class_init (MaStatementWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_statement_window_dispose;
  object_class->finalize = ma_statement_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mysteryaudit/MysteryAudit/ui/ma-statement-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MaStatementWindow, title);
  gtk_widget_class_bind_template_child (widget_class, MaStatementWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MaStatementWindow, blocks_box);
  gtk_widget_class_bind_template_child (widget_class, MaStatementWindow, dispute_button);

  gtk_widget_class_install_action (widget_class, "statement.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "statement.save-pdf", NULL, save_pdf_action);
  gtk_widget_class_install_action (widget_class, "statement.record-dispute", NULL, record_dispute_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "statement.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "statement.save-pdf", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ma_statement_window_init (MaStatementWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

MaStatementWindow *
ma_statement_window_new (GtkWindow           *parent,
                         MaStatementDocument *document)
{
  MaStatementWindow *self;
  g_autofree char *subtitle = NULL;
  g_autofree char *month = NULL;
  gboolean disputable;

  g_return_val_if_fail (document != NULL, NULL);

  self = g_object_new (MA_TYPE_STATEMENT_WINDOW, "transient-for", parent, NULL);
  self->document = document;
  /* TRANSLATORS: the statement window's subtitle: period · employee code */
  month = ma_format_period_locale (document->period);
  subtitle = g_strdup_printf (_("%s · %s"), month, document->employee);
  adw_window_title_set_title (self->title, document->name);
  adw_window_title_set_subtitle (self->title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), document->name);
  fill_blocks (self);
  /* A drill-down of a branch's audits is no one's statement. */
  disputable = find_fairness_view (self) != NULL && is_month (document->period);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "statement.record-dispute", disputable);
  gtk_widget_set_visible (GTK_WIDGET (self->dispute_button), disputable);
  return self;
}

const MaStatementDocument *
ma_statement_window_get_document (MaStatementWindow *self)
{
  g_return_val_if_fail (MA_IS_STATEMENT_WINDOW (self), NULL);
  return self->document;
}
