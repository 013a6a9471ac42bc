/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "ma-json-read.h"
#include "ma-keys.h"
#include "ma-scheme.h"

/* Shares are percentages that must add up to 100; a sum read from decimal
 * fractions (33.3 + 33.3 + 33.4) is not exactly 100 in binary. */
#define SHARE_SUM_TOLERANCE 1e-9

MaSchemeComponent *
ma_scheme_component_new (const char        *key,
                         double             share,
                         MaComponentSource  source)
{
  MaSchemeComponent *self = g_new0 (MaSchemeComponent, 1);

  self->key = g_strdup (key);
  self->share = share;
  self->source = source;
  self->floor = 0;
  self->target = 1;
  self->cap = 1;
  return self;
}

void
ma_scheme_component_free (MaSchemeComponent *self)
{
  if (self == NULL)
    return;
  g_free (self->key);
  g_free (self->label);
  g_free (self);
}

MaScheme *
ma_scheme_new (void)
{
  MaScheme *self = g_new0 (MaScheme, 1);

  self->version = 1;
  self->min_audits = 2;
  self->missing = MA_MISSING_FULL;
  self->positions = g_ptr_array_new_with_free_func (g_free);
  self->components = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_scheme_component_free);
  return self;
}

void
ma_scheme_free (MaScheme *self)
{
  if (self == NULL)
    return;
  g_free (self->key);
  g_free (self->name);
  g_clear_pointer (&self->positions, g_ptr_array_unref);
  g_clear_pointer (&self->components, g_ptr_array_unref);
  g_free (self);
}

MaScheme *
ma_scheme_copy (const MaScheme *self)
{
  MaScheme *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = ma_scheme_new ();
  copy->key = g_strdup (self->key);
  copy->version = self->version;
  copy->name = g_strdup (self->name);
  copy->min_audits = self->min_audits;
  copy->missing = self->missing;
  for (guint i = 0; i < self->positions->len; i++)
    g_ptr_array_add (copy->positions, g_strdup (g_ptr_array_index (self->positions, i)));
  for (guint i = 0; i < self->components->len; i++)
    {
      const MaSchemeComponent *c = g_ptr_array_index (self->components, i);
      MaSchemeComponent *component = ma_scheme_component_new (c->key, c->share, c->source);

      component->label = g_strdup (c->label);
      component->floor = c->floor;
      component->target = c->target;
      component->cap = c->cap;
      g_ptr_array_add (copy->components, component);
    }
  return copy;
}

static const char * const missing_policy_names[] = {
  [MA_MISSING_FULL] = "full",
  [MA_MISSING_ZERO] = "zero",
  [MA_MISSING_PREVIOUS] = "previous",
};

const char *
ma_missing_policy_to_string (MaMissingPolicy policy)
{
  g_return_val_if_fail (policy <= MA_MISSING_PREVIOUS, NULL);
  return missing_policy_names[policy];
}

gboolean
ma_missing_policy_from_string (const char      *string,
                               MaMissingPolicy *out)
{
  guint index;

  if (!ma_name_lookup (missing_policy_names, G_N_ELEMENTS (missing_policy_names), string, &index))
    return FALSE;
  *out = index;
  return TRUE;
}

static const char * const component_source_names[] = {
  [MA_SOURCE_KPI] = "kpi",
  [MA_SOURCE_AUDIT] = "audit",
};

const char *
ma_component_source_to_string (MaComponentSource source)
{
  g_return_val_if_fail (source <= MA_SOURCE_AUDIT, NULL);
  return component_source_names[source];
}

gboolean
ma_component_source_from_string (const char        *string,
                                 MaComponentSource *out)
{
  guint index;

  if (!ma_name_lookup (component_source_names, G_N_ELEMENTS (component_source_names), string, &index))
    return FALSE;
  *out = index;
  return TRUE;
}

gboolean
ma_scheme_covers_position (const MaScheme *self,
                           const char     *position)
{
  for (guint i = 0; i < self->positions->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->positions, i), position) == 0)
      return TRUE;
  return FALSE;
}

