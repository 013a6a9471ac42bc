/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-bundle-reader.c: bundle import (bundle-v1.md, "Import rules").
 *
 * The import runs in three passes so that a bundle is refused before the
 * database is touched whenever that can be known from the bundle alone:
 *   1. read: strict JSON, format and version, every member into model
 *      objects (member paths in every message);
 *   2. resolve: every reference against the bundle itself and the store,
 *      every audit against its template;
 *   3. write: everything in one store transaction, rolled back on the first
 *      error. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ma-bundle.h"
#include "ma-json-read.h"
#include "ma-json-strict.h"

G_DEFINE_QUARK (ma-bundle-error-quark, ma_bundle_error)

/* ---- the report ----------------------------------------------------------- */

static const char * const kind_members[MA_BUNDLE_N_KINDS] = {
  "regions", "branches", "employees", "templates", "schemes", "kpis", "audits",
};

const char *
ma_bundle_kind_to_string (MaBundleKind kind)
{
  g_return_val_if_fail (kind < MA_BUNDLE_N_KINDS, NULL);

  return kind_members[kind];
}

static void
ma_bundle_conflict_free (MaBundleConflict *self)
{
  if (self == NULL)
    return;
  g_free (self->uuid);
  g_free (self->path);
  g_free (self->reason);
  g_free (self);
}

static MaBundleReport *
ma_bundle_report_new (void)
{
  MaBundleReport *self = g_new0 (MaBundleReport, 1);

  self->conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_bundle_conflict_free);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
ma_bundle_report_free (MaBundleReport *self)
{
  if (self == NULL)
    return;
  g_free (self->file_name);
  g_free (self->sha256);
  g_free (self->created);
  g_free (self->source_device);
  g_free (self->source_auditor);
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_clear_error (&self->refusal);
  g_free (self);
}

char *
ma_bundle_report_to_string (const MaBundleReport *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  for (guint kind = 0; kind < MA_BUNDLE_N_KINDS; kind++)
    {
      const MaBundleCounts *c = &self->counts[kind];

      if (c->added + c->updated + c->identical == 0)
        continue;
      /* TRANSLATORS: "audits: 2 added, 1 updated, 3 identical" */
      g_string_append_printf (text, _("%s: %u added, %u updated, %u identical; "),
                              kind_members[kind], c->added, c->updated, c->identical);
    }
  if (text->len == 0)
    g_string_append (text, _("nothing to import; "));
  if (self->approved > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u audit approved; ",
                                               "%u audits approved; ", self->approved),
                            self->approved);
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u conflict; ", "%u conflicts; ",
                                             self->conflicts->len),
                          self->conflicts->len);
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings",
                                             self->warnings->len),
                          self->warnings->len);
  return g_string_free (text, FALSE);
}

/* ---- errors --------------------------------------------------------------- */

/* The messages of the model readers and the strict scanner begin with the
 * member path already; only the domain changes, so that callers see one. */
static void
translate_error (GError  *from,
                 GError **error)
{
  MaBundleError code = MA_BUNDLE_ERROR_INVALID;

  if (from->domain == MA_JSON_ERROR)
    {
      switch (from->code)
        {
        case MA_JSON_ERROR_TOO_LARGE:
        case MA_JSON_ERROR_TOO_DEEP:
        case MA_JSON_ERROR_STRING_TOO_LONG:
          code = MA_BUNDLE_ERROR_LIMIT;
          break;
        default:
          code = MA_BUNDLE_ERROR_SYNTAX;
          break;
        }
    }
  else if (from->domain == MA_MODEL_ERROR && from->code == MA_MODEL_ERROR_UNKNOWN)
    code = MA_BUNDLE_ERROR_REFERENCE;
  else if (from->domain == MA_STORE_ERROR)
    {
      switch (from->code)
        {
        case MA_STORE_ERROR_IMMUTABLE:
        case MA_STORE_ERROR_CONFLICT:
          code = MA_BUNDLE_ERROR_CONFLICT;
          break;
        case MA_STORE_ERROR_NOT_FOUND:
          code = MA_BUNDLE_ERROR_REFERENCE;
          break;
        case MA_STORE_ERROR_INVALID:
        case MA_STORE_ERROR_CLOSED:
          code = MA_BUNDLE_ERROR_INVALID;
          break;
        default:
          code = MA_BUNDLE_ERROR_STORE;
          break;
        }
    }
  g_set_error_literal (error, MA_BUNDLE_ERROR, code, from->message);
}

/* A store error on the way in, prefixed with the path of the member being
 * written so that the message still names the place in the bundle. */
static void
translate_store_error (GError     *from,
                       const char *path,
                       GError    **error)
{
  translate_error (from, error);
  if (error != NULL && *error != NULL && path != NULL)
    g_prefix_error (error, "%s: ", path);
}

/* ---- the import ----------------------------------------------------------- */

