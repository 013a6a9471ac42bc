/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <math.h>
#include <unistd.h>

#include "ma-heatmap.h"
#include "ma-report-render.h"
#include "ma-trend-chart.h"

#define MARGIN 48.0
#define INDENT 18.0

static const GdkRGBA black = { 0, 0, 0, 1 };
static const GdkRGBA grey = { 0.35, 0.35, 0.35, 1 };
static const GdkRGBA warning_red = { 0.647, 0.114, 0.176, 1 };

static void
block_style (MaBlockKind     kind,
             const char    **family,
             double         *size,
             PangoWeight    *weight,
             const GdkRGBA **color,
             double         *space_before)
{
  *family = "Sans";
  *size = 10;
  *weight = PANGO_WEIGHT_NORMAL;
  *color = &black;
  *space_before = 3;
  switch (kind)
    {
    case MA_BLOCK_TITLE:
      *size = 18;
      *weight = PANGO_WEIGHT_BOLD;
      *space_before = 0;
      break;
    case MA_BLOCK_SUBTITLE:
      *size = 9.5;
      *color = &grey;
      break;
    case MA_BLOCK_HEADING:
      *size = 12;
      *weight = PANGO_WEIGHT_BOLD;
      *space_before = 14;
      break;
    case MA_BLOCK_FORMULA:
      *family = "Monospace";
      *size = 9;
      *space_before = 1;
      break;
    case MA_BLOCK_NOTE:
      *size = 9;
      *color = &grey;
      *space_before = 1;
      break;
    case MA_BLOCK_WARNING:
      *size = 9;
      *weight = PANGO_WEIGHT_BOLD;
      *color = &warning_red;
      *space_before = 2;
      break;
    case MA_BLOCK_TOTAL:
      *size = 12;
      *weight = PANGO_WEIGHT_BOLD;
      *space_before = 10;
      break;
    case MA_BLOCK_LINE:
    default:
      break;
    }
}

/* Lays the blocks out from @y in @width; draws them when @draw. Returns
 * the height used. */
static double
layout_blocks (cairo_t                   *cr,
               PangoContext              *pango,
               const MaStatementDocument *doc,
               double                     x,
               double                     y,
               double                     width,
               gboolean                   draw)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (pango);
  g_autoptr(PangoLayout) value_layout = pango_layout_new (pango);
  double top = y;

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      const MaStatementBlock *block = g_ptr_array_index (doc->blocks, i);
      g_autoptr(PangoFontDescription) font = pango_font_description_new ();
      const char *family;
      double size, space, indent = block->indent * INDENT, value_w = 0;
      PangoWeight weight;
      const GdkRGBA *color;
      int w, h, vh = 0;

      block_style (block->kind, &family, &size, &weight, &color, &space);
      pango_font_description_set_family (font, family);
      pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
      pango_font_description_set_weight (font, weight);
      y += space;

      if (block->value != NULL)
        {
          pango_layout_set_font_description (value_layout, font);
          pango_layout_set_text (value_layout, block->value, -1);
          pango_layout_get_pixel_size (value_layout, &w, &vh);
          value_w = w + 12;
        }
      pango_layout_set_font_description (layout, font);
      pango_layout_set_text (layout, block->text, -1);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_width (layout, (int) (MAX (20.0, width - indent - value_w) * PANGO_SCALE));
      pango_layout_get_pixel_size (layout, &w, &h);

      if (block->kind == MA_BLOCK_TOTAL && draw)
        {
          cairo_set_source_rgba (cr, 0, 0, 0, 1);
          cairo_set_line_width (cr, 0.8);
          cairo_move_to (cr, x, y - 4);
          cairo_line_to (cr, x + width, y - 4);
          cairo_stroke (cr);
        }
      if (draw)
        {
          gdk_cairo_set_source_rgba (cr, color);
          cairo_move_to (cr, x + indent, y);
          pango_cairo_show_layout (cr, layout);
          if (block->value != NULL)
            {
              cairo_move_to (cr, x + width - (value_w - 12), y);
              pango_cairo_show_layout (cr, value_layout);
            }
        }
      y += MAX (h, vh);
    }
  return y - top;
}