const char *
ma_scheme_list_get_name (GPtrArray  *schemes,
                         const char *key,
                         gint64      version)
{
  const MaScheme *best = NULL;

  for (guint i = 0; schemes != NULL && key != NULL && i < schemes->len; i++)
    {
      const MaScheme *scheme = g_ptr_array_index (schemes, i);

      if (g_strcmp0 (scheme->key, key) != 0 || scheme->name == NULL || *scheme->name == '\0')
        continue;
      if (scheme->version == version)
        return scheme->name;
      if (best == NULL || scheme->version > best->version)
        best = scheme;
    }
  return best != NULL ? best->name : key;
}

const MaSchemeComponent *
ma_scheme_find_component (const MaScheme *self,
                          const char     *key)
{
  for (guint i = 0; i < self->components->len; i++)
    {
      const MaSchemeComponent *c = g_ptr_array_index (self->components, i);

      if (g_strcmp0 (c->key, key) == 0)
        return c;
    }
  return NULL;
}

double
ma_scheme_component_payout (const MaSchemeComponent *component,
                            double                   achievement)
{
  g_return_val_if_fail (component != NULL, NAN);

  /* No achievement, no payout: the caller applies the missing policy. */
  if (isnan (achievement))
    return NAN;
  if (achievement < component->floor)
    return 0;
  if (achievement < component->target)
    return (achievement - component->floor) / (component->target - component->floor);
  if (component->cap > 1)
    return MIN (component->cap, achievement / component->target);
  return 1;
}

/* Validation */

static gboolean
check_finite (double       value,
              const char  *path,
              const char  *member,
              GError     **error)
{
  if (isfinite (value))
    return TRUE;
  return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, member,
                             _("not a finite number"));
}

static gboolean
check_component (const MaSchemeComponent  *c,
                 const char               *path,
                 GError                  **error)
{
  g_autofree char *key_path = ma_path_member (path, "key");

  if (c->key == NULL)
    return ma_model_set_error (error, MA_MODEL_ERROR_MISSING, key_path, NULL, _("a key is required"));
  if (!ma_key_check (c->key, key_path, error))
    return FALSE;
  if (c->label != NULL && !g_utf8_validate (c->label, -1, NULL))
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "label", _("not valid UTF-8"));
  if (c->source > MA_SOURCE_AUDIT)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "source", _("unknown source"));
  if (!check_finite (c->share, path, "share", error) ||
      !check_finite (c->floor, path, "floor", error) ||
      !check_finite (c->target, path, "target", error) ||
      !check_finite (c->cap, path, "cap", error))
    return FALSE;
  if (c->share <= 0)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "share",
                               _("%g: a share must be greater than 0"), c->share);
  if (c->floor < 0)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "floor",
                               _("%g: the floor must not be negative"), c->floor);
  if (c->target <= c->floor)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "target",
                               _("the target (%g) must be greater than the floor (%g)"),
                               c->target, c->floor);
  if (c->cap < 1)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "cap",
                               _("%g: the cap must be 1 or more"), c->cap);
  return TRUE;
}

