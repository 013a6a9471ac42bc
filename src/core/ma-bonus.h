/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-bonus.h: employee bonus statements for a period (scoring.md 6-7).
 *
 * A statement explains every amount: achievement, payout, the missing-data
 * policy where one was applied, and the formula in words. Once a period is
 * closed, its statement is the frozen snapshot; later changes to audits,
 * KPI figures or schemes show up as pending differences, never as changed
 * figures. */
#pragma once

#include <json-glib/json-glib.h>

#include "ma-scheme.h"
#include "ma-store.h"

G_BEGIN_DECLS

#define MA_BONUS_ERROR (ma_bonus_error_quark ())

typedef enum {
  MA_BONUS_ERROR_INVALID,     /* a bad period, or a missing reason or name */
  MA_BONUS_ERROR_CLOSED,      /* the period is already closed */
  MA_BONUS_ERROR_NOT_CLOSED,  /* reopening a period that is not closed */
  MA_BONUS_ERROR_SNAPSHOT,    /* a frozen statement that cannot be read */
  MA_BONUS_ERROR_CLOSING,     /* someone is closing a period right now */
  MA_BONUS_ERROR_DISPUTED,    /* closing while a dispute of an audit of the period is open */
} MaBonusError;

GQuark ma_bonus_error_quark (void);

typedef struct {
  char              *key;
  char              *label;
  double             share;           /* percent of the base pay */
  MaComponentSource  source;
  double             achievement;     /* NAN when not assessed */
  gint64             n;               /* audits behind it; for kpi 1 when a figure exists */
  gboolean           assessed;
  gboolean           low_confidence;  /* audit source and 0 < n < min_audits */
  gboolean           missing;         /* not assessed: the scheme's policy decided */
  MaMissingPolicy    missing_policy;  /* the policy applied, when missing */
  gboolean           previous_unavailable; /* "previous" without a closed period
                                            * to take it from: paid in full */
  double             payout;
  gint64             amount;          /* minor units, rounded half away from zero */
  char              *formula;         /* "60000.00 x 15% x 0.80 = 7200.00" */
} MaBonusComponent;

/* An approved audit behind a statement row, for the record. */
typedef struct {
  char  *uuid;
  char  *template_key;
  gint64 template_version;
  gboolean disputed;   /* an employee's dispute of it is open (live, never frozen) */
} MaBonusAuditRef;

typedef struct {
  char      *employee;        /* employee code */
  char      *name;
  char      *branch;
  char      *scheme;          /* scheme key */
  gint64     scheme_version;
  gint64     min_audits;
  gint64     base_pay;        /* minor units */
  char      *currency;
  GPtrArray *components;      /* of MaBonusComponent, in scheme order */
  GPtrArray *audits;          /* of MaBonusAuditRef, by uuid */
  gint64     total;           /* sum of the rounded component amounts */
} MaBonusRow;

/* A figure of a closed statement that the live data no longer gives. */
typedef struct {
  char    *employee;
  char    *component;         /* NULL: the row's total */
  gboolean has_frozen;        /* FALSE: the row is new in the live data */
  gint64   frozen_amount;
  gboolean has_live;          /* FALSE: the row is gone from the live data */
  gint64   live_amount;
  char    *currency;
} MaBonusDifference;

typedef struct {
  char      *period;
  gboolean   closed;
  char      *closed_at;       /* when closed */
  char      *closed_by;
  GPtrArray *rows;            /* of MaBonusRow, by employee code */
  GPtrArray *warnings;        /* of char*: e.g. two schemes for one position */
  GPtrArray *pending_differences; /* of MaBonusDifference; closed periods only */
} MaBonusStatement;

/* The statement of @period ("YYYY-MM"): one row per employee active in it
 * whose position a scheme covers (the highest version of each scheme key).
 * For a closed period, the frozen statement with the pending differences
 * against a live recomputation. */
MaBonusStatement *ma_bonus_compute (MaStore     *store,
                                    const char  *period,
                                    GError     **error);
