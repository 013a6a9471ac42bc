/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ma-migrations.h"
#include "ma-store.h"

/* Version 1: the directory, templates, schemes, KPI figures, audits with
 * their answers and attachments, the results stored at save time (so that
 * rollups read a few numbers per audit, not every answer) and the audit log. */
static const char schema_v1[] =
  "CREATE TABLE regions ("
  "  id INTEGER PRIMARY KEY,"
  "  code TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL);"
  "CREATE TABLE branches ("
  "  id INTEGER PRIMARY KEY,"
  "  code TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  region_id INTEGER NOT NULL REFERENCES regions (id));"
  "CREATE TABLE employees ("
  "  id INTEGER PRIMARY KEY,"
  "  code TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  branch_id INTEGER NOT NULL REFERENCES branches (id),"
  "  position TEXT NOT NULL,"
  "  base_pay INTEGER NOT NULL DEFAULT 0 CHECK (base_pay >= 0),"
  "  currency TEXT,"
  "  active_from TEXT,"
  "  active_to TEXT);"
  "CREATE TABLE templates ("
  "  id INTEGER PRIMARY KEY,"
  "  key TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  name TEXT NOT NULL,"
  "  channel TEXT,"
  "  status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'retired')),"
  "  content TEXT NOT NULL,"
  "  UNIQUE (key, version));"
  "CREATE TABLE schemes ("
  "  id INTEGER PRIMARY KEY,"
  "  key TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  name TEXT NOT NULL,"
  "  content TEXT NOT NULL,"
  "  UNIQUE (key, version));"
  "CREATE TABLE kpis ("
  "  employee_id INTEGER NOT NULL REFERENCES employees (id),"
  "  period TEXT NOT NULL,"
  "  component TEXT NOT NULL,"
  "  actual REAL NOT NULL,"
  "  plan REAL NOT NULL CHECK (plan > 0),"
  "  PRIMARY KEY (employee_id, period, component)) WITHOUT ROWID;"
  "CREATE TABLE audits ("
  "  id INTEGER PRIMARY KEY,"
  "  uuid TEXT NOT NULL UNIQUE,"
  "  template_id INTEGER NOT NULL REFERENCES templates (id),"
  "  branch_id INTEGER NOT NULL REFERENCES branches (id),"
  "  employee_id INTEGER REFERENCES employees (id),"
  "  auditor TEXT NOT NULL,"
  "  channel TEXT,"
  "  scenario TEXT,"
  "  visited_at TEXT NOT NULL,"
  "  visited_utc TEXT NOT NULL,"
  "  period TEXT NOT NULL,"
  "  modified TEXT NOT NULL,"
  "  modified_utc TEXT NOT NULL,"
  "  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'voided')),"
  "  void_reason TEXT,"
  "  review_note TEXT,"
  "  score REAL,"
  "  earned REAL NOT NULL,"
  "  possible REAL NOT NULL,"
  "  critical_failure TEXT,"
  "  content TEXT NOT NULL);"
  "CREATE INDEX audits_by_status_period ON audits (status, period);"
  "CREATE INDEX audits_by_employee ON audits (employee_id, period);"
  "CREATE INDEX audits_by_branch ON audits (branch_id, period);"
  "CREATE INDEX audits_by_visit ON audits (visited_utc);"
  "CREATE TABLE answers ("
  "  audit_id INTEGER NOT NULL REFERENCES audits (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  question TEXT NOT NULL,"
  "  na INTEGER NOT NULL DEFAULT 0,"
  "  kind INTEGER NOT NULL,"
  "  number REAL,"
  "  text TEXT,"
  "  comment TEXT,"
  "  fraction REAL,"
  "  earned REAL,"
  "  possible REAL,"
  "  standard_share REAL,"
  "  PRIMARY KEY (audit_id, question)) WITHOUT ROWID;"
  "CREATE TABLE attachments ("
  "  id INTEGER PRIMARY KEY,"
  "  audit_id INTEGER NOT NULL REFERENCES audits (id) ON DELETE CASCADE,"
  "  question TEXT,"
  "  name TEXT NOT NULL,"
  "  sha256 TEXT NOT NULL,"
  "  data BLOB NOT NULL);"
  "CREATE INDEX attachments_by_audit ON attachments (audit_id);"
  "CREATE TABLE audit_sections ("
  "  audit_id INTEGER NOT NULL REFERENCES audits (id) ON DELETE CASCADE,"
  "  section TEXT NOT NULL,"
  "  earned REAL NOT NULL,"
  "  possible REAL NOT NULL,"
  "  score REAL,"
  "  PRIMARY KEY (audit_id, section)) WITHOUT ROWID;"
  "CREATE TABLE audit_components ("
  "  audit_id INTEGER NOT NULL REFERENCES audits (id) ON DELETE CASCADE,"
  "  component TEXT NOT NULL,"
  "  earned REAL NOT NULL,"
  "  possible REAL NOT NULL,"
  "  score REAL,"
  "  PRIMARY KEY (audit_id, component)) WITHOUT ROWID;"
  "CREATE TABLE audit_log ("
  "  id INTEGER PRIMARY KEY,"
  "  audit_id INTEGER NOT NULL REFERENCES audits (id) ON DELETE CASCADE,"
  "  at TEXT NOT NULL,"
  "  who TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  detail TEXT);"
  "CREATE INDEX audit_log_by_audit ON audit_log (audit_id);";