typedef struct {
  MaStore                     *store;
  const MaBundleImportOptions *options;
  /* Roll back at the end instead of committing (options->dry_run, but not
   * for one file of a set, whose caller rolls back the set). */
  gboolean    roll_back;
  /* Leave the import log alone (a dry run). */
  gboolean    no_log;
  MaBundleReport              *report;

  /* What the bundle brings, in bundle order, with their member paths. */
  GPtrArray  *regions;     /* of MaRegion */
  GPtrArray  *branches;    /* of MaBranch */
  GPtrArray  *employees;   /* of MaEmployee */
  GArray     *employee_pay;/* of gboolean: whether base_pay was given */
  GPtrArray  *templates;   /* of MaTemplate */
  GPtrArray  *schemes;     /* of MaScheme */
  GPtrArray  *kpis;        /* of MaKpi */
  GPtrArray  *audits;      /* of MaAudit */

  /* Codes and keys the bundle defines, to resolve references. */
  GHashTable *bundle_regions;    /* code -> index */
  GHashTable *bundle_branches;
  GHashTable *bundle_employees;
  GHashTable *bundle_templates;  /* "key\nversion" -> MaTemplate (borrowed) */
  GHashTable *bundle_template_keys;

  /* What the store has: looked up once. */
  GHashTable *store_regions;     /* set of codes */
  GHashTable *store_branches;
  GHashTable *store_employees;   /* code -> MaEmployee (owned by store_employee_list) */
  GHashTable *store_templates;   /* "key\nversion" -> MaTemplate (owned by the list) */
  GHashTable *store_template_keys;
  GPtrArray  *store_employee_list;
  GPtrArray  *store_template_list;
} Import;

static void
import_clear (Import *self)
{
  g_clear_pointer (&self->regions, g_ptr_array_unref);
  g_clear_pointer (&self->branches, g_ptr_array_unref);
  g_clear_pointer (&self->employees, g_ptr_array_unref);
  g_clear_pointer (&self->employee_pay, g_array_unref);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->schemes, g_ptr_array_unref);
  g_clear_pointer (&self->kpis, g_ptr_array_unref);
  g_clear_pointer (&self->audits, g_ptr_array_unref);
  g_clear_pointer (&self->bundle_regions, g_hash_table_unref);
  g_clear_pointer (&self->bundle_branches, g_hash_table_unref);
  g_clear_pointer (&self->bundle_employees, g_hash_table_unref);
  g_clear_pointer (&self->bundle_templates, g_hash_table_unref);
  g_clear_pointer (&self->bundle_template_keys, g_hash_table_unref);
  g_clear_pointer (&self->store_regions, g_hash_table_unref);
  g_clear_pointer (&self->store_branches, g_hash_table_unref);
  g_clear_pointer (&self->store_employees, g_hash_table_unref);
  g_clear_pointer (&self->store_templates, g_hash_table_unref);
  g_clear_pointer (&self->store_template_keys, g_hash_table_unref);
  g_clear_pointer (&self->store_employee_list, g_ptr_array_unref);
  g_clear_pointer (&self->store_template_list, g_ptr_array_unref);
  g_clear_pointer (&self->report, ma_bundle_report_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Import, import_clear)

static char *
versioned_key (const char *key,
               gint64      version)
{
  return g_strdup_printf ("%s\n%" G_GINT64_FORMAT, key, version);
}

static char *
kind_path (MaBundleKind kind,
           guint        index)
{
  return ma_path_index (kind_members[kind], index);
}

/* ---- pass 1: read ----------------------------------------------------------- */

static const char * const top_members[] = {
  "format", "version", "created", "source",
  "regions", "branches", "employees", "templates", "schemes", "kpis", "audits",
  NULL
};
static const char * const source_members[] = { "device", "auditor", NULL };

static gboolean
read_header (Import      *self,
             JsonObject  *root,
             GError     **error)
{
  g_autofree char *format = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *source;
  gint64 version = 0;

  /* The format first: a document that is not a bundle at all gets that
   * answer, not a complaint about its version. */
  if (!json_object_has_member (root, "format"))
    {
      g_set_error (error, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_FORMAT,
                   _("format: missing; this is not an audit bundle (expected \"format\": \"%s\")"),
                   MA_BUNDLE_FORMAT);
      return FALSE;
    }
  if (!ma_json_read_string (root, "", "format", TRUE, &format, &local_error))
    {
      g_set_error (error, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_FORMAT, "%s", local_error->message);
      return FALSE;
    }
  if (g_strcmp0 (format, MA_BUNDLE_FORMAT) != 0)
    {
      g_set_error (error, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_FORMAT,
                   _("format: \"%s\" is not an audit bundle (expected \"%s\")"),
                   format, MA_BUNDLE_FORMAT);
      return FALSE;
    }

  if (!ma_json_read_int (root, "", "version", TRUE, G_MININT64, G_MAXINT64, &version, NULL,
                         &local_error))
    {
      g_set_error (error, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_VERSION, "%s", local_error->message);
      return FALSE;
    }
  if (version > MA_BUNDLE_VERSION)
    {
      g_set_error (error, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_VERSION,
                   _("version: the bundle has format version %" PRId64
                     ", made by a newer version of the app; this one reads version %d. "
                     "Update the app to import it"),
                   version, MA_BUNDLE_VERSION);
      return FALSE;
    }
  if (version < 1)
    {
      g_set_error (error, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_VERSION,
                   _("version: %" PRId64 " is not a bundle format version"), version);
      return FALSE;
    }

  ma_json_warn_unknown (root, "", top_members, self->report->warnings);
  if (!ma_json_read_string (root, "", "created", FALSE, &self->report->created, &local_error))
    {
      translate_error (local_error, error);
      return FALSE;
    }
  if (json_object_has_member (root, "source"))
    {
      source = ma_json_read_object (root, "", "source", TRUE, &local_error);
      if (source == NULL)
        {
          translate_error (local_error, error);
          return FALSE;
        }
      ma_json_warn_unknown (source, "source", source_members, self->report->warnings);
      if (!ma_json_read_string (source, "source", "device", FALSE, &self->report->source_device,
                                &local_error) ||
          !ma_json_read_string (source, "source", "auditor", FALSE,
                                &self->report->source_auditor, &local_error))
        {
          translate_error (local_error, error);
          return FALSE;
        }
    }
  return TRUE;
}

