/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ma-audit.h"

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

static MaAudit *
parse_audit (const char  *json,
             GPtrArray   *warnings,
             GError     **error)
{
  g_autoptr(JsonNode) node = parse_json (json);

  return ma_audit_from_json (json_node_get_object (node), "audits[0]", warnings, error);
}

static void
assert_message (const GError *error,
                const char   *message)
{
  g_assert_nonnull (error);
  if (strstr (error->message, message) == NULL)
    g_error ("expected \"%s\" in \"%s\"", message, error->message);
}

static void
assert_refused (const char *json,
                int         code,
                const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaAudit) a = parse_audit (json, NULL, &error);

  g_assert_null (a);
  g_assert_error (error, MA_MODEL_ERROR, code);
  assert_message (error, message);
}

/* The template of the bundle example in bundle-v1.md. */
static const char bundle_template[] =
  "{ 'key': 'delivery-driver', 'version': 1, 'name': 'Delivery: driver', 'channel': 'delivery',"
  "  'sections': [ { 'key': 'punctuality', 'title': 'Punctuality', 'component': 'punctuality',"
  "    'questions': [ { 'key': 'late_minutes', 'text': 'Minutes late', 'type': 'number', 'unit': 'min',"
  "      'rule': { 'band': { 'full': 0, 'zero': 30 } }, 'weight': 1 } ] },"
  "  { 'key': 'politeness', 'title': 'Politeness', 'component': 'politeness',"
  "    'questions': ["
  "      { 'key': 'greeted', 'text': 'Greeted', 'type': 'yes_no', 'weight': 2, 'critical': 'section' },"
  "      { 'key': 'tone', 'text': 'Tone', 'type': 'scale', 'min': 1, 'max': 5, 'weight': 2, 'allow_na': true },"
  "      { 'key': 'argued', 'text': 'Argued', 'type': 'yes_no', 'good': false, 'weight': 1 },"
  "      { 'key': 'offer', 'text': 'Alternatives', 'type': 'choice',"
  "        'options': [ { 'key': 'none', 'label': 'Not at all', 'score': 0 },"
  "                     { 'key': 'one',  'label': 'One',        'score': 0.5 },"
  "                     { 'key': 'many', 'label': 'Several',    'score': 1 } ] },"
  "      { 'key': 'notes', 'text': 'Anything else', 'type': 'text' } ] } ] }";

static MaTemplate *
bundle_template_new (void)
{
  g_autoptr(JsonNode) node = parse_json (bundle_template);
  g_autoptr(GError) error = NULL;
  MaTemplate *t = ma_template_from_json (json_node_get_object (node), NULL, NULL, &error);

  g_assert_no_error (error);
  return t;
}

#define HELLO_SHA256 "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"

#define AUDIT(status, answers, attachments) \
  "{'uuid':'6f1c2d0e-8a4b-4f7e-9a51-0b7d2f3c9e10','template':'delivery-driver'," \
  "'template_version':1,'branch':'SPB-01','employee':'E1001','auditor':'A. Smirnova'," \
  "'channel':'delivery','scenario':'Customer who knows better'," \
  "'visited_at':'2026-10-14T11:30:00+03:00','modified':'2026-10-14T12:02:41+03:00'," \
  "'status':'" status "','answers':[" answers "],'attachments':[" attachments "]}"

#define ALL_ANSWERS \
  "{'question':'late_minutes','value':6}," \
  "{'question':'greeted','value':true}," \
  "{'question':'tone','na':true}," \
  "{'question':'argued','value':false}," \
  "{'question':'offer','value':'one','comment':'Offered one other slot'}," \
  "{'question':'notes','value':'Gloves on, parcel intact.'}"

#define HELLO_ATTACHMENT \
  "{'question':'greeted','name':'doorstep.jpg','sha256':'" HELLO_SHA256 "','data_base64':'aGVsbG8='}"