/* Version 2: closing periods (frozen statements and their log), the log of
 * imports and the record of which audits were sent in which bundle. */
static const char schema_v2[] =
  "CREATE TABLE period_closes ("
  "  period TEXT PRIMARY KEY,"
  "  closed_at TEXT NOT NULL,"
  "  closed_by TEXT NOT NULL,"
  "  snapshot TEXT NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE period_log ("
  "  id INTEGER PRIMARY KEY,"
  "  period TEXT NOT NULL,"
  "  at TEXT NOT NULL,"
  "  who TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  detail TEXT);"
  "CREATE TABLE import_log ("
  "  id INTEGER PRIMARY KEY,"
  "  at TEXT NOT NULL,"
  "  file_name TEXT NOT NULL,"
  "  sha256 TEXT,"
  "  outcome TEXT NOT NULL,"
  "  message TEXT);"
  "CREATE TABLE exports ("
  "  audit_id INTEGER NOT NULL REFERENCES audits (id) ON DELETE CASCADE,"
  "  bundle_sha256 TEXT NOT NULL,"
  "  at TEXT NOT NULL,"
  "  PRIMARY KEY (audit_id, bundle_sha256)) WITHOUT ROWID;";

/* Version 3: made for a chain of 500 branches and a year of audits
 * (build-aux/bench measures it).
 *
 * - An audit's canonical form is kept as its SHA-256 only: the text was
 *   used for nothing but telling an identical copy from a change, and made
 *   up most of the file (3.6 kB an audit against 0.3 kB for the rest of its
 *   row), so every scan of audits read ten times the pages it needed.
 * - branch_month holds, for each month and branch, the sums and counts of
 *   the approved audits' overall, section and component scores and of the
 *   service-level standards. Rollups by branch, region and the chain read
 *   these (500 x 12 x a few dozen rows for a year) instead of every audit's
 *   results (1.2 million section rows, 11 million answers for the standards).
 *   The store recomputes a month and branch from the stored per-audit results
 *   before each commit that touched one of its audits, never by adding and
 *   subtracting, so the figures are what a recomputation gives.
 * - audits_by_period: approved audits of a month with their employee, score
 *   and template without reading the rows, for bonus statements and lists. */
