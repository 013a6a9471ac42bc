/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>

#include "ma-json-read.h"

static const char *
describe_node (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_ARRAY:
      return _("an array");
    case JSON_NODE_NULL:
      return _("null");
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return _("a string");
    case G_TYPE_BOOLEAN:
      return _("a boolean");
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
      return _("a number");
    default:
      return _("a value of unknown type");
    }
}

static gboolean
is_value_of (JsonNode *node,
             GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
is_number (JsonNode *node)
{
  return is_value_of (node, G_TYPE_INT64) || is_value_of (node, G_TYPE_DOUBLE);
}

/* Looks up @member; FALSE with an error when required and absent. *node is
 * NULL when absent (or null and @null_is_absent). */
static gboolean
lookup (JsonObject  *object,
        const char  *path,
        const char  *member,
        gboolean     required,
        gboolean     null_is_absent,
        JsonNode   **node,
        gboolean    *present,
        GError     **error)
{
  *node = json_object_get_member (object, member);
  if (*node != NULL && null_is_absent && JSON_NODE_HOLDS_NULL (*node))
    *node = NULL;
  if (present != NULL)
    *present = (*node != NULL);
  if (*node == NULL && required)
    {
      g_autofree char *where = ma_path_member (path, member);
      g_set_error (error, MA_MODEL_ERROR, MA_MODEL_ERROR_MISSING,
                   _("%s: required member is missing"), where);
      return FALSE;
    }
  return TRUE;
}

static gboolean
wrong_type (const char  *path,
            const char  *member,
            JsonNode    *node,
            const char  *expected,
            GError     **error)
{
  g_autofree char *where = member ? ma_path_member (path, member) : g_strdup (path);

  g_set_error (error, MA_MODEL_ERROR, MA_MODEL_ERROR_INVALID,
               _("%s: expected %s, found %s"), where, expected, describe_node (node));
  return FALSE;
}

gboolean
ma_json_read_string (JsonObject  *object,
                     const char  *path,
                     const char  *member,
                     gboolean     required,
                     char       **out,
                     GError     **error)
{
  JsonNode *node;

  if (!lookup (object, path, member, required, TRUE, &node, NULL, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!is_value_of (node, G_TYPE_STRING))
    return wrong_type (path, member, node, _("a string"), error);

  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

gboolean
ma_json_node_get_double (JsonNode    *node,
                         const char  *path,
                         double      *out,
                         GError     **error)
{
  double value;

  if (!is_number (node))
    return wrong_type (path, NULL, node, _("a number"), error);

  if (is_value_of (node, G_TYPE_INT64))
    {
      gint64 integer = json_node_get_int (node);

      if (integer > MA_JSON_MAX_SAFE_INTEGER || integer < -MA_JSON_MAX_SAFE_INTEGER)
        {
          g_set_error (error, MA_MODEL_ERROR, MA_MODEL_ERROR_INVALID,
                       _("%s: the number is too large"), path);
          return FALSE;
        }
      value = (double) integer;
    }
  else
    value = json_node_get_double (node);

  if (!isfinite (value))
    {
      g_set_error (error, MA_MODEL_ERROR, MA_MODEL_ERROR_INVALID,
                   _("%s: the number is not finite"), path);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

gboolean
ma_json_read_double (JsonObject  *object,
                     const char  *path,
                     const char  *member,
                     gboolean     required,
                     double       min,
                     double       max,
                     double      *out,
                     gboolean    *present,
                     GError     **error)
{
  g_autofree char *where = NULL;
  JsonNode *node;
  double value;

  if (!lookup (object, path, member, required, FALSE, &node, present, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  where = ma_path_member (path, member);
  if (!ma_json_node_get_double (node, where, &value, error))
    return FALSE;
  if (value < min || value > max)
    {
      g_set_error (error, MA_MODEL_ERROR, MA_MODEL_ERROR_INVALID,
                   _("%s: %g is outside the allowed range [%g, %g]"), where, value, min, max);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

gboolean
ma_json_read_int (JsonObject  *object,
                  const char  *path,
                  const char  *member,
                  gboolean     required,
                  gint64       min,
                  gint64       max,
                  gint64      *out,
                  gboolean    *present,
                  GError     **error)
{
  g_autofree char *where = NULL;
  JsonNode *node;
  gint64 value;

  if (!lookup (object, path, member, required, FALSE, &node, present, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  where = ma_path_member (path, member);
  if (!is_value_of (node, G_TYPE_INT64))
    {
      if (is_value_of (node, G_TYPE_DOUBLE))
        {
          g_set_error (error, MA_MODEL_ERROR, MA_MODEL_ERROR_INVALID,
                       _("%s: expected a whole number"), where);
          return FALSE;
        }
      return wrong_type (path, member, node, _("a whole number"), error);
    }

  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      g_set_error (error, MA_MODEL_ERROR, MA_MODEL_ERROR_INVALID,
                   _("%s: %" PRId64 " is outside the allowed range [%" PRId64
                     ", %" PRId64 "]"),
                   where, value, min, max);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

gboolean
ma_json_read_bool (JsonObject  *object,
                   const char  *path,
                   const char  *member,
                   gboolean     required,
                   gboolean    *out,
                   gboolean    *present,
                   GError     **error)
{
  JsonNode *node;

  if (!lookup (object, path, member, required, FALSE, &node, present, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!is_value_of (node, G_TYPE_BOOLEAN))
    return wrong_type (path, member, node, _("true or false"), error);

  *out = json_node_get_boolean (node);
  return TRUE;
}

JsonArray *
ma_json_read_array (JsonObject  *object,
                    const char  *path,
                    const char  *member,
                    gboolean     required,
                    GError     **error)
{
  JsonNode *node;

  if (!lookup (object, path, member, required, FALSE, &node, NULL, error) || node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      wrong_type (path, member, node, _("an array"), error);
      return NULL;
    }
  return json_node_get_array (node);
}

JsonObject *
ma_json_read_object (JsonObject  *object,
                     const char  *path,
                     const char  *member,
                     gboolean     required,
                     GError     **error)
{
  JsonNode *node;

  if (!lookup (object, path, member, required, FALSE, &node, NULL, error) || node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      wrong_type (path, member, node, _("an object"), error);
      return NULL;
    }
  return json_node_get_object (node);
}

JsonObject *
ma_json_array_get_object (JsonArray  *array,
                          const char *array_path,
                          guint       index,
                          GError    **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *where = ma_path_index (array_path, index);
      wrong_type (where, NULL, node, _("an object"), error);
      return NULL;
    }
  return json_node_get_object (node);
}

void
ma_json_warn_unknown (JsonObject         *object,
                      const char         *path,
                      const char * const *known,
                      GPtrArray          *warnings)
{
  g_autoptr(GList) members = NULL;

  if (warnings == NULL)
    return;

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (!g_strv_contains (known, name))
        {
          g_autofree char *where = ma_path_member (path, name);
          g_ptr_array_add (warnings, g_strdup_printf (_("%s: unknown member, ignored"), where));
        }
    }
}
