/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ma-directory.h"

typedef gpointer (*FromJson) (JsonObject *, const char *, GPtrArray *, GError **);

/* JSON in these tests is written with single quotes for legibility. */
static gpointer
parse (FromJson     from_json,
       const char  *path,
       const char  *json,
       GPtrArray   *warnings,
       GError     **error)
{
  g_autofree char *text = g_strdup (json);
  g_autoptr(GError) json_error = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_strdelimit (text, "'", '"');
  node = json_from_string (text, &json_error);
  g_assert_no_error (json_error);
  return from_json (json_node_get_object (node), path, warnings, error);
}

static MaEmployee *
parse_employee (const char *json, GError **error)
{
  return parse ((FromJson) ma_employee_from_json, "employees[0]", json, NULL, error);
}

static MaKpi *
parse_kpi (const char *json, GError **error)
{
  return parse ((FromJson) ma_kpi_from_json, "kpis[0]", json, NULL, error);
}

static void
assert_error (GError     *error,
              int         code,
              const char *message)
{
  g_assert_error (error, MA_MODEL_ERROR, code);
  if (strstr (error->message, message) == NULL)
    g_error ("expected \"%s\" in \"%s\"", message, error->message);
}

static void
assert_employee_refused (const char *json,
                         int         code,
                         const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaEmployee) e = parse_employee (json, &error);

  g_assert_null (e);
  assert_error (error, code, message);
}

static void
assert_kpi_refused (const char *json,
                    int         code,
                    const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaKpi) k = parse_kpi (json, &error);

  g_assert_null (k);
  assert_error (error, code, message);
}

static void
test_regions_branches (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(MaRegion) r = parse ((FromJson) ma_region_from_json, "regions[0]",
                                 "{'code':'NW','name':'North-West'}", NULL, &error);
  g_autoptr(MaBranch) b = parse ((FromJson) ma_branch_from_json, "branches[0]",
                                 "{'code':'SPB-01','name':'Nevsky 12','region':'NW','phone':'x'}",
                                 warnings, &error);
  g_autoptr(MaRegion) r2 = NULL;
  g_autoptr(MaBranch) b2 = NULL;
  g_autoptr(MaBranch) bad = NULL;
  g_autoptr(MaRegion) bad_region = NULL;
  g_autoptr(JsonNode) rn = NULL;
  g_autoptr(JsonNode) bn = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (r->code, ==, "NW");
  g_assert_cmpstr (b->region, ==, "NW");
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (warnings, 0), ==, "branches[0].phone: unknown member, ignored");

  rn = ma_region_to_json (r);
  r2 = ma_region_from_json (json_node_get_object (rn), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ma_region_equal (r, r2));
  bn = ma_branch_to_json (b);
  b2 = ma_branch_from_json (json_node_get_object (bn), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ma_branch_equal (b, b2));
  g_free (b2->region);
  b2->region = g_strdup ("SW");
  g_assert_false (ma_branch_equal (b, b2));

  bad = parse ((FromJson) ma_branch_from_json, "branches[2]",
               "{'code':'SPB-01','name':'Nevsky 12'}", NULL, &error);
  g_assert_null (bad);
  assert_error (error, MA_MODEL_ERROR_MISSING, "branches[2].region: required member is missing");
  g_clear_error (&error);

  bad_region = parse ((FromJson) ma_region_from_json, "regions[1]",
                      "{'code':'N\\tW','name':'North'}", NULL, &error);
  g_assert_null (bad_region);
  assert_error (error, MA_MODEL_ERROR_INVALID, "regions[1].code: not a valid code");
  g_clear_error (&error);

  bad_region = parse ((FromJson) ma_region_from_json, "regions[1]",
                      "{'code':'NW','name':''}", NULL, &error);
  g_assert_null (bad_region);
  assert_error (error, MA_MODEL_ERROR_INVALID, "regions[1].name: must not be empty");
}

static void
test_employee (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaEmployee) e = parse_employee ("{'code':'E1001','name':'Ivan Petrov','branch':'SPB-01',"
                                            "'position':'driver','base_pay':60000.00,'currency':'RUB',"
                                            "'active_from':'2025-03-01'}", &error);
  g_autoptr(MaEmployee) field = parse_employee ("{'code':'E1001','name':'Ivan Petrov','branch':'SPB-01',"
                                                "'position':'driver'}", &error);
  g_autoptr(MaEmployee) yen = parse_employee ("{'code':'E7','name':'Sato','branch':'TYO',"
                                              "'position':'sales','base_pay':300000,'currency':'JPY'}", &error);
  g_autoptr(MaEmployee) cents = parse_employee ("{'code':'E8','name':'Anna','branch':'B',"
                                                "'position':'sales','base_pay':61.72,'currency':'EUR'}", &error);

  g_assert_no_error (error);
  g_assert_cmpint (e->base_pay, ==, 6000000);
  g_assert_cmpstr (e->currency, ==, "RUB");
  g_assert_cmpstr (e->active_from, ==, "2025-03-01");
  g_assert_null (e->active_to);
  /* bundles for the field carry no pay */
  g_assert_cmpint (field->base_pay, ==, 0);
  g_assert_null (field->currency);
  g_assert_cmpint (yen->base_pay, ==, 300000);
  g_assert_cmpint (cents->base_pay, ==, 6172);
}

