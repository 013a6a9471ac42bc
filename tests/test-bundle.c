/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Each import rule of bundle-v1.md, the export options and the round trip.
 *
 * Most tests start from tests/data/bundles/base.json (a valid bundle with
 * every kind of member), change one member with edit(), and check what the
 * import did. A refusal is checked the same way every time: the error names
 * the member path, the data of the store is exactly as before (a dump of
 * every list, every audit and its log), and the import log has gained one
 * "refused" entry. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ma-bundle.h"
#include "ma-scoring.h"
#include "ma-sqlite-store.h"

#define UUID_A1 "6f1c2d0e-8a4b-4f7e-9a51-0b7d2f3c9e10"
#define UUID_A2 "0a7e1b7c-3c55-4d0f-8f2e-5d7a9e0c1b22"
#define UUID_NEW "9b2d4e6f-1a3c-4e5b-8d7f-0c1e2a3b4c5d"

typedef struct {
  char    *dir;
  MaStore *store;
} Fixture;

static MaStore *
open_store (const char *dir,
            const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  MaStore *store = ma_sqlite_store_open (path, MA_SQLITE_STORE_FLAGS_NONE, &error);

  g_assert_no_error (error);
  return store;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("ma-bundle-XXXXXX", &error);
  g_assert_no_error (error);
  f->store = open_store (f->dir, "test.db");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->store);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_remove (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* ---- building bundles ------------------------------------------------------- */

static char *
data_path (const char *name)
{
  const char *dir = g_getenv ("MA_TEST_DATA");

  if (dir == NULL)
    dir = "tests/data";
  return g_build_filename (dir, "bundles", name, NULL);
}

static JsonNode *
load_base (void)
{
  g_autofree char *path = data_path ("base.json");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  root = json_from_string (text, &error);
  g_assert_no_error (error);
  return root;
}

/* A JSON value from its text: J("\"x\""), J("5"), J("{\"a\": 1}"). */
static JsonNode *
J (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

/* Sets (or, with @value NULL, removes) the member at @path, as in
 * "audits[0].answers[2].value". A last part with an index removes that
 * element, or appends @value when the index is the array's length. */
static void
edit (JsonNode   *root,
      const char *path,
      JsonNode   *value)   /* taken */
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = root;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *bracket = strchr (parts[i], '[');
      g_autofree char *member = bracket ? g_strndup (parts[i], bracket - parts[i]) : g_strdup (parts[i]);
      gboolean last = parts[i + 1] == NULL;
      const char *p = bracket;

      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      if (bracket == NULL && last)
        {
          if (value != NULL)
            json_object_set_member (json_node_get_object (node), member, value);
          else
            json_object_remove_member (json_node_get_object (node), member);
          return;
        }
      node = json_object_get_member (json_node_get_object (node), member);
      g_assert_nonnull (node);
      while (p != NULL && *p == '[')
        {
          char *end = NULL;
          guint index = strtoul (p + 1, &end, 10);
          JsonArray *array = json_node_get_array (node);

          g_assert_nonnull (array);
          p = end + 1;
          if (last && *p == '\0')
            {
              if (value == NULL)
                json_array_remove_element (array, index);
              else
                {
                  g_assert_cmpuint (index, ==, json_array_get_length (array));
                  json_array_add_element (array, value);
                }
              return;
            }
          node = json_array_get_element (array, index);
        }
    }
  g_assert_not_reached ();
}

static GBytes *
to_bytes (JsonNode *root)
{
  char *text = json_to_string (root, FALSE);

  return g_bytes_new_take (text, strlen (text));
}

/* The serialized bundle with @marker (a JSON string such as "\"MARK\"")
 * replaced by raw @replacement: for bytes json-glib would never write. */
static GBytes *
to_bytes_replacing (JsonNode   *root,
                    const char *marker,
                    const char *replacement)
{
  g_autofree char *text = json_to_string (root, FALSE);
  char *at = strstr (text, marker);
  GString *out;

  g_assert_nonnull (at);
  out = g_string_new_len (text, at - text);
  g_string_append (out, replacement);
  g_string_append (out, at + strlen (marker));
  return g_string_free_to_bytes (out);
}

static GBytes *
base_bytes (void)
{
  g_autoptr(JsonNode) root = load_base ();

  return to_bytes (root);
}

/* ---- looking at the store ----------------------------------------------------- */

static void
append_audit (GString    *out,
              MaStore    *store,
              const char *uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaAudit) audit = ma_store_get_audit (store, uuid, &error);
  g_autoptr(GPtrArray) log = NULL;
  g_autofree char *canonical = NULL;

  g_assert_no_error (error);
  canonical = ma_audit_to_canonical (audit);
  g_string_append_printf (out, "  %s\n", canonical);
  log = ma_store_list_audit_log (store, uuid, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      const MaLogEntry *e = g_ptr_array_index (log, i);
      g_string_append_printf (out, "  log %s %s %s\n", e->who, e->action, e->detail ? e->detail : "");
    }
}

/* Everything the store holds except the import log, as text. */
static char *
dump (MaStore *store)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) regions = ma_store_list_regions (store, &error);
  g_autoptr(GPtrArray) branches = ma_store_list_branches (store, &error);
  g_autoptr(GPtrArray) employees = ma_store_list_employees (store, &error);
  g_autoptr(GPtrArray) templates = ma_store_list_templates (store, &error);
  g_autoptr(GPtrArray) schemes = ma_store_list_schemes (store, &error);
  g_autoptr(GPtrArray) kpis = ma_store_list_kpis (store, NULL, &error);
  g_autoptr(GPtrArray) audits = ma_store_list_audits (store, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < regions->len; i++)
    {
      const MaRegion *r = g_ptr_array_index (regions, i);
      g_string_append_printf (out, "region %s %s\n", r->code, r->name);
    }
  for (guint i = 0; i < branches->len; i++)
    {
      const MaBranch *b = g_ptr_array_index (branches, i);
      g_string_append_printf (out, "branch %s %s %s\n", b->code, b->name, b->region);
    }
  for (guint i = 0; i < employees->len; i++)
    {
      const MaEmployee *e = g_ptr_array_index (employees, i);
      g_string_append_printf (out, "employee %s %s %s %s %" G_GINT64_FORMAT " %s\n", e->code, e->name,
                              e->branch, e->position, e->base_pay, e->currency ? e->currency : "-");
    }
  for (guint i = 0; i < templates->len; i++)
    {
      const MaTemplate *t = g_ptr_array_index (templates, i);
      g_autofree char *canonical = ma_template_to_canonical (t);
      g_string_append_printf (out, "template %s %s\n", ma_template_status_to_string (t->status),
                              canonical);
    }
  for (guint i = 0; i < schemes->len; i++)
    {
      g_autofree char *canonical = ma_scheme_to_canonical (g_ptr_array_index (schemes, i));
      g_string_append_printf (out, "scheme %s\n", canonical);
    }
  for (guint i = 0; i < kpis->len; i++)
    {
      const MaKpi *k = g_ptr_array_index (kpis, i);
      g_string_append_printf (out, "kpi %s %s %s %.17g %.17g\n", k->employee, k->period, k->component,
                              k->actual, k->plan);
    }
  for (guint i = 0; i < audits->len; i++)
    {
      const MaAuditSummary *s = g_ptr_array_index (audits, i);
      g_string_append_printf (out, "audit %s %s %.17g %s %s exported=%d\n", s->uuid,
                              ma_audit_status_to_string (s->status), s->score, s->modified,
                              s->critical_failure ? s->critical_failure : "-", s->exported);
      append_audit (out, store, s->uuid);
    }
  return g_string_free (out, FALSE);
}

static guint
import_log_length (MaStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = ma_store_list_import_log (store, &error);

  g_assert_no_error (error);
  return log->len;
}

static MaLogEntry *
last_import_log (MaStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = ma_store_list_import_log (store, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (log->len, >, 0);
  return g_ptr_array_steal_index (log, log->len - 1);
}

static MaBundleReport *
import_ok (MaStore                     *store,
           GBytes                      *bytes,
           const MaBundleImportOptions *options)
{
  g_autoptr(GError) error = NULL;
  MaBundleReport *report = ma_bundle_import_bytes (store, bytes, "test.json", options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static void
import_base (Fixture *f)
{
  g_autoptr(GBytes) bytes = base_bytes ();
  g_autoptr(MaBundleReport) report = import_ok (f->store, bytes, NULL);

  g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_AUDIT].added, ==, 2);
}

/* The one check of every refusal. */
static void
assert_refused (MaStore    *store,
                GBytes     *bytes,
                int         code,
                const char *path_prefix)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaBundleReport) report = NULL;
  g_autoptr(MaLogEntry) entry = NULL;
  g_autofree char *before = dump (store);
  g_autofree char *after = NULL;
  g_autofree char *sha256 = ma_sha256_hex (bytes);
  guint log_before = import_log_length (store);

  report = ma_bundle_import_bytes (store, bytes, "refused.json", NULL, &error);
  g_assert_null (report);
  g_assert_nonnull (error);
  g_test_message ("refusal: %s", error->message);
  g_assert_error (error, MA_BUNDLE_ERROR, code);
  if (!g_str_has_prefix (error->message, path_prefix))
    g_error ("expected the message to start with \"%s\": %s", path_prefix, error->message);

  after = dump (store);
  g_assert_cmpstr (before, ==, after);

  g_assert_cmpuint (import_log_length (store), ==, log_before + 1);
  entry = last_import_log (store);
  g_assert_cmpstr (entry->who, ==, "refused.json");
  g_assert_cmpstr (entry->action, ==, "refused");
  g_assert_nonnull (strstr (entry->detail, sha256));
  g_assert_nonnull (strstr (entry->detail, error->message));
}

static void
assert_message_contains (GError     *error,
                         const char *text)
{
  if (strstr (error->message, text) == NULL)
    g_error ("expected \"%s\" in: %s", text, error->message);
}

/* ---- rules: the import as a whole ----------------------------------------------- */

