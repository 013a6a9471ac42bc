/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ma-directory-view.h"
#include "ma-import-dialog.h"
#include "ma-import.h"
#include "ma-keys.h"
#include "ma-money.h"
#include "ma-pay-util.h"

typedef enum {
  KIND_EMPLOYEES,
  KIND_BRANCHES,
  KIND_REGIONS,
} Kind;

/* The text fields of the form, by the names of the public API. */
static const struct {
  const char      *name;
  MaEmployeeField  field;
} text_fields[] = {
  { "code", MA_EMPLOYEE_FIELD_CODE },
  { "name", MA_EMPLOYEE_FIELD_NAME },
  { "position", MA_EMPLOYEE_FIELD_POSITION },
  { "base-pay", MA_EMPLOYEE_FIELD_BASE_PAY },
  { "currency", MA_EMPLOYEE_FIELD_CURRENCY },
  { "active-from", MA_EMPLOYEE_FIELD_ACTIVE_FROM },
  { "active-to", MA_EMPLOYEE_FIELD_ACTIVE_TO },
};

struct _MaDirectoryView
{
  AdwBin        parent_instance;

  AdwLeaflet   *leaflet;
  AdwViewStack *list_stack;
  GtkSearchEntry *search_entry;
  GtkCheckButton *left_check;
  GtkListBox   *employees_list;
  GtkListBox   *branches_list;
  GtkListBox   *regions_list;
  GtkLabel     *form_title;
  GtkLabel     *form_hint;
  GtkWidget    *code_label, *name_label, *parent_label, *position_label, *base_pay_label,
               *currency_label, *active_from_label, *active_to_label;
  GtkEntry     *code_entry, *name_entry, *position_entry, *base_pay_entry, *currency_entry,
               *active_from_entry, *active_to_entry;
  GtkDropDown  *parent_dropdown;
  GtkLabel     *code_message, *name_message, *parent_message, *position_message,
               *base_pay_message, *currency_message, *active_from_message, *active_to_message;
  GtkButton    *left_button;
  GtkLabel     *status_label;

  MaStore      *store;
  GPtrArray    *regions;     /* of MaRegion */
  GPtrArray    *branches;    /* of MaBranch */
  GPtrArray    *employees;   /* of MaEmployee */
  GStrv         parent_codes;/* of the parent drop-down */
  Kind          kind;
  char         *editing;     /* code of the record in the form; NULL: a new one */
  gboolean      touched;     /* a field was changed: its messages are shown */
  gboolean      loading;
  gboolean      read_only;   /* the database: the form only shows */
};

G_DEFINE_FINAL_TYPE (MaDirectoryView, ma_directory_view, ADW_TYPE_BIN)

static void apply_read_only (MaDirectoryView *self);

static GtkEntry *
entry_of (MaDirectoryView *self,
          MaEmployeeField  field)
{
  switch (field)
    {
    case MA_EMPLOYEE_FIELD_CODE: return self->code_entry;
    case MA_EMPLOYEE_FIELD_NAME: return self->name_entry;
    case MA_EMPLOYEE_FIELD_POSITION: return self->position_entry;
    case MA_EMPLOYEE_FIELD_BASE_PAY: return self->base_pay_entry;
    case MA_EMPLOYEE_FIELD_CURRENCY: return self->currency_entry;
    case MA_EMPLOYEE_FIELD_ACTIVE_FROM: return self->active_from_entry;
    case MA_EMPLOYEE_FIELD_ACTIVE_TO: return self->active_to_entry;
    case MA_EMPLOYEE_FIELD_BRANCH:
    case MA_EMPLOYEE_N_FIELDS:
    default: return NULL;
    }
}

static GtkLabel *
message_of (MaDirectoryView *self,
            MaEmployeeField  field)
{
  switch (field)
    {
    case MA_EMPLOYEE_FIELD_CODE: return self->code_message;
    case MA_EMPLOYEE_FIELD_NAME: return self->name_message;
    case MA_EMPLOYEE_FIELD_BRANCH: return self->parent_message;
    case MA_EMPLOYEE_FIELD_POSITION: return self->position_message;
    case MA_EMPLOYEE_FIELD_BASE_PAY: return self->base_pay_message;
    case MA_EMPLOYEE_FIELD_CURRENCY: return self->currency_message;
    case MA_EMPLOYEE_FIELD_ACTIVE_FROM: return self->active_from_message;
    case MA_EMPLOYEE_FIELD_ACTIVE_TO: return self->active_to_message;
    case MA_EMPLOYEE_N_FIELDS:
    default: return NULL;
    }
}

