/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The audit form under Xvfb: each question type driven through its widgets,
 * the answers found in the store after the autosave, the live score against
 * ma_score_audit(), the submit refusal, the office's actions.
 *
 * With MA_SCREENSHOT_DIR set, /form/screenshots also saves the PNGs of
 * data/screenshots from the demo database. */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <stdio.h>

#include "ma-demo.h"
#include "ma-scoring.h"
#include "ma-test-audits.h"
#include "ma-window.h"

typedef struct {
  MaTestStore   data;
  MaWindow     *window;
  MaAuditsPage *page;
} Fixture;

/* ---- helpers --------------------------------------------------------------------- */

static gboolean
iterate_until (gboolean (*done) (gpointer), gpointer data)
{
  gint64 end = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

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
iterate_a_little (void)
{
  gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC / 5;

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

static gboolean include_hidden;

static void
collect (GtkWidget  *widget,
         GType       type,
         const char *label,
         GPtrArray  *found)
{
  if (!include_hidden && !gtk_widget_get_visible (widget))
    return;
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    {
      g_autofree char *mismatch = NULL;

      if (label != NULL)
        mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                       GTK_ACCESSIBLE_PROPERTY_LABEL, label);
      if (mismatch == NULL)
        g_ptr_array_add (found, widget);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, label, found);
}

static gpointer
find_widget (gpointer    root,
             GType       type,
             const char *label)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (root, type, label, found);
  if (found->len != 1)
    g_error ("%u widgets of type %s labelled “%s”, not one", found->len, g_type_name (type),
             label != NULL ? label : "(any)");
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

static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (window), type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static AdwEntryRow *
find_entry_row (gpointer    root,
                const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (root, ADW_TYPE_ENTRY_ROW, NULL, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title))
      return g_ptr_array_index (rows, i);
  g_error ("no entry row “%s”", title);
}

static AdwComboRow *
find_combo_row (gpointer    root,
                const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (root, ADW_TYPE_COMBO_ROW, NULL, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title))
      return g_ptr_array_index (rows, i);
  g_error ("no combo row “%s”", title);
}

static void
select_combo (AdwComboRow *row,
              const char  *label)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), label))
        {
          adw_combo_row_set_selected (row, i);
          return;
        }
    }
  g_error ("no choice “%s”", label);
}

/* The template of the form test: every question type. */
static void
add_every_type_template (MaStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaTemplate) t = ma_template_new ();
  MaSection *main_section = ma_section_new ();
  MaSection *call = ma_section_new ();
  MaQuestion *q;
  MaScaleLabel *label;

  t->key = g_strdup ("every");
  t->version = 1;
  t->name = g_strdup ("Every type");
  t->channel = g_strdup ("phone");
  t->status = MA_TEMPLATE_PUBLISHED;
  main_section->key = g_strdup ("main");
  main_section->title = g_strdup ("Main");
  call->key = g_strdup ("call");
  call->title = g_strdup ("The call");

  q = ma_question_new ();
  q->key = g_strdup ("q_yes");
  q->text = g_strdup ("Greeted the customer");
  q->guidance = g_strdup ("Within the first ten seconds.");
  q->type = MA_QUESTION_YES_NO;
  q->critical = MA_CRITICAL_SECTION;
  q->comment_on_fail = TRUE;
  g_ptr_array_add (main_section->questions, q);

  q = ma_question_new ();
  q->key = g_strdup ("q_scale");
  q->text = g_strdup ("Product knowledge");
  q->type = MA_QUESTION_SCALE;
  q->weight = 2;
  q->scale_min = 1;
  q->scale_max = 5;
  label = g_new0 (MaScaleLabel, 1);
  label->value = 1;
  label->label = g_strdup ("Poor");
  g_ptr_array_add (q->scale_labels, label);
  label = g_new0 (MaScaleLabel, 1);
  label->value = 5;
  label->label = g_strdup ("Excellent");
  g_ptr_array_add (q->scale_labels, label);
  g_ptr_array_add (main_section->questions, q);

  q = ma_question_new ();
  q->key = g_strdup ("q_choice");
  q->text = g_strdup ("Options offered");
  q->type = MA_QUESTION_CHOICE;
  g_ptr_array_add (q->options, ma_choice_option_new ("none", "None", 0));
  g_ptr_array_add (q->options, ma_choice_option_new ("one", "One alternative", 0.5));
  g_ptr_array_add (q->options, ma_choice_option_new ("several", "Two or more", 1));
  g_ptr_array_add (main_section->questions, q);

  q = ma_question_new ();
  q->key = g_strdup ("q_na");
  q->text = g_strdup ("Explained the terms");
  q->type = MA_QUESTION_YES_NO;
  q->allow_na = TRUE;
  g_ptr_array_add (main_section->questions, q);

  q = ma_question_new ();
  q->key = g_strdup ("q_wait");
  q->text = g_strdup ("Seconds until answered");
  q->type = MA_QUESTION_NUMBER;
  q->unit = g_strdup ("s");
  q->rule = MA_NUMBER_RULE_MAX;
  q->rule_limit = 60;
  g_ptr_array_add (call->questions, q);

  q = ma_question_new ();
  q->key = g_strdup ("q_text");
  q->text = g_strdup ("What happened");
  q->type = MA_QUESTION_TEXT;
  g_ptr_array_add (call->questions, q);

  g_ptr_array_add (t->sections, main_section);
  g_ptr_array_add (t->sections, call);
  g_assert_true (ma_store_save_template (store, t, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  ma_test_store_open (&f->data);
  ma_test_store_add_basics (&f->data);
  add_every_type_template (f->data.store);

  f->window = ma_window_new (NULL, f->data.store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1366, 768);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (iterate_until (is_mapped, f->window));
  f->page = ma_window_get_audits_page (f->window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  GtkWindow *dialog;

  while ((dialog = find_toplevel (GTK_TYPE_WINDOW)) != NULL)
    gtk_window_destroy (dialog);
  iterate_a_little ();
  ma_test_store_close (&f->data);
}

static gboolean
is_saved (gpointer form)
{
  return ma_audit_form_get_save_state (form) == MA_SAVE_STATE_SAVED;
}

static gboolean
has_status (gpointer data)
{
  gpointer *args = data;

  return (int) ma_audit_form_get_status (args[0]) == GPOINTER_TO_INT (args[1]);
}

static void
wait_for_status (MaAuditForm   *form,
                 MaAuditStatus  status)
{
  gpointer args[2] = { form, GINT_TO_POINTER (status) };

  g_assert_true (iterate_until (has_status, args));
}

/* A new audit of "Every type" through the dialog, as a person makes it. */
static MaAuditForm *
start_audit (Fixture *f)
{
  MaNewAuditDialog *dialog;
  MaAuditForm *form;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-audit", NULL));
  dialog = find_toplevel (MA_TYPE_NEW_AUDIT_DIALOG);
  g_assert_nonnull (dialog);

  select_combo (find_combo_row (dialog, "C_hannel"), "Phone");
  select_combo (find_combo_row (dialog, "_Template"), "Every type v1");
  select_combo (find_combo_row (dialog, "_Branch"), "Tverskaya 7");
  select_combo (find_combo_row (dialog, "_Employee served"), "Olga Sidorova");
  gtk_editable_set_text (GTK_EDITABLE (find_entry_row (dialog, "_Date and time of the visit (YYYY-MM-DD HH:MM)")),
                         "2026-10-14 15:30");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "new.scenario", "s", "Rude"));
  gtk_editable_set_text (GTK_EDITABLE (find_entry_row (dialog, "_Auditor")), "A. Smirnova");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "new.create", NULL));

  form = ma_audits_page_get_form (f->page);
  g_assert_nonnull (form);
  g_assert_true (iterate_until (is_saved, form));
  return form;
}

