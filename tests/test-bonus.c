/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "ma-bonus.h"
#include "ma-money.h"
#include "store-fixture.h"

#define OCT "2026-10-14T10:00:00+03:00"
#define SEP "2026-09-14T10:00:00+03:00"
#define AUG "2026-08-14T10:00:00+03:00"

static MaScheme *
new_scheme (const char      *key,
            gint64           version,
            const char      *position,
            gint64           min_audits,
            MaMissingPolicy  missing)
{
  MaScheme *scheme = ma_scheme_new ();

  scheme->key = g_strdup (key);
  scheme->version = version;
  scheme->name = g_strdup (key);
  g_ptr_array_add (scheme->positions, g_strdup (position));
  scheme->min_audits = min_audits;
  scheme->missing = missing;
  return scheme;
}

static MaSchemeComponent *
add_component (MaScheme          *scheme,
               const char        *key,
               double             share,
               MaComponentSource  source)
{
  MaSchemeComponent *c = ma_scheme_component_new (key, share, source);

  g_free (c->label);
  c->label = g_strdup (key);
  c->floor = 0;
  c->target = 1;
  c->cap = 1;
  g_ptr_array_add (scheme->components, c);
  return c;
}

static void
save_scheme (Fixture  *f,
             MaScheme *scheme)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ma_store_save_scheme (f->store, scheme, NULL, &error));
  g_assert_no_error (error);
}

static void
save_kpi (Fixture    *f,
          const char *employee,
          const char *period,
          const char *component,
          double      actual,
          double      plan)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaKpi) kpi = ma_kpi_new (employee, period, component, actual, plan);

  g_assert_true (ma_store_save_kpi (f->store, kpi, NULL, &error));
  g_assert_no_error (error);
}

/* The reference driver scheme of scoring.md 6. */
static void
save_reference_scheme (Fixture         *f,
                       gint64           min_audits,
                       MaMissingPolicy  missing)
{
  g_autoptr(MaScheme) scheme = new_scheme ("drivers", 1, "driver", min_audits, missing);

  add_component (scheme, "volume", 55, MA_SOURCE_KPI);
  add_component (scheme, "punctuality", 15, MA_SOURCE_AUDIT);
  add_component (scheme, "politeness", 10, MA_SOURCE_AUDIT);
  add_component (scheme, "cleanliness", 10, MA_SOURCE_AUDIT);
  add_component (scheme, "handover", 10, MA_SOURCE_AUDIT);
  save_scheme (f, scheme);
}

static void
save_base (Fixture *f)
{
  save_region (f, "NW", "North-West");
  save_branch (f, "SPB-01", "Nevsky 12", "NW");
  save_drive_template (f);
}

static MaBonusStatement *
compute (Fixture    *f,
         const char *period)
{
  g_autoptr(GError) error = NULL;
  MaBonusStatement *statement = ma_bonus_compute (f->store, period, &error);

  g_assert_no_error (error);
  g_assert_nonnull (statement);
  return statement;
}

static const MaBonusComponent *
component_of (const MaBonusStatement *statement,
              const char             *employee,
              const char             *key)
{
  const MaBonusRow *row = ma_bonus_statement_find_row (statement, employee);
  const MaBonusComponent *c;

  g_assert_nonnull (row);
  c = ma_bonus_row_find_component (row, key);
  g_assert_nonnull (c);
  return c;
}

static void
assert_money (gint64      minor,
              const char *expected)
{
  g_autofree char *text = ma_money_format_plain (minor, "RUB");

  g_assert_cmpstr (text, ==, expected);
}

/* Example C of scoring.md 8: two approved audits with the same answers, so
 * that each component mean is exactly the example's figure. */
static void
save_example_c (Fixture *f)
{
  const Answers answers = { .p1 = "s80", .pol = "s95", .cle = "s60", .han = "s100" };

  save_base (f);
  save_employee (f, "E1", "SPB-01", "driver", 6000000, NULL, NULL);
  save_reference_scheme (f, 2, MA_MISSING_FULL);
  save_kpi (f, "E1", "2026-10", "volume", 52, 50);
  add_audit (f, "E1", "SPB-01", OCT, MA_AUDIT_APPROVED, &answers);
  add_audit (f, "E1", "SPB-01", "2026-10-20T12:00:00+03:00", MA_AUDIT_APPROVED, &answers);
}

