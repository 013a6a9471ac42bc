/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ma-attachment-list.h"
#include "ma-audit-form.h"
#include "ma-scoring.h"
#include "ma-submit.h"
#include "ma-timing.h"

/* A change is written this long after the last keystroke: well within the
 * promised second, and few enough writes while someone types a comment. */
#define SAVE_DELAY_MS 400
#define RETRY_DELAY_S 3

struct _MaAuditForm
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkLabel       *title_label;
  GtkLabel       *info_label;
  GtkLabel       *save_label;
  GtkRevealer    *save_error_revealer;
  GtkLabel       *save_error_label;
  GtkLabel       *state_label;
  GtkProgressBar *progress_bar;
  GtkLabel       *score_label;
  GtkRevealer    *critical_revealer;
  GtkLabel       *critical_label;
  GtkScrolledWindow *scrolled;
  GtkWidget      *sections_box;
  GtkWidget      *history_button;
  GtkListBox     *history_list;
  GtkWidget      *submit_button;
  GtkWidget      *approve_button;
  GtkWidget      *return_button;
  GtkWidget      *void_button;

  MaStore        *store;
  MaDraftSaver   *saver;
  MaTemplate     *template;
  MaAudit        *audit;          /* as loaded; answers come from the rows */
  GHashTable     *rows;           /* question key -> MaQuestionRow */
  GHashTable     *section_scores; /* section key -> GtkLabel */
  GPtrArray      *row_order;      /* of MaQuestionRow, in template order */

  guint64         generation;     /* counts changes */
  guint64         saved_generation;
  guint64         flight_generation;
  gboolean        in_flight;
  guint           save_timer;
  guint           retry_timer;
  MaSaveState     save_state;
  char           *score_text;
  gboolean        disposed;
  gboolean        timing;
  GtkWidget      *close_button;
  GtkWidget      *audit_evidence_group;
  MaAttachmentList *audit_evidence;  /* attachments of the whole audit */
};

G_DEFINE_FINAL_TYPE (MaAuditForm, ma_audit_form, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SAVE_STATE,
  PROP_SAVE_TEXT,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CLOSE_REQUEST,
  SIGNAL_STATUS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_save (MaAuditForm *self);

static char *
now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
}

/* Who acts in the office: the person logged in. */
static const char *
office_user (void)
{
  const char *name = g_get_real_name ();

  return name != NULL && *name != '\0' && g_strcmp0 (name, "Unknown") != 0 ? name : g_get_user_name ();
}

static const char *
status_text (MaAuditStatus status)
{
  switch (status)
    {
    case MA_AUDIT_DRAFT:
      return _("Draft");
    case MA_AUDIT_SUBMITTED:
      return _("Submitted");
    case MA_AUDIT_APPROVED:
      return _("Approved");
    case MA_AUDIT_VOIDED:
    default:
      return _("Voided");
    }
}

/* ---- the audit the rows show --------------------------------------------------- */

static MaAudit *
collect_audit (MaAuditForm *self)
{
  MaAudit *audit = ma_audit_copy (self->audit);

  g_ptr_array_set_size (audit->answers, 0);
  g_ptr_array_set_size (audit->attachments, 0);
  for (guint i = 0; i < self->row_order->len; i++)
    {
      MaQuestionRow *row = g_ptr_array_index (self->row_order, i);
      MaAnswer *answer = ma_question_row_dup_answer (row);
      GPtrArray *attachments = ma_question_row_get_attachments (row);

      if (answer != NULL)
        g_ptr_array_add (audit->answers, answer);
      for (guint j = 0; j < attachments->len; j++)
        {
          const MaAttachment *a = g_ptr_array_index (attachments, j);

          g_ptr_array_add (audit->attachments, ma_attachment_new (a->question, a->name, a->data));
        }
    }
  if (self->audit_evidence != NULL)
    {
      GPtrArray *evidence = ma_attachment_list_get_attachments (self->audit_evidence);

      for (guint i = 0; i < evidence->len; i++)
        {
          const MaAttachment *a = g_ptr_array_index (evidence, i);

          g_ptr_array_add (audit->attachments, ma_attachment_new (NULL, a->name, a->data));
        }
    }
  return audit;
}

static gboolean
is_editable (MaAuditForm *self)
{
  return self->audit != NULL && self->audit->status == MA_AUDIT_DRAFT;
}

/* ---- score and progress ------------------------------------------------------ */

static char *
format_percent (double fraction)
{
  g_autofree char *number = ma_score_format_percent (fraction);
  const char *point = localeconv ()->decimal_point;

  if (number == NULL)
    return g_strdup ("—");
  /* The engine's rounding, the locale's decimal sign: "61,7" in ru_RU. */
  if (point != NULL && *point != '\0' && strcmp (point, ".") != 0)
    {
      g_auto(GStrv) parts = g_strsplit (number, ".", 2);

      g_free (number);
      number = g_strjoinv (point, parts);
    }
  /* TRANSLATORS: a score, as in "61.7 %" */
  return g_strdup_printf (_("%s %%"), number);
}

