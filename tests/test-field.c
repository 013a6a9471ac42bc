/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's side of moving data between field laptops and the office:
 * the import review (what each bundle adds, updates, skips and refuses;
 * confirming writes all of it, cancelling nothing), a read-only database,
 * a damaged one, Preferences with its backups, and Send Audits.
 *
 * With MA_SCREENSHOT_DIR set, /field/screenshot saves import-review.png. */
#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <sys/wait.h>

#include "ma-backup.h"
#include "ma-bonus-view.h"
#include "ma-bonus.h"
#include "ma-bundle.h"
#include "ma-db.h"
#include "ma-demo.h"
#include "ma-field-actions.h"
#include "ma-directory-view.h"
#include "ma-import-review.h"
#include "ma-kpi-grid.h"
#include "ma-pay-view.h"
#include "ma-scheme-editor.h"
#include "ma-templates-view.h"
#include "ma-preferences-window.h"
#include "ma-reports-view.h"
#include "ma-test-audits.h"
#include "ma-window.h"

#define UUID_A2 "0a7e1b7c-3c55-4d0f-8f2e-5d7a9e0c1b22"

typedef struct {
  MaTestStore data;
  MaWindow   *window;
} Fixture;

static gboolean
iterate_until (gboolean (*done) (gpointer), gpointer data)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static void
iterate_a_little (void)
{
  gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC / 5;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

/* The review's dry run is over. */
static gboolean
review_done (gpointer review)
{
  return !ma_import_review_is_busy (review);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  ma_test_store_open (&f->data);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  iterate_a_little ();
  ma_test_store_close (&f->data);
}

static void
open_window (Fixture *f,
             MaStore *store)
{
  f->window = ma_window_new (NULL, store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 700);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (iterate_until (is_mapped, f->window));
}

/* The text of every label shown under @widget, one a line. */
static void
collect_text (GtkWidget *widget,
              GString   *out)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, out);
}

static char *
shown_text (GtkWidget *widget)
{
  GString *out = g_string_new (NULL);

  collect_text (widget, out);
  return g_string_free (out, FALSE);
}

static void
assert_shows (const char *text,
              const char *expected)
{
  if (strstr (text, expected) == NULL)
    g_error ("expected \"%s\" among:\n%s", expected, text);
}

static char *
data_file (const char *dir,
           const char *name)
{
  const char *data = g_getenv ("MA_TEST_DATA");

  if (g_strcmp0 (dir, "bad") == 0)
    return g_build_filename (data, "..", "bundles", "bad", name, NULL);
  return g_build_filename (data, "bundles", name, NULL);
}

/* base.json with draft A2 edited later on another laptop. */
static char *
write_newer (Fixture *f)
{
  g_autofree char *base = data_file ("data", "base.json");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->data.dir, "newer.json", NULL);
  GString *edited;

  g_file_get_contents (base, &text, NULL, &error);
  g_assert_no_error (error);
  edited = g_string_new (text);
  g_assert_cmpuint (g_string_replace (edited, "\"modified\": \"2026-10-20T09:40:00+03:00\"",
                                      "\"modified\": \"2026-10-21T09:40:00+03:00\"", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (edited, "{ \"question\": \"late_minutes\", \"value\": 0 }",
                                      "{ \"question\": \"late_minutes\", \"value\": 7 }", 1), ==, 1);
  g_file_set_contents (path, edited->str, edited->len, &error);
  g_assert_no_error (error);
  g_string_free (edited, TRUE);
  return path;
}

static guint
count_audits (MaStore *store)
{
  g_autoptr(GError) error = NULL;
  MaAuditFilter all = { 0 };
  guint n = 0;

  g_assert_true (ma_store_count_audits (store, &all, &n, &error));
  g_assert_no_error (error);
  return n;
}

static guint
import_log_length (MaStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = ma_store_list_import_log (store, &error);

  g_assert_no_error (error);
  return log->len;
}

typedef struct {
  char *paths[6];
} Bundles;

/* base.json (adds), newer.json (updates A2), base.json again (identical,
 * and its older A2 a conflict), and two hostile files (refused). */
