/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ma-bonus.h"
#include "ma-bundle.h"
#include "ma-demo.h"
#include "ma-export-csv.h"
#include "ma-export-xlsx.h"
#include "ma-export.h"
#include "ma-fairness.h"
#include "ma-generator.h"
#include "ma-keys.h"
#include "ma-report.h"
#include "ma-rollup.h"
#include "ma-scoring.h"
#include "ma-sqlite-store.h"

#include "ma-cli.h"

typedef enum {
  FORMAT_TABLE,
  FORMAT_CSV,
  FORMAT_JSON,
  FORMAT_XLSX,
} OutputFormat;

typedef struct {
  const char *db_path;
} Globals;

typedef int (*CommandFunc) (const Globals *globals, int argc, char **argv);

typedef struct {
  const char  *name;
  const char  *synopsis;
  CommandFunc  run;
} Command;

static void
print_usage_error (const char *command,
                   const char *message)
{
  g_printerr ("mystery-audit-cli %s: %s\n", command, message);
  g_printerr (_("Try “mystery-audit-cli %s --help”.\n"), command);
}

static int
refuse (const GError *error)
{
  g_printerr ("%s\n", error->message);
  return MA_CLI_EXIT_REFUSED;
}

/* Parses the options of one command; the remaining arguments stay in
 * argv. Returns -1 when parsing succeeded, else the exit status. */
static int
parse_options (const char    *command,
               const char    *parameters,
               GOptionEntry  *entries,
               int           *argc,
               char        ***argv)
{
  g_autofree char *title = g_strdup_printf ("%s %s", command, parameters);
  g_autoptr(GOptionContext) context = g_option_context_new (title);
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      print_usage_error (command, error->message);
      return MA_CLI_EXIT_USAGE;
    }
  return -1;
}

static MaStore *
open_store (const Globals  *globals,
            gboolean        read_only,
            GError        **error)
{
  g_autofree char *default_path = NULL;
  const char *path = globals->db_path;

  if (path == NULL)
    path = default_path = ma_default_database_path ();

  if (read_only && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("There is no database at %s; create one with “mystery-audit-cli init”"), path);
      return NULL;
    }
  /* Reading commands still open read-write when they can, so that a
   * database of an older version is upgraded once, here. */
  return ma_sqlite_store_open (path, MA_SQLITE_STORE_FLAGS_NONE, error);
}

/* Every command that writes opens the store this way: while a period is
 * being closed in the window, HR is reviewing its statement, and the data
 * under it must not change. */
static MaStore *
open_store_for_writing (const Globals  *globals,
                        GError        **error)
{
  g_autoptr(MaStore) store = open_store (globals, FALSE, error);

  if (store == NULL || !ma_bonus_check_not_closing (store, error))
    return NULL;
  return g_steal_pointer (&store);
}

static gboolean
parse_format (const char   *command,
              const char   *text,
              gboolean      allow_xlsx,
              OutputFormat *format)
{
  if (text == NULL || g_str_equal (text, "table"))
    *format = FORMAT_TABLE;
  else if (g_str_equal (text, "csv"))
    *format = FORMAT_CSV;
  else if (g_str_equal (text, "json"))
    *format = FORMAT_JSON;
  else if (allow_xlsx && g_str_equal (text, "xlsx"))
    *format = FORMAT_XLSX;
  else
    {
      g_autofree char *message = g_strdup_printf (_("unknown format “%s”"), text);
      print_usage_error (command, message);
      return FALSE;
    }
  return TRUE;
}

/* Writes @text to @output, or stdout when NULL. */
static gboolean
write_output (const char  *output,
              const char  *text,
              GError     **error)
{
  if (output == NULL || g_str_equal (output, "-"))
    {
      fputs (text, stdout);
      return fflush (stdout) == 0;
    }
  return g_file_set_contents_full (output, text, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0644, error);
}

static char *
json_to_text (JsonNode *node)
{
  g_autofree char *text = ma_json_to_string (node, TRUE);

  return g_strconcat (text, "\n", NULL);
}

static int
write_table (MaTable      *table,
             OutputFormat  format,
             const char   *output,
             const char   *sheet)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  switch (format)
    {
    case FORMAT_XLSX:
      if (!ma_export_xlsx_to_file (table, sheet, output, &error))
        return refuse (error);
      return MA_CLI_EXIT_OK;
    case FORMAT_CSV:
      text = ma_export_csv_to_string (table);
      break;
    case FORMAT_TABLE:
    case FORMAT_JSON:
    default:
      text = ma_export_text (table);
      break;
    }
  if (!write_output (output, text, &error))
    return refuse (error);
  return MA_CLI_EXIT_OK;
}

/* ---- init ----------------------------------------------------------------- */

