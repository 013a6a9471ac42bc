/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Imports of an HR export and of KPI figures: the preview lists problems
 * by line and writes nothing; the commit writes all in one transaction. */
#include "config.h"

#include "ma-import.h"
#include "store-fixture.h"

#define PERIOD "2026-10"

static void
save_base (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaScheme) scheme = ma_scheme_new ();
  MaSchemeComponent *c;

  save_region (f, "NW", "North-West");
  save_branch (f, "SPB-01", "Nevsky 12", "NW");
  save_branch (f, "MSK-01", "Tverskaya 7", "NW");
  save_employee (f, "E1", "SPB-01", "driver", 6000000, "2025-01-10", NULL);

  scheme->key = g_strdup ("drivers");
  scheme->name = g_strdup ("Drivers");
  g_ptr_array_add (scheme->positions, g_strdup ("driver"));
  c = ma_scheme_component_new ("volume", 60, MA_SOURCE_KPI);
  c->label = g_strdup ("Trips");
  g_ptr_array_add (scheme->components, c);
  c = ma_scheme_component_new ("returns", 20, MA_SOURCE_KPI);
  c->label = g_strdup ("Returns");
  g_ptr_array_add (scheme->components, c);
  g_ptr_array_add (scheme->components, ma_scheme_component_new ("politeness", 20, MA_SOURCE_AUDIT));
  g_assert_true (ma_store_save_scheme (f->store, scheme, NULL, &error));
  g_assert_no_error (error);
}

static MaImport *
open_import (Fixture      *f,
             MaImportKind  kind,
             const char   *text)
{
  g_autoptr(GError) error = NULL;
  MaImport *import = ma_import_new (f->store, kind, PERIOD, &error);
  MaCsvTable *table;

  g_assert_no_error (error);
  table = ma_csv_read (text, -1, 0, &error);
  g_assert_no_error (error);
  ma_import_set_table (import, table, TRUE);
  return import;
}

static guint
count_employees (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) employees = ma_store_list_employees (f->store, &error);

  g_assert_no_error (error);
  return employees->len;
}

static const MaEmployee *
find (GPtrArray  *employees,
      const char *code)
{
  for (guint i = 0; i < employees->len; i++)
    if (g_strcmp0 (((MaEmployee *) g_ptr_array_index (employees, i))->code, code) == 0)
      return g_ptr_array_index (employees, i);
  g_error ("employee %s is not stored", code);
}

static const char *
problem (const MaImportPreview *preview,
         guint                  i,
         guint                 *line)
{
  const MaImportProblem *p;

  g_assert_cmpuint (i, <, preview->problems->len);
  p = g_ptr_array_index (preview->problems, i);
  *line = p->line;
  return p->message;
}

/* A Russian HR export: ';', decimal commas, DD.MM.YYYY dates, a branch by
 * its name; the header names map to fields by themselves. */
