/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The hostile bundles of tests/bundles/bad/ against a populated database.
 *
 * Each file is tests/bundles/good-demo.json with one thing wrong (see
 * tests/bundles/make-bad.py). good-demo.json itself imports into the demo
 * database, so each refusal comes from that one thing. For every file the
 * import must be refused with the expected code and a message naming the
 * member (the table below), and the database must be exactly as before:
 * the same fingerprint of every table, and one more entry, "refused", in
 * the import log. The deepest nesting and the longest strings are built
 * here rather than committed. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ma-bundle.h"
#include "ma-demo.h"
#include "ma-sqlite-store.h"

typedef struct {
  const char *file;
  int         code;
  const char *message;   /* a part of the message: the member path and the problem */
} Expectation;

#define SYNTAX    MA_BUNDLE_ERROR_SYNTAX
#define LIMIT     MA_BUNDLE_ERROR_LIMIT
#define FORMAT    MA_BUNDLE_ERROR_FORMAT
#define VERSION   MA_BUNDLE_ERROR_VERSION
#define INVALID   MA_BUNDLE_ERROR_INVALID
#define REFERENCE MA_BUNDLE_ERROR_REFERENCE
#define CONFLICT  MA_BUNDLE_ERROR_CONFLICT

static const Expectation expectations[] = {
  /* not JSON, or not strict JSON */
  { "empty.json", SYNTAX, "the document is empty" },
  { "whitespace-only.json", SYNTAX, "the document is empty" },
  { "truncated.json", SYNTAX, "the document ends too early" },
  { "truncated-in-string.json", SYNTAX, "branches[0].name (line 18, column 12): the document ends inside a string" },
  { "top-level-array.json", SYNTAX, "must be an object, not an array" },
  { "top-level-string.json", SYNTAX, "must be an object, not a string" },
  { "comment-line.json", SYNTAX, "comments are not allowed" },
  { "comment-block.json", SYNTAX, "comments are not allowed" },
  { "single-quotes.json", SYNTAX, "single quotes are not allowed" },
  { "leading-zero.json", SYNTAX, "audits[0].template_version (line 111, column 24): leading zeros" },
  { "leading-zero-012.json", SYNTAX, "audits[0].answers[0].value (line 122, column 15): leading zeros" },
  { "hex-number.json", SYNTAX, "audits[0].template_version (line 111, column 24): hexadecimal numbers" },
  { "int-2-63.json", SYNTAX, "audits[0].answers[0].value (line 122, column 15): integers beyond 2^53" },
  { "int-beyond-2-53.json", SYNTAX, "audits[0].answers[0].value (line 122, column 15): integers beyond 2^53" },
  { "exponent-overflow.json", SYNTAX, "audits[0].answers[0].value (line 122, column 15): the number is too large" },
  { "nan-literal.json", SYNTAX, "audits[0].answers[0].value (line 122, column 15): NaN" },
  { "infinity-literal.json", SYNTAX, "audits[0].answers[0].value (line 122, column 15): Infinity" },
  { "plus-sign.json", SYNTAX, "audits[0].answers[0].value (line 122, column 15): a number must not start with a plus" },
  { "u0000.json", SYNTAX, "source.auditor (line 7, column 21): \\u0000" },
  { "lone-surrogate.json", SYNTAX, "source.auditor (line 7, column 25): \\uD800 is a high surrogate" },
  { "bad-escape.json", SYNTAX, "source.auditor (line 7, column 18): " },
  { "raw-control-char.json", SYNTAX, "source.auditor (line 7, column 17): control character U+0009" },
  { "invalid-utf8.json", SYNTAX, "employees[0].name (line 25, column 22): invalid UTF-8" },
  { "overlong-utf8.json", SYNTAX, "employees[0].name (line 25, column 22): invalid UTF-8" },
  { "bom.json", SYNTAX, "byte order mark" },
  { "trailing-garbage.json", SYNTAX, "unexpected text after the end of the top-level object" },
  { "two-documents.json", SYNTAX, "unexpected text after the end of the top-level object" },
  { "duplicate-key-top.json", SYNTAX, "format (line 3, column 2): the member “format” appears more than once" },
  { "duplicate-key-answer.json", SYNTAX, "audits[0].answers[0].value (line 122, column 19): the member “value” appears more than once" },
  { "deep-nesting-100.json", LIMIT, "x[0][0][0]" },

  /* not a bundle of this version */
  { "wrong-format.json", FORMAT, "format: \"mystery-audit-backup\" is not an audit bundle" },
  { "format-missing.json", FORMAT, "format: missing" },
  { "version-2.json", VERSION, "version: the bundle has format version 2, made by a newer version" },
  { "version-0.json", VERSION, "version: 0 is not a bundle format version" },
  { "version-string.json", VERSION, "version: expected a whole number, found a string" },

  /* members of the wrong type or out of range */
  { "wrong-type-list.json", INVALID, "regions: expected an array, found an object" },
  { "wrong-type-yes-no.json", INVALID, "audits[0].answers[1].value: question \"greeted\" is answered true or false" },
  { "number-as-string.json", INVALID, "audits[0].answers[0].value: question \"late_minutes\" is answered with a number" },
  { "scale-out-of-range.json", INVALID, "audits[0].answers[2].value: 7 is outside the scale 1..5" },
  { "scale-fraction.json", INVALID, "audits[0].answers[2].value: question \"tone\" is answered with a whole number" },
  { "choice-not-option.json", INVALID, "audits[0].answers[3].value: \"plenty\" is not an option" },
  { "negative-base-pay.json", INVALID, "employees[0].base_pay: -100 is not a valid amount" },
  { "base-pay-fraction-of-cent.json", INVALID, "employees[0].base_pay: 61000.005 has more decimals than RUB allows" },
  { "bad-uuid.json", INVALID, "audits[0].uuid: \"not-a-uuid\" is not a UUID" },
  { "bad-date.json", INVALID, "audits[0].visited_at: \"yesterday afternoon\" is not an ISO 8601 time" },
  { "unknown-status.json", INVALID, "audits[0].status: \"finished\" is not an audit status" },
  { "missing-answer-submitted.json", INVALID, "audits[0].answers: question \"tone\" is not answered" },
  { "na-not-allowed.json", INVALID, "audits[0].answers[1].na: question \"greeted\" cannot be answered N/A" },
  { "question-answered-twice.json", INVALID, "audits[0].answers[5].question: question \"greeted\" is answered twice" },
  { "empty-code.json", INVALID, "branches[0].code: not a valid code" },

  /* references to nothing */
  { "unknown-template.json", REFERENCE, "audits[0].template: template \"no-such-form\" (version 1) is not in the database or the bundle" },
  { "unknown-template-version.json", REFERENCE, "audits[1].template_version: template \"delivery-driver\" has no version 9" },
  { "unknown-branch.json", REFERENCE, "audits[1].branch: branch \"NOWHERE-1\" is not in the directory or the bundle" },
  { "unknown-employee.json", REFERENCE, "audits[1].employee: employee \"E0000\" is not in the directory or the bundle" },
  { "unknown-region.json", REFERENCE, "branches[0].region: region \"ATLANTIS\" is not in the directory or the bundle" },
  { "unknown-question.json", REFERENCE, "audits[0].answers[5].question: template \"courier-check\" version 1 has no question \"smiled\"" },

  /* attachments */
  { "attachment-traversal.json", INVALID, "audits[0].attachments[0].name: not a valid file name" },
  { "attachment-absolute.json", INVALID, "audits[0].attachments[0].name: not a valid file name" },
  { "attachment-backslash.json", INVALID, "audits[0].attachments[0].name: not a valid file name" },
  { "attachment-dot-dot.json", INVALID, "audits[0].attachments[0].name: not a valid file name" },
  { "attachment-control.json", INVALID, "audits[0].attachments[0].name: not a valid file name" },
  { "attachment-wrong-sha256.json", INVALID, "audits[0].attachments[0].sha256: does not match the data" },
  { "attachment-bad-base64.json", INVALID, "audits[0].attachments[0].data_base64: not valid base64" },
  { "attachment-unknown-question.json", REFERENCE, "audits[0].attachments[0].question: template \"courier-check\" version 1 has no question \"smiled\"" },

  /* conflicts */
  { "duplicate-uuid.json", CONFLICT, "audits[1].uuid: audit \"3d9f1a2b-5c6d-4e7f-8a9b-0c1d2e3f4a5b\" appears twice in the bundle" },
  { "duplicate-branch-code.json", CONFLICT, "branches[1].code: branch \"EKB-01\" appears twice in the bundle" },
  { "template-version-differs.json", CONFLICT, "templates[1]: Template \"delivery-driver\" version 1 is already published with different content" },
};