static int
command_init (const Globals *globals,
              int            argc,
              char         **argv)
{
  gboolean demo = FALSE;
  GOptionEntry entries[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, N_("Fill the new database with demo data"), NULL },
    { NULL }
  };
  g_autoptr(MaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *templates = NULL;
  gboolean empty = FALSE;
  int status;

  if ((status = parse_options ("init", "", entries, &argc, &argv)) >= 0)
    return status;
  if (argc > 1)
    {
      print_usage_error ("init", _("takes no arguments"));
      return MA_CLI_EXIT_USAGE;
    }

  store = open_store (globals, FALSE, &error);
  if (store == NULL)
    return refuse (error);
  if (!demo)
    {
      g_print (_("Database ready: %s\n"), ma_sqlite_store_get_path (MA_SQLITE_STORE (store)));
      return MA_CLI_EXIT_OK;
    }

  if (!ma_bonus_check_not_closing (store, &error))
    return refuse (error);
  if (!ma_store_is_empty (store, &empty, &error))
    return refuse (error);
  if (!empty)
    {
      g_printerr (_("%s already has data; the demo is only added to an empty database\n"),
                  ma_sqlite_store_get_path (MA_SQLITE_STORE (store)));
      return MA_CLI_EXIT_REFUSED;
    }
  templates = ma_demo_find_templates_dir ();
  if (templates == NULL)
    {
      g_printerr (_("The shipped questionnaire templates were not found; set MA_TEMPLATES_DIR\n"));
      return MA_CLI_EXIT_REFUSED;
    }
  if (!ma_demo_populate (store, templates, &error))
    return refuse (error);
  g_print (_("Demo database ready: %s\n"), ma_sqlite_store_get_path (MA_SQLITE_STORE (store)));
  return MA_CLI_EXIT_OK;
}

/* ---- approve ------------------------------------------------------------- */

static int
command_approve (const Globals *globals,
                 int            argc,
                 char         **argv)
{
  gboolean all_submitted = FALSE;
  GOptionEntry entries[] = {
    { "all-submitted", 0, 0, G_OPTION_ARG_NONE, &all_submitted, N_("Approve every submitted audit"), NULL },
    { NULL }
  };
  g_autoptr(MaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *who = NULL;
  int status;

  if ((status = parse_options ("approve", "(--all-submitted | UUID…)", entries, &argc, &argv)) >= 0)
    return status;
  if (all_submitted == (argc > 1))
    {
      print_usage_error ("approve", _("give either --all-submitted or one or more audit UUIDs"));
      return MA_CLI_EXIT_USAGE;
    }

  store = open_store_for_writing (globals, &error);
  if (store == NULL)
    return refuse (error);

  if (all_submitted)
    {
      MaAuditFilter filter = { .status_mask = 1 << MA_AUDIT_SUBMITTED };
      g_autoptr(GPtrArray) audits = ma_store_list_audits (store, &filter, &error);

      if (audits == NULL)
        return refuse (error);
      for (guint i = 0; i < audits->len; i++)
        g_ptr_array_add (uuids, g_strdup (((MaAuditSummary *) audits->pdata[i])->uuid));
    }
  else
    for (int i = 1; i < argc; i++)
      g_ptr_array_add (uuids, g_strdup (argv[i]));

  /* All or none: a list with one wrong uuid changes nothing. */
  who = g_strdup (g_get_user_name ());
  if (!ma_store_begin (store, &error))
    return refuse (error);
  for (guint i = 0; i < uuids->len; i++)
    if (!ma_store_set_audit_status (store, uuids->pdata[i], MA_AUDIT_APPROVED, who, NULL, &error))
      {
        ma_store_rollback (store);
        return refuse (error);
      }
  if (!ma_store_commit (store, &error))
    return refuse (error);

  g_print (g_dngettext (GETTEXT_PACKAGE, "Approved %u audit\n", "Approved %u audits\n", uuids->len),
           uuids->len);
  return MA_CLI_EXIT_OK;
}

/* ---- score ------------------------------------------------------------------ */

static int
command_score (const Globals *globals,
               int            argc,
               char         **argv)
{
  gboolean as_json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print one JSON document"), NULL },
    { NULL }
  };
  g_autoptr(MaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MaAudit) audit = NULL;
  g_autoptr(MaTemplate) template = NULL;
  g_autoptr(MaScore) score = NULL;
  g_autoptr(GString) text = NULL;
  g_autofree char *percent = NULL;
  int status;

  if ((status = parse_options ("score", "UUID", entries, &argc, &argv)) >= 0)
    return status;
  if (argc != 2)
    {
      print_usage_error ("score", _("give exactly one audit UUID"));
      return MA_CLI_EXIT_USAGE;
    }

  store = open_store (globals, TRUE, &error);
  if (store == NULL)
    return refuse (error);
  audit = ma_store_get_audit (store, argv[1], &error);
  if (audit == NULL)
    return refuse (error);
  template = ma_store_get_template (store, audit->template_key, audit->template_version, &error);
  if (template == NULL)
    return refuse (error);
  score = ma_score_audit (template, audit);

  if (as_json)
    {
      g_autoptr(JsonNode) node = ma_report_score_to_json (audit->uuid, score);
      g_autofree char *json = json_to_text (node);
      fputs (json, stdout);
      return MA_CLI_EXIT_OK;
    }

  text = g_string_new (NULL);
  percent = ma_score_format_percent (score->score);
  g_string_append_printf (text, _("Audit %s (%s, %s)\n"), audit->uuid, template->name,
                          audit->visited_at);
  if (percent != NULL)
    g_string_append_printf (text, _("Score: %s %%\n"), percent);
  else
    g_string_append_printf (text, _("Score: %s\n"), _("not assessed"));
  if (score->critical_failure != NULL)
    g_string_append_printf (text, _("Critical failure: %s (%s)\n"), score->critical_failure,
                            score->critical_scope == MA_CRITICAL_AUDIT ? _("whole audit")
                                                                       : _("its section"));
  for (guint i = 0; i < score->sections->len; i++)
    {
      const MaScorePart *part = g_ptr_array_index (score->sections, i);
      g_autofree char *p = ma_score_format_percent (part->assessed ? part->score : NAN);
      g_autofree char *earned = g_strdup_printf ("%g/%g", part->earned, part->possible);

      g_string_append_printf (text, "  %-24s %8s %%  %s\n", part->key, p ? p : _("not assessed"),
                              earned);
    }
  fputs (text->str, stdout);
  return MA_CLI_EXIT_OK;
}