static void
update_score (MaAuditForm *self)
{
  g_autoptr(MaAudit) audit = NULL;
  g_autoptr(MaScore) score = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GString) critical = g_string_new (NULL);
  g_autofree char *progress = NULL;
  guint total, unanswered = 0;

  if (self->template == NULL)
    return;

  audit = collect_audit (self);
  score = ma_score_audit (self->template, audit);
  problems = ma_submit_check (self->template, audit);

  total = ma_template_count_questions (self->template);
  for (guint i = 0; i < problems->len; i++)
    if (((MaSubmitProblem *) g_ptr_array_index (problems, i))->kind == MA_SUBMIT_UNANSWERED)
      unanswered++;
  progress = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u question answered",
                                           "%u of %u questions answered", total),
                              total - unanswered, total);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) (total - unanswered) / total : 1.0);
  gtk_progress_bar_set_text (self->progress_bar, progress);

  g_free (self->score_text);
  self->score_text = format_percent (score->assessed ? score->score : NAN);
  {
    g_autofree char *label = g_strdup_printf (_("Score %s"), self->score_text);

    gtk_label_set_text (self->score_label, label);
  }

  for (guint i = 0; i < score->sections->len; i++)
    {
      const MaScorePart *part = g_ptr_array_index (score->sections, i);
      GtkLabel *label = g_hash_table_lookup (self->section_scores, part->key);
      g_autofree char *text = format_percent (part->assessed ? part->score : NAN);

      if (label != NULL)
        gtk_label_set_text (label, text);
    }

  /* Every failed critical question, named at once. */
  for (guint i = 0; i < self->row_order->len; i++)
    {
      MaQuestionRow *row = g_ptr_array_index (self->row_order, i);
      const MaQuestion *q = ma_question_row_get_question (row);
      gboolean failed = FALSE, needs_comment = FALSE;

      for (guint j = 0; j < score->critical_failures->len; j++)
        if (g_strcmp0 (g_ptr_array_index (score->critical_failures, j), q->key) == 0)
          failed = TRUE;
      for (guint j = 0; j < problems->len; j++)
        {
          const MaSubmitProblem *p = g_ptr_array_index (problems, j);

          if (p->question == ma_template_find_question (self->template, q->key, NULL)
              && p->kind == MA_SUBMIT_COMMENT_MISSING)
            needs_comment = TRUE;
        }
      ma_question_row_set_failed (row, failed, needs_comment);
      if (failed)
        {
          if (critical->len > 0)
            g_string_append_c (critical, '\n');
          g_string_append_printf (critical,
                                  q->critical == MA_CRITICAL_AUDIT
                                    ? _("Critical: %s failed — the audit scores 0")
                                    : _("Critical: %s failed — the section scores 0"),
                                  q->text);
        }
    }
  gtk_label_set_text (self->critical_label, critical->str);
  gtk_revealer_set_reveal_child (self->critical_revealer, critical->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->critical_revealer), critical->len > 0);
}

/* ---- saving ------------------------------------------------------------------ */

static void
set_save_state (MaAuditForm *self,
                MaSaveState  state)
{
  if (self->save_state == state)
    return;
  self->save_state = state;
  gtk_label_set_text (self->save_label, ma_audit_form_get_save_text (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVE_STATE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVE_TEXT]);
}

static gboolean
retry_cb (gpointer data)
{
  MaAuditForm *self = data;

  self->retry_timer = 0;
  start_save (self);
  return G_SOURCE_REMOVE;
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MaAuditForm) self = user_data;
  g_autoptr(GError) error = NULL;
  double elapsed = 0;
  gboolean ok = ma_draft_saver_save_finish (MA_DRAFT_SAVER (source), result, &elapsed, &error);

  self->in_flight = FALSE;
  if (self->timing)
    fprintf (stderr, "save %.1f\n", elapsed);
  /* Submitted meanwhile: the submission wrote the newest answers. */
  if (self->disposed || !is_editable (self))
    return;

  if (!ok)
    {
      g_autofree char *message = g_strdup_printf (_("Not saved: %s. Retrying every %d seconds."),
                                                  error->message, RETRY_DELAY_S);

      gtk_label_set_text (self->save_error_label, message);
      gtk_revealer_set_reveal_child (self->save_error_revealer, TRUE);
      set_save_state (self, MA_SAVE_STATE_FAILED);
      g_clear_handle_id (&self->retry_timer, g_source_remove);
      self->retry_timer = g_timeout_add_seconds (RETRY_DELAY_S, retry_cb, self);
      return;
    }

  self->saved_generation = self->flight_generation;
  gtk_revealer_set_reveal_child (self->save_error_revealer, FALSE);
  if (self->saved_generation == self->generation)
    set_save_state (self, MA_SAVE_STATE_SAVED);
  else if (self->save_timer == 0)
    start_save (self);
}

static void
start_save (MaAuditForm *self)
{
  g_autoptr(MaAudit) audit = NULL;

  g_clear_handle_id (&self->save_timer, g_source_remove);
  g_clear_handle_id (&self->retry_timer, g_source_remove);
  /* One save at a time: the one in flight starts the next when done. */
  if (self->in_flight || !is_editable (self) || self->saver == NULL)
    return;
  if (self->saved_generation == self->generation)
    return;

  audit = collect_audit (self);
  g_free (audit->modified);
  audit->modified = now_iso8601 ();
  self->in_flight = TRUE;
  self->flight_generation = self->generation;
  if (self->save_state != MA_SAVE_STATE_FAILED)
    set_save_state (self, MA_SAVE_STATE_SAVING);
  ma_draft_saver_save_async (self->saver, audit, audit->auditor, NULL, save_done_cb, g_object_ref (self));
}

