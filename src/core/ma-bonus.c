/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "ma-bonus.h"
#include "ma-json-read.h"
#include "ma-money.h"

G_DEFINE_QUARK (ma-bonus-error-quark, ma_bonus_error)

#define SNAPSHOT_FORMAT "mystery-audit-bonus-snapshot"
#define SNAPSHOT_VERSION 1

/* ---- Types ------------------------------------------------------------ */

static void
bonus_component_free (MaBonusComponent *self)
{
  if (self == NULL)
    return;
  g_free (self->key);
  g_free (self->label);
  g_free (self->formula);
  g_free (self);
}

static void
bonus_audit_ref_free (MaBonusAuditRef *self)
{
  if (self == NULL)
    return;
  g_free (self->uuid);
  g_free (self->template_key);
  g_free (self);
}

static MaBonusRow *
bonus_row_new (void)
{
  MaBonusRow *self = g_new0 (MaBonusRow, 1);

  self->components = g_ptr_array_new_with_free_func ((GDestroyNotify) bonus_component_free);
  self->audits = g_ptr_array_new_with_free_func ((GDestroyNotify) bonus_audit_ref_free);
  return self;
}

static void
bonus_row_free (MaBonusRow *self)
{
  if (self == NULL)
    return;
  g_free (self->employee);
  g_free (self->name);
  g_free (self->branch);
  g_free (self->scheme);
  g_free (self->currency);
  g_clear_pointer (&self->components, g_ptr_array_unref);
  g_clear_pointer (&self->audits, g_ptr_array_unref);
  g_free (self);
}

static void
bonus_difference_free (MaBonusDifference *self)
{
  if (self == NULL)
    return;
  g_free (self->employee);
  g_free (self->component);
  g_free (self->currency);
  g_free (self);
}

static MaBonusStatement *
bonus_statement_new (const char *period)
{
  MaBonusStatement *self = g_new0 (MaBonusStatement, 1);

  self->period = g_strdup (period);
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) bonus_row_free);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  self->pending_differences = g_ptr_array_new_with_free_func ((GDestroyNotify) bonus_difference_free);
  return self;
}

void
ma_bonus_statement_free (MaBonusStatement *self)
{
  if (self == NULL)
    return;
  g_free (self->period);
  g_free (self->closed_at);
  g_free (self->closed_by);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_clear_pointer (&self->pending_differences, g_ptr_array_unref);
  g_free (self);
}

const MaBonusRow *
ma_bonus_statement_find_row (const MaBonusStatement *self,
                             const char             *employee)
{
  g_return_val_if_fail (self != NULL, NULL);
  for (guint i = 0; i < self->rows->len; i++)
    {
      const MaBonusRow *row = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (row->employee, employee) == 0)
        return row;
    }
  return NULL;
}

const MaBonusComponent *
ma_bonus_row_find_component (const MaBonusRow *row,
                             const char       *key)
{
  g_return_val_if_fail (row != NULL, NULL);
  for (guint i = 0; i < row->components->len; i++)
    {
      const MaBonusComponent *component = g_ptr_array_index (row->components, i);

      if (g_strcmp0 (component->key, key) == 0)
        return component;
    }
  return NULL;
}

/* ---- Formatting ------------------------------------------------------- */

/* ma_bonus_format_decimal() appended to @out. */
static void
append_decimal (GString *out,
                double   value,
                int      min_decimals,
                int      max_decimals)
{
  gsize start = out->len;
  const char *dot;
  gsize keep;

  if (!isfinite (value))
    {
      g_string_append_c (out, '?');
      return;
    }
  value = ma_round_half_away (value, max_decimals);
  if (value == 0.0)
    value = 0.0;  /* never "-0.00" */
  ma_append_fixed (out, value, max_decimals);

  dot = memchr (out->str + start, '.', out->len - start);
  if (dot == NULL)
    return;
  keep = (gsize) (dot - out->str) + 1 + (gsize) min_decimals;
  while (out->len > keep && out->str[out->len - 1] == '0')
    g_string_truncate (out, out->len - 1);
  if (out->str[out->len - 1] == '.')
    g_string_truncate (out, out->len - 1);
}

char *
ma_bonus_format_decimal (double value,
                         int    min_decimals,
                         int    max_decimals)
{
  GString *out;

  g_return_val_if_fail (min_decimals >= 0 && min_decimals <= max_decimals, NULL);
  g_return_val_if_fail (max_decimals <= 9, NULL);

  out = g_string_sized_new (24);
  append_decimal (out, value, min_decimals, max_decimals);
  return g_string_free (out, FALSE);
}

/* "60000.00 x 55% x 0.9697 = 32000.00", built in @scratch and copied once:
 * a statement has a formula for every component of every employee. */
static char *
format_formula (GString    *scratch,
                gint64      base_pay,
                const char *currency,
                double      share,
                double      payout,
                gint64      amount)
{
  g_string_truncate (scratch, 0);
  ma_money_append_plain (scratch, base_pay, currency);
  g_string_append (scratch, " x ");
  append_decimal (scratch, share, 0, 4);
  g_string_append (scratch, "% x ");
  append_decimal (scratch, payout, 2, 4);
  g_string_append (scratch, " = ");
  ma_money_append_plain (scratch, amount, currency);
  return g_strndup (scratch->str, scratch->len);
}

/* ---- Live computation ------------------------------------------------- */

static char *
pair_key (const char *a,
          const char *b)
{
  /* The unit separator cannot occur in codes or keys. */
  return g_strconcat (a != NULL ? a : "", "\x1f", b != NULL ? b : "", NULL);
}

/* g_hash_table_lookup (@table, pair_key (@a, @b)) without allocating the
 * key: a statement of 10 000 employees looks up 60 000 pairs. */
