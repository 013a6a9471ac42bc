/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ma-import.h"
#include "ma-keys.h"
#include "ma-money.h"

/* ---- One employee from text ------------------------------------------- */

const char *
ma_employee_field_label (MaEmployeeField field)
{
  switch (field)
    {
    case MA_EMPLOYEE_FIELD_CODE:
      return _("Employee code");
    case MA_EMPLOYEE_FIELD_NAME:
      /* TRANSLATORS: an employee's name (a person, not a thing) */
      return C_("person", "Name");
    case MA_EMPLOYEE_FIELD_BRANCH:
      return _("Branch");
    case MA_EMPLOYEE_FIELD_POSITION:
      return _("Position");
    case MA_EMPLOYEE_FIELD_BASE_PAY:
      return _("Base pay");
    case MA_EMPLOYEE_FIELD_CURRENCY:
      return _("Currency");
    case MA_EMPLOYEE_FIELD_ACTIVE_FROM:
      return _("Active from");
    case MA_EMPLOYEE_FIELD_ACTIVE_TO:
      return _("Active to");
    case MA_EMPLOYEE_N_FIELDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* g_set_str() is GLib 2.76. */
static void
replace_str (char       **target,
             const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*target);
  *target = copy;
}

static char *
trimmed (const char *text)
{
  return text != NULL ? g_strstrip (g_strdup (text)) : NULL;
}

static void
set_field_message (char            *messages[MA_EMPLOYEE_N_FIELDS],
                   MaEmployeeField  field,
                   char            *message)
{
  if (messages != NULL && messages[field] == NULL)
    messages[field] = message;
  else
    g_free (message);
}

/* A branch given by code, or by a name that only one branch has. */
static const char *
find_branch (GPtrArray  *branches,
             const char *text)
{
  const char *by_name = NULL;
  guint n_named = 0;

  for (guint i = 0; branches != NULL && i < branches->len; i++)
    {
      const MaBranch *branch = g_ptr_array_index (branches, i);

      if (g_strcmp0 (branch->code, text) == 0)
        return branch->code;
    }
  for (guint i = 0; branches != NULL && i < branches->len; i++)
    {
      const MaBranch *branch = g_ptr_array_index (branches, i);
      g_autofree char *a = branch->name != NULL ? g_utf8_casefold (branch->name, -1) : NULL;
      g_autofree char *b = g_utf8_casefold (text, -1);

      if (a != NULL && g_strcmp0 (a, b) == 0)
        {
          by_name = branch->code;
          n_named++;
        }
    }
  return n_named == 1 ? by_name : NULL;
}

MaEmployee *
ma_import_employee_from_text (const char * const  text[MA_EMPLOYEE_N_FIELDS],
                              const MaEmployee   *stored,
                              GPtrArray          *branches,
                              const char         *default_currency,
                              char               *messages[MA_EMPLOYEE_N_FIELDS])
{
  g_autoptr(MaEmployee) self = stored != NULL ? ma_employee_copy (stored) : ma_employee_new ();
  /* Freed one by one at the end: g_autofree would free the first only. */
  char *t[MA_EMPLOYEE_N_FIELDS] = { NULL };
  gboolean ok = TRUE;

  g_return_val_if_fail (text != NULL, NULL);

  for (guint i = 0; i < MA_EMPLOYEE_N_FIELDS; i++)
    t[i] = trimmed (text[i]);

#define PROBLEM(field, ...) \
  G_STMT_START { set_field_message (messages, field, g_strdup_printf (__VA_ARGS__)); ok = FALSE; } G_STMT_END

  if (t[MA_EMPLOYEE_FIELD_CODE] != NULL)
    {
      if (*t[MA_EMPLOYEE_FIELD_CODE] == '\0')
        PROBLEM (MA_EMPLOYEE_FIELD_CODE, _("An employee code is required"));
      else if (!ma_code_is_valid (t[MA_EMPLOYEE_FIELD_CODE]))
        PROBLEM (MA_EMPLOYEE_FIELD_CODE,
                 _("An employee code has 1 to %d bytes and no control characters"),
                 MA_CODE_MAX_LENGTH);
      else
        replace_str (&self->code, t[MA_EMPLOYEE_FIELD_CODE]);
    }
  else if (self->code == NULL)
    PROBLEM (MA_EMPLOYEE_FIELD_CODE, _("An employee code is required"));

  if (t[MA_EMPLOYEE_FIELD_NAME] != NULL)
    {
      if (*t[MA_EMPLOYEE_FIELD_NAME] == '\0')
        PROBLEM (MA_EMPLOYEE_FIELD_NAME, _("A name is required"));
      else
        replace_str (&self->name, t[MA_EMPLOYEE_FIELD_NAME]);
    }
  else if (self->name == NULL)
    PROBLEM (MA_EMPLOYEE_FIELD_NAME, _("A name is required"));

  if (t[MA_EMPLOYEE_FIELD_BRANCH] != NULL)
    {
      const char *branch = find_branch (branches, t[MA_EMPLOYEE_FIELD_BRANCH]);

      if (*t[MA_EMPLOYEE_FIELD_BRANCH] == '\0')
        PROBLEM (MA_EMPLOYEE_FIELD_BRANCH, _("A branch is required"));
      else if (branch == NULL)
        {
          g_autofree char *quoted = ma_quote_value (t[MA_EMPLOYEE_FIELD_BRANCH]);

          PROBLEM (MA_EMPLOYEE_FIELD_BRANCH,
                   _("Branch %s is not in the directory; add it under Branches first"), quoted);
        }
      else
        replace_str (&self->branch, branch);
    }
  else if (self->branch == NULL)
    PROBLEM (MA_EMPLOYEE_FIELD_BRANCH, _("A branch is required"));

  if (t[MA_EMPLOYEE_FIELD_POSITION] != NULL)
    {
      if (*t[MA_EMPLOYEE_FIELD_POSITION] == '\0')
        PROBLEM (MA_EMPLOYEE_FIELD_POSITION, _("A position is required"));
      else if (!ma_code_is_valid (t[MA_EMPLOYEE_FIELD_POSITION]))
        PROBLEM (MA_EMPLOYEE_FIELD_POSITION,
                 _("A position has 1 to %d bytes and no control characters"), MA_CODE_MAX_LENGTH);
      else
        replace_str (&self->position, t[MA_EMPLOYEE_FIELD_POSITION]);
    }
  else if (self->position == NULL)
    PROBLEM (MA_EMPLOYEE_FIELD_POSITION, _("A position is required"));

  if (t[MA_EMPLOYEE_FIELD_CURRENCY] != NULL && *t[MA_EMPLOYEE_FIELD_CURRENCY] != '\0')
    {
      g_autofree char *upper = g_ascii_strup (t[MA_EMPLOYEE_FIELD_CURRENCY], -1);

      if (!ma_currency_is_valid (upper))
        {
          g_autofree char *quoted = ma_quote_value (t[MA_EMPLOYEE_FIELD_CURRENCY]);

          PROBLEM (MA_EMPLOYEE_FIELD_CURRENCY,
                   _("%s is not a currency code (three capital letters, as in RUB)"), quoted);
        }
      else
        replace_str (&self->currency, upper);
    }
  else if (t[MA_EMPLOYEE_FIELD_CURRENCY] != NULL || self->currency == NULL)
    replace_str (&self->currency, default_currency != NULL ? default_currency : "RUB");

  if (t[MA_EMPLOYEE_FIELD_BASE_PAY] != NULL)
    {
      g_autofree char *message = NULL;
      g_autoptr(GError) error = NULL;
      double amount = 0;

      if (*t[MA_EMPLOYEE_FIELD_BASE_PAY] == '\0')
        self->base_pay = 0;
      else if (!ma_csv_parse_number (t[MA_EMPLOYEE_FIELD_BASE_PAY], &amount, &message))
        PROBLEM (MA_EMPLOYEE_FIELD_BASE_PAY, "%s", message);
      else if (self->currency != NULL && ma_currency_is_valid (self->currency)
               && !ma_money_from_double (amount, self->currency, &self->base_pay, &error))
        PROBLEM (MA_EMPLOYEE_FIELD_BASE_PAY, "%s", error->message);
    }

  for (MaEmployeeField f = MA_EMPLOYEE_FIELD_ACTIVE_FROM; f <= MA_EMPLOYEE_FIELD_ACTIVE_TO; f++)
    {
      char **target = f == MA_EMPLOYEE_FIELD_ACTIVE_FROM ? &self->active_from : &self->active_to;
      g_autofree char *message = NULL;
      g_autofree char *date = NULL;

      if (t[f] == NULL)
        continue;
      if (*t[f] == '\0')
        g_clear_pointer (target, g_free);
      else if (!ma_csv_parse_date (t[f], &date, &message))
        PROBLEM (f, "%s", message);
      else
        {
          g_free (*target);
          *target = g_steal_pointer (&date);
        }
    }
  if (self->active_from != NULL && self->active_to != NULL
      && strcmp (self->active_from, self->active_to) > 0)
    PROBLEM (MA_EMPLOYEE_FIELD_ACTIVE_TO, _("The last day (%s) is before the first (%s)"),
             self->active_to, self->active_from);

#undef PROBLEM

  for (guint i = 0; i < MA_EMPLOYEE_N_FIELDS; i++)
    g_free (t[i]);
  return ok ? g_steal_pointer (&self) : NULL;
}

/* ---- Imports ---------------------------------------------------------- */

typedef struct {
  char     *label;
  gboolean  required;
  char    **names;      /* header names it is guessed from, folded */
} Field;

struct _MaImport
{
  MaImportKind  kind;
  char         *period;
  char         *default_currency;
  GPtrArray    *fields;        /* of Field */
  GArray       *columns;       /* of int, per field */
  MaCsvTable   *table;
  gboolean      has_header;
  GPtrArray    *employees;     /* of MaEmployee, stored */
  GPtrArray    *branches;      /* of MaBranch */
  MaKpiSheet   *sheet;         /* KPI import */
};

static void
field_free (Field *self)
{
  g_free (self->label);
  g_strfreev (self->names);
  g_free (self);
}

/* Header text folded for comparison: case, and the punctuation people put
 * between words, do not matter ("Base_pay", "base pay", "BASE-PAY"). */
static char *
fold_name (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == '_' || c == '.' || c == ':' || c == '-' || c == ','
          || c == '(' || c == ')')
        space = out->len > 0;
      else
        {
          if (space)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_unichar (out, c);
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
add_field (MaImport   *self,
           const char *label,
           gboolean    required,
           ...)
{
  Field *field = g_new0 (Field, 1);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;
  va_list args;
  int none = -1;

  field->label = g_strdup (label);
  field->required = required;
  g_ptr_array_add (names, fold_name (label));
  va_start (args, required);
  while ((name = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (names, fold_name (name));
  va_end (args);
  g_ptr_array_add (names, NULL);
  field->names = (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
  g_ptr_array_add (self->fields, field);
  g_array_append_val (self->columns, none);
}

static void
add_employee_fields (MaImport *self)
{
  add_field (self, ma_employee_field_label (MA_EMPLOYEE_FIELD_CODE), TRUE,
             "code", "employee code", "employee id", "id", "personnel number", "табельный номер",
             "таб номер", "таб №", "табельный", "код", "код сотрудника", NULL);
  add_field (self, ma_employee_field_label (MA_EMPLOYEE_FIELD_NAME), TRUE,
             "name", "full name", "employee name", "employee", "фио", "сотрудник", "имя",
             "ф и о", NULL);
  add_field (self, ma_employee_field_label (MA_EMPLOYEE_FIELD_BRANCH), TRUE,
             "branch", "branch code", "department", "store", "филиал", "подразделение",
             "отделение", "магазин", "код филиала", NULL);
  add_field (self, ma_employee_field_label (MA_EMPLOYEE_FIELD_POSITION), TRUE,
             "position", "job title", "job", "title", "role", "должность", NULL);
  add_field (self, ma_employee_field_label (MA_EMPLOYEE_FIELD_BASE_PAY), FALSE,
             "base pay", "base_pay", "salary", "pay", "base", "variable pay", "оклад",
             "переменная часть", "база", "база премии", NULL);
  add_field (self, ma_employee_field_label (MA_EMPLOYEE_FIELD_CURRENCY), FALSE,
             "currency", "валюта", NULL);
  add_field (self, ma_employee_field_label (MA_EMPLOYEE_FIELD_ACTIVE_FROM), FALSE,
             "active from", "active_from", "hired", "hire date", "start date", "date of hire",
             "дата приема", "дата приёма", "принят", NULL);
  add_field (self, ma_employee_field_label (MA_EMPLOYEE_FIELD_ACTIVE_TO), FALSE,
             "active to", "active_to", "left", "leaving date", "termination date", "end date",
             "дата увольнения", "уволен", NULL);
}

#define KPI_FIELD_EMPLOYEE 0
#define KPI_FIELD_FIRST_FIGURE 1

static void
add_kpi_fields (MaImport *self)
{
  add_field (self, ma_employee_field_label (MA_EMPLOYEE_FIELD_CODE), TRUE,
             "employee", "code", "employee code", "employee id", "табельный номер", "таб номер",
             "код", "код сотрудника", NULL);
  for (guint i = 0; i < self->sheet->components->len; i++)
    {
      const MaSchemeComponent *c = g_ptr_array_index (self->sheet->components, i);
      const char *label = c->label != NULL ? c->label : c->key;
      /* TRANSLATORS: a column of KPI figures: "Trips against plan: actual" */
      g_autofree char *actual = g_strdup_printf (_("%s: actual"), label);
      /* TRANSLATORS: a column of KPI figures: "Trips against plan: plan" */
      g_autofree char *plan = g_strdup_printf (_("%s: plan"), label);
      g_autofree char *key_actual = g_strconcat (c->key, " actual", NULL);
      g_autofree char *key_plan = g_strconcat (c->key, " plan", NULL);
      g_autofree char *key_fact = g_strconcat (c->key, " факт", NULL);
      g_autofree char *key_plan_ru = g_strconcat (c->key, " план", NULL);
      g_autofree char *label_actual = g_strconcat (label, " actual", NULL);
      g_autofree char *label_plan = g_strconcat (label, " plan", NULL);

      add_field (self, actual, FALSE, key_actual, key_fact, label_actual, NULL);
      add_field (self, plan, FALSE, key_plan, key_plan_ru, label_plan, NULL);
    }
}

MaImport *
ma_import_new (MaStore       *store,
               MaImportKind   kind,
               const char    *period,
               GError       **error)
{
  g_autoptr(MaImport) self = NULL;

  g_return_val_if_fail (MA_IS_STORE (store), NULL);
  g_return_val_if_fail (kind == MA_IMPORT_EMPLOYEES || period != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (MaImport, 1);
  self->kind = kind;
  self->period = g_strdup (period);
  self->default_currency = g_strdup ("RUB");
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  self->columns = g_array_new (FALSE, FALSE, sizeof (int));

  self->employees = ma_store_list_employees (store, error);
  if (self->employees == NULL)
    return NULL;
  self->branches = ma_store_list_branches (store, error);
  if (self->branches == NULL)
    return NULL;
  if (kind == MA_IMPORT_KPIS)
    {
      self->sheet = ma_kpi_sheet_load (store, period, error);
      if (self->sheet == NULL)
        return NULL;
      add_kpi_fields (self);
    }
  else
    add_employee_fields (self);
  return g_steal_pointer (&self);
}

void
ma_import_free (MaImport *self)
{
  if (self == NULL)
    return;
  g_free (self->period);
  g_free (self->default_currency);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->columns, g_array_unref);
  g_clear_pointer (&self->table, ma_csv_table_free);
  g_clear_pointer (&self->employees, g_ptr_array_unref);
  g_clear_pointer (&self->branches, g_ptr_array_unref);
  g_clear_pointer (&self->sheet, ma_kpi_sheet_free);
  g_free (self);
}

MaImportKind
ma_import_get_kind (MaImport *self)
{
  return self->kind;
}

guint
ma_import_get_n_fields (MaImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->fields->len;
}

const char *
ma_import_get_field_label (MaImport *self,
                           guint     field)
{
  g_return_val_if_fail (self != NULL && field < self->fields->len, NULL);
  return ((Field *) g_ptr_array_index (self->fields, field))->label;
}

gboolean
ma_import_get_field_required (MaImport *self,
                              guint     field)
{
  g_return_val_if_fail (self != NULL && field < self->fields->len, FALSE);
  return ((Field *) g_ptr_array_index (self->fields, field))->required;
}

guint
ma_import_get_n_columns (MaImport *self)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);
  for (guint i = 0; self->table != NULL && i < self->table->records->len; i++)
    n = MAX (n, ((MaCsvRecord *) g_ptr_array_index (self->table->records, i))->n_fields);
  return n;
}

char *
ma_import_get_column_title (MaImport *self,
                            guint     column)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->has_header && self->table != NULL && self->table->records->len > 0)
    {
      const MaCsvRecord *header = g_ptr_array_index (self->table->records, 0);

      if (column < header->n_fields)
        {
          g_autofree char *title = g_strstrip (g_strdup (header->fields[column]));

          if (*title != '\0')
            return g_steal_pointer (&title);
        }
    }
  /* TRANSLATORS: a column of a file without a header row; %u counts from 1 */
  return g_strdup_printf (_("Column %u"), column + 1);
}

int
ma_import_get_column (MaImport *self,
                      guint     field)
{
  g_return_val_if_fail (self != NULL && field < self->columns->len, -1);
  return g_array_index (self->columns, int, field);
}

void
ma_import_set_column (MaImport *self,
                      guint     field,
                      int       column)
{
  g_return_if_fail (self != NULL && field < self->columns->len);
  g_array_index (self->columns, int, field) = column < 0 ? -1 : column;
}

void
ma_import_set_default_currency (MaImport   *self,
                                const char *currency)
{
  g_return_if_fail (self != NULL);
  replace_str (&self->default_currency, currency);
}

static void
guess_columns (MaImport *self)
{
  const MaCsvRecord *header = g_ptr_array_index (self->table->records, 0);
  g_autoptr(GArray) taken = g_array_new (FALSE, TRUE, sizeof (gboolean));

  g_array_set_size (taken, header->n_fields);
  for (guint f = 0; f < self->fields->len; f++)
    {
      const Field *field = g_ptr_array_index (self->fields, f);

      ma_import_set_column (self, f, -1);
      /* Each column is given to the first field that knows its name, and
       * the exact label or first alias wins over a later alias. */
      for (guint n = 0; field->names[n] != NULL && ma_import_get_column (self, f) < 0; n++)
        for (guint c = 0; c < header->n_fields; c++)
          {
            g_autofree char *name = fold_name (header->fields[c]);

            if (!g_array_index (taken, gboolean, c) && g_strcmp0 (name, field->names[n]) == 0)
              {
                ma_import_set_column (self, f, (int) c);
                g_array_index (taken, gboolean, c) = TRUE;
                break;
              }
          }
    }
}

void
ma_import_set_table (MaImport   *self,
                     MaCsvTable *table,
                     gboolean    has_header)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (table != NULL);

  g_clear_pointer (&self->table, ma_csv_table_free);
  self->table = table;
  self->has_header = has_header;
  if (has_header && table->records->len > 0)
    guess_columns (self);
  else
    for (guint f = 0; f < self->fields->len; f++)
      ma_import_set_column (self, f, -1);
}

