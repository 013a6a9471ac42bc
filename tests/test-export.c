/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "ma-export-csv.h"
#include "ma-export-xlsx.h"
#include "ma-export.h"
#include "ma-table.h"

/* A table of one text column, for the CSV cases that are about text. */
static MaTable *
new_text_table (const char * const *texts)
{
  MaTable *table = ma_table_new ();

  ma_table_add_column (table, "note", "Note", MA_CELL_TEXT);
  for (guint i = 0; texts[i] != NULL; i++)
    ma_table_set_text (table, ma_table_append_row (table), 0, texts[i]);
  return table;
}

/* The bonus table of the reference scheme, as the reports fill it in. */
static MaTable *
new_bonus_table (void)
{
  MaTable *table = ma_table_new ();
  guint row;

  ma_table_add_column (table, "employee", "Сотрудник", MA_CELL_TEXT);
  ma_table_add_column (table, "audits", "Проверок", MA_CELL_INTEGER);
  ma_table_add_column (table, "score", "Балл", MA_CELL_PERCENT);
  ma_table_add_column (table, "weight", "Вес", MA_CELL_NUMBER);
  ma_table_add_column (table, "bonus", "Премия", MA_CELL_MONEY);
  ma_table_set_column_currency (table, 4, "RUB");

  row = ma_table_append_row (table);
  ma_table_set_text (table, row, 0, "Иванова Анна");
  ma_table_set_integer (table, row, 1, 12);
  ma_table_set_percent (table, row, 2, 0.7);
  ma_table_set_number (table, row, 3, 0.55);
  ma_table_set_money (table, row, 4, 720000, NULL);

  row = ma_table_append_row (table);
  ma_table_set_text (table, row, 0, "Lee, \"Kim\"");
  ma_table_set_integer (table, row, 1, 3);
  ma_table_set_percent (table, row, 2, NAN);  /* not assessed */
  ma_table_set_number (table, row, 3, 1.0 / 3.0);
  ma_table_set_money (table, row, 4, 1234567, "RUB");
  return table;
}

static void
test_table_cells (void)
{
  g_autoptr(MaTable) table = ma_table_new ();
  const char *currency = "unset";
  guint row;

  g_assert_cmpuint (ma_table_add_column (table, "name", NULL, MA_CELL_TEXT), ==, 0);
  g_assert_cmpuint (ma_table_add_column (table, "n", "N", MA_CELL_INTEGER), ==, 1);
  g_assert_cmpuint (ma_table_add_column (table, "x", "X", MA_CELL_NUMBER), ==, 2);
  g_assert_cmpuint (ma_table_add_column (table, "p", "P", MA_CELL_PERCENT), ==, 3);
  g_assert_cmpuint (ma_table_add_column (table, "m", "M", MA_CELL_MONEY), ==, 4);
  ma_table_set_column_currency (table, 4, "EUR");

  g_assert_cmpuint (ma_table_get_n_columns (table), ==, 5);
  g_assert_cmpstr (ma_table_get_column_title (table, 0), ==, "name");
  g_assert_cmpstr (ma_table_get_column_key (table, 1), ==, "n");
  g_assert_cmpint (ma_table_get_column_kind (table, 4), ==, MA_CELL_MONEY);
  g_assert_cmpstr (ma_table_get_column_currency (table, 4), ==, "EUR");

  row = ma_table_append_row (table);
  g_assert_cmpuint (row, ==, 0);
  for (guint col = 0; col < 5; col++)
    g_assert_true (ma_table_is_null (table, row, col));
  g_assert_null (ma_table_get_text (table, row, 0));
  g_assert_true (isnan (ma_table_get_number (table, row, 2)));
  g_assert_null (ma_table_format_plain (table, row, 0));

  ma_table_set_text (table, row, 0, "bad \xff byte");
  ma_table_set_integer (table, row, 1, -42);
  ma_table_set_number (table, row, 2, 2.5);
  ma_table_set_percent (table, row, 3, 0.9);
  ma_table_set_money (table, row, 4, 150, NULL);
  g_assert_cmpstr (ma_table_get_text (table, row, 0), ==, "bad \xef\xbf\xbd byte");
  g_assert_cmpint (ma_table_get_integer (table, row, 1), ==, -42);
  g_assert_cmpfloat (ma_table_get_number (table, row, 2), ==, 2.5);
  g_assert_cmpfloat (ma_table_get_percent (table, row, 3), ==, 0.9);
  g_assert_cmpint (ma_table_get_money (table, row, 4, &currency), ==, 150);
  g_assert_cmpstr (currency, ==, "EUR");

  /* A cell's own currency wins over the column's. */
  ma_table_set_money (table, row, 4, 150, "JPY");
  ma_table_get_money (table, row, 4, &currency);
  g_assert_cmpstr (currency, ==, "JPY");

  /* NAN (not assessed), infinities and NULL text empty the cell. */
  ma_table_set_number (table, row, 2, INFINITY);
  ma_table_set_percent (table, row, 3, NAN);
  ma_table_set_text (table, row, 0, NULL);
  g_assert_true (ma_table_is_null (table, row, 2));
  g_assert_true (ma_table_is_null (table, row, 3));
  g_assert_true (ma_table_is_null (table, row, 0));
  ma_table_set_null (table, row, 4);
  g_assert_true (ma_table_is_null (table, row, 4));
  g_assert_cmpint (ma_table_get_money (table, row, 4, NULL), ==, 0);

  /* A column added after a row exists reads as empty in that row. */
  g_assert_cmpuint (ma_table_add_column (table, "late", "Late", MA_CELL_TEXT), ==, 5);
  g_assert_true (ma_table_is_null (table, row, 5));
  ma_table_set_text (table, row, 5, "now set");
  g_assert_cmpstr (ma_table_get_text (table, row, 5), ==, "now set");
}