static gboolean
validate_at (const MaScheme  *self,
             const char      *path,
             GError         **error)
{
  g_autofree char *key_path = ma_path_member (path, "key");
  g_autofree char *positions_path = ma_path_member (path, "positions");
  g_autofree char *components_path = ma_path_member (path, "components");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  double sum = 0;

  if (self->key == NULL)
    return ma_model_set_error (error, MA_MODEL_ERROR_MISSING, key_path, NULL, _("a key is required"));
  if (!ma_key_check (self->key, key_path, error))
    return FALSE;
  if (self->version < 1)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "version",
                               _("%" PRId64 ": a version is 1 or more"), self->version);
  if (self->name == NULL || *self->name == '\0' || !g_utf8_validate (self->name, -1, NULL))
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "name",
                               _("must be a non-empty text"));
  if (self->min_audits < 1)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "min_audits",
                               _("%" PRId64 ": at least 1 audit is needed"), self->min_audits);
  if (self->missing > MA_MISSING_PREVIOUS)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "missing", _("unknown policy"));

  if (self->positions->len == 0)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, positions_path, NULL,
                               _("a scheme covers at least one position"));
  for (guint i = 0; i < self->positions->len; i++)
    {
      const char *position = g_ptr_array_index (self->positions, i);
      g_autofree char *ppath = ma_path_index (positions_path, i);

      if (!ma_code_check (position, ppath, error))
        return FALSE;
      if (g_hash_table_contains (seen, position))
        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, ppath, NULL,
                                   _("\"%s\" is listed twice"), position);
      g_hash_table_add (seen, (gpointer) position);
    }

  g_hash_table_remove_all (seen);
  if (self->components->len == 0)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, components_path, NULL,
                               _("a scheme has at least one component"));
  for (guint i = 0; i < self->components->len; i++)
    {
      const MaSchemeComponent *c = g_ptr_array_index (self->components, i);
      g_autofree char *cpath = ma_path_index (components_path, i);

      if (!check_component (c, cpath, error))
        return FALSE;
      if (g_hash_table_contains (seen, c->key))
        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, cpath, "key",
                                   _("\"%s\" is the key of another component"), c->key);
      g_hash_table_add (seen, c->key);
      sum += c->share;
    }
  if (fabs (sum - 100) > SHARE_SUM_TOLERANCE)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, components_path, NULL,
                               _("the shares add up to %.10g, not 100"), sum);
  return TRUE;
}

gboolean
ma_scheme_validate (const MaScheme  *self,
                    GError         **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return validate_at (self, NULL, error);
}

/* Reading JSON */

static const char * const scheme_members[] = {
  "key", "version", "name", "positions", "min_audits", "missing", "components", NULL
};
static const char * const component_members[] = {
  "key", "label", "share", "source", "floor", "target", "cap", NULL
};

static MaSchemeComponent *
parse_component (JsonObject  *object,
                 const char  *path,
                 GPtrArray   *warnings,
                 GError     **error)
{
  g_autoptr(MaSchemeComponent) c = ma_scheme_component_new (NULL, 0, MA_SOURCE_AUDIT);
  g_autofree char *source = NULL;

  ma_json_warn_unknown (object, path, component_members, warnings);
  if (!ma_json_read_key (object, path, "key", TRUE, &c->key, error) ||
      !ma_json_read_string (object, path, "label", FALSE, &c->label, error) ||
      !ma_json_read_double (object, path, "share", TRUE, -G_MAXDOUBLE, G_MAXDOUBLE,
                            &c->share, NULL, error) ||
      !ma_json_read_string (object, path, "source", TRUE, &source, error))
    return NULL;
  if (!ma_component_source_from_string (source, &c->source))
    {
      g_autofree char *quoted = ma_quote_value (source);

      ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "source",
                          _("%s is not a source (kpi or audit)"), quoted);
      return NULL;
    }
  if (!ma_json_read_double (object, path, "floor", FALSE, -G_MAXDOUBLE, G_MAXDOUBLE,
                            &c->floor, NULL, error) ||
      !ma_json_read_double (object, path, "target", FALSE, -G_MAXDOUBLE, G_MAXDOUBLE,
                            &c->target, NULL, error) ||
      !ma_json_read_double (object, path, "cap", FALSE, -G_MAXDOUBLE, G_MAXDOUBLE,
                            &c->cap, NULL, error))
    return NULL;
  return g_steal_pointer (&c);
}

