/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ma-csv-read.h"
#include "ma-keys.h"

G_DEFINE_QUARK (ma-csv-error-quark, ma_csv_error)

static void
csv_record_free (MaCsvRecord *self)
{
  if (self == NULL)
    return;
  g_strfreev (self->fields);
  g_free (self);
}

void
ma_csv_table_free (MaCsvTable *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_free (self);
}

/* The 1-based line of byte @offset. */
static guint
line_of (const char *data,
         gsize       offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    if (data[i] == '\n' || (data[i] == '\r' && (i + 1 >= offset || data[i + 1] != '\n')))
      line++;
  return line;
}

static char
guess_delimiter (const char *data,
                 gsize       length)
{
  static const char candidates[] = { '\t', ';', ',' };
  guint counts[G_N_ELEMENTS (candidates)] = { 0 };
  gboolean quoted = FALSE;
  gboolean seen_text = FALSE;
  guint best = G_N_ELEMENTS (candidates) - 1;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '"')
        quoted = !quoted;
      else if (!quoted && (c == '\n' || c == '\r'))
        {
          if (seen_text)
            break;
          continue;
        }
      else if (!quoted)
        for (guint j = 0; j < G_N_ELEMENTS (candidates); j++)
          if (c == candidates[j])
            counts[j]++;
      if (!g_ascii_isspace (c))
        seen_text = TRUE;
    }
  /* Ties go to the earlier candidate: a tab or a semicolon is rarer in
   * text than a comma, so the one that does occur is the delimiter. */
  for (guint j = 0; j < G_N_ELEMENTS (candidates); j++)
    if (counts[j] > counts[best] || (counts[j] == counts[best] && counts[j] > 0 && j < best))
      best = j;
  return candidates[best];
}

/* Skips a line end at *@pos, if any; TRUE when there was one. */
static gboolean
skip_line_end (const char *data,
               gsize       length,
               gsize      *pos)
{
  if (*pos < length && data[*pos] == '\r')
    {
      (*pos)++;
      if (*pos < length && data[*pos] == '\n')
        (*pos)++;
      return TRUE;
    }
  if (*pos < length && data[*pos] == '\n')
    {
      (*pos)++;
      return TRUE;
    }
  return FALSE;
}