/* ---- Preview ---------------------------------------------------------- */

void
ma_import_preview_free (MaImportPreview *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->employees, g_ptr_array_unref);
  g_clear_pointer (&self->kpis, g_ptr_array_unref);
  g_clear_pointer (&self->lines, g_array_unref);
  g_clear_pointer (&self->outcomes, g_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_free (self);
}

static void
problem_free (MaImportProblem *self)
{
  g_free (self->message);
  g_free (self);
}

static void
add_problem (MaImportPreview *preview,
             guint            line,
             char            *message)
{
  MaImportProblem *problem = g_new0 (MaImportProblem, 1);

  problem->line = line;
  problem->message = message;
  g_ptr_array_add (preview->problems, problem);
}

static void
add_item (MaImportPreview *preview,
          gpointer         item,
          guint            line,
          MaSaveOutcome    outcome)
{
  g_ptr_array_add (preview->employees != NULL ? preview->employees : preview->kpis, item);
  g_array_append_val (preview->lines, line);
  g_array_append_val (preview->outcomes, outcome);
  if (outcome == MA_SAVE_ADDED)
    preview->n_added++;
  else if (outcome == MA_SAVE_UPDATED)
    preview->n_updated++;
  else
    preview->n_identical++;
}

/* The mapped cell of @field on @record: NULL when the field is not mapped,
 * "" when the line is too short to have it. */
