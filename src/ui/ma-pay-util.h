/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-pay-util.h: what the people, KPI and scheme views share: amounts and
 * months shown in the user's locale, accessible names of drop-downs, and a
 * store connection of their own for work on a worker thread. */
#pragma once

#include <gtk/gtk.h>

#include "ma-statement.h"
#include "ma-store.h"

G_BEGIN_DECLS

/* "60 000,00 RUB" in the user's locale. */
char      *ma_pay_format_money   (gint64 minor, const char *currency);
/* "+1 200,00" with a sign, no currency. */
char      *ma_pay_format_delta   (gint64 minor, const char *currency);
/* "92.5 %" of a fraction, "—" when not a number. */
char      *ma_pay_format_percent (double fraction);

/* The months worth offering: those with KPI figures, and the current
 * month and the eleven before it; newest first ("YYYY-MM"). */
GStrv      ma_pay_list_periods   (MaStore *store);
/* The newest month with KPI figures, else the current month. */
char      *ma_pay_default_period (MaStore *store);

/* Names a drop-down and its inner button (the one that takes the focus in
 * GTK 4.8), so that a screen reader says what it chooses. */
void       ma_pay_label_dropdown (GtkDropDown *dropdown,
                                  const char  *label);
void       ma_pay_set_label      (GtkWidget   *widget,
                                  const char  *label);

/* A read-only connection to the database of @store for a worker thread,
 * or NULL when @store is not a file (the work then runs in the caller). */
MaStore   *ma_pay_open_worker_store (MaStore  *store,
                                     GError  **error);
gboolean   ma_pay_store_has_file (MaStore *store);

G_END_DECLS