MaCsvTable *
ma_csv_read (const char  *data,
             gssize       length,
             char         delimiter,
             GError     **error)
{
  g_autoptr(MaCsvTable) table = NULL;
  const char *invalid = NULL;
  gsize len;
  gsize pos = 0;
  guint line = 1;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (delimiter == 0 || delimiter == ',' || delimiter == ';' || delimiter == '\t',
                        NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  len = length < 0 ? strlen (data) : (gsize) length;
  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      len -= 3;
    }

  if (memchr (data, '\0', len) != NULL)
    {
      const char *nul = memchr (data, '\0', len);

      g_set_error (error, MA_CSV_ERROR, MA_CSV_ERROR_ENCODING,
                   _("Line %u: the file holds a NUL byte; it is not a text file"),
                   line_of (data, nul - data));
      return NULL;
    }
  if (!g_utf8_validate_len (data, len, &invalid))
    {
      g_set_error (error, MA_CSV_ERROR, MA_CSV_ERROR_ENCODING,
                   _("Line %u: the text is not UTF-8; save the file as “CSV UTF-8” and open it again"),
                   line_of (data, invalid - data));
      return NULL;
    }

  table = g_new0 (MaCsvTable, 1);
  table->records = g_ptr_array_new_with_free_func ((GDestroyNotify) csv_record_free);
  table->delimiter = delimiter != 0 ? delimiter : guess_delimiter (data, len);

  while (pos < len)
    {
      g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
      guint record_line = line;
      gboolean any_quoted = FALSE;
      gboolean record_done = FALSE;

      while (!record_done)
        {
          g_autoptr(GString) field = g_string_new (NULL);

          if (pos < len && data[pos] == '"')
            {
              guint field_line = line;
              gboolean closed = FALSE;

              any_quoted = TRUE;
              pos++;
              while (pos < len)
                {
                  char c = data[pos];

                  if (c == '"')
                    {
                      if (pos + 1 < len && data[pos + 1] == '"')
                        {
                          g_string_append_c (field, '"');
                          pos += 2;
                          continue;
                        }
                      pos++;
                      closed = TRUE;
                      break;
                    }
                  if (c == '\r' || c == '\n')
                    {
                      /* A line break inside a field is kept as "\n". */
                      skip_line_end (data, len, &pos);
                      g_string_append_c (field, '\n');
                      line++;
                      continue;
                    }
                  g_string_append_c (field, c);
                  pos++;
                }
              if (!closed)
                {
                  g_set_error (error, MA_CSV_ERROR, MA_CSV_ERROR_QUOTE,
                               _("Line %u: the quoted field %u is never closed"),
                               field_line, fields->len + 1);
                  return NULL;
                }
              if (pos < len && data[pos] != table->delimiter && data[pos] != '\r'
                  && data[pos] != '\n')
                {
                  g_set_error (error, MA_CSV_ERROR, MA_CSV_ERROR_QUOTE,
                               _("Line %u: field %u has text after its closing quote; "
                                 "a quote inside a quoted field is written twice (\"\")"),
                               line, fields->len + 1);
                  return NULL;
                }
            }
          else
            {
              /* A quote inside an unquoted field is not RFC 4180, but
               * spreadsheets read it as a quote, and so do we. */
              while (pos < len && data[pos] != table->delimiter && data[pos] != '\r'
                     && data[pos] != '\n')
                g_string_append_c (field, data[pos++]);
            }

          if (fields->len >= MA_CSV_MAX_FIELDS)
            {
              g_set_error (error, MA_CSV_ERROR, MA_CSV_ERROR_TOO_LARGE,
                           _("Line %u: more than %u fields"), record_line, MA_CSV_MAX_FIELDS);
              return NULL;
            }
          g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));

          if (pos < len && data[pos] == table->delimiter)
            pos++;
          else
            {
              if (skip_line_end (data, len, &pos))
                line++;
              record_done = TRUE;
            }
        }

      if (fields->len == 1 && !any_quoted && *(char *) g_ptr_array_index (fields, 0) == '\0')
        continue;  /* a blank line */

      if (table->records->len >= MA_CSV_MAX_RECORDS)
        {
          g_set_error (error, MA_CSV_ERROR, MA_CSV_ERROR_TOO_LARGE,
                       _("Line %u: more than %u records; split the file"), record_line,
                       MA_CSV_MAX_RECORDS);
          return NULL;
        }
      {
        MaCsvRecord *record = g_new0 (MaCsvRecord, 1);

        record->line = record_line;
        record->n_fields = fields->len;
        g_ptr_array_add (fields, NULL);
        record->fields = (char **) g_ptr_array_free (g_steal_pointer (&fields), FALSE);
        g_ptr_array_add (table->records, record);
      }
    }

  if (table->records->len == 0)
    {
      g_set_error_literal (error, MA_CSV_ERROR, MA_CSV_ERROR_EMPTY, _("The file holds no lines"));
      return NULL;
    }
  return g_steal_pointer (&table);
}

/* ---- Values ----------------------------------------------------------- */

static gboolean set_message (char       **message,
                             const char  *format,
                             ...) G_GNUC_PRINTF (2, 3);

static gboolean
set_message (char       **message,
             const char  *format,
             ...)
{
  va_list args;

  if (message != NULL)
    {
      va_start (args, format);
      *message = g_strdup_vprintf (format, args);
      va_end (args);
    }
  return FALSE;
}

static gboolean
not_a_number (char       **message,
              const char  *text)
{
  g_autofree char *quoted = ma_quote_value (text);

  return set_message (message, _("%s is not a number"), quoted);
}