static void
test_bundle_example (void)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaTemplate) t = bundle_template_new ();
  g_autoptr(MaAudit) a = parse_audit (AUDIT ("submitted", ALL_ANSWERS, HELLO_ATTACHMENT), warnings, &error);
  g_autofree char *period = NULL;
  const MaAnswer *answer;
  const MaAttachment *attachment;

  g_assert_no_error (error);
  g_assert_nonnull (a);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_cmpstr (a->uuid, ==, "6f1c2d0e-8a4b-4f7e-9a51-0b7d2f3c9e10");
  g_assert_cmpstr (a->template_key, ==, "delivery-driver");
  g_assert_cmpstr (a->employee, ==, "E1001");
  g_assert_cmpint (a->status, ==, MA_AUDIT_SUBMITTED);
  g_assert_cmpuint (a->answers->len, ==, 6);
  period = ma_audit_get_period (a);
  g_assert_cmpstr (period, ==, "2026-10");

  answer = ma_audit_find_answer (a, "late_minutes");
  g_assert_cmpint (answer->kind, ==, MA_VALUE_NUMBER);
  g_assert_cmpfloat (answer->number, ==, 6);
  answer = ma_audit_find_answer (a, "greeted");
  g_assert_cmpint (answer->kind, ==, MA_VALUE_BOOL);
  g_assert_true (answer->boolean);
  answer = ma_audit_find_answer (a, "tone");
  g_assert_true (answer->na);
  g_assert_cmpint (answer->kind, ==, MA_VALUE_NONE);
  answer = ma_audit_find_answer (a, "offer");
  g_assert_cmpstr (answer->string, ==, "one");
  g_assert_cmpstr (answer->comment, ==, "Offered one other slot");

  attachment = g_ptr_array_index (a->attachments, 0);
  g_assert_cmpstr (attachment->name, ==, "doorstep.jpg");
  g_assert_cmpstr (attachment->sha256, ==, HELLO_SHA256);
  g_assert_cmpuint (g_bytes_get_size (attachment->data), ==, 5);
  g_assert_cmpmem (g_bytes_get_data (attachment->data, NULL), 5, "hello", 5);

  g_assert_true (ma_audit_check (a, t, "audits[0]", &error));
  g_assert_no_error (error);
}

static void
test_members (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(MaAudit) a = parse_audit (
    "{'uuid':'6F1C2D0E-8A4B-4F7E-9A51-0B7D2F3C9E1A','template':'t','template_version':2,"
    "'branch':'SPB-01','employee':null,'auditor':'A','channel':'visit',"
    "'visited_at':'2026-10-31T23:30:00-05:00','modified':'2026-11-01T04:31:00Z',"
    "'status':'voided','void_reason':'Wrong shop','mood':'good',"
    "'answers':[{'question':'q','value':'x','extra':1}]}", warnings, &error);
  g_autofree char *period = NULL;

  g_assert_no_error (error);
  /* stored in lower case */
  g_assert_cmpstr (a->uuid, ==, "6f1c2d0e-8a4b-4f7e-9a51-0b7d2f3c9e1a");
  g_assert_null (a->employee);
  g_assert_null (a->scenario);
  g_assert_cmpint (a->status, ==, MA_AUDIT_VOIDED);
  g_assert_cmpstr (a->void_reason, ==, "Wrong shop");
  g_assert_cmpuint (a->attachments->len, ==, 0);
  /* the visit's own month, though it is November in UTC */
  period = ma_audit_get_period (a);
  g_assert_cmpstr (period, ==, "2026-10");
  g_assert_cmpuint (warnings->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (warnings, 0), ==, "audits[0].mood: unknown member, ignored");
  g_assert_cmpstr (g_ptr_array_index (warnings, 1), ==, "audits[0].answers[0].extra: unknown member, ignored");
}

