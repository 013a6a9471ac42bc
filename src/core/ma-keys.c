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
  g_set_error (error, MA_MODEL_ERROR, MA_MODEL_ERROR_INVALID,
               _("%s: \"%s\" is not a valid key (1 to %d printable ASCII characters, no spaces)"),
               path, key ? key : "", MA_KEY_MAX_LENGTH);
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
