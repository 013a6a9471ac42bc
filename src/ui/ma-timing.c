/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>

#include "ma-timing.h"

#define PROBE_KEY "ma-timing-probe"

/* One awaited paint, owned by the widget's data: replacing it or
 * finalizing the widget disconnects it from the frame clock. */
typedef struct {
  GdkFrameClock   *clock;
  gulong           handler;
  char            *name;
  gint64           started;
  MaTimingPainted  then;
} Probe;

typedef struct {
  GtkWidget       *widget;
  MaTimingPainted  then;
} Then;

static void
probe_free (Probe *probe)
{
  g_clear_signal_handler (&probe->handler, probe->clock);
  g_clear_object (&probe->clock);
  g_free (probe->name);
  g_free (probe);
}

static void
then_free (Then *then)
{
  g_object_unref (then->widget);
  g_free (then);
}

static gboolean
then_cb (gpointer data)
{
  Then *then = data;

  then->then (then->widget);
  return G_SOURCE_REMOVE;
}

static void
painted_cb (GdkFrameClock *clock,
            gpointer       user_data)
{
  GtkWidget *widget = user_data;
  Probe *probe = g_object_get_data (G_OBJECT (widget), PROBE_KEY);

  if (probe == NULL)
    return;
  fprintf (stderr, "%s %.1f\n", probe->name, (g_get_monotonic_time () - probe->started) / 1000.0);
  /* Not from the paint itself: the next computation may start in @then. */
  if (probe->then != NULL)
    {
      Then *then = g_new0 (Then, 1);

      then->widget = g_object_ref (widget);
      then->then = probe->then;
      g_idle_add_full (G_PRIORITY_DEFAULT, then_cb, then, (GDestroyNotify) then_free);
    }
  g_object_set_data (G_OBJECT (widget), PROBE_KEY, NULL);
}

gboolean
ma_timing_is_enabled (void)
{
  return g_strcmp0 (g_getenv ("MA_TIMING"), "1") == 0;
}

/* Once the frame after this call has been painted, prints "@name MS", the
 * milliseconds since @started (g_get_monotonic_time()), then calls @then
 * from an idle. A later call for the same widget replaces one that has not
 * printed yet. */
static void
print_when_painted (GtkWidget       *widget,
                    const char      *name,
                    gint64           started,
                    MaTimingPainted  then)
{
  GdkFrameClock *clock;
  Probe *probe;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (name != NULL);

  clock = gtk_widget_get_frame_clock (widget);
  if (clock == NULL)
    return;
  probe = g_new0 (Probe, 1);
  probe->clock = g_object_ref (clock);
  probe->name = g_strdup (name);
  probe->started = started;
  probe->then = then;
  probe->handler = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), widget);
  g_object_set_data_full (G_OBJECT (widget), PROBE_KEY, probe, (GDestroyNotify) probe_free);
  gtk_widget_queue_draw (widget);
}

const char *
ma_timing_get_switch_target (void)
{
  return g_getenv ("MA_TIMING_SWITCH_TO");
}

void
ma_timing_exit_if_asked (void)
{
  if (g_strcmp0 (g_getenv ("MA_TIMING_EXIT"), "1") == 0)
    g_application_quit (g_application_get_default ());
}

static void
exit_painted (GtkWidget *widget)
{
  ma_timing_exit_if_asked ();
}

void
ma_timing_init (MaTiming *timing)
{
  timing->enabled = ma_timing_is_enabled ();
  timing->started = 0;
  timing->shown = 0;
}

void
ma_timing_start (MaTiming *timing)
{
  if (timing->enabled)
    timing->started = g_get_monotonic_time ();
}

void
ma_timing_result_shown (MaTiming        *timing,
                        GtkWidget       *widget,
                        const char      *first_name,
                        const char      *switch_name,
                        MaTimingPainted  switch_to)
{
  gboolean first;

  if (!timing->enabled || timing->started == 0 || !gtk_widget_get_mapped (widget))
    return;
  first = timing->shown++ == 0;
  print_when_painted (widget, first ? first_name : switch_name, timing->started,
                      first ? switch_to : exit_painted);
  timing->started = 0;
}