/* ---- bonus --------------------------------------------------------------------- */

static int
command_bonus (const Globals *globals,
               int            argc,
               char         **argv)
{
  g_autofree char *period = NULL;
  g_autofree char *format_text = NULL;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "period", 0, 0, G_OPTION_ARG_STRING, &period, N_("The month, YYYY-MM"), "YYYY-MM" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("table, csv, json or xlsx"), "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE"), "FILE" },
    { NULL }
  };
  g_autoptr(MaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MaBonusStatement) statement = NULL;
  g_autoptr(MaTable) table = NULL;
  g_autoptr(GPtrArray) schemes = NULL;
  OutputFormat format;
  int status;

  if ((status = parse_options ("bonus", "", entries, &argc, &argv)) >= 0)
    return status;
  if (!parse_format ("bonus", format_text, TRUE, &format))
    return MA_CLI_EXIT_USAGE;
  if (period == NULL || argc > 1)
    {
      print_usage_error ("bonus", _("give the month with --period YYYY-MM"));
      return MA_CLI_EXIT_USAGE;
    }
  if (format == FORMAT_XLSX && output == NULL)
    {
      print_usage_error ("bonus", _("xlsx needs a file: -o FILE.xlsx"));
      return MA_CLI_EXIT_USAGE;
    }
  if (!ma_period_is_valid (period))
    {
      g_printerr (_("“%s” is not a month; write it as YYYY-MM, e.g. 2026-10\n"), period);
      return MA_CLI_EXIT_REFUSED;
    }

  store = open_store (globals, TRUE, &error);
  if (store == NULL)
    return refuse (error);
  statement = ma_bonus_compute (store, period, &error);
  if (statement == NULL)
    return refuse (error);
  for (guint i = 0; i < statement->warnings->len; i++)
    g_printerr ("%s\n", (const char *) statement->warnings->pdata[i]);

  if (format == FORMAT_JSON)
    {
      g_autoptr(JsonNode) node = ma_bonus_to_json (statement);
      g_autofree char *json = json_to_text (node);

      if (!write_output (output, json, &error))
        return refuse (error);
      return MA_CLI_EXIT_OK;
    }

  /* People read the terminal and the spreadsheet: schemes and components
   * by name there; CSV keeps the keys for programs. */
  if (format != FORMAT_CSV && (schemes = ma_store_list_schemes (store, &error)) == NULL)
    return refuse (error);
  table = ma_report_bonus_table (statement, schemes);
  if (format == FORMAT_TABLE && statement->closed)
    g_print (_("Period %s is closed (%s by %s); the figures are frozen.\n"), statement->period,
             statement->closed_at, statement->closed_by);
  status = write_table (table, format, output, statement->period);
  if (format == FORMAT_TABLE && statement->pending_differences->len > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "%u figure would differ if the period were reopened.\n",
                          "%u figures would differ if the period were reopened.\n",
                          statement->pending_differences->len),
             statement->pending_differences->len);
  return status;
}

/* ---- compare ------------------------------------------------------------------- */

/* "2026-10" or "2026-01..2026-12" */
static gboolean
parse_period_range (const char  *text,
                    char       **from,
                    char       **to)
{
  const char *dots = strstr (text, "..");

  if (dots == NULL)
    {
      *from = g_strdup (text);
      *to = g_strdup (text);
    }
  else
    {
      *from = g_strndup (text, dots - text);
      *to = g_strdup (dots + 2);
    }
  return ma_period_is_valid (*from) && ma_period_is_valid (*to) && strcmp (*from, *to) <= 0;
}

static int
command_compare (const Globals *globals,
                 int            argc,
                 char         **argv)
{
  g_autofree char *period = NULL;
  g_autofree char *by_text = NULL;
  g_autofree char *format_text = NULL;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "period", 0, 0, G_OPTION_ARG_STRING, &period, N_("The month YYYY-MM, or a range YYYY-MM..YYYY-MM"), "PERIOD" },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by_text, N_("branch, region or employee"), "GROUP" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("table, csv or json"), "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE"), "FILE" },
    { NULL }
  };
  g_autoptr(MaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MaRollup) rollup = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  MaGroupBy by = MA_GROUP_BRANCH;
  OutputFormat format;
  int status;

  if ((status = parse_options ("compare", "", entries, &argc, &argv)) >= 0)
    return status;
  if (!parse_format ("compare", format_text, FALSE, &format))
    return MA_CLI_EXIT_USAGE;
  if (period == NULL || argc > 1)
    {
      print_usage_error ("compare", _("give the month with --period YYYY-MM"));
      return MA_CLI_EXIT_USAGE;
    }
  if (by_text != NULL && (!ma_group_by_from_string (by_text, &by) || by == MA_GROUP_CHAIN))
    {
      print_usage_error ("compare", _("--by takes branch, region or employee"));
      return MA_CLI_EXIT_USAGE;
    }
  if (!parse_period_range (period, &from, &to))
    {
      g_printerr (_("“%s” is not a month or a range of months (YYYY-MM or YYYY-MM..YYYY-MM)\n"),
                  period);
      return MA_CLI_EXIT_REFUSED;
    }

  store = open_store (globals, TRUE, &error);
  if (store == NULL)
    return refuse (error);
  rollup = ma_rollup_compute (store, by, from, to, 2, &error);
  if (rollup == NULL)
    return refuse (error);

  if (format == FORMAT_JSON)
    {
      g_autoptr(JsonNode) node = ma_rollup_to_json (rollup, NULL, by);
      g_autofree char *json = json_to_text (node);

      if (!write_output (output, json, &error))
        return refuse (error);
      return MA_CLI_EXIT_OK;
    }
  {
    /* A terminal has room for the pay components, not for every section of
     * every questionnaire; files get them all. */
    g_autoptr(MaTable) table = ma_report_compare_table (rollup, format != FORMAT_TABLE);
    return write_table (table, format, output, NULL);
  }
}

