/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ma-fairness-view.h"

struct _MaFairnessView
{
  AdwBin             parent_instance;

  AdwViewStack      *stack;
  MaDisputesView    *disputes_view;
  MaCalibrationView *calibration_view;
  MaTrainingView    *training_view;

  MaStore           *store;
};

G_DEFINE_FINAL_TYPE (MaFairnessView, ma_fairness_view, ADW_TYPE_BIN)

/* Like the Reports pages: each reads when first shown. */
static void
page_changed_cb (MaFairnessView *self)
{
  const char *page = adw_view_stack_get_visible_child_name (self->stack);

  if (self->store == NULL || page == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  if (g_str_equal (page, "disputes"))
    ma_disputes_view_set_store (self->disputes_view, self->store);
  else if (g_str_equal (page, "auditors"))
    ma_calibration_view_set_store (self->calibration_view, self->store);
  else if (g_str_equal (page, "training"))
    ma_training_view_set_store (self->training_view, self->store);
}

static void
ma_fairness_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ma_fairness_view_parent_class)->map (widget);
  page_changed_cb (MA_FAIRNESS_VIEW (widget));
}

static void
ma_fairness_view_dispose (GObject *object)
{
  MaFairnessView *self = MA_FAIRNESS_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MA_TYPE_FAIRNESS_VIEW);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ma_fairness_view_parent_class)->dispose (object);
}

static void
ma_fairness_view_class_init (MaFairnessViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_fairness_view_dispose;
  widget_class->map = ma_fairness_view_map;

  g_type_ensure (MA_TYPE_DISPUTES_VIEW);
  g_type_ensure (MA_TYPE_CALIBRATION_VIEW);
  g_type_ensure (MA_TYPE_TRAINING_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mysteryaudit/MysteryAudit/ui/ma-fairness-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MaFairnessView, stack);
  gtk_widget_class_bind_template_child (widget_class, MaFairnessView, disputes_view);
  gtk_widget_class_bind_template_child (widget_class, MaFairnessView, calibration_view);
  gtk_widget_class_bind_template_child (widget_class, MaFairnessView, training_view);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);
}

static void
ma_fairness_view_init (MaFairnessView *self)
{
  const char *page = g_getenv ("MA_REPORTS_PAGE");

  gtk_widget_init_template (GTK_WIDGET (self));
  /* MA_REPORTS_PAGE=auditors opens this page on Auditors: for screenshots. */
  if (page != NULL && adw_view_stack_get_child_by_name (self->stack, page) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, page);
}

void
ma_fairness_view_set_store (MaFairnessView *self,
                            MaStore        *store)
{
  g_return_if_fail (MA_IS_FAIRNESS_VIEW (self));

  g_set_object (&self->store, store);
  page_changed_cb (self);
}

gboolean
ma_fairness_view_show (MaFairnessView *self,
                       const char     *page)
{
  g_return_val_if_fail (MA_IS_FAIRNESS_VIEW (self), FALSE);

  if (page == NULL || adw_view_stack_get_child_by_name (self->stack, page) == NULL)
    return FALSE;
  adw_view_stack_set_visible_child_name (self->stack, page);
  page_changed_cb (self);
  return TRUE;
}

const char *
ma_fairness_view_get_page (MaFairnessView *self)
{
  g_return_val_if_fail (MA_IS_FAIRNESS_VIEW (self), NULL);
  return adw_view_stack_get_visible_child_name (self->stack);
}

MaDisputesView *
ma_fairness_view_get_disputes_view (MaFairnessView *self)
{
  g_return_val_if_fail (MA_IS_FAIRNESS_VIEW (self), NULL);
  return self->disputes_view;
}

MaCalibrationView *
ma_fairness_view_get_calibration_view (MaFairnessView *self)
{
  g_return_val_if_fail (MA_IS_FAIRNESS_VIEW (self), NULL);
  return self->calibration_view;
}

MaTrainingView *
ma_fairness_view_get_training_view (MaFairnessView *self)
{
  g_return_val_if_fail (MA_IS_FAIRNESS_VIEW (self), NULL);
  return self->training_view;
}

void
ma_fairness_view_record_dispute (MaFairnessView *self,
                                 GtkWindow      *parent,
                                 const char     *employee,
                                 const char     *period)
{
  g_return_if_fail (MA_IS_FAIRNESS_VIEW (self));

  if (self->store == NULL)
    return;
  /* The page may never have been shown: it gets the store first. */
  ma_disputes_view_set_store (self->disputes_view, self->store);
  ma_disputes_view_record (self->disputes_view, parent, employee, period);
}
