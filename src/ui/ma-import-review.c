/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ma-bundle.h"
#include "ma-import-review.h"

struct _MaImportReview
{
  AdwWindow             parent_instance;

  AdwPreferencesPage   *page;
  AdwPreferencesGroup  *summary_group;
  AdwActionRow         *error_row;
  GtkWidget            *import_button;

  MaStore              *store;
  GStrv                 paths;
  gboolean              approve_audits;
  GPtrArray            *reports;   /* of MaBundleReport: the last dry run */
  GError               *error;     /* why the dry run could not run */
  GPtrArray            *groups;    /* the per-file groups shown */
};

G_DEFINE_FINAL_TYPE (MaImportReview, ma_import_review, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_APPROVE_AUDITS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
kind_label (MaBundleKind kind)
{
  switch (kind)
    {
    case MA_BUNDLE_KIND_REGION:
      return _("Regions");
    case MA_BUNDLE_KIND_BRANCH:
      return _("Branches");
    case MA_BUNDLE_KIND_EMPLOYEE:
      return _("Employees");
    case MA_BUNDLE_KIND_TEMPLATE:
      return _("Templates");
    case MA_BUNDLE_KIND_SCHEME:
      return _("Bonus schemes");
    case MA_BUNDLE_KIND_KPI:
      return _("KPI figures");
    case MA_BUNDLE_KIND_AUDIT:
      return _("Audits");
    case MA_BUNDLE_N_KINDS:
    default:
      return "";
    }
}

/* "2 added, 1 updated, 3 unchanged" without the parts that are 0. */
static char *
format_counts (const MaBundleCounts *counts)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (counts->added > 0)
    /* TRANSLATORS: records of one kind a bundle adds to the database */
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u added", "%u added", counts->added),
                                             counts->added));
  if (counts->updated > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u updated", "%u updated", counts->updated),
                                             counts->updated));
  if (counts->identical > 0)
    /* TRANSLATORS: records already in the database exactly as in the bundle */
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u already there, skipped",
                                                       "%u already there, skipped",
                                                       counts->identical),
                                             counts->identical));
  g_ptr_array_add (parts, NULL);
  /* TRANSLATORS: the separator between "2 added" and "1 updated" */
  return g_strjoinv (_(", "), (char **) parts->pdata);
}

static GtkWidget *
new_row (const char *title,
         const char *subtitle,
         const char *icon_name)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  g_autofree char *escaped_subtitle = subtitle ? g_markup_escape_text (subtitle, -1) : NULL;

  /* Row titles are markup; bundle text never is. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  if (escaped_subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_subtitle);
  if (icon_name != NULL)
    adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon_name);
  return row;
}

static char *
describe_source (const MaBundleReport *report)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (report->source_device != NULL && report->source_auditor != NULL)
    /* TRANSLATORS: a bundle's origin: a laptop's name and the auditor */
    g_string_append_printf (text, _("From %s (%s)"), report->source_device, report->source_auditor);
  else if (report->source_device != NULL || report->source_auditor != NULL)
    g_string_append_printf (text, _("From %s"),
                            report->source_device ? report->source_device : report->source_auditor);
  if (report->created != NULL)
    {
      g_autoptr(GDateTime) created = g_date_time_new_from_iso8601 (report->created, NULL);
      g_autofree char *when = created ? g_date_time_format (created, "%x %H:%M") : g_strdup (report->created);

      if (text->len > 0)
        g_string_append (text, _(", "));
      /* TRANSLATORS: when the bundle was made */
      g_string_append_printf (text, _("made %s"), when);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
build_group (MaImportReview       *self,
             const MaBundleReport *report)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *name = g_path_get_basename (report->file_name);
  g_autofree char *escaped_name = g_markup_escape_text (name, -1);
  g_autofree char *source = describe_source (report);
  g_autofree char *escaped_source = g_markup_escape_text (source, -1);
  gboolean any = FALSE;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), escaped_name);
  gtk_widget_set_tooltip_text (group, report->file_name);

  if (report->refusal != NULL)
    {
      GtkWidget *row = new_row (report->refusal->message,
                                _("Refused: nothing from this file is imported"),
                                "dialog-error-symbolic");

      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), escaped_source);
      gtk_widget_add_css_class (row, "error");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      return group;
    }

  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), escaped_source);
  for (guint kind = 0; kind < MA_BUNDLE_N_KINDS; kind++)
    {
      const MaBundleCounts *counts = &report->counts[kind];
      g_autofree char *text = NULL;

      if (counts->added + counts->updated + counts->identical == 0)
        continue;
      text = format_counts (counts);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), new_row (kind_label (kind), text, NULL));
      any = TRUE;
    }
  if (!any)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               new_row (_("Nothing to import"), _("The bundle is empty"), NULL));
  if (report->approved > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u submitted audit is approved",
                                                         "%u submitted audits are approved",
                                                         report->approved),
                                               report->approved);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 new_row (text, NULL, "emblem-ok-symbolic"));
    }
  for (guint i = 0; i < report->conflicts->len; i++)
    {
      const MaBundleConflict *conflict = g_ptr_array_index (report->conflicts, i);
      /* TRANSLATORS: an audit of the bundle that is not written; %s is its
       * place in the bundle, as in "audits[3]" */
      g_autofree char *title = g_strdup_printf (_("Conflict: %s is not imported"), conflict->path);
      GtkWidget *row = new_row (title, conflict->reason, "dialog-warning-symbolic");

      gtk_widget_add_css_class (row, "warning");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  for (guint i = 0; i < report->warnings->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               new_row (g_ptr_array_index (report->warnings, i), _("Warning"),
                                        "dialog-information-symbolic"));
  return group;
}

