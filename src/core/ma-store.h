/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-store.h: the repository interface, the only way to the data.
 *
 * Everything above the store (rollups, bonuses, bundles, the CLI and the
 * window) speaks to this interface and never to SQL, so that an office that
 * outgrows one sqlite file can run the same engine on another backend.
 * MaSqliteStore (ma-sqlite-store.h) is the implementation shipped today.
 *
 * Writes: every write method runs in a transaction. Between ma_store_begin()
 * and ma_store_commit() the calls share one transaction (all or nothing, as a
 * bundle import needs); outside, each call commits on its own. A method
 * returns TRUE only after its data is committed (or, inside an explicit
 * transaction, once ma_store_commit() returns TRUE). */
#pragma once

#include <glib-object.h>

#include "ma-audit.h"
#include "ma-directory.h"
#include "ma-scheme.h"
#include "ma-template.h"

G_BEGIN_DECLS

#define MA_STORE_ERROR (ma_store_error_quark ())

typedef enum {
  MA_STORE_ERROR_BACKEND,      /* the database failed (I/O, full disk, corrupt...) */
  MA_STORE_ERROR_NOT_FOUND,
  MA_STORE_ERROR_IMMUTABLE,    /* a published template or scheme version differs */
  MA_STORE_ERROR_CONFLICT,     /* an approved or voided audit would be overwritten */
  MA_STORE_ERROR_INVALID,      /* refused by a rule (state change, unknown reference) */
  MA_STORE_ERROR_READ_ONLY,
  MA_STORE_ERROR_NEWER_SCHEMA, /* the database was made by a newer app */
  MA_STORE_ERROR_CLOSED,       /* the period is closed */
  MA_STORE_ERROR_BUSY,         /* another writer held the database too long */
} MaStoreError;

GQuark ma_store_error_quark (void);

typedef enum {
  MA_SAVE_ADDED,
  MA_SAVE_UPDATED,
  MA_SAVE_IDENTICAL,   /* nothing changed */
} MaSaveOutcome;

typedef enum {
  MA_GROUP_EMPLOYEE,
  MA_GROUP_BRANCH,
  MA_GROUP_REGION,
  MA_GROUP_CHAIN,      /* all audits: one group with key "" */
} MaGroupBy;

typedef enum {
  MA_PART_OVERALL,     /* the audit score */
  MA_PART_SECTION,     /* per section key */
  MA_PART_COMPONENT,   /* per pay component key */
} MaPartKind;

/* One audit in a list, with what lists and drill-downs show. */
typedef struct {
  char          *uuid;
  char          *visited_at;
  char          *period;
  char          *branch;
  char          *employee;          /* NULL when not identified */
  char          *auditor;
  char          *channel;
  char          *template_key;
  gint64         template_version;
  MaAuditStatus  status;
  double         score;             /* NAN when not assessed */
  char          *critical_failure;  /* NULL when none */
  char          *modified;
  gboolean       exported;          /* already sent in a bundle */
} MaAuditSummary;

/* An approved audit behind a bonus statement. */
typedef struct {
  char   *employee;
  char   *uuid;
  char   *template_key;
  gint64  template_version;
} MaAuditRef;

typedef struct {
  guint          status_mask;       /* 1 << MaAuditStatus; 0 = all */
  const char    *period_from;       /* "YYYY-MM", inclusive; NULL = open */
  const char    *period_to;
  const char    *branch;            /* NULL = all */
  const char    *employee;
  const char    *modified_since;    /* ISO 8601 or date; NULL = all */
  const char    *search;            /* substring of uuid, auditor, scenario; NULL = all */
  guint          offset;
  guint          limit;             /* 0 = no limit */
} MaAuditFilter;

/* The mean of per-audit scores of approved audits in a group (scoring.md 5). */
typedef struct {
  char  *group;    /* employee, branch or region code; "" for the chain */
  char  *part;     /* section or component key; NULL for the overall score */
  double mean;
  gint64 n;        /* audits behind the mean */
} MaAggregateRow;

