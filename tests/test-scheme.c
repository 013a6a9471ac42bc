/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ma-scheme.h"

/* JSON in these tests is written with single quotes for legibility. */
static MaScheme *
parse_scheme (const char  *json,
              GPtrArray   *warnings,
              GError     **error)
{
  g_autofree char *text = g_strdup (json);
  g_autoptr(GError) json_error = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_strdelimit (text, "'", '"');
  node = json_from_string (text, &json_error);
  g_assert_no_error (json_error);
  return ma_scheme_from_json (json_node_get_object (node), "schemes[0]", warnings, error);
}

static void
assert_refused (const char *json,
                int         code,
                const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaScheme) s = parse_scheme (json, NULL, &error);

  g_assert_null (s);
  g_assert_error (error, MA_MODEL_ERROR, code);
  if (strstr (error->message, message) == NULL)
    g_error ("expected \"%s\" in \"%s\"", message, error->message);
}

/* The scheme of the bundle example in bundle-v1.md. */
static const char bundle_scheme[] =
  "{ 'key': 'drivers', 'version': 1, 'name': 'Drivers 55/15/10/10/10',"
  "  'positions': [ 'driver' ], 'min_audits': 2, 'missing': 'full',"
  "  'components': ["
  "    { 'key': 'volume', 'label': 'Trips against plan', 'share': 55, 'source': 'kpi', 'cap': 1.2 },"
  "    { 'key': 'punctuality', 'label': 'On time',        'share': 15, 'source': 'audit' },"
  "    { 'key': 'politeness',  'label': 'Politeness',     'share': 10, 'source': 'audit' },"
  "    { 'key': 'cleanliness', 'label': 'Clean vehicle',  'share': 10, 'source': 'audit', 'floor': 0.5, 'target': 0.9 },"
  "    { 'key': 'handover',    'label': 'Handover',       'share': 10, 'source': 'audit' }"
  "  ] }";

/* A scheme around one component list. */
#define COMPONENTS(list) \
  "{'key':'s','version':1,'name':'S','positions':['driver'],'components':[" list "]}"

static void
test_bundle_example (void)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaScheme) s = parse_scheme (bundle_scheme, warnings, &error);
  const MaSchemeComponent *c;

  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_cmpstr (s->key, ==, "drivers");
  g_assert_cmpint (s->min_audits, ==, 2);
  g_assert_cmpint (s->missing, ==, MA_MISSING_FULL);
  g_assert_true (ma_scheme_covers_position (s, "driver"));
  g_assert_false (ma_scheme_covers_position (s, "sales"));
  g_assert_cmpuint (s->components->len, ==, 5);
  g_assert_true (ma_scheme_validate (s, &error));
  g_assert_no_error (error);

  c = ma_scheme_find_component (s, "volume");
  g_assert_cmpint (c->source, ==, MA_SOURCE_KPI);
  g_assert_cmpfloat (c->share, ==, 55);
  g_assert_cmpfloat (c->cap, ==, 1.2);
  g_assert_cmpfloat (c->floor, ==, 0);
  g_assert_cmpfloat (c->target, ==, 1);
  c = ma_scheme_find_component (s, "cleanliness");
  g_assert_cmpstr (c->label, ==, "Clean vehicle");
  g_assert_cmpfloat (c->floor, ==, 0.5);
  g_assert_cmpfloat (c->target, ==, 0.9);
  g_assert_cmpfloat (c->cap, ==, 1);
  g_assert_null (ma_scheme_find_component (s, "bonus"));
}

static void
test_defaults (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaScheme) s = parse_scheme (COMPONENTS ("{'key':'all','share':100,'source':'audit'}"), NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (s->min_audits, ==, 2);
  g_assert_cmpint (s->missing, ==, MA_MISSING_FULL);
  g_assert_null (((MaSchemeComponent *) g_ptr_array_index (s->components, 0))->label);
}

