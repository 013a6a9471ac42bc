/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ma-heatmap.h"
#include "ma-statement.h"

#define ROW_HEIGHT 24.0
#define HEADER_HEIGHT 120.0
#define LABEL_WIDTH_MAX 240.0
#define CELL_WIDTH_MIN 34.0

struct _MaHeatmap
{
  GtkDrawingArea      parent_instance;

  const MaComparison *comparison;
};

G_DEFINE_FINAL_TYPE (MaHeatmap, ma_heatmap, GTK_TYPE_DRAWING_AREA)

enum {
  SIGNAL_CELL_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
ma_heatmap_score_color (double   score,
                        GdkRGBA *color)
{
  /* Three stops of the GNOME palette; mid-tones, so both the light and the
   * dark background frame them and dark text stays readable on them. */
  static const GdkRGBA stops[] = {
    { 0.965, 0.380, 0.318, 1 },   /* red 2 */
    { 0.973, 0.894, 0.361, 1 },   /* yellow 2 */
    { 0.341, 0.890, 0.537, 1 },   /* green 2 */
  };
  double t;
  guint i;

  if (!isfinite (score))
    {
      *color = (GdkRGBA) { 0.5, 0.5, 0.5, 0.15 };
      return;
    }
  /* Scores below half are all equally bad; the scale spends its colours
   * where branches actually differ. */
  t = CLAMP ((score - 0.5) / 0.5, 0.0, 1.0) * 2.0;
  i = t >= 1.0 ? 1 : 0;
  t -= i;
  color->red = stops[i].red + (stops[i + 1].red - stops[i].red) * t;
  color->green = stops[i].green + (stops[i + 1].green - stops[i].green) * t;
  color->blue = stops[i].blue + (stops[i + 1].blue - stops[i].blue) * t;
  color->alpha = 1;
}

static double
label_width (double width)
{
  return MIN (LABEL_WIDTH_MAX, width * 0.3);
}

int
ma_heatmap_get_natural_height (const MaComparison *comparison,
                               guint               first_row,
                               guint               n_rows)
{
  guint rows;

  if (comparison == NULL)
    return (int) HEADER_HEIGHT;
  rows = first_row < comparison->rollup->rows->len
         ? MIN (n_rows, comparison->rollup->rows->len - first_row) : 0;
  return (int) (HEADER_HEIGHT + rows * ROW_HEIGHT + 4);
}

static void
show_text (cairo_t      *cr,
           PangoLayout  *layout,
           const char   *text,
           double        x,
           double        y,
           double        max_width,
           gboolean      center)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, center ? x + (max_width - w) / 2 : x, y - h / 2.0);
  pango_cairo_show_layout (cr, layout);
}

void
ma_heatmap_draw (cairo_t            *cr,
                 PangoContext       *pango,
                 const MaComparison *comparison,
                 guint               first_row,
                 guint               n_rows,
                 double              width,
                 double              height,
                 const GdkRGBA      *foreground)
{
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(PangoFontDescription) font = NULL;
  const MaRollup *rollup;
  double label_w, cell_w;
  guint n_cols, last;

  g_return_if_fail (cr != NULL && pango != NULL && foreground != NULL);

  if (comparison == NULL)
    return;
  rollup = comparison->rollup;
  n_cols = rollup->section_keys->len;
  last = MIN (rollup->rows->len, first_row + n_rows);
  if (n_cols == 0 || first_row >= last)
    return;

  layout = pango_layout_new (pango);
  font = pango_font_description_copy (pango_context_get_font_description (pango));
  pango_font_description_set_size (font, (int) (9 * PANGO_SCALE));
  pango_layout_set_font_description (layout, font);

  label_w = label_width (width);
  cell_w = MAX (CELL_WIDTH_MIN, (width - label_w) / n_cols);

  /* Section titles, turned to fit narrow columns. */
  gdk_cairo_set_source_rgba (cr, foreground);
  for (guint c = 0; c < n_cols; c++)
    {
      cairo_save (cr);
      cairo_translate (cr, label_w + c * cell_w + cell_w / 2, HEADER_HEIGHT - 6);
      cairo_rotate (cr, -G_PI / 3);
      show_text (cr, layout, g_ptr_array_index (comparison->section_titles, c), 0, 0,
                 HEADER_HEIGHT * 1.1, FALSE);
      cairo_restore (cr);
    }

  for (guint r = first_row; r < last; r++)
    {
      const MaRollupRow *row = g_ptr_array_index (rollup->rows, r);
      double y = HEADER_HEIGHT + (r - first_row) * ROW_HEIGHT;
      g_autofree char *label = NULL;

      if (y > height)
        break;
      label = row->low_confidence ? g_strdup_printf ("%s *", row->name) : g_strdup (row->name);
      gdk_cairo_set_source_rgba (cr, foreground);
      show_text (cr, layout, label, 4, y + ROW_HEIGHT / 2, label_w - 8, FALSE);

      for (guint c = 0; c < n_cols; c++)
        {
          const MaRollupPart *part = ma_rollup_row_find_section (row, g_ptr_array_index (rollup->section_keys, c));
          double score = part != NULL ? part->mean : NAN;
          double x = label_w + c * cell_w;
          GdkRGBA color;

          ma_heatmap_score_color (score, &color);
          gdk_cairo_set_source_rgba (cr, &color);
          cairo_rectangle (cr, x + 1, y + 1, cell_w - 2, ROW_HEIGHT - 2);
          cairo_fill (cr);

          if (isfinite (score))
            {
              g_autofree char *text = g_strdup_printf ("%.0f", round (score * 100));

              /* Every cell colour is light enough for dark text. */
              cairo_set_source_rgba (cr, 0, 0, 0, 0.87);
              show_text (cr, layout, text, x, y + ROW_HEIGHT / 2, cell_w, TRUE);
            }
          else
            {
              gdk_cairo_set_source_rgba (cr, foreground);
              show_text (cr, layout, "–", x, y + ROW_HEIGHT / 2, cell_w, TRUE);
            }
        }
    }
}

