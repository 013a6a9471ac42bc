/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The what-if of the scheme editor: a statement computed with an edited
 * scheme must be the statement the store gives once that scheme is saved. */
#include "config.h"

#include "ma-bonus.h"
#include "ma-demo.h"
#include "ma-kpi-sheet.h"
#include "store-fixture.h"
#include "ma-test-demo.h"

#define PERIOD "2026-10"

static void
populate (Fixture *f)
{
  ma_test_demo_copy_to (f->path, &f->store);
}

static MaScheme *
stored_scheme (Fixture    *f,
               const char *key)
{
  g_autoptr(GError) error = NULL;
  MaScheme *scheme = ma_store_get_scheme (f->store, key, 1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (scheme);
  return scheme;
}

static void
set_share (MaScheme   *scheme,
           const char *key,
           double      share)
{
  ((MaSchemeComponent *) ma_scheme_find_component (scheme, key))->share = share;
}

static gint64
total_of (const MaBonusStatement *statement)
{
  gint64 total = 0;

  for (guint i = 0; i < statement->rows->len; i++)
    total += ((const MaBonusRow *) g_ptr_array_index (statement->rows, i))->total;
  return total;
}

static void
assert_same_statement (const MaBonusStatement *a,
                       const MaBonusStatement *b)
{
  g_assert_cmpuint (a->rows->len, ==, b->rows->len);
  for (guint i = 0; i < a->rows->len; i++)
    {
      const MaBonusRow *ra = g_ptr_array_index (a->rows, i);
      const MaBonusRow *rb = g_ptr_array_index (b->rows, i);

      g_assert_cmpstr (ra->employee, ==, rb->employee);
      g_assert_cmpstr (ra->scheme, ==, rb->scheme);
      g_assert_cmpint (ra->scheme_version, ==, rb->scheme_version);
      g_assert_cmpint (ra->total, ==, rb->total);
      g_assert_cmpuint (ra->components->len, ==, rb->components->len);
      for (guint j = 0; j < ra->components->len; j++)
        {
          const MaBonusComponent *ca = g_ptr_array_index (ra->components, j);
          const MaBonusComponent *cb = g_ptr_array_index (rb->components, j);

          g_assert_cmpstr (ca->key, ==, cb->key);
          g_assert_cmpint (ca->amount, ==, cb->amount);
          g_assert_cmpstr (ca->formula, ==, cb->formula);
        }
    }
}

/* Without an override it is the live statement of ma_bonus_compute(). */
static void
test_no_override (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaBonusStatement) live = NULL;
  g_autoptr(MaBonusStatement) what_if = NULL;

  populate (f);
  live = ma_bonus_compute (f->store, PERIOD, &error);
  g_assert_no_error (error);
  what_if = ma_bonus_compute_with_scheme (f->store, PERIOD, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (what_if->rows->len, >, 10);
  assert_same_statement (live, what_if);
}

/* The edited drivers scheme moves 10 points from volume to punctuality:
 * the what-if equals the statement after saving it as version 2, and the
 * sales staff are untouched. */
static void
test_equals_saved (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaScheme) edited = NULL;
  g_autoptr(MaBonusStatement) before = NULL;
  g_autoptr(MaBonusStatement) what_if = NULL;
  g_autoptr(MaBonusStatement) after = NULL;
  guint changed = 0;

  populate (f);
  before = ma_bonus_compute (f->store, PERIOD, &error);
  g_assert_no_error (error);

  edited = stored_scheme (f, "drivers");
  edited->version = 2;
  set_share (edited, "volume", 45);
  set_share (edited, "punctuality", 25);
  ((MaSchemeComponent *) ma_scheme_find_component (edited, "politeness"))->floor = 0.5;

  what_if = ma_bonus_compute_with_scheme (f->store, PERIOD, edited, &error);
  g_assert_no_error (error);
  g_assert_false (what_if->closed);

  g_assert_true (ma_store_save_scheme (f->store, edited, NULL, &error));
  g_assert_no_error (error);
  after = ma_bonus_compute (f->store, PERIOD, &error);
  g_assert_no_error (error);

  assert_same_statement (what_if, after);
  g_assert_cmpint (total_of (what_if), ==, total_of (after));
  g_assert_cmpint (total_of (what_if), !=, total_of (before));
  for (guint i = 0; i < before->rows->len; i++)
    {
      const MaBonusRow *was = g_ptr_array_index (before->rows, i);
      const MaBonusRow *now = ma_bonus_statement_find_row (what_if, was->employee);

      g_assert_nonnull (now);
      if (g_strcmp0 (was->scheme, "sales") == 0)
        g_assert_cmpint (was->total, ==, now->total);
      else
        {
          g_assert_cmpint (now->scheme_version, ==, 2);
          changed += was->total != now->total;
        }
    }
  g_assert_cmpuint (changed, >, 0);
}

