/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ma-csv-read.h"

static MaCsvTable *
read_ok (const char *text,
         char        delimiter)
{
  g_autoptr(GError) error = NULL;
  MaCsvTable *table = ma_csv_read (text, -1, delimiter, &error);

  g_assert_no_error (error);
  g_assert_nonnull (table);
  return table;
}

static const MaCsvRecord *
record (const MaCsvTable *table,
        guint             i)
{
  g_assert_cmpuint (i, <, table->records->len);
  return g_ptr_array_index (table->records, i);
}

static void
test_plain (void)
{
  g_autoptr(MaCsvTable) table = read_ok ("code,name\r\nE1,Ivan\r\nE2,Olga", 0);

  g_assert_cmpint (table->delimiter, ==, ',');
  g_assert_cmpuint (table->records->len, ==, 3);
  g_assert_cmpuint (record (table, 2)->n_fields, ==, 2);
  g_assert_cmpstr (record (table, 2)->fields[0], ==, "E2");
  g_assert_cmpstr (record (table, 2)->fields[1], ==, "Olga");
  g_assert_cmpuint (record (table, 2)->line, ==, 3);
}

/* Russian Excel writes ';' and decimal commas; the separator is found on
 * the first line, outside quotes. */
static void
test_delimiter_guess (void)
{
  g_autoptr(MaCsvTable) semi = read_ok ("\"Табельный номер, код\";ФИО;Оклад\nE1;Иван;60 000,50\n", 0);
  g_autoptr(MaCsvTable) tab = read_ok ("a\tb,c\n1\t2\n", 0);
  g_autoptr(MaCsvTable) forced = read_ok ("a;b,c\n", ',');

  g_assert_cmpint (semi->delimiter, ==, ';');
  g_assert_cmpstr (record (semi, 0)->fields[0], ==, "Табельный номер, код");
  g_assert_cmpstr (record (semi, 1)->fields[2], ==, "60 000,50");
  g_assert_cmpint (tab->delimiter, ==, '\t');
  g_assert_cmpstr (record (tab, 0)->fields[1], ==, "b,c");
  g_assert_cmpuint (record (forced, 0)->n_fields, ==, 2);
  g_assert_cmpstr (record (forced, 0)->fields[0], ==, "a;b");
}

/* RFC 4180: doubled quotes, delimiters and line breaks in quoted fields;
 * the line of each record counts the breaks inside quotes. */
static void
test_quotes_and_lines (void)
{
  g_autoptr(MaCsvTable) table =
    read_ok ("\xef\xbb\xbf" "a,b\n\"say \"\"hi\"\"\",\"two\r\nlines\"\n\n\nx,\"\"\r\n\"\"\n", 0);

  g_assert_cmpuint (table->records->len, ==, 4);
  g_assert_cmpstr (record (table, 0)->fields[0], ==, "a");
  g_assert_cmpstr (record (table, 1)->fields[0], ==, "say \"hi\"");
  g_assert_cmpstr (record (table, 1)->fields[1], ==, "two\nlines");
  g_assert_cmpuint (record (table, 1)->line, ==, 2);
  /* Two blank lines are skipped but counted. */
  g_assert_cmpuint (record (table, 2)->line, ==, 6);
  g_assert_cmpstr (record (table, 2)->fields[1], ==, "");
  /* A quoted empty field is a record, not a blank line. */
  g_assert_cmpuint (record (table, 3)->line, ==, 7);
  g_assert_cmpuint (record (table, 3)->n_fields, ==, 1);
  /* Old Mac line ends. */
  {
    g_autoptr(MaCsvTable) cr = read_ok ("a\rb\rc", 0);

    g_assert_cmpuint (cr->records->len, ==, 3);
    g_assert_cmpuint (record (cr, 2)->line, ==, 3);
  }
  /* Empty trailing fields are kept. */
  {
    g_autoptr(MaCsvTable) trailing = read_ok ("a,,\n", 0);

    g_assert_cmpuint (record (trailing, 0)->n_fields, ==, 3);
  }
}

