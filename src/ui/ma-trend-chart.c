/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "ma-statement.h"
#include "ma-trend-chart.h"

#define MARGIN_LEFT 48.0
#define MARGIN_RIGHT 36.0
#define MARGIN_TOP 12.0
#define MARGIN_BOTTOM 28.0
#define LEGEND_ROW 20.0

struct _MaTrendChart
{
  GtkDrawingArea      parent_instance;

  const MaComparison *comparison;
  GStrv               keys;
  char               *description;
};

G_DEFINE_FINAL_TYPE (MaTrendChart, ma_trend_chart, GTK_TYPE_DRAWING_AREA)

void
ma_trend_chart_series_color (guint    index,
                             GdkRGBA *color)
{
  static const GdkRGBA palette[] = {
    { 0.208, 0.518, 0.894, 1 },   /* blue 3 */
    { 1.000, 0.471, 0.000, 1 },   /* orange 3 */
    { 0.569, 0.255, 0.675, 1 },   /* purple 3 */
    { 0.200, 0.820, 0.478, 1 },   /* green 3 */
    { 0.878, 0.106, 0.141, 1 },   /* red 3 */
    { 0.596, 0.416, 0.267, 1 },   /* brown 3 */
    { 0.898, 0.647, 0.039, 1 },   /* yellow 5 */
    { 0.129, 0.565, 0.643, 1 },   /* teal */
  };

  *color = palette[index % G_N_ELEMENTS (palette)];
}

static guint
count_keys (const char * const *keys)
{
  guint n = 0;

  while (keys != NULL && keys[n] != NULL && n < MA_TREND_CHART_MAX_SERIES)
    n++;
  return n;
}

/* The y range: whole tens of percent around the data, so small changes
 * are visible without pretending that 80 % is near zero. */
static void
value_range (const MaComparison *comparison,
             const char * const *keys,
             double             *low,
             double             *high)
{
  double lo = INFINITY, hi = -INFINITY;
  guint n_keys = count_keys (keys);

  for (guint k = 0; k <= n_keys; k++)
    {
      const MaTrendSeries *series = ma_comparison_find_trend (comparison, k < n_keys ? keys[k] : NULL);

      for (guint m = 0; series != NULL && m < comparison->months->len; m++)
        if (isfinite (series->scores[m]))
          {
            lo = MIN (lo, series->scores[m]);
            hi = MAX (hi, series->scores[m]);
          }
    }
  if (!isfinite (lo))
    {
      lo = 0;
      hi = 1;
    }
  *low = MAX (0.0, floor (lo * 10 - 0.5) / 10);
  *high = MIN (1.0, ceil (hi * 10 + 0.5) / 10);
  if (*high - *low < 0.2)
    *low = MAX (0.0, *high - 0.2);
}

static void
draw_series (cairo_t             *cr,
             const MaTrendSeries *series,
             guint                n_months,
             double               x0,
             double               step,
             double               y0,
             double               plot_h,
             double               low,
             double               high)
{
  gboolean pen_down = FALSE;

  for (guint m = 0; m < n_months; m++)
    {
      double x = x0 + m * step;
      double y;

      if (!isfinite (series->scores[m]))
        {
          /* A month without audits breaks the line rather than inventing
           * a value. */
          pen_down = FALSE;
          continue;
        }
      y = y0 + plot_h - (series->scores[m] - low) / (high - low) * plot_h;
      if (pen_down)
        cairo_line_to (cr, x, y);
      else
        cairo_move_to (cr, x, y);
      pen_down = TRUE;
    }
  cairo_stroke (cr);

  for (guint m = 0; m < n_months; m++)
    if (isfinite (series->scores[m]))
      {
        double y = y0 + plot_h - (series->scores[m] - low) / (high - low) * plot_h;

        cairo_arc (cr, x0 + m * step, y, 3, 0, 2 * G_PI);
        cairo_fill (cr);
      }
}

/* The index of the shown series that training mark @mark belongs to, or
 * -1 when the chart does not show its group. */
static int
mark_series (const MaComparison   *comparison,
             const char * const   *keys,
             guint                 n_keys,
             const MaTrainingMark *mark)
{
  const char *group = ma_comparison_mark_group (comparison, mark);

  for (guint k = 0; k < n_keys; k++)
    if (g_strcmp0 (keys[k], group) == 0)
      return (int) k;
  return -1;
}