static gpointer
lookup_pair (GHashTable *table,
             const char *a,
             const char *b)
{
  char buffer[256];
  gsize la = strlen (a != NULL ? a : ""), lb = strlen (b != NULL ? b : "");

  if (la + lb + 2 > sizeof buffer)
    {
      g_autofree char *key = pair_key (a, b);
      return g_hash_table_lookup (table, key);
    }
  memcpy (buffer, a != NULL ? a : "", la);
  buffer[la] = '\x1f';
  memcpy (buffer + la + 1, b != NULL ? b : "", lb);
  buffer[la + 1 + lb] = '\0';
  return g_hash_table_lookup (table, buffer);
}

static int
compare_schemes_by_key (gconstpointer a,
                        gconstpointer b)
{
  const MaScheme *sa = *(const MaScheme * const *) a;
  const MaScheme *sb = *(const MaScheme * const *) b;

  return g_strcmp0 (sa->key, sb->key);
}

static int
compare_audit_refs (gconstpointer a,
                    gconstpointer b)
{
  const MaBonusAuditRef *ra = *(const MaBonusAuditRef * const *) a;
  const MaBonusAuditRef *rb = *(const MaBonusAuditRef * const *) b;

  return g_strcmp0 (ra->uuid, rb->uuid);
}

/* The highest version of each scheme key, sorted by key (borrowed). */
static GPtrArray *
latest_schemes (GPtrArray *schemes)
{
  g_autoptr(GHashTable) latest = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *result = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < schemes->len; i++)
    {
      MaScheme *scheme = g_ptr_array_index (schemes, i);
      MaScheme *known;

      if (scheme->key == NULL)
        continue;
      known = g_hash_table_lookup (latest, scheme->key);
      if (known == NULL || scheme->version > known->version)
        g_hash_table_insert (latest, scheme->key, scheme);
    }
  g_hash_table_iter_init (&iter, latest);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (result, value);
  g_ptr_array_sort (result, compare_schemes_by_key);
  return result;
}

typedef struct {
  MaStore          *store;
  const char       *period;
  GHashTable       *kpis;          /* employee␟component -> MaKpi (borrowed) */
  GHashTable       *audit_scores;  /* employee␟component -> MaAggregateRow (borrowed) */
  GHashTable       *audit_refs;    /* employee -> GPtrArray of MaBonusAuditRef */
  gboolean          previous_loaded;
  MaBonusStatement *previous;      /* the last closed statement before, or NULL */
  char             *previous_period;
} ComputeContext;

static gboolean
load_previous (ComputeContext  *ctx,
               GError         **error)
{
  g_autoptr(MaPeriodClose) close = NULL;
  g_autoptr(GError) local_error = NULL;

  if (ctx->previous_loaded)
    return TRUE;
  close = ma_store_get_last_close_before (ctx->store, ctx->period, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  ctx->previous_loaded = TRUE;
  if (close == NULL)
    return TRUE;
  ctx->previous = ma_bonus_statement_from_snapshot (close->snapshot, error);
  if (ctx->previous == NULL)
    {
      g_prefix_error (error, _("Frozen statement of period %s: "), close->period);
      return FALSE;
    }
  ctx->previous_period = g_strdup (close->period);
  return TRUE;
}

static gboolean
compute_component (ComputeContext           *ctx,
                   const MaEmployee         *employee,
                   const MaScheme           *scheme,
                   const MaSchemeComponent  *sc,
                   MaBonusStatement         *statement,
                   MaBonusComponent         *out,
                   GError                  **error)
{
  out->key = g_strdup (sc->key);
  out->label = g_strdup (sc->label != NULL ? sc->label : sc->key);
  out->share = sc->share;
  out->source = sc->source;
  out->achievement = NAN;

  if (sc->source == MA_SOURCE_KPI)
    {
      const MaKpi *kpi = lookup_pair (ctx->kpis, employee->code, sc->key);

      if (kpi != NULL)
        {
          if (isfinite (kpi->actual) && isfinite (kpi->plan) && kpi->plan > 0.0)
            {
              out->achievement = kpi->actual / kpi->plan;
              out->n = 1;
              out->assessed = TRUE;
            }
          else
            /* A plan of 0 gives no achievement; paying by the missing
             * policy is fair, but HR must see why. */
            g_ptr_array_add (statement->warnings,
                             g_strdup_printf (_("KPI “%s” of employee %s for %s has no usable plan; "
                                                "it is treated as missing"),
                                              sc->key, employee->code, ctx->period));
        }
    }
  else
    {
      const MaAggregateRow *agg = lookup_pair (ctx->audit_scores, employee->code, sc->key);

      if (agg != NULL && agg->n > 0 && isfinite (agg->mean))
        {
          out->achievement = agg->mean;
          out->n = agg->n;
          out->assessed = TRUE;
          out->low_confidence = agg->n < scheme->min_audits;
        }
    }

  if (out->assessed)
    out->payout = ma_scheme_component_payout (sc, out->achievement);
  else
    {
      out->missing = TRUE;
      out->missing_policy = scheme->missing;
      switch (scheme->missing)
        {
        case MA_MISSING_ZERO:
          out->payout = 0.0;
          break;

        case MA_MISSING_PREVIOUS:
          {
            const MaBonusRow *previous_row = NULL;
            const MaBonusComponent *previous = NULL;

            if (!load_previous (ctx, error))
              return FALSE;
            if (ctx->previous != NULL)
              previous_row = ma_bonus_statement_find_row (ctx->previous, employee->code);
            if (previous_row != NULL)
              previous = ma_bonus_row_find_component (previous_row, sc->key);
            if (previous != NULL)
              out->payout = previous->payout;
            else
              {
                /* Nothing to carry over: the employee is not penalised for
                 * a gap in our records. */
                out->payout = 1.0;
                out->previous_unavailable = TRUE;
              }
          }
          break;

        case MA_MISSING_FULL:
        default:
          out->payout = 1.0;
          break;
        }
    }
  return TRUE;
}

static gboolean
load_context (ComputeContext  *ctx,
              GPtrArray      **kpis,
              GPtrArray      **scores,
              GError         **error)
{
  g_autoptr(GPtrArray) audits = NULL;

  *kpis = ma_store_list_kpis (ctx->store, ctx->period, error);
  if (*kpis == NULL)
    return FALSE;
  for (guint i = 0; i < (*kpis)->len; i++)
    {
      MaKpi *kpi = g_ptr_array_index (*kpis, i);

      if (g_strcmp0 (kpi->period, ctx->period) != 0)
        continue;
      g_hash_table_insert (ctx->kpis, pair_key (kpi->employee, kpi->component), kpi);
    }

  *scores = ma_store_aggregate_scores (ctx->store, MA_GROUP_EMPLOYEE, MA_PART_COMPONENT,
                                       ctx->period, ctx->period, error);
  if (*scores == NULL)
    return FALSE;
  for (guint i = 0; i < (*scores)->len; i++)
    {
      MaAggregateRow *agg = g_ptr_array_index (*scores, i);

      if (agg->part != NULL)
        g_hash_table_insert (ctx->audit_scores, pair_key (agg->group, agg->part), agg);
    }

  /* The audits behind the statement, so that a frozen statement records
   * which audits (and template versions) its figures came from. */
  audits = ma_store_list_audit_refs (ctx->store, ctx->period, error);
  if (audits == NULL)
    return FALSE;
  for (guint i = 0; i < audits->len; i++)
    {
      MaAuditRef *audit = g_ptr_array_index (audits, i);
      MaBonusAuditRef *ref;
      GPtrArray *refs;

      refs = g_hash_table_lookup (ctx->audit_refs, audit->employee);
      if (refs == NULL)
        {
          refs = g_ptr_array_new_with_free_func ((GDestroyNotify) bonus_audit_ref_free);
          g_hash_table_insert (ctx->audit_refs, g_steal_pointer (&audit->employee), refs);
        }
      ref = g_new0 (MaBonusAuditRef, 1);
      ref->uuid = g_steal_pointer (&audit->uuid);
      ref->template_key = g_steal_pointer (&audit->template_key);
      ref->template_version = audit->template_version;
      g_ptr_array_add (refs, ref);
    }
  return TRUE;
}

static gboolean
check_period (const char  *period,
              GError     **error)
{
  if (ma_period_is_valid (period))
    return TRUE;
  g_set_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_INVALID,
               _("Bonus period “%s” is not a month of the form YYYY-MM"),
               period != NULL ? period : "");
  return FALSE;
}

