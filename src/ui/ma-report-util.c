/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ma-comparison.h"
#include "ma-report-util.h"
#include "ma-sqlite-store.h"
#include "ma-statement.h"
#include "ma-window.h"

static char *
newest_period (MaStore *store,
               guint    status_mask)
{
  MaAuditFilter filter = { 0 };
  g_autoptr(GPtrArray) audits = NULL;

  filter.status_mask = status_mask;
  filter.limit = 1;
  audits = ma_store_list_audits (store, &filter, NULL);
  if (audits == NULL || audits->len == 0)
    return NULL;
  return g_strdup (((MaAuditSummary *) g_ptr_array_index (audits, 0))->period);
}

GPtrArray *
ma_report_list_months (MaStore  *store,
                       char    **newest_approved)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *this_month = g_date_time_format (now, "%Y-%m");
  g_autofree char *newest = newest_period (store, 0);
  const char *last = newest != NULL && g_strcmp0 (newest, this_month) > 0 ? newest : this_month;
  GPtrArray *months = g_ptr_array_new_with_free_func (g_free);

  for (int i = 0; i < MA_REPORT_N_MONTHS; i++)
    g_ptr_array_add (months, ma_period_add_months (last, -i));
  if (newest_approved != NULL)
    *newest_approved = newest_period (store, 1u << MA_AUDIT_APPROVED);
  return months;
}

GListModel *
ma_report_month_model (GPtrArray *months)
{
  GtkStringList *labels = gtk_string_list_new (NULL);

  for (guint i = 0; i < months->len; i++)
    {
      g_autofree char *label = ma_format_period_locale (g_ptr_array_index (months, i));

      gtk_string_list_append (labels, label);
    }
  return G_LIST_MODEL (labels);
}

guint
ma_report_find_month (GPtrArray  *months,
                      const char *period,
                      guint       fallback)
{
  for (guint i = 0; months != NULL && i < months->len; i++)
    if (g_strcmp0 (g_ptr_array_index (months, i), period) == 0)
      return i;
  return fallback;
}

const char *
ma_report_database_path (MaStore *store)
{
  return MA_IS_SQLITE_STORE (store) ? ma_sqlite_store_get_path (MA_SQLITE_STORE (store)) : NULL;
}

MaStore *
ma_report_open_worker_store (const char  *path,
                             gboolean     writable,
                             GError     **error)
{
  return ma_sqlite_store_open (path, writable ? MA_SQLITE_STORE_FLAGS_NONE : MA_SQLITE_STORE_READ_ONLY,
                               error);
}

void
ma_report_show_message (GtkWidget  *widget,
                        const char *text)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (MA_IS_WINDOW (root))
    ma_window_add_toast (MA_WINDOW (root), text);
}