MaScheme *
ma_scheme_from_json (JsonObject  *object,
                     const char  *path,
                     GPtrArray   *warnings,
                     GError     **error)
{
  g_autoptr(MaScheme) self = ma_scheme_new ();
  g_autofree char *missing = NULL;
  g_autofree char *positions_path = ma_path_member (path, "positions");
  g_autofree char *components_path = ma_path_member (path, "components");
  JsonArray *positions;
  JsonArray *components;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ma_json_warn_unknown (object, path, scheme_members, warnings);
  if (!ma_json_read_key (object, path, "key", TRUE, &self->key, error) ||
      !ma_json_read_int (object, path, "version", TRUE, 1, MA_JSON_MAX_SAFE_INTEGER,
                         &self->version, NULL, error) ||
      !ma_json_read_text (object, path, "name", TRUE, &self->name, error) ||
      !ma_json_read_int (object, path, "min_audits", FALSE, 1, MA_JSON_MAX_SAFE_INTEGER,
                         &self->min_audits, NULL, error) ||
      !ma_json_read_string (object, path, "missing", FALSE, &missing, error))
    return NULL;
  if (missing != NULL && !ma_missing_policy_from_string (missing, &self->missing))
    {
      g_autofree char *quoted = ma_quote_value (missing);

      ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "missing",
                          _("%s is not a policy for missing data (full, zero or previous)"),
                          quoted);
      return NULL;
    }

  positions = ma_json_read_array (object, path, "positions", TRUE, error);
  if (positions == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (positions); i++)
    {
      JsonNode *node = json_array_get_element (positions, i);
      g_autofree char *ppath = ma_path_index (positions_path, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          ma_model_set_error (error, MA_MODEL_ERROR_INVALID, ppath, NULL,
                              _("expected a string"));
          return NULL;
        }
      g_ptr_array_add (self->positions, g_strdup (json_node_get_string (node)));
    }

  components = ma_json_read_array (object, path, "components", TRUE, error);
  if (components == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (components); i++)
    {
      g_autofree char *cpath = ma_path_index (components_path, i);
      JsonObject *o = ma_json_array_get_object (components, components_path, i, error);
      MaSchemeComponent *c;

      if (o == NULL || (c = parse_component (o, cpath, warnings, error)) == NULL)
        return NULL;
      g_ptr_array_add (self->components, c);
    }

  if (!validate_at (self, path, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* Writing JSON */

static void
add_number (JsonBuilder *builder,
            const char  *member,
            double       value)
{
  json_builder_set_member_name (builder, member);
  ma_json_builder_add_number (builder, value);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static JsonNode *
write_scheme (const MaScheme *self,
              GPtrArray      *positions)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, "key", self->key);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, self->version);
  add_string (builder, "name", self->name);
  json_builder_set_member_name (builder, "positions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < positions->len; i++)
    {
      const char *position = g_ptr_array_index (positions, i);

      json_builder_add_string_value (builder, position ? position : "");
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "min_audits");
  json_builder_add_int_value (builder, self->min_audits);
  json_builder_set_member_name (builder, "missing");
  json_builder_add_string_value (builder, ma_missing_policy_to_string (self->missing));

  json_builder_set_member_name (builder, "components");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->components->len; i++)
    {
      const MaSchemeComponent *c = g_ptr_array_index (self->components, i);

      json_builder_begin_object (builder);
      add_string (builder, "key", c->key);
      add_string (builder, "label", c->label);
      add_number (builder, "share", c->share);
      json_builder_set_member_name (builder, "source");
      json_builder_add_string_value (builder, ma_component_source_to_string (c->source));
      add_number (builder, "floor", c->floor);
      add_number (builder, "target", c->target);
      add_number (builder, "cap", c->cap);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
ma_scheme_to_json (const MaScheme *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return write_scheme (self, self->positions);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Every setting is written, defaults included, so a scheme that leaves
 * "cap" out and one that gives "cap": 1 are the same. The order of the
 * positions is not content; the order of the components is (statements
 * list them in it). */
char *
ma_scheme_to_canonical (const MaScheme *self)
{
  g_autoptr(GPtrArray) positions = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  positions = g_ptr_array_sized_new (self->positions->len);
  for (guint i = 0; i < self->positions->len; i++)
    g_ptr_array_add (positions, g_ptr_array_index (self->positions, i));
  g_ptr_array_sort (positions, compare_strings);
  node = write_scheme (self, positions);
  return ma_json_to_string (node, FALSE);
}
