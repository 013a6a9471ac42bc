/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ma-template.h"

/* JSON in these tests is written with single quotes for legibility. */
static JsonNode *
parse_json (const char *json)
{
  g_autofree char *text = g_strdup (json);
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  g_strdelimit (text, "'", '"');
  node = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static MaTemplate *
parse_template (const char  *json,
                GPtrArray   *warnings,
                GError     **error)
{
  g_autoptr(JsonNode) node = parse_json (json);

  return ma_template_from_json (json_node_get_object (node), "templates[0]", warnings, error);
}

static void
assert_refused (const char *json,
                int         code,
                const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaTemplate) t = parse_template (json, NULL, &error);

  g_assert_null (t);
  g_assert_error (error, MA_MODEL_ERROR, code);
  if (strstr (error->message, message) == NULL)
    g_error ("expected \"%s\" in \"%s\"", message, error->message);
}

/* The template of the bundle example in bundle-v1.md. */
static const char bundle_template[] =
  "{ 'key': 'delivery-driver', 'version': 1, 'name': 'Delivery: driver',"
  "  'channel': 'delivery',"
  "  'sections': [ {"
  "    'key': 'punctuality', 'title': 'Punctuality', 'component': 'punctuality',"
  "    'questions': [ {"
  "      'key': 'late_minutes', 'text': 'Minutes late against the agreed slot',"
  "      'guidance': 'Measure from the start of the slot to the doorbell.',"
  "      'type': 'number', 'unit': 'min',"
  "      'rule': { 'band': { 'full': 0, 'zero': 30 } }, 'weight': 1"
  "    } ]"
  "  }, {"
  "    'key': 'politeness', 'title': 'Politeness', 'component': 'politeness',"
  "    'questions': ["
  "      { 'key': 'greeted', 'text': 'Greeted the customer', 'type': 'yes_no', 'weight': 2,"
  "        'critical': 'section' },"
  "      { 'key': 'tone', 'text': 'Tone of voice', 'type': 'scale', 'min': 1, 'max': 5,"
  "        'labels': { '1': 'rude', '5': 'warm' }, 'weight': 2, 'allow_na': true },"
  "      { 'key': 'argued', 'text': 'Argued with the customer', 'type': 'yes_no',"
  "        'good': false, 'weight': 1 },"
  "      { 'key': 'offer', 'text': 'How were alternatives offered', 'type': 'choice',"
  "        'options': [ { 'key': 'none', 'label': 'Not at all', 'score': 0 },"
  "                     { 'key': 'one',  'label': 'One',        'score': 0.5 },"
  "                     { 'key': 'many', 'label': 'Several',    'score': 1 } ] },"
  "      { 'key': 'notes', 'text': 'Anything else', 'type': 'text' }"
  "    ]"
  "  } ]"
  "}";

/* A template with one section around @question. */
#define ONE(question) \
  "{'key':'t','version':1,'name':'T','channel':'visit','sections':[" \
  "{'key':'s','title':'S','questions':[" question "]}]}"