typedef gpointer (*FromJsonFunc) (JsonObject *object, const char *path, GPtrArray *warnings,
                                  GError **error);

/* Reads the list @kind of the bundle (absent: empty) into @out. */
static gboolean
read_list (Import        *self,
           JsonObject    *root,
           MaBundleKind   kind,
           FromJsonFunc   from_json,
           GPtrArray     *out,
           GError       **error)
{
  const char *member = kind_members[kind];
  g_autoptr(GError) local_error = NULL;
  JsonArray *array;

  if (!json_object_has_member (root, member))
    return TRUE;
  array = ma_json_read_array (root, "", member, TRUE, &local_error);
  if (array == NULL)
    {
      translate_error (local_error, error);
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = kind_path (kind, i);
      JsonObject *object = ma_json_array_get_object (array, member, i, &local_error);
      gpointer item;

      if (object == NULL ||
          (item = from_json (object, path, self->report->warnings, &local_error)) == NULL)
        {
          /* A reader that fails without saying why is a bug there; the
           * bundle is still refused, with its path. */
          if (local_error == NULL)
            g_set_error (&local_error, MA_MODEL_ERROR, MA_MODEL_ERROR_INVALID,
                         _("%s: could not be read"), path);
          translate_error (local_error, error);
          return FALSE;
        }
      g_ptr_array_add (out, item);

      if (kind == MA_BUNDLE_KIND_EMPLOYEE)
        {
          /* A bundle from a field laptop carries no pay data; its employees
           * must not wipe the office's. */
          gboolean has_pay = json_object_has_member (object, "base_pay");

          g_array_append_val (self->employee_pay, has_pay);
        }
    }
  return TRUE;
}

/* Calls through a pointer of another type are undefined: one wrapper each. */
#define DEFINE_READER(name, func) \
  static gpointer name (JsonObject *o, const char *p, GPtrArray *w, GError **e) \
  { return func (o, p, w, e); }
DEFINE_READER (read_region, ma_region_from_json)
DEFINE_READER (read_branch, ma_branch_from_json)
DEFINE_READER (read_employee, ma_employee_from_json)
DEFINE_READER (read_template, ma_template_from_json)
DEFINE_READER (read_scheme, ma_scheme_from_json)
DEFINE_READER (read_kpi, ma_kpi_from_json)
DEFINE_READER (read_audit, ma_audit_from_json)
#undef DEFINE_READER

static gboolean
read_lists (Import      *self,
            JsonObject  *root,
            GError     **error)
{
  return read_list (self, root, MA_BUNDLE_KIND_REGION, read_region,
                    self->regions, error) &&
         read_list (self, root, MA_BUNDLE_KIND_BRANCH, read_branch,
                    self->branches, error) &&
         read_list (self, root, MA_BUNDLE_KIND_EMPLOYEE, read_employee,
                    self->employees, error) &&
         read_list (self, root, MA_BUNDLE_KIND_TEMPLATE, read_template,
                    self->templates, error) &&
         read_list (self, root, MA_BUNDLE_KIND_SCHEME, read_scheme,
                    self->schemes, error) &&
         read_list (self, root, MA_BUNDLE_KIND_KPI, read_kpi,
                    self->kpis, error) &&
         read_list (self, root, MA_BUNDLE_KIND_AUDIT, read_audit,
                    self->audits, error);
}

/* ---- pass 2: resolve ---------------------------------------------------------- */

/* Two entries with the same identity in one bundle: which one is meant? The
 * spec names audits; the same ambiguity for the directory, templates,
 * schemes and KPI figures is refused the same way. */
static gboolean
index_unique (GHashTable   *table,
              char         *key,          /* taken */
              MaBundleKind  kind,
              guint         index,
              const char   *member,
              const char   *what,
              GError      **error)
{
  gpointer first;

  if (g_hash_table_lookup_extended (table, key, NULL, &first))
    {
      g_autofree char *path = kind_path (kind, index);
      g_autofree char *first_path = kind_path (kind, GPOINTER_TO_UINT (first));
      g_autofree char *shown = g_strdelimit (g_strdup (key), "\n", ' ');

      g_set_error (error, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_CONFLICT,
                   _("%s%s%s: %s \"%s\" appears twice in the bundle (also at %s)"),
                   path, member ? "." : "", member ? member : "", what, shown, first_path);
      g_free (key);
      return FALSE;
    }
  g_hash_table_insert (table, key, GUINT_TO_POINTER (index));
  return TRUE;
}