static void
bundles_init (Fixture *f,
              Bundles *b)
{
  b->paths[0] = data_file ("data", "base.json");
  b->paths[1] = write_newer (f);
  b->paths[2] = g_build_filename (f->data.dir, "again.json", NULL);
  {
    g_autofree char *text = NULL;
    gsize length;

    g_assert_true (g_file_get_contents (b->paths[0], &text, &length, NULL));
    g_assert_true (g_file_set_contents (b->paths[2], text, length, NULL));
  }
  b->paths[3] = data_file ("bad", "empty.json");
  b->paths[4] = data_file ("bad", "attachment-traversal.json");
  b->paths[5] = NULL;
}

static void
bundles_clear (Bundles *b)
{
  for (guint i = 0; i < G_N_ELEMENTS (b->paths); i++)
    g_free (b->paths[i]);
}

static const MaBundleReport *
report_at (MaImportReview *review,
           guint           i)
{
  return g_ptr_array_index (ma_import_review_get_reports (review), i);
}

static void
test_review_lists (Fixture       *f,
                   gconstpointer  data)
{
  Bundles b = { 0 };
  MaImportReview *review;
  g_autofree char *text = NULL;
  const MaBundleReport *r;

  bundles_init (f, &b);
  open_window (f, f->data.store);
  review = MA_IMPORT_REVIEW (ma_field_review_files (f->window, (const char * const *) b.paths));
  g_assert_nonnull (review);
  g_assert_true (iterate_until (is_mapped, review));
  g_assert_true (iterate_until (review_done, review));

  g_assert_null (ma_import_review_get_error (review));
  g_assert_cmpuint (ma_import_review_get_reports (review)->len, ==, 5);
  g_assert_cmpuint (ma_import_review_get_n_accepted (review), ==, 3);
  r = report_at (review, 0);
  g_assert_cmpuint (r->counts[MA_BUNDLE_KIND_AUDIT].added, ==, 2);
  r = report_at (review, 1);
  g_assert_cmpuint (r->counts[MA_BUNDLE_KIND_AUDIT].updated, ==, 1);
  r = report_at (review, 2);
  g_assert_cmpuint (r->counts[MA_BUNDLE_KIND_TEMPLATE].identical, ==, 1);
  g_assert_cmpuint (r->conflicts->len, ==, 1);
  g_assert_nonnull (report_at (review, 3)->refusal);
  g_assert_nonnull (report_at (review, 4)->refusal);

  /* What people read: each file, what it adds, updates, skips and why a
   * file is refused, with the member path. */
  text = shown_text (GTK_WIDGET (review));
  assert_shows (text, "5 Bundles");
  assert_shows (text, "base.json");
  assert_shows (text, "newer.json");
  assert_shows (text, "2 added");
  assert_shows (text, "1 updated");
  assert_shows (text, "already there, skipped");
  assert_shows (text, "Conflict: audits[1] is not imported");
  assert_shows (text, "attachment-traversal.json");
  assert_shows (text, "audits[0].attachments[0].name");
  assert_shows (text, "Refused: nothing from this file is imported");
  assert_shows (text, "Import 3 Bundles");

  /* The review wrote nothing. */
  g_assert_cmpuint (count_audits (f->data.store), ==, 0);
  g_assert_cmpuint (import_log_length (f->data.store), ==, 0);

  gtk_window_destroy (GTK_WINDOW (review));
  bundles_clear (&b);
}

static void
test_review_cancel (Fixture       *f,
                    gconstpointer  data)
{
  Bundles b = { 0 };
  GtkWindow *review;

  bundles_init (f, &b);
  open_window (f, f->data.store);
  review = ma_field_review_files (f->window, (const char * const *) b.paths);
  g_assert_true (iterate_until (is_mapped, review));
  g_assert_true (iterate_until (review_done, review));
  g_object_add_weak_pointer (G_OBJECT (review), (gpointer *) &review);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (review), "review.cancel", NULL));
  iterate_a_little ();
  g_assert_null (review);
  g_assert_cmpuint (count_audits (f->data.store), ==, 0);
  g_assert_cmpuint (import_log_length (f->data.store), ==, 0);
  bundles_clear (&b);
}

static void
imported_cb (MaImportReview *review,
             GPtrArray      *reports,
             guint          *n)
{
  *n = reports->len;
}