static void
test_bundle_example (void)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaTemplate) t = parse_template (bundle_template, warnings, &error);
  const MaSection *section = NULL;
  const MaQuestion *q;

  g_assert_no_error (error);
  g_assert_nonnull (t);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_cmpstr (t->key, ==, "delivery-driver");
  g_assert_cmpint (t->version, ==, 1);
  g_assert_cmpint (t->status, ==, MA_TEMPLATE_PUBLISHED);
  g_assert_cmpuint (t->sections->len, ==, 2);
  g_assert_cmpuint (ma_template_count_questions (t), ==, 6);
  g_assert_false (ma_template_has_section_weights (t));
  g_assert_true (ma_template_validate (t, &error));
  g_assert_no_error (error);

  q = ma_template_find_question (t, "late_minutes", &section);
  g_assert_nonnull (q);
  g_assert_cmpstr (section->key, ==, "punctuality");
  g_assert_cmpint (q->type, ==, MA_QUESTION_NUMBER);
  g_assert_cmpint (q->rule, ==, MA_NUMBER_RULE_BAND);
  g_assert_cmpfloat (q->band_full, ==, 0);
  g_assert_cmpfloat (q->band_zero, ==, 30);
  g_assert_cmpstr (q->unit, ==, "min");
  g_assert_cmpstr (ma_question_get_component (q, section), ==, "punctuality");

  q = ma_template_find_question (t, "greeted", NULL);
  g_assert_cmpint (q->critical, ==, MA_CRITICAL_SECTION);
  g_assert_cmpfloat (q->weight, ==, 2);
  g_assert_true (q->good);

  q = ma_template_find_question (t, "tone", NULL);
  g_assert_cmpint (q->scale_min, ==, 1);
  g_assert_cmpint (q->scale_max, ==, 5);
  g_assert_true (q->allow_na);
  g_assert_cmpuint (q->scale_labels->len, ==, 2);
  g_assert_cmpstr (((MaScaleLabel *) g_ptr_array_index (q->scale_labels, 1))->label, ==, "warm");

  q = ma_template_find_question (t, "argued", NULL);
  g_assert_false (q->good);

  q = ma_template_find_question (t, "offer", NULL);
  g_assert_cmpuint (q->options->len, ==, 3);
  g_assert_cmpfloat (((MaChoiceOption *) g_ptr_array_index (q->options, 1))->score, ==, 0.5);
  g_assert_cmpfloat (q->weight, ==, 1);

  q = ma_template_find_question (t, "notes", NULL);
  g_assert_cmpint (q->type, ==, MA_QUESTION_TEXT);
  g_assert_null (ma_template_find_question (t, "missing", NULL));
}

/* Every type and every optional setting, for the round trip. */
static const char full_template[] =
  "{'key':'full','version':3,'name':'Full','channel':'phone','description':'All of it',"
  " 'status':'draft','sections':["
  " {'key':'a','title':'A','weight':2,'component':'politeness','questions':["
  "  {'key':'yn','text':'Yes/no','type':'yes_no','good':false,'critical':'audit',"
  "   'allow_na':true,'comment_on_fail':true,'evidence_required':true,"
  "   'standard':{'share':0.9},'component':'handover','guidance':'Look'},"
  "  {'key':'sc','text':'Scale','type':'scale','min':-2,'max':10,'weight':0.25,"
  "   'labels':{'10':'top','-2':'bottom'}},"
  "  {'key':'ch','text':'Choice','type':'choice','weight':3,'critical':'section',"
  "   'options':[{'key':'x','label':'X','score':0.1},{'key':'y','label':'Y','score':1}]}]},"
  " {'key':'b','title':'B','weight':1.5,'questions':["
  "  {'key':'nmax','text':'Max','type':'number','rule':{'max':120},'unit':'s'},"
  "  {'key':'nmin','text':'Min','type':'number','rule':{'min':2.5}},"
  "  {'key':'nband','text':'Band','type':'number','rule':{'band':{'full':10,'zero':-3.5}}},"
  "  {'key':'tx','text':'Text','type':'text','allow_na':true}]}]}";

