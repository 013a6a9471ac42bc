/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-money.h: money as integer minor units, and the one rounding rule of the
 * app: half away from zero, on exact decimal halves (61.725 -> 61.73 even
 * though the double nearest 61.725 is a little below it). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MA_MONEY_ERROR (ma_money_error_quark ())

typedef enum {
  MA_MONEY_ERROR_INVALID,
} MaMoneyError;

GQuark ma_money_error_quark (void);

/* Rounds @value to @decimals places, half away from zero. A value within a
 * few units of the last place of a double from an exact half is taken as
 * that half, so decimal halves round the way a person rounds them. */
double ma_round_half_away (double value, int decimals);

/* Digits of the currency's minor unit (ISO 4217): 2 for RUB, EUR, USD;
 * 0 for JPY, KRW...; 3 for BHD, KWD...; 2 for unknown codes. */
int      ma_currency_minor_digits (const char *currency);
/* A currency code is three upper-case ASCII letters. */
gboolean ma_currency_is_valid     (const char *currency);

/* 60000.00 RUB -> 6000000. Refuses non-finite or negative amounts, amounts
 * with more decimals than the currency has, and amounts too large to add up
 * safely. */
gboolean ma_money_from_double (double       amount,
                               const char  *currency,
                               gint64      *out_minor,
                               GError     **error);
double   ma_money_to_double   (gint64 minor, const char *currency);
/* "7200.00": C locale, as many decimals as the currency's minor unit, no
 * grouping, for files and JSON. */
char    *ma_money_format_plain (gint64 minor, const char *currency);
/* Appends what ma_money_format_plain() returns to @out, without allocating. */
void     ma_money_append_plain (GString *out, gint64 minor, const char *currency);

/* Appends @value as printf ("%.*f", @decimals, @value) writes it in the C
 * locale (0 <= @decimals <= 9): the same characters, without printf for
 * the usual values, since reports format hundreds of thousands of them. */
void     ma_append_fixed       (GString *out, double value, int decimals);

/* The currency's symbol for people: "₽" for RUB, "€" for EUR, "$" for
 * USD, "£" for GBP; the code itself for other currencies. */
const char *ma_currency_symbol (const char *currency);

/* How a locale writes money: the separators and where the symbol goes. */
typedef struct {
  const char *decimal_point;   /* "," in ru_RU */
  const char *thousands_sep;   /* "" for none */
  const char *grouping;        /* as localeconv(): "\3" groups by three; "" none */
  gboolean    symbol_first;    /* "$1.00" rather than "1.00 $" */
  gboolean    symbol_space;    /* a space between the number and the symbol */
} MaMoneyStyle;

/* @minor in the given style with the currency's decimals and its symbol:
 * "60 000,00 ₽" with decimal_point ",", thousands_sep " ", grouping "\3",
 * symbol after with a space. The separators may be any UTF-8 text (ru_RU
 * uses U+202F). Negative amounts take a leading minus. */
char *ma_money_format_with   (gint64              minor,
                              const char         *currency,
                              const MaMoneyStyle *style);
/* @minor the way the user's locale (LC_MONETARY, falling back on LC_NUMERIC
 * where the locale leaves money unspecified, as the C locale does) writes
 * money, for the window and its PDF: "60 000,00 ₽" in ru_RU.UTF-8,
 * "60000.00 ₽" in C (the space before the symbol is a no-break one). Not for files: they use ma_money_format_plain(). */
char *ma_money_format_locale (gint64      minor,
                              const char *currency);

/* base x share / 100 x payout in minor units, rounded half away from zero:
 * the amount of one bonus component. */
gint64   ma_money_component_amount (gint64 base_minor,
                                    double share_percent,
                                    double payout);

G_END_DECLS