/* The override replaces its key whatever version it carries, a new key
 * is added, and an invalid scheme is refused before anything is computed. */
static void
test_versions_and_refusals (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaScheme) same_version = NULL;
  g_autoptr(MaScheme) next_version = NULL;
  g_autoptr(MaScheme) invalid = NULL;
  g_autoptr(MaScheme) new_key = NULL;
  g_autoptr(MaBonusStatement) a = NULL;
  g_autoptr(MaBonusStatement) b = NULL;
  g_autoptr(MaBonusStatement) c = NULL;
  g_autoptr(MaBonusStatement) none = NULL;

  populate (f);
  same_version = stored_scheme (f, "sales");
  set_share (same_version, "volume", 50);
  set_share (same_version, "selling", 5);
  next_version = ma_scheme_copy (same_version);
  next_version->version = 7;
  a = ma_bonus_compute_with_scheme (f->store, PERIOD, same_version, &error);
  g_assert_no_error (error);
  b = ma_bonus_compute_with_scheme (f->store, PERIOD, next_version, &error);
  g_assert_no_error (error);
  g_assert_cmpint (total_of (a), ==, total_of (b));

  invalid = stored_scheme (f, "sales");
  set_share (invalid, "volume", 39);
  none = ma_bonus_compute_with_scheme (f->store, PERIOD, invalid, &error);
  g_assert_null (none);
  g_assert_error (error, MA_MODEL_ERROR, MA_MODEL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "components: the shares add up to 99, not 100");
  g_clear_error (&error);

  none = ma_bonus_compute_with_scheme (f->store, "2026-13", NULL, &error);
  g_assert_null (none);
  g_assert_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_INVALID);
  g_clear_error (&error);

  /* A new scheme for a position another scheme covers: the bonus rule of
   * two schemes (the first key wins, with a warning) applies to it too. */
  new_key = stored_scheme (f, "drivers");
  g_free (new_key->key);
  new_key->key = g_strdup ("aaa-drivers");
  set_share (new_key, "volume", 35);
  set_share (new_key, "punctuality", 35);
  c = ma_bonus_compute_with_scheme (f->store, PERIOD, new_key, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (c->warnings->len, >, 0);
  for (guint i = 0; i < c->rows->len; i++)
    g_assert_cmpstr (((const MaBonusRow *) g_ptr_array_index (c->rows, i))->scheme, !=, "drivers");
}

/* A closed period's what-if is a live computation, never the frozen one. */
static void
test_closed_period (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaScheme) edited = NULL;
  g_autoptr(MaBonusStatement) what_if = NULL;
  g_autoptr(MaBonusStatement) frozen = NULL;

  populate (f);
  g_assert_true (ma_bonus_close_period (f->store, PERIOD, "HR", &error));
  g_assert_no_error (error);
  edited = stored_scheme (f, "drivers");
  set_share (edited, "volume", 45);
  set_share (edited, "punctuality", 25);
  what_if = ma_bonus_compute_with_scheme (f->store, PERIOD, edited, &error);
  g_assert_no_error (error);
  frozen = ma_bonus_compute (f->store, PERIOD, &error);
  g_assert_no_error (error);
  g_assert_false (what_if->closed);
  g_assert_true (frozen->closed);
  g_assert_cmpint (total_of (what_if), !=, total_of (frozen));
}