static void replace_scheme (GPtrArray *schemes, const MaScheme *override);

static MaBonusStatement *
compute_live (MaStore         *store,
              const char      *period,
              const MaScheme  *override,
              GError         **error)
{
  g_autoptr(MaBonusStatement) statement = bonus_statement_new (period);
  g_autoptr(GPtrArray) employees = NULL;
  g_autoptr(GPtrArray) schemes = NULL;
  g_autoptr(GPtrArray) latest = NULL;
  g_autoptr(GPtrArray) kpis = NULL;
  g_autoptr(GPtrArray) scores = NULL;
  g_autoptr(GHashTable) warned_positions = NULL;
  g_autoptr(GString) scratch = g_string_new (NULL);
  ComputeContext ctx = { 0 };
  gboolean ok = FALSE;

  employees = ma_store_list_employees (store, error);
  if (employees == NULL)
    return NULL;
  schemes = ma_store_list_schemes (store, error);
  if (schemes == NULL)
    return NULL;
  if (override != NULL)
    replace_scheme (schemes, override);
  latest = latest_schemes (schemes);
  warned_positions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  ctx.store = store;
  ctx.period = period;
  ctx.kpis = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ctx.audit_scores = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ctx.audit_refs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
  if (!load_context (&ctx, &kpis, &scores, error))
    goto out;

  for (guint i = 0; i < employees->len; i++)
    {
      const MaEmployee *employee = g_ptr_array_index (employees, i);
      const MaScheme *scheme = NULL;
      g_autoptr(GString) others = NULL;
      MaBonusRow *row;
      GPtrArray *refs;
      gpointer stolen_key;

      if (!ma_employee_is_active_in (employee, period))
        continue;
      for (guint j = 0; j < latest->len; j++)
        {
          const MaScheme *candidate = g_ptr_array_index (latest, j);

          if (!ma_scheme_covers_position (candidate, employee->position))
            continue;
          if (scheme == NULL)
            scheme = candidate;
          else
            {
              if (others == NULL)
                others = g_string_new (NULL);
              else
                g_string_append (others, ", ");
              g_string_append_printf (others, "“%s”", candidate->key);
            }
        }
      if (scheme == NULL)
        continue;
      if (others != NULL && employee->position != NULL
          && !g_hash_table_contains (warned_positions, employee->position))
        {
          g_hash_table_add (warned_positions, g_strdup (employee->position));
          g_ptr_array_add (statement->warnings,
                           g_strdup_printf (_("Position “%s” is covered by scheme “%s” and also by %s; "
                                              "scheme “%s” is used"),
                                            employee->position, scheme->key, others->str, scheme->key));
        }

      row = bonus_row_new ();
      g_ptr_array_add (statement->rows, row);
      row->employee = g_strdup (employee->code);
      row->name = g_strdup (employee->name);
      row->branch = g_strdup (employee->branch);
      row->scheme = g_strdup (scheme->key);
      row->scheme_version = scheme->version;
      row->min_audits = scheme->min_audits;
      row->base_pay = employee->base_pay;
      row->currency = g_strdup (employee->currency);

      for (guint j = 0; j < scheme->components->len; j++)
        {
          const MaSchemeComponent *sc = g_ptr_array_index (scheme->components, j);
          MaBonusComponent *component = g_new0 (MaBonusComponent, 1);

          g_ptr_array_add (row->components, component);
          if (!compute_component (&ctx, employee, scheme, sc, statement, component, error))
            goto out;
          /* Each component is rounded to the minor unit on its own and the
           * total is their sum, so a statement always adds up. */
          component->amount = ma_money_component_amount (row->base_pay, component->share,
                                                         component->payout);
          component->formula = format_formula (scratch, row->base_pay, row->currency, component->share,
                                               component->payout, component->amount);
          row->total += component->amount;
        }

      /* Each employee has one row: the row takes the list over. */
      if (g_hash_table_steal_extended (ctx.audit_refs, employee->code, &stolen_key,
                                       (gpointer *) &refs))
        {
          g_free (stolen_key);
          g_ptr_array_unref (row->audits);
          row->audits = refs;
          g_ptr_array_sort (row->audits, compare_audit_refs);
        }
    }
  ok = TRUE;

out:
  g_clear_pointer (&ctx.kpis, g_hash_table_unref);
  g_clear_pointer (&ctx.audit_scores, g_hash_table_unref);
  g_clear_pointer (&ctx.audit_refs, g_hash_table_unref);
  g_clear_pointer (&ctx.previous, ma_bonus_statement_free);
  g_free (ctx.previous_period);
  return ok ? g_steal_pointer (&statement) : NULL;
}

