/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-timing.h: the window's own timing log. With MA_TIMING=1 the window
 * prints on stderr how long what a person waits for took, one "NAME MS"
 * a line; build-aux/bench reads it under Xvfb. MA_TIMING_SWITCH_TO=YYYY-MM
 * makes a report choose that month once its first result is drawn, and
 * MA_TIMING_EXIT=1 quits once that second result is drawn. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef void (*MaTimingPainted) (GtkWidget *widget);

/* A view's timing of its results: a member of the view, zeroed with it. */
typedef struct {
  gboolean enabled;   /* MA_TIMING=1 */
  gint64   started;   /* when the awaited computation started; 0 when none */
  guint    shown;     /* results timed so far */
} MaTiming;

void        ma_timing_init                  (MaTiming        *timing);
/* A computation whose result a person waits for starts now. */
void        ma_timing_start                 (MaTiming        *timing);
/* The result of the computation started last is in @widget: prints
 * "@first_name MS" for the first result once painted and calls @switch_to
 * (which chooses MA_TIMING_SWITCH_TO as a person would); for the next,
 * prints "@switch_name MS" and quits when MA_TIMING_EXIT=1. A result that
 * arrives while @widget is hidden is not timed. */
void        ma_timing_result_shown          (MaTiming        *timing,
                                             GtkWidget       *widget,
                                             const char      *first_name,
                                             const char      *switch_name,
                                             MaTimingPainted  switch_to);

gboolean    ma_timing_is_enabled            (void);
/* The month MA_TIMING_SWITCH_TO asks for, or NULL. */
const char *ma_timing_get_switch_target     (void);
/* Quits the application when MA_TIMING_EXIT=1: what was measured is done. */
void        ma_timing_exit_if_asked         (void);

G_END_DECLS