static void
test_accepted (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GBytes) bytes = base_bytes ();
  g_autoptr(MaBundleReport) report = import_ok (f->store, bytes, NULL);
  g_autoptr(MaLogEntry) entry = NULL;
  g_autoptr(MaAudit) audit = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = ma_sha256_hex (bytes);
  g_autofree char *summary = ma_bundle_report_to_string (report);

  g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_REGION].added, ==, 2);
  g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_BRANCH].added, ==, 2);
  g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_EMPLOYEE].added, ==, 2);
  g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_TEMPLATE].added, ==, 1);
  g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_SCHEME].added, ==, 1);
  g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_KPI].added, ==, 1);
  g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_AUDIT].added, ==, 2);
  g_assert_cmpuint (report->conflicts->len, ==, 0);
  g_assert_cmpuint (report->warnings->len, ==, 0);
  g_assert_cmpstr (report->sha256, ==, sha256);
  g_assert_cmpstr (report->file_name, ==, "test.json");
  g_assert_cmpstr (report->created, ==, "2026-11-02T18:40:00+03:00");
  g_assert_cmpstr (report->source_device, ==, "laptop-7");
  g_assert_cmpstr (report->source_auditor, ==, "A. Smirnova");
  g_assert_nonnull (strstr (summary, "audits: 2 added, 0 updated, 0 identical"));

  /* The log records the accepted import with its hash and summary. */
  entry = last_import_log (f->store);
  g_assert_cmpstr (entry->action, ==, "imported");
  g_assert_nonnull (strstr (entry->detail, sha256));
  g_assert_nonnull (strstr (entry->detail, summary));

  audit = ma_store_get_audit (f->store, UUID_A1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (audit->status, ==, MA_AUDIT_SUBMITTED);
  g_assert_cmpuint (audit->answers->len, ==, 6);
  g_assert_cmpuint (audit->attachments->len, ==, 1);
  g_assert_cmpstr (((MaAttachment *) audit->attachments->pdata[0])->name, ==, "doorstep.jpg");
}

/* Importing the same bundle twice changes nothing the second time. */
static void
test_twice (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GBytes) bytes = base_bytes ();
  g_autoptr(MaBundleReport) first = import_ok (f->store, bytes, NULL);
  g_autoptr(MaBundleReport) second = NULL;
  g_autofree char *before = dump (f->store);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log_before = ma_store_list_audit_log (f->store, UUID_A1, &error);
  g_autoptr(GPtrArray) log_after = NULL;

  second = import_ok (f->store, bytes, NULL);
  for (guint kind = 0; kind < MA_BUNDLE_N_KINDS; kind++)
    {
      g_assert_cmpuint (second->counts[kind].added, ==, 0);
      g_assert_cmpuint (second->counts[kind].updated, ==, 0);
      g_assert_cmpuint (second->counts[kind].identical, ==,
                        first->counts[kind].added + first->counts[kind].updated);
    }
  g_assert_cmpuint (second->counts[MA_BUNDLE_KIND_AUDIT].identical, ==, 2);
  g_assert_cmpuint (second->conflicts->len, ==, 0);

  after = dump (f->store);
  g_assert_cmpstr (before, ==, after);
  log_after = ma_store_list_audit_log (f->store, UUID_A1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log_after->len, ==, log_before->len);
}

/* All or nothing: a template conflict found while writing, after the new
 * regions, branches and employees of the same bundle were written, takes
 * them all back. */
static void
test_one_transaction (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonNode) root = load_base ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(MaTemplate) stored = NULL;
  g_autoptr(MaBundleReport) report = NULL;
  g_autoptr(GError) error = NULL;

  import_base (f);

  edit (root, "regions[2]", J ("{\"code\": \"S\", \"name\": \"South\"}"));
  edit (root, "branches[2]", J ("{\"code\": \"KRD-01\", \"name\": \"Krasnaya 1\", \"region\": \"S\"}"));
  edit (root, "employees[0].name", J ("\"Ivan P. Petrov\""));
  /* templates[0] is the stored one, unchanged; templates[1] claims the same
   * key and version of another template with other content. */
  {
    g_autoptr(JsonNode) base = load_base ();
    JsonNode *copy = json_node_copy (json_array_get_element (
      json_object_get_array_member (json_node_get_object (base), "templates"), 0));

    json_object_set_int_member (json_node_get_object (copy), "version", 2);
    edit (root, "templates[1]", copy);
  }
  bytes = to_bytes (root);
  report = import_ok (f->store, bytes, NULL);
  g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_TEMPLATE].added, ==, 1);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* Version 2 now exists; a bundle that changes it is refused whole. */
  edit (root, "regions[2].name", J ("\"Far South\""));
  edit (root, "templates[1].name", J ("\"Delivery: driver (changed)\""));
  bytes = to_bytes (root);
  assert_refused (f->store, bytes, MA_BUNDLE_ERROR_CONFLICT, "templates[1]");

  stored = ma_store_get_template (f->store, "delivery-driver", 2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->name, ==, "Delivery: driver");
}

/* ---- rules: audits already in the database -------------------------------------- */

static GBytes *
bundle_with_a1 (const char *modified,
                const char *status,
                const char *notes)
{
  g_autoptr(JsonNode) root = load_base ();
  g_autofree char *modified_json = g_strdup_printf ("\"%s\"", modified);
  g_autofree char *status_json = g_strdup_printf ("\"%s\"", status);
  g_autofree char *notes_json = g_strdup_printf ("\"%s\"", notes);

  edit (root, "audits[0].modified", J (modified_json));
  edit (root, "audits[0].status", J (status_json));
  edit (root, "audits[0].answers[5].value", J (notes_json));
  return to_bytes (root);
}

static char *
stored_notes (MaStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaAudit) audit = ma_store_get_audit (store, UUID_A1, &error);

  g_assert_no_error (error);
  return g_strdup (ma_audit_find_answer (audit, "notes")->string);
}

/* The newer "modified" wins, compared as times: 10:00Z is after 12:02+03:00
 * though its text sorts before it. */
static void
test_newer_wins (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GBytes) newer = bundle_with_a1 ("2026-10-14T10:00:00Z", "submitted", "Newer");
  g_autoptr(GBytes) again = NULL;
  g_autoptr(MaBundleReport) report = NULL;
  g_autoptr(MaBundleReport) report2 = NULL;
  g_autofree char *notes = NULL;

  import_base (f);
  report = import_ok (f->store, newer, NULL);
  g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_AUDIT].updated, ==, 1);
  g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_AUDIT].identical, ==, 1);
  g_assert_cmpuint (report->conflicts->len, ==, 0);
  notes = stored_notes (f->store);
  g_assert_cmpstr (notes, ==, "Newer");

  /* Once more: identical now. */
  again = bundle_with_a1 ("2026-10-14T10:00:00Z", "submitted", "Newer");
  report2 = import_ok (f->store, again, NULL);
  g_assert_cmpuint (report2->counts[MA_BUNDLE_KIND_AUDIT].identical, ==, 2);
}

/* An older incoming copy is skipped and reported: 13:00+05:00 is 08:00Z,
 * before 09:02:41Z, though its text sorts after "12:02:41+03:00". */
static void
test_older_skipped (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GBytes) older = bundle_with_a1 ("2026-10-14T13:00:00+05:00", "submitted", "Older");
  g_autoptr(GBytes) same_time = bundle_with_a1 ("2026-10-14T09:02:41Z", "submitted", "Same time");
  g_autoptr(MaBundleReport) report = NULL;
  g_autoptr(MaBundleReport) report2 = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *notes = NULL;
  const MaBundleConflict *conflict;

  import_base (f);
  before = dump (f->store);
  report = import_ok (f->store, older, NULL);
  g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_AUDIT].updated, ==, 0);
  g_assert_cmpuint (report->conflicts->len, ==, 1);
  conflict = g_ptr_array_index (report->conflicts, 0);
  g_assert_cmpstr (conflict->uuid, ==, UUID_A1);
  g_assert_cmpstr (conflict->path, ==, "audits[0]");
  g_assert_nonnull (strstr (conflict->reason, "older"));
  notes = stored_notes (f->store);
  g_assert_cmpstr (notes, ==, "Gloves on, parcel intact.");

  /* The same moment with other content: the database copy stays. */
  report2 = import_ok (f->store, same_time, NULL);
  g_assert_cmpuint (report2->conflicts->len, ==, 1);
  after = dump (f->store);
  g_assert_cmpstr (before, ==, after);
}

/* Drafts follow the same rule, and a newer copy may move the status on. */
static void
test_draft_updated (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonNode) root = load_base ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(MaBundleReport) report = NULL;
  g_autoptr(MaAudit) audit = NULL;
  g_autoptr(GError) error = NULL;

  import_base (f);
  /* The draft A2, finished and submitted later. */
  edit (root, "audits[1].modified", J ("\"2026-10-21T08:00:00+03:00\""));
  edit (root, "audits[1].status", J ("\"submitted\""));
  edit (root, "audits[1].answers[2]", J ("{\"question\": \"tone\", \"value\": 4}"));
  edit (root, "audits[1].answers[3]", J ("{\"question\": \"argued\", \"value\": false}"));
  edit (root, "audits[1].answers[4]", J ("{\"question\": \"offer\", \"value\": \"many\"}"));
  edit (root, "audits[1].answers[5]", J ("{\"question\": \"notes\", \"value\": \"\"}"));
  bytes = to_bytes (root);
  report = import_ok (f->store, bytes, NULL);
  g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_AUDIT].updated, ==, 1);

  audit = ma_store_get_audit (f->store, UUID_A2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (audit->status, ==, MA_AUDIT_SUBMITTED);
  g_assert_cmpuint (audit->answers->len, ==, 6);
}

/* The base bundle with draft A2 as one laptop left it: its own
 * "modified", and its own answer to late_minutes. */
static GBytes *
bundle_with_a2 (const char *modified,
                int         late_minutes)
{
  g_autoptr(JsonNode) root = load_base ();
  g_autofree char *modified_json = g_strdup_printf ("\"%s\"", modified);
  g_autofree char *late_json = g_strdup_printf ("%d", late_minutes);

  edit (root, "audits[1].modified", J (modified_json));
  edit (root, "audits[1].answers[0].value", J (late_json));
  return to_bytes (root);
}

/* Two laptops edit the same draft differently: whatever order their
 * bundles arrive in, the newer edit is what the database keeps, and the
 * older one, arriving second, is listed as a conflict. */
static void
test_two_laptops (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GBytes) older = bundle_with_a2 ("2026-10-21T10:00:00+03:00", 3);
  g_autoptr(GBytes) newer = bundle_with_a2 ("2026-10-21T08:30:00Z", 7);   /* 11:30+03:00 */
  g_autoptr(MaStore) other = open_store (f->dir, "other.db");
  g_autoptr(MaBundleReport) r1 = NULL;
  g_autoptr(MaBundleReport) r2 = NULL;
  g_autoptr(MaBundleReport) r3 = NULL;
  g_autoptr(MaBundleReport) r4 = NULL;
  g_autoptr(MaAudit) audit = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *here = NULL;
  g_autofree char *there = NULL;
  const MaBundleConflict *conflict;

  /* Older first, then newer: updated, no conflict. */
  r1 = import_ok (f->store, older, NULL);
  r2 = import_ok (f->store, newer, NULL);
  g_assert_cmpuint (r2->counts[MA_BUNDLE_KIND_AUDIT].updated, ==, 1);
  g_assert_cmpuint (r2->conflicts->len, ==, 0);

  /* Newer first, then older: skipped, and the conflict says why. */
  r3 = import_ok (other, newer, NULL);
  r4 = import_ok (other, older, NULL);
  g_assert_cmpuint (r4->counts[MA_BUNDLE_KIND_AUDIT].updated, ==, 0);
  g_assert_cmpuint (r4->conflicts->len, ==, 1);
  conflict = g_ptr_array_index (r4->conflicts, 0);
  g_assert_cmpstr (conflict->uuid, ==, UUID_A2);
  g_assert_cmpstr (conflict->path, ==, "audits[1]");
  g_assert_nonnull (strstr (conflict->reason, "older"));

  /* The same database either way, holding the newer edit. */
  here = dump (f->store);
  there = dump (other);
  g_assert_cmpstr (here, ==, there);
  audit = ma_store_get_audit (f->store, UUID_A2, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (ma_audit_find_answer (audit, "late_minutes")->number, ==, 7);
}

