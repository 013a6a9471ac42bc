/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>

#include "ma-audit-list-model.h"
#include "ma-test-audits.h"

typedef struct {
  guint emissions;
  guint position;
  guint removed;
  guint added;
} Changes;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->emissions++;
  changes->position = position;
  changes->removed = removed;
  changes->added = added;
}

static void
assert_changes (Changes *changes,
                guint    removed,
                guint    added)
{
  g_assert_cmpuint (changes->emissions, ==, 1);
  g_assert_cmpuint (changes->position, ==, 0);
  g_assert_cmpuint (changes->removed, ==, removed);
  g_assert_cmpuint (changes->added, ==, added);
  *changes = (Changes) { 0 };
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static const char *
uuid_at (GListModel *model,
         guint       position)
{
  g_autoptr(MaAuditItem) item = g_list_model_get_item (model, position);
  static char uuid[64];

  g_assert_nonnull (item);
  g_strlcpy (uuid, ma_audit_item_get_uuid (item), sizeof uuid);
  return uuid;
}

static void
test_empty_store (void)
{
  MaTestStore f = { 0 };
  g_autoptr(MaAuditListModel) model = NULL;
  g_auto(GStrv) periods = NULL;
  g_autoptr(GError) error = NULL;

  ma_test_store_open (&f);
  model = ma_audit_list_model_new (f.store);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == MA_TYPE_AUDIT_ITEM);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 0));
  g_assert_null (ma_audit_list_model_get_error (model));

  periods = ma_audit_list_model_list_periods (f.store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (periods);
  g_assert_cmpuint (g_strv_length (periods), ==, 0);

  g_clear_object (&model);
  ma_test_store_close (&f);
}

static void
test_item_properties (void)
{
  MaTestStore f = { 0 };
  g_autoptr(MaAuditListModel) model = NULL;
  g_autoptr(MaAuditItem) passed = NULL;
  g_autoptr(MaAuditItem) critical = NULL;
  g_autoptr(MaAuditItem) draft = NULL;
  g_autofree char *uuid = NULL, *branch = NULL, *score_text = NULL;
  g_autofree char *employee = NULL, *template = NULL;
  MaAuditStatus status;
  gint64 version;
  double score;

  ma_test_store_open (&f);
  ma_test_store_add_basics (&f);
  /* Saved out of order: the model lists the newest visit first. */
  ma_test_store_add_audit (&f, 2, "2026-10-05T10:00:00+03:00", "MSK-01", MA_AUDIT_SUBMITTED, TRUE, 300);
  ma_test_store_add_audit (&f, 1, "2026-10-20T10:00:00+03:00", "SPB-01", MA_AUDIT_APPROVED, TRUE, 30);
  ma_test_store_add_audit (&f, 3, "2026-09-01T10:00:00+03:00", "SPB-01", MA_AUDIT_DRAFT, FALSE, 0);

  model = ma_audit_list_model_new (f.store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  passed = g_list_model_get_item (G_LIST_MODEL (model), 0);
  critical = g_list_model_get_item (G_LIST_MODEL (model), 1);
  draft = g_list_model_get_item (G_LIST_MODEL (model), 2);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 3));

  g_object_get (passed,
                "uuid", &uuid,
                "branch", &branch,
                "employee", &employee,
                "template", &template,
                "template-version", &version,
                "status", &status,
                "score", &score,
                "score-text", &score_text,
                NULL);
  g_assert_cmpstr (uuid, ==, "00000000-0000-4000-8000-000000000001");
  g_assert_cmpstr (branch, ==, "SPB-01");
  g_assert_cmpstr (employee, ==, "E1001");
  g_assert_cmpstr (template, ==, "visit");
  g_assert_cmpint (version, ==, 1);
  g_assert_cmpint (status, ==, MA_AUDIT_APPROVED);
  g_assert_cmpfloat_with_epsilon (score, 1.0, 1e-12);
  g_assert_cmpstr (score_text, ==, "100.0 %");
  g_assert_cmpstr (ma_audit_item_get_visited_at (passed), ==, "2026-10-20T10:00:00+03:00");
  g_assert_cmpstr (ma_audit_item_get_period (passed), ==, "2026-10");
  g_assert_cmpstr (ma_audit_item_get_channel (passed), ==, "visit");
  g_assert_cmpstr (ma_audit_item_get_auditor (passed), ==, "A. Smirnova");
  g_assert_null (ma_audit_item_get_critical_failure (passed));

  /* q2 took 300 s against a limit of 120 and is critical for the audit. */
  g_assert_cmpstr (ma_audit_item_get_uuid (critical), ==, "00000000-0000-4000-8000-000000000002");
  g_assert_cmpint (ma_audit_item_get_status (critical), ==, MA_AUDIT_SUBMITTED);
  g_assert_cmpstr (ma_audit_item_get_branch (critical), ==, "MSK-01");
  g_assert_cmpstr (ma_audit_item_get_critical_failure (critical), ==, "q2");
  g_clear_pointer (&score_text, g_free);
  score_text = ma_audit_item_dup_score_text (critical);
  g_assert_cmpstr (score_text, ==, "0.0 % (critical: q2)");

  /* A draft without answers is not assessed: no score, never 0. */
  g_assert_cmpint (ma_audit_item_get_status (draft), ==, MA_AUDIT_DRAFT);
  g_assert_true (isnan (ma_audit_item_get_score (draft)));
  g_clear_pointer (&score_text, g_free);
  score_text = ma_audit_item_dup_score_text (draft);
  g_assert_cmpstr (score_text, ==, "—");

  g_clear_object (&model);
  ma_test_store_close (&f);
}