static const char schema_v3[] =
  "ALTER TABLE audits ADD COLUMN content_sha256 TEXT NOT NULL DEFAULT '';"
  "UPDATE audits SET content_sha256 = ma_sha256 (content);"
  "ALTER TABLE audits DROP COLUMN content;"
  "CREATE INDEX audits_by_period ON audits (period, status, employee_id, branch_id, score);"
  "CREATE TABLE branch_month ("
  "  period TEXT NOT NULL,"
  "  branch_id INTEGER NOT NULL REFERENCES branches (id),"
  "  kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 3)," /* overall, section, component, standard */
  "  part TEXT NOT NULL,"        /* '' overall; the section, component or question key */
  "  share REAL NOT NULL,"       /* the standard's promised share; 0 otherwise */
  "  total REAL NOT NULL,"       /* sum of scores; for a standard, audits that passed */
  "  n INTEGER NOT NULL,"        /* audits */
  "  PRIMARY KEY (period, branch_id, kind, part, share)) WITHOUT ROWID;"
  "INSERT INTO branch_month (period, branch_id, kind, part, share, total, n)"
  "  SELECT period, branch_id, 0, '', 0, SUM(score), COUNT(*) FROM audits"
  "  WHERE status = 'approved' AND score IS NOT NULL GROUP BY period, branch_id;"
  "INSERT INTO branch_month (period, branch_id, kind, part, share, total, n)"
  "  SELECT a.period, a.branch_id, 1, s.section, 0, SUM(s.score), COUNT(*)"
  "  FROM audits a JOIN audit_sections s ON s.audit_id = a.id"
  "  WHERE a.status = 'approved' AND s.score IS NOT NULL GROUP BY a.period, a.branch_id, s.section;"
  "INSERT INTO branch_month (period, branch_id, kind, part, share, total, n)"
  "  SELECT a.period, a.branch_id, 2, c.component, 0, SUM(c.score), COUNT(*)"
  "  FROM audits a JOIN audit_components c ON c.audit_id = a.id"
  "  WHERE a.status = 'approved' AND c.score IS NOT NULL GROUP BY a.period, a.branch_id, c.component;"
  "INSERT INTO branch_month (period, branch_id, kind, part, share, total, n)"
  "  SELECT a.period, a.branch_id, 3, q.question, q.standard_share, SUM(q.fraction >= 1.0), COUNT(*)"
  "  FROM audits a JOIN answers q ON q.audit_id = a.id"
  "  WHERE a.status = 'approved' AND q.standard_share IS NOT NULL AND q.fraction IS NOT NULL"
  "  GROUP BY a.period, a.branch_id, q.question, q.standard_share;";

/* Version 4: branch_month keyed by kind, branch, part and share, then
 * period. A rollup reads one kind, sums each branch's months in key order
 * and then names the branches: compare over twelve months at 500 branches
 * went from 1.5 to 0.6 billion instructions (bench/PROFILE.md). */
static const char schema_v4[] =
  "CREATE TABLE branch_month_by_kind ("
  "  period TEXT NOT NULL,"
  "  branch_id INTEGER NOT NULL REFERENCES branches (id),"
  "  kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 3),"
  "  part TEXT NOT NULL,"
  "  share REAL NOT NULL,"
  "  total REAL NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  PRIMARY KEY (kind, branch_id, part, share, period)) WITHOUT ROWID;"
  "INSERT INTO branch_month_by_kind (period, branch_id, kind, part, share, total, n)"
  "  SELECT period, branch_id, kind, part, share, total, n FROM branch_month;"
  "DROP TABLE branch_month;"
  "ALTER TABLE branch_month_by_kind RENAME TO branch_month;";

/* Version 5: periods being closed. Closing a period in the window takes two
 * steps (HR reviews the statement, then confirms); meanwhile the row tells
 * the command-line tool not to change the data under the review. */
static const char schema_v5[] =
  "CREATE TABLE period_closing ("
  "  period TEXT PRIMARY KEY,"
  "  who TEXT NOT NULL,"
  "  since TEXT NOT NULL) WITHOUT ROWID;";

/* Version 6: fairness. Disputes of audits (an employee's objection that HR
 * records and later upholds or rejects; at most one open per audit) and
 * training marks of a branch or an employee, shown on the trend chart. */