static char *work_dir;
static MaStore *store;

static char *
bundles_dir (void)
{
  const char *data = g_getenv ("MA_TEST_DATA");

  /* MA_TEST_DATA is tests/data; the corpus is beside it. */
  return g_build_filename (data ? data : "tests/data", "..", "bundles", NULL);
}

/* ---- the fingerprint of a database --------------------------------------------- */

static void
add_line (GChecksum  *sum,
          const char *format,
          ...) G_GNUC_PRINTF (2, 3);

static void
add_line (GChecksum  *sum,
          const char *format,
          ...)
{
  g_autofree char *line = NULL;
  va_list args;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  g_checksum_update (sum, (const guchar *) line, -1);
  g_checksum_update (sum, (const guchar *) "\n", 1);
}

/* Counts of every table and a hash of their contents (audits by their list
 * entries with scores); the import log is left out and counted apart. */
static char *
fingerprint (MaStore *s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GPtrArray) regions = ma_store_list_regions (s, &error);
  g_autoptr(GPtrArray) branches = ma_store_list_branches (s, &error);
  g_autoptr(GPtrArray) employees = ma_store_list_employees (s, &error);
  g_autoptr(GPtrArray) templates = ma_store_list_templates (s, &error);
  g_autoptr(GPtrArray) schemes = ma_store_list_schemes (s, &error);
  g_autoptr(GPtrArray) kpis = ma_store_list_kpis (s, NULL, &error);
  g_autoptr(GPtrArray) audits = ma_store_list_audits (s, NULL, &error);
  g_autoptr(GPtrArray) periods = ma_store_list_period_log (s, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < regions->len; i++)
    {
      const MaRegion *r = regions->pdata[i];
      add_line (sum, "region %s %s", r->code, r->name);
    }
  for (guint i = 0; i < branches->len; i++)
    {
      const MaBranch *b = branches->pdata[i];
      add_line (sum, "branch %s %s %s", b->code, b->name, b->region);
    }
  for (guint i = 0; i < employees->len; i++)
    {
      const MaEmployee *e = employees->pdata[i];
      add_line (sum, "employee %s %s %s %s %" G_GINT64_FORMAT, e->code, e->name, e->branch,
                e->position, e->base_pay);
    }
  for (guint i = 0; i < templates->len; i++)
    {
      g_autofree char *canonical = ma_template_to_canonical (templates->pdata[i]);
      add_line (sum, "template %s", canonical);
    }
  for (guint i = 0; i < schemes->len; i++)
    {
      g_autofree char *canonical = ma_scheme_to_canonical (schemes->pdata[i]);
      add_line (sum, "scheme %s", canonical);
    }
  for (guint i = 0; i < kpis->len; i++)
    {
      const MaKpi *k = kpis->pdata[i];
      add_line (sum, "kpi %s %s %s %.17g %.17g", k->employee, k->period, k->component, k->actual,
                k->plan);
    }
  for (guint i = 0; i < audits->len; i++)
    {
      const MaAuditSummary *a = audits->pdata[i];
      add_line (sum, "audit %s %s %.17g %s %s %d", a->uuid, ma_audit_status_to_string (a->status),
                a->score, a->modified, a->critical_failure ? a->critical_failure : "-", a->exported);
    }
  for (guint i = 0; i < periods->len; i++)
    {
      const MaLogEntry *p = periods->pdata[i];
      add_line (sum, "period %s %s %s", p->at, p->action, p->detail ? p->detail : "");
    }
  return g_strdup_printf ("regions=%u branches=%u employees=%u templates=%u schemes=%u kpis=%u "
                          "audits=%u periods=%u sha256=%s",
                          regions->len, branches->len, employees->len, templates->len, schemes->len,
                          kpis->len, audits->len, periods->len, g_checksum_get_string (sum));
}

