/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "ma-bonus.h"
#include "ma-keys.h"
#include "ma-pay-util.h"
#include "ma-scheme-editor.h"
#include "ma-statement.h"

/* How long typing may pause before the example is computed again. */
#define WHAT_IF_DELAY_MS 250
/* How many employees the what-if lists. */
#define MAX_CHANGES 8

typedef struct {
  AdwExpanderRow *row;
  AdwEntryRow    *key;
  AdwEntryRow    *label;
  GtkSpinButton  *share;
  AdwComboRow    *source;
  GtkSpinButton  *floor_;
  GtkSpinButton  *target;
  GtkSpinButton  *cap;
  GtkButton      *remove;
} ComponentRow;

typedef struct {
  MaBonusStatement *current;
  MaBonusStatement *edited;
} WhatIf;

struct _MaSchemeEditor
{
  AdwBin          parent_instance;

  GtkDropDown    *scheme_dropdown;
  GtkButton      *new_button;
  GtkLabel       *version_label;
  AdwEntryRow    *name_row;
  AdwEntryRow    *key_row;
  AdwEntryRow    *positions_row;
  GtkSpinButton  *min_audits_spin;
  AdwComboRow    *missing_row;
  GtkLabel       *scheme_message;
  AdwPreferencesGroup *components_group;
  GtkLabel       *share_message;
  GtkLabel       *save_message;
  GtkButton      *save_button;
  AdwComboRow    *period_row;
  AdwComboRow    *employee_row;
  GtkListBox     *example_list;
  AdwActionRow   *current_row;
  AdwActionRow   *edited_row;
  AdwActionRow   *change_row;
  GtkListBox     *changes_list;
  GtkLabel       *status_label;

  MaStore        *store;
  GPtrArray      *schemes;        /* of MaScheme: the highest version of each key */
  GPtrArray      *employees;      /* of MaEmployee */
  GStrv           periods;
  GStrv           employee_codes; /* of the employee combo */
  GPtrArray      *components;     /* of ComponentRow */
  MaScheme       *stored;         /* the version being edited; NULL for a new scheme */
  gboolean        loading;
  gboolean        valid;

  guint           what_if_source;
  GCancellable   *what_if_cancellable;
  WhatIf         *what_if;        /* of the edit below, or NULL */
  char           *what_if_canonical; /* the edit it was computed for, and its period */
  char           *what_if_period;
  gboolean        read_only;      /* the database: try changes, never save them */
};

G_DEFINE_FINAL_TYPE (MaSchemeEditor, ma_scheme_editor, ADW_TYPE_BIN)

static void update (MaSchemeEditor *self);

static void
what_if_free (WhatIf *what_if)
{
  if (what_if == NULL)
    return;
  g_clear_pointer (&what_if->current, ma_bonus_statement_free);
  g_clear_pointer (&what_if->edited, ma_bonus_statement_free);
  g_free (what_if);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WhatIf, what_if_free)

/* ---- Reading the form ------------------------------------------------- */

static const char *
editable_text (gpointer editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

static char *
stripped (gpointer editable)
{
  return g_strstrip (g_strdup (editable_text (editable)));
}

static const char *
selected_period (MaSchemeEditor *self)
{
  guint i = adw_combo_row_get_selected (self->period_row);

  if (self->periods == NULL || i >= g_strv_length (self->periods))
    return NULL;
  return self->periods[i];
}

static const char *
selected_employee (MaSchemeEditor *self)
{
  guint i = adw_combo_row_get_selected (self->employee_row);

  if (self->employee_codes == NULL || i >= g_strv_length (self->employee_codes))
    return NULL;
  return self->employee_codes[i];
}

static MaScheme *
build_scheme (MaSchemeEditor *self)
{
  MaScheme *scheme = ma_scheme_new ();
  g_auto(GStrv) positions = g_strsplit (editable_text (self->positions_row), ",", -1);

  scheme->key = stripped (self->key_row);
  scheme->name = stripped (self->name_row);
  scheme->version = self->stored != NULL ? self->stored->version + 1 : 1;
  scheme->min_audits = gtk_spin_button_get_value_as_int (self->min_audits_spin);
  scheme->missing = (MaMissingPolicy) adw_combo_row_get_selected (self->missing_row);
  for (guint i = 0; positions[i] != NULL; i++)
    {
      g_strstrip (positions[i]);
      if (*positions[i] != '\0')
        g_ptr_array_add (scheme->positions, g_strdup (positions[i]));
    }
  for (guint i = 0; i < self->components->len; i++)
    {
      ComponentRow *row = g_ptr_array_index (self->components, i);
      g_autofree char *key = stripped (row->key);
      MaSchemeComponent *c =
        ma_scheme_component_new (key, gtk_spin_button_get_value (row->share),
                                 adw_combo_row_get_selected (row->source) == 0 ? MA_SOURCE_KPI
                                                                               : MA_SOURCE_AUDIT);

      c->label = stripped (row->label);
      if (*c->label == '\0')
        g_clear_pointer (&c->label, g_free);
      /* The form shows achievements in percent; the scheme keeps fractions. */
      c->floor = gtk_spin_button_get_value (row->floor_) / 100;
      c->target = gtk_spin_button_get_value (row->target) / 100;
      c->cap = gtk_spin_button_get_value (row->cap) / 100;
      g_ptr_array_add (scheme->components, c);
    }
  return scheme;
}

MaScheme *
ma_scheme_editor_get_scheme (MaSchemeEditor *self)
{
  g_return_val_if_fail (MA_IS_SCHEME_EDITOR (self), NULL);
  return build_scheme (self);
}

/* ---- Component rows --------------------------------------------------- */

static void
component_row_free (ComponentRow *row)
{
  g_free (row);
}

static void
field_changed_cb (MaSchemeEditor *self)
{
  if (!self->loading)
    update (self);
}

static GtkSpinButton *
add_spin_row (MaSchemeEditor *self,
              AdwExpanderRow *expander,
              const char     *title,
              const char     *subtitle,
              double          lower,
              double          upper,
              double          value,
              const char     *accessible_label)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkSpinButton *spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (lower, upper, 1));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, subtitle);
  gtk_spin_button_set_digits (spin, 1);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 5);
  gtk_spin_button_set_value (spin, value);
  gtk_widget_set_valign (GTK_WIDGET (spin), GTK_ALIGN_CENTER);
  ma_pay_set_label (GTK_WIDGET (spin), accessible_label);
  adw_action_row_add_suffix (row, GTK_WIDGET (spin));
  adw_action_row_set_activatable_widget (row, GTK_WIDGET (spin));
  adw_expander_row_add_row (expander, GTK_WIDGET (row));
  g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (field_changed_cb), self);
  return spin;
}

