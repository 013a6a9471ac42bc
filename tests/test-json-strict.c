/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ma-json-strict.h"

/* The example bundle of bundle-v1.md, verbatim. */
static const char bundle_example[] =
  "{\n"
  "  \"format\": \"mystery-audit-bundle\",\n"
  "  \"version\": 1,\n"
  "  \"created\": \"2026-11-02T18:40:00+03:00\",\n"
  "  \"source\": { \"device\": \"laptop-7\", \"auditor\": \"A. Smirnova\" },\n"
  "\n"
  "  \"regions\":   [ { \"code\": \"NW\", \"name\": \"North-West\" } ],\n"
  "  \"branches\":  [ { \"code\": \"SPB-01\", \"name\": \"Nevsky 12\", \"region\": \"NW\" } ],\n"
  "  \"employees\": [ { \"code\": \"E1001\", \"name\": \"Ivan Petrov\", \"branch\": \"SPB-01\",\n"
  "                   \"position\": \"driver\", \"base_pay\": 60000.00, \"currency\": \"RUB\" } ],\n"
  "\n"
  "  \"templates\": [ {\n"
  "    \"key\": \"delivery-driver\", \"version\": 1, \"name\": \"Delivery: driver\",\n"
  "    \"channel\": \"delivery\",\n"
  "    \"sections\": [ {\n"
  "      \"key\": \"punctuality\", \"title\": \"Punctuality\", \"component\": \"punctuality\",\n"
  "      \"questions\": [ {\n"
  "        \"key\": \"late_minutes\", \"text\": \"Minutes late against the agreed slot\",\n"
  "        \"guidance\": \"Measure from the start of the slot to the doorbell.\",\n"
  "        \"type\": \"number\", \"unit\": \"min\",\n"
  "        \"rule\": { \"band\": { \"full\": 0, \"zero\": 30 } }, \"weight\": 1\n"
  "      } ]\n"
  "    }, {\n"
  "      \"key\": \"politeness\", \"title\": \"Politeness\", \"component\": \"politeness\",\n"
  "      \"questions\": [\n"
  "        { \"key\": \"greeted\", \"text\": \"Greeted the customer\", \"type\": \"yes_no\", \"weight\": 2,\n"
  "          \"critical\": \"section\" },\n"
  "        { \"key\": \"tone\", \"text\": \"Tone of voice\", \"type\": \"scale\", \"min\": 1, \"max\": 5,\n"
  "          \"labels\": { \"1\": \"rude\", \"5\": \"warm\" }, \"weight\": 2, \"allow_na\": true },\n"
  "        { \"key\": \"argued\", \"text\": \"Argued with the customer\", \"type\": \"yes_no\",\n"
  "          \"good\": false, \"weight\": 1 },\n"
  "        { \"key\": \"offer\", \"text\": \"How were alternatives offered\", \"type\": \"choice\",\n"
  "          \"options\": [ { \"key\": \"none\", \"label\": \"Not at all\", \"score\": 0 },\n"
  "                       { \"key\": \"one\",  \"label\": \"One\",        \"score\": 0.5 },\n"
  "                       { \"key\": \"many\", \"label\": \"Several\",    \"score\": 1 } ] },\n"
  "        { \"key\": \"notes\", \"text\": \"Anything else\", \"type\": \"text\" }\n"
  "      ]\n"
  "    } ]\n"
  "  } ],\n"
  "\n"
  "  \"schemes\": [ {\n"
  "    \"key\": \"drivers\", \"version\": 1, \"name\": \"Drivers 55/15/10/10/10\",\n"
  "    \"positions\": [ \"driver\" ], \"min_audits\": 2, \"missing\": \"full\",\n"
  "    \"components\": [\n"
  "      { \"key\": \"volume\", \"label\": \"Trips against plan\", \"share\": 55, \"source\": \"kpi\", \"cap\": 1.2 },\n"
  "      { \"key\": \"punctuality\", \"label\": \"On time\",        \"share\": 15, \"source\": \"audit\" },\n"
  "      { \"key\": \"politeness\",  \"label\": \"Politeness\",     \"share\": 10, \"source\": \"audit\" },\n"
  "      { \"key\": \"cleanliness\", \"label\": \"Clean vehicle\",  \"share\": 10, \"source\": \"audit\", \"floor\": 0.5, \"target\": 0.9 },\n"
  "      { \"key\": \"handover\",    \"label\": \"Handover\",       \"share\": 10, \"source\": \"audit\" }\n"
  "    ]\n"
  "  } ],\n"
  "\n"
  "  \"kpis\": [ { \"employee\": \"E1001\", \"period\": \"2026-10\", \"component\": \"volume\",\n"
  "              \"actual\": 52, \"plan\": 50 } ],\n"
  "\n"
  "  \"audits\": [ {\n"
  "    \"uuid\": \"6f1c2d0e-8a4b-4f7e-9a51-0b7d2f3c9e10\",\n"
  "    \"template\": \"delivery-driver\", \"template_version\": 1,\n"
  "    \"branch\": \"SPB-01\", \"employee\": \"E1001\",\n"
  "    \"auditor\": \"A. Smirnova\", \"channel\": \"delivery\",\n"
  "    \"scenario\": \"Customer who knows better\",\n"
  "    \"visited_at\": \"2026-10-14T11:30:00+03:00\",\n"
  "    \"modified\": \"2026-10-14T12:02:41+03:00\",\n"
  "    \"status\": \"submitted\",\n"
  "    \"answers\": [\n"
  "      { \"question\": \"late_minutes\", \"value\": 6 },\n"
  "      { \"question\": \"greeted\", \"value\": true },\n"
  "      { \"question\": \"tone\", \"na\": true },\n"
  "      { \"question\": \"argued\", \"value\": false },\n"
  "      { \"question\": \"offer\", \"value\": \"one\", \"comment\": \"Offered one other slot\" },\n"
  "      { \"question\": \"notes\", \"value\": \"Gloves on, parcel intact.\" }\n"
  "    ],\n"
  "    \"attachments\": [ { \"question\": \"greeted\", \"name\": \"doorstep.jpg\",\n"
  "                       \"sha256\": \"…\", \"data_base64\": \"…\" } ]\n"
  "  } ]\n"
  "}\n";

