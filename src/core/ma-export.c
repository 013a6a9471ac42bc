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

/* Makes the bytes of @text from @start on fit for one line of a terminal
 * and returns their width in terminal cells. Nearly every cell is plain
 * printable ASCII, whose width is its length: that is checked first, so
 * the usual cell is neither copied nor decoded. */
static guint
make_displayable (GString *text,
                  gsize    start,
                  GString *scratch)
{
  const char *p;
  guint width = 0;

  for (gsize i = start; i < text->len; i++)
    {
      guchar c = (guchar) text->str[i];

      if (c < 0x20 || c > 0x7e)
        goto slow;
    }
  return (guint) (text->len - start);

slow:
  g_string_assign (scratch, text->str + start);
  g_string_truncate (text, start);
  for (p = scratch->str; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        c = ' ';
      else if (is_bidi_control (c))
        continue;

      g_string_append_unichar (text, c);
      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

/* Appends the cell as the text table shows it; FALSE for an empty cell,
 * which appends EMPTY_CELL. */
static gboolean
append_cell (const MaTable *table,
             guint          row,
             guint          col,
             MaCellKind     kind,
             GString       *out)
{
  const char *currency = NULL;

  if (!ma_table_append_plain (table, row, col, out))
    {
      g_string_append (out, EMPTY_CELL);
      return FALSE;
    }

  switch (kind)
    {
    case MA_CELL_PERCENT:
      g_string_append_c (out, '%');
      break;
    case MA_CELL_MONEY:
      ma_table_get_money (table, row, col, &currency);
      if (currency != NULL && *currency != '\0')
        {
          g_string_append_c (out, ' ');
          g_string_append (out, currency);
        }
      break;
    case MA_CELL_TEXT:
    case MA_CELL_INTEGER:
    case MA_CELL_NUMBER:
    default:
      break;
    }
  return TRUE;
}

static inline char *
put (char       *p,
     const char *bytes,
     gsize       length)
{
  memcpy (p, bytes, length);
  return p + length;
}

static inline char *
put_repeated (char *p,
              char  c,
              gsize count)
{
  memset (p, c, count);
  return p + count;
}

static char *
end_line (const char *start,
          char       *p)
{
  /* Padding after the last column is invisible noise in a terminal and in
   * a diff of two reports. */
  while (p > start && p[-1] == ' ')
    p--;
  *p++ = '\n';
  return p;
}

typedef struct {
  gsize start;  /* in the text of all cells */
  guint length;
  guint width;  /* in terminal cells */
} TextCell;

char *
ma_export_text (const MaTable *table)
{
  guint n_columns, n_rows;
  g_autofree guint *widths = NULL;
  g_autofree gboolean *right = NULL;
  g_autofree MaCellKind *kinds = NULL;
  g_autofree TextCell *cells = NULL;  /* (n_rows + 1) x n_columns, titles first */
  g_autoptr(GString) text = NULL;     /* every cell, one after the other */
  g_autoptr(GString) scratch = NULL;
  gsize line_width = 0;
  gsize size;
  char *result;
  char *p;

  g_return_val_if_fail (table != NULL, NULL);

  n_columns = ma_table_get_n_columns (table);
  n_rows = ma_table_get_n_rows (table);
  if (n_columns == 0)
    return g_strdup ("");

  widths = g_new0 (guint, n_columns);
  right = g_new0 (gboolean, n_columns);
  kinds = g_new0 (MaCellKind, n_columns);
  cells = g_new0 (TextCell, (gsize) (n_rows + 1) * n_columns);
  text = g_string_sized_new ((gsize) (n_rows + 1) * n_columns * 8);
  scratch = g_string_new (NULL);

  for (guint col = 0; col < n_columns; col++)
    {
      kinds[col] = ma_table_get_column_kind (table, col);
      right[col] = kinds[col] != MA_CELL_TEXT;
    }

  for (guint row = 0; row <= n_rows; row++)
    for (guint col = 0; col < n_columns; col++)
      {
        TextCell *cell = &cells[(gsize) row * n_columns + col];

        cell->start = text->len;
        if (row == 0)
          {
            g_string_append (text, ma_table_get_column_title (table, col));
            cell->width = make_displayable (text, cell->start, scratch);
          }
        else if (append_cell (table, row - 1, col, kinds[col], text))
          cell->width = make_displayable (text, cell->start, scratch);
        else
          cell->width = 1;  /* EMPTY_CELL */
        cell->length = (guint) (text->len - cell->start);
        widths[col] = MAX (widths[col], cell->width);
      }

  /* The exact size: every line is as wide as the columns, plus the gaps;
   * trailing padding is taken off again as each line ends. */
  for (guint col = 0; col < n_columns; col++)
    line_width += widths[col] + (col > 0 ? strlen (COLUMN_GAP) : 0);
  size = text->len + (gsize) (n_rows + 2) * (line_width + 1) + 1;
  for (gsize i = 0; i < (gsize) (n_rows + 1) * n_columns; i++)
    size -= cells[i].width;  /* counted in line_width, written as its bytes */
  result = g_malloc (size);
  p = result;
  for (guint row = 0; row <= n_rows; row++)
    {
      for (guint col = 0; col < n_columns; col++)
        {
          const TextCell *cell = &cells[(gsize) row * n_columns + col];
          guint pad = widths[col] - cell->width;

          if (col > 0)
            p = put (p, COLUMN_GAP, strlen (COLUMN_GAP));
          if (right[col])
            p = put_repeated (p, ' ', pad);
          p = put (p, text->str + cell->start, cell->length);
          if (!right[col])
            p = put_repeated (p, ' ', pad);
        }
      p = end_line (result, p);

      if (row == 0)
        {
          for (guint col = 0; col < n_columns; col++)
            {
              if (col > 0)
                p = put (p, COLUMN_GAP, strlen (COLUMN_GAP));
              p = put_repeated (p, '-', widths[col]);
            }
          p = end_line (result, p);
        }
    }
  g_assert ((gsize) (p - result) < size);
  *p = '\0';
  return result;
}
