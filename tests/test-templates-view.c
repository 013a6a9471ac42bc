/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Templates page under Xvfb, driven through its widgets and actions:
 * the standard library, validation as you type, publishing, new versions,
 * reordering, the preview's live score, import and export.
 *
 * Run with --screenshot FILE.png to write the screenshot of the editor
 * shipped in data/screenshots/ instead of testing. */
#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "ma-bundle.h"
#include "ma-demo.h"
#include "ma-scoring.h"
#include "ma-test-audits.h"
#include "ma-window.h"

typedef struct {
  MaTestStore       data;
  MaWindow         *window;
  MaTemplatesView  *view;
  MaTemplateEditor *editor;
} Fixture;

static gboolean
iterate_until (gboolean (*done) (gpointer), gpointer data)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static void
open_window (Fixture *f)
{
  f->window = ma_window_new (NULL, f->data.store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1366, 768);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (iterate_until (is_mapped, f->window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "templates"));
  f->view = ma_window_get_templates_view (f->window);
  f->editor = ma_templates_view_get_editor (f->view);
  g_assert_true (iterate_until (is_mapped, f->view));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  ma_test_store_open (&f->data);
  if (user_data == NULL)
    {
      ma_test_store_add_basics (&f->data);
      ma_test_store_add_audit (&f->data, 1, "2026-10-20T10:00:00+03:00", "SPB-01", MA_AUDIT_APPROVED, FALSE, 30);
    }
  open_window (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  iterate_for (100);
  ma_test_store_close (&f->data);
}

/* ---- finding widgets ---------------------------------------------------------------- */

static gboolean
has_label (GtkWidget  *widget,
           const char *label)
{
  g_autofree char *mismatch = NULL;

  if (label == NULL)
    return TRUE;
  mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label);
  if (mismatch == NULL)
    return TRUE;
  /* Buttons are named by their own label. */
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static void
collect (GtkWidget  *widget,
         GType       type,
         const char *label,
         GPtrArray  *found)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (g_type_is_a (G_OBJECT_TYPE (widget), type) && has_label (widget, label))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, label, found);
}

static GtkWidget *
find_widget (gpointer    root,
             GType       type,
             const char *label)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (root, type, label, found);
  if (found->len != 1)
    g_error ("%u mapped %s named \"%s\", expected one", found->len, g_type_name (type), label);
  return g_ptr_array_index (found, 0);
}

static guint
count_widgets (gpointer    root,
               GType       type,
               const char *label)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (root, type, label, found);
  return found->len;
}

typedef struct {
  GtkWidget  *root;
  const char *text;
} LabelSearch;

static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

static gboolean
label_shown (gpointer data)
{
  LabelSearch *search = data;

  return shows_text (search->root, search->text);
}

/* Waits until a label with exactly @text is drawn in @root. */
static gboolean
wait_for_text (gpointer    root,
               const char *text)
{
  LabelSearch search = { root, text };

  return iterate_until (label_shown, &search);
}

typedef struct {
  gpointer    root;
  GType       type;
  const char *label;
} WidgetSearch;

static gboolean
widget_shown (gpointer data)
{
  WidgetSearch *search = data;

  return count_widgets (search->root, search->type, search->label) == 1;
}

/* Fields that depend on another (a rule's limits) are rebuilt when idle. */
static GtkWidget *
wait_for_widget (gpointer    root,
                 GType       type,
                 const char *label)
{
  WidgetSearch search = { root, type, label };

  g_assert_true (iterate_until (widget_shown, &search));
  return find_widget (root, type, label);
}