static MaAudit *
stored_audit (Fixture     *f,
              MaAuditForm *form)
{
  g_autoptr(GError) error = NULL;
  MaAudit *audit = ma_store_get_audit (f->data.store, ma_audit_form_get_uuid (form), &error);

  g_assert_no_error (error);
  return audit;
}

static GtkToggleButton *
answer_button (MaAuditForm *form,
               const char  *question,
               const char  *label)
{
  return find_widget (ma_audit_form_get_row (form, question), GTK_TYPE_TOGGLE_BUTTON, label);
}

static void
assert_score_shown (Fixture     *f,
                    MaAuditForm *form)
{
  g_autoptr(MaAudit) audit = stored_audit (f, form);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaTemplate) template = ma_store_get_template (f->data.store, "every", 1, &error);
  g_autoptr(MaScore) score = ma_score_audit (template, audit);
  g_autofree char *percent = ma_score_format_percent (score->assessed ? score->score : NAN);
  g_autofree char *expected = percent != NULL ? g_strdup_printf ("%s %%", percent) : g_strdup ("—");
  g_autofree char *label = g_strdup_printf ("Score %s", expected);

  g_assert_cmpstr (ma_audit_form_get_score_text (form), ==, expected);
  g_assert_cmpuint (count_widgets (form, GTK_TYPE_LABEL, NULL), >, 0);
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();
    gboolean shown = FALSE;

    collect (GTK_WIDGET (form), GTK_TYPE_LABEL, NULL, labels);
    for (guint i = 0; i < labels->len; i++)
      if (g_strcmp0 (gtk_label_get_text (g_ptr_array_index (labels, i)), label) == 0)
        shown = TRUE;
    g_assert_true (shown);
  }
}

static gboolean
label_shown (GtkWidget  *root,
             const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect (root, GTK_TYPE_LABEL, NULL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (g_ptr_array_index (labels, i)), text) == 0
        && gtk_widget_get_child_visible (g_ptr_array_index (labels, i)))
      return TRUE;
  return FALSE;
}

static const char *
window_subtitle (Fixture *f)
{
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();

  collect (GTK_WIDGET (f->window), ADW_TYPE_WINDOW_TITLE, NULL, titles);
  for (guint i = 0; i < titles->len; i++)
    if (g_strcmp0 (adw_window_title_get_title (g_ptr_array_index (titles, i)), "Audits") == 0)
      return adw_window_title_get_subtitle (g_ptr_array_index (titles, i));
  g_assert_not_reached ();
}

/* ---- tests ------------------------------------------------------------------------ */