/* ---- periods ------------------------------------------------------------------- */

static int
command_close_period (const Globals *globals,
                      int            argc,
                      char         **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(MaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if ((status = parse_options ("close-period", "YYYY-MM", entries, &argc, &argv)) >= 0)
    return status;
  if (argc != 2)
    {
      print_usage_error ("close-period", _("give exactly one month, YYYY-MM"));
      return MA_CLI_EXIT_USAGE;
    }
  if (!ma_period_is_valid (argv[1]))
    {
      g_printerr (_("“%s” is not a month; write it as YYYY-MM, e.g. 2026-10\n"), argv[1]);
      return MA_CLI_EXIT_REFUSED;
    }
  store = open_store_for_writing (globals, &error);
  if (store == NULL)
    return refuse (error);
  if (!ma_bonus_close_period (store, argv[1], g_get_user_name (), &error))
    return refuse (error);
  g_print (_("Period %s is closed; its bonus statements are frozen.\n"), argv[1]);
  return MA_CLI_EXIT_OK;
}

static int
command_reopen_period (const Globals *globals,
                       int            argc,
                       char         **argv)
{
  g_autofree char *reason = NULL;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the period is reopened (kept in the log)"), "TEXT" },
    { NULL }
  };
  g_autoptr(MaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if ((status = parse_options ("reopen-period", "YYYY-MM --reason TEXT", entries, &argc, &argv)) >= 0)
    return status;
  if (argc != 2 || reason == NULL)
    {
      print_usage_error ("reopen-period", _("give one month, YYYY-MM, and --reason"));
      return MA_CLI_EXIT_USAGE;
    }
  store = open_store_for_writing (globals, &error);
  if (store == NULL)
    return refuse (error);
  if (!ma_bonus_reopen_period (store, argv[1], g_get_user_name (), reason, &error))
    return refuse (error);
  g_print (_("Period %s is open again.\n"), argv[1]);
  return MA_CLI_EXIT_OK;
}

/* ---- check ----------------------------------------------------------------------- */

static int
command_check (const Globals *globals,
               int            argc,
               char         **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(MaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  int status;

  if ((status = parse_options ("check", "", entries, &argc, &argv)) >= 0)
    return status;
  if (argc > 1)
    {
      print_usage_error ("check", _("takes no arguments"));
      return MA_CLI_EXIT_USAGE;
    }
  store = open_store (globals, TRUE, &error);
  if (store == NULL)
    return refuse (error);
  if (!ma_store_check (store, problems, &error))
    return refuse (error);
  for (guint i = 0; i < problems->len; i++)
    g_printerr ("%s\n", (const char *) problems->pdata[i]);
  if (problems->len > 0)
    return MA_CLI_EXIT_REFUSED;
  g_print (_("No problems found in %s\n"), ma_sqlite_store_get_path (MA_SQLITE_STORE (store)));
  return MA_CLI_EXIT_OK;
}

/* ---- import and export --------------------------------------------------------- */

static void
print_report (const MaBundleReport *report)
{
  g_autofree char *summary = ma_bundle_report_to_string (report);

  g_print ("%s: %s\n", report->file_name, summary);
  for (guint i = 0; i < report->conflicts->len; i++)
    {
      const MaBundleConflict *conflict = g_ptr_array_index (report->conflicts, i);
      g_print (_("  conflict: %s (%s): %s\n"), conflict->path, conflict->uuid, conflict->reason);
    }
  for (guint i = 0; i < report->warnings->len; i++)
    g_printerr (_("%s: warning: %s\n"), report->file_name, (const char *) report->warnings->pdata[i]);
}

static int
command_import (const Globals *globals,
                int            argc,
                char         **argv)
{
  gboolean approve = FALSE;
  GOptionEntry entries[] = {
    { "approve", 0, 0, G_OPTION_ARG_NONE, &approve, N_("Approve the imported submitted audits at once"), NULL },
    { NULL }
  };
  g_autoptr(MaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  MaBundleImportOptions options = { 0 };
  int status, result = MA_CLI_EXIT_OK;

  if ((status = parse_options ("import", "BUNDLE.json…", entries, &argc, &argv)) >= 0)
    return status;
  if (argc < 2)
    {
      print_usage_error ("import", _("give one or more bundle files"));
      return MA_CLI_EXIT_USAGE;
    }
  store = open_store_for_writing (globals, &error);
  if (store == NULL)
    return refuse (error);

  options.approve_audits = approve;
  options.who = g_get_user_name ();
  /* Each bundle is its own transaction: one refused file does not take the
   * others with it, and the exit status says that something was refused. */
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(MaBundleReport) report = ma_bundle_import_file (store, argv[i], &options, &local_error);

      if (report == NULL)
        {
          g_printerr (_("%s: refused: %s\n"), argv[i], local_error->message);
          result = MA_CLI_EXIT_REFUSED;
          continue;
        }
      print_report (report);
    }
  return result;
}

/* "2026-10-01", or a time stamp with its offset */
static gboolean
is_date_or_timestamp (const char *text)
{
  g_autofree char *date = ma_timestamp_local_date (text);
  g_autofree char *midnight = NULL;
  g_autofree char *midnight_date = NULL;

  if (date != NULL)
    return TRUE;
  if (strlen (text) != 10)
    return FALSE;
  midnight = g_strconcat (text, "T00:00:00Z", NULL);
  midnight_date = ma_timestamp_local_date (midnight);
  return midnight_date != NULL;
}

static int
command_export (const Globals *globals,
                int            argc,
                char         **argv)
{
  gboolean audits = FALSE, templates = FALSE, directory = FALSE, pay_data = FALSE;
  g_autofree char *since = NULL;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "audits", 0, 0, G_OPTION_ARG_NONE, &audits, N_("Export audits"), NULL },
    { "templates", 0, 0, G_OPTION_ARG_NONE, &templates, N_("Export questionnaire templates"), NULL },
    { "directory", 0, 0, G_OPTION_ARG_NONE, &directory, N_("Export regions, branches and employees"), NULL },
    { "pay-data", 0, 0, G_OPTION_ARG_NONE, &pay_data, N_("Include base pay, schemes and KPI figures (never for field laptops)"), NULL },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since, N_("Only audits changed on or after DATE"), "DATE" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The bundle file to write"), "OUT.json" },
    { NULL }
  };
  g_autoptr(MaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  MaBundleExportOptions options = { 0 };
  int status;

  if ((status = parse_options ("export", "-o OUT.json", entries, &argc, &argv)) >= 0)
    return status;
  if (output == NULL || argc > 1)
    {
      print_usage_error ("export", _("give the file to write with -o OUT.json"));
      return MA_CLI_EXIT_USAGE;
    }
  if (since != NULL && !is_date_or_timestamp (since))
    {
      g_printerr (_("“%s” is not a date; write it as YYYY-MM-DD\n"), since);
      return MA_CLI_EXIT_REFUSED;
    }

  /* Nothing chosen means everything. */
  if (!audits && !templates && !directory)
    audits = templates = directory = TRUE;
  options.audits = audits;
  options.templates = templates;
  options.directory = directory || pay_data;
  options.pay_data = pay_data;
  options.schemes = pay_data;
  options.kpis = pay_data;
  options.since = since;

  store = open_store (globals, TRUE, &error);
  if (store == NULL)
    return refuse (error);
  if (!ma_bundle_export_to_file (store, &options, output, &sha256, &error))
    return refuse (error);
  g_print (_("Wrote %s (sha256 %s)\n"), output, sha256);
  return MA_CLI_EXIT_OK;
}

/* ---- generate ------------------------------------------------------------- */

/* A positive whole number of at most @max, or FALSE. */
static gboolean
parse_count (const char *text,
             guint       max,
             guint      *out)
{
  guint64 value = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, max, &value, NULL))
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

