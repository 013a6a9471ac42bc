/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ma-export.h"

G_DEFINE_QUARK (ma-export-error-quark, ma_export_error)

#define EMPTY_CELL "—"
#define COLUMN_GAP "  "

/* Explicit bidirectional embeddings, overrides and isolates: in a terminal
 * they reorder whatever follows them on the line, other columns included. */
static gboolean
is_bidi_control (gunichar c)
{
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/* Text fit for one line of a terminal, and its width in terminal cells. */
static char *
make_displayable (const char *text,
                  guint      *width)
{
  GString *out = g_string_sized_new (strlen (text));

  *width = 0;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        c = ' ';
      else if (is_bidi_control (c))
        continue;

      g_string_append_unichar (out, c);
      if (g_unichar_iszerowidth (c))
        continue;
      *width += g_unichar_iswide (c) ? 2 : 1;
    }
  return g_string_free (out, FALSE);
}

static char *
format_cell (const MaTable *table,
             guint          row,
             guint          col)
{
  g_autofree char *plain = ma_table_format_plain (table, row, col);
  const char *currency = NULL;

  if (plain == NULL)
    return g_strdup (EMPTY_CELL);

  switch (ma_table_get_column_kind (table, col))
    {
    case MA_CELL_PERCENT:
      return g_strconcat (plain, "%", NULL);
    case MA_CELL_MONEY:
      ma_table_get_money (table, row, col, &currency);
      if (currency != NULL && *currency != '\0')
        return g_strconcat (plain, " ", currency, NULL);
      return g_steal_pointer (&plain);
    case MA_CELL_TEXT:
    case MA_CELL_INTEGER:
    case MA_CELL_NUMBER:
    default:
      return g_steal_pointer (&plain);
    }
}

static void
append_padding (GString *out,
                guint    count)
{
  for (guint i = 0; i < count; i++)
    g_string_append_c (out, ' ');
}

static void
end_line (GString *out)
{
  /* Padding after the last column is invisible noise in a terminal and in
   * a diff of two reports. */
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  g_string_append_c (out, '\n');
}

char *
ma_export_text (const MaTable *table)
{
  guint n_columns, n_rows;
  g_autofree guint *widths = NULL;
  g_autofree guint *cell_widths = NULL;
  g_autofree gboolean *right = NULL;
  g_autoptr(GPtrArray) cells = NULL;  /* (n_rows + 1) x n_columns, titles first */
  GString *out;

  g_return_val_if_fail (table != NULL, NULL);

  n_columns = ma_table_get_n_columns (table);
  n_rows = ma_table_get_n_rows (table);
  if (n_columns == 0)
    return g_strdup ("");

  widths = g_new0 (guint, n_columns);
  right = g_new0 (gboolean, n_columns);
  cell_widths = g_new0 (guint, (gsize) (n_rows + 1) * n_columns);
  cells = g_ptr_array_new_full ((n_rows + 1) * n_columns, g_free);

  for (guint col = 0; col < n_columns; col++)
    right[col] = ma_table_get_column_kind (table, col) != MA_CELL_TEXT;

  for (guint row = 0; row <= n_rows; row++)
    for (guint col = 0; col < n_columns; col++)
      {
        g_autofree char *raw = row == 0
          ? g_strdup (ma_table_get_column_title (table, col))
          : format_cell (table, row - 1, col);
        guint index = row * n_columns + col;

        g_ptr_array_add (cells, make_displayable (raw, &cell_widths[index]));
        widths[col] = MAX (widths[col], cell_widths[index]);
      }

  out = g_string_new (NULL);
  for (guint row = 0; row <= n_rows; row++)
    {
      for (guint col = 0; col < n_columns; col++)
        {
          guint index = row * n_columns + col;
          guint pad = widths[col] - cell_widths[index];

          if (col > 0)
            g_string_append (out, COLUMN_GAP);
          if (right[col])
            append_padding (out, pad);
          g_string_append (out, g_ptr_array_index (cells, index));
          if (!right[col])
            append_padding (out, pad);
        }
      end_line (out);

      if (row == 0)
        {
          for (guint col = 0; col < n_columns; col++)
            {
              if (col > 0)
                g_string_append (out, COLUMN_GAP);
              for (guint i = 0; i < widths[col]; i++)
                g_string_append_c (out, '-');
            }
          end_line (out);
        }
    }

  return g_string_free (out, FALSE);
}
