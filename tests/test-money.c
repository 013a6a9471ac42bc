/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "ma-money.h"

static void
test_round_half_away (void)
{
  /* 61.725 is stored as 61.72499999...; a person rounds it up. */
  g_assert_cmpfloat (ma_round_half_away (61.725, 2), ==, 61.73);
  g_assert_cmpfloat (ma_round_half_away (-61.725, 2), ==, -61.73);
  g_assert_cmpfloat (ma_round_half_away (0.125, 2), ==, 0.13);
  g_assert_cmpfloat (ma_round_half_away (2.5, 0), ==, 3.0);
  g_assert_cmpfloat (ma_round_half_away (-2.5, 0), ==, -3.0);
  g_assert_cmpfloat (ma_round_half_away (70.05, 1), ==, 70.1);
  /* Not halves: ordinary rounding. */
  g_assert_cmpfloat (ma_round_half_away (61.724, 2), ==, 61.72);
  g_assert_cmpfloat (ma_round_half_away (61.7251, 2), ==, 61.73);
  g_assert_cmpfloat (ma_round_half_away (0.0, 1), ==, 0.0);
  g_assert_true (isnan (ma_round_half_away (NAN, 1)));
}

static void
test_minor_digits (void)
{
  g_assert_cmpint (ma_currency_minor_digits ("RUB"), ==, 2);
  g_assert_cmpint (ma_currency_minor_digits ("EUR"), ==, 2);
  g_assert_cmpint (ma_currency_minor_digits ("JPY"), ==, 0);
  g_assert_cmpint (ma_currency_minor_digits ("KWD"), ==, 3);
  g_assert_true (ma_currency_is_valid ("RUB"));
  g_assert_false (ma_currency_is_valid ("rub"));
  g_assert_false (ma_currency_is_valid ("RUBL"));
  g_assert_false (ma_currency_is_valid (NULL));
}

static void
test_from_double (void)
{
  g_autoptr(GError) error = NULL;
  gint64 minor = 0;

  g_assert_true (ma_money_from_double (60000.00, "RUB", &minor, &error));
  g_assert_no_error (error);
  g_assert_cmpint (minor, ==, 6000000);
  g_assert_true (ma_money_from_double (60000.01, "RUB", &minor, &error));
  g_assert_cmpint (minor, ==, 6000001);
  g_assert_true (ma_money_from_double (1234.57, "EUR", &minor, &error));
  g_assert_cmpint (minor, ==, 123457);
  g_assert_true (ma_money_from_double (5000, "JPY", &minor, &error));
  g_assert_cmpint (minor, ==, 5000);

  g_assert_false (ma_money_from_double (60000.005, "RUB", &minor, &error));
  g_assert_error (error, MA_MONEY_ERROR, MA_MONEY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ma_money_from_double (10.5, "JPY", &minor, &error));
  g_clear_error (&error);
  g_assert_false (ma_money_from_double (-1, "RUB", &minor, &error));
  g_clear_error (&error);
  g_assert_false (ma_money_from_double (INFINITY, "RUB", &minor, &error));
  g_clear_error (&error);
  g_assert_false (ma_money_from_double (1e300, "RUB", &minor, &error));
  g_clear_error (&error);
}

static void
test_format_plain (void)
{
  g_autofree char *a = ma_money_format_plain (720000, "RUB");
  g_autofree char *b = ma_money_format_plain (5, "RUB");
  g_autofree char *c = ma_money_format_plain (-150, "EUR");
  g_autofree char *d = ma_money_format_plain (5000, "JPY");
  g_autofree char *e = ma_money_format_plain (1234, "KWD");

  g_assert_cmpstr (a, ==, "7200.00");
  g_assert_cmpstr (b, ==, "0.05");
  g_assert_cmpstr (c, ==, "-1.50");
  g_assert_cmpstr (d, ==, "5000");
  g_assert_cmpstr (e, ==, "1.234");
}