static gboolean
index_bundle (Import  *self,
              GError **error)
{
  for (guint i = 0; i < self->regions->len; i++)
    {
      const MaRegion *r = g_ptr_array_index (self->regions, i);
      if (!index_unique (self->bundle_regions, g_strdup (r->code), MA_BUNDLE_KIND_REGION, i,
                         "code", _("region"), error))
        return FALSE;
    }
  for (guint i = 0; i < self->branches->len; i++)
    {
      const MaBranch *b = g_ptr_array_index (self->branches, i);
      if (!index_unique (self->bundle_branches, g_strdup (b->code), MA_BUNDLE_KIND_BRANCH, i,
                         "code", _("branch"), error))
        return FALSE;
    }
  for (guint i = 0; i < self->employees->len; i++)
    {
      const MaEmployee *e = g_ptr_array_index (self->employees, i);
      if (!index_unique (self->bundle_employees, g_strdup (e->code), MA_BUNDLE_KIND_EMPLOYEE, i,
                         "code", _("employee"), error))
        return FALSE;
    }
  {
    g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    for (guint i = 0; i < self->templates->len; i++)
      {
        MaTemplate *t = g_ptr_array_index (self->templates, i);
        if (!index_unique (seen, versioned_key (t->key, t->version), MA_BUNDLE_KIND_TEMPLATE, i,
                           NULL, _("template version"), error))
          return FALSE;
        g_hash_table_insert (self->bundle_templates, versioned_key (t->key, t->version), t);
        g_hash_table_add (self->bundle_template_keys, g_strdup (t->key));
      }
  }
  {
    g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    for (guint i = 0; i < self->schemes->len; i++)
      {
        const MaScheme *s = g_ptr_array_index (self->schemes, i);
        if (!index_unique (seen, versioned_key (s->key, s->version), MA_BUNDLE_KIND_SCHEME, i,
                           NULL, _("scheme version"), error))
          return FALSE;
      }
  }
  {
    g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    for (guint i = 0; i < self->kpis->len; i++)
      {
        const MaKpi *k = g_ptr_array_index (self->kpis, i);
        if (!index_unique (seen, g_strdup_printf ("%s %s %s", k->employee, k->period, k->component),
                           MA_BUNDLE_KIND_KPI, i, NULL, _("KPI figure"), error))
          return FALSE;
      }
  }
  {
    g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    for (guint i = 0; i < self->audits->len; i++)
      {
        const MaAudit *a = g_ptr_array_index (self->audits, i);
        if (!index_unique (seen, g_strdup (a->uuid), MA_BUNDLE_KIND_AUDIT, i, "uuid", _("audit"),
                           error))
          return FALSE;
      }
  }
  return TRUE;
}

static gboolean
load_store (Import  *self,
            GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) regions = NULL;
  g_autoptr(GPtrArray) branches = NULL;

  if ((regions = ma_store_list_regions (self->store, &local_error)) == NULL ||
      (branches = ma_store_list_branches (self->store, &local_error)) == NULL ||
      (self->store_employee_list = ma_store_list_employees (self->store, &local_error)) == NULL ||
      (self->store_template_list = ma_store_list_templates (self->store, &local_error)) == NULL)
    {
      translate_error (local_error, error);
      return FALSE;
    }

  for (guint i = 0; i < regions->len; i++)
    g_hash_table_add (self->store_regions,
                      g_strdup (((const MaRegion *) g_ptr_array_index (regions, i))->code));
  for (guint i = 0; i < branches->len; i++)
    g_hash_table_add (self->store_branches,
                      g_strdup (((const MaBranch *) g_ptr_array_index (branches, i))->code));
  for (guint i = 0; i < self->store_employee_list->len; i++)
    {
      MaEmployee *e = g_ptr_array_index (self->store_employee_list, i);
      g_hash_table_insert (self->store_employees, g_strdup (e->code), e);
    }
  for (guint i = 0; i < self->store_template_list->len; i++)
    {
      MaTemplate *t = g_ptr_array_index (self->store_template_list, i);
      g_hash_table_insert (self->store_templates, versioned_key (t->key, t->version), t);
      g_hash_table_add (self->store_template_keys, g_strdup (t->key));
    }
  return TRUE;
}

static gboolean
set_reference_error (GError     **error,
                     const char  *path,
                     const char  *member,
                     const char  *message)
{
  g_set_error (error, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_REFERENCE, "%s.%s: %s", path, member,
               message);
  return FALSE;
}

static gboolean
check_region (Import *self, const char *code, const char *path, const char *member, GError **error)
{
  g_autofree char *message = NULL;

  if (code == NULL || g_hash_table_contains (self->bundle_regions, code) ||
      g_hash_table_contains (self->store_regions, code))
    return TRUE;
  message = g_strdup_printf (_("region \"%s\" is not in the directory or the bundle"), code);
  return set_reference_error (error, path, member, message);
}

static gboolean
check_branch (Import *self, const char *code, const char *path, const char *member, GError **error)
{
  g_autofree char *message = NULL;

  if (code == NULL || g_hash_table_contains (self->bundle_branches, code) ||
      g_hash_table_contains (self->store_branches, code))
    return TRUE;
  message = g_strdup_printf (_("branch \"%s\" is not in the directory or the bundle"), code);
  return set_reference_error (error, path, member, message);
}

static gboolean
check_employee (Import *self, const char *code, const char *path, const char *member, GError **error)
{
  g_autofree char *message = NULL;

  if (code == NULL || g_hash_table_contains (self->bundle_employees, code) ||
      g_hash_table_contains (self->store_employees, code))
    return TRUE;
  message = g_strdup_printf (_("employee \"%s\" is not in the directory or the bundle"), code);
  return set_reference_error (error, path, member, message);
}

