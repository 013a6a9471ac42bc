/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-generator.h: large, realistic databases for measuring the app.
 *
 * A chain of any size (regions of 25 branches, drivers, sales floor and
 * call desk staff, two bonus schemes, three questionnaires of 30 to 60
 * questions, KPI figures for every employee and month, two audits per
 * employee per month) written through the MaStore interface. Everything
 * comes from one GRand seeded with the options' seed, in a fixed order, so
 * the same options give the same database (the same uuids, answers and
 * scores) on every run and every machine. */
#pragma once

#include "ma-store.h"

G_BEGIN_DECLS

#define MA_GENERATOR_ERROR (ma_generator_error_quark ())

typedef enum {
  MA_GENERATOR_ERROR_INVALID,     /* options out of range */
  MA_GENERATOR_ERROR_NOT_EMPTY,   /* the store already holds data */
} MaGeneratorError;

GQuark ma_generator_error_quark (void);

/* The largest sizes accepted: far beyond any chain we know of, and small
 * enough that codes and counts stay within their types. */
#define MA_GENERATOR_MAX_BRANCHES             100000
#define MA_GENERATOR_MAX_EMPLOYEES_PER_BRANCH 1000
#define MA_GENERATOR_MAX_MONTHS               120

typedef struct {
  guint        branches;              /* 1 .. MA_GENERATOR_MAX_BRANCHES */
  guint        employees_per_branch;  /* 1 .. MA_GENERATOR_MAX_EMPLOYEES_PER_BRANCH */
  guint        months;                /* 1 .. MA_GENERATOR_MAX_MONTHS */
  guint32      seed;
  const char  *first_period;          /* "YYYY-MM"; NULL: the months end with 2026-10 */
  guint        batch_audits;          /* audits per transaction; 0: 5000 */
} MaGeneratorOptions;

/* Fills an empty @store. The directory, templates, schemes and KPI figures
 * are one transaction, then the audits follow in transactions of
 * @options->batch_audits: a failure part-way leaves the batches written so
 * far, and the error says so. A store that already holds data is refused
 * with MA_GENERATOR_ERROR_NOT_EMPTY. */
gboolean ma_generator_run (MaStore                   *store,
                           const MaGeneratorOptions  *options,
                           GError                   **error);

G_END_DECLS
