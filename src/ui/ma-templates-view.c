/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "ma-a11y.h"
#include "ma-bundle.h"
#include "ma-demo.h"
#include "ma-keys.h"
#include "ma-template-i18n.h"
#include "ma-templates-view.h"

struct _MaTemplatesView
{
  GtkWidget             parent_instance;

  GtkStack             *stack;
  GtkStack             *list_stack;
  GtkListBox           *template_list;
  GtkWidget            *library_button;
  GtkWidget            *list_toolbar;
  GtkWidget            *list_separator;
  AdwStatusPage        *error_page;
  GtkLabel             *editor_title;
  GtkLabel             *editor_subtitle;
  GtkWidget            *publish_button;
  GtkWidget            *new_version_button;
  MaTemplateEditor     *editor;

  MaStore              *store;
  GPtrArray            *templates;     /* of MaTemplate, as listed */
  GPtrArray            *library_keys;  /* keys of the shipped templates; NULL: not read yet */
  GtkFileChooserNative *chooser;
  gboolean              read_only;
};

G_DEFINE_FINAL_TYPE (MaTemplatesView, ma_templates_view, GTK_TYPE_WIDGET)

static void apply_read_only (MaTemplatesView *self);

static void
add_toast (MaTemplatesView *self,
           const char      *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = NULL;

  if (overlay == NULL)
    return;
  /* A toast title is markup. */
  escaped = g_markup_escape_text (text, -1);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
}

/* A problem that needs reading, not a toast that goes away. */
static void
show_error_dialog (MaTemplatesView *self,
                   const char      *heading,
                   const char      *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static const char *
status_label (MaTemplateStatus status)
{
  switch (status)
    {
    case MA_TEMPLATE_DRAFT:
      return _("Draft");
    case MA_TEMPLATE_PUBLISHED:
      return _("Published");
    case MA_TEMPLATE_RETIRED:
    default:
      return _("Retired");
    }
}

static gint
compare_for_list (gconstpointer a,
                  gconstpointer b)
{
  const MaTemplate *ta = *(MaTemplate * const *) a;
  const MaTemplate *tb = *(MaTemplate * const *) b;
  int by_name = g_utf8_collate (ta->name, tb->name);
  int by_key = g_strcmp0 (ta->key, tb->key);

  if (by_key == 0)
    /* The newest version first: that is the one people work on. */
    return (tb->version > ta->version) - (tb->version < ta->version);
  return by_name != 0 ? by_name : by_key;
}

static const MaTemplate *
find_listed (MaTemplatesView *self,
             const char      *key,
             gint64           version)
{
  for (guint i = 0; self->templates != NULL && i < self->templates->len; i++)
    {
      const MaTemplate *t = g_ptr_array_index (self->templates, i);

      if (g_strcmp0 (t->key, key) == 0 && (version < 0 || t->version == version))
        return t;
    }
  return NULL;
}

static gboolean
load_library_keys (MaTemplatesView *self)
{
  g_autofree char *dir = NULL;
  g_autoptr(GPtrArray) library = NULL;
  g_autoptr(GError) error = NULL;

  if (self->library_keys != NULL)
    return self->library_keys->len > 0;
  self->library_keys = g_ptr_array_new_with_free_func (g_free);
  dir = ma_demo_find_templates_dir ();
  if (dir == NULL)
    return FALSE;
  library = ma_demo_load_templates (dir, NULL, &error);
  if (library == NULL)
    {
      /* Offered only when it would work; the action says why when used. */
      g_debug ("The standard templates cannot be read: %s", error->message);
      return FALSE;
    }
  for (guint i = 0; i < library->len; i++)
    g_ptr_array_add (self->library_keys, g_strdup (((MaTemplate *) g_ptr_array_index (library, i))->key));
  return self->library_keys->len > 0;
}

static GtkWidget *
make_template_row (const MaTemplate *t)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *status = gtk_label_new (status_label (t->status));
  guint n_questions = ma_template_count_questions (t);
  g_autofree char *questions = g_strdup_printf (ngettext ("%u question", "%u questions", n_questions),
                                                n_questions);
  /* TRANSLATORS: a template row's subtitle: key, version and the number of questions */
  g_autofree char *subtitle = g_strdup_printf (_("%s · version %" PRId64 " · %s"),
                                               t->key, t->version, questions);
  /* TRANSLATORS: the accessible name of a template row: name, version, status */
  g_autofree char *accessible = g_strdup_printf (_("%s, version %" PRId64 ", %s"),
                                                 t->name, t->version, status_label (t->status));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), t->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_widget_add_css_class (status, "caption-heading");
  switch (t->status)
    {
    case MA_TEMPLATE_DRAFT:
      gtk_widget_add_css_class (status, "accent");
      break;
    case MA_TEMPLATE_PUBLISHED:
      gtk_widget_add_css_class (status, "success");
      break;
    case MA_TEMPLATE_RETIRED:
    default:
      gtk_widget_add_css_class (status, "dim-label");
      break;
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), status);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data_full (G_OBJECT (row), "key", g_strdup (t->key), g_free);
  g_object_set_data (G_OBJECT (row), "version", GINT_TO_POINTER ((int) t->version));
  return row;
}