static void
test_example_c (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(MaBonusStatement) statement = NULL;
  const MaBonusRow *row;
  const char *expected[] = { "33000.00", "7200.00", "5700.00", "3600.00", "6000.00" };
  const double payouts[] = { 1.0, 0.8, 0.95, 0.6, 1.0 };

  save_example_c (f);
  statement = compute (f, "2026-10");
  g_assert_false (statement->closed);
  g_assert_cmpuint (statement->rows->len, ==, 1);
  g_assert_cmpuint (statement->warnings->len, ==, 0);
  row = g_ptr_array_index (statement->rows, 0);
  g_assert_cmpstr (row->employee, ==, "E1");
  g_assert_cmpstr (row->scheme, ==, "drivers");
  g_assert_cmpint (row->scheme_version, ==, 1);
  g_assert_cmpstr (row->currency, ==, "RUB");
  g_assert_cmpuint (row->components->len, ==, 5);
  for (guint i = 0; i < row->components->len; i++)
    {
      const MaBonusComponent *c = g_ptr_array_index (row->components, i);

      assert_money (c->amount, expected[i]);
      g_assert_cmpfloat_with_epsilon (c->payout, payouts[i], 1e-12);
      g_assert_true (c->assessed);
      g_assert_false (c->missing);
      g_assert_false (c->low_confidence);
    }
  assert_money (row->total, "55500.00");

  /* volume: 52 of 50 with cap 1 */
  g_assert_cmpfloat_with_epsilon (component_of (statement, "E1", "volume")->achievement, 1.04, 1e-12);
  g_assert_cmpint (component_of (statement, "E1", "volume")->n, ==, 1);
  g_assert_cmpint (component_of (statement, "E1", "punctuality")->n, ==, 2);
  g_assert_cmpstr (component_of (statement, "E1", "punctuality")->formula, ==,
                   "60000.00 x 15% x 0.80 = 7200.00");
  g_assert_cmpstr (component_of (statement, "E1", "politeness")->formula, ==,
                   "60000.00 x 10% x 0.95 = 5700.00");
  g_assert_cmpstr (component_of (statement, "E1", "volume")->formula, ==,
                   "60000.00 x 55% x 1.00 = 33000.00");
  g_assert_cmpuint (row->audits->len, ==, 2);
}

static void
test_json_contract (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(MaBonusStatement) statement = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object, *row, *component;
  JsonArray *components;

  save_example_c (f);
  statement = compute (f, "2026-10");
  root = ma_bonus_to_json (statement);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "period"), ==, "2026-10");
  row = json_array_get_object_element (json_object_get_array_member (object, "rows"), 0);
  g_assert_cmpstr (json_object_get_string_member (row, "employee"), ==, "E1");
  g_assert_cmpstr (json_object_get_string_member (row, "name"), ==, "Employee E1");
  g_assert_cmpstr (json_object_get_string_member (row, "branch"), ==, "SPB-01");
  g_assert_cmpstr (json_object_get_string_member (row, "scheme"), ==, "drivers");
  g_assert_cmpstr (json_object_get_string_member (row, "base_pay"), ==, "60000.00");
  g_assert_cmpstr (json_object_get_string_member (row, "total"), ==, "55500.00");
  components = json_object_get_array_member (row, "components");
  g_assert_cmpuint (json_array_get_length (components), ==, 5);
  component = json_array_get_object_element (components, 1);
  g_assert_cmpstr (json_object_get_string_member (component, "key"), ==, "punctuality");
  g_assert_cmpfloat (json_object_get_double_member (component, "share"), ==, 15);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (component, "achievement"), 0.8, 1e-12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (component, "payout"), 0.8, 1e-12);
  g_assert_cmpstr (json_object_get_string_member (component, "amount"), ==, "7200.00");
  g_assert_cmpint (json_object_get_int_member (component, "n"), ==, 2);
  g_assert_true (json_object_get_boolean_member (component, "assessed"));
  g_assert_false (json_object_get_boolean_member (component, "low_confidence"));
}

static void
test_payout_curve (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(MaScheme) scheme = new_scheme ("sales", 1, "sales", 2, MA_MISSING_ZERO);
  g_autoptr(MaBonusStatement) statement = NULL;
  MaSchemeComponent *c = add_component (scheme, "volume", 100, MA_SOURCE_KPI);
  const struct {
    const char *employee;
    double      actual;
    const char *amount;
  } cases[] = {
    { "E1", 40, "0.00" },      /* 0.4 < floor 0.5 */
    { "E2", 50, "0.00" },      /* at the floor: (0.5 - 0.5) / 0.5 */
    { "E3", 75, "500.00" },    /* halfway from floor to target */
    { "E4", 100, "1000.00" },  /* at the target */
    { "E5", 110, "1100.00" },  /* over-achievement below the cap */
    { "E6", 150, "1200.00" },  /* capped at 1.2 */
  };

  c->floor = 0.5;
  c->target = 1.0;
  c->cap = 1.2;
  save_base (f);
  save_scheme (f, scheme);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      save_employee (f, cases[i].employee, "SPB-01", "sales", 100000, NULL, NULL);
      save_kpi (f, cases[i].employee, "2026-10", "volume", cases[i].actual, 100);
    }
  statement = compute (f, "2026-10");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const MaBonusComponent *component = component_of (statement, cases[i].employee, "volume");

      g_assert_true (component->assessed);
      assert_money (component->amount, cases[i].amount);
    }
  g_assert_cmpstr (component_of (statement, "E6", "volume")->formula, ==,
                   "1000.00 x 100% x 1.20 = 1200.00");
}