static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaTemplate) t = parse_template (full_template, NULL, &error);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(MaTemplate) back = NULL;
  g_autoptr(MaTemplate) copy = NULL;
  g_autoptr(JsonNode) node2 = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json2 = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *canonical2 = NULL;
  g_autofree char *canonical3 = NULL;
  const MaQuestion *q;

  g_assert_no_error (error);
  g_assert_true (ma_template_has_section_weights (t));
  g_assert_cmpint (t->status, ==, MA_TEMPLATE_DRAFT);
  q = ma_template_find_question (t, "sc", NULL);
  /* labels are kept sorted by value */
  g_assert_cmpint (((MaScaleLabel *) g_ptr_array_index (q->scale_labels, 0))->value, ==, -2);
  q = ma_template_find_question (t, "yn", NULL);
  g_assert_true (q->has_standard);
  g_assert_cmpfloat (q->standard_share, ==, 0.9);
  g_assert_cmpint (q->critical, ==, MA_CRITICAL_AUDIT);
  g_assert_true (q->comment_on_fail && q->evidence_required && q->allow_na);

  node = ma_template_to_json (t);
  json = json_to_string (node, FALSE);
  back = ma_template_from_json (json_node_get_object (node), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_cmpint (back->status, ==, MA_TEMPLATE_DRAFT);
  node2 = ma_template_to_json (back);
  json2 = json_to_string (node2, FALSE);
  g_assert_cmpstr (json, ==, json2);

  canonical = ma_template_to_canonical (t);
  canonical2 = ma_template_to_canonical (back);
  g_assert_cmpstr (canonical, ==, canonical2);
  /* Whole numbers stay integers: the section weight 2 is not "2.0". */
  g_assert_nonnull (strstr (canonical, "\"weight\":2,"));
  g_assert_null (strstr (canonical, "2.0"));
  g_assert_null (strstr (canonical, "\"status\""));
  g_assert_nonnull (strstr (json, "\"status\":\"draft\""));

  copy = ma_template_copy (t);
  g_assert_true (copy != t);
  g_assert_true (copy->sections != t->sections);
  canonical3 = ma_template_to_canonical (copy);
  g_assert_cmpstr (canonical, ==, canonical3);
}

static void
test_canonical (void)
{
  g_autoptr(MaTemplate) a = parse_template (ONE ("{'key':'q','text':'Q','type':'yes_no'}"), NULL, NULL);
  g_autoptr(MaTemplate) b = parse_template (ONE ("{'type':'yes_no','weight':1.0,'good':true,"
                                                 "'key':'q','text':'Q'}"), NULL, NULL);
  g_autoptr(MaTemplate) c = parse_template (ONE ("{'key':'q','text':'Q','type':'yes_no','weight':2}"),
                                            NULL, NULL);
  g_autofree char *ca = NULL;
  g_autofree char *cb = NULL;
  g_autofree char *cc = NULL;
  g_autofree char *cb2 = NULL;

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_nonnull (c);
  ca = ma_template_to_canonical (a);
  cb = ma_template_to_canonical (b);
  cc = ma_template_to_canonical (c);
  /* defaults given or left out, members in any order: the same content */
  g_assert_cmpstr (ca, ==, cb);
  g_assert_cmpstr (ca, !=, cc);
  /* the status is not content */
  b->status = MA_TEMPLATE_RETIRED;
  cb2 = ma_template_to_canonical (b);
  g_assert_cmpstr (ca, ==, cb2);
}

static void
test_warnings (void)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaTemplate) t = parse_template (
    "{'key':'t','version':1,'name':'T','channel':'visit','colour':'red','sections':["
    "{'key':'s','title':'S','icon':1,'questions':["
    "{'key':'q','text':'Q','type':'choice','hint':'x',"
    " 'options':[{'key':'a','label':'A','score':1,'emoji':':)'}]}]}]}",
    warnings, &error);

  g_assert_no_error (error);
  g_assert_nonnull (t);
  g_assert_cmpuint (warnings->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (warnings, 0), ==, "templates[0].colour: unknown member, ignored");
  g_assert_cmpstr (g_ptr_array_index (warnings, 1), ==, "templates[0].sections[0].icon: unknown member, ignored");
  g_assert_cmpstr (g_ptr_array_index (warnings, 2), ==,
                   "templates[0].sections[0].questions[0].hint: unknown member, ignored");
  g_assert_cmpstr (g_ptr_array_index (warnings, 3), ==,
                   "templates[0].sections[0].questions[0].options[0].emoji: unknown member, ignored");
}