static void
test_new_audit (Fixture       *f,
                gconstpointer  user_data)
{
  MaAuditForm *form = start_audit (f);
  g_autoptr(MaAudit) audit = stored_audit (f, form);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.mysteryaudit.MysteryAudit");
  g_autoptr(GPtrArray) log = NULL;
  g_autofree char *last_auditor = NULL;

  /* Saved as a draft at once, with what the dialog said. */
  g_assert_cmpint (audit->status, ==, MA_AUDIT_DRAFT);
  g_assert_cmpstr (audit->template_key, ==, "every");
  g_assert_cmpstr (audit->branch, ==, "MSK-01");
  g_assert_cmpstr (audit->employee, ==, "E2001");
  g_assert_cmpstr (audit->channel, ==, "phone");
  g_assert_cmpstr (audit->scenario, ==, "Rude");
  g_assert_cmpstr (audit->auditor, ==, "A. Smirnova");
  g_assert_true (g_str_has_prefix (audit->visited_at, "2026-10-14T15:30:00"));
  g_assert_cmpuint (audit->answers->len, ==, 0);
  g_assert_cmpstr (window_subtitle (f), ==, "Saved");
  /* The auditor's name is offered next time. */
  last_auditor = g_settings_get_string (settings, "last-auditor");
  g_assert_cmpstr (last_auditor, ==, "A. Smirnova");
  log = ma_store_list_audit_log (f->data.store, audit->uuid, NULL);
  g_assert_cmpuint (log->len, ==, 1);
  g_assert_cmpstr (((MaLogEntry *) g_ptr_array_index (log, 0))->action, ==, "created");

  /* Nothing answered yet: not assessed. */
  assert_score_shown (f, form);
  g_assert_cmpstr (ma_audit_form_get_score_text (form), ==, "—");
  g_assert_true (label_shown (GTK_WIDGET (form), "0 of 6 questions answered"));

  /* Back to the list, which shows it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.close", NULL));
  g_assert_null (ma_audits_page_get_form (f->page));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ma_audit_list_get_model (ma_audits_page_get_audit_list (f->page)))), ==, 1);
  /* And offers it as the unfinished draft. */
  g_assert_cmpuint (ma_audits_page_get_n_drafts (f->page), ==, 1);
  g_assert_true (label_shown (GTK_WIDGET (f->page), "You have 1 unfinished draft"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "audits-page.show-drafts", NULL));
  g_assert_nonnull (ma_audits_page_get_form (f->page));
  g_assert_cmpstr (ma_audit_form_get_uuid (ma_audits_page_get_form (f->page)), ==, audit->uuid);
}