/* Checks @json (@length bytes, or up to the NUL when -1) under @limits and
 * expects it refused with @code, the message starting with @path and the
 * position ("audits[1].x (line 1, column 5): "), or with "line " for an
 * error at the top level (@path NULL). */
static void
check_refused_full (const char         *json,
                    gssize              length,
                    const MaJsonLimits *limits,
                    MaJsonError         code,
                    const char         *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = NULL;
  gsize n = length < 0 ? strlen (json) : (gsize) length;
  gboolean ok;

  ok = ma_json_strict_check (json, n, limits, &error);
  if (ok || !g_error_matches (error, MA_JSON_ERROR, code))
    g_test_message ("document: %.*s; error: %s", (int) MIN (n, 200), json,
                    error != NULL ? error->message : "(none)");
  g_assert_false (ok);
  g_assert_error (error, MA_JSON_ERROR, (int) code);

  prefix = path != NULL ? g_strdup_printf ("%s (line ", path) : g_strdup ("line ");
  if (!g_str_has_prefix (error->message, prefix))
    g_test_message ("document: %.*s; expected the prefix “%s” in: %s",
                    (int) MIN (n, 200), json, prefix, error->message);
  g_assert_true (g_str_has_prefix (error->message, prefix));
}

static void
check_refused (const char  *json,
               MaJsonError  code,
               const char  *path)
{
  check_refused_full (json, -1, NULL, code, path);
}

