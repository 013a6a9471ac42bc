/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ma-reports-view.h"

struct _MaReportsView
{
  AdwBin            parent_instance;

  AdwViewStack     *stack;
  MaBonusView      *bonus_view;
  MaComparisonView *comparison_view;
  MaStandardsView  *standards_view;
  MaFairnessView   *fairness_view;

  MaStore          *store;
};

G_DEFINE_FINAL_TYPE (MaReportsView, ma_reports_view, ADW_TYPE_BIN)

/* Each page computes when first shown: opening the window costs nothing,
 * and a regional manager never waits for the bonus statements. */
static void
page_changed_cb (MaReportsView *self)
{
  const char *page = adw_view_stack_get_visible_child_name (self->stack);

  if (self->store == NULL || page == NULL)
    return;
  if (g_str_equal (page, "bonus"))
    ma_bonus_view_set_store (self->bonus_view, self->store);
  else if (g_str_equal (page, "comparison"))
    ma_comparison_view_set_store (self->comparison_view, self->store);
  else if (g_str_equal (page, "standards"))
    ma_standards_view_set_store (self->standards_view, self->store);
  else if (g_str_equal (page, "fairness"))
    ma_fairness_view_set_store (self->fairness_view, self->store);
}

/* A mark added or removed shows on the trend at once. */
static void
training_changed_cb (MaReportsView *self)
{
  ma_comparison_view_refresh (self->comparison_view);
}

static void
ma_reports_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ma_reports_view_parent_class)->map (widget);
  page_changed_cb (MA_REPORTS_VIEW (widget));
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ma_reports_view_show (MA_REPORTS_VIEW (widget), g_variant_get_string (parameter, NULL));
}

static void
ma_reports_view_dispose (GObject *object)
{
  MaReportsView *self = MA_REPORTS_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MA_TYPE_REPORTS_VIEW);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ma_reports_view_parent_class)->dispose (object);
}

static void
ma_reports_view_class_init (MaReportsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_reports_view_dispose;
  widget_class->map = ma_reports_view_map;

  g_type_ensure (MA_TYPE_BONUS_VIEW);
  g_type_ensure (MA_TYPE_COMPARISON_VIEW);
  g_type_ensure (MA_TYPE_STANDARDS_VIEW);
  g_type_ensure (MA_TYPE_FAIRNESS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mysteryaudit/MysteryAudit/ui/ma-reports-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MaReportsView, stack);
  gtk_widget_class_bind_template_child (widget_class, MaReportsView, bonus_view);
  gtk_widget_class_bind_template_child (widget_class, MaReportsView, comparison_view);
  gtk_widget_class_bind_template_child (widget_class, MaReportsView, standards_view);
  gtk_widget_class_bind_template_child (widget_class, MaReportsView, fairness_view);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);

  gtk_widget_class_install_action (widget_class, "reports.show", "s", show_page_action);
}

static void
ma_reports_view_init (MaReportsView *self)
{
  const char *page = g_getenv ("MA_REPORTS_PAGE");

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (ma_fairness_view_get_training_view (self->fairness_view), "changed",
                           G_CALLBACK (training_changed_cb), self, G_CONNECT_SWAPPED);
  /* MA_REPORTS_PAGE=comparison opens another page first: for screenshots. */
  if (page != NULL && adw_view_stack_get_child_by_name (self->stack, page) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, page);
  else if (page != NULL && ma_fairness_view_show (self->fairness_view, page))
    adw_view_stack_set_visible_child_name (self->stack, "fairness");
}

void
ma_reports_view_set_store (MaReportsView *self,
                           MaStore       *store)
{
  g_return_if_fail (MA_IS_REPORTS_VIEW (self));

  if (!g_set_object (&self->store, store))
    return;
  /* Reads nothing until shown; the employee statement records disputes
   * through it before that. */
  ma_fairness_view_set_store (self->fairness_view, store);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    page_changed_cb (self);
}

void
ma_reports_view_show (MaReportsView *self,
                      const char    *page)
{
  g_return_if_fail (MA_IS_REPORTS_VIEW (self));

  /* The Fairness page's own pages are shown by their names too. */
  if (adw_view_stack_get_child_by_name (self->stack, page) == NULL)
    {
      if (page == NULL || !ma_fairness_view_show (self->fairness_view, page))
        return;
      page = "fairness";
    }
  adw_view_stack_set_visible_child_name (self->stack, page);
  page_changed_cb (self);
}

const char *
ma_reports_view_get_page (MaReportsView *self)
{
  g_return_val_if_fail (MA_IS_REPORTS_VIEW (self), NULL);
  return adw_view_stack_get_visible_child_name (self->stack);
}

MaBonusView *
ma_reports_view_get_bonus_view (MaReportsView *self)
{
  g_return_val_if_fail (MA_IS_REPORTS_VIEW (self), NULL);
  return self->bonus_view;
}

MaComparisonView *
ma_reports_view_get_comparison_view (MaReportsView *self)
{
  g_return_val_if_fail (MA_IS_REPORTS_VIEW (self), NULL);
  return self->comparison_view;
}

MaStandardsView *
ma_reports_view_get_standards_view (MaReportsView *self)
{
  g_return_val_if_fail (MA_IS_REPORTS_VIEW (self), NULL);
  return self->standards_view;
}

MaDisputesView *
ma_reports_view_get_disputes_view (MaReportsView *self)
{
  g_return_val_if_fail (MA_IS_REPORTS_VIEW (self), NULL);
  return ma_fairness_view_get_disputes_view (self->fairness_view);
}

MaCalibrationView *
ma_reports_view_get_calibration_view (MaReportsView *self)
{
  g_return_val_if_fail (MA_IS_REPORTS_VIEW (self), NULL);
  return ma_fairness_view_get_calibration_view (self->fairness_view);
}

MaTrainingView *
ma_reports_view_get_training_view (MaReportsView *self)
{
  g_return_val_if_fail (MA_IS_REPORTS_VIEW (self), NULL);
  return ma_fairness_view_get_training_view (self->fairness_view);
}

MaFairnessView *
ma_reports_view_get_fairness_view (MaReportsView *self)
{
  g_return_val_if_fail (MA_IS_REPORTS_VIEW (self), NULL);
  return self->fairness_view;
}