static void
refresh_list (MaTemplatesView *self)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *templates;
  GtkWidget *child;
  gboolean library_missing = FALSE;

  if (self->store == NULL)
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->template_list))) != NULL)
    gtk_list_box_remove (self->template_list, child);

  templates = ma_store_list_templates (self->store, &error);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  if (templates == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_status_page_set_description (self->error_page, escaped);
      gtk_stack_set_visible_child_name (self->list_stack, "error");
      return;
    }
  self->templates = templates;
  g_ptr_array_sort (self->templates, compare_for_list);
  for (guint i = 0; i < self->templates->len; i++)
    gtk_list_box_append (self->template_list, make_template_row (g_ptr_array_index (self->templates, i)));

  if (load_library_keys (self))
    for (guint i = 0; i < self->library_keys->len; i++)
      library_missing |= find_listed (self, g_ptr_array_index (self->library_keys, i), -1) == NULL;
  gtk_widget_set_visible (self->library_button, library_missing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "templates.add-library",
                                 !self->read_only && self->library_keys->len > 0 && library_missing);
  /* The empty page has the same buttons, bigger. */
  gtk_widget_set_visible (self->list_toolbar, self->templates->len > 0);
  gtk_widget_set_visible (self->list_separator, self->templates->len > 0);
  gtk_stack_set_visible_child_name (self->list_stack, self->templates->len > 0 ? "templates" : "empty");
}

/* ---- the editor page -------------------------------------------------------------------- */

static void
update_editor_header (MaTemplatesView *self)
{
  const MaTemplate *t = ma_template_editor_get_template (self->editor);
  g_autofree char *subtitle = NULL;
  const char *state;
  gboolean draft, valid;

  if (t == NULL)
    return;
  draft = t->status == MA_TEMPLATE_DRAFT;
  valid = ma_template_editor_get_problem (self->editor) == NULL;
  gtk_label_set_text (self->editor_title, t->name != NULL && *t->name != '\0' ? t->name : _("(untitled)"));

  if (self->read_only)
    state = _("cannot change: the database is read-only");
  else if (!draft)
    state = t->status == MA_TEMPLATE_PUBLISHED ? _("cannot change; New Version makes an editable copy")
                                               : _("no longer offered for new audits");
  else if (!valid)
    state = _("not saved until the problem is fixed");
  else if (ma_template_editor_get_modified (self->editor))
    state = _("saving…");
  else
    state = _("saved");
  /* TRANSLATORS: the editor's subtitle: version, status and whether it is saved,
   * e.g. "Version 2 · Draft · saved" */
  subtitle = g_strdup_printf (_("Version %" PRId64 " · %s · %s"), t->version,
                              status_label (t->status), state);
  gtk_label_set_text (self->editor_subtitle, subtitle);

  gtk_widget_set_visible (self->publish_button, draft);
  gtk_widget_set_visible (self->new_version_button, !draft);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "templates.publish", !self->read_only && draft && valid);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "templates.new-version", !self->read_only && !draft);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "templates.retire",
                                 !self->read_only && t->status == MA_TEMPLATE_PUBLISHED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "templates.export", valid);
}

