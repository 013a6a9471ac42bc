/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ma-keys.h"

static void
test_keys (void)
{
  char long_key[66];

  g_assert_true (ma_key_is_valid ("delivery-driver"));
  g_assert_true (ma_key_is_valid ("a.b_c:1"));
  g_assert_false (ma_key_is_valid (NULL));
  g_assert_false (ma_key_is_valid (""));
  g_assert_false (ma_key_is_valid ("a b"));
  g_assert_false (ma_key_is_valid ("a\tb"));
  g_assert_false (ma_key_is_valid ("вежливость"));   /* keys are ASCII */
  memset (long_key, 'k', 64);
  long_key[64] = '\0';
  g_assert_true (ma_key_is_valid (long_key));
  long_key[64] = 'k';
  long_key[65] = '\0';
  g_assert_false (ma_key_is_valid (long_key));
}

static void
test_codes (void)
{
  g_assert_true (ma_code_is_valid ("SPB-01"));
  g_assert_true (ma_code_is_valid ("Отдел 7"));   /* codes may be any text */
  g_assert_false (ma_code_is_valid (NULL));
  g_assert_false (ma_code_is_valid (""));
  g_assert_false (ma_code_is_valid ("a\nb"));
  g_assert_false (ma_code_is_valid ("a\x7f"));
  g_assert_false (ma_code_is_valid ("a\xc2\x9b"));   /* U+009B, a C1 control */
  g_assert_false (ma_code_is_valid ("a\xff"));
  /* 64 bytes, not characters: 33 two-byte letters are too many */
  g_assert_false (ma_code_is_valid ("ЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖ"));
  g_assert_true (ma_code_is_valid ("ЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖ"));
}

static void
test_key_check (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (ma_key_check ("a\033[2Jb", "sections[0].key", &error));
  g_assert_error (error, MA_MODEL_ERROR, MA_MODEL_ERROR_INVALID);
  /* the escape sequence comes out escaped, never raw */
  g_assert_cmpstr (error->message, ==,
                   "sections[0].key: \"a\\u001B[2Jb\" is not a valid key "
                   "(1 to 64 printable ASCII characters, no spaces)");
  g_clear_error (&error);
  g_assert_false (ma_code_check ("", "branches[1].code", &error));
  g_assert_cmpstr (error->message, ==, "branches[1].code: not a valid code (1 to 64 bytes, no control characters)");
}

static void
test_quote (void)
{
  g_autofree char *plain = ma_quote_value ("один");
  g_autofree char *quotes = ma_quote_value ("a\"b\\c");
  g_autofree char *null = ma_quote_value (NULL);
  g_autofree char *long_value = ma_quote_value ("0123456789012345678901234567890123456789012345678901234567890123456789");

  g_assert_cmpstr (plain, ==, "\"один\"");
  g_assert_cmpstr (quotes, ==, "\"a\\u0022b\\u005Cc\"");
  g_assert_cmpstr (null, ==, "\"\"");
  g_assert_cmpstr (long_value, ==, "\"0123456789012345678901234567890123456789012345678901234567890123…\"");
}

static void
test_numbers (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_array (builder);
  ma_json_builder_add_number (builder, 2.0);
  ma_json_builder_add_number (builder, -0.0);
  ma_json_builder_add_number (builder, 0.5);
  ma_json_builder_add_number (builder, 1e20);
  json_builder_end_array (builder);
  node = json_builder_get_root (builder);
  text = ma_json_to_string (node, FALSE);
  /* whole numbers a double holds exactly are integers; beyond 2^53 not */
  g_assert_cmpstr (text, ==, "[2,0,0.5,1e+20]");
}

static void
test_to_string (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pretty = NULL;
  JsonArray *array;

  json_builder_begin_array (builder);
  json_builder_add_double_value (builder, 1e-08);
  json_builder_add_double_value (builder, 3e-10);
  json_builder_add_string_value (builder, "1e-08.0 \"e5.0\" \\");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_add_double_value (builder, 1.5e-08);
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_add_double_value (builder, 61.72);
  json_builder_add_double_value (builder, 2.0);
  json_builder_add_int_value (builder, -12);
  json_builder_end_array (builder);
  node = json_builder_get_root (builder);

  text = ma_json_to_string (node, FALSE);
  /* numbers repaired and as short as reads back the same, a double stays a
   * double, strings and literals untouched */
  g_assert_cmpstr (text, ==, "[1e-08,3e-10,\"1e-08.0 \\\"e5.0\\\" \\\\\",true,1.5e-08,false,61.72,2.0,-12]");
  back = json_from_string (text, &error);
  g_assert_no_error (error);
  array = json_node_get_array (back);
  g_assert_cmpfloat (json_array_get_double_element (array, 0), ==, 1e-08);
  g_assert_cmpfloat (json_array_get_double_element (array, 1), ==, 3e-10);
  g_assert_cmpstr (json_array_get_string_element (array, 2), ==, "1e-08.0 \"e5.0\" \\");

  pretty = ma_json_to_string (node, TRUE);
  g_assert_nonnull (strstr (pretty, "1e-08,"));
  g_assert_null (strstr (pretty, "1e-08.0,"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/keys/keys", test_keys);
  g_test_add_func ("/keys/codes", test_codes);
  g_test_add_func ("/keys/check", test_key_check);
  g_test_add_func ("/keys/quote", test_quote);
  g_test_add_func ("/keys/numbers", test_numbers);
  g_test_add_func ("/keys/to-string", test_to_string);
  return g_test_run ();
}