static void
test_employees_guess_and_commit (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaImport) import = NULL;
  g_autoptr(MaImportPreview) preview = NULL;
  g_autoptr(GPtrArray) employees = NULL;
  const MaEmployee *e;

  save_base (f);
  import = open_import (f, MA_IMPORT_EMPLOYEES,
                        "Табельный номер;ФИО;Филиал;Должность;Оклад;Дата приема;Дата увольнения;Отдел\n"
                        "E1;Иван Петров;SPB-01;driver;60 000,00;10.01.2025;;Logistics\n"
                        "E2;Ольга Сидорова;tverskaya 7;sales;55 000,50;01.03.2026;;Sales\n"
                        "E3;Пётр Уволенный;MSK-01;driver;50000;2024-02-01;31.08.2026;Logistics\n");
  g_assert_cmpuint (ma_import_get_n_fields (import), ==, MA_EMPLOYEE_N_FIELDS);
  g_assert_cmpuint (ma_import_get_n_columns (import), ==, 8);
  for (guint i = 0; i < MA_EMPLOYEE_N_FIELDS; i++)
    if (i == MA_EMPLOYEE_FIELD_CURRENCY)
      g_assert_cmpint (ma_import_get_column (import, i), ==, -1);
    else
      g_assert_cmpint (ma_import_get_column (import, i), ==, i < MA_EMPLOYEE_FIELD_CURRENCY ? (int) i : (int) i - 1);
  {
    g_autofree char *title = ma_import_get_column_title (import, 7);

    g_assert_cmpstr (title, ==, "Отдел");
  }

  preview = ma_import_preview (import);
  g_assert_cmpuint (preview->problems->len, ==, 0);
  g_assert_cmpuint (preview->n_added, ==, 2);
  g_assert_cmpuint (preview->n_updated, ==, 1);   /* E1's name changes */
  g_assert_cmpuint (preview->n_identical, ==, 0);
  g_assert_cmpuint (g_array_index (preview->lines, guint, 1), ==, 3);
  /* Nothing is written by the preview. */
  g_assert_cmpuint (count_employees (f), ==, 1);

  g_assert_true (ma_import_commit (import, f->store, preview, &error));
  g_assert_no_error (error);
  employees = ma_store_list_employees (f->store, &error);
  g_assert_cmpuint (employees->len, ==, 3);
  e = find (employees, "E2");
  g_assert_cmpstr (e->branch, ==, "MSK-01");
  g_assert_cmpint (e->base_pay, ==, 5500050);
  g_assert_cmpstr (e->currency, ==, "RUB");
  g_assert_cmpstr (e->active_from, ==, "2026-03-01");
  e = find (employees, "E3");
  g_assert_cmpstr (e->active_to, ==, "2026-08-31");
  e = find (employees, "E1");
  g_assert_cmpstr (e->name, ==, "Иван Петров");

  /* The same file again changes nothing. */
  g_clear_pointer (&preview, ma_import_preview_free);
  preview = ma_import_preview (import);
  g_assert_cmpuint (preview->n_identical, ==, 3);
}

/* Every wrong field of every line is listed with its line; duplicate
 * codes name the first line; nothing is written, even on commit. */
static void
test_employees_problems (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaImport) import = NULL;
  g_autoptr(MaImportPreview) preview = NULL;
  guint line;

  save_base (f);
  import = open_import (f, MA_IMPORT_EMPLOYEES,
                        "code,name,branch,position,base pay,currency,active from,active to\n"
                        "E5,Anna,SPB-01,driver,\"60,000.00\",rub,2026-01-01,\n"
                        "E6,,NOPE,driver,lots,RUB,2026-02-30,\n"
                        "\n"
                        "E5,Anna again,SPB-01,driver,1,RUB,,\n"
                        "E7,Boris,SPB-01,driver,100.555,RUB,2026-05-01,2026-04-30\n"
                        "E8,Vera,SPB-01,driver,1,RUBLES,,\n");
  preview = ma_import_preview (import);
  g_assert_cmpuint (preview->n_added, ==, 1);
  g_assert_cmpuint (preview->problems->len, ==, 8);
  g_assert_cmpstr (problem (preview, 0, &line), ==, "Name: A name is required");
  g_assert_cmpuint (line, ==, 3);
  g_assert_cmpstr (problem (preview, 1, &line), ==,
                   "Branch: Branch \"NOPE\" is not in the directory; add it under Branches first");
  g_assert_cmpstr (problem (preview, 2, &line), ==, "Base pay: \"lots\" is not a number");
  g_assert_cmpstr (problem (preview, 3, &line), ==,
                   "Active from: \"2026-02-30\" is not a day of the calendar");
  g_assert_cmpuint (line, ==, 3);
  g_assert_cmpstr (problem (preview, 4, &line), ==, "Employee \"E5\" is already on line 2");
  g_assert_cmpuint (line, ==, 5);
  g_assert_cmpuint (problem (preview, 5, &line) != NULL, ==, TRUE);
  g_assert_cmpuint (line, ==, 6);
  g_assert_true (g_str_has_prefix (problem (preview, 5, &line), "Base pay: "));
  g_assert_cmpstr (problem (preview, 6, &line), ==,
                   "Active to: The last day (2026-04-30) is before the first (2026-05-01)");
  g_assert_cmpstr (problem (preview, 7, &line), ==,
                   "Currency: \"RUBLES\" is not a currency code (three capital letters, as in RUB)");
  g_assert_cmpuint (line, ==, 7);

  g_assert_false (ma_import_commit (import, f->store, preview, &error));
  g_assert_error (error, MA_STORE_ERROR, MA_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "The file has 8 problems; nothing was imported");
  g_assert_cmpuint (count_employees (f), ==, 1);
}

/* Unmapped columns keep what is stored; a required one must be mapped; an
 * employee who left keeps their record with the day they left. */
