/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ma-audits-page.h"

struct _MaAuditsPage
{
  GtkWidget      parent_instance;

  GtkStack      *stack;
  GtkRevealer   *drafts_revealer;
  GtkLabel      *drafts_label;
  GtkButton     *drafts_button;
  MaAuditList   *audit_list;
  AdwBin        *form_bin;

  MaStore       *store;
  MaDraftSaver  *saver;
  MaAuditForm   *form;          /* NULL while the list is shown */
  guint          n_drafts;
  char          *only_draft;    /* the uuid when there is exactly one */
  gboolean       compact;       /* the window's header leads back */
};

G_DEFINE_FINAL_TYPE (MaAuditsPage, ma_audits_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SUBTITLE,
  PROP_COMPACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
add_toast (MaAuditsPage *self,
           const char   *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
  else
    g_message ("%s", text);
}

/* Unfinished drafts come first: the auditor who was interrupted finds
 * hers before anything else. */
static void
update_drafts (MaAuditsPage *self)
{
  MaAuditFilter filter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint count = 0;

  g_clear_pointer (&self->only_draft, g_free);
  self->n_drafts = 0;
  filter.status_mask = 1u << MA_AUDIT_DRAFT;
  if (self->store != NULL && !ma_store_count_audits (self->store, &filter, &count, &error))
    g_debug ("Cannot count the drafts: %s", error->message);
  self->n_drafts = count;

  if (count == 1)
    {
      g_autoptr(GPtrArray) drafts = NULL;

      filter.limit = 1;
      drafts = ma_store_list_audits (self->store, &filter, NULL);
      if (drafts != NULL && drafts->len == 1)
        self->only_draft = g_strdup (((MaAuditSummary *) g_ptr_array_index (drafts, 0))->uuid);
    }

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "You have %u unfinished draft",
                                       "You have %u unfinished drafts", count),
                          count);
  gtk_label_set_text (self->drafts_label, text);
  gtk_button_set_label (self->drafts_button, self->only_draft != NULL ? _("_Continue") : _("_Show Drafts"));
  gtk_revealer_set_reveal_child (self->drafts_revealer, count > 0);
}

static void
form_notify_cb (MaAuditsPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
}

