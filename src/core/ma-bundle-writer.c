/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-bundle-writer.c: bundle export (bundle-v1.md). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ma-bundle.h"
#include "ma-keys.h"

/* The store's filter compares UTC times as "YYYY-MM-DDTHH:MM:SSZ"; a bare
 * date means midnight where the person exporting is. */
static char *
since_to_utc (const char  *since,
              GError     **error)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) parsed = NULL;
  g_autoptr(GDateTime) in_utc = NULL;
  int year, month, day;
  char tail;

  if (sscanf (since, "%4d-%2d-%2d%c", &year, &month, &day, &tail) == 3 && strlen (since) == 10)
    parsed = g_date_time_new (local, year, month, day, 0, 0, 0);
  else
    parsed = g_date_time_new_from_iso8601 (since, local);
  if (parsed == NULL)
    {
      g_set_error (error, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_INVALID,
                   _("since: \"%s\" is neither a date (2026-10-01) nor an ISO 8601 time"), since);
      return NULL;
    }
  in_utc = g_date_time_to_utc (parsed);
  return g_date_time_format (in_utc, "%Y-%m-%dT%H:%M:%SZ");
}

static void
translate_store_error (GError  *from,
                       GError **error)
{
  g_set_error_literal (error, MA_BUNDLE_ERROR,
                       from->domain == MA_STORE_ERROR && from->code == MA_STORE_ERROR_NOT_FOUND
                         ? MA_BUNDLE_ERROR_INVALID : MA_BUNDLE_ERROR_STORE,
                       from->message);
}

typedef JsonNode *(*ToJsonFunc) (gconstpointer item);

static JsonNode *
region_to_json (gconstpointer item)
{
  return ma_region_to_json (item);
}

static JsonNode *
branch_to_json (gconstpointer item)
{
  return ma_branch_to_json (item);
}

static JsonNode *
template_to_json (gconstpointer item)
{
  return ma_template_to_json (item);
}

static JsonNode *
scheme_to_json (gconstpointer item)
{
  return ma_scheme_to_json (item);
}

static JsonNode *
kpi_to_json (gconstpointer item)
{
  return ma_kpi_to_json (item);
}

static void
add_list (JsonObject *root,
          const char *member,
          GPtrArray  *items,
          ToJsonFunc  to_json)
{
  JsonArray *array = json_array_sized_new (items->len);

  for (guint i = 0; i < items->len; i++)
    json_array_add_element (array, to_json (g_ptr_array_index (items, i)));
  json_object_set_array_member (root, member, array);
}

/* The audits @options selects, oldest visit first. */
static GPtrArray *
select_audits (MaStore                      *store,
               const MaBundleExportOptions  *options,
               GError                      **error)
{
  g_autoptr(GPtrArray) audits = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_audit_free);
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GHashTable) selected = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *since = NULL;
  MaAuditFilter filter = { 0 };

  if (options->since != NULL && (since = since_to_utc (options->since, error)) == NULL)
    return NULL;
  filter.modified_since = since;
  summaries = ma_store_list_audits (store, &filter, &local_error);
  if (summaries == NULL)
    {
      translate_store_error (local_error, error);
      return NULL;
    }

  if (options->uuids != NULL)
    {
      /* Every uuid asked for must exist, even if --since then leaves it out:
       * a typo should not silently export nothing. */
      selected = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; options->uuids[i] != NULL; i++)
        {
          g_autoptr(MaAudit) audit = ma_store_get_audit (store, options->uuids[i], &local_error);

          if (audit == NULL)
            {
              translate_store_error (local_error, error);
              return NULL;
            }
          g_hash_table_add (selected, (gpointer) options->uuids[i]);
        }
    }

  for (guint i = summaries->len; i > 0; i--)
    {
      const MaAuditSummary *summary = g_ptr_array_index (summaries, i - 1);
      MaAudit *audit;

      if (selected != NULL && !g_hash_table_contains (selected, summary->uuid))
        continue;
      audit = ma_store_get_audit (store, summary->uuid, &local_error);
      if (audit == NULL)
        {
          translate_store_error (local_error, error);
          return NULL;
        }
      g_ptr_array_add (audits, audit);
    }
  return g_steal_pointer (&audits);
}

static gboolean
template_matches (const MaTemplate *template,
                  const char       *id)
{
  const char *slash = strrchr (id, '/');
  g_autofree char *version = NULL;

  if (slash == NULL)
    return g_strcmp0 (template->key, id) == 0;
  version = g_strdup_printf ("%" G_GINT64_FORMAT, template->version);
  return strlen (template->key) == (gsize) (slash - id) &&
         strncmp (template->key, id, slash - id) == 0 &&
         g_strcmp0 (slash + 1, version) == 0;
}

/* Keeps in @templates only those that @ids name. Every id must name at least
 * one template: a typo should not silently export nothing. */
static gboolean
select_templates (GPtrArray           *templates,
                  const char * const  *ids,
                  GError             **error)
{
  for (guint i = 0; ids[i] != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < templates->len; j++)
        found |= template_matches (g_ptr_array_index (templates, j), ids[i]);
      if (!found)
        {
          g_autofree char *quoted = ma_quote_value (ids[i]);

          g_set_error (error, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_INVALID,
                       _("templates: %s is not a template in the database"), quoted);
          return FALSE;
        }
    }

  for (guint j = templates->len; j > 0; j--)
    {
      gboolean wanted = FALSE;

      for (guint i = 0; ids[i] != NULL && !wanted; i++)
        wanted = template_matches (g_ptr_array_index (templates, j - 1), ids[i]);
      if (!wanted)
        g_ptr_array_remove_index (templates, j - 1);
    }
  return TRUE;
}