/* An approved or voided audit in the database is never overwritten, even
 * by a newer copy: a conflict, and the rest of the bundle goes in. */
static void
test_approved_kept (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GBytes) newer = bundle_with_a1 ("2026-10-15T10:00:00+03:00", "submitted", "Changed");
  g_autoptr(MaBundleReport) report = NULL;
  g_autoptr(MaBundleReport) report2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *notes = NULL;
  const MaBundleConflict *conflict;

  import_base (f);
  ma_store_set_audit_status (f->store, UUID_A1, MA_AUDIT_APPROVED, "Reviewer", NULL, &error);
  g_assert_no_error (error);

  report = import_ok (f->store, newer, NULL);
  g_assert_cmpuint (report->conflicts->len, ==, 1);
  conflict = g_ptr_array_index (report->conflicts, 0);
  g_assert_cmpstr (conflict->path, ==, "audits[0]");
  g_assert_nonnull (strstr (conflict->reason, "approved"));
  g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_AUDIT].identical, ==, 1);  /* A2 */
  notes = stored_notes (f->store);
  g_assert_cmpstr (notes, ==, "Gloves on, parcel intact.");

  ma_store_set_audit_status (f->store, UUID_A2, MA_AUDIT_VOIDED, "Reviewer", "Wrong branch", &error);
  g_assert_no_error (error);
  {
    g_autoptr(JsonNode) root = load_base ();
    g_autoptr(GBytes) bytes = NULL;

    edit (root, "audits[1].modified", J ("\"2026-10-30T09:40:00+03:00\""));
    edit (root, "audits[1].answers[1].value", J ("true"));
    bytes = to_bytes (root);
    report2 = import_ok (f->store, bytes, NULL);
  }
  g_assert_cmpuint (report2->conflicts->len, ==, 2);
  conflict = g_ptr_array_index (report2->conflicts, 1);
  g_assert_cmpstr (conflict->uuid, ==, UUID_A2);
  g_assert_nonnull (strstr (conflict->reason, "voided"));
}

/* ---- rules: refused bundles --------------------------------------------------------- */

static void
test_template_immutable (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(JsonNode) root = load_base ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  import_base (f);
  edit (root, "templates[0].sections[0].questions[0].weight", J ("3"));
  bytes = to_bytes (root);
  assert_refused (f->store, bytes, MA_BUNDLE_ERROR_CONFLICT, "templates[0]: ");

  ma_bundle_import_bytes (f->store, bytes, "x.json", NULL, &error);
  assert_message_contains (error, "\"delivery-driver\"");
}

static void
test_scheme_immutable (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonNode) root = load_base ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  import_base (f);
  edit (root, "schemes[0].min_audits", J ("3"));
  bytes = to_bytes (root);
  assert_refused (f->store, bytes, MA_BUNDLE_ERROR_CONFLICT, "schemes[0]: ");

  ma_bundle_import_bytes (f->store, bytes, "x.json", NULL, &error);
  assert_message_contains (error, "\"drivers\"");
}

static void
test_duplicate_uuid (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonNode) root = load_base ();
  g_autoptr(GBytes) bytes = NULL;

  import_base (f);
  edit (root, "audits[1].uuid", J ("\"" UUID_A1 "\""));
  bytes = to_bytes (root);
  assert_refused (f->store, bytes, MA_BUNDLE_ERROR_CONFLICT, "audits[1].uuid: ");
}

/* Two different definitions of one branch: which one is meant? */
static void
test_duplicate_code (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonNode) root = load_base ();
  g_autoptr(GBytes) bytes = NULL;

  edit (root, "branches[2]", J ("{\"code\": \"SPB-01\", \"name\": \"Other\", \"region\": \"NW\"}"));
  bytes = to_bytes (root);
  assert_refused (f->store, bytes, MA_BUNDLE_ERROR_CONFLICT, "branches[2].code: ");
}

static void
test_format (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(JsonNode) root = load_base ();
  g_autoptr(GBytes) wrong = NULL;
  g_autoptr(GBytes) missing = NULL;
  g_autoptr(GBytes) not_string = NULL;

  import_base (f);
  edit (root, "format", J ("\"mystery-audit-backup\""));
  wrong = to_bytes (root);
  assert_refused (f->store, wrong, MA_BUNDLE_ERROR_FORMAT, "format: ");
  edit (root, "format", NULL);
  missing = to_bytes (root);
  assert_refused (f->store, missing, MA_BUNDLE_ERROR_FORMAT, "format: ");
  edit (root, "format", J ("1"));
  not_string = to_bytes (root);
  assert_refused (f->store, not_string, MA_BUNDLE_ERROR_FORMAT, "format: ");
}

static void
test_version (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(JsonNode) root = load_base ();
  g_autoptr(GBytes) newer = NULL;
  g_autoptr(GBytes) zero = NULL;
  g_autoptr(GError) error = NULL;

  import_base (f);
  edit (root, "version", J ("2"));
  newer = to_bytes (root);
  assert_refused (f->store, newer, MA_BUNDLE_ERROR_VERSION, "version: ");
  ma_bundle_import_bytes (f->store, newer, "x.json", NULL, &error);
  assert_message_contains (error, "newer version of the app");

  edit (root, "version", J ("0"));
  zero = to_bytes (root);
  assert_refused (f->store, zero, MA_BUNDLE_ERROR_VERSION, "version: ");
}

/* Submitted and approved audits answer every question; drafts may not. */
static void
test_complete_answers (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonNode) root = load_base ();
  g_autoptr(GBytes) submitted = NULL;
  g_autoptr(GBytes) approved = NULL;
  g_autoptr(GBytes) draft = NULL;
  g_autoptr(MaBundleReport) report = NULL;

  import_base (f);
  edit (root, "audits[0].uuid", J ("\"" UUID_NEW "\""));
  edit (root, "audits[0].answers[3]", NULL);   /* "argued" */
  submitted = to_bytes (root);
  assert_refused (f->store, submitted, MA_BUNDLE_ERROR_INVALID, "audits[0].answers: ");

  edit (root, "audits[0].status", J ("\"approved\""));
  approved = to_bytes (root);
  assert_refused (f->store, approved, MA_BUNDLE_ERROR_INVALID, "audits[0].answers: ");

  edit (root, "audits[0].status", J ("\"draft\""));
  draft = to_bytes (root);
  report = import_ok (f->store, draft, NULL);
  g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_AUDIT].added, ==, 1);
}

static void
test_unknown_references (Fixture       *f,
                         gconstpointer  data)
{
  static const struct {
    const char *path;
    const char *value;
    const char *expected;
  } cases[] = {
    { "audits[1].template_version", "2", "audits[1].template_version: " },
    { "audits[1].template", "\"store-visit\"", "audits[1].template: " },
    { "audits[1].branch", "\"X\"", "audits[1].branch: branch \"X\" is not in the directory or the bundle" },
    { "audits[1].employee", "\"E9\"", "audits[1].employee: employee \"E9\" is not in the directory or the bundle" },
    { "audits[1].answers[1].question", "\"smiled\"", "audits[1].answers[1].question: " },
    { "branches[0].region", "\"XX\"", "branches[0].region: region \"XX\"" },
    { "employees[1].branch", "\"XX\"", "employees[1].branch: branch \"XX\"" },
    { "kpis[0].employee", "\"E9\"", "kpis[0].employee: employee \"E9\"" },
  };

  import_base (f);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) root = load_base ();
      g_autoptr(GBytes) bytes = NULL;

      edit (root, "audits[1].uuid", J ("\"" UUID_NEW "\""));
      edit (root, cases[i].path, J (cases[i].value));
      bytes = to_bytes (root);
      assert_refused (f->store, bytes, MA_BUNDLE_ERROR_REFERENCE, cases[i].expected);
    }
}

/* References resolve against the store when the bundle does not bring
 * them, and against the bundle itself when the store does not have them. */
static void
test_references_resolved (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(JsonNode) root = load_base ();
  g_autoptr(GBytes) audits_only = NULL;
  g_autoptr(MaBundleReport) report = NULL;
  JsonObject *top = json_node_get_object (root);

  import_base (f);
  /* A field laptop's bundle: audits only, everything else in the db. */
  json_object_remove_member (top, "regions");
  json_object_remove_member (top, "branches");
  json_object_remove_member (top, "employees");
  json_object_remove_member (top, "templates");
  json_object_remove_member (top, "schemes");
  json_object_remove_member (top, "kpis");
  edit (root, "audits[1].uuid", J ("\"" UUID_NEW "\""));
  audits_only = to_bytes (root);
  report = import_ok (f->store, audits_only, NULL);
  g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_AUDIT].added, ==, 1);
  g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_AUDIT].identical, ==, 1);
  g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_BRANCH].identical, ==, 0);
}

/* Audits are filled in against published template versions only. */
static void
test_draft_template (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonNode) root = load_base ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) template_only = NULL;
  g_autoptr(MaBundleReport) report = NULL;

  import_base (f);
  edit (root, "templates[0].version", J ("2"));
  edit (root, "templates[0].status", J ("\"draft\""));
  /* The draft alone is accepted... */
  {
    g_autoptr(JsonNode) copy = load_base ();

    edit (copy, "templates[0].version", J ("2"));
    edit (copy, "templates[0].status", J ("\"draft\""));
    json_object_remove_member (json_node_get_object (copy), "audits");
    template_only = to_bytes (copy);
    report = import_ok (f->store, template_only, NULL);
    g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_TEMPLATE].added, ==, 1);
  }
  /* ...an audit against it is not. */
  edit (root, "audits[1].uuid", J ("\"" UUID_NEW "\""));
  edit (root, "audits[1].template_version", J ("2"));
  bytes = to_bytes (root);
  assert_refused (f->store, bytes, MA_BUNDLE_ERROR_INVALID, "audits[1].template_version: ");
}