static void
test_employees_mapping (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaImport) import = NULL;
  g_autoptr(MaImportPreview) preview = NULL;
  g_autoptr(GPtrArray) employees = NULL;
  const MaEmployee *e;
  guint line;

  save_base (f);
  import = open_import (f, MA_IMPORT_EMPLOYEES, "who,where,job,left\nE1,SPB-01,driver,15.10.2026\n");
  preview = ma_import_preview (import);
  /* "job" and "left" are known names; "who" and "where" are not. */
  g_assert_cmpuint (preview->problems->len, ==, 3);
  g_assert_cmpstr (problem (preview, 0, &line), ==, "Choose the column that holds “Employee code”");
  g_assert_cmpuint (line, ==, 0);
  g_assert_cmpint (ma_import_get_column (import, MA_EMPLOYEE_FIELD_POSITION), ==, 2);
  g_assert_cmpint (ma_import_get_column (import, MA_EMPLOYEE_FIELD_ACTIVE_TO), ==, 3);

  ma_import_set_column (import, MA_EMPLOYEE_FIELD_CODE, 0);
  ma_import_set_column (import, MA_EMPLOYEE_FIELD_BRANCH, 1);
  ma_import_set_column (import, MA_EMPLOYEE_FIELD_POSITION, 2);
  ma_import_set_column (import, MA_EMPLOYEE_FIELD_ACTIVE_TO, 3);
  g_clear_pointer (&preview, ma_import_preview_free);
  preview = ma_import_preview (import);
  g_assert_cmpuint (preview->problems->len, ==, 1);
  g_assert_cmpstr (problem (preview, 0, &line), ==, "Choose the column that holds “Name”");

  /* A name column that is there but not needed: map it to the code. */
  ma_import_set_column (import, MA_EMPLOYEE_FIELD_NAME, 0);
  g_clear_pointer (&preview, ma_import_preview_free);
  preview = ma_import_preview (import);
  g_assert_cmpuint (preview->problems->len, ==, 0);
  g_assert_cmpuint (preview->n_updated, ==, 1);
  g_assert_true (ma_import_commit (import, f->store, preview, &error));
  g_assert_no_error (error);

  employees = ma_store_list_employees (f->store, &error);
  e = find (employees, "E1");
  g_assert_cmpstr (e->active_to, ==, "2026-10-15");
  g_assert_cmpstr (e->active_from, ==, "2025-01-10");
  g_assert_cmpint (e->base_pay, ==, 6000000);
  g_assert_cmpstr (e->currency, ==, "RUB");
}

/* A form and a file check fields the same way. */
static void
test_employee_from_text (void)
{
  const char *text[MA_EMPLOYEE_N_FIELDS] = {
    "  E9 ", "Name", "SPB-01", "driver", "1 000,5", "", "1.2.2026", NULL,
  };
  char *messages[MA_EMPLOYEE_N_FIELDS] = { NULL };
  g_autoptr(GPtrArray) branches = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_branch_free);
  g_autoptr(MaEmployee) e = NULL;

  g_ptr_array_add (branches, ma_branch_new ("SPB-01", "Nevsky", "NW"));
  e = ma_import_employee_from_text (text, NULL, branches, "EUR", messages);
  g_assert_nonnull (e);
  g_assert_cmpstr (e->code, ==, "E9");
  g_assert_cmpint (e->base_pay, ==, 100050);
  g_assert_cmpstr (e->currency, ==, "EUR");
  g_assert_cmpstr (e->active_from, ==, "2026-02-01");
  g_assert_null (e->active_to);
  g_clear_pointer (&e, ma_employee_free);

  text[MA_EMPLOYEE_FIELD_CODE] = "bad\tcode";
  text[MA_EMPLOYEE_FIELD_CURRENCY] = "JPY";
  text[MA_EMPLOYEE_FIELD_BASE_PAY] = "100.5";
  e = ma_import_employee_from_text (text, NULL, branches, "EUR", messages);
  g_assert_null (e);
  g_assert_cmpstr (messages[MA_EMPLOYEE_FIELD_CODE], ==,
                   "An employee code has 1 to 64 bytes and no control characters");
  g_assert_nonnull (messages[MA_EMPLOYEE_FIELD_BASE_PAY]);
  g_assert_null (messages[MA_EMPLOYEE_FIELD_NAME]);
  for (guint i = 0; i < MA_EMPLOYEE_N_FIELDS; i++)
    g_free (messages[i]);
}