static void
test_review_confirm (Fixture       *f,
                     gconstpointer  data)
{
  Bundles b = { 0 };
  MaImportReview *review;
  g_autoptr(GError) error = NULL;
  g_autoptr(MaAudit) a2 = NULL;
  guint imported = 0;

  bundles_init (f, &b);
  open_window (f, f->data.store);
  review = MA_IMPORT_REVIEW (ma_field_review_files (f->window, (const char * const *) b.paths));
  g_assert_true (iterate_until (is_mapped, review));
  g_assert_true (iterate_until (review_done, review));
  g_signal_connect (review, "imported", G_CALLBACK (imported_cb), &imported);

  /* Approving shows in the review before anything is written. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (review), "review.approve-audits", NULL));
  g_assert_true (ma_import_review_get_approve_audits (review));
  g_assert_true (iterate_until (review_done, review));
  g_assert_cmpuint (report_at (review, 0)->approved, ==, 1);
  g_assert_cmpuint (count_audits (f->data.store), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (review), "review.import", NULL));
  iterate_a_little ();
  g_assert_cmpuint (imported, ==, 3);

  /* All three accepted files, in order: the newer edit of A2 is kept. */
  g_assert_cmpuint (count_audits (f->data.store), ==, 2);
  a2 = ma_store_get_audit (f->data.store, UUID_A2, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (ma_audit_find_answer (a2, "late_minutes")->number, ==, 7);
  g_assert_cmpuint (import_log_length (f->data.store), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ma_audit_list_get_model (ma_window_get_audit_list (f->window)))),
                    ==, 2);
  bundles_clear (&b);
}

static GtkWidget *
find_actionable (GtkWidget  *widget,
                 const char *action)
{
  if (GTK_IS_ACTIONABLE (widget)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_actionable (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
action_control_sensitive (GtkWidget  *root,
                          const char *action)
{
  GtkWidget *control = find_actionable (root, action);

  g_assert_nonnull (control);
  iterate_a_little ();
  return gtk_widget_get_sensitive (control);
}

/* A read-only database: the banner, and nothing that writes. */
static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(MaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *paths[] = { NULL, NULL };
  g_autofree char *base = data_file ("data", "base.json");

  ma_test_store_add_basics (&f->data);
  store = ma_sqlite_store_open (f->data.path, MA_SQLITE_STORE_READ_ONLY, &error);
  g_assert_no_error (error);
  open_window (f, store);

  g_assert_true (ma_window_get_read_only (f->window));
  text = shown_text (GTK_WIDGET (f->window));
  assert_shows (text, "This database is read-only");
  /* A control of a disabled action is insensitive. */
  g_assert_false (action_control_sensitive (GTK_WIDGET (f->window), "win.new-audit"));
  /* Dropped files too. */
  paths[0] = base;
  g_assert_null (ma_field_review_files (f->window, paths));
}

/* A writable database shows no banner and allows the same actions. */
static void
test_writable (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *text = NULL;

  open_window (f, f->data.store);
  g_assert_false (ma_window_get_read_only (f->window));
  g_assert_true (action_control_sensitive (GTK_WIDGET (f->window), "win.new-audit"));
  text = shown_text (GTK_WIDGET (f->window));
  g_assert_null (strstr (text, "This database is read-only"));
}

static void
test_damaged (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = g_error_new_literal (MA_DB_ERROR, MA_DB_ERROR_CORRUPT,
                                                 "Database /x/test.db is damaged: *** in database main ***");
  g_autoptr(GError) other = g_error_new_literal (MA_DB_ERROR, MA_DB_ERROR_IO, "disk I/O error");
  g_autofree char *text = NULL;
  g_autofree char *other_text = NULL;

  f->window = ma_window_new (NULL, NULL, error);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (iterate_until (is_mapped, f->window));
  text = shown_text (GTK_WIDGET (f->window));
  assert_shows (text, "The Database Is Damaged");
  assert_shows (text, "is damaged");
  assert_shows (text, "Restore the Newest Sound Backup…");
  gtk_window_destroy (GTK_WINDOW (f->window));

  /* Another failure is not offered a restore. */
  f->window = ma_window_new (NULL, NULL, other);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (iterate_until (is_mapped, f->window));
  other_text = shown_text (GTK_WIDGET (f->window));
  g_assert_null (strstr (other_text, "Restore the Newest"));
}

static gboolean
backups_listed (gpointer preferences)
{
  return ma_preferences_window_get_backups (preferences) != NULL;
}

static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = ma_backup_default_dir (f->data.path);
  g_autofree char *first = NULL;
  g_autofree char *text = NULL;
  g_autofree char *base = data_file ("data", "base.json");
  g_autoptr(MaBundleReport) report = NULL;
  MaPreferencesWindow *preferences;
  GPtrArray *backups;
  const MaBackupInfo *info;

  ma_test_store_add_basics (&f->data);
  ma_test_store_add_audit (&f->data, 1, "2026-10-20T10:00:00+03:00", "SPB-01", MA_AUDIT_APPROVED, TRUE, 30);
  first = ma_backup_create (f->data.path, dir, &error);
  g_assert_no_error (error);
  report = ma_bundle_import_file (f->data.store, base, NULL, &error);
  g_assert_no_error (error);

  preferences = ma_preferences_window_new (NULL, f->data.path, f->data.store, NULL);
  gtk_window_present (GTK_WINDOW (preferences));
  g_assert_true (iterate_until (backups_listed, preferences));
  backups = ma_preferences_window_get_backups (preferences);
  g_assert_cmpuint (backups->len, ==, 1);
  info = g_ptr_array_index (backups, 0);
  g_assert_true (info->ok);
  g_assert_cmpint (info->audits, ==, 1);
  text = shown_text (GTK_WIDGET (preferences));
  assert_shows (text, "1 audit, 2 employees, 1 template");
  assert_shows (text, dir);
  g_assert_cmpuint (ma_preferences_window_get_n_imports (preferences), ==, 1);

  /* Back Up Now: a second backup, listed with what it holds now. The name
   * has the second: wait for the next one. */
  g_usleep (1100 * 1000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preferences), "prefs.back-up-now", NULL));
  g_assert_true (iterate_until (backups_listed, preferences));
  backups = ma_preferences_window_get_backups (preferences);
  g_assert_cmpuint (backups->len, ==, 2);
  info = g_ptr_array_index (backups, 0);
  g_assert_cmpint (info->audits, ==, 3);
  g_free (text);
  text = shown_text (GTK_WIDGET (preferences));
  assert_shows (text, "3 audits");

  ma_preferences_window_show_page (preferences, "imports");
  iterate_a_little ();
  g_free (text);
  text = shown_text (GTK_WIDGET (preferences));
  assert_shows (text, "base.json");
  assert_shows (text, report->sha256);
  gtk_window_destroy (GTK_WINDOW (preferences));

  /* The backups folder goes with the fixture. */
  {
    g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
    const char *name;

    while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
      {
        g_autofree char *child = g_build_filename (dir, name, NULL);
        g_remove (child);
      }
    g_rmdir (dir);
  }
}

