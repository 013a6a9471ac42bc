/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <float.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "ma-money.h"

G_DEFINE_QUARK (ma-money-error-quark, ma_money_error)

/* Amounts beyond this many minor units (about 10^13 roubles) are refused, so
 * that sums of thousands of them stay exact in a double and in a gint64. */
#define MAX_MINOR_UNITS G_GINT64_CONSTANT (1000000000000000) /* 10^15 */

static double
round_integer_half_away (double value)
{
  double lower = floor (value);
  double distance = value - lower;
  /* A double holding a decimal half (x.5 after scaling) can be off by a few
   * units in the last place; within that, it is the half a person means. */
  double tolerance = 8 * DBL_EPSILON * MAX (1.0, fabs (value));

  if (fabs (distance - 0.5) <= tolerance)
    return value >= 0 ? lower + 1.0 : lower;
  return round (value);
}

double
ma_round_half_away (double value,
                    int    decimals)
{
  double scale;

  if (!isfinite (value))
    return value;
  scale = pow (10.0, decimals);
  return round_integer_half_away (value * scale) / scale;
}

/* Sorted by code. */
static const struct {
  const char *code;
  int         digits;
} minor_digits[] = {
  { "BHD", 3 }, { "BIF", 0 }, { "CLP", 0 }, { "DJF", 0 }, { "GNF", 0 },
  { "IQD", 3 }, { "ISK", 0 }, { "JOD", 3 }, { "JPY", 0 }, { "KMF", 0 },
  { "KRW", 0 }, { "KWD", 3 }, { "LYD", 3 }, { "OMR", 3 }, { "PYG", 0 },
  { "RWF", 0 }, { "TND", 3 }, { "UGX", 0 }, { "VND", 0 }, { "VUV", 0 },
  { "XAF", 0 }, { "XOF", 0 }, { "XPF", 0 },
};

int
ma_currency_minor_digits (const char *currency)
{
  /* A binary search of the sorted list: reports ask for every amount. */
  guint low = 0, high = G_N_ELEMENTS (minor_digits);

  if (currency == NULL)
    return 2;
  while (low < high)
    {
      guint middle = (low + high) / 2;
      int order = strcmp (currency, minor_digits[middle].code);

      if (order == 0)
        return minor_digits[middle].digits;
      if (order < 0)
        high = middle;
      else
        low = middle + 1;
    }
  return 2;
}

gboolean
ma_currency_is_valid (const char *currency)
{
  if (currency == NULL || strlen (currency) != 3)
    return FALSE;
  for (int i = 0; i < 3; i++)
    if (!g_ascii_isupper (currency[i]))
      return FALSE;
  return TRUE;
}

static gint64
pow10_int (int digits)
{
  gint64 result = 1;

  while (digits-- > 0)
    result *= 10;
  return result;
}

/* The shortest text that reads back as @value: 60000.001, not
 * 60000.000999999997, so that a message quotes what the file said. */
static void
format_shortest (double value,
                 char   buffer[G_ASCII_DTOSTR_BUF_SIZE])
{
  static const char * const formats[] = { "%.15g", "%.16g", "%.17g" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buffer, G_ASCII_DTOSTR_BUF_SIZE, formats[i], value);
      if (g_ascii_strtod (buffer, NULL) == value)
        return;
    }
}

gboolean
ma_money_from_double (double       amount,
                      const char  *currency,
                      gint64      *out_minor,
                      GError     **error)
{
  int digits = ma_currency_minor_digits (currency);
  char shown[G_ASCII_DTOSTR_BUF_SIZE];
  double scaled, rounded;

  if (!isfinite (amount) || amount < 0)
    {
      g_set_error (error, MA_MONEY_ERROR, MA_MONEY_ERROR_INVALID,
                   _("%g is not a valid amount of money"), amount);
      return FALSE;
    }

  scaled = amount * (double) pow10_int (digits);
  if (scaled > (double) MAX_MINOR_UNITS)
    {
      g_set_error (error, MA_MONEY_ERROR, MA_MONEY_ERROR_INVALID,
                   _("%.2f is too large an amount"), amount);
      return FALSE;
    }

  rounded = round (scaled);
  format_shortest (amount, shown);
  /* 60000.01 * 100 is not exactly 6000001 in binary, so compare with a
   * tolerance relative to the size; a third decimal in roubles is an error
   * in the data, not something to round away silently. */
  if (fabs (scaled - rounded) > 64 * DBL_EPSILON * MAX (1.0, fabs (scaled)))
    {
      g_set_error (error, MA_MONEY_ERROR, MA_MONEY_ERROR_INVALID,
                   _("%s has more decimals than %s allows (%d)"), shown,
                   currency ? currency : "?", digits);
      return FALSE;
    }

  *out_minor = (gint64) rounded;
  return TRUE;
}

