/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ma-pay-view.h"

struct _MaPayView
{
  AdwBin          parent_instance;

  AdwViewStack   *stack;
  MaKpiGrid      *kpi_grid;
  MaSchemeEditor *scheme_editor;

  /* Given to the pages when the view is first shown: a window that is
   * never asked about pay does not compute a month's bonus. */
  MaStore        *pending_store;
  gboolean        read_only;
};

G_DEFINE_FINAL_TYPE (MaPayView, ma_pay_view, ADW_TYPE_BIN)

static void
apply_read_only (MaPayView *self)
{
  ma_kpi_grid_set_read_only (self->kpi_grid, self->read_only);
  ma_scheme_editor_set_read_only (self->scheme_editor, self->read_only);
}

static void
ensure_store (MaPayView *self)
{
  g_autoptr(MaStore) store = g_steal_pointer (&self->pending_store);

  if (store == NULL)
    return;
  ma_kpi_grid_set_store (self->kpi_grid, store);
  ma_scheme_editor_set_store (self->scheme_editor, store);
}

void
ma_pay_view_set_store (MaPayView *self,
                       MaStore   *store)
{
  g_return_if_fail (MA_IS_PAY_VIEW (self));
  g_return_if_fail (MA_IS_STORE (store));

  g_set_object (&self->pending_store, store);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    ensure_store (self);
}

static void
ma_pay_view_map (GtkWidget *widget)
{
  ensure_store (MA_PAY_VIEW (widget));
  GTK_WIDGET_CLASS (ma_pay_view_parent_class)->map (widget);
}

static void
ma_pay_view_dispose (GObject *object)
{
  g_clear_object (&MA_PAY_VIEW (object)->pending_store);
  G_OBJECT_CLASS (ma_pay_view_parent_class)->dispose (object);
}

void
ma_pay_view_set_page (MaPayView  *self,
                      const char *page)
{
  g_return_if_fail (MA_IS_PAY_VIEW (self));

  ensure_store (self);
  adw_view_stack_set_visible_child_name (self->stack, page);
}

MaKpiGrid *
ma_pay_view_get_kpi_grid (MaPayView *self)
{
  g_return_val_if_fail (MA_IS_PAY_VIEW (self), NULL);
  ensure_store (self);
  return self->kpi_grid;
}

MaSchemeEditor *
ma_pay_view_get_scheme_editor (MaPayView *self)
{
  g_return_val_if_fail (MA_IS_PAY_VIEW (self), NULL);
  ensure_store (self);
  return self->scheme_editor;
}

/* ---- a read-only database ----------------------------------------------- */

enum {
  PROP_RO_0,
  PROP_READ_ONLY,
  N_RO_PROPS
};

static GParamSpec *ro_properties[N_RO_PROPS];

static void
ma_pay_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_READ_ONLY:
      g_value_set_boolean (value, MA_PAY_VIEW (object)->read_only);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_pay_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_READ_ONLY:
      ma_pay_view_set_read_only (MA_PAY_VIEW (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

void
ma_pay_view_set_read_only (MaPayView *self,
                          gboolean   read_only)
{
  g_return_if_fail (MA_IS_PAY_VIEW (self));

  read_only = !!read_only;
  if (self->read_only == read_only)
    return;
  self->read_only = read_only;
  apply_read_only (self);
  g_object_notify_by_pspec (G_OBJECT (self), ro_properties[PROP_READ_ONLY]);
}

gboolean
ma_pay_view_get_read_only (MaPayView *self)
{
  g_return_val_if_fail (MA_IS_PAY_VIEW (self), FALSE);
  return self->read_only;
}

static void
ma_pay_view_class_init (MaPayViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ma_pay_view_dispose;
  object_class->get_property = ma_pay_view_get_property;
  object_class->set_property = ma_pay_view_set_property;
  /* The window binds it to its own "read-only": the database cannot be
   * written, so nothing here offers to. */
  ro_properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_RO_PROPS, ro_properties);
  widget_class->map = ma_pay_view_map;
  g_type_ensure (MA_TYPE_KPI_GRID);
  g_type_ensure (MA_TYPE_SCHEME_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mysteryaudit/MysteryAudit/ui/ma-pay-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MaPayView, stack);
  gtk_widget_class_bind_template_child (widget_class, MaPayView, kpi_grid);
  gtk_widget_class_bind_template_child (widget_class, MaPayView, scheme_editor);
}

static void
ma_pay_view_init (MaPayView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