void
ma_statement_render_page (cairo_t                   *cr,
                          PangoContext              *pango,
                          const MaStatementDocument *doc,
                          double                     width,
                          double                     height)
{
  double avail_w = width - 2 * MARGIN, avail_h = height - 2 * MARGIN - 14;
  double scale = 1.0;
  g_autoptr(PangoLayout) footer = NULL;
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans");
  g_autofree char *footer_text = NULL;
  int fw, fh;

  g_return_if_fail (cr != NULL && pango != NULL && doc != NULL);

  /* Shrink until it fits: narrower text wraps less, so two rounds settle. */
  for (int round = 0; round < 3; round++)
    {
      double needed = layout_blocks (cr, pango, doc, 0, 0, avail_w / scale, FALSE);

      if (needed * scale <= avail_h)
        break;
      scale = avail_h / needed * 0.98;
    }

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_translate (cr, MARGIN, MARGIN);
  cairo_scale (cr, scale, scale);
  layout_blocks (cr, pango, doc, 0, 0, avail_w / scale, TRUE);
  cairo_restore (cr);

  footer = pango_layout_new (pango);
  pango_font_description_set_absolute_size (font, 7.5 * PANGO_SCALE);
  pango_layout_set_font_description (footer, font);
  /* TRANSLATORS: the footer of a printed statement: employee code, period */
  footer_text = g_strdup_printf (_("Mystery Audit · bonus statement %s · %s · confidential"),
                                 doc->employee, doc->period);
  pango_layout_set_text (footer, footer_text, -1);
  pango_layout_get_pixel_size (footer, &fw, &fh);
  cairo_set_source_rgb (cr, 0.45, 0.45, 0.45);
  cairo_move_to (cr, MARGIN, height - MARGIN + 10);
  pango_cairo_show_layout (cr, footer);
}

/* ---- PDF files ----------------------------------------------------------- */

typedef struct {
  char            *tmp_path;
  cairo_surface_t *surface;
  cairo_t         *cr;
  PangoFontMap    *font_map;
  PangoContext    *pango;
} PdfFile;

/* Each file gets its own font map: the default one belongs to the main
 * thread, and these files may be written on a worker. */
static gboolean
pdf_open (PdfFile     *pdf,
          const char  *path,
          GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmpl = g_strdup_printf (".%s.XXXXXX", base);
  int fd;

  pdf->tmp_path = g_build_filename (dir, tmpl, NULL);
  fd = g_mkstemp_full (pdf->tmp_path, O_WRONLY, 0644);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot write %s: %s"), path, g_strerror (saved));
      g_clear_pointer (&pdf->tmp_path, g_free);
      return FALSE;
    }
  close (fd);

  pdf->surface = cairo_pdf_surface_create (pdf->tmp_path, MA_PAGE_WIDTH, MA_PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_CREATOR, "Mystery Audit");
  pdf->cr = cairo_create (pdf->surface);
  pdf->font_map = pango_cairo_font_map_new ();
  pdf->pango = pango_font_map_create_context (pdf->font_map);
  pango_cairo_update_context (pdf->cr, pdf->pango);
  return TRUE;
}

static gboolean
pdf_close (PdfFile     *pdf,
           const char  *path,
           gboolean     ok,
           GError     **error)
{
  cairo_status_t status;

  g_clear_object (&pdf->pango);
  g_clear_object (&pdf->font_map);
  cairo_destroy (pdf->cr);
  cairo_surface_finish (pdf->surface);
  status = cairo_surface_status (pdf->surface);
  cairo_surface_destroy (pdf->surface);

  if (ok && status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("Cannot write %s: %s"), path, cairo_status_to_string (status));
      ok = FALSE;
    }
  if (ok && g_rename (pdf->tmp_path, path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot write %s: %s"), path, g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (pdf->tmp_path);
  g_clear_pointer (&pdf->tmp_path, g_free);
  return ok;
}

gboolean
ma_statement_write_pdf (const char  *path,
                        GPtrArray   *documents,
                        GError     **error)
{
  PdfFile pdf = { 0 };

  g_return_val_if_fail (path != NULL && documents != NULL, FALSE);

  if (!pdf_open (&pdf, path, error))
    return FALSE;
  for (guint i = 0; i < documents->len; i++)
    {
      ma_statement_render_page (pdf.cr, pdf.pango, g_ptr_array_index (documents, i),
                                MA_PAGE_WIDTH, MA_PAGE_HEIGHT);
      cairo_show_page (pdf.cr);
    }
  return pdf_close (&pdf, path, TRUE, error);
}

/* ---- the comparison as PDF ---------------------------------------------- */

static double
show_line (PdfFile    *pdf,
           const char *text,
           double      x,
           double      y,
           double      width,
           double      size,
           gboolean    bold)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (pdf->pango);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans");
  int w, h;

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (pdf->cr, x, y);
  pango_cairo_show_layout (pdf->cr, layout);
  return h;
}

