/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ma-money.h"
#include "ma-table.h"

typedef struct {
  char       *key;
  char       *title;
  MaCellKind  kind;
  char       *currency;
} Column;

typedef struct {
  union {
    const char *text;    /* MA_CELL_TEXT, in the table's strings */
    gint64      integer; /* MA_CELL_INTEGER, MA_CELL_MONEY (minor units) */
    double      number;  /* MA_CELL_NUMBER, MA_CELL_PERCENT (fraction) */
  };
  const char *currency;  /* MA_CELL_MONEY, NULL for the column's; in the table's strings */
  gboolean    set;
} Cell;

/* Cells are one flat array, row after row, and their strings live in one
 * string chunk where equal strings are stored once: a bonus statement of
 * 10 000 employees is 60 000 rows that repeat the same names, branches and
 * currencies, and a table of that size must not cost an allocation a cell. */
struct _MaTable {
  GArray       *columns;  /* of Column */
  GArray       *cells;    /* n_rows x columns->len Cells */
  guint         n_rows;
  GStringChunk *strings;
};

static void
clear_column (gpointer data)
{
  Column *column = data;

  g_free (column->key);
  g_free (column->title);
  g_free (column->currency);
}

static void
clear_cell (Cell *cell)
{
  memset (cell, 0, sizeof *cell);
}

MaTable *
ma_table_new (void)
{
  MaTable *self = g_new0 (MaTable, 1);

  self->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g_array_set_clear_func (self->columns, clear_column);
  self->cells = g_array_new (FALSE, TRUE, sizeof (Cell));
  self->strings = g_string_chunk_new (4096);
  return self;
}

void
ma_table_free (MaTable *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->columns);
  g_array_unref (self->cells);
  g_string_chunk_free (self->strings);
  g_free (self);
}

/* @text as valid UTF-8, stored once in the table. */
static const char *
intern (MaTable    *self,
        const char *text)
{
  g_autofree char *valid = NULL;

  if (g_utf8_validate (text, -1, NULL))
    return g_string_chunk_insert_const (self->strings, text);
  valid = g_utf8_make_valid (text, -1);
  return g_string_chunk_insert_const (self->strings, valid);
}

/* Widens every row to the column list; columns are nearly always added
 * before the first row, when there is nothing to move. */
static void
widen_rows (MaTable *self,
            guint    old_width)
{
  guint width = self->columns->len;
  GArray *cells;

  if (self->n_rows == 0 || old_width == width)
    return;
  cells = g_array_sized_new (FALSE, TRUE, sizeof (Cell), self->n_rows * width);
  g_array_set_size (cells, self->n_rows * width);
  for (guint row = 0; row < self->n_rows; row++)
    memcpy (&g_array_index (cells, Cell, row * width),
            &g_array_index (self->cells, Cell, row * old_width), old_width * sizeof (Cell));
  g_array_unref (self->cells);
  self->cells = cells;
}

static const Column *
get_column (const MaTable *self,
            guint          col)
{
  return &g_array_index (self->columns, Column, col);
}

guint
ma_table_add_column (MaTable    *self,
                     const char *key,
                     const char *title,
                     MaCellKind  kind)
{
  Column column = { 0 };

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (key != NULL && *key != '\0', 0);
  g_return_val_if_fail (kind >= MA_CELL_TEXT && kind <= MA_CELL_MONEY, 0);

  column.key = g_utf8_make_valid (key, -1);
  column.title = g_utf8_make_valid (title ? title : key, -1);
  column.kind = kind;
  g_array_append_val (self->columns, column);
  widen_rows (self, self->columns->len - 1);
  return self->columns->len - 1;
}

void
ma_table_set_column_currency (MaTable    *self,
                              guint       col,
                              const char *currency)
{
  Column *column;

  g_return_if_fail (self != NULL);
  g_return_if_fail (col < self->columns->len);
  column = &g_array_index (self->columns, Column, col);
  g_return_if_fail (column->kind == MA_CELL_MONEY);

  g_free (column->currency);
  column->currency = g_strdup (currency);
}

guint
ma_table_get_n_columns (const MaTable *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->columns->len;
}