static void
show_summary (MaImportReview *self)
{
  guint total = self->reports != NULL ? self->reports->len : 0;
  guint accepted = ma_import_review_get_n_accepted (self);
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *button = NULL;

  title = g_strdup_printf (ngettext ("%u Bundle", "%u Bundles", total), total);
  if (self->reports == NULL)
    description = g_strdup (_("The bundles cannot be checked against the database."));
  else if (accepted == total)
    /* One bundle or several: two sentences, not a plural form (a plural
     * form of some languages also covers 21, 31...). */
    description = g_strdup (total == 1 ? _("Nothing is written until you choose Import.")
                                       : _("Nothing is written until you choose Import; then all of them "
                                           "are imported together, or none."));
  else if (accepted == 0)
    description = g_strdup (total == 1 ? _("The bundle is refused: there is nothing to import.")
                                       : _("Every bundle is refused: there is nothing to import."));
  else
    description = g_strdup_printf (ngettext ("%u refused bundle is left out. Nothing is written until "
                                             "you choose Import; then the others are imported "
                                             "together, or none.",
                                             "%u refused bundles are left out. Nothing is written "
                                             "until you choose Import; then the others are imported "
                                             "together, or none.",
                                             total - accepted),
                                   total - accepted);
  adw_preferences_group_set_title (self->summary_group, title);
  adw_preferences_group_set_description (self->summary_group, description);

  /* TRANSLATORS: the button that writes the reviewed bundles */
  button = g_strdup_printf (ngettext ("_Import %u Bundle", "_Import %u Bundles", accepted), accepted);
  gtk_button_set_label (GTK_BUTTON (self->import_button), button);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.import", accepted > 0);
}

static void
show_error (MaImportReview *self,
            const char     *message)
{
  g_autofree char *escaped = message ? g_markup_escape_text (message, -1) : NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->error_row), message != NULL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->error_row), escaped ? escaped : "");
}

/* Runs the dry run again (the option changed, or the database did) and
 * shows its reports. */
static void
review (MaImportReview *self)
{
  MaBundleImportOptions options = { .approve_audits = self->approve_audits, .dry_run = TRUE };

  for (guint i = 0; i < self->groups->len; i++)
    adw_preferences_page_remove (self->page, g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);
  g_clear_pointer (&self->reports, g_ptr_array_unref);
  g_clear_error (&self->error);

  /* FALSE when a file is refused: the reports say which; only a dry run
   * without reports failed as a whole (a busy or read-only database). */
  ma_bundle_import_many (self->store, (const char * const *) self->paths, &options, &self->reports,
                         &self->error);
  if (self->reports != NULL)
    g_clear_error (&self->error);
  show_error (self, self->error ? self->error->message : NULL);

  for (guint i = 0; self->reports != NULL && i < self->reports->len; i++)
    {
      GtkWidget *group = build_group (self, g_ptr_array_index (self->reports, i));

      adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (group));
      g_ptr_array_add (self->groups, group);
    }
  show_summary (self);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MaImportReview *self = MA_IMPORT_REVIEW (widget);
  MaBundleImportOptions options = { .approve_audits = self->approve_audits, .who = g_get_user_name () };
  g_autoptr(GPtrArray) accepted = g_ptr_array_new ();
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GError) error = NULL;

  if (self->reports == NULL)
    return;
  for (guint i = 0; i < self->reports->len; i++)
    {
      const MaBundleReport *report = g_ptr_array_index (self->reports, i);

      if (report->refusal == NULL)
        g_ptr_array_add (accepted, report->file_name);
    }
  if (accepted->len == 0)
    return;
  g_ptr_array_add (accepted, NULL);

  if (!ma_bundle_import_many (self->store, (const char * const *) accepted->pdata, &options, &reports,
                              &error))
    {
      g_autofree char *message = NULL;

      /* Nothing was written. The database may have changed since the
       * review (another import, the command-line tool): review again. */
      review (self);
      message = g_strdup_printf (_("Nothing was imported: %s"), error->message);
      show_error (self, message);
      return;
    }

  g_signal_emit (self, signals[IMPORTED], 0, reports);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}

