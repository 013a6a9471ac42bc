/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ma-store.h"

G_DEFINE_QUARK (ma-store-error-quark, ma_store_error)

G_DEFINE_INTERFACE (MaStore, ma_store, G_TYPE_OBJECT)

static void
ma_store_default_init (MaStoreInterface *iface)
{
}

void
ma_audit_summary_free (MaAuditSummary *self)
{
  if (self == NULL)
    return;
  g_free (self->uuid);
  g_free (self->visited_at);
  g_free (self->period);
  g_free (self->branch);
  g_free (self->employee);
  g_free (self->auditor);
  g_free (self->channel);
  g_free (self->template_key);
  g_free (self->critical_failure);
  g_free (self->modified);
  g_free (self);
}

void
ma_aggregate_row_free (MaAggregateRow *self)
{
  if (self == NULL)
    return;
  g_free (self->group);
  g_free (self->part);
  g_free (self);
}

void
ma_audit_ref_free (MaAuditRef *self)
{
  if (self == NULL)
    return;
  g_free (self->employee);
  g_free (self->uuid);
  g_free (self->template_key);
  g_free (self);
}

void
ma_standard_row_free (MaStandardRow *self)
{
  if (self == NULL)
    return;
  g_free (self->group);
  g_free (self->question);
  g_free (self);
}

void
ma_log_entry_free (MaLogEntry *self)
{
  if (self == NULL)
    return;
  g_free (self->at);
  g_free (self->who);
  g_free (self->action);
  g_free (self->detail);
  g_free (self);
}

void
ma_period_close_free (MaPeriodClose *self)
{
  if (self == NULL)
    return;
  g_free (self->period);
  g_free (self->closed_at);
  g_free (self->closed_by);
  g_free (self->snapshot);
  g_free (self);
}

void
ma_period_closing_free (MaPeriodClosing *self)
{
  if (self == NULL)
    return;
  g_free (self->period);
  g_free (self->who);
  g_free (self->since);
  g_free (self);
}

gboolean
ma_store_begin (MaStore *self,
                GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return MA_STORE_GET_IFACE (self)->begin (self, error);
}

gboolean
ma_store_commit (MaStore *self,
                 GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return MA_STORE_GET_IFACE (self)->commit (self, error);
}

void
ma_store_rollback (MaStore *self)
{
  g_return_if_fail (MA_IS_STORE (self));

  MA_STORE_GET_IFACE (self)->rollback (self);
}

gboolean
ma_store_is_read_only (MaStore *self)
{
  g_return_val_if_fail (MA_IS_STORE (self), FALSE);

  return MA_STORE_GET_IFACE (self)->is_read_only (self);
}

gboolean
ma_store_is_empty (MaStore *self,
                   gboolean *empty,
                   GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return MA_STORE_GET_IFACE (self)->is_empty (self, empty, error);
}

gboolean
ma_store_check (MaStore *self,
                GPtrArray *problems,
                GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return MA_STORE_GET_IFACE (self)->check (self, problems, error);
}

gboolean
ma_store_save_region (MaStore *self,
                      const MaRegion *region,
                      MaSaveOutcome *outcome,
                      GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return MA_STORE_GET_IFACE (self)->save_region (self, region, outcome, error);
}

gboolean
ma_store_save_branch (MaStore *self,
                      const MaBranch *branch,
                      MaSaveOutcome *outcome,
                      GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return MA_STORE_GET_IFACE (self)->save_branch (self, branch, outcome, error);
}

gboolean
ma_store_save_employee (MaStore *self,
                        const MaEmployee *employee,
                        MaSaveOutcome *outcome,
                        GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return MA_STORE_GET_IFACE (self)->save_employee (self, employee, outcome, error);
}

GPtrArray *
ma_store_list_regions (MaStore *self,
                       GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return MA_STORE_GET_IFACE (self)->list_regions (self, error);
}

GPtrArray *
ma_store_list_branches (MaStore *self,
                        GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return MA_STORE_GET_IFACE (self)->list_branches (self, error);
}

GPtrArray *
ma_store_list_employees (MaStore *self,
                         GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return MA_STORE_GET_IFACE (self)->list_employees (self, error);
}

gboolean
ma_store_save_template (MaStore *self,
                        const MaTemplate *template,
                        MaSaveOutcome *outcome,
                        GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return MA_STORE_GET_IFACE (self)->save_template (self, template, outcome, error);
}

