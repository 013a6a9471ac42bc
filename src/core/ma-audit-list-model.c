/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>

#include "ma-audit-list-model.h"

struct _MaAuditListModel
{
  GObject     parent_instance;

  MaStore    *store;

  /* The filter, owning its strings. */
  guint       status_mask;
  char       *period_from;
  char       *period_to;
  char       *branch;
  char       *employee;
  char       *modified_since;
  char       *search;

  guint       n_items;
  /* page index -> GPtrArray of MaAuditItem */
  GHashTable *pages;
  GError     *error;
};

static void ma_audit_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MaAuditListModel, ma_audit_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ma_audit_list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_N_ITEMS,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fill_filter (MaAuditListModel *self,
             MaAuditFilter    *filter)
{
  *filter = (MaAuditFilter) {
    .status_mask = self->status_mask,
    .period_from = self->period_from,
    .period_to = self->period_to,
    .branch = self->branch,
    .employee = self->employee,
    .modified_since = self->modified_since,
    .search = self->search,
  };
}

static void
set_error (MaAuditListModel *self,
           GError           *error)
{
  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static guint
count_items (MaAuditListModel *self)
{
  MaAuditFilter filter;
  GError *error = NULL;
  guint count = 0;

  fill_filter (self, &filter);
  if (!ma_store_count_audits (self->store, &filter, &count, &error))
    {
      set_error (self, error);
      return 0;
    }
  if (self->error != NULL)
    set_error (self, NULL);
  return count;
}

/* Keeps the cache small: the page farthest from the one in use goes. */
static void
drop_far_pages (MaAuditListModel *self,
                guint             near)
{
  while (g_hash_table_size (self->pages) > MA_AUDIT_LIST_MODEL_MAX_PAGES)
    {
      GHashTableIter iter;
      gpointer key;
      guint farthest = near;
      guint farthest_distance = 0;

      g_hash_table_iter_init (&iter, self->pages);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          guint page = GPOINTER_TO_UINT (key);
          guint distance = page > near ? page - near : near - page;

          if (distance > farthest_distance)
            {
              farthest = page;
              farthest_distance = distance;
            }
        }
      g_hash_table_remove (self->pages, GUINT_TO_POINTER (farthest));
    }
}

static GPtrArray *
load_page (MaAuditListModel *self,
           guint             page)
{
  g_autoptr(GPtrArray) rows = NULL;
  GPtrArray *items;
  MaAuditFilter filter;
  GError *error = NULL;

  fill_filter (self, &filter);
  filter.offset = page * MA_AUDIT_LIST_MODEL_PAGE_SIZE;
  filter.limit = MA_AUDIT_LIST_MODEL_PAGE_SIZE;
  rows = ma_store_list_audits (self->store, &filter, &error);
  if (rows == NULL)
    {
      set_error (self, error);
      return NULL;
    }

  items = g_ptr_array_new_full (rows->len, g_object_unref);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (items, ma_audit_item_new (g_ptr_array_index (rows, i)));
  /* Page keys are page + 1 so that page 0 is not the NULL key. */
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page + 1), items);
  drop_far_pages (self, page + 1);
  return items;
}

static GType
ma_audit_list_model_get_item_type (GListModel *model)
{
  return MA_TYPE_AUDIT_ITEM;
}

static guint
ma_audit_list_model_get_n_items (GListModel *model)
{
  return MA_AUDIT_LIST_MODEL (model)->n_items;
}

static gpointer
ma_audit_list_model_get_item (GListModel *model,
                              guint       position)
{
  MaAuditListModel *self = MA_AUDIT_LIST_MODEL (model);
  guint page = position / MA_AUDIT_LIST_MODEL_PAGE_SIZE;
  guint index = position % MA_AUDIT_LIST_MODEL_PAGE_SIZE;
  GPtrArray *items;

  if (position >= self->n_items)
    return NULL;

  items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page + 1));
  if (items == NULL)
    items = load_page (self, page);

  if (items == NULL || index >= items->len)
    {
      /* The page could not be read, or the database lost rows since it was
       * counted (another program wrote to it): a list model must still
       * give an item for every position it announced. */
      static const MaAuditSummary unknown = { .score = NAN };

      if (items != NULL && self->error == NULL)
        set_error (self, g_error_new (MA_STORE_ERROR, MA_STORE_ERROR_BACKEND,
                                      _("The audit list changed while it was read; refresh it")));
      return ma_audit_item_new (&unknown);
    }

  return g_object_ref (g_ptr_array_index (items, index));
}

