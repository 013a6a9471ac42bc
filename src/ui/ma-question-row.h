/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-question-row.h: one question of the form with the input its type
 * needs: yes/no and scale as toggle buttons, choice as radio-style toggle
 * buttons, number with its unit (and a stopwatch for times), text; N/A
 * where allowed, a comment and attachments.
 *
 * Keys on the answer: Y and N answer a yes/no question, 1-9 pick the n-th
 * answer (a scale's own value when it runs within 0..9), 0 is N/A where
 * allowed; Tab and Shift+Tab go to the next and previous question
 * ("move-question"). Every change by the user emits "changed". */
#pragma once

#include <gtk/gtk.h>

#include "ma-audit.h"
#include "ma-template.h"

G_BEGIN_DECLS

#define MA_TYPE_QUESTION_ROW (ma_question_row_get_type ())
G_DECLARE_FINAL_TYPE (MaQuestionRow, ma_question_row, MA, QUESTION_ROW, GtkWidget)

/* @question is copied. */
GtkWidget        *ma_question_row_new              (const MaQuestion *question);
const MaQuestion *ma_question_row_get_question     (MaQuestionRow    *self);

/* Shows @answer (NULL: unanswered, no comment) without emitting "changed". */
void              ma_question_row_set_answer       (MaQuestionRow    *self,
                                                    const MaAnswer   *answer);
/* The answer shown, or NULL when there is neither a value, nor N/A, nor a
 * comment. */
MaAnswer         *ma_question_row_dup_answer       (MaQuestionRow    *self);

/* The question's attachments (of MaAttachment): set without emitting
 * "changed"; the row adds the files the user attaches. */
void              ma_question_row_set_attachments  (MaQuestionRow    *self,
                                                    GPtrArray        *attachments);
GPtrArray        *ma_question_row_get_attachments  (MaQuestionRow    *self);
/* Reads @file, keeps a copy under the app's data folder named by its
 * sha256 and adds it, on a worker thread; "changed" follows. */
void              ma_question_row_attach_file      (MaQuestionRow    *self,
                                                    GFile            *file);

/* A read-only row shows the answer but takes no input. */
void              ma_question_row_set_editable     (MaQuestionRow    *self,
                                                    gboolean          editable);
/* Marks a failed answer: @needs_comment shows that the comment is
 * required; @critical that the question fails its section or audit. */
void              ma_question_row_set_failed       (MaQuestionRow    *self,
                                                    gboolean          critical,
                                                    gboolean          needs_comment);
/* Moves the keyboard focus to the answer. */
gboolean          ma_question_row_focus_answer     (MaQuestionRow    *self);
/* Answers by key as if typed on the answer ("y", "n", "1".."9", "0"). */
gboolean          ma_question_row_answer_key       (MaQuestionRow    *self,
                                                    guint             keyval);

G_END_DECLS
