/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-rollup.h: scores rolled up by employee, branch, region or the whole
 * chain over a period (scoring.md 5), with rankings and the service-level
 * standards (5a). Built from the store's aggregates only, so the window, the
 * CLI ("compare") and the exports show the same figures. */
#pragma once

#include <json-glib/json-glib.h>

#include "ma-scoring.h"
#include "ma-store.h"

G_BEGIN_DECLS

#define MA_ROLLUP_ERROR (ma_rollup_error_quark ())

typedef enum {
  MA_ROLLUP_ERROR_INVALID,   /* a period that is not "YYYY-MM", or from > to */
} MaRollupError;

GQuark ma_rollup_error_quark (void);

typedef struct {
  char  *key;      /* section or component key */
  double mean;     /* mean of the audits' scores; NAN when none assessed it */
  gint64 n;        /* audits behind the mean */
} MaRollupPart;

typedef struct {
  char      *key;             /* employee, branch or region code; "" for the chain */
  char      *name;            /* from the directory; the key when unknown */
  gint64     n;               /* approved audits in the period */
  double     score;           /* mean audit score; NAN when n == 0 */
  GPtrArray *sections;        /* of MaRollupPart, by key */
  GPtrArray *components;      /* of MaRollupPart, by key */
  guint      rank;            /* 1-based competition rank by score ("1,2,2,4");
                               * 0 for a row without audits */
  gboolean   low_confidence;  /* 0 < n < min_audits */
} MaRollupRow;

typedef struct {
  char    *group;       /* as MaRollupRow.key */
  char    *question;
  double   pass_rate;   /* passed / n; NAN when n == 0 */
  gint64   n;           /* audits where the question was answered (not N/A) */
  double   share;       /* the promised share */
  gboolean met;         /* pass_rate >= share */
} MaRollupStandard;

typedef struct {
  MaGroupBy  by;
  char      *period_from;
  char      *period_to;
  int        min_audits;
  GPtrArray *rows;            /* of MaRollupRow: ranked rows by rank then key,
                               * then the rows without audits by key */
  GPtrArray *section_keys;    /* of char*: every section key of any row, sorted */
  GPtrArray *component_keys;  /* of char*: every component key of any row, sorted */
  GPtrArray *standards;       /* of MaRollupStandard, by group then question */
} MaRollup;

/* Rolls up the approved audits whose visit month is in [@period_from,
 * @period_to]. For branches and regions every one of the directory is a
 * row, with n = 0 when it had no audits; for employees, those with audits.
 * Rows with 0 < n < @min_audits are low confidence. */
MaRollup *ma_rollup_compute (MaStore     *store,
                             MaGroupBy    by,
                             const char  *period_from,
                             const char  *period_to,
                             int          min_audits,
                             GError     **error);
void      ma_rollup_free    (MaRollup *self);

const MaRollupRow  *ma_rollup_find_row     (const MaRollup *self, const char *key);
const MaRollupPart *ma_rollup_row_find_section   (const MaRollupRow *row, const char *key);
const MaRollupPart *ma_rollup_row_find_component (const MaRollupRow *row, const char *key);

/* "employee", "branch", "region", "chain". */
const char *ma_group_by_to_string   (MaGroupBy by);
gboolean    ma_group_by_from_string (const char *string, MaGroupBy *out);

/* The "compare" document of the command-line contract (bundle-v1.md):
 * {"period", "by", "rows": [{"key", "name", "n", "score", "sections",
 * "components", "rank", "low_confidence"}], "standards": [{"group",
 * "question", "pass_rate", "n", "share", "met"}]}; scores are fractions,
 * null when not assessed; "rank" is null for rows without audits. @period
 * NULL gives "YYYY-MM", or "YYYY-MM..YYYY-MM" for a range. */
JsonNode *ma_rollup_to_json (const MaRollup *self,
                             const char     *period,
                             MaGroupBy       by);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaRollup, ma_rollup_free)

G_END_DECLS