/* Only reading stays: the list, opening a version, exporting it. */
static void
apply_read_only (MaTemplatesView *self)
{
  static const char * const writing[] = {
    "templates.new", "templates.create", "templates.import",
  };

  for (guint i = 0; i < G_N_ELEMENTS (writing); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), writing[i], !self->read_only);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "templates.add-library",
                                 !self->read_only && gtk_widget_get_visible (self->library_button));
  ma_template_editor_set_read_only (self->editor, self->read_only);
  update_editor_header (self);
}

gboolean
ma_templates_view_open (MaTemplatesView  *self,
                        const char       *key,
                        gint64            version,
                        GError          **error)
{
  g_autoptr(MaTemplate) t = NULL;
  g_autoptr(GError) save_error = NULL;

  g_return_val_if_fail (MA_IS_TEMPLATES_VIEW (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (self->store == NULL)
    return TRUE;
  /* Pending edits of the version shown so far are kept. */
  if (!ma_template_editor_save (self->editor, &save_error))
    g_debug ("The draft shown before could not be saved: %s", save_error->message);
  t = ma_store_get_template (self->store, key, version, error);
  if (t == NULL)
    return FALSE;
  ma_template_editor_set_template (self->editor, t);
  update_editor_header (self);
  gtk_stack_set_visible_child_name (self->stack, "editor");
  return TRUE;
}

static void
open_or_tell (MaTemplatesView *self,
              const char      *key,
              gint64           version)
{
  g_autoptr(GError) error = NULL;

  if (!ma_templates_view_open (self, key, version, &error))
    show_error_dialog (self, _("The Template Cannot Be Opened"), error->message);
}

static void
template_row_activated_cb (MaTemplatesView *self,
                           GtkListBoxRow   *row,
                           GtkListBox      *list)
{
  open_or_tell (self, g_object_get_data (G_OBJECT (row), "key"),
                GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "version")));
}

static void
editor_changed_cb (MaTemplatesView *self)
{
  update_editor_header (self);
}

/* ---- actions ------------------------------------------------------------------------------ */

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  const char *key;
  gint64 version;

  g_variant_get (parameter, "(&sx)", &key, &version);
  open_or_tell (MA_TEMPLATES_VIEW (widget), key, version);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MaTemplatesView *self = MA_TEMPLATES_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (!ma_template_editor_save (self->editor, &error))
    add_toast (self, ma_template_editor_get_problem (self->editor) != NULL
                       ? _("The draft keeps its last valid state: the template has a problem")
                       : error->message);
  refresh_list (self);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

/* Saves @t as it is and shows it. */
static gboolean
save_and_open (MaTemplatesView  *self,
               const MaTemplate *t,
               GError          **error)
{
  if (!ma_store_save_template (self->store, t, NULL, error))
    return FALSE;
  refresh_list (self);
  ma_template_editor_set_template (self->editor, t);
  update_editor_header (self);
  gtk_stack_set_visible_child_name (self->stack, "editor");
  return TRUE;
}

static void
publish_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MaTemplatesView *self = MA_TEMPLATES_VIEW (widget);
  const MaTemplate *current = ma_template_editor_get_template (self->editor);
  g_autoptr(MaTemplate) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;

  if (current == NULL || current->status != MA_TEMPLATE_DRAFT)
    return;
  if (ma_template_editor_get_problem (self->editor) != NULL || !ma_template_editor_save (self->editor, &error))
    {
      show_error_dialog (self, _("The Template Cannot Be Published"),
                         error != NULL ? error->message : ma_template_editor_get_problem (self->editor));
      return;
    }
  t = ma_template_copy (current);
  t->status = MA_TEMPLATE_PUBLISHED;
  if (!save_and_open (self, t, &error))
    {
      show_error_dialog (self, _("The Template Cannot Be Published"), error->message);
      return;
    }
  /* TRANSLATORS: a toast: the template's name and version */
  done = g_strdup_printf (_("“%s” version %" PRId64 " is published"), t->name, t->version);
  add_toast (self, done);
}