static void
test_every_type (Fixture       *f,
                 gconstpointer  user_data)
{
  MaAuditForm *form = start_audit (f);
  MaQuestionRow *row;
  GtkSpinButton *spin;
  GtkTextView *text;
  GtkEditable *comment;
  g_autoptr(MaAudit) audit = NULL;
  const MaAnswer *a;

  /* yes/no: two toggle buttons. */
  gtk_toggle_button_set_active (answer_button (form, "q_yes", "Yes"), TRUE);
  g_assert_cmpint (ma_audit_form_get_save_state (form), ==, MA_SAVE_STATE_SAVING);
  g_assert_cmpstr (window_subtitle (f), ==, "Saving…");
  /* scale: a button per value, with its label. */
  gtk_toggle_button_set_active (answer_button (form, "q_scale", "4"), TRUE);
  g_assert_nonnull (answer_button (form, "q_scale", "5: Excellent"));
  /* choice: radio-style toggle buttons. */
  gtk_toggle_button_set_active (answer_button (form, "q_choice", "One alternative"), TRUE);
  gtk_toggle_button_set_active (answer_button (form, "q_choice", "Two or more"), TRUE);
  g_assert_false (gtk_toggle_button_get_active (answer_button (form, "q_choice", "One alternative")));
  /* N/A where allowed, and only there. */
  gtk_toggle_button_set_active (answer_button (form, "q_na", "Not applicable"), TRUE);
  g_assert_cmpuint (count_widgets (ma_audit_form_get_row (form, "q_yes"), GTK_TYPE_TOGGLE_BUTTON, "Not applicable"), ==, 0);
  /* number: a spin button with its unit and a stopwatch. */
  row = ma_audit_form_get_row (form, "q_wait");
  spin = find_widget (row, GTK_TYPE_SPIN_BUTTON, "Answer");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, "");
  gtk_spin_button_set_value (spin, 45);
  g_assert_nonnull (find_widget (row, GTK_TYPE_TOGGLE_BUTTON, "Start the stopwatch"));
  g_assert_true (label_shown (GTK_WIDGET (row), "s"));
  /* text: a multi-line text view. */
  text = find_widget (ma_audit_form_get_row (form, "q_text"), GTK_TYPE_TEXT_VIEW, "Answer");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (text), "Put on hold twice.\nPolite.", -1);
  /* A comment. */
  comment = find_widget (ma_audit_form_get_row (form, "q_scale"), GTK_TYPE_ENTRY, "Comment");
  gtk_editable_set_text (comment, "Did not know the warranty");

  g_assert_true (iterate_until (is_saved, form));
  g_assert_cmpstr (window_subtitle (f), ==, "Saved");
  audit = stored_audit (f, form);
  g_assert_cmpuint (audit->answers->len, ==, 6);
  a = ma_audit_find_answer (audit, "q_yes");
  g_assert_true (a->kind == MA_VALUE_BOOL && a->boolean && !a->na);
  a = ma_audit_find_answer (audit, "q_scale");
  g_assert_true (a->kind == MA_VALUE_NUMBER && a->number == 4);
  g_assert_cmpstr (a->comment, ==, "Did not know the warranty");
  a = ma_audit_find_answer (audit, "q_choice");
  g_assert_true (a->kind == MA_VALUE_STRING);
  g_assert_cmpstr (a->string, ==, "several");
  a = ma_audit_find_answer (audit, "q_na");
  g_assert_true (a->na && a->kind == MA_VALUE_NONE);
  a = ma_audit_find_answer (audit, "q_wait");
  g_assert_true (a->kind == MA_VALUE_NUMBER && a->number == 45);
  a = ma_audit_find_answer (audit, "q_text");
  g_assert_cmpstr (a->string, ==, "Put on hold twice.\nPolite.");
  g_assert_true (label_shown (GTK_WIDGET (form), "6 of 6 questions answered"));
  assert_score_shown (f, form);
  /* (1 + 2 * 0.75 + 1 + 1) / 5 */
  g_assert_cmpstr (ma_audit_form_get_score_text (form), ==, "90.0 %");

  /* Typing an empty number takes the answer back; N/A off is unanswered. */
  gtk_editable_set_text (GTK_EDITABLE (spin), "");
  gtk_toggle_button_set_active (answer_button (form, "q_na", "Not applicable"), FALSE);
  g_assert_true (iterate_until (is_saved, form));
  g_clear_pointer (&audit, ma_audit_free);
  audit = stored_audit (f, form);
  g_assert_null (ma_audit_find_answer (audit, "q_wait"));
  g_assert_null (ma_audit_find_answer (audit, "q_na"));
  g_assert_true (label_shown (GTK_WIDGET (form), "4 of 6 questions answered"));
  assert_score_shown (f, form);

  /* Reopened, it shows what was stored. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.close", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "audits-page.open", "s", audit->uuid));
  form = ma_audits_page_get_form (f->page);
  g_assert_true (gtk_toggle_button_get_active (answer_button (form, "q_scale", "4")));
  g_assert_true (gtk_toggle_button_get_active (answer_button (form, "q_choice", "Two or more")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget (ma_audit_form_get_row (form, "q_scale"),
                                                                     GTK_TYPE_ENTRY, "Comment"))),
                   ==, "Did not know the warranty");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget (ma_audit_form_get_row (form, "q_wait"),
                                                                     GTK_TYPE_SPIN_BUTTON, "Answer"))),
                   ==, "");
  g_assert_cmpint (ma_audit_form_get_save_state (form), ==, MA_SAVE_STATE_SAVED);
}

static void
test_keys_and_stopwatch (Fixture       *f,
                         gconstpointer  user_data)
{
  MaAuditForm *form = start_audit (f);
  MaQuestionRow *yes = ma_audit_form_get_row (form, "q_yes");
  MaQuestionRow *scale = ma_audit_form_get_row (form, "q_scale");
  MaQuestionRow *choice = ma_audit_form_get_row (form, "q_choice");
  MaQuestionRow *na = ma_audit_form_get_row (form, "q_na");
  MaQuestionRow *wait = ma_audit_form_get_row (form, "q_wait");
  GtkToggleButton *stopwatch;
  gboolean moved = FALSE;
  g_autoptr(MaAudit) audit = NULL;

  g_assert_true (ma_question_row_answer_key (yes, GDK_KEY_n));
  g_assert_true (gtk_toggle_button_get_active (answer_button (form, "q_yes", "No")));
  g_assert_true (ma_question_row_answer_key (yes, GDK_KEY_Y));
  g_assert_true (gtk_toggle_button_get_active (answer_button (form, "q_yes", "Yes")));
  /* A 1..5 scale: the key is the value. */
  g_assert_true (ma_question_row_answer_key (scale, GDK_KEY_5));
  g_assert_true (gtk_toggle_button_get_active (answer_button (form, "q_scale", "5: Excellent")));
  g_assert_false (ma_question_row_answer_key (scale, GDK_KEY_7));
  /* A choice: the n-th option. */
  g_assert_true (ma_question_row_answer_key (choice, GDK_KEY_2));
  g_assert_true (gtk_toggle_button_get_active (answer_button (form, "q_choice", "One alternative")));
  /* 0 is N/A where allowed. */
  g_assert_true (ma_question_row_answer_key (na, GDK_KEY_0));
  g_assert_true (gtk_toggle_button_get_active (answer_button (form, "q_na", "Not applicable")));
  g_assert_false (ma_question_row_answer_key (yes, GDK_KEY_0));

  /* Tab on an answer goes to the next question's answer. */
  g_signal_emit_by_name (scale, "move-question", GTK_DIR_TAB_FORWARD, &moved);
  g_assert_true (moved);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), GTK_WIDGET (choice)));
  g_signal_emit_by_name (choice, "move-question", GTK_DIR_TAB_BACKWARD, &moved);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), GTK_WIDGET (scale)));

  /* The stopwatch fills in the seconds. */
  stopwatch = find_widget (wait, GTK_TYPE_TOGGLE_BUTTON, "Start the stopwatch");
  gtk_toggle_button_set_active (stopwatch, TRUE);
  gtk_test_accessible_assert_property (stopwatch, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Stop the stopwatch and fill in the time");
  g_usleep (1100 * 1000);
  gtk_toggle_button_set_active (stopwatch, FALSE);

  g_assert_true (iterate_until (is_saved, form));
  audit = stored_audit (f, form);
  g_assert_true (ma_audit_find_answer (audit, "q_yes")->boolean);
  g_assert_cmpfloat (ma_audit_find_answer (audit, "q_scale")->number, ==, 5);
  g_assert_cmpstr (ma_audit_find_answer (audit, "q_choice")->string, ==, "one");
  g_assert_true (ma_audit_find_answer (audit, "q_na")->na);
  g_assert_cmpfloat (ma_audit_find_answer (audit, "q_wait")->number, >=, 1);
  g_assert_cmpfloat (ma_audit_find_answer (audit, "q_wait")->number, <=, 3);
  assert_score_shown (f, form);
}

static void
test_critical (Fixture       *f,
               gconstpointer  user_data)
{
  MaAuditForm *form = start_audit (f);

  gtk_toggle_button_set_active (answer_button (form, "q_scale", "5: Excellent"), TRUE);
  gtk_toggle_button_set_active (answer_button (form, "q_yes", "No"), TRUE);
  /* At once, before any save: named, with what it does. */
  g_assert_true (label_shown (GTK_WIDGET (form), "Critical: Greeted the customer failed — the section scores 0"));
  g_assert_cmpstr (ma_audit_form_get_score_text (form), ==, "0.0 %");
  g_assert_true (label_shown (GTK_WIDGET (form), "The answer failed: say in the comment what happened"));
  g_assert_true (iterate_until (is_saved, form));
  assert_score_shown (f, form);

  gtk_toggle_button_set_active (answer_button (form, "q_yes", "Yes"), TRUE);
  g_assert_false (label_shown (GTK_WIDGET (form), "Critical: Greeted the customer failed — the section scores 0"));
  g_assert_cmpstr (ma_audit_form_get_score_text (form), ==, "100.0 %");
}