/* volume 50 % from KPI (present), punctuality 50 % from audits (none). */
static MaBonusStatement *
compute_missing (Fixture         *f,
                 MaMissingPolicy  policy)
{
  g_autoptr(MaScheme) scheme = new_scheme ("drivers", 1, "driver", 1, policy);

  add_component (scheme, "volume", 50, MA_SOURCE_KPI);
  add_component (scheme, "punctuality", 50, MA_SOURCE_AUDIT);
  save_base (f);
  save_scheme (f, scheme);
  save_employee (f, "E1", "SPB-01", "driver", 1000000, NULL, NULL);
  save_kpi (f, "E1", "2026-10", "volume", 8, 10);
  return compute (f, "2026-10");
}

static void
test_missing_full (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(MaBonusStatement) statement = compute_missing (f, MA_MISSING_FULL);
  const MaBonusComponent *c = component_of (statement, "E1", "punctuality");

  g_assert_false (c->assessed);
  g_assert_true (isnan (c->achievement));
  g_assert_cmpint (c->n, ==, 0);
  g_assert_true (c->missing);
  g_assert_cmpint (c->missing_policy, ==, MA_MISSING_FULL);
  g_assert_false (c->low_confidence);
  g_assert_cmpfloat (c->payout, ==, 1.0);
  assert_money (c->amount, "5000.00");
  /* The KPI component is not touched by the policy. */
  g_assert_false (component_of (statement, "E1", "volume")->missing);
  assert_money (component_of (statement, "E1", "volume")->amount, "4000.00");
  assert_money (ma_bonus_statement_find_row (statement, "E1")->total, "9000.00");
}

static void
test_missing_zero (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(MaBonusStatement) statement = compute_missing (f, MA_MISSING_ZERO);
  const MaBonusComponent *c = component_of (statement, "E1", "punctuality");

  g_assert_true (c->missing);
  g_assert_cmpint (c->missing_policy, ==, MA_MISSING_ZERO);
  g_assert_cmpfloat (c->payout, ==, 0.0);
  assert_money (c->amount, "0.00");
  assert_money (ma_bonus_statement_find_row (statement, "E1")->total, "4000.00");
}

static void
test_missing_previous_unavailable (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(MaBonusStatement) statement = compute_missing (f, MA_MISSING_PREVIOUS);
  const MaBonusComponent *c = component_of (statement, "E1", "punctuality");

  /* No closed period before: paid in full, and flagged. */
  g_assert_true (c->missing);
  g_assert_cmpint (c->missing_policy, ==, MA_MISSING_PREVIOUS);
  g_assert_true (c->previous_unavailable);
  g_assert_cmpfloat (c->payout, ==, 1.0);
  assert_money (c->amount, "5000.00");
}

static void
test_missing_previous (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(MaScheme) scheme = new_scheme ("drivers", 1, "driver", 1, MA_MISSING_PREVIOUS);
  g_autoptr(MaBonusStatement) statement = NULL;
  g_autoptr(GError) error = NULL;
  const Answers august = { .p1 = "s80" };
  const Answers september = { .p1 = "s60" };
  const MaBonusComponent *c;

  add_component (scheme, "volume", 50, MA_SOURCE_KPI);
  add_component (scheme, "punctuality", 50, MA_SOURCE_AUDIT);
  save_base (f);
  save_scheme (f, scheme);
  save_employee (f, "E1", "SPB-01", "driver", 1000000, NULL, NULL);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *period = g_strdup_printf ("2026-%02u", 8 + i);

      save_kpi (f, "E1", period, "volume", 10, 10);
    }
  add_audit (f, "E1", "SPB-01", AUG, MA_AUDIT_APPROVED, &august);
  add_audit (f, "E1", "SPB-01", SEP, MA_AUDIT_APPROVED, &september);
  g_assert_true (ma_bonus_close_period (f->store, "2026-08", "hr", &error));
  g_assert_no_error (error);
  g_assert_true (ma_bonus_close_period (f->store, "2026-09", "hr", &error));
  g_assert_no_error (error);

  /* October has no audit: the payout of the last closed period (September,
   * 0.6), not of an earlier one (August, 0.8) nor a full one. */
  statement = compute (f, "2026-10");
  c = component_of (statement, "E1", "punctuality");
  g_assert_true (c->missing);
  g_assert_cmpint (c->missing_policy, ==, MA_MISSING_PREVIOUS);
  g_assert_false (c->previous_unavailable);
  g_assert_cmpfloat_with_epsilon (c->payout, 0.6, 1e-12);
  assert_money (c->amount, "3000.00");
  g_assert_cmpstr (c->formula, ==, "10000.00 x 50% x 0.60 = 3000.00");
}