static GtkWidget *
field_widget (MaDirectoryView *self,
              MaEmployeeField  field)
{
  GtkEntry *entry = entry_of (self, field);

  return entry != NULL ? GTK_WIDGET (entry) : GTK_WIDGET (self->parent_dropdown);
}

static void
set_field_message (MaDirectoryView *self,
                   MaEmployeeField  field,
                   const char      *message)
{
  GtkLabel *label = message_of (self, field);
  GtkWidget *widget = field_widget (self, field);

  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (message != NULL)
    {
      gtk_widget_add_css_class (widget, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      message, -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      gtk_widget_remove_css_class (widget, "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static const char *
text_of (MaDirectoryView *self,
         MaEmployeeField  field)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry_of (self, field)));
}

static const char *
selected_parent (MaDirectoryView *self)
{
  guint i = gtk_drop_down_get_selected (self->parent_dropdown);

  if (self->parent_codes == NULL || i >= g_strv_length (self->parent_codes))
    return NULL;
  return self->parent_codes[i];
}

static gboolean
has_left (const MaEmployee *employee)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  return employee->active_to != NULL && g_strcmp0 (employee->active_to, today) < 0;
}

/* ---- Lists ------------------------------------------------------------ */

static GtkListBox *
list_of (MaDirectoryView *self,
         Kind             kind)
{
  return kind == KIND_EMPLOYEES ? self->employees_list
         : kind == KIND_BRANCHES ? self->branches_list : self->regions_list;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
add_list_row (GtkListBox *list,
              const char *code,
              const char *title,
              const char *subtitle,
              const char *search,
              gboolean    left)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  g_autofree char *folded = g_utf8_casefold (search, -1);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_name (GTK_WIDGET (row), code);
  g_object_set_data_full (G_OBJECT (row), "search", g_steal_pointer (&folded), g_free);
  g_object_set_data (G_OBJECT (row), "left", GINT_TO_POINTER (left));
  gtk_list_box_append (list, GTK_WIDGET (row));
}

static const char *
branch_name (MaDirectoryView *self,
             const char      *code)
{
  for (guint i = 0; i < self->branches->len; i++)
    {
      const MaBranch *b = g_ptr_array_index (self->branches, i);

      if (g_strcmp0 (b->code, code) == 0)
        return b->name;
    }
  return code;
}

static const char *
region_name (MaDirectoryView *self,
             const char      *code)
{
  for (guint i = 0; i < self->regions->len; i++)
    {
      const MaRegion *r = g_ptr_array_index (self->regions, i);

      if (g_strcmp0 (r->code, code) == 0)
        return r->name;
    }
  return code;
}

static void
fill_lists (MaDirectoryView *self)
{
  clear_list (self->employees_list);
  clear_list (self->branches_list);
  clear_list (self->regions_list);

  for (guint i = 0; i < self->employees->len; i++)
    {
      const MaEmployee *e = g_ptr_array_index (self->employees, i);
      const char *branch = branch_name (self, e->branch);
      g_autofree char *pay = ma_pay_format_money (e->base_pay, e->currency);
      g_autofree char *subtitle = NULL;
      /* The code is what the editor takes; the label is what people read. */
      const char *position = ma_employee_position_label (e->position);
      g_autofree char *search = g_strjoin (" ", e->code, e->name, e->branch, branch, e->position, position, NULL);

      if (has_left (e))
        /* TRANSLATORS: code, branch, position, pay and the last day of work */
        subtitle = g_strdup_printf (_("%s · %s · %s · %s · left on %s"), e->code, branch, position,
                                    pay, e->active_to);
      else
        subtitle = g_strdup_printf ("%s · %s · %s · %s", e->code, branch, position, pay);
      add_list_row (self->employees_list, e->code, e->name, subtitle, search, has_left (e));
    }
  for (guint i = 0; i < self->branches->len; i++)
    {
      const MaBranch *b = g_ptr_array_index (self->branches, i);
      const char *region = region_name (self, b->region);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", b->code, region);
      g_autofree char *search = g_strjoin (" ", b->code, b->name, b->region, region, NULL);

      add_list_row (self->branches_list, b->code, b->name, subtitle, search, FALSE);
    }
  for (guint i = 0; i < self->regions->len; i++)
    {
      const MaRegion *r = g_ptr_array_index (self->regions, i);
      g_autofree char *search = g_strjoin (" ", r->code, r->name, NULL);

      add_list_row (self->regions_list, r->code, r->name, r->code, search, FALSE);
    }
}

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       data)
{
  MaDirectoryView *self = data;
  const char *search = g_object_get_data (G_OBJECT (row), "search");
  g_autofree char *needle = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), -1);

  g_strstrip (needle);
  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "left"))
      && !gtk_check_button_get_active (self->left_check))
    return FALSE;
  return *needle == '\0' || (search != NULL && strstr (search, needle) != NULL);
}