/* Service-level standard results (scoring.md 5a). */
typedef struct {
  char  *group;
  char  *question;
  double share;    /* the promised share */
  gint64 passed;   /* audits where the question's fraction was 1 */
  gint64 n;        /* audits where it was answered (not N/A) */
} MaStandardRow;

/* How often a question failed (ma_store_aggregate_question_failures). */
typedef struct {
  char  *group;         /* as MaAggregateRow.group */
  char  *template_key;  /* question keys are unique within a template only */
  char  *question;
  gint64 failed;        /* audits where the answer's own fraction was below 1 */
  gint64 n;             /* audits where the question was scored (not N/A) */
} MaQuestionFailureRow;

/* The mean audit score of a group in one month (ma_store_aggregate_monthly_scores). */
typedef struct {
  char  *group;
  char  *period;        /* "YYYY-MM" */
  double mean;
  gint64 n;
} MaPeriodScoreRow;

typedef struct {
  char *at;        /* ISO 8601 UTC */
  char *who;
  char *action;    /* "created", "submitted", "approved", "edited", "returned", "voided", "imported"... */
  char *detail;    /* what changed or why; may be NULL */
} MaLogEntry;

typedef struct {
  char *period;
  char *closed_at;
  char *closed_by;
  char *snapshot;  /* the frozen statements, as JSON (ma-bonus owns the shape) */
} MaPeriodClose;

/* A period whose close has begun and is not confirmed or cancelled yet. */
typedef struct {
  char *period;
  char *who;
  char *since;     /* ISO 8601 UTC */
} MaPeriodClosing;

/* An employee's dispute of an audit, recorded by HR (ma_store_open_dispute). */
typedef enum {
  MA_DISPUTE_OPEN,
  MA_DISPUTE_UPHELD,    /* the audit was voided with the dispute's note as the reason */
  MA_DISPUTE_REJECTED,  /* the audit stands; the answer is in resolution_note */
} MaDisputeState;

typedef struct {
  gint64          id;
  char           *audit;            /* uuid */
  char           *period;           /* the audit's visit month */
  char           *branch;
  char           *employee;         /* NULL when the audit names nobody */
  char           *opened_at;        /* ISO 8601 UTC */
  char           *opened_by;
  char           *note;
  MaDisputeState  state;
  char           *resolved_at;      /* NULL while open */
  char           *resolved_by;
  char           *resolution_note;
} MaDispute;

/* A training date of a branch or of an employee (exactly one of the two). */
typedef struct {
  gint64  id;
  char   *date;                     /* "YYYY-MM-DD" */
  char   *branch;                   /* branch code, or NULL */
  char   *employee;                 /* employee code, or NULL */
  char   *note;
  /* Filled when listed, ignored when added: where the mark applies on a
   * chart of branches or regions (the branch itself, or the employee's). */
  char   *home_branch;              /* branch code */
  char   *home_region;              /* region code of that branch */
} MaTrainingMark;

/* An auditor against the others (ma_store_aggregate_auditor_calibration). */
typedef struct {
  char   *auditor;
  gint64  audits;                   /* all their approved, assessed audits in the range */
  double  own_mean;                 /* their mean score where others audited too; NAN when own_n = 0 */
  gint64  own_n;
  double  others_mean;              /* the other auditors' mean in the same cells; NAN when others_n = 0 */
  gint64  others_n;
} MaCalibrationRow;

const char *ma_dispute_state_to_string (MaDisputeState state);

void ma_dispute_free         (MaDispute *self);
void ma_training_mark_free   (MaTrainingMark *self);
void ma_calibration_row_free (MaCalibrationRow *self);
void ma_audit_summary_free  (MaAuditSummary *self);
void ma_aggregate_row_free  (MaAggregateRow *self);
void ma_audit_ref_free      (MaAuditRef *self);
void ma_standard_row_free   (MaStandardRow *self);
void ma_log_entry_free      (MaLogEntry *self);
void ma_period_close_free   (MaPeriodClose *self);
void ma_period_closing_free (MaPeriodClosing *self);
void ma_question_failure_row_free (MaQuestionFailureRow *self);
void ma_period_score_row_free     (MaPeriodScoreRow *self);