static void
remove_clicked_cb (GtkButton      *button,
                   MaSchemeEditor *self)
{
  for (guint i = 0; i < self->components->len; i++)
    if (((ComponentRow *) g_ptr_array_index (self->components, i))->remove == button)
      {
        gtk_widget_activate_action (GTK_WIDGET (self), "scheme.remove-component", "i", (int) i);
        return;
      }
}

/* The names of a component's controls say which component they belong to,
 * so that a screen reader (and a test) can tell the shares apart. */
static void
name_component_controls (ComponentRow *row)
{
  const char *label = editable_text (row->label);
  const char *name = *label != '\0' ? label : editable_text (row->key);
  g_autofree char *share = g_strdup_printf (_("Share of %s, percent"), name);
  g_autofree char *remove = g_strdup_printf (_("Remove %s"), name);
  g_autofree char *floor_ = g_strdup_printf (_("Floor of %s, percent"), name);
  g_autofree char *target = g_strdup_printf (_("Target of %s, percent"), name);
  g_autofree char *cap = g_strdup_printf (_("Cap of %s, percent"), name);

  ma_pay_set_label (GTK_WIDGET (row->share), share);
  ma_pay_set_label (GTK_WIDGET (row->remove), remove);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row->remove), remove);
  ma_pay_set_label (GTK_WIDGET (row->floor_), floor_);
  ma_pay_set_label (GTK_WIDGET (row->target), target);
  ma_pay_set_label (GTK_WIDGET (row->cap), cap);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), name);
  /* libadwaita 1.2 shows the title on a row inside; the focusable outer
   * row has no name of its own. */
  ma_pay_set_label (GTK_WIDGET (row->row), name);
}

static void
add_component_row (MaSchemeEditor          *self,
                   const MaSchemeComponent *c)
{
  ComponentRow *row = g_new0 (ComponentRow, 1);
  g_autoptr(GtkStringList) sources = gtk_string_list_new (NULL);
  GtkWidget *share_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *percent = gtk_label_new ("%");

  row->row = ADW_EXPANDER_ROW (adw_expander_row_new ());

  row->share = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 100, 1));
  gtk_spin_button_set_digits (row->share, 2);
  /* "100.00" fits; a narrow window has no room for more. */
  gtk_editable_set_width_chars (GTK_EDITABLE (row->share), 5);
  gtk_spin_button_set_value (row->share, c->share);
  gtk_widget_set_valign (GTK_WIDGET (row->share), GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (share_box), GTK_WIDGET (row->share));
  gtk_box_append (GTK_BOX (share_box), percent);
  row->remove = GTK_BUTTON (gtk_button_new_from_icon_name ("user-trash-symbolic"));
  gtk_widget_set_valign (GTK_WIDGET (row->remove), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (row->remove), "flat");
  gtk_box_append (GTK_BOX (share_box), GTK_WIDGET (row->remove));
  gtk_widget_set_valign (share_box, GTK_ALIGN_CENTER);
  adw_expander_row_add_action (row->row, share_box);

  row->key = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->key), _("Key (as in the templates’ pay components)"));
  gtk_editable_set_text (GTK_EDITABLE (row->key), c->key != NULL ? c->key : "");
  adw_expander_row_add_row (row->row, GTK_WIDGET (row->key));

  row->label = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->label), _("Label"));
  gtk_editable_set_text (GTK_EDITABLE (row->label), c->label != NULL ? c->label : "");
  adw_expander_row_add_row (row->row, GTK_WIDGET (row->label));

  gtk_string_list_append (sources, _("KPI figure (actual ÷ plan)"));
  gtk_string_list_append (sources, _("Audit score"));
  row->source = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->source), _("Source"));
  adw_combo_row_set_model (row->source, G_LIST_MODEL (sources));
  adw_combo_row_set_selected (row->source, c->source == MA_SOURCE_KPI ? 0 : 1);
  adw_expander_row_add_row (row->row, GTK_WIDGET (row->source));

  row->floor_ = add_spin_row (self, row->row, _("Floor"), _("Below it, nothing is paid"),
                              0, 1000, c->floor * 100, _("Floor, percent"));
  row->target = add_spin_row (self, row->row, _("Target"), _("At it, the share is paid in full"),
                              0, 1000, c->target * 100, _("Target, percent"));
  row->cap = add_spin_row (self, row->row, _("Cap"), _("The most paid for exceeding the target"),
                           100, 1000, c->cap * 100, _("Cap, percent"));

  g_signal_connect_swapped (row->share, "value-changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (row->key, "changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (row->label, "changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (row->source, "notify::selected", G_CALLBACK (field_changed_cb), self);
  g_signal_connect (row->remove, "clicked", G_CALLBACK (remove_clicked_cb), self);

  name_component_controls (row);
  adw_preferences_group_add (self->components_group, GTK_WIDGET (row->row));
  g_ptr_array_add (self->components, row);
}

static void
clear_components (MaSchemeEditor *self)
{
  for (guint i = 0; i < self->components->len; i++)
    adw_preferences_group_remove (self->components_group,
                                  GTK_WIDGET (((ComponentRow *) g_ptr_array_index (self->components, i))->row));
  g_ptr_array_set_size (self->components, 0);
}

/* ---- Loading ---------------------------------------------------------- */

static void
load_scheme (MaSchemeEditor *self,
             const MaScheme *scheme)
{
  g_autofree char *positions = NULL;
  g_autoptr(GString) joined = g_string_new (NULL);

  self->loading = TRUE;
  g_clear_pointer (&self->stored, ma_scheme_free);
  if (scheme != NULL)
    self->stored = ma_scheme_copy (scheme);

  for (guint i = 0; scheme != NULL && i < scheme->positions->len; i++)
    {
      if (i > 0)
        g_string_append (joined, ", ");
      g_string_append (joined, g_ptr_array_index (scheme->positions, i));
    }
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), scheme != NULL ? scheme->name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), scheme != NULL ? scheme->key : "");
  /* A key names every version of a scheme: it is chosen once. */
  gtk_editable_set_editable (GTK_EDITABLE (self->key_row), scheme == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->key_row), scheme == NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->positions_row), joined->str);
  gtk_spin_button_set_value (self->min_audits_spin, scheme != NULL ? scheme->min_audits : 2);
  adw_combo_row_set_selected (self->missing_row, scheme != NULL ? (guint) scheme->missing : 0);

  clear_components (self);
  if (scheme != NULL)
    for (guint i = 0; i < scheme->components->len; i++)
      add_component_row (self, g_ptr_array_index (scheme->components, i));
  else
    {
      g_autoptr(MaSchemeComponent) c = ma_scheme_component_new ("", 100, MA_SOURCE_AUDIT);

      add_component_row (self, c);
    }
  self->loading = FALSE;
  gtk_label_set_text (self->save_message,
                      self->read_only ? _("The database is read-only: changes can be tried here, not saved") : "");
  update (self);
}