static void
test_attachment_names (Fixture       *f,
                       gconstpointer  data)
{
  static const char * const names[] = {
    "\"../etc/passwd\"", "\"photos/door.jpg\"", "\"/tmp/x.jpg\"", "\"c:\\\\x.jpg\"", "\"..\"",
    "\"door\\u0007.jpg\"", "\"door\\n.jpg\"", "\"\"",
  };

  import_base (f);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(JsonNode) root = load_base ();
      g_autoptr(GBytes) bytes = NULL;

      edit (root, "audits[0].uuid", J ("\"" UUID_NEW "\""));
      edit (root, "audits[0].attachments[0].name", J (names[i]));
      bytes = to_bytes (root);
      assert_refused (f->store, bytes, MA_BUNDLE_ERROR_INVALID, "audits[0].attachments[0].name: ");
    }
}

static void
test_attachment_sha256 (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(JsonNode) root = load_base ();
  g_autoptr(GBytes) bytes = NULL;

  import_base (f);
  edit (root, "audits[0].uuid", J ("\"" UUID_NEW "\""));
  /* The hash of "hellp", not of the data "hello". */
  edit (root, "audits[0].attachments[0].sha256",
        J ("\"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9825\""));
  bytes = to_bytes (root);
  assert_refused (f->store, bytes, MA_BUNDLE_ERROR_INVALID, "audits[0].attachments[0].sha256: ");
}

static void
test_values (Fixture       *f,
             gconstpointer  data)
{
  static const struct {
    const char *remove;   /* a member to remove first, or NULL */
    const char *path;
    const char *value;
    const char *expected;
  } cases[] = {
    /* tone: scale 1..5 */
    { "audits[0].answers[2].na", "audits[0].answers[2].value", "6", "audits[0].answers[2].value: " },
    { "audits[0].answers[2].na", "audits[0].answers[2].value", "0", "audits[0].answers[2].value: " },
    { "audits[0].answers[2].na", "audits[0].answers[2].value", "2.5", "audits[0].answers[2].value: " },
    /* offer: choice */
    { NULL, "audits[0].answers[4].value", "\"two\"", "audits[0].answers[4].value: " },
    { NULL, "audits[0].answers[4].value", "1", "audits[0].answers[4].value: " },
    /* greeted: yes_no */
    { NULL, "audits[0].answers[1].value", "\"yes\"", "audits[0].answers[1].value: " },
    { NULL, "audits[0].answers[1].value", "1", "audits[0].answers[1].value: " },
    /* late_minutes: number */
    { NULL, "audits[0].answers[0].value", "\"6\"", "audits[0].answers[0].value: " },
    /* notes: text */
    { NULL, "audits[0].answers[5].value", "true", "audits[0].answers[5].value: " },
    /* a question answered twice */
    { NULL, "audits[0].answers[6]", "{\"question\": \"greeted\", \"value\": false}", "audits[0].answers[6].question: " },
    /* N/A where it is not allowed */
    { "audits[0].answers[1].value", "audits[0].answers[1].na", "true", "audits[0].answers[1].na: " },
    /* wrong member types and syntax */
    { NULL, "audits[0].template_version", "\"1\"", "audits[0].template_version: " },
    { NULL, "audits[0].answers", "{}", "audits[0].answers: " },
    { NULL, "audits[0].answers[1].value", "[true]", "audits[0].answers[1].value: " },
    { NULL, "audits[0].status", "\"finished\"", "audits[0].status: " },
    { NULL, "audits[0].visited_at", "\"2026-10-14 11:30\"", "audits[0].visited_at: " },
    { NULL, "audits[0].uuid", "\"not-a-uuid\"", "audits[0].uuid: " },
    { NULL, "regions[0].name", "5", "regions[0].name: " },
    { NULL, "kpis[0].plan", "\"50\"", "kpis[0].plan: " },
    { NULL, "employees[0].base_pay", "60000.001", "employees[0].base_pay: " },
    { NULL, "templates[0].sections[1].questions[1].max", "1", "templates[0]" },
    { NULL, "source", "\"laptop\"", "source: " },
    { NULL, "audits", "{}", "audits: " },
  };

  import_base (f);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) root = load_base ();
      g_autoptr(GBytes) bytes = NULL;

      g_test_message ("case %u: %s = %s", i, cases[i].path, cases[i].value);
      if (!g_str_equal (cases[i].path, "audits[0].uuid") && !g_str_equal (cases[i].path, "audits"))
        edit (root, "audits[0].uuid", J ("\"" UUID_NEW "\""));
      if (cases[i].remove != NULL)
        edit (root, cases[i].remove, NULL);
      edit (root, cases[i].path, J (cases[i].value));
      bytes = to_bytes (root);
      assert_refused (f->store, bytes, MA_BUNDLE_ERROR_INVALID, cases[i].expected);
    }
}

/* Bytes json-glib would never write: not finite, not UTF-8. */
static void
test_raw_values (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonNode) root = load_base ();
  g_autoptr(GBytes) infinite = NULL;
  g_autoptr(GBytes) bad_utf8 = NULL;
  g_autoptr(GBytes) bad_utf8_comment = NULL;

  import_base (f);
  edit (root, "audits[0].uuid", J ("\"" UUID_NEW "\""));
  edit (root, "audits[0].answers[0].value", J ("\"MARK\""));
  infinite = to_bytes_replacing (root, "\"MARK\"", "1e400");
  assert_refused (f->store, infinite, MA_BUNDLE_ERROR_SYNTAX, "audits[0].answers[0].value");

  edit (root, "audits[0].answers[0].value", J ("6"));
  edit (root, "audits[0].answers[5].value", J ("\"MARK\""));
  bad_utf8 = to_bytes_replacing (root, "MARK", "Gloves \xc3\x28 on");
  assert_refused (f->store, bad_utf8, MA_BUNDLE_ERROR_SYNTAX, "audits[0].answers[5].value");

  edit (root, "audits[0].answers[5].value", J ("\"fine\""));
  edit (root, "audits[0].answers[4].comment", J ("\"MARK\""));
  bad_utf8_comment = to_bytes_replacing (root, "MARK", "\xff\xfe");
  assert_refused (f->store, bad_utf8_comment, MA_BUNDLE_ERROR_SYNTAX, "audits[0].answers[4].comment");
}

static void
test_strict_json (Fixture       *f,
                  gconstpointer  data)
{
  static const struct {
    const char *marker;
    const char *replacement;
    const char *expected;
  } cases[] = {
    { "\"MARK\"", "6 /* minutes */", "audits[0].answers[0].value" },
    { "\"MARK\"", "6 // minutes", "audits[0].answers[0].value" },
    { "\"MARK\"", "'six'", "audits[0].answers[0].value" },
    { "\"MARK\"", "012", "audits[0].answers[0].value" },
    { "\"MARK\"", "0x1F", "audits[0].answers[0].value" },
    { "\"MARK\"", "9007199254740993", "audits[0].answers[0].value" },
    { "\"MARK\"", "\"a\\u0000b\"", "audits[0].answers[0].value" },
    { "\"MARK\"", "6, \"value\": 7", "audits[0].answers[0].value" },
    { "\"MARK\"", "NaN", "audits[0].answers[0].value" },
    { "\"MARK\"", "+6", "audits[0].answers[0].value" },
  };
  g_autoptr(JsonNode) root = load_base ();

  import_base (f);
  edit (root, "audits[0].uuid", J ("\"" UUID_NEW "\""));
  edit (root, "audits[0].answers[0].value", J ("\"MARK\""));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = to_bytes_replacing (root, cases[i].marker, cases[i].replacement);
      g_autoptr(GError) error = NULL;

      g_test_message ("case %u: %s", i, cases[i].replacement);
      assert_refused (f->store, bytes, MA_BUNDLE_ERROR_SYNTAX, cases[i].expected);
    }

  /* At the top level: trailing garbage, a duplicate member, a truncated
   * document. */
  {
    g_autoptr(GBytes) base = base_bytes ();
    gsize size;
    const char *text = g_bytes_get_data (base, &size);
    g_autofree char *trailing = g_strdup_printf ("%s x", text);
    g_autofree char *two_objects = g_strdup_printf ("%s {}", text);
    g_autofree char *duplicate = g_strdup_printf ("{\"format\": \"x\", %s", text + 1);
    g_autoptr(GBytes) b1 = g_bytes_new (trailing, strlen (trailing));
    g_autoptr(GBytes) b2 = g_bytes_new (two_objects, strlen (two_objects));
    g_autoptr(GBytes) b3 = g_bytes_new (duplicate, strlen (duplicate));
    g_autoptr(GBytes) b4 = g_bytes_new (text, size / 2);
    g_autoptr(GBytes) b5 = g_bytes_new ("", 0);
    g_autoptr(GBytes) b6 = g_bytes_new ("[]", 2);

    assert_refused (f->store, b1, MA_BUNDLE_ERROR_SYNTAX, "line 1");
    assert_refused (f->store, b2, MA_BUNDLE_ERROR_SYNTAX, "line 1");
    assert_refused (f->store, b3, MA_BUNDLE_ERROR_SYNTAX, "format");
    assert_refused (f->store, b4, MA_BUNDLE_ERROR_SYNTAX, "");
    assert_refused (f->store, b5, MA_BUNDLE_ERROR_SYNTAX, "");
    assert_refused (f->store, b6, MA_BUNDLE_ERROR_SYNTAX, "");
  }
}

/* A truncated bundle is refused with the path where it ends. */
static void
test_truncated (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonNode) root = load_base ();
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *cut;

  import_base (f);
  edit (root, "audits[0].uuid", J ("\"" UUID_NEW "\""));
  text = json_to_string (root, FALSE);
  cut = strstr (text, "Gloves on");
  g_assert_nonnull (cut);
  bytes = g_bytes_new (text, cut - text);
  assert_refused (f->store, bytes, MA_BUNDLE_ERROR_SYNTAX, "audits[0].answers[5].value");
}