static void
ma_audit_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = ma_audit_list_model_get_item_type;
  iface->get_n_items = ma_audit_list_model_get_n_items;
  iface->get_item = ma_audit_list_model_get_item;
}

static void
clear_filter (MaAuditListModel *self)
{
  self->status_mask = 0;
  g_clear_pointer (&self->period_from, g_free);
  g_clear_pointer (&self->period_to, g_free);
  g_clear_pointer (&self->branch, g_free);
  g_clear_pointer (&self->employee, g_free);
  g_clear_pointer (&self->modified_since, g_free);
  g_clear_pointer (&self->search, g_free);
}

static void
ma_audit_list_model_dispose (GObject *object)
{
  MaAuditListModel *self = MA_AUDIT_LIST_MODEL (object);

  g_hash_table_remove_all (self->pages);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ma_audit_list_model_parent_class)->dispose (object);
}

static void
ma_audit_list_model_finalize (GObject *object)
{
  MaAuditListModel *self = MA_AUDIT_LIST_MODEL (object);

  clear_filter (self);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (ma_audit_list_model_parent_class)->finalize (object);
}

static void
ma_audit_list_model_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  MaAuditListModel *self = MA_AUDIT_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_audit_list_model_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  MaAuditListModel *self = MA_AUDIT_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_audit_list_model_constructed (GObject *object)
{
  MaAuditListModel *self = MA_AUDIT_LIST_MODEL (object);

  G_OBJECT_CLASS (ma_audit_list_model_parent_class)->constructed (object);

  g_return_if_fail (MA_IS_STORE (self->store));
  self->n_items = count_items (self);
}

