/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "ma-rollup.h"
#include "store-fixture.h"

#define OCT "2026-10-14T10:00:00+03:00"
#define SEP "2026-09-14T10:00:00+03:00"

/* Regions NW (B1, B2), C (B3, B4, B5) and S (no branches). Audit scores
 * by branch in October: B1 1.0; B2 0.5; B3 0.0 and 1.0 (mean 0.5, a tie
 * with B2); B4 0.25 (no employee identified); B5 only a draft. */
static void
save_compare_data (Fixture *f)
{
  const Answers perfect = { .p1 = "s100", .pol = "s100" };
  const Answers half = { .p1 = "s50" };
  const Answers zero = { .p1 = "s0" };
  const Answers full = { .p1 = "s100" };
  const Answers quarter = { .p1 = "s25" };

  save_region (f, "NW", "North-West");
  save_region (f, "C", "Centre");
  save_region (f, "S", "South");
  save_branch (f, "B1", "Nevsky 12", "NW");
  save_branch (f, "B2", "Ligovsky 3", "NW");
  save_branch (f, "B3", "Tverskaya 8", "C");
  save_branch (f, "B4", "Arbat 1", "C");
  save_branch (f, "B5", "Lenina 5", "C");
  save_employee (f, "E1", "B1", "driver", 100000, NULL, NULL);
  save_employee (f, "E2", "B2", "driver", 100000, NULL, NULL);
  save_employee (f, "E3", "B3", "driver", 100000, NULL, NULL);
  save_employee (f, "E4", "B5", "driver", 100000, NULL, NULL);
  save_drive_template (f);

  add_audit (f, "E1", "B1", OCT, MA_AUDIT_APPROVED, &perfect);
  add_audit (f, "E2", "B2", OCT, MA_AUDIT_APPROVED, &half);
  add_audit (f, "E3", "B3", OCT, MA_AUDIT_APPROVED, &zero);
  add_audit (f, "E3", "B3", OCT, MA_AUDIT_APPROVED, &full);
  add_audit (f, NULL, "B4", OCT, MA_AUDIT_APPROVED, &quarter);
  add_audit (f, "E4", "B5", OCT, MA_AUDIT_DRAFT, &perfect);
  add_audit (f, "E4", "B5", OCT, MA_AUDIT_SUBMITTED, &perfect);
  add_audit (f, "E4", "B5", OCT, MA_AUDIT_VOIDED, &perfect);
  /* September: outside the month, inside a range. */
  add_audit (f, "E2", "B2", SEP, MA_AUDIT_APPROVED, &full);
}

static MaRollup *
compute (Fixture    *f,
         MaGroupBy   by,
         const char *from,
         const char *to,
         int         min_audits)
{
  g_autoptr(GError) error = NULL;
  MaRollup *rollup = ma_rollup_compute (f->store, by, from, to, min_audits, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rollup);
  return rollup;
}

static const MaRollupRow *
row_at (const MaRollup *rollup,
        guint           i)
{
  g_assert_cmpuint (i, <, rollup->rows->len);
  return g_ptr_array_index (rollup->rows, i);
}

static void
test_branch_ranks_with_ties (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(MaRollup) rollup = NULL;
  const char *order[] = { "B1", "B2", "B3", "B4", "B5" };
  const guint ranks[] = { 1, 2, 2, 4, 0 };
  const gint64 counts[] = { 1, 1, 2, 1, 0 };
  const double scores[] = { 1.0, 0.5, 0.5, 0.25, NAN };

  save_compare_data (f);
  rollup = compute (f, MA_GROUP_BRANCH, "2026-10", "2026-10", 2);
  g_assert_cmpuint (rollup->rows->len, ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      const MaRollupRow *row = row_at (rollup, i);

      g_assert_cmpstr (row->key, ==, order[i]);
      g_assert_cmpuint (row->rank, ==, ranks[i]);
      g_assert_cmpint (row->n, ==, counts[i]);
      if (isnan (scores[i]))
        g_assert_true (isnan (row->score));
      else
        g_assert_cmpfloat_with_epsilon (row->score, scores[i], 1e-12);
    }
  g_assert_cmpstr (row_at (rollup, 0)->name, ==, "Nevsky 12");
}