static void
test_limits (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GString) deep = g_string_new ("{\"format\": \"mystery-audit-bundle\", \"version\": 1, \"x\": ");
  g_autoptr(GString) long_string = g_string_new ("{\"x\": \"");
  g_autoptr(GBytes) deep_bytes = NULL;
  g_autoptr(GBytes) long_bytes = NULL;
  g_autoptr(GBytes) ok_deep_bytes = NULL;
  g_autoptr(MaBundleReport) report = NULL;

  import_base (f);

  /* 63 arrays inside the top object: 64 levels, the most allowed. */
  {
    g_autoptr(GString) ok = g_string_new ("{\"format\": \"mystery-audit-bundle\", \"version\": 1, \"x\": ");
    for (guint i = 0; i < 63; i++)
      g_string_append_c (ok, '[');
    for (guint i = 0; i < 63; i++)
      g_string_append_c (ok, ']');
    g_string_append_c (ok, '}');
    ok_deep_bytes = g_string_free_to_bytes (g_steal_pointer (&ok));
    report = import_ok (f->store, ok_deep_bytes, NULL);
    g_assert_cmpuint (report->warnings->len, ==, 1);
  }

  for (guint i = 0; i < 64; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 64; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  deep_bytes = g_string_free_to_bytes (g_steal_pointer (&deep));
  assert_refused (f->store, deep_bytes, MA_BUNDLE_ERROR_LIMIT, "x");

  /* A string over 1 MiB, then a document that would be refused for other
   * reasons: the limit is what is reported, before the rest is read. */
  for (guint i = 0; i < 1024 * 1024 + 1; i++)
    g_string_append_c (long_string, 'a');
  g_string_append (long_string, "\", \"format\": 'nope' ");
  long_bytes = g_string_free_to_bytes (g_steal_pointer (&long_string));
  assert_refused (f->store, long_bytes, MA_BUNDLE_ERROR_LIMIT, "x");
}

/* A file over 256 MiB is refused by its size, before it is read: the file
 * here is sparse, so the test costs no disk. */
static void
test_file_too_large (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "huge.json", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MaBundleReport) report = NULL;
  g_autoptr(MaLogEntry) entry = NULL;
  int fd;

  import_base (f);
  before = dump (f->store);
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 256 * 1024 * 1024 + 1), ==, 0);
  close (fd);

  report = ma_bundle_import_file (f->store, path, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_LIMIT);
  after = dump (f->store);
  g_assert_cmpstr (before, ==, after);
  entry = last_import_log (f->store);
  g_assert_cmpstr (entry->action, ==, "refused");
  g_assert_cmpstr (entry->who, ==, path);
}

static void
test_file (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *path = data_path ("base.json");
  g_autofree char *missing = g_build_filename (f->dir, "missing.json", NULL);
  g_autoptr(MaBundleReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = ma_bundle_import_file (f->store, path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_AUDIT].added, ==, 2);
  g_assert_cmpstr (report->file_name, ==, path);

  g_assert_null (ma_bundle_import_file (f->store, missing, NULL, &error));
  g_assert_error (error, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_IO);
  assert_message_contains (error, "missing.json");
  g_clear_error (&error);
  g_assert_null (ma_bundle_import_file (f->store, f->dir, NULL, &error));
  g_assert_error (error, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_IO);
}

/* Unknown members are reported as warnings, never fatal. */
static void
test_unknown_members (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonNode) root = load_base ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(MaBundleReport) report = NULL;
  g_autoptr(GBytes) plain = base_bytes ();
  g_autoptr(MaBundleReport) again = NULL;

  edit (root, "audits[0].foo", J ("{\"nested\": [1, 2]}"));
  edit (root, "audits[0].answers[1].photo_hint", J ("\"x\""));
  edit (root, "future", J ("[]"));
  edit (root, "source.os", J ("\"linux\""));
  edit (root, "templates[0].sections[1].questions[0].hint", J ("\"y\""));
  bytes = to_bytes (root);
  report = import_ok (f->store, bytes, NULL);
  g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_AUDIT].added, ==, 2);
  g_assert_true (g_ptr_array_find_with_equal_func (report->warnings,
                                                   "audits[0].foo: unknown member, ignored",
                                                   g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (report->warnings,
                                                   "audits[0].answers[1].photo_hint: unknown member, ignored",
                                                   g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (report->warnings, "future: unknown member, ignored",
                                                   g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (report->warnings, "source.os: unknown member, ignored",
                                                   g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (
    report->warnings, "templates[0].sections[1].questions[0].hint: unknown member, ignored",
    g_str_equal, NULL));
  g_assert_cmpuint (report->warnings->len, ==, 5);

  /* They were kept out of the database: the plain bundle is identical. */
  again = import_ok (f->store, plain, NULL);
  g_assert_cmpuint (again->counts[MA_BUNDLE_KIND_AUDIT].identical, ==, 2);
  g_assert_cmpuint (again->counts[MA_BUNDLE_KIND_TEMPLATE].identical, ==, 1);
}

static void
test_approve_option (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GBytes) bytes = base_bytes ();
  MaBundleImportOptions options = { .approve_audits = TRUE, .who = "Office" };
  g_autoptr(MaBundleReport) report = import_ok (f->store, bytes, &options);
  g_autoptr(MaBundleReport) again = NULL;
  g_autoptr(MaAudit) a1 = NULL;
  g_autoptr(MaAudit) a2 = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const MaLogEntry *last;

  g_assert_cmpuint (report->approved, ==, 1);
  a1 = ma_store_get_audit (f->store, UUID_A1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (a1->status, ==, MA_AUDIT_APPROVED);
  a2 = ma_store_get_audit (f->store, UUID_A2, &error);
  g_assert_cmpint (a2->status, ==, MA_AUDIT_DRAFT);   /* drafts are not approved */

  log = ma_store_list_audit_log (f->store, UUID_A1, &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (log, log->len - 1);
  g_assert_cmpstr (last->action, ==, "approved");
  g_assert_cmpstr (last->who, ==, "Office");

  /* The same bundle again: its submitted copy is what was approved. */
  before = dump (f->store);
  again = import_ok (f->store, bytes, &options);
  g_assert_cmpuint (again->counts[MA_BUNDLE_KIND_AUDIT].identical, ==, 2);
  g_assert_cmpuint (again->conflicts->len, ==, 0);
  g_assert_cmpuint (again->approved, ==, 0);
  after = dump (f->store);
  g_assert_cmpstr (before, ==, after);
}

/* A refused bundle with approve_audits approves nothing. */
static void
test_approve_refused (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonNode) root = load_base ();
  g_autoptr(GBytes) bytes = NULL;
  MaBundleImportOptions options = { .approve_audits = TRUE, .who = "Office" };
  g_autoptr(GError) error = NULL;
  g_autoptr(MaAudit) a1 = NULL;

  import_base (f);
  edit (root, "schemes[0].min_audits", J ("3"));   /* refused while writing */
  bytes = to_bytes (root);
  g_assert_null (ma_bundle_import_bytes (f->store, bytes, "x.json", &options, &error));
  g_assert_error (error, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_CONFLICT);
  g_clear_error (&error);
  a1 = ma_store_get_audit (f->store, UUID_A1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (a1->status, ==, MA_AUDIT_SUBMITTED);
}

/* Importing an approved audit into an empty database inserts it approved;
 * a newer approved copy of a draft takes it through submitted. */
static void
test_approved_imported (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(JsonNode) root = load_base ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(MaBundleReport) report = NULL;
  g_autoptr(MaAudit) a1 = NULL;
  g_autoptr(MaAudit) a2 = NULL;
  g_autoptr(GError) error = NULL;

  import_base (f);
  edit (root, "audits[0].uuid", J ("\"" UUID_NEW "\""));
  edit (root, "audits[0].status", J ("\"approved\""));
  /* A2, the draft in the db, finished and approved at the office. */
  edit (root, "audits[1].modified", J ("\"2026-10-22T08:00:00+03:00\""));
  edit (root, "audits[1].status", J ("\"approved\""));
  edit (root, "audits[1].answers[2]", J ("{\"question\": \"tone\", \"value\": 4}"));
  edit (root, "audits[1].answers[3]", J ("{\"question\": \"argued\", \"value\": false}"));
  edit (root, "audits[1].answers[4]", J ("{\"question\": \"offer\", \"value\": \"many\"}"));
  edit (root, "audits[1].answers[5]", J ("{\"question\": \"notes\", \"value\": \"\"}"));
  bytes = to_bytes (root);
  report = import_ok (f->store, bytes, NULL);
  g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_AUDIT].added, ==, 1);
  g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_AUDIT].updated, ==, 1);

  a1 = ma_store_get_audit (f->store, UUID_NEW, &error);
  g_assert_no_error (error);
  g_assert_cmpint (a1->status, ==, MA_AUDIT_APPROVED);
  a2 = ma_store_get_audit (f->store, UUID_A2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (a2->status, ==, MA_AUDIT_APPROVED);
}

/* A field laptop's bundle carries employees without pay: importing it must
 * not wipe the office's pay data. */
static void
test_employee_pay_kept (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(JsonNode) root = load_base ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(MaBundleReport) report = NULL;
  g_autoptr(GPtrArray) employees = NULL;
  g_autoptr(GError) error = NULL;
  const MaEmployee *e;

  import_base (f);
  edit (root, "employees[0].base_pay", NULL);
  edit (root, "employees[0].currency", NULL);
  edit (root, "employees[0].position", J ("\"senior driver\""));
  bytes = to_bytes (root);
  report = import_ok (f->store, bytes, NULL);
  g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_EMPLOYEE].updated, ==, 1);

  employees = ma_store_list_employees (f->store, &error);
  g_assert_no_error (error);
  e = g_ptr_array_index (employees, 0);
  g_assert_cmpstr (e->code, ==, "E1001");
  g_assert_cmpstr (e->position, ==, "senior driver");
  g_assert_cmpint (e->base_pay, ==, 6000000);
  g_assert_cmpstr (e->currency, ==, "RUB");
}

/* ---- export ------------------------------------------------------------------------- */

static JsonObject *
parse_object (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *text = g_bytes_get_data (bytes, &size);
  g_autofree char *copy = g_strndup (text, size);
  g_autoptr(JsonNode) root = NULL;

  g_assert_true (g_utf8_validate (text, size, NULL));
  root = json_from_string (copy, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (root));
}

static void
test_export_field (Fixture       *f,
                   gconstpointer  data)
{
  MaBundleExportOptions options = {
    .audits = TRUE, .templates = TRUE, .directory = TRUE, .pay_data = FALSE,
    .schemes = TRUE, .kpis = TRUE, .device = "office-1",
  };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) top = NULL;
  g_autoptr(GDateTime) created = NULL;
  JsonArray *employees;

  import_base (f);
  bytes = ma_bundle_export (f->store, &options, &error);
  g_assert_no_error (error);
  top = parse_object (bytes);

  g_assert_cmpstr (json_object_get_string_member (top, "format"), ==, "mystery-audit-bundle");
  g_assert_cmpint (json_object_get_int_member (top, "version"), ==, 1);
  created = g_date_time_new_from_iso8601 (json_object_get_string_member (top, "created"), NULL);
  g_assert_nonnull (created);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (top, "source"), "device"),
                   ==, "office-1");

  /* No pay data at all. */
  g_assert_false (json_object_has_member (top, "schemes"));
  g_assert_false (json_object_has_member (top, "kpis"));
  employees = json_object_get_array_member (top, "employees");
  g_assert_cmpuint (json_array_get_length (employees), ==, 2);
  for (guint i = 0; i < json_array_get_length (employees); i++)
    {
      JsonObject *e = json_array_get_object_element (employees, i);
      g_assert_false (json_object_has_member (e, "base_pay"));
      g_assert_false (json_object_has_member (e, "currency"));
      g_assert_true (json_object_has_member (e, "position"));
    }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (top, "audits")), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (top, "templates")), ==, 1);

  /* The pay data goes only with pay_data. */
  {
    g_autoptr(GBytes) with_pay = NULL;
    g_autoptr(JsonObject) top2 = NULL;
    JsonObject *e;

    options.pay_data = TRUE;
    with_pay = ma_bundle_export (f->store, &options, &error);
    g_assert_no_error (error);
    top2 = parse_object (with_pay);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (top2, "schemes")), ==, 1);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (top2, "kpis")), ==, 1);
    e = json_array_get_object_element (json_object_get_array_member (top2, "employees"), 0);
    g_assert_cmpstr (json_object_get_string_member (e, "currency"), ==, "RUB");
  }
}