void
ma_audits_page_show_list (MaAuditsPage *self)
{
  MaAuditListModel *model;

  g_return_if_fail (MA_IS_AUDITS_PAGE (self));

  gtk_stack_set_visible_child_name (self->stack, "list");
  if (self->form != NULL)
    {
      /* Leaving writes at once (the form's unmap); the list reads after. */
      adw_bin_set_child (self->form_bin, NULL);
      self->form = NULL;
      if (self->saver != NULL)
        ma_draft_saver_wait (self->saver);
    }
  model = ma_audit_list_get_model (self->audit_list);
  if (model != NULL)
    ma_audit_list_model_refresh (model);
  update_drafts (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
}

static void
form_close_cb (MaAuditsPage *self)
{
  ma_audits_page_show_list (self);
}

static MaAuditForm *
new_form (MaAuditsPage *self)
{
  GtkWidget *form = ma_audit_form_new (self->store, self->saver);

  g_signal_connect_object (form, "close-request", G_CALLBACK (form_close_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (form, "notify::save-text", G_CALLBACK (form_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (form, "notify::status", G_CALLBACK (form_notify_cb), self, G_CONNECT_SWAPPED);
  return MA_AUDIT_FORM (form);
}

static void
show_form (MaAuditsPage *self,
           MaAuditForm  *form)
{
  adw_bin_set_child (self->form_bin, GTK_WIDGET (form));
  self->form = form;
  ma_audit_form_set_show_close_button (form, !self->compact);
  gtk_stack_set_visible_child_name (self->stack, "form");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
  ma_audit_form_focus_question (form, NULL);
}

gboolean
ma_audits_page_open_audit (MaAuditsPage  *self,
                           const char    *uuid,
                           GError       **error)
{
  MaAuditForm *form;

  g_return_val_if_fail (MA_IS_AUDITS_PAGE (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);

  form = g_object_ref_sink (new_form (self));
  if (!ma_audit_form_load (form, uuid, error))
    {
      g_object_unref (form);
      return FALSE;
    }
  if (self->form != NULL)
    adw_bin_set_child (self->form_bin, NULL);
  show_form (self, form);
  g_object_unref (form);
  return TRUE;
}

static void
audit_activated_cb (MaAuditsPage *self,
                    const char   *uuid)
{
  g_autoptr(GError) error = NULL;

  if (!ma_audits_page_open_audit (self, uuid, &error))
    add_toast (self, error->message);
}

static void
create_cb (MaAuditsPage     *self,
           MaAudit          *audit,
           MaNewAuditDialog *dialog)
{
  g_autoptr(GError) error = NULL;
  MaAuditForm *form = g_object_ref_sink (new_form (self));

  if (!ma_audit_form_start (form, audit, &error))
    {
      add_toast (self, error->message);
      g_object_unref (form);
      return;
    }
  if (self->form != NULL)
    adw_bin_set_child (self->form_bin, NULL);
  show_form (self, form);
  g_object_unref (form);
}

MaNewAuditDialog *
ma_audits_page_new_audit (MaAuditsPage *self)
{
  g_autoptr(GError) error = NULL;
  GtkRoot *root;
  MaNewAuditDialog *dialog;

  g_return_val_if_fail (MA_IS_AUDITS_PAGE (self), NULL);

  if (self->store == NULL)
    return NULL;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = ma_new_audit_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store, &error);
  if (dialog == NULL)
    {
      add_toast (self, error->message);
      return NULL;
    }
  g_signal_connect_object (dialog, "create", G_CALLBACK (create_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
new_audit_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ma_audits_page_new_audit (MA_AUDITS_PAGE (widget));
}

static void
show_drafts_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MaAuditsPage *self = MA_AUDITS_PAGE (widget);

  if (self->only_draft != NULL)
    {
      g_autofree char *uuid = g_strdup (self->only_draft);

      audit_activated_cb (self, uuid);
      return;
    }
  ma_audit_list_set_status_filter (self->audit_list, "draft");
  gtk_revealer_set_reveal_child (self->drafts_revealer, FALSE);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  audit_activated_cb (MA_AUDITS_PAGE (widget), g_variant_get_string (parameter, NULL));
}

void
ma_audits_page_set_store (MaAuditsPage *self,
                          MaStore      *store)
{
  g_return_if_fail (MA_IS_AUDITS_PAGE (self));
  g_return_if_fail (store == NULL || MA_IS_STORE (store));

  if (self->form != NULL)
    {
      adw_bin_set_child (self->form_bin, NULL);
      self->form = NULL;
    }
  g_clear_object (&self->saver);
  g_set_object (&self->store, store);
  if (store != NULL)
    self->saver = ma_draft_saver_new (store);
  ma_audit_list_set_store (self->audit_list, store);
  gtk_stack_set_visible_child_name (self->stack, "list");
  update_drafts (self);
}

MaAuditList *
ma_audits_page_get_audit_list (MaAuditsPage *self)
{
  g_return_val_if_fail (MA_IS_AUDITS_PAGE (self), NULL);
  return self->audit_list;
}

MaAuditForm *
ma_audits_page_get_form (MaAuditsPage *self)
{
  g_return_val_if_fail (MA_IS_AUDITS_PAGE (self), NULL);
  return self->form;
}

void
ma_audits_page_set_compact (MaAuditsPage *self,
                            gboolean      compact)
{
  g_return_if_fail (MA_IS_AUDITS_PAGE (self));

  compact = !!compact;
  if (self->compact == compact)
    return;
  self->compact = compact;
  if (self->form != NULL)
    ma_audit_form_set_show_close_button (self->form, !compact);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPACT]);
}

const char *
ma_audits_page_get_subtitle (MaAuditsPage *self)
{
  g_return_val_if_fail (MA_IS_AUDITS_PAGE (self), NULL);
  return self->form != NULL ? ma_audit_form_get_save_text (self->form) : NULL;
}

guint
ma_audits_page_get_n_drafts (MaAuditsPage *self)
{
  g_return_val_if_fail (MA_IS_AUDITS_PAGE (self), 0);
  return self->n_drafts;
}

static void
ma_audits_page_dispose (GObject *object)
{
  MaAuditsPage *self = MA_AUDITS_PAGE (object);

  self->form = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), MA_TYPE_AUDITS_PAGE);
  g_clear_object (&self->saver);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ma_audits_page_parent_class)->dispose (object);
}

static void
ma_audits_page_finalize (GObject *object)
{
  MaAuditsPage *self = MA_AUDITS_PAGE (object);

  g_free (self->only_draft);

  G_OBJECT_CLASS (ma_audits_page_parent_class)->finalize (object);
}

static void
ma_audits_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MaAuditsPage *self = MA_AUDITS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SUBTITLE:
      g_value_set_string (value, ma_audits_page_get_subtitle (self));
      break;
    case PROP_COMPACT:
      g_value_set_boolean (value, self->compact);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_audits_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MaAuditsPage *self = MA_AUDITS_PAGE (object);

  switch (prop_id)
    {
    case PROP_COMPACT:
      ma_audits_page_set_compact (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_audits_page_class_init (MaAuditsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_audits_page_dispose;
  object_class->finalize = ma_audits_page_finalize;
  object_class->get_property = ma_audits_page_get_property;
  object_class->set_property = ma_audits_page_set_property;

  properties[PROP_SUBTITLE] = g_param_spec_string ("subtitle", NULL, NULL, NULL,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* TRUE while the window is folded: its header's back button then closes
   * the form, and the form hides its own. */
  properties[PROP_COMPACT] = g_param_spec_boolean ("compact", NULL, NULL, FALSE,
                                                   G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MA_TYPE_AUDIT_LIST);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mysteryaudit/MysteryAudit/ui/ma-audits-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MaAuditsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MaAuditsPage, drafts_revealer);
  gtk_widget_class_bind_template_child (widget_class, MaAuditsPage, drafts_label);
  gtk_widget_class_bind_template_child (widget_class, MaAuditsPage, drafts_button);
  gtk_widget_class_bind_template_child (widget_class, MaAuditsPage, audit_list);
  gtk_widget_class_bind_template_child (widget_class, MaAuditsPage, form_bin);
  gtk_widget_class_bind_template_callback (widget_class, audit_activated_cb);

  gtk_widget_class_install_action (widget_class, "audits-page.new-audit", NULL, new_audit_action);
  gtk_widget_class_install_action (widget_class, "audits-page.show-drafts", NULL, show_drafts_action);
  gtk_widget_class_install_action (widget_class, "audits-page.open", "s", open_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ma_audits_page_init (MaAuditsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