/* The template an audit was filled in with: the bundle's own copy if it
 * brings one (if that differs from the store's, the write refuses the
 * bundle), else the store's. */
static const MaTemplate *
find_template (Import      *self,
               const char  *key,
               gint64       version)
{
  g_autofree char *vkey = versioned_key (key, version);
  const MaTemplate *t = g_hash_table_lookup (self->bundle_templates, vkey);

  return t != NULL ? t : g_hash_table_lookup (self->store_templates, vkey);
}

static gboolean
resolve (Import  *self,
         GError **error)
{
  g_autoptr(GError) local_error = NULL;

  for (guint i = 0; i < self->branches->len; i++)
    {
      const MaBranch *b = g_ptr_array_index (self->branches, i);
      g_autofree char *path = kind_path (MA_BUNDLE_KIND_BRANCH, i);

      if (!check_region (self, b->region, path, "region", error))
        return FALSE;
    }
  for (guint i = 0; i < self->employees->len; i++)
    {
      const MaEmployee *e = g_ptr_array_index (self->employees, i);
      g_autofree char *path = kind_path (MA_BUNDLE_KIND_EMPLOYEE, i);

      if (!check_branch (self, e->branch, path, "branch", error))
        return FALSE;
    }
  for (guint i = 0; i < self->kpis->len; i++)
    {
      const MaKpi *k = g_ptr_array_index (self->kpis, i);
      g_autofree char *path = kind_path (MA_BUNDLE_KIND_KPI, i);

      if (!check_employee (self, k->employee, path, "employee", error))
        return FALSE;
    }

  for (guint i = 0; i < self->audits->len; i++)
    {
      const MaAudit *a = g_ptr_array_index (self->audits, i);
      g_autofree char *path = kind_path (MA_BUNDLE_KIND_AUDIT, i);
      const MaTemplate *t = find_template (self, a->template_key, a->template_version);

      if (t == NULL)
        {
          g_autofree char *message = NULL;
          gboolean key_known = g_hash_table_contains (self->bundle_template_keys, a->template_key) ||
                               g_hash_table_contains (self->store_template_keys, a->template_key);

          message = g_strdup_printf (key_known ? _("template \"%s\" has no version %" PRId64
                                                   " in the database or the bundle")
                                               : _("template \"%s\" (version %" PRId64
                                                   ") is not in the database or the bundle"),
                                     a->template_key, a->template_version);
          return set_reference_error (error, path, key_known ? "template_version" : "template",
                                      message);
        }
      if (t->status == MA_TEMPLATE_DRAFT)
        {
          g_set_error (error, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_INVALID,
                       _("%s.template_version: template \"%s\" version %" PRId64
                         " is a draft; audits are filled in against published versions only"),
                       path, a->template_key, a->template_version);
          return FALSE;
        }
      if (!check_branch (self, a->branch, path, "branch", error) ||
          !check_employee (self, a->employee, path, "employee", error))
        return FALSE;
      if (!ma_audit_check (a, t, path, &local_error))
        {
          translate_error (local_error, error);
          return FALSE;
        }
    }
  return TRUE;
}

/* ---- pass 3: write ------------------------------------------------------------ */

static void
count (Import        *self,
       MaBundleKind   kind,
       MaSaveOutcome  outcome)
{
  MaBundleCounts *c = &self->report->counts[kind];

  switch (outcome)
    {
    case MA_SAVE_ADDED:
      c->added++;
      break;
    case MA_SAVE_UPDATED:
      c->updated++;
      break;
    case MA_SAVE_IDENTICAL:
    default:
      c->identical++;
      break;
    }
}

static void
add_conflict (Import        *self,
              const MaAudit *audit,
              const char    *path,
              char          *reason)  /* taken */
{
  MaBundleConflict *conflict = g_new0 (MaBundleConflict, 1);

  conflict->uuid = g_strdup (audit->uuid);
  conflict->path = g_strdup (path);
  conflict->reason = reason;
  g_ptr_array_add (self->report->conflicts, conflict);
}

/* Compares two ISO 8601 times with offsets as times: "12:00+03:00" is
 * before "10:00Z". Returns FALSE when either cannot be read. */
static gboolean
compare_times (const char *a,
               const char *b,
               int        *order)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) ta = a ? g_date_time_new_from_iso8601 (a, utc) : NULL;
  g_autoptr(GDateTime) tb = b ? g_date_time_new_from_iso8601 (b, utc) : NULL;

  if (ta == NULL || tb == NULL)
    return FALSE;
  *order = g_date_time_compare (ta, tb);
  return TRUE;
}

static gboolean
same_content (const MaAudit *a,
              const MaAudit *b)
{
  g_autofree char *ca = ma_audit_to_canonical (a);
  g_autofree char *cb = ma_audit_to_canonical (b);

  return g_strcmp0 (ca, cb) == 0;
}

static const char *
who_for (Import        *self,
         const MaAudit *audit)
{
  if (self->options != NULL && self->options->who != NULL && *self->options->who != '\0')
    return self->options->who;
  return audit->auditor;
}

static gboolean
approve (Import        *self,
         const MaAudit *audit,
         const char    *path,
         GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!ma_store_set_audit_status (self->store, audit->uuid, MA_AUDIT_APPROVED, who_for (self, audit),
                                  NULL, &local_error))
    {
      translate_store_error (local_error, path, error);
      return FALSE;
    }
  self->report->approved++;
  return TRUE;
}