#define MA_TYPE_STORE (ma_store_get_type ())
G_DECLARE_INTERFACE (MaStore, ma_store, MA, STORE, GObject)

struct _MaStoreInterface
{
  GTypeInterface parent_iface;

  gboolean        (*begin)            (MaStore *self, GError **error);
  gboolean        (*commit)           (MaStore *self, GError **error);
  void            (*rollback)         (MaStore *self);
  gboolean        (*is_read_only)     (MaStore *self);
  gboolean        (*is_empty)         (MaStore *self, gboolean *empty, GError **error);
  gboolean        (*check)            (MaStore *self, GPtrArray *problems, GError **error);

  gboolean        (*save_region)      (MaStore *self, const MaRegion *region, MaSaveOutcome *outcome, GError **error);
  gboolean        (*save_branch)      (MaStore *self, const MaBranch *branch, MaSaveOutcome *outcome, GError **error);
  gboolean        (*save_employee)    (MaStore *self, const MaEmployee *employee, MaSaveOutcome *outcome, GError **error);
  GPtrArray      *(*list_regions)     (MaStore *self, GError **error);
  GPtrArray      *(*list_branches)    (MaStore *self, GError **error);
  GPtrArray      *(*list_employees)   (MaStore *self, GError **error);

  gboolean        (*save_template)    (MaStore *self, const MaTemplate *template, MaSaveOutcome *outcome, GError **error);
  MaTemplate     *(*get_template)     (MaStore *self, const char *key, gint64 version, GError **error);
  GPtrArray      *(*list_templates)   (MaStore *self, GError **error);

  gboolean        (*save_scheme)      (MaStore *self, const MaScheme *scheme, MaSaveOutcome *outcome, GError **error);
  MaScheme       *(*get_scheme)       (MaStore *self, const char *key, gint64 version, GError **error);
  GPtrArray      *(*list_schemes)     (MaStore *self, GError **error);

  gboolean        (*save_kpi)         (MaStore *self, const MaKpi *kpi, MaSaveOutcome *outcome, GError **error);
  GPtrArray      *(*list_kpis)        (MaStore *self, const char *period, GError **error);

  gboolean        (*save_audit)       (MaStore *self, const MaAudit *audit, const char *who, const char *why,
                                       MaSaveOutcome *outcome, GError **error);
  MaAudit        *(*get_audit)        (MaStore *self, const char *uuid, GError **error);
  gboolean        (*set_audit_status) (MaStore *self, const char *uuid, MaAuditStatus status,
                                       const char *who, const char *reason, GError **error);
  GPtrArray      *(*list_audits)      (MaStore *self, const MaAuditFilter *filter, GError **error);
  gboolean        (*count_audits)     (MaStore *self, const MaAuditFilter *filter, guint *count, GError **error);
  GPtrArray      *(*list_audit_refs)  (MaStore *self, const char *period, GError **error);
  GPtrArray      *(*list_audit_log)   (MaStore *self, const char *uuid, GError **error);
  gboolean        (*mark_exported)    (MaStore *self, const char * const *uuids, const char *bundle_sha256, GError **error);

  GPtrArray      *(*aggregate_scores)    (MaStore *self, MaGroupBy group_by, MaPartKind part,
                                          const char *period_from, const char *period_to, GError **error);
  GPtrArray      *(*aggregate_standards) (MaStore *self, MaGroupBy group_by,
                                          const char *period_from, const char *period_to, GError **error);

  MaPeriodClose  *(*get_period_close)  (MaStore *self, const char *period, GError **error);
  MaPeriodClose  *(*get_last_close_before) (MaStore *self, const char *period, GError **error);
  gboolean        (*close_period)      (MaStore *self, const char *period, const char *snapshot,
                                        const char *who, GError **error);
  gboolean        (*reopen_period)     (MaStore *self, const char *period, const char *who,
                                        const char *reason, GError **error);
  GPtrArray      *(*list_period_log)   (MaStore *self, const char *period, GError **error);

  gboolean        (*add_import_log)    (MaStore *self, const char *file_name, const char *sha256,
                                        const char *outcome, const char *message, GError **error);
  GPtrArray      *(*list_import_log)   (MaStore *self, GError **error);