static void
test_low_confidence (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(MaBonusStatement) statement = NULL;
  const Answers answers = { .p1 = "s100", .pol = "s100", .cle = "s100", .han = "s100" };

  save_base (f);
  save_reference_scheme (f, 3, MA_MISSING_FULL);
  save_employee (f, "E1", "SPB-01", "driver", 6000000, NULL, NULL);
  save_employee (f, "E2", "SPB-01", "driver", 6000000, NULL, NULL);
  save_employee (f, "E3", "SPB-01", "driver", 6000000, NULL, NULL);
  for (guint i = 0; i < 2; i++)
    add_audit (f, "E1", "SPB-01", OCT, MA_AUDIT_APPROVED, &answers);
  for (guint i = 0; i < 3; i++)
    add_audit (f, "E2", "SPB-01", OCT, MA_AUDIT_APPROVED, &answers);
  save_kpi (f, "E1", "2026-10", "volume", 1, 1);
  statement = compute (f, "2026-10");

  g_assert_true (component_of (statement, "E1", "punctuality")->low_confidence);
  g_assert_cmpint (component_of (statement, "E1", "punctuality")->n, ==, 2);
  g_assert_false (component_of (statement, "E2", "punctuality")->low_confidence);
  g_assert_cmpint (component_of (statement, "E2", "punctuality")->n, ==, 3);
  /* No audits is "missing", not "low confidence"; a KPI never is. */
  g_assert_false (component_of (statement, "E3", "punctuality")->low_confidence);
  g_assert_true (component_of (statement, "E3", "punctuality")->missing);
  g_assert_false (component_of (statement, "E1", "volume")->low_confidence);
}

static void
test_approved_only (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(MaBonusStatement) statement = NULL;
  const Answers good = { .p1 = "s100" };
  const Answers bad = { .p1 = "s0" };
  const MaBonusComponent *c;

  save_base (f);
  save_reference_scheme (f, 1, MA_MISSING_FULL);
  save_employee (f, "E1", "SPB-01", "driver", 6000000, NULL, NULL);
  add_audit (f, "E1", "SPB-01", OCT, MA_AUDIT_APPROVED, &good);
  add_audit (f, "E1", "SPB-01", OCT, MA_AUDIT_DRAFT, &bad);
  add_audit (f, "E1", "SPB-01", OCT, MA_AUDIT_SUBMITTED, &bad);
  add_audit (f, "E1", "SPB-01", OCT, MA_AUDIT_VOIDED, &bad);
  statement = compute (f, "2026-10");

  c = component_of (statement, "E1", "punctuality");
  g_assert_cmpint (c->n, ==, 1);
  g_assert_cmpfloat (c->achievement, ==, 1.0);
  g_assert_cmpuint (ma_bonus_statement_find_row (statement, "E1")->audits->len, ==, 1);
}

static void
test_audit_weighted_mean (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(MaBonusStatement) statement = NULL;
  /* One question at 0.5, and three questions at 1.0: pooled points would
   * give 3.5 / 4 = 0.875; each audit counts once: 0.75. */
  const Answers one = { .p1 = "s50" };
  const Answers three = { .p1 = "s100", .p2 = "s100", .p3 = "s100" };

  save_base (f);
  save_reference_scheme (f, 1, MA_MISSING_FULL);
  save_employee (f, "E1", "SPB-01", "driver", 6000000, NULL, NULL);
  add_audit (f, "E1", "SPB-01", OCT, MA_AUDIT_APPROVED, &one);
  add_audit (f, "E1", "SPB-01", OCT, MA_AUDIT_APPROVED, &three);
  statement = compute (f, "2026-10");

  g_assert_cmpfloat_with_epsilon (component_of (statement, "E1", "punctuality")->achievement,
                                  0.75, 1e-12);
  g_assert_cmpint (component_of (statement, "E1", "punctuality")->n, ==, 2);
}

static void
test_local_date (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(MaBonusStatement) october = NULL;
  g_autoptr(MaBonusStatement) november = NULL;
  const Answers a = { .p1 = "s100" };
  const Answers b = { .p1 = "s80" };
  const Answers c = { .p1 = "s60" };
  const Answers d = { .p1 = "s0" };

  save_base (f);
  save_reference_scheme (f, 1, MA_MISSING_FULL);
  save_employee (f, "E1", "SPB-01", "driver", 6000000, NULL, NULL);
  /* Late on the last day of October, local time. */
  add_audit (f, "E1", "SPB-01", "2026-10-31T23:30:00+03:00", MA_AUDIT_APPROVED, &a);
  /* Already November in UTC, still October where it happened. */
  add_audit (f, "E1", "SPB-01", "2026-10-31T23:30:00-05:00", MA_AUDIT_APPROVED, &b);
  /* Still October in UTC, already November where it happened. */
  add_audit (f, "E1", "SPB-01", "2026-11-01T00:30:00+03:00", MA_AUDIT_APPROVED, &c);
  add_audit (f, "E1", "SPB-01", "2026-09-30T23:59:00+03:00", MA_AUDIT_APPROVED, &d);

  october = compute (f, "2026-10");
  g_assert_cmpint (component_of (october, "E1", "punctuality")->n, ==, 2);
  g_assert_cmpfloat_with_epsilon (component_of (october, "E1", "punctuality")->achievement,
                                  0.9, 1e-12);
  november = compute (f, "2026-11");
  g_assert_cmpint (component_of (november, "E1", "punctuality")->n, ==, 1);
  g_assert_cmpfloat_with_epsilon (component_of (november, "E1", "punctuality")->achievement,
                                  0.6, 1e-12);
}