static void
search_changed_cb (MaDirectoryView *self)
{
  gtk_list_box_invalidate_filter (self->employees_list);
  gtk_list_box_invalidate_filter (self->branches_list);
  gtk_list_box_invalidate_filter (self->regions_list);
}

static gboolean
reload (MaDirectoryView  *self,
        GError          **error)
{
  g_autoptr(GPtrArray) regions = ma_store_list_regions (self->store, error);
  g_autoptr(GPtrArray) branches = NULL;
  g_autoptr(GPtrArray) employees = NULL;

  if (regions == NULL)
    return FALSE;
  branches = ma_store_list_branches (self->store, error);
  if (branches == NULL)
    return FALSE;
  employees = ma_store_list_employees (self->store, error);
  if (employees == NULL)
    return FALSE;
  g_clear_pointer (&self->regions, g_ptr_array_unref);
  g_clear_pointer (&self->branches, g_ptr_array_unref);
  g_clear_pointer (&self->employees, g_ptr_array_unref);
  self->regions = g_steal_pointer (&regions);
  self->branches = g_steal_pointer (&branches);
  self->employees = g_steal_pointer (&employees);
  fill_lists (self);
  return TRUE;
}

/* ---- The form --------------------------------------------------------- */

static const MaEmployee *
find_employee (MaDirectoryView *self,
               const char      *code)
{
  for (guint i = 0; code != NULL && i < self->employees->len; i++)
    if (g_strcmp0 (((MaEmployee *) g_ptr_array_index (self->employees, i))->code, code) == 0)
      return g_ptr_array_index (self->employees, i);
  return NULL;
}

static const MaBranch *
find_branch (MaDirectoryView *self,
             const char      *code)
{
  for (guint i = 0; code != NULL && i < self->branches->len; i++)
    if (g_strcmp0 (((MaBranch *) g_ptr_array_index (self->branches, i))->code, code) == 0)
      return g_ptr_array_index (self->branches, i);
  return NULL;
}

static const MaRegion *
find_region (MaDirectoryView *self,
             const char      *code)
{
  for (guint i = 0; code != NULL && i < self->regions->len; i++)
    if (g_strcmp0 (((MaRegion *) g_ptr_array_index (self->regions, i))->code, code) == 0)
      return g_ptr_array_index (self->regions, i);
  return NULL;
}

static void
fill_parent_dropdown (MaDirectoryView *self,
                      const char      *select)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  guint selected = GTK_INVALID_LIST_POSITION;

  if (self->kind == KIND_EMPLOYEES)
    for (guint i = 0; i < self->branches->len; i++)
      {
        const MaBranch *b = g_ptr_array_index (self->branches, i);
        g_autofree char *label = g_strdup_printf ("%s (%s)", b->name, b->code);

        if (g_strcmp0 (b->code, select) == 0)
          selected = i;
        gtk_string_list_append (names, label);
        g_ptr_array_add (codes, g_strdup (b->code));
      }
  else if (self->kind == KIND_BRANCHES)
    for (guint i = 0; i < self->regions->len; i++)
      {
        const MaRegion *r = g_ptr_array_index (self->regions, i);
        g_autofree char *label = g_strdup_printf ("%s (%s)", r->name, r->code);

        if (g_strcmp0 (r->code, select) == 0)
          selected = i;
        gtk_string_list_append (names, label);
        g_ptr_array_add (codes, g_strdup (r->code));
      }
  g_ptr_array_add (codes, NULL);
  g_strfreev (self->parent_codes);
  self->parent_codes = (GStrv) g_ptr_array_free (g_steal_pointer (&codes), FALSE);
  gtk_drop_down_set_model (self->parent_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->parent_dropdown, selected);
}