gboolean
ma_csv_parse_number (const char  *text,
                     double      *out,
                     char       **message)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  guint commas = 0, dots = 0;
  char decimal = 0;
  const char *p;
  char *end = NULL;
  double value;
  gboolean digits = FALSE;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Thousands groups: spaces of any width and apostrophes (Swiss). */
      if (g_unichar_isspace (c) || c == 0x00A0 || c == 0x202F || c == 0x2009 || c == '\'')
        continue;
      if (c == 0x2212)  /* the minus sign some locales write */
        c = '-';
      if (c > 0x7f)
        return not_a_number (message, text);
      g_string_append_c (clean, (char) c);
      if (c == ',')
        commas++;
      else if (c == '.')
        dots++;
      else if (g_ascii_isdigit (c))
        digits = TRUE;
    }
  if (clean->len == 0)
    {
      g_autofree char *quoted = ma_quote_value (text);

      return set_message (message, _("%s: a number is required"), quoted);
    }
  if (!digits)
    return not_a_number (message, text);

  if (commas > 0 && dots > 0)
    decimal = strrchr (clean->str, ',') > strrchr (clean->str, '.') ? ',' : '.';
  else if (commas == 1)
    decimal = ',';
  else if (dots == 1)
    decimal = '.';

  {
    g_autoptr(GString) number = g_string_new (NULL);
    guint decimals_seen = 0;

    for (gsize i = 0; i < clean->len; i++)
      {
        char c = clean->str[i];

        if (c == decimal)
          {
            if (++decimals_seen > 1)
              return not_a_number (message, text);
            g_string_append_c (number, '.');
          }
        else if (c == ',' || c == '.')
          continue;  /* a thousands separator */
        else if (g_ascii_isdigit (c) || ((c == '-' || c == '+') && i == 0))
          g_string_append_c (number, c);
        else
          return not_a_number (message, text);
      }
    value = g_ascii_strtod (number->str, &end);
    if (end == number->str || *end != '\0' || !isfinite (value))
      return not_a_number (message, text);
  }
  *out = value;
  return TRUE;
}

static gboolean
read_digits (const char **p,
             guint        min,
             guint        max,
             guint       *out)
{
  guint n = 0, value = 0;

  while (g_ascii_isdigit (**p) && n < max)
    {
      value = value * 10 + (guint) (**p - '0');
      (*p)++;
      n++;
    }
  *out = value;
  return n >= min && !g_ascii_isdigit (**p);
}

/* Spreadsheets export a date cell as "2026-10-01 00:00:00" at times: the
 * midnight adds nothing. */
static gboolean
is_midnight (const char *rest)
{
  while (*rest == ' ' || *rest == 'T')
    rest++;
  return g_str_equal (rest, "0:00") || g_str_equal (rest, "00:00") || g_str_equal (rest, "0:00:00")
         || g_str_equal (rest, "00:00:00");
}

gboolean
ma_csv_parse_date (const char  *text,
                   char       **out,
                   char       **message)
{
  g_autofree char *copy = NULL;
  const char *p;
  guint year = 0, month = 0, day = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  copy = g_strstrip (g_strdup (text));
  p = copy;
  if (read_digits (&p, 4, 4, &year) && *p == '-')
    {
      p++;
      ok = read_digits (&p, 1, 2, &month) && *p++ == '-' && read_digits (&p, 1, 2, &day);
    }
  else
    {
      p = copy;
      ok = read_digits (&p, 1, 2, &day) && *p++ == '.' && read_digits (&p, 1, 2, &month)
           && *p++ == '.' && read_digits (&p, 4, 4, &year);
    }
  if (ok && *p != '\0' && !is_midnight (p))
    ok = FALSE;
  if (!ok)
    {
      g_autofree char *quoted = ma_quote_value (text);

      return set_message (message, _("%s is not a date (YYYY-MM-DD or DD.MM.YYYY)"), quoted);
    }
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > 31
      || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    {
      g_autofree char *quoted = ma_quote_value (text);

      return set_message (message, _("%s is not a day of the calendar"), quoted);
    }
  *out = g_strdup_printf ("%04u-%02u-%02u", year, month, day);
  return TRUE;
}