static GPtrArray *
import_log (MaStore *s)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *log = ma_store_list_import_log (s, &error);

  g_assert_no_error (error);
  return log;
}

/* ---- the one check --------------------------------------------------------------- */

static void
assert_refused_bytes (GBytes     *bytes,
                      const char *name,
                      int         code,
                      const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaBundleReport) report = NULL;
  g_autoptr(GPtrArray) log_before = import_log (store);
  g_autoptr(GPtrArray) log_after = NULL;
  g_autofree char *before = fingerprint (store);
  g_autofree char *after = NULL;
  const MaLogEntry *entry;

  report = ma_bundle_import_bytes (store, bytes, name, NULL, &error);
  g_assert_null (report);
  g_assert_nonnull (error);
  g_test_message ("%s: %s", name, error->message);
  if (!g_error_matches (error, MA_BUNDLE_ERROR, code))
    g_test_fail_printf ("%s: expected code %d, got %s %d: %s", name, code,
                        g_quark_to_string (error->domain), error->code, error->message);
  if (strstr (error->message, expected) == NULL)
    g_test_fail_printf ("%s: expected \"%s\" in the message: %s", name, expected, error->message);

  after = fingerprint (store);
  g_assert_cmpstr (before, ==, after);

  log_after = import_log (store);
  g_assert_cmpuint (log_after->len, ==, log_before->len + 1);
  entry = log_after->pdata[log_after->len - 1];
  g_assert_cmpstr (entry->who, ==, name);
  g_assert_cmpstr (entry->action, ==, "refused");
  g_assert_nonnull (strstr (entry->detail, error->message));
}