static void
show_fields (MaDirectoryView *self)
{
  gboolean employee = self->kind == KIND_EMPLOYEES;
  gboolean region = self->kind == KIND_REGIONS;
  GtkWidget *employee_only[] = {
    self->position_label, GTK_WIDGET (self->position_entry),
    self->base_pay_label, GTK_WIDGET (self->base_pay_entry),
    self->currency_label, GTK_WIDGET (self->currency_entry),
    self->active_from_label, GTK_WIDGET (self->active_from_entry),
    self->active_to_label, GTK_WIDGET (self->active_to_entry),
    GTK_WIDGET (self->left_button),
  };

  for (guint i = 0; i < G_N_ELEMENTS (employee_only); i++)
    gtk_widget_set_visible (employee_only[i], employee);
  gtk_widget_set_visible (self->parent_label, !region);
  gtk_widget_set_visible (GTK_WIDGET (self->parent_dropdown), !region);
  gtk_label_set_text_with_mnemonic (GTK_LABEL (self->parent_label),
                                    employee ? _("_Branch") : _("_Region"));
  ma_pay_label_dropdown (self->parent_dropdown, employee ? _("Branch") : _("Region"));
}

static void validate (MaDirectoryView *self);

/* Fills the form with the record @code of the kind shown (NULL: empty, for
 * a new one). */
static void
load_form (MaDirectoryView *self,
           const char      *code)
{
  const MaEmployee *e = NULL;
  const MaBranch *b = NULL;
  const MaRegion *r = NULL;
  g_autofree char *pay = NULL;
  const char *title;

  self->loading = TRUE;
  self->touched = code != NULL;
  g_free (self->editing);
  self->editing = g_strdup (code);
  show_fields (self);
  gtk_widget_set_visible (GTK_WIDGET (self->left_button), self->kind == KIND_EMPLOYEES && code != NULL);
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    gtk_editable_set_text (GTK_EDITABLE (entry_of (self, text_fields[i].field)), "");

  switch (self->kind)
    {
    case KIND_EMPLOYEES:
      e = find_employee (self, code);
      title = e != NULL ? e->name : _("New Employee");
      if (e != NULL)
        {
          pay = ma_money_format_plain (e->base_pay, e->currency);
          gtk_editable_set_text (GTK_EDITABLE (self->code_entry), e->code);
          gtk_editable_set_text (GTK_EDITABLE (self->name_entry), e->name);
          gtk_editable_set_text (GTK_EDITABLE (self->position_entry), e->position);
          gtk_editable_set_text (GTK_EDITABLE (self->base_pay_entry), pay);
          gtk_editable_set_text (GTK_EDITABLE (self->currency_entry), e->currency != NULL ? e->currency : "");
          gtk_editable_set_text (GTK_EDITABLE (self->active_from_entry), e->active_from != NULL ? e->active_from : "");
          gtk_editable_set_text (GTK_EDITABLE (self->active_to_entry), e->active_to != NULL ? e->active_to : "");
        }
      else
        gtk_editable_set_text (GTK_EDITABLE (self->currency_entry), "RUB");
      fill_parent_dropdown (self, e != NULL ? e->branch : NULL);
      break;

    case KIND_BRANCHES:
      b = find_branch (self, code);
      title = b != NULL ? b->name : _("New Branch");
      if (b != NULL)
        {
          gtk_editable_set_text (GTK_EDITABLE (self->code_entry), b->code);
          gtk_editable_set_text (GTK_EDITABLE (self->name_entry), b->name);
        }
      fill_parent_dropdown (self, b != NULL ? b->region : NULL);
      break;

    case KIND_REGIONS:
    default:
      r = find_region (self, code);
      title = r != NULL ? r->name : _("New Region");
      if (r != NULL)
        {
          gtk_editable_set_text (GTK_EDITABLE (self->code_entry), r->code);
          gtk_editable_set_text (GTK_EDITABLE (self->name_entry), r->name);
        }
      fill_parent_dropdown (self, NULL);
      break;
    }
  gtk_label_set_text (self->form_title, title);
  /* A code is what other systems and old audits know the record by. */
  gtk_editable_set_editable (GTK_EDITABLE (self->code_entry), code == NULL && !self->read_only);
  gtk_widget_set_can_focus (GTK_WIDGET (self->code_entry), TRUE);
  gtk_label_set_text (self->form_hint,
                      code == NULL ? _("The code is how other systems and the audits know the record; "
                                       "it cannot be changed once saved.")
                      : self->kind == KIND_EMPLOYEES
                      ? _("The code cannot be changed. An employee who leaves is never deleted: "
                          "set the last day of work, and their audits and pay stay on record.")
                      : _("The code cannot be changed."));
  gtk_label_set_text (self->status_label, "");
  self->loading = FALSE;
  validate (self);
}