double
ma_money_to_double (gint64      minor,
                    const char *currency)
{
  return (double) minor / (double) pow10_int (ma_currency_minor_digits (currency));
}

void
ma_money_append_plain (GString    *out,
                       gint64      minor,
                       const char *currency)
{
  int digits = ma_currency_minor_digits (currency);
  guint64 magnitude = minor < 0 ? (guint64) (-(minor + 1)) + 1 : (guint64) minor;
  char text[48];
  int length = 0;

  g_return_if_fail (out != NULL);
  g_return_if_fail (digits >= 0 && digits <= 9);

  /* Backwards from the last digit; at least one digit before the point. */
  do
    {
      text[length++] = (char) ('0' + magnitude % 10);
      magnitude /= 10;
      if (length == digits)
        text[length++] = '.';
    }
  while (magnitude > 0 || length < (digits > 0 ? digits + 2 : 1));
  if (minor < 0)
    text[length++] = '-';
  while (length > 0)
    g_string_append_c (out, text[--length]);
}

char *
ma_money_format_plain (gint64      minor,
                       const char *currency)
{
  GString *out = g_string_sized_new (24);

  ma_money_append_plain (out, minor, currency);
  return g_string_free (out, FALSE);
}

/* The fast way of ma_append_fixed(); FALSE, appending nothing, when it
 * cannot be sure to write what printf writes: a value too large for it, or
 * so close to a half in the last decimal that the one rounding of the
 * product below could decide differently from printf's exact decimal
 * rounding of the binary value. */
static gboolean
append_fixed_fast (GString *out,
                   double   value,
                   int      decimals)
{
  static const double scales[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9 };
  static const guint64 iscales[] = { 1, 10, 100, 1000, 10000, 100000, 1000000, 10000000,
                                     100000000, 1000000000 };
  char digits[32];
  double scaled, fraction, rounded;
  guint64 magnitude, whole, part;
  int length = 0;

  scaled = value * scales[decimals];  /* at most half an ulp off */
  if (!(fabs (scaled) < 4503599627370496.0))  /* 2^52; also NaN */
    return FALSE;
  fraction = fabs (scaled - trunc (scaled));  /* exact */
  if (fabs (fraction - 0.5) <= fabs (scaled) * 1e-15 + 1e-300)
    return FALSE;
  rounded = round (scaled);
  if (rounded == 0.0 && signbit (value))
    return FALSE;  /* printf writes "-0.0..." */

  magnitude = (guint64) fabs (rounded);
  whole = magnitude / iscales[decimals];
  part = magnitude % iscales[decimals];

  if (rounded < 0.0)
    g_string_append_c (out, '-');
  do
    {
      digits[length++] = (char) ('0' + whole % 10);
      whole /= 10;
    }
  while (whole > 0);
  while (length > 0)
    g_string_append_c (out, digits[--length]);
  if (decimals == 0)
    return TRUE;

  for (int i = decimals - 1; i >= 0; i--)
    {
      digits[i] = (char) ('0' + part % 10);
      part /= 10;
    }
  g_string_append_c (out, '.');
  g_string_append_len (out, digits, decimals);
  return TRUE;
}

void
ma_append_fixed (GString *out,
                 double   value,
                 int      decimals)
{
  /* Wide enough for any finite double: DBL_MAX has 309 integer digits. */
  char buffer[400];
  char format[8];

  g_return_if_fail (out != NULL);
  g_return_if_fail (decimals >= 0 && decimals <= 9);

  if (append_fixed_fast (out, value, decimals))
    return;
  g_snprintf (format, sizeof format, "%%.%df", decimals);
  g_ascii_formatd (buffer, sizeof buffer, format, value);
  g_string_append (out, buffer);
}

gint64
ma_money_component_amount (gint64 base_minor,
                           double share_percent,
                           double payout)
{
  /* base x share first: both are exact (integers, or shares such as 12.5),
   * so the only inexact step is the payout, and an exact decimal half such
   * as 6172.5 minor units still rounds up. */
  double amount = (double) base_minor * share_percent / 100.0 * payout;

  return (gint64) round_integer_half_away (amount);
}

/* The symbol never wraps away from its number. */
#define NBSP "\u00a0"

static const struct {
  const char *code;
  const char *symbol;
} currency_symbols[] = {
  { "EUR", "€" }, { "GBP", "£" }, { "RUB", "₽" }, { "USD", "$" },
};

