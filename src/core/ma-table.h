/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-table.h: a small generic table (typed columns, rows of cells that may
 * be empty) that the report code fills in and the exporters (CSV, XLSX,
 * terminal text) write out. The table knows nothing about audits: it exists
 * so that every export format shows exactly the same numbers. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  MA_CELL_TEXT,     /* a string, written as text everywhere, never as a formula */
  MA_CELL_INTEGER,  /* a gint64 */
  MA_CELL_NUMBER,   /* a double, shown with up to 6 decimals */
  MA_CELL_PERCENT,  /* a fraction (0.7 for 70 %), shown as a percentage with one decimal */
  MA_CELL_MONEY,    /* gint64 minor units and a currency code (see ma-money.h) */
} MaCellKind;

typedef struct _MaTable MaTable;

MaTable *ma_table_new  (void);
void     ma_table_free (MaTable *self);

/* Adds a column and returns its index. @key is the machine-readable name
 * (the CSV header), non-empty; @title is the header people read (XLSX and
 * text), already translated by the caller; NULL means the key. */
guint ma_table_add_column (MaTable    *self,
                           const char *key,
                           const char *title,
                           MaCellKind  kind);
/* The currency of the money cells of column @col that are set without one;
 * NULL clears it. Only for MA_CELL_MONEY columns. */
void  ma_table_set_column_currency (MaTable    *self,
                                    guint       col,
                                    const char *currency);

guint       ma_table_get_n_columns        (const MaTable *self);
guint       ma_table_get_n_rows           (const MaTable *self);
const char *ma_table_get_column_key       (const MaTable *self, guint col);
const char *ma_table_get_column_title     (const MaTable *self, guint col);
MaCellKind  ma_table_get_column_kind      (const MaTable *self, guint col);
const char *ma_table_get_column_currency  (const MaTable *self, guint col);

/* Appends a row of empty cells and returns its index. */
guint ma_table_append_row (MaTable *self);

/* Each setter is for columns of its kind only (a programmer error
 * otherwise). NULL text, and NAN or another non-finite number or
 * percent, make the cell empty: NAN is how the engine says "not assessed".
 * Text that is not valid UTF-8 is stored with U+FFFD in place of the bad
 * bytes, so nothing downstream has to check it again. A NULL @currency
 * means the column's currency. */
void ma_table_set_text    (MaTable *self, guint row, guint col, const char *text);
void ma_table_set_integer (MaTable *self, guint row, guint col, gint64 value);
void ma_table_set_number  (MaTable *self, guint row, guint col, double value);
void ma_table_set_percent (MaTable *self, guint row, guint col, double fraction);
void ma_table_set_money   (MaTable *self, guint row, guint col,
                           gint64 minor, const char *currency);
void ma_table_set_null    (MaTable *self, guint row, guint col);

/* Empty cells read as NULL, 0 or NAN. */
gboolean    ma_table_is_null     (const MaTable *self, guint row, guint col);
const char *ma_table_get_text    (const MaTable *self, guint row, guint col);
gint64      ma_table_get_integer (const MaTable *self, guint row, guint col);
double      ma_table_get_number  (const MaTable *self, guint row, guint col);
double      ma_table_get_percent (const MaTable *self, guint row, guint col);
/* Returns the minor units; @currency (optional) receives the cell's
 * currency, or the column's, or NULL when neither was given. */
gint64      ma_table_get_money   (const MaTable *self, guint row, guint col,
                                  const char **currency);

/* The cell as plain machine text in the C locale, the form CSV uses: text
 * as is, integers, numbers with up to 6 decimals and no trailing zeros
 * ("2.5"), percents as percentage points with one decimal ("70.0"), money
 * with the currency's decimals ("7200.00"). NULL for an empty cell. */
char *ma_table_format_plain (const MaTable *self, guint row, guint col);
/* Appends what ma_table_format_plain() returns to @out, without allocating
 * a string per cell; returns FALSE, appending nothing, for an empty cell. */
gboolean ma_table_append_plain (const MaTable *self, guint row, guint col, GString *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaTable, ma_table_free)

G_END_DECLS
