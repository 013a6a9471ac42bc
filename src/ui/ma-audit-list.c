/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <stdlib.h>

#include "ma-audit-list.h"
#include "ma-statement.h"
#include "ma-template-i18n.h"

struct _MaAuditList
{
  GtkWidget          parent_instance;

  GtkWidget         *box;
  GtkWidget         *filter_box;
  GtkWidget         *filter_separator;
  GtkSearchEntry    *search_entry;
  GtkDropDown       *status_dropdown;
  GtkDropDown       *branch_dropdown;
  GtkDropDown       *period_dropdown;
  GtkStack          *content_stack;
  GtkColumnView     *column_view;
  AdwStatusPage     *error_page;

  MaStore           *store;
  MaAuditListModel  *model;
  GHashTable        *branch_names;    /* code -> name */
  GHashTable        *employee_names;  /* code -> name */
  GHashTable        *template_names;  /* "key/version" -> name */
  GPtrArray         *branch_codes;    /* of the branch drop-down's items; "" first */
  GPtrArray         *periods;         /* of the month drop-down's items; "" first */

  char              *status_filter;
  char              *branch_filter;
  char              *period_filter;
  char              *search_text;
  /* While the controls follow the properties, their signals change nothing. */
  gboolean           syncing;
  /* While several filters change at once, the model is asked once. */
  gboolean           batching;
};

G_DEFINE_FINAL_TYPE (MaAuditList, ma_audit_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_STATUS_FILTER,
  PROP_BRANCH_FILTER,
  PROP_PERIOD_FILTER,
  PROP_SEARCH_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_AUDIT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The status drop-down's items, in order. */
static const struct {
  const char *value;
  const char *label;
} statuses[] = {
  { "", N_("All statuses") },
  { "draft", N_("Draft") },
  { "submitted", N_("Submitted") },
  { "approved", N_("Approved") },
  { "voided", N_("Voided") },
};

static const char *
status_label (MaAuditStatus status)
{
  const char *value = ma_audit_status_to_string (status);

  for (guint i = 1; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (statuses[i].value, value) == 0)
      return _(statuses[i].label);
  return value;
}

static char *
template_name_key (const char *key,
                   gint64      version)
{
  return g_strdup_printf ("%s/%" G_GINT64_FORMAT, key, version);
}

/* The visit as recorded, in the place's own time: an auditor in Vladivostok
 * and one in Kaliningrad both read the clock on the wall. */
static char *
format_visit (const char *visited_at)
{
  g_autoptr(GDateTime) time = NULL;

  if (visited_at == NULL)
    return g_strdup ("");
  time = g_date_time_new_from_iso8601 (visited_at, NULL);
  if (time == NULL)
    return g_strdup (visited_at);
  /* TRANSLATORS: the date and time of a visit, in the format of
   * g_date_time_format(); e.g. "%d.%m.%Y %H:%M" */
  return g_date_time_format (time, C_("date and time", "%Y-%m-%d %H:%M"));
}

/* Filters over an empty database would only be in the way. */
static void
set_page (MaAuditList *self,
          const char  *page)
{
  gboolean filters = g_strcmp0 (page, "empty") != 0;

  gtk_widget_set_visible (self->filter_box, filters);
  gtk_widget_set_visible (self->filter_separator, filters);
  gtk_stack_set_visible_child_name (self->content_stack, page);
}

static void
show_error (MaAuditList  *self,
            const GError *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);

  /* The status page reads its description as markup. */
  adw_status_page_set_description (self->error_page, escaped);
  set_page (self, "error");
}