static void
answer_everything (MaAuditForm *form)
{
  gtk_toggle_button_set_active (answer_button (form, "q_yes", "No"), TRUE);
  gtk_toggle_button_set_active (answer_button (form, "q_scale", "3"), TRUE);
  gtk_toggle_button_set_active (answer_button (form, "q_choice", "None"), TRUE);
  gtk_toggle_button_set_active (answer_button (form, "q_na", "Yes"), TRUE);
  gtk_spin_button_set_value (find_widget (ma_audit_form_get_row (form, "q_wait"), GTK_TYPE_SPIN_BUTTON, "Answer"), 90);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (find_widget (ma_audit_form_get_row (form, "q_text"),
                                                                   GTK_TYPE_TEXT_VIEW, "Answer")),
                            "Nobody greeted me.", -1);
}

/* As a click on the response's button: the response, then the dialog
 * closes (adw_message_dialog_response() alone does not close it). */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  iterate_a_little ();
}

static GtkListBox *
refusal_list (void)
{
  AdwMessageDialog *dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The Audit Cannot Be Submitted Yet");
  return find_widget (dialog, GTK_TYPE_LIST_BOX, "Questions that stop the submission");
}

static guint
n_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      n++;
  return n;
}

/* The list in the History button's popover, shown or not. */
static GtkListBox *
history_list (MaAuditForm *form)
{
  GtkListBox *list;

  include_hidden = TRUE;
  list = find_widget (gtk_menu_button_get_popover (find_widget (form, GTK_TYPE_MENU_BUTTON, NULL)),
                      GTK_TYPE_LIST_BOX, "History");
  include_hidden = FALSE;
  return list;
}

/* A disabled action does nothing: no dialog, no change. */
static void
assert_disabled (MaAuditForm *form,
                 const char  *action)
{
  MaAuditStatus status = ma_audit_form_get_status (form);

  gtk_widget_activate_action (GTK_WIDGET (form), action, NULL);
  iterate_a_little ();
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpint (ma_audit_form_get_status (form), ==, status);
}

static void
test_submit (Fixture       *f,
             gconstpointer  user_data)
{
  MaAuditForm *form = start_audit (f);
  GtkListBox *list;
  GtkListBoxRow *row;
  g_autoptr(MaAudit) audit = NULL;
  g_autoptr(GPtrArray) log = NULL;

  gtk_toggle_button_set_active (answer_button (form, "q_scale", "3"), TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL));
  list = refusal_list ();
  /* Every unanswered question, in order; each goes to its question. */
  g_assert_cmpuint (n_rows (list), ==, 5);
  row = gtk_list_box_get_row_at_index (list, 0);
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL, "Greeted the customer: Not answered");
  gtk_test_accessible_assert_property (gtk_list_box_get_row_at_index (list, 4), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "What happened: Not answered");
  row = gtk_list_box_get_row_at_index (list, 3);
  g_signal_emit_by_name (list, "row-activated", row);
  iterate_a_little ();
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                         GTK_WIDGET (ma_audit_form_get_row (form, "q_wait"))));

  /* Answered, but a failed answer that asks for a comment has none. */
  answer_everything (form);
  g_assert_true (iterate_until (is_saved, form));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL));
  list = refusal_list ();
  g_assert_cmpuint (n_rows (list), ==, 1);
  gtk_test_accessible_assert_property (gtk_list_box_get_row_at_index (list, 0), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Greeted the customer: Failed: a comment is required");
  respond (find_toplevel (ADW_TYPE_MESSAGE_DIALOG), "close");
  audit = stored_audit (f, form);
  g_assert_cmpint (audit->status, ==, MA_AUDIT_DRAFT);
  g_clear_pointer (&audit, ma_audit_free);

  gtk_editable_set_text (find_widget (ma_audit_form_get_row (form, "q_yes"), GTK_TYPE_ENTRY, "Comment"),
                         "Walked past me twice");
  /* Submitted straight away, the last edit with it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL));
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  wait_for_status (form, MA_AUDIT_SUBMITTED);
  audit = stored_audit (f, form);
  g_assert_cmpint (audit->status, ==, MA_AUDIT_SUBMITTED);
  g_assert_cmpstr (ma_audit_find_answer (audit, "q_yes")->comment, ==, "Walked past me twice");
  log = ma_store_list_audit_log (f->data.store, audit->uuid, NULL);
  g_assert_cmpstr (((MaLogEntry *) g_ptr_array_index (log, log->len - 1))->action, ==, "submitted");
  g_assert_cmpstr (((MaLogEntry *) g_ptr_array_index (log, log->len - 1))->who, ==, "A. Smirnova");

  /* Read-only for the auditor now. */
  form = ma_audits_page_get_form (f->page);
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (answer_button (form, "q_yes", "Yes"))));
  g_assert_false (gtk_editable_get_editable (find_widget (ma_audit_form_get_row (form, "q_yes"),
                                                          GTK_TYPE_ENTRY, "Comment")));
  assert_disabled (form, "form.submit");
  g_assert_cmpstr (window_subtitle (f), ==, "Submitted");
  /* The history shows it. */
  {
    GtkListBox *history = history_list (form);
    g_assert_cmpuint (n_rows (history), ==, 2);
  }
}

static AdwMessageDialog *
reason_dialog (const char *heading)
{
  AdwMessageDialog *dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);
  return dialog;
}

static MaAuditForm *
submitted_audit (Fixture *f)
{
  MaAuditForm *form = start_audit (f);

  answer_everything (form);
  gtk_editable_set_text (find_widget (ma_audit_form_get_row (form, "q_yes"), GTK_TYPE_ENTRY, "Comment"),
                         "Walked past me twice");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL));
  wait_for_status (form, MA_AUDIT_SUBMITTED);
  return form;
}