static double
page_title (PdfFile    *pdf,
            const char *title,
            const char *subtitle)
{
  double y = MARGIN;

  cairo_set_source_rgb (pdf->cr, 0, 0, 0);
  y += show_line (pdf, title, MARGIN, y, MA_PAGE_WIDTH - 2 * MARGIN, 16, TRUE);
  cairo_set_source_rgb (pdf->cr, 0.35, 0.35, 0.35);
  y += show_line (pdf, subtitle, MARGIN, y + 2, MA_PAGE_WIDTH - 2 * MARGIN, 10, FALSE) + 12;
  cairo_set_source_rgb (pdf->cr, 0, 0, 0);
  return y;
}

static void
write_ranking (PdfFile            *pdf,
               const MaComparison *comparison,
               const char         *title,
               const char         *range)
{
  const MaRollup *rollup = comparison->rollup;
  const double columns[] = { 0, 36, 300, 360 };
  double y = page_title (pdf, title, range);
  double w = MA_PAGE_WIDTH - 2 * MARGIN;

  show_line (pdf, _("Rank"), MARGIN + columns[0], y, 34, 9, TRUE);
  show_line (pdf, _("Name"), MARGIN + columns[1], y, 260, 9, TRUE);
  show_line (pdf, _("Audits"), MARGIN + columns[2], y, 56, 9, TRUE);
  show_line (pdf, _("Score"), MARGIN + columns[3], y, w - columns[3], 9, TRUE);
  y += 16;

  for (guint i = 0; i < rollup->rows->len; i++)
    {
      const MaRollupRow *row = g_ptr_array_index (rollup->rows, i);
      g_autofree char *rank = row->rank > 0 ? g_strdup_printf ("%u", row->rank) : g_strdup ("–");
      g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, row->n);
      g_autofree char *percent = ma_format_percent_locale (row->score);
      g_autofree char *score = NULL;

      if (y > MA_PAGE_HEIGHT - MARGIN - 12)
        {
          cairo_show_page (pdf->cr);
          y = MARGIN;
        }
      score = percent == NULL ? g_strdup ("–")
              : row->low_confidence ? g_strdup_printf (_("%s (low confidence)"), percent)
              : g_strdup (percent);
      show_line (pdf, rank, MARGIN + columns[0], y, 34, 9, FALSE);
      show_line (pdf, row->name, MARGIN + columns[1], y, 260, 9, FALSE);
      show_line (pdf, n, MARGIN + columns[2], y, 56, 9, FALSE);
      show_line (pdf, score, MARGIN + columns[3], y, w - columns[3], 9, FALSE);
      y += 14;
    }
  cairo_show_page (pdf->cr);
}