static gboolean
save_timeout_cb (gpointer data)
{
  MaAuditForm *self = data;

  self->save_timer = 0;
  start_save (self);
  return G_SOURCE_REMOVE;
}

static void
content_changed (MaAuditForm *self)
{
  gint64 start = g_get_monotonic_time ();

  if (!is_editable (self))
    return;
  self->generation++;
  update_score (self);
  if (self->save_state != MA_SAVE_STATE_FAILED)
    set_save_state (self, MA_SAVE_STATE_SAVING);
  g_clear_handle_id (&self->save_timer, g_source_remove);
  self->save_timer = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
  if (self->timing)
    fprintf (stderr, "answer %.1f\n", (g_get_monotonic_time () - start) / 1000.0);
}

static void
row_changed_cb (MaAuditForm   *self,
                MaQuestionRow *row)
{
  content_changed (self);
}

static void
audit_evidence_changed_cb (MaAuditForm *self)
{
  content_changed (self);
}

void
ma_audit_form_flush (MaAuditForm *self)
{
  g_return_if_fail (MA_IS_AUDIT_FORM (self));

  if (self->save_timer != 0 || self->retry_timer != 0)
    start_save (self);
  if (self->saver != NULL)
    ma_draft_saver_wait (self->saver);
}

static void
retry_save_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  start_save (MA_AUDIT_FORM (widget));
}

/* ---- building ------------------------------------------------------------------- */

static gboolean
row_move_focus_cb (MaAuditForm      *self,
                   GtkDirectionType  direction,
                   MaQuestionRow    *row)
{
  guint index;

  if (!g_ptr_array_find (self->row_order, row, &index))
    return FALSE;
  if (direction == GTK_DIR_TAB_FORWARD && index + 1 < self->row_order->len)
    return ma_question_row_focus_answer (g_ptr_array_index (self->row_order, index + 1));
  if (direction == GTK_DIR_TAB_BACKWARD && index > 0)
    return ma_question_row_focus_answer (g_ptr_array_index (self->row_order, index - 1));
  /* Past the first or the last question: on to the rest of the window. */
  return FALSE;
}

/* Files that belong to the visit rather than to one question: the
 * recording of the whole call, the receipt, the shop front. */
static GtkWidget *
build_audit_evidence (MaAuditForm *self)
{
  GtkWidget *group = g_object_new (GTK_TYPE_BOX, "orientation", GTK_ORIENTATION_VERTICAL,
                                   "spacing", 6, "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP, NULL);
  GtkWidget *title = gtk_label_new (_("Evidence for the Whole Audit"));
  GtkWidget *hint = gtk_label_new (_("A recording of the whole call, a receipt, a photo of the shop front: "
                                     "files about the visit rather than one question."));
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Attach _Files…"));

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_widget_add_css_class (hint, "caption");
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (group),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Evidence for the whole audit"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, gtk_label_get_text (GTK_LABEL (hint)),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Attach files to the whole audit"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "form.attach-to-audit");
  gtk_widget_set_halign (button, GTK_ALIGN_START);

  self->audit_evidence = MA_ATTACHMENT_LIST (ma_attachment_list_new (NULL));
  g_signal_connect_object (self->audit_evidence, "changed", G_CALLBACK (audit_evidence_changed_cb),
                           self, G_CONNECT_SWAPPED);

  gtk_box_append (GTK_BOX (group), title);
  gtk_box_append (GTK_BOX (group), hint);
  gtk_box_append (GTK_BOX (group), GTK_WIDGET (self->audit_evidence));
  gtk_box_append (GTK_BOX (group), button);
  self->audit_evidence_group = group;
  return group;
}

/* A submitted audit shows its evidence, if any, but takes no more. */
static void
update_audit_evidence (MaAuditForm *self)
{
  gboolean editable = is_editable (self);
  guint n = ma_attachment_list_get_attachments (self->audit_evidence)->len;

  ma_attachment_list_set_editable (self->audit_evidence, editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.attach-to-audit", editable);
  gtk_widget_set_visible (self->audit_evidence_group, editable || n > 0);
}

static void
attach_to_audit_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  MaAuditForm *self = MA_AUDIT_FORM (widget);

  if (self->audit_evidence != NULL && is_editable (self))
    ma_attachment_list_choose_files (self->audit_evidence);
}

static void
clear_sections (MaAuditForm *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->sections_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->sections_box), child);
  g_hash_table_remove_all (self->rows);
  g_hash_table_remove_all (self->section_scores);
  g_ptr_array_set_size (self->row_order, 0);
  self->audit_evidence = NULL;
  self->audit_evidence_group = NULL;
}