MaTemplate *
ma_store_get_template (MaStore *self,
                       const char *key,
                       gint64 version,
                       GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return MA_STORE_GET_IFACE (self)->get_template (self, key, version, error);
}

GPtrArray *
ma_store_list_templates (MaStore *self,
                         GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return MA_STORE_GET_IFACE (self)->list_templates (self, error);
}

gboolean
ma_store_save_scheme (MaStore *self,
                      const MaScheme *scheme,
                      MaSaveOutcome *outcome,
                      GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return MA_STORE_GET_IFACE (self)->save_scheme (self, scheme, outcome, error);
}

MaScheme *
ma_store_get_scheme (MaStore *self,
                     const char *key,
                     gint64 version,
                     GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return MA_STORE_GET_IFACE (self)->get_scheme (self, key, version, error);
}

GPtrArray *
ma_store_list_schemes (MaStore *self,
                       GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return MA_STORE_GET_IFACE (self)->list_schemes (self, error);
}

gboolean
ma_store_save_kpi (MaStore *self,
                   const MaKpi *kpi,
                   MaSaveOutcome *outcome,
                   GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return MA_STORE_GET_IFACE (self)->save_kpi (self, kpi, outcome, error);
}

GPtrArray *
ma_store_list_kpis (MaStore *self,
                    const char *period,
                    GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return MA_STORE_GET_IFACE (self)->list_kpis (self, period, error);
}

gboolean
ma_store_save_audit (MaStore *self,
                     const MaAudit *audit,
                     const char *who,
                     const char *why,
                     MaSaveOutcome *outcome,
                     GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return MA_STORE_GET_IFACE (self)->save_audit (self, audit, who, why, outcome, error);
}

MaAudit *
ma_store_get_audit (MaStore *self,
                    const char *uuid,
                    GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return MA_STORE_GET_IFACE (self)->get_audit (self, uuid, error);
}

gboolean
ma_store_set_audit_status (MaStore *self,
                           const char *uuid,
                           MaAuditStatus status,
                           const char *who,
                           const char *reason,
                           GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return MA_STORE_GET_IFACE (self)->set_audit_status (self, uuid, status, who, reason, error);
}

GPtrArray *
ma_store_list_audits (MaStore *self,
                      const MaAuditFilter *filter,
                      GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return MA_STORE_GET_IFACE (self)->list_audits (self, filter, error);
}

GPtrArray *
ma_store_list_periods (MaStore  *self,
                       GError  **error)
{
  MaStoreInterface *iface;

  g_return_val_if_fail (MA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = MA_STORE_GET_IFACE (self);
  if (iface->list_periods == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("This store cannot list the months of its audits"));
      return NULL;
    }
  return iface->list_periods (self, error);
}

GPtrArray *
ma_store_list_audit_refs (MaStore     *self,
                          const char  *period,
                          GError     **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), NULL);
  g_return_val_if_fail (period != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return MA_STORE_GET_IFACE (self)->list_audit_refs (self, period, error);
}

gboolean
ma_store_count_audits (MaStore *self,
                       const MaAuditFilter *filter,
                       guint *count,
                       GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return MA_STORE_GET_IFACE (self)->count_audits (self, filter, count, error);
}

GPtrArray *
ma_store_list_audit_log (MaStore *self,
                         const char *uuid,
                         GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return MA_STORE_GET_IFACE (self)->list_audit_log (self, uuid, error);
}

gboolean
ma_store_mark_exported (MaStore *self,
                        const char * const *uuids,
                        const char *bundle_sha256,
                        GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return MA_STORE_GET_IFACE (self)->mark_exported (self, uuids, bundle_sha256, error);
}

GPtrArray *
ma_store_aggregate_scores (MaStore *self,
                           MaGroupBy group_by,
                           MaPartKind part,
                           const char *period_from,
                           const char *period_to,
                           GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return MA_STORE_GET_IFACE (self)->aggregate_scores (self, group_by, part, period_from, period_to, error);
}

GPtrArray *
ma_store_aggregate_standards (MaStore *self,
                              MaGroupBy group_by,
                              const char *period_from,
                              const char *period_to,
                              GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return MA_STORE_GET_IFACE (self)->aggregate_standards (self, group_by, period_from, period_to, error);
}

MaPeriodClose *
ma_store_get_period_close (MaStore *self,
                           const char *period,
                           GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return MA_STORE_GET_IFACE (self)->get_period_close (self, period, error);
}

