/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ma-keys.h"
#include "ma-template-editor.h"

typedef enum {
  ITEM_TEMPLATE,
  ITEM_SECTION,
  ITEM_QUESTION,
} ItemKind;

struct _MaTemplateEditor
{
  GtkWidget          parent_instance;

  GtkWidget         *box;
  GtkRevealer       *problem_revealer;
  GtkLabel          *problem_label;
  AdwFlap           *flap;
  GtkListBox        *outline;
  GtkWidget         *details_box;
  MaTemplatePreview *preview;

  MaStore           *store;
  MaTemplate        *template;
  gboolean           editable;
  gboolean           modified;
  gboolean           show_preview;

  ItemKind           selected_kind;
  gpointer           selected;        /* MaSection or MaQuestion of template */

  GHashTable        *field_errors;    /* member path -> GtkLabel beside its field */
  GHashTable        *local_errors;    /* member path -> message: input the model cannot hold */
  char              *problem;         /* the engine's message, or NULL when valid */
  char              *problem_path;
  char              *save_error;

  GtkWidget         *scale_labels_box;
  GtkWidget         *options_box;

  MaTemplate        *undo;            /* the template before the last removal */
  guint              save_source;
  guint              preview_source;
  guint              details_source;
  /* While widgets are set from the model, their signals change nothing. */
  gboolean           building;
};

G_DEFINE_FINAL_TYPE (MaTemplateEditor, ma_template_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SHOW_PREVIEW,
  PROP_PROBLEM,
  PROP_MODIFIED,
  PROP_EDITABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Saving waits for a pause in typing: a template is a few kilobytes, but
 * one write per keystroke would still be wasteful. */
#define SAVE_DELAY_MS 400
#define PREVIEW_DELAY_MS 150

static void build_details   (MaTemplateEditor *self);
static void queue_build_details (MaTemplateEditor *self);
static void rebuild_outline (MaTemplateEditor *self);
static void update_actions  (MaTemplateEditor *self);

/* ---- where things are ------------------------------------------------------------- */

static gboolean
locate (MaTemplateEditor *self,
        ItemKind          kind,
        gconstpointer     item,
        guint            *section,
        guint            *question)
{
  if (self->template == NULL || kind == ITEM_TEMPLATE)
    return FALSE;
  for (guint i = 0; i < self->template->sections->len; i++)
    {
      MaSection *s = g_ptr_array_index (self->template->sections, i);

      if (kind == ITEM_SECTION && s == item)
        {
          *section = i;
          return TRUE;
        }
      for (guint j = 0; kind == ITEM_QUESTION && j < s->questions->len; j++)
        if (g_ptr_array_index (s->questions, j) == item)
          {
            *section = i;
            *question = j;
            return TRUE;
          }
    }
  return FALSE;
}

/* The member path of an item, as the engine's messages name it. */
static char *
item_path (MaTemplateEditor *self,
           ItemKind          kind,
           gconstpointer     item)
{
  guint i = 0, j = 0;

  if (!locate (self, kind, item, &i, &j))
    return g_strdup ("");
  if (kind == ITEM_SECTION)
    return g_strdup_printf ("sections[%u]", i);
  return g_strdup_printf ("sections[%u].questions[%u]", i, j);
}

static char *
member_path (const char *parent,
             const char *member)
{
  return ma_path_member (*parent != '\0' ? parent : NULL, member);
}

/* ---- keys ----------------------------------------------------------------------------- */

/* "Greeted within 30 seconds of arrival" -> "greeted_within_30_seconds": a key
 * people can still read in a file, short enough for a column header. */
static char *
slugify (const char *text)
{
  g_autofree char *ascii = g_str_to_ascii (text != NULL ? text : "", NULL);
  GString *out = g_string_new (NULL);
  gboolean separated = FALSE;
  guint words = 0;

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p))
        {
          separated = TRUE;
          continue;
        }
      if (separated && out->len > 0)
        {
          if (++words >= 4 || out->len >= 28)
            break;
          g_string_append_c (out, '_');
        }
      separated = FALSE;
      g_string_append_c (out, g_ascii_tolower (*p));
    }
  return g_string_free (out, FALSE);
}