static void
build_sections (MaAuditForm *self)
{
  clear_sections (self);

  for (guint i = 0; i < self->template->sections->len; i++)
    {
      const MaSection *section = g_ptr_array_index (self->template->sections, i);
      GtkWidget *group = g_object_new (GTK_TYPE_BOX, "orientation", GTK_ORIENTATION_VERTICAL,
                                       "spacing", 6, "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP, NULL);
      GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *title = gtk_label_new (section->title);
      GtkWidget *score = gtk_label_new ("—");
      GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_widget_set_hexpand (title, TRUE);
      gtk_widget_add_css_class (title, "heading");
      gtk_widget_add_css_class (score, "numeric");
      gtk_widget_add_css_class (score, "dim-label");
      gtk_widget_set_tooltip_text (score, _("Score of the section"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (group), GTK_ACCESSIBLE_PROPERTY_LABEL, section->title, -1);
      gtk_box_append (GTK_BOX (header), title);
      gtk_box_append (GTK_BOX (header), score);
      gtk_box_append (GTK_BOX (group), header);
      gtk_widget_add_css_class (card, "card");
      gtk_box_append (GTK_BOX (group), card);
      g_hash_table_insert (self->section_scores, g_strdup (section->key), score);

      for (guint j = 0; j < section->questions->len; j++)
        {
          const MaQuestion *question = g_ptr_array_index (section->questions, j);
          GtkWidget *row = ma_question_row_new (question);

          if (j > 0)
            gtk_box_append (GTK_BOX (card), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
          gtk_box_append (GTK_BOX (card), row);
          g_signal_connect_object (row, "changed", G_CALLBACK (row_changed_cb), self, G_CONNECT_SWAPPED);
          g_signal_connect_object (row, "move-question", G_CALLBACK (row_move_focus_cb), self, G_CONNECT_SWAPPED);
          g_hash_table_insert (self->rows, g_strdup (question->key), row);
          g_ptr_array_add (self->row_order, row);
        }
      gtk_box_append (GTK_BOX (self->sections_box), group);
    }
  gtk_box_append (GTK_BOX (self->sections_box), build_audit_evidence (self));
}

static void
fill_rows (MaAuditForm *self)
{
  for (guint i = 0; i < self->row_order->len; i++)
    {
      MaQuestionRow *row = g_ptr_array_index (self->row_order, i);
      const char *key = ma_question_row_get_question (row)->key;
      g_autoptr(GPtrArray) attachments = g_ptr_array_new ();

      for (guint j = 0; j < self->audit->attachments->len; j++)
        {
          MaAttachment *a = g_ptr_array_index (self->audit->attachments, j);

          if (g_strcmp0 (a->question, key) == 0)
            g_ptr_array_add (attachments, a);
        }
      ma_question_row_set_answer (row, ma_audit_find_answer (self->audit, key));
      ma_question_row_set_attachments (row, attachments);
      ma_question_row_set_editable (row, is_editable (self));
    }
  if (self->audit_evidence != NULL)
    {
      g_autoptr(GPtrArray) evidence = g_ptr_array_new ();

      for (guint j = 0; j < self->audit->attachments->len; j++)
        {
          MaAttachment *a = g_ptr_array_index (self->audit->attachments, j);

          if (a->question == NULL)
            g_ptr_array_add (evidence, a);
        }
      ma_attachment_list_set_attachments (self->audit_evidence, evidence);
      update_audit_evidence (self);
    }
}

static char *
lookup_name (GPtrArray  *items,
             const char *code,
             gboolean    employees)
{
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      const char *item_code = employees ? ((MaEmployee *) g_ptr_array_index (items, i))->code
                                        : ((MaBranch *) g_ptr_array_index (items, i))->code;
      const char *name = employees ? ((MaEmployee *) g_ptr_array_index (items, i))->name
                                   : ((MaBranch *) g_ptr_array_index (items, i))->name;

      if (g_strcmp0 (item_code, code) == 0 && name != NULL && *name != '\0')
        return g_strdup (name);
    }
  return g_strdup (code);
}

static void
update_info (MaAuditForm *self)
{
  g_autoptr(GPtrArray) branches = ma_store_list_branches (self->store, NULL);
  g_autoptr(GPtrArray) employees = self->audit->employee != NULL ? ma_store_list_employees (self->store, NULL) : NULL;
  g_autofree char *branch = lookup_name (branches, self->audit->branch, FALSE);
  g_autofree char *employee = self->audit->employee != NULL
                              ? lookup_name (employees, self->audit->employee, TRUE)
                              : g_strdup (_("Employee not identified"));
  g_autoptr(GDateTime) visited = g_date_time_new_from_iso8601 (self->audit->visited_at, NULL);
  /* TRANSLATORS: the date and time of a visit, in the format of
   * g_date_time_format(); e.g. "%d.%m.%Y %H:%M" */
  g_autofree char *when = visited != NULL ? g_date_time_format (visited, C_("date and time", "%Y-%m-%d %H:%M"))
                                          : g_strdup (self->audit->visited_at);
  g_autoptr(GString) info = g_string_new (NULL);

  g_string_append_printf (info, "%s · %s · %s", branch, employee, when);
  if (self->audit->scenario != NULL && *self->audit->scenario != '\0')
    g_string_append_printf (info, " · %s", self->audit->scenario);
  if (self->audit->auditor != NULL && *self->audit->auditor != '\0')
    /* TRANSLATORS: who filled in the audit */
    g_string_append_printf (info, " · %s", self->audit->auditor);
  gtk_label_set_text (self->title_label, self->template->name);
  gtk_label_set_text (self->info_label, info->str);
}

static char *
format_log_time (const char *at)
{
  g_autoptr(GDateTime) time = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;
  g_autoptr(GDateTime) local = time != NULL ? g_date_time_to_local (time) : NULL;

  return local != NULL ? g_date_time_format (local, C_("date and time", "%Y-%m-%d %H:%M"))
                       : g_strdup (at != NULL ? at : "");
}

static const char *
log_action_text (const char *action)
{
  static const struct {
    const char *action;
    const char *text;
  } actions[] = {
    { "created", N_("Created") },
    { "submitted", N_("Submitted") },
    { "approved", N_("Approved") },
    { "returned", N_("Returned to the auditor") },
    { "voided", N_("Voided") },
    { "edited", N_("Edited") },
    { "imported", N_("Imported") },
    { "draft", N_("Back to draft") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_strcmp0 (actions[i].action, action) == 0)
      return _(actions[i].text);
  return action;
}

static void
update_history (MaAuditForm *self)
{
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list))) != NULL)
    gtk_list_box_remove (self->history_list, child);

  log = ma_store_list_audit_log (self->store, self->audit->uuid, &error);
  if (log == NULL)
    {
      GtkWidget *label = gtk_label_new (error->message);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_list_box_append (self->history_list, label);
      return;
    }
  for (guint i = 0; i < log->len; i++)
    {
      const MaLogEntry *entry = g_ptr_array_index (log, i);
      g_autofree char *when = format_log_time (entry->at);
      g_autofree char *head = g_strdup_printf ("%s · %s · %s", when, log_action_text (entry->action),
                                               entry->who != NULL ? entry->who : "");
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *label = gtk_label_new (head);

      gtk_widget_set_margin_start (box, 6);
      gtk_widget_set_margin_end (box, 6);
      gtk_widget_set_margin_top (box, 4);
      gtk_widget_set_margin_bottom (box, 4);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (box), label);
      if (entry->detail != NULL && *entry->detail != '\0')
        {
          GtkWidget *detail = gtk_label_new (entry->detail);

          gtk_label_set_xalign (GTK_LABEL (detail), 0);
          gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
          gtk_widget_add_css_class (detail, "dim-label");
          gtk_box_append (GTK_BOX (box), detail);
        }
      gtk_list_box_append (self->history_list, box);
    }
}