static void
test_office (Fixture       *f,
             gconstpointer  user_data)
{
  MaAuditForm *form = submitted_audit (f);
  AdwMessageDialog *dialog;
  GtkEditable *entry;
  g_autoptr(MaAudit) audit = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autofree char *uuid = g_strdup (ma_audit_form_get_uuid (form));

  /* Return with a note: the note is required. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.return", NULL));
  dialog = reason_dialog ("Return to the Auditor?");
  entry = find_widget (dialog, GTK_TYPE_ENTRY, "Note for the auditor");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "return"));
  gtk_editable_set_text (entry, "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "return"));
  gtk_editable_set_text (entry, "Which employee? The badge is in the photo");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "return"));
  respond (dialog, "return");
  wait_for_status (form, MA_AUDIT_DRAFT);
  audit = stored_audit (f, form);
  g_assert_cmpint (audit->status, ==, MA_AUDIT_DRAFT);
  g_assert_cmpstr (audit->review_note, ==, "Which employee? The badge is in the photo");
  g_assert_true (label_shown (GTK_WIDGET (form), "Returned by the office: Which employee? The badge is in the photo"));
  /* Editable again for the auditor. */
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (answer_button (form, "q_yes", "Yes"))));

  /* Submitted again, then approved. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL));
  wait_for_status (form, MA_AUDIT_SUBMITTED);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.approve", NULL));
  wait_for_status (form, MA_AUDIT_APPROVED);
  g_clear_pointer (&audit, ma_audit_free);
  audit = stored_audit (f, form);
  g_assert_cmpint (audit->status, ==, MA_AUDIT_APPROVED);
  assert_disabled (form, "form.return");

  /* Voided with a reason. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.void", NULL));
  dialog = reason_dialog ("Void the Audit?");
  entry = find_widget (dialog, GTK_TYPE_ENTRY, "Reason for voiding");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "void"));
  gtk_editable_set_text (entry, "The auditor was recognised");
  respond (dialog, "void");
  wait_for_status (form, MA_AUDIT_VOIDED);
  g_clear_pointer (&audit, ma_audit_free);
  audit = stored_audit (f, form);
  g_assert_cmpstr (audit->void_reason, ==, "The auditor was recognised");
  assert_disabled (form, "form.void");

  /* Each step is logged and shown in the history. */
  log = ma_store_list_audit_log (f->data.store, uuid, NULL);
  g_assert_cmpuint (log->len, ==, 6);
  g_assert_cmpstr (((MaLogEntry *) g_ptr_array_index (log, 0))->action, ==, "created");
  g_assert_cmpstr (((MaLogEntry *) g_ptr_array_index (log, 1))->action, ==, "submitted");
  g_assert_cmpstr (((MaLogEntry *) g_ptr_array_index (log, 2))->action, ==, "returned");
  g_assert_cmpstr (((MaLogEntry *) g_ptr_array_index (log, 2))->detail, ==, "Which employee? The badge is in the photo");
  g_assert_cmpstr (((MaLogEntry *) g_ptr_array_index (log, 3))->action, ==, "submitted");
  g_assert_cmpstr (((MaLogEntry *) g_ptr_array_index (log, 4))->action, ==, "approved");
  g_assert_cmpstr (((MaLogEntry *) g_ptr_array_index (log, 5))->action, ==, "voided");
  {
    GtkListBox *history = history_list (form);
    g_assert_cmpuint (n_rows (history), ==, 6);
  }
}

static void
test_save_failure (Fixture       *f,
                   gconstpointer  user_data)
{
  MaAuditForm *form = start_audit (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaStore) other = ma_sqlite_store_open (f->data.path, MA_SQLITE_STORE_FLAGS_NONE, &error);
  g_autoptr(MaAudit) audit = NULL;

  g_assert_no_error (error);
  /* Another writer holds the database longer than the store waits. */
  g_assert_true (ma_store_begin (other, &error));
  g_assert_no_error (error);
  gtk_toggle_button_set_active (answer_button (form, "q_yes", "Yes"), TRUE);
  while (ma_audit_form_get_save_state (form) == MA_SAVE_STATE_SAVING)
    g_main_context_iteration (NULL, TRUE);
  /* Never "Saved" for what is not on disk; the banner says why. */
  g_assert_cmpint (ma_audit_form_get_save_state (form), ==, MA_SAVE_STATE_FAILED);
  g_assert_cmpstr (window_subtitle (f), ==, "Not saved");
  g_assert_nonnull (find_widget (form, GTK_TYPE_BUTTON, "Retry saving"));

  ma_store_rollback (other);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.retry-save", NULL));
  g_assert_true (iterate_until (is_saved, form));
  audit = stored_audit (f, form);
  g_assert_true (ma_audit_find_answer (audit, "q_yes")->boolean);
}