static void
new_version_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MaTemplatesView *self = MA_TEMPLATES_VIEW (widget);
  const MaTemplate *current = ma_template_editor_get_template (self->editor);
  g_autoptr(MaTemplate) t = NULL;
  g_autoptr(GError) error = NULL;
  gint64 latest = 0;

  if (current == NULL || self->store == NULL)
    return;
  refresh_list (self);
  for (guint i = 0; self->templates != NULL && i < self->templates->len; i++)
    {
      const MaTemplate *other = g_ptr_array_index (self->templates, i);

      if (g_strcmp0 (other->key, current->key) != 0)
        continue;
      /* One draft per template: a second would only invite confusion. */
      if (other->status == MA_TEMPLATE_DRAFT)
        {
          g_autofree char *note = g_strdup_printf (_("Version %" PRId64 " is already a draft"),
                                                   other->version);
          open_or_tell (self, other->key, other->version);
          add_toast (self, note);
          return;
        }
      latest = MAX (latest, other->version);
    }

  t = ma_template_copy (current);
  t->version = latest + 1;
  t->status = MA_TEMPLATE_DRAFT;
  if (!save_and_open (self, t, &error))
    show_error_dialog (self, _("The New Version Cannot Be Made"), error->message);
}

static void
retire_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MaTemplatesView *self = MA_TEMPLATES_VIEW (widget);
  const MaTemplate *current = ma_template_editor_get_template (self->editor);
  g_autoptr(MaTemplate) t = NULL;
  g_autoptr(GError) error = NULL;

  if (current == NULL || current->status != MA_TEMPLATE_PUBLISHED)
    return;
  t = ma_template_copy (current);
  t->status = MA_TEMPLATE_RETIRED;
  if (!save_and_open (self, t, &error))
    show_error_dialog (self, _("The Version Cannot Be Retired"), error->message);
}

/* The key of a new template from its name: "Store visit" -> "store-visit". */
static char *
derive_template_key (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name != NULL ? name : "", NULL);
  GString *key = g_string_new (NULL);
  gboolean separated = FALSE;

  for (const char *p = ascii; *p != '\0' && key->len < 40; p++)
    {
      if (!g_ascii_isalnum (*p))
        {
          separated = TRUE;
          continue;
        }
      if (separated && key->len > 0)
        g_string_append_c (key, '-');
      separated = FALSE;
      g_string_append_c (key, g_ascii_tolower (*p));
    }
  return g_string_free (key, FALSE);
}

static gboolean
check_new_key (MaTemplatesView  *self,
               const char       *key,
               GError          **error)
{
  if (!ma_key_check (key, "key", error))
    return FALSE;
  if (find_listed (self, key, -1) != NULL)
    {
      g_set_error (error, MA_MODEL_ERROR, MA_MODEL_ERROR_INVALID,
                   _("key: “%s” is the key of another template; a change to it is a new version"), key);
      return FALSE;
    }
  return TRUE;
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MaTemplatesView *self = MA_TEMPLATES_VIEW (widget);
  g_autoptr(MaTemplate) t = ma_template_new ();
  g_autoptr(GError) error = NULL;
  MaSection *s = ma_section_new ();
  MaQuestion *q = ma_question_new ();
  const char *name, *key, *channel;

  if (self->store == NULL)
    return;
  g_variant_get (parameter, "(&s&s&s)", &name, &key, &channel);
  refresh_list (self);
  if (!check_new_key (self, key, &error))
    {
      show_error_dialog (self, _("The Template Cannot Be Created"), error->message);
      return;
    }

  /* The smallest valid template, so that it is saved from the start. */
  t->key = g_strdup (key);
  t->version = 1;
  t->name = g_strdup (name);
  t->channel = g_strdup (channel);
  t->status = MA_TEMPLATE_DRAFT;
  s->key = g_strdup ("general");
  s->title = g_strdup (_("General"));
  q->key = g_strdup ("new_question");
  q->text = g_strdup (_("New question"));
  q->type = MA_QUESTION_YES_NO;
  g_ptr_array_add (s->questions, q);
  g_ptr_array_add (t->sections, s);

  if (!save_and_open (self, t, &error))
    {
      show_error_dialog (self, _("The Template Cannot Be Created"), error->message);
      return;
    }
  ma_template_editor_select (self->editor, 0, 0);
}