/* ---- Closed periods --------------------------------------------------- */

static void
add_difference (MaBonusStatement *statement,
                const char       *employee,
                const char       *component,
                const char       *currency,
                gboolean          has_frozen,
                gint64            frozen_amount,
                gboolean          has_live,
                gint64            live_amount)
{
  MaBonusDifference *difference = g_new0 (MaBonusDifference, 1);

  difference->employee = g_strdup (employee);
  difference->component = g_strdup (component);
  difference->currency = g_strdup (currency);
  difference->has_frozen = has_frozen;
  difference->frozen_amount = frozen_amount;
  difference->has_live = has_live;
  difference->live_amount = live_amount;
  g_ptr_array_add (statement->pending_differences, difference);
}

static void
compare_rows (MaBonusStatement *frozen,
              const MaBonusRow *was,
              const MaBonusRow *now)
{
  for (guint i = 0; i < was->components->len; i++)
    {
      const MaBonusComponent *c = g_ptr_array_index (was->components, i);
      const MaBonusComponent *live = ma_bonus_row_find_component (now, c->key);

      if (live == NULL)
        add_difference (frozen, was->employee, c->key, was->currency, TRUE, c->amount, FALSE, 0);
      else if (live->amount != c->amount)
        add_difference (frozen, was->employee, c->key, was->currency, TRUE, c->amount,
                        TRUE, live->amount);
    }
  for (guint i = 0; i < now->components->len; i++)
    {
      const MaBonusComponent *c = g_ptr_array_index (now->components, i);

      if (ma_bonus_row_find_component (was, c->key) == NULL)
        add_difference (frozen, was->employee, c->key, was->currency, FALSE, 0, TRUE, c->amount);
    }
  if (was->total != now->total)
    add_difference (frozen, was->employee, NULL, was->currency, TRUE, was->total, TRUE, now->total);
}

static void
compare_statements (MaBonusStatement       *frozen,
                    const MaBonusStatement *live)
{
  for (guint i = 0; i < frozen->rows->len; i++)
    {
      const MaBonusRow *was = g_ptr_array_index (frozen->rows, i);
      const MaBonusRow *now = ma_bonus_statement_find_row (live, was->employee);

      if (now == NULL)
        add_difference (frozen, was->employee, NULL, was->currency, TRUE, was->total, FALSE, 0);
      else
        compare_rows (frozen, was, now);
    }
  for (guint i = 0; i < live->rows->len; i++)
    {
      const MaBonusRow *now = g_ptr_array_index (live->rows, i);

      if (ma_bonus_statement_find_row (frozen, now->employee) == NULL)
        add_difference (frozen, now->employee, NULL, now->currency, FALSE, 0, TRUE, now->total);
    }
}

/* Marks the audits of @statement that have an open dispute: a live fact,
 * so also on a frozen statement, whose snapshot never records it. */
static gboolean
flag_disputes (MaStore           *store,
               MaBonusStatement  *statement,
               GError           **error)
{
  g_autoptr(GPtrArray) disputes = NULL;
  g_autoptr(GHashTable) open = NULL;

  disputes = ma_store_list_disputes (store, statement->period, TRUE, error);
  if (disputes == NULL)
    return FALSE;
  if (disputes->len == 0)
    return TRUE;
  open = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < disputes->len; i++)
    g_hash_table_add (open, ((MaDispute *) g_ptr_array_index (disputes, i))->audit);
  for (guint i = 0; i < statement->rows->len; i++)
    {
      const MaBonusRow *row = g_ptr_array_index (statement->rows, i);

      for (guint j = 0; j < row->audits->len; j++)
        {
          MaBonusAuditRef *ref = g_ptr_array_index (row->audits, j);

          ref->disputed = g_hash_table_contains (open, ref->uuid);
        }
    }
  return TRUE;
}