/* Writes @audit (already checked against its template) by the rules of the
 * spec: identical copies are skipped, approved and voided audits in the
 * database are never replaced, otherwise the newer "modified" wins. */
static gboolean
write_audit (Import        *self,
             const MaAudit *audit,
             const char    *path,
             const char    *why,
             GError       **error)
{
  gboolean approve_it = self->options != NULL && self->options->approve_audits &&
                        audit->status == MA_AUDIT_SUBMITTED;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(MaAudit) existing = NULL;
  g_autoptr(MaAudit) to_save = NULL;
  MaSaveOutcome outcome = MA_SAVE_IDENTICAL;
  int order = 0;

  existing = ma_store_get_audit (self->store, audit->uuid, &local_error);
  if (existing == NULL && !g_error_matches (local_error, MA_STORE_ERROR, MA_STORE_ERROR_NOT_FOUND))
    {
      translate_store_error (local_error, path, error);
      return FALSE;
    }
  g_clear_error (&local_error);

  if (existing != NULL)
    {
      if (same_content (audit, existing))
        {
          count (self, MA_BUNDLE_KIND_AUDIT, MA_SAVE_IDENTICAL);
          if (approve_it)
            return approve (self, audit, path, error);
          return TRUE;
        }

      /* With approve_audits, a bundle imported again after its audits were
       * approved on the first import is the same bundle: nothing to do. */
      if (approve_it && existing->status == MA_AUDIT_APPROVED)
        {
          g_autoptr(MaAudit) as_approved = ma_audit_copy (audit);

          as_approved->status = MA_AUDIT_APPROVED;
          if (same_content (as_approved, existing))
            {
              count (self, MA_BUNDLE_KIND_AUDIT, MA_SAVE_IDENTICAL);
              return TRUE;
            }
        }

      if (existing->status == MA_AUDIT_APPROVED || existing->status == MA_AUDIT_VOIDED)
        {
          add_conflict (self, audit, path,
                        g_strdup_printf (_("audit %s is %s in the database and is not overwritten"),
                                         audit->uuid, ma_audit_status_word (existing->status)));
          return TRUE;
        }

      if (!compare_times (audit->modified, existing->modified, &order))
        {
          add_conflict (self, audit, path,
                        g_strdup_printf (_("the modification times \"%s\" (bundle) and \"%s\" "
                                           "(database) cannot be compared; the database copy is kept"),
                                         audit->modified ? audit->modified : "",
                                         existing->modified ? existing->modified : ""));
          return TRUE;
        }
      if (order < 0)
        {
          add_conflict (self, audit, path,
                        g_strdup_printf (_("the copy in the bundle (modified %s) is older than the "
                                           "one in the database (modified %s); the database copy is kept"),
                                         audit->modified, existing->modified));
          return TRUE;
        }
      if (order == 0)
        {
          add_conflict (self, audit, path,
                        g_strdup_printf (_("the copy in the bundle differs from the one in the "
                                           "database but has the same modification time (%s); "
                                           "the database copy is kept"),
                                         audit->modified));
          return TRUE;
        }

      /* A draft in the database cannot become approved in one step (the
       * life cycle goes through submitted): take the step the audit took
       * elsewhere, then approve. */
      if (existing->status == MA_AUDIT_DRAFT && audit->status == MA_AUDIT_APPROVED)
        {
          to_save = ma_audit_copy (audit);
          to_save->status = MA_AUDIT_SUBMITTED;
        }
    }

  if (!ma_store_save_audit (self->store, to_save ? to_save : audit, who_for (self, audit), why,
                            &outcome, &local_error))
    {
      translate_store_error (local_error, path, error);
      return FALSE;
    }
  if (to_save != NULL &&
      !ma_store_set_audit_status (self->store, audit->uuid, MA_AUDIT_APPROVED, who_for (self, audit),
                                  NULL, &local_error))
    {
      translate_store_error (local_error, path, error);
      return FALSE;
    }
  count (self, MA_BUNDLE_KIND_AUDIT, outcome);
  if (approve_it)
    return approve (self, audit, path, error);
  return TRUE;
}