static void
test_lazy_paging (void)
{
  MaTestStore f = { 0 };
  g_autoptr(MaAuditListModel) model = NULL;
  GListModel *list;

  ma_test_store_open (&f);
  ma_test_store_add_basics (&f);
  ma_test_store_add_many (&f, 450);

  model = ma_audit_list_model_new (f.store);
  list = G_LIST_MODEL (model);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 450);
  /* Counting loads no row. */
  g_assert_cmpuint (ma_audit_list_model_get_n_loaded (model), ==, 0);

  g_assert_cmpstr (uuid_at (list, 449), ==, "00000000-0000-4000-8000-000000000450");
  /* Only the last page, which holds 50 rows. */
  g_assert_cmpuint (ma_audit_list_model_get_n_loaded (model), ==, 50);
  g_assert_cmpstr (uuid_at (list, 0), ==, "00000000-0000-4000-8000-000000000001");
  g_assert_cmpstr (uuid_at (list, 199), ==, "00000000-0000-4000-8000-000000000200");
  g_assert_cmpstr (uuid_at (list, 200), ==, "00000000-0000-4000-8000-000000000201");
  g_assert_cmpuint (ma_audit_list_model_get_n_loaded (model), ==, 450);
  g_assert_null (g_list_model_get_item (list, 450));
  g_assert_null (ma_audit_list_model_get_error (model));

  g_clear_object (&model);
  ma_test_store_close (&f);
}

static void
test_far_pages_dropped (void)
{
  MaTestStore f = { 0 };
  g_autoptr(MaAuditListModel) model = NULL;
  guint count = MA_AUDIT_LIST_MODEL_PAGE_SIZE * (MA_AUDIT_LIST_MODEL_MAX_PAGES + 2) + 1;
  GListModel *list;

  ma_test_store_open (&f);
  ma_test_store_add_basics (&f);
  ma_test_store_add_many (&f, count);

  model = ma_audit_list_model_new (f.store);
  list = G_LIST_MODEL (model);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, count);

  /* Scrolling through everything keeps at most MAX_PAGES pages. */
  for (guint position = 0; position < count; position += 97)
    {
      g_autofree char *expected = g_strdup_printf ("00000000-0000-4000-8000-%012u", position + 1);

      g_assert_cmpstr (uuid_at (list, position), ==, expected);
      g_assert_cmpuint (ma_audit_list_model_get_n_loaded (model), <=,
                        MA_AUDIT_LIST_MODEL_PAGE_SIZE * MA_AUDIT_LIST_MODEL_MAX_PAGES);
    }
  g_assert_cmpstr (uuid_at (list, count - 1), ==, "00000000-0000-4000-8000-000000002001");
  /* The first pages were dropped far away and come back right. */
  g_assert_cmpstr (uuid_at (list, 0), ==, "00000000-0000-4000-8000-000000000001");
  g_assert_cmpuint (ma_audit_list_model_get_n_loaded (model), <=,
                    MA_AUDIT_LIST_MODEL_PAGE_SIZE * MA_AUDIT_LIST_MODEL_MAX_PAGES);

  g_clear_object (&model);
  ma_test_store_close (&f);
}