static const char *
cell (MaImport          *self,
      const MaCsvRecord *record,
      guint              field)
{
  int column = ma_import_get_column (self, field);

  if (column < 0)
    return NULL;
  return (guint) column < record->n_fields ? record->fields[column] : "";
}

static const MaEmployee *
find_employee (GPtrArray  *employees,
               const char *code)
{
  for (guint i = 0; i < employees->len; i++)
    {
      const MaEmployee *employee = g_ptr_array_index (employees, i);

      if (g_strcmp0 (employee->code, code) == 0)
        return employee;
    }
  return NULL;
}

static void
preview_employee (MaImport          *self,
                  const MaCsvRecord *record,
                  GHashTable        *seen,
                  MaImportPreview   *preview)
{
  const char *text[MA_EMPLOYEE_N_FIELDS];
  char *messages[MA_EMPLOYEE_N_FIELDS] = { NULL };
  g_autofree char *code = NULL;
  const MaEmployee *stored = NULL;
  MaEmployee *employee;
  gpointer first_line;

  for (guint f = 0; f < MA_EMPLOYEE_N_FIELDS; f++)
    text[f] = cell (self, record, f);

  code = trimmed (text[MA_EMPLOYEE_FIELD_CODE]);
  if (code != NULL && g_hash_table_lookup_extended (seen, code, NULL, &first_line))
    {
      g_autofree char *quoted = ma_quote_value (code);

      add_problem (preview, record->line,
                   g_strdup_printf (_("Employee %s is already on line %u"), quoted,
                                    GPOINTER_TO_UINT (first_line)));
      return;
    }
  if (code != NULL && *code != '\0')
    {
      stored = find_employee (self->employees, code);
      g_hash_table_insert (seen, g_strdup (code), GUINT_TO_POINTER (record->line));
    }

  employee = ma_import_employee_from_text (text, stored, self->branches, self->default_currency,
                                           messages);
  if (employee == NULL)
    {
      for (guint f = 0; f < MA_EMPLOYEE_N_FIELDS; f++)
        if (messages[f] != NULL)
          /* TRANSLATORS: a problem of one field of a line: "Base pay: ..." */
          add_problem (preview, record->line,
                       g_strdup_printf (_("%s: %s"), ma_employee_field_label (f), messages[f]));
      for (guint f = 0; f < MA_EMPLOYEE_N_FIELDS; f++)
        g_free (messages[f]);
      return;
    }
  add_item (preview, employee, record->line,
            stored == NULL ? MA_SAVE_ADDED
            : ma_employee_equal (stored, employee) ? MA_SAVE_IDENTICAL : MA_SAVE_UPDATED);
}