/* Where a day falls on the month axis, in months from the first: a month's
 * point stands for the whole month, so its first day is half a step before
 * the point and its last day half a step after. NAN outside the months. */
static double
mark_position (const MaComparison *comparison,
               const char         *date)
{
  guint year, month, day;
  char period[8];

  if (date == NULL || sscanf (date, "%4u-%2u-%2u", &year, &month, &day) != 3
      || month < 1 || month > 12 || day < 1 || day > 31)
    return NAN;
  g_snprintf (period, sizeof period, "%04u-%02u", year, month);
  for (guint m = 0; m < comparison->months->len; m++)
    if (g_str_equal (g_ptr_array_index (comparison->months, m), period))
      {
        guint8 days = g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year);

        return m - 0.5 + (MIN (day, days) - 0.5) / days;
      }
  return NAN;
}

static guint
count_shown_marks (const MaComparison *comparison,
                   const char * const *keys,
                   guint               n_keys)
{
  guint n = 0;

  for (guint i = 0; comparison->training_marks != NULL && i < comparison->training_marks->len; i++)
    {
      const MaTrainingMark *mark = g_ptr_array_index (comparison->training_marks, i);

      if (mark_series (comparison, keys, n_keys, mark) >= 0 && isfinite (mark_position (comparison, mark->date)))
        n++;
    }
  return n;
}

/* A training as a dotted line across the plot in its series' colour, with
 * a small flag on top: a line of another colour would read as data. */
static void
draw_marks (cairo_t            *cr,
            const MaComparison *comparison,
            const char * const *keys,
            guint               n_keys,
            double              x0,
            double              step,
            double              y0,
            double              plot_w,
            double              plot_h)
{
  double dots[] = { 2, 3 };

  for (guint i = 0; comparison->training_marks != NULL && i < comparison->training_marks->len; i++)
    {
      const MaTrainingMark *mark = g_ptr_array_index (comparison->training_marks, i);
      int k = mark_series (comparison, keys, n_keys, mark);
      double at = mark_position (comparison, mark->date);
      GdkRGBA color;
      double x;

      if (k < 0 || !isfinite (at))
        continue;
      /* One month alone has no step: its day spreads over the plot. */
      x = step > 0 ? x0 + at * step : x0 + (at) * plot_w;
      x = CLAMP (x, MARGIN_LEFT, MARGIN_LEFT + plot_w);
      ma_trend_chart_series_color ((guint) k, &color);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, dots, G_N_ELEMENTS (dots), 0);
      cairo_move_to (cr, x, y0 + 8);
      cairo_line_to (cr, x, y0 + plot_h);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_move_to (cr, x, y0 + 8);
      cairo_line_to (cr, x - 5, y0);
      cairo_line_to (cr, x + 5, y0);
      cairo_close_path (cr);
      cairo_fill (cr);
    }
}