static void
test_table_wrong_kind (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(MaTable) table = ma_table_new ();

      ma_table_add_column (table, "name", "Name", MA_CELL_TEXT);
      ma_table_append_row (table);
      ma_table_set_number (table, 0, 0, 1.0);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*kind*");
}

static char *
plain_number (double value)
{
  g_autoptr(MaTable) table = ma_table_new ();

  ma_table_add_column (table, "x", "X", MA_CELL_NUMBER);
  ma_table_set_number (table, ma_table_append_row (table), 0, value);
  return ma_table_format_plain (table, 0, 0);
}

static char *
plain_percent (double fraction)
{
  g_autoptr(MaTable) table = ma_table_new ();

  ma_table_add_column (table, "p", "P", MA_CELL_PERCENT);
  ma_table_set_percent (table, ma_table_append_row (table), 0, fraction);
  return ma_table_format_plain (table, 0, 0);
}

static char *
plain_money (gint64      minor,
             const char *currency)
{
  g_autoptr(MaTable) table = ma_table_new ();

  ma_table_add_column (table, "m", "M", MA_CELL_MONEY);
  ma_table_set_money (table, ma_table_append_row (table), 0, minor, currency);
  return ma_table_format_plain (table, 0, 0);
}

#define ASSERT_PLAIN(call, expected) \
  G_STMT_START { \
    g_autofree char *got_ = (call); \
    g_assert_cmpstr (got_, ==, expected); \
  } G_STMT_END

static void
test_table_plain_format (void)
{
  ASSERT_PLAIN (plain_number (2.5), "2.5");
  ASSERT_PLAIN (plain_number (2.0), "2");
  ASSERT_PLAIN (plain_number (-2.25), "-2.25");
  ASSERT_PLAIN (plain_number (1.0 / 3.0), "0.333333");
  ASSERT_PLAIN (plain_number (0.1 + 0.2), "0.3");
  ASSERT_PLAIN (plain_number (-0.0000001), "0");
  ASSERT_PLAIN (plain_number (1e20), "100000000000000000000");
  ASSERT_PLAIN (plain_percent (0.7), "70.0");
  ASSERT_PLAIN (plain_percent (1.0), "100.0");
  /* The app's rounding rule: an exact decimal half goes away from zero. */
  ASSERT_PLAIN (plain_percent (0.7025), "70.3");
  ASSERT_PLAIN (plain_percent (0.70249), "70.2");
  ASSERT_PLAIN (plain_percent (-0.0001), "0.0");
  ASSERT_PLAIN (plain_money (720000, "RUB"), "7200.00");
  ASSERT_PLAIN (plain_money (-5, "RUB"), "-0.05");
  ASSERT_PLAIN (plain_money (1500, "JPY"), "1500");
  ASSERT_PLAIN (plain_money (1234, "KWD"), "1.234");
  ASSERT_PLAIN (plain_money (1234, NULL), "12.34");

}

