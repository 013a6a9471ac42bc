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

/* Version 3: periods being closed. Closing a period in the window takes two
 * steps (HR reviews the statement, then confirms); meanwhile the row tells
 * the command-line tool not to change the data under the review. */
static const char schema_v3[] =
  "CREATE TABLE period_closing ("
  "  period TEXT PRIMARY KEY,"
  "  who TEXT NOT NULL,"
  "  since TEXT NOT NULL) WITHOUT ROWID;";

static const char * const steps[] = {
  NULL,       /* version 0: an empty file */
  schema_v1,
  schema_v2,
  schema_v3,
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