char *
ma_heatmap_describe (const MaComparison *comparison)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const MaRollup *rollup;
  const MaRollupRow *best = NULL, *worst = NULL;
  double low = INFINITY, high = -INFINITY;
  const char *low_row = NULL, *low_section = NULL;

  if (comparison == NULL)
    return g_strdup (_("No data"));
  rollup = comparison->rollup;
  for (guint r = 0; r < rollup->rows->len; r++)
    {
      const MaRollupRow *row = g_ptr_array_index (rollup->rows, r);

      if (row->n == 0)
        continue;
      if (best == NULL)
        best = row;
      worst = row;
      for (guint c = 0; c < rollup->section_keys->len; c++)
        {
          const MaRollupPart *part = ma_rollup_row_find_section (row, g_ptr_array_index (rollup->section_keys, c));

          if (part != NULL && isfinite (part->mean) && part->mean < low)
            {
              low = part->mean;
              low_row = row->name;
              low_section = g_ptr_array_index (comparison->section_titles, c);
            }
          if (part != NULL && isfinite (part->mean))
            high = MAX (high, part->mean);
        }
    }

  g_string_append_printf (text,
                          /* TRANSLATORS: heatmap summary for screen readers */
                          _("Heatmap of %u rows by %u sections."),
                          rollup->rows->len, rollup->section_keys->len);
  if (low_row != NULL)
    {
      g_autofree char *low_text = ma_format_percent_locale (low);
      g_autofree char *high_text = ma_format_percent_locale (high);

      g_string_append_c (text, ' ');
      g_string_append_printf (text, _("Lowest cell: %s, %s, %s. Highest cell: %s."),
                              low_row, low_section, low_text, high_text);
    }
  if (best != NULL && worst != NULL)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text, _("Best overall: %s; lowest overall: %s."), best->name, worst->name);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  MaHeatmap *self = MA_HEATMAP (area);
  GdkRGBA foreground;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &foreground);
  if (self->comparison != NULL)
    ma_heatmap_draw (cr, gtk_widget_get_pango_context (GTK_WIDGET (self)), self->comparison,
                     0, self->comparison->rollup->rows->len, width, height, &foreground);
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            MaHeatmap       *self)
{
  const MaRollup *rollup;
  double label_w, cell_w;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  guint r;
  const char *section = NULL;

  if (self->comparison == NULL || y < HEADER_HEIGHT)
    return;
  rollup = self->comparison->rollup;
  r = (guint) ((y - HEADER_HEIGHT) / ROW_HEIGHT);
  if (r >= rollup->rows->len || rollup->section_keys->len == 0)
    return;
  label_w = label_width (width);
  cell_w = MAX (CELL_WIDTH_MIN, (width - label_w) / rollup->section_keys->len);
  if (x >= label_w)
    {
      guint c = (guint) ((x - label_w) / cell_w);

      if (c < rollup->section_keys->len)
        section = g_ptr_array_index (rollup->section_keys, c);
    }
  g_signal_emit (self, signals[SIGNAL_CELL_ACTIVATED], 0,
                 ((MaRollupRow *) g_ptr_array_index (rollup->rows, r))->key, section);
}

static void
ma_heatmap_class_init (MaHeatmapClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* A click on a cell or a row label: the row's key and the section's
   * (NULL for the label), to drill down to the audits. */
  signals[SIGNAL_CELL_ACTIVATED] =
    g_signal_new ("cell-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "heatmap");
}

static void
ma_heatmap_init (MaHeatmap *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw_cb, NULL, NULL);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Scores by section"),
                                  -1);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "pointer");
}

GtkWidget *
ma_heatmap_new (void)
{
  return g_object_new (MA_TYPE_HEATMAP, NULL);
}

void
ma_heatmap_set_comparison (MaHeatmap          *self,
                           const MaComparison *comparison)
{
  g_autofree char *description = NULL;

  g_return_if_fail (MA_IS_HEATMAP (self));

  self->comparison = comparison;
  description = ma_heatmap_describe (comparison);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self),
                                       ma_heatmap_get_natural_height (comparison, 0, G_MAXUINT));
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self),
                                      comparison != NULL
                                      ? (int) (160 + comparison->rollup->section_keys->len * CELL_WIDTH_MIN)
                                      : 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