static void
test_attachment (Fixture       *f,
                 gconstpointer  user_data)
{
  MaAuditForm *form = start_audit (f);
  MaQuestionRow *row = ma_audit_form_get_row (form, "q_yes");
  g_autofree char *path = g_build_filename (f->data.dir, "receipt.jpg", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaAudit) audit = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *contents = NULL;
  const MaAttachment *attachment;

  g_assert_true (g_file_set_contents (path, "not really a photo", -1, &error));
  g_assert_no_error (error);
  g_assert_nonnull (find_widget (row, GTK_TYPE_BUTTON, "Attach a file"));
  ma_question_row_attach_file (row, file);
  while (ma_question_row_get_attachments (row)->len == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (find_widget (row, GTK_TYPE_BUTTON, "Remove receipt.jpg"));
  g_assert_true (iterate_until (is_saved, form));

  audit = stored_audit (f, form);
  g_assert_cmpuint (audit->attachments->len, ==, 1);
  attachment = g_ptr_array_index (audit->attachments, 0);
  g_assert_cmpstr (attachment->question, ==, "q_yes");
  g_assert_cmpstr (attachment->name, ==, "receipt.jpg");
  {
    g_autoptr(GBytes) bytes = g_bytes_new_static ("not really a photo", 18);
    g_autofree char *sha256 = ma_sha256_hex (bytes);

    g_assert_cmpstr (attachment->sha256, ==, sha256);
  }
  /* The copy in the data folder, named by its checksum. */
  copy = ma_attachment_list_data_path (attachment->sha256);
  g_assert_true (g_file_get_contents (copy, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "not really a photo");
}

/* Evidence for the whole visit: kept with no question, shown again when
 * the audit is opened, and closed to changes once submitted. */
static void
test_audit_attachment (Fixture       *f,
                       gconstpointer  user_data)
{
  MaAuditForm *form = start_audit (f);
  MaAttachmentList *evidence = ma_audit_form_get_audit_evidence (form);
  g_autofree char *path = g_build_filename (f->data.dir, "call.ogg", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaAudit) audit = NULL;
  g_autofree char *uuid = g_strdup (ma_audit_form_get_uuid (form));
  const MaAttachment *attachment;

  g_assert_true (g_file_set_contents (path, "the whole call", -1, &error));
  g_assert_no_error (error);
  g_assert_nonnull (find_widget (form, GTK_TYPE_BUTTON, "Attach files to the whole audit"));
  g_assert_true (gtk_widget_is_sensitive (find_widget (form, GTK_TYPE_BUTTON, "Attach files to the whole audit")));
  ma_attachment_list_attach_file (evidence, file);
  while (ma_attachment_list_get_attachments (evidence)->len == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (iterate_until (is_saved, form));

  audit = stored_audit (f, form);
  g_assert_cmpuint (audit->attachments->len, ==, 1);
  attachment = g_ptr_array_index (audit->attachments, 0);
  g_assert_null (attachment->question);
  g_assert_cmpstr (attachment->name, ==, "call.ogg");

  /* An answer saved later keeps the evidence. */
  gtk_toggle_button_set_active (answer_button (form, "q_yes", "Yes"), TRUE);
  g_assert_true (iterate_until (is_saved, form));
  g_clear_pointer (&audit, ma_audit_free);
  audit = stored_audit (f, form);
  g_assert_cmpuint (audit->attachments->len, ==, 1);

  /* Opened again, the form shows it with a way to remove it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.close", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "audits-page.open", "s", uuid));
  form = ma_audits_page_get_form (f->page);
  evidence = ma_audit_form_get_audit_evidence (form);
  g_assert_cmpuint (ma_attachment_list_get_attachments (evidence)->len, ==, 1);
  g_assert_nonnull (find_widget (form, GTK_TYPE_BUTTON, "Remove call.ogg"));
}

static void
test_accessible_names (Fixture       *f,
                       gconstpointer  user_data)
{
  MaAuditForm *form = start_audit (f);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  gtk_test_accessible_assert_property (ma_audit_form_get_row (form, "q_yes"), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Greeted the customer");
  gtk_test_accessible_assert_role (ma_audit_form_get_row (form, "q_yes"), GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_test_accessible_assert_role (answer_button (form, "q_yes", "Yes"), GTK_ACCESSIBLE_ROLE_BUTTON);
  gtk_test_accessible_assert_property (find_widget (form, GTK_TYPE_BUTTON, "Back to the audit list"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Back to the audit list");
  gtk_test_accessible_assert_property (find_widget (form, GTK_TYPE_PROGRESS_BAR, NULL),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Questions answered");
  /* Every question's comment and attach button are named. */
  collect (GTK_WIDGET (form), MA_TYPE_QUESTION_ROW, NULL, rows);
  g_assert_cmpuint (rows->len, ==, 6);
  g_assert_cmpuint (count_widgets (form, GTK_TYPE_ENTRY, "Comment"), ==, 5);
  g_assert_cmpuint (count_widgets (form, GTK_TYPE_BUTTON, "Attach a file"), ==, 6);
  gtk_test_accessible_assert_property (find_widget (f->window, GTK_TYPE_BUTTON, "New audit"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "New audit");
}

/* ---- screenshots ------------------------------------------------------------------- */

static void
save_png (GtkWidget  *window,
          GtkWidget  *dialog,
          const char *name)
{
  const char *dir = g_getenv ("MA_SCREENSHOT_DIR");
  g_autofree char *path = g_build_filename (dir, name, NULL);
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  /* Past the page transitions. */
  for (guint i = 0; i < 4; i++)
    iterate_a_little ();
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.2, 0.2, 0.2, 1 }, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  if (dialog != NULL)
    {
      g_autoptr(GdkPaintable) over = gtk_widget_paintable_new (dialog);
      int w = gtk_widget_get_width (dialog), h = gtk_widget_get_height (dialog);

      /* A modal dialog sits over the middle of its window, which dims. */
      gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 0.3 }, &GRAPHENE_RECT_INIT (0, 0, width, height));
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((width - w) / 2, (height - h) / 2));
      gdk_paintable_snapshot (over, snapshot, w, h);
      gtk_snapshot_restore (snapshot);
    }
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s", path);
}