static gboolean
key_taken (MaTemplateEditor *self,
           ItemKind          kind,
           const char       *key,
           gconstpointer     except,
           const MaQuestion *option_of)
{
  if (option_of != NULL)
    {
      for (guint k = 0; k < option_of->options->len; k++)
        {
          const MaChoiceOption *o = g_ptr_array_index (option_of->options, k);

          if (o != except && g_strcmp0 (o->key, key) == 0)
            return TRUE;
        }
      return FALSE;
    }
  for (guint i = 0; i < self->template->sections->len; i++)
    {
      const MaSection *s = g_ptr_array_index (self->template->sections, i);

      if (kind == ITEM_SECTION && s != except && g_strcmp0 (s->key, key) == 0)
        return TRUE;
      for (guint j = 0; kind == ITEM_QUESTION && j < s->questions->len; j++)
        {
          const MaQuestion *q = g_ptr_array_index (s->questions, j);

          if (q != except && g_strcmp0 (q->key, key) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

/* The key derived from @text for an item, unique among its kind. */
static char *
derive_key (MaTemplateEditor *self,
            ItemKind          kind,
            gconstpointer     item,
            const MaQuestion *option_of,
            const char       *text)
{
  g_autofree char *base = slugify (text);

  if (*base == '\0')
    {
      g_free (base);
      base = g_strdup (option_of != NULL ? "option" : kind == ITEM_SECTION ? "section" : "question");
    }
  for (guint n = 1; ; n++)
    {
      g_autofree char *candidate = n == 1 ? g_strdup (base) : g_strdup_printf ("%s_%u", base, n);

      if (!key_taken (self, kind, candidate, item, option_of))
        return g_steal_pointer (&candidate);
    }
}

/* ---- validation ----------------------------------------------------------------------- */

/* Whether a field at @field shows a problem at @path: the same member or one
 * inside it. */
static gboolean
path_within (const char *path,
             const char *field)
{
  gsize n = strlen (field);

  return strncmp (path, field, n) == 0 && (path[n] == '\0' || path[n] == '.' || path[n] == '[');
}

static void
show_field_error (GtkLabel   *label,
                  const char *message)
{
  GtkWidget *field = g_object_get_data (G_OBJECT (label), "field");

  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (field == NULL)
    return;
  if (message != NULL)
    {
      gtk_widget_add_css_class (field, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      message, -1);
    }
  else
    {
      gtk_widget_remove_css_class (field, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

/* The section and question indices a member path points into; -1 where it
 * does not go that deep. */
static void
parse_item_path (const char *path,
                 int        *section,
                 int        *question)
{
  unsigned int i, j;

  *section = -1;
  *question = -1;
  if (path == NULL)
    return;
  if (sscanf (path, "sections[%u].questions[%u]", &i, &j) == 2)
    {
      *section = (int) i;
      *question = (int) j;
    }
  else if (sscanf (path, "sections[%u]", &i) == 1)
    *section = (int) i;
}

static void
update_outline_marks (MaTemplateEditor *self)
{
  int problem_section, problem_question;
  GHashTableIter iter;
  gpointer key;

  parse_item_path (self->problem_path, &problem_section, &problem_question);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->outline));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      ItemKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "kind"));
      gpointer item = g_object_get_data (G_OBJECT (row), "item");
      GtkWidget *label = g_object_get_data (G_OBJECT (row), "label");
      GtkWidget *warning = g_object_get_data (G_OBJECT (row), "warning");
      const char *text = NULL;
      g_autofree char *accessible = NULL;
      gboolean marked = FALSE;
      guint i = 0, j = 0;

      if (label == NULL)
        continue;
      switch (kind)
        {
        case ITEM_SECTION:
          text = ((MaSection *) item)->title;
          /* TRANSLATORS: an outline row, %s is the section's title */
          accessible = g_strdup_printf (_("Section: %s"), text != NULL ? text : "");
          marked = locate (self, kind, item, &i, &j) && problem_question < 0 && problem_section == (int) i;
          break;
        case ITEM_QUESTION:
          text = ((MaQuestion *) item)->text;
          /* TRANSLATORS: an outline row, %s is the question's text */
          accessible = g_strdup_printf (_("Question: %s"), text != NULL ? text : "");
          marked = locate (self, kind, item, &i, &j) && problem_section == (int) i &&
                   problem_question == (int) j;
          break;
        case ITEM_TEMPLATE:
        default:
          text = self->template->name;
          accessible = g_strdup (_("Template settings"));
          marked = self->problem_path != NULL && problem_section < 0;
          break;
        }
      gtk_label_set_text (GTK_LABEL (label), text != NULL && *text != '\0' ? text : _("(untitled)"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      /* Local errors (a number that does not parse) belong to the selection. */
      if (item == self->selected || (kind == ITEM_TEMPLATE && self->selected == NULL))
        {
          g_hash_table_iter_init (&iter, self->local_errors);
          marked |= g_hash_table_iter_next (&iter, &key, NULL);
        }
      gtk_widget_set_visible (warning, marked);
    }
}

static void
show_problems (MaTemplateEditor *self)
{
  GHashTableIter iter;
  gpointer key, value;
  GtkLabel *best = NULL;
  gsize best_length = 0;
  const char *banner = NULL;
  g_autofree char *local = NULL;

  g_hash_table_iter_init (&iter, self->field_errors);
  while (g_hash_table_iter_next (&iter, &key, &value))
    show_field_error (value, NULL);

  g_hash_table_iter_init (&iter, self->local_errors);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GtkLabel *label = g_hash_table_lookup (self->field_errors, key);

      if (label != NULL)
        show_field_error (label, value);
      if (local == NULL)
        local = g_strdup_printf ("%s: %s", (const char *) key, (const char *) value);
    }

  /* The engine's message beside the innermost field it concerns. */
  if (self->problem_path != NULL)
    {
      g_hash_table_iter_init (&iter, self->field_errors);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (path_within (self->problem_path, key) && strlen (key) >= best_length)
          {
            best = value;
            best_length = strlen (key);
          }
      if (best != NULL && !gtk_widget_get_visible (GTK_WIDGET (best)))
        {
          const char *message = self->problem + strlen (self->problem_path);

          show_field_error (best, g_str_has_prefix (message, ": ") ? message + 2 : self->problem);
        }
    }

  banner = local != NULL ? local : self->problem != NULL ? self->problem : self->save_error;
  gtk_label_set_text (self->problem_label, banner != NULL ? banner : "");
  gtk_revealer_set_reveal_child (self->problem_revealer, banner != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.show-problem",
                                 self->problem_path != NULL && local == NULL);
  update_outline_marks (self);
}

static void
validate (MaTemplateEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *old = g_steal_pointer (&self->problem);

  g_clear_pointer (&self->problem_path, g_free);
  if (self->template != NULL && !ma_template_validate (self->template, &error))
    {
      const char *colon = strstr (error->message, ": ");

      self->problem = g_strdup (error->message);
      /* Messages are "PATH: TEXT"; a path never holds a space. */
      if (colon != NULL && memchr (error->message, ' ', colon - error->message) == NULL)
        self->problem_path = g_strndup (error->message, colon - error->message);
      else
        self->problem_path = g_strdup ("");
    }
  if (g_strcmp0 (old, self->problem) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

/* ---- saving ---------------------------------------------------------------------------- */

static gboolean
has_local_errors (MaTemplateEditor *self)
{
  return g_hash_table_size (self->local_errors) > 0;
}

gboolean
ma_template_editor_save (MaTemplateEditor  *self,
                         GError           **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (MA_IS_TEMPLATE_EDITOR (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_clear_handle_id (&self->save_source, g_source_remove);
  if (!self->modified || !self->editable || self->template == NULL || self->store == NULL)
    return TRUE;

  if (has_local_errors (self))
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, self->local_errors);
      g_hash_table_iter_next (&iter, &key, &value);
      g_set_error (error, MA_MODEL_ERROR, MA_MODEL_ERROR_INVALID, "%s: %s",
                   (const char *) key, (const char *) value);
      return FALSE;
    }
  if (!ma_template_validate (self->template, error))
    return FALSE;
  if (!ma_store_save_template (self->store, self->template, NULL, &local_error))
    {
      g_free (self->save_error);
      /* TRANSLATORS: %s says why the store refused */
      self->save_error = g_strdup_printf (_("The draft could not be saved: %s"), local_error->message);
      show_problems (self);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_clear_pointer (&self->save_error, g_free);
  self->modified = FALSE;
  show_problems (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
  g_signal_emit (self, signals[SIGNAL_SAVED], 0);
  return TRUE;
}

static gboolean
save_timeout_cb (gpointer data)
{
  MaTemplateEditor *self = data;

  self->save_source = 0;
  /* A failure is shown in the problem bar by ma_template_editor_save(). */
  ma_template_editor_save (self, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
preview_timeout_cb (gpointer data)
{
  MaTemplateEditor *self = data;

  self->preview_source = 0;
  ma_template_preview_set_template (self->preview, self->template);
  return G_SOURCE_REMOVE;
}

/* After every edit: check, show, preview, and save when valid. */
static void
template_changed (MaTemplateEditor *self)
{
  if (!self->modified)
    {
      self->modified = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }
  validate (self);
  show_problems (self);
  /* Local errors come and go without the engine's message changing. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);

  g_clear_handle_id (&self->preview_source, g_source_remove);
  self->preview_source = g_timeout_add (PREVIEW_DELAY_MS, preview_timeout_cb, self);

  g_clear_handle_id (&self->save_source, g_source_remove);
  if (self->problem == NULL && !has_local_errors (self) && self->store != NULL)
    self->save_source = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
}

/* ---- fields ---------------------------------------------------------------------------- */

typedef enum {
  BIND_TEXT,           /* char *, required: the engine says when it is empty */
  BIND_OPTIONAL_TEXT,  /* char *, NULL when empty */
  BIND_KEY,            /* char *, required */
  BIND_OPTIONAL_KEY,   /* char *, NULL when empty */
  BIND_DOUBLE,
  BIND_INT64,
} BindKind;

typedef struct {
  MaTemplateEditor *self;
  BindKind          kind;
  gpointer          target;
  char             *path;
  /* A title whose key follows it, as long as the key is the one derived. */
  char            **key;
  ItemKind          key_kind;
  gconstpointer     key_item;
  const MaQuestion *key_option_of;
  GtkEditable      *key_entry;
  /* Scale bounds: the label entries follow the range. */
  gboolean          rebuild_scale_labels;
} Binding;

static void
binding_free (Binding *binding)
{
  g_free (binding->path);
  g_free (binding);
}

/* A number as people type it: either decimal separator, spaces around. */
static gboolean
parse_double (const char *text,
              double     *out)
{
  g_autofree char *copy = g_strstrip (g_strdelimit (g_strdup (text), ",", '.'));
  char *end = NULL;
  double value;

  if (*copy == '\0')
    return FALSE;
  value = g_ascii_strtod (copy, &end);
  if (end == NULL || *end != '\0' || !isfinite (value))
    return FALSE;
  *out = value;
  return TRUE;
}

static gboolean
parse_int64 (const char *text,
             gint64     *out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));

  return *copy != '\0' && g_ascii_string_to_signed (copy, 10, G_MININT64 / 2, G_MAXINT64 / 2, out, NULL);
}

static char *
format_number (double value)
{
  /* %g in the user's locale; parse_double() reads either separator back. */
  return g_strdup_printf ("%g", value);
}

static void build_scale_labels (MaTemplateEditor *self, MaQuestion *q, const char *qpath);

static void
entry_changed_cb (GtkEditable *editable,
                  Binding     *b)
{
  MaTemplateEditor *self = b->self;
  const char *text = gtk_editable_get_text (editable);
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  gboolean follows = FALSE;

  if (self->building || !self->editable)
    return;

  g_hash_table_remove (self->local_errors, b->path);
  switch (b->kind)
    {
    case BIND_TEXT:
    case BIND_KEY:
    case BIND_OPTIONAL_TEXT:
    case BIND_OPTIONAL_KEY:
      {
        char **string = b->target;
        gboolean optional = b->kind == BIND_OPTIONAL_TEXT || b->kind == BIND_OPTIONAL_KEY;
        gboolean is_key = b->kind == BIND_KEY || b->kind == BIND_OPTIONAL_KEY;

        if (b->key != NULL)
          {
            g_autofree char *derived = derive_key (self, b->key_kind, b->key_item, b->key_option_of, *string);

            follows = *b->key == NULL || **b->key == '\0' || g_strcmp0 (*b->key, derived) == 0;
          }
        g_free (*string);
        /* Keys have no spaces to trim; a title keeps what was typed. An
         * empty key is a missing one, and the engine says so. */
        if ((optional || is_key) && *stripped == '\0')
          *string = NULL;
        else
          *string = g_strdup (is_key || optional ? stripped : text);
        if (follows)
          {
            g_free (*b->key);
            *b->key = derive_key (self, b->key_kind, b->key_item, b->key_option_of, *string);
            if (b->key_entry != NULL)
              {
                self->building = TRUE;
                gtk_editable_set_text (b->key_entry, *b->key);
                self->building = FALSE;
              }
          }
        break;
      }
    case BIND_DOUBLE:
      {
        double value;

        if (parse_double (text, &value))
          *(double *) b->target = value;
        else
          g_hash_table_replace (self->local_errors, g_strdup (b->path),
                                g_strdup (*stripped == '\0' ? _("a number is required")
                                                            : _("not a number")));
        break;
      }
    case BIND_INT64:
      {
        gint64 value;

        if (parse_int64 (text, &value))
          *(gint64 *) b->target = value;
        else
          g_hash_table_replace (self->local_errors, g_strdup (b->path),
                                g_strdup (*stripped == '\0' ? _("a whole number is required")
                                                            : _("not a whole number")));
        if (b->rebuild_scale_labels && self->selected_kind == ITEM_QUESTION)
          {
            g_autofree char *qpath = item_path (self, ITEM_QUESTION, self->selected);

            build_scale_labels (self, self->selected, qpath);
          }
        break;
      }
    default:
      g_assert_not_reached ();
    }
  template_changed (self);
}

static GtkWidget *
make_error_label (MaTemplateEditor *self,
                  const char       *path,
                  GtkWidget        *field)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_visible (label, FALSE);
  if (field != NULL)
    g_object_set_data (G_OBJECT (label), "field", field);
  g_hash_table_replace (self->field_errors, g_strdup (path), label);
  return label;
}

/* A labelled field with its message below it; @path names its member. */
static GtkWidget *
add_field (MaTemplateEditor *self,
           GtkWidget        *parent,
           const char       *label,
           const char       *accessible,
           GtkWidget        *widget,
           const char       *path,
           const char       *hint)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title = gtk_label_new_with_mnemonic (label);
  GtkWidget *outer = widget;

  /* A text view comes in its frame. */
  while (gtk_widget_get_parent (outer) != NULL)
    outer = gtk_widget_get_parent (outer);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (title), widget);
  gtk_widget_add_css_class (title, "caption-heading");
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), outer);
  if (hint != NULL)
    {
      GtkWidget *hint_label = gtk_label_new (hint);

      gtk_label_set_xalign (GTK_LABEL (hint_label), 0);
      gtk_label_set_wrap (GTK_LABEL (hint_label), TRUE);
      gtk_widget_add_css_class (hint_label, "dim-label");
      gtk_widget_add_css_class (hint_label, "caption");
      gtk_box_append (GTK_BOX (box), hint_label);
    }
  if (path != NULL)
    gtk_box_append (GTK_BOX (box), make_error_label (self, path, widget));
  gtk_widget_set_hexpand (box, TRUE);
  gtk_box_append (GTK_BOX (parent), box);
  return box;
}

static GtkWidget *
make_entry (MaTemplateEditor *self,
            BindKind          kind,
            gpointer          target,
            const char       *path,
            Binding         **out_binding)
{
  GtkWidget *entry = gtk_entry_new ();
  Binding *b = g_new0 (Binding, 1);

  b->self = self;
  b->kind = kind;
  b->target = target;
  b->path = g_strdup (path);
  switch (kind)
    {
    case BIND_DOUBLE:
      {
        g_autofree char *text = format_number (*(double *) target);
        gtk_editable_set_text (GTK_EDITABLE (entry), text);
        gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
        break;
      }
    case BIND_INT64:
      {
        g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, *(gint64 *) target);
        gtk_editable_set_text (GTK_EDITABLE (entry), text);
        gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_DIGITS);
        break;
      }
    case BIND_TEXT:
    case BIND_OPTIONAL_TEXT:
    case BIND_KEY:
    case BIND_OPTIONAL_KEY:
    default:
      {
        const char *text = *(char **) target;
        gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
        break;
      }
    }
  gtk_editable_set_editable (GTK_EDITABLE (entry), self->editable);
  g_object_set_data_full (G_OBJECT (entry), "binding", b, (GDestroyNotify) binding_free);
  g_signal_connect (entry, "changed", G_CALLBACK (entry_changed_cb), b);
  if (out_binding != NULL)
    *out_binding = b;
  return entry;
}

static GtkWidget *
add_entry (MaTemplateEditor *self,
           GtkWidget        *parent,
           const char       *label,
           const char       *accessible,
           BindKind          kind,
           gpointer          target,
           const char       *parent_path,
           const char       *member,
           const char       *hint,
           Binding         **out_binding)
{
  g_autofree char *path = member_path (parent_path, member);
  GtkWidget *entry = make_entry (self, kind, target, path, out_binding);

  add_field (self, parent, label, accessible, entry, path, hint);
  return entry;
}

typedef struct {
  MaTemplateEditor *self;
  gboolean         *target;
  gboolean          rebuild;
  GtkWidget        *dependent;   /* made sensitive by the check */
} CheckBinding;

static void
check_toggled_cb (GtkCheckButton *check,
                  CheckBinding   *b)
{
  MaTemplateEditor *self = b->self;

  if (self->building || !self->editable)
    return;
  *b->target = gtk_check_button_get_active (check);
  if (b->dependent != NULL)
    gtk_widget_set_sensitive (b->dependent, *b->target);
  template_changed (self);
  if (b->rebuild)
    build_details (self);
}

static GtkWidget *
add_check (MaTemplateEditor *self,
           GtkWidget        *parent,
           const char       *label,
           gboolean         *target,
           const char       *path,
           const char       *hint)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *check = gtk_check_button_new_with_mnemonic (label);
  CheckBinding *b = g_new0 (CheckBinding, 1);

  b->self = self;
  b->target = target;
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), *target);
  gtk_widget_set_sensitive (check, self->editable);
  g_object_set_data_full (G_OBJECT (check), "binding", b, g_free);
  g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), b);
  gtk_box_append (GTK_BOX (box), check);
  if (hint != NULL)
    {
      GtkWidget *hint_label = gtk_label_new (hint);

      gtk_label_set_xalign (GTK_LABEL (hint_label), 0);
      gtk_label_set_wrap (GTK_LABEL (hint_label), TRUE);
      gtk_widget_set_margin_start (hint_label, 28);
      gtk_widget_add_css_class (hint_label, "dim-label");
      gtk_widget_add_css_class (hint_label, "caption");
      gtk_box_append (GTK_BOX (box), hint_label);
    }
  if (path != NULL)
    gtk_box_append (GTK_BOX (box), make_error_label (self, path, check));
  gtk_box_append (GTK_BOX (parent), box);
  return check;
}