static void
test_component_amount (void)
{
  /* scoring.md example C */
  g_assert_cmpint (ma_money_component_amount (6000000, 55, 1.0), ==, 3300000);
  g_assert_cmpint (ma_money_component_amount (6000000, 15, 0.80), ==, 720000);
  g_assert_cmpint (ma_money_component_amount (6000000, 10, 0.95), ==, 570000);
  g_assert_cmpint (ma_money_component_amount (6000000, 10, 0.60), ==, 360000);
  g_assert_cmpint (ma_money_component_amount (6000000, 10, 1.00), ==, 600000);
  /* An exact decimal half of a kopeck rounds away from zero:
   * 1234.50 x 5 % x 1 = 61.725 -> 61.73. */
  g_assert_cmpint (ma_money_component_amount (123450, 5, 1.0), ==, 6173);
  /* 1234.50 x 12.5 % x 0.4 = 61.725 -> 61.73 */
  g_assert_cmpint (ma_money_component_amount (123450, 12.5, 0.4), ==, 6173);
  /* Below the half: down. 1234.40 x 5 % = 61.72 */
  g_assert_cmpint (ma_money_component_amount (123440, 5, 1.0), ==, 6172);
  g_assert_cmpint (ma_money_component_amount (6000000, 15, 0.0), ==, 0);
  /* Over-achievement with a cap: 1.2 */
  g_assert_cmpint (ma_money_component_amount (6000000, 55, 1.2), ==, 3960000);
}

static void
test_format_with (void)
{
  MaMoneyStyle ru = { ",", "\u00a0", "\3", FALSE, TRUE };
  MaMoneyStyle us = { ".", ",", "\3", TRUE, FALSE };
  MaMoneyStyle india = { ".", ",", "\3\2", TRUE, FALSE };
  MaMoneyStyle none = { ".", "", "", FALSE, TRUE };
  char *text;

  text = ma_money_format_with (6000000, "RUB", &ru);
  g_assert_cmpstr (text, ==, "60\u00a0000,00\u00a0₽");
  g_free (text);
  text = ma_money_format_with (720000, "RUB", &ru);
  g_assert_cmpstr (text, ==, "7\u00a0200,00\u00a0₽");
  g_free (text);
  text = ma_money_format_with (99, "RUB", &ru);
  g_assert_cmpstr (text, ==, "0,99\u00a0₽");
  g_free (text);
  text = ma_money_format_with (123456789012, "USD", &us);
  g_assert_cmpstr (text, ==, "$1,234,567,890.12");
  g_free (text);
  text = ma_money_format_with (-150000, "EUR", &us);
  g_assert_cmpstr (text, ==, "-€1,500.00");
  g_free (text);
  /* The last group size repeats: 1,23,45,678.00. */
  text = ma_money_format_with (12345678 * G_GINT64_CONSTANT (100), "USD", &india);
  g_assert_cmpstr (text, ==, "$1,23,45,678.00");
  g_free (text);
  /* No minor unit: no decimal point; an unknown currency shows its code. */
  text = ma_money_format_with (1500000, "JPY", &none);
  g_assert_cmpstr (text, ==, "1500000\u00a0JPY");
  g_free (text);
  text = ma_money_format_with (100, "KWD", &none);
  g_assert_cmpstr (text, ==, "0.100\u00a0KWD");
  g_free (text);
  g_assert_cmpstr (ma_currency_symbol ("EUR"), ==, "€");
  g_assert_cmpstr (ma_currency_symbol ("CHF"), ==, "CHF");
}

static void
test_format_locale (void)
{
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  char *text;

  g_assert_nonnull (setlocale (LC_ALL, "C"));
  text = ma_money_format_locale (6000000, "RUB");
  g_assert_cmpstr (text, ==, "60000.00\u00a0₽");
  g_free (text);

  if (setlocale (LC_ALL, "ru_RU.UTF-8") != NULL)
    {
      struct lconv *conv = localeconv ();
      g_autofree char *sep = g_strdup (conv->mon_thousands_sep);
      g_autofree char *expected = NULL;

      /* glibc's ru_RU groups by three with a no-break space (U+00A0 or
       * U+202F, by version) and puts the symbol after the number. */
      g_assert_true (g_str_equal (sep, "\u00a0") || g_str_equal (sep, "\u202f"));
      expected = g_strdup_printf ("60%s000,00\u00a0₽", sep);
      text = ma_money_format_locale (6000000, "RUB");
      g_assert_cmpstr (text, ==, expected);
      g_free (text);
    }
  else
    g_test_message ("ru_RU.UTF-8 is not installed: only the C locale was checked");

  setlocale (LC_ALL, saved);
}