static int
command_generate (const Globals *globals,
                  int            argc,
                  char         **argv)
{
  g_autofree char *branches_text = NULL;
  g_autofree char *employees_text = NULL;
  g_autofree char *months_text = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *first_month = NULL;
  GOptionEntry entries[] = {
    { "branches", 0, 0, G_OPTION_ARG_STRING, &branches_text, N_("Number of branches"), "N" },
    { "employees-per-branch", 0, 0, G_OPTION_ARG_STRING, &employees_text, N_("Employees in each branch"), "M" },
    { "months", 0, 0, G_OPTION_ARG_STRING, &months_text, N_("Months of audits and KPI figures (default 12)"), "K" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text, N_("Seed of the random numbers (default 1)"), "S" },
    { "first-month", 0, 0, G_OPTION_ARG_STRING, &first_month, N_("The first month (default: the months end with 2026-10)"), "YYYY-MM" },
    { NULL }
  };
  g_autoptr(MaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  MaGeneratorOptions options = { 0 };
  MaAuditFilter everything = { 0 };
  guint64 seed = 1;
  guint audits = 0;
  gint64 started;
  int status;

  if ((status = parse_options ("generate", "--branches N --employees-per-branch M", entries, &argc,
                               &argv)) >= 0)
    return status;
  options.months = 12;
  if (argc > 1 || branches_text == NULL || employees_text == NULL)
    {
      print_usage_error ("generate", _("give --branches N and --employees-per-branch M"));
      return MA_CLI_EXIT_USAGE;
    }
  if (!parse_count (branches_text, MA_GENERATOR_MAX_BRANCHES, &options.branches))
    {
      g_autofree char *message = g_strdup_printf (_("--branches takes a number from 1 to %u"),
                                                  MA_GENERATOR_MAX_BRANCHES);
      print_usage_error ("generate", message);
      return MA_CLI_EXIT_USAGE;
    }
  if (!parse_count (employees_text, MA_GENERATOR_MAX_EMPLOYEES_PER_BRANCH,
                    &options.employees_per_branch))
    {
      g_autofree char *message = g_strdup_printf (_("--employees-per-branch takes a number from 1 to %u"),
                                                  MA_GENERATOR_MAX_EMPLOYEES_PER_BRANCH);
      print_usage_error ("generate", message);
      return MA_CLI_EXIT_USAGE;
    }
  if (months_text != NULL && !parse_count (months_text, MA_GENERATOR_MAX_MONTHS, &options.months))
    {
      g_autofree char *message = g_strdup_printf (_("--months takes a number from 1 to %u"),
                                                  MA_GENERATOR_MAX_MONTHS);
      print_usage_error ("generate", message);
      return MA_CLI_EXIT_USAGE;
    }
  if (seed_text != NULL &&
      !g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT32, &seed, NULL))
    {
      print_usage_error ("generate", _("--seed takes a whole number from 0 to 4294967295"));
      return MA_CLI_EXIT_USAGE;
    }
  if (first_month != NULL && !ma_period_is_valid (first_month))
    {
      print_usage_error ("generate", _("--first-month takes a month, YYYY-MM"));
      return MA_CLI_EXIT_USAGE;
    }
  options.seed = (guint32) seed;
  options.first_period = first_month;

  store = open_store (globals, FALSE, &error);
  if (store == NULL)
    return refuse (error);
  started = g_get_monotonic_time ();
  if (!ma_generator_run (store, &options, &error))
    return refuse (error);
  if (!ma_store_count_audits (store, &everything, &audits, &error))
    return refuse (error);
  g_print (_("Generated %u branches, %u employees and %u audits in %.1f s: %s\n"),
           options.branches, options.branches * options.employees_per_branch, audits,
           (double) (g_get_monotonic_time () - started) / G_USEC_PER_SEC,
           ma_sqlite_store_get_path (MA_SQLITE_STORE (store)));
  return MA_CLI_EXIT_OK;
}