static void
test_total_sum_of_rounded (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(MaScheme) scheme = new_scheme ("sales", 1, "sales", 1, MA_MISSING_FULL);
  g_autoptr(MaBonusStatement) statement = NULL;
  const MaBonusRow *row;
  gint64 sum = 0;

  /* 1234.50 x 5 % = 61.725 twice, rounded to 61.73 each; 1234.50 x 90 % =
   * 1111.05. The exact total 1234.50 would round to 1234.50, but the
   * statement must add up: 61.73 + 61.73 + 1111.05 = 1234.51. */
  add_component (scheme, "a", 5, MA_SOURCE_KPI);
  add_component (scheme, "b", 5, MA_SOURCE_KPI);
  add_component (scheme, "c", 90, MA_SOURCE_KPI);
  save_base (f);
  save_scheme (f, scheme);
  save_employee (f, "E1", "SPB-01", "sales", 123450, NULL, NULL);
  save_kpi (f, "E1", "2026-10", "a", 1, 1);
  save_kpi (f, "E1", "2026-10", "b", 1, 1);
  save_kpi (f, "E1", "2026-10", "c", 1, 1);
  statement = compute (f, "2026-10");
  row = ma_bonus_statement_find_row (statement, "E1");

  assert_money (component_of (statement, "E1", "a")->amount, "61.73");
  assert_money (component_of (statement, "E1", "b")->amount, "61.73");
  assert_money (component_of (statement, "E1", "c")->amount, "1111.05");
  for (guint i = 0; i < row->components->len; i++)
    sum += ((const MaBonusComponent *) g_ptr_array_index (row->components, i))->amount;
  g_assert_cmpint (row->total, ==, sum);
  assert_money (row->total, "1234.51");
  g_assert_cmpstr (component_of (statement, "E1", "a")->formula, ==,
                   "1234.50 x 5% x 1.00 = 61.73");
}

static void
test_close_freezes (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaBonusStatement) before = NULL;
  g_autoptr(MaBonusStatement) after = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *weak = NULL;
  const Answers strong = { .p1 = "s100", .pol = "s100", .cle = "s100", .han = "s100" };
  const Answers poor = { .p1 = "s60", .pol = "s100", .cle = "s100", .han = "s100" };
  const MaBonusComponent *c;
  const MaBonusDifference *d;
  gboolean found_component = FALSE, found_total = FALSE;

  save_base (f);
  save_reference_scheme (f, 1, MA_MISSING_FULL);
  save_employee (f, "E1", "SPB-01", "driver", 6000000, NULL, NULL);
  save_kpi (f, "E1", "2026-10", "volume", 50, 50);
  add_audit (f, "E1", "SPB-01", OCT, MA_AUDIT_APPROVED, &strong);
  weak = save_audit (f, "E1", "SPB-01", OCT, MA_AUDIT_APPROVED, &poor);

  before = compute (f, "2026-10");
  assert_money (component_of (before, "E1", "punctuality")->amount, "7200.00");
  g_assert_true (ma_bonus_close_period (f->store, "2026-10", "hr", &error));
  g_assert_no_error (error);

  g_assert_true (ma_store_set_audit_status (f->store, weak, MA_AUDIT_VOIDED, "hr",
                                            "visited the wrong driver", &error));
  g_assert_no_error (error);

  after = compute (f, "2026-10");
  g_assert_true (after->closed);
  g_assert_cmpstr (after->closed_by, ==, "hr");
  g_assert_nonnull (after->closed_at);
  /* The statement stays as closed... */
  c = component_of (after, "E1", "punctuality");
  assert_money (c->amount, "7200.00");
  g_assert_cmpint (c->n, ==, 2);
  g_assert_cmpstr (c->formula, ==, "60000.00 x 15% x 0.80 = 7200.00");
  assert_money (ma_bonus_statement_find_row (after, "E1")->total,
                "58200.00");
  g_assert_cmpuint (ma_bonus_statement_find_row (after, "E1")->audits->len, ==, 2);
  /* ...and the live figure (1.0 x 9000.00) is a pending difference. */
  for (guint i = 0; i < after->pending_differences->len; i++)
    {
      d = g_ptr_array_index (after->pending_differences, i);
      g_assert_cmpstr (d->employee, ==, "E1");
      if (g_strcmp0 (d->component, "punctuality") == 0)
        {
          found_component = TRUE;
          g_assert_true (d->has_frozen && d->has_live);
          assert_money (d->frozen_amount, "7200.00");
          assert_money (d->live_amount, "9000.00");
        }
      else if (d->component == NULL)
        {
          found_total = TRUE;
          assert_money (d->frozen_amount, "58200.00");
          assert_money (d->live_amount, "60000.00");
        }
      else
        g_assert_not_reached ();
    }
  g_assert_true (found_component);
  g_assert_true (found_total);

  json = ma_bonus_to_json (after);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (json), "closed"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (json),
                                                                         "pending_differences")), ==, 2);
}