static gboolean
has_size (gpointer widget)
{
  return gtk_widget_get_width (widget) > 0 && gtk_widget_get_mapped (widget);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static void
test_screenshots (void)
{
  MaTestStore data = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *templates = ma_demo_find_templates_dir ();
  MaWindow *window;
  MaAuditsPage *page;
  MaNewAuditDialog *dialog;
  MaAuditForm *form;
  AdwMessageDialog *refusal;

  if (g_getenv ("MA_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("set MA_SCREENSHOT_DIR to save the screenshots of data/screenshots");
      return;
    }
  ma_test_store_open (&data);
  g_assert_true (ma_demo_populate (data.store, templates, &error));
  g_assert_no_error (error);

  window = ma_window_new (NULL, data.store, NULL);
  /* MA_SCREENSHOT_SIZE=WxH looks at other sizes (360x720 for a phone). */
  {
    int width = 1280, height = 800;

    if (g_getenv ("MA_SCREENSHOT_SIZE") != NULL)
      sscanf (g_getenv ("MA_SCREENSHOT_SIZE"), "%dx%d", &width, &height);
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  }
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (iterate_until (has_size, window));
  page = ma_window_get_audits_page (window);
  g_usleep (G_USEC_PER_SEC / 2);
  iterate_a_little ();
  save_png (GTK_WIDGET (window), NULL, "audit-list.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-audit", NULL));
  dialog = find_toplevel (MA_TYPE_NEW_AUDIT_DIALOG);
  select_combo (find_combo_row (dialog, "C_hannel"), "Visit");
  select_combo (find_combo_row (dialog, "_Template"), "Store visit v1");
  gtk_editable_set_text (GTK_EDITABLE (find_entry_row (dialog, "_Date and time of the visit (YYYY-MM-DD HH:MM)")),
                         "2026-11-03 14:20");
  /* The first employee of the branch. */
  {
    AdwComboRow *employees = find_combo_row (dialog, "_Employee served");

    if (g_list_model_get_n_items (adw_combo_row_get_model (employees)) > 1)
      adw_combo_row_set_selected (employees, 1);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "new.scenario", "s", "Knows better than the seller"));
  gtk_editable_set_text (GTK_EDITABLE (find_entry_row (dialog, "_Auditor")), "Anna Smirnova");
  g_assert_true (iterate_until (has_size, dialog));
  save_png (GTK_WIDGET (window), GTK_WIDGET (dialog), "new-audit.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "new.create", NULL));
  form = ma_audits_page_get_form (page);
  g_assert_true (iterate_until (is_saved, form));
  save_png (GTK_WIDGET (window), NULL, "form-empty.png");

  ma_question_row_set_answer (ma_audit_form_get_row (form, "wait_minutes"), NULL);
  gtk_spin_button_set_value (find_widget (ma_audit_form_get_row (form, "wait_minutes"), GTK_TYPE_SPIN_BUTTON, "Answer"), 2.5);
  gtk_toggle_button_set_active (answer_button (form, "greeted_promptly", "Yes"), TRUE);
  gtk_toggle_button_set_active (answer_button (form, "eye_contact", "No"), TRUE);
  gtk_toggle_button_set_active (answer_button (form, "introduced_self", "No"), TRUE);
  gtk_toggle_button_set_active (answer_button (form, "rude", "Yes"), TRUE);
  gtk_editable_set_text (find_widget (ma_audit_form_get_row (form, "rude"), GTK_TYPE_ENTRY, "Comment"),
                         "Said “read the label yourself” and walked away");
  gtk_toggle_button_set_active (answer_button (form, "open_questions", "Yes"), TRUE);
  g_assert_true (iterate_until (is_saved, form));
  ma_audit_form_focus_question (form, "rude");
  save_png (GTK_WIDGET (window), NULL, "form-critical.png");

  /* The end of the form: the evidence for the whole visit. */
  {
    g_autofree char *path = g_build_filename (data.dir, "call-recording.ogg", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    MaAttachmentList *evidence = ma_audit_form_get_audit_evidence (form);

    g_assert_true (g_file_set_contents (path, "a recording", -1, &error));
    ma_attachment_list_attach_file (evidence, file);
    while (ma_attachment_list_get_attachments (evidence)->len == 0)
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (iterate_until (is_saved, form));
    gtk_widget_grab_focus (find_widget (form, GTK_TYPE_BUTTON, "Attach files to the whole audit"));
    g_usleep (G_USEC_PER_SEC / 2);
    iterate_a_little ();
    save_png (GTK_WIDGET (window), NULL, "form-evidence.png");
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL));
  refusal = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_true (iterate_until (has_size, refusal));
  save_png (GTK_WIDGET (window), GTK_WIDGET (refusal), "submit-refused.png");

  gtk_window_destroy (GTK_WINDOW (refusal));
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_a_little ();
  ma_test_store_close (&data);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("ma-form-data-XXXXXX", NULL);
  int status;

  /* Attachments are copied under the data folder: a private one. */
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/form/new-audit", Fixture, NULL, fixture_set_up, test_new_audit, fixture_tear_down);
  g_test_add ("/form/every-type", Fixture, NULL, fixture_set_up, test_every_type, fixture_tear_down);
  g_test_add ("/form/keys-and-stopwatch", Fixture, NULL, fixture_set_up, test_keys_and_stopwatch, fixture_tear_down);
  g_test_add ("/form/critical", Fixture, NULL, fixture_set_up, test_critical, fixture_tear_down);
  g_test_add ("/form/submit", Fixture, NULL, fixture_set_up, test_submit, fixture_tear_down);
  g_test_add ("/form/office", Fixture, NULL, fixture_set_up, test_office, fixture_tear_down);
  g_test_add ("/form/save-failure", Fixture, NULL, fixture_set_up, test_save_failure, fixture_tear_down);
  g_test_add ("/form/attachment", Fixture, NULL, fixture_set_up, test_attachment, fixture_tear_down);
  g_test_add ("/form/audit-attachment", Fixture, NULL, fixture_set_up, test_audit_attachment, fixture_tear_down);
  g_test_add ("/form/accessible-names", Fixture, NULL, fixture_set_up, test_accessible_names, fixture_tear_down);
  g_test_add_func ("/form/screenshots", test_screenshots);

  status = g_test_run ();
  remove_tree (data_home);
  return status;
}