static void
set_entry (Fixture    *f,
           const char *label,
           const char *text)
{
  GtkWidget *entry = find_widget (f->editor, GTK_TYPE_EDITABLE, label);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static gboolean
editor_saved (gpointer data)
{
  return !ma_template_editor_get_modified (data);
}

static MaTemplate *
stored (Fixture    *f,
        const char *key,
        gint64      version)
{
  g_autoptr(GError) error = NULL;
  MaTemplate *t = ma_store_get_template (f->data.store, key, version, &error);

  g_assert_no_error (error);
  return t;
}

static void
create_template (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "templates.create", "(sss)",
                                             "Courier check", "courier-check", "delivery"));
  g_assert_true (ma_template_editor_is_editable (f->editor));
  g_assert_cmpstr (ma_template_editor_get_template (f->editor)->key, ==, "courier-check");
}

/* ---- the standard library ---------------------------------------------------------- */

static void
test_library (Fixture       *f,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  GtkWidget *offer;

  /* An empty database offers the library, in one click. */
  g_assert_cmpuint (ma_templates_view_get_list (f->view)->len, ==, 0);
  offer = find_widget (f->view, GTK_TYPE_BUTTON, "Add _Standard Templates");
  g_assert_true (gtk_widget_has_css_class (offer, "suggested-action"));
  g_signal_emit_by_name (offer, "clicked");
  iterate_for (50);

  templates = ma_store_list_templates (f->data.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (templates->len, ==, 5);
  for (guint i = 0; i < templates->len; i++)
    {
      const MaTemplate *t = g_ptr_array_index (templates, i);

      g_assert_cmpint (t->status, ==, MA_TEMPLATE_PUBLISHED);
      /* Every question of the library tells the auditor what to check. */
      for (guint j = 0; j < t->sections->len; j++)
        {
          const MaSection *s = g_ptr_array_index (t->sections, j);

          for (guint k = 0; k < s->questions->len; k++)
            {
              const MaQuestion *q = g_ptr_array_index (s->questions, k);
              g_assert_nonnull (q->guidance);
              g_assert_cmpuint (strlen (q->guidance), >, 20);
            }
        }
    }
  g_assert_cmpuint (ma_templates_view_get_list (f->view)->len, ==, 5);
  /* Nothing more to offer: the offer is gone and a second add adds nothing. */
  g_assert_cmpuint (count_widgets (f->view, GTK_TYPE_BUTTON, "Add _Standard Templates"), ==, 0);
  {
    guint added = 99;

    g_assert_true (ma_templates_view_add_library (f->view, &added, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (added, ==, 0);
  }
}

/* ---- validation as you type --------------------------------------------------------- */

static void
assert_not_saved (Fixture    *f,
                  const char *canonical_before)
{
  g_autoptr(MaTemplate) now = NULL;
  g_autofree char *canonical = NULL;

  /* Longer than the save delay. */
  iterate_for (700);
  g_assert_true (ma_template_editor_get_modified (f->editor));
  g_assert_nonnull (ma_template_editor_get_problem (f->editor));
  now = stored (f, "courier-check", 1);
  canonical = ma_template_to_canonical (now);
  g_assert_cmpstr (canonical, ==, canonical_before);
  /* Publishing is not offered. */
  g_assert_false (gtk_widget_get_sensitive (find_widget (f->view, GTK_TYPE_BUTTON, "_Publish")));
  g_assert_cmpint (now->status, ==, MA_TEMPLATE_DRAFT);
}

static char *
saved_canonical (Fixture *f)
{
  g_autoptr(MaTemplate) t = NULL;

  g_assert_true (iterate_until (editor_saved, f->editor));
  g_assert_null (ma_template_editor_get_problem (f->editor));
  t = stored (f, "courier-check", 1);
  return ma_template_to_canonical (t);
}

static void
test_invalid (Fixture       *f,
              gconstpointer  user_data)
{
  g_autofree char *before = NULL;
  GtkWidget *type;

  create_template (f);
  ma_template_editor_select (f->editor, 0, 0);

  /* Typing a question derives its key. */
  set_entry (f, "Question text", "Handed over with a smile");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget (f->editor, GTK_TYPE_EDITABLE, "Question key"))),
                   ==, "handed_over_with_a");
  before = saved_canonical (f);

  /* An empty key: the engine's message beside the field, nothing saved. */
  set_entry (f, "Question key", "");
  g_assert_true (wait_for_text (f->editor, "a key is required"));
  assert_not_saved (f, before);
  set_entry (f, "Question key", "smile");
  g_free (before);
  before = saved_canonical (f);

  /* A number that is not a number. */
  set_entry (f, "Question weight", "two");
  g_assert_true (wait_for_text (f->editor, "not a number"));
  assert_not_saved (f, before);
  set_entry (f, "Question weight", "2");
  g_free (before);
  before = saved_canonical (f);

  /* Choice scores in [0, 1]. */
  type = find_widget (f->editor, GTK_TYPE_DROP_DOWN, "Answer type");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (type), MA_QUESTION_CHOICE);
  wait_for_widget (f->editor, GTK_TYPE_EDITABLE, "Option 1 score");
  g_free (before);
  before = saved_canonical (f);
  set_entry (f, "Option 1 score", "1.5");
  g_assert_true (wait_for_text (f->editor, "1.5 is outside [0, 1]"));
  assert_not_saved (f, before);
  set_entry (f, "Option 1 score", "1");
  g_free (before);
  before = saved_canonical (f);

  /* Unique keys: two options, then two questions. */
  set_entry (f, "Option 2 key", "fully");
  g_assert_true (wait_for_text (f->editor, "\"fully\" is the key of another option"));
  assert_not_saved (f, before);
  set_entry (f, "Option 2 key", "partly");
  g_free (before);
  before = saved_canonical (f);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.add-question", NULL));
  set_entry (f, "Question key", "smile");
  g_assert_true (wait_for_text (f->editor, "\"smile\" is already the key of a question in section \"general\""));
  assert_not_saved (f, before);
  set_entry (f, "Question key", "second");
  g_free (before);
  before = saved_canonical (f);

  /* Number bands with full != zero. */
  type = find_widget (f->editor, GTK_TYPE_DROP_DOWN, "Answer type");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (type), MA_QUESTION_NUMBER);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (wait_for_widget (f->editor, GTK_TYPE_DROP_DOWN, "Rule")), 2);
  wait_for_widget (f->editor, GTK_TYPE_EDITABLE, "Zero points at");
  g_free (before);
  before = saved_canonical (f);
  set_entry (f, "Full points at", "5");
  set_entry (f, "Zero points at", "5");
  g_assert_true (wait_for_text (f->editor, "full and zero must differ"));
  assert_not_saved (f, before);
  set_entry (f, "Zero points at", "15");
  g_free (before);
  before = saved_canonical (f);

  /* Section weights: all or none. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.add-section", NULL));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_widget (f->editor, GTK_TYPE_CHECK_BUTTON, NULL)), TRUE);
  g_assert_true (wait_for_text (f->editor,
                                "either every section has a weight or none has; with a weight: "
                                "\"new_section\"; without: \"general\""));
  assert_not_saved (f, before);
  /* The message is beside the weight, and the bar says the same. */
  g_assert_true (gtk_widget_has_css_class (find_widget (f->editor, GTK_TYPE_EDITABLE, "Section weight"), "error"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_widget (f->editor, GTK_TYPE_CHECK_BUTTON, NULL)), FALSE);
  g_free (before);
  before = saved_canonical (f);
  g_assert_null (ma_template_editor_get_problem (f->editor));
}