static void
check_accepted_full (const char         *json,
                     gssize              length,
                     const MaJsonLimits *limits)
{
  g_autoptr(GError) error = NULL;
  gsize n = length < 0 ? strlen (json) : (gsize) length;
  gboolean ok;

  ok = ma_json_strict_check (json, n, limits, &error);
  if (!ok)
    g_test_message ("document: %.*s; error: %s", (int) MIN (n, 200), json, error->message);
  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
check_accepted (const char *json)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  check_accepted_full (json, -1, NULL);

  /* Whatever the check lets through, json-glib must read. */
  root = ma_json_strict_parse (json, strlen (json), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
}

static void
test_comments (void)
{
  check_refused ("{\"a\": 1 /* one */}", MA_JSON_ERROR_SYNTAX, "a");
  check_refused ("{\"a\": /* one */ 1}", MA_JSON_ERROR_SYNTAX, "a");
  check_refused ("// header\n{\"a\": 1}", MA_JSON_ERROR_SYNTAX, NULL);
  check_refused ("{\"a\": 1} // trailer", MA_JSON_ERROR_SYNTAX, NULL);
  check_refused ("{\"a\": [1, # two\n 2]}", MA_JSON_ERROR_SYNTAX, "a[1]");
  check_accepted ("{\"a\": \"/* not a comment */ // nor this\"}");

  {
    g_autoptr(GError) error = NULL;
    g_assert_false (ma_json_strict_check ("{\"a\": 1 // x\n}", 14, NULL, &error));
    g_assert_nonnull (strstr (error->message, "comments are not allowed"));
  }
}

static void
test_single_quotes (void)
{
  check_refused ("{'a': 1}", MA_JSON_ERROR_SYNTAX, NULL);
  check_refused ("{\"a\": 'x'}", MA_JSON_ERROR_SYNTAX, "a");
  check_refused ("{\"a\": {\"b\": ['x']}}", MA_JSON_ERROR_SYNTAX, "a.b[0]");
  check_accepted ("{\"a\": \"it's\", \"it's\": \"'\"}");
}

static void
test_leading_zeros (void)
{
  g_autoptr(GError) error = NULL;

  check_refused ("{\"a\": 012}", MA_JSON_ERROR_NUMBER, "a");
  check_refused ("{\"a\": -012}", MA_JSON_ERROR_NUMBER, "a");
  check_refused ("{\"a\": 00}", MA_JSON_ERROR_NUMBER, "a");
  check_refused ("{\"a\": [1, 2, 00.5]}", MA_JSON_ERROR_NUMBER, "a[2]");
  check_accepted ("{\"a\": [0, -0, 0.5, -0.5, 10, 100, 1e10, 0e0, 0.0, 1E+2, 1e-2, 120.05]}");

  /* The example of the brief: path, line, column and reason together. */
  g_assert_false (ma_json_strict_check ("{\n  \"audits\": [{}, {}, {},\n"
                                        "    {\"answers\": [{}, {},\n"
                                        "      {\"value\": 012}]}]}", 78, NULL, &error));
  g_assert_error (error, MA_JSON_ERROR, MA_JSON_ERROR_NUMBER);
  g_assert_cmpstr (error->message, ==,
                   "audits[3].answers[2].value (line 4, column 17): "
                   "leading zeros are not allowed in numbers");
}

static void
test_hex (void)
{
  check_refused ("{\"a\": 0x1F}", MA_JSON_ERROR_NUMBER, "a");
  check_refused ("{\"a\": 0X1f}", MA_JSON_ERROR_NUMBER, "a");
  check_refused ("{\"a\": -0x1}", MA_JSON_ERROR_NUMBER, "a");
  check_refused ("{\"a\": 1F}", MA_JSON_ERROR_SYNTAX, "a");
  check_accepted ("{\"a\": 31, \"b\": \"0x1F\"}");
}

static void
test_trailing_garbage (void)
{
  check_refused ("{} x", MA_JSON_ERROR_SYNTAX, NULL);
  check_refused ("{}{}", MA_JSON_ERROR_SYNTAX, NULL);
  check_refused ("{\"a\": 1}}", MA_JSON_ERROR_SYNTAX, NULL);
  check_refused ("{\"a\": 1}]", MA_JSON_ERROR_SYNTAX, NULL);
  check_refused ("{\"a\": 1},", MA_JSON_ERROR_SYNTAX, NULL);
  /* A NUL terminator counted into the length is garbage too. */
  check_refused_full ("{}", 3, NULL, MA_JSON_ERROR_SYNTAX, NULL);
  check_accepted (" \t\r\n{\"a\": 1} \t\r\n");
}

static void
test_duplicates (void)
{
  GString *big = g_string_new ("{");

  check_refused ("{\"a\": 1, \"a\": 2}", MA_JSON_ERROR_DUPLICATE_MEMBER, "a");
  /* Compared after unescaping. */
  check_refused ("{\"a\": 1, \"\\u0061\": 2}", MA_JSON_ERROR_DUPLICATE_MEMBER, "a");
  check_refused ("{\"\\u00e9\": 1, \"é\": 2}", MA_JSON_ERROR_DUPLICATE_MEMBER, "é");
  check_refused ("{\"\\ud83d\\ude00\": 1, \"😀\": 2}", MA_JSON_ERROR_DUPLICATE_MEMBER, "😀");
  check_refused ("{\"a\\/b\": 1, \"a/b\": 2}", MA_JSON_ERROR_DUPLICATE_MEMBER, "a/b");
  /* Nested in an array of objects. */
  check_refused ("{\"audits\": [{\"x\": 1, \"y\": 2}, {\"x\": 1, \"y\": 2, \"x\": 3}]}",
                 MA_JSON_ERROR_DUPLICATE_MEMBER, "audits[1].x");
  check_refused ("{\"a\": {\"b\": {}, \"c\": 1, \"b\": 2}}",
                 MA_JSON_ERROR_DUPLICATE_MEMBER, "a.b");
  /* The same name in different objects, and in a parent after a child
   * object closed, is fine. */
  check_accepted ("{\"a\": {\"a\": 1, \"b\": {\"a\": 2}}, \"b\": [{\"a\": 1}, {\"a\": 2}],"
                  " \"c\": {\"a\": {\"c\": 1}}}");
  check_accepted ("{\"a\": 1, \"A\": 2, \"a \": 3, \"\": 4, \"ab\": 5, \"ba\": 6}");
  check_refused ("{\"\": 1, \"\": 2}", MA_JSON_ERROR_DUPLICATE_MEMBER, NULL);

  /* Large objects use an index instead of a linear scan: unique names pass,
   * and a repeat is found wherever it falls. */
  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (big, "%s\"m%u\": %u", i > 0 ? ", " : "", i, i);
  g_string_append_c (big, '}');
  check_accepted (big->str);
  for (guint repeat = 0; repeat < 5000; repeat += 997)
    {
      g_autofree char *json = NULL;
      g_autofree char *path = g_strdup_printf ("m%u", repeat);

      g_string_truncate (big, big->len - 1);
      json = g_strdup_printf ("%s, \"x\": 0, \"m%u\": 1}", big->str, repeat);
      g_string_append_c (big, '}');
      check_refused (json, MA_JSON_ERROR_DUPLICATE_MEMBER, path);
    }
  /* Just past the linear scan, for both the first and the last name. */
  check_refused ("{\"a\":1,\"b\":1,\"c\":1,\"d\":1,\"e\":1,\"f\":1,\"g\":1,\"h\":1,\"a\":1}",
                 MA_JSON_ERROR_DUPLICATE_MEMBER, "a");
  check_refused ("{\"a\":1,\"b\":1,\"c\":1,\"d\":1,\"e\":1,\"f\":1,\"g\":1,\"h\":1,\"i\":1,\"h\":1}",
                 MA_JSON_ERROR_DUPLICATE_MEMBER, "h");
  g_string_free (big, TRUE);
}

static void
test_big_integers (void)
{
  check_accepted ("{\"a\": [9007199254740992, -9007199254740992, 9007199254740991, 1000000000000000]}");
  check_refused ("{\"a\": 9007199254740993}", MA_JSON_ERROR_NUMBER, "a");
  check_refused ("{\"a\": -9007199254740993}", MA_JSON_ERROR_NUMBER, "a");
  check_refused ("{\"a\": 9999999999999999}", MA_JSON_ERROR_NUMBER, "a");
  check_refused ("{\"a\": 18446744073709551616}", MA_JSON_ERROR_NUMBER, "a");
  check_refused ("{\"a\": [0, 10000000000000000000000000000000]}", MA_JSON_ERROR_NUMBER, "a[1]");
  /* The limit is on integer literals: with a fraction or an exponent the
   * number is a double anyway and nobody expects it exact. */
  check_accepted ("{\"a\": [9007199254740993.0, 1e20, 12345678901234567890.5]}");
}

static void
test_non_finite (void)
{
  check_accepted ("{\"a\": [1e308, -1e308, 1.7976931348623157e308, 0.1e309, 1e-400,"
                  " 0e999999999999, 0.000e400, 1e-999999999999]}");
  check_refused ("{\"a\": 1e400}", MA_JSON_ERROR_NUMBER, "a");
  check_refused ("{\"a\": -1e400}", MA_JSON_ERROR_NUMBER, "a");
  check_refused ("{\"a\": 1E+400}", MA_JSON_ERROR_NUMBER, "a");
  check_refused ("{\"a\": 1.8e308}", MA_JSON_ERROR_NUMBER, "a");
  check_refused ("{\"a\": 0.0001e313}", MA_JSON_ERROR_NUMBER, "a");
  check_refused ("{\"a\": 1e99999999999999999999}", MA_JSON_ERROR_NUMBER, "a");
}

static void
test_nan_and_friends (void)
{
  const char *refused[] = {
    "NaN", "Infinity", "-Infinity", "+1", "1.", ".5", "-", "1e", "1e+", "1E-",
    "-.5", "1.e5", "- 1", "--1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"k\": {\"v\": %s}}", refused[i]);
      check_refused (json, MA_JSON_ERROR_NUMBER, "k.v");
    }
  check_refused ("{\"k\": nan}", MA_JSON_ERROR_SYNTAX, "k");
  check_accepted ("{\"k\": [1, 1.5, -1, 1e5, 1E5, 1e+5, 1e-5, \"NaN\"]}");
}