  gboolean        (*set_period_closing)   (MaStore *self, const char *period, const char *who,
                                           const char *since, GError **error);
  gboolean        (*clear_period_closing) (MaStore *self, const char *period, GError **error);
  GPtrArray      *(*list_period_closing)  (MaStore *self, GError **error);
  GPtrArray      *(*aggregate_question_failures) (MaStore *self, MaGroupBy group_by,
                                                  const char *period_from, const char *period_to,
                                                  GError **error);
  GPtrArray      *(*aggregate_monthly_scores)    (MaStore *self, MaGroupBy group_by,
                                                  const char *period_from, const char *period_to,
                                                  GError **error);

  gboolean        (*open_dispute)      (MaStore *self, const char *uuid, const char *who,
                                        const char *note, GError **error);
  gboolean        (*resolve_dispute)   (MaStore *self, const char *uuid, gboolean upheld,
                                        const char *who, const char *note, GError **error);
  GPtrArray      *(*list_disputes)     (MaStore *self, const char *period, gboolean open_only,
                                        GError **error);
  gboolean        (*add_training_mark) (MaStore *self, const MaTrainingMark *mark, gint64 *id,
                                        GError **error);
  GPtrArray      *(*list_training_marks) (MaStore *self, const char *branch, const char *employee,
                                          const char *date_from, const char *date_to,
                                          GError **error);
  GPtrArray      *(*aggregate_auditor_calibration) (MaStore *self, const char *period_from,
                                                    const char *period_to, GError **error);
  gboolean        (*remove_training_mark) (MaStore *self, gint64 id, GError **error);
  /* Optional: the months with audits, newest first (see
   * ma_audit_list_model_list_periods(), which falls back on counting). */
  GPtrArray      *(*list_periods)     (MaStore *self, GError **error);
};

gboolean        ma_store_begin            (MaStore *self, GError **error);
gboolean        ma_store_commit           (MaStore *self, GError **error);
void            ma_store_rollback         (MaStore *self);
gboolean        ma_store_is_read_only     (MaStore *self);
/* Whether the store holds no directory, templates or audits yet. */
gboolean        ma_store_is_empty         (MaStore *self, gboolean *empty, GError **error);
/* Integrity and consistency checks; adds a string per problem found. */
gboolean        ma_store_check            (MaStore *self, GPtrArray *problems, GError **error);

/* Directory: insert or update by code; a branch's region and an employee's
 * branch must exist. Lists are of MaRegion, MaBranch, MaEmployee by code. */
gboolean        ma_store_save_region      (MaStore *self, const MaRegion *region, MaSaveOutcome *outcome, GError **error);
gboolean        ma_store_save_branch      (MaStore *self, const MaBranch *branch, MaSaveOutcome *outcome, GError **error);
gboolean        ma_store_save_employee    (MaStore *self, const MaEmployee *employee, MaSaveOutcome *outcome, GError **error);
GPtrArray      *ma_store_list_regions     (MaStore *self, GError **error);
GPtrArray      *ma_store_list_branches    (MaStore *self, GError **error);
GPtrArray      *ma_store_list_employees   (MaStore *self, GError **error);

/* Templates: a new key + version is added; the same content is IDENTICAL;
 * different content for a published version is MA_STORE_ERROR_IMMUTABLE; a
 * draft is updated. Lists are of MaTemplate by key, version. */
gboolean        ma_store_save_template    (MaStore *self, const MaTemplate *template, MaSaveOutcome *outcome, GError **error);
MaTemplate     *ma_store_get_template     (MaStore *self, const char *key, gint64 version, GError **error);
GPtrArray      *ma_store_list_templates   (MaStore *self, GError **error);

/* Schemes: versions are immutable like templates. */
gboolean        ma_store_save_scheme      (MaStore *self, const MaScheme *scheme, MaSaveOutcome *outcome, GError **error);
MaScheme       *ma_store_get_scheme       (MaStore *self, const char *key, gint64 version, GError **error);
GPtrArray      *ma_store_list_schemes     (MaStore *self, GError **error);