static void
update_page (MaAuditList *self)
{
  const GError *error;
  MaAuditFilter everything = { 0 };
  g_autoptr(GError) count_error = NULL;
  guint total = 0;

  if (self->model == NULL)
    return;

  error = ma_audit_list_model_get_error (self->model);
  if (error != NULL)
    {
      show_error (self, error);
      return;
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    {
      set_page (self, "list");
      return;
    }
  /* Nothing passes: tell an empty database from filters that exclude all. */
  if (!ma_store_count_audits (self->store, &everything, &total, &count_error))
    {
      show_error (self, count_error);
      return;
    }
  set_page (self, total == 0 ? "empty" : "no-results");
}

static void
apply_filter (MaAuditList *self)
{
  MaAuditFilter filter = { 0 };
  MaAuditStatus status;

  if (self->model == NULL || self->batching)
    return;

  if (ma_audit_status_from_string (self->status_filter, &status))
    filter.status_mask = 1u << status;
  if (*self->branch_filter != '\0')
    filter.branch = self->branch_filter;
  if (*self->period_filter != '\0')
    filter.period_from = filter.period_to = self->period_filter;
  if (*self->search_text != '\0')
    filter.search = self->search_text;

  ma_audit_list_model_set_filter (self->model, &filter);
  update_page (self);
}

static guint
find_value (GPtrArray  *values,
            const char *value)
{
  guint index;

  if (values != NULL && g_ptr_array_find_with_equal_func (values, value, g_str_equal, &index))
    return index;
  return GTK_INVALID_LIST_POSITION;
}

static void
sync_dropdown (MaAuditList *self,
               GtkDropDown *dropdown,
               guint        position)
{
  if (gtk_drop_down_get_selected (dropdown) == position)
    return;
  self->syncing = TRUE;
  gtk_drop_down_set_selected (dropdown, position);
  self->syncing = FALSE;
}

/* Sets one filter property; FALSE when it did not change. */
static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

void
ma_audit_list_set_status_filter (MaAuditList *self,
                                 const char  *status)
{
  MaAuditStatus parsed;
  guint position = 0;

  g_return_if_fail (MA_IS_AUDIT_LIST (self));

  /* Anything but a status name means every status. */
  if (status == NULL || !ma_audit_status_from_string (status, &parsed))
    status = "";
  if (!replace_string (&self->status_filter, status))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_str_equal (statuses[i].value, status))
      position = i;
  sync_dropdown (self, self->status_dropdown, position);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_FILTER]);
  apply_filter (self);
}

void
ma_audit_list_set_branch_filter (MaAuditList *self,
                                 const char  *branch)
{
  g_return_if_fail (MA_IS_AUDIT_LIST (self));

  if (branch == NULL)
    branch = "";
  if (!replace_string (&self->branch_filter, branch))
    return;

  /* A code that is not in the directory still filters (to nothing), and
   * the drop-down then shows no choice rather than a wrong one. */
  sync_dropdown (self, self->branch_dropdown, find_value (self->branch_codes, branch));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BRANCH_FILTER]);
  apply_filter (self);
}

void
ma_audit_list_set_period_filter (MaAuditList *self,
                                 const char  *period)
{
  g_return_if_fail (MA_IS_AUDIT_LIST (self));

  if (period == NULL || !ma_period_is_valid (period))
    period = "";
  if (!replace_string (&self->period_filter, period))
    return;

  sync_dropdown (self, self->period_dropdown, find_value (self->periods, period));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD_FILTER]);
  apply_filter (self);
}

void
ma_audit_list_set_search_text (MaAuditList *self,
                               const char  *text)
{
  g_return_if_fail (MA_IS_AUDIT_LIST (self));

  if (text == NULL)
    text = "";
  if (!replace_string (&self->search_text, text))
    return;

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text) != 0)
    {
      self->syncing = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
      self->syncing = FALSE;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_TEXT]);
  apply_filter (self);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MaAuditList *self = MA_AUDIT_LIST (widget);

  self->batching = TRUE;
  ma_audit_list_set_status_filter (self, "");
  ma_audit_list_set_branch_filter (self, "");
  ma_audit_list_set_period_filter (self, "");
  ma_audit_list_set_search_text (self, "");
  self->batching = FALSE;
  apply_filter (self);
}

static void
status_selected_cb (MaAuditList *self)
{
  guint position = gtk_drop_down_get_selected (self->status_dropdown);

  if (!self->syncing && position < G_N_ELEMENTS (statuses))
    ma_audit_list_set_status_filter (self, statuses[position].value);
}