MaPeriodClose *
ma_store_get_last_close_before (MaStore *self,
                                const char *period,
                                GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return MA_STORE_GET_IFACE (self)->get_last_close_before (self, period, error);
}

gboolean
ma_store_close_period (MaStore *self,
                       const char *period,
                       const char *snapshot,
                       const char *who,
                       GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return MA_STORE_GET_IFACE (self)->close_period (self, period, snapshot, who, error);
}

gboolean
ma_store_reopen_period (MaStore *self,
                        const char *period,
                        const char *who,
                        const char *reason,
                        GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return MA_STORE_GET_IFACE (self)->reopen_period (self, period, who, reason, error);
}

GPtrArray *
ma_store_list_period_log (MaStore *self,
                          const char *period,
                          GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return MA_STORE_GET_IFACE (self)->list_period_log (self, period, error);
}

gboolean
ma_store_add_import_log (MaStore *self,
                         const char *file_name,
                         const char *sha256,
                         const char *outcome,
                         const char *message,
                         GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return MA_STORE_GET_IFACE (self)->add_import_log (self, file_name, sha256, outcome, message, error);
}

GPtrArray *
ma_store_list_import_log (MaStore *self,
                          GError **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return MA_STORE_GET_IFACE (self)->list_import_log (self, error);
}

gboolean
ma_store_set_period_closing (MaStore     *self,
                             const char  *period,
                             const char  *who,
                             const char  *since,
                             GError     **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), FALSE);
  g_return_val_if_fail (period != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return MA_STORE_GET_IFACE (self)->set_period_closing (self, period, who, since, error);
}

gboolean
ma_store_clear_period_closing (MaStore     *self,
                               const char  *period,
                               GError     **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), FALSE);
  g_return_val_if_fail (period != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return MA_STORE_GET_IFACE (self)->clear_period_closing (self, period, error);
}