/* Sending: the submitted audits not sent yet, then shown as sent. */
static void
test_send (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) unsent = NULL;
  g_auto(GStrv) after = NULL;
  g_autofree char *path = g_build_filename (f->data.dir, "sent.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;

  ma_test_store_add_basics (&f->data);
  ma_test_store_add_audit (&f->data, 1, "2026-10-20T10:00:00+03:00", "SPB-01", MA_AUDIT_SUBMITTED, TRUE, 30);
  ma_test_store_add_audit (&f->data, 2, "2026-10-12T10:00:00+03:00", "MSK-01", MA_AUDIT_SUBMITTED, TRUE, 300);
  ma_test_store_add_audit (&f->data, 3, "2026-10-05T10:00:00+03:00", "SPB-01", MA_AUDIT_DRAFT, FALSE, 30);
  open_window (f, f->data.store);

  unsent = ma_field_list_unsent (f->data.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (unsent), ==, 2);
  g_assert_true (ma_field_send_audits_to_file (f->window, (const char * const *) unsent, path, &error));
  g_assert_no_error (error);

  /* A field bundle: the audits, no pay. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_nonnull (strstr (contents, unsent[0]));
  g_assert_null (strstr (contents, "base_pay"));

  after = ma_field_list_unsent (f->data.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (after), ==, 0);
  iterate_a_little ();
  text = shown_text (GTK_WIDGET (f->window));
  assert_shows (text, "Submitted, sent");
}

static void
test_screenshot (Fixture       *f,
                 gconstpointer  data)
{
  const char *dir = g_getenv ("MA_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  Bundles b = { 0 };
  GtkWidget *review;
  g_autoptr(GdkPaintable) paintable = NULL;
  GtkSnapshot *snapshot;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width, height;

  if (dir == NULL)
    {
      g_test_skip ("set MA_SCREENSHOT_DIR to save data/screenshots/import-review.png");
      return;
    }
  bundles_init (f, &b);
  open_window (f, f->data.store);
  review = GTK_WIDGET (ma_field_review_files (f->window, (const char * const *) b.paths));
  gtk_window_set_default_size (GTK_WINDOW (review), 640, 760);
  g_assert_true (iterate_until (is_mapped, review));
  g_assert_true (iterate_until (review_done, review));
  for (guint i = 0; i < 4; i++)
    iterate_a_little ();

  width = gtk_widget_get_width (review);
  height = gtk_widget_get_height (review);
  paintable = gtk_widget_paintable_new (review);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (review)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, "import-review.png", NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s", path);
  gtk_window_destroy (GTK_WINDOW (review));
  bundles_clear (&b);
}

/* ---- the dry run off the main thread --------------------------------------- */

static void
dry_run_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(GPtrArray) reports = ma_import_review_dry_run_finish (MA_IMPORT_REVIEW (source), result, error);

  g_assert_null (reports);
}