const char *
ma_currency_symbol (const char *currency)
{
  for (guint i = 0; i < G_N_ELEMENTS (currency_symbols); i++)
    if (g_strcmp0 (currency, currency_symbols[i].code) == 0)
      return currency_symbols[i].symbol;
  return currency != NULL ? currency : "";
}

/* Inserts @sep into the integer digits @digits following @grouping in the
 * localeconv() form: each byte a group size from the right, the last one
 * repeating, CHAR_MAX ending the grouping. */
static void
append_grouped (GString    *out,
                const char *digits,
                const char *grouping,
                const char *sep)
{
  size_t length = strlen (digits);
  g_autofree gboolean *break_before = g_new0 (gboolean, length + 1);
  size_t position = length;
  const char *group = grouping;
  int size = 0;

  if (sep != NULL && *sep != '\0' && grouping != NULL && *grouping != '\0')
    while (TRUE)
      {
        if (*group != '\0')
          size = (unsigned char) *group++;
        if (size <= 0 || size == CHAR_MAX || (size_t) size >= position)
          break;
        position -= (size_t) size;
        break_before[position] = TRUE;
      }

  for (size_t i = 0; i < length; i++)
    {
      if (break_before[i] && i > 0)
        g_string_append (out, sep);
      g_string_append_c (out, digits[i]);
    }
}

char *
ma_money_format_with (gint64              minor,
                      const char         *currency,
                      const MaMoneyStyle *style)
{
  g_autofree char *plain = NULL;
  g_autoptr(GString) number = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  const char *symbol = ma_currency_symbol (currency);
  const char *digits, *point;

  g_return_val_if_fail (style != NULL, NULL);

  /* Start from the exact plain form so the digits are the ones the files
   * show; only the punctuation changes. */
  plain = ma_money_format_plain (minor, currency);
  digits = plain[0] == '-' ? plain + 1 : plain;
  point = strchr (digits, '.');
  {
    g_autofree char *integer = g_strndup (digits, point != NULL ? (gsize) (point - digits) : strlen (digits));

    append_grouped (number, integer, style->grouping, style->thousands_sep);
  }
  if (point != NULL)
    {
      g_string_append (number, style->decimal_point != NULL && *style->decimal_point != '\0'
                       ? style->decimal_point : ".");
      g_string_append (number, point + 1);
    }

  if (minor < 0)
    g_string_append_c (out, '-');
  if (style->symbol_first)
    {
      g_string_append (out, symbol);
      if (style->symbol_space)
        g_string_append (out, NBSP);
      g_string_append (out, number->str);
    }
  else
    {
      g_string_append (out, number->str);
      if (style->symbol_space)
        g_string_append (out, NBSP);
      g_string_append (out, symbol);
    }
  return g_strdup (out->str);
}

char *
ma_money_format_locale (gint64      minor,
                        const char *currency)
{
  struct lconv *conv = localeconv ();
  g_autofree char *decimal_point = NULL;
  g_autofree char *thousands_sep = NULL;
  g_autofree char *grouping = NULL;
  MaMoneyStyle style = { 0 };

  /* Copied at once: the next localeconv() call may overwrite them. The C
   * locale leaves every monetary field empty or CHAR_MAX; then the number
   * follows LC_NUMERIC and the symbol goes after it with a space. */
  if (conv->mon_decimal_point != NULL && *conv->mon_decimal_point != '\0')
    {
      decimal_point = g_strdup (conv->mon_decimal_point);
      thousands_sep = g_strdup (conv->mon_thousands_sep != NULL ? conv->mon_thousands_sep : "");
      grouping = g_strdup (conv->mon_grouping != NULL ? conv->mon_grouping : "");
    }
  else
    {
      decimal_point = g_strdup (conv->decimal_point != NULL ? conv->decimal_point : ".");
      thousands_sep = g_strdup (conv->thousands_sep != NULL ? conv->thousands_sep : "");
      grouping = g_strdup (conv->grouping != NULL ? conv->grouping : "");
    }
  style.decimal_point = decimal_point;
  style.thousands_sep = thousands_sep;
  style.grouping = grouping;
  style.symbol_first = conv->p_cs_precedes == 1;
  style.symbol_space = conv->p_cs_precedes == CHAR_MAX || conv->p_sep_by_space != 0;

  /* A separator that is not UTF-8 (a locale in another charset) would
   * break every label it reached: fall back on the plain form. */
  if (!g_utf8_validate (decimal_point, -1, NULL) || !g_utf8_validate (thousands_sep, -1, NULL))
    {
      style.decimal_point = ".";
      style.thousands_sep = "";
    }
  return ma_money_format_with (minor, currency, &style);
}