static void
test_nul (void)
{
  static const char raw_nul[] = "{\"a\": \"x\0y\"}";

  check_refused ("{\"a\": \"x\\u0000y\"}", MA_JSON_ERROR_ENCODING, "a");
  check_refused ("{\"a\\u0000\": 1}", MA_JSON_ERROR_ENCODING, NULL);
  check_refused_full (raw_nul, sizeof raw_nul - 1, NULL, MA_JSON_ERROR_ENCODING, "a");
  /* Other raw control characters are not JSON at all. */
  check_refused ("{\"a\": \"x\ty\"}", MA_JSON_ERROR_SYNTAX, "a");
  check_refused ("{\"a\": \"x\ny\"}", MA_JSON_ERROR_SYNTAX, "a");
  check_refused ("{\"a\": \"x\x1fy\"}", MA_JSON_ERROR_SYNTAX, "a");
  check_accepted ("{\"a\": \"x\\u0001\\t\\n\\r\\b\\f\\\"\\\\\\/y\x7f\"}");
  check_refused ("{\"a\": \"\\x41\"}", MA_JSON_ERROR_SYNTAX, "a");
  check_refused ("{\"a\": \"\\u12G4\"}", MA_JSON_ERROR_SYNTAX, "a");
}

static void
test_utf8 (void)
{
  const char *invalid[] = {
    "\xC3\x28",         /* a lead byte without its continuation */
    "\x80",             /* a continuation byte alone */
    "\xC0\xAF",         /* overlong '/' */
    "\xC1\xBF",         /* overlong */
    "\xE0\x80\xAF",     /* overlong */
    "\xF0\x80\x80\xAF", /* overlong */
    "\xED\xA0\x80",     /* the surrogate U+D800 */
    "\xED\xBF\xBF",     /* the surrogate U+DFFF */
    "\xF4\x90\x80\x80", /* past U+10FFFF */
    "\xF5\x80\x80\x80",
    "\xFE", "\xFF",
    "\xE2\x82",         /* cut short before the closing quote */
  };

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autofree char *value = g_strdup_printf ("{\"a\": [\"ok\", \"x%sy\"]}", invalid[i]);
      g_autofree char *name = g_strdup_printf ("{\"a\": {\"x%sy\": 1}}", invalid[i]);
      g_autofree char *outside = g_strdup_printf ("{\"a\": 1%s}", invalid[i]);

      check_refused (value, MA_JSON_ERROR_ENCODING, "a[1]");
      check_refused (name, MA_JSON_ERROR_ENCODING, "a");
      check_refused (outside, MA_JSON_ERROR_ENCODING, "a");
    }

  check_accepted ("{\"é\": \"Привет, €, 😀, \xED\x9F\xBF, \xEE\x80\x80, \xF4\x8F\xBF\xBF\"}");
  /* Valid UTF-8, but no JSON outside a string. */
  check_refused ("{\"a\": 1 é}", MA_JSON_ERROR_SYNTAX, "a");
}

static void
test_surrogates (void)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  static const char pair[] = "{\"a\": \"\\ud83d\\ude00\", \"\\uD83D\\uDE00\": \"x\"}";

  check_refused ("{\"a\": \"\\ud800\"}", MA_JSON_ERROR_ENCODING, "a");
  check_refused ("{\"a\": \"\\ud800x\"}", MA_JSON_ERROR_ENCODING, "a");
  check_refused ("{\"a\": \"\\ud800\\u0041\"}", MA_JSON_ERROR_ENCODING, "a");
  check_refused ("{\"a\": \"\\ud800\\ud800\"}", MA_JSON_ERROR_ENCODING, "a");
  check_refused ("{\"a\": \"\\udc00\"}", MA_JSON_ERROR_ENCODING, "a");
  check_refused ("{\"a\": \"\\ude00\\ud83d\"}", MA_JSON_ERROR_ENCODING, "a");
  check_refused ("{\"a\": \"\\ud83d\\ude0\"}", MA_JSON_ERROR_ENCODING, "a");
  check_refused ("{\"\\udbff\": 1}", MA_JSON_ERROR_ENCODING, NULL);
  check_accepted (pair);

  root = ma_json_strict_parse (pair, sizeof pair - 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "a"), ==, "😀");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "😀"), ==, "x");
}

