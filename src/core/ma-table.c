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
  gboolean  set;
  char     *text;      /* MA_CELL_TEXT */
  gint64    integer;   /* MA_CELL_INTEGER, MA_CELL_MONEY (minor units) */
  double    number;    /* MA_CELL_NUMBER, MA_CELL_PERCENT (fraction) */
  char     *currency;  /* MA_CELL_MONEY, NULL for the column's */
} Cell;

struct _MaTable {
  GArray    *columns;  /* of Column */
  GPtrArray *rows;     /* of GArray of Cell; a row may be shorter than the
                        * column list when columns were added after it */
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
clear_cell (gpointer data)
{
  Cell *cell = data;

  g_clear_pointer (&cell->text, g_free);
  g_clear_pointer (&cell->currency, g_free);
  cell->set = FALSE;
  cell->integer = 0;
  cell->number = 0;
}

MaTable *
ma_table_new (void)
{
  MaTable *self = g_new0 (MaTable, 1);

  self->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g_array_set_clear_func (self->columns, clear_column);
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  return self;
}

void
ma_table_free (MaTable *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->columns);
  g_ptr_array_unref (self->rows);
  g_free (self);
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
  return self->rows->len;
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
  GArray *row;

  g_return_val_if_fail (self != NULL, 0);

  row = g_array_sized_new (FALSE, TRUE, sizeof (Cell), self->columns->len);
  g_array_set_clear_func (row, clear_cell);
  g_array_set_size (row, self->columns->len);
  g_ptr_array_add (self->rows, row);
  return self->rows->len - 1;
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
  GArray *cells;
  Cell *cell;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row < self->rows->len, NULL);
  g_return_val_if_fail (col < self->columns->len, NULL);
  g_return_val_if_fail (any_kind || get_column (self, col)->kind == kind, NULL);

  cells = g_ptr_array_index (self->rows, row);
  if (col >= cells->len)
    g_array_set_size (cells, self->columns->len);
  cell = &g_array_index (cells, Cell, col);
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
  cell->text = g_utf8_make_valid (text, -1);
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
  cell->currency = g_strdup (currency);
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
  GArray *cells;
  const Cell *cell;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row < self->rows->len, NULL);
  g_return_val_if_fail (col < self->columns->len, NULL);

  cells = g_ptr_array_index (self->rows, row);
  if (col >= cells->len)
    return NULL;
  cell = &g_array_index (cells, Cell, col);
  return cell->set ? cell : NULL;
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

  return cell ? cell->text : NULL;
}

gint64
ma_table_get_integer (const MaTable *self,
                      guint          row,
                      guint          col)
{
  const Cell *cell = lookup_cell (self, row, col);

  return cell ? cell->integer : 0;
}

double
ma_table_get_number (const MaTable *self,
                     guint          row,
                     guint          col)
{
  const Cell *cell = lookup_cell (self, row, col);

  return cell ? cell->number : NAN;
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
  return cell ? cell->integer : 0;
}

/* "%.6f" without trailing zeros. Large enough for any finite double:
 * DBL_MAX has 309 integer digits. */
static char *
format_number (double value)
{
  char buffer[400];
  char *end;

  g_ascii_formatd (buffer, sizeof buffer, "%.6f", value);
  if (strchr (buffer, '.') != NULL)
    {
      end = buffer + strlen (buffer) - 1;
      while (*end == '0')
        *end-- = '\0';
      if (*end == '.')
        *end = '\0';
    }
  /* -0.000000 would otherwise come out as "-0". */
  if (strcmp (buffer, "-0") == 0)
    return g_strdup ("0");
  return g_strdup (buffer);
}

static char *
format_percent (double fraction)
{
  char buffer[400];
  /* The app's one rounding rule, so 70.25 % shows as 70.3 everywhere. */
  double points = ma_round_half_away (fraction * 100.0, 1);

  if (points == 0.0)
    points = 0.0; /* no "-0.0" */
  g_ascii_formatd (buffer, sizeof buffer, "%.1f", points);
  return g_strdup (buffer);
}

char *
ma_table_format_plain (const MaTable *self,
                       guint          row,
                       guint          col)
{
  const Cell *cell = lookup_cell (self, row, col);
  const char *currency = NULL;

  if (cell == NULL)
    return NULL;

  switch (get_column (self, col)->kind)
    {
    case MA_CELL_TEXT:
      return g_strdup (cell->text);
    case MA_CELL_INTEGER:
      return g_strdup_printf ("%" G_GINT64_FORMAT, cell->integer);
    case MA_CELL_NUMBER:
      return format_number (cell->number);
    case MA_CELL_PERCENT:
      return format_percent (cell->number);
    case MA_CELL_MONEY:
      ma_table_get_money (self, row, col, &currency);
      return ma_money_format_plain (cell->integer, currency);
    default:
      g_assert_not_reached ();
    }
}