static void
branch_selected_cb (MaAuditList *self)
{
  guint position = gtk_drop_down_get_selected (self->branch_dropdown);

  if (!self->syncing && self->branch_codes != NULL && position < self->branch_codes->len)
    ma_audit_list_set_branch_filter (self, g_ptr_array_index (self->branch_codes, position));
}

static void
period_selected_cb (MaAuditList *self)
{
  guint position = gtk_drop_down_get_selected (self->period_dropdown);

  if (!self->syncing && self->periods != NULL && position < self->periods->len)
    ma_audit_list_set_period_filter (self, g_ptr_array_index (self->periods, position));
}

static void
search_changed_cb (MaAuditList *self)
{
  if (!self->syncing)
    ma_audit_list_set_search_text (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
stop_search_cb (MaAuditList *self)
{
  ma_audit_list_set_search_text (self, "");
}

static void
setup_text_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* Names may be cut, but not to nothing. */
  gtk_label_set_width_chars (GTK_LABEL (label), 10);
  gtk_list_item_set_child (list_item, label);
}

/* Dates, channels and statuses are short and useless cut: a narrow window
 * scrolls sideways instead. */
static void
setup_fixed_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (list_item, label);
}

static void
setup_number_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
set_cell_text (GtkListItem *list_item,
               const char  *text)
{
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), text != NULL ? text : "");
}

static void
bind_date_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              MaAuditList              *self)
{
  MaAuditItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = format_visit (ma_audit_item_get_visited_at (item));

  set_cell_text (list_item, text);
}

static void
bind_branch_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                MaAuditList              *self)
{
  MaAuditItem *item = gtk_list_item_get_item (list_item);
  const char *code = ma_audit_item_get_branch (item);
  const char *name = code != NULL ? g_hash_table_lookup (self->branch_names, code) : NULL;

  set_cell_text (list_item, name != NULL ? name : code);
}

static void
bind_employee_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  MaAuditList              *self)
{
  MaAuditItem *item = gtk_list_item_get_item (list_item);
  const char *code = ma_audit_item_get_employee (item);
  const char *name;

  if (code == NULL)
    {
      /* An empty item (a page that could not be read) has no uuid. */
      set_cell_text (list_item, ma_audit_item_get_uuid (item) != NULL ? _("Not identified") : "");
      return;
    }
  name = g_hash_table_lookup (self->employee_names, code);
  set_cell_text (list_item, name != NULL ? name : code);
}

static void
bind_channel_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 MaAuditList              *self)
{
  MaAuditItem *item = gtk_list_item_get_item (list_item);

  set_cell_text (list_item, ma_template_channel_label (ma_audit_item_get_channel (item)));
}

static void
bind_template_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  MaAuditList              *self)
{
  MaAuditItem *item = gtk_list_item_get_item (list_item);
  const char *key = ma_audit_item_get_template (item);
  gint64 version = ma_audit_item_get_template_version (item);
  g_autofree char *lookup = NULL;
  g_autofree char *version_text = NULL;
  g_autofree char *text = NULL;
  const char *name;

  if (key == NULL)
    {
      set_cell_text (list_item, "");
      return;
    }
  lookup = template_name_key (key, version);
  name = g_hash_table_lookup (self->template_names, lookup);
  version_text = g_strdup_printf ("%" G_GINT64_FORMAT, version);
  /* TRANSLATORS: a template's name and version, as in "Store visit v2" */
  text = g_strdup_printf (_("%s v%s"), name != NULL ? name : key, version_text);
  set_cell_text (list_item, text);
}

static void
bind_status_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                MaAuditList              *self)
{
  MaAuditItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = NULL;

  if (ma_audit_item_get_uuid (item) == NULL)
    text = g_strdup ("");
  else if (ma_audit_item_get_exported (item))
    /* TRANSLATORS: an audit's status and that it went to the office in a
     * bundle, as in "Submitted, sent" */
    text = g_strdup_printf (_("%s, sent"), status_label (ma_audit_item_get_status (item)));
  else
    text = g_strdup (status_label (ma_audit_item_get_status (item)));
  set_cell_text (list_item, text);
}