static void
test_size_limit (void)
{
  MaJsonLimits limits;

  ma_json_limits_init_default (&limits);
  g_assert_cmpuint (limits.max_bytes, ==, 256 * 1024 * 1024);
  g_assert_cmpuint (limits.max_depth, ==, 64);
  g_assert_cmpuint (limits.max_string, ==, 1024 * 1024);

  limits.max_bytes = 16;
  check_accepted_full ("{\"abc\": \"12345\"}", -1, &limits);   /* 16 bytes */
  {
    g_autoptr(GError) error = NULL;

    /* Refused on the length alone, before a byte is read: the document
     * here is not even JSON. */
    g_assert_false (ma_json_strict_check ("{\"abc\": \"123456\"} garbage", 25, &limits, &error));
    g_assert_error (error, MA_JSON_ERROR, MA_JSON_ERROR_TOO_LARGE);
    g_assert_nonnull (strstr (error->message, "16 bytes"));
  }
}

static char *
nest (guint levels)
{
  /* {"a": [[...]]}: the object is the first level. */
  GString *json = g_string_new ("{\"a\": ");

  for (guint i = 1; i < levels; i++)
    g_string_append_c (json, '[');
  for (guint i = 1; i < levels; i++)
    g_string_append_c (json, ']');
  g_string_append_c (json, '}');
  return g_string_free (json, FALSE);
}

static void
test_depth (void)
{
  g_autofree char *deepest = nest (64);
  g_autofree char *too_deep = nest (65);
  g_autofree char *too_deep_path = NULL;
  GString *path = g_string_new ("a");
  MaJsonLimits limits;

  check_accepted (deepest);

  /* The 65th level opens inside a[0]...[0] of 63 arrays. */
  for (guint i = 0; i < 63; i++)
    g_string_append (path, "[0]");
  too_deep_path = g_string_free (path, FALSE);
  check_refused (too_deep, MA_JSON_ERROR_TOO_DEEP, too_deep_path);

  ma_json_limits_init_default (&limits);
  limits.max_depth = 2;
  check_accepted_full ("{\"a\": {}, \"b\": [], \"c\": [1, 2]}", -1, &limits);
  check_refused_full ("{\"a\": {\"b\": {}}}", -1, &limits, MA_JSON_ERROR_TOO_DEEP, "a.b");
  check_refused_full ("{\"a\": [1, []]}", -1, &limits, MA_JSON_ERROR_TOO_DEEP, "a[1]");
}

static void
test_very_deep (void)
{
  /* A stack-smashing document for recursive parsers. */
  gsize n = 100000;
  g_autofree char *json = g_malloc (n + 6);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  memcpy (json, "{\"a\":", 5);
  memset (json + 5, '[', n);
  json[n + 5] = '\0';
  root = ma_json_strict_parse (json, n + 5, NULL, &error);
  g_assert_null (root);
  g_assert_error (error, MA_JSON_ERROR, MA_JSON_ERROR_TOO_DEEP);
  g_clear_error (&error);

  /* Closed, too. */
  {
    GString *closed = g_string_new ("{\"a\":");

    for (gsize i = 0; i < n; i++)
      g_string_append_c (closed, '[');
    for (gsize i = 0; i < n; i++)
      g_string_append_c (closed, ']');
    g_string_append_c (closed, '}');
    g_assert_false (ma_json_strict_check (closed->str, closed->len, NULL, &error));
    g_assert_error (error, MA_JSON_ERROR, MA_JSON_ERROR_TOO_DEEP);
    g_string_free (closed, TRUE);
  }
}

static void
test_string_limit (void)
{
  MaJsonLimits limits;
  g_autoptr(GError) error = NULL;

  ma_json_limits_init_default (&limits);
  limits.max_string = 8;
  check_accepted_full ("{\"a\": \"12345678\"}", -1, &limits);
  check_refused_full ("{\"a\": \"123456789\"}", -1, &limits, MA_JSON_ERROR_STRING_TOO_LONG, "a");
  check_refused_full ("{\"a\": [\"\", \"123456789\"]}", -1, &limits,
                      MA_JSON_ERROR_STRING_TOO_LONG, "a[1]");
  /* Measured after unescaping: eight escapes are eight bytes... */
  check_accepted_full ("{\"a\": \"\\n\\n\\n\\n\\n\\n\\n\\n\"}", -1, &limits);
  check_accepted_full ("{\"a\": \"\\u0041\\u0041\\u0041\\u0041\\u0041\\u0041\\u0041\\u0041\"}",
                       -1, &limits);
  /* ...and é is two bytes, € three and 😀 four, escaped or not. */
  limits.max_string = 9;
  check_accepted_full ("{\"a\": \"\\u00e9\\u20ac😀\"}", -1, &limits);
  check_refused_full ("{\"a\": \"\\u00e9\\u20ac\\ud83d\\ude00x\"}", -1, &limits,
                      MA_JSON_ERROR_STRING_TOO_LONG, "a");
  check_refused_full ("{\"a\": \"é€😀x\"}", -1, &limits, MA_JSON_ERROR_STRING_TOO_LONG, "a");
  limits.max_string = 8;
  /* Member names count as strings. */
  check_refused_full ("{\"b\": {\"123456789\": 1}}", -1, &limits,
                      MA_JSON_ERROR_STRING_TOO_LONG, "b");
  /* Refused even when it never ends. */
  check_refused_full ("{\"a\": \"123456789", -1, &limits, MA_JSON_ERROR_STRING_TOO_LONG, "a");

  g_assert_false (ma_json_strict_check ("{\"a\": \"123456789\"}", 18, &limits, &error));
  g_assert_nonnull (strstr (error->message, "8 bytes"));
}

static void
test_bom (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (ma_json_strict_check ("\xEF\xBB\xBF{\"a\": 1}", 11, NULL, &error));
  g_assert_error (error, MA_JSON_ERROR, MA_JSON_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "byte order mark"));
  g_assert_true (g_str_has_prefix (error->message, "line 1, column 1: "));
  /* A BOM later on is an ordinary character, U+FEFF. */
  check_accepted ("{\"a\": \"\xEF\xBB\xBF\"}");
}