/* ---- fairness: disputes, calibration, training marks ----------------------------- */

static int
dispute_add (const Globals *globals,
             int            argc,
             char         **argv)
{
  g_autofree char *note = NULL;
  GOptionEntry entries[] = {
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("What the employee objects to"), "TEXT" },
    { NULL }
  };
  g_autoptr(MaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if ((status = parse_options ("dispute add", "UUID --note TEXT", entries, &argc, &argv)) >= 0)
    return status;
  if (argc != 2 || note == NULL)
    {
      print_usage_error ("dispute add", _("give one audit UUID and --note"));
      return MA_CLI_EXIT_USAGE;
    }
  store = open_store_for_writing (globals, &error);
  if (store == NULL || !ma_store_open_dispute (store, argv[1], g_get_user_name (), note, &error))
    return refuse (error);
  g_print (_("Dispute of audit %s recorded; its month cannot be closed until it is resolved.\n"), argv[1]);
  return MA_CLI_EXIT_OK;
}

static int
dispute_resolve (const Globals *globals,
                 int            argc,
                 char         **argv)
{
  g_autofree char *note = NULL;
  gboolean uphold = FALSE, reject = FALSE;
  GOptionEntry entries[] = {
    { "uphold", 0, 0, G_OPTION_ARG_NONE, &uphold, N_("The employee is right: void the audit"), NULL },
    { "reject", 0, 0, G_OPTION_ARG_NONE, &reject, N_("The audit stands"), NULL },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("The answer to the employee"), "TEXT" },
    { NULL }
  };
  g_autoptr(MaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if ((status = parse_options ("dispute resolve", "UUID (--uphold | --reject) --note TEXT", entries, &argc,
                               &argv)) >= 0)
    return status;
  if (argc != 2 || uphold == reject || note == NULL)
    {
      print_usage_error ("dispute resolve", _("give one audit UUID, --uphold or --reject, and --note"));
      return MA_CLI_EXIT_USAGE;
    }
  store = open_store_for_writing (globals, &error);
  if (store == NULL || !ma_store_resolve_dispute (store, argv[1], uphold, g_get_user_name (), note, &error))
    return refuse (error);
  g_print (uphold ? _("Dispute of audit %s upheld; the audit is voided.\n")
                  : _("Dispute of audit %s rejected; the audit stands.\n"), argv[1]);
  return MA_CLI_EXIT_OK;
}

static int
dispute_list (const Globals *globals,
              int            argc,
              char         **argv)
{
  g_autofree char *period = NULL;
  gboolean open_only = FALSE;
  GOptionEntry entries[] = {
    { "period", 0, 0, G_OPTION_ARG_STRING, &period, N_("Only disputes of audits of this month"), "YYYY-MM" },
    { "open", 0, 0, G_OPTION_ARG_NONE, &open_only, N_("Only the open disputes"), NULL },
    { NULL }
  };
  g_autoptr(MaStore) store = NULL;
  g_autoptr(GPtrArray) disputes = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if ((status = parse_options ("dispute list", "[--period YYYY-MM] [--open]", entries, &argc, &argv)) >= 0)
    return status;
  if (argc != 1)
    {
      print_usage_error ("dispute list", _("takes no arguments besides its options"));
      return MA_CLI_EXIT_USAGE;
    }
  if (period != NULL && !ma_period_is_valid (period))
    {
      g_printerr (_("“%s” is not a month; write it as YYYY-MM, e.g. 2026-10\n"), period);
      return MA_CLI_EXIT_REFUSED;
    }
  store = open_store (globals, TRUE, &error);
  if (store == NULL || (disputes = ma_store_list_disputes (store, period, open_only, &error)) == NULL)
    return refuse (error);
  /* One line each, tab-separated, for people and for scripts alike. */
  for (guint i = 0; i < disputes->len; i++)
    {
      const MaDispute *d = g_ptr_array_index (disputes, i);

      g_print ("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", d->audit, d->period, d->branch, d->employee ? d->employee : "",
               ma_dispute_state_to_string (d->state), d->note, d->resolution_note ? d->resolution_note : "");
    }
  return MA_CLI_EXIT_OK;
}