static void
test_refused_members (void)
{
  assert_refused ("{'uuid':'6f1c2d0e-8a4b-4f7e-9a51-0b7d2f3c9e1','template':'t'}",
                  MA_MODEL_ERROR_INVALID, "audits[0].uuid: \"6f1c2d0e-8a4b-4f7e-9a51-0b7d2f3c9e1\" is not a UUID");
  assert_refused ("{'uuid':'6f1c2d0e-8a4b-4f7e-9a51x0b7d2f3c9e10','template':'t'}",
                  MA_MODEL_ERROR_INVALID, "audits[0].uuid: ");
  assert_refused ("{'uuid':'6f1c2d0e-8a4b-4f7e-9a51-0b7d2f3c9g10','template':'t'}",
                  MA_MODEL_ERROR_INVALID, "audits[0].uuid: ");
  assert_refused ("{'template':'t'}", MA_MODEL_ERROR_MISSING, "audits[0].uuid: required member is missing");
  assert_refused ("{'uuid':'6f1c2d0e-8a4b-4f7e-9a51-0b7d2f3c9e10','template':'t','template_version':0}",
                  MA_MODEL_ERROR_INVALID, "audits[0].template_version: 0 is outside");
  assert_refused ("{'uuid':'6f1c2d0e-8a4b-4f7e-9a51-0b7d2f3c9e10','template':'t','template_version':1,"
                  "'branch':''}",
                  MA_MODEL_ERROR_INVALID, "audits[0].branch: not a valid code");
  assert_refused ("{'uuid':'6f1c2d0e-8a4b-4f7e-9a51-0b7d2f3c9e10','template':'t','template_version':1,"
                  "'branch':'B','employee':'E\\u0007'}",
                  MA_MODEL_ERROR_INVALID, "audits[0].employee: not a valid code");
  assert_refused ("{'uuid':'6f1c2d0e-8a4b-4f7e-9a51-0b7d2f3c9e10','template':'t','template_version':1,"
                  "'branch':'B','auditor':'A','channel':'visit','visited_at':'2026-10-14T11:30:00',"
                  "'modified':'2026-10-14T12:02:41+03:00','status':'draft'}",
                  MA_MODEL_ERROR_INVALID, "audits[0].visited_at: \"2026-10-14T11:30:00\" is not an ISO 8601 time");
  assert_refused ("{'uuid':'6f1c2d0e-8a4b-4f7e-9a51-0b7d2f3c9e10','template':'t','template_version':1,"
                  "'branch':'B','auditor':'A','channel':'visit','visited_at':'2026-02-30T11:30:00Z',"
                  "'modified':'2026-10-14T12:02:41+03:00','status':'draft'}",
                  MA_MODEL_ERROR_INVALID, "audits[0].visited_at: ");
  assert_refused ("{'uuid':'6f1c2d0e-8a4b-4f7e-9a51-0b7d2f3c9e10','template':'t','template_version':1,"
                  "'branch':'B','auditor':'A','channel':'visit','visited_at':'2026-10-14T11:30:00Z',"
                  "'modified':'yesterday','status':'draft'}",
                  MA_MODEL_ERROR_INVALID, "audits[0].modified: ");
  assert_refused (AUDIT ("sent", "", ""), MA_MODEL_ERROR_INVALID,
                  "audits[0].status: \"sent\" is not an audit status");
  assert_refused ("{'uuid':'6f1c2d0e-8a4b-4f7e-9a51-0b7d2f3c9e10','template':'t','template_version':1,"
                  "'branch':'B','auditor':'A','channel':'visit','visited_at':'2026-10-14T11:30:00Z',"
                  "'modified':'2026-10-14T12:02:41+03:00'}",
                  MA_MODEL_ERROR_MISSING, "audits[0].status: required member is missing");
  /* "answers" must be an array when given */
  assert_refused ("{'uuid':'6f1c2d0e-8a4b-4f7e-9a51-0b7d2f3c9e10','template':'t','template_version':1,"
                  "'branch':'B','auditor':'A','channel':'visit','visited_at':'2026-10-14T11:30:00Z',"
                  "'modified':'2026-10-14T12:02:41+03:00','status':'draft','answers':{}}",
                  MA_MODEL_ERROR_INVALID, "audits[0].answers: expected an array, found an object");
}

static void
test_refused_answers (void)
{
  assert_refused (AUDIT ("draft", "{'question':'tone','na':true,'value':3}", ""),
                  MA_MODEL_ERROR_INVALID, "audits[0].answers[0].value: an answer marked N/A cannot have a value");
  assert_refused (AUDIT ("draft", "{'question':'tone'},{'question':'offer','value':{'key':'one'}}", ""),
                  MA_MODEL_ERROR_INVALID,
                  "audits[0].answers[1].value: expected true, false, a number or a string, found an object");
  assert_refused (AUDIT ("draft", "{'question':'tone','value':[1]}", ""),
                  MA_MODEL_ERROR_INVALID, "audits[0].answers[0].value: expected true, false, a number or a string, found an array");
  assert_refused (AUDIT ("draft", "{'value':1}", ""),
                  MA_MODEL_ERROR_MISSING, "audits[0].answers[0].question: required member is missing");
  assert_refused (AUDIT ("draft", "{'question':'tone','na':'yes'}", ""),
                  MA_MODEL_ERROR_INVALID, "audits[0].answers[0].na: expected true or false, found a string");
  assert_refused (AUDIT ("draft", "{'question':'tone','value':9007199254740993}", ""),
                  MA_MODEL_ERROR_INVALID, "audits[0].answers[0].value: the number is too large");
  assert_refused (AUDIT ("draft", "7", ""),
                  MA_MODEL_ERROR_INVALID, "audits[0].answers[0]: expected an object, found a number");
}