static void
bind_score_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               MaAuditList              *self)
{
  MaAuditItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = ma_audit_item_dup_score_text (item);

  set_cell_text (list_item, text);
}

/* Enter or a double click on a row opens its audit. */
static void
activate_cb (MaAuditList *self,
             guint        position)
{
  g_autoptr(MaAuditItem) item = NULL;

  if (self->model == NULL || position >= g_list_model_get_n_items (G_LIST_MODEL (self->model)))
    return;
  item = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  /* An empty item stands for a page that could not be read. */
  if (item != NULL && ma_audit_item_get_uuid (item) != NULL)
    g_signal_emit (self, signals[SIGNAL_AUDIT_ACTIVATED], 0, ma_audit_item_get_uuid (item));
}

static void
model_error_cb (MaAuditList *self)
{
  update_page (self);
}

static gboolean
load_directory (MaAuditList  *self,
                GtkStringList *branch_labels,
                GError      **error)
{
  g_autoptr(GPtrArray) branches = NULL;
  g_autoptr(GPtrArray) employees = NULL;
  g_autoptr(GPtrArray) templates = NULL;

  branches = ma_store_list_branches (self->store, error);
  if (branches == NULL)
    return FALSE;
  for (guint i = 0; i < branches->len; i++)
    {
      MaBranch *branch = g_ptr_array_index (branches, i);
      const char *name = branch->name != NULL && *branch->name != '\0' ? branch->name : branch->code;

      g_hash_table_insert (self->branch_names, g_strdup (branch->code), g_strdup (name));
      g_ptr_array_add (self->branch_codes, g_strdup (branch->code));
      gtk_string_list_append (branch_labels, name);
    }

  employees = ma_store_list_employees (self->store, error);
  if (employees == NULL)
    return FALSE;
  for (guint i = 0; i < employees->len; i++)
    {
      MaEmployee *employee = g_ptr_array_index (employees, i);

      if (employee->name != NULL && *employee->name != '\0')
        g_hash_table_insert (self->employee_names, g_strdup (employee->code), g_strdup (employee->name));
    }

  templates = ma_store_list_templates (self->store, error);
  if (templates == NULL)
    return FALSE;
  for (guint i = 0; i < templates->len; i++)
    {
      MaTemplate *template = g_ptr_array_index (templates, i);

      if (template->name != NULL && *template->name != '\0')
        g_hash_table_insert (self->template_names,
                             template_name_key (template->key, template->version),
                             g_strdup (template->name));
    }
  return TRUE;
}

static gboolean
load_periods (MaAuditList   *self,
              GtkStringList *period_labels,
              GError       **error)
{
  g_auto(GStrv) periods = ma_audit_list_model_list_periods (self->store, error);

  if (periods == NULL)
    return FALSE;
  for (guint i = 0; periods[i] != NULL; i++)
    {
      g_autofree char *label = ma_format_period_locale (periods[i]);

      g_ptr_array_add (self->periods, g_strdup (periods[i]));
      gtk_string_list_append (period_labels, label);
    }
  return TRUE;
}

static void
reset_choices (MaAuditList    *self,
               GtkStringList **branch_labels,
               GtkStringList **period_labels)
{
  g_hash_table_remove_all (self->branch_names);
  g_hash_table_remove_all (self->employee_names);
  g_hash_table_remove_all (self->template_names);

  g_clear_pointer (&self->branch_codes, g_ptr_array_unref);
  self->branch_codes = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->branch_codes, g_strdup (""));
  *branch_labels = gtk_string_list_new (NULL);
  gtk_string_list_append (*branch_labels, _("All branches"));

  g_clear_pointer (&self->periods, g_ptr_array_unref);
  self->periods = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->periods, g_strdup (""));
  *period_labels = gtk_string_list_new (NULL);
  gtk_string_list_append (*period_labels, _("All months"));
}