static gboolean
is_set (gpointer pointer)
{
  return *(gpointer *) pointer != NULL;
}

/* The review opens at once and checks on a worker with its own
 * connection: while another connection holds the write lock, the window
 * keeps running with its spinner and Import disabled; once the lock goes,
 * the reports come. Cancelling a dry run drops it; closing the review
 * while it runs is safe. */
static void
test_review_async (Fixture       *f,
                   gconstpointer  data)
{
  Bundles b = { 0 };
  MaImportReview *review;
  g_autoptr(MaStore) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  GError *dry_error = NULL;
  g_autofree char *text = NULL;

  bundles_init (f, &b);
  open_window (f, f->data.store);

  /* Another writer (the command-line tool) is in a transaction. */
  other = ma_sqlite_store_open (f->data.path, MA_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (ma_store_begin (other, &error));
  g_assert_no_error (error);

  /* Run here, on this connection's thread, the dry run would wait for the
   * lock, then fail: it is under way instead, and the window runs. */
  review = MA_IMPORT_REVIEW (ma_field_review_files (f->window, (const char * const *) b.paths));
  g_assert_true (iterate_until (is_mapped, review));
  iterate_a_little ();
  g_assert_true (ma_import_review_is_busy (review));
  g_assert_null (ma_import_review_get_reports (review));
  g_assert_false (action_control_sensitive (GTK_WIDGET (review), "review.import"));
  text = shown_text (GTK_WIDGET (review));
  assert_shows (text, "Checking the bundles against the database");

  ma_store_rollback (other);
  g_assert_true (iterate_until (review_done, review));
  g_assert_nonnull (ma_import_review_get_reports (review));
  g_assert_cmpuint (ma_import_review_get_n_accepted (review), ==, 3);
  g_assert_true (action_control_sensitive (GTK_WIDGET (review), "review.import"));
  g_free (text);
  text = shown_text (GTK_WIDGET (review));
  g_assert_null (strstr (text, "Checking the bundles against the database"));
  assert_shows (text, "Import 3 Bundles");

  /* A cancelled dry run gives no reports. */
  g_cancellable_cancel (cancelled);
  ma_import_review_dry_run_async (review, cancelled, dry_run_cb, &dry_error);
  g_assert_true (iterate_until (is_set, &dry_error));
  g_assert_error (dry_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&dry_error);

  /* Changing the option while a dry run is under way: the newer one
   * counts. */
  g_assert_true (ma_store_begin (other, &error));
  ma_import_review_set_approve_audits (review, TRUE);
  iterate_a_little ();
  g_assert_true (ma_import_review_is_busy (review));
  ma_import_review_set_approve_audits (review, FALSE);
  ma_import_review_set_approve_audits (review, TRUE);
  ma_store_rollback (other);
  g_assert_true (iterate_until (review_done, review));
  g_assert_cmpuint (report_at (review, 0)->approved, ==, 1);

  /* Closing the review while it checks. */
  g_assert_true (ma_store_begin (other, &error));
  ma_import_review_set_approve_audits (review, FALSE);
  g_assert_true (ma_import_review_is_busy (review));
  gtk_window_destroy (GTK_WINDOW (review));
  ma_store_rollback (other);
  iterate_a_little ();
  g_assert_cmpuint (count_audits (f->data.store), ==, 0);
  g_assert_cmpuint (import_log_length (f->data.store), ==, 0);
  bundles_clear (&b);
}

/* ---- the editing views of a read-only database ----------------------------- */

/* Every control of an editing action of the templates, people and pay
 * views is sensitive exactly when the database can be written; the forms
 * show, and do not take typing. */
static void
check_editing_views (Fixture  *f,
                     gboolean  writable)
{
  static const char * const templates_actions[] = {
    "templates.new", "templates.import", "templates.new-version",
  };
  static const char * const directory_actions[] = {
    "directory.add", "directory.import", "directory.save", "directory.revert", "directory.left-today",
  };
  static const char * const kpi_actions[] = { "kpi.paste", "kpi.import" };
  g_autoptr(GError) error = NULL;
  MaTemplatesView *templates = ma_window_get_templates_view (f->window);
  MaDirectoryView *directory = ma_window_get_directory_view (f->window);
  MaPayView *pay = ma_window_get_pay_view (f->window);
  MaTemplateEditor *editor = ma_templates_view_get_editor (templates);
  GPtrArray *list;
  const MaTemplate *first;

  g_assert_cmpint (ma_window_get_read_only (f->window), ==, !writable);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "templates");
  iterate_a_little ();
  list = ma_templates_view_get_list (templates);
  g_assert_cmpuint (list->len, >, 0);
  first = g_ptr_array_index (list, 0);
  g_assert_true (ma_templates_view_open (templates, first->key, first->version, &error));
  g_assert_no_error (error);
  iterate_a_little ();
  for (guint i = 0; i < G_N_ELEMENTS (templates_actions); i++)
    if (action_control_sensitive (GTK_WIDGET (templates), templates_actions[i]) != writable)
      g_error ("%s: expected %s", templates_actions[i], writable ? "enabled" : "disabled");
  g_assert_cmpint (ma_template_editor_get_read_only (editor), ==, !writable);
  if (!writable)
    {
      g_autofree char *text = shown_text (GTK_WIDGET (templates));

      assert_shows (text, "the database is read-only");
    }

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "people");
  iterate_a_little ();
  g_assert_true (ma_directory_view_edit (directory, "E1001"));
  iterate_a_little ();
  for (guint i = 0; i < G_N_ELEMENTS (directory_actions); i++)
    if (action_control_sensitive (GTK_WIDGET (directory), directory_actions[i]) != writable)
      g_error ("%s: expected %s", directory_actions[i], writable ? "enabled" : "disabled");
  g_assert_cmpint (gtk_editable_get_editable (ma_directory_view_get_field (directory, "name")), ==, writable);
  g_assert_cmpint (gtk_editable_get_editable (ma_directory_view_get_field (directory, "base-pay")), ==, writable);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "pay");
  ma_pay_view_set_page (pay, "kpi");
  iterate_a_little ();
  for (guint i = 0; i < G_N_ELEMENTS (kpi_actions); i++)
    if (action_control_sensitive (GTK_WIDGET (ma_pay_view_get_kpi_grid (pay)), kpi_actions[i]) != writable)
      g_error ("%s: expected %s", kpi_actions[i], writable ? "enabled" : "disabled");
  ma_pay_view_set_page (pay, "schemes");
  iterate_a_little ();
  g_assert_cmpint (action_control_sensitive (GTK_WIDGET (ma_pay_view_get_scheme_editor (pay)), "scheme.new"),
                   ==, writable);
  if (!writable)
    {
      g_autofree char *text = shown_text (GTK_WIDGET (pay));

      assert_shows (text, "The database is read-only");
    }
}

