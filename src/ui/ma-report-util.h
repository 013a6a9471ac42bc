/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-report-util.h: what the report views share: the months they offer,
 * a store connection of its own for a worker thread, and messages. */
#pragma once

#include <gtk/gtk.h>

#include "ma-statement.h"
#include "ma-store.h"

G_BEGIN_DECLS

/* How many months the period lists offer. */
#define MA_REPORT_N_MONTHS 24

/* The months offered, newest first: two years up to the newest audit or
 * this month, whichever is later (of char* "YYYY-MM"). @newest_approved
 * receives the newest month with an approved audit, or NULL. */
GPtrArray *ma_report_list_months (MaStore  *store,
                                  char    **newest_approved);
/* A string list of the month labels of @months. */
GListModel *ma_report_month_model (GPtrArray *months);
/* The index of @period in @months, or @fallback. */
guint      ma_report_find_month  (GPtrArray  *months,
                                  const char *period,
                                  guint       fallback);

/* The file of a sqlite store, NULL for other stores. */
const char *ma_report_database_path (MaStore *store);
/* A connection of its own for a worker thread: sqlite connections are not
 * shared between threads, and WAL lets readers run beside the window. */
MaStore    *ma_report_open_worker_store (const char  *path,
                                         gboolean     writable,
                                         GError     **error);

/* A toast on @widget's window when it is the main window. */
void        ma_report_show_message (GtkWidget  *widget,
                                    const char *text);

G_END_DECLS