static gboolean
read_figure (const char  *text,
             gboolean    *given,
             double      *out,
             char       **message)
{
  g_autofree char *t = trimmed (text);

  *given = t != NULL && *t != '\0';
  if (!*given)
    return TRUE;
  return ma_csv_parse_number (t, out, message);
}

static void
preview_kpi (MaImport          *self,
             const MaCsvRecord *record,
             GHashTable        *seen,
             MaImportPreview   *preview)
{
  g_autofree char *code = trimmed (cell (self, record, KPI_FIELD_EMPLOYEE));
  g_autofree char *quoted = NULL;
  gpointer first_line;

  if (code == NULL || *code == '\0')
    {
      add_problem (preview, record->line, g_strdup (_("The employee code is empty")));
      return;
    }
  quoted = ma_quote_value (code);
  if (g_hash_table_lookup_extended (seen, code, NULL, &first_line))
    {
      add_problem (preview, record->line,
                   g_strdup_printf (_("Employee %s is already on line %u"), quoted,
                                    GPOINTER_TO_UINT (first_line)));
      return;
    }
  g_hash_table_insert (seen, g_strdup (code), GUINT_TO_POINTER (record->line));
  if (find_employee (self->employees, code) == NULL)
    {
      add_problem (preview, record->line,
                   g_strdup_printf (_("Employee %s is not in the directory"), quoted));
      return;
    }

  for (guint i = 0; i < self->sheet->components->len; i++)
    {
      const MaSchemeComponent *c = g_ptr_array_index (self->sheet->components, i);
      const char *label = c->label != NULL ? c->label : c->key;
      guint actual_field = KPI_FIELD_FIRST_FIGURE + 2 * i;
      const MaKpi *stored = ma_kpi_sheet_get (self->sheet, code, c->key);
      g_autofree char *message = NULL;
      g_autoptr(GError) error = NULL;
      gboolean has_actual, has_plan;
      double actual = NAN, plan = NAN;
      MaSaveOutcome outcome;

      if (!read_figure (cell (self, record, actual_field), &has_actual, &actual, &message)
          || !read_figure (cell (self, record, actual_field + 1), &has_plan, &plan, &message))
        {
          add_problem (preview, record->line, g_strdup_printf (_("%s: %s"), label, message));
          continue;
        }
      if (!has_actual && !has_plan)
        continue;
      if (!ma_kpi_sheet_uses (self->sheet, code, c->key))
        {
          add_problem (preview, record->line,
                       g_strdup_printf (_("%s: the bonus of employee %s in %s has no such KPI "
                                          "(not active then, or another scheme)"),
                                        label, quoted, self->period));
          continue;
        }
      /* An empty cell keeps the stored figure: a sheet of actuals alone
       * updates the actuals. */
      if (!has_actual)
        actual = stored != NULL ? stored->actual : NAN;
      if (!has_plan)
        plan = stored != NULL ? stored->plan : NAN;
      if (isnan (actual) || isnan (plan))
        {
          add_problem (preview, record->line,
                       g_strdup_printf (_("%s: a new figure needs both the actual and the plan"),
                                        label));
          continue;
        }
      if (!ma_kpi_check_figures (actual, plan, &error))
        {
          add_problem (preview, record->line, g_strdup_printf (_("%s: %s"), label, error->message));
          continue;
        }
      outcome = stored == NULL ? MA_SAVE_ADDED
                : stored->actual == actual && stored->plan == plan ? MA_SAVE_IDENTICAL
                : MA_SAVE_UPDATED;
      add_item (preview, ma_kpi_new (code, self->period, c->key, actual, plan), record->line,
                outcome);
    }
}