/* The KPI sheet has a row for each employee whose statement uses a KPI
 * figure, and the stored figures. */
static void
test_kpi_sheet (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaKpiSheet) sheet = NULL;
  g_autoptr(MaBonusStatement) statement = NULL;
  g_autoptr(GPtrArray) kpis = NULL;
  guint with_figure = 0;

  populate (f);
  sheet = ma_kpi_sheet_load (f->store, PERIOD, &error);
  g_assert_no_error (error);
  statement = ma_bonus_compute (f->store, PERIOD, &error);
  g_assert_no_error (error);
  kpis = ma_store_list_kpis (f->store, PERIOD, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (sheet->components->len, ==, 1);
  g_assert_cmpstr (((MaSchemeComponent *) g_ptr_array_index (sheet->components, 0))->key, ==, "volume");
  g_assert_cmpuint (sheet->employees->len, ==, statement->rows->len);
  for (guint i = 0; i < sheet->employees->len; i++)
    {
      const MaEmployee *e = g_ptr_array_index (sheet->employees, i);

      g_assert_true (ma_kpi_sheet_uses (sheet, e->code, "volume"));
      g_assert_false (ma_kpi_sheet_uses (sheet, e->code, "politeness"));
      g_assert_true (ma_kpi_sheet_find_employee (sheet, e->code) == e);
      with_figure += ma_kpi_sheet_get (sheet, e->code, "volume") != NULL;
    }
  g_assert_cmpuint (with_figure, ==, kpis->len);
  g_assert_null (ma_kpi_sheet_find_employee (sheet, "nobody"));
}

static void
test_kpi_save_all (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) kpis = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_kpi_free);
  g_autoptr(GPtrArray) stored = NULL;

  save_region (f, "NW", "North-West");
  save_branch (f, "SPB-01", "Nevsky 12", "NW");
  save_employee (f, "E1", "SPB-01", "driver", 6000000, NULL, NULL);
  g_ptr_array_add (kpis, ma_kpi_new ("E1", PERIOD, "volume", 100, 120));
  g_ptr_array_add (kpis, ma_kpi_new ("E1", PERIOD, "returns", 3, 0));
  g_assert_false (ma_kpi_save_all (f->store, kpis, &error));
  g_assert_error (error, MA_MODEL_ERROR, MA_MODEL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Employee E1, returns: Plan: 0 must be greater than 0");
  g_clear_error (&error);
  stored = ma_store_list_kpis (f->store, PERIOD, &error);
  g_assert_cmpuint (stored->len, ==, 0);
  g_clear_pointer (&stored, g_ptr_array_unref);

  /* An unknown employee fails in the store: the first figure is rolled back. */
  g_ptr_array_remove_index (kpis, 1);
  g_ptr_array_add (kpis, ma_kpi_new ("E9", PERIOD, "volume", 1, 2));
  g_assert_false (ma_kpi_save_all (f->store, kpis, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  stored = ma_store_list_kpis (f->store, PERIOD, &error);
  g_assert_cmpuint (stored->len, ==, 0);
  g_clear_pointer (&stored, g_ptr_array_unref);

  g_ptr_array_remove_index (kpis, 1);
  g_assert_true (ma_kpi_save_all (f->store, kpis, &error));
  g_assert_no_error (error);
  stored = ma_store_list_kpis (f->store, PERIOD, &error);
  g_assert_cmpuint (stored->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add ("/what-if/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("no-override", test_no_override);
  ADD ("equals-saved", test_equals_saved);
  ADD ("versions-and-refusals", test_versions_and_refusals);
  ADD ("closed-period", test_closed_period);
  ADD ("kpi-sheet", test_kpi_sheet);
  ADD ("kpi-save-all", test_kpi_save_all);
#undef ADD
  {
    int status = g_test_run ();

    ma_test_demo_remove ();
    return status;
  }
}
