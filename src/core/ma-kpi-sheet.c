/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "ma-kpi-sheet.h"

static char *
cell_key (const char *employee,
          const char *component)
{
  /* The unit separator cannot occur in codes or keys. */
  return g_strconcat (employee, "\x1f", component, NULL);
}

void
ma_kpi_sheet_free (MaKpiSheet *self)
{
  if (self == NULL)
    return;
  g_free (self->period);
  g_clear_pointer (&self->components, g_ptr_array_unref);
  g_clear_pointer (&self->employees, g_ptr_array_unref);
  g_clear_pointer (&self->cells, g_hash_table_unref);
  g_clear_pointer (&self->figures, g_hash_table_unref);
  g_free (self);
}

MaKpiSheet *
ma_kpi_sheet_load (MaStore     *store,
                   const char  *period,
                   GError     **error)
{
  g_autoptr(MaKpiSheet) self = NULL;
  g_autoptr(MaBonusStatement) statement = NULL;
  g_autoptr(GPtrArray) employees = NULL;
  g_autoptr(GPtrArray) kpis = NULL;
  g_autoptr(GHashTable) by_code = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen_components = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (MA_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  statement = ma_bonus_compute_with_scheme (store, period, NULL, error);
  if (statement == NULL)
    return NULL;
  employees = ma_store_list_employees (store, error);
  if (employees == NULL)
    return NULL;
  kpis = ma_store_list_kpis (store, period, error);
  if (kpis == NULL)
    return NULL;

  self = g_new0 (MaKpiSheet, 1);
  self->period = g_strdup (period);
  self->components = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_scheme_component_free);
  self->employees = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_employee_free);
  self->cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->figures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) ma_kpi_free);

  for (guint i = 0; i < employees->len; i++)
    {
      MaEmployee *employee = g_ptr_array_index (employees, i);

      g_hash_table_insert (by_code, employee->code, employee);
    }

  /* Statement rows come by employee code, and components in scheme order;
   * schemes are visited by key, so the columns come in a stable order. */
  for (guint i = 0; i < statement->rows->len; i++)
    {
      const MaBonusRow *row = g_ptr_array_index (statement->rows, i);
      const MaEmployee *employee = g_hash_table_lookup (by_code, row->employee);
      gboolean uses_kpi = FALSE;

      if (employee == NULL)
        continue;
      for (guint j = 0; j < row->components->len; j++)
        {
          const MaBonusComponent *c = g_ptr_array_index (row->components, j);

          if (c->source != MA_SOURCE_KPI)
            continue;
          uses_kpi = TRUE;
          g_hash_table_add (self->cells, cell_key (row->employee, c->key));
          if (!g_hash_table_contains (seen_components, c->key))
            {
              MaSchemeComponent *column = ma_scheme_component_new (c->key, c->share, c->source);

              column->label = g_strdup (c->label != NULL ? c->label : c->key);
              g_ptr_array_add (self->components, column);
              g_hash_table_add (seen_components, column->key);
            }
        }
      if (uses_kpi)
        g_ptr_array_add (self->employees, ma_employee_copy (employee));
    }

  for (guint i = 0; i < kpis->len; i++)
    {
      MaKpi *kpi = g_ptr_array_index (kpis, i);

      if (g_strcmp0 (kpi->period, period) != 0)
        continue;
      g_hash_table_insert (self->figures, cell_key (kpi->employee, kpi->component),
                           ma_kpi_new (kpi->employee, kpi->period, kpi->component,
                                       kpi->actual, kpi->plan));
    }
  return g_steal_pointer (&self);
}

gboolean
ma_kpi_sheet_uses (const MaKpiSheet *self,
                   const char       *employee,
                   const char       *component)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (employee == NULL || component == NULL)
    return FALSE;
  key = cell_key (employee, component);
  return g_hash_table_contains (self->cells, key);
}

const MaKpi *
ma_kpi_sheet_get (const MaKpiSheet *self,
                  const char       *employee,
                  const char       *component)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (employee == NULL || component == NULL)
    return NULL;
  key = cell_key (employee, component);
  return g_hash_table_lookup (self->figures, key);
}

const MaEmployee *
ma_kpi_sheet_find_employee (const MaKpiSheet *self,
                            const char       *code)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->employees->len; i++)
    {
      const MaEmployee *employee = g_ptr_array_index (self->employees, i);

      if (g_strcmp0 (employee->code, code) == 0)
        return employee;
    }
  return NULL;
}

gboolean
ma_kpi_check_figures (double    actual,
                      double    plan,
                      GError  **error)
{
  if (!isfinite (actual) || actual < 0)
    {
      g_set_error (error, MA_MODEL_ERROR, MA_MODEL_ERROR_INVALID,
                   _("Actual: %g must not be negative"), actual);
      return FALSE;
    }
  /* A plan of 0 gives no achievement (actual / plan). */
  if (!isfinite (plan) || plan <= 0)
    {
      g_set_error (error, MA_MODEL_ERROR, MA_MODEL_ERROR_INVALID,
                   _("Plan: %g must be greater than 0"), plan);
      return FALSE;
    }
  return TRUE;
}

gboolean
ma_kpi_save_all (MaStore    *store,
                 GPtrArray  *kpis,
                 GError    **error)
{
  g_return_val_if_fail (MA_IS_STORE (store), FALSE);
  g_return_val_if_fail (kpis != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < kpis->len; i++)
    {
      const MaKpi *kpi = g_ptr_array_index (kpis, i);

      if (!ma_kpi_check_figures (kpi->actual, kpi->plan, error))
        {
          g_prefix_error (error, _("Employee %s, %s: "), kpi->employee, kpi->component);
          return FALSE;
        }
    }
  if (!ma_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < kpis->len; i++)
    if (!ma_store_save_kpi (store, g_ptr_array_index (kpis, i), NULL, error))
      {
        ma_store_rollback (store);
        return FALSE;
      }
  /* A commit that fails has rolled back already. */
  return ma_store_commit (store, error);
}