/* ---- publishing and versions ------------------------------------------------------------ */

static void
test_publish (Fixture       *f,
              gconstpointer  user_data)
{
  g_autoptr(MaTemplate) v1 = NULL;
  g_autoptr(MaTemplate) v1_after = NULL;
  g_autoptr(MaTemplate) v2 = NULL;
  g_autofree char *v1_canonical = NULL;
  g_autofree char *v1_after_canonical = NULL;
  GtkWidget *entry;

  create_template (f);
  ma_template_editor_select (f->editor, 0, 0);
  set_entry (f, "Question text", "Parcel handed over intact");
  g_assert_true (iterate_until (editor_saved, f->editor));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "templates.publish", NULL));
  v1 = stored (f, "courier-check", 1);
  g_assert_cmpint (v1->status, ==, MA_TEMPLATE_PUBLISHED);
  v1_canonical = ma_template_to_canonical (v1);

  /* Frozen: the fields do not edit and the structure does not move. */
  g_assert_false (ma_template_editor_is_editable (f->editor));
  ma_template_editor_select (f->editor, 0, 0);
  entry = find_widget (f->editor, GTK_TYPE_EDITABLE, "Question text");
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (entry)));
  gtk_editable_set_text (GTK_EDITABLE (entry), "Changed after publishing");
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.add-question", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.remove", NULL);
  g_assert_cmpuint (ma_template_count_questions (ma_template_editor_get_template (f->editor)), ==, 1);
  g_assert_false (gtk_widget_get_sensitive (find_widget (f->editor, GTK_TYPE_BUTTON, "Add Question")));
  iterate_for (600);
  g_assert_false (ma_template_editor_get_modified (f->editor));

  /* Editing afterwards is a new draft. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "templates.new-version", NULL));
  g_assert_true (ma_template_editor_is_editable (f->editor));
  g_assert_cmpint (ma_template_editor_get_template (f->editor)->version, ==, 2);
  ma_template_editor_select (f->editor, 0, 0);
  set_entry (f, "Question text", "Parcel handed over intact and dry");
  g_assert_true (iterate_until (editor_saved, f->editor));

  v1_after = stored (f, "courier-check", 1);
  v1_after_canonical = ma_template_to_canonical (v1_after);
  g_assert_cmpstr (v1_after_canonical, ==, v1_canonical);
  g_assert_cmpint (v1_after->status, ==, MA_TEMPLATE_PUBLISHED);
  v2 = stored (f, "courier-check", 2);
  g_assert_cmpint (v2->status, ==, MA_TEMPLATE_DRAFT);
  g_assert_cmpstr (ma_template_find_question (v2, "parcel_handed_over_intact", NULL)->text, ==,
                   "Parcel handed over intact and dry");

  /* A second "New Version" of v1 opens the draft there is instead of a third. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "templates.open", "(sx)",
                                             "courier-check", (gint64) 1));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "templates.new-version", NULL));
  g_assert_cmpint (ma_template_editor_get_template (f->editor)->version, ==, 2);
  /* The fixture's "visit" and the two versions. */
  g_assert_cmpuint (ma_templates_view_get_list (f->view)->len, ==, 3);
}