static void
test_export_selection (Fixture       *f,
                       gconstpointer  data)
{
  MaBundleExportOptions options = { .audits = TRUE };
  const char * const one[] = { UUID_A2, NULL };
  const char * const unknown[] = { UUID_NEW, NULL };
  g_autoptr(GError) error = NULL;

  import_base (f);

  /* Only what was asked for: audits, no directory, no templates. */
  {
    g_autoptr(GBytes) bytes = ma_bundle_export (f->store, &options, &error);
    g_autoptr(JsonObject) top = NULL;

    g_assert_no_error (error);
    top = parse_object (bytes);
    g_assert_false (json_object_has_member (top, "regions"));
    g_assert_false (json_object_has_member (top, "templates"));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (top, "audits")), ==, 2);
  }
  /* since: A1 was modified on 14 Oct, A2 on 20 Oct. */
  {
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(JsonObject) top = NULL;
    JsonArray *audits;

    options.since = "2026-10-17";
    bytes = ma_bundle_export (f->store, &options, &error);
    g_assert_no_error (error);
    top = parse_object (bytes);
    audits = json_object_get_array_member (top, "audits");
    g_assert_cmpuint (json_array_get_length (audits), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (audits, 0), "uuid"),
                     ==, UUID_A2);
  }
  /* since as a time with an offset: 09:02:41Z is A1's modification. */
  {
    g_autoptr(GBytes) at = NULL;
    g_autoptr(GBytes) after = NULL;
    g_autoptr(JsonObject) top_at = NULL;
    g_autoptr(JsonObject) top_after = NULL;

    options.since = "2026-10-14T12:02:41+03:00";
    at = ma_bundle_export (f->store, &options, &error);
    g_assert_no_error (error);
    options.since = "2026-10-14T09:02:42Z";
    after = ma_bundle_export (f->store, &options, &error);
    g_assert_no_error (error);
    top_at = parse_object (at);
    top_after = parse_object (after);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (top_at, "audits")), ==, 2);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (top_after, "audits")), ==, 1);
  }
  /* uuids */
  {
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(JsonObject) top = NULL;

    options.since = NULL;
    options.uuids = one;
    bytes = ma_bundle_export (f->store, &options, &error);
    g_assert_no_error (error);
    top = parse_object (bytes);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (top, "audits")), ==, 1);
  }
  /* A uuid that is not there, a since that is not a time. */
  options.uuids = unknown;
  g_assert_null (ma_bundle_export (f->store, &options, &error));
  g_assert_error (error, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_INVALID);
  assert_message_contains (error, UUID_NEW);
  g_clear_error (&error);
  options.uuids = NULL;
  options.since = "last tuesday";
  g_assert_null (ma_bundle_export (f->store, &options, &error));
  g_assert_error (error, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_INVALID);
  assert_message_contains (error, "since");
}

/* A template editor exports one template, or every version of one. */
static void
test_export_templates (Fixture       *f,
                       gconstpointer  data)
{
  MaBundleExportOptions options = { .templates = TRUE };
  const char * const v2[] = { "delivery-driver/2", NULL };
  const char * const all_versions[] = { "delivery-driver", NULL };
  const char * const other[] = { "visit-2/1", NULL };
  const char * const unknown[] = { "delivery-driver/7", NULL };
  const char * const no_key[] = { "nowhere", NULL };
  g_autoptr(MaTemplate) t1 = NULL;
  g_autoptr(MaTemplate) t2 = NULL;
  g_autoptr(MaTemplate) t3 = NULL;
  g_autoptr(GError) error = NULL;

  import_base (f);
  t1 = ma_store_get_template (f->store, "delivery-driver", 1, &error);
  g_assert_no_error (error);
  t2 = ma_template_copy (t1);
  t2->version = 2;
  t2->status = MA_TEMPLATE_DRAFT;
  g_assert_true (ma_store_save_template (f->store, t2, NULL, &error));
  g_assert_no_error (error);
  /* A key whose name ends like another's, to catch a prefix match. */
  t3 = ma_template_copy (t1);
  g_free (t3->key);
  t3->key = g_strdup ("visit-2");
  g_assert_true (ma_store_save_template (f->store, t3, NULL, &error));
  g_assert_no_error (error);

  {
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(JsonObject) top = NULL;
    JsonArray *templates;
    JsonObject *t;

    options.template_ids = v2;
    bytes = ma_bundle_export (f->store, &options, &error);
    g_assert_no_error (error);
    top = parse_object (bytes);
    templates = json_object_get_array_member (top, "templates");
    g_assert_cmpuint (json_array_get_length (templates), ==, 1);
    t = json_array_get_object_element (templates, 0);
    g_assert_cmpstr (json_object_get_string_member (t, "key"), ==, "delivery-driver");
    g_assert_cmpint (json_object_get_int_member (t, "version"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (t, "status"), ==, "draft");
    /* Nothing else was asked for. */
    g_assert_false (json_object_has_member (top, "audits"));
    g_assert_false (json_object_has_member (top, "employees"));
  }
  {
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(JsonObject) top = NULL;
    JsonArray *templates;

    options.template_ids = all_versions;
    bytes = ma_bundle_export (f->store, &options, &error);
    g_assert_no_error (error);
    top = parse_object (bytes);
    templates = json_object_get_array_member (top, "templates");
    g_assert_cmpuint (json_array_get_length (templates), ==, 2);
    for (guint i = 0; i < 2; i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (templates, i), "key"),
                       ==, "delivery-driver");
  }
  {
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(JsonObject) top = NULL;
    JsonArray *templates;

    options.template_ids = other;
    bytes = ma_bundle_export (f->store, &options, &error);
    g_assert_no_error (error);
    top = parse_object (bytes);
    templates = json_object_get_array_member (top, "templates");
    g_assert_cmpuint (json_array_get_length (templates), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (templates, 0), "key"),
                     ==, "visit-2");
  }

  /* A version or a key that is not there is an error naming it. */
  options.template_ids = unknown;
  g_assert_null (ma_bundle_export (f->store, &options, &error));
  g_assert_error (error, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_INVALID);
  assert_message_contains (error, "delivery-driver/7");
  g_clear_error (&error);
  options.template_ids = no_key;
  g_assert_null (ma_bundle_export (f->store, &options, &error));
  g_assert_error (error, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_INVALID);
  assert_message_contains (error, "nowhere");
  g_clear_error (&error);

  /* The exported template imports into another database as it was. */
  {
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(MaStore) other_store = NULL;
    g_autoptr(MaBundleReport) report = NULL;
    g_autoptr(MaTemplate) back = NULL;
    g_autofree char *path = g_build_filename (f->dir, "other.db", NULL);
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;

    options.template_ids = v2;
    bytes = ma_bundle_export (f->store, &options, &error);
    g_assert_no_error (error);
    other_store = ma_sqlite_store_open (path, MA_SQLITE_STORE_FLAGS_NONE, &error);
    g_assert_no_error (error);
    report = import_ok (other_store, bytes, NULL);
    g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_TEMPLATE].added, ==, 1);
    back = ma_store_get_template (other_store, "delivery-driver", 2, &error);
    g_assert_no_error (error);
    g_assert_cmpint (back->status, ==, MA_TEMPLATE_DRAFT);
    a = ma_template_to_canonical (back);
    b = ma_template_to_canonical (t2);
    g_assert_cmpstr (a, ==, b);
  }
}