/* The New Template dialog. */


typedef struct {
  MaTemplatesView *self;
  GtkEditable     *name;
  GtkEditable     *key;
  GtkDropDown     *channel;
  GtkLabel        *message;
  char            *derived;    /* the key as derived from the name */
} NewDialog;

static void
new_dialog_free (NewDialog *d)
{
  g_free (d->derived);
  g_free (d);
}

static void
new_dialog_check (AdwMessageDialog *dialog,
                  NewDialog        *d)
{
  g_autoptr(GError) error = NULL;
  const char *name = gtk_editable_get_text (d->name);
  gboolean ok = *name != '\0' && check_new_key (d->self, gtk_editable_get_text (d->key), &error);

  gtk_label_set_text (d->message, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (d->message), error != NULL && *gtk_editable_get_text (d->key) != '\0');
  adw_message_dialog_set_response_enabled (dialog, "create", ok);
}

static void
new_name_changed_cb (GtkEditable      *name,
                     AdwMessageDialog *dialog)
{
  NewDialog *d = g_object_get_data (G_OBJECT (dialog), "new-dialog");

  /* The key follows the name until it is changed by hand. */
  if (g_strcmp0 (gtk_editable_get_text (d->key), d->derived) == 0)
    {
      g_free (d->derived);
      d->derived = derive_template_key (gtk_editable_get_text (name));
      gtk_editable_set_text (d->key, d->derived);
    }
  new_dialog_check (dialog, d);
}

static void
new_key_changed_cb (GtkEditable      *key,
                    AdwMessageDialog *dialog)
{
  new_dialog_check (dialog, g_object_get_data (G_OBJECT (dialog), "new-dialog"));
}

static void
new_dialog_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        NewDialog        *d)
{
  const char * const *channels = ma_template_known_channels ();
  guint channel = gtk_drop_down_get_selected (d->channel);

  if (g_strcmp0 (response, "create") != 0)
    return;
  if (channel >= g_strv_length ((char **) channels))
    channel = 0;
  gtk_widget_activate_action (GTK_WIDGET (d->self), "templates.create", "(sss)",
                              gtk_editable_get_text (d->name), gtk_editable_get_text (d->key),
                              channels[channel]);
}