static void
test_low_confidence (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(MaRollup) rollup = NULL;

  save_compare_data (f);
  rollup = compute (f, MA_GROUP_BRANCH, "2026-10", "2026-10", 2);
  g_assert_true (ma_rollup_find_row (rollup, "B1")->low_confidence);    /* 1 of 2 */
  g_assert_false (ma_rollup_find_row (rollup, "B3")->low_confidence);   /* 2 */
  g_assert_false (ma_rollup_find_row (rollup, "B5")->low_confidence);   /* none */
  g_clear_pointer (&rollup, ma_rollup_free);

  rollup = compute (f, MA_GROUP_BRANCH, "2026-10", "2026-10", 3);
  g_assert_true (ma_rollup_find_row (rollup, "B3")->low_confidence);
}

static void
test_regions (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(MaRollup) rollup = NULL;

  save_compare_data (f);
  rollup = compute (f, MA_GROUP_REGION, "2026-10", "2026-10", 2);
  g_assert_cmpuint (rollup->rows->len, ==, 3);
  /* Each audit counts once: NW (1.0, 0.5), C (0.0, 1.0, 0.25). */
  g_assert_cmpstr (row_at (rollup, 0)->key, ==, "NW");
  g_assert_cmpfloat_with_epsilon (row_at (rollup, 0)->score, 0.75, 1e-12);
  g_assert_cmpuint (row_at (rollup, 0)->rank, ==, 1);
  g_assert_cmpstr (row_at (rollup, 1)->key, ==, "C");
  g_assert_cmpfloat_with_epsilon (row_at (rollup, 1)->score, 1.25 / 3, 1e-12);
  g_assert_cmpint (row_at (rollup, 1)->n, ==, 3);
  /* A region without audits is listed, unranked, never 0 %. */
  g_assert_cmpstr (row_at (rollup, 2)->key, ==, "S");
  g_assert_cmpstr (row_at (rollup, 2)->name, ==, "South");
  g_assert_cmpint (row_at (rollup, 2)->n, ==, 0);
  g_assert_cmpuint (row_at (rollup, 2)->rank, ==, 0);
  g_assert_true (isnan (row_at (rollup, 2)->score));
}

static void
test_employees (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(MaRollup) rollup = NULL;

  save_compare_data (f);
  rollup = compute (f, MA_GROUP_EMPLOYEE, "2026-10", "2026-10", 1);
  /* E4 has no approved audit and B4's audit names nobody. */
  g_assert_cmpuint (rollup->rows->len, ==, 3);
  g_assert_cmpstr (row_at (rollup, 0)->key, ==, "E1");
  g_assert_cmpstr (row_at (rollup, 0)->name, ==, "Employee E1");
  g_assert_cmpstr (row_at (rollup, 1)->key, ==, "E2");
  g_assert_cmpstr (row_at (rollup, 2)->key, ==, "E3");
  g_assert_cmpuint (row_at (rollup, 2)->rank, ==, 2);
  g_assert_null (ma_rollup_find_row (rollup, "E4"));
}

static void
test_chain (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(MaRollup) rollup = NULL;

  save_compare_data (f);
  rollup = compute (f, MA_GROUP_CHAIN, "2026-10", "2026-10", 2);
  g_assert_cmpuint (rollup->rows->len, ==, 1);
  g_assert_cmpstr (row_at (rollup, 0)->key, ==, "");
  g_assert_cmpint (row_at (rollup, 0)->n, ==, 5);
  g_assert_cmpfloat_with_epsilon (row_at (rollup, 0)->score, 2.75 / 5, 1e-12);
}

static void
test_parts (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(MaRollup) rollup = NULL;
  const MaRollupRow *b1, *b3;
  const MaRollupPart *part;

  save_compare_data (f);
  rollup = compute (f, MA_GROUP_BRANCH, "2026-10", "2026-10", 2);
  g_assert_cmpuint (rollup->section_keys->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (rollup->section_keys, 0), ==, "politeness");
  g_assert_cmpstr (g_ptr_array_index (rollup->section_keys, 1), ==, "punctuality");
  g_assert_cmpuint (rollup->component_keys->len, ==, 2);

  b1 = ma_rollup_find_row (rollup, "B1");
  part = ma_rollup_row_find_component (b1, "politeness");
  g_assert_nonnull (part);
  g_assert_cmpfloat (part->mean, ==, 1.0);
  g_assert_cmpint (part->n, ==, 1);
  b3 = ma_rollup_find_row (rollup, "B3");
  part = ma_rollup_row_find_section (b3, "punctuality");
  g_assert_cmpfloat_with_epsilon (part->mean, 0.5, 1e-12);
  g_assert_cmpint (part->n, ==, 2);
  g_assert_null (ma_rollup_row_find_section (b3, "politeness"));
}