static void
fill_scheme_dropdown (MaSchemeEditor *self,
                      const char     *select_key)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint selected = 0;

  for (guint i = 0; i < self->schemes->len; i++)
    {
      const MaScheme *scheme = g_ptr_array_index (self->schemes, i);
      /* TRANSLATORS: a scheme in a list: its name, key and highest version */
      g_autofree char *label = g_strdup_printf (_("%s (%s, version %" PRId64 ")"),
                                                scheme->name, scheme->key, scheme->version);

      gtk_string_list_append (labels, label);
      if (g_strcmp0 (scheme->key, select_key) == 0)
        selected = i;
    }
  self->loading = TRUE;
  gtk_drop_down_set_model (self->scheme_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->scheme_dropdown, selected);
  self->loading = FALSE;
}

static gboolean
reload_schemes (MaSchemeEditor *self,
                const char     *select_key,
                GError        **error)
{
  g_autoptr(GPtrArray) all = ma_store_list_schemes (self->store, error);
  g_autoptr(GHashTable) latest = g_hash_table_new (g_str_hash, g_str_equal);

  if (all == NULL)
    return FALSE;
  g_ptr_array_set_size (self->schemes, 0);
  /* The list is by key, then version: the last of each key is its highest. */
  for (guint i = 0; i < all->len; i++)
    {
      MaScheme *scheme = g_ptr_array_index (all, i);
      MaScheme *known = g_hash_table_lookup (latest, scheme->key);

      if (known == NULL || scheme->version > known->version)
        g_hash_table_insert (latest, scheme->key, scheme);
    }
  for (guint i = 0; i < all->len; i++)
    {
      MaScheme *scheme = g_ptr_array_index (all, i);

      if (g_hash_table_lookup (latest, scheme->key) == scheme)
        g_ptr_array_add (self->schemes, ma_scheme_copy (scheme));
    }
  fill_scheme_dropdown (self, select_key);
  return TRUE;
}

static void
scheme_selected_cb (MaSchemeEditor *self)
{
  guint i = gtk_drop_down_get_selected (self->scheme_dropdown);

  if (self->loading || i >= self->schemes->len)
    return;
  load_scheme (self, g_ptr_array_index (self->schemes, i));
}

gboolean
ma_scheme_editor_select_scheme (MaSchemeEditor *self,
                                const char     *key)
{
  g_return_val_if_fail (MA_IS_SCHEME_EDITOR (self), FALSE);

  for (guint i = 0; i < self->schemes->len; i++)
    if (g_strcmp0 (((MaScheme *) g_ptr_array_index (self->schemes, i))->key, key) == 0)
      {
        fill_scheme_dropdown (self, key);
        load_scheme (self, g_ptr_array_index (self->schemes, i));
        return TRUE;
      }
  return FALSE;
}

/* ---- Validation, beside each field ------------------------------------ */

static void
mark (gpointer    widget,
      const char *message)
{
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (widget), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (widget), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (widget), message);
}

static void
show_message (GtkLabel   *label,
              const char *message,
              gboolean    error)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL && *message != '\0');
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
}

static gboolean
key_taken (MaSchemeEditor *self,
           const char     *key)
{
  for (guint i = 0; i < self->schemes->len; i++)
    if (g_strcmp0 (((MaScheme *) g_ptr_array_index (self->schemes, i))->key, key) == 0)
      return TRUE;
  return FALSE;
}

/* Checks field by field, so that each message stands beside its field;
 * ma_scheme_validate() stays the rule that decides. */