static void
test_corpus_file (gconstpointer data)
{
  const Expectation *e = data;
  g_autofree char *dir = bundles_dir ();
  g_autofree char *path = g_build_filename (dir, "bad", e->file, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  assert_refused_bytes (bytes, e->file, e->code, e->message);
}

/* Every file of the corpus has its expectation and every expectation its
 * file: a file added without one would never be checked. */
static void
test_corpus_complete (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = bundles_dir ();
  g_autofree char *bad = g_build_filename (dir, "bad", NULL);
  g_autoptr(GDir) handle = g_dir_open (bad, 0, &error);
  g_autoptr(GHashTable) files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (handle)) != NULL)
    g_hash_table_add (files, g_strdup (name));
  for (guint i = 0; i < G_N_ELEMENTS (expectations); i++)
    {
      if (!g_hash_table_remove (files, expectations[i].file))
        g_error ("%s is in the table but not in %s", expectations[i].file, bad);
    }
  if (g_hash_table_size (files) > 0)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, files);
      g_hash_table_iter_next (&iter, &key, NULL);
      g_error ("%s/%s has no expectation in the table", bad, (const char *) key);
    }
  g_assert_cmpuint (G_N_ELEMENTS (expectations), >=, 30);
}

/* ---- built here ------------------------------------------------------------------------ */

/* 100 000 levels of nesting, as arrays and as objects: refused without a
 * stack overflow, at the depth limit. */
static void
test_deep_nesting (void)
{
  const guint levels = 100000;
  GString *arrays = g_string_new ("{\"format\": \"mystery-audit-bundle\", \"version\": 1, \"regions\": ");
  GString *objects = g_string_new ("{\"format\": \"mystery-audit-bundle\", \"version\": 1, \"regions\": ");
  g_autoptr(GBytes) a = NULL;
  g_autoptr(GBytes) o = NULL;

  for (guint i = 0; i < levels; i++)
    {
      g_string_append_c (arrays, '[');
      g_string_append (objects, "{\"a\":");
    }
  g_string_append (arrays, "1");
  g_string_append (objects, "1");
  for (guint i = 0; i < levels; i++)
    {
      g_string_append_c (arrays, ']');
      g_string_append_c (objects, '}');
    }
  g_string_append_c (arrays, '}');
  g_string_append_c (objects, '}');
  a = g_string_free_to_bytes (arrays);
  o = g_string_free_to_bytes (objects);
  assert_refused_bytes (a, "deep-arrays.json", LIMIT, "regions[0][0][0]");
  assert_refused_bytes (o, "deep-objects.json", LIMIT, "regions.a.a.a");
}