static void
test_range (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(MaRollup) rollup = NULL;
  g_autoptr(JsonNode) json = NULL;

  save_compare_data (f);
  rollup = compute (f, MA_GROUP_BRANCH, "2026-09", "2026-10", 2);
  /* B2: 0.5 in October and 1.0 in September. */
  g_assert_cmpint (ma_rollup_find_row (rollup, "B2")->n, ==, 2);
  g_assert_cmpfloat_with_epsilon (ma_rollup_find_row (rollup, "B2")->score, 0.75, 1e-12);
  g_assert_cmpuint (ma_rollup_find_row (rollup, "B2")->rank, ==, 2);
  json = ma_rollup_to_json (rollup, NULL, MA_GROUP_BRANCH);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json), "period"), ==,
                   "2026-09..2026-10");
}

static void
test_json (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(MaRollup) rollup = NULL;
  g_autoptr(JsonNode) json = NULL;
  JsonObject *object, *row, *sections;
  JsonArray *rows;

  save_compare_data (f);
  rollup = compute (f, MA_GROUP_BRANCH, "2026-10", "2026-10", 2);
  json = ma_rollup_to_json (rollup, NULL, MA_GROUP_BRANCH);
  object = json_node_get_object (json);
  g_assert_cmpstr (json_object_get_string_member (object, "period"), ==, "2026-10");
  g_assert_cmpstr (json_object_get_string_member (object, "by"), ==, "branch");
  rows = json_object_get_array_member (object, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 5);

  row = json_array_get_object_element (rows, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "key"), ==, "B1");
  g_assert_cmpstr (json_object_get_string_member (row, "name"), ==, "Nevsky 12");
  g_assert_cmpint (json_object_get_int_member (row, "n"), ==, 1);
  g_assert_cmpfloat (json_object_get_double_member (row, "score"), ==, 1.0);
  g_assert_cmpint (json_object_get_int_member (row, "rank"), ==, 1);
  g_assert_true (json_object_get_boolean_member (row, "low_confidence"));
  sections = json_object_get_object_member (row, "sections");
  g_assert_cmpfloat (json_object_get_double_member (sections, "politeness"), ==, 1.0);
  g_assert_true (json_object_has_member (json_object_get_object_member (row, "components"),
                                         "punctuality"));

  /* B2 did not assess politeness: null, not 0. */
  row = json_array_get_object_element (rows, 1);
  sections = json_object_get_object_member (row, "sections");
  g_assert_true (json_object_has_member (sections, "politeness"));
  g_assert_true (json_object_get_null_member (sections, "politeness"));

  /* B5: no audits. */
  row = json_array_get_object_element (rows, 4);
  g_assert_cmpstr (json_object_get_string_member (row, "key"), ==, "B5");
  g_assert_cmpint (json_object_get_int_member (row, "n"), ==, 0);
  g_assert_true (json_object_get_null_member (row, "score"));
  g_assert_true (json_object_get_null_member (row, "rank"));
  g_assert_false (json_object_get_boolean_member (row, "low_confidence"));
  g_assert_true (json_object_get_null_member (json_object_get_object_member (row, "sections"),
                                              "punctuality"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "standards")), ==, 0);
}