MaImportPreview *
ma_import_preview (MaImport *self)
{
  g_autoptr(MaImportPreview) preview = g_new0 (MaImportPreview, 1);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean any_figure = FALSE;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->kind == MA_IMPORT_EMPLOYEES)
    preview->employees = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_employee_free);
  else
    preview->kpis = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_kpi_free);
  preview->lines = g_array_new (FALSE, FALSE, sizeof (guint));
  preview->outcomes = g_array_new (FALSE, FALSE, sizeof (MaSaveOutcome));
  preview->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);

  for (guint f = 0; f < self->fields->len; f++)
    {
      const Field *field = g_ptr_array_index (self->fields, f);

      if (ma_import_get_column (self, f) >= 0)
        any_figure |= f >= KPI_FIELD_FIRST_FIGURE;
      else if (field->required)
        add_problem (preview, 0,
                     g_strdup_printf (_("Choose the column that holds “%s”"), field->label));
    }
  if (self->kind == MA_IMPORT_KPIS && !any_figure)
    add_problem (preview, 0, g_strdup (_("Choose at least one column of figures")));
  if (self->table == NULL)
    add_problem (preview, 0, g_strdup (_("No file is open")));
  if (preview->problems->len > 0)
    return g_steal_pointer (&preview);

  for (guint i = self->has_header ? 1 : 0; i < self->table->records->len; i++)
    {
      const MaCsvRecord *record = g_ptr_array_index (self->table->records, i);

      if (self->kind == MA_IMPORT_EMPLOYEES)
        preview_employee (self, record, seen, preview);
      else
        preview_kpi (self, record, seen, preview);
    }
  if (preview->lines->len == 0 && preview->problems->len == 0)
    add_problem (preview, 0, g_strdup (_("The file holds no lines to import")));
  return g_steal_pointer (&preview);
}