static gboolean
check_fields (MaSchemeEditor *self,
              const MaScheme *scheme)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *scheme_problem = NULL;
  g_autofree char *share_text = NULL;
  gboolean ok = TRUE;
  double sum = 0;

  mark (self->name_row, NULL);
  mark (self->key_row, NULL);
  mark (self->positions_row, NULL);
  if (*scheme->name == '\0')
    {
      scheme_problem = g_strdup (_("Name: a scheme needs a name"));
      mark (self->name_row, scheme_problem);
    }
  else if (!ma_key_is_valid (scheme->key))
    {
      scheme_problem = g_strdup_printf (_("Key: 1 to %d letters, digits or signs, without spaces"),
                                        MA_KEY_MAX_LENGTH);
      mark (self->key_row, scheme_problem);
    }
  else if (self->stored == NULL && key_taken (self, scheme->key))
    {
      scheme_problem = g_strdup_printf (_("Key: scheme “%s” exists already; choose it in the list to edit it"),
                                        scheme->key);
      mark (self->key_row, scheme_problem);
    }
  else if (scheme->positions->len == 0)
    {
      scheme_problem = g_strdup (_("Positions: a scheme covers at least one position"));
      mark (self->positions_row, scheme_problem);
    }
  else
    for (guint i = 0; i < scheme->positions->len && scheme_problem == NULL; i++)
      {
        const char *position = g_ptr_array_index (scheme->positions, i);

        if (!ma_code_is_valid (position))
          scheme_problem = g_strdup_printf (_("Positions: “%s” is too long or holds control characters"),
                                            position);
        else if (g_hash_table_contains (seen, position))
          scheme_problem = g_strdup_printf (_("Positions: “%s” is listed twice"), position);
        g_hash_table_add (seen, (gpointer) position);
        if (scheme_problem != NULL)
          mark (self->positions_row, scheme_problem);
      }
  show_message (self->scheme_message, scheme_problem, TRUE);
  ok = scheme_problem == NULL;

  g_hash_table_remove_all (seen);
  for (guint i = 0; i < scheme->components->len; i++)
    {
      const MaSchemeComponent *c = g_ptr_array_index (scheme->components, i);
      ComponentRow *row = g_ptr_array_index (self->components, i);
      g_autofree char *problem = NULL;
      g_autofree char *summary = NULL;

      if (!ma_key_is_valid (c->key))
        problem = g_strdup (_("The key is missing or has spaces"));
      else if (g_hash_table_contains (seen, c->key))
        problem = g_strdup_printf (_("The key “%s” is used by another component"), c->key);
      else if (c->target <= c->floor)
        problem = g_strdup (_("The target must be above the floor"));
      g_hash_table_add (seen, c->key);
      sum += c->share;

      mark (row->key, problem != NULL && !ma_key_is_valid (c->key) ? problem : NULL);
      mark (row->target, c->target <= c->floor ? problem : NULL);
      if (problem != NULL)
        {
          adw_expander_row_set_subtitle (row->row, problem);
          gtk_widget_add_css_class (GTK_WIDGET (row->row), "error");
          ok = FALSE;
        }
      else
        {
          g_autofree char *floor_ = ma_pay_format_percent (c->floor);
          g_autofree char *target = ma_pay_format_percent (c->target);
          g_autofree char *cap = ma_pay_format_percent (c->cap);

          /* TRANSLATORS: a component's settings: source, floor, target, cap */
          summary = g_strdup_printf (_("%s · floor %s · target %s · cap %s"),
                                     c->source == MA_SOURCE_KPI ? _("KPI") : _("audits"),
                                     floor_, target, cap);
          adw_expander_row_set_subtitle (row->row, summary);
          gtk_widget_remove_css_class (GTK_WIDGET (row->row), "error");
        }
      name_component_controls (row);
    }

  /* Shares are compared in hundredths, as the spin buttons show them. */
  if (scheme->components->len == 0)
    {
      share_text = g_strdup (_("A scheme needs at least one component"));
      ok = FALSE;
    }
  else if (fabs (sum - 100) > 0.005)
    {
      g_autofree char *sum_text = ma_bonus_format_decimal (sum, 0, 2);

      /* TRANSLATORS: %s is the sum of the shares, as in "99" */
      share_text = g_strdup_printf (_("The shares add up to %s %%; they must add up to exactly 100 %%"),
                                    sum_text);
      ok = FALSE;
    }
  if (share_text != NULL)
    show_message (self->share_message, share_text, TRUE);
  else
    {
      show_message (self->share_message, _("The shares add up to 100 %"), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->share_message), TRUE);
    }
  for (guint i = 0; i < self->components->len; i++)
    mark (((ComponentRow *) g_ptr_array_index (self->components, i))->share,
          share_text != NULL && scheme->components->len > 0 ? share_text : NULL);
  return ok;
}

static gboolean
same_as_stored (MaSchemeEditor *self,
                const MaScheme *scheme)
{
  g_autoptr(MaScheme) copy = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (self->stored == NULL)
    return FALSE;
  copy = ma_scheme_copy (scheme);
  copy->version = self->stored->version;
  a = ma_scheme_to_canonical (copy);
  b = ma_scheme_to_canonical (self->stored);
  return g_strcmp0 (a, b) == 0;
}

/* ---- Live example and what-if ----------------------------------------- */

static void
set_status (MaSchemeEditor *self,
            const char     *text)
{
  gtk_label_set_text (self->status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL && *text != '\0');
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
add_info_row (GtkListBox *list,
              const char *title,
              const char *subtitle,
              const char *value)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (row, subtitle);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (row, label);
  gtk_list_box_append (list, GTK_WIDGET (row));
}

static void
fill_employee_combo (MaSchemeEditor *self,
                     const MaScheme *scheme)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *keep = g_strdup (selected_employee (self));
  const char *period = selected_period (self);
  guint selected = 0;

  for (guint i = 0; self->employees != NULL && i < self->employees->len; i++)
    {
      const MaEmployee *e = g_ptr_array_index (self->employees, i);
      g_autofree char *label = NULL;

      if (!ma_scheme_covers_position (scheme, e->position)
          || (period != NULL && !ma_employee_is_active_in (e, period)))
        continue;
      label = g_strdup_printf ("%s (%s)", e->name, e->code);
      if (g_strcmp0 (e->code, keep) == 0)
        selected = codes->len;
      gtk_string_list_append (names, label);
      g_ptr_array_add (codes, g_strdup (e->code));
    }
  g_ptr_array_add (codes, NULL);
  /* Same employees, same list: rebuilding it would close the popover. */
  if (self->employee_codes != NULL
      && g_strv_equal ((const char * const *) self->employee_codes, (const char * const *) codes->pdata))
    return;
  g_strfreev (self->employee_codes);
  self->employee_codes = (GStrv) g_ptr_array_free (g_steal_pointer (&codes), FALSE);
  self->loading = TRUE;
  adw_combo_row_set_model (self->employee_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->employee_row, selected);
  self->loading = FALSE;
}

static void
show_example (MaSchemeEditor *self)
{
  const char *code = selected_employee (self);
  const MaBonusRow *edited = NULL;
  const MaBonusRow *current = NULL;

  clear_list (self->example_list);
  if (self->what_if == NULL)
    return;
  if (code == NULL)
    {
      add_info_row (self->example_list, _("No employee holds a position of this scheme in this month"),
                    NULL, "");
      return;
    }
  edited = ma_bonus_statement_find_row (self->what_if->edited, code);
  current = ma_bonus_statement_find_row (self->what_if->current, code);
  if (edited == NULL)
    {
      add_info_row (self->example_list, _("This employee is paid by another scheme"),
                    _("Two schemes cover the position; the first key in alphabetical order is used"), "");
      return;
    }
  for (guint i = 0; i < edited->components->len; i++)
    {
      const MaBonusComponent *c = g_ptr_array_index (edited->components, i);
      g_autofree char *amount = ma_pay_format_money (c->amount, edited->currency);
      g_autofree char *achievement = ma_pay_format_percent (c->achievement);
      g_autofree char *subtitle = NULL;

      if (c->assessed)
        /* TRANSLATORS: achievement, then the formula of the amount */
        subtitle = g_strdup_printf (_("Achievement %s · %s"), achievement, c->formula);
      else
        /* TRANSLATORS: why a component without data pays what it pays,
         * then the formula of the amount */
        subtitle = g_strdup_printf (_("%s · %s"), ma_statement_policy_text (c), c->formula);
      add_info_row (self->example_list, c->label, subtitle, amount);
    }
  {
    g_autofree char *total = ma_pay_format_money (edited->total, edited->currency);
    g_autofree char *was = NULL;

    if (current != NULL)
      {
        g_autofree char *current_total = ma_pay_format_money (current->total, current->currency);
        g_autofree char *delta = ma_pay_format_delta (edited->total - current->total, edited->currency);

        was = g_strdup_printf (_("Now %s (%s)"), current_total, delta);
      }
    add_info_row (self->example_list, _("Bonus with this edit"), was, total);
  }
}