static void
test_filter_changes (void)
{
  MaTestStore f = { 0 };
  g_autoptr(MaAuditListModel) model = NULL;
  Changes changes = { 0 };
  guint notifies = 0;
  GListModel *list;
  MaAuditFilter filter;

  ma_test_store_open (&f);
  ma_test_store_add_basics (&f);
  ma_test_store_add_audit (&f, 1, "2026-10-20T10:00:00+03:00", "SPB-01", MA_AUDIT_APPROVED, TRUE, 30);
  ma_test_store_add_audit (&f, 2, "2026-10-05T10:00:00+03:00", "MSK-01", MA_AUDIT_SUBMITTED, TRUE, 300);
  ma_test_store_add_audit (&f, 3, "2026-09-01T10:00:00+03:00", "SPB-01", MA_AUDIT_DRAFT, FALSE, 0);
  ma_test_store_add_audit (&f, 4, "2026-08-15T10:00:00+03:00", "SPB-01", MA_AUDIT_APPROVED, FALSE, 30);

  model = ma_audit_list_model_new (f.store);
  list = G_LIST_MODEL (model);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  g_signal_connect (model, "notify::n-items", G_CALLBACK (count_cb), &notifies);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 4);

  filter = (MaAuditFilter) { .status_mask = 1u << MA_AUDIT_APPROVED };
  ma_audit_list_model_set_filter (model, &filter);
  assert_changes (&changes, 4, 2);
  g_assert_cmpuint (notifies, ==, 1);
  g_assert_cmpstr (uuid_at (list, 0), ==, "00000000-0000-4000-8000-000000000001");
  g_assert_cmpstr (uuid_at (list, 1), ==, "00000000-0000-4000-8000-000000000004");

  /* The strings are copied: the caller's may go away. */
  {
    g_autofree char *branch = g_strdup ("MSK-01");

    filter = (MaAuditFilter) { .branch = branch };
    ma_audit_list_model_set_filter (model, &filter);
  }
  assert_changes (&changes, 2, 1);
  g_assert_cmpstr (uuid_at (list, 0), ==, "00000000-0000-4000-8000-000000000002");

  filter = (MaAuditFilter) { .period_from = "2026-09", .period_to = "2026-10" };
  ma_audit_list_model_set_filter (model, &filter);
  assert_changes (&changes, 1, 3);

  /* The search finds branch names as well as uuids; offset and limit of
   * the filter are not the model's business. */
  filter = (MaAuditFilter) { .search = "Tverskaya", .offset = 5, .limit = 1 };
  ma_audit_list_model_set_filter (model, &filter);
  assert_changes (&changes, 3, 1);

  filter = (MaAuditFilter) { .search = "no such audit" };
  ma_audit_list_model_set_filter (model, &filter);
  assert_changes (&changes, 1, 0);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);

  /* From nothing to nothing: no signal at all. */
  filter = (MaAuditFilter) { .branch = "NO-SUCH" };
  ma_audit_list_model_set_filter (model, &filter);
  g_assert_cmpuint (changes.emissions, ==, 0);

  ma_audit_list_model_set_filter (model, NULL);
  assert_changes (&changes, 0, 4);

  /* The same filter again (the audit list applies its own when it gets
   * the model): nothing is counted or reloaded, and nothing is said. */
  notifies = 0;
  filter = (MaAuditFilter) { 0 };
  ma_audit_list_model_set_filter (model, &filter);
  g_assert_cmpuint (changes.emissions, ==, 0);
  g_assert_cmpuint (notifies, ==, 0);

  /* The same count still tells the list that the rows may differ. */
  ma_audit_list_model_refresh (model);
  assert_changes (&changes, 4, 4);

  ma_test_store_add_audit (&f, 5, "2026-11-02T10:00:00+03:00", "MSK-01", MA_AUDIT_APPROVED, TRUE, 30);
  ma_audit_list_model_refresh (model);
  assert_changes (&changes, 4, 5);
  g_assert_cmpstr (uuid_at (list, 0), ==, "00000000-0000-4000-8000-000000000005");
  g_assert_null (ma_audit_list_model_get_error (model));

  g_clear_object (&model);
  ma_test_store_close (&f);
}

