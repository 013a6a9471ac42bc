/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ma-money.h"
#include "ma-pay-util.h"
#include "ma-sqlite-store.h"
#include "ma-statement.h"

char *
ma_pay_format_money (gint64      minor,
                     const char *currency)
{
  int digits = ma_currency_minor_digits (currency);

  /* %' groups thousands as the locale does. */
  return g_strdup_printf ("%'.*f %s", digits, ma_money_to_double (minor, currency),
                          currency != NULL ? currency : "");
}

char *
ma_pay_format_delta (gint64      minor,
                     const char *currency)
{
  int digits = ma_currency_minor_digits (currency);

  return g_strdup_printf ("%+'.*f", digits, ma_money_to_double (minor, currency));
}

char *
ma_pay_format_percent (double fraction)
{
  if (!isfinite (fraction))
    return g_strdup ("—");
  /* TRANSLATORS: a percentage, as in "92.5 %" */
  return g_strdup_printf (_("%.1f %%"), fraction * 100);
}

static int
compare_desc (gconstpointer a,
              gconstpointer b)
{
  return -g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

GStrv
ma_pay_list_periods (MaStore *store)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) periods = g_ptr_array_new ();
  g_autoptr(GPtrArray) kpis = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GHashTableIter iter;
  gpointer key;

  kpis = ma_store_list_kpis (store, NULL, NULL);
  for (guint i = 0; kpis != NULL && i < kpis->len; i++)
    g_hash_table_add (seen, g_strdup (((MaKpi *) g_ptr_array_index (kpis, i))->period));
  for (int i = 0; i < 12; i++)
    {
      g_autoptr(GDateTime) month = g_date_time_add_months (now, -i);

      g_hash_table_add (seen, g_date_time_format (month, "%Y-%m"));
    }
  g_hash_table_iter_init (&iter, seen);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (periods, g_strdup (key));
  g_ptr_array_sort (periods, compare_desc);
  g_ptr_array_add (periods, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&periods), FALSE);
}

char *
ma_pay_default_period (MaStore *store)
{
  g_autoptr(GPtrArray) kpis = ma_store_list_kpis (store, NULL, NULL);
  g_autoptr(GDateTime) now = NULL;

  /* The list is by period: its last figure is of the newest month. */
  if (kpis != NULL && kpis->len > 0)
    return g_strdup (((MaKpi *) g_ptr_array_index (kpis, kpis->len - 1))->period);
  now = g_date_time_new_now_local ();
  return g_date_time_format (now, "%Y-%m");
}

void
ma_pay_set_label (GtkWidget  *widget,
                  const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

void
ma_pay_label_dropdown (GtkDropDown *dropdown,
                       const char  *label)
{
  ma_pay_set_label (GTK_WIDGET (dropdown), label);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (dropdown));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child))
      ma_pay_set_label (child, label);
}

gboolean
ma_pay_store_has_file (MaStore *store)
{
  return MA_IS_SQLITE_STORE (store) && ma_sqlite_store_get_path (MA_SQLITE_STORE (store)) != NULL;
}

MaStore *
ma_pay_open_worker_store (MaStore  *store,
                          GError  **error)
{
  g_return_val_if_fail (ma_pay_store_has_file (store), NULL);

  return ma_sqlite_store_open (ma_sqlite_store_get_path (MA_SQLITE_STORE (store)),
                               MA_SQLITE_STORE_READ_ONLY, error);
}