static void
test_close_no_differences (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaBonusStatement) statement = NULL;

  save_example_c (f);
  g_assert_true (ma_bonus_close_period (f->store, "2026-10", "hr", &error));
  g_assert_no_error (error);
  statement = compute (f, "2026-10");
  g_assert_true (statement->closed);
  g_assert_cmpuint (statement->pending_differences->len, ==, 0);
  assert_money (ma_bonus_statement_find_row (statement, "E1")->total, "55500.00");

  /* A second close is refused. */
  g_assert_false (ma_bonus_close_period (f->store, "2026-10", "hr", &error));
  g_assert_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_CLOSED);
  g_assert_nonnull (strstr (error->message, "2026-10"));
}

static void
test_reopen (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(MaBonusStatement) statement = NULL;
  const MaLogEntry *last;

  save_example_c (f);
  g_assert_false (ma_bonus_reopen_period (f->store, "2026-10", "hr", "late import", &error));
  g_assert_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_NOT_CLOSED);
  g_clear_error (&error);

  g_assert_true (ma_bonus_close_period (f->store, "2026-10", "hr", &error));
  g_assert_no_error (error);
  g_assert_false (ma_bonus_reopen_period (f->store, "2026-10", "hr", NULL, &error));
  g_assert_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ma_bonus_reopen_period (f->store, "2026-10", "hr", "   ", &error));
  g_assert_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_INVALID);
  g_clear_error (&error);
  statement = compute (f, "2026-10");
  g_assert_true (statement->closed);
  g_clear_pointer (&statement, ma_bonus_statement_free);

  g_assert_true (ma_bonus_reopen_period (f->store, "2026-10", "hr", "late KPI import", &error));
  g_assert_no_error (error);
  statement = compute (f, "2026-10");
  g_assert_false (statement->closed);

  log = ma_store_list_period_log (f->store, "2026-10", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 2);
  last = g_ptr_array_index (log, 1);
  g_assert_cmpstr (last->action, ==, "reopened");
  g_assert_cmpstr (last->who, ==, "hr");
  g_assert_cmpstr (last->detail, ==, "late KPI import");
}

static void
test_snapshot_round_trip (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaBonusStatement) statement = NULL;
  g_autoptr(MaBonusStatement) back = NULL;
  g_autofree char *snapshot = NULL;
  g_autofree char *again = NULL;

  save_example_c (f);
  save_employee (f, "E2", "SPB-01", "driver", 5000000, NULL, NULL);
  statement = compute (f, "2026-10");
  snapshot = ma_bonus_statement_to_snapshot (statement);
  back = ma_bonus_statement_from_snapshot (snapshot, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  again = ma_bonus_statement_to_snapshot (back);
  g_assert_cmpstr (snapshot, ==, again);
  g_assert_true (isnan (component_of (back, "E2", "punctuality")->achievement));
  g_assert_true (component_of (back, "E2", "punctuality")->missing);
  g_assert_cmpfloat (component_of (back, "E1", "politeness")->achievement, ==,
                   component_of (statement, "E1", "politeness")->achievement);
}

static void
test_snapshot_invalid (void)
{
  const struct {
    const char *text;
    const char *needle;
  } cases[] = {
    { "not json", "snapshot" },
    { "[]", "snapshot" },
    { "{\"format\": \"other\", \"version\": 1, \"period\": \"2026-10\", \"rows\": []}", "snapshot.format" },
    { "{\"format\": \"mystery-audit-bonus-snapshot\", \"version\": 99, \"period\": \"2026-10\", \"rows\": []}",
      "snapshot.version" },
    { "{\"format\": \"mystery-audit-bonus-snapshot\", \"version\": 1, \"period\": \"2026-13\", \"rows\": []}",
      "snapshot.period" },
    { "{\"format\": \"mystery-audit-bonus-snapshot\", \"version\": 1, \"period\": \"2026-10\"}",
      "snapshot.rows" },
    { "{\"format\": \"mystery-audit-bonus-snapshot\", \"version\": 1, \"period\": \"2026-10\","
      " \"rows\": [{\"employee\": \"E1\", \"scheme\": \"s\", \"scheme_version\": 1, \"min_audits\": 2,"
      " \"base_pay\": 100, \"total\": 5, \"components\": [{\"key\": \"a\", \"share\": 100,"
      " \"source\": \"kpi\", \"achievement\": 1, \"n\": 1, \"assessed\": true,"
      " \"low_confidence\": false, \"payout\": 1, \"amount\": 100}]}]}",
      "snapshot.rows[0].total" },
    { "{\"format\": \"mystery-audit-bonus-snapshot\", \"version\": 1, \"period\": \"2026-10\","
      " \"rows\": [{\"employee\": \"E1\", \"scheme\": \"s\", \"scheme_version\": 1, \"min_audits\": 2,"
      " \"base_pay\": 100, \"total\": 100, \"components\": [{\"key\": \"a\", \"share\": 100,"
      " \"source\": \"kpi\", \"achievement\": 1, \"n\": 1, \"assessed\": true,"
      " \"low_confidence\": false, \"payout\": \"1\", \"amount\": 100}]}]}",
      "snapshot.rows[0].components[0].payout" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MaBonusStatement) statement = ma_bonus_statement_from_snapshot (cases[i].text, &error);

      g_assert_null (statement);
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("case %u: “%s” does not name %s", i, error->message, cases[i].needle);
    }
}