static void
test_employee_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaEmployee) e = parse_employee ("{'code':'E1001','name':'Ivan Petrov','branch':'SPB-01',"
                                            "'position':'driver','base_pay':61.72,'currency':'RUB',"
                                            "'active_from':'2025-03-01','active_to':'2026-10-15'}", &error);
  g_autoptr(JsonNode) with_pay = ma_employee_to_json (e, TRUE);
  g_autoptr(JsonNode) without_pay = ma_employee_to_json (e, FALSE);
  g_autoptr(MaEmployee) back = NULL;
  g_autoptr(MaEmployee) bare = NULL;
  g_autoptr(MaEmployee) copy = ma_employee_copy (e);
  g_autofree char *without_text = json_to_string (without_pay, FALSE);

  g_assert_no_error (error);
  back = ma_employee_from_json (json_node_get_object (with_pay), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ma_employee_equal (e, back));
  g_assert_true (ma_employee_equal (e, copy));

  g_assert_null (strstr (without_text, "base_pay"));
  g_assert_null (strstr (without_text, "currency"));
  bare = ma_employee_from_json (json_node_get_object (without_pay), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (ma_employee_equal (e, bare));
  g_assert_cmpint (bare->base_pay, ==, 0);
  g_assert_cmpstr (bare->active_to, ==, "2026-10-15");

  copy->base_pay++;
  g_assert_false (ma_employee_equal (e, copy));
}

#define EMPLOYEE(extra) \
  "{'code':'E1','name':'Ivan','branch':'B','position':'driver'" extra "}"

static void
test_employee_refused (void)
{
  assert_employee_refused (EMPLOYEE (",'base_pay':60000.001,'currency':'RUB'"),
                           MA_MODEL_ERROR_INVALID, "employees[0].base_pay: 60000.001 has more decimals than RUB allows (2)");
  assert_employee_refused (EMPLOYEE (",'base_pay':10.5,'currency':'JPY'"),
                           MA_MODEL_ERROR_INVALID, "employees[0].base_pay: 10.5 has more decimals than JPY allows (0)");
  assert_employee_refused (EMPLOYEE (",'base_pay':-1,'currency':'RUB'"),
                           MA_MODEL_ERROR_INVALID, "employees[0].base_pay: -1 is not a valid amount of money");
  assert_employee_refused (EMPLOYEE (",'base_pay':'60000','currency':'RUB'"),
                           MA_MODEL_ERROR_INVALID, "employees[0].base_pay: expected a number, found a string");
  assert_employee_refused (EMPLOYEE (",'base_pay':60000"),
                           MA_MODEL_ERROR_MISSING, "employees[0].currency: required when base_pay is given");
  assert_employee_refused (EMPLOYEE (",'base_pay':60000,'currency':'rub'"),
                           MA_MODEL_ERROR_INVALID, "employees[0].currency: \"rub\" is not a currency code");
  assert_employee_refused (EMPLOYEE (",'active_from':'2026-02-30'"),
                           MA_MODEL_ERROR_INVALID, "employees[0].active_from: \"2026-02-30\" is not a date (YYYY-MM-DD)");
  assert_employee_refused (EMPLOYEE (",'active_to':'2026-10'"),
                           MA_MODEL_ERROR_INVALID, "employees[0].active_to: \"2026-10\" is not a date");
  assert_employee_refused (EMPLOYEE (",'active_to':'2026-1-05'"),
                           MA_MODEL_ERROR_INVALID, "employees[0].active_to: ");
  assert_employee_refused (EMPLOYEE (",'active_from':'2026-10-02','active_to':'2026-10-01'"),
                           MA_MODEL_ERROR_INVALID, "employees[0].active_to: 2026-10-01 is before active_from (2026-10-02)");
  assert_employee_refused ("{'code':'E1','name':'Ivan','branch':'B'}",
                           MA_MODEL_ERROR_MISSING, "employees[0].position: required member is missing");
  assert_employee_refused ("{'code':'','name':'Ivan','branch':'B','position':'driver'}",
                           MA_MODEL_ERROR_INVALID, "employees[0].code: not a valid code");
  assert_employee_refused ("{'code':'E1234567890123456789012345678901234567890123456789012345678901234',"
                           "'name':'Ivan','branch':'B','position':'driver'}",
                           MA_MODEL_ERROR_INVALID, "employees[0].code: not a valid code (1 to 64 bytes");
  assert_employee_refused ("{'code':7,'name':'Ivan','branch':'B','position':'driver'}",
                           MA_MODEL_ERROR_INVALID, "employees[0].code: expected a string, found a number");
}