static void
test_standards (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(MaRollup) rollup = NULL;
  g_autoptr(JsonNode) json = NULL;
  const Answers fast = { .p1 = "s100", .wait = "90" };
  const Answers limit = { .p1 = "s100", .wait = "120" };
  const Answers slow = { .p1 = "s100", .wait = "200" };
  const Answers na = { .p1 = "s100" };
  const MaRollupStandard *standard;
  JsonObject *item;

  save_region (f, "NW", "North-West");
  save_branch (f, "B1", "Nevsky 12", "NW");
  save_branch (f, "B2", "Ligovsky 3", "NW");
  save_drive_template (f);
  /* The standard is "wait <= 120 s" for half of the audits. */
  add_audit (f, NULL, "B1", OCT, MA_AUDIT_APPROVED, &limit);
  add_audit (f, NULL, "B1", OCT, MA_AUDIT_APPROVED, &slow);
  add_audit (f, NULL, "B1", OCT, MA_AUDIT_APPROVED, &na);
  add_audit (f, NULL, "B2", OCT, MA_AUDIT_APPROVED, &slow);
  add_audit (f, NULL, "B2", OCT, MA_AUDIT_APPROVED, &slow);
  add_audit (f, NULL, "B2", OCT, MA_AUDIT_APPROVED, &fast);
  add_audit (f, NULL, "B2", OCT, MA_AUDIT_DRAFT, &fast);

  rollup = compute (f, MA_GROUP_BRANCH, "2026-10", "2026-10", 2);
  g_assert_cmpuint (rollup->standards->len, ==, 2);
  /* B1: 1 of 2 answered (N/A left out) = 0.5 >= 0.5: met, exactly. */
  standard = g_ptr_array_index (rollup->standards, 0);
  g_assert_cmpstr (standard->group, ==, "B1");
  g_assert_cmpstr (standard->question, ==, "wait");
  g_assert_cmpint (standard->n, ==, 2);
  g_assert_cmpfloat (standard->pass_rate, ==, 0.5);
  g_assert_cmpfloat (standard->share, ==, 0.5);
  g_assert_true (standard->met);
  /* B2: 1 of 3 approved. */
  standard = g_ptr_array_index (rollup->standards, 1);
  g_assert_cmpstr (standard->group, ==, "B2");
  g_assert_cmpint (standard->n, ==, 3);
  g_assert_cmpfloat_with_epsilon (standard->pass_rate, 1.0 / 3, 1e-12);
  g_assert_false (standard->met);

  json = ma_rollup_to_json (rollup, "2026-10", MA_GROUP_BRANCH);
  item = json_array_get_object_element (json_object_get_array_member (json_node_get_object (json),
                                                                      "standards"), 0);
  g_assert_cmpstr (json_object_get_string_member (item, "group"), ==, "B1");
  g_assert_cmpstr (json_object_get_string_member (item, "question"), ==, "wait");
  g_assert_cmpfloat (json_object_get_double_member (item, "pass_rate"), ==, 0.5);
  g_assert_cmpint (json_object_get_int_member (item, "n"), ==, 2);
  g_assert_cmpfloat (json_object_get_double_member (item, "share"), ==, 0.5);
  g_assert_true (json_object_get_boolean_member (item, "met"));
}

static void
test_invalid_period (Fixture       *f,
                     gconstpointer  data)
{
  const struct {
    const char *from, *to;
  } cases[] = {
    { "2026-13", "2026-13" },
    { "2026-10", "2026-1" },
    { NULL, "2026-10" },
    { "2026-11", "2026-10" },   /* ends before it starts */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (ma_rollup_compute (f->store, MA_GROUP_BRANCH, cases[i].from, cases[i].to, 2,
                                        &error));
      g_assert_error (error, MA_ROLLUP_ERROR, MA_ROLLUP_ERROR_INVALID);
    }
}

static void
test_group_by_names (void)
{
  MaGroupBy by = MA_GROUP_CHAIN;

  g_assert_true (ma_group_by_from_string ("region", &by));
  g_assert_cmpint (by, ==, MA_GROUP_REGION);
  g_assert_cmpstr (ma_group_by_to_string (MA_GROUP_EMPLOYEE), ==, "employee");
  g_assert_false (ma_group_by_from_string ("city", &by));
  g_assert_cmpint (by, ==, MA_GROUP_REGION);
}

#define ADD(path, func) \
  g_test_add ("/rollup/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ADD ("branch-ranks-with-ties", test_branch_ranks_with_ties);
  ADD ("low-confidence", test_low_confidence);
  ADD ("regions", test_regions);
  ADD ("employees", test_employees);
  ADD ("chain", test_chain);
  ADD ("parts", test_parts);
  ADD ("range", test_range);
  ADD ("json", test_json);
  ADD ("standards", test_standards);
  ADD ("invalid-period", test_invalid_period);
  g_test_add_func ("/rollup/group-by-names", test_group_by_names);
  return g_test_run ();
}