typedef void (*DropDownSetter) (MaTemplateEditor *self, gpointer item, guint selected);

static void
dropdown_selected_cb (GtkDropDown      *dropdown,
                      GParamSpec       *pspec,
                      MaTemplateEditor *self)
{
  DropDownSetter setter = g_object_get_data (G_OBJECT (dropdown), "setter");

  if (self->building || !self->editable)
    return;
  setter (self, self->selected, gtk_drop_down_get_selected (dropdown));
}

static GtkWidget *
add_dropdown (MaTemplateEditor   *self,
              GtkWidget          *parent,
              const char         *label,
              const char         *accessible,
              const char * const *items,
              guint               selected,
              DropDownSetter      setter,
              const char         *path,
              const char         *hint)
{
  g_autoptr(GPtrArray) translated = g_ptr_array_new ();
  GtkWidget *dropdown;

  for (guint i = 0; items[i] != NULL; i++)
    g_ptr_array_add (translated, (gpointer) _(items[i]));
  g_ptr_array_add (translated, NULL);
  dropdown = gtk_drop_down_new_from_strings ((const char * const *) translated->pdata);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), selected);
  gtk_widget_set_sensitive (dropdown, self->editable);
  gtk_widget_set_halign (dropdown, GTK_ALIGN_START);
  g_object_set_data (G_OBJECT (dropdown), "setter", setter);
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (dropdown_selected_cb), self);
  add_field (self, parent, label, accessible, dropdown, path, hint);
  return dropdown;
}

typedef struct {
  MaTemplateEditor *self;
  char            **target;
} TextViewBinding;

static void
text_buffer_changed_cb (GtkTextBuffer   *buffer,
                        TextViewBinding *b)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (b->self->building || !b->self->editable)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_free (*b->target);
  *b->target = *g_strstrip (text) != '\0' ? g_strdup (text) : NULL;
  template_changed (b->self);
}

static GtkWidget *
add_text_view (MaTemplateEditor *self,
               GtkWidget        *parent,
               const char       *label,
               const char       *accessible,
               char            **target,
               const char       *parent_path,
               const char       *member,
               const char       *hint)
{
  g_autofree char *path = member_path (parent_path, member);
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  TextViewBinding *b = g_new0 (TextViewBinding, 1);

  b->self = self;
  b->target = target;
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), self->editable);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
  gtk_widget_set_size_request (view, -1, 64);
  gtk_text_buffer_set_text (buffer, *target != NULL ? *target : "", -1);
  g_object_set_data_full (G_OBJECT (view), "binding", b, g_free);
  g_signal_connect (buffer, "changed", G_CALLBACK (text_buffer_changed_cb), b);
  gtk_frame_set_child (GTK_FRAME (frame), view);
  add_field (self, parent, label, accessible, view, path, hint);
  return view;
}

static GtkWidget *
add_heading (GtkWidget  *parent,
             const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "title-4");
  gtk_widget_set_margin_top (label, 6);
  gtk_box_append (GTK_BOX (parent), label);
  return label;
}

static GtkWidget *
add_row_box (GtkWidget *parent)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_box_set_homogeneous (GTK_BOX (row), TRUE);
  gtk_box_append (GTK_BOX (parent), row);
  return row;
}

/* ---- template and section settings ---------------------------------------------------- */