static void
test_payout (void)
{
  g_autoptr(MaScheme) s = parse_scheme (bundle_scheme, NULL, NULL);
  const MaSchemeComponent *clean = ma_scheme_find_component (s, "cleanliness");
  const MaSchemeComponent *volume = ma_scheme_find_component (s, "volume");
  const MaSchemeComponent *polite = ma_scheme_find_component (s, "politeness");

  /* floor 0.5, target 0.9 */
  g_assert_cmpfloat (ma_scheme_component_payout (clean, 0.4), ==, 0);
  g_assert_cmpfloat (ma_scheme_component_payout (clean, 0.5), ==, 0);
  g_assert_cmpfloat_with_epsilon (ma_scheme_component_payout (clean, 0.7), 0.5, 1e-12);
  g_assert_cmpfloat (ma_scheme_component_payout (clean, 0.9), ==, 1);
  g_assert_cmpfloat (ma_scheme_component_payout (clean, 0.95), ==, 1);
  /* cap 1.2: over-achievement pays a / target, up to the cap */
  g_assert_cmpfloat_with_epsilon (ma_scheme_component_payout (volume, 52.0 / 50.0), 1.04, 1e-12);
  g_assert_cmpfloat (ma_scheme_component_payout (volume, 1.5), ==, 1.2);
  g_assert_cmpfloat (ma_scheme_component_payout (volume, 1.0), ==, 1);
  g_assert_cmpfloat (ma_scheme_component_payout (volume, 0.8), ==, 0.8);
  /* cap 1: never more than 1 */
  g_assert_cmpfloat (ma_scheme_component_payout (polite, 1.3), ==, 1);
  g_assert_cmpfloat (ma_scheme_component_payout (polite, 0.95), ==, 0.95);
  g_assert_cmpfloat (ma_scheme_component_payout (polite, 0), ==, 0);
  g_assert_cmpfloat (ma_scheme_component_payout (polite, -1), ==, 0);
  g_assert_true (isnan (ma_scheme_component_payout (polite, NAN)));
}

static void
test_round_trip (void)
{
  g_autoptr(MaScheme) s = parse_scheme (bundle_scheme, NULL, NULL);
  g_autoptr(JsonNode) node = ma_scheme_to_json (s);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaScheme) back = ma_scheme_from_json (json_node_get_object (node), NULL, NULL, &error);
  g_autoptr(MaScheme) copy = ma_scheme_copy (s);
  g_autoptr(JsonNode) node2 = NULL;
  g_autofree char *json = json_to_string (node, FALSE);
  g_autofree char *json2 = NULL;
  g_autofree char *canonical = ma_scheme_to_canonical (s);
  g_autofree char *canonical_back = NULL;
  g_autofree char *canonical_copy = ma_scheme_to_canonical (copy);

  g_assert_no_error (error);
  node2 = ma_scheme_to_json (back);
  json2 = json_to_string (node2, FALSE);
  g_assert_cmpstr (json, ==, json2);
  canonical_back = ma_scheme_to_canonical (back);
  g_assert_cmpstr (canonical, ==, canonical_back);
  g_assert_cmpstr (canonical, ==, canonical_copy);
  g_assert_true (copy->components != s->components);
  g_assert_nonnull (strstr (canonical, "\"share\":55,"));
  g_assert_nonnull (strstr (canonical, "\"cap\":1.2"));
}

static void
test_canonical (void)
{
  g_autoptr(MaScheme) a = parse_scheme ("{'key':'s','version':1,'name':'S','positions':['driver','courier'],"
                                        "'components':[{'key':'all','share':100,'source':'audit'}]}", NULL, NULL);
  g_autoptr(MaScheme) b = parse_scheme ("{'key':'s','version':1,'name':'S','positions':['courier','driver'],"
                                        "'min_audits':2,'missing':'full','components':"
                                        "[{'key':'all','share':100.0,'source':'audit','floor':0,'target':1,'cap':1}]}",
                                        NULL, NULL);
  g_autoptr(MaScheme) c = parse_scheme ("{'key':'s','version':1,'name':'S','positions':['courier','driver'],"
                                        "'missing':'zero','components':[{'key':'all','share':100,'source':'audit'}]}",
                                        NULL, NULL);
  g_autofree char *ca = ma_scheme_to_canonical (a);
  g_autofree char *cb = ma_scheme_to_canonical (b);
  g_autofree char *cc = ma_scheme_to_canonical (c);

  g_assert_cmpstr (ca, ==, cb);
  g_assert_cmpstr (ca, !=, cc);
}