static void
test_scheme_choice (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(MaScheme) old_version = new_scheme ("drivers", 1, "driver", 1, MA_MISSING_FULL);
  g_autoptr(MaScheme) new_version = new_scheme ("drivers", 2, "driver", 1, MA_MISSING_ZERO);
  g_autoptr(MaScheme) other = new_scheme ("zz-couriers", 1, "driver", 1, MA_MISSING_FULL);
  g_autoptr(MaBonusStatement) statement = NULL;
  const MaBonusRow *row;

  add_component (old_version, "volume", 100, MA_SOURCE_KPI);
  add_component (new_version, "volume", 100, MA_SOURCE_KPI);
  add_component (other, "volume", 100, MA_SOURCE_KPI);
  save_base (f);
  save_scheme (f, old_version);
  save_scheme (f, new_version);
  save_scheme (f, other);
  save_employee (f, "E1", "SPB-01", "driver", 100000, NULL, NULL);
  save_employee (f, "E2", "SPB-01", "driver", 100000, NULL, NULL);
  save_employee (f, "E3", "SPB-01", "cook", 100000, NULL, NULL);
  statement = compute (f, "2026-10");

  /* The highest version, of the scheme whose key sorts first. */
  row = ma_bonus_statement_find_row (statement, "E1");
  g_assert_cmpstr (row->scheme, ==, "drivers");
  g_assert_cmpint (row->scheme_version, ==, 2);
  assert_money (row->total, "0.00");   /* version 2 pays missing data as zero */
  /* One warning for the position, not one per employee. */
  g_assert_cmpuint (statement->warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (statement->warnings, 0), "driver"));
  g_assert_nonnull (strstr (g_ptr_array_index (statement->warnings, 0), "zz-couriers"));
  /* A position no scheme covers has no statement row. */
  g_assert_null (ma_bonus_statement_find_row (statement, "E3"));
  g_assert_cmpuint (statement->rows->len, ==, 2);
}

static void
test_active_employees (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(MaBonusStatement) statement = NULL;

  save_base (f);
  save_reference_scheme (f, 1, MA_MISSING_FULL);
  save_employee (f, "E1", "SPB-01", "driver", 100000, "2025-01-01", NULL);
  save_employee (f, "E2", "SPB-01", "driver", 100000, NULL, "2026-09-30");  /* left */
  save_employee (f, "E3", "SPB-01", "driver", 100000, "2026-11-01", NULL);  /* not yet */
  save_employee (f, "E4", "SPB-01", "driver", 100000, NULL, "2026-10-05");  /* left in October */
  statement = compute (f, "2026-10");

  g_assert_nonnull (ma_bonus_statement_find_row (statement, "E1"));
  g_assert_null (ma_bonus_statement_find_row (statement, "E2"));
  g_assert_null (ma_bonus_statement_find_row (statement, "E3"));
  g_assert_nonnull (ma_bonus_statement_find_row (statement, "E4"));
}

static void
test_invalid_period (Fixture       *f,
                     gconstpointer  data)
{
  const char *periods[] = { "2026-13", "2026-1", "october", "" };

  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (ma_bonus_compute (f->store, periods[i], &error));
      g_assert_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_INVALID);
      g_clear_error (&error);
      g_assert_false (ma_bonus_close_period (f->store, periods[i], "hr", &error));
      g_assert_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_INVALID);
    }
}