static GtkWidget *
add_dialog_field (GtkWidget  *box,
                  const char *label,
                  GtkWidget  *widget)
{
  GtkWidget *title = gtk_label_new_with_mnemonic (label);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (title), widget);
  gtk_widget_add_css_class (title, "caption-heading");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), widget);
  return widget;
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  MaTemplatesView *self = MA_TEMPLATES_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog, *box, *message;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  NewDialog *d = g_new0 (NewDialog, 1);

  if (self->store == NULL)
    {
      new_dialog_free (d);
      return;
    }
  refresh_list (self);
  for (const char * const *channel = ma_template_known_channels (); *channel != NULL; channel++)
    g_ptr_array_add (labels, (gpointer) ma_template_channel_label (*channel));
  g_ptr_array_add (labels, NULL);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("New Template"),
                                   _("A new template starts as a draft with one question"));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  d->self = self;
  d->derived = g_strdup ("");
  d->name = GTK_EDITABLE (add_dialog_field (box, _("_Name"), gtk_entry_new ()));
  d->key = GTK_EDITABLE (add_dialog_field (box, _("_Key"), gtk_entry_new ()));
  d->channel = GTK_DROP_DOWN (add_dialog_field (box, _("_Channel"),
                                                gtk_drop_down_new_from_strings ((const char * const *) labels->pdata)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (d->name), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Template name"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (d->key), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Template key"), -1);
  /* The focus goes to the button inside the drop-down: it is named too. */
  ma_a11y_label_dropdown (d->channel, _("Channel"));
  message = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_widget_add_css_class (message, "error");
  gtk_widget_set_visible (message, FALSE);
  gtk_box_append (GTK_BOX (box), message);
  d->message = GTK_LABEL (message);
  gtk_entry_set_activates_default (GTK_ENTRY (d->name), TRUE);
  gtk_entry_set_activates_default (GTK_ENTRY (d->key), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "create", _("C_reate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "create", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "create");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "create", FALSE);
  g_object_set_data_full (G_OBJECT (dialog), "new-dialog", d, (GDestroyNotify) new_dialog_free);
  g_signal_connect (d->name, "changed", G_CALLBACK (new_name_changed_cb), dialog);
  g_signal_connect (d->key, "changed", G_CALLBACK (new_key_changed_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (new_dialog_response_cb), d);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (d->name));
}

gboolean
ma_templates_view_add_library (MaTemplatesView  *self,
                               guint            *added,
                               GError          **error)
{
  g_autofree char *dir = NULL;
  g_autoptr(GPtrArray) library = NULL;
  guint count = 0;

  g_return_val_if_fail (MA_IS_TEMPLATES_VIEW (self), FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);

  dir = ma_demo_find_templates_dir ();
  if (dir == NULL)
    {
      g_set_error (error, MA_DEMO_ERROR, MA_DEMO_ERROR_TEMPLATES,
                   _("The standard templates are not installed (no templates directory was found)"));
      return FALSE;
    }
  library = ma_demo_load_templates (dir, NULL, error);
  if (library == NULL)
    return FALSE;

  refresh_list (self);
  /* All or none: half a library would look like a broken one. */
  if (!ma_store_begin (self->store, error))
    return FALSE;
  for (guint i = 0; i < library->len; i++)
    {
      const MaTemplate *t = g_ptr_array_index (library, i);

      /* A template the office already has, edited or not, is left alone. */
      if (find_listed (self, t->key, -1) != NULL)
        continue;
      if (!ma_store_save_template (self->store, t, NULL, error))
        {
          ma_store_rollback (self->store);
          return FALSE;
        }
      count++;
    }
  if (!ma_store_commit (self->store, error))
    return FALSE;
  refresh_list (self);
  if (added != NULL)
    *added = count;
  return TRUE;
}

static void
add_library_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MaTemplatesView *self = MA_TEMPLATES_VIEW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;
  guint added = 0;

  if (!ma_templates_view_add_library (self, &added, &error))
    {
      show_error_dialog (self, _("The Standard Templates Cannot Be Added"), error->message);
      return;
    }
  /* TRANSLATORS: a toast after adding the standard library */
  done = g_strdup_printf (ngettext ("%u standard template added", "%u standard templates added", added), added);
  add_toast (self, done);
}

