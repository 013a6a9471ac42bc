/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-scoring.h: the score of one audit (scoring.md 1-4). Pure functions, no
 * I/O: the form calls them on every answer, the store when an audit is
 * saved, and the bonus and rollup code reads what the store kept. */
#pragma once

#include "ma-audit.h"
#include "ma-template.h"

G_BEGIN_DECLS

typedef struct {
  char    *key;        /* section key or component key */
  double   earned;     /* after critical rules */
  double   possible;
  gboolean assessed;   /* FALSE when there was nothing to score */
  double   score;      /* earned / possible, or for the audit with section
                        * weights the weighted mean; NAN when not assessed */
} MaScorePart;

typedef struct {
  const char *question;  /* borrowed from the template */
  const char *section;
  const char *component; /* may be NULL */
  gboolean    scored;    /* FALSE for text, N/A and unanswered questions */
  double      fraction;  /* the answer's own fraction, before critical rules */
  double      earned;    /* after critical rules */
  double      possible;
} MaQuestionScore;

typedef struct {
  gboolean         assessed;
  double           score;           /* in [0, 1]; NAN when not assessed */
  double           earned;
  double           possible;
  GPtrArray       *sections;        /* of MaScorePart, in template order */
  GPtrArray       *components;      /* of MaScorePart, in order of first use */
  GPtrArray       *questions;       /* of MaQuestionScore, in template order */
  char            *critical_failure; /* the first failed critical question, or NULL */
  MaCriticalScope  critical_scope;  /* of that question */
  GPtrArray       *critical_failures; /* of char*: every failed critical question */
} MaScore;

/* The fraction of @question's weight that @answer earns, in [0, 1].
 * FALSE (and *fraction untouched) when the question is not scored: a text
 * question, an N/A answer, no answer (@answer NULL or without value), or a
 * value of the wrong type or outside the question's range. */
gboolean ma_question_fraction (const MaQuestion *question,
                               const MaAnswer   *answer,
                               double           *fraction);

/* Scores @audit against @template. The answers need not be complete
 * (drafts). The template is assumed valid (ma_template_validate). */
MaScore *ma_score_audit (const MaTemplate *template,
                         const MaAudit    *audit);
void     ma_score_free  (MaScore *self);

const MaScorePart     *ma_score_find_section   (const MaScore *self, const char *key);
const MaScorePart     *ma_score_find_component (const MaScore *self, const char *key);
const MaQuestionScore *ma_score_find_question  (const MaScore *self, const char *key);

/* A fraction as a percentage with one decimal, half away from zero:
 * 0.61725 -> "61.7"; NAN -> NULL. C locale. */
char *ma_score_format_percent (double fraction);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaScore, ma_score_free)

G_END_DECLS