static void
test_shares (void)
{
  g_autoptr(GError) error = NULL;
  /* 33.3 + 33.3 + 33.4 is not exactly 100 in binary, and is taken */
  g_autoptr(MaScheme) thirds = parse_scheme (COMPONENTS ("{'key':'a','share':33.3,'source':'audit'},"
                                                         "{'key':'b','share':33.3,'source':'audit'},"
                                                         "{'key':'c','share':33.4,'source':'kpi'}"),
                                             NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (thirds);

  assert_refused (COMPONENTS ("{'key':'a','share':55,'source':'kpi'},{'key':'b','share':40,'source':'audit'}"),
                  MA_MODEL_ERROR_INVALID, "schemes[0].components: the shares add up to 95, not 100");
  assert_refused (COMPONENTS ("{'key':'a','share':60,'source':'kpi'},{'key':'b','share':40.001,'source':'audit'}"),
                  MA_MODEL_ERROR_INVALID, "schemes[0].components: the shares add up to 100.001, not 100");
  assert_refused (COMPONENTS ("{'key':'a','share':100,'source':'kpi'},{'key':'b','share':0,'source':'audit'}"),
                  MA_MODEL_ERROR_INVALID, "schemes[0].components[1].share: 0: a share must be greater than 0");
  assert_refused (COMPONENTS ("{'key':'a','share':110,'source':'kpi'},{'key':'b','share':-10,'source':'audit'}"),
                  MA_MODEL_ERROR_INVALID, "schemes[0].components[1].share: -10: a share must be greater than 0");
  assert_refused (COMPONENTS (""), MA_MODEL_ERROR_INVALID, "schemes[0].components: a scheme has at least one component");
}

static void
test_refused (void)
{
  assert_refused (COMPONENTS ("{'key':'a','share':50,'source':'kpi'},{'key':'a','share':50,'source':'audit'}"),
                  MA_MODEL_ERROR_INVALID, "schemes[0].components[1].key: \"a\" is the key of another component");
  assert_refused (COMPONENTS ("{'key':'a','share':100,'source':'survey'}"),
                  MA_MODEL_ERROR_INVALID, "schemes[0].components[0].source: \"survey\" is not a source (kpi or audit)");
  assert_refused (COMPONENTS ("{'key':'a','share':100}"),
                  MA_MODEL_ERROR_MISSING, "schemes[0].components[0].source: required member is missing");
  assert_refused (COMPONENTS ("{'key':'a','share':'100','source':'kpi'}"),
                  MA_MODEL_ERROR_INVALID, "schemes[0].components[0].share: expected a number, found a string");
  assert_refused (COMPONENTS ("{'key':'a','share':100,'source':'kpi','floor':0.9,'target':0.9}"),
                  MA_MODEL_ERROR_INVALID, "schemes[0].components[0].target: the target (0.9) must be greater than the floor (0.9)");
  assert_refused (COMPONENTS ("{'key':'a','share':100,'source':'kpi','floor':-0.1}"),
                  MA_MODEL_ERROR_INVALID, "schemes[0].components[0].floor: -0.1: the floor must not be negative");
  assert_refused (COMPONENTS ("{'key':'a','share':100,'source':'kpi','cap':0.9}"),
                  MA_MODEL_ERROR_INVALID, "schemes[0].components[0].cap: 0.9: the cap must be 1 or more");
  assert_refused (COMPONENTS ("{'key':'a b','share':100,'source':'kpi'}"),
                  MA_MODEL_ERROR_INVALID, "schemes[0].components[0].key: \"a b\" is not a valid key");
  assert_refused ("{'key':'s','version':1,'name':'S','positions':[],'components':[{'key':'a','share':100,'source':'kpi'}]}",
                  MA_MODEL_ERROR_INVALID, "schemes[0].positions: a scheme covers at least one position");
  assert_refused ("{'key':'s','version':1,'name':'S','positions':['driver','driver'],"
                  "'components':[{'key':'a','share':100,'source':'kpi'}]}",
                  MA_MODEL_ERROR_INVALID, "schemes[0].positions[1]: \"driver\" is listed twice");
  assert_refused ("{'key':'s','version':1,'name':'S','positions':[1],"
                  "'components':[{'key':'a','share':100,'source':'kpi'}]}",
                  MA_MODEL_ERROR_INVALID, "schemes[0].positions[0]: expected a string");
  assert_refused ("{'key':'s','version':1,'name':'S','positions':['driver'],'min_audits':0,"
                  "'components':[{'key':'a','share':100,'source':'kpi'}]}",
                  MA_MODEL_ERROR_INVALID, "schemes[0].min_audits: 0 is outside the allowed range");
  assert_refused ("{'key':'s','version':1,'name':'S','positions':['driver'],'missing':'half',"
                  "'components':[{'key':'a','share':100,'source':'kpi'}]}",
                  MA_MODEL_ERROR_INVALID, "schemes[0].missing: \"half\" is not a policy for missing data");
  assert_refused ("{'key':'s','version':0,'name':'S','positions':['driver'],"
                  "'components':[{'key':'a','share':100,'source':'kpi'}]}",
                  MA_MODEL_ERROR_INVALID, "schemes[0].version: 0 is outside the allowed range");
  assert_refused ("{'key':'s','version':1,'positions':['driver'],"
                  "'components':[{'key':'a','share':100,'source':'kpi'}]}",
                  MA_MODEL_ERROR_MISSING, "schemes[0].name: required member is missing");
  assert_refused ("{'key':'s','version':1,'name':'S',"
                  "'components':[{'key':'a','share':100,'source':'kpi'}]}",
                  MA_MODEL_ERROR_MISSING, "schemes[0].positions: required member is missing");
}

static void
test_validate_in_memory (void)
{
  g_autoptr(MaScheme) s = ma_scheme_new ();
  g_autoptr(GError) error = NULL;

  s->key = g_strdup ("drivers");
  s->name = g_strdup ("Drivers");
  g_ptr_array_add (s->positions, g_strdup ("driver"));
  g_ptr_array_add (s->components, ma_scheme_component_new ("volume", 55, MA_SOURCE_KPI));
  g_ptr_array_add (s->components, ma_scheme_component_new ("politeness", 45, MA_SOURCE_AUDIT));
  g_assert_true (ma_scheme_validate (s, &error));
  g_assert_no_error (error);

  ((MaSchemeComponent *) g_ptr_array_index (s->components, 1))->share = 44.5;
  g_assert_false (ma_scheme_validate (s, &error));
  g_assert_error (error, MA_MODEL_ERROR, MA_MODEL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "components: the shares add up to 99.5, not 100");
  g_clear_error (&error);

  ((MaSchemeComponent *) g_ptr_array_index (s->components, 1))->share = 45;
  s->min_audits = 0;
  g_assert_false (ma_scheme_validate (s, &error));
  g_assert_cmpstr (error->message, ==, "min_audits: 0: at least 1 audit is needed");
}

static void
test_warnings (void)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaScheme) s = parse_scheme ("{'key':'s','version':1,'name':'S','positions':['driver'],'region':'NW',"
                                        "'components':[{'key':'a','share':100,'source':'kpi','curve':'s'}]}",
                                        warnings, &error);

  g_assert_no_error (error);
  g_assert_nonnull (s);
  g_assert_cmpuint (warnings->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (warnings, 0), ==, "schemes[0].region: unknown member, ignored");
  g_assert_cmpstr (g_ptr_array_index (warnings, 1), ==, "schemes[0].components[0].curve: unknown member, ignored");
}