#define ATTACHMENT(name, sha, data) \
  "{'name':'" name "','sha256':'" sha "','data_base64':'" data "'}"

static void
test_refused_attachments (void)
{
  assert_refused (AUDIT ("draft", "", ATTACHMENT ("../etc/passwd", HELLO_SHA256, "aGVsbG8=")),
                  MA_MODEL_ERROR_INVALID, "audits[0].attachments[0].name: not a valid file name");
  assert_refused (AUDIT ("draft", "", HELLO_ATTACHMENT "," ATTACHMENT ("a\\\\b.jpg", HELLO_SHA256, "aGVsbG8=")),
                  MA_MODEL_ERROR_INVALID, "audits[0].attachments[1].name: not a valid file name");
  assert_refused (AUDIT ("draft", "", ATTACHMENT ("", HELLO_SHA256, "aGVsbG8=")),
                  MA_MODEL_ERROR_INVALID, "audits[0].attachments[0].name: ");
  assert_refused (AUDIT ("draft", "", ATTACHMENT ("a\\u007f.jpg", HELLO_SHA256, "aGVsbG8=")),
                  MA_MODEL_ERROR_INVALID, "audits[0].attachments[0].name: ");
  assert_refused (AUDIT ("draft", "", ATTACHMENT ("photo.jpg", "abc", "aGVsbG8=")),
                  MA_MODEL_ERROR_INVALID, "audits[0].attachments[0].sha256: expected 64 hexadecimal digits");
  assert_refused (AUDIT ("draft", "", HELLO_ATTACHMENT ","
                         ATTACHMENT ("photo.jpg", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                                     "aGVsbG8=")),
                  MA_MODEL_ERROR_INVALID, "audits[0].attachments[1].sha256: does not match the data");
  assert_refused (AUDIT ("draft", "", "{'name':'photo.jpg','sha256':'" HELLO_SHA256 "'}"),
                  MA_MODEL_ERROR_MISSING, "audits[0].attachments[0].data_base64: required member is missing");

  /* base64 that g_base64_decode() would take, refused */
  assert_refused (AUDIT ("draft", "", ATTACHMENT ("p.jpg", HELLO_SHA256, "aGVsbG8")),
                  MA_MODEL_ERROR_INVALID, "audits[0].attachments[0].data_base64: not valid base64");
  assert_refused (AUDIT ("draft", "", ATTACHMENT ("p.jpg", HELLO_SHA256, "aGVs bG8=")),
                  MA_MODEL_ERROR_INVALID, "audits[0].attachments[0].data_base64: not valid base64");
  assert_refused (AUDIT ("draft", "", ATTACHMENT ("p.jpg", HELLO_SHA256, "aGVs\\nbG8=")),
                  MA_MODEL_ERROR_INVALID, "audits[0].attachments[0].data_base64: not valid base64");
  assert_refused (AUDIT ("draft", "", ATTACHMENT ("p.jpg", HELLO_SHA256, "aGVsbG9=")),
                  MA_MODEL_ERROR_INVALID, "audits[0].attachments[0].data_base64: not valid base64");
  assert_refused (AUDIT ("draft", "", ATTACHMENT ("p.jpg", HELLO_SHA256, "aGV=bG8=")),
                  MA_MODEL_ERROR_INVALID, "audits[0].attachments[0].data_base64: not valid base64");
  assert_refused (AUDIT ("draft", "", ATTACHMENT ("p.jpg", HELLO_SHA256, "a===")),
                  MA_MODEL_ERROR_INVALID, "audits[0].attachments[0].data_base64: not valid base64");
  assert_refused (AUDIT ("draft", "", ATTACHMENT ("p.jpg", HELLO_SHA256, "aGVsbG8-")),
                  MA_MODEL_ERROR_INVALID, "audits[0].attachments[0].data_base64: not valid base64");
}

