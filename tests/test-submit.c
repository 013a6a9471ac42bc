/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ma-submit.h"

/* q_yes (yes/no, comment on fail), q_scale (1..5, comment on fail),
 * q_na (yes/no, N/A allowed) in section s1; q_text (text) in s2. */
static MaTemplate *
new_template (void)
{
  MaTemplate *tpl = ma_template_new ();
  MaSection *s1 = ma_section_new ();
  MaSection *s2 = ma_section_new ();
  MaQuestion *q;

  tpl->key = g_strdup ("t");
  tpl->version = 1;
  s1->key = g_strdup ("s1");
  s1->title = g_strdup ("Section 1");
  s2->key = g_strdup ("s2");
  s2->title = g_strdup ("Section 2");

  q = ma_question_new ();
  q->key = g_strdup ("q_yes");
  q->text = g_strdup ("Greeted");
  q->type = MA_QUESTION_YES_NO;
  q->comment_on_fail = TRUE;
  g_ptr_array_add (s1->questions, q);

  q = ma_question_new ();
  q->key = g_strdup ("q_scale");
  q->text = g_strdup ("Knowledge");
  q->type = MA_QUESTION_SCALE;
  q->scale_min = 1;
  q->scale_max = 5;
  q->comment_on_fail = TRUE;
  g_ptr_array_add (s1->questions, q);

  q = ma_question_new ();
  q->key = g_strdup ("q_na");
  q->text = g_strdup ("Terms");
  q->type = MA_QUESTION_YES_NO;
  q->allow_na = TRUE;
  g_ptr_array_add (s1->questions, q);

  q = ma_question_new ();
  q->key = g_strdup ("q_text");
  q->text = g_strdup ("Notes");
  q->type = MA_QUESTION_TEXT;
  g_ptr_array_add (s2->questions, q);

  g_ptr_array_add (tpl->sections, s1);
  g_ptr_array_add (tpl->sections, s2);
  return tpl;
}

static MaAnswer *
answer (MaAudit    *audit,
        const char *question)
{
  MaAnswer *a = ma_answer_new (question);

  g_ptr_array_add (audit->answers, a);
  return a;
}

static void
assert_problem (GPtrArray           *problems,
                guint                index,
                const char          *question,
                MaSubmitProblemKind  kind)
{
  const MaSubmitProblem *p;

  g_assert_cmpuint (index, <, problems->len);
  p = g_ptr_array_index (problems, index);
  g_assert_cmpstr (p->question->key, ==, question);
  g_assert_cmpint (p->kind, ==, kind);
}

static void
test_empty_audit (void)
{
  g_autoptr(MaTemplate) tpl = new_template ();
  g_autoptr(MaAudit) audit = ma_audit_new ();
  g_autoptr(GPtrArray) problems = ma_submit_check (tpl, audit);
  g_autofree char *text = NULL;

  /* Every question, in template order, with its section. */
  g_assert_cmpuint (problems->len, ==, 4);
  assert_problem (problems, 0, "q_yes", MA_SUBMIT_UNANSWERED);
  assert_problem (problems, 1, "q_scale", MA_SUBMIT_UNANSWERED);
  assert_problem (problems, 2, "q_na", MA_SUBMIT_UNANSWERED);
  assert_problem (problems, 3, "q_text", MA_SUBMIT_UNANSWERED);
  g_assert_cmpstr (((MaSubmitProblem *) g_ptr_array_index (problems, 3))->section->key, ==, "s2");

  text = ma_submit_describe (problems);
  g_assert_cmpstr (text, ==, "4 questions stop the submission: “Greeted” is not answered; "
                             "“Knowledge” is not answered; “Terms” is not answered; "
                             "“Notes” is not answered");
}

static void
test_complete_audit (void)
{
  g_autoptr(MaTemplate) tpl = new_template ();
  g_autoptr(MaAudit) audit = ma_audit_new ();
  g_autoptr(GPtrArray) problems = NULL;
  MaAnswer *a;

  a = answer (audit, "q_yes");
  a->kind = MA_VALUE_BOOL;
  a->boolean = TRUE;
  a = answer (audit, "q_scale");
  a->kind = MA_VALUE_NUMBER;
  a->number = 5;
  answer (audit, "q_na")->na = TRUE;
  a = answer (audit, "q_text");
  a->kind = MA_VALUE_STRING;
  a->string = g_strdup ("Busy Saturday");

  problems = ma_submit_check (tpl, audit);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_null (ma_submit_describe (problems));
}