static int
command_dispute (const Globals *globals,
                 int            argc,
                 char         **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "add"))
    return dispute_add (globals, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "resolve"))
    return dispute_resolve (globals, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return dispute_list (globals, argc - 1, argv + 1);
  print_usage_error ("dispute", _("give add, resolve or list"));
  return MA_CLI_EXIT_USAGE;
}

static int
command_calibration (const Globals *globals,
                     int            argc,
                     char         **argv)
{
  g_autofree char *period = NULL;
  GOptionEntry entries[] = {
    { "period", 0, 0, G_OPTION_ARG_STRING, &period, N_("The month, YYYY-MM"), "YYYY-MM" },
    { NULL }
  };
  g_autoptr(MaStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if ((status = parse_options ("calibration", "--period YYYY-MM", entries, &argc, &argv)) >= 0)
    return status;
  if (argc != 1 || period == NULL)
    {
      print_usage_error ("calibration", _("give --period YYYY-MM"));
      return MA_CLI_EXIT_USAGE;
    }
  if (!ma_period_is_valid (period))
    {
      g_printerr (_("“%s” is not a month; write it as YYYY-MM, e.g. 2026-10\n"), period);
      return MA_CLI_EXIT_REFUSED;
    }
  store = open_store (globals, TRUE, &error);
  if (store == NULL || (rows = ma_store_aggregate_auditor_calibration (store, period, period, &error)) == NULL)
    return refuse (error);
  /* Scores as fractions, like the JSON of "bonus": tab-separated auditor,
   * audits, own mean, own n, others' mean, others' n, gap, flag. */
  for (guint i = 0; i < rows->len; i++)
    {
      const MaCalibrationRow *row = g_ptr_array_index (rows, i);
      char own[G_ASCII_DTOSTR_BUF_SIZE], others[G_ASCII_DTOSTR_BUF_SIZE], gap[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (own, sizeof own, "%.4f", row->own_mean);
      g_ascii_formatd (others, sizeof others, "%.4f", row->others_mean);
      g_ascii_formatd (gap, sizeof gap, "%.4f", ma_calibration_gap (row));
      g_print ("%s\t%" G_GINT64_FORMAT "\t%s\t%" G_GINT64_FORMAT "\t%s\t%" G_GINT64_FORMAT "\t%s\t%s\n",
               row->auditor, row->audits, row->own_n > 0 ? own : "", row->own_n,
               row->others_n > 0 ? others : "", row->others_n,
               row->own_n > 0 && row->others_n > 0 ? gap : "",
               ma_calibration_verdict_to_string (ma_calibration_verdict (row)));
    }
  return MA_CLI_EXIT_OK;
}

static int
training_add (const Globals *globals,
              int            argc,
              char         **argv)
{
  g_autofree char *branch = NULL, *employee = NULL, *note = NULL;
  GOptionEntry entries[] = {
    { "branch", 0, 0, G_OPTION_ARG_STRING, &branch, N_("The branch trained"), "CODE" },
    { "employee", 0, 0, G_OPTION_ARG_STRING, &employee, N_("The employee trained"), "CODE" },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("What the training was about"), "TEXT" },
    { NULL }
  };
  g_autoptr(MaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  MaTrainingMark mark = { 0 };
  gint64 id = 0;
  int status;

  if ((status = parse_options ("training add", "YYYY-MM-DD (--branch CODE | --employee CODE) [--note TEXT]",
                               entries, &argc, &argv)) >= 0)
    return status;
  if (argc != 2)
    {
      print_usage_error ("training add", _("give one date, YYYY-MM-DD"));
      return MA_CLI_EXIT_USAGE;
    }
  mark.date = argv[1];
  mark.branch = branch;
  mark.employee = employee;
  mark.note = note;
  store = open_store (globals, FALSE, &error);
  if (store == NULL || !ma_store_add_training_mark (store, &mark, &id, &error))
    return refuse (error);
  g_print (_("Training mark %" PRId64 " added.\n"), id);
  return MA_CLI_EXIT_OK;
}

static int
training_list (const Globals *globals,
               int            argc,
               char         **argv)
{
  g_autofree char *branch = NULL, *employee = NULL;
  GOptionEntry entries[] = {
    { "branch", 0, 0, G_OPTION_ARG_STRING, &branch, N_("Only the marks of this branch"), "CODE" },
    { "employee", 0, 0, G_OPTION_ARG_STRING, &employee, N_("Only the marks of this employee"), "CODE" },
    { NULL }
  };
  g_autoptr(MaStore) store = NULL;
  g_autoptr(GPtrArray) marks = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if ((status = parse_options ("training list", "[--branch CODE] [--employee CODE]", entries, &argc, &argv)) >= 0)
    return status;
  if (argc != 1)
    {
      print_usage_error ("training list", _("takes no arguments besides its options"));
      return MA_CLI_EXIT_USAGE;
    }
  store = open_store (globals, TRUE, &error);
  if (store == NULL || (marks = ma_store_list_training_marks (store, branch, employee, NULL, NULL, &error)) == NULL)
    return refuse (error);
  for (guint i = 0; i < marks->len; i++)
    {
      const MaTrainingMark *m = g_ptr_array_index (marks, i);

      g_print ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\n", m->id, m->date, m->branch ? m->branch : "",
               m->employee ? m->employee : "", m->note ? m->note : "");
    }
  return MA_CLI_EXIT_OK;
}

static int
training_remove (const Globals *globals,
                 int            argc,
                 char         **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(MaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint64 id;
  int status;

  if ((status = parse_options ("training remove", "ID", entries, &argc, &argv)) >= 0)
    return status;
  if (argc != 2 || !g_ascii_string_to_unsigned (argv[1], 10, 1, G_MAXINT64, &id, NULL))
    {
      print_usage_error ("training remove", _("give the id of one mark, as “training list” shows it"));
      return MA_CLI_EXIT_USAGE;
    }
  store = open_store (globals, FALSE, &error);
  if (store == NULL || !ma_store_remove_training_mark (store, (gint64) id, &error))
    return refuse (error);
  g_print (_("Training mark %s removed.\n"), argv[1]);
  return MA_CLI_EXIT_OK;
}

static int
command_training (const Globals *globals,
                  int            argc,
                  char         **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "add"))
    return training_add (globals, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return training_list (globals, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "remove"))
    return training_remove (globals, argc - 1, argv + 1);
  print_usage_error ("training", _("give add, list or remove"));
  return MA_CLI_EXIT_USAGE;
}