gboolean
ma_templates_view_import_file (MaTemplatesView  *self,
                               const char       *path,
                               GError          **error)
{
  g_autoptr(MaBundleReport) report = NULL;
  g_autofree char *summary = NULL;

  g_return_val_if_fail (MA_IS_TEMPLATES_VIEW (self), FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  report = ma_bundle_import_file (self->store, path, NULL, error);
  refresh_list (self);
  if (report == NULL)
    return FALSE;
  summary = ma_bundle_report_to_string (report);
  add_toast (self, summary);
  return TRUE;
}

gboolean
ma_templates_view_export_file (MaTemplatesView  *self,
                               const char       *path,
                               GError          **error)
{
  const MaTemplate *t;
  g_autofree char *id = NULL;
  const char *ids[2] = { NULL, NULL };
  MaBundleExportOptions options = { .templates = TRUE };

  g_return_val_if_fail (MA_IS_TEMPLATES_VIEW (self), FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  t = ma_template_editor_get_template (self->editor);
  if (t == NULL)
    {
      g_set_error (error, MA_BUNDLE_ERROR, MA_BUNDLE_ERROR_INVALID, _("No template is open to export"));
      return FALSE;
    }
  /* What is exported is what is shown: pending edits first. */
  if (!ma_template_editor_save (self->editor, error))
    return FALSE;
  id = g_strdup_printf ("%s/%" G_GINT64_FORMAT, t->key, t->version);
  ids[0] = id;
  options.template_ids = ids;
  return ma_bundle_export_to_file (self->store, &options, path, NULL, error);
}

static void
import_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    MaTemplatesView *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;
  path = g_file_get_path (file);
  if (path == NULL)
    show_error_dialog (self, _("The Bundle Was Not Imported"), _("The file is not on a local disk"));
  else if (!ma_templates_view_import_file (self, path, &error))
    show_error_dialog (self, _("The Bundle Was Not Imported"), error->message);
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    MaTemplatesView *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;
  path = g_file_get_path (file);
  if (path == NULL)
    show_error_dialog (self, _("The Template Was Not Exported"), _("The file is not on a local disk"));
  else if (!ma_templates_view_export_file (self, path, &error))
    show_error_dialog (self, _("The Template Was Not Exported"), error->message);
  else
    {
      g_autofree char *name = g_file_get_basename (file);
      /* TRANSLATORS: a toast, %s is a file name */
      g_autofree char *done = g_strdup_printf (_("Exported to %s"), name);

      add_toast (self, done);
    }
}

static GtkFileChooserNative *
make_chooser (MaTemplatesView      *self,
              const char           *title,
              GtkFileChooserAction  action,
              const char           *accept)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  g_clear_object (&self->chooser);
  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, action,
                                         accept, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Bundles"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  self->chooser = chooser;
  return chooser;
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MaTemplatesView *self = MA_TEMPLATES_VIEW (widget);
  GtkFileChooserNative *chooser;

  if (self->store == NULL)
    return;
  chooser = make_chooser (self, _("Import Templates"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"));
  g_signal_connect (chooser, "response", G_CALLBACK (import_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MaTemplatesView *self = MA_TEMPLATES_VIEW (widget);
  const MaTemplate *t = ma_template_editor_get_template (self->editor);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (t == NULL || self->store == NULL)
    return;
  chooser = make_chooser (self, _("Export Template"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"));
  name = g_strdup_printf ("%s-v%" G_GINT64_FORMAT ".json", t->key, t->version);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- public ------------------------------------------------------------------------------- */

void
ma_templates_view_set_store (MaTemplatesView *self,
                             MaStore         *store)
{
  g_return_if_fail (MA_IS_TEMPLATES_VIEW (self));
  g_return_if_fail (store == NULL || MA_IS_STORE (store));

  g_set_object (&self->store, store);
  ma_template_editor_set_store (self->editor, store);
  ma_template_editor_set_template (self->editor, NULL);
  gtk_stack_set_visible_child_name (self->stack, "list");
  refresh_list (self);
}

MaTemplateEditor *
ma_templates_view_get_editor (MaTemplatesView *self)
{
  g_return_val_if_fail (MA_IS_TEMPLATES_VIEW (self), NULL);

  return self->editor;
}

GPtrArray *
ma_templates_view_get_list (MaTemplatesView *self)
{
  g_return_val_if_fail (MA_IS_TEMPLATES_VIEW (self), NULL);

  return self->templates;
}

static void
ma_templates_view_dispose (GObject *object)
{
  MaTemplatesView *self = MA_TEMPLATES_VIEW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), MA_TYPE_TEMPLATES_VIEW);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ma_templates_view_parent_class)->dispose (object);
}

static void
ma_templates_view_finalize (GObject *object)
{
  MaTemplatesView *self = MA_TEMPLATES_VIEW (object);

  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->library_keys, g_ptr_array_unref);

  G_OBJECT_CLASS (ma_templates_view_parent_class)->finalize (object);
}

/* ---- a read-only database ----------------------------------------------- */

enum {
  PROP_RO_0,
  PROP_READ_ONLY,
  N_RO_PROPS
};

static GParamSpec *ro_properties[N_RO_PROPS];

static void
ma_templates_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_READ_ONLY:
      g_value_set_boolean (value, MA_TEMPLATES_VIEW (object)->read_only);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_templates_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_READ_ONLY:
      ma_templates_view_set_read_only (MA_TEMPLATES_VIEW (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

void
ma_templates_view_set_read_only (MaTemplatesView *self,
                                gboolean         read_only)
{
  g_return_if_fail (MA_IS_TEMPLATES_VIEW (self));

  read_only = !!read_only;
  if (self->read_only == read_only)
    return;
  self->read_only = read_only;
  apply_read_only (self);
  g_object_notify_by_pspec (G_OBJECT (self), ro_properties[PROP_READ_ONLY]);
}

gboolean
ma_templates_view_get_read_only (MaTemplatesView *self)
{
  g_return_val_if_fail (MA_IS_TEMPLATES_VIEW (self), FALSE);
  return self->read_only;
}

static void
ma_templates_view_class_init (MaTemplatesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_templates_view_dispose;
  object_class->get_property = ma_templates_view_get_property;
  object_class->set_property = ma_templates_view_set_property;
  /* The window binds it to its own "read-only": the database cannot be
   * written, so nothing here offers to. */
  ro_properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_RO_PROPS, ro_properties);
  object_class->finalize = ma_templates_view_finalize;

  g_type_ensure (MA_TYPE_TEMPLATE_EDITOR);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mysteryaudit/MysteryAudit/ui/ma-templates-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MaTemplatesView, stack);
  gtk_widget_class_bind_template_child (widget_class, MaTemplatesView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, MaTemplatesView, template_list);
  gtk_widget_class_bind_template_child (widget_class, MaTemplatesView, library_button);
  gtk_widget_class_bind_template_child (widget_class, MaTemplatesView, list_toolbar);
  gtk_widget_class_bind_template_child (widget_class, MaTemplatesView, list_separator);
  gtk_widget_class_bind_template_child (widget_class, MaTemplatesView, error_page);
  gtk_widget_class_bind_template_child (widget_class, MaTemplatesView, editor_title);
  gtk_widget_class_bind_template_child (widget_class, MaTemplatesView, editor_subtitle);
  gtk_widget_class_bind_template_child (widget_class, MaTemplatesView, publish_button);
  gtk_widget_class_bind_template_child (widget_class, MaTemplatesView, new_version_button);
  gtk_widget_class_bind_template_child (widget_class, MaTemplatesView, editor);
  gtk_widget_class_bind_template_callback (widget_class, template_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "templates.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "templates.create", "(sss)", create_action);
  gtk_widget_class_install_action (widget_class, "templates.open", "(sx)", open_action);
  gtk_widget_class_install_action (widget_class, "templates.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "templates.publish", NULL, publish_action);
  gtk_widget_class_install_action (widget_class, "templates.new-version", NULL, new_version_action);
  gtk_widget_class_install_action (widget_class, "templates.retire", NULL, retire_action);
  gtk_widget_class_install_action (widget_class, "templates.add-library", NULL, add_library_action);
  gtk_widget_class_install_action (widget_class, "templates.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "templates.export", NULL, export_action);
}

static void
ma_templates_view_init (MaTemplatesView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->editor, "notify::problem", G_CALLBACK (editor_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "notify::modified", G_CALLBACK (editor_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "saved", G_CALLBACK (editor_changed_cb), self, G_CONNECT_SWAPPED);
}