static void
test_failed_needs_comment (void)
{
  g_autoptr(MaTemplate) tpl = new_template ();
  g_autoptr(MaAudit) audit = ma_audit_new ();
  g_autoptr(GPtrArray) problems = NULL;
  MaAnswer *yes, *scale, *text;

  yes = answer (audit, "q_yes");
  yes->kind = MA_VALUE_BOOL;
  yes->boolean = FALSE;
  /* 4 of 5 is not full marks: it fails, as a critical question would. */
  scale = answer (audit, "q_scale");
  scale->kind = MA_VALUE_NUMBER;
  scale->number = 4;
  /* A failed answer of a question that asks for no comment needs none. */
  answer (audit, "q_na")->kind = MA_VALUE_BOOL;
  text = answer (audit, "q_text");
  text->kind = MA_VALUE_STRING;
  text->string = g_strdup (" \t\n");
  yes->comment = g_strdup ("   ");

  problems = ma_submit_check (tpl, audit);
  g_assert_cmpuint (problems->len, ==, 3);
  assert_problem (problems, 0, "q_yes", MA_SUBMIT_COMMENT_MISSING);
  assert_problem (problems, 1, "q_scale", MA_SUBMIT_COMMENT_MISSING);
  /* Blank text is no answer. */
  assert_problem (problems, 2, "q_text", MA_SUBMIT_UNANSWERED);

  g_clear_pointer (&problems, g_ptr_array_unref);
  g_free (yes->comment);
  yes->comment = g_strdup ("Looked at the phone the whole time");
  scale->number = 5;
  g_free (text->string);
  text->string = g_strdup ("ok");
  problems = ma_submit_check (tpl, audit);
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_is_failed (void)
{
  g_autoptr(MaTemplate) tpl = new_template ();
  const MaQuestion *yes = ma_template_find_question (tpl, "q_yes", NULL);
  const MaQuestion *text = ma_template_find_question (tpl, "q_text", NULL);
  g_autoptr(MaAnswer) a = ma_answer_new ("q_yes");

  g_assert_false (ma_answer_is_failed (yes, NULL));
  g_assert_false (ma_answer_is_failed (yes, a));
  a->kind = MA_VALUE_BOOL;
  a->boolean = FALSE;
  g_assert_true (ma_answer_is_failed (yes, a));
  a->boolean = TRUE;
  g_assert_false (ma_answer_is_failed (yes, a));
  /* Not scored: never failed. */
  a->kind = MA_VALUE_STRING;
  a->string = g_strdup ("x");
  g_assert_false (ma_answer_is_failed (text, a));
}

/* The form keeps its own copy of each question. */
static void
test_question_copy (void)
{
  g_autoptr(MaTemplate) tpl = new_template ();
  MaQuestion *original = (MaQuestion *) ma_template_find_question (tpl, "q_scale", NULL);
  g_autoptr(MaQuestion) copy = NULL;
  MaScaleLabel *label = g_new0 (MaScaleLabel, 1);

  label->value = 3;
  label->label = g_strdup ("Basics");
  g_ptr_array_add (original->scale_labels, label);
  copy = ma_question_copy (original);
  g_assert_true (copy != original);
  g_assert_cmpstr (copy->key, ==, "q_scale");
  g_assert_cmpstr (copy->text, ==, "Knowledge");
  g_assert_true (copy->comment_on_fail);
  g_assert_cmpint (copy->scale_max, ==, 5);
  g_assert_cmpuint (copy->scale_labels->len, ==, 1);
  g_assert_true (g_ptr_array_index (copy->scale_labels, 0) != label);
  g_assert_cmpstr (((MaScaleLabel *) g_ptr_array_index (copy->scale_labels, 0))->label, ==, "Basics");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/submit/empty", test_empty_audit);
  g_test_add_func ("/submit/complete", test_complete_audit);
  g_test_add_func ("/submit/failed-needs-comment", test_failed_needs_comment);
  g_test_add_func ("/submit/is-failed", test_is_failed);
  g_test_add_func ("/submit/question-copy", test_question_copy);
  return g_test_run ();
}