static void
test_attachments_accepted (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaAudit) a = parse_audit (AUDIT ("draft", "", "{'name':'empty.txt','sha256':"
                                             "'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855',"
                                             "'data_base64':''},"
                                             "{'name':'двор фото.jpg','sha256':'" HELLO_SHA256 "',"
                                             "'data_base64':'aGVsbG8='}"), NULL, &error);
  const MaAttachment *empty;

  g_assert_no_error (error);
  empty = g_ptr_array_index (a->attachments, 0);
  g_assert_null (empty->question);
  g_assert_cmpuint (g_bytes_get_size (empty->data), ==, 0);
  /* an upper-case hash is taken and stored in lower case */
  g_assert_cmpstr (empty->sha256, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void
test_attachment_names (void)
{
  char long_name[257];

  g_assert_true (ma_attachment_name_is_valid ("doorstep.jpg"));
  g_assert_true (ma_attachment_name_is_valid ("фото 1.jpg"));
  g_assert_true (ma_attachment_name_is_valid (".hidden"));
  g_assert_false (ma_attachment_name_is_valid (NULL));
  g_assert_false (ma_attachment_name_is_valid (""));
  g_assert_false (ma_attachment_name_is_valid ("."));
  g_assert_false (ma_attachment_name_is_valid (".."));
  g_assert_false (ma_attachment_name_is_valid ("a..b"));
  g_assert_false (ma_attachment_name_is_valid ("a/b"));
  g_assert_false (ma_attachment_name_is_valid ("/etc"));
  g_assert_false (ma_attachment_name_is_valid ("a\\b"));
  g_assert_false (ma_attachment_name_is_valid ("a\nb"));
  g_assert_false (ma_attachment_name_is_valid ("a\tb"));
  g_assert_false (ma_attachment_name_is_valid ("a\x7f"));
  g_assert_false (ma_attachment_name_is_valid ("a\xc2\x85"));   /* U+0085, a C1 control */
  g_assert_false (ma_attachment_name_is_valid ("a\xff"));        /* not UTF-8 */

  memset (long_name, 'x', 255);
  long_name[255] = '\0';
  g_assert_true (ma_attachment_name_is_valid (long_name));
  long_name[255] = 'x';
  long_name[256] = '\0';
  g_assert_false (ma_attachment_name_is_valid (long_name));
}

static void
assert_check_fails (const char *json,
                    int         code,
                    const char *message)
{
  g_autoptr(MaTemplate) t = bundle_template_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MaAudit) a = parse_audit (json, NULL, &error);

  g_assert_no_error (error);
  g_assert_false (ma_audit_check (a, t, "audits[0]", &error));
  g_assert_error (error, MA_MODEL_ERROR, code);
  assert_message (error, message);
}