static void
test_empty (void)
{
  g_autoptr(GError) error = NULL;

  check_refused ("", MA_JSON_ERROR_SYNTAX, NULL);
  check_refused (" \n\t\r ", MA_JSON_ERROR_SYNTAX, NULL);
  g_assert_false (ma_json_strict_check (NULL, 0, NULL, &error));
  g_assert_error (error, MA_JSON_ERROR, MA_JSON_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "empty"));
  g_clear_error (&error);
  g_assert_null (ma_json_strict_parse ("", 0, NULL, &error));
  g_assert_error (error, MA_JSON_ERROR, MA_JSON_ERROR_SYNTAX);
  check_accepted ("{}");
}

static void
test_not_object (void)
{
  const char *refused[] = { "[]", "[{}]", "\"{}\"", "1", "-1", "0", "true", "false", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    check_refused (refused[i], MA_JSON_ERROR_NOT_OBJECT, NULL);
  check_refused (" \n [1", MA_JSON_ERROR_NOT_OBJECT, NULL);

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (ma_json_strict_check ("\n [{}]", 6, NULL, &error));
    g_assert_cmpstr (error->message, ==,
                     "line 2, column 2: the top level of the document must be an object, not an array");
  }
}

static void
test_syntax (void)
{
  check_refused ("{\"a\": 1,}", MA_JSON_ERROR_SYNTAX, NULL);
  check_refused ("{\"a\": [1,]}", MA_JSON_ERROR_SYNTAX, "a[1]");
  check_refused ("{\"a\": [,1]}", MA_JSON_ERROR_SYNTAX, "a[0]");
  check_refused ("{,\"a\": 1}", MA_JSON_ERROR_SYNTAX, NULL);
  check_refused ("{a: 1}", MA_JSON_ERROR_SYNTAX, NULL);
  check_refused ("{\"a\" 1}", MA_JSON_ERROR_SYNTAX, "a");
  check_refused ("{\"a\": 1 \"b\": 2}", MA_JSON_ERROR_SYNTAX, "a");
  check_refused ("{\"a\": [1 2]}", MA_JSON_ERROR_SYNTAX, "a[0]");
  check_refused ("{\"a\": }", MA_JSON_ERROR_SYNTAX, "a");
  check_refused ("{\"a\": tru}", MA_JSON_ERROR_SYNTAX, "a");
  check_refused ("{\"a\": True}", MA_JSON_ERROR_SYNTAX, "a");
  check_refused ("{\"a\": nul}", MA_JSON_ERROR_SYNTAX, "a");
  check_refused ("{\"a\": truex}", MA_JSON_ERROR_SYNTAX, "a");
  check_refused ("{\"a\": undefined}", MA_JSON_ERROR_SYNTAX, "a");
  check_refused ("{\"a\": [}", MA_JSON_ERROR_SYNTAX, "a[0]");
  check_refused ("{\"a\": {]}", MA_JSON_ERROR_SYNTAX, "a");
  check_refused ("{\"a\": \"x}", MA_JSON_ERROR_SYNTAX, "a");
  check_refused ("{\"a\"\x01: 1}", MA_JSON_ERROR_SYNTAX, "a");
  check_accepted ("{\"a\": [true, false, null, [], {}, [[]], {\"b\": {}}], \"c\": \"\"}");
}

static void
test_position (void)
{
  g_autoptr(GError) error = NULL;
  /* Columns count characters, not bytes: "é" and "€" are one each. */
  static const char json[] = "{\n  \"é€\": [1,\n\t2, 012]}";

  g_assert_false (ma_json_strict_check (json, sizeof json - 1, NULL, &error));
  g_assert_cmpstr (error->message, ==,
                   "é€[2] (line 3, column 5): leading zeros are not allowed in numbers");
  g_clear_error (&error);

  g_assert_false (ma_json_strict_check ("{\"é\": \"€\", \"x\": 0x}", 23, NULL, &error));
  g_assert_cmpstr (error->message, ==,
                   "x (line 1, column 17): hexadecimal numbers are not allowed in JSON");
}

static void
test_long_name_in_path (void)
{
  g_autoptr(GError) error = NULL;
  GString *json = g_string_new ("{\"");

  for (guint i = 0; i < 10000; i++)
    g_string_append (json, "é");
  g_string_append (json, "\": 012}");
  g_assert_false (ma_json_strict_check (json->str, json->len, NULL, &error));
  g_assert_error (error, MA_JSON_ERROR, MA_JSON_ERROR_NUMBER);
  /* Shortened to a readable length, at a character boundary. */
  g_assert_cmpuint (strlen (error->message), <, 300);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "é… (line 1, column 10006)"));
  g_string_free (json, TRUE);
}

static void
test_bundle (void)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonArray *audits;

  check_accepted (bundle_example);
  root = ma_json_strict_parse (bundle_example, strlen (bundle_example), NULL, &error);
  g_assert_no_error (error);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "format"), ==, "mystery-audit-bundle");
  g_assert_cmpint (json_object_get_int_member (object, "version"), ==, 1);
  audits = json_object_get_array_member (object, "audits");
  g_assert_cmpuint (json_array_get_length (audits), ==, 1);
}

