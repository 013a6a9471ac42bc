/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fairness: disputes of audits, auditor calibration, training marks. */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "ma-bonus.h"
#include "ma-comparison.h"
#include "ma-db.h"
#include "ma-fairness.h"
#include "ma-migrations.h"
#include "ma-sqlite-store.h"
#include "ma-statement.h"
#include "ma-test-audits.h"

#define OCT "2026-10-14T12:00:00+03:00"
#define SEP "2026-09-14T12:00:00+03:00"

/* Audit @n by @auditor at @branch; q1 @greeted, q2 @seconds: 1.0 when
 * greeted within the limit, 1/3 when not greeted, 0 past the critical limit. */
static char *
add_audit (MaTestStore   *f,
           guint          n,
           const char    *auditor,
           const char    *branch,
           const char    *visited_at,
           MaAuditStatus  status,
           gboolean       greeted,
           double         seconds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaAudit) a = ma_audit_new ();
  MaAnswer *answer;

  a->uuid = g_strdup_printf ("00000000-0000-4000-8000-%012u", n);
  a->template_key = g_strdup ("visit");
  a->template_version = 1;
  a->branch = g_strdup (branch);
  a->employee = g_strdup (g_str_equal (branch, "SPB-01") ? "E1001" : "E2001");
  a->auditor = g_strdup (auditor);
  a->channel = g_strdup ("visit");
  a->visited_at = g_strdup (visited_at);
  a->modified = g_strdup (visited_at);
  a->status = status;
  answer = ma_answer_new ("q1");
  answer->kind = MA_VALUE_BOOL;
  answer->boolean = greeted;
  g_ptr_array_add (a->answers, answer);
  answer = ma_answer_new ("q2");
  answer->kind = MA_VALUE_NUMBER;
  answer->number = seconds;
  g_ptr_array_add (a->answers, answer);

  g_assert_true (ma_store_save_audit (f->store, a, "test", NULL, NULL, &error));
  g_assert_no_error (error);
  return g_strdup (a->uuid);
}

/* A scheme for drivers, so that both employees have a statement row. */
static void
add_scheme (MaTestStore *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaScheme) scheme = ma_scheme_new ();
  MaSchemeComponent *c = ma_scheme_component_new ("volume", 100, MA_SOURCE_KPI);

  scheme->key = g_strdup ("drivers");
  scheme->version = 1;
  scheme->name = g_strdup ("Drivers");
  g_ptr_array_add (scheme->positions, g_strdup ("driver"));
  scheme->min_audits = 1;
  scheme->missing = MA_MISSING_FULL;
  g_free (c->label);
  c->label = g_strdup ("Volume");
  g_ptr_array_add (scheme->components, c);
  g_assert_true (ma_store_save_scheme (f->store, scheme, NULL, &error));
  g_assert_no_error (error);
}

static void
setup (MaTestStore *f)
{
  ma_test_store_open (f);
  ma_test_store_add_basics (f);
  add_scheme (f);
}

static const MaBonusAuditRef *
find_ref (const MaBonusStatement *statement,
          const char             *employee,
          const char             *uuid)
{
  const MaBonusRow *row = ma_bonus_statement_find_row (statement, employee);

  g_assert_nonnull (row);
  for (guint i = 0; i < row->audits->len; i++)
    {
      const MaBonusAuditRef *ref = g_ptr_array_index (row->audits, i);

      if (g_str_equal (ref->uuid, uuid))
        return ref;
    }
  g_assert_not_reached ();
  return NULL;
}