typedef struct {
  const char *employee;
  const char *name;
  const char *currency;
  gint64      before;
  gint64      after;
} Change;

static int
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  const Change *ca = a;
  const Change *cb = b;
  gint64 da = ABS (ca->after - ca->before);
  gint64 db = ABS (cb->after - cb->before);

  if (da != db)
    return da > db ? -1 : 1;
  return g_strcmp0 (ca->employee, cb->employee);
}

static void
add_total (GHashTable *totals,
           const char *currency,
           gint64      amount)
{
  gint64 *sum = g_hash_table_lookup (totals, currency != NULL ? currency : "");

  if (sum == NULL)
    {
      sum = g_new0 (gint64, 1);
      g_hash_table_insert (totals, g_strdup (currency != NULL ? currency : ""), sum);
    }
  *sum += amount;
}

/* "1 000,00 RUB" per currency, joined. */
static char *
format_totals (GHashTable *totals,
               GHashTable *other,
               gboolean    delta)
{
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (totals), (GCompareFunc) g_strcmp0);
  g_autoptr(GString) text = g_string_new (NULL);

  for (GList *l = keys; l != NULL; l = l->next)
    {
      gint64 value = *(gint64 *) g_hash_table_lookup (totals, l->data);
      g_autofree char *part = NULL;

      if (delta)
        {
          gint64 *base = g_hash_table_lookup (other, l->data);
          gint64 before = base != NULL ? *base : 0;
          g_autofree char *amount = ma_pay_format_delta (value - before, l->data);

          if (before != 0)
            part = g_strdup_printf ("%s %s (%+.1f %%)", amount, (char *) l->data,
                                    100.0 * (double) (value - before) / (double) before);
          else
            part = g_strdup_printf ("%s %s", amount, (char *) l->data);
        }
      else
        part = ma_pay_format_money (value, l->data);
      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append (text, part);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_what_if (MaSchemeEditor *self)
{
  g_autoptr(GHashTable) before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) after = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GArray) changes = g_array_new (FALSE, TRUE, sizeof (Change));
  g_autofree char *period_name = ma_format_period_locale (self->what_if_period);
  g_autofree char *before_text = NULL;
  g_autofree char *after_text = NULL;
  g_autofree char *delta_text = NULL;
  g_autofree char *title = NULL;
  guint n_changed = 0;
  const WhatIf *w = self->what_if;

  clear_list (self->changes_list);
  if (w == NULL)
    return;

  for (guint i = 0; i < w->current->rows->len; i++)
    {
      const MaBonusRow *row = g_ptr_array_index (w->current->rows, i);
      const MaBonusRow *now = ma_bonus_statement_find_row (w->edited, row->employee);
      Change change = { row->employee, row->name, row->currency, row->total,
                        now != NULL ? now->total : 0 };

      add_total (before, row->currency, row->total);
      g_array_append_val (changes, change);
    }
  for (guint i = 0; i < w->edited->rows->len; i++)
    {
      const MaBonusRow *row = g_ptr_array_index (w->edited->rows, i);

      add_total (after, row->currency, row->total);
      if (ma_bonus_statement_find_row (w->current, row->employee) == NULL)
        {
          Change change = { row->employee, row->name, row->currency, 0, row->total };

          g_array_append_val (changes, change);
        }
    }
  g_array_sort (changes, compare_changes);

  before_text = format_totals (before, NULL, FALSE);
  after_text = format_totals (after, NULL, FALSE);
  delta_text = format_totals (after, before, TRUE);
  adw_action_row_set_subtitle (self->current_row, before_text);
  adw_action_row_set_subtitle (self->edited_row, after_text);
  adw_action_row_set_subtitle (self->change_row, delta_text);

  for (guint i = 0; i < changes->len; i++)
    if (g_array_index (changes, Change, i).before != g_array_index (changes, Change, i).after)
      n_changed++;
  /* TRANSLATORS: %s is a month, as in "October 2026" */
  title = g_strdup_printf (_("What If: %s"), period_name);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (GTK_WIDGET (self->current_row),
                                                                                     ADW_TYPE_PREFERENCES_GROUP)),
                                   title);
  {
    g_autofree char *description =
      g_strdup_printf (ngettext ("The pay of %u employee changes", "The pay of %u employees changes",
                                 n_changed), n_changed);

    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (GTK_WIDGET (self->current_row),
                                                                                            ADW_TYPE_PREFERENCES_GROUP)),
                                           description);
  }

  for (guint i = 0; i < MIN (changes->len, MAX_CHANGES); i++)
    {
      const Change *c = &g_array_index (changes, Change, i);
      g_autofree char *was = NULL;
      g_autofree char *now = NULL;
      g_autofree char *delta = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *name = NULL;

      if (c->before == c->after)
        break;
      was = ma_pay_format_money (c->before, c->currency);
      now = ma_pay_format_money (c->after, c->currency);
      delta = ma_pay_format_delta (c->after - c->before, c->currency);
      /* TRANSLATORS: pay before and after the edit */
      subtitle = g_strdup_printf (_("%s → %s"), was, now);
      name = g_strdup_printf ("%s (%s)", c->name != NULL ? c->name : c->employee, c->employee);
      add_info_row (self->changes_list, name, subtitle, delta);
    }
  if (n_changed == 0)
    add_info_row (self->changes_list, _("Nobody’s pay changes"), NULL, "");
}

static WhatIf *
compute_what_if (MaStore         *store,
                 const char      *period,
                 const MaScheme  *scheme,
                 GError         **error)
{
  g_autoptr(WhatIf) what_if = g_new0 (WhatIf, 1);

  what_if->current = ma_bonus_compute_with_scheme (store, period, NULL, error);
  if (what_if->current == NULL)
    return NULL;
  what_if->edited = ma_bonus_compute_with_scheme (store, period, scheme, error);
  if (what_if->edited == NULL)
    return NULL;
  return g_steal_pointer (&what_if);
}