/* Save an audit against v1, publish v2 with other weights: the audit's
 * stored score does not move. */
static void
test_old_audits_keep_scores (Fixture       *f,
                             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  MaAuditFilter all = { 0 };
  g_autoptr(GPtrArray) before = ma_store_list_audits (f->data.store, &all, &error);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(MaTemplate) v2 = NULL;
  const MaAuditSummary *a;

  g_assert_no_error (error);
  g_assert_cmpuint (before->len, ==, 1);
  a = g_ptr_array_index (before, 0);
  /* q1 (weight 2) failed, q2 (weight 1) passed. */
  g_assert_cmpfloat_with_epsilon (a->score, 1.0 / 3.0, 1e-12);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "templates.open", "(sx)", "visit", (gint64) 1));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "templates.new-version", NULL));
  ma_template_editor_select (f->editor, 0, 0);
  set_entry (f, "Question weight", "1");
  g_assert_true (iterate_until (editor_saved, f->editor));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "templates.publish", NULL));
  v2 = stored (f, "visit", 2);
  g_assert_cmpint (v2->status, ==, MA_TEMPLATE_PUBLISHED);
  g_assert_cmpfloat (ma_template_find_question (v2, "q1", NULL)->weight, ==, 1);

  after = ma_store_list_audits (f->data.store, &all, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 1);
  a = g_ptr_array_index (after, 0);
  g_assert_cmpint (a->template_version, ==, 1);
  g_assert_cmpfloat_with_epsilon (a->score, 1.0 / 3.0, 1e-12);

  /* The same answers against v2 would score differently: the test can tell. */
  {
    g_autoptr(MaAudit) audit = ma_store_get_audit (f->data.store, a->uuid, &error);
    g_autoptr(MaScore) score = NULL;

    g_assert_no_error (error);
    score = ma_score_audit (v2, audit);
    g_assert_cmpfloat_with_epsilon (score->score, 0.5, 1e-12);
  }
}