static void
ma_audit_list_model_class_init (MaAuditListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ma_audit_list_model_dispose;
  object_class->finalize = ma_audit_list_model_finalize;
  object_class->get_property = ma_audit_list_model_get_property;
  object_class->set_property = ma_audit_list_model_set_property;
  object_class->constructed = ma_audit_list_model_constructed;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MA_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ma_audit_list_model_init (MaAuditListModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
}

MaAuditListModel *
ma_audit_list_model_new (MaStore *store)
{
  g_return_val_if_fail (MA_IS_STORE (store), NULL);

  return g_object_new (MA_TYPE_AUDIT_LIST_MODEL, "store", store, NULL);
}

MaStore *
ma_audit_list_model_get_store (MaAuditListModel *self)
{
  g_return_val_if_fail (MA_IS_AUDIT_LIST_MODEL (self), NULL);

  return self->store;
}

void
ma_audit_list_model_refresh (MaAuditListModel *self)
{
  guint old_n_items;

  g_return_if_fail (MA_IS_AUDIT_LIST_MODEL (self));

  old_n_items = self->n_items;
  g_hash_table_remove_all (self->pages);
  self->n_items = count_items (self);

  if (old_n_items != 0 || self->n_items != 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, self->n_items);
  if (old_n_items != self->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static gboolean
filter_equals (MaAuditListModel    *self,
               const MaAuditFilter *filter)
{
  static const MaAuditFilter everything = { 0 };

  if (filter == NULL)
    filter = &everything;
  return self->status_mask == filter->status_mask
         && g_strcmp0 (self->period_from, filter->period_from) == 0
         && g_strcmp0 (self->period_to, filter->period_to) == 0
         && g_strcmp0 (self->branch, filter->branch) == 0
         && g_strcmp0 (self->employee, filter->employee) == 0
         && g_strcmp0 (self->modified_since, filter->modified_since) == 0
         && g_strcmp0 (self->search, filter->search) == 0;
}

void
ma_audit_list_model_set_filter (MaAuditListModel    *self,
                                const MaAuditFilter *filter)
{
  g_return_if_fail (MA_IS_AUDIT_LIST_MODEL (self));

  /* The same filter again (the audit list applies its own when it gets
   * the model) would count and reload for nothing. */
  if (filter_equals (self, filter))
    return;
  clear_filter (self);
  if (filter != NULL)
    {
      self->status_mask = filter->status_mask;
      self->period_from = g_strdup (filter->period_from);
      self->period_to = g_strdup (filter->period_to);
      self->branch = g_strdup (filter->branch);
      self->employee = g_strdup (filter->employee);
      self->modified_since = g_strdup (filter->modified_since);
      self->search = g_strdup (filter->search);
    }
  ma_audit_list_model_refresh (self);
}

const GError *
ma_audit_list_model_get_error (MaAuditListModel *self)
{
  g_return_val_if_fail (MA_IS_AUDIT_LIST_MODEL (self), NULL);

  return self->error;
}

guint
ma_audit_list_model_get_n_loaded (MaAuditListModel *self)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_return_val_if_fail (MA_IS_AUDIT_LIST_MODEL (self), 0);

  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += ((GPtrArray *) value)->len;
  return n;
}

/* Months as numbers (year * 12 + month - 1), so that halves are easy. */
static gboolean
period_to_month (const char *period,
                 int        *month)
{
  if (period == NULL || !ma_period_is_valid (period))
    return FALSE;
  *month = atoi (period) * 12 + atoi (period + 5) - 1;
  return TRUE;
}

static char *
month_to_period (int month)
{
  return g_strdup_printf ("%04d-%02d", month / 12, month % 12 + 1);
}

static gboolean
count_months (MaStore  *store,
              int       from,
              int       to,
              guint    *count,
              GError  **error)
{
  g_autofree char *period_from = month_to_period (from);
  g_autofree char *period_to = month_to_period (to);
  MaAuditFilter filter = { .period_from = period_from, .period_to = period_to };

  return ma_store_count_audits (store, &filter, count, error);
}

/* Adds the months in [from, to] that have audits, newest first, given that
 * the range holds @count audits. */
static gboolean
collect_months (MaStore    *store,
                int         from,
                int         to,
                guint       count,
                GPtrArray  *periods,
                GError    **error)
{
  int middle;
  guint newer;

  if (count == 0)
    return TRUE;
  if (from == to)
    {
      g_ptr_array_add (periods, month_to_period (from));
      return TRUE;
    }

  middle = from + (to - from) / 2;
  if (!count_months (store, middle + 1, to, &newer, error))
    return FALSE;
  return collect_months (store, middle + 1, to, newer, periods, error)
         && collect_months (store, from, middle, count - MIN (newer, count), periods, error);
}

static gboolean
read_end_period (MaStore  *store,
                 guint     offset,
                 int      *month,
                 GError  **error)
{
  MaAuditFilter filter = { .offset = offset, .limit = 1 };
  g_autoptr(GPtrArray) rows = ma_store_list_audits (store, &filter, error);
  MaAuditSummary *row;

  if (rows == NULL)
    return FALSE;
  if (rows->len == 0)
    {
      g_set_error (error, MA_STORE_ERROR, MA_STORE_ERROR_BACKEND,
                   _("The audit list changed while it was read; refresh it"));
      return FALSE;
    }
  row = g_ptr_array_index (rows, 0);
  if (!period_to_month (row->period, month))
    {
      g_set_error (error, MA_STORE_ERROR, MA_STORE_ERROR_BACKEND,
                   _("Audit %s: the visit month “%s” is not a valid month"),
                   row->uuid, row->period ? row->period : "");
      return FALSE;
    }
  return TRUE;
}

GStrv
ma_audit_list_model_list_periods (MaStore  *store,
                                  GError  **error)
{
  g_autoptr(GPtrArray) periods = g_ptr_array_new_with_free_func (g_free);
  MaAuditFilter everything = { 0 };
  guint count = 0, in_range = 0;
  int newest, oldest;

  g_return_val_if_fail (MA_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (MA_STORE_GET_IFACE (store)->list_periods != NULL)
    {
      g_autoptr(GPtrArray) listed = ma_store_list_periods (store, error);

      if (listed == NULL)
        return NULL;
      for (guint i = 0; i < listed->len; i++)
        if (ma_period_is_valid (g_ptr_array_index (listed, i)))
          g_ptr_array_add (periods, g_strdup (g_ptr_array_index (listed, i)));
      g_ptr_array_add (periods, NULL);
      return (GStrv) g_ptr_array_steal (periods, NULL);
    }

  if (!ma_store_count_audits (store, &everything, &count, error))
    return NULL;
  if (count > 0)
    {
      /* The store orders by the instant of the visit, the month is the
       * visit's local one: the two ends can be a month off either way. */
      if (!read_end_period (store, 0, &newest, error)
          || !read_end_period (store, count - 1, &oldest, error))
        return NULL;
      newest = MIN (newest + 1, 9999 * 12 + 11);
      oldest = MAX (oldest - 1, 12);
      if (oldest > newest)
        {
          int swap = oldest;
          oldest = newest;
          newest = swap;
        }
      if (!count_months (store, oldest, newest, &in_range, error)
          || !collect_months (store, oldest, newest, in_range, periods, error))
        return NULL;
    }

  g_ptr_array_add (periods, NULL);
  return (GStrv) g_ptr_array_steal (periods, NULL);
}