static void
update_status (MaAuditForm *self)
{
  MaAuditStatus status = self->audit->status;
  g_autofree char *state = NULL;

  switch (status)
    {
    case MA_AUDIT_DRAFT:
      if (self->audit->review_note != NULL && *self->audit->review_note != '\0')
        state = g_strdup_printf (_("Returned by the office: %s"), self->audit->review_note);
      break;
    case MA_AUDIT_SUBMITTED:
      state = g_strdup (_("Submitted: the auditor can no longer change it. The office approves it, "
                          "returns it with a note or voids it."));
      break;
    case MA_AUDIT_APPROVED:
      state = g_strdup (_("Approved: it counts in results and bonus pay and can no longer change."));
      break;
    case MA_AUDIT_VOIDED:
    default:
      state = g_strdup_printf (_("Voided: %s"), self->audit->void_reason != NULL ? self->audit->void_reason : "");
      break;
    }
  gtk_label_set_text (self->state_label, state != NULL ? state : "");
  gtk_widget_set_visible (GTK_WIDGET (self->state_label), state != NULL);

  gtk_widget_set_visible (self->submit_button, status == MA_AUDIT_DRAFT);
  gtk_widget_set_visible (self->approve_button, status == MA_AUDIT_SUBMITTED);
  gtk_widget_set_visible (self->return_button, status == MA_AUDIT_SUBMITTED);
  gtk_widget_set_visible (self->void_button, status != MA_AUDIT_VOIDED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.submit", status == MA_AUDIT_DRAFT);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.approve", status == MA_AUDIT_SUBMITTED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.return", status == MA_AUDIT_SUBMITTED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.void", status != MA_AUDIT_VOIDED);

  if (status != MA_AUDIT_DRAFT)
    set_save_state (self, MA_SAVE_STATE_NONE);
  update_history (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static gboolean
show_audit (MaAuditForm  *self,
            MaAudit      *audit,
            GError      **error)
{
  g_autoptr(MaTemplate) template = NULL;

  template = ma_store_get_template (self->store, audit->template_key, audit->template_version, error);
  if (template == NULL)
    {
      ma_audit_free (audit);
      return FALSE;
    }

  g_clear_handle_id (&self->save_timer, g_source_remove);
  g_clear_handle_id (&self->retry_timer, g_source_remove);
  gtk_revealer_set_reveal_child (self->save_error_revealer, FALSE);
  g_clear_pointer (&self->audit, ma_audit_free);
  g_clear_pointer (&self->template, ma_template_free);
  self->audit = audit;
  self->template = g_steal_pointer (&template);
  self->generation = self->saved_generation = 0;
  self->save_state = MA_SAVE_STATE_NONE;

  build_sections (self);
  fill_rows (self);
  update_info (self);
  update_status (self);
  update_score (self);
  set_save_state (self, is_editable (self) ? MA_SAVE_STATE_SAVED : MA_SAVE_STATE_NONE);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled), 0);
  return TRUE;
}