static void
test_parse_values (void)
{
  static const char json[] = "{\"max\": 9007199254740992, \"min\": -9007199254740992,"
                             " \"zero\": -0, \"big\": 1e308, \"tiny\": 1e-400, \"s\": \"a\\\"b\"}";
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  root = ma_json_strict_parse (json, sizeof json - 1, NULL, &error);
  g_assert_no_error (error);
  object = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (object, "max"), ==, G_GINT64_CONSTANT (9007199254740992));
  g_assert_cmpint (json_object_get_int_member (object, "min"), ==, G_GINT64_CONSTANT (-9007199254740992));
  g_assert_cmpint (json_object_get_int_member (object, "zero"), ==, 0);
  g_assert_cmpfloat (json_object_get_double_member (object, "big"), ==, 1e308);
  g_assert_cmpfloat (json_object_get_double_member (object, "tiny"), ==, 0.0);
  g_assert_cmpstr (json_object_get_string_member (object, "s"), ==, "a\"b");

  /* A refused document gives no node and a strict error. */
  g_assert_null (ma_json_strict_parse ("{\"a\": 012}", 10, NULL, &error));
  g_assert_error (error, MA_JSON_ERROR, MA_JSON_ERROR_NUMBER);
}

static void
test_truncated (void)
{
  static const char json[] = "{\"a\": [1, -2.5e3, true, false, null, \"x\\u00e9\\ud83d\\ude00é\"],"
                             " \"b\": {\"c\": {}, \"d\": []}, \"e\": \"\"}";
  gsize n = sizeof json - 1;

  check_accepted (json);
  for (gsize cut = 0; cut < n; cut++)
    {
      /* A copy of exactly @cut bytes, so that ASan sees any read past it. */
      g_autofree char *prefix = g_memdup2 (json, cut);
      g_autoptr(GError) error = NULL;

      g_assert_false (ma_json_strict_check (prefix, cut, NULL, &error));
      g_assert_nonnull (error);
      g_assert_true (error->domain == MA_JSON_ERROR);
    }
}

/* Random damage to valid documents, from a fixed seed: each result is either
 * a strict error or a document that json-glib then reads as an object. */
static void
test_mutations (void)
{
  static const char *const seeds[] = {
    "{\"a\": [1, -2.5e3, true, null, \"x\\u00e9\\ud83d\\ude00é\"], \"b\": {\"c\": {}, \"d\": 0}}",
    "{\"audits\": [{\"uuid\": \"6f1c\", \"answers\": [{\"question\": \"q\", \"value\": 6}]}]}",
  };
  static const char *const inserts[] = {
    "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "\\udc00", "0", "-", ".",
    "e", "+", "1e400", "9007199254740993", "012", "0x1", "NaN", "/*", "'", "\xc0\xaf",
    "\xed\xa0\x80", "\xf0\x9f\x98\x80", "\xff", "true", "nul", " ", "\x01", "\"a\":1,",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261102);
  guint accepted = 0;

  for (guint round = 0; round < 4000; round++)
    {
      GString *json = g_string_new (seeds[g_rand_int_range (rand, 0, G_N_ELEMENTS (seeds))]);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *copy = NULL;
      gsize length;

      for (gint edits = g_rand_int_range (rand, 1, 4); edits > 0; edits--)
        {
          gsize at = (gsize) g_rand_int_range (rand, 0, (gint32) json->len + 1);

          switch (g_rand_int_range (rand, 0, 3))
            {
            case 0:
              {
                gsize count = (gsize) g_rand_int_range (rand, 1, 4);

                g_string_erase (json, (gssize) at, (gssize) MIN (count, json->len - at));
                break;
              }
            case 1:
              g_string_insert (json, (gssize) at, inserts[g_rand_int_range (rand, 0, G_N_ELEMENTS (inserts))]);
              break;
            default:
              if (at < json->len)
                json->str[at] = (char) g_rand_int_range (rand, 0, 256);
              break;
            }
        }

      /* Exactly the bytes of the document, so that ASan sees any overread;
       * a random byte may be a NUL, so lengths are counted, never measured. */
      length = json->len;
      copy = g_memdup2 (json->str, length);
      g_string_free (json, TRUE);

      root = ma_json_strict_parse (copy, length, NULL, &error);
      if (root != NULL)
        {
          g_assert_no_error (error);
          g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
          accepted++;
        }
      else
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == MA_JSON_ERROR);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
        }
    }

  /* Some damage (white space, a changed digit or letter) leaves valid JSON. */
  g_assert_cmpuint (accepted, >, 0);
}

/* Equal as json-glib built them: the same kinds, the same value types (an
 * integer is not a double), doubles to the bit, members in the same order.
 * json_node_equal() compares numbers by value, which would not tell. */
static void
assert_same_tree (JsonNode   *ours,
                  JsonNode   *theirs,
                  const char *path)
{
  g_assert_nonnull (ours);
  g_assert_nonnull (theirs);
  if (json_node_get_node_type (ours) != json_node_get_node_type (theirs))
    g_error ("%s: node types differ", path);

  switch (json_node_get_node_type (ours))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *a = json_node_get_object (ours);
        JsonObject *b = json_node_get_object (theirs);
        g_autoptr(GList) ma = json_object_get_members (a);
        g_autoptr(GList) mb = json_object_get_members (b);
        GList *la, *lb;

        g_assert_cmpuint (json_object_get_size (a), ==, json_object_get_size (b));
        for (la = ma, lb = mb; la != NULL && lb != NULL; la = la->next, lb = lb->next)
          {
            g_autofree char *member = g_strconcat (path, ".", la->data, NULL);

            g_assert_cmpstr (la->data, ==, lb->data);
            assert_same_tree (json_object_get_member (a, la->data),
                              json_object_get_member (b, lb->data), member);
          }
        g_assert_true (la == NULL && lb == NULL);
        break;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *a = json_node_get_array (ours);
        JsonArray *b = json_node_get_array (theirs);

        g_assert_cmpuint (json_array_get_length (a), ==, json_array_get_length (b));
        for (guint i = 0; i < json_array_get_length (a); i++)
          {
            g_autofree char *element = g_strdup_printf ("%s[%u]", path, i);

            assert_same_tree (json_array_get_element (a, i), json_array_get_element (b, i),
                              element);
          }
        break;
      }

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (ours) != json_node_get_value_type (theirs))
        g_error ("%s: value types differ (%s, %s)", path,
                 g_type_name (json_node_get_value_type (ours)),
                 g_type_name (json_node_get_value_type (theirs)));
      if (json_node_get_value_type (ours) == G_TYPE_INT64)
        g_assert_cmpint (json_node_get_int (ours), ==, json_node_get_int (theirs));
      else if (json_node_get_value_type (ours) == G_TYPE_DOUBLE)
        {
          double x = json_node_get_double (ours), y = json_node_get_double (theirs);

          if (memcmp (&x, &y, sizeof x) != 0)
            g_error ("%s: %.17g is not %.17g", path, x, y);
        }
      else if (json_node_get_value_type (ours) == G_TYPE_BOOLEAN)
        g_assert_cmpint (json_node_get_boolean (ours), ==, json_node_get_boolean (theirs));
      else
        g_assert_cmpstr (json_node_get_string (ours), ==, json_node_get_string (theirs));
      break;

    case JSON_NODE_NULL:
    default:
      break;
    }
}