static void
test_list_periods (void)
{
  MaTestStore f = { 0 };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) periods = NULL;
  const char *expected[] = { "2026-11", "2026-10", "2026-03", "2025-12", NULL };

  ma_test_store_open (&f);
  ma_test_store_add_basics (&f);
  ma_test_store_add_audit (&f, 1, "2026-10-20T10:00:00+03:00", "SPB-01", MA_AUDIT_APPROVED, TRUE, 30);
  ma_test_store_add_audit (&f, 2, "2026-10-05T10:00:00+03:00", "MSK-01", MA_AUDIT_SUBMITTED, TRUE, 300);
  ma_test_store_add_audit (&f, 3, "2026-03-01T10:00:00+03:00", "SPB-01", MA_AUDIT_DRAFT, FALSE, 0);
  ma_test_store_add_audit (&f, 4, "2025-12-15T10:00:00+03:00", "SPB-01", MA_AUDIT_APPROVED, FALSE, 30);
  /* The latest instant of all, but in the local month before: at 23:30 on
   * 31 October in UTC-05 it is already November in UTC, and still an
   * October visit. The other way round, the first of November at 00:30 in
   * Moscow is earlier and a November visit. */
  ma_test_store_add_audit (&f, 5, "2026-10-31T23:30:00-05:00", "SPB-01", MA_AUDIT_APPROVED, TRUE, 30);
  ma_test_store_add_audit (&f, 6, "2026-11-01T00:30:00+03:00", "SPB-01", MA_AUDIT_APPROVED, TRUE, 30);

  periods = ma_audit_list_model_list_periods (f.store, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (periods, expected);

  ma_test_store_close (&f);
}

/* Rows that vanish after the count (another program changed the file)
 * give empty items and an error, never a hole or a crash. */
static void
test_rows_vanish (void)
{
  MaTestStore f = { 0 };
  g_autoptr(MaAuditListModel) model = NULL;
  g_autoptr(MaAuditItem) item = NULL;
  g_autofree char *text = NULL;
  sqlite3 *db = NULL;
  char *message = NULL;
  guint notifies = 0;

  ma_test_store_open (&f);
  ma_test_store_add_basics (&f);
  ma_test_store_add_audit (&f, 1, "2026-10-20T10:00:00+03:00", "SPB-01", MA_AUDIT_APPROVED, TRUE, 30);
  ma_test_store_add_audit (&f, 2, "2026-10-05T10:00:00+03:00", "MSK-01", MA_AUDIT_SUBMITTED, TRUE, 300);

  model = ma_audit_list_model_new (f.store);
  g_signal_connect (model, "notify::error", G_CALLBACK (count_cb), &notifies);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);

  g_assert_cmpint (sqlite3_open (f.path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, "PRAGMA foreign_keys = OFF; DELETE FROM audits", NULL, NULL, &message) != SQLITE_OK)
    g_error ("deleting the audits failed: %s", message);
  sqlite3_close (db);

  item = g_list_model_get_item (G_LIST_MODEL (model), 1);
  g_assert_nonnull (item);
  g_assert_null (ma_audit_item_get_uuid (item));
  text = ma_audit_item_dup_score_text (item);
  g_assert_cmpstr (text, ==, "—");
  g_assert_nonnull (ma_audit_list_model_get_error (model));
  g_assert_cmpuint (notifies, ==, 1);

  ma_audit_list_model_refresh (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_null (ma_audit_list_model_get_error (model));

  g_clear_object (&model);
  ma_test_store_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/audit-list-model/empty-store", test_empty_store);
  g_test_add_func ("/audit-list-model/item-properties", test_item_properties);
  g_test_add_func ("/audit-list-model/lazy-paging", test_lazy_paging);
  g_test_add_func ("/audit-list-model/far-pages-dropped", test_far_pages_dropped);
  g_test_add_func ("/audit-list-model/filter-changes", test_filter_changes);
  g_test_add_func ("/audit-list-model/list-periods", test_list_periods);
  g_test_add_func ("/audit-list-model/rows-vanish", test_rows_vanish);

  return g_test_run ();
}