guint
ma_table_get_n_rows (const MaTable *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_rows;
}

const char *
ma_table_get_column_key (const MaTable *self,
                         guint          col)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (col < self->columns->len, NULL);
  return get_column (self, col)->key;
}

const char *
ma_table_get_column_title (const MaTable *self,
                           guint          col)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (col < self->columns->len, NULL);
  return get_column (self, col)->title;
}

MaCellKind
ma_table_get_column_kind (const MaTable *self,
                          guint          col)
{
  g_return_val_if_fail (self != NULL, MA_CELL_TEXT);
  g_return_val_if_fail (col < self->columns->len, MA_CELL_TEXT);
  return get_column (self, col)->kind;
}

const char *
ma_table_get_column_currency (const MaTable *self,
                              guint          col)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (col < self->columns->len, NULL);
  return get_column (self, col)->currency;
}

guint
ma_table_append_row (MaTable *self)
{
  g_return_val_if_fail (self != NULL, 0);

  g_array_set_size (self->cells, (self->n_rows + 1) * self->columns->len);
  return self->n_rows++;
}

/* The cell to write, after the checks every setter shares; NULL (after a
 * critical) on a programmer error. */
static Cell *
prepare_cell (MaTable    *self,
              guint       row,
              guint       col,
              MaCellKind  kind,
              gboolean    any_kind)
{
  Cell *cell;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row < self->n_rows, NULL);
  g_return_val_if_fail (col < self->columns->len, NULL);
  g_return_val_if_fail (any_kind || get_column (self, col)->kind == kind, NULL);

  cell = &g_array_index (self->cells, Cell, row * self->columns->len + col);
  clear_cell (cell);
  return cell;
}

void
ma_table_set_text (MaTable    *self,
                   guint       row,
                   guint       col,
                   const char *text)
{
  Cell *cell = prepare_cell (self, row, col, MA_CELL_TEXT, FALSE);

  if (cell == NULL || text == NULL)
    return;
  cell->text = intern (self, text);
  cell->set = TRUE;
}

void
ma_table_set_integer (MaTable *self,
                      guint    row,
                      guint    col,
                      gint64   value)
{
  Cell *cell = prepare_cell (self, row, col, MA_CELL_INTEGER, FALSE);

  if (cell == NULL)
    return;
  cell->integer = value;
  cell->set = TRUE;
}

void
ma_table_set_number (MaTable *self,
                     guint    row,
                     guint    col,
                     double   value)
{
  Cell *cell = prepare_cell (self, row, col, MA_CELL_NUMBER, FALSE);

  if (cell == NULL || !isfinite (value))
    return;
  cell->number = value;
  cell->set = TRUE;
}

void
ma_table_set_percent (MaTable *self,
                      guint    row,
                      guint    col,
                      double   fraction)
{
  Cell *cell = prepare_cell (self, row, col, MA_CELL_PERCENT, FALSE);

  if (cell == NULL || !isfinite (fraction))
    return;
  cell->number = fraction;
  cell->set = TRUE;
}

void
ma_table_set_money (MaTable    *self,
                    guint       row,
                    guint       col,
                    gint64      minor,
                    const char *currency)
{
  Cell *cell = prepare_cell (self, row, col, MA_CELL_MONEY, FALSE);

  if (cell == NULL)
    return;
  cell->integer = minor;
  cell->currency = currency != NULL ? intern (self, currency) : NULL;
  cell->set = TRUE;
}

void
ma_table_set_null (MaTable *self,
                   guint    row,
                   guint    col)
{
  prepare_cell (self, row, col, MA_CELL_TEXT, TRUE);
}

/* The cell for reading; NULL when it is empty or (after a critical) when
 * the arguments are wrong. */
static const Cell *
lookup_cell (const MaTable *self,
             guint          row,
             guint          col)
{
  const Cell *cell;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row < self->n_rows, NULL);
  g_return_val_if_fail (col < self->columns->len, NULL);

  cell = &g_array_index (self->cells, Cell, row * self->columns->len + col);
  return cell->set ? cell : NULL;
}