static gboolean
write_all (Import      *self,
           const char  *file_name,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *why = g_strdup_printf (_("imported from %s"), file_name);
  MaSaveOutcome outcome;

  for (guint i = 0; i < self->regions->len; i++)
    {
      g_autofree char *path = kind_path (MA_BUNDLE_KIND_REGION, i);

      if (!ma_store_save_region (self->store, g_ptr_array_index (self->regions, i), &outcome,
                                 &local_error))
        {
          translate_store_error (local_error, path, error);
          return FALSE;
        }
      count (self, MA_BUNDLE_KIND_REGION, outcome);
    }
  for (guint i = 0; i < self->branches->len; i++)
    {
      g_autofree char *path = kind_path (MA_BUNDLE_KIND_BRANCH, i);

      if (!ma_store_save_branch (self->store, g_ptr_array_index (self->branches, i), &outcome,
                                 &local_error))
        {
          translate_store_error (local_error, path, error);
          return FALSE;
        }
      count (self, MA_BUNDLE_KIND_BRANCH, outcome);
    }
  for (guint i = 0; i < self->employees->len; i++)
    {
      const MaEmployee *e = g_ptr_array_index (self->employees, i);
      const MaEmployee *known = g_hash_table_lookup (self->store_employees, e->code);
      g_autofree char *path = kind_path (MA_BUNDLE_KIND_EMPLOYEE, i);
      g_autoptr(MaEmployee) merged = NULL;

      if (!g_array_index (self->employee_pay, gboolean, i) && known != NULL)
        {
          merged = ma_employee_copy (e);
          merged->base_pay = known->base_pay;
          g_free (merged->currency);
          merged->currency = g_strdup (known->currency);
        }
      if (!ma_store_save_employee (self->store, merged ? merged : e, &outcome, &local_error))
        {
          translate_store_error (local_error, path, error);
          return FALSE;
        }
      count (self, MA_BUNDLE_KIND_EMPLOYEE, outcome);
    }
  for (guint i = 0; i < self->templates->len; i++)
    {
      g_autofree char *path = kind_path (MA_BUNDLE_KIND_TEMPLATE, i);

      if (!ma_store_save_template (self->store, g_ptr_array_index (self->templates, i), &outcome,
                                   &local_error))
        {
          translate_store_error (local_error, path, error);
          return FALSE;
        }
      count (self, MA_BUNDLE_KIND_TEMPLATE, outcome);
    }
  for (guint i = 0; i < self->schemes->len; i++)
    {
      g_autofree char *path = kind_path (MA_BUNDLE_KIND_SCHEME, i);

      if (!ma_store_save_scheme (self->store, g_ptr_array_index (self->schemes, i), &outcome,
                                 &local_error))
        {
          translate_store_error (local_error, path, error);
          return FALSE;
        }
      count (self, MA_BUNDLE_KIND_SCHEME, outcome);
    }
  for (guint i = 0; i < self->kpis->len; i++)
    {
      g_autofree char *path = kind_path (MA_BUNDLE_KIND_KPI, i);

      if (!ma_store_save_kpi (self->store, g_ptr_array_index (self->kpis, i), &outcome,
                              &local_error))
        {
          translate_store_error (local_error, path, error);
          return FALSE;
        }
      count (self, MA_BUNDLE_KIND_KPI, outcome);
    }
  for (guint i = 0; i < self->audits->len; i++)
    {
      g_autofree char *path = kind_path (MA_BUNDLE_KIND_AUDIT, i);

      if (!write_audit (self, g_ptr_array_index (self->audits, i), path, why, error))
        return FALSE;
    }

  if (self->no_log)
    return TRUE;

  {
    g_autofree char *summary = ma_bundle_report_to_string (self->report);

    /* Inside the transaction: the log says "imported" only if it was. */
    if (!ma_store_add_import_log (self->store, file_name, self->report->sha256, "imported", summary,
                                  &local_error))
      {
        translate_error (local_error, error);
        return FALSE;
      }
  }
  return TRUE;
}

/* ---- entry points ------------------------------------------------------------- */

static void
import_init (Import                      *self,
             MaStore                     *store,
             const MaBundleImportOptions *options)
{
  memset (self, 0, sizeof *self);
  self->store = store;
  self->options = options;
  self->roll_back = self->no_log = options != NULL && options->dry_run;
  self->report = ma_bundle_report_new ();
  self->regions = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_region_free);
  self->branches = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_branch_free);
  self->employees = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_employee_free);
  self->employee_pay = g_array_new (FALSE, FALSE, sizeof (gboolean));
  self->templates = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_template_free);
  self->schemes = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_scheme_free);
  self->kpis = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_kpi_free);
  self->audits = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_audit_free);
  self->bundle_regions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->bundle_branches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->bundle_employees = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->bundle_templates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->bundle_template_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->store_regions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->store_branches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->store_employees = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->store_templates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->store_template_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* The refusal goes into the import log after the rollback, in its own
 * write, so that the log keeps it while the data stays as it was. */
static void
log_refusal (MaStore     *store,
             const char  *file_name,
             const char  *sha256,
             const GError *refusal)
{
  g_autoptr(GError) local_error = NULL;

  /* A store that cannot take the log entry (read-only, broken) cannot
   * take the bundle either; the refusal is what the caller must see. */
  if (!ma_store_add_import_log (store, file_name, sha256, "refused", refusal->message, &local_error))
    g_debug ("Could not log the refusal of %s: %s", file_name, local_error->message);
}

static gboolean
run_import (Import      *self,
            GBytes      *bytes,
            const char  *file_name,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  root = ma_json_strict_parse (data ? data : "", size, NULL, &local_error);
  if (root == NULL)
    {
      translate_error (local_error, error);
      return FALSE;
    }
  if (!read_header (self, json_node_get_object (root), error) ||
      !read_lists (self, json_node_get_object (root), error))
    return FALSE;
  /* The model holds everything from here on. The tree of a large bundle is
   * most of the memory of an import (a gigabyte for 20 000 audits): freed
   * now, the writes reuse it instead of asking the system for more. */
  g_clear_pointer (&root, json_node_unref);
  if (!index_bundle (self, error) ||
      !load_store (self, error) ||
      !resolve (self, error))
    return FALSE;

  if (!ma_store_begin (self->store, &local_error))
    {
      translate_error (local_error, error);
      return FALSE;
    }
  if (!write_all (self, file_name, error))
    {
      ma_store_rollback (self->store);
      return FALSE;
    }
  /* Everything a real import checks has been checked, in the store too
   * (constraints, closed periods): the report is the real one. */
  if (self->roll_back)
    {
      ma_store_rollback (self->store);
      return TRUE;
    }
  if (!ma_store_commit (self->store, &local_error))
    {
      translate_error (local_error, error);
      return FALSE;
    }
  return TRUE;
}