static void
test_refused_template (void)
{
  assert_refused ("{'version':1,'name':'T','channel':'visit','sections':[]}",
                  MA_MODEL_ERROR_MISSING, "templates[0].key: required member is missing");
  assert_refused ("{'key':'','version':1,'name':'T','channel':'visit','sections':[]}",
                  MA_MODEL_ERROR_INVALID, "templates[0].key: \"\" is not a valid key");
  assert_refused ("{'key':'a b','version':1,'name':'T','channel':'visit','sections':[]}",
                  MA_MODEL_ERROR_INVALID, "templates[0].key: \"a b\" is not a valid key (1 to 64 printable ASCII");
  assert_refused ("{'key':'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',"
                  "'version':1,'name':'T','channel':'visit','sections':[]}",
                  MA_MODEL_ERROR_INVALID, "templates[0].key: ");
  assert_refused ("{'key':'t','version':'1','name':'T','channel':'visit','sections':[]}",
                  MA_MODEL_ERROR_INVALID, "templates[0].version: expected a whole number");
  assert_refused ("{'key':'t','version':1.5,'name':'T','channel':'visit','sections':[]}",
                  MA_MODEL_ERROR_INVALID, "templates[0].version: expected a whole number");
  assert_refused ("{'key':'t','version':0,'name':'T','channel':'visit','sections':[]}",
                  MA_MODEL_ERROR_INVALID, "templates[0].version: 0 is outside");
  assert_refused ("{'key':'t','version':1,'name':'','channel':'visit','sections':[]}",
                  MA_MODEL_ERROR_INVALID, "templates[0].name: must not be empty");
  assert_refused ("{'key':'t','version':1,'name':'T','channel':'visit','status':'old','sections':[]}",
                  MA_MODEL_ERROR_INVALID, "templates[0].status: \"old\" is not a template status");
  assert_refused ("{'key':'t','version':1,'name':'T','channel':'visit'}",
                  MA_MODEL_ERROR_MISSING, "templates[0].sections: required member is missing");
  assert_refused ("{'key':'t','version':1,'name':'T','channel':'visit','sections':[]}",
                  MA_MODEL_ERROR_INVALID, "templates[0].sections: a template needs at least one section");
  assert_refused ("{'key':'t','version':1,'name':'T','channel':'visit','sections':["
                  "{'key':'s','title':'S','questions':[]}]}",
                  MA_MODEL_ERROR_INVALID, "templates[0].sections: a template needs at least one question");
  assert_refused ("{'key':'t','version':1,'name':'T','channel':'visit','sections':[7]}",
                  MA_MODEL_ERROR_INVALID, "templates[0].sections[0]: expected an object, found a number");
}

static void
test_refused_sections (void)
{
  assert_refused ("{'key':'t','version':1,'name':'T','channel':'visit','sections':["
                  "{'key':'s','title':'S','questions':[{'key':'a','text':'A','type':'text'}]},"
                  "{'key':'s','title':'S2','questions':[{'key':'b','text':'B','type':'text'}]}]}",
                  MA_MODEL_ERROR_INVALID, "templates[0].sections[1].key: \"s\" is the key of another section");
  assert_refused ("{'key':'t','version':1,'name':'T','channel':'visit','sections':["
                  "{'key':'s','title':'S','questions':[{'key':'a','text':'A','type':'text'}]},"
                  "{'key':'r','title':'R','questions':[{'key':'a','text':'B','type':'text'}]}]}",
                  MA_MODEL_ERROR_INVALID,
                  "templates[0].sections[1].questions[0].key: \"a\" is already the key of a question "
                  "in section \"s\"");
  assert_refused ("{'key':'t','version':1,'name':'T','channel':'visit','sections':["
                  "{'key':'s','title':'S','weight':1,'questions':[{'key':'a','text':'A','type':'text'}]},"
                  "{'key':'r','title':'R','questions':[{'key':'b','text':'B','type':'text'}]},"
                  "{'key':'p','title':'P','weight':2,'questions':[{'key':'c','text':'C','type':'text'}]}]}",
                  MA_MODEL_ERROR_INVALID,
                  "templates[0].sections: either every section has a weight or none has; "
                  "with a weight: \"s\", \"p\"; without: \"r\"");
  assert_refused ("{'key':'t','version':1,'name':'T','channel':'visit','sections':["
                  "{'key':'s','title':'S','weight':-1,'questions':[]}]}",
                  MA_MODEL_ERROR_INVALID, "templates[0].sections[0].weight: -1: a weight must not be negative");
  assert_refused ("{'key':'t','version':1,'name':'T','channel':'visit','sections':["
                  "{'key':'s','title':'S','weight':0,'questions':[{'key':'a','text':'A','type':'yes_no'}]}]}",
                  MA_MODEL_ERROR_INVALID,
                  "templates[0].sections: at least one section weight must be greater than 0");
  assert_refused ("{'key':'t','version':1,'name':'T','channel':'visit','sections':["
                  "{'key':'s','questions':[]}]}",
                  MA_MODEL_ERROR_MISSING, "templates[0].sections[0].title: required member is missing");
  assert_refused ("{'key':'t','version':1,'name':'T','channel':'visit','sections':["
                  "{'key':'s','title':'S','component':'a b','questions':[]}]}",
                  MA_MODEL_ERROR_INVALID, "templates[0].sections[0].component: \"a b\" is not a valid key");
}

