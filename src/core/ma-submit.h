/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-submit.h: what stands between a draft and its submission.
 *
 * Submitting is refused while a question is unanswered (scoring.md 1) or a
 * failed answer of a question that asks for a comment (comment_on_fail) has
 * none. The form lists these problems and jumps to each question; the rule
 * lives here so that every front end refuses the same audits. */
#pragma once

#include "ma-audit.h"
#include "ma-template.h"

G_BEGIN_DECLS

typedef enum {
  MA_SUBMIT_UNANSWERED,       /* no value and not N/A (blank text counts as none) */
  MA_SUBMIT_COMMENT_MISSING,  /* failed, comment_on_fail, and no comment */
} MaSubmitProblemKind;

typedef struct {
  const MaQuestion    *question;  /* borrowed from the template */
  const MaSection     *section;   /* borrowed from the template */
  MaSubmitProblemKind  kind;
} MaSubmitProblem;

/* Whether @answer fails @question: answered, not N/A, scored, and earning
 * less than its full weight (the same sense in which a critical question
 * fails, scoring.md 2). */
gboolean   ma_answer_is_failed (const MaQuestion *question,
                                const MaAnswer   *answer);

/* The problems of @audit against @template, in template order (of
 * MaSubmitProblem, freed with g_free); empty when it may be submitted. */
GPtrArray *ma_submit_check (const MaTemplate *template,
                            const MaAudit    *audit);

/* The problems of ma_submit_check() as one sentence for a GError or a
 * terminal: "2 questions stop the submission: “Greeted” is not answered; …".
 * NULL when there are none. */
char      *ma_submit_describe (GPtrArray *problems);

G_END_DECLS
