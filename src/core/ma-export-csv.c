/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ma-export-csv.h"

/* Characters that make a spreadsheet read a field as a formula (or, for
 * TAB and CR, that Excel skips before looking for one). */
static gboolean
text_needs_guard (const char *text)
{
  return text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;
}

static void
append_field (GString    *out,
              const char *value,
              gboolean    guard)
{
  gboolean prefix = guard && text_needs_guard (value);

  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      if (prefix)
        g_string_append_c (out, '\'');
      g_string_append (out, value);
      return;
    }

  g_string_append_c (out, '"');
  if (prefix)
    g_string_append_c (out, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

char *
ma_export_csv_to_string (const MaTable *table)
{
  GString *out;
  guint n_columns, n_rows;

  g_return_val_if_fail (table != NULL, NULL);

  n_columns = ma_table_get_n_columns (table);
  n_rows = ma_table_get_n_rows (table);
  out = g_string_new (NULL);
  /* With no columns there is no record to write: a line holding one empty
   * field would claim a column that does not exist. */
  if (n_columns == 0)
    return g_string_free (out, FALSE);

  for (guint col = 0; col < n_columns; col++)
    {
      if (col > 0)
        g_string_append_c (out, ',');
      append_field (out, ma_table_get_column_key (table, col), FALSE);
    }
  g_string_append (out, "\r\n");

  for (guint row = 0; row < n_rows; row++)
    {
      for (guint col = 0; col < n_columns; col++)
        {
          g_autofree char *value = ma_table_format_plain (table, row, col);

          if (col > 0)
            g_string_append_c (out, ',');
          if (value != NULL)
            append_field (out, value,
                          ma_table_get_column_kind (table, col) == MA_CELL_TEXT);
        }
      g_string_append (out, "\r\n");
    }

  return g_string_free (out, FALSE);
}

gboolean
ma_export_csv_to_file (const MaTable  *table,
                       const char     *path,
                       GError        **error)
{
  g_autofree char *contents = NULL;

  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  contents = ma_export_csv_to_string (table);
  /* GLib writes a temporary file, syncs it and renames it over @path. */
  if (!g_file_set_contents_full (path, contents, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT |
                                 G_FILE_SET_CONTENTS_DURABLE,
                                 0644, error))
    {
      g_autofree char *display = g_filename_display_name (path);

      /* GLib's message may name only its temporary file. */
      g_prefix_error (error, _("Could not write “%s”: "), display);
      return FALSE;
    }
  return TRUE;
}
