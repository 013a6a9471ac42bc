/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-import.h: employees and KPI figures from a spreadsheet file.
 *
 * An import is done in three steps, so that nothing is written before HR
 * has seen what will be: the file is read (ma-csv-read.h) and its columns
 * are mapped to fields (guessed from the header, changed by the user); the
 * preview checks every line and lists its problems by line, with what
 * would be added, changed or left as it is; the commit writes the preview
 * in one store transaction, and only a preview without problems.
 *
 * Employees are matched by code. A column that is not mapped leaves the
 * stored value of an existing employee as it is. Nothing is ever deleted:
 * an employee who left gets an active_to date and keeps their history.
 *
 * KPI figures come one row per employee, with an "actual" and a "plan"
 * column per KPI component of the schemes, as the KPI grid shows them. An
 * empty cell keeps the stored figure; a new figure needs both. */
#pragma once

#include "ma-csv-read.h"
#include "ma-directory.h"
#include "ma-kpi-sheet.h"
#include "ma-store.h"

G_BEGIN_DECLS

typedef enum {
  MA_IMPORT_EMPLOYEES,
  MA_IMPORT_KPIS,
} MaImportKind;

/* The fields of an employee as text, in this order. */
typedef enum {
  MA_EMPLOYEE_FIELD_CODE,
  MA_EMPLOYEE_FIELD_NAME,
  MA_EMPLOYEE_FIELD_BRANCH,
  MA_EMPLOYEE_FIELD_POSITION,
  MA_EMPLOYEE_FIELD_BASE_PAY,
  MA_EMPLOYEE_FIELD_CURRENCY,
  MA_EMPLOYEE_FIELD_ACTIVE_FROM,
  MA_EMPLOYEE_FIELD_ACTIVE_TO,
  MA_EMPLOYEE_N_FIELDS
} MaEmployeeField;

/* The label of an employee field, translated ("Base pay"). */
const char *ma_employee_field_label (MaEmployeeField field);

/* Builds an employee from texts as typed in a form or read from a file:
 * @text[field] NULL means "not given": @stored's value is kept (when
 * @stored is not NULL), or the field is empty (a required one is then a
 * problem). Values are trimmed. The branch may be given by code or by a
 * branch's name (@branches: of MaBranch); base pay as a spreadsheet writes
 * numbers; dates as YYYY-MM-DD or DD.MM.YYYY; an empty currency is
 * @default_currency. Returns NULL when a field is wrong, with a message for
 * each wrong field in @messages (each NULL or newly allocated; may be NULL
 * itself). */
MaEmployee *ma_import_employee_from_text (const char * const  text[MA_EMPLOYEE_N_FIELDS],
                                          const MaEmployee   *stored,
                                          GPtrArray          *branches,
                                          const char         *default_currency,
                                          char               *messages[MA_EMPLOYEE_N_FIELDS]);

typedef struct {
  guint  line;      /* of the file; 0: the column mapping */
  char  *message;
} MaImportProblem;

typedef struct {
  GPtrArray *employees;  /* of MaEmployee to save (employees import) */
  GPtrArray *kpis;       /* of MaKpi to save (KPI import) */
  GArray    *lines;      /* of guint: the line of each item to save */
  GArray    *outcomes;   /* of MaSaveOutcome: what saving each would do */
  GPtrArray *problems;   /* of MaImportProblem, by line */
  guint      n_added;
  guint      n_updated;
  guint      n_identical;
} MaImportPreview;

void ma_import_preview_free (MaImportPreview *self);

typedef struct _MaImport MaImport;

/* An import into @store of @kind; the directory (and for KPI figures the
 * sheet of @period) is read now, to check the lines against. */
MaImport   *ma_import_new       (MaStore       *store,
                                 MaImportKind   kind,
                                 const char    *period,
                                 GError       **error);
void        ma_import_free      (MaImport      *self);
MaImportKind ma_import_get_kind (MaImport      *self);

/* The fields a column can be mapped to. */
guint       ma_import_get_n_fields        (MaImport *self);
const char *ma_import_get_field_label     (MaImport *self, guint field);
gboolean    ma_import_get_field_required  (MaImport *self, guint field);

/* Takes @table (read with ma_csv_read()); when @has_header, its first record
 * names the columns and the mapping is guessed from the names (English
 * and Russian), else every field is unmapped. */
void        ma_import_set_table           (MaImport   *self,
                                           MaCsvTable *table,
                                           gboolean    has_header);
guint       ma_import_get_n_columns       (MaImport *self);
/* The header text of @column, or "Column 3" without a header. */
char       *ma_import_get_column_title    (MaImport *self, guint column);
/* -1: the field is not in the file. */
int         ma_import_get_column          (MaImport *self, guint field);
void        ma_import_set_column          (MaImport *self, guint field, int column);
/* Employees: the currency of lines that give none ("RUB" unless set). */
void        ma_import_set_default_currency (MaImport *self, const char *currency);

/* Checks every line with the current mapping. */
MaImportPreview *ma_import_preview (MaImport *self);

/* Writes @preview in one transaction: all of it or, on error, nothing. A
 * preview with problems is refused (MA_STORE_ERROR_INVALID). */
gboolean    ma_import_commit (MaImport               *self,
                              MaStore                *store,
                              const MaImportPreview  *preview,
                              GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaImportPreview, ma_import_preview_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaImport, ma_import_free)

G_END_DECLS