static gboolean
has_integer (const MaTable *self,
             guint          col)
{
  MaCellKind kind = get_column (self, col)->kind;

  return kind == MA_CELL_INTEGER || kind == MA_CELL_MONEY;
}

static gboolean
has_number (const MaTable *self,
            guint          col)
{
  MaCellKind kind = get_column (self, col)->kind;

  return kind == MA_CELL_NUMBER || kind == MA_CELL_PERCENT;
}

gboolean
ma_table_is_null (const MaTable *self,
                  guint          row,
                  guint          col)
{
  return lookup_cell (self, row, col) == NULL;
}

const char *
ma_table_get_text (const MaTable *self,
                   guint          row,
                   guint          col)
{
  const Cell *cell = lookup_cell (self, row, col);

  /* The value is a union: a cell of another kind has no text. */
  return cell && get_column (self, col)->kind == MA_CELL_TEXT ? cell->text : NULL;
}

gint64
ma_table_get_integer (const MaTable *self,
                      guint          row,
                      guint          col)
{
  const Cell *cell = lookup_cell (self, row, col);

  return cell && has_integer (self, col) ? cell->integer : 0;
}

double
ma_table_get_number (const MaTable *self,
                     guint          row,
                     guint          col)
{
  const Cell *cell = lookup_cell (self, row, col);

  if (cell == NULL)
    return NAN;
  return has_number (self, col) ? cell->number : 0.0;
}

double
ma_table_get_percent (const MaTable *self,
                      guint          row,
                      guint          col)
{
  return ma_table_get_number (self, row, col);
}

gint64
ma_table_get_money (const MaTable  *self,
                    guint           row,
                    guint           col,
                    const char    **currency)
{
  const Cell *cell = lookup_cell (self, row, col);

  if (currency != NULL)
    {
      *currency = NULL;
      if (cell != NULL && cell->currency != NULL)
        *currency = cell->currency;
      else if (self != NULL && col < self->columns->len)
        *currency = get_column (self, col)->currency;
    }
  return cell && has_integer (self, col) ? cell->integer : 0;
}

/* "%.6f" without trailing zeros. */
static void
append_number (GString *out,
               double   value)
{
  gsize start = out->len;

  ma_append_fixed (out, value, 6);
  if (memchr (out->str + start, '.', out->len - start) != NULL)
    {
      while (out->str[out->len - 1] == '0')
        g_string_truncate (out, out->len - 1);
      if (out->str[out->len - 1] == '.')
        g_string_truncate (out, out->len - 1);
    }
  /* -0.000000 would otherwise come out as "-0". */
  if (out->len - start == 2 && memcmp (out->str + start, "-0", 2) == 0)
    {
      g_string_truncate (out, start);
      g_string_append_c (out, '0');
    }
}

static void
append_percent (GString *out,
                double   fraction)
{
  /* The app's one rounding rule, so 70.25 % shows as 70.3 everywhere. */
  double points = ma_round_half_away (fraction * 100.0, 1);

  if (points == 0.0)
    points = 0.0; /* no "-0.0" */
  ma_append_fixed (out, points, 1);
}

gboolean
ma_table_append_plain (const MaTable *self,
                       guint          row,
                       guint          col,
                       GString       *out)
{
  const Cell *cell = lookup_cell (self, row, col);
  const char *currency = NULL;

  g_return_val_if_fail (out != NULL, FALSE);

  if (cell == NULL)
    return FALSE;

  switch (get_column (self, col)->kind)
    {
    case MA_CELL_TEXT:
      g_string_append (out, cell->text);
      break;
    case MA_CELL_INTEGER:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, cell->integer);
      break;
    case MA_CELL_NUMBER:
      append_number (out, cell->number);
      break;
    case MA_CELL_PERCENT:
      append_percent (out, cell->number);
      break;
    case MA_CELL_MONEY:
      ma_table_get_money (self, row, col, &currency);
      ma_money_append_plain (out, cell->integer, currency);
      break;
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

char *
ma_table_format_plain (const MaTable *self,
                       guint          row,
                       guint          col)
{
  GString *out = g_string_new (NULL);

  if (!ma_table_append_plain (self, row, col, out))
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}