static void
populate_demo (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *templates = ma_demo_find_templates_dir ();

  g_assert_true (ma_demo_populate (f->data.store, templates, &error));
  g_assert_no_error (error);
}

static void
test_read_only_views (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(MaStore) store = NULL;
  g_autoptr(GError) error = NULL;

  populate_demo (f);
  store = ma_sqlite_store_open (f->data.path, MA_SQLITE_STORE_READ_ONLY, &error);
  g_assert_no_error (error);
  open_window (f, store);
  check_editing_views (f, FALSE);
}

/* The same checks pass the other way on a database that can be written. */
static void
test_writable_views (Fixture       *f,
                     gconstpointer  data)
{
  populate_demo (f);
  open_window (f, f->data.store);
  check_editing_views (f, TRUE);
}

/* ---- closing a month in two steps ----------------------------------------- */

#define CLOSE_PERIOD "2026-09"

static gboolean
bonus_ready (gpointer view)
{
  return !ma_bonus_view_is_busy (view) && ma_bonus_view_get_statement (view) != NULL;
}

static gboolean
statement_closed (gpointer view)
{
  const MaBonusStatement *s = ma_bonus_view_get_statement (view);

  return !ma_bonus_view_is_busy (view) && s != NULL && s->closed;
}

/* The visible message dialog whose heading starts with @prefix. */
static AdwMessageDialog *
find_dialog (const char *prefix)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window))
          && g_str_has_prefix (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), prefix))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