typedef struct {
  MaStore  *store;   /* the worker's own connection */
  char     *period;
  MaScheme *scheme;
} WhatIfTask;

static void
what_if_task_free (WhatIfTask *task)
{
  g_clear_object (&task->store);
  g_free (task->period);
  g_clear_pointer (&task->scheme, ma_scheme_free);
  g_free (task);
}

static void
what_if_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  WhatIfTask *t = data;
  GError *error = NULL;
  WhatIf *what_if;

  what_if = compute_what_if (t->store, t->period, t->scheme, &error);
  if (what_if == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, what_if, (GDestroyNotify) what_if_free);
}

/* Two bonus statements of a month, on a worker thread with its own
 * read-only connection, so that a big month does not freeze the window. */
static void
compute_what_if_async (MaSchemeEditor      *self,
                       const char          *period,
                       const MaScheme      *scheme,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  WhatIfTask *t = g_new0 (WhatIfTask, 1);

  g_task_set_source_tag (task, compute_what_if_async);
  g_task_set_check_cancellable (task, TRUE);
  t->period = g_strdup (period);
  t->scheme = ma_scheme_copy (scheme);
  g_task_set_task_data (task, t, (GDestroyNotify) what_if_task_free);

  if (!ma_pay_store_has_file (self->store))
    {
      WhatIf *what_if = compute_what_if (self->store, period, scheme, &error);

      if (what_if == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, what_if, (GDestroyNotify) what_if_free);
      return;
    }
  t->store = ma_pay_open_worker_store (self->store, &error);
  if (t->store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_run_in_thread (task, what_if_thread);
}

static WhatIf *
compute_what_if_finish (MaSchemeEditor  *self,
                        GAsyncResult    *result,
                        GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  MaSchemeEditor *self;
  char           *canonical;
  char           *period;
} Pending;

static void
what_if_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Pending *pending = data;
  MaSchemeEditor *self = MA_SCHEME_EDITOR (source);
  g_autoptr(GError) error = NULL;
  WhatIf *what_if = compute_what_if_finish (self, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    goto out;
  g_clear_object (&self->what_if_cancellable);
  if (what_if == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The example cannot be computed: %s"), error->message);

      set_status (self, message);
      goto out;
    }
  g_clear_pointer (&self->what_if, what_if_free);
  self->what_if = what_if;
  g_free (self->what_if_canonical);
  self->what_if_canonical = g_steal_pointer (&pending->canonical);
  g_free (self->what_if_period);
  self->what_if_period = g_steal_pointer (&pending->period);
  set_status (self, "");
  show_example (self);
  show_what_if (self);

out:
  g_free (pending->canonical);
  g_free (pending->period);
  g_object_unref (pending->self);
  g_free (pending);
}

static gboolean
start_what_if_cb (gpointer data)
{
  MaSchemeEditor *self = data;
  g_autoptr(MaScheme) scheme = NULL;
  const char *period = selected_period (self);
  Pending *pending;

  self->what_if_source = 0;
  if (self->store == NULL || period == NULL || !self->valid)
    return G_SOURCE_REMOVE;
  scheme = build_scheme (self);

  g_cancellable_cancel (self->what_if_cancellable);
  g_clear_object (&self->what_if_cancellable);
  self->what_if_cancellable = g_cancellable_new ();
  pending = g_new0 (Pending, 1);
  pending->self = g_object_ref (self);
  pending->canonical = ma_scheme_to_canonical (scheme);
  pending->period = g_strdup (period);
  set_status (self, _("Computing…"));
  compute_what_if_async (self, period, scheme, self->what_if_cancellable, what_if_done_cb, pending);
  return G_SOURCE_REMOVE;
}

static void
schedule_what_if (MaSchemeEditor *self)
{
  g_clear_handle_id (&self->what_if_source, g_source_remove);
  self->what_if_source = g_timeout_add (WHAT_IF_DELAY_MS, start_what_if_cb, self);
}

/* ---- Update ----------------------------------------------------------- */

static void
update (MaSchemeEditor *self)
{
  g_autoptr(MaScheme) scheme = build_scheme (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *button = NULL;
  g_autofree char *version = NULL;
  gboolean fields_ok, same;

  fields_ok = check_fields (self, scheme);
  self->valid = fields_ok && ma_scheme_validate (scheme, &error);
  /* A rule the fields do not show on their own still says why. */
  if (fields_ok && error != NULL)
    show_message (self->scheme_message, error->message, TRUE);
  same = same_as_stored (self, scheme);

  /* TRANSLATORS: the save button; saved versions never change */
  button = g_strdup_printf (_("_Save as Version %" PRId64), scheme->version);
  gtk_button_set_label (self->save_button, button);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), self->valid && !same && !self->read_only);
  if (self->stored != NULL)
    version = g_strdup_printf (_("Version %" PRId64 " is saved and never changes, so that "
                                 "closed months keep the pay they were computed with. Saving "
                                 "your changes creates version %" PRId64 ", which "
                                 "applies to every month that is not closed."),
                               self->stored->version, scheme->version);
  else
    version = g_strdup (_("A new scheme is saved as version 1. Once saved, a version never "
                          "changes; later edits become new versions."));
  gtk_label_set_text (self->version_label, version);

  if (self->store == NULL)
    return;
  fill_employee_combo (self, scheme);
  if (self->valid)
    schedule_what_if (self);
  else
    {
      g_cancellable_cancel (self->what_if_cancellable);
      g_clear_object (&self->what_if_cancellable);
      g_clear_pointer (&self->what_if, what_if_free);
      clear_list (self->example_list);
      clear_list (self->changes_list);
      adw_action_row_set_subtitle (self->current_row, "");
      adw_action_row_set_subtitle (self->edited_row, "");
      adw_action_row_set_subtitle (self->change_row, "");
      set_status (self,
                          _("The example and the what-if appear when the scheme can be saved"));
    }
}

static void
period_selected_cb (MaSchemeEditor *self)
{
  if (!self->loading)
    update (self);
}

static void
employee_selected_cb (MaSchemeEditor *self)
{
  if (!self->loading)
    show_example (self);
}