static void
test_table_c_locale (void)
{
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));

  if (setlocale (LC_NUMERIC, "ru_RU.UTF-8") == NULL &&
      setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL)
    {
      g_test_skip ("no locale with a decimal comma is installed");
      return;
    }
  /* Files are for programs: the C locale, whatever the user's. */
  ASSERT_PLAIN (plain_number (2.5), "2.5");
  ASSERT_PLAIN (plain_percent (0.705), "70.5");
  ASSERT_PLAIN (plain_money (720050, "RUB"), "7200.50");
  setlocale (LC_NUMERIC, saved);
}

static void
test_csv_quoting (void)
{
  const char *texts[] = {
    "plain",
    "with, comma",
    "with \"quotes\"",
    "line\r\nbreak",
    "bare\nnewline",
    "",
    NULL,
  };
  g_autoptr(MaTable) table = new_text_table (texts);
  g_autofree char *csv = ma_export_csv_to_string (table);

  g_assert_cmpstr (csv, ==,
                   "note\r\n"
                   "plain\r\n"
                   "\"with, comma\"\r\n"
                   "\"with \"\"quotes\"\"\"\r\n"
                   "\"line\r\nbreak\"\r\n"
                   "\"bare\nnewline\"\r\n"
                   "\r\n");
}

static void
test_csv_formula_escaping (void)
{
  const char *texts[] = {
    "=1+2",
    "+1",
    "-1",
    "@SUM(A1:A2)",
    "\tTAB",
    "\rCR",
    "=HYPERLINK(\"http://x\",\"y\")",
    "a=b",
    " =not a formula",
    NULL,
  };
  g_autoptr(MaTable) table = new_text_table (texts);
  g_autofree char *csv = ma_export_csv_to_string (table);

  g_assert_cmpstr (csv, ==,
                   "note\r\n"
                   "'=1+2\r\n"
                   "'+1\r\n"
                   "'-1\r\n"
                   "'@SUM(A1:A2)\r\n"
                   "'\tTAB\r\n"
                   "\"'\rCR\"\r\n"
                   "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n"
                   "a=b\r\n"
                   " =not a formula\r\n");
}

static void
test_csv_negative_numbers (void)
{
  g_autoptr(MaTable) table = ma_table_new ();
  g_autofree char *csv = NULL;
  guint row;

  ma_table_add_column (table, "i", "I", MA_CELL_INTEGER);
  ma_table_add_column (table, "x", "X", MA_CELL_NUMBER);
  ma_table_add_column (table, "p", "P", MA_CELL_PERCENT);
  ma_table_add_column (table, "m", "M", MA_CELL_MONEY);
  ma_table_add_column (table, "t", "T", MA_CELL_TEXT);
  row = ma_table_append_row (table);
  ma_table_set_integer (table, row, 0, -5);
  ma_table_set_number (table, row, 1, -2.5);
  ma_table_set_percent (table, row, 2, -0.1);
  ma_table_set_money (table, row, 3, -100050, "RUB");
  ma_table_set_text (table, row, 4, "-5");

  csv = ma_export_csv_to_string (table);
  /* Numbers stay numbers; the same characters as text are guarded. */
  g_assert_cmpstr (csv, ==, "i,x,p,m,t\r\n-5,-2.5,-10.0,-1000.50,'-5\r\n");
}