static void
test_close_refused_while_open (void)
{
  MaTestStore f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *disputed = NULL;
  g_autofree char *other = NULL;
  g_autoptr(MaBonusStatement) statement = NULL;
  g_autoptr(GPtrArray) disputes = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *text = NULL;

  setup (&f);
  disputed = add_audit (&f, 1, "A. Smirnova", "SPB-01", OCT, MA_AUDIT_APPROVED, FALSE, 30);
  other = add_audit (&f, 2, "A. Smirnova", "SPB-01", OCT, MA_AUDIT_APPROVED, TRUE, 30);

  g_assert_true (ma_store_open_dispute (f.store, disputed, "HR Ivanova",
                                        "I greeted the shopper at the door", &error));
  g_assert_no_error (error);

  disputes = ma_store_list_disputes (f.store, "2026-10", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (disputes->len, ==, 1);
  {
    const MaDispute *d = g_ptr_array_index (disputes, 0);

    g_assert_cmpstr (d->audit, ==, disputed);
    g_assert_cmpstr (d->period, ==, "2026-10");
    g_assert_cmpstr (d->branch, ==, "SPB-01");
    g_assert_cmpstr (d->employee, ==, "E1001");
    g_assert_cmpstr (d->opened_by, ==, "HR Ivanova");
    g_assert_cmpstr (d->note, ==, "I greeted the shopper at the door");
    g_assert_cmpint (d->state, ==, MA_DISPUTE_OPEN);
    g_assert_null (d->resolved_at);
  }
  g_clear_pointer (&disputes, g_ptr_array_unref);
  disputes = ma_store_list_disputes (f.store, "2026-09", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (disputes->len, ==, 0);

  /* The statement flags the disputed audit and only it. */
  statement = ma_bonus_compute (f.store, "2026-10", &error);
  g_assert_no_error (error);
  g_assert_true (find_ref (statement, "E1001", disputed)->disputed);
  g_assert_false (find_ref (statement, "E1001", other)->disputed);
  json = ma_bonus_to_json (statement);
  text = json_to_string (json, FALSE);
  g_assert_nonnull (strstr (text, "\"disputed_audits\":[\"00000000-0000-4000-8000-000000000001\"]"));

  /* So does the document HR prints. */
  {
    g_autoptr(MaStatementDocument) doc = NULL;
    guint flagged = 0;

    doc = ma_statement_document_build (f.store, statement,
                                       ma_bonus_statement_find_row (statement, "E1001"), &error);
    g_assert_no_error (error);
    for (guint i = 0; i < doc->blocks->len; i++)
      {
        const MaStatementBlock *block = g_ptr_array_index (doc->blocks, i);

        if (block->kind == MA_BLOCK_WARNING && strstr (block->text, "dispute") != NULL)
          flagged++;
      }
    g_assert_cmpuint (flagged, ==, 1);
  }

  /* Closing is refused, naming the audit. */
  g_assert_false (ma_bonus_close_period (f.store, "2026-10", "HR Ivanova", &error));
  g_assert_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_DISPUTED);
  g_assert_nonnull (strstr (error->message, disputed));
  /* ...with what HR recognises: the branch and the employee. */
  g_assert_nonnull (strstr (error->message, "SPB-01"));
  g_assert_nonnull (strstr (error->message, "E1001"));
  g_clear_error (&error);
  /* Beginning the two-step close is refused the same way, before HR spends
   * time on a review that could not be confirmed. */
  g_assert_false (ma_bonus_begin_close (f.store, "2026-10", "HR Ivanova", &error));
  g_assert_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_DISPUTED);
  g_clear_error (&error);

  /* Another month is not held up. */
  g_assert_true (ma_bonus_close_period (f.store, "2026-09", "HR Ivanova", &error));
  g_assert_no_error (error);

  ma_test_store_close (&f);
}