/* Checks every field and shows the message beside it. Returns the record
 * to save (MaEmployee, MaBranch or MaRegion) or NULL. */
static gpointer
check_form (MaDirectoryView *self)
{
  g_autofree char *code = g_strstrip (g_strdup (text_of (self, MA_EMPLOYEE_FIELD_CODE)));
  g_autofree char *name = g_strstrip (g_strdup (text_of (self, MA_EMPLOYEE_FIELD_NAME)));
  gboolean exists = FALSE;

  for (guint f = 0; f < MA_EMPLOYEE_N_FIELDS; f++)
    set_field_message (self, f, NULL);

  if (self->kind == KIND_EMPLOYEES)
    {
      const char *text[MA_EMPLOYEE_N_FIELDS];
      char *messages[MA_EMPLOYEE_N_FIELDS] = { NULL };
      MaEmployee *employee;

      for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
        text[text_fields[i].field] = text_of (self, text_fields[i].field);
      text[MA_EMPLOYEE_FIELD_BRANCH] = selected_parent (self) != NULL ? selected_parent (self) : "";
      employee = ma_import_employee_from_text (text, self->editing != NULL ? find_employee (self, self->editing) : NULL,
                                               self->branches, "RUB", messages);
      if (self->editing == NULL && find_employee (self, code) != NULL && messages[MA_EMPLOYEE_FIELD_CODE] == NULL)
        {
          messages[MA_EMPLOYEE_FIELD_CODE] = g_strdup (_("An employee with this code exists; choose them in the list"));
          g_clear_pointer (&employee, ma_employee_free);
        }
      for (guint f = 0; f < MA_EMPLOYEE_N_FIELDS; f++)
        {
          set_field_message (self, f, messages[f]);
          g_free (messages[f]);
        }
      return employee;
    }

  if (*code == '\0')
    set_field_message (self, MA_EMPLOYEE_FIELD_CODE, _("A code is required"));
  else if (!ma_code_is_valid (code))
    set_field_message (self, MA_EMPLOYEE_FIELD_CODE, _("A code has 1 to 64 bytes and no control characters"));
  else if (self->editing == NULL)
    {
      exists = self->kind == KIND_BRANCHES ? find_branch (self, code) != NULL : find_region (self, code) != NULL;
      if (exists)
        set_field_message (self, MA_EMPLOYEE_FIELD_CODE,
                           self->kind == KIND_BRANCHES ? _("A branch with this code exists; choose it in the list")
                                                       : _("A region with this code exists; choose it in the list"));
    }
  if (*name == '\0')
    set_field_message (self, MA_EMPLOYEE_FIELD_NAME, _("A name is required"));
  if (self->kind == KIND_BRANCHES && selected_parent (self) == NULL)
    set_field_message (self, MA_EMPLOYEE_FIELD_BRANCH,
                       self->regions->len == 0 ? _("Add a region first, under Regions")
                                               : _("Choose the region of the branch"));
  for (guint f = 0; f < MA_EMPLOYEE_N_FIELDS; f++)
    if (gtk_widget_get_visible (GTK_WIDGET (message_of (self, f))))
      return NULL;
  if (self->kind == KIND_BRANCHES)
    return ma_branch_new (code, name, selected_parent (self));
  return ma_region_new (code, name);
}

static void
free_record (MaDirectoryView *self,
             gpointer         record)
{
  if (record == NULL)
    return;
  if (self->kind == KIND_EMPLOYEES)
    ma_employee_free (record);
  else if (self->kind == KIND_BRANCHES)
    ma_branch_free (record);
  else
    ma_region_free (record);
}