static void
ma_import_review_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MaImportReview *self = MA_IMPORT_REVIEW (object);

  switch (prop_id)
    {
    case PROP_APPROVE_AUDITS:
      g_value_set_boolean (value, self->approve_audits);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_import_review_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  MaImportReview *self = MA_IMPORT_REVIEW (object);

  switch (prop_id)
    {
    case PROP_APPROVE_AUDITS:
      ma_import_review_set_approve_audits (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_import_review_dispose (GObject *object)
{
  MaImportReview *self = MA_IMPORT_REVIEW (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->paths, g_strfreev);
  g_clear_pointer (&self->reports, g_ptr_array_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (ma_import_review_parent_class)->dispose (object);
}

static void
ma_import_review_class_init (MaImportReviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ma_import_review_get_property;
  object_class->set_property = ma_import_review_set_property;
  object_class->dispose = ma_import_review_dispose;

  properties[PROP_APPROVE_AUDITS] =
    g_param_spec_boolean ("approve-audits", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mysteryaudit/MysteryAudit/ui/ma-import-review.ui");
  gtk_widget_class_bind_template_child (widget_class, MaImportReview, page);
  gtk_widget_class_bind_template_child (widget_class, MaImportReview, summary_group);
  gtk_widget_class_bind_template_child (widget_class, MaImportReview, error_row);
  gtk_widget_class_bind_template_child (widget_class, MaImportReview, import_button);

  gtk_widget_class_install_action (widget_class, "review.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "review.cancel", NULL, cancel_action);
  gtk_widget_class_install_property_action (widget_class, "review.approve-audits", "approve-audits");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "review.cancel", NULL);
}

static void
ma_import_review_init (MaImportReview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->groups = g_ptr_array_new ();
}

MaImportReview *
ma_import_review_new (GtkWindow          *parent,
                      MaStore            *store,
                      const char * const *paths)
{
  MaImportReview *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (MA_IS_STORE (store), NULL);
  g_return_val_if_fail (paths != NULL, NULL);

  self = g_object_new (MA_TYPE_IMPORT_REVIEW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->paths = g_strdupv ((char **) paths);
  review (self);
  return self;
}

GPtrArray *
ma_import_review_get_reports (MaImportReview *self)
{
  g_return_val_if_fail (MA_IS_IMPORT_REVIEW (self), NULL);
  return self->reports;
}

const GError *
ma_import_review_get_error (MaImportReview *self)
{
  g_return_val_if_fail (MA_IS_IMPORT_REVIEW (self), NULL);
  return self->error;
}

guint
ma_import_review_get_n_accepted (MaImportReview *self)
{
  guint n = 0;

  g_return_val_if_fail (MA_IS_IMPORT_REVIEW (self), 0);

  for (guint i = 0; self->reports != NULL && i < self->reports->len; i++)
    if (((const MaBundleReport *) g_ptr_array_index (self->reports, i))->refusal == NULL)
      n++;
  return n;
}

gboolean
ma_import_review_get_approve_audits (MaImportReview *self)
{
  g_return_val_if_fail (MA_IS_IMPORT_REVIEW (self), FALSE);
  return self->approve_audits;
}

void
ma_import_review_set_approve_audits (MaImportReview *self,
                                     gboolean        approve)
{
  g_return_if_fail (MA_IS_IMPORT_REVIEW (self));

  approve = !!approve;
  if (self->approve_audits == approve)
    return;
  self->approve_audits = approve;
  /* Approving changes what the import does (and can refuse an audit of
   * a closed month): the review shows it. */
  if (self->store != NULL)
    review (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPROVE_AUDITS]);
}