MaBonusStatement *
ma_bonus_compute (MaStore     *store,
                  const char  *period,
                  GError     **error)
{
  g_autoptr(MaPeriodClose) close = NULL;
  g_autoptr(MaBonusStatement) frozen = NULL;
  g_autoptr(MaBonusStatement) live = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (MA_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_period (period, error))
    return NULL;

  close = ma_store_get_period_close (store, period, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  live = compute_live (store, period, NULL, error);
  if (live == NULL)
    return NULL;
  if (close == NULL)
    return flag_disputes (store, live, error) ? g_steal_pointer (&live) : NULL;

  frozen = ma_bonus_statement_from_snapshot (close->snapshot, error);
  if (frozen == NULL)
    {
      g_prefix_error (error, _("Frozen statement of period %s: "), period);
      return NULL;
    }
  frozen->closed = TRUE;
  g_free (frozen->closed_at);
  frozen->closed_at = g_strdup (close->closed_at);
  g_free (frozen->closed_by);
  frozen->closed_by = g_strdup (close->closed_by);
  compare_statements (frozen, live);
  if (!flag_disputes (store, frozen, error))
    return NULL;
  return g_steal_pointer (&frozen);
}

static gboolean
check_text (const char  *text,
            const char  *message,
            GError     **error)
{
  g_autofree char *copy = g_strdup (text != NULL ? text : "");

  if (*g_strstrip (copy) != '\0')
    return TRUE;
  g_set_error_literal (error, MA_BONUS_ERROR, MA_BONUS_ERROR_INVALID, message);
  return FALSE;
}

/* ---- periods being closed ----------------------------------------------------- */

static gboolean
is_stale (const MaPeriodClosing *closing,
          GDateTime             *now)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) since = g_date_time_new_from_iso8601 (closing->since, utc);
  GTimeSpan age;

  /* A marker whose time cannot be read cannot say how old it is: it must
   * not lock the office either. */
  if (since == NULL)
    return TRUE;
  age = g_date_time_difference (now, since);
  /* Dated far in the future, the clock was wrong when it was set. */
  return ABS (age) > (GTimeSpan) MA_BONUS_CLOSING_STALE_SECONDS * G_TIME_SPAN_SECOND;
}

/* The live marker of @period (NULL: of any period), or NULL. */
static MaPeriodClosing *
find_closing (MaStore     *store,
              const char  *period,
              GError     **error)
{
  g_autoptr(GPtrArray) list = ma_store_list_period_closing (store, error);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (list == NULL)
    return NULL;
  for (guint i = 0; i < list->len; i++)
    {
      const MaPeriodClosing *closing = g_ptr_array_index (list, i);

      if ((period == NULL || g_strcmp0 (closing->period, period) == 0) && !is_stale (closing, now))
        return g_ptr_array_steal_index (list, i);
    }
  return NULL;
}

static char *
format_since (const char *since)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (since, utc);
  g_autoptr(GDateTime) local = time ? g_date_time_to_local (time) : NULL;

  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup (since);
}

static void
set_closing_error (GError                **error,
                   const MaPeriodClosing  *closing)
{
  g_autofree char *since = format_since (closing->since);

  g_set_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_CLOSING,
               _("Period %s is being closed by %s (since %s); try again once the close is "
                 "confirmed or cancelled"),
               closing->period, closing->who, since);
}

static gboolean
check_closing_by_other (MaStore     *store,
                        const char  *period,
                        const char  *who,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(MaPeriodClosing) closing = find_closing (store, period, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (closing != NULL && g_strcmp0 (closing->who, who) != 0)
    {
      set_closing_error (error, closing);
      return FALSE;
    }
  return TRUE;
}

/* An open dispute may void an audit and change the pay: closing would
 * freeze figures HR has not finished checking. */
static gboolean
check_no_open_dispute (MaStore     *store,
                       const char  *period,
                       GError     **error)
{
  g_autoptr(GPtrArray) disputes = ma_store_list_disputes (store, period, TRUE, error);
  g_autoptr(GString) names = NULL;

  if (disputes == NULL)
    return FALSE;
  if (disputes->len == 0)
    return TRUE;

  names = g_string_new (NULL);
  for (guint i = 0; i < disputes->len; i++)
    {
      const MaDispute *dispute = g_ptr_array_index (disputes, i);

      if (i > 0)
        g_string_append (names, ", ");
      /* The uuid is what the CLI takes; branch and employee are what HR
       * recognises. */
      if (dispute->employee != NULL)
        g_string_append_printf (names, "%s (%s, %s)", dispute->audit, dispute->branch,
                                dispute->employee);
      else
        g_string_append_printf (names, "%s (%s)", dispute->audit, dispute->branch);
    }
  g_set_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_DISPUTED,
               g_dngettext (GETTEXT_PACKAGE,
                            "Period %s cannot be closed while a dispute is open: audit %s; "
                            "uphold or reject it first",
                            "Period %s cannot be closed while disputes are open: audits %s; "
                            "uphold or reject them first",
                            disputes->len),
               period, names->str);
  return FALSE;
}

/* What starting and finishing a close both require: a valid month, a name,
 * a period not closed yet, no open dispute of its audits, and nobody else
 * closing it. */
static gboolean
check_can_close (MaStore     *store,
                 const char  *period,
                 const char  *who,
                 GError     **error)
{
  g_autoptr(MaPeriodClose) close = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!check_period (period, error))
    return FALSE;
  if (!check_text (who, _("Closing a period needs the name of who closes it"), error))
    return FALSE;

  close = ma_store_get_period_close (store, period, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (close != NULL)
    {
      g_set_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_CLOSED,
                   _("Period %s is already closed (by %s at %s); reopen it first"),
                   period, close->closed_by, close->closed_at);
      return FALSE;
    }
  if (!check_no_open_dispute (store, period, error))
    return FALSE;
  return check_closing_by_other (store, period, who, error);
}

gboolean
ma_bonus_begin_close (MaStore     *store,
                      const char  *period,
                      const char  *who,
                      GError     **error)
{
  g_return_val_if_fail (MA_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_can_close (store, period, who, error))
    return FALSE;
  return ma_store_set_period_closing (store, period, who, NULL, error);
}

gboolean
ma_bonus_cancel_close (MaStore     *store,
                       const char  *period,
                       GError     **error)
{
  g_return_val_if_fail (MA_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_period (period, error))
    return FALSE;
  return ma_store_clear_period_closing (store, period, error);
}