/* ---- reordering -------------------------------------------------------------------------------- */

static const char *
question_key (const MaTemplate *t,
              guint             section,
              guint             question)
{
  const MaSection *s = g_ptr_array_index (t->sections, section);

  return ((const MaQuestion *) g_ptr_array_index (s->questions, question))->key;
}

static GtkListBoxRow *
outline_row (Fixture *f,
             guint    index)
{
  return gtk_list_box_get_row_at_index (ma_template_editor_get_outline (f->editor), index);
}

static gboolean
drop_row (GtkListBoxRow *source,
          GtkListBoxRow *target)
{
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;
  gboolean found = FALSE;
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (target));

  g_value_init (&value, GTK_TYPE_LIST_BOX_ROW);
  g_value_set_object (&value, source);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        {
          g_signal_emit_by_name (controller, "drop", &value, 1.0, 1.0, &accepted);
          found = TRUE;
        }
    }
  g_value_unset (&value);
  g_assert_true (found);
  return accepted;
}

static void
test_reorder (Fixture       *f,
              gconstpointer  user_data)
{
  g_autoptr(MaTemplate) saved = NULL;
  const MaTemplate *t;

  create_template (f);
  /* general: new_question, q2, q3; then a second section. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.add-question", NULL));
  set_entry (f, "Question key", "q2");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.add-question", NULL));
  set_entry (f, "Question key", "q3");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.add-section", NULL));
  set_entry (f, "Section key", "second");
  t = ma_template_editor_get_template (f->editor);
  g_assert_cmpstr (question_key (t, 0, 0), ==, "new_question");
  g_assert_cmpstr (question_key (t, 0, 2), ==, "q3");

  /* Keyboard: Alt+Up is the action editor.move-up. */
  ma_template_editor_select (f->editor, 0, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.move-up", NULL));
  g_assert_cmpstr (question_key (t, 0, 1), ==, "q3");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.move-up", NULL));
  g_assert_cmpstr (question_key (t, 0, 0), ==, "q3");
  /* At the edge of its section a question goes on into the next one. */
  ma_template_editor_select (f->editor, 0, 2);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget (f->editor, GTK_TYPE_EDITABLE, "Question key"))),
                   ==, "q2");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.move-down", NULL));
  g_assert_cmpuint (((MaSection *) g_ptr_array_index (t->sections, 0))->questions->len, ==, 2);
  g_assert_cmpstr (question_key (t, 1, 0), ==, "q2");
  /* Sections move as a whole. */
  ma_template_editor_select (f->editor, 1, -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.move-up", NULL));
  g_assert_cmpstr (((MaSection *) g_ptr_array_index (t->sections, 0))->key, ==, "second");
  g_assert_cmpstr (question_key (t, 0, 0), ==, "q2");

  /* Drag and drop. Outline: template, second, q2, general, q3, new_question.
   * new_question dropped on q2 takes its place, in the other section. */
  g_assert_true (drop_row (outline_row (f, 5), outline_row (f, 2)));
  g_assert_cmpstr (question_key (t, 0, 0), ==, "new_question");
  g_assert_cmpstr (question_key (t, 0, 1), ==, "q2");
  /* A section dropped on the template row goes first. Outline: template,
   * second, new_question, q2, general, q3. */
  g_assert_true (drop_row (outline_row (f, 4), outline_row (f, 0)));
  g_assert_cmpstr (((MaSection *) g_ptr_array_index (t->sections, 0))->key, ==, "general");
  /* A row dropped on itself changes nothing. */
  g_assert_false (drop_row (outline_row (f, 1), outline_row (f, 1)));

  g_assert_true (iterate_until (editor_saved, f->editor));
  saved = stored (f, "courier-check", 1);
  g_assert_cmpstr (((MaSection *) g_ptr_array_index (saved->sections, 0))->key, ==, "general");
  g_assert_cmpstr (question_key (saved, 0, 0), ==, "q3");
  g_assert_cmpstr (question_key (saved, 1, 0), ==, "new_question");
  g_assert_cmpstr (question_key (saved, 1, 1), ==, "q2");
}