/* The good bundle with @member's string value made @length bytes long. */
static GBytes *
good_with_long_string (const char *marker,
                       gsize       length,
                       char        fill)
{
  g_autofree char *dir = bundles_dir ();
  g_autofree char *path = g_build_filename (dir, "good-demo.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GString *out;
  char *at;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  at = strstr (text, marker);
  g_assert_nonnull (at);
  out = g_string_new_len (text, at - text);
  g_string_append_c (out, '"');
  for (gsize i = 0; i < length; i++)
    g_string_append_c (out, fill);
  g_string_append_c (out, '"');
  g_string_append (out, at + strlen (marker));
  return g_string_free_to_bytes (out);
}

/* Strings over 1 MiB: refused by the limit, as text, as a member name
 * would be, and as an attachment. */
static void
test_huge_strings (void)
{
  g_autoptr(GBytes) note = good_with_long_string ("\"Parcel handed over at the door.\"", 1024 * 1024 + 1, 'x');
  g_autoptr(GBytes) base64 = good_with_long_string ("\"aGVsbG8=\"", 3 * 1024 * 1024, 'A');
  g_autoptr(GBytes) auditor = good_with_long_string ("\"K. Orlova\"", 2 * 1024 * 1024, 'k');

  assert_refused_bytes (note, "huge-note.json", LIMIT, "audits[0].answers[4].value");
  assert_refused_bytes (base64, "huge-attachment.json", LIMIT, "audits[0].attachments[0].data_base64");
  assert_refused_bytes (auditor, "huge-auditor.json", LIMIT, "source.auditor");
}

/* The base of the corpus is good: it goes in, and then the fingerprint
 * does change, so an unchanged fingerprint above means something. */
static void
test_good_base (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaStore) fresh = NULL;
  g_autoptr(MaBundleReport) report = NULL;
  g_autofree char *dir = bundles_dir ();
  g_autofree char *path = g_build_filename (dir, "good-demo.json", NULL);
  g_autofree char *db = g_build_filename (work_dir, "control.db", NULL);
  g_autofree char *template_db = g_build_filename (work_dir, "demo.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  /* A copy of the populated database, so the shared one stays as it is. */
  g_file_get_contents (template_db, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (db, contents, length, &error);
  g_assert_no_error (error);
  fresh = ma_sqlite_store_open (db, MA_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);

  before = fingerprint (fresh);
  report = ma_bundle_import_file (fresh, path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->counts[MA_BUNDLE_KIND_AUDIT].added, ==, 2);
  g_assert_cmpuint (report->conflicts->len, ==, 0);
  after = fingerprint (fresh);
  g_assert_cmpstr (before, !=, after);
}

/* ---- setup ------------------------------------------------------------------------------ */

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);
      g_remove (child);
    }
  g_rmdir (dir);
}

/* The demo database, made once: a closed, checkpointed file that the
 * control test copies, and the store every refusal runs against. */
static void
populate (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *templates = ma_demo_find_templates_dir ();
  g_autofree char *path = NULL;
  MaStore *demo;

  g_assert_nonnull (templates);
  work_dir = g_dir_make_tmp ("ma-hostile-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (work_dir, "demo.db", NULL);
  demo = ma_sqlite_store_open (path, MA_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  ma_demo_populate (demo, templates, &error);
  g_assert_no_error (error);
  g_object_unref (demo);

  {
    g_autofree char *shared = g_build_filename (work_dir, "shared.db", NULL);
    g_autofree char *contents = NULL;
    gsize length = 0;

    g_file_get_contents (path, &contents, &length, &error);
    g_assert_no_error (error);
    g_file_set_contents (shared, contents, length, &error);
    g_assert_no_error (error);
    store = ma_sqlite_store_open (shared, MA_SQLITE_STORE_FLAGS_NONE, &error);
    g_assert_no_error (error);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  populate ();

  g_test_add_func ("/hostile/corpus/complete", test_corpus_complete);
  g_test_add_func ("/hostile/corpus/good-base", test_good_base);
  for (guint i = 0; i < G_N_ELEMENTS (expectations); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/hostile/corpus/%s", expectations[i].file);
      g_test_add_data_func (test_path, &expectations[i], test_corpus_file);
    }
  g_test_add_func ("/hostile/built/deep-nesting", test_deep_nesting);
  g_test_add_func ("/hostile/built/huge-strings", test_huge_strings);

  status = g_test_run ();
  g_clear_object (&store);
  remove_tree (work_dir);
  g_free (work_dir);
  return status;
}