static void
build_template_details (MaTemplateEditor *self)
{
  MaTemplate *t = self->template;
  g_autofree char *key_text = NULL;
  g_autofree char *summary = NULL;
  GtkWidget *key_label;
  guint n_questions = ma_template_count_questions (t);

  add_heading (self->details_box, _("Template"));
  add_entry (self, self->details_box, _("_Name"), _("Template name"), BIND_TEXT, &t->name,
             "", "name", NULL, NULL);

  /* The key names every version of the template, so it never changes. */
  /* TRANSLATORS: a template's key and version, e.g. "store-visit, version 2" */
  key_text = g_strdup_printf (_("%s, version %" PRId64), t->key, t->version);
  key_label = gtk_label_new (key_text);
  gtk_label_set_xalign (GTK_LABEL (key_label), 0);
  gtk_label_set_selectable (GTK_LABEL (key_label), TRUE);
  add_field (self, self->details_box, _("Key"), _("Template key"), key_label, "key",
             _("Audits and bundles name the template by this key and version"));

  add_entry (self, self->details_box, _("_Channel"), _("Channel"), BIND_KEY, &t->channel, "", "channel",
             _("How the shopper contacts the company: visit, phone, chat, email, delivery…"), NULL);
  add_text_view (self, self->details_box, _("_Description"), _("Template description"),
                 &t->description, "", "description", NULL);

  {
    /* TRANSLATORS: part of "4 sections, 20 questions" */
    g_autofree char *sections = g_strdup_printf (ngettext ("%u section", "%u sections", t->sections->len),
                                                 t->sections->len);
    /* TRANSLATORS: part of "4 sections, 20 questions" */
    g_autofree char *questions = g_strdup_printf (ngettext ("%u question", "%u questions", n_questions),
                                                  n_questions);
    GtkWidget *label;

    /* TRANSLATORS: "4 sections, 20 questions" */
    summary = g_strdup_printf (_("%s, %s"), sections, questions);
    label = gtk_label_new (summary);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_widget_add_css_class (label, "dim-label");
    gtk_box_append (GTK_BOX (self->details_box), label);
  }
  /* Messages about the template as a whole ("needs at least one section"). */
  gtk_box_append (GTK_BOX (self->details_box), make_error_label (self, "sections", NULL));
}

static void
build_section_details (MaTemplateEditor *self,
                       MaSection        *s)
{
  g_autofree char *path = item_path (self, ITEM_SECTION, s);
  g_autofree char *weight_path = member_path (path, "weight");
  Binding *title_binding = NULL;
  GtkWidget *key_entry, *title_entry, *weight_entry, *check, *weight_box;
  CheckBinding *check_binding;

  add_heading (self->details_box, _("Section"));
  title_entry = add_entry (self, self->details_box, _("_Title"), _("Section title"), BIND_TEXT, &s->title,
                           path, "title", NULL, &title_binding);
  key_entry = add_entry (self, self->details_box, _("_Key"), _("Section key"), BIND_KEY, &s->key,
                         path, "key", _("Follows the title until you change it"), NULL);
  title_binding->key = &s->key;
  title_binding->key_kind = ITEM_SECTION;
  title_binding->key_item = s;
  title_binding->key_entry = GTK_EDITABLE (key_entry);
  g_object_set_data (G_OBJECT (self), "focus-field", title_entry);

  check = add_check (self, self->details_box, _("_Weighted section"), &s->has_weight, NULL,
                     _("Either every section has a weight or none has. With weights, the audit "
                       "score is the weighted mean of the section scores; without, every "
                       "question counts by its own weight."));
  weight_entry = make_entry (self, BIND_DOUBLE, &s->weight, weight_path, NULL);
  weight_box = add_field (self, self->details_box, _("Section _weight"), _("Section weight"),
                          weight_entry, weight_path, NULL);
  gtk_widget_set_sensitive (weight_entry, s->has_weight);
  check_binding = g_object_get_data (G_OBJECT (check), "binding");
  check_binding->dependent = weight_entry;
  /* "Either every section has a weight or none" is about all sections;
   * it is shown here, where it is fixed. */
  gtk_box_append (GTK_BOX (weight_box), make_error_label (self, "sections", weight_entry));

  add_entry (self, self->details_box, _("_Pay component"), _("Section pay component"),
             BIND_OPTIONAL_KEY, &s->component, path, "component",
             _("The bonus component its questions count towards, e.g. punctuality; empty for none"),
             NULL);
}

/* ---- questions ------------------------------------------------------------------------ */

static const char * const type_labels[] = {
  N_("Yes or no"), N_("Scale"), N_("Choice"), N_("Number"), N_("Text (not scored)"), NULL
};
static const char * const critical_labels[] = {
  N_("Not critical"), N_("Failing it fails its section"), N_("Failing it fails the whole audit"), NULL
};
static const char * const good_labels[] = { N_("Yes"), N_("No"), NULL };
static const char * const rule_labels[] = {
  N_("At most a limit"), N_("At least a limit"), N_("A band from full to zero points"), NULL
};

static void
set_question_type (MaTemplateEditor *self,
                   gpointer          item,
                   guint             selected)
{
  MaQuestion *q = item;

  if (selected > MA_QUESTION_TEXT || (MaQuestionType) selected == q->type)
    return;

  /* Settings of another type would be refused by the engine, not ignored. */
  q->type = selected;
  q->good = TRUE;
  g_ptr_array_set_size (q->scale_labels, 0);
  g_ptr_array_set_size (q->options, 0);
  g_clear_pointer (&q->unit, g_free);
  q->rule = MA_NUMBER_RULE_NONE;
  q->scale_min = q->scale_max = 0;
  switch (q->type)
    {
    case MA_QUESTION_SCALE:
      q->scale_min = 1;
      q->scale_max = 5;
      break;
    case MA_QUESTION_CHOICE:
      g_ptr_array_add (q->options, ma_choice_option_new ("fully", _("Fully"), 1));
      g_ptr_array_add (q->options, ma_choice_option_new ("partly", _("Partly"), 0.5));
      g_ptr_array_add (q->options, ma_choice_option_new ("not_at_all", _("Not at all"), 0));
      break;
    case MA_QUESTION_NUMBER:
      q->rule = MA_NUMBER_RULE_MAX;
      q->rule_limit = 0;
      break;
    case MA_QUESTION_TEXT:
      q->critical = MA_CRITICAL_NONE;
      q->has_standard = FALSE;
      q->comment_on_fail = FALSE;
      break;
    case MA_QUESTION_YES_NO:
    default:
      break;
    }
  template_changed (self);
  queue_build_details (self);
}

static void
set_critical (MaTemplateEditor *self,
              gpointer          item,
              guint             selected)
{
  ((MaQuestion *) item)->critical = MIN (selected, MA_CRITICAL_AUDIT);
  template_changed (self);
}

static void
set_good (MaTemplateEditor *self,
          gpointer          item,
          guint             selected)
{
  ((MaQuestion *) item)->good = selected == 0;
  template_changed (self);
}

static void
set_rule (MaTemplateEditor *self,
          gpointer          item,
          guint             selected)
{
  MaQuestion *q = item;
  MaNumberRule rule = selected == 0 ? MA_NUMBER_RULE_MAX : selected == 1 ? MA_NUMBER_RULE_MIN
                                                                          : MA_NUMBER_RULE_BAND;

  if (rule == q->rule)
    return;
  if (rule == MA_NUMBER_RULE_BAND && q->band_full == q->band_zero)
    {
      /* A starting band that is valid: full marks at the old limit. */
      q->band_full = q->rule_limit;
      q->band_zero = q->rule_limit + 10;
    }
  q->rule = rule;
  template_changed (self);
  queue_build_details (self);
}

static MaScaleLabel *
find_scale_label (MaQuestion *q,
                  gint64      value,
                  guint      *index)
{
  for (guint i = 0; i < q->scale_labels->len; i++)
    {
      MaScaleLabel *l = g_ptr_array_index (q->scale_labels, i);

      if (l->value == value)
        {
          *index = i;
          return l;
        }
    }
  return NULL;
}

static gint
compare_scale_labels (gconstpointer a,
                      gconstpointer b)
{
  const MaScaleLabel *la = *(MaScaleLabel * const *) a;
  const MaScaleLabel *lb = *(MaScaleLabel * const *) b;

  return (la->value > lb->value) - (la->value < lb->value);
}

static void
scale_label_changed_cb (GtkEditable      *editable,
                        MaTemplateEditor *self)
{
  MaQuestion *q = self->selected;
  gint64 value = *(gint64 *) g_object_get_data (G_OBJECT (editable), "value");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));
  MaScaleLabel *label;
  guint index;

  if (self->building || !self->editable || self->selected_kind != ITEM_QUESTION)
    return;
  label = find_scale_label (q, value, &index);
  if (*text == '\0')
    {
      if (label != NULL)
        g_ptr_array_remove_index (q->scale_labels, index);
    }
  else if (label != NULL)
    {
      g_free (label->label);
      label->label = g_steal_pointer (&text);
    }
  else
    {
      /* The array frees its items as ma-template.c allocates them. */
      label = g_new0 (MaScaleLabel, 1);
      label->value = value;
      label->label = g_steal_pointer (&text);
      g_ptr_array_add (q->scale_labels, label);
      g_ptr_array_sort (q->scale_labels, compare_scale_labels);
    }
  template_changed (self);
}

/* One entry per value of a short scale (1..5, 0..10); only the ends of a
 * long one. Values outside the range that still have a label are listed
 * too, so that the engine's message about them can be fixed here. */