/* ---- preview ------------------------------------------------------------------------------ */

static GtkWidget *
answer_button (Fixture    *f,
               const char *question,
               const char *answer)
{
  GtkWidget *group = find_widget (ma_template_editor_get_preview (f->editor), GTK_TYPE_BOX, question);

  return find_widget (group, GTK_TYPE_TOGGLE_BUTTON, answer);
}

static void
test_preview (Fixture       *f,
              gconstpointer  user_data)
{
  MaTemplatePreview *preview = ma_template_editor_get_preview (f->editor);
  GtkWidget *seconds;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "templates.open", "(sx)", "visit", (gint64) 1));
  g_assert_cmpstr (ma_template_preview_get_score_text (preview), ==, "Score: not assessed yet");

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (answer_button (f, "Greeted within a minute", "Yes")), TRUE);
  g_assert_cmpstr (ma_template_preview_get_score_text (preview), ==, "Score: 100.0 %");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (answer_button (f, "Greeted within a minute", "No")), TRUE);
  g_assert_cmpstr (ma_template_preview_get_score_text (preview), ==, "Score: 0.0 %");

  seconds = find_widget (preview, GTK_TYPE_EDITABLE, "Answered within 2 minutes");
  gtk_editable_set_text (GTK_EDITABLE (seconds), "90");
  /* 0 of 2 and 1 of 1. */
  g_assert_cmpstr (ma_template_preview_get_score_text (preview), ==, "Score: 33.3 %");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (answer_button (f, "Greeted within a minute", "Yes")), TRUE);
  g_assert_cmpstr (ma_template_preview_get_score_text (preview), ==, "Score: 100.0 %");
  /* The critical question fails the whole audit, and the preview says why. */
  gtk_editable_set_text (GTK_EDITABLE (seconds), "150");
  g_assert_cmpstr (ma_template_preview_get_score_text (preview), ==, "Score: 0.0 %");
  g_assert_true (wait_for_text (preview, "The whole audit scores 0: the critical question “Answered within 2 minutes” failed"));

  /* A draft's edits reach the preview, and answers survive them. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "templates.new-version", NULL));
  preview = ma_template_editor_get_preview (f->editor);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (answer_button (f, "Greeted within a minute", "Yes")), TRUE);
  seconds = find_widget (preview, GTK_TYPE_EDITABLE, "Answered within 2 minutes");
  gtk_editable_set_text (GTK_EDITABLE (seconds), "90");
  g_assert_cmpstr (ma_template_preview_get_score_text (preview), ==, "Score: 100.0 %");
  ma_template_editor_select (f->editor, 0, 1);
  set_entry (f, "Limit", "60");
  g_assert_true (wait_for_text (preview, "Score: 0.0 %"));
  set_entry (f, "Question key", "q1");
  g_assert_true (wait_for_text (preview, "No score until the template is valid"));
}

/* ---- import and export ---------------------------------------------------------------------- */