static void
test_csv_nulls (void)
{
  g_autoptr(MaTable) table = new_bonus_table ();
  g_autoptr(MaTable) empty = ma_table_new ();
  g_autofree char *csv = ma_export_csv_to_string (table);
  g_autofree char *nothing = ma_export_csv_to_string (empty);
  guint row;

  g_assert_cmpstr (csv, ==,
                   "employee,audits,score,weight,bonus\r\n"
                   "Иванова Анна,12,70.0,0.55,7200.00\r\n"
                   "\"Lee, \"\"Kim\"\"\",3,,0.333333,12345.67\r\n");

  row = ma_table_append_row (table);
  g_clear_pointer (&csv, g_free);
  csv = ma_export_csv_to_string (table);
  g_assert_true (g_str_has_suffix (csv, "12345.67\r\n,,,,\r\n"));

  g_assert_cmpuint (row, ==, 2);
  g_assert_cmpstr (nothing, ==, "");
}

/* A strict RFC 4180 reader, to show that what the writer quotes reads back
 * as the same fields. Returns rows of fields, NULL on malformed input. */
static GPtrArray *
parse_csv (const char *csv)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *fields = NULL;
  const char *p = csv;

  while (*p != '\0')
    {
      g_autoptr(GString) field = g_string_new (NULL);

      if (fields == NULL)
        {
          fields = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (rows, fields);
        }

      if (*p == '"')
        {
          for (p++;; p++)
            {
              if (*p == '\0')
                return NULL;
              if (*p == '"')
                {
                  if (p[1] != '"')
                    {
                      p++;
                      break;
                    }
                  p++;
                }
              g_string_append_c (field, *p);
            }
        }
      else
        {
          for (; *p != '\0' && *p != ',' && *p != '\r' && *p != '\n'; p++)
            {
              if (*p == '"')
                return NULL;
              g_string_append_c (field, *p);
            }
        }
      g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));

      if (*p == ',')
        p++;
      else if (p[0] == '\r' && p[1] == '\n')
        {
          p += 2;
          fields = NULL;
        }
      else
        return NULL;  /* a bare CR or LF, or text after a closing quote */
    }
  return g_steal_pointer (&rows);
}

static void
test_csv_cyrillic_file (void)
{
  const char *texts[] = {
    "Иванова Анна",
    "Ёлкин, «Пётр»",
    "Комментарий:\r\nвсё \"хорошо\"",
    "=ВПР(A1)",
    NULL,
  };
  g_autoptr(MaTable) table = new_text_table (texts);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ma-export-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gsize length = 0;
  GStatBuf st;
  GPtrArray *fields;

  g_assert_no_error (error);
  path = g_build_filename (dir, "отчёт.csv", NULL);

  /* Replaces an older file completely. */
  g_assert_true (g_file_set_contents (path, "old contents that are longer than nothing", -1, NULL));
  g_assert_true (ma_export_csv_to_file (table, path, &error));
  g_assert_no_error (error);

  expected = ma_export_csv_to_string (table);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, ==, strlen (expected));
  g_assert_cmpstr (contents, ==, expected);
  g_assert_true (g_utf8_validate (contents, length, NULL));
  /* No byte order mark: the file starts with the header. */
  g_assert_true (g_str_has_prefix (contents, "note\r\n"));

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0022, ==, 0);
  g_assert_cmpint (st.st_mode & 0600, ==, 0600);

  rows = parse_csv (contents);
  g_assert (rows != NULL);
  g_assert_cmpuint (rows->len, ==, 5);
  fields = g_ptr_array_index (rows, 0);
  g_assert_cmpuint (fields->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fields, 0), ==, "note");
  for (guint i = 0; i < 3; i++)
    {
      fields = g_ptr_array_index (rows, i + 1);
      g_assert_cmpuint (fields->len, ==, 1);
      g_assert_cmpstr (g_ptr_array_index (fields, 0), ==, texts[i]);
    }
  fields = g_ptr_array_index (rows, 4);
  g_assert_cmpstr (g_ptr_array_index (fields, 0), ==, "'=ВПР(A1)");

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_csv_file_error (void)
{
  g_autoptr(MaTable) table = new_bonus_table ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ma-export-XXXXXX", &error);
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "missing", "report.csv", NULL);
  g_assert_false (ma_export_csv_to_file (table, path, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "report.csv"));
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Reading a zip with GLib only: the central directory gives each member's
 * name, method and sizes (the local headers may leave the sizes to a data
 * descriptor); deflated members go through a raw zlib decompressor. */