void              ma_bonus_statement_free (MaBonusStatement *self);

/* What-if: the live statement of @period (never a frozen one, even when the
 * period is closed) as it would be if @override were the scheme of its key:
 * it replaces every stored version of that key (or is added when the key is
 * new), whatever its version number. The result is what ma_bonus_compute()
 * gives once @override is saved as the next version of its key. @override
 * must pass ma_scheme_validate(); NULL computes with the stored schemes. */
MaBonusStatement *ma_bonus_compute_with_scheme (MaStore         *store,
                                                const char      *period,
                                                const MaScheme  *override,
                                                GError         **error);

const MaBonusRow       *ma_bonus_statement_find_row (const MaBonusStatement *self,
                                                     const char             *employee);
const MaBonusComponent *ma_bonus_row_find_component (const MaBonusRow *row,
                                                     const char       *key);

/* The frozen form (JSON text) stored with a period close, and back. */
char             *ma_bonus_statement_to_snapshot   (const MaBonusStatement *self);
MaBonusStatement *ma_bonus_statement_from_snapshot (const char  *snapshot,
                                                    GError     **error);

/* Computes the live statement, freezes it and closes @period; refused when
 * the period is already closed, while a dispute of one of its audits is
 * open (MA_BONUS_ERROR_DISPUTED, naming the audits), or while someone else
 * is closing it. Clears the period's closing marker. */
gboolean ma_bonus_close_period  (MaStore     *store,
                                 const char  *period,
                                 const char  *who,
                                 GError     **error);
/* Reopens a closed @period; @reason is required and logged by the store. */
gboolean ma_bonus_reopen_period (MaStore     *store,
                                 const char  *period,
                                 const char  *who,
                                 const char  *reason,
                                 GError     **error);

/* Closing a period in the window takes two steps: the statement is
 * computed and HR reviews it, then confirms (ma_bonus_close_period()) or
 * cancels. Meanwhile a marker in the store says who is closing which
 * period, so that other writers (the command-line tool) wait instead of
 * changing the data under the review. A marker older than this is stale
 * (a window that crashed or was left open overnight) and is ignored, so
 * that it never locks the office out. */
#define MA_BONUS_CLOSING_STALE_SECONDS (2 * 60 * 60)

/* Marks @period as being closed by @who. Refused when the period is
 * closed already (MA_BONUS_ERROR_CLOSED) or when someone else is closing
 * it (MA_BONUS_ERROR_CLOSING, unless their marker is stale). The same
 * person beginning again renews the marker. */
gboolean ma_bonus_begin_close   (MaStore     *store,
                                 const char  *period,
                                 const char  *who,
                                 GError     **error);
/* Removes the marker of @period, if any: the close was not confirmed. */
gboolean ma_bonus_cancel_close  (MaStore     *store,
                                 const char  *period,
                                 GError     **error);
/* The close in progress that is not stale (the first by period), or NULL
 * without error when there is none. */
MaPeriodClosing *ma_bonus_get_close_in_progress (MaStore  *store,
                                                 GError  **error);
/* TRUE when no period is being closed; otherwise FALSE with
 * MA_BONUS_ERROR_CLOSING naming the period, who closes it and since when:
 * the check every writer outside the closing window makes first. */
gboolean ma_bonus_check_not_closing (MaStore  *store,
                                     GError  **error);

/* The "bonus" document of the command-line contract (bundle-v1.md), with
 * the extra members "currency", "label", "source", "missing",
 * "previous_unavailable", "formula", "closed", "warnings",
 * "pending_differences" and, in each row, "disputed_audits" (the uuids of
 * its audits with an open dispute). Money as strings in the currency's minor unit. */
JsonNode *ma_bonus_to_json (const MaBonusStatement *self);

/* "7200.00" style number with between @min_decimals and @max_decimals
 * decimals, trailing zeros trimmed; C locale. */
char *ma_bonus_format_decimal (double value,
                               int    min_decimals,
                               int    max_decimals);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaBonusStatement, ma_bonus_statement_free)

G_END_DECLS