static void
validate (MaDirectoryView *self)
{
  free_record (self, check_form (self));
  /* An empty form is not yet wrong: its messages wait for the first edit. */
  if (!self->touched)
    for (guint f = 0; f < MA_EMPLOYEE_N_FIELDS; f++)
      set_field_message (self, f, NULL);
}

static void
field_changed_cb (MaDirectoryView *self)
{
  if (self->loading)
    return;
  self->touched = TRUE;
  validate (self);
}

static void
entry_activate_cb (MaDirectoryView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "directory.save", NULL);
}

static void
row_activated_cb (MaDirectoryView *self,
                  GtkListBoxRow   *row)
{
  load_form (self, gtk_widget_get_name (GTK_WIDGET (row)));
  adw_leaflet_set_visible_child_name (self->leaflet, "form");
}

static void
back_clicked_cb (MaDirectoryView *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
kind_changed_cb (MaDirectoryView *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->list_stack);
  Kind kind = g_strcmp0 (name, "branches") == 0 ? KIND_BRANCHES
              : g_strcmp0 (name, "regions") == 0 ? KIND_REGIONS : KIND_EMPLOYEES;

  if (kind == self->kind && self->store != NULL)
    return;
  self->kind = kind;
  gtk_widget_set_visible (GTK_WIDGET (self->left_check), kind == KIND_EMPLOYEES);
  if (self->store != NULL)
    load_form (self, NULL);
}

static void
select_row (MaDirectoryView *self,
            const char      *code)
{
  GtkListBox *list = list_of (self, self->kind);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (gtk_widget_get_name (row), code) == 0)
      gtk_list_box_select_row (list, GTK_LIST_BOX_ROW (row));
}

/* ---- Actions ---------------------------------------------------------- */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MaDirectoryView *self = MA_DIRECTORY_VIEW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  gpointer record;
  gboolean ok;

  if (self->store == NULL)
    return;
  self->touched = TRUE;
  record = check_form (self);
  if (record == NULL)
    {
      gtk_label_set_text (self->status_label, _("Not saved: correct the fields marked in red"));
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      return;
    }
  if (self->kind == KIND_EMPLOYEES)
    {
      ok = ma_store_save_employee (self->store, record, NULL, &error);
      code = g_strdup (((MaEmployee *) record)->code);
    }
  else if (self->kind == KIND_BRANCHES)
    {
      ok = ma_store_save_branch (self->store, record, NULL, &error);
      code = g_strdup (((MaBranch *) record)->code);
    }
  else
    {
      ok = ma_store_save_region (self->store, record, NULL, &error);
      code = g_strdup (((MaRegion *) record)->code);
    }
  free_record (self, record);
  if (!ok)
    {
      message = g_strdup_printf (_("Not saved: %s"), error->message);
      gtk_label_set_text (self->status_label, message);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      return;
    }
  if (!reload (self, &error))
    {
      message = g_strdup_printf (_("Saved, but the list cannot be read again: %s"), error->message);
      gtk_label_set_text (self->status_label, message);
      return;
    }
  load_form (self, code);
  select_row (self, code);
  message = g_strdup_printf (_("Saved “%s”"), code);
  gtk_label_set_text (self->status_label, message);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  MaDirectoryView *self = MA_DIRECTORY_VIEW (widget);

  gtk_list_box_unselect_all (list_of (self, self->kind));
  load_form (self, NULL);
  adw_leaflet_set_visible_child_name (self->leaflet, "form");
  gtk_widget_grab_focus (GTK_WIDGET (self->code_entry));
}

static void
revert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MaDirectoryView *self = MA_DIRECTORY_VIEW (widget);
  g_autofree char *code = g_strdup (self->editing);

  load_form (self, code);
}