static guint32
read_u32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

static guint16
read_u16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

static char *
zip_extract (const guint8 *zip,
             gsize         size,
             const char   *name)
{
  const guint8 *eocd = NULL;
  guint32 entries, cd_offset;
  const guint8 *p;

  g_assert_cmpuint (size, >=, 22);
  for (gsize i = size - 22;; i--)
    {
      if (memcmp (zip + i, "PK\x05\x06", 4) == 0)
        {
          eocd = zip + i;
          break;
        }
      if (i == 0)
        break;
    }
  g_assert_nonnull (eocd);
  entries = read_u16 (eocd + 10);
  cd_offset = read_u32 (eocd + 16);
  g_assert_cmpuint (cd_offset, <, size);

  p = zip + cd_offset;
  for (guint32 e = 0; e < entries; e++)
    {
      guint16 method, name_len, extra_len, comment_len;
      guint32 comp_size, plain_size, local_offset;
      const guint8 *local, *data;

      g_assert_cmpuint ((gsize) (p - zip) + 46, <=, size);
      g_assert_cmpint (memcmp (p, "PK\x01\x02", 4), ==, 0);
      method = read_u16 (p + 10);
      comp_size = read_u32 (p + 20);
      plain_size = read_u32 (p + 24);
      name_len = read_u16 (p + 28);
      extra_len = read_u16 (p + 30);
      comment_len = read_u16 (p + 32);
      local_offset = read_u32 (p + 42);

      if (name_len == strlen (name) && memcmp (p + 46, name, name_len) == 0)
        {
          g_autoptr(GConverter) inflater = NULL;
          char *out = g_malloc (plain_size + 1);
          gsize read = 0, written = 0;
          g_autoptr(GError) error = NULL;

          local = zip + local_offset;
          g_assert_cmpint (memcmp (local, "PK\x03\x04", 4), ==, 0);
          data = local + 30 + read_u16 (local + 26) + read_u16 (local + 28);
          g_assert_cmpuint ((gsize) (data - zip) + comp_size, <=, size);

          if (method == 0)
            memcpy (out, data, plain_size);
          else
            {
              g_assert_cmpuint (method, ==, 8);
              inflater = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW));
              g_assert_cmpint (g_converter_convert (inflater, data, comp_size,
                                                    out, plain_size + 1,
                                                    G_CONVERTER_INPUT_AT_END,
                                                    &read, &written, &error),
                               ==, G_CONVERTER_FINISHED);
              g_assert_no_error (error);
              g_assert_cmpuint (written, ==, plain_size);
            }
          out[plain_size] = '\0';
          return out;
        }
      p += 46 + name_len + extra_len + comment_len;
    }
  return NULL;
}