/* KPI figures: insert or update by employee + period + component. */
gboolean        ma_store_save_kpi         (MaStore *self, const MaKpi *kpi, MaSaveOutcome *outcome, GError **error);
GPtrArray      *ma_store_list_kpis        (MaStore *self, const char *period, GError **error);

/* Audits: insert or replace by uuid. The audit must pass ma_audit_check()
 * against its template, which must be in the store. The score and the
 * per-section, per-component and per-question results are computed and
 * stored with it. A change to an audit that was submitted, and every status
 * change, is written to the audit log with @who and @why. An approved or
 * voided audit is never replaced (MA_STORE_ERROR_CONFLICT). */
gboolean        ma_store_save_audit       (MaStore *self, const MaAudit *audit, const char *who, const char *why,
                                           MaSaveOutcome *outcome, GError **error);
MaAudit        *ma_store_get_audit        (MaStore *self, const char *uuid, GError **error);
/* Moves an audit along its life cycle (ma_audit_status_can_change()).
 * Voiding and returning to the auditor need a @reason. */
gboolean        ma_store_set_audit_status (MaStore *self, const char *uuid, MaAuditStatus status,
                                           const char *who, const char *reason, GError **error);
/* Of MaAuditSummary, newest visit first. */
GPtrArray      *ma_store_list_audits      (MaStore *self, const MaAuditFilter *filter, GError **error);
gboolean        ma_store_count_audits     (MaStore *self, const MaAuditFilter *filter, guint *count, GError **error);
/* The approved audits of the month @period that name an employee, as
 * MaAuditRef, in no particular order: the audits a bonus statement rests
 * on, without the columns a list shows. */
GPtrArray      *ma_store_list_audit_refs  (MaStore *self, const char *period, GError **error);
/* Of MaLogEntry, oldest first. */
GPtrArray      *ma_store_list_audit_log   (MaStore *self, const char *uuid, GError **error);
gboolean        ma_store_mark_exported    (MaStore *self, const char * const *uuids, const char *bundle_sha256, GError **error);

/* Rollups over approved audits whose visit month is in [from, to]
 * (scoring.md 5): of MaAggregateRow, by group then part. Audits without an
 * identified employee are left out of MA_GROUP_EMPLOYEE. */
GPtrArray      *ma_store_aggregate_scores    (MaStore *self, MaGroupBy group_by, MaPartKind part,
                                              const char *period_from, const char *period_to, GError **error);
/* Of MaStandardRow, by group then question. */
GPtrArray      *ma_store_aggregate_standards (MaStore *self, MaGroupBy group_by,
                                              const char *period_from, const char *period_to, GError **error);

/* Of MaQuestionFailureRow, by group, template key and question: for each
 * question of the approved audits in [from, to], how many audits scored it
 * (answered, not N/A) and in how many its answer earned less than its full
 * weight (the answer's own fraction, before critical rules). The "most
 * failed standards" of the comparison. */
GPtrArray      *ma_store_aggregate_question_failures (MaStore *self, MaGroupBy group_by,
                                                      const char *period_from, const char *period_to,
                                                      GError **error);
/* Of MaPeriodScoreRow, by group then period: the mean audit score of each
 * group in each visit month of [from, to], months without assessed
 * audits left out. The trend chart, in one query instead of one per month. */
GPtrArray      *ma_store_aggregate_monthly_scores    (MaStore *self, MaGroupBy group_by,
                                                      const char *period_from, const char *period_to,
                                                      GError **error);

/* Period closes (scoring.md 7). NULL without error when not closed. */
MaPeriodClose  *ma_store_get_period_close      (MaStore *self, const char *period, GError **error);
/* The latest closed period before @period, or NULL without error. */
MaPeriodClose  *ma_store_get_last_close_before (MaStore *self, const char *period, GError **error);
gboolean        ma_store_close_period          (MaStore *self, const char *period, const char *snapshot,
                                                const char *who, GError **error);
gboolean        ma_store_reopen_period         (MaStore *self, const char *period, const char *who,
                                                const char *reason, GError **error);
/* Of MaLogEntry: closes and reopens of @period (NULL: all periods, with the
 * period in the detail). */