static void
assert_tree_as_json_glib (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) ours = ma_json_strict_parse (json, strlen (json), NULL, &error);

  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  assert_same_tree (ours, json_parser_get_root (parser), "$");
}

/* ma_json_strict_parse() builds its own tree after the check; it must be
 * json-glib's tree exactly, for the whole example bundle and for numbers,
 * escapes and nestings of every kind. */
static void
test_tree_as_json_glib (void)
{
  g_autoptr(GString) json = g_string_new ("{");
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  static const char *const fixed[] = {
    "0", "-0", "1", "-1", "9007199254740992", "-9007199254740992", "0.0", "-0.0", "1.5",
    "1e5", "1E5", "1e+5", "1e-5", "-2.5E-3", "0.1", "0.30000000000000004", "123456789.987654321",
    "1.7976931348623157e308", "4.9e-324", "2.2250738585072011e-308", "1e-400", "12.50",
    "60000.00", "0.000001", "100", "7e0",
  };

  assert_tree_as_json_glib (bundle_example);
  assert_tree_as_json_glib ("{}");
  assert_tree_as_json_glib (" \n\t{ \"a\" : [ ] , \"b\" : { } , \"c\" : [ [ ] , { } , null ] }\r\n");
  assert_tree_as_json_glib ("{\"\\\"\\\\\\/\\b\\f\\n\\r\\t\": \"\\u00e9\\u20AC\\ud83d\\ude00 é € 😀 \\\"q\\\"\","
                            " \"\\u0041\": [true, false, null, \"\", \"\\\\\"]}");

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_string_append_printf (json, "\"f%u\": %s, ", i, fixed[i]);
  for (guint i = 0; i < 3000; i++)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];
      double value = (g_rand_double (rand) - 0.5) * pow (10, g_rand_int_range (rand, -12, 14));

      switch (i % 4)
        {
        case 0:
          g_ascii_dtostr (buffer, sizeof buffer, value);  /* shortest round trip */
          break;
        case 1:
          g_ascii_formatd (buffer, sizeof buffer, "%.17g", value);
          break;
        case 2:
          g_ascii_formatd (buffer, sizeof buffer, "%.3f", value);
          break;
        default:
          g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT,
                      (gint64) (g_rand_double (rand) * 9007199254740992.0) * (i % 8 == 3 ? -1 : 1));
          break;
        }
      /* Below 10^14: never printed as an integer beyond 2^53. */
      g_string_append_printf (json, "\"n%u\": [%s, {\"x%u\": %s}], ", i, buffer, i, buffer);
    }
  g_string_append (json, "\"end\": 1}");
  assert_tree_as_json_glib (json->str);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json-strict/comments", test_comments);
  g_test_add_func ("/json-strict/single-quotes", test_single_quotes);
  g_test_add_func ("/json-strict/leading-zeros", test_leading_zeros);
  g_test_add_func ("/json-strict/hex", test_hex);
  g_test_add_func ("/json-strict/trailing-garbage", test_trailing_garbage);
  g_test_add_func ("/json-strict/duplicates", test_duplicates);
  g_test_add_func ("/json-strict/big-integers", test_big_integers);
  g_test_add_func ("/json-strict/non-finite", test_non_finite);
  g_test_add_func ("/json-strict/nan-and-friends", test_nan_and_friends);
  g_test_add_func ("/json-strict/nul", test_nul);
  g_test_add_func ("/json-strict/utf8", test_utf8);
  g_test_add_func ("/json-strict/surrogates", test_surrogates);
  g_test_add_func ("/json-strict/size-limit", test_size_limit);
  g_test_add_func ("/json-strict/depth", test_depth);
  g_test_add_func ("/json-strict/very-deep", test_very_deep);
  g_test_add_func ("/json-strict/string-limit", test_string_limit);
  g_test_add_func ("/json-strict/bom", test_bom);
  g_test_add_func ("/json-strict/empty", test_empty);
  g_test_add_func ("/json-strict/not-object", test_not_object);
  g_test_add_func ("/json-strict/syntax", test_syntax);
  g_test_add_func ("/json-strict/position", test_position);
  g_test_add_func ("/json-strict/long-name-in-path", test_long_name_in_path);
  g_test_add_func ("/json-strict/bundle", test_bundle);
  g_test_add_func ("/json-strict/parse-values", test_parse_values);
  g_test_add_func ("/json-strict/truncated", test_truncated);
  g_test_add_func ("/json-strict/mutations", test_mutations);
  g_test_add_func ("/json-strict/tree-as-json-glib", test_tree_as_json_glib);
  return g_test_run ();
}