static void
test_check (void)
{
  g_autoptr(MaTemplate) t = bundle_template_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MaAudit) draft = parse_audit (AUDIT ("draft", "{'question':'tone','value':5},"
                                                 "{'question':'notes'}", ""), NULL, &error);

  /* a draft may have gaps, and an entry without a value is one */
  g_assert_no_error (error);
  g_assert_true (ma_audit_check (draft, t, "audits[0]", &error));
  g_assert_no_error (error);

  assert_check_fails (AUDIT ("draft", "{'question':'tone','value':5},{'question':'smile','value':true}", ""),
                      MA_MODEL_ERROR_UNKNOWN,
                      "audits[0].answers[1].question: template \"delivery-driver\" version 1 has no question \"smile\"");
  assert_check_fails (AUDIT ("draft", "{'question':'tone','value':5},{'question':'tone','na':true}", ""),
                      MA_MODEL_ERROR_INVALID, "audits[0].answers[1].question: question \"tone\" is answered twice");
  assert_check_fails (AUDIT ("draft", "{'question':'greeted','value':'yes'}", ""),
                      MA_MODEL_ERROR_INVALID, "audits[0].answers[0].value: question \"greeted\" is answered true or false");
  assert_check_fails (AUDIT ("draft", "{'question':'greeted','value':1}", ""),
                      MA_MODEL_ERROR_INVALID, "audits[0].answers[0].value: ");
  assert_check_fails (AUDIT ("draft", "{'question':'tone','value':7}", ""),
                      MA_MODEL_ERROR_INVALID, "audits[0].answers[0].value: 7 is outside the scale 1..5");
  assert_check_fails (AUDIT ("draft", "{'question':'tone','value':0}", ""),
                      MA_MODEL_ERROR_INVALID, "audits[0].answers[0].value: 0 is outside the scale 1..5");
  assert_check_fails (AUDIT ("draft", "{'question':'tone','value':2.5}", ""),
                      MA_MODEL_ERROR_INVALID, "audits[0].answers[0].value: question \"tone\" is answered with a whole number from 1 to 5");
  assert_check_fails (AUDIT ("draft", "{'question':'tone','value':'4'}", ""),
                      MA_MODEL_ERROR_INVALID, "audits[0].answers[0].value: question \"tone\" is answered with a whole number");
  assert_check_fails (AUDIT ("draft", "{'question':'offer','value':'some'}", ""),
                      MA_MODEL_ERROR_INVALID, "audits[0].answers[0].value: \"some\" is not an option of question \"offer\"");
  assert_check_fails (AUDIT ("draft", "{'question':'offer','value':0.5}", ""),
                      MA_MODEL_ERROR_INVALID, "audits[0].answers[0].value: question \"offer\" is answered with the key of an option");
  assert_check_fails (AUDIT ("draft", "{'question':'late_minutes','value':'6'}", ""),
                      MA_MODEL_ERROR_INVALID, "audits[0].answers[0].value: question \"late_minutes\" is answered with a number");
  assert_check_fails (AUDIT ("draft", "{'question':'notes','value':false}", ""),
                      MA_MODEL_ERROR_INVALID, "audits[0].answers[0].value: question \"notes\" is answered with text");
  assert_check_fails (AUDIT ("draft", "{'question':'greeted','na':true}", ""),
                      MA_MODEL_ERROR_INVALID, "audits[0].answers[0].na: question \"greeted\" cannot be answered N/A");
  assert_check_fails (AUDIT ("draft", "", "{'question':'smile','name':'a.jpg','sha256':'" HELLO_SHA256 "',"
                                         "'data_base64':'aGVsbG8='}"),
                      MA_MODEL_ERROR_UNKNOWN, "audits[0].attachments[0].question: template \"delivery-driver\" version 1 has no question \"smile\"");

  /* submitted and approved audits answer every question */
  assert_check_fails (AUDIT ("submitted", "{'question':'late_minutes','value':6},{'question':'greeted','value':true}", ""),
                      MA_MODEL_ERROR_MISSING, "audits[0].answers: question \"tone\" is not answered");
  assert_check_fails (AUDIT ("approved",
                             "{'question':'late_minutes','value':6},{'question':'greeted','value':true},"
                             "{'question':'tone','na':true},{'question':'argued','value':false},"
                             "{'question':'offer','value':'one'},{'question':'notes'}", ""),
                      MA_MODEL_ERROR_MISSING, "audits[0].answers: question \"notes\" is not answered");
}

static void
test_check_template_version (void)
{
  g_autoptr(MaTemplate) t = bundle_template_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MaAudit) a = parse_audit (AUDIT ("submitted", ALL_ANSWERS, ""), NULL, &error);

  g_assert_no_error (error);
  t->version = 2;
  g_assert_false (ma_audit_check (a, t, "audits[4]", &error));
  g_assert_error (error, MA_MODEL_ERROR, MA_MODEL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "audits[4].template_version: the audit was filled in with version 1 "
                   "of template \"delivery-driver\", not version 2");
  g_clear_error (&error);

  t->version = 1;
  g_free (t->key);
  t->key = g_strdup ("other");
  g_assert_false (ma_audit_check (a, t, "audits[4]", &error));
  assert_message (error, "audits[4].template: the audit was filled in with template \"delivery-driver\", not \"other\"");
}

static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaAudit) a = parse_audit (AUDIT ("submitted", ALL_ANSWERS, HELLO_ATTACHMENT), NULL, &error);
  g_autoptr(JsonNode) full = NULL;
  g_autoptr(JsonNode) bare = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(MaAudit) back = NULL;
  g_autoptr(MaAudit) copy = NULL;
  g_autofree char *full_text = NULL;
  g_autofree char *bare_text = NULL;
  g_autofree char *again_text = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *canonical_back = NULL;
  g_autofree char *canonical_copy = NULL;

  g_assert_no_error (error);
  full = ma_audit_to_json (a, TRUE);
  full_text = json_to_string (full, FALSE);
  g_assert_nonnull (strstr (full_text, "\"data_base64\":\"aGVsbG8=\""));
  g_assert_nonnull (strstr (full_text, "{\"question\":\"late_minutes\",\"value\":6}"));
  bare = ma_audit_to_json (a, FALSE);
  bare_text = json_to_string (bare, FALSE);
  g_assert_null (strstr (bare_text, "data_base64"));
  g_assert_nonnull (strstr (bare_text, HELLO_SHA256));

  back = ma_audit_from_json (json_node_get_object (full), "audits[0]", NULL, &error);
  g_assert_no_error (error);
  again = ma_audit_to_json (back, TRUE);
  again_text = json_to_string (again, FALSE);
  g_assert_cmpstr (full_text, ==, again_text);

  canonical = ma_audit_to_canonical (a);
  canonical_back = ma_audit_to_canonical (back);
  g_assert_cmpstr (canonical, ==, canonical_back);
  g_assert_null (strstr (canonical, "data_base64"));
  g_assert_nonnull (strstr (canonical, HELLO_SHA256));

  copy = ma_audit_copy (a);
  g_assert_true (copy->answers != a->answers);
  canonical_copy = ma_audit_to_canonical (copy);
  g_assert_cmpstr (canonical, ==, canonical_copy);
}