static void
test_rejected_keeps (void)
{
  MaTestStore f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(MaAudit) audit = NULL;
  g_autoptr(GPtrArray) disputes = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(MaBonusStatement) statement = NULL;
  const MaDispute *d;

  setup (&f);
  uuid = add_audit (&f, 1, "A. Smirnova", "SPB-01", OCT, MA_AUDIT_APPROVED, FALSE, 30);
  g_assert_true (ma_store_open_dispute (f.store, uuid, "HR", "The shop was closed", &error));
  g_assert_no_error (error);
  g_assert_true (ma_store_resolve_dispute (f.store, uuid, FALSE, "HR Lead",
                                           "The receipt shows the shop was open", &error));
  g_assert_no_error (error);

  audit = ma_store_get_audit (f.store, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (audit->status, ==, MA_AUDIT_APPROVED);
  g_assert_null (audit->void_reason);

  disputes = ma_store_list_disputes (f.store, NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (disputes->len, ==, 1);
  d = g_ptr_array_index (disputes, 0);
  g_assert_cmpint (d->state, ==, MA_DISPUTE_REJECTED);
  g_assert_cmpstr (d->resolved_by, ==, "HR Lead");
  g_assert_cmpstr (d->resolution_note, ==, "The receipt shows the shop was open");
  g_assert_nonnull (d->resolved_at);
  g_clear_pointer (&disputes, g_ptr_array_unref);
  disputes = ma_store_list_disputes (f.store, NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (disputes->len, ==, 0);

  log = ma_store_list_audit_log (f.store, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((MaLogEntry *) g_ptr_array_index (log, log->len - 1))->action, ==,
                   "dispute rejected");

  statement = ma_bonus_compute (f.store, "2026-10", &error);
  g_assert_no_error (error);
  g_assert_false (find_ref (statement, "E1001", uuid)->disputed);

  /* Resolved: nothing left to resolve, and the period closes. */
  g_assert_false (ma_store_resolve_dispute (f.store, uuid, TRUE, "HR", "again", &error));
  g_assert_error (error, MA_STORE_ERROR, MA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (ma_bonus_close_period (f.store, "2026-10", "HR", &error));
  g_assert_no_error (error);

  /* A new dispute of the same audit can be opened after the first is answered. */
  g_assert_true (ma_store_open_dispute (f.store, uuid, "HR", "New evidence", &error));
  g_assert_no_error (error);

  ma_test_store_close (&f);
}

static void
test_upheld_voids (void)
{
  MaTestStore f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(MaAudit) audit = NULL;
  g_autoptr(GPtrArray) disputes = NULL;
  g_autoptr(GPtrArray) scores = NULL;
  g_autoptr(MaBonusStatement) statement = NULL;

  setup (&f);
  uuid = add_audit (&f, 1, "A. Smirnova", "SPB-01", OCT, MA_AUDIT_APPROVED, FALSE, 30);
  g_free (add_audit (&f, 2, "A. Smirnova", "SPB-01", OCT, MA_AUDIT_APPROVED, TRUE, 30));
  g_assert_true (ma_store_open_dispute (f.store, uuid, "HR", "The auditor visited another branch",
                                        &error));
  g_assert_no_error (error);
  g_assert_true (ma_store_resolve_dispute (f.store, uuid, TRUE, "HR Lead",
                                           "The GPS track confirms it", &error));
  g_assert_no_error (error);

  audit = ma_store_get_audit (f.store, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (audit->status, ==, MA_AUDIT_VOIDED);
  g_assert_cmpstr (audit->void_reason, ==, "The auditor visited another branch");

  disputes = ma_store_list_disputes (f.store, "2026-10", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((MaDispute *) g_ptr_array_index (disputes, 0))->state, ==, MA_DISPUTE_UPHELD);
  g_assert_cmpstr (((MaDispute *) g_ptr_array_index (disputes, 0))->resolution_note, ==,
                   "The GPS track confirms it");

  /* The voided audit left the rollups (the monthly sums followed). */
  scores = ma_store_aggregate_scores (f.store, MA_GROUP_BRANCH, MA_PART_OVERALL, "2026-10",
                                      "2026-10", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scores->len, ==, 1);
  g_assert_cmpint (((MaAggregateRow *) g_ptr_array_index (scores, 0))->n, ==, 1);
  g_assert_cmpfloat_with_epsilon (((MaAggregateRow *) g_ptr_array_index (scores, 0))->mean, 1.0, 1e-9);

  statement = ma_bonus_compute (f.store, "2026-10", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ma_bonus_statement_find_row (statement, "E1001")->audits->len, ==, 1);

  /* A voided audit cannot be disputed again. */
  g_assert_false (ma_store_open_dispute (f.store, uuid, "HR", "once more", &error));
  g_assert_error (error, MA_STORE_ERROR, MA_STORE_ERROR_INVALID);
  g_clear_error (&error);

  ma_test_store_close (&f);
}

static void
test_dispute_errors (void)
{
  MaTestStore f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *submitted = NULL;
  g_autoptr(GPtrArray) disputes = NULL;

  setup (&f);
  uuid = add_audit (&f, 1, "A. Smirnova", "SPB-01", OCT, MA_AUDIT_APPROVED, TRUE, 30);
  submitted = add_audit (&f, 2, "A. Smirnova", "SPB-01", OCT, MA_AUDIT_SUBMITTED, TRUE, 30);

  g_assert_false (ma_store_open_dispute (f.store, uuid, "HR", "   ", &error));
  g_assert_error (error, MA_STORE_ERROR, MA_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, uuid));
  g_clear_error (&error);

  g_assert_false (ma_store_open_dispute (f.store, "no-such-audit", "HR", "note", &error));
  g_assert_error (error, MA_STORE_ERROR, MA_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-audit"));
  g_clear_error (&error);

  g_assert_false (ma_store_open_dispute (f.store, submitted, "HR", "note", &error));
  g_assert_error (error, MA_STORE_ERROR, MA_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (ma_store_resolve_dispute (f.store, uuid, TRUE, "HR", "answer", &error));
  g_assert_error (error, MA_STORE_ERROR, MA_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (ma_store_open_dispute (f.store, uuid, "HR", "note", &error));
  g_assert_no_error (error);
  g_assert_false (ma_store_open_dispute (f.store, uuid, "HR", "second", &error));
  g_assert_error (error, MA_STORE_ERROR, MA_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  /* An answer is required; the dispute stays open without one. */
  g_assert_false (ma_store_resolve_dispute (f.store, uuid, TRUE, "HR", "", &error));
  g_assert_error (error, MA_STORE_ERROR, MA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  disputes = ma_store_list_disputes (f.store, NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (disputes->len, ==, 1);

  ma_test_store_close (&f);
}

static const MaCalibrationRow *
find_auditor (GPtrArray  *rows,
              const char *auditor)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const MaCalibrationRow *row = g_ptr_array_index (rows, i);

      if (g_str_equal (row->auditor, auditor))
        return row;
    }
  g_assert_not_reached ();
  return NULL;
}

static void
test_calibration (void)
{
  MaTestStore f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const MaCalibrationRow *row;
  guint n = 0;

  setup (&f);
  /* October, SPB-01: Lenient gives 1, 1, 1; Strict gives 1/3, 1/3, 1. */
  for (guint i = 0; i < 3; i++)
    g_free (add_audit (&f, ++n, "Lenient", "SPB-01", OCT, MA_AUDIT_APPROVED, TRUE, 30));
  g_free (add_audit (&f, ++n, "Strict", "SPB-01", OCT, MA_AUDIT_APPROVED, FALSE, 30));
  g_free (add_audit (&f, ++n, "Strict", "SPB-01", OCT, MA_AUDIT_APPROVED, FALSE, 30));
  g_free (add_audit (&f, ++n, "Strict", "SPB-01", OCT, MA_AUDIT_APPROVED, TRUE, 30));
  /* Not approved: left out. */
  g_free (add_audit (&f, ++n, "Strict", "SPB-01", OCT, MA_AUDIT_SUBMITTED, FALSE, 500));
  /* Solo is alone at MSK-01: nothing to compare with. */
  g_free (add_audit (&f, ++n, "Solo", "MSK-01", OCT, MA_AUDIT_APPROVED, TRUE, 30));
  g_free (add_audit (&f, ++n, "Solo", "MSK-01", OCT, MA_AUDIT_APPROVED, FALSE, 500));
  /* September, SPB-01: only Lenient, so no shared cell that month. */
  g_free (add_audit (&f, ++n, "Lenient", "SPB-01", SEP, MA_AUDIT_APPROVED, FALSE, 500));

  rows = ma_store_aggregate_auditor_calibration (f.store, "2026-10", "2026-10", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpstr (((MaCalibrationRow *) g_ptr_array_index (rows, 0))->auditor, ==, "Lenient");

  row = find_auditor (rows, "Lenient");
  g_assert_cmpint (row->audits, ==, 3);
  g_assert_cmpint (row->own_n, ==, 3);
  g_assert_cmpfloat_with_epsilon (row->own_mean, 1.0, 1e-9);
  g_assert_cmpint (row->others_n, ==, 3);
  g_assert_cmpfloat_with_epsilon (row->others_mean, 5.0 / 9.0, 1e-9);
  g_assert_cmpint (ma_calibration_verdict (row), ==, MA_CALIBRATION_LENIENT);

  row = find_auditor (rows, "Strict");
  g_assert_cmpint (row->own_n, ==, 3);
  g_assert_cmpfloat_with_epsilon (row->own_mean, 5.0 / 9.0, 1e-9);
  g_assert_cmpint (row->others_n, ==, 3);
  g_assert_cmpfloat_with_epsilon (row->others_mean, 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (ma_calibration_gap (row), 5.0 / 9.0 - 1.0, 1e-9);
  g_assert_cmpint (ma_calibration_verdict (row), ==, MA_CALIBRATION_STRICT);

  row = find_auditor (rows, "Solo");
  g_assert_cmpint (row->audits, ==, 2);
  g_assert_cmpint (row->own_n, ==, 0);
  g_assert_cmpint (row->others_n, ==, 0);
  g_assert_true (isnan (row->own_mean));
  g_assert_true (isnan (ma_calibration_gap (row)));
  g_assert_cmpint (ma_calibration_verdict (row), ==, MA_CALIBRATION_UNKNOWN);

  /* With September: Lenient has 4 audits, but the lone September cell is
   * not compared, so the means stay. */
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = ma_store_aggregate_auditor_calibration (f.store, "2026-09", "2026-10", &error);
  g_assert_no_error (error);
  row = find_auditor (rows, "Lenient");
  g_assert_cmpint (row->audits, ==, 4);
  g_assert_cmpint (row->own_n, ==, 3);
  g_assert_cmpfloat_with_epsilon (row->own_mean, 1.0, 1e-9);

  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = ma_store_aggregate_auditor_calibration (f.store, "2026-11", "2026-11", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 0);

  ma_test_store_close (&f);
}

static void
test_calibration_rule (void)
{
  MaCalibrationRow row = { .auditor = (char *) "X" };

  row.own_n = 3;
  row.others_n = 3;
  row.own_mean = 0.80;
  row.others_mean = 0.70;
  g_assert_cmpint (ma_calibration_verdict (&row), ==, MA_CALIBRATION_LENIENT);
  row.own_mean = 0.60;
  g_assert_cmpint (ma_calibration_verdict (&row), ==, MA_CALIBRATION_STRICT);
  row.own_mean = 0.79;
  g_assert_cmpint (ma_calibration_verdict (&row), ==, MA_CALIBRATION_IN_LINE);
  row.own_mean = 0.61;
  g_assert_cmpint (ma_calibration_verdict (&row), ==, MA_CALIBRATION_IN_LINE);
  /* A large gap on too few audits is not a verdict. */
  row.own_mean = 1.0;
  row.own_n = 2;
  g_assert_cmpint (ma_calibration_verdict (&row), ==, MA_CALIBRATION_UNKNOWN);
  row.own_n = 3;
  row.others_n = 2;
  g_assert_cmpint (ma_calibration_verdict (&row), ==, MA_CALIBRATION_UNKNOWN);
  g_assert_cmpstr (ma_calibration_verdict_to_string (MA_CALIBRATION_STRICT), ==, "strict");
}

static void
test_training_marks (void)
{
  MaTestStore f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) marks = NULL;
  MaTrainingMark mark = { 0 };
  gint64 id = 0;
  const MaTrainingMark *got;

  ma_test_store_open (&f);
  ma_test_store_add_basics (&f);

  mark.date = (char *) "2026-09-03";
  mark.branch = (char *) "SPB-01";
  mark.note = (char *) "Greeting workshop";
  g_assert_true (ma_store_add_training_mark (f.store, &mark, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  mark.date = (char *) "2026-06-10";
  mark.note = NULL;
  g_assert_true (ma_store_add_training_mark (f.store, &mark, NULL, &error));
  g_assert_no_error (error);
  mark.date = (char *) "2026-09-20";
  mark.branch = NULL;
  mark.employee = (char *) "E1001";
  mark.note = (char *) "Coaching";
  g_assert_true (ma_store_add_training_mark (f.store, &mark, NULL, &error));
  g_assert_no_error (error);

  /* Refused: both, neither, a day that does not exist, an unknown branch. */
  mark.branch = (char *) "SPB-01";
  g_assert_false (ma_store_add_training_mark (f.store, &mark, NULL, &error));
  g_assert_error (error, MA_STORE_ERROR, MA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  mark.branch = NULL;
  mark.employee = NULL;
  g_assert_false (ma_store_add_training_mark (f.store, &mark, NULL, &error));
  g_assert_error (error, MA_STORE_ERROR, MA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  mark.branch = (char *) "SPB-01";
  mark.date = (char *) "2026-02-30";
  g_assert_false (ma_store_add_training_mark (f.store, &mark, NULL, &error));
  g_assert_error (error, MA_STORE_ERROR, MA_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2026-02-30"));
  g_clear_error (&error);
  mark.date = (char *) "2026-9-1";
  g_assert_false (ma_store_add_training_mark (f.store, &mark, NULL, &error));
  g_assert_error (error, MA_STORE_ERROR, MA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  mark.date = (char *) "2026-09-01";
  mark.branch = (char *) "NOPE-01";
  g_assert_false (ma_store_add_training_mark (f.store, &mark, NULL, &error));
  g_assert_error (error, MA_STORE_ERROR, MA_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "NOPE-01"));
  g_clear_error (&error);

  /* By branch and range: the branch's own marks, not its employees'. */
  marks = ma_store_list_training_marks (f.store, "SPB-01", NULL, "2026-07-01", "2026-12-31", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (marks->len, ==, 1);
  got = g_ptr_array_index (marks, 0);
  g_assert_cmpint (got->id, ==, id);
  g_assert_cmpstr (got->date, ==, "2026-09-03");
  g_assert_cmpstr (got->branch, ==, "SPB-01");
  g_assert_null (got->employee);
  g_assert_cmpstr (got->note, ==, "Greeting workshop");
  g_clear_pointer (&marks, g_ptr_array_unref);

  marks = ma_store_list_training_marks (f.store, "SPB-01", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (marks->len, ==, 2);
  g_assert_cmpstr (((MaTrainingMark *) g_ptr_array_index (marks, 0))->date, ==, "2026-06-10");
  g_assert_null (((MaTrainingMark *) g_ptr_array_index (marks, 0))->note);
  g_clear_pointer (&marks, g_ptr_array_unref);

  marks = ma_store_list_training_marks (f.store, NULL, "E1001", NULL, "2026-09-20", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (marks->len, ==, 1);
  g_assert_cmpstr (((MaTrainingMark *) g_ptr_array_index (marks, 0))->employee, ==, "E1001");
  g_clear_pointer (&marks, g_ptr_array_unref);

  marks = ma_store_list_training_marks (f.store, NULL, NULL, "2026-09-01", "2026-09-30", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (marks->len, ==, 2);
  g_clear_pointer (&marks, g_ptr_array_unref);

  marks = ma_store_list_training_marks (f.store, NULL, NULL, "2026-09-01", "2026-09-30", &error);
  g_assert_no_error (error);
  /* Where each mark shows on a chart: an employee's mark at their branch. */
  for (guint i = 0; i < marks->len; i++)
    {
      got = g_ptr_array_index (marks, i);
      g_assert_cmpstr (got->home_branch, ==, "SPB-01");
      g_assert_cmpstr (got->home_region, ==, "NW");
    }
  g_clear_pointer (&marks, g_ptr_array_unref);

  marks = ma_store_list_training_marks (f.store, "MSK-01", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (marks->len, ==, 0);
  g_clear_pointer (&marks, g_ptr_array_unref);

  /* Removing: the mark goes; a second time it is not found. */
  g_assert_true (ma_store_remove_training_mark (f.store, id, &error));
  g_assert_no_error (error);
  g_assert_false (ma_store_remove_training_mark (f.store, id, &error));
  g_assert_error (error, MA_STORE_ERROR, MA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  marks = ma_store_list_training_marks (f.store, "SPB-01", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (marks->len, ==, 1);
  g_assert_cmpstr (((MaTrainingMark *) g_ptr_array_index (marks, 0))->date, ==, "2026-06-10");

  ma_test_store_close (&f);
}

/* The comparison carries the training marks of its trend's months, each
 * on the group it belongs to: an employee's mark on their branch, and on
 * that branch's region. */
static void
test_comparison_marks (void)
{
  MaTestStore f = { 0 };
  g_autoptr(GError) error = NULL;
  MaComparison *cmp;
  MaTrainingMark mark = { 0 };

  setup (&f);
  g_free (add_audit (&f, 1, "A. Smirnova", "SPB-01", OCT, MA_AUDIT_APPROVED, TRUE, 30));
  mark.date = (char *) "2026-09-14";
  mark.branch = (char *) "SPB-01";
  g_assert_true (ma_store_add_training_mark (f.store, &mark, NULL, &error));
  mark.date = (char *) "2026-10-31";
  mark.branch = NULL;
  mark.employee = (char *) "E2001";
  g_assert_true (ma_store_add_training_mark (f.store, &mark, NULL, &error));
  /* Outside the trend's months. */
  mark.date = (char *) "2026-11-01";
  g_assert_true (ma_store_add_training_mark (f.store, &mark, NULL, &error));
  g_assert_no_error (error);

  cmp = ma_comparison_compute (f.store, MA_GROUP_BRANCH, "2026-09", "2026-10", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cmp->training_marks->len, ==, 2);
  g_assert_cmpstr (ma_comparison_mark_group (cmp, g_ptr_array_index (cmp->training_marks, 0)), ==, "SPB-01");
  g_assert_cmpstr (ma_comparison_mark_group (cmp, g_ptr_array_index (cmp->training_marks, 1)), ==, "MSK-01");
  ma_comparison_free (cmp);

  /* One month alone trends over the months before it: September is in. */
  cmp = ma_comparison_compute (f.store, MA_GROUP_REGION, "2026-10", "2026-10", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cmp->training_marks->len, ==, 2);
  g_assert_cmpstr (ma_comparison_mark_group (cmp, g_ptr_array_index (cmp->training_marks, 0)), ==, "NW");
  ma_comparison_free (cmp);

  ma_test_store_close (&f);
}

/* A file made by the previous version (schema 5) opens at schema 6 with
 * everything it held, and gains the fairness tables. */
static void
test_migrate_from_version_5 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ma-fairness-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "v5.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(MaStore) store = NULL;
  g_autoptr(GPtrArray) branches = NULL;
  g_autoptr(GPtrArray) closing = NULL;
  g_autoptr(GPtrArray) marks = NULL;
  g_autoptr(MaPeriodClose) close = NULL;
  MaTrainingMark mark = { 0 };
  MaDb *db = ma_db_open (path, FALSE, &error);
  int version = 0;

  g_assert_no_error (error);
  g_assert_true (ma_migrations_run (db, 5, &error));
  g_assert_no_error (error);
  g_assert_true (ma_db_get_user_version (db, &version, &error));
  g_assert_cmpint (version, ==, 5);
  g_assert_true (ma_db_exec (db,
                             "INSERT INTO regions (code, name) VALUES ('NW', 'North-West');"
                             "INSERT INTO branches (code, name, region_id) VALUES ('SPB-01', 'Nevsky 12', 1);"
                             "INSERT INTO period_closing (period, who, since)"
                             " VALUES ('2026-10', 'HR Ivanova', '2026-11-01T09:00:00Z');",
                             &error));
  g_assert_no_error (error);
  ma_db_close (db);

  store = ma_sqlite_store_open (path, MA_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ma_sqlite_store_get_schema_version (MA_SQLITE_STORE (store)), ==, MA_SCHEMA_VERSION);
  branches = ma_store_list_branches (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (branches->len, ==, 1);
  closing = ma_store_list_period_closing (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (closing->len, ==, 1);
  g_assert_cmpstr (((MaPeriodClosing *) g_ptr_array_index (closing, 0))->who, ==, "HR Ivanova");
  g_assert_true (ma_store_close_period (store, "2026-09", "{}", "hr", &error));
  close = ma_store_get_period_close (store, "2026-09", &error);
  g_assert_nonnull (close);

  mark.date = (char *) "2026-10-05";
  mark.branch = (char *) "SPB-01";
  g_assert_true (ma_store_add_training_mark (store, &mark, NULL, &error));
  g_assert_no_error (error);
  marks = ma_store_list_training_marks (store, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (marks->len, ==, 1);
  g_clear_object (&store);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fairness/dispute/close-refused-while-open", test_close_refused_while_open);
  g_test_add_func ("/fairness/dispute/rejected-keeps", test_rejected_keeps);
  g_test_add_func ("/fairness/dispute/upheld-voids", test_upheld_voids);
  g_test_add_func ("/fairness/dispute/errors", test_dispute_errors);
  g_test_add_func ("/fairness/calibration/hand-built", test_calibration);
  g_test_add_func ("/fairness/calibration/rule", test_calibration_rule);
  g_test_add_func ("/fairness/training-marks", test_training_marks);
  g_test_add_func ("/fairness/migrate-from-version-5", test_migrate_from_version_5);
  g_test_add_func ("/fairness/comparison-marks", test_comparison_marks);
  return g_test_run ();
}
