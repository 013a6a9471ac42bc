/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "ma-demo.h"
#include "ma-money.h"
#include "ma-statement.h"
#include "ma-test-audits.h"

typedef struct {
  MaTestStore data;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *templates = ma_demo_find_templates_dir ();

  ma_test_store_open (&f->data);
  g_assert_nonnull (templates);
  g_assert_true (ma_demo_populate (f->data.store, templates, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  ma_test_store_close (&f->data);
}

static char *
build_text (MaStore                *store,
            const MaBonusStatement *statement,
            const char             *employee)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaStatementDocument) doc = NULL;
  const MaBonusRow *row = ma_bonus_statement_find_row (statement, employee);

  g_assert_nonnull (row);
  doc = ma_statement_document_build (store, statement, row, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (doc->employee, ==, employee);
  return ma_statement_document_to_text (doc);
}

static void
test_document (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaBonusStatement) statement = NULL;
  g_autofree char *text = NULL;
  g_autofree char *total = NULL;
  g_autofree char *line = NULL;
  const MaBonusRow *row;

  statement = ma_bonus_compute (f->data.store, "2026-09", &error);
  g_assert_no_error (error);
  row = ma_bonus_statement_find_row (statement, "E1001");
  text = build_text (f->data.store, statement, "E1001");

  /* Every component's formula with its numbers, and the total in the
   * user's (here C) locale. */
  for (guint i = 0; i < row->components->len; i++)
    {
      const MaBonusComponent *c = g_ptr_array_index (row->components, i);

      g_assert_nonnull (strstr (text, c->formula));
    }
  g_assert_nonnull (strstr (text, "60000.00 x 15% x 1.00 = 9000.00"));
  total = ma_money_format_locale (row->total, row->currency);
  line = g_strdup_printf ("Total bonus\t%s\n", total);
  g_assert_nonnull (strstr (text, line));
  g_assert_nonnull (strstr (text, "The period is open"));
  /* The heading names the month in words and the scheme by its name, not
   * by the keys "2026-09" and "drivers". */
  g_assert_nonnull (strstr (text, "Bonus statement: September 2026 · E1001 · "));
  g_assert_nonnull (strstr (text, " · scheme “Drivers 55/15/10/10/10”, version 1\n"));
  /* Each audit behind it has a line with its score. */
  g_assert_cmpuint (row->audits->len, >, 0);
  g_assert_null (strstr (text, "can no longer be read"));
}

static void
test_lost_points (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaBonusStatement) statement = NULL;
  gboolean seen_lost = FALSE;

  statement = ma_bonus_compute (f->data.store, "2026-09", &error);
  g_assert_no_error (error);

  /* Somewhere in the demo an audit lost points: its question is listed
   * with the points earned of the possible ones. */
  for (guint i = 0; i < statement->rows->len && !seen_lost; i++)
    {
      const MaBonusRow *row = g_ptr_array_index (statement->rows, i);
      g_autofree char *text = build_text (f->data.store, statement, row->employee);

      if (strstr (text, " of ") != NULL && strstr (text, "Answer: ") != NULL)
        seen_lost = TRUE;
    }
  g_assert_true (seen_lost);
}

static void
test_closed_and_voided (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaBonusStatement) before = NULL;
  g_autoptr(MaBonusStatement) after = NULL;
  g_autofree char *text_before = NULL;
  g_autofree char *text_after = NULL;
  const MaBonusRow *row;
  const MaBonusAuditRef *ref;

  g_assert_true (ma_bonus_close_period (f->data.store, "2026-09", "hr", &error));
  g_assert_no_error (error);
  before = ma_bonus_compute (f->data.store, "2026-09", &error);
  g_assert_no_error (error);
  row = ma_bonus_statement_find_row (before, "E1001");
  g_assert_cmpuint (row->audits->len, >, 0);
  ref = g_ptr_array_index (row->audits, 0);
  text_before = build_text (f->data.store, before, "E1001");
  g_assert_nonnull (strstr (text_before, "these figures are final"));
  g_assert_null (strstr (text_before, "Pending difference"));

  g_assert_true (ma_store_set_audit_status (f->data.store, ref->uuid, MA_AUDIT_VOIDED, "hr",
                                            "the shopper visited the wrong branch", &error));
  g_assert_no_error (error);
  after = ma_bonus_compute (f->data.store, "2026-09", &error);
  g_assert_no_error (error);
  text_after = build_text (f->data.store, after, "E1001");

  /* The frozen figures stand... */
  g_assert_cmpint (ma_bonus_statement_find_row (after, "E1001")->total, ==, row->total);
  {
    g_autofree char *total = ma_money_format_locale (row->total, row->currency);
    g_autofree char *line = g_strdup_printf ("Total bonus\t%s\n", total);

    g_assert_nonnull (strstr (text_after, line));
  }
  /* ...the voided audit says so, and the difference is pending. */
  g_assert_nonnull (strstr (text_after, "Voided since: the shopper visited the wrong branch"));
  g_assert_cmpuint (after->pending_differences->len, >, 0);
  g_assert_nonnull (strstr (text_after, "Pending difference"));
}

static void
test_locale_formats (void)
{
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  g_autofree char *percent = NULL;
  g_autofree char *date = NULL;

  setlocale (LC_ALL, "C");
  percent = ma_format_percent_locale (0.83333);
  g_assert_cmpstr (percent, ==, "83.3\u00a0%");
  g_assert_null (ma_format_percent_locale (NAN));
  date = ma_format_date_locale ("2026-10-31T23:30:00+03:00");
  /* The visit's own day: 31 October, whatever UTC says. */
  g_assert_cmpstr (date, ==, "10/31/26");
  g_clear_pointer (&date, g_free);
  date = ma_format_date_locale ("not a date");
  g_assert_cmpstr (date, ==, "not a date");

  if (setlocale (LC_ALL, "ru_RU.UTF-8") != NULL)
    {
      g_clear_pointer (&percent, g_free);
      g_clear_pointer (&date, g_free);
      percent = ma_format_percent_locale (0.83333);
      g_assert_cmpstr (percent, ==, "83,3\u00a0%");
      date = ma_format_date_locale ("2026-10-31T23:30:00+03:00");
      g_assert_cmpstr (date, ==, "31.10.2026");
    }
  setlocale (LC_ALL, saved);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/statement/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("document", test_document);
  ADD ("lost-points", test_lost_points);
  ADD ("closed-and-voided", test_closed_and_voided);
#undef ADD
  g_test_add_func ("/statement/locale-formats", test_locale_formats);

  return g_test_run ();
}