MaBundleReport *
ma_bundle_import_bytes (MaStore                      *store,
                        GBytes                       *bytes,
                        const char                   *file_name,
                        const MaBundleImportOptions  *options,
                        GError                      **error)
{
  g_auto(Import) import = { 0 };
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (MA_IS_STORE (store), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (file_name == NULL)
    file_name = "";
  import_init (&import, store, options);
  import.report->file_name = g_strdup (file_name);
  import.report->sha256 = ma_sha256_hex (bytes);

  if (!run_import (&import, bytes, file_name, &local_error))
    {
      if (options == NULL || !options->dry_run)
        log_refusal (store, file_name, import.report->sha256, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&import.report);
}

/* The bytes of the bundle file at @path; a file over the size limit is
 * refused before it is read. */
static GBytes *
read_bundle_file (const char  *path,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  MaJsonLimits limits;
  GStatBuf st;

  ma_json_limits_init_default (&limits);
  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_IO, _("%s: %s"), path,
                   g_strerror (saved_errno));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_IO, _("%s: not a regular file"), path);
      return NULL;
    }
  if ((guint64) st.st_size > (guint64) limits.max_bytes)
    {
      g_autofree char *size = g_format_size ((guint64) st.st_size);
      g_autofree char *limit = g_format_size (limits.max_bytes);

      /* Refused by its size alone: a bundle this large is not read at all. */
      g_set_error (error, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_LIMIT,
                   _("%s: the file is %s, over the limit of %s for a bundle"), path, size, limit);
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_IO, "%s", local_error->message);
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

MaBundleReport *
ma_bundle_import_file (MaStore                      *store,
                       const char                   *path,
                       const MaBundleImportOptions  *options,
                       GError                      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (MA_IS_STORE (store), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = read_bundle_file (path, &local_error);
  if (bytes == NULL)
    {
      if (options == NULL || !options->dry_run)
        log_refusal (store, path, NULL, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return ma_bundle_import_bytes (store, bytes, path, options, error);
}

/* One file of a set: its report, with the refusal in it when refused. */
static MaBundleReport *
import_one_of_many (MaStore                     *store,
                    const char                  *path,
                    const MaBundleImportOptions *options)
{
  g_auto(Import) import = { 0 };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  MaBundleReport *refused;

  import_init (&import, store, options);
  import.roll_back = FALSE;
  import.report->file_name = g_strdup (path);
  bytes = read_bundle_file (path, &local_error);
  if (bytes != NULL)
    {
      import.report->sha256 = ma_sha256_hex (bytes);
      if (run_import (&import, bytes, path, &local_error))
        return g_steal_pointer (&import.report);
    }

  /* Counts made before the refusal were rolled back with it. */
  refused = ma_bundle_report_new ();
  refused->file_name = g_strdup (path);
  refused->sha256 = g_steal_pointer (&import.report->sha256);
  refused->refusal = g_steal_pointer (&local_error);
  return refused;
}

gboolean
ma_bundle_import_many (MaStore                      *store,
                       const char * const           *paths,
                       const MaBundleImportOptions  *options,
                       GPtrArray                   **reports_out,
                       GError                      **error)
{
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean dry_run = options != NULL && options->dry_run;
  const MaBundleReport *first_refused = NULL;

  g_return_val_if_fail (MA_IS_STORE (store), FALSE);
  g_return_val_if_fail (paths != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  reports = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_bundle_report_free);
  if (!ma_store_begin (store, &local_error))
    {
      translate_error (local_error, error);
      return FALSE;
    }
  for (guint i = 0; paths[i] != NULL; i++)
    {
      MaBundleReport *report = import_one_of_many (store, paths[i], options);

      if (report->refusal != NULL && first_refused == NULL)
        first_refused = report;
      g_ptr_array_add (reports, report);
    }

  if (first_refused != NULL || dry_run)
    ma_store_rollback (store);
  else if (!ma_store_commit (store, &local_error))
    {
      translate_error (local_error, error);
      if (reports_out != NULL)
        *reports_out = g_steal_pointer (&reports);
      return FALSE;
    }

  if (first_refused != NULL && !dry_run)
    for (guint i = 0; i < reports->len; i++)
      {
        const MaBundleReport *report = g_ptr_array_index (reports, i);
        g_autoptr(GError) because = NULL;

        if (report->refusal == NULL)
          g_set_error (&because, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_CONFLICT,
                       _("not imported: %s, imported together with it, was refused"),
                       first_refused->file_name);
        log_refusal (store, report->file_name, report->sha256,
                     report->refusal != NULL ? report->refusal : because);
      }

  if (first_refused != NULL)
    {
      const GError *refusal = first_refused->refusal;

      /* A file that could not be read is already named in its message. */
      if (g_str_has_prefix (refusal->message, first_refused->file_name))
        g_set_error_literal (error, refusal->domain, refusal->code, refusal->message);
      else
        g_set_error (error, refusal->domain, refusal->code, "%s: %s", first_refused->file_name,
                     refusal->message);
    }
  if (reports_out != NULL)
    *reports_out = g_steal_pointer (&reports);
  return first_refused == NULL;
}