GPtrArray *
ma_store_list_period_closing (MaStore  *self,
                              GError  **error)
{
  g_return_val_if_fail (MA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return MA_STORE_GET_IFACE (self)->list_period_closing (self, error);
}

void
ma_question_failure_row_free (MaQuestionFailureRow *self)
{
  if (self == NULL)
    return;
  g_free (self->group);
  g_free (self->template_key);
  g_free (self->question);
  g_free (self);
}

void
ma_period_score_row_free (MaPeriodScoreRow *self)
{
  if (self == NULL)
    return;
  g_free (self->group);
  g_free (self->period);
  g_free (self);
}

static GPtrArray *
not_supported (MaStore     *self,
               const char  *what,
               GError     **error)
{
  g_set_error (error, MA_STORE_ERROR, MA_STORE_ERROR_BACKEND,
               _("%s: this store cannot compute %s"), G_OBJECT_TYPE_NAME (self), what);
  return NULL;
}

GPtrArray *
ma_store_aggregate_question_failures (MaStore     *self,
                                      MaGroupBy    group_by,
                                      const char  *period_from,
                                      const char  *period_to,
                                      GError     **error)
{
  MaStoreInterface *iface;

  g_return_val_if_fail (MA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = MA_STORE_GET_IFACE (self);
  if (iface->aggregate_question_failures == NULL)
    return not_supported (self, _("question failures"), error);
  return iface->aggregate_question_failures (self, group_by, period_from, period_to, error);
}

GPtrArray *
ma_store_aggregate_monthly_scores (MaStore     *self,
                                   MaGroupBy    group_by,
                                   const char  *period_from,
                                   const char  *period_to,
                                   GError     **error)
{
  MaStoreInterface *iface;

  g_return_val_if_fail (MA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = MA_STORE_GET_IFACE (self);
  if (iface->aggregate_monthly_scores == NULL)
    return not_supported (self, _("monthly scores"), error);
  return iface->aggregate_monthly_scores (self, group_by, period_from, period_to, error);
}

const char *
ma_dispute_state_to_string (MaDisputeState state)
{
  switch (state)
    {
    case MA_DISPUTE_OPEN:
      return "open";
    case MA_DISPUTE_UPHELD:
      return "upheld";
    case MA_DISPUTE_REJECTED:
      return "rejected";
    default:
      return "unknown";
    }
}

void
ma_dispute_free (MaDispute *self)
{
  if (self == NULL)
    return;
  g_free (self->audit);
  g_free (self->period);
  g_free (self->branch);
  g_free (self->employee);
  g_free (self->opened_at);
  g_free (self->opened_by);
  g_free (self->note);
  g_free (self->resolved_at);
  g_free (self->resolved_by);
  g_free (self->resolution_note);
  g_free (self);
}

void
ma_training_mark_free (MaTrainingMark *self)
{
  if (self == NULL)
    return;
  g_free (self->date);
  g_free (self->branch);
  g_free (self->employee);
  g_free (self->note);
  g_free (self->home_branch);
  g_free (self->home_region);
  g_free (self);
}

void
ma_calibration_row_free (MaCalibrationRow *self)
{
  if (self == NULL)
    return;
  g_free (self->auditor);
  g_free (self);
}

static gboolean
write_not_supported (MaStore     *self,
                     const char  *what,
                     GError     **error)
{
  g_set_error (error, MA_STORE_ERROR, MA_STORE_ERROR_BACKEND,
               _("%s: this store cannot record %s"), G_OBJECT_TYPE_NAME (self), what);
  return FALSE;
}

gboolean
ma_store_open_dispute (MaStore     *self,
                       const char  *uuid,
                       const char  *who,
                       const char  *note,
                       GError     **error)
{
  MaStoreInterface *iface;

  g_return_val_if_fail (MA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = MA_STORE_GET_IFACE (self);
  if (iface->open_dispute == NULL)
    return write_not_supported (self, _("disputes"), error);
  return iface->open_dispute (self, uuid, who, note, error);
}

gboolean
ma_store_resolve_dispute (MaStore     *self,
                          const char  *uuid,
                          gboolean     upheld,
                          const char  *who,
                          const char  *note,
                          GError     **error)
{
  MaStoreInterface *iface;

  g_return_val_if_fail (MA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = MA_STORE_GET_IFACE (self);
  if (iface->resolve_dispute == NULL)
    return write_not_supported (self, _("disputes"), error);
  return iface->resolve_dispute (self, uuid, upheld, who, note, error);
}

GPtrArray *
ma_store_list_disputes (MaStore     *self,
                        const char  *period,
                        gboolean     open_only,
                        GError     **error)
{
  MaStoreInterface *iface;

  g_return_val_if_fail (MA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = MA_STORE_GET_IFACE (self);
  if (iface->list_disputes == NULL)
    return not_supported (self, _("disputes"), error);
  return iface->list_disputes (self, period, open_only, error);
}

gboolean
ma_store_add_training_mark (MaStore               *self,
                            const MaTrainingMark  *mark,
                            gint64                *id,
                            GError               **error)
{
  MaStoreInterface *iface;

  g_return_val_if_fail (MA_IS_STORE (self), FALSE);
  g_return_val_if_fail (mark != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = MA_STORE_GET_IFACE (self);
  if (iface->add_training_mark == NULL)
    return write_not_supported (self, _("training marks"), error);
  return iface->add_training_mark (self, mark, id, error);
}

GPtrArray *
ma_store_list_training_marks (MaStore     *self,
                              const char  *branch,
                              const char  *employee,
                              const char  *date_from,
                              const char  *date_to,
                              GError     **error)
{
  MaStoreInterface *iface;

  g_return_val_if_fail (MA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = MA_STORE_GET_IFACE (self);
  if (iface->list_training_marks == NULL)
    return not_supported (self, _("training marks"), error);
  return iface->list_training_marks (self, branch, employee, date_from, date_to, error);
}

gboolean
ma_store_remove_training_mark (MaStore  *self,
                               gint64    id,
                               GError  **error)
{
  MaStoreInterface *iface;

  g_return_val_if_fail (MA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = MA_STORE_GET_IFACE (self);
  if (iface->remove_training_mark == NULL)
    return write_not_supported (self, _("training marks"), error);
  return iface->remove_training_mark (self, id, error);
}

GPtrArray *
ma_store_aggregate_auditor_calibration (MaStore     *self,
                                        const char  *period_from,
                                        const char  *period_to,
                                        GError     **error)
{
  MaStoreInterface *iface;

  g_return_val_if_fail (MA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = MA_STORE_GET_IFACE (self);
  if (iface->aggregate_auditor_calibration == NULL)
    return not_supported (self, _("auditor calibration"), error);
  return iface->aggregate_auditor_calibration (self, period_from, period_to, error);
}