/* KPI figures: one row per employee, actual and plan per component; an
 * empty cell keeps the stored figure; a new one needs both. */
static void
test_kpis (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaImport) import = NULL;
  g_autoptr(MaImportPreview) preview = NULL;
  g_autoptr(GPtrArray) kpis = NULL;
  g_autoptr(MaKpi) stored = ma_kpi_new ("E1", PERIOD, "returns", 2, 5);
  guint line;

  save_base (f);
  save_employee (f, "E2", "SPB-01", "driver", 6000000, NULL, "2026-09-30");
  save_employee (f, "E3", "SPB-01", "driver", 6000000, NULL, NULL);
  g_assert_true (ma_store_save_kpi (f->store, stored, NULL, &error));
  import = open_import (f, MA_IMPORT_KPIS,
                        "employee\tvolume actual\tvolume plan\treturns actual\treturns plan\n"
                        "E1\t110\t100\t3\t\n"
                        "E2\t1\t2\t\t\n"
                        "E3\t5\t0\t\t4\n"
                        "E4\t1\t1\t\t\n"
                        "E3\t1\t1\t\t\n");
  g_assert_cmpuint (ma_import_get_n_fields (import), ==, 5);
  g_assert_cmpstr (ma_import_get_field_label (import, 3), ==, "Returns: actual");
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (ma_import_get_column (import, i), ==, (int) i);

  preview = ma_import_preview (import);
  g_assert_cmpuint (preview->kpis->len, ==, 2);
  g_assert_cmpuint (preview->n_added, ==, 1);
  g_assert_cmpuint (preview->n_updated, ==, 1);
  g_assert_cmpuint (preview->problems->len, ==, 5);
  g_assert_cmpuint ((problem (preview, 0, &line), line), ==, 3);
  g_assert_cmpstr (problem (preview, 1, &line), ==, "Trips: Plan: 0 must be greater than 0");
  g_assert_cmpstr (problem (preview, 2, &line), ==,
                   "Returns: a new figure needs both the actual and the plan");
  g_assert_cmpstr (problem (preview, 3, &line), ==, "Employee \"E4\" is not in the directory");
  g_assert_cmpstr (problem (preview, 4, &line), ==, "Employee \"E3\" is already on line 4");

  g_assert_false (ma_import_commit (import, f->store, preview, &error));
  g_clear_error (&error);
  kpis = ma_store_list_kpis (f->store, PERIOD, &error);
  g_assert_cmpuint (kpis->len, ==, 1);
  g_clear_pointer (&kpis, g_ptr_array_unref);

  {
    MaCsvTable *table = ma_csv_read ("E1;110;100;3;\n", -1, 0, &error);

    g_assert_no_error (error);
    ma_import_set_table (import, table, FALSE);
  }
  g_clear_pointer (&preview, ma_import_preview_free);
  preview = ma_import_preview (import);
  g_assert_cmpuint (preview->problems->len, ==, 2);
  for (guint i = 0; i < 5; i++)
    ma_import_set_column (import, i, (int) i);
  g_clear_pointer (&preview, ma_import_preview_free);
  preview = ma_import_preview (import);
  g_assert_cmpuint (preview->problems->len, ==, 0);
  g_assert_true (ma_import_commit (import, f->store, preview, &error));
  g_assert_no_error (error);
  kpis = ma_store_list_kpis (f->store, PERIOD, &error);
  g_assert_cmpuint (kpis->len, ==, 2);
  for (guint i = 0; i < kpis->len; i++)
    {
      const MaKpi *k = g_ptr_array_index (kpis, i);

      if (g_strcmp0 (k->component, "returns") == 0)
        {
          g_assert_cmpfloat (k->actual, ==, 3);
          g_assert_cmpfloat (k->plan, ==, 5);
        }
      else
        g_assert_cmpfloat (k->actual, ==, 110);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add ("/import/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("employees/guess-and-commit", test_employees_guess_and_commit);
  ADD ("employees/problems", test_employees_problems);
  ADD ("employees/mapping", test_employees_mapping);
  ADD ("kpis", test_kpis);
#undef ADD
  g_test_add_func ("/import/employee-from-text", test_employee_from_text);
  return g_test_run ();
}