static void
build_scale_labels (MaTemplateEditor *self,
                    MaQuestion       *q,
                    const char       *qpath)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *labels_path = member_path (qpath, "labels");
  GtkWidget *child;
  gboolean was_building = self->building;

  if (self->scale_labels_box == NULL)
    return;
  /* Their messages go with them. */
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, self->field_errors);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      if (path_within (key, labels_path))
        g_hash_table_iter_remove (&iter);
  }
  while ((child = gtk_widget_get_first_child (self->scale_labels_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->scale_labels_box), child);

  if (q->scale_max >= q->scale_min && q->scale_max - q->scale_min <= 10)
    for (gint64 v = q->scale_min; v <= q->scale_max; v++)
      g_array_append_val (values, v);
  else
    {
      g_array_append_val (values, q->scale_min);
      if (q->scale_max != q->scale_min)
        g_array_append_val (values, q->scale_max);
    }
  for (guint i = 0; i < q->scale_labels->len; i++)
    {
      const MaScaleLabel *l = g_ptr_array_index (q->scale_labels, i);
      gboolean listed = FALSE;

      for (guint k = 0; k < values->len; k++)
        listed |= g_array_index (values, gint64, k) == l->value;
      if (!listed)
        g_array_append_val (values, l->value);
    }

  self->building = TRUE;
  for (guint k = 0; k < values->len; k++)
    {
      gint64 value = g_array_index (values, gint64, k);
      g_autofree char *member = g_strdup_printf ("%" G_GINT64_FORMAT, value);
      g_autofree char *path = member_path (labels_path, member);
      /* TRANSLATORS: the label of a scale value, e.g. "Label of 5" */
      g_autofree char *title = g_strdup_printf (_("Label of %" PRId64), value);
      GtkWidget *entry = gtk_entry_new ();
      guint index;
      MaScaleLabel *label = find_scale_label (q, value, &index);
      gint64 *stored = g_new (gint64, 1);

      *stored = value;
      g_object_set_data_full (G_OBJECT (entry), "value", stored, g_free);
      gtk_editable_set_text (GTK_EDITABLE (entry), label != NULL ? label->label : "");
      gtk_editable_set_editable (GTK_EDITABLE (entry), self->editable);
      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("No label"));
      g_signal_connect (entry, "changed", G_CALLBACK (scale_label_changed_cb), self);
      add_field (self, self->scale_labels_box, title, title, entry, path, NULL);
    }
  self->building = was_building;
}

typedef struct {
  MaTemplateEditor *self;
  guint             index;
} OptionRemoval;

static void
remove_option_cb (GtkButton     *button,
                  OptionRemoval *removal)
{
  MaTemplateEditor *self = removal->self;
  MaQuestion *q = self->selected;

  if (!self->editable || self->selected_kind != ITEM_QUESTION || removal->index >= q->options->len)
    return;
  g_ptr_array_remove_index (q->options, removal->index);
  template_changed (self);
  build_details (self);
}

static void
add_option_cb (GtkButton        *button,
               MaTemplateEditor *self)
{
  MaQuestion *q = self->selected;
  g_autofree char *key = NULL;

  if (!self->editable || self->selected_kind != ITEM_QUESTION)
    return;
  key = derive_key (self, ITEM_QUESTION, NULL, q, _("New option"));
  g_ptr_array_add (q->options, ma_choice_option_new (key, _("New option"), 0));
  template_changed (self);
  build_details (self);
}