static void
test_canonical (void)
{
  g_autoptr(MaAudit) a = parse_audit (AUDIT ("draft", "{'question':'tone','value':4},{'question':'greeted','value':true}",
                                             HELLO_ATTACHMENT ",{'name':'b.txt','sha256':'" HELLO_SHA256 "','data_base64':'aGVsbG8='}"),
                                      NULL, NULL);
  g_autoptr(MaAudit) b = parse_audit (AUDIT ("draft", "{'question':'greeted','value':true},{'question':'tone','value':4.0}",
                                             "{'name':'b.txt','sha256':'" HELLO_SHA256 "','data_base64':'aGVsbG8='}," HELLO_ATTACHMENT),
                                      NULL, NULL);
  g_autoptr(MaAudit) c = parse_audit (AUDIT ("draft", "{'question':'greeted','value':true},{'question':'tone','value':3}", ""),
                                      NULL, NULL);
  g_autofree char *ca = NULL;
  g_autofree char *cb = NULL;
  g_autofree char *cc = NULL;
  g_autofree char *cb2 = NULL;

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_nonnull (c);
  ca = ma_audit_to_canonical (a);
  cb = ma_audit_to_canonical (b);
  cc = ma_audit_to_canonical (c);
  /* the order of answers and attachments is not content */
  g_assert_cmpstr (ca, ==, cb);
  g_assert_cmpstr (ca, !=, cc);
  /* the status is */
  b->status = MA_AUDIT_SUBMITTED;
  cb2 = ma_audit_to_canonical (b);
  g_assert_cmpstr (ca, !=, cb2);
}

static void
test_status (void)
{
  MaAuditStatus status;

  g_assert_true (ma_audit_status_from_string ("approved", &status));
  g_assert_cmpint (status, ==, MA_AUDIT_APPROVED);
  g_assert_cmpstr (ma_audit_status_to_string (MA_AUDIT_VOIDED), ==, "voided");
  g_assert_false (ma_audit_status_from_string ("Approved", &status));
  g_assert_true (ma_audit_status_can_change (MA_AUDIT_DRAFT, MA_AUDIT_SUBMITTED));
  g_assert_true (ma_audit_status_can_change (MA_AUDIT_SUBMITTED, MA_AUDIT_DRAFT));
  g_assert_false (ma_audit_status_can_change (MA_AUDIT_DRAFT, MA_AUDIT_APPROVED));
  g_assert_false (ma_audit_status_can_change (MA_AUDIT_VOIDED, MA_AUDIT_DRAFT));
  g_assert_false (ma_audit_status_can_change (MA_AUDIT_APPROVED, MA_AUDIT_SUBMITTED));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/audit/bundle-example", test_bundle_example);
  g_test_add_func ("/audit/members", test_members);
  g_test_add_func ("/audit/refused/members", test_refused_members);
  g_test_add_func ("/audit/refused/answers", test_refused_answers);
  g_test_add_func ("/audit/refused/attachments", test_refused_attachments);
  g_test_add_func ("/audit/attachments", test_attachments_accepted);
  g_test_add_func ("/audit/attachment-names", test_attachment_names);
  g_test_add_func ("/audit/check", test_check);
  g_test_add_func ("/audit/check/template-version", test_check_template_version);
  g_test_add_func ("/audit/round-trip", test_round_trip);
  g_test_add_func ("/audit/canonical", test_canonical);
  g_test_add_func ("/audit/status", test_status);
  return g_test_run ();
}