#define QPATH "templates[0].sections[0].questions[0]"

static void
test_refused_questions (void)
{
  assert_refused (ONE ("{'key':'q','text':'Q','type':'stars'}"),
                  MA_MODEL_ERROR_INVALID, QPATH ".type: \"stars\" is not a question type");
  assert_refused (ONE ("{'key':'q','text':'','type':'yes_no'}"),
                  MA_MODEL_ERROR_INVALID, QPATH ".text: must not be empty");
  assert_refused (ONE ("{'key':'q','text':'Q','type':'yes_no','weight':-0.5}"),
                  MA_MODEL_ERROR_INVALID, QPATH ".weight: -0.5: a weight must not be negative");
  assert_refused (ONE ("{'key':'q','text':'Q','type':'yes_no','weight':'2'}"),
                  MA_MODEL_ERROR_INVALID, QPATH ".weight: expected a number, found a string");
  assert_refused (ONE ("{'key':'q','text':'Q','type':'yes_no','allow_na':1}"),
                  MA_MODEL_ERROR_INVALID, QPATH ".allow_na: expected true or false");
  assert_refused (ONE ("{'key':'q','text':'Q','type':'yes_no','critical':'branch'}"),
                  MA_MODEL_ERROR_INVALID, QPATH ".critical: \"branch\" is not a critical scope");
  /* settings of another type */
  assert_refused (ONE ("{'key':'q','text':'Q','type':'yes_no','options':[]}"),
                  MA_MODEL_ERROR_INVALID, QPATH ".options: only choice questions have \"options\", this one is yes_no");
  assert_refused (ONE ("{'key':'q','text':'Q','type':'scale','min':1,'max':5,'good':false}"),
                  MA_MODEL_ERROR_INVALID, QPATH ".good: only yes_no questions have \"good\"");
  assert_refused (ONE ("{'key':'q','text':'Q','type':'choice','min':1,"
                       "'options':[{'key':'a','label':'A','score':1}]}"),
                  MA_MODEL_ERROR_INVALID, QPATH ".min: only scale questions have \"min\"");
  assert_refused (ONE ("{'key':'q','text':'Q','type':'yes_no','rule':{'max':1}}"),
                  MA_MODEL_ERROR_INVALID, QPATH ".rule: only number questions have \"rule\"");
  assert_refused (ONE ("{'key':'q','text':'Q','type':'text','critical':'section'}"),
                  MA_MODEL_ERROR_INVALID, QPATH ".critical: a text question is not scored");
  assert_refused (ONE ("{'key':'q','text':'Q','type':'text','standard':{'share':0.5}}"),
                  MA_MODEL_ERROR_INVALID, QPATH ".standard: a text question is not scored");
  /* standards */
  assert_refused (ONE ("{'key':'q','text':'Q','type':'yes_no','standard':{'share':0}}"),
                  MA_MODEL_ERROR_INVALID, QPATH ".standard.share: 0 is not a share in (0, 1]");
  assert_refused (ONE ("{'key':'q','text':'Q','type':'yes_no','standard':{'share':1.5}}"),
                  MA_MODEL_ERROR_INVALID, QPATH ".standard.share: 1.5 is not a share in (0, 1]");
  assert_refused (ONE ("{'key':'q','text':'Q','type':'yes_no','standard':{}}"),
                  MA_MODEL_ERROR_MISSING, QPATH ".standard.share: required member is missing");
}