static void
build_options (MaTemplateEditor *self,
               MaQuestion       *q,
               const char       *qpath)
{
  g_autofree char *options_path = member_path (qpath, "options");
  GtkWidget *button;

  for (guint k = 0; k < q->options->len; k++)
    {
      MaChoiceOption *o = g_ptr_array_index (q->options, k);
      g_autofree char *opath = ma_path_index (options_path, k);
      g_autofree char *label_path = member_path (opath, "label");
      g_autofree char *key_path = member_path (opath, "key");
      g_autofree char *score_path = member_path (opath, "score");
      /* TRANSLATORS: accessible names of an option's fields, %u counts from 1 */
      g_autofree char *label_name = g_strdup_printf (_("Option %u label"), k + 1);
      g_autofree char *key_name = g_strdup_printf (_("Option %u key"), k + 1);
      g_autofree char *score_name = g_strdup_printf (_("Option %u score"), k + 1);
      g_autofree char *remove_name = g_strdup_printf (_("Remove option %u"), k + 1);
      GtkWidget *frame = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *label_entry, *key_entry, *score_entry;
      Binding *label_binding = NULL;
      OptionRemoval *removal = g_new0 (OptionRemoval, 1);

      label_entry = make_entry (self, BIND_TEXT, &o->label, label_path, &label_binding);
      key_entry = make_entry (self, BIND_KEY, &o->key, key_path, NULL);
      score_entry = make_entry (self, BIND_DOUBLE, &o->score, score_path, NULL);
      label_binding->key = &o->key;
      label_binding->key_kind = ITEM_QUESTION;
      label_binding->key_item = o;
      label_binding->key_option_of = q;
      label_binding->key_entry = GTK_EDITABLE (key_entry);
      gtk_editable_set_width_chars (GTK_EDITABLE (score_entry), 4);
      gtk_editable_set_max_width_chars (GTK_EDITABLE (score_entry), 5);
      gtk_editable_set_width_chars (GTK_EDITABLE (key_entry), 8);
      gtk_editable_set_max_width_chars (GTK_EDITABLE (key_entry), 10);
      gtk_widget_set_hexpand (label_entry, TRUE);

      add_field (self, row, _("Label"), label_name, label_entry, label_path, NULL);
      add_field (self, row, _("Key"), key_name, key_entry, key_path, NULL);
      gtk_widget_set_hexpand (gtk_widget_get_parent (key_entry), FALSE);
      add_field (self, row, _("Score"), score_name, score_entry, score_path, NULL);
      gtk_widget_set_hexpand (gtk_widget_get_parent (score_entry), FALSE);

      button = gtk_button_new_from_icon_name ("user-trash-symbolic");
      gtk_widget_set_valign (button, GTK_ALIGN_START);
      gtk_widget_set_margin_top (button, 18);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, remove_name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name, -1);
      gtk_widget_set_sensitive (button, self->editable);
      removal->self = self;
      removal->index = k;
      g_object_set_data_full (G_OBJECT (button), "removal", removal, g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (remove_option_cb), removal);
      gtk_box_append (GTK_BOX (row), button);

      gtk_box_append (GTK_BOX (frame), row);
      gtk_box_append (GTK_BOX (self->options_box), frame);
    }

  gtk_box_append (GTK_BOX (self->options_box), make_error_label (self, options_path, NULL));
  button = gtk_button_new_with_mnemonic (_("Add _Option"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Add Option"), -1);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_sensitive (button, self->editable);
  g_signal_connect (button, "clicked", G_CALLBACK (add_option_cb), self);
  gtk_box_append (GTK_BOX (self->options_box), button);
}

static void
build_question_details (MaTemplateEditor *self,
                        MaQuestion       *q)
{
  g_autofree char *path = item_path (self, ITEM_QUESTION, q);
  g_autofree char *rule_path = member_path (path, "rule");
  g_autofree char *standard_path = member_path (path, "standard");
  Binding *text_binding = NULL;
  GtkWidget *text_entry, *key_entry, *row, *check, *share_entry;
  CheckBinding *check_binding;

  add_heading (self->details_box, _("Question"));
  text_entry = add_entry (self, self->details_box, _("_Question"), _("Question text"), BIND_TEXT, &q->text,
                          path, "text", NULL, &text_binding);
  key_entry = add_entry (self, self->details_box, _("_Key"), _("Question key"), BIND_KEY, &q->key,
                         path, "key", _("Follows the question until you change it"), NULL);
  text_binding->key = &q->key;
  text_binding->key_kind = ITEM_QUESTION;
  text_binding->key_item = q;
  text_binding->key_entry = GTK_EDITABLE (key_entry);
  g_object_set_data (G_OBJECT (self), "focus-field", text_entry);
  add_text_view (self, self->details_box, _("_Guidance for the auditor"), _("Guidance for the auditor"),
                 &q->guidance, path, "guidance",
                 _("What exactly to check and how to judge it; the auditor sees it below the question"));

  add_heading (self->details_box, _("Answer"));
  add_dropdown (self, self->details_box, _("Answer _type"), _("Answer type"), type_labels, q->type,
                set_question_type, NULL, NULL);
  {
    g_autofree char *type_path = member_path (path, "type");
    gtk_box_append (GTK_BOX (self->details_box), make_error_label (self, type_path, NULL));
  }

  switch (q->type)
    {
    case MA_QUESTION_YES_NO:
      {
        g_autofree char *good_path = member_path (path, "good");

        add_dropdown (self, self->details_box, _("_Passing answer"), _("Passing answer"), good_labels,
                      q->good ? 0 : 1, set_good, good_path,
                      _("For a question like “Was rude”, No is the answer that earns the points"));
        break;
      }
    case MA_QUESTION_SCALE:
      {
        Binding *b = NULL;
        g_autofree char *min_path = member_path (path, "min");

        row = add_row_box (self->details_box);
        add_field (self, row, _("_Lowest"), _("Scale lowest value"),
                   make_entry (self, BIND_INT64, &q->scale_min, min_path, &b), min_path, NULL);
        b->rebuild_scale_labels = TRUE;
        add_entry (self, row, _("_Highest"), _("Scale highest value"), BIND_INT64, &q->scale_max,
                   path, "max", NULL, &b);
        b->rebuild_scale_labels = TRUE;
        self->scale_labels_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
        gtk_box_append (GTK_BOX (self->details_box), self->scale_labels_box);
        build_scale_labels (self, q, path);
        break;
      }
    case MA_QUESTION_CHOICE:
      {
        GtkWidget *hint = gtk_label_new (_("Each option earns its score, from 0 (nothing) to 1 (the full weight)"));

        gtk_label_set_xalign (GTK_LABEL (hint), 0);
        gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
        gtk_widget_add_css_class (hint, "dim-label");
        gtk_widget_add_css_class (hint, "caption");
        gtk_box_append (GTK_BOX (self->details_box), hint);
        self->options_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
        gtk_box_append (GTK_BOX (self->details_box), self->options_box);
        build_options (self, q, path);
        break;
      }
    case MA_QUESTION_NUMBER:
      add_entry (self, self->details_box, _("_Unit"), _("Unit"), BIND_OPTIONAL_TEXT, &q->unit, path, "unit",
                 _("What the auditor measures in: s, min, items…"), NULL);
      add_dropdown (self, self->details_box, _("_Rule"), _("Rule"), rule_labels,
                    q->rule == MA_NUMBER_RULE_MIN ? 1 : q->rule == MA_NUMBER_RULE_BAND ? 2 : 0,
                    set_rule, rule_path, NULL);
      if (q->rule == MA_NUMBER_RULE_BAND)
        {
          g_autofree char *band_path = member_path (rule_path, "band");
          GtkWidget *band_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

          row = add_row_box (band_box);
          add_field (self, row, _("_Full points at"), _("Full points at"),
                     make_entry (self, BIND_DOUBLE, &q->band_full, band_path, NULL), NULL, NULL);
          add_field (self, row, _("_Zero points at"), _("Zero points at"),
                     make_entry (self, BIND_DOUBLE, &q->band_zero, band_path, NULL), NULL, NULL);
          gtk_box_append (GTK_BOX (band_box), make_error_label (self, band_path, NULL));
          gtk_box_append (GTK_BOX (self->details_box), band_box);
          {
            GtkWidget *hint = gtk_label_new (_("Linear in between; full below zero means smaller is better"));

            gtk_label_set_xalign (GTK_LABEL (hint), 0);
            gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
            gtk_widget_add_css_class (hint, "dim-label");
            gtk_widget_add_css_class (hint, "caption");
            gtk_box_append (GTK_BOX (band_box), hint);
          }
        }
      else
        add_entry (self, self->details_box, _("_Limit"), _("Limit"), BIND_DOUBLE, &q->rule_limit, rule_path,
                   q->rule == MA_NUMBER_RULE_MIN ? "min" : "max",
                   q->rule == MA_NUMBER_RULE_MIN ? _("The answer passes when it is at least this")
                                                 : _("The answer passes when it is at most this"),
                   NULL);
      break;
    case MA_QUESTION_TEXT:
    default:
      {
        GtkWidget *hint = gtk_label_new (_("A text answer is kept with the audit but earns no points"));

        gtk_label_set_xalign (GTK_LABEL (hint), 0);
        gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
        gtk_widget_add_css_class (hint, "dim-label");
        gtk_box_append (GTK_BOX (self->details_box), hint);
        break;
      }
    }

  add_heading (self->details_box, _("Scoring"));
  if (q->type != MA_QUESTION_TEXT)
    {
      g_autofree char *critical_path = member_path (path, "critical");

      row = add_row_box (self->details_box);
      add_entry (self, row, _("_Weight"), _("Question weight"), BIND_DOUBLE, &q->weight, path, "weight",
                 NULL, NULL);
      add_entry (self, row, _("Pay co_mponent"), _("Question pay component"), BIND_OPTIONAL_KEY,
                 &q->component, path, "component", _("Empty: the section’s"), NULL);
      add_dropdown (self, self->details_box, _("C_ritical"), _("Critical"), critical_labels, q->critical,
                    set_critical, critical_path, NULL);
    }
  add_check (self, self->details_box, _("Allow _N/A"), &q->allow_na, NULL,
             _("A not-applicable answer leaves the question out of the score"));
  if (q->type != MA_QUESTION_TEXT)
    {
      g_autofree char *comment_path = member_path (path, "comment_on_fail");

      add_check (self, self->details_box, _("_Comment required when it fails"), &q->comment_on_fail,
                 comment_path, NULL);
    }
  {
    g_autofree char *evidence_path = member_path (path, "evidence_required");

    add_check (self, self->details_box, _("_Evidence required"), &q->evidence_required, evidence_path,
               _("The auditor attaches a photo, recording or document"));
  }
  if (q->type != MA_QUESTION_TEXT)
    {
      g_autofree char *share_path = member_path (standard_path, "share");

      /* A standard needs a share; 0.9 is the usual promise. */
      if (!q->has_standard && q->standard_share == 0)
        q->standard_share = 0.9;
      check = add_check (self, self->details_box, _("_Service-level standard"), &q->has_standard, NULL,
                         /* xgettext:no-c-format */
                         _("A promise kept over many audits, e.g. 90 % of calls answered in 2 minutes"));
      share_entry = make_entry (self, BIND_DOUBLE, &q->standard_share, share_path, NULL);
      add_field (self, self->details_box, _("_Share that must pass"), _("Standard share"), share_entry,
                 standard_path, _("A fraction: 0.9 for 90 %"));
      gtk_widget_set_sensitive (share_entry, q->has_standard);
      check_binding = g_object_get_data (G_OBJECT (check), "binding");
      check_binding->dependent = share_entry;
    }
}

static gboolean
build_details_idle_cb (gpointer data)
{
  MaTemplateEditor *self = data;

  self->details_source = 0;
  build_details (self);
  return G_SOURCE_REMOVE;
}

/* A drop-down that changes which fields there are cannot destroy itself
 * while it emits its own signal: the fields are rebuilt right after. */
static void
queue_build_details (MaTemplateEditor *self)
{
  if (self->details_source == 0)
    self->details_source = g_idle_add (build_details_idle_cb, self);
}

static void
build_details (MaTemplateEditor *self)
{
  GtkWidget *child;

  g_clear_handle_id (&self->details_source, g_source_remove);

  g_hash_table_remove_all (self->field_errors);
  g_hash_table_remove_all (self->local_errors);
  self->scale_labels_box = NULL;
  self->options_box = NULL;
  g_object_set_data (G_OBJECT (self), "focus-field", NULL);
  while ((child = gtk_widget_get_first_child (self->details_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->details_box), child);

  if (self->template != NULL)
    {
      self->building = TRUE;
      switch (self->selected_kind)
        {
        case ITEM_SECTION:
          build_section_details (self, self->selected);
          break;
        case ITEM_QUESTION:
          build_question_details (self, self->selected);
          break;
        case ITEM_TEMPLATE:
        default:
          build_template_details (self);
          break;
        }
      self->building = FALSE;
    }
  show_problems (self);
  update_actions (self);
}

/* ---- outline -------------------------------------------------------------------------- */

static gboolean move_item (MaTemplateEditor *self, ItemKind kind, gpointer item,
                           ItemKind target_kind, gpointer target);

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkWidget     *row)
{
  MaTemplateEditor *self = MA_TEMPLATE_EDITOR (gtk_widget_get_ancestor (row, MA_TYPE_TEMPLATE_EDITOR));

  if (self == NULL || !self->editable)
    return NULL;
  return gdk_content_provider_new_typed (GTK_TYPE_LIST_BOX_ROW, row);
}

static void
drag_begin_cb (GtkDragSource *source,
               GdkDrag       *drag,
               GtkWidget     *row)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (row);

  gtk_drag_source_set_icon (source, paintable, 0, 0);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         GtkWidget     *row)
{
  MaTemplateEditor *self = MA_TEMPLATE_EDITOR (gtk_widget_get_ancestor (row, MA_TYPE_TEMPLATE_EDITOR));
  GObject *source;

  if (self == NULL || !self->editable || !G_VALUE_HOLDS (value, GTK_TYPE_LIST_BOX_ROW))
    return FALSE;
  source = g_value_get_object (value);
  /* A row of another editor, or of an outline already rebuilt, is not ours. */
  if (source == NULL || gtk_widget_get_parent (GTK_WIDGET (source)) != GTK_WIDGET (self->outline))
    return FALSE;
  return move_item (self,
                    GPOINTER_TO_INT (g_object_get_data (source, "kind")),
                    g_object_get_data (source, "item"),
                    GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "kind")),
                    g_object_get_data (G_OBJECT (row), "item"));
}

static GtkWidget *
make_outline_row (MaTemplateEditor *self,
                  ItemKind          kind,
                  gpointer          item)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *warning = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkDropTarget *drop;

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  if (kind == ITEM_QUESTION)
    gtk_widget_set_margin_start (label, 18);
  else
    gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (warning, "warning");
  gtk_widget_set_tooltip_text (warning, _("This part has a problem"));
  gtk_widget_set_visible (warning, FALSE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), warning);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data (G_OBJECT (row), "kind", GINT_TO_POINTER (kind));
  g_object_set_data (G_OBJECT (row), "item", item);
  g_object_set_data (G_OBJECT (row), "label", label);
  g_object_set_data (G_OBJECT (row), "warning", warning);

  if (self->editable)
    {
      if (kind != ITEM_TEMPLATE)
        {
          GtkDragSource *source = gtk_drag_source_new ();

          gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
          g_signal_connect (source, "prepare", G_CALLBACK (drag_prepare_cb), row);
          g_signal_connect (source, "drag-begin", G_CALLBACK (drag_begin_cb), row);
          gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (source));
        }
      drop = gtk_drop_target_new (GTK_TYPE_LIST_BOX_ROW, GDK_ACTION_MOVE);
      g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), row);
      gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drop));
    }
  return row;
}