gboolean
ma_audit_form_load (MaAuditForm  *self,
                    const char   *uuid,
                    GError      **error)
{
  MaAudit *audit;

  g_return_val_if_fail (MA_IS_AUDIT_FORM (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  /* A write still queued for it would make what we read stale. */
  if (self->saver != NULL)
    ma_draft_saver_wait (self->saver);
  audit = ma_store_get_audit (self->store, uuid, error);
  if (audit == NULL)
    return FALSE;
  return show_audit (self, audit, error);
}

gboolean
ma_audit_form_start (MaAuditForm   *self,
                     const MaAudit *audit,
                     GError       **error)
{
  g_return_val_if_fail (MA_IS_AUDIT_FORM (self), FALSE);
  g_return_val_if_fail (audit != NULL, FALSE);

  if (!show_audit (self, ma_audit_copy (audit), error))
    return FALSE;
  /* Saved at once, so that a crash in the first minute keeps it too. */
  self->generation++;
  start_save (self);
  return TRUE;
}

/* ---- focus --------------------------------------------------------------------- */

gboolean
ma_audit_form_focus_question (MaAuditForm *self,
                              const char  *question)
{
  MaQuestionRow *row;

  g_return_val_if_fail (MA_IS_AUDIT_FORM (self), FALSE);

  /* NULL: the first question. */
  if (question == NULL)
    row = self->row_order->len > 0 ? g_ptr_array_index (self->row_order, 0) : NULL;
  else
    row = g_hash_table_lookup (self->rows, question);
  if (row == NULL)
    return FALSE;
  return ma_question_row_focus_answer (row);
}

static void
focus_question_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ma_audit_form_focus_question (MA_AUDIT_FORM (widget), g_variant_get_string (parameter, NULL));
}

/* ---- submission ------------------------------------------------------------------ */

static void
add_toast (MaAuditForm *self,
           const char  *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
}

static void
reload (MaAuditForm *self)
{
  g_autoptr(GError) error = NULL;
  MaAudit *audit = ma_store_get_audit (self->store, self->audit->uuid, &error);

  if (audit == NULL || !show_audit (self, audit, &error))
    {
      add_toast (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_STATUS_CHANGED], 0);
}

static void
status_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(MaAuditForm) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_task_get_source_tag (G_TASK (result)) == ma_draft_saver_save_async)
    ok = ma_draft_saver_save_finish (MA_DRAFT_SAVER (source), result, NULL, &error);
  else
    ok = ma_draft_saver_set_status_finish (MA_DRAFT_SAVER (source), result, &error);
  self->in_flight = FALSE;
  if (self->disposed)
    return;
  if (!ok)
    {
      add_toast (self, error->message);
      return;
    }
  reload (self);
}

static void
problem_activated_cb (GtkListBox    *list,
                      GtkListBoxRow *row,
                      AdwMessageDialog *dialog)
{
  MaAuditForm *self = g_object_get_data (G_OBJECT (dialog), "form");
  const char *question = g_object_get_data (G_OBJECT (row), "question");

  gtk_window_close (GTK_WINDOW (dialog));
  ma_audit_form_focus_question (self, question);
}

static void
show_refusal (MaAuditForm *self,
              GPtrArray   *problems)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  g_autofree char *body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "%u question needs attention. Choose it to go there.",
                                                        "%u questions need attention. Choose one to go there.",
                                                        problems->len),
                                           problems->len);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("The Audit Cannot Be Submitted Yet"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Keep Filling In"));
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Questions that stop the submission"), -1);
  for (guint i = 0; i < problems->len; i++)
    {
      const MaSubmitProblem *problem = g_ptr_array_index (problems, i);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *title = gtk_label_new (problem->question->text);
      const char *why = problem->kind == MA_SUBMIT_UNANSWERED ? _("Not answered")
                                                              : _("Failed: a comment is required");
      GtkWidget *subtitle = gtk_label_new (why);
      g_autofree char *accessible = g_strdup_printf ("%s: %s", problem->question->text, why);

      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_widget_set_margin_top (box, 8);
      gtk_widget_set_margin_bottom (box, 8);
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
      gtk_widget_add_css_class (subtitle, "caption");
      gtk_widget_add_css_class (subtitle, problem->kind == MA_SUBMIT_UNANSWERED ? "dim-label" : "error");
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), subtitle);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      g_object_set_data_full (G_OBJECT (row), "question", g_strdup (problem->question->key), g_free);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
  g_object_set_data_full (G_OBJECT (dialog), "form", g_object_ref (self), g_object_unref);
  g_signal_connect (list, "row-activated", G_CALLBACK (problem_activated_cb), dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MaAuditForm *self = MA_AUDIT_FORM (widget);
  g_autoptr(MaAudit) audit = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  if (!is_editable (self))
    return;
  audit = collect_audit (self);
  problems = ma_submit_check (self->template, audit);
  if (problems->len > 0)
    {
      show_refusal (self, problems);
      return;
    }

  /* The last edits and the new status in one write, after any queued. */
  g_clear_handle_id (&self->save_timer, g_source_remove);
  g_clear_handle_id (&self->retry_timer, g_source_remove);
  audit->status = MA_AUDIT_SUBMITTED;
  g_free (audit->modified);
  audit->modified = now_iso8601 ();
  self->in_flight = TRUE;
  self->flight_generation = self->generation;
  ma_draft_saver_save_async (self->saver, audit, audit->auditor, NULL, status_done_cb, g_object_ref (self));
}

static void
set_status (MaAuditForm   *self,
            MaAuditStatus  status,
            const char    *reason)
{
  ma_draft_saver_set_status_async (self->saver, self->audit->uuid, status, office_user (), reason,
                                   status_done_cb, g_object_ref (self));
}

static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MaAuditForm *self = MA_AUDIT_FORM (widget);

  if (self->audit != NULL && self->audit->status == MA_AUDIT_SUBMITTED)
    set_status (self, MA_AUDIT_APPROVED, NULL);
}