/* After a commit, the next preview of the same file compares with what
 * it wrote. A failure to read leaves the old lists: the data is written,
 * and the next import reads the store again anyway. */
static void
reload (MaImport *self,
        MaStore  *store)
{
  GPtrArray *employees = ma_store_list_employees (store, NULL);

  if (employees != NULL)
    {
      g_ptr_array_unref (self->employees);
      self->employees = employees;
    }
  if (self->sheet != NULL)
    {
      MaKpiSheet *sheet = ma_kpi_sheet_load (store, self->period, NULL);

      if (sheet != NULL)
        {
          ma_kpi_sheet_free (self->sheet);
          self->sheet = sheet;
        }
    }
}

gboolean
ma_import_commit (MaImport               *self,
                  MaStore                *store,
                  const MaImportPreview  *preview,
                  GError                **error)
{
  GPtrArray *items;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (MA_IS_STORE (store), FALSE);
  g_return_val_if_fail (preview != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (preview->problems->len > 0)
    {
      g_set_error (error, MA_STORE_ERROR, MA_STORE_ERROR_INVALID,
                   ngettext ("The file has %u problem; nothing was imported",
                             "The file has %u problems; nothing was imported",
                             preview->problems->len),
                   preview->problems->len);
      return FALSE;
    }
  items = preview->employees != NULL ? preview->employees : preview->kpis;
  if (!ma_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < items->len; i++)
    {
      gboolean ok;

      if (g_array_index (preview->outcomes, MaSaveOutcome, i) == MA_SAVE_IDENTICAL)
        continue;
      if (preview->employees != NULL)
        ok = ma_store_save_employee (store, g_ptr_array_index (items, i), NULL, error);
      else
        ok = ma_store_save_kpi (store, g_ptr_array_index (items, i), NULL, error);
      if (!ok)
        {
          ma_store_rollback (store);
          g_prefix_error (error, _("Line %u: "), g_array_index (preview->lines, guint, i));
          return FALSE;
        }
    }
  /* A commit that fails has rolled back already. */
  if (!ma_store_commit (store, error))
    return FALSE;
  reload (self, store);
  return TRUE;
}
