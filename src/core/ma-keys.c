/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ma-json-read.h"
#include "ma-keys.h"

gboolean
ma_key_is_valid (const char *key)
{
  gsize len;

  if (key == NULL)
    return FALSE;
  len = strlen (key);
  if (len == 0 || len > MA_KEY_MAX_LENGTH)
    return FALSE;
  for (const char *p = key; *p != '\0'; p++)
    if (*p < '!' || *p > '~')
      return FALSE;
  return TRUE;
}

gboolean
ma_code_is_valid (const char *code)
{
  gsize len;

  if (code == NULL)
    return FALSE;
  len = strlen (code);
  if (len == 0 || len > MA_CODE_MAX_LENGTH || !g_utf8_validate (code, len, NULL))
    return FALSE;
  for (const char *p = code; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        return FALSE;
    }
  return TRUE;
}

gboolean
ma_key_check (const char  *key,
              const char  *path,
              GError     **error)
{
  if (ma_key_is_valid (key))
    return TRUE;
  g_autofree char *quoted = ma_quote_value (key);

  g_set_error (error, MA_MODEL_ERROR, MA_MODEL_ERROR_INVALID,
               _("%s: %s is not a valid key (1 to %d printable ASCII characters, no spaces)"),
               path, quoted, MA_KEY_MAX_LENGTH);
  return FALSE;
}

gboolean
ma_code_check (const char  *code,
               const char  *path,
               GError     **error)
{
  if (ma_code_is_valid (code))
    return TRUE;
  /* The code itself is left out: it may hold the control characters that
   * made it invalid. */
  g_set_error (error, MA_MODEL_ERROR, MA_MODEL_ERROR_INVALID,
               _("%s: not a valid code (1 to %d bytes, no control characters)"),
               path, MA_CODE_MAX_LENGTH);
  return FALSE;
}

static gboolean
read_checked (JsonObject  *object,
              const char  *path,
              const char  *member,
              gboolean     required,
              gboolean (*check) (const char *, const char *, GError **),
              char       **out,
              GError     **error)
{
  g_autofree char *value = NULL;
  g_autofree char *where = NULL;

  if (!ma_json_read_string (object, path, member, required, &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;
  where = ma_path_member (path, member);
  if (!check (value, where, error))
    return FALSE;
  g_free (*out);
  *out = g_steal_pointer (&value);
  return TRUE;
}

gboolean
ma_json_read_key (JsonObject  *object,
                  const char  *path,
                  const char  *member,
                  gboolean     required,
                  char       **out,
                  GError     **error)
{
  return read_checked (object, path, member, required, ma_key_check, out, error);
}

gboolean
ma_json_read_code (JsonObject  *object,
                   const char  *path,
                   const char  *member,
                   gboolean     required,
                   char       **out,
                   GError     **error)
{
  return read_checked (object, path, member, required, ma_code_check, out, error);
}

static gboolean
check_text (const char  *text,
            const char  *path,
            GError     **error)
{
  if (!g_utf8_validate (text, -1, NULL))
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, NULL,
                               _("not valid UTF-8"));
  if (*text == '\0')
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, NULL,
                               _("must not be empty"));
  return TRUE;
}

gboolean
ma_json_read_text (JsonObject  *object,
                   const char  *path,
                   const char  *member,
                   gboolean     required,
                   char       **out,
                   GError     **error)
{
  return read_checked (object, path, member, required, check_text, out, error);
}

/* The shortest text that reads back as the same double: json-glib writes 17
 * significant digits (61.72 becomes 61.719999999999999). */
static void
append_shortest_double (GString    *out,
                        const char *token,
                        gsize       length)
{
  g_autofree char *copy = g_strndup (token, length);
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  double value = g_ascii_strtod (copy, NULL);

  for (int digits = 15; digits <= 17; digits++)
    {
      g_ascii_formatd (buffer, sizeof buffer, digits == 15 ? "%.15g" : digits == 16 ? "%.16g" : "%.17g",
                       value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  g_string_append (out, buffer);
  /* Keep a double a double: "2" would read back as an integer. */
  if (strpbrk (buffer, ".eEn") == NULL)
    g_string_append (out, ".0");
}

char *
ma_json_to_string (JsonNode *node,
                   gboolean  pretty)
{
  g_autofree char *raw = json_to_string (node, pretty);
  GString *fixed = g_string_sized_new (strlen (raw));
  gboolean in_string = FALSE;

  for (const char *p = raw; *p != '\0'; p++)
    {
      const char *end;
      gboolean is_double = FALSE;

      if (in_string)
        {
          g_string_append_c (fixed, *p);
          if (*p == '\\' && p[1] != '\0')
            g_string_append_c (fixed, *++p);
          else if (*p == '"')
            in_string = FALSE;
          continue;
        }
      if (*p == '"')
        {
          in_string = TRUE;
          g_string_append_c (fixed, *p);
          continue;
        }
      if (*p != '-' && !g_ascii_isdigit (*p))
        {
          g_string_append_c (fixed, *p);
          continue;
        }

      /* A number. json-glib 1.6 also appends ".0" after an exponent
       * ("1e-08.0"), which is not JSON: the ".0" is dropped. */
      end = p;
      while (*end == '-' || *end == '+' || *end == '.' || *end == 'e' || *end == 'E' ||
             g_ascii_isdigit (*end))
        {
          if (*end == '.' || *end == 'e' || *end == 'E')
            is_double = TRUE;
          end++;
        }
      if (is_double)
        append_shortest_double (fixed, p, end - p);
      else
        g_string_append_len (fixed, p, end - p);
      p = end - 1;
    }
  return g_string_free (fixed, FALSE);
}

void
ma_json_builder_add_number (JsonBuilder *builder,
                            double       value)
{
  if (isfinite (value) && value == floor (value) &&
      fabs (value) <= (double) MA_JSON_MAX_SAFE_INTEGER)
    json_builder_add_int_value (builder, (gint64) value);
  else
    json_builder_add_double_value (builder, value);
}

char *
ma_quote_value (const char *value)
{
  g_autofree char *valid = g_utf8_make_valid (value ? value : "", -1);
  GString *quoted = g_string_new ("\"");
  guint n = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == 64)
        {
          g_string_append (quoted, "…");
          break;
        }
      if (g_unichar_iscntrl (c) || c == '"' || c == '\\')
        g_string_append_printf (quoted, "\\u%04X", c);
      else
        g_string_append_unichar (quoted, c);
    }
  g_string_append_c (quoted, '"');
  return g_string_free (quoted, FALSE);
}

gboolean
ma_model_set_error (GError      **error,
                    MaModelError  code,
                    const char   *path,
                    const char   *member,
                    const char   *format,
                    ...)
{
  g_autofree char *where = member ? ma_path_member (path, member) : g_strdup (path);
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (where == NULL || *where == '\0')
    g_set_error_literal (error, MA_MODEL_ERROR, code, message);
  else
    g_set_error (error, MA_MODEL_ERROR, code, "%s: %s", where, message);
  return FALSE;
}

gboolean
ma_name_lookup (const char *const *names,
                guint              n_names,
                const char        *name,
                guint             *out)
{
  for (guint i = 0; i < n_names; i++)
    if (names[i] != NULL && g_strcmp0 (name, names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}