static void
test_employee_active (void)
{
  g_autoptr(MaEmployee) e = ma_employee_new ();

  g_assert_true (ma_employee_is_active_in (e, "2026-10"));
  g_assert_false (ma_employee_is_active_in (e, "2026-13"));
  e->active_from = g_strdup ("2026-10-31");
  g_assert_false (ma_employee_is_active_in (e, "2026-09"));
  g_assert_true (ma_employee_is_active_in (e, "2026-10"));
  g_assert_true (ma_employee_is_active_in (e, "2027-01"));
  e->active_to = g_strdup ("2026-12-01");
  g_assert_true (ma_employee_is_active_in (e, "2026-12"));
  g_assert_false (ma_employee_is_active_in (e, "2027-01"));
  g_clear_pointer (&e->active_from, g_free);
  g_assert_true (ma_employee_is_active_in (e, "2020-01"));
}

static void
test_kpi (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaKpi) k = parse_kpi ("{'employee':'E1001','period':'2026-10','component':'volume',"
                                  "'actual':52,'plan':50}", &error);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(MaKpi) back = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (k->employee, ==, "E1001");
  g_assert_cmpfloat (k->actual, ==, 52);
  g_assert_cmpfloat (k->plan, ==, 50);

  node = ma_kpi_to_json (k);
  text = json_to_string (node, FALSE);
  g_assert_cmpstr (text, ==, "{\"employee\":\"E1001\",\"period\":\"2026-10\",\"component\":\"volume\","
                   "\"actual\":52,\"plan\":50}");
  back = ma_kpi_from_json (json_node_get_object (node), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (back->actual, ==, 52);

  assert_kpi_refused ("{'employee':'E1','period':'2026-13','component':'volume','actual':1,'plan':1}",
                      MA_MODEL_ERROR_INVALID, "kpis[0].period: \"2026-13\" is not a period (YYYY-MM)");
  assert_kpi_refused ("{'employee':'E1','period':'2026-10','component':'volume','actual':1,'plan':0}",
                      MA_MODEL_ERROR_INVALID, "kpis[0].plan: 0: must be greater than 0");
  assert_kpi_refused ("{'employee':'E1','period':'2026-10','component':'volume','actual':-1,'plan':5}",
                      MA_MODEL_ERROR_INVALID, "kpis[0].actual: -1: must not be negative");
  assert_kpi_refused ("{'employee':'E1','period':'2026-10','component':'volume','plan':5}",
                      MA_MODEL_ERROR_MISSING, "kpis[0].actual: required member is missing");
  assert_kpi_refused ("{'employee':'E1','period':'2026-10','component':'trips done','actual':1,'plan':5}",
                      MA_MODEL_ERROR_INVALID, "kpis[0].component: \"trips done\" is not a valid key");
  assert_kpi_refused ("{'employee':'E1','period':'2026-10','component':'volume','actual':1,'plan':'5'}",
                      MA_MODEL_ERROR_INVALID, "kpis[0].plan: expected a number, found a string");
}

/* Known position codes read as words; an office's own code as recorded. */
static void
test_position_label (void)
{
  const char * const *known = ma_employee_known_positions ();

  g_assert_cmpstr (ma_employee_position_label ("driver"), ==, "Driver");
  g_assert_cmpstr (ma_employee_position_label ("sales"), ==, "Sales consultant");
  g_assert_cmpstr (ma_employee_position_label ("operator"), ==, "Call desk operator");
  g_assert_cmpstr (ma_employee_position_label ("courier"), ==, "courier");
  g_assert_cmpstr (ma_employee_position_label ("водитель"), ==, "водитель");
  /* Codes are case-sensitive keys: "Driver" is an office's own code. */
  g_assert_cmpstr (ma_employee_position_label ("DRIVER"), ==, "DRIVER");
  g_assert_cmpstr (ma_employee_position_label (""), ==, "");
  g_assert_cmpstr (ma_employee_position_label (NULL), ==, "");

  g_assert_cmpuint (g_strv_length ((char **) known), ==, 3);
  for (guint i = 0; known[i] != NULL; i++)
    g_assert_cmpstr (ma_employee_position_label (known[i]), !=, known[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/directory/regions-branches", test_regions_branches);
  g_test_add_func ("/directory/employee", test_employee);
  g_test_add_func ("/directory/employee/round-trip", test_employee_round_trip);
  g_test_add_func ("/directory/employee/refused", test_employee_refused);
  g_test_add_func ("/directory/employee/active", test_employee_active);
  g_test_add_func ("/directory/kpi", test_kpi);
  g_test_add_func ("/directory/position-label", test_position_label);
  return g_test_run ();
}