static void
reason_changed_cb (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, g_object_get_data (G_OBJECT (dialog), "response"),
                                           *text != '\0');
}

static void
reason_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    MaAuditForm      *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (*reason == '\0' || self->audit == NULL)
    return;
  if (g_strcmp0 (response, "void") == 0)
    set_status (self, MA_AUDIT_VOIDED, reason);
  else if (g_strcmp0 (response, "return") == 0)
    set_status (self, MA_AUDIT_DRAFT, reason);
}

static void
ask_reason (MaAuditForm *self,
            const char  *heading,
            const char  *body,
            const char  *entry_label,
            const char  *response,
            const char  *response_label,
            gboolean     destructive)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), entry_label);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, entry_label, -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    response, response_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response,
                                              destructive ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), response, FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), response);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data_full (G_OBJECT (dialog), "response", g_strdup (response), g_free);
  g_signal_connect (entry, "changed", G_CALLBACK (reason_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (reason_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
return_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MaAuditForm *self = MA_AUDIT_FORM (widget);

  if (self->audit == NULL || self->audit->status != MA_AUDIT_SUBMITTED)
    return;
  ask_reason (self, _("Return to the Auditor?"),
              _("The audit becomes a draft again that the auditor can change and submit. "
                "Say what needs to change."),
              _("Note for the auditor"), "return", _("_Return"), FALSE);
}

static void
void_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MaAuditForm *self = MA_AUDIT_FORM (widget);

  if (self->audit == NULL || self->audit->status == MA_AUDIT_VOIDED)
    return;
  ask_reason (self, _("Void the Audit?"),
              _("A voided audit counts nowhere and cannot be changed again. It stays in the "
                "database with its answers and the reason."),
              _("Reason for voiding"), "void", _("_Void"), TRUE);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  MaAuditForm *self = MA_AUDIT_FORM (widget);

  /* Written now rather than after the delay: the list shows it next. */
  if (self->save_timer != 0)
    start_save (self);
  g_signal_emit (self, signals[SIGNAL_CLOSE_REQUEST], 0);
}

/* ---- accessors ------------------------------------------------------------------- */

const char *
ma_audit_form_get_uuid (MaAuditForm *self)
{
  g_return_val_if_fail (MA_IS_AUDIT_FORM (self), NULL);
  return self->audit != NULL ? self->audit->uuid : NULL;
}

MaAuditStatus
ma_audit_form_get_status (MaAuditForm *self)
{
  g_return_val_if_fail (MA_IS_AUDIT_FORM (self), MA_AUDIT_DRAFT);
  return self->audit != NULL ? self->audit->status : MA_AUDIT_DRAFT;
}

MaSaveState
ma_audit_form_get_save_state (MaAuditForm *self)
{
  g_return_val_if_fail (MA_IS_AUDIT_FORM (self), MA_SAVE_STATE_NONE);
  return self->save_state;
}

const char *
ma_audit_form_get_save_text (MaAuditForm *self)
{
  g_return_val_if_fail (MA_IS_AUDIT_FORM (self), NULL);

  switch (self->save_state)
    {
    case MA_SAVE_STATE_SAVING:
      return _("Saving…");
    case MA_SAVE_STATE_SAVED:
      return _("Saved");
    case MA_SAVE_STATE_FAILED:
      return _("Not saved");
    case MA_SAVE_STATE_NONE:
    default:
      return self->audit != NULL ? status_text (self->audit->status) : "";
    }
}

const char *
ma_audit_form_get_score_text (MaAuditForm *self)
{
  g_return_val_if_fail (MA_IS_AUDIT_FORM (self), NULL);
  return self->score_text;
}

MaQuestionRow *
ma_audit_form_get_row (MaAuditForm *self,
                       const char  *question)
{
  g_return_val_if_fail (MA_IS_AUDIT_FORM (self), NULL);
  return g_hash_table_lookup (self->rows, question);
}

/* ---- object ----------------------------------------------------------------------- */

static void
shutdown_cb (MaAuditForm *self)
{
  /* The main loop has stopped: write what is pending and wait for it. */
  ma_audit_form_flush (self);
}

static void
ma_audit_form_unmap (GtkWidget *widget)
{
  MaAuditForm *self = MA_AUDIT_FORM (widget);

  /* Leaving the form (another view, a closed window) writes at once. */
  if (self->save_timer != 0)
    start_save (self);
  GTK_WIDGET_CLASS (ma_audit_form_parent_class)->unmap (widget);
}

static void
ma_audit_form_dispose (GObject *object)
{
  MaAuditForm *self = MA_AUDIT_FORM (object);

  if (!self->disposed && self->save_timer != 0)
    start_save (self);
  self->disposed = TRUE;
  g_clear_handle_id (&self->save_timer, g_source_remove);
  g_clear_handle_id (&self->retry_timer, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), MA_TYPE_AUDIT_FORM);
  g_clear_object (&self->saver);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ma_audit_form_parent_class)->dispose (object);
}

static void
ma_audit_form_finalize (GObject *object)
{
  MaAuditForm *self = MA_AUDIT_FORM (object);

  g_clear_pointer (&self->template, ma_template_free);
  g_clear_pointer (&self->audit, ma_audit_free);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->section_scores, g_hash_table_unref);
  g_clear_pointer (&self->row_order, g_ptr_array_unref);
  g_free (self->score_text);

  G_OBJECT_CLASS (ma_audit_form_parent_class)->finalize (object);
}