static void
test_refused_types (void)
{
  /* scale */
  assert_refused (ONE ("{'key':'q','text':'Q','type':'scale','min':5,'max':5}"),
                  MA_MODEL_ERROR_INVALID, QPATH ".max: the scale maximum (5) must be greater than its minimum (5)");
  assert_refused (ONE ("{'key':'q','text':'Q','type':'scale','min':1,'max':5.5}"),
                  MA_MODEL_ERROR_INVALID, QPATH ".max: expected a whole number");
  assert_refused (ONE ("{'key':'q','text':'Q','type':'scale','max':5}"),
                  MA_MODEL_ERROR_MISSING, QPATH ".min: required member is missing");
  assert_refused (ONE ("{'key':'q','text':'Q','type':'scale','min':1,'max':5,'labels':{'6':'x'}}"),
                  MA_MODEL_ERROR_INVALID, QPATH ".labels.6: outside the scale 1..5");
  assert_refused (ONE ("{'key':'q','text':'Q','type':'scale','min':1,'max':5,'labels':{'01':'x'}}"),
                  MA_MODEL_ERROR_INVALID, QPATH ".labels.01: a label's name is the whole number it labels");
  assert_refused (ONE ("{'key':'q','text':'Q','type':'scale','min':1,'max':5,'labels':{'two':'x'}}"),
                  MA_MODEL_ERROR_INVALID, QPATH ".labels.two: a label's name");
  assert_refused (ONE ("{'key':'q','text':'Q','type':'scale','min':1,'max':5,'labels':{'2':3}}"),
                  MA_MODEL_ERROR_INVALID, QPATH ".labels.2: expected a string, found a number");
  /* choice */
  assert_refused (ONE ("{'key':'q','text':'Q','type':'choice'}"),
                  MA_MODEL_ERROR_MISSING, QPATH ".options: required member is missing");
  assert_refused (ONE ("{'key':'q','text':'Q','type':'choice','options':[]}"),
                  MA_MODEL_ERROR_INVALID, QPATH ".options: a choice question needs at least one option");
  assert_refused (ONE ("{'key':'q','text':'Q','type':'choice','options':["
                       "{'key':'a','label':'A','score':1},{'key':'a','label':'B','score':0}]}"),
                  MA_MODEL_ERROR_INVALID, QPATH ".options[1].key: \"a\" is the key of another option");
  assert_refused (ONE ("{'key':'q','text':'Q','type':'choice','options':[{'key':'a','label':'A','score':1.5}]}"),
                  MA_MODEL_ERROR_INVALID, QPATH ".options[0].score: 1.5 is outside the allowed range [0, 1]");
  assert_refused (ONE ("{'key':'q','text':'Q','type':'choice','options':[{'key':'a','label':'A'}]}"),
                  MA_MODEL_ERROR_MISSING, QPATH ".options[0].score: required member is missing");
  /* number */
  assert_refused (ONE ("{'key':'q','text':'Q','type':'number'}"),
                  MA_MODEL_ERROR_MISSING, QPATH ".rule: required member is missing");
  assert_refused (ONE ("{'key':'q','text':'Q','type':'number','rule':{}}"),
                  MA_MODEL_ERROR_MISSING, QPATH ".rule: give exactly one of max, min or band");
  assert_refused (ONE ("{'key':'q','text':'Q','type':'number','rule':{'max':1,'min':0}}"),
                  MA_MODEL_ERROR_INVALID, QPATH ".rule: give exactly one of max, min or band");
  assert_refused (ONE ("{'key':'q','text':'Q','type':'number','rule':{'band':{'full':3,'zero':3}}}"),
                  MA_MODEL_ERROR_INVALID, QPATH ".rule.band: full and zero must differ");
  assert_refused (ONE ("{'key':'q','text':'Q','type':'number','rule':{'band':{'full':3}}}"),
                  MA_MODEL_ERROR_MISSING, QPATH ".rule.band.zero: required member is missing");
  assert_refused (ONE ("{'key':'q','text':'Q','type':'number','rule':{'max':'5'}}"),
                  MA_MODEL_ERROR_INVALID, QPATH ".rule.max: expected a number, found a string");
  assert_refused (ONE ("{'key':'q','text':'Q','type':'number','rule':{'max':5},'unit':''}"),
                  MA_MODEL_ERROR_INVALID, QPATH ".unit: must not be empty");
}