static const char schema_v6[] =
  "CREATE TABLE disputes ("
  "  id INTEGER PRIMARY KEY,"
  "  audit_id INTEGER NOT NULL REFERENCES audits (id) ON DELETE CASCADE,"
  "  opened_at TEXT NOT NULL,"
  "  opened_by TEXT NOT NULL,"
  "  note TEXT NOT NULL,"
  "  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'upheld', 'rejected')),"
  "  resolved_at TEXT,"
  "  resolved_by TEXT,"
  "  resolution_note TEXT);"
  "CREATE INDEX disputes_by_audit ON disputes (audit_id);"
  "CREATE UNIQUE INDEX disputes_open ON disputes (audit_id) WHERE state = 'open';"
  "CREATE TABLE training_marks ("
  "  id INTEGER PRIMARY KEY,"
  "  date TEXT NOT NULL,"
  "  branch_id INTEGER REFERENCES branches (id),"
  "  employee_id INTEGER REFERENCES employees (id),"
  "  note TEXT,"
  "  CHECK ((branch_id IS NULL) <> (employee_id IS NULL)));"
  "CREATE INDEX training_marks_by_date ON training_marks (date);";

/* Version 7: how many approved audits failed each question (scored below
 * full marks) and how many scored it, per month, branch and template
 * version. The comparison's most failed standards read these sums, not
 * the answers: over twelve months at 500 branches that is 852 000 rows
 * instead of 9.6 million answers, 0.18 s instead of about 14 s in the
 * sqlite3 shell. Keyed by branch first so that a range of months sums
 * each branch's questions in key order, without a sort. */
static const char schema_v7[] =
  "CREATE TABLE branch_month_questions ("
  "  branch_id INTEGER NOT NULL REFERENCES branches (id),"
  "  template_id INTEGER NOT NULL REFERENCES templates (id),"
  "  question TEXT NOT NULL,"
  "  period TEXT NOT NULL,"
  "  failed INTEGER NOT NULL,"   /* audits that scored it below 1 */
  "  n INTEGER NOT NULL,"        /* audits that scored it */
  "  PRIMARY KEY (branch_id, template_id, question, period)) WITHOUT ROWID;"
  "INSERT INTO branch_month_questions (branch_id, template_id, question, period, failed, n)"
  "  SELECT a.branch_id, a.template_id, q.question, a.period, SUM(q.fraction < 1.0), COUNT(*)"
  "  FROM audits a JOIN answers q ON q.audit_id = a.id"
  "  WHERE a.status = 'approved' AND q.fraction IS NOT NULL"
  "  GROUP BY a.branch_id, a.template_id, q.question, a.period;";

static const char * const steps[] = {
  NULL,       /* version 0: an empty file */
  schema_v1,
  schema_v2,
  schema_v3,
  schema_v4,
  schema_v5,
  schema_v6,
  schema_v7,
};

G_STATIC_ASSERT (G_N_ELEMENTS (steps) == MA_SCHEMA_VERSION + 1);

gboolean
ma_migrations_run (MaDb    *db,
                   int      target,
                   GError **error)
{
  int version;

  g_return_val_if_fail (target >= 1 && target <= MA_SCHEMA_VERSION, FALSE);

  if (!ma_db_get_user_version (db, &version, error))
    return FALSE;

  if (version > MA_SCHEMA_VERSION || version > target)
    {
      g_set_error (error, MA_STORE_ERROR, MA_STORE_ERROR_NEWER_SCHEMA,
                   _("Database %s was made by a newer version of Mystery Audit (schema %d, this "
                     "version knows %d); open it with that version"),
                   ma_db_get_path (db), version, target);
      return FALSE;
    }

  if (version < target && ma_db_is_read_only (db))
    {
      g_set_error (error, MA_STORE_ERROR, MA_STORE_ERROR_READ_ONLY,
                   _("Database %s needs an upgrade of its schema (from %d to %d) but is read-only"),
                   ma_db_get_path (db), version, target);
      return FALSE;
    }

  for (int next = version + 1; next <= target; next++)
    {
      if (!ma_db_begin (db, error))
        return FALSE;
      if (!ma_db_exec (db, steps[next], error) || !ma_db_set_user_version (db, next, error) ||
          !ma_db_commit (db, error))
        {
          if (ma_db_get_transaction_depth (db) > 0)
            ma_db_rollback (db);
          g_prefix_error (error, _("Upgrading the schema to version %d: "), next);
          return FALSE;
        }
    }

  return TRUE;
}