static void
ma_audit_form_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MaAuditForm *self = MA_AUDIT_FORM (object);

  switch (prop_id)
    {
    case PROP_SAVE_STATE:
      g_value_set_int (value, self->save_state);
      break;
    case PROP_SAVE_TEXT:
      g_value_set_string (value, ma_audit_form_get_save_text (self));
      break;
    case PROP_STATUS:
      g_value_set_int (value, ma_audit_form_get_status (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_audit_form_class_init (MaAuditFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ma_audit_form_dispose;
  object_class->finalize = ma_audit_form_finalize;
  object_class->get_property = ma_audit_form_get_property;
  widget_class->unmap = ma_audit_form_unmap;

  properties[PROP_SAVE_STATE] = g_param_spec_int ("save-state", NULL, NULL, 0, MA_SAVE_STATE_FAILED,
                                                  MA_SAVE_STATE_NONE, flags);
  properties[PROP_SAVE_TEXT] = g_param_spec_string ("save-text", NULL, NULL, "", flags);
  properties[PROP_STATUS] = g_param_spec_int ("status", NULL, NULL, 0, MA_AUDIT_VOIDED, MA_AUDIT_DRAFT, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CLOSE_REQUEST] = g_signal_new ("close-request", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Submitted, approved, returned or voided: lists need a refresh. */
  signals[SIGNAL_STATUS_CHANGED] = g_signal_new ("status-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mysteryaudit/MysteryAudit/ui/ma-audit-form.ui");
  gtk_widget_class_bind_template_child (widget_class, MaAuditForm, close_button);
  gtk_widget_class_bind_template_child (widget_class, MaAuditForm, box);
  gtk_widget_class_bind_template_child (widget_class, MaAuditForm, title_label);
  gtk_widget_class_bind_template_child (widget_class, MaAuditForm, info_label);
  gtk_widget_class_bind_template_child (widget_class, MaAuditForm, save_label);
  gtk_widget_class_bind_template_child (widget_class, MaAuditForm, save_error_revealer);
  gtk_widget_class_bind_template_child (widget_class, MaAuditForm, save_error_label);
  gtk_widget_class_bind_template_child (widget_class, MaAuditForm, state_label);
  gtk_widget_class_bind_template_child (widget_class, MaAuditForm, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, MaAuditForm, score_label);
  gtk_widget_class_bind_template_child (widget_class, MaAuditForm, critical_revealer);
  gtk_widget_class_bind_template_child (widget_class, MaAuditForm, critical_label);
  gtk_widget_class_bind_template_child (widget_class, MaAuditForm, scrolled);
  gtk_widget_class_bind_template_child (widget_class, MaAuditForm, sections_box);
  gtk_widget_class_bind_template_child (widget_class, MaAuditForm, history_button);
  gtk_widget_class_bind_template_child (widget_class, MaAuditForm, history_list);
  gtk_widget_class_bind_template_child (widget_class, MaAuditForm, submit_button);
  gtk_widget_class_bind_template_child (widget_class, MaAuditForm, approve_button);
  gtk_widget_class_bind_template_child (widget_class, MaAuditForm, return_button);
  gtk_widget_class_bind_template_child (widget_class, MaAuditForm, void_button);

  gtk_widget_class_install_action (widget_class, "form.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "form.approve", NULL, approve_action);
  gtk_widget_class_install_action (widget_class, "form.return", NULL, return_action);
  gtk_widget_class_install_action (widget_class, "form.void", NULL, void_action);
  gtk_widget_class_install_action (widget_class, "form.retry-save", NULL, retry_save_action);
  gtk_widget_class_install_action (widget_class, "form.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "form.attach-to-audit", NULL, attach_to_audit_action);
  gtk_widget_class_install_action (widget_class, "form.focus-question", "s", focus_question_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "form.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "form.submit", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ma_audit_form_init (MaAuditForm *self)
{
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->section_scores = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->row_order = g_ptr_array_new ();
  self->timing = ma_timing_is_enabled ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Audit"), -1);
  gtk_widget_set_visible (GTK_WIDGET (self->critical_revealer), FALSE);
}

GtkWidget *
ma_audit_form_new (MaStore      *store,
                   MaDraftSaver *saver)
{
  MaAuditForm *self;
  GApplication *application;

  g_return_val_if_fail (MA_IS_STORE (store), NULL);
  g_return_val_if_fail (MA_IS_DRAFT_SAVER (saver), NULL);

  self = g_object_new (MA_TYPE_AUDIT_FORM, NULL);
  self->store = g_object_ref (store);
  self->saver = g_object_ref (saver);
  application = g_application_get_default ();
  if (application != NULL)
    g_signal_connect_object (application, "shutdown", G_CALLBACK (shutdown_cb), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

/* On a narrow window the header's own back button leads back to the list,
 * so the form's would be a second arrow doing the same thing. */
void
ma_audit_form_set_show_close_button (MaAuditForm *self,
                                     gboolean     show)
{
  g_return_if_fail (MA_IS_AUDIT_FORM (self));
  gtk_widget_set_visible (self->close_button, show);
}

MaAttachmentList *
ma_audit_form_get_audit_evidence (MaAuditForm *self)
{
  g_return_val_if_fail (MA_IS_AUDIT_FORM (self), NULL);
  return self->audit_evidence;
}