static void
write_failures (PdfFile            *pdf,
                const MaComparison *comparison,
                const char         *range)
{
  double y = page_title (pdf, _("Most failed standards"), range);
  double w = MA_PAGE_WIDTH - 2 * MARGIN;
  GPtrArray *list = ma_comparison_get_failed (comparison, NULL);

  for (guint i = 0; i < list->len; i++)
    {
      const MaFailedQuestion *failed = g_ptr_array_index (list, i);
      g_autofree char *rate = ma_format_percent_locale (failed->rate);
      g_autofree char *line = g_strdup_printf ("%u. %s", i + 1, failed->text);
      g_autofree char *detail = NULL;

      detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%s · failed in %" PRId64 " of %" PRId64 " audit (%s)",
                                             "%s · failed in %" PRId64 " of %" PRId64 " audits (%s)",
                                             (gulong) failed->n),
                                failed->template_name, failed->failed, failed->n, rate);
      y += show_line (pdf, line, MARGIN, y, w, 10, TRUE);
      cairo_set_source_rgb (pdf->cr, 0.35, 0.35, 0.35);
      y += show_line (pdf, detail, MARGIN + 14, y, w - 14, 9, FALSE) + 6;
      cairo_set_source_rgb (pdf->cr, 0, 0, 0);
    }
  if (list->len == 0)
    show_line (pdf, _("No standard failed in this period."), MARGIN, y, w, 10, FALSE);
  cairo_show_page (pdf->cr);
}

gboolean
ma_comparison_write_pdf (const char          *path,
                         const MaComparison  *comparison,
                         const char * const  *trend_keys,
                         const char          *title,
                         GError             **error)
{
  PdfFile pdf = { 0 };
  g_autofree char *range = NULL;
  const MaRollup *rollup;
  const double width = MA_PAGE_WIDTH - 2 * MARGIN;
  guint per_page, n_rows;
  double y;

  g_return_val_if_fail (path != NULL && comparison != NULL, FALSE);

  rollup = comparison->rollup;
  range = g_strcmp0 (rollup->period_from, rollup->period_to) == 0
          ? g_strdup (rollup->period_from)
          : g_strdup_printf ("%s – %s", rollup->period_from, rollup->period_to);
  if (!pdf_open (&pdf, path, error))
    return FALSE;

  write_ranking (&pdf, comparison, title, range);

  /* The heatmap, as many rows a page as fit. */
  n_rows = rollup->rows->len;
  per_page = (guint) MAX (1.0, (MA_PAGE_HEIGHT - 2 * MARGIN - 60 - ma_heatmap_get_natural_height (comparison, 0, 0)) / 24.0);
  for (guint first = 0; first < n_rows && rollup->section_keys->len > 0; first += per_page)
    {
      y = page_title (&pdf, _("Scores by section"), range);
      cairo_save (pdf.cr);
      cairo_translate (pdf.cr, MARGIN, y);
      ma_heatmap_draw (pdf.cr, pdf.pango, comparison, first, per_page, width,
                       MA_PAGE_HEIGHT - MARGIN - y, &black);
      cairo_restore (pdf.cr);
      cairo_show_page (pdf.cr);
    }

  y = page_title (&pdf, _("Monthly trend"), range);
  cairo_save (pdf.cr);
  cairo_translate (pdf.cr, MARGIN, y);
  ma_trend_chart_draw (pdf.cr, pdf.pango, comparison, trend_keys, width, 360, &black);
  cairo_restore (pdf.cr);
  cairo_show_page (pdf.cr);

  write_failures (&pdf, comparison, range);

  return pdf_close (&pdf, path, TRUE, error);
}

/* ---- printing ------------------------------------------------------------ */

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              GPtrArray         *documents)
{
  PangoContext *pango;

  if (page < 0 || (guint) page >= documents->len)
    return;
  pango = gtk_print_context_create_pango_context (context);
  ma_statement_render_page (gtk_print_context_get_cairo_context (context), pango,
                            g_ptr_array_index (documents, page),
                            gtk_print_context_get_width (context),
                            gtk_print_context_get_height (context));
  g_object_unref (pango);
}

static void
unref_documents (gpointer  data,
                 GClosure *closure)
{
  g_ptr_array_unref (data);
}

void
ma_statement_print (GtkWindow *parent,
                    GPtrArray *documents)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;

  g_return_if_fail (documents != NULL);

  if (documents->len == 0)
    return;
  operation = gtk_print_operation_new ();
  gtk_print_operation_set_n_pages (operation, (int) documents->len);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_job_name (operation, _("Bonus statements"));
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (draw_page_cb),
                         g_ptr_array_ref (documents), unref_documents, 0);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      GtkWidget *dialog = adw_message_dialog_new (parent, _("Cannot Print"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}