static void
test_enum_strings (void)
{
  MaMissingPolicy policy;
  MaComponentSource source;

  g_assert_true (ma_missing_policy_from_string ("previous", &policy));
  g_assert_cmpint (policy, ==, MA_MISSING_PREVIOUS);
  g_assert_cmpstr (ma_missing_policy_to_string (MA_MISSING_ZERO), ==, "zero");
  g_assert_false (ma_missing_policy_from_string ("none", &policy));
  g_assert_true (ma_component_source_from_string ("kpi", &source));
  g_assert_cmpint (source, ==, MA_SOURCE_KPI);
  g_assert_cmpstr (ma_component_source_to_string (MA_SOURCE_AUDIT), ==, "audit");
  g_assert_false (ma_component_source_from_string (NULL, &source));
}

static MaScheme *
named_scheme (const char *key,
              gint64      version,
              const char *name)
{
  MaScheme *scheme = ma_scheme_new ();

  scheme->key = g_strdup (key);
  scheme->version = version;
  scheme->name = g_strdup (name);
  return scheme;
}

/* The name shown for a statement row's scheme: that version's, else the
 * newest version's, else the key. */
static void
test_list_get_name (void)
{
  g_autoptr(GPtrArray) schemes = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_scheme_free);

  g_ptr_array_add (schemes, named_scheme ("drivers", 1, "Drivers 55/15/10/10/10"));
  g_ptr_array_add (schemes, named_scheme ("drivers", 3, "Drivers 2027"));
  g_ptr_array_add (schemes, named_scheme ("drivers", 2, "Drivers 60/10/10/10/10"));
  g_ptr_array_add (schemes, named_scheme ("sales", 1, ""));

  g_assert_cmpstr (ma_scheme_list_get_name (schemes, "drivers", 1), ==, "Drivers 55/15/10/10/10");
  g_assert_cmpstr (ma_scheme_list_get_name (schemes, "drivers", 2), ==, "Drivers 60/10/10/10/10");
  g_assert_cmpstr (ma_scheme_list_get_name (schemes, "drivers", 7), ==, "Drivers 2027");
  g_assert_cmpstr (ma_scheme_list_get_name (schemes, "sales", 1), ==, "sales");
  g_assert_cmpstr (ma_scheme_list_get_name (schemes, "gone", 1), ==, "gone");
  g_assert_cmpstr (ma_scheme_list_get_name (NULL, "drivers", 1), ==, "drivers");
  g_assert_null (ma_scheme_list_get_name (schemes, NULL, 1));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scheme/bundle-example", test_bundle_example);
  g_test_add_func ("/scheme/defaults", test_defaults);
  g_test_add_func ("/scheme/payout", test_payout);
  g_test_add_func ("/scheme/round-trip", test_round_trip);
  g_test_add_func ("/scheme/canonical", test_canonical);
  g_test_add_func ("/scheme/shares", test_shares);
  g_test_add_func ("/scheme/refused", test_refused);
  g_test_add_func ("/scheme/validate-in-memory", test_validate_in_memory);
  g_test_add_func ("/scheme/warnings", test_warnings);
  g_test_add_func ("/scheme/enum-strings", test_enum_strings);
  g_test_add_func ("/scheme/list-get-name", test_list_get_name);
  return g_test_run ();
}