static void
test_format_decimal (void)
{
  const struct {
    double      value;
    int         min, max;
    const char *expected;
  } cases[] = {
    { 0.8, 2, 4, "0.80" },
    { 1.0, 2, 4, "1.00" },
    { 0.95, 2, 4, "0.95" },
    { 0.875, 2, 4, "0.875" },
    { 2.0 / 3.0, 2, 4, "0.6667" },
    { 0.12345, 2, 4, "0.1235" },   /* half away from zero */
    { 15, 0, 4, "15" },
    { 12.5, 0, 4, "12.5" },
    { 0.0, 2, 4, "0.00" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = ma_bonus_format_decimal (cases[i].value, cases[i].min, cases[i].max);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

/* The two-step close: a marker says who is closing which period; another
 * person cannot close it meanwhile, the closer can confirm or cancel, and
 * confirming clears the marker. */
static void
test_closing_marker (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaPeriodClosing) closing = NULL;
  g_autoptr(GPtrArray) markers = NULL;

  save_example_c (f);
  g_assert_true (ma_bonus_check_not_closing (f->store, &error));
  g_assert_no_error (error);
  g_assert_null (ma_bonus_get_close_in_progress (f->store, &error));
  g_assert_no_error (error);

  g_assert_false (ma_bonus_begin_close (f->store, "2026-13", "anna", &error));
  g_assert_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ma_bonus_begin_close (f->store, "2026-10", " ", &error));
  g_assert_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (ma_bonus_begin_close (f->store, "2026-10", "anna", &error));
  g_assert_no_error (error);
  closing = ma_bonus_get_close_in_progress (f->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (closing);
  g_assert_cmpstr (closing->period, ==, "2026-10");
  g_assert_cmpstr (closing->who, ==, "anna");

  /* Every other writer is told who is closing what. */
  g_assert_false (ma_bonus_check_not_closing (f->store, &error));
  g_assert_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_CLOSING);
  g_assert_nonnull (strstr (error->message, "2026-10"));
  g_assert_nonnull (strstr (error->message, "anna"));
  g_clear_error (&error);

  /* Someone else can neither begin nor close the same period... */
  g_assert_false (ma_bonus_begin_close (f->store, "2026-10", "boris", &error));
  g_assert_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_CLOSING);
  g_clear_error (&error);
  g_assert_false (ma_bonus_close_period (f->store, "2026-10", "boris", &error));
  g_assert_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_CLOSING);
  g_clear_error (&error);
  /* ...while the closer may begin again (renewing the marker). */
  g_assert_true (ma_bonus_begin_close (f->store, "2026-10", "anna", &error));
  g_assert_no_error (error);

  /* Cancelled: free again. */
  g_assert_true (ma_bonus_cancel_close (f->store, "2026-10", &error));
  g_assert_no_error (error);
  g_assert_true (ma_bonus_check_not_closing (f->store, &error));
  g_assert_no_error (error);

  /* Confirmed: closed, and the marker is gone in the same step. */
  g_assert_true (ma_bonus_begin_close (f->store, "2026-10", "anna", &error));
  g_assert_true (ma_bonus_close_period (f->store, "2026-10", "anna", &error));
  g_assert_no_error (error);
  markers = ma_store_list_period_closing (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (markers->len, ==, 0);

  /* A closed period cannot begin closing. */
  g_assert_false (ma_bonus_begin_close (f->store, "2026-10", "anna", &error));
  g_assert_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_CLOSED);
}

/* A marker older than the staleness timeout (a window that crashed) locks
 * nobody out, and neither does one dated in the future. */
static void
test_closing_stale (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) old = g_date_time_add_seconds (now, -MA_BONUS_CLOSING_STALE_SECONDS - 60);
  g_autoptr(GDateTime) recent = g_date_time_add_seconds (now, -MA_BONUS_CLOSING_STALE_SECONDS + 600);
  g_autoptr(GDateTime) future = g_date_time_add_seconds (now, MA_BONUS_CLOSING_STALE_SECONDS + 60);
  g_autofree char *old_text = g_date_time_format_iso8601 (old);
  g_autofree char *recent_text = g_date_time_format_iso8601 (recent);
  g_autofree char *future_text = g_date_time_format_iso8601 (future);

  save_example_c (f);
  g_assert_true (ma_store_set_period_closing (f->store, "2026-10", "anna", old_text, &error));
  g_assert_no_error (error);
  g_assert_true (ma_bonus_check_not_closing (f->store, &error));
  g_assert_no_error (error);
  g_assert_true (ma_bonus_begin_close (f->store, "2026-10", "boris", &error));
  g_assert_no_error (error);

  g_assert_true (ma_store_set_period_closing (f->store, "2026-10", "anna", recent_text, &error));
  g_assert_false (ma_bonus_check_not_closing (f->store, &error));
  g_assert_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_CLOSING);
  g_clear_error (&error);

  g_assert_true (ma_store_set_period_closing (f->store, "2026-10", "anna", future_text, &error));
  g_assert_true (ma_bonus_check_not_closing (f->store, &error));
  g_assert_no_error (error);
}


#define ADD(path, func) \
  g_test_add ("/bonus/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ADD ("example-c", test_example_c);
  ADD ("json-contract", test_json_contract);
  ADD ("payout-curve", test_payout_curve);
  ADD ("missing/full", test_missing_full);
  ADD ("missing/zero", test_missing_zero);
  ADD ("missing/previous-unavailable", test_missing_previous_unavailable);
  ADD ("missing/previous", test_missing_previous);
  ADD ("low-confidence", test_low_confidence);
  ADD ("approved-only", test_approved_only);
  ADD ("audit-weighted-mean", test_audit_weighted_mean);
  ADD ("local-date", test_local_date);
  ADD ("total-sum-of-rounded", test_total_sum_of_rounded);
  ADD ("close/freezes", test_close_freezes);
  ADD ("close/no-differences", test_close_no_differences);
  ADD ("close/reopen", test_reopen);
  ADD ("close/marker", test_closing_marker);
  ADD ("close/stale-marker", test_closing_stale);
  ADD ("snapshot/round-trip", test_snapshot_round_trip);
  ADD ("scheme-choice", test_scheme_choice);
  ADD ("active-employees", test_active_employees);
  ADD ("invalid-period", test_invalid_period);
  g_test_add_func ("/bonus/snapshot/invalid", test_snapshot_invalid);
  g_test_add_func ("/bonus/format-decimal", test_format_decimal);
  return g_test_run ();
}