static void
assert_fixed_as_printf (double value,
                        int    decimals)
{
  g_autoptr(GString) ours = g_string_new ("x");
  char format[8];
  char theirs[400];

  g_snprintf (format, sizeof format, "%%.%df", decimals);
  g_ascii_formatd (theirs, sizeof theirs, format, value);
  ma_append_fixed (ours, value, decimals);
  /* Appended after what was there. */
  if (strcmp (ours->str + 1, theirs) != 0 || ours->str[0] != 'x')
    g_error ("%.17g with %d decimals: “%s”, printf writes “%s”", value, decimals, ours->str + 1,
             theirs);
}

/* ma_append_fixed() writes what printf writes, for every kind of value:
 * its own digits for the usual ones, printf's for the rest. */
static void
test_append_fixed (void)
{
  static const double fixed[] = {
    0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 1.005, 2.675, 70.25, 70.35,
    0.1, 0.7, 99.95, 1e-7, -1e-7, 5e-7, 123456789.123456789, 4503599627370495.5,
    4503599627370497.0, 1e20, -1e300, 1.7976931348623157e308, 4.9e-324, 0.9696969696969697,
    0.953125, 57500.0, 12.5, 0.45, 0.055,
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    for (int d = 0; d <= 9; d++)
      assert_fixed_as_printf (fixed[i], d);
  assert_fixed_as_printf (INFINITY, 2);
  assert_fixed_as_printf (-INFINITY, 0);
  assert_fixed_as_printf (NAN, 3);

  for (guint i = 0; i < 200000; i++)
    {
      int d = g_rand_int_range (rand, 0, 10);
      double value = (g_rand_double (rand) - 0.5) * pow (10, g_rand_int_range (rand, -8, 17));

      assert_fixed_as_printf (value, d);
      /* Decimal halves and values next to them, where rounding is decided. */
      value = (double) g_rand_int_range (rand, -2000000, 2000000) / 8.0;
      assert_fixed_as_printf (value, g_rand_int_range (rand, 0, 3));
      assert_fixed_as_printf (nextafter (value, INFINITY), g_rand_int_range (rand, 0, 3));
      assert_fixed_as_printf (nextafter (value, -INFINITY), g_rand_int_range (rand, 0, 3));
    }
}

static void
test_append_plain (void)
{
  static const gint64 amounts[] = { 0, 1, -1, 5, -5, 99, 100, 101, 12345, -12345, 6000000,
                                    G_MAXINT64, G_MININT64, G_MININT64 + 1 };
  static const char *const currencies[] = { "RUB", "JPY", "KWD", "EUR", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (amounts); i++)
    for (guint j = 0; j < G_N_ELEMENTS (currencies); j++)
      {
        int digits = ma_currency_minor_digits (currencies[j]);
        guint64 magnitude = amounts[i] < 0 ? (guint64) (-(amounts[i] + 1)) + 1 : (guint64) amounts[i];
        guint64 scale = digits == 0 ? 1 : digits == 2 ? 100 : 1000;
        g_autofree char *expected = digits == 0
          ? g_strdup_printf ("%s%" G_GUINT64_FORMAT, amounts[i] < 0 ? "-" : "", magnitude)
          : g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT, amounts[i] < 0 ? "-" : "",
                             magnitude / scale, digits, magnitude % scale);
        g_autofree char *plain = ma_money_format_plain (amounts[i], currencies[j]);
        g_autoptr(GString) appended = g_string_new ("= ");

        ma_money_append_plain (appended, amounts[i], currencies[j]);
        g_assert_cmpstr (plain, ==, expected);
        g_assert_cmpstr (appended->str + 2, ==, expected);
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/money/round-half-away", test_round_half_away);
  g_test_add_func ("/money/minor-digits", test_minor_digits);
  g_test_add_func ("/money/from-double", test_from_double);
  g_test_add_func ("/money/format-plain", test_format_plain);
  g_test_add_func ("/money/append-fixed", test_append_fixed);
  g_test_add_func ("/money/append-plain", test_append_plain);
  g_test_add_func ("/money/component-amount", test_component_amount);
  g_test_add_func ("/money/format-with", test_format_with);
  g_test_add_func ("/money/format-locale", test_format_locale);
  return g_test_run ();
}