has_dialog (gpointer prefix)
{
  return find_dialog (prefix) != NULL;
}

/* As a click on the response's button: the response, then the dialog
 * goes (adw_message_dialog_response() alone does not close it). */
static void
respond (const char *response)
{
  AdwMessageDialog *dialog = find_dialog ("Close");

  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
no_dialog (gpointer prefix)
{
  return find_dialog (prefix) == NULL;
}

/* The demo in the fixture's store, the window on the bonus of
 * CLOSE_PERIOD. */
static MaBonusView *
open_demo_bonus (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *templates = ma_demo_find_templates_dir ();
  MaReportsView *reports;
  MaBonusView *view;

  g_assert_true (ma_demo_populate (f->data.store, templates, &error));
  g_assert_no_error (error);
  open_window (f, f->data.store);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "reports");
  reports = MA_REPORTS_VIEW (ma_window_get_reports_view (f->window));
  view = ma_reports_view_get_bonus_view (reports);
  ma_reports_view_show (reports, "bonus");
  g_assert_true (iterate_until (bonus_ready, view));
  ma_bonus_view_set_period (view, CLOSE_PERIOD);
  g_assert_true (iterate_until (bonus_ready, view));
  g_assert_cmpstr (ma_bonus_view_get_statement (view)->period, ==, CLOSE_PERIOD);
  g_assert_false (ma_bonus_view_get_statement (view)->closed);
  return view;
}

/* The command-line tool writing to the fixture's database: its exit
 * status, and what it said in *@err_out. */
static int
cli_approve (Fixture  *f,
             char    **err_out)
{
  const char *cli = g_getenv ("MA_CLI");
  const char *argv[] = { cli, "--db", f->data.path, "approve", "--all-submitted", NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_nonnull (cli);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, err_out, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
assert_not_closing (MaStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ma_bonus_check_not_closing (store, &error));
  g_assert_no_error (error);
}

static void
assert_closing (MaStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (ma_bonus_check_not_closing (store, &error));
  g_assert_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_CLOSING);
  g_assert_nonnull (strstr (error->message, CLOSE_PERIOD));
}

static gboolean
action_enabled (GtkWidget  *widget,
                const char *action)
{
  GtkWidget *control = find_actionable (widget, action);

  g_assert_nonnull (control);
  return gtk_widget_get_sensitive (control);
}

/* "Close month" marks the period while HR reads the confirmation: another
 * connection (the command-line tool) cannot write; cancelling lifts the
 * mark, confirming closes the period and lifts it too. */