void
ma_audit_list_set_store (MaAuditList *self,
                         MaStore     *store)
{
  g_autoptr(GtkStringList) branch_labels = NULL;
  g_autoptr(GtkStringList) period_labels = NULL;
  g_autoptr(GError) error = NULL;
  gboolean loaded;

  g_return_if_fail (MA_IS_AUDIT_LIST (self));
  g_return_if_fail (store == NULL || MA_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, model_error_cb, self);
  g_clear_object (&self->model);
  gtk_column_view_set_model (self->column_view, NULL);

  reset_choices (self, &branch_labels, &period_labels);
  loaded = store != NULL
           && load_directory (self, branch_labels, &error)
           && load_periods (self, period_labels, &error);

  self->syncing = TRUE;
  gtk_drop_down_set_model (self->branch_dropdown, G_LIST_MODEL (branch_labels));
  gtk_drop_down_set_model (self->period_dropdown, G_LIST_MODEL (period_labels));
  gtk_drop_down_set_selected (self->branch_dropdown, find_value (self->branch_codes, self->branch_filter));
  gtk_drop_down_set_selected (self->period_dropdown, find_value (self->periods, self->period_filter));
  self->syncing = FALSE;

  if (store != NULL)
    {
      g_autoptr(GtkSingleSelection) selection = NULL;

      self->model = ma_audit_list_model_new (store);
      g_signal_connect_object (self->model, "notify::error", G_CALLBACK (model_error_cb),
                               self, G_CONNECT_SWAPPED);
      /* Filtered before the view sees it: rows are made once, for what
       * is shown, not for every audit and then again. */
      apply_filter (self);
      selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
      gtk_single_selection_set_autoselect (selection, FALSE);
      gtk_single_selection_set_can_unselect (selection, TRUE);
      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
    }
  if (store != NULL && !loaded)
    show_error (self, error);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

static void
ma_audit_list_dispose (GObject *object)
{
  MaAuditList *self = MA_AUDIT_LIST (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, model_error_cb, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), MA_TYPE_AUDIT_LIST);
  g_clear_object (&self->model);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ma_audit_list_parent_class)->dispose (object);
}

static void
ma_audit_list_finalize (GObject *object)
{
  MaAuditList *self = MA_AUDIT_LIST (object);

  g_clear_pointer (&self->branch_names, g_hash_table_unref);
  g_clear_pointer (&self->employee_names, g_hash_table_unref);
  g_clear_pointer (&self->template_names, g_hash_table_unref);
  g_clear_pointer (&self->branch_codes, g_ptr_array_unref);
  g_clear_pointer (&self->periods, g_ptr_array_unref);
  g_free (self->status_filter);
  g_free (self->branch_filter);
  g_free (self->period_filter);
  g_free (self->search_text);

  G_OBJECT_CLASS (ma_audit_list_parent_class)->finalize (object);
}