GPtrArray      *ma_store_list_period_log       (MaStore *self, const char *period, GError **error);

/* Every import attempt, accepted or refused, with its file's sha256. */
gboolean        ma_store_add_import_log   (MaStore *self, const char *file_name, const char *sha256,
                                           const char *outcome, const char *message, GError **error);
/* Of MaLogEntry: at, who = file name, action = outcome, detail = sha256 and message. */
GPtrArray      *ma_store_list_import_log  (MaStore *self, GError **error);

/* Periods being closed (ma-bonus.h has the rules: who may, and when a
 * marker is stale). Setting replaces the marker of @period; @since is ISO
 * 8601 (NULL: now). Closing the period in the store clears its marker in
 * the same transaction. Clearing a period without a marker does nothing.
 * The list is of MaPeriodClosing, by period. */
gboolean        ma_store_set_period_closing   (MaStore *self, const char *period, const char *who,
                                               const char *since, GError **error);
gboolean        ma_store_clear_period_closing (MaStore *self, const char *period, GError **error);
GPtrArray      *ma_store_list_period_closing  (MaStore *self, GError **error);

/* Disputes. An employee disputes an approved audit; HR records it with
 * @note (required) and later resolves it with an answer (required). At most
 * one dispute of an audit is open at a time; a voided audit cannot be
 * disputed. Upholding voids the audit, with the dispute's note as the
 * reason, in the same transaction; rejecting leaves it as it is. */
gboolean        ma_store_open_dispute     (MaStore *self, const char *uuid, const char *who,
                                           const char *note, GError **error);
gboolean        ma_store_resolve_dispute  (MaStore *self, const char *uuid, gboolean upheld,
                                           const char *who, const char *note, GError **error);
/* Of MaDispute, oldest first: of audits visited in @period (NULL: all),
 * only the open ones when @open_only. */
GPtrArray      *ma_store_list_disputes    (MaStore *self, const char *period, gboolean open_only,
                                           GError **error);

/* Training marks: @mark names a branch or an employee (not both) that
 * exists, a valid date and optionally a note; @id (may be NULL) gets the new
 * mark's id. */
gboolean        ma_store_add_training_mark   (MaStore *self, const MaTrainingMark *mark, gint64 *id,
                                              GError **error);
/* Of MaTrainingMark by date: of @branch (its own marks, not its employees')
 * or of @employee, or all when both are NULL; dates in [from, to], either
 * end NULL for open. */
GPtrArray      *ma_store_list_training_marks (MaStore *self, const char *branch, const char *employee,
                                              const char *date_from, const char *date_to,
                                              GError **error);
/* Removes training mark @id; NOT_FOUND when there is none. */
gboolean        ma_store_remove_training_mark (MaStore *self, gint64 id, GError **error);
/* The months (YYYY-MM) in which audits were made, newest first, of char*;
 * NULL with G_IO_ERROR_NOT_SUPPORTED from a store that cannot say. */
GPtrArray      *ma_store_list_periods     (MaStore *self, GError **error);

/* Of MaCalibrationRow by auditor, over approved assessed audits visited in
 * [from, to]: a "cell" is a branch in a month. For each auditor, their mean
 * score over the cells where another auditor also audited, against the
 * mean of the other auditors' audits of those same cells, with n for both
 * (like for like: a branch only this auditor visited says nothing about
 * leniency). ma_calibration_verdict() (ma-fairness.h) applies the flag. */
GPtrArray      *ma_store_aggregate_auditor_calibration (MaStore *self, const char *period_from,
                                                        const char *period_to, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaDispute, ma_dispute_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaTrainingMark, ma_training_mark_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaCalibrationRow, ma_calibration_row_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaAuditSummary, ma_audit_summary_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaAggregateRow, ma_aggregate_row_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaAuditRef, ma_audit_ref_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaStandardRow, ma_standard_row_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaLogEntry, ma_log_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaPeriodClose, ma_period_close_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaPeriodClosing, ma_period_closing_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaQuestionFailureRow, ma_question_failure_row_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaPeriodScoreRow, ma_period_score_row_free)

G_END_DECLS