static GtkListBoxRow *
find_row (MaTemplateEditor *self,
          gconstpointer     item)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->outline));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_object_get_data (G_OBJECT (row), "item") == item)
      return GTK_LIST_BOX_ROW (row);
  return NULL;
}

static gboolean
outline_has_focus (MaTemplateEditor *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->outline));
}

static void
rebuild_outline (MaTemplateEditor *self)
{
  gboolean focused = outline_has_focus (self);
  GtkWidget *child;
  GtkListBoxRow *selected;

  self->building = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->outline))) != NULL)
    gtk_list_box_remove (self->outline, child);
  if (self->template != NULL)
    {
      gtk_list_box_append (self->outline, make_outline_row (self, ITEM_TEMPLATE, NULL));
      for (guint i = 0; i < self->template->sections->len; i++)
        {
          MaSection *s = g_ptr_array_index (self->template->sections, i);

          gtk_list_box_append (self->outline, make_outline_row (self, ITEM_SECTION, s));
          for (guint j = 0; j < s->questions->len; j++)
            gtk_list_box_append (self->outline,
                                 make_outline_row (self, ITEM_QUESTION, g_ptr_array_index (s->questions, j)));
        }
    }
  selected = find_row (self, self->selected);
  gtk_list_box_select_row (self->outline, selected);
  self->building = FALSE;
  update_outline_marks (self);
  if (focused && selected != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (selected));
}

static void
select_item (MaTemplateEditor *self,
             ItemKind          kind,
             gpointer          item)
{
  self->selected_kind = item != NULL ? kind : ITEM_TEMPLATE;
  self->selected = item;
  self->building = TRUE;
  gtk_list_box_select_row (self->outline, find_row (self, item));
  self->building = FALSE;
  build_details (self);
}

static void
outline_row_selected_cb (MaTemplateEditor *self,
                         GtkListBoxRow    *row,
                         GtkListBox       *list)
{
  if (self->building || row == NULL)
    return;
  self->selected_kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "kind"));
  self->selected = g_object_get_data (G_OBJECT (row), "item");
  build_details (self);
}

static void
structure_changed (MaTemplateEditor *self)
{
  rebuild_outline (self);
  template_changed (self);
  build_details (self);
}

/* Drag and drop: an item dropped on a row takes that row's place; a
 * question dropped on a section goes first into it; a section dropped on a
 * question goes where that question's section is. */
static gboolean
move_item (MaTemplateEditor *self,
           ItemKind          kind,
           gpointer          item,
           ItemKind          target_kind,
           gpointer          target)
{
  GPtrArray *sections = self->template->sections;
  guint si = 0, qi = 0, ti = 0, tj = 0;

  if (item == NULL || item == target || !locate (self, kind, item, &si, &qi))
    return FALSE;
  if (target_kind != ITEM_TEMPLATE && !locate (self, target_kind, target, &ti, &tj))
    return FALSE;

  if (kind == ITEM_SECTION)
    {
      guint to = target_kind == ITEM_TEMPLATE ? 0 : ti;
      gpointer section = g_ptr_array_steal_index (sections, si);

      g_ptr_array_insert (sections, to, section);
    }
  else
    {
      MaSection *from = g_ptr_array_index (sections, si);
      MaSection *to;
      guint at;

      if (target_kind == ITEM_TEMPLATE)
        {
          ti = 0;
          at = 0;
        }
      else
        at = target_kind == ITEM_QUESTION ? tj : 0;
      to = g_ptr_array_index (sections, ti);
      g_ptr_array_steal_index (from->questions, qi);
      g_ptr_array_insert (to->questions, MIN (at, to->questions->len), item);
    }
  self->selected_kind = kind;
  self->selected = item;
  structure_changed (self);
  return TRUE;
}

/* Keyboard moves go one step; a question at the edge of its section goes
 * into the next section, so that any order can be reached with the keys. */
static void
move_by (MaTemplateEditor *self,
         int               delta)
{
  GPtrArray *sections = self->template->sections;
  guint si = 0, qi = 0;

  if (!self->editable || !locate (self, self->selected_kind, self->selected, &si, &qi))
    return;

  if (self->selected_kind == ITEM_SECTION)
    {
      if ((delta < 0 && si == 0) || (delta > 0 && si + 1 >= sections->len))
        return;
      g_ptr_array_insert (sections, si + delta, g_ptr_array_steal_index (sections, si));
    }
  else
    {
      MaSection *s = g_ptr_array_index (sections, si);

      if (delta < 0 && qi > 0)
        g_ptr_array_insert (s->questions, qi - 1, g_ptr_array_steal_index (s->questions, qi));
      else if (delta > 0 && qi + 1 < s->questions->len)
        g_ptr_array_insert (s->questions, qi + 1, g_ptr_array_steal_index (s->questions, qi));
      else if (delta < 0 && si > 0)
        {
          MaSection *previous = g_ptr_array_index (sections, si - 1);
          g_ptr_array_add (previous->questions, g_ptr_array_steal_index (s->questions, qi));
        }
      else if (delta > 0 && si + 1 < sections->len)
        {
          MaSection *next = g_ptr_array_index (sections, si + 1);
          g_ptr_array_insert (next->questions, 0, g_ptr_array_steal_index (s->questions, qi));
        }
      else
        return;
    }
  structure_changed (self);
}

/* ---- actions -------------------------------------------------------------------------- */

static void
update_actions (MaTemplateEditor *self)
{
  gboolean editable = self->editable && self->template != NULL;
  gboolean item = editable && self->selected != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.add-section", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.add-question", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.remove", item);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.move-up", item);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.move-down", item);
}

static void
focus_first_field (MaTemplateEditor *self)
{
  GtkWidget *field = g_object_get_data (G_OBJECT (self), "focus-field");

  if (field != NULL)
    gtk_widget_grab_focus (field);
}

static void
add_section_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MaTemplateEditor *self = MA_TEMPLATE_EDITOR (widget);
  MaSection *s;
  guint si = 0, qi = 0;
  guint at;

  if (!self->editable || self->template == NULL)
    return;
  at = locate (self, self->selected_kind, self->selected, &si, &qi) ? si + 1 : self->template->sections->len;
  s = ma_section_new ();
  s->title = g_strdup (_("New section"));
  s->key = derive_key (self, ITEM_SECTION, s, NULL, s->title);
  /* A new section follows the others' choice of weights. */
  if (ma_template_has_section_weights (self->template))
    {
      s->has_weight = TRUE;
      s->weight = 1;
    }
  g_ptr_array_insert (self->template->sections, at, s);
  self->selected_kind = ITEM_SECTION;
  self->selected = s;
  structure_changed (self);
  focus_first_field (self);
}

static void
add_question_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MaTemplateEditor *self = MA_TEMPLATE_EDITOR (widget);
  MaSection *s;
  MaQuestion *q;
  guint si = 0, qi = 0;
  guint at;

  if (!self->editable || self->template == NULL)
    return;
  if (self->template->sections->len == 0)
    {
      s = ma_section_new ();
      s->title = g_strdup (_("New section"));
      s->key = derive_key (self, ITEM_SECTION, s, NULL, s->title);
      g_ptr_array_add (self->template->sections, s);
    }
  if (locate (self, self->selected_kind, self->selected, &si, &qi))
    {
      s = g_ptr_array_index (self->template->sections, si);
      at = self->selected_kind == ITEM_QUESTION ? qi + 1 : s->questions->len;
    }
  else
    {
      s = g_ptr_array_index (self->template->sections, self->template->sections->len - 1);
      at = s->questions->len;
    }
  q = ma_question_new ();
  q->text = g_strdup (_("New question"));
  q->key = derive_key (self, ITEM_QUESTION, q, NULL, q->text);
  q->type = MA_QUESTION_YES_NO;
  g_ptr_array_insert (s->questions, at, q);
  self->selected_kind = ITEM_QUESTION;
  self->selected = q;
  structure_changed (self);
  focus_first_field (self);
}