MaPeriodClosing *
ma_bonus_get_close_in_progress (MaStore  *store,
                                GError  **error)
{
  g_return_val_if_fail (MA_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return find_closing (store, NULL, error);
}

gboolean
ma_bonus_check_not_closing (MaStore  *store,
                            GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(MaPeriodClosing) closing = NULL;

  g_return_val_if_fail (MA_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  closing = find_closing (store, NULL, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (closing != NULL)
    {
      set_closing_error (error, closing);
      return FALSE;
    }
  return TRUE;
}

gboolean
ma_bonus_close_period (MaStore     *store,
                       const char  *period,
                       const char  *who,
                       GError     **error)
{
  g_autoptr(MaBonusStatement) statement = NULL;
  g_autofree char *snapshot = NULL;

  g_return_val_if_fail (MA_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_can_close (store, period, who, error))
    return FALSE;

  statement = compute_live (store, period, NULL, error);
  if (statement == NULL)
    return FALSE;
  snapshot = ma_bonus_statement_to_snapshot (statement);
  return ma_store_close_period (store, period, snapshot, who, error);
}

gboolean
ma_bonus_reopen_period (MaStore     *store,
                        const char  *period,
                        const char  *who,
                        const char  *reason,
                        GError     **error)
{
  g_autoptr(MaPeriodClose) close = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (MA_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_period (period, error))
    return FALSE;
  if (!check_text (who, _("Reopening a period needs the name of who reopens it"), error))
    return FALSE;
  if (!check_text (reason, _("Reopening a period needs a reason"), error))
    return FALSE;

  close = ma_store_get_period_close (store, period, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (close == NULL)
    {
      g_set_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_NOT_CLOSED,
                   _("Period %s is not closed"), period);
      return FALSE;
    }
  return ma_store_reopen_period (store, period, who, reason, error);
}

/* ---- Snapshot --------------------------------------------------------- */

static void
set_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
set_int (JsonBuilder *builder,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

static void
set_double (JsonBuilder *builder,
            const char  *member,
            double       value)
{
  json_builder_set_member_name (builder, member);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
set_bool (JsonBuilder *builder,
          const char  *member,
          gboolean     value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_boolean_value (builder, value);
}

static void
set_money (JsonBuilder *builder,
           const char  *member,
           gint64       minor,
           const char  *currency)
{
  g_autofree char *text = ma_money_format_plain (minor, currency);

  set_string (builder, member, text);
}

char *
ma_bonus_statement_to_snapshot (const MaBonusStatement *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  set_string (builder, "format", SNAPSHOT_FORMAT);
  set_int (builder, "version", SNAPSHOT_VERSION);
  set_string (builder, "period", self->period);
  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->warnings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (self->warnings, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->rows->len; i++)
    {
      const MaBonusRow *row = g_ptr_array_index (self->rows, i);

      json_builder_begin_object (builder);
      set_string (builder, "employee", row->employee);
      set_string (builder, "name", row->name);
      set_string (builder, "branch", row->branch);
      set_string (builder, "scheme", row->scheme);
      set_int (builder, "scheme_version", row->scheme_version);
      set_int (builder, "min_audits", row->min_audits);
      /* Money as integer minor units: exact, unlike a decimal string read
       * back through a double. */
      set_int (builder, "base_pay", row->base_pay);
      set_string (builder, "currency", row->currency);
      set_int (builder, "total", row->total);

      json_builder_set_member_name (builder, "components");
      json_builder_begin_array (builder);
      for (guint j = 0; j < row->components->len; j++)
        {
          const MaBonusComponent *c = g_ptr_array_index (row->components, j);

          json_builder_begin_object (builder);
          set_string (builder, "key", c->key);
          set_string (builder, "label", c->label);
          set_double (builder, "share", c->share);
          set_string (builder, "source", ma_component_source_to_string (c->source));
          set_double (builder, "achievement", c->assessed ? c->achievement : NAN);
          set_int (builder, "n", c->n);
          set_bool (builder, "assessed", c->assessed);
          set_bool (builder, "low_confidence", c->low_confidence);
          set_string (builder, "missing",
                      c->missing ? ma_missing_policy_to_string (c->missing_policy) : NULL);
          set_bool (builder, "previous_unavailable", c->previous_unavailable);
          set_double (builder, "payout", c->payout);
          set_int (builder, "amount", c->amount);
          set_string (builder, "formula", c->formula);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "audits");
      json_builder_begin_array (builder);
      for (guint j = 0; j < row->audits->len; j++)
        {
          const MaBonusAuditRef *ref = g_ptr_array_index (row->audits, j);

          json_builder_begin_object (builder);
          set_string (builder, "uuid", ref->uuid);
          set_string (builder, "template", ref->template_key);
          set_int (builder, "template_version", ref->template_version);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static gboolean
read_nullable_double (JsonObject  *object,
                      const char  *path,
                      const char  *member,
                      double       min,
                      double       max,
                      double      *out,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    {
      *out = NAN;
      return TRUE;
    }
  return ma_json_read_double (object, path, member, TRUE, min, max, out, NULL, error);
}

static gboolean
read_snapshot_component (JsonObject        *object,
                         const char        *path,
                         MaBonusComponent  *c,
                         GError           **error)
{
  g_autofree char *source = NULL;
  g_autofree char *missing = NULL;

  if (!ma_json_read_string (object, path, "key", TRUE, &c->key, error)
      || !ma_json_read_string (object, path, "label", FALSE, &c->label, error)
      || !ma_json_read_double (object, path, "share", TRUE, 0, 100, &c->share, NULL, error)
      || !ma_json_read_string (object, path, "source", TRUE, &source, error)
      || !read_nullable_double (object, path, "achievement", -G_MAXDOUBLE, G_MAXDOUBLE,
                                &c->achievement, error)
      || !ma_json_read_int (object, path, "n", TRUE, 0, G_MAXINT32, &c->n, NULL, error)
      || !ma_json_read_bool (object, path, "assessed", TRUE, &c->assessed, NULL, error)
      || !ma_json_read_bool (object, path, "low_confidence", TRUE, &c->low_confidence, NULL, error)
      || !ma_json_read_string (object, path, "missing", FALSE, &missing, error)
      || !ma_json_read_bool (object, path, "previous_unavailable", FALSE,
                             &c->previous_unavailable, NULL, error)
      || !ma_json_read_double (object, path, "payout", TRUE, 0, G_MAXDOUBLE, &c->payout, NULL, error)
      || !ma_json_read_int (object, path, "amount", TRUE, -MA_JSON_MAX_SAFE_INTEGER,
                            MA_JSON_MAX_SAFE_INTEGER, &c->amount, NULL, error)
      || !ma_json_read_string (object, path, "formula", FALSE, &c->formula, error))
    return FALSE;

  if (!ma_component_source_from_string (source, &c->source))
    {
      g_set_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_SNAPSHOT,
                   _("%s.source: unknown source “%s”"), path, source);
      return FALSE;
    }
  if (missing != NULL)
    {
      if (!ma_missing_policy_from_string (missing, &c->missing_policy))
        {
          g_set_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_SNAPSHOT,
                       _("%s.missing: unknown policy “%s”"), path, missing);
          return FALSE;
        }
      c->missing = TRUE;
    }
  if (c->assessed == !isfinite (c->achievement))
    {
      g_set_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_SNAPSHOT,
                   _("%s.achievement: does not agree with “assessed”"), path);
      return FALSE;
    }
  if (c->label == NULL)
    c->label = g_strdup (c->key);
  return TRUE;
}

static gboolean
read_snapshot_row (JsonObject   *object,
                   const char   *path,
                   MaBonusRow   *row,
                   GError      **error)
{
  g_autofree char *components_path = ma_path_member (path, "components");
  g_autofree char *audits_path = ma_path_member (path, "audits");
  JsonArray *components;
  JsonArray *audits;
  g_autoptr(GError) local_error = NULL;
  gint64 sum = 0;

  if (!ma_json_read_string (object, path, "employee", TRUE, &row->employee, error)
      || !ma_json_read_string (object, path, "name", FALSE, &row->name, error)
      || !ma_json_read_string (object, path, "branch", FALSE, &row->branch, error)
      || !ma_json_read_string (object, path, "scheme", TRUE, &row->scheme, error)
      || !ma_json_read_int (object, path, "scheme_version", TRUE, 1, MA_JSON_MAX_SAFE_INTEGER,
                            &row->scheme_version, NULL, error)
      || !ma_json_read_int (object, path, "min_audits", TRUE, 0, G_MAXINT32,
                            &row->min_audits, NULL, error)
      || !ma_json_read_int (object, path, "base_pay", TRUE, 0, MA_JSON_MAX_SAFE_INTEGER,
                            &row->base_pay, NULL, error)
      || !ma_json_read_string (object, path, "currency", FALSE, &row->currency, error)
      || !ma_json_read_int (object, path, "total", TRUE, -MA_JSON_MAX_SAFE_INTEGER,
                            MA_JSON_MAX_SAFE_INTEGER, &row->total, NULL, error))
    return FALSE;

  components = ma_json_read_array (object, path, "components", TRUE, error);
  if (components == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (components); i++)
    {
      g_autofree char *item_path = ma_path_index (components_path, i);
      JsonObject *item = ma_json_array_get_object (components, components_path, i, error);
      MaBonusComponent *c;

      if (item == NULL)
        return FALSE;
      c = g_new0 (MaBonusComponent, 1);
      g_ptr_array_add (row->components, c);
      if (!read_snapshot_component (item, item_path, c, error))
        return FALSE;
      sum += c->amount;
    }
  /* A frozen statement that does not add up has been tampered with or
   * damaged; showing it would show HR figures nobody can explain. */
  if (sum != row->total)
    {
      g_set_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_SNAPSHOT,
                   _("%s.total: %" PRId64 " is not the sum of the component amounts (%"
                     PRId64 ")"), path, row->total, sum);
      return FALSE;
    }

  audits = ma_json_read_array (object, path, "audits", FALSE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  for (guint i = 0; audits != NULL && i < json_array_get_length (audits); i++)
    {
      g_autofree char *item_path = ma_path_index (audits_path, i);
      JsonObject *item = ma_json_array_get_object (audits, audits_path, i, error);
      MaBonusAuditRef *ref;

      if (item == NULL)
        return FALSE;
      ref = g_new0 (MaBonusAuditRef, 1);
      g_ptr_array_add (row->audits, ref);
      if (!ma_json_read_string (item, item_path, "uuid", TRUE, &ref->uuid, error)
          || !ma_json_read_string (item, item_path, "template", TRUE, &ref->template_key, error)
          || !ma_json_read_int (item, item_path, "template_version", TRUE, 1,
                                MA_JSON_MAX_SAFE_INTEGER, &ref->template_version, NULL, error))
        return FALSE;
    }
  return TRUE;
}

MaBonusStatement *
ma_bonus_statement_from_snapshot (const char  *snapshot,
                                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(MaBonusStatement) statement = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *format = NULL;
  g_autofree char *period = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonArray *rows;
  JsonArray *warnings;
  gint64 version = 0;
  const char *path = "snapshot";

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (snapshot == NULL || !json_parser_load_from_data (parser, snapshot, -1, &local_error))
    {
      g_set_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_SNAPSHOT,
                   _("snapshot: not valid JSON: %s"),
                   local_error != NULL ? local_error->message : _("empty"));
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, MA_BONUS_ERROR, MA_BONUS_ERROR_SNAPSHOT,
                           _("snapshot: expected an object"));
      return NULL;
    }
  object = json_node_get_object (root);

  if (!ma_json_read_string (object, path, "format", TRUE, &format, error)
      || !ma_json_read_int (object, path, "version", TRUE, 1, G_MAXINT32, &version, NULL, error)
      || !ma_json_read_string (object, path, "period", TRUE, &period, error))
    return NULL;
  if (g_strcmp0 (format, SNAPSHOT_FORMAT) != 0)
    {
      g_set_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_SNAPSHOT,
                   _("snapshot.format: “%s” is not a frozen bonus statement"), format);
      return NULL;
    }
  if (version > SNAPSHOT_VERSION)
    {
      g_set_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_SNAPSHOT,
                   _("snapshot.version: %" PRId64 " was written by a newer app"), version);
      return NULL;
    }
  if (!ma_period_is_valid (period))
    {
      g_set_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_SNAPSHOT,
                   _("snapshot.period: “%s” is not a month of the form YYYY-MM"), period);
      return NULL;
    }

  statement = bonus_statement_new (period);

  warnings = ma_json_read_array (object, path, "warnings", FALSE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  for (guint i = 0; warnings != NULL && i < json_array_get_length (warnings); i++)
    {
      JsonNode *node = json_array_get_element (warnings, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error (error, MA_BONUS_ERROR, MA_BONUS_ERROR_SNAPSHOT,
                       _("snapshot.warnings[%u]: expected a string"), i);
          return NULL;
        }
      g_ptr_array_add (statement->warnings, g_strdup (json_node_get_string (node)));
    }

  rows = ma_json_read_array (object, path, "rows", TRUE, error);
  if (rows == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      g_autofree char *rows_path = ma_path_member (path, "rows");
      g_autofree char *item_path = ma_path_index (rows_path, i);
      JsonObject *item = ma_json_array_get_object (rows, rows_path, i, error);
      MaBonusRow *row;

      if (item == NULL)
        return NULL;
      row = bonus_row_new ();
      g_ptr_array_add (statement->rows, row);
      if (!read_snapshot_row (item, item_path, row, error))
        return NULL;
    }

  return g_steal_pointer (&statement);
}

/* ---- CLI document ----------------------------------------------------- */

JsonNode *
ma_bonus_to_json (const MaBonusStatement *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  set_string (builder, "period", self->period);
  set_bool (builder, "closed", self->closed);
  if (self->closed)
    {
      set_string (builder, "closed_at", self->closed_at);
      set_string (builder, "closed_by", self->closed_by);
    }

  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->rows->len; i++)
    {
      const MaBonusRow *row = g_ptr_array_index (self->rows, i);

      json_builder_begin_object (builder);
      set_string (builder, "employee", row->employee);
      set_string (builder, "name", row->name);
      set_string (builder, "branch", row->branch);
      set_string (builder, "scheme", row->scheme);
      set_int (builder, "scheme_version", row->scheme_version);
      set_money (builder, "base_pay", row->base_pay, row->currency);
      set_string (builder, "currency", row->currency);

      json_builder_set_member_name (builder, "components");
      json_builder_begin_array (builder);
      for (guint j = 0; j < row->components->len; j++)
        {
          const MaBonusComponent *c = g_ptr_array_index (row->components, j);

          json_builder_begin_object (builder);
          set_string (builder, "key", c->key);
          set_string (builder, "label", c->label);
          set_double (builder, "share", c->share);
          set_string (builder, "source", ma_component_source_to_string (c->source));
          set_double (builder, "achievement", c->assessed ? c->achievement : NAN);
          set_double (builder, "payout", c->payout);
          set_money (builder, "amount", c->amount, row->currency);
          set_int (builder, "n", c->n);
          set_bool (builder, "assessed", c->assessed);
          set_bool (builder, "low_confidence", c->low_confidence);
          set_string (builder, "missing",
                      c->missing ? ma_missing_policy_to_string (c->missing_policy) : NULL);
          set_bool (builder, "previous_unavailable", c->previous_unavailable);
          set_string (builder, "formula", c->formula);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      set_money (builder, "total", row->total, row->currency);
      json_builder_set_member_name (builder, "audits");
      json_builder_begin_array (builder);
      for (guint j = 0; j < row->audits->len; j++)
        json_builder_add_string_value (builder,
                                       ((const MaBonusAuditRef *) g_ptr_array_index (row->audits, j))->uuid);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "disputed_audits");
      json_builder_begin_array (builder);
      for (guint j = 0; j < row->audits->len; j++)
        {
          const MaBonusAuditRef *ref = g_ptr_array_index (row->audits, j);

          if (ref->disputed)
            json_builder_add_string_value (builder, ref->uuid);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->warnings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (self->warnings, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "pending_differences");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->pending_differences->len; i++)
    {
      const MaBonusDifference *d = g_ptr_array_index (self->pending_differences, i);

      json_builder_begin_object (builder);
      set_string (builder, "employee", d->employee);
      set_string (builder, "component", d->component);
      if (d->has_frozen)
        set_money (builder, "frozen", d->frozen_amount, d->currency);
      else
        set_string (builder, "frozen", NULL);
      if (d->has_live)
        set_money (builder, "live", d->live_amount, d->currency);
      else
        set_string (builder, "live", NULL);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* ---- What-if ---------------------------------------------------------- */

/* Every stored version of the override's key gives way to the override, so
 * that it is the scheme of that key whatever version number it carries. */
static void
replace_scheme (GPtrArray      *schemes,
                const MaScheme *override)
{
  for (guint i = schemes->len; i > 0; i--)
    {
      const MaScheme *scheme = g_ptr_array_index (schemes, i - 1);

      if (g_strcmp0 (scheme->key, override->key) == 0)
        g_ptr_array_remove_index (schemes, i - 1);
    }
  g_ptr_array_add (schemes, ma_scheme_copy (override));
}

MaBonusStatement *
ma_bonus_compute_with_scheme (MaStore         *store,
                              const char      *period,
                              const MaScheme  *override,
                              GError         **error)
{
  g_return_val_if_fail (MA_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_period (period, error))
    return NULL;
  if (override != NULL && !ma_scheme_validate (override, error))
    return NULL;
  return compute_live (store, period, override, error);
}