void
ma_trend_chart_draw (cairo_t            *cr,
                     PangoContext       *pango,
                     const MaComparison *comparison,
                     const char * const *keys,
                     double              width,
                     double              height,
                     const GdkRGBA      *foreground)
{
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(PangoFontDescription) font = NULL;
  guint n_keys = count_keys (keys);
  guint n_months, legend_rows, n_marks;
  double low, high, plot_w, plot_h, step, x0, y0;
  double dashes[] = { 6, 4 };

  g_return_if_fail (cr != NULL && pango != NULL && foreground != NULL);

  if (comparison == NULL || comparison->months->len == 0)
    return;
  n_months = comparison->months->len;

  layout = pango_layout_new (pango);
  font = pango_font_description_copy (pango_context_get_font_description (pango));
  pango_font_description_set_size (font, (int) (9 * PANGO_SCALE));
  pango_layout_set_font_description (layout, font);

  n_marks = count_shown_marks (comparison, keys, n_keys);
  /* The legend: the series, the chain, and "Training" when a mark shows. */
  legend_rows = (n_keys + 1 + (n_marks > 0) + 2) / 3;
  x0 = MARGIN_LEFT;
  y0 = MARGIN_TOP;
  plot_w = MAX (10.0, width - MARGIN_LEFT - MARGIN_RIGHT);
  plot_h = MAX (10.0, height - MARGIN_TOP - MARGIN_BOTTOM - legend_rows * LEGEND_ROW);
  step = n_months > 1 ? plot_w / (n_months - 1) : 0;
  if (n_months == 1)
    x0 += plot_w / 2;
  value_range (comparison, keys, &low, &high);

  /* Grid and axis labels in the text colour, faded. */
  cairo_set_line_width (cr, 1);
  for (double v = low; v <= high + 1e-9; v += 0.1)
    {
      double y = y0 + plot_h - (v - low) / (high - low) * plot_h;
      g_autofree char *label = g_strdup_printf ("%.0f %%", v * 100);
      int w, h;

      cairo_set_source_rgba (cr, foreground->red, foreground->green, foreground->blue, 0.15);
      cairo_move_to (cr, MARGIN_LEFT, y);
      cairo_line_to (cr, MARGIN_LEFT + plot_w, y);
      cairo_stroke (cr);
      cairo_set_source_rgba (cr, foreground->red, foreground->green, foreground->blue, 0.7);
      pango_layout_set_text (layout, label, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      cairo_move_to (cr, MARGIN_LEFT - 6 - w, y - h / 2.0);
      pango_cairo_show_layout (cr, layout);
    }
  for (guint m = 0; m < n_months; m++)
    {
      const char *month = g_ptr_array_index (comparison->months, m);
      int w, h;

      /* Every label when they fit, else every other one. */
      if (n_months > 8 && plot_w / n_months < 48 && m % 2 != (n_months - 1) % 2)
        continue;
      pango_layout_set_text (layout, month, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      /* Centred under its point, but never past the edges. */
      cairo_move_to (cr, CLAMP (x0 + m * step - w / 2.0, 0, width - w), y0 + plot_h + 6);
      pango_cairo_show_layout (cr, layout);
    }

  /* Under the lines, so a mark never hides a score. */
  draw_marks (cr, comparison, keys, n_keys, x0, step, y0, plot_w, plot_h);

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint k = 0; k < n_keys; k++)
    {
      const MaTrendSeries *series = ma_comparison_find_trend (comparison, keys[k]);
      GdkRGBA color;

      if (series == NULL)
        continue;
      ma_trend_chart_series_color (k, &color);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_set_line_width (cr, 2);
      draw_series (cr, series, n_months, x0, step, y0, plot_h, low, high);
    }
  /* The chain's average last, on top, in the text colour and dashed, so it
   * reads as the reference line in any style and in black and white. */
  gdk_cairo_set_source_rgba (cr, foreground);
  cairo_set_line_width (cr, 3);
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
  draw_series (cr, comparison->chain_trend, n_months, x0, step, y0, plot_h, low, high);
  cairo_set_dash (cr, NULL, 0, 0);

  /* The legend, three entries a row. */
  for (guint k = 0; k <= n_keys; k++)
    {
      const MaTrendSeries *series = k < n_keys ? ma_comparison_find_trend (comparison, keys[k])
                                               : comparison->chain_trend;
      double lx = MARGIN_LEFT + (k % 3) * (plot_w / 3);
      double ly = y0 + plot_h + MARGIN_BOTTOM + (k / 3) * LEGEND_ROW + LEGEND_ROW / 2;
      int w, h;

      if (series == NULL)
        continue;
      if (k < n_keys)
        {
          GdkRGBA color;

          ma_trend_chart_series_color (k, &color);
          gdk_cairo_set_source_rgba (cr, &color);
          cairo_set_line_width (cr, 2);
        }
      else
        {
          gdk_cairo_set_source_rgba (cr, foreground);
          cairo_set_line_width (cr, 3);
          cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
        }
      cairo_move_to (cr, lx, ly);
      cairo_line_to (cr, lx + 24, ly);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      gdk_cairo_set_source_rgba (cr, foreground);
      pango_layout_set_text (layout, series->name, -1);
      pango_layout_set_width (layout, (int) ((plot_w / 3 - 36) * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (layout, &w, &h);
      cairo_move_to (cr, lx + 30, ly - h / 2.0);
      pango_cairo_show_layout (cr, layout);
      pango_layout_set_width (layout, -1);
    }
  if (n_marks > 0)
    {
      guint k = n_keys + 1;
      double lx = MARGIN_LEFT + (k % 3) * (plot_w / 3);
      double ly = y0 + plot_h + MARGIN_BOTTOM + (k / 3) * LEGEND_ROW + LEGEND_ROW / 2;
      int w, h;

      gdk_cairo_set_source_rgba (cr, foreground);
      cairo_move_to (cr, lx + 12, ly + 4);
      cairo_line_to (cr, lx + 7, ly - 4);
      cairo_line_to (cr, lx + 17, ly - 4);
      cairo_close_path (cr);
      cairo_fill (cr);
      pango_layout_set_text (layout, _("Training"), -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      cairo_move_to (cr, lx + 30, ly - h / 2.0);
      pango_cairo_show_layout (cr, layout);
    }
}

static void
describe_series (GString             *text,
                 const MaComparison  *comparison,
                 const MaTrendSeries *series)
{
  gboolean any = FALSE;

  g_string_append_printf (text, " %s:", series->name);
  for (guint m = 0; m < comparison->months->len; m++)
    {
      g_autofree char *percent = ma_format_percent_locale (series->scores[m]);

      if (percent == NULL)
        continue;
      g_string_append_printf (text, "%s %s %s", any ? "," : "",
                              (const char *) g_ptr_array_index (comparison->months, m), percent);
      any = TRUE;
    }
  if (!any)
    g_string_append_printf (text, " %s", _("no audits"));
  g_string_append_c (text, '.');
}

char *
ma_trend_chart_describe (const MaComparison *comparison,
                         const char * const *keys)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_keys = count_keys (keys);

  if (comparison == NULL)
    return g_strdup (_("No data"));
  g_string_append_printf (text, _("Monthly scores from %s to %s."),
                          (const char *) g_ptr_array_index (comparison->months, 0),
                          (const char *) g_ptr_array_index (comparison->months, comparison->months->len - 1));
  for (guint k = 0; k < n_keys; k++)
    {
      const MaTrendSeries *series = ma_comparison_find_trend (comparison, keys[k]);

      if (series != NULL)
        describe_series (text, comparison, series);
    }
  describe_series (text, comparison, comparison->chain_trend);
  for (guint i = 0; comparison->training_marks != NULL && i < comparison->training_marks->len; i++)
    {
      const MaTrainingMark *mark = g_ptr_array_index (comparison->training_marks, i);
      g_autofree char *date = NULL;
      const char *who;

      if (mark_series (comparison, keys, n_keys, mark) < 0 || !isfinite (mark_position (comparison, mark->date)))
        continue;
      date = ma_format_date_locale (mark->date);
      who = mark->employee != NULL ? mark->employee : mark->branch;
      g_string_append_c (text, ' ');
      if (mark->note != NULL)
        /* TRANSLATORS: in the trend chart's description: date, branch or
         * employee code, the note of the training */
        g_string_append_printf (text, _("Training on %s, %s: %s."), date, who, mark->note);
      else
        /* TRANSLATORS: in the trend chart's description: date, branch or employee code */
        g_string_append_printf (text, _("Training on %s, %s."), date, who);
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
  MaTrendChart *self = MA_TREND_CHART (area);
  GdkRGBA foreground;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &foreground);
  ma_trend_chart_draw (cr, gtk_widget_get_pango_context (GTK_WIDGET (self)), self->comparison,
                       (const char * const *) self->keys, width, height, &foreground);
}

static void
ma_trend_chart_finalize (GObject *object)
{
  MaTrendChart *self = MA_TREND_CHART (object);

  g_strfreev (self->keys);
  g_free (self->description);

  G_OBJECT_CLASS (ma_trend_chart_parent_class)->finalize (object);
}

static void
ma_trend_chart_class_init (MaTrendChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ma_trend_chart_finalize;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "trendchart");
}

static void
ma_trend_chart_init (MaTrendChart *self)
{
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw_cb, NULL, NULL);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), 280);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Monthly trend"),
                                  -1);
}

GtkWidget *
ma_trend_chart_new (void)
{
  return g_object_new (MA_TYPE_TREND_CHART, NULL);
}

void
ma_trend_chart_set_comparison (MaTrendChart       *self,
                               const MaComparison *comparison,
                               const char * const *keys)
{
  g_return_if_fail (MA_IS_TREND_CHART (self));

  self->comparison = comparison;
  g_strfreev (self->keys);
  self->keys = g_strdupv ((char **) keys);
  g_free (self->description);
  self->description = ma_trend_chart_describe (comparison, keys);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description,
                                  -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
ma_trend_chart_get_description (MaTrendChart *self)
{
  g_return_val_if_fail (MA_IS_TREND_CHART (self), NULL);
  return self->description;
}