static void
undo_remove_cb (MaTemplateEditor *self)
{
  if (self->undo == NULL || !self->editable)
    return;
  ma_template_free (self->template);
  self->template = g_steal_pointer (&self->undo);
  self->selected_kind = ITEM_TEMPLATE;
  self->selected = NULL;
  structure_changed (self);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MaTemplateEditor *self = MA_TEMPLATE_EDITOR (widget);
  guint si = 0, qi = 0;
  g_autofree char *title = NULL;
  GtkWidget *overlay;

  if (!self->editable || !locate (self, self->selected_kind, self->selected, &si, &qi))
    return;

  g_clear_pointer (&self->undo, ma_template_free);
  self->undo = ma_template_copy (self->template);
  if (self->selected_kind == ITEM_SECTION)
    {
      MaSection *s = self->selected;

      /* TRANSLATORS: a toast, %s is a section's title */
      title = g_strdup_printf (_("Section “%s” removed"), s->title != NULL ? s->title : "");
      g_ptr_array_remove_index (self->template->sections, si);
      self->selected_kind = ITEM_TEMPLATE;
      self->selected = NULL;
      if (self->template->sections->len > 0)
        {
          self->selected_kind = ITEM_SECTION;
          self->selected = g_ptr_array_index (self->template->sections, MIN (si, self->template->sections->len - 1));
        }
    }
  else
    {
      MaSection *s = g_ptr_array_index (self->template->sections, si);
      MaQuestion *q = self->selected;

      /* TRANSLATORS: a toast, %s is a question's text */
      title = g_strdup_printf (_("Question “%s” removed"), q->text != NULL ? q->text : "");
      g_ptr_array_remove_index (s->questions, qi);
      self->selected_kind = ITEM_SECTION;
      self->selected = s;
      if (s->questions->len > 0)
        {
          self->selected_kind = ITEM_QUESTION;
          self->selected = g_ptr_array_index (s->questions, MIN (qi, s->questions->len - 1));
        }
    }
  structure_changed (self);

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (title, -1);
      AdwToast *toast = adw_toast_new (escaped);

      adw_toast_set_button_label (toast, _("_Undo"));
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_remove_cb), self, G_CONNECT_SWAPPED);
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
    }
}

static void
move_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  move_by (MA_TEMPLATE_EDITOR (widget), -1);
}

static void
move_down_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  move_by (MA_TEMPLATE_EDITOR (widget), 1);
}

static void
show_problem_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MaTemplateEditor *self = MA_TEMPLATE_EDITOR (widget);
  int section, question;

  if (self->problem_path == NULL)
    return;
  parse_item_path (self->problem_path, &section, &question);
  ma_template_editor_select (self, section, question);
}

/* ---- public --------------------------------------------------------------------------- */

void
ma_template_editor_select (MaTemplateEditor *self,
                           int               section,
                           int               question)
{
  MaSection *s;

  g_return_if_fail (MA_IS_TEMPLATE_EDITOR (self));

  if (self->template == NULL)
    return;
  if (section < 0 || (guint) section >= self->template->sections->len)
    {
      select_item (self, ITEM_TEMPLATE, NULL);
      return;
    }
  s = g_ptr_array_index (self->template->sections, section);
  if (question < 0 || (guint) question >= s->questions->len)
    select_item (self, ITEM_SECTION, s);
  else
    select_item (self, ITEM_QUESTION, g_ptr_array_index (s->questions, question));
}

void
ma_template_editor_set_store (MaTemplateEditor *self,
                              MaStore          *store)
{
  g_return_if_fail (MA_IS_TEMPLATE_EDITOR (self));
  g_return_if_fail (store == NULL || MA_IS_STORE (store));

  g_set_object (&self->store, store);
}

void
ma_template_editor_set_template (MaTemplateEditor *self,
                                 const MaTemplate *template)
{
  gboolean editable;

  g_return_if_fail (MA_IS_TEMPLATE_EDITOR (self));

  g_clear_handle_id (&self->save_source, g_source_remove);
  g_clear_handle_id (&self->preview_source, g_source_remove);
  g_clear_pointer (&self->template, ma_template_free);
  g_clear_pointer (&self->undo, ma_template_free);
  g_clear_pointer (&self->save_error, g_free);
  self->template = template != NULL ? ma_template_copy (template) : NULL;
  self->selected_kind = ITEM_TEMPLATE;
  self->selected = NULL;
  self->modified = FALSE;
  editable = template != NULL && template->status == MA_TEMPLATE_DRAFT;
  if (editable != self->editable)
    {
      self->editable = editable;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITABLE]);
    }
  validate (self);
  rebuild_outline (self);
  build_details (self);
  ma_template_preview_set_template (self->preview, self->template);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

const MaTemplate *
ma_template_editor_get_template (MaTemplateEditor *self)
{
  g_return_val_if_fail (MA_IS_TEMPLATE_EDITOR (self), NULL);

  return self->template;
}

gboolean
ma_template_editor_is_editable (MaTemplateEditor *self)
{
  g_return_val_if_fail (MA_IS_TEMPLATE_EDITOR (self), FALSE);

  return self->editable;
}

const char *
ma_template_editor_get_problem (MaTemplateEditor *self)
{
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (MA_IS_TEMPLATE_EDITOR (self), NULL);

  g_hash_table_iter_init (&iter, self->local_errors);
  if (g_hash_table_iter_next (&iter, NULL, &value))
    return value;
  return self->problem;
}

gboolean
ma_template_editor_get_modified (MaTemplateEditor *self)
{
  g_return_val_if_fail (MA_IS_TEMPLATE_EDITOR (self), FALSE);

  return self->modified;
}

MaTemplatePreview *
ma_template_editor_get_preview (MaTemplateEditor *self)
{
  g_return_val_if_fail (MA_IS_TEMPLATE_EDITOR (self), NULL);

  return self->preview;
}

GtkListBox *
ma_template_editor_get_outline (MaTemplateEditor *self)
{
  g_return_val_if_fail (MA_IS_TEMPLATE_EDITOR (self), NULL);

  return self->outline;
}

/* ---- object --------------------------------------------------------------------------- */

static void
ma_template_editor_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MaTemplateEditor *self = MA_TEMPLATE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SHOW_PREVIEW:
      g_value_set_boolean (value, self->show_preview);
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, ma_template_editor_get_problem (self));
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;
    case PROP_EDITABLE:
      g_value_set_boolean (value, self->editable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_template_editor_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MaTemplateEditor *self = MA_TEMPLATE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SHOW_PREVIEW:
      if (self->show_preview != g_value_get_boolean (value))
        {
          self->show_preview = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_template_editor_dispose (GObject *object)
{
  MaTemplateEditor *self = MA_TEMPLATE_EDITOR (object);
  g_autoptr(GError) error = NULL;

  /* Valid edits not saved yet are not lost when the window closes. */
  if (self->save_source != 0 && !ma_template_editor_save (self, &error))
    g_debug ("The template draft could not be saved on closing: %s", error->message);
  g_clear_handle_id (&self->save_source, g_source_remove);
  g_clear_handle_id (&self->preview_source, g_source_remove);
  g_clear_handle_id (&self->details_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), MA_TYPE_TEMPLATE_EDITOR);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ma_template_editor_parent_class)->dispose (object);
}

static void
ma_template_editor_finalize (GObject *object)
{
  MaTemplateEditor *self = MA_TEMPLATE_EDITOR (object);

  g_clear_pointer (&self->template, ma_template_free);
  g_clear_pointer (&self->undo, ma_template_free);
  g_clear_pointer (&self->field_errors, g_hash_table_unref);
  g_clear_pointer (&self->local_errors, g_hash_table_unref);
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->problem_path, g_free);
  g_clear_pointer (&self->save_error, g_free);

  G_OBJECT_CLASS (ma_template_editor_parent_class)->finalize (object);
}

static void
ma_template_editor_class_init (MaTemplateEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ma_template_editor_get_property;
  object_class->set_property = ma_template_editor_set_property;
  object_class->dispose = ma_template_editor_dispose;
  object_class->finalize = ma_template_editor_finalize;

  properties[PROP_SHOW_PREVIEW] =
    g_param_spec_boolean ("show-preview", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EDITABLE] =
    g_param_spec_boolean ("editable", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* After a draft was written to the store. */
  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (MA_TYPE_TEMPLATE_PREVIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mysteryaudit/MysteryAudit/ui/ma-template-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, MaTemplateEditor, box);
  gtk_widget_class_bind_template_child (widget_class, MaTemplateEditor, problem_revealer);
  gtk_widget_class_bind_template_child (widget_class, MaTemplateEditor, problem_label);
  gtk_widget_class_bind_template_child (widget_class, MaTemplateEditor, flap);
  gtk_widget_class_bind_template_child (widget_class, MaTemplateEditor, outline);
  gtk_widget_class_bind_template_child (widget_class, MaTemplateEditor, details_box);
  gtk_widget_class_bind_template_child (widget_class, MaTemplateEditor, preview);
  gtk_widget_class_bind_template_callback (widget_class, outline_row_selected_cb);

  gtk_widget_class_install_action (widget_class, "editor.add-section", NULL, add_section_action);
  gtk_widget_class_install_action (widget_class, "editor.add-question", NULL, add_question_action);
  gtk_widget_class_install_action (widget_class, "editor.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "editor.move-up", NULL, move_up_action);
  gtk_widget_class_install_action (widget_class, "editor.move-down", NULL, move_down_action);
  gtk_widget_class_install_action (widget_class, "editor.show-problem", NULL, show_problem_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "editor.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "editor.move-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_CONTROL_MASK, "editor.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_CONTROL_MASK, "editor.move-down", NULL);
}

static void
ma_template_editor_init (MaTemplateEditor *self)
{
  self->show_preview = TRUE;
  self->field_errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->local_errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  g_object_bind_property (self, "show-preview", self->flap, "reveal-flap",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  update_actions (self);
  show_problems (self);
}