/* ---- Actions ---------------------------------------------------------- */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MaSchemeEditor *self = MA_SCHEME_EDITOR (widget);
  g_autoptr(MaScheme) scheme = build_scheme (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (self->store == NULL)
    return;
  update (self);
  if (!self->valid)
    {
      const char *why = gtk_label_get_text (self->share_message);

      if (gtk_widget_get_visible (GTK_WIDGET (self->scheme_message)))
        why = gtk_label_get_text (self->scheme_message);
      message = g_strdup_printf (_("Not saved: %s"), why);
      show_message (self->save_message, message, TRUE);
      return;
    }
  if (same_as_stored (self, scheme))
    {
      show_message (self->save_message, _("Nothing to save: the scheme is as stored"), FALSE);
      return;
    }
  if (!ma_scheme_validate (scheme, &error)
      || !ma_store_save_scheme (self->store, scheme, NULL, &error))
    {
      message = g_strdup_printf (_("Not saved: %s"), error->message);
      show_message (self->save_message, message, TRUE);
      return;
    }
  g_clear_error (&error);
  if (!reload_schemes (self, scheme->key, &error))
    {
      message = g_strdup_printf (_("Saved, but the schemes cannot be read again: %s"), error->message);
      show_message (self->save_message, message, TRUE);
      return;
    }
  ma_scheme_editor_select_scheme (self, scheme->key);
  message = g_strdup_printf (_("Saved as version %" PRId64 " of “%s”"),
                             scheme->version, scheme->name);
  show_message (self->save_message, message, FALSE);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  MaSchemeEditor *self = MA_SCHEME_EDITOR (widget);

  self->loading = TRUE;
  gtk_drop_down_set_selected (self->scheme_dropdown, GTK_INVALID_LIST_POSITION);
  self->loading = FALSE;
  load_scheme (self, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
add_component_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MaSchemeEditor *self = MA_SCHEME_EDITOR (widget);
  g_autoptr(MaSchemeComponent) c = ma_scheme_component_new ("", 0, MA_SOURCE_AUDIT);
  ComponentRow *row;

  add_component_row (self, c);
  row = g_ptr_array_index (self->components, self->components->len - 1);
  adw_expander_row_set_expanded (row->row, TRUE);
  update (self);
  gtk_widget_grab_focus (GTK_WIDGET (row->key));
}

static void
remove_component_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  MaSchemeEditor *self = MA_SCHEME_EDITOR (widget);
  int index = g_variant_get_int32 (parameter);
  ComponentRow *row;

  if (index < 0 || (guint) index >= self->components->len)
    return;
  row = g_ptr_array_index (self->components, index);
  adw_preferences_group_remove (self->components_group, GTK_WIDGET (row->row));
  g_ptr_array_remove_index (self->components, index);
  update (self);
}

static void
save_clicked_cb (MaSchemeEditor *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "scheme.save", NULL);
}

/* ---- Public ----------------------------------------------------------- */

void
ma_scheme_editor_set_store (MaSchemeEditor *self,
                            MaStore        *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) period_names = gtk_string_list_new (NULL);
  g_autofree char *default_period = NULL;

  g_return_if_fail (MA_IS_SCHEME_EDITOR (self));
  g_return_if_fail (MA_IS_STORE (store));

  g_set_object (&self->store, store);
  g_clear_pointer (&self->employees, g_ptr_array_unref);
  self->employees = ma_store_list_employees (store, &error);
  if (self->employees == NULL)
    {
      set_status (self, error->message);
      g_clear_error (&error);
    }
  g_strfreev (self->periods);
  self->periods = ma_pay_list_periods (store);
  for (guint i = 0; self->periods[i] != NULL; i++)
    {
      g_autofree char *name = ma_format_period_locale (self->periods[i]);

      gtk_string_list_append (period_names, name);
    }
  default_period = ma_pay_default_period (store);
  self->loading = TRUE;
  adw_combo_row_set_model (self->period_row, G_LIST_MODEL (period_names));
  adw_combo_row_set_selected (self->period_row, 0);
  for (guint i = 0; self->periods[i] != NULL; i++)
    if (g_strcmp0 (self->periods[i], default_period) == 0)
      adw_combo_row_set_selected (self->period_row, i);
  self->loading = FALSE;

  if (!reload_schemes (self, NULL, &error))
    {
      set_status (self, error->message);
      return;
    }
  if (self->schemes->len > 0)
    load_scheme (self, g_ptr_array_index (self->schemes, 0));
  else
    load_scheme (self, NULL);
}

void
ma_scheme_editor_set_period (MaSchemeEditor *self,
                             const char     *period)
{
  g_return_if_fail (MA_IS_SCHEME_EDITOR (self));

  for (guint i = 0; self->periods != NULL && self->periods[i] != NULL; i++)
    if (g_strcmp0 (self->periods[i], period) == 0)
      adw_combo_row_set_selected (self->period_row, i);
}

void
ma_scheme_editor_set_employee (MaSchemeEditor *self,
                               const char     *code)
{
  g_return_if_fail (MA_IS_SCHEME_EDITOR (self));

  for (guint i = 0; self->employee_codes != NULL && self->employee_codes[i] != NULL; i++)
    if (g_strcmp0 (self->employee_codes[i], code) == 0)
      adw_combo_row_set_selected (self->employee_row, i);
}

gboolean
ma_scheme_editor_get_what_if (MaSchemeEditor *self,
                              gint64         *current_total,
                              gint64         *edited_total)
{
  g_autoptr(MaScheme) scheme = NULL;
  g_autofree char *canonical = NULL;
  gint64 before = 0, after = 0;

  g_return_val_if_fail (MA_IS_SCHEME_EDITOR (self), FALSE);

  if (self->what_if == NULL || !self->valid || self->what_if_cancellable != NULL
      || self->what_if_source != 0)
    return FALSE;
  scheme = build_scheme (self);
  canonical = ma_scheme_to_canonical (scheme);
  if (g_strcmp0 (canonical, self->what_if_canonical) != 0
      || g_strcmp0 (selected_period (self), self->what_if_period) != 0)
    return FALSE;
  for (guint i = 0; i < self->what_if->current->rows->len; i++)
    before += ((MaBonusRow *) g_ptr_array_index (self->what_if->current->rows, i))->total;
  for (guint i = 0; i < self->what_if->edited->rows->len; i++)
    after += ((MaBonusRow *) g_ptr_array_index (self->what_if->edited->rows, i))->total;
  if (current_total != NULL)
    *current_total = before;
  if (edited_total != NULL)
    *edited_total = after;
  return TRUE;
}