static GBytes *
export_bundle (MaStore                      *store,
               const MaBundleExportOptions  *options,
               GPtrArray                   **out_audits,
               GError                      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root_node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *created = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
  g_autoptr(GPtrArray) audits = NULL;
  JsonObject *source = json_object_new ();
  char *text;
  gsize length;

  json_object_set_string_member (root, "format", MA_BUNDLE_FORMAT);
  json_object_set_int_member (root, "version", MA_BUNDLE_VERSION);
  json_object_set_string_member (root, "created", created);
  json_object_set_string_member (source, "device",
                                 options->device ? options->device : g_get_host_name ());
  if (options->auditor != NULL)
    json_object_set_string_member (source, "auditor", options->auditor);
  json_object_set_object_member (root, "source", source);

  if (options->directory)
    {
      g_autoptr(GPtrArray) regions = NULL;
      g_autoptr(GPtrArray) branches = NULL;
      g_autoptr(GPtrArray) employees = NULL;
      JsonArray *array;

      if ((regions = ma_store_list_regions (store, &local_error)) == NULL ||
          (branches = ma_store_list_branches (store, &local_error)) == NULL ||
          (employees = ma_store_list_employees (store, &local_error)) == NULL)
        {
          translate_store_error (local_error, error);
          return NULL;
        }
      add_list (root, "regions", regions, region_to_json);
      add_list (root, "branches", branches, branch_to_json);
      array = json_array_sized_new (employees->len);
      for (guint i = 0; i < employees->len; i++)
        json_array_add_element (array, ma_employee_to_json (g_ptr_array_index (employees, i),
                                                            options->pay_data));
      json_object_set_array_member (root, "employees", array);
    }

  if (options->templates)
    {
      g_autoptr(GPtrArray) templates = ma_store_list_templates (store, &local_error);

      if (templates == NULL)
        {
          translate_store_error (local_error, error);
          return NULL;
        }
      if (options->template_ids != NULL && !select_templates (templates, options->template_ids, error))
        return NULL;
      add_list (root, "templates", templates, template_to_json);
    }

  /* Schemes and KPI figures are pay data: a field laptop never gets them. */
  if (options->pay_data && options->schemes)
    {
      g_autoptr(GPtrArray) schemes = ma_store_list_schemes (store, &local_error);

      if (schemes == NULL)
        {
          translate_store_error (local_error, error);
          return NULL;
        }
      add_list (root, "schemes", schemes, scheme_to_json);
    }
  if (options->pay_data && options->kpis)
    {
      g_autoptr(GPtrArray) kpis = ma_store_list_kpis (store, NULL, &local_error);

      if (kpis == NULL)
        {
          translate_store_error (local_error, error);
          return NULL;
        }
      add_list (root, "kpis", kpis, kpi_to_json);
    }

  if (options->audits)
    {
      JsonArray *array;

      audits = select_audits (store, options, error);
      if (audits == NULL)
        return NULL;
      array = json_array_sized_new (audits->len);
      for (guint i = 0; i < audits->len; i++)
        json_array_add_element (array, ma_audit_to_json (g_ptr_array_index (audits, i), TRUE));
      json_object_set_array_member (root, "audits", array);
    }

  json_node_set_object (root_node, root);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root_node);
  text = json_generator_to_data (generator, &length);

  if (out_audits != NULL)
    *out_audits = audits ? g_steal_pointer (&audits)
                         : g_ptr_array_new_with_free_func ((GDestroyNotify) ma_audit_free);
  return g_bytes_new_take (text, length);
}

GBytes *
ma_bundle_export (MaStore                      *store,
                  const MaBundleExportOptions  *options,
                  GError                      **error)
{
  g_return_val_if_fail (MA_IS_STORE (store), NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return export_bundle (store, options, NULL, error);
}

gboolean
ma_bundle_export_to_file (MaStore                      *store,
                          const MaBundleExportOptions  *options,
                          const char                   *path,
                          char                        **out_sha256,
                          GError                      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GPtrArray) uuids = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sha256 = NULL;
  gsize length = 0;
  const char *data;

  g_return_val_if_fail (MA_IS_STORE (store), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = export_bundle (store, options, &audits, error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &length);
  sha256 = ma_sha256_hex (bytes);

  /* CONSISTENT: a crash leaves the old file or the new one, never half;
   * DURABLE: the file is on disk before the audits are marked exported. */
  if (!g_file_set_contents_full (path, data, (gssize) length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_IO, _("%s: %s"), path,
                   local_error->message);
      return FALSE;
    }

  uuids = g_ptr_array_new ();
  for (guint i = 0; i < audits->len; i++)
    g_ptr_array_add (uuids, ((MaAudit *) g_ptr_array_index (audits, i))->uuid);
  g_ptr_array_add (uuids, NULL);

  /* A read-only database can still be exported from; it just cannot
   * remember that it was. */
  if (audits->len > 0 && !ma_store_is_read_only (store) &&
      !ma_store_mark_exported (store, (const char * const *) uuids->pdata, sha256, &local_error))
    {
      g_set_error (error, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_STORE,
                   _("%s was written, but its audits could not be marked as exported: %s"), path,
                   local_error->message);
      return FALSE;
    }

  if (out_sha256 != NULL)
    *out_sha256 = g_steal_pointer (&sha256);
  return TRUE;
}