static void
test_close_two_steps (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaStore) other = NULL;
  g_autoptr(MaPeriodClose) close = NULL;
  MaBonusView *view = open_demo_bonus (f);

  other = ma_sqlite_store_open (f->data.path, MA_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  assert_not_closing (other);

  /* Begin: the mark is there before HR answers. */
  gtk_widget_activate_action (GTK_WIDGET (view), "bonus.close-period", NULL);
  g_assert_true (iterate_until (has_dialog, "Close"));
  assert_closing (other);
  {
    g_autofree char *err = NULL;

    g_assert_cmpint (cli_approve (f, &err), ==, 1);
    if (strstr (err, CLOSE_PERIOD) == NULL)
      g_error ("expected the period being closed in: %s", err);
  }
  /* No second close on top of the first. */
  iterate_a_little ();
  g_assert_false (action_enabled (GTK_WIDGET (view), "bonus.close-period"));

  /* Cancel: writing works again, the period stays open. */
  respond ("cancel");
  g_assert_true (iterate_until (no_dialog, "Close"));
  assert_not_closing (other);
  g_assert_cmpint (cli_approve (f, NULL), ==, 0);
  close = ma_store_get_period_close (other, CLOSE_PERIOD, &error);
  g_assert_no_error (error);
  g_assert_null (close);
  g_assert_true (action_enabled (GTK_WIDGET (view), "bonus.close-period"));

  /* Begin again and confirm: closed, and nobody is kept waiting. */
  gtk_widget_activate_action (GTK_WIDGET (view), "bonus.close-period", NULL);
  g_assert_true (iterate_until (has_dialog, "Close"));
  assert_closing (other);
  respond ("close");
  g_assert_true (iterate_until (statement_closed, view));
  close = ma_store_get_period_close (other, CLOSE_PERIOD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (close);
  assert_not_closing (other);
  g_assert_cmpint (cli_approve (f, NULL), ==, 0);
}

/* The window closes while the confirmation waits: the close was not
 * confirmed, and the mark goes with it. */
static void
test_close_window_goes (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaPeriodClose) close = NULL;
  MaBonusView *view = open_demo_bonus (f);

  gtk_widget_activate_action (GTK_WIDGET (view), "bonus.close-period", NULL);
  g_assert_true (iterate_until (has_dialog, "Close"));
  assert_closing (f->data.store);

  gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&f->window)));
  g_assert_true (iterate_until (no_dialog, "Close"));
  assert_not_closing (f->data.store);
  close = ma_store_get_period_close (f->data.store, CLOSE_PERIOD, &error);
  g_assert_no_error (error);
  g_assert_null (close);
}

/* Someone else is closing the month: the window says so and marks
 * nothing. */
static void
test_close_someone_else (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaPeriodClosing) closing = NULL;
  MaBonusView *view = open_demo_bonus (f);

  g_assert_true (ma_bonus_begin_close (f->data.store, CLOSE_PERIOD, "Somebody Else", &error));
  g_assert_no_error (error);
  gtk_widget_activate_action (GTK_WIDGET (view), "bonus.close-period", NULL);
  iterate_a_little ();
  g_assert_null (find_dialog ("Close"));
  closing = ma_bonus_get_close_in_progress (f->data.store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (closing->who, ==, "Somebody Else");
}

/* ---- a field laptop has no bonus page ---------------------------------------- */

/* Templates and the directory, no scheme (what a field bundle brings): the
 * reports offer no bonus page. The first scheme brings it. */
static void
test_no_pay_no_bonus (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaScheme) scheme = ma_scheme_new ();
  MaReportsView *reports;

  ma_test_store_add_basics (&f->data);
  open_window (f, f->data.store);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "reports");
  reports = MA_REPORTS_VIEW (ma_window_get_reports_view (f->window));
  iterate_a_little ();
  ma_reports_view_show (reports, "bonus");
  iterate_a_little ();
  g_assert_cmpstr (ma_reports_view_get_page (reports), !=, "bonus");
  g_assert_null (ma_bonus_view_get_statement (ma_reports_view_get_bonus_view (reports)));

  scheme->key = g_strdup ("drivers");
  scheme->version = 1;
  scheme->name = g_strdup ("Drivers");
  g_ptr_array_add (scheme->positions, g_strdup ("driver"));
  g_ptr_array_add (scheme->components, ma_scheme_component_new ("politeness", 100, MA_SOURCE_AUDIT));
  g_assert_true (ma_store_save_scheme (f->data.store, scheme, NULL, &error));
  g_assert_no_error (error);
  ma_reports_view_show (reports, "bonus");
  iterate_a_little ();
  g_assert_cmpstr (ma_reports_view_get_page (reports), ==, "bonus");
}

#define ADD(path, func) g_test_add ("/field/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  ADD ("review/lists", test_review_lists);
  ADD ("review/cancel", test_review_cancel);
  ADD ("review/confirm", test_review_confirm);
  ADD ("review/async", test_review_async);
  ADD ("read-only", test_read_only);
  ADD ("writable", test_writable);
  ADD ("damaged", test_damaged);
  ADD ("preferences", test_preferences);
  ADD ("send", test_send);
  ADD ("screenshot", test_screenshot);
  ADD ("read-only/views", test_read_only_views);
  ADD ("writable/views", test_writable_views);
  ADD ("no-pay-no-bonus", test_no_pay_no_bonus);
  ADD ("close/two-steps", test_close_two_steps);
  ADD ("close/window-goes", test_close_window_goes);
  ADD ("close/someone-else", test_close_someone_else);
  return g_test_run ();
}
