/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-comparison.h: everything the branch comparison shows for a period
 * range, computed in one call so the window can run it on a worker thread:
 * the ranking and the heatmap (a rollup), the monthly trend of each group
 * and of the whole chain, the questions that fail most often by group and
 * overall, and the service-level standards, plus the tables the exports
 * write. Groups are branches or regions: a comparison never ranks people. */
#pragma once

#include "ma-rollup.h"
#include "ma-table.h"

G_BEGIN_DECLS

#define MA_COMPARISON_ERROR (ma_comparison_error_quark ())

typedef enum {
  MA_COMPARISON_ERROR_INVALID,   /* grouping by employee, or a bad period */
} MaComparisonError;

GQuark ma_comparison_error_quark (void);

/* The rule of the command line (compare): fewer audits than this make a
 * row low confidence. */
#define MA_COMPARISON_MIN_AUDITS 2
/* The trend of a single month covers this many months up to it. */
#define MA_COMPARISON_TREND_MONTHS 6

typedef struct {
  char  *group;          /* the group's key; "" for the whole chain */
  char  *template_key;
  char  *template_name;
  char  *question;
  char  *text;           /* the question as the template words it */
  gint64 failed;
  gint64 n;
  double rate;           /* failed / n */
} MaFailedQuestion;

typedef struct {
  char   *key;           /* "" for the chain */
  char   *name;
  double *scores;        /* one per month of the trend; NAN when no audit */
  gint64 *n;
} MaTrendSeries;

typedef struct {
  MaRollup      *rollup;          /* by branch or region, over the range */
  GPtrArray     *section_titles;  /* of char*, parallel to rollup->section_keys */
  GPtrArray     *months;          /* of char* "YYYY-MM": the trend's months */
  GPtrArray     *trend;           /* of MaTrendSeries, parallel to rollup->rows */
  MaTrendSeries *chain_trend;
  GPtrArray     *failed_overall;  /* of MaFailedQuestion: the top ones of the chain */
  GHashTable    *failed_by_group; /* group key -> GPtrArray of MaFailedQuestion */
  GHashTable    *question_texts;  /* from ma_comparison_load_question_texts() */
  /* Of MaTrainingMark dated in the trend's months, by date: the trend
   * chart draws those of the groups it shows (home_branch or home_region,
   * after rollup->by), so HR sees a training's effect and its fading. */
  GPtrArray     *training_marks;
} MaComparison;

/* Computes the comparison of the approved audits of [@period_from,
 * @period_to] by @by (MA_GROUP_BRANCH or MA_GROUP_REGION), keeping the
 * @top_n most failed questions of each group and of the chain (a question
 * "fails" in an audit when its answer earns less than full marks). The
 * trend covers the range, or for a single month the
 * MA_COMPARISON_TREND_MONTHS months up to it. */
MaComparison *ma_comparison_compute (MaStore     *store,
                                     MaGroupBy    by,
                                     const char  *period_from,
                                     const char  *period_to,
                                     guint        top_n,
                                     GError     **error);
void          ma_comparison_free    (MaComparison *self);

/* The failed questions of @group ("" or NULL: the chain); never NULL. */
GPtrArray           *ma_comparison_get_failed (const MaComparison *self,
                                               const char         *group);
const MaTrendSeries *ma_comparison_find_trend (const MaComparison *self,
                                               const char         *key);
/* The group key (branch or region, after rollup->by) a training mark of
 * @self belongs to. */
const char          *ma_comparison_mark_group (const MaComparison   *self,
                                               const MaTrainingMark *mark);

/* The wording of every question of the stored templates (the highest
 * version of each template wins), for showing keys to people. */
GHashTable *ma_comparison_load_question_texts (MaStore  *store,
                                               GError  **error);
/* The text of @question of @template_key (NULL: of any template), or the
 * key itself when no template has it. */
const char *ma_comparison_lookup_question (GHashTable *texts,
                                           const char *template_key,
                                           const char *question);

/* The approved audits of the range behind a group of @by (a branch, every
 * branch of a region, or the chain for MA_GROUP_CHAIN), newest first: the
 * drill-down from a ranking row or a heatmap cell. Of MaAuditSummary. */
GPtrArray *ma_comparison_list_audits (MaStore     *store,
                                      MaGroupBy    by,
                                      const char  *key,
                                      const char  *period_from,
                                      const char  *period_to,
                                      GError     **error);

/* "2026-10" plus @months (negative to go back). */
char *ma_period_add_months (const char *period,
                            int         months);

/* Tables for the exports, with the figures the window shows. */
/* The most failed questions: group ("" for the chain), name, rank,
 * template, question, text, failed, n, rate. The chain's first. */
MaTable *ma_comparison_failures_table  (const MaComparison *self);
/* The service-level standards of @rollup: group, name, question, text,
 * pass rate, n, target share, met. @texts from
 * ma_comparison_load_question_texts() (NULL: keys only). */
MaTable *ma_comparison_standards_table (const MaRollup *rollup,
                                        GHashTable     *texts);
/* The trend: key, name, then a percent column per month; the chain first. */
MaTable *ma_comparison_trend_table     (const MaComparison *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaComparison, ma_comparison_free)

G_END_DECLS