static void
assert_read_error (const char *text,
                   gssize      length,
                   int         code,
                   const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaCsvTable) table = ma_csv_read (text, length, 0, &error);

  g_assert_null (table);
  g_assert_error (error, MA_CSV_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_errors (void)
{
  assert_read_error ("a,b\nc,\"open\nstill open", -1, MA_CSV_ERROR_QUOTE,
                     "Line 2: the quoted field 2 is never closed");
  assert_read_error ("a\n\"x\"y,b\n", -1, MA_CSV_ERROR_QUOTE,
                     "Line 2: field 1 has text after its closing quote; "
                     "a quote inside a quoted field is written twice (\"\")");
  assert_read_error ("a\nb\n\xff\n", -1, MA_CSV_ERROR_ENCODING,
                     "Line 3: the text is not UTF-8; save the file as “CSV UTF-8” and open it again");
  assert_read_error ("a\nb\0c", 5, MA_CSV_ERROR_ENCODING,
                     "Line 2: the file holds a NUL byte; it is not a text file");
  assert_read_error ("\n\r\n", -1, MA_CSV_ERROR_EMPTY, "The file holds no lines");
  assert_read_error ("", 0, MA_CSV_ERROR_EMPTY, "The file holds no lines");
}

static void
test_numbers (void)
{
  static const struct {
    const char *text;
    double      value;
  } good[] = {
    { "1234.5", 1234.5 }, { "1234,5", 1234.5 }, { "1 234,50", 1234.5 },
    { "1\u00a0234,5", 1234.5 }, { "1,234.50", 1234.5 }, { "1.234,50", 1234.5 },
    { "1.234.567", 1234567 }, { "1,234,567", 1234567 }, { "-3", -3 }, { " 42 ", 42 },
    { "\u22127,5", -7.5 }, { "1'234.5", 1234.5 }, { "0", 0 }, { "+2", 2 },
  };
  static const char * const bad[] = { "", "  ", "abc", "12 %", "1.2.3,4,5", "1-2", "--", "1e5", "₽100" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      double value = -1;
      g_autofree char *message = NULL;

      g_assert_true (ma_csv_parse_number (good[i].text, &value, &message));
      g_assert_null (message);
      g_assert_cmpfloat (value, ==, good[i].value);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      double value = -1;
      g_autofree char *message = NULL;

      g_assert_false (ma_csv_parse_number (bad[i], &value, &message));
      g_assert_nonnull (message);
      g_assert_cmpfloat (value, ==, -1);
    }
  {
    g_autofree char *message = NULL;
    double value;

    g_assert_false (ma_csv_parse_number ("12 %", &value, &message));
    g_assert_cmpstr (message, ==, "\"12 %\" is not a number");
  }
}

static void
test_dates (void)
{
  static const struct {
    const char *text;
    const char *date;
  } good[] = {
    { "2026-10-01", "2026-10-01" }, { "1.2.2026", "2026-02-01" }, { "31.12.2025", "2025-12-31" },
    { " 2026-3-7 ", "2026-03-07" }, { "2026-10-01 00:00:00", "2026-10-01" }, { "29.02.2024", "2024-02-29" },
  };
  static const char * const bad[] = {
    "", "2026-13-01", "29.02.2025", "2026/10/01", "10.2026", "2026-10-01 12:00", "01.01.26", "x",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *date = NULL;

      g_assert_true (ma_csv_parse_date (good[i].text, &date, NULL));
      g_assert_cmpstr (date, ==, good[i].date);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *date = NULL;
      g_autofree char *message = NULL;

      g_assert_false (ma_csv_parse_date (bad[i], &date, &message));
      g_assert_null (date);
      g_assert_nonnull (message);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/csv-read/plain", test_plain);
  g_test_add_func ("/csv-read/delimiter-guess", test_delimiter_guess);
  g_test_add_func ("/csv-read/quotes-and-lines", test_quotes_and_lines);
  g_test_add_func ("/csv-read/errors", test_errors);
  g_test_add_func ("/csv-read/numbers", test_numbers);
  g_test_add_func ("/csv-read/dates", test_dates);
  return g_test_run ();
}