static gboolean
bytes_contain (const char *haystack,
               gsize       size,
               const char *needle)
{
  gsize n = strlen (needle);

  /* Not g_strstr_len (): a zip holds NUL bytes, and it stops at the first. */
  for (gsize i = 0; i + n <= size; i++)
    if (memcmp (haystack + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  guint count = 0;

  g_assert_nonnull (handle);
  while (g_dir_read_name (handle) != NULL)
    count++;
  return count;
}

static void
test_xlsx_file (void)
{
  g_autoptr(MaTable) table = new_bonus_table ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ma-export-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *sheet = NULL;
  g_autofree char *strings = NULL;
  g_autofree char *styles = NULL;
  g_autofree char *workbook = NULL;
  gsize length = 0;
  guint row;

  g_assert_no_error (error);
  path = g_build_filename (dir, "премии.xlsx", NULL);

  row = ma_table_append_row (table);
  ma_table_set_text (table, row, 0, "=HYPERLINK(\"http://evil\",\"click\")");
  ma_table_set_money (table, row, 4, 1500, "JPY");

  g_assert_true (ma_export_xlsx_to_file (table, "Премии 2026-10", path, &error));
  g_assert_no_error (error);
  /* Only the workbook: the temporary file is gone. */
  g_assert_cmpuint (count_entries (dir), ==, 1);

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 4);
  g_assert_cmpint (memcmp (contents, "PK\x03\x04", 4), ==, 0);
  g_assert_true (bytes_contain (contents, length, "xl/worksheets/sheet1.xml"));

  sheet = zip_extract ((const guint8 *) contents, length, "xl/worksheets/sheet1.xml");
  strings = zip_extract ((const guint8 *) contents, length, "xl/sharedStrings.xml");
  styles = zip_extract ((const guint8 *) contents, length, "xl/styles.xml");
  workbook = zip_extract ((const guint8 *) contents, length, "xl/workbook.xml");
  g_assert_nonnull (sheet);
  g_assert_nonnull (strings);
  g_assert_nonnull (styles);
  g_assert_nonnull (workbook);

  g_assert_nonnull (strstr (workbook, "name=\"Премии 2026-10\""));
  /* Real numbers: 12 audits, 70 % as 0.7, money in roubles. */
  g_assert_nonnull (strstr (sheet, "<v>12</v>"));
  g_assert_nonnull (strstr (sheet, "<v>0.7</v>"));
  g_assert_nonnull (strstr (sheet, "<v>7200</v>"));
  g_assert_nonnull (strstr (sheet, "<v>12345.67</v>"));
  g_assert_nonnull (strstr (sheet, "<v>1500</v>"));
  /* The empty score is no cell at all. */
  g_assert_null (strstr (sheet, "r=\"C3\""));
  /* Text is never a formula. */
  g_assert_null (strstr (sheet, "<f>"));
  g_assert_nonnull (strstr (strings, "=HYPERLINK("));
  g_assert_nonnull (strstr (strings, "Иванова Анна"));
  g_assert_nonnull (strstr (strings, "Сотрудник"));
  /* Frozen header, set widths, the number formats and a bold font. */
  g_assert_nonnull (strstr (sheet, "ySplit=\"1\""));
  g_assert_nonnull (strstr (sheet, "state=\"frozen\""));
  g_assert_nonnull (strstr (sheet, "customWidth=\"1\""));
  g_assert_nonnull (strstr (styles, "formatCode=\"#,##0.00\""));
  g_assert_nonnull (strstr (styles, "formatCode=\"#,##0\""));
  g_assert_nonnull (strstr (styles, "formatCode=\"0.0%\""));
  g_assert_nonnull (strstr (styles, "<b/>"));

  /* Writing again replaces the workbook. */
  g_assert_true (ma_export_xlsx_to_file (table, NULL, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_entries (dir), ==, 1);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_xlsx_errors (void)
{
  g_autoptr(MaTable) table = new_bonus_table ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ma-export-XXXXXX", &error);
  g_autofree char *missing = NULL;
  g_autofree char *path = NULL;
  g_autofree char *subdir = NULL;
  g_autofree char *huge = NULL;
  guint row;

  g_assert_no_error (error);

  /* A directory that does not exist. */
  missing = g_build_filename (dir, "missing", "report.xlsx", NULL);
  g_assert_false (ma_export_xlsx_to_file (table, NULL, missing, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "report.xlsx"));
  g_clear_error (&error);
  g_assert_cmpuint (count_entries (dir), ==, 0);

  /* A path taken by a directory: the workbook is written, the rename
   * fails, and the temporary file must not stay behind. */
  subdir = g_build_filename (dir, "taken.xlsx", NULL);
  g_assert_cmpint (g_mkdir (subdir, 0755), ==, 0);
  g_assert_false (ma_export_xlsx_to_file (table, NULL, subdir, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
  g_assert_nonnull (strstr (error->message, "taken.xlsx"));
  g_clear_error (&error);
  g_assert_cmpuint (count_entries (dir), ==, 1);
  g_assert_cmpint (g_rmdir (subdir), ==, 0);

  /* Sheet names Excel refuses. */
  path = g_build_filename (dir, "report.xlsx", NULL);
  g_assert_false (ma_export_xlsx_to_file (table, "a/b", path, &error));
  g_assert_error (error, MA_EXPORT_ERROR, MA_EXPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "a/b"));
  g_clear_error (&error);
  g_assert_false (ma_export_xlsx_to_file (table, "Очень длинное название листа отчёта", path, &error));
  g_assert_error (error, MA_EXPORT_ERROR, MA_EXPORT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ma_export_xlsx_to_file (table, "", path, &error));
  g_assert_error (error, MA_EXPORT_ERROR, MA_EXPORT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (count_entries (dir), ==, 0);

  /* A cell longer than Excel allows fails while filling the sheet: the
   * error names the cell, and nothing is left on disk. */
  huge = g_strnfill (40000, 'x');
  row = ma_table_append_row (table);
  ma_table_set_text (table, row, 0, huge);
  g_assert_false (ma_export_xlsx_to_file (table, NULL, path, &error));
  g_assert_error (error, MA_EXPORT_ERROR, MA_EXPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "report.xlsx"));
  g_assert_nonnull (strstr (error->message, "row 4"));
  g_assert_nonnull (strstr (error->message, "employee"));
  g_assert_false (g_str_has_suffix (error->message, "."));
  g_clear_error (&error);
  g_assert_cmpuint (count_entries (dir), ==, 0);

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_text_renderer (void)
{
  g_autoptr(MaTable) table = new_bonus_table ();
  g_autoptr(MaTable) empty = ma_table_new ();
  g_autofree char *text = NULL;
  g_autofree char *nothing = ma_export_text (empty);
  guint row;

  row = ma_table_append_row (table);
  ma_table_set_text (table, row, 0, "Two\nlines\x1b[31m");
  ma_table_set_money (table, row, 4, 5, NULL);

  text = ma_export_text (table);
  g_assert_cmpstr (text, ==,
                   "Сотрудник       Проверок   Балл       Вес        Премия\n"
                   "--------------  --------  -----  --------  ------------\n"
                   "Иванова Анна          12  70.0%      0.55   7200.00 RUB\n"
                   "Lee, \"Kim\"             3      —  0.333333  12345.67 RUB\n"
                   "Two lines [31m         —      —         —      0.05 RUB\n");
  g_assert_cmpstr (nothing, ==, "");
}

static void
test_text_wide_characters (void)
{
  g_autoptr(MaTable) table = ma_table_new ();
  g_autofree char *text = NULL;

  ma_table_add_column (table, "name", "Name", MA_CELL_TEXT);
  ma_table_add_column (table, "n", "N", MA_CELL_INTEGER);
  ma_table_set_text (table, ma_table_append_row (table), 0, "東京");
  ma_table_set_integer (table, 0, 1, 1);
  ma_table_set_text (table, ma_table_append_row (table), 0, "Cafe\xcc\x81");
  ma_table_set_integer (table, 1, 1, 22);

  text = ma_export_text (table);
  /* The ideographs take two cells each, the combining accent none. */
  g_assert_cmpstr (text, ==,
                   "Name   N\n"
                   "----  --\n"
                   "東京   1\n"
                   "Cafe\xcc\x81  22\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/export/table/cells", test_table_cells);
  g_test_add_func ("/export/table/wrong-kind", test_table_wrong_kind);
  g_test_add_func ("/export/table/plain-format", test_table_plain_format);
  g_test_add_func ("/export/table/c-locale", test_table_c_locale);
  g_test_add_func ("/export/csv/quoting", test_csv_quoting);
  g_test_add_func ("/export/csv/formula-escaping", test_csv_formula_escaping);
  g_test_add_func ("/export/csv/negative-numbers", test_csv_negative_numbers);
  g_test_add_func ("/export/csv/nulls", test_csv_nulls);
  g_test_add_func ("/export/csv/cyrillic-file", test_csv_cyrillic_file);
  g_test_add_func ("/export/csv/file-error", test_csv_file_error);
  g_test_add_func ("/export/xlsx/file", test_xlsx_file);
  g_test_add_func ("/export/xlsx/errors", test_xlsx_errors);
  g_test_add_func ("/export/text/renderer", test_text_renderer);
  g_test_add_func ("/export/text/wide-characters", test_text_wide_characters);
  return g_test_run ();
}
