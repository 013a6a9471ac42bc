/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-directory.h: regions, branches, employees and KPI figures. */
#pragma once

#include <json-glib/json-glib.h>

#include "ma-model.h"

G_BEGIN_DECLS

typedef struct {
  char *code;
  char *name;
} MaRegion;

typedef struct {
  char *code;
  char *name;
  char *region;       /* region code */
} MaBranch;

typedef struct {
  char  *code;
  char  *name;
  char  *branch;       /* branch code */
  char  *position;     /* "driver", "sales", "operator"... */
  gint64 base_pay;     /* variable pay per month, in the currency's minor units */
  char  *currency;     /* ISO 4217, e.g. "RUB" */
  char  *active_from;  /* "YYYY-MM-DD" or NULL */
  char  *active_to;    /* "YYYY-MM-DD" or NULL: left the company */
} MaEmployee;

typedef struct {
  char  *employee;     /* employee code */
  char  *period;       /* "YYYY-MM" */
  char  *component;    /* scheme component key, e.g. "volume" */
  double actual;
  double plan;         /* > 0 */
} MaKpi;

MaRegion   *ma_region_new    (const char *code, const char *name);
void        ma_region_free   (MaRegion *self);
MaBranch   *ma_branch_new    (const char *code, const char *name, const char *region);
void        ma_branch_free   (MaBranch *self);
MaEmployee *ma_employee_new  (void);
void        ma_employee_free (MaEmployee *self);
MaEmployee *ma_employee_copy (const MaEmployee *self);
MaKpi      *ma_kpi_new       (const char *employee, const char *period, const char *component,
                              double actual, double plan);
void        ma_kpi_free      (MaKpi *self);

MaRegion   *ma_region_from_json   (JsonObject *object, const char *path, GPtrArray *warnings, GError **error);
MaBranch   *ma_branch_from_json   (JsonObject *object, const char *path, GPtrArray *warnings, GError **error);
/* base_pay must have no more decimals than the currency's minor unit. */
MaEmployee *ma_employee_from_json (JsonObject *object, const char *path, GPtrArray *warnings, GError **error);
MaKpi      *ma_kpi_from_json      (JsonObject *object, const char *path, GPtrArray *warnings, GError **error);
JsonNode   *ma_region_to_json     (const MaRegion *self);
JsonNode   *ma_branch_to_json     (const MaBranch *self);
/* @with_pay FALSE leaves base_pay and currency out (field laptops carry no
 * pay data). */
JsonNode   *ma_employee_to_json   (const MaEmployee *self, gboolean with_pay);
JsonNode   *ma_kpi_to_json        (const MaKpi *self);

gboolean    ma_region_equal   (const MaRegion *a, const MaRegion *b);
gboolean    ma_branch_equal   (const MaBranch *a, const MaBranch *b);
gboolean    ma_employee_equal (const MaEmployee *a, const MaEmployee *b);
/* Whether the employee was employed at some time in @period ("YYYY-MM"). */
gboolean    ma_employee_is_active_in (const MaEmployee *self, const char *period);

/* The positions the app knows, NULL-terminated: "driver", "sales",
 * "operator" (those the demo and the generator seed). Offices may use
 * others. */
const char * const *ma_employee_known_positions (void);
/* A position code as people read it ("Driver", "Sales consultant"...),
 * translated; a position the app does not know is shown as recorded,
 * since the code is the office's own word for it; NULL gives "". The code
 * stays what is stored, matched against schemes and written to machine
 * formats (CSV, bundles, the command line's JSON). */
const char *ma_employee_position_label (const char *position);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaRegion, ma_region_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaBranch, ma_branch_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaEmployee, ma_employee_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaKpi, ma_kpi_free)

G_END_DECLS