static void
test_export_file (Fixture       *f,
                  gconstpointer  data)
{
  MaBundleExportOptions options = { .audits = TRUE, .templates = TRUE, .directory = TRUE };
  const char * const one[] = { UUID_A1, NULL };
  g_autofree char *path = g_build_filename (f->dir, "out.json", NULL);
  g_autofree char *bad_path = g_build_filename (f->dir, "no-such-dir", "out.json", NULL);
  g_autofree char *sha256 = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *file_sha256 = NULL;
  g_autoptr(GBytes) file_bytes = NULL;
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  GStatBuf st;

  import_base (f);
  options.uuids = one;
  g_assert_true (ma_bundle_export_to_file (f->store, &options, path, &sha256, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  file_bytes = g_bytes_new (contents, length);
  file_sha256 = ma_sha256_hex (file_bytes);
  g_assert_cmpstr (sha256, ==, file_sha256);

  /* Only the exported audit is marked. */
  audits = ma_store_list_audits (f->store, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < audits->len; i++)
    {
      const MaAuditSummary *s = g_ptr_array_index (audits, i);
      g_assert_cmpint (s->exported, ==, g_str_equal (s->uuid, UUID_A1));
    }

  g_assert_false (ma_bundle_export_to_file (f->store, &options, bad_path, NULL, &error));
  g_assert_error (error, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_IO);
  assert_message_contains (error, bad_path);
}

/* ---- the round trip ------------------------------------------------------------------- */

static const char store_visit_template[] =
  "{ \"key\": \"store-visit\", \"version\": 3, \"name\": \"Store visit\", \"channel\": \"visit\","
  "  \"description\": \"Every question type and rule\","
  "  \"sections\": ["
  "   { \"key\": \"entry\", \"title\": \"Entry\", \"weight\": 2, \"component\": \"politeness\","
  "     \"questions\": ["
  "      { \"key\": \"wait\", \"text\": \"Seconds to a greeting\", \"type\": \"number\", \"unit\": \"s\","
  "        \"rule\": { \"max\": 60 }, \"standard\": { \"share\": 0.9 }, \"weight\": 1.5 },"
  "      { \"key\": \"items\", \"text\": \"Items offered\", \"type\": \"number\", \"rule\": { \"min\": 2 } },"
  "      { \"key\": \"queue\", \"text\": \"Minutes in the queue\", \"type\": \"number\","
  "        \"rule\": { \"band\": { \"full\": 2, \"zero\": 12 } }, \"allow_na\": true },"
  "      { \"key\": \"safety\", \"text\": \"Safety rules kept\", \"type\": \"yes_no\", \"critical\": \"audit\","
  "        \"comment_on_fail\": true, \"evidence_required\": true }"
  "     ] },"
  "   { \"key\": \"service\", \"title\": \"Service\", \"weight\": 1, \"component\": \"handover\","
  "     \"questions\": ["
  "      { \"key\": \"smile\", \"text\": \"Smiled\", \"guidance\": \"Any time\", \"type\": \"scale\","
  "        \"min\": 0, \"max\": 10, \"labels\": { \"0\": \"never\", \"10\": \"always\" } },"
  "      { \"key\": \"pushy\", \"text\": \"Pushy\", \"type\": \"yes_no\", \"good\": false, \"weight\": 0.5,"
  "        \"component\": \"politeness\" },"
  "      { \"key\": \"advice\", \"text\": \"Advice\", \"type\": \"choice\", \"allow_na\": true, \"options\": ["
  "        { \"key\": \"bad\", \"label\": \"Bad\", \"score\": 0 },"
  "        { \"key\": \"ok\", \"label\": \"OK\", \"score\": 0.3333333333333333 },"
  "        { \"key\": \"good\", \"label\": \"Good\", \"score\": 1 } ] },"
  "      { \"key\": \"remarks\", \"text\": \"Remarks\", \"type\": \"text\" }"
  "     ] } ] }";

typedef struct {
  const char *uuid;
  const char *json;
  MaAuditStatus final;
  const char *reason;
} RoundTripAudit;

static const RoundTripAudit round_trip_audits[] = {
  /* N/A, comments, an attachment; approved */
  { "11111111-1111-4111-8111-111111111111",
    "{ \"uuid\": \"11111111-1111-4111-8111-111111111111\", \"template\": \"delivery-driver\","
    "  \"template_version\": 1, \"branch\": \"SPB-01\", \"employee\": \"E1001\", \"auditor\": \"A. S.\","
    "  \"channel\": \"delivery\", \"scenario\": \"Late evening\", \"visited_at\": \"2026-10-03T22:30:00+03:00\","
    "  \"modified\": \"2026-10-03T23:00:00+03:00\", \"status\": \"submitted\", \"answers\": ["
    "   { \"question\": \"late_minutes\", \"value\": 7.25 }, { \"question\": \"greeted\", \"value\": true },"
    "   { \"question\": \"tone\", \"na\": true, \"comment\": \"Barely spoke\" },"
    "   { \"question\": \"argued\", \"value\": false }, { \"question\": \"offer\", \"value\": \"one\","
    "     \"comment\": \"Ünïcödé ✓\" }, { \"question\": \"notes\", \"value\": \"\" } ],"
    "  \"attachments\": [ { \"question\": \"greeted\", \"name\": \"door.jpg\","
    "   \"sha256\": \"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\","
    "   \"data_base64\": \"aGVsbG8=\" }, { \"name\": \"receipt.png\","
    "   \"sha256\": \"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\", \"data_base64\": \"\" } ] }",
    MA_AUDIT_APPROVED, NULL },
  /* a critical failure; approved */
  { "22222222-2222-4222-8222-222222222222",
    "{ \"uuid\": \"22222222-2222-4222-8222-222222222222\", \"template\": \"delivery-driver\","
    "  \"template_version\": 1, \"branch\": \"SPB-01\", \"employee\": \"E1001\", \"auditor\": \"A. S.\","
    "  \"channel\": \"delivery\", \"visited_at\": \"2026-10-10T10:00:00Z\","
    "  \"modified\": \"2026-10-10T11:00:00Z\", \"status\": \"submitted\", \"answers\": ["
    "   { \"question\": \"late_minutes\", \"value\": 31 }, { \"question\": \"greeted\", \"value\": false,"
    "     \"comment\": \"Silent\" }, { \"question\": \"tone\", \"value\": 2 },"
    "   { \"question\": \"argued\", \"value\": true }, { \"question\": \"offer\", \"value\": \"many\" },"
    "   { \"question\": \"notes\", \"value\": \"x\" } ] }",
    MA_AUDIT_APPROVED, NULL },
  /* voided */
  { "33333333-3333-4333-8333-333333333333",
    "{ \"uuid\": \"33333333-3333-4333-8333-333333333333\", \"template\": \"delivery-driver\","
    "  \"template_version\": 1, \"branch\": \"MSK-01\", \"employee\": \"E1002\", \"auditor\": \"B. K.\","
    "  \"channel\": \"delivery\", \"visited_at\": \"2026-10-12T10:00:00-05:00\","
    "  \"modified\": \"2026-10-12T11:00:00-05:00\", \"status\": \"submitted\", \"answers\": ["
    "   { \"question\": \"late_minutes\", \"value\": 0 }, { \"question\": \"greeted\", \"value\": true },"
    "   { \"question\": \"tone\", \"value\": 5 }, { \"question\": \"argued\", \"value\": false },"
    "   { \"question\": \"offer\", \"value\": \"none\" }, { \"question\": \"notes\", \"value\": \"ok\" } ] }",
    MA_AUDIT_VOIDED, "Wrong employee" },
  /* a draft with gaps */
  { "44444444-4444-4444-8444-444444444444",
    "{ \"uuid\": \"44444444-4444-4444-8444-444444444444\", \"template\": \"delivery-driver\","
    "  \"template_version\": 1, \"branch\": \"MSK-01\", \"auditor\": \"B. K.\","
    "  \"channel\": \"delivery\", \"visited_at\": \"2026-10-20T10:00:00+03:00\","
    "  \"modified\": \"2026-10-20T10:05:00+03:00\", \"status\": \"draft\", \"answers\": ["
    "   { \"question\": \"greeted\", \"value\": true } ] }",
    MA_AUDIT_DRAFT, NULL },
  /* every question type, submitted, no employee */
  { "55555555-5555-4555-8555-555555555555",
    "{ \"uuid\": \"55555555-5555-4555-8555-555555555555\", \"template\": \"store-visit\","
    "  \"template_version\": 3, \"branch\": \"MSK-01\", \"auditor\": \"C. D.\","
    "  \"channel\": \"visit\", \"visited_at\": \"2026-10-31T23:59:00+03:00\","
    "  \"modified\": \"2026-11-01T00:10:00+03:00\", \"status\": \"submitted\", \"answers\": ["
    "   { \"question\": \"wait\", \"value\": 45 }, { \"question\": \"items\", \"value\": 1 },"
    "   { \"question\": \"queue\", \"value\": 4.5 }, { \"question\": \"safety\", \"value\": true },"
    "   { \"question\": \"smile\", \"value\": 7 }, { \"question\": \"pushy\", \"value\": false },"
    "   { \"question\": \"advice\", \"value\": \"ok\" }, { \"question\": \"remarks\", \"value\": \"Fine\" } ] }",
    MA_AUDIT_SUBMITTED, NULL },
  /* a critical audit failure; approved */
  { "66666666-6666-4666-8666-666666666666",
    "{ \"uuid\": \"66666666-6666-4666-8666-666666666666\", \"template\": \"store-visit\","
    "  \"template_version\": 3, \"branch\": \"SPB-01\", \"employee\": \"E1001\", \"auditor\": \"C. D.\","
    "  \"channel\": \"visit\", \"visited_at\": \"2026-10-05T12:00:00+03:00\","
    "  \"modified\": \"2026-10-05T13:00:00+03:00\", \"status\": \"submitted\", \"answers\": ["
    "   { \"question\": \"wait\", \"value\": 90 }, { \"question\": \"items\", \"value\": 3 },"
    "   { \"question\": \"queue\", \"na\": true }, { \"question\": \"safety\", \"value\": false,"
    "     \"comment\": \"No gloves\" },"
    "   { \"question\": \"smile\", \"value\": 10 }, { \"question\": \"pushy\", \"value\": true },"
    "   { \"question\": \"advice\", \"na\": true }, { \"question\": \"remarks\", \"value\": \"\" } ] }",
    MA_AUDIT_APPROVED, NULL },
  /* approved, other branch; a number beyond 2^53 is written by json-glib as
   * 10000000000000000.0, which the strict reader must take back */
  { "77777777-7777-4777-8777-777777777777",
    "{ \"uuid\": \"77777777-7777-4777-8777-777777777777\", \"template\": \"store-visit\","
    "  \"template_version\": 3, \"branch\": \"MSK-01\", \"employee\": \"E1002\", \"auditor\": \"C. D.\","
    "  \"channel\": \"visit\", \"visited_at\": \"2026-09-30T12:00:00+03:00\","
    "  \"modified\": \"2026-10-01T13:00:00+03:00\", \"status\": \"submitted\", \"answers\": ["
    "   { \"question\": \"wait\", \"value\": 10 }, { \"question\": \"items\", \"value\": 2 },"
    "   { \"question\": \"queue\", \"value\": 1e16 }, { \"question\": \"safety\", \"value\": true },"
    "   { \"question\": \"smile\", \"value\": 3 }, { \"question\": \"pushy\", \"value\": false },"
    "   { \"question\": \"advice\", \"value\": \"good\" }, { \"question\": \"remarks\", \"value\": \"Good\" } ] }",
    MA_AUDIT_APPROVED, NULL },
};

static JsonObject *
object_of (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

/* The source store is built through the store API (the model reads the
 * JSON of each object), never through the bundle import under test. */
static void
build_source_store (MaStore *store)
{
  g_autoptr(JsonNode) base = load_base ();
  JsonObject *top = json_node_get_object (base);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) visit_object = object_of (store_visit_template);
  g_autoptr(MaTemplate) visit = NULL;
  JsonArray *array;

  array = json_object_get_array_member (top, "regions");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(MaRegion) r = ma_region_from_json (json_array_get_object_element (array, i), "r", NULL, &error);
      g_assert_no_error (error);
      ma_store_save_region (store, r, NULL, &error);
      g_assert_no_error (error);
    }
  array = json_object_get_array_member (top, "branches");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(MaBranch) b = ma_branch_from_json (json_array_get_object_element (array, i), "b", NULL, &error);
      g_assert_no_error (error);
      ma_store_save_branch (store, b, NULL, &error);
      g_assert_no_error (error);
    }
  array = json_object_get_array_member (top, "employees");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(MaEmployee) e = ma_employee_from_json (json_array_get_object_element (array, i), "e", NULL, &error);
      g_assert_no_error (error);
      if (i == 1)
        {
          e->active_from = g_strdup ("2025-03-01");
          e->active_to = g_strdup ("2026-12-31");
        }
      ma_store_save_employee (store, e, NULL, &error);
      g_assert_no_error (error);
    }
  array = json_object_get_array_member (top, "templates");
  {
    g_autoptr(MaTemplate) t = ma_template_from_json (json_array_get_object_element (array, 0), "t", NULL, &error);
    g_autoptr(MaTemplate) draft = NULL;

    g_assert_no_error (error);
    ma_store_save_template (store, t, NULL, &error);
    g_assert_no_error (error);
    /* An unpublished next version travels too. */
    draft = ma_template_copy (t);
    draft->version = 2;
    draft->status = MA_TEMPLATE_DRAFT;
    ma_store_save_template (store, draft, NULL, &error);
    g_assert_no_error (error);
  }
  visit = ma_template_from_json (visit_object, "t", NULL, &error);
  g_assert_no_error (error);
  ma_store_save_template (store, visit, NULL, &error);
  g_assert_no_error (error);

  array = json_object_get_array_member (top, "schemes");
  {
    g_autoptr(MaScheme) s = ma_scheme_from_json (json_array_get_object_element (array, 0), "s", NULL, &error);
    g_assert_no_error (error);
    ma_store_save_scheme (store, s, NULL, &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(MaKpi) k1 = ma_kpi_new ("E1001", "2026-10", "volume", 52, 50);
    g_autoptr(MaKpi) k2 = ma_kpi_new ("E1002", "2026-10", "volume", 47.5, 60);

    ma_store_save_kpi (store, k1, NULL, &error);
    g_assert_no_error (error);
    ma_store_save_kpi (store, k2, NULL, &error);
    g_assert_no_error (error);
  }

  for (guint i = 0; i < G_N_ELEMENTS (round_trip_audits); i++)
    {
      const RoundTripAudit *rt = &round_trip_audits[i];
      g_autoptr(JsonObject) o = object_of (rt->json);
      g_autoptr(MaAudit) a = ma_audit_from_json (o, "a", NULL, &error);

      g_assert_no_error (error);
      ma_store_save_audit (store, a, "Auditor", NULL, NULL, &error);
      g_assert_no_error (error);
      if (rt->final != a->status)
        {
          ma_store_set_audit_status (store, rt->uuid, rt->final, "Reviewer", rt->reason, &error);
          g_assert_no_error (error);
        }
    }
}