static void
left_today_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  MaDirectoryView *self = MA_DIRECTORY_VIEW (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  if (self->kind != KIND_EMPLOYEES)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->active_to_entry), today);
  gtk_label_set_text (self->status_label, _("Press Save to record the last day of work"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
show_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MaDirectoryView *self = MA_DIRECTORY_VIEW (widget);

  adw_view_stack_set_visible_child_name (self->list_stack, g_variant_get_string (parameter, NULL));
}

static void
imported_cb (MaDirectoryView *self,
             guint            n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!reload (self, &error))
    message = g_strdup_printf (_("Imported, but the list cannot be read again: %s"), error->message);
  else
    message = g_strdup_printf (ngettext ("Imported: %u employee added or changed",
                                         "Imported: %u employees added or changed", n), n);
  gtk_label_set_text (self->status_label, message);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MaDirectoryView *self = MA_DIRECTORY_VIEW (widget);

  if (self->store != NULL)
    ma_import_dialog_choose_file (widget, self->store, MA_IMPORT_EMPLOYEES, NULL,
                                  G_CALLBACK (imported_cb), self);
}

/* ---- Public ----------------------------------------------------------- */

void
ma_directory_view_set_store (MaDirectoryView *self,
                             MaStore         *store)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (MA_IS_DIRECTORY_VIEW (self));
  g_return_if_fail (MA_IS_STORE (store));

  g_set_object (&self->store, store);
  if (!reload (self, &error))
    {
      gtk_label_set_text (self->status_label, error->message);
      return;
    }
  load_form (self, NULL);
}

gboolean
ma_directory_view_edit (MaDirectoryView *self,
                        const char      *code)
{
  gboolean found;

  g_return_val_if_fail (MA_IS_DIRECTORY_VIEW (self), FALSE);

  found = self->kind == KIND_EMPLOYEES ? find_employee (self, code) != NULL
          : self->kind == KIND_BRANCHES ? find_branch (self, code) != NULL
          : find_region (self, code) != NULL;
  if (!found)
    return FALSE;
  load_form (self, code);
  select_row (self, code);
  return TRUE;
}

GtkEditable *
ma_directory_view_get_field (MaDirectoryView *self,
                             const char      *field)
{
  g_return_val_if_fail (MA_IS_DIRECTORY_VIEW (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    if (g_strcmp0 (text_fields[i].name, field) == 0)
      return GTK_EDITABLE (entry_of (self, text_fields[i].field));
  return NULL;
}

const char *
ma_directory_view_get_message (MaDirectoryView *self,
                               const char      *field)
{
  g_return_val_if_fail (MA_IS_DIRECTORY_VIEW (self), NULL);

  if (g_strcmp0 (field, "parent") == 0)
    return gtk_label_get_text (self->parent_message);
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    if (g_strcmp0 (text_fields[i].name, field) == 0)
      return gtk_label_get_text (message_of (self, text_fields[i].field));
  return NULL;
}

void
ma_directory_view_set_parent (MaDirectoryView *self,
                              const char      *code)
{
  g_return_if_fail (MA_IS_DIRECTORY_VIEW (self));

  for (guint i = 0; self->parent_codes != NULL && self->parent_codes[i] != NULL; i++)
    if (g_strcmp0 (self->parent_codes[i], code) == 0)
      gtk_drop_down_set_selected (self->parent_dropdown, i);
}

const char *
ma_directory_view_get_status (MaDirectoryView *self)
{
  g_return_val_if_fail (MA_IS_DIRECTORY_VIEW (self), NULL);
  return gtk_label_get_text (self->status_label);
}

guint
ma_directory_view_count_visible (MaDirectoryView *self)
{
  guint n = 0;

  g_return_val_if_fail (MA_IS_DIRECTORY_VIEW (self), 0);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list_of (self, self->kind)));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && filter_row (GTK_LIST_BOX_ROW (row), self))
      n++;
  return n;
}

/* ---- Class ------------------------------------------------------------ */

static void
ma_directory_view_dispose (GObject *object)
{
  MaDirectoryView *self = MA_DIRECTORY_VIEW (object);

  g_clear_object (&self->store);
  G_OBJECT_CLASS (ma_directory_view_parent_class)->dispose (object);
}

static void
ma_directory_view_finalize (GObject *object)
{
  MaDirectoryView *self = MA_DIRECTORY_VIEW (object);

  g_clear_pointer (&self->regions, g_ptr_array_unref);
  g_clear_pointer (&self->branches, g_ptr_array_unref);
  g_clear_pointer (&self->employees, g_ptr_array_unref);
  g_strfreev (self->parent_codes);
  g_free (self->editing);
  G_OBJECT_CLASS (ma_directory_view_parent_class)->finalize (object);
}