/* ---- dispatch --------------------------------------------------------------------- */

static const Command commands[] = {
  { "init", N_("[--demo]  create the database (with demo data)"), command_init },
  { "import", N_("BUNDLE.json…  import bundles, each all or nothing"), command_import },
  { "export", N_("[--audits] [--templates] [--directory] [--pay-data] [--since DATE] -o OUT.json"), command_export },
  { "approve", N_("(--all-submitted | UUID…)  approve submitted audits"), command_approve },
  { "score", N_("UUID [--json]  the score of one audit"), command_score },
  { "bonus", N_("--period YYYY-MM [--format table|csv|json|xlsx] [-o OUT]"), command_bonus },
  { "compare", N_("--period YYYY-MM[..YYYY-MM] [--by branch|region|employee] [--format table|csv|json]"), command_compare },
  { "close-period", N_("YYYY-MM  freeze the month's bonus statements"), command_close_period },
  { "reopen-period", N_("YYYY-MM --reason TEXT  reopen a closed month"), command_reopen_period },
  { "check", N_("check the database for damage and inconsistencies"), command_check },
  { "generate", N_("--branches N --employees-per-branch M [--months K] [--seed S]  fill an empty database with a generated chain"), command_generate },
  { "dispute", N_("add UUID --note TEXT | resolve UUID (--uphold|--reject) --note TEXT | list [--period YYYY-MM] [--open]"), command_dispute },
  { "calibration", N_("--period YYYY-MM  each auditor's mean against the others' on the same branches"), command_calibration },
  { "training", N_("add YYYY-MM-DD (--branch CODE|--employee CODE) [--note TEXT] | list | remove ID"), command_training },
};

static void
print_help (FILE *stream)
{
  fprintf (stream, "%s\n", _("Usage: mystery-audit-cli [--db FILE] COMMAND [OPTIONS…]"));
  fprintf (stream, "\n%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-14s %s\n", commands[i].name, _(commands[i].synopsis));
  fprintf (stream, "\n%s\n", _("Without --db, the database is the app's own (the one the window uses)."));
  fprintf (stream, "%s\n", _("Exit status: 0 success, 1 refused input, 2 wrong usage."));
}

int
ma_cli_run (int    argc,
            char **argv)
{
  Globals globals = { NULL };
  int i = 1;

  /* Global options come before the command word. */
  while (i < argc && argv[i][0] == '-')
    {
      if (g_str_equal (argv[i], "--db") && i + 1 < argc)
        {
          globals.db_path = argv[i + 1];
          i += 2;
        }
      else if (g_str_has_prefix (argv[i], "--db="))
        globals.db_path = argv[i++] + strlen ("--db=");
      else if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        {
          print_help (stdout);
          return MA_CLI_EXIT_OK;
        }
      else if (g_str_equal (argv[i], "--version"))
        {
          g_print ("mystery-audit-cli %s\n", PACKAGE_VERSION);
          return MA_CLI_EXIT_OK;
        }
      else
        {
          g_printerr (_("mystery-audit-cli: unknown option “%s”\n"), argv[i]);
          print_help (stderr);
          return MA_CLI_EXIT_USAGE;
        }
    }

  if (i >= argc)
    {
      print_help (stderr);
      return MA_CLI_EXIT_USAGE;
    }

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    if (g_str_equal (argv[i], commands[c].name))
      {
        /* The command sees itself as argv[0], like a program of its own.
         * GOptionContext shifts entries of the array it parses, so it gets
         * a copy of the pointers; the strings stay the process's own. */
        int sub_argc = argc - i;
        g_autofree char **sub_argv = g_new0 (char *, sub_argc + 1);

        memcpy (sub_argv, argv + i, sizeof (char *) * sub_argc);
        return commands[c].run (&globals, sub_argc, sub_argv);
      }

  g_printerr (_("mystery-audit-cli: unknown command “%s”\n"), argv[i]);
  print_help (stderr);
  return MA_CLI_EXIT_USAGE;
}