static void
ma_audit_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MaAuditList *self = MA_AUDIT_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_STATUS_FILTER:
      g_value_set_string (value, self->status_filter);
      break;
    case PROP_BRANCH_FILTER:
      g_value_set_string (value, self->branch_filter);
      break;
    case PROP_PERIOD_FILTER:
      g_value_set_string (value, self->period_filter);
      break;
    case PROP_SEARCH_TEXT:
      g_value_set_string (value, self->search_text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_audit_list_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MaAuditList *self = MA_AUDIT_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      ma_audit_list_set_store (self, g_value_get_object (value));
      break;
    case PROP_STATUS_FILTER:
      ma_audit_list_set_status_filter (self, g_value_get_string (value));
      break;
    case PROP_BRANCH_FILTER:
      ma_audit_list_set_branch_filter (self, g_value_get_string (value));
      break;
    case PROP_PERIOD_FILTER:
      ma_audit_list_set_period_filter (self, g_value_get_string (value));
      break;
    case PROP_SEARCH_TEXT:
      ma_audit_list_set_search_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_audit_list_class_init (MaAuditListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ma_audit_list_dispose;
  object_class->finalize = ma_audit_list_finalize;
  object_class->get_property = ma_audit_list_get_property;
  object_class->set_property = ma_audit_list_set_property;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, MA_TYPE_STORE, flags);
  properties[PROP_STATUS_FILTER] = g_param_spec_string ("status-filter", NULL, NULL, "", flags);
  properties[PROP_BRANCH_FILTER] = g_param_spec_string ("branch-filter", NULL, NULL, "", flags);
  properties[PROP_PERIOD_FILTER] = g_param_spec_string ("period-filter", NULL, NULL, "", flags);
  properties[PROP_SEARCH_TEXT] = g_param_spec_string ("search-text", NULL, NULL, "", flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The uuid of the audit whose row was activated. */
  signals[SIGNAL_AUDIT_ACTIVATED] = g_signal_new ("audit-activated", G_TYPE_FROM_CLASS (klass),
                                                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mysteryaudit/MysteryAudit/ui/ma-audit-list.ui");
  gtk_widget_class_bind_template_child (widget_class, MaAuditList, box);
  gtk_widget_class_bind_template_child (widget_class, MaAuditList, filter_box);
  gtk_widget_class_bind_template_child (widget_class, MaAuditList, filter_separator);
  gtk_widget_class_bind_template_child (widget_class, MaAuditList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MaAuditList, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MaAuditList, branch_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MaAuditList, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MaAuditList, content_stack);
  gtk_widget_class_bind_template_child (widget_class, MaAuditList, column_view);
  gtk_widget_class_bind_template_child (widget_class, MaAuditList, error_page);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, branch_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, period_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_text_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_fixed_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_number_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_date_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_branch_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_employee_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_channel_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_template_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_status_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_score_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);

  gtk_widget_class_install_property_action (widget_class, "audits.status", "status-filter");
  gtk_widget_class_install_property_action (widget_class, "audits.branch", "branch-filter");
  gtk_widget_class_install_property_action (widget_class, "audits.period", "period-filter");
  gtk_widget_class_install_property_action (widget_class, "audits.search", "search-text");
  gtk_widget_class_install_action (widget_class, "audits.clear-filters", NULL, clear_filters_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

/* In GTK 4.8 the focus goes to a drop-down's inner button, which has no
 * name of its own: a screen reader would say "button". Both get the name. */
static void
label_dropdown (GtkDropDown *dropdown,
                const char  *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (dropdown));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
ma_audit_list_init (MaAuditList *self)
{
  g_autoptr(GtkStringList) status_labels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) branch_labels = NULL;
  g_autoptr(GtkStringList) period_labels = NULL;
  g_autoptr(GtkExpression) expression = NULL;

  self->status_filter = g_strdup ("");
  self->branch_filter = g_strdup ("");
  self->period_filter = g_strdup ("");
  self->search_text = g_strdup ("");
  self->branch_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->employee_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->template_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->syncing = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    gtk_string_list_append (status_labels, _(statuses[i].label));
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (status_labels));

  reset_choices (self, &branch_labels, &period_labels);
  gtk_drop_down_set_model (self->branch_dropdown, G_LIST_MODEL (branch_labels));
  gtk_drop_down_set_model (self->period_dropdown, G_LIST_MODEL (period_labels));
  /* Branch lists can be long: typing narrows them by name. */
  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  gtk_drop_down_set_expression (self->branch_dropdown, expression);
  self->syncing = FALSE;

  label_dropdown (self->status_dropdown, _("Status"));
  label_dropdown (self->branch_dropdown, _("Branch"));
  label_dropdown (self->period_dropdown, _("Month of the visit"));

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  set_page (self, "empty");
}

GtkWidget *
ma_audit_list_new (void)
{
  return g_object_new (MA_TYPE_AUDIT_LIST, NULL);
}

MaStore *
ma_audit_list_get_store (MaAuditList *self)
{
  g_return_val_if_fail (MA_IS_AUDIT_LIST (self), NULL);
  return self->store;
}

MaAuditListModel *
ma_audit_list_get_model (MaAuditList *self)
{
  g_return_val_if_fail (MA_IS_AUDIT_LIST (self), NULL);
  return self->model;
}

const char *
ma_audit_list_get_visible_page (MaAuditList *self)
{
  g_return_val_if_fail (MA_IS_AUDIT_LIST (self), NULL);
  return gtk_stack_get_visible_child_name (self->content_stack);
}

void
ma_audit_list_focus_search (MaAuditList *self)
{
  g_return_if_fail (MA_IS_AUDIT_LIST (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