const char *
ma_scheme_editor_get_share_message (MaSchemeEditor *self)
{
  g_return_val_if_fail (MA_IS_SCHEME_EDITOR (self), NULL);

  if (!gtk_widget_has_css_class (GTK_WIDGET (self->share_message), "error"))
    return "";
  return gtk_label_get_text (self->share_message);
}

const char *
ma_scheme_editor_get_save_message (MaSchemeEditor *self)
{
  g_return_val_if_fail (MA_IS_SCHEME_EDITOR (self), NULL);
  return gtk_label_get_text (self->save_message);
}

/* ---- Class ------------------------------------------------------------ */

static void
ma_scheme_editor_dispose (GObject *object)
{
  MaSchemeEditor *self = MA_SCHEME_EDITOR (object);

  g_clear_handle_id (&self->what_if_source, g_source_remove);
  g_cancellable_cancel (self->what_if_cancellable);
  g_clear_object (&self->what_if_cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->what_if, what_if_free);

  G_OBJECT_CLASS (ma_scheme_editor_parent_class)->dispose (object);
}

static void
ma_scheme_editor_finalize (GObject *object)
{
  MaSchemeEditor *self = MA_SCHEME_EDITOR (object);

  g_clear_pointer (&self->schemes, g_ptr_array_unref);
  g_clear_pointer (&self->employees, g_ptr_array_unref);
  g_clear_pointer (&self->components, g_ptr_array_unref);
  g_clear_pointer (&self->stored, ma_scheme_free);
  g_strfreev (self->periods);
  g_strfreev (self->employee_codes);
  g_free (self->what_if_canonical);
  g_free (self->what_if_period);

  G_OBJECT_CLASS (ma_scheme_editor_parent_class)->finalize (object);
}

/* The fields stay a what-if calculator, which only reads; saving and
 * starting a scheme to save are what a read-only database refuses. */
static void
apply_read_only (MaSchemeEditor *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scheme.save", !self->read_only);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scheme.new", !self->read_only);
  show_message (self->save_message,
                self->read_only ? _("The database is read-only: changes can be tried here, not saved") : "",
                FALSE);
  update (self);
}

/* ---- a read-only database ----------------------------------------------- */

enum {
  PROP_RO_0,
  PROP_READ_ONLY,
  N_RO_PROPS
};

static GParamSpec *ro_properties[N_RO_PROPS];

static void
ma_scheme_editor_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_READ_ONLY:
      g_value_set_boolean (value, MA_SCHEME_EDITOR (object)->read_only);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_scheme_editor_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_READ_ONLY:
      ma_scheme_editor_set_read_only (MA_SCHEME_EDITOR (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

void
ma_scheme_editor_set_read_only (MaSchemeEditor *self,
                               gboolean        read_only)
{
  g_return_if_fail (MA_IS_SCHEME_EDITOR (self));

  read_only = !!read_only;
  if (self->read_only == read_only)
    return;
  self->read_only = read_only;
  apply_read_only (self);
  g_object_notify_by_pspec (G_OBJECT (self), ro_properties[PROP_READ_ONLY]);
}

gboolean
ma_scheme_editor_get_read_only (MaSchemeEditor *self)
{
  g_return_val_if_fail (MA_IS_SCHEME_EDITOR (self), FALSE);
  return self->read_only;
}

static void
ma_scheme_editor_class_init (MaSchemeEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_scheme_editor_dispose;
  object_class->get_property = ma_scheme_editor_get_property;
  object_class->set_property = ma_scheme_editor_set_property;
  /* The window binds it to its own "read-only": the database cannot be
   * written, so nothing here offers to. */
  ro_properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_RO_PROPS, ro_properties);
  object_class->finalize = ma_scheme_editor_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mysteryaudit/MysteryAudit/ui/ma-scheme-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, MaSchemeEditor, scheme_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MaSchemeEditor, new_button);
  gtk_widget_class_bind_template_child (widget_class, MaSchemeEditor, version_label);
  gtk_widget_class_bind_template_child (widget_class, MaSchemeEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, MaSchemeEditor, key_row);
  gtk_widget_class_bind_template_child (widget_class, MaSchemeEditor, positions_row);
  gtk_widget_class_bind_template_child (widget_class, MaSchemeEditor, min_audits_spin);
  gtk_widget_class_bind_template_child (widget_class, MaSchemeEditor, missing_row);
  gtk_widget_class_bind_template_child (widget_class, MaSchemeEditor, scheme_message);
  gtk_widget_class_bind_template_child (widget_class, MaSchemeEditor, components_group);
  gtk_widget_class_bind_template_child (widget_class, MaSchemeEditor, share_message);
  gtk_widget_class_bind_template_child (widget_class, MaSchemeEditor, save_message);
  gtk_widget_class_bind_template_child (widget_class, MaSchemeEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, MaSchemeEditor, period_row);
  gtk_widget_class_bind_template_child (widget_class, MaSchemeEditor, employee_row);
  gtk_widget_class_bind_template_child (widget_class, MaSchemeEditor, example_list);
  gtk_widget_class_bind_template_child (widget_class, MaSchemeEditor, current_row);
  gtk_widget_class_bind_template_child (widget_class, MaSchemeEditor, edited_row);
  gtk_widget_class_bind_template_child (widget_class, MaSchemeEditor, change_row);
  gtk_widget_class_bind_template_child (widget_class, MaSchemeEditor, changes_list);
  gtk_widget_class_bind_template_child (widget_class, MaSchemeEditor, status_label);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, scheme_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, period_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, employee_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);

  gtk_widget_class_install_action (widget_class, "scheme.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "scheme.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "scheme.add-component", NULL, add_component_action);
  gtk_widget_class_install_action (widget_class, "scheme.remove-component", "i", remove_component_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "scheme.save", NULL);
}

/* Scheme names can be long: the drop-down shortens them rather than
 * widening the editor beyond a narrow window. */
static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (string));
}

static void
ma_scheme_editor_init (MaSchemeEditor *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  self->schemes = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_scheme_free);
  self->components = g_ptr_array_new_with_free_func ((GDestroyNotify) component_row_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label_cb), NULL);
  gtk_drop_down_set_factory (self->scheme_dropdown, factory);
  ma_pay_label_dropdown (self->scheme_dropdown, _("Scheme to edit"));
}