static void
test_import_export (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->data.dir, "visit.json", NULL);
  g_autofree char *library_dir = ma_demo_find_templates_dir ();
  g_autofree char *library_file = g_build_filename (library_dir, "phone-call.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *top;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "templates.open", "(sx)", "visit", (gint64) 1));
  g_assert_true (ma_templates_view_export_file (f->view, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  root = json_from_string (text, &error);
  g_assert_no_error (error);
  top = json_node_get_object (root);
  /* The template only: no audits, no people. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (top, "templates")), ==, 1);
  g_assert_false (json_object_has_member (top, "audits"));
  g_assert_false (json_object_has_member (top, "employees"));

  /* What was exported imports into another database as it was. */
  {
    MaTestStore other = { 0 };
    g_autoptr(MaBundleReport) report = NULL;
    g_autoptr(MaTemplate) back = NULL;
    g_autoptr(MaTemplate) original = stored (f, "visit", 1);
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;

    ma_test_store_open (&other);
    report = ma_bundle_import_file (other.store, path, NULL, &error);
    g_assert_no_error (error);
    back = ma_store_get_template (other.store, "visit", 1, &error);
    g_assert_no_error (error);
    a = ma_template_to_canonical (back);
    b = ma_template_to_canonical (original);
    g_assert_cmpstr (a, ==, b);
    ma_test_store_close (&other);
  }

  /* Import: the template appears in the list. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "templates.back", NULL));
  g_assert_true (ma_templates_view_import_file (f->view, library_file, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ma_templates_view_get_list (f->view)->len, ==, 2);
  g_assert_cmpuint (count_widgets (f->view, ADW_TYPE_ACTION_ROW, "Phone call, version 1, Published"), ==, 1);

  /* A file that is not a bundle is refused with the engine's message. */
  g_assert_false (ma_templates_view_import_file (f->view, library_dir, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (ma_templates_view_get_list (f->view)->len, ==, 2);
}

/* ---- the screenshot ------------------------------------------------------------------------ */

static int
write_screenshot (const char *png)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = ma_demo_find_templates_dir ();
  Fixture f = { 0 };
  MaTemplatePreview *preview;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width, height;

  ma_test_store_open (&f.data);
  if (!ma_demo_populate (f.data.store, dir, &error))
    g_error ("%s", error->message);
  open_window (&f);
  gtk_window_set_default_size (GTK_WINDOW (f.window), 1366, 768);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "templates.open", "(sx)",
                                             "store-visit", (gint64) 1));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "templates.new-version", NULL));
  ma_template_editor_select (f.editor, 3, 0);
  preview = ma_template_editor_get_preview (f.editor);
  gtk_editable_set_text (GTK_EDITABLE (find_widget (preview, GTK_TYPE_EDITABLE, "Minutes until an employee approached")), "2");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (answer_button (&f, "Greeted within 30 seconds of being noticed", "Yes")), TRUE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (answer_button (&f, "Made eye contact and smiled", "Yes")), TRUE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (answer_button (&f, "Introduced themselves by name", "No")), TRUE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (answer_button (&f, "Was rude or dismissive to the customer", "No")), TRUE);
  iterate_for (800);

  width = gtk_widget_get_width (GTK_WIDGET (f.window));
  height = gtk_widget_get_height (GTK_WIDGET (f.window));
  paintable = gtk_widget_paintable_new (GTK_WIDGET (f.window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (f.window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, png))
    g_error ("could not write %s", png);
  fixture_tear_down (&f, NULL);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--screenshot"))
    {
      gtk_init ();
      adw_init ();
      return write_screenshot (argv[2]);
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func, empty) \
  g_test_add ("/templates/" path, Fixture, empty, fixture_set_up, func, fixture_tear_down)
  ADD ("library", test_library, "empty");
  ADD ("invalid", test_invalid, NULL);
  ADD ("publish", test_publish, NULL);
  ADD ("old-audits-keep-scores", test_old_audits_keep_scores, NULL);
  ADD ("reorder", test_reorder, NULL);
  ADD ("preview", test_preview, NULL);
  ADD ("import-export", test_import_export, NULL);
#undef ADD

  return g_test_run ();
}