/* The lists and the form still show everything; nothing can be added,
 * changed or imported. */
static void
apply_read_only (MaDirectoryView *self)
{
  static const char * const writing[] = {
    "directory.save", "directory.add", "directory.revert", "directory.left-today", "directory.import",
  };
  GtkEntry *entries[] = {
    self->name_entry, self->position_entry, self->base_pay_entry, self->currency_entry,
    self->active_from_entry, self->active_to_entry,
  };

  for (guint i = 0; i < G_N_ELEMENTS (writing); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), writing[i], !self->read_only);
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    gtk_editable_set_editable (GTK_EDITABLE (entries[i]), !self->read_only);
  gtk_editable_set_editable (GTK_EDITABLE (self->code_entry), self->editing == NULL && !self->read_only);
  gtk_widget_set_sensitive (GTK_WIDGET (self->parent_dropdown), !self->read_only);
}

/* ---- a read-only database ----------------------------------------------- */

enum {
  PROP_RO_0,
  PROP_READ_ONLY,
  N_RO_PROPS
};

static GParamSpec *ro_properties[N_RO_PROPS];

static void
ma_directory_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_READ_ONLY:
      g_value_set_boolean (value, MA_DIRECTORY_VIEW (object)->read_only);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_directory_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_READ_ONLY:
      ma_directory_view_set_read_only (MA_DIRECTORY_VIEW (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

void
ma_directory_view_set_read_only (MaDirectoryView *self,
                                gboolean         read_only)
{
  g_return_if_fail (MA_IS_DIRECTORY_VIEW (self));

  read_only = !!read_only;
  if (self->read_only == read_only)
    return;
  self->read_only = read_only;
  apply_read_only (self);
  g_object_notify_by_pspec (G_OBJECT (self), ro_properties[PROP_READ_ONLY]);
}

gboolean
ma_directory_view_get_read_only (MaDirectoryView *self)
{
  g_return_val_if_fail (MA_IS_DIRECTORY_VIEW (self), FALSE);
  return self->read_only;
}

static void
ma_directory_view_class_init (MaDirectoryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_directory_view_dispose;
  object_class->get_property = ma_directory_view_get_property;
  object_class->set_property = ma_directory_view_set_property;
  /* The window binds it to its own "read-only": the database cannot be
   * written, so nothing here offers to. */
  ro_properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_RO_PROPS, ro_properties);
  object_class->finalize = ma_directory_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mysteryaudit/MysteryAudit/ui/ma-directory-view.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MaDirectoryView, name)
  BIND (leaflet);
  BIND (list_stack);
  BIND (search_entry);
  BIND (left_check);
  BIND (employees_list);
  BIND (branches_list);
  BIND (regions_list);
  BIND (form_title);
  BIND (form_hint);
  BIND (code_label);
  BIND (name_label);
  BIND (parent_label);
  BIND (position_label);
  BIND (base_pay_label);
  BIND (currency_label);
  BIND (active_from_label);
  BIND (active_to_label);
  BIND (code_entry);
  BIND (name_entry);
  BIND (position_entry);
  BIND (base_pay_entry);
  BIND (currency_entry);
  BIND (active_from_entry);
  BIND (active_to_entry);
  BIND (parent_dropdown);
  BIND (code_message);
  BIND (name_message);
  BIND (parent_message);
  BIND (position_message);
  BIND (base_pay_message);
  BIND (currency_message);
  BIND (active_from_message);
  BIND (active_to_message);
  BIND (left_button);
  BIND (status_label);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_changed_cb);

  gtk_widget_class_install_action (widget_class, "directory.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "directory.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "directory.revert", NULL, revert_action);
  gtk_widget_class_install_action (widget_class, "directory.left-today", NULL, left_today_action);
  gtk_widget_class_install_action (widget_class, "directory.show", "s", show_action);
  gtk_widget_class_install_action (widget_class, "directory.import", NULL, import_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "directory.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "directory.add", NULL);
}

static void
ma_directory_view_init (MaDirectoryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_filter_func (self->employees_list, filter_row, self, NULL);
  gtk_list_box_set_filter_func (self->branches_list, filter_row, self, NULL);
  gtk_list_box_set_filter_func (self->regions_list, filter_row, self, NULL);
}
