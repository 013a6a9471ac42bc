/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ma-model.h"

G_DEFINE_QUARK (ma-model-error-quark, ma_model_error)

char *
ma_path_member (const char *parent,
                const char *member)
{
  if (parent == NULL || *parent == '\0')
    return g_strdup (member);
  return g_strconcat (parent, ".", member, NULL);
}

char *
ma_path_index (const char *parent,
               guint       index)
{
  return g_strdup_printf ("%s[%u]", parent ? parent : "", index);
}

static gboolean
parse_period (const char *period,
              int        *year,
              int        *month)
{
  if (period == NULL || strlen (period) != 7 || period[4] != '-')
    return FALSE;
  for (int i = 0; i < 7; i++)
    if (i != 4 && !g_ascii_isdigit (period[i]))
      return FALSE;
  *year = atoi (period);
  *month = atoi (period + 5);
  return *year >= 1 && *month >= 1 && *month <= 12;
}

gboolean
ma_period_is_valid (const char *period)
{
  int year, month;

  return parse_period (period, &year, &month);
}

char *
ma_period_next (const char *period)
{
  int year, month;

  if (!parse_period (period, &year, &month) || (year == 9999 && month == 12))
    return NULL;
  if (++month > 12)
    {
      month = 1;
      year++;
    }
  return g_strdup_printf ("%04d-%02d", year, month);
}

char *
ma_period_previous (const char *period)
{
  int year, month;

  if (!parse_period (period, &year, &month) || (year == 1 && month == 1))
    return NULL;
  if (--month < 1)
    {
      month = 12;
      year--;
    }
  return g_strdup_printf ("%04d-%02d", year, month);
}

char *
ma_timestamp_local_date (const char *timestamp)
{
  g_autoptr(GDateTime) parsed = NULL;
  g_autoptr(GTimeZone) utc = NULL;
  gsize len;

  if (timestamp == NULL)
    return NULL;
  len = strlen (timestamp);
  /* An explicit offset or Z is required: a visit without its time zone
   * cannot be put in a month for sure. */
  if (len < 20 || timestamp[10] != 'T' ||
      !(timestamp[len - 1] == 'Z' || timestamp[len - 6] == '+' || timestamp[len - 6] == '-'))
    return NULL;

  utc = g_time_zone_new_utc ();
  parsed = g_date_time_new_from_iso8601 (timestamp, utc);
  if (parsed == NULL)
    return NULL;

  /* The date as written is the date in the recorded zone. */
  return g_strndup (timestamp, 10);
}