static char *
dump_scores (MaStore *store)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audits = ma_store_list_audits (store, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < audits->len; i++)
    {
      const MaAuditSummary *s = g_ptr_array_index (audits, i);
      g_string_append_printf (out, "%s %s %a %s %s %s\n", s->uuid, ma_audit_status_to_string (s->status),
                              s->score, s->critical_failure ? s->critical_failure : "-", s->period,
                              s->employee ? s->employee : "-");
    }
  for (int group = MA_GROUP_EMPLOYEE; group <= MA_GROUP_CHAIN; group++)
    for (int part = MA_PART_OVERALL; part <= MA_PART_COMPONENT; part++)
      {
        g_autoptr(GPtrArray) rows = ma_store_aggregate_scores (store, group, part, NULL, NULL, &error);

        g_assert_no_error (error);
        for (guint i = 0; i < rows->len; i++)
          {
            const MaAggregateRow *r = g_ptr_array_index (rows, i);
            g_string_append_printf (out, "agg %d %d %s %s %a %" G_GINT64_FORMAT "\n", group, part,
                                    r->group, r->part ? r->part : "-", r->mean, r->n);
          }
      }
  return g_string_free (out, FALSE);
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  MaBundleExportOptions options = {
    .audits = TRUE, .templates = TRUE, .directory = TRUE, .pay_data = TRUE,
    .schemes = TRUE, .kpis = TRUE, .device = "office", .auditor = "HR",
  };
  g_autofree char *path = g_build_filename (f->dir, "all.json", NULL);
  g_autofree char *sha256 = NULL;
  g_autoptr(MaStore) target = open_store (f->dir, "target.db");
  g_autoptr(MaBundleReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *source_scores = NULL;
  g_autofree char *target_scores = NULL;
  g_autoptr(GPtrArray) source_templates = NULL;
  g_autoptr(GPtrArray) target_templates = NULL;
  g_autoptr(GPtrArray) source_schemes = NULL;
  g_autoptr(GPtrArray) target_schemes = NULL;
  g_autoptr(GPtrArray) source_employees = NULL;
  g_autoptr(GPtrArray) target_employees = NULL;
  g_autoptr(GPtrArray) source_kpis = NULL;
  g_autoptr(GPtrArray) target_kpis = NULL;

  build_source_store (f->store);
  g_assert_true (ma_bundle_export_to_file (f->store, &options, path, &sha256, &error));
  g_assert_no_error (error);

  report = ma_bundle_import_file (target, path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->sha256, ==, sha256);
  g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_AUDIT].added, ==, G_N_ELEMENTS (round_trip_audits));
  g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_TEMPLATE].added, ==, 3);
  g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_KPI].added, ==, 2);
  g_assert_cmpuint (report->conflicts->len, ==, 0);
  g_assert_cmpuint (report->warnings->len, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (round_trip_audits); i++)
    {
      g_autoptr(MaAudit) a = ma_store_get_audit (f->store, round_trip_audits[i].uuid, &error);
      g_autoptr(MaAudit) b = ma_store_get_audit (target, round_trip_audits[i].uuid, &error);
      g_autofree char *ca = NULL;
      g_autofree char *cb = NULL;

      g_assert_no_error (error);
      g_assert_cmpint (a->status, ==, round_trip_audits[i].final);
      g_assert_cmpint (b->status, ==, round_trip_audits[i].final);
      ca = ma_audit_to_canonical (a);
      cb = ma_audit_to_canonical (b);
      g_assert_cmpstr (ca, ==, cb);
      /* The attachment data, not only its hash. */
      for (guint j = 0; j < a->attachments->len; j++)
        g_assert_true (g_bytes_equal (((MaAttachment *) a->attachments->pdata[j])->data,
                                      ((MaAttachment *) b->attachments->pdata[j])->data));
    }

  source_scores = dump_scores (f->store);
  target_scores = dump_scores (target);
  g_assert_cmpstr (source_scores, ==, target_scores);
  /* The comparison covers something: the chain's mean over the four
   * approved audits, and per-section and per-component rows. */
  g_assert_nonnull (strstr (source_scores, "\nagg 3 0  - "));
  g_assert_nonnull (strstr (source_scores, " 4\n"));
  g_assert_nonnull (strstr (source_scores, "agg 3 2  politeness "));

  source_templates = ma_store_list_templates (f->store, &error);
  target_templates = ma_store_list_templates (target, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (source_templates->len, ==, target_templates->len);
  for (guint i = 0; i < source_templates->len; i++)
    {
      const MaTemplate *a = g_ptr_array_index (source_templates, i);
      const MaTemplate *b = g_ptr_array_index (target_templates, i);
      g_autofree char *ca = ma_template_to_canonical (a);
      g_autofree char *cb = ma_template_to_canonical (b);

      g_assert_cmpstr (ca, ==, cb);
      g_assert_cmpint (a->status, ==, b->status);
    }

  source_schemes = ma_store_list_schemes (f->store, &error);
  target_schemes = ma_store_list_schemes (target, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (source_schemes->len, ==, 1);
  g_assert_cmpuint (target_schemes->len, ==, 1);
  {
    g_autofree char *ca = ma_scheme_to_canonical (source_schemes->pdata[0]);
    g_autofree char *cb = ma_scheme_to_canonical (target_schemes->pdata[0]);
    g_assert_cmpstr (ca, ==, cb);
  }

  source_employees = ma_store_list_employees (f->store, &error);
  target_employees = ma_store_list_employees (target, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (source_employees->len, ==, target_employees->len);
  for (guint i = 0; i < source_employees->len; i++)
    g_assert_true (ma_employee_equal (source_employees->pdata[i], target_employees->pdata[i]));

  source_kpis = ma_store_list_kpis (f->store, NULL, &error);
  target_kpis = ma_store_list_kpis (target, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (source_kpis->len, ==, target_kpis->len);
  for (guint i = 0; i < source_kpis->len; i++)
    {
      const MaKpi *a = g_ptr_array_index (source_kpis, i);
      const MaKpi *b = g_ptr_array_index (target_kpis, i);
      g_assert_cmpstr (a->employee, ==, b->employee);
      g_assert_cmpfloat (a->actual, ==, b->actual);
      g_assert_cmpfloat (a->plan, ==, b->plan);
    }

  /* The source marked every exported audit with the file's hash; a second
   * import into the target is identical throughout. */
  {
    g_autoptr(GPtrArray) audits = ma_store_list_audits (f->store, NULL, &error);
    g_autoptr(MaBundleReport) again = NULL;

    g_assert_no_error (error);
    for (guint i = 0; i < audits->len; i++)
      g_assert_true (((MaAuditSummary *) audits->pdata[i])->exported);
    again = ma_bundle_import_file (target, path, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (again->counts[MA_BUNDLE_KIND_AUDIT].identical, ==, G_N_ELEMENTS (round_trip_audits));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/bundle/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("import/accepted", test_accepted);
  ADD ("import/twice", test_twice);
  ADD ("import/one-transaction", test_one_transaction);
  ADD ("import/newer-wins", test_newer_wins);
  ADD ("import/older-skipped", test_older_skipped);
  ADD ("import/draft-updated", test_draft_updated);
  ADD ("import/two-laptops", test_two_laptops);
  ADD ("import/approved-kept", test_approved_kept);
  ADD ("import/template-immutable", test_template_immutable);
  ADD ("import/scheme-immutable", test_scheme_immutable);
  ADD ("import/duplicate-uuid", test_duplicate_uuid);
  ADD ("import/duplicate-code", test_duplicate_code);
  ADD ("import/format", test_format);
  ADD ("import/version", test_version);
  ADD ("import/complete-answers", test_complete_answers);
  ADD ("import/unknown-references", test_unknown_references);
  ADD ("import/references-resolved", test_references_resolved);
  ADD ("import/draft-template", test_draft_template);
  ADD ("import/attachment-names", test_attachment_names);
  ADD ("import/attachment-sha256", test_attachment_sha256);
  ADD ("import/values", test_values);
  ADD ("import/raw-values", test_raw_values);
  ADD ("import/strict-json", test_strict_json);
  ADD ("import/truncated", test_truncated);
  ADD ("import/limits", test_limits);
  ADD ("import/file-too-large", test_file_too_large);
  ADD ("import/file", test_file);
  ADD ("import/unknown-members", test_unknown_members);
  ADD ("import/approve-option", test_approve_option);
  ADD ("import/approve-refused", test_approve_refused);
  ADD ("import/approved-imported", test_approved_imported);
  ADD ("import/employee-pay-kept", test_employee_pay_kept);
  ADD ("export/field", test_export_field);
  ADD ("export/selection", test_export_selection);
  ADD ("export/file", test_export_file);
  ADD ("export/templates", test_export_templates);
  ADD ("round-trip", test_round_trip);
#undef ADD

  return g_test_run ();
}
