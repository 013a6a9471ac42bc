/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-statement.h: an employee's bonus statement as a document, the
 * "receipt" HR walks through in a one-to-one conversation: from the pay to
 * each component and its formula with the actual numbers, to each audit
 * behind it, to each question that lost points with the auditor's comment
 * and the evidence. A list of styled blocks in the UI language and the
 * user's locale, so the window, the printer and the PDF show the same text. */
#pragma once

#include "ma-bonus.h"
#include "ma-store.h"

G_BEGIN_DECLS

typedef enum {
  MA_BLOCK_TITLE,      /* the employee's name */
  MA_BLOCK_SUBTITLE,   /* period, code, branch, scheme */
  MA_BLOCK_HEADING,    /* a part of the statement */
  MA_BLOCK_LINE,       /* a line with an optional value on the right */
  MA_BLOCK_FORMULA,    /* the arithmetic with the actual numbers */
  MA_BLOCK_NOTE,       /* a smaller explanation */
  MA_BLOCK_WARNING,    /* a flag HR must see: pending differences, not assessed */
  MA_BLOCK_TOTAL,      /* the amount to pay */
} MaBlockKind;

typedef struct {
  MaBlockKind kind;
  guint       indent;  /* 0, 1 or 2 levels */
  char       *text;
  char       *value;   /* right-aligned, may be NULL */
} MaStatementBlock;

typedef struct {
  char      *employee;   /* code */
  char      *name;
  char      *period;
  GPtrArray *blocks;     /* of MaStatementBlock */
} MaStatementDocument;

/* The document of @row of @statement, reading the audits behind it (and
 * their templates) from @store to list the questions that lost points. An
 * audit that can no longer be read (deleted since a close) is listed with
 * a warning instead. */
MaStatementDocument *ma_statement_document_build (MaStore                *store,
                                                  const MaBonusStatement *statement,
                                                  const MaBonusRow       *row,
                                                  GError                **error);
void                 ma_statement_document_free  (MaStatementDocument *self);

/* The audits behind a comparison cell, newest first: of @audits (of
 * MaAuditSummary) those that assessed @section (NULL: every one), at most
 * @limit of them (0: all), each with its score (the section's when given)
 * and the questions that lost points. For drill-downs: no employee is
 * named. */
MaStatementDocument *ma_statement_audits_document (MaStore     *store,
                                                   const char  *title,
                                                   const char  *subtitle,
                                                   GPtrArray   *audits,
                                                   const char  *section,
                                                   guint        limit,
                                                   GError     **error);

/* The plain text of the document, one block a line, for the clipboard and
 * for tests: "text<TAB>value". */
char *ma_statement_document_to_text (const MaStatementDocument *self);

/* A fraction as a percentage in the user's locale: "83,3 %" in ru_RU,
 * "83.3 %" in C; NULL for NAN. */
char *ma_format_percent_locale (double fraction);
/* An ISO 8601 date or time as the locale's date ("20.10.2026"); the text
 * itself when it does not parse. */
char *ma_format_date_locale    (const char *iso8601);
/* A period (YYYY-MM) as its month and year in the user's language
 * ("October 2026", "Октябрь 2026"); anything else as it is. */
char *ma_format_period_locale  (const char *period);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaStatementDocument, ma_statement_document_free)

/* Why a component without data pays what it pays, in words for people:
 * "not assessed: the scheme pays nothing without data". */
const char *ma_statement_policy_text (const MaBonusComponent *component);

G_END_DECLS