/* A template built or changed in memory is checked with paths from its
 * top, as in a template object on its own. */
static void
test_validate_in_memory (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaTemplate) t = parse_template (full_template, NULL, &error);
  MaSection *b;
  MaQuestion *q;

  g_assert_no_error (error);
  b = g_ptr_array_index (t->sections, 1);
  q = g_ptr_array_index (b->questions, 2);
  q->band_zero = q->band_full;
  g_assert_false (ma_template_validate (t, &error));
  g_assert_error (error, MA_MODEL_ERROR, MA_MODEL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "sections[1].questions[2].rule.band: full and zero must differ");
  g_clear_error (&error);
  q->band_zero = q->band_full + 1;

  q = g_ptr_array_index (b->questions, 0);
  g_ptr_array_add (q->options, ma_choice_option_new ("x", "X", 1));
  g_assert_false (ma_template_validate (t, &error));
  g_assert_error (error, MA_MODEL_ERROR, MA_MODEL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "sections[1].questions[0].options: only choice questions have options, this one is number");
  g_clear_error (&error);
  g_ptr_array_set_size (q->options, 0);

  q->rule = MA_NUMBER_RULE_NONE;
  g_assert_false (ma_template_validate (t, &error));
  g_assert_error (error, MA_MODEL_ERROR, MA_MODEL_ERROR_MISSING);
  g_assert_cmpstr (error->message, ==,
                   "sections[1].questions[0].rule: a number question needs a rule (max, min or band)");
  g_clear_error (&error);
  q->rule = MA_NUMBER_RULE_MAX;

  b->has_weight = FALSE;
  g_assert_false (ma_template_validate (t, &error));
  g_assert_cmpstr (error->message, ==,
                   "sections: either every section has a weight or none has; with a weight: \"a\"; "
                   "without: \"b\"");
  g_clear_error (&error);
  b->has_weight = TRUE;

  q->weight = NAN;
  g_assert_false (ma_template_validate (t, &error));
  g_assert_cmpstr (error->message, ==, "sections[1].questions[0].weight: the weight is not a finite number");
  g_clear_error (&error);
  q->weight = 1;

  g_assert_true (ma_template_validate (t, &error));
  g_assert_no_error (error);
}

static void
test_enum_strings (void)
{
  MaQuestionType type;
  MaTemplateStatus status;

  for (MaQuestionType i = MA_QUESTION_YES_NO; i <= MA_QUESTION_TEXT; i++)
    {
      g_assert_true (ma_question_type_from_string (ma_question_type_to_string (i), &type));
      g_assert_cmpint (type, ==, i);
    }
  g_assert_false (ma_question_type_from_string ("YES_NO", &type));
  g_assert_true (ma_template_status_from_string ("retired", &status));
  g_assert_cmpint (status, ==, MA_TEMPLATE_RETIRED);
  g_assert_false (ma_template_status_from_string (NULL, &status));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/template/bundle-example", test_bundle_example);
  g_test_add_func ("/template/round-trip", test_round_trip);
  g_test_add_func ("/template/canonical", test_canonical);
  g_test_add_func ("/template/warnings", test_warnings);
  g_test_add_func ("/template/refused/template", test_refused_template);
  g_test_add_func ("/template/refused/sections", test_refused_sections);
  g_test_add_func ("/template/refused/questions", test_refused_questions);
  g_test_add_func ("/template/refused/types", test_refused_types);
  g_test_add_func ("/template/validate-in-memory", test_validate_in_memory);
  g_test_add_func ("/template/enum-strings", test_enum_strings);
  return g_test_run ();
}
