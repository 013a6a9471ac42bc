/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "ma-scoring.h"

/* Fixtures are built with the model constructors so that these tests depend
 * on the scoring rules only, not on the bundle parser. */

static MaSection *
add_section (MaTemplate *tpl,
             const char *key,
             const char *component)
{
  MaSection *section = ma_section_new ();

  section->key = g_strdup (key);
  section->title = g_strdup (key);
  section->component = g_strdup (component);
  g_ptr_array_add (tpl->sections, section);
  return section;
}

static MaQuestion *
add_question (MaSection      *section,
              const char     *key,
              MaQuestionType  type,
              double          weight)
{
  MaQuestion *question = ma_question_new ();

  question->key = g_strdup (key);
  question->text = g_strdup (key);
  question->type = type;
  question->weight = weight;
  g_ptr_array_add (section->questions, question);
  return question;
}

static MaQuestion *
add_scale (MaSection  *section,
           const char *key,
           double      weight,
           gint64      min,
           gint64      max)
{
  MaQuestion *question = add_question (section, key, MA_QUESTION_SCALE, weight);

  question->scale_min = min;
  question->scale_max = max;
  return question;
}

static MaTemplate *
new_template (void)
{
  MaTemplate *tpl = ma_template_new ();

  tpl->key = g_strdup ("test");
  tpl->name = g_strdup ("Test");
  return tpl;
}

static MaAudit *
new_audit (void)
{
  MaAudit *audit = ma_audit_new ();

  audit->uuid = g_strdup ("00000000-0000-4000-8000-000000000001");
  audit->template_key = g_strdup ("test");
  return audit;
}

static MaAnswer *
add_answer (MaAudit    *audit,
            const char *question)
{
  MaAnswer *answer = ma_answer_new (question);

  g_ptr_array_add (audit->answers, answer);
  return answer;
}

static void
answer_bool (MaAudit    *audit,
             const char *question,
             gboolean    value)
{
  MaAnswer *answer = add_answer (audit, question);

  answer->kind = MA_VALUE_BOOL;
  answer->boolean = value;
}

static void
answer_number (MaAudit    *audit,
               const char *question,
               double      value)
{
  MaAnswer *answer = add_answer (audit, question);

  answer->kind = MA_VALUE_NUMBER;
  answer->number = value;
}

static void
answer_string (MaAudit    *audit,
               const char *question,
               const char *value)
{
  MaAnswer *answer = add_answer (audit, question);

  answer->kind = MA_VALUE_STRING;
  answer->string = g_strdup (value);
}

static void
answer_na (MaAudit    *audit,
           const char *question)
{
  MaAnswer *answer = add_answer (audit, question);

  answer->na = TRUE;
}

/* Fraction of a lone answer, or -1 when it is not scored. */
static double
fraction_of (const MaQuestion *question,
             const MaAnswer   *answer)
{
  double fraction = -1.0;

  if (!ma_question_fraction (question, answer, &fraction))
    g_assert_cmpfloat (fraction, ==, -1.0);  /* untouched */
  return fraction;
}

static MaAnswer *
bool_answer (gboolean value)
{
  MaAnswer *answer = ma_answer_new ("q");

  answer->kind = MA_VALUE_BOOL;
  answer->boolean = value;
  return answer;
}

static MaAnswer *
number_answer (double value)
{
  MaAnswer *answer = ma_answer_new ("q");

  answer->kind = MA_VALUE_NUMBER;
  answer->number = value;
  return answer;
}

static MaAnswer *
string_answer (const char *value)
{
  MaAnswer *answer = ma_answer_new ("q");

  answer->kind = MA_VALUE_STRING;
  answer->string = g_strdup (value);
  return answer;
}

#define assert_fraction(question, answer_expr, expected)          \
  G_STMT_START {                                                  \
    g_autoptr(MaAnswer) a_ = (answer_expr);                       \
    g_assert_cmpfloat_with_epsilon (fraction_of ((question), a_), \
                                    (expected), 1e-12);           \
  } G_STMT_END

#define assert_not_scored(question, answer_expr)                  \
  G_STMT_START {                                                  \
    g_autoptr(MaAnswer) a_ = (answer_expr);                       \
    g_assert_cmpfloat (fraction_of ((question), a_), ==, -1.0);   \
  } G_STMT_END

/* Example A of scoring.md 8, with q2 optionally critical (example B). */
static MaTemplate *
build_example_template (MaCriticalScope q2_critical)
{
  MaTemplate *tpl = new_template ();
  MaSection *greeting = add_section (tpl, "greeting", NULL);
  MaQuestion *q2, *q4;

  add_question (greeting, "q1", MA_QUESTION_YES_NO, 2);
  q2 = add_question (greeting, "q2", MA_QUESTION_YES_NO, 1);
  q2->critical = q2_critical;
  add_scale (greeting, "q3", 2, 1, 5);
  q4 = add_question (greeting, "q4", MA_QUESTION_YES_NO, 3);
  q4->allow_na = TRUE;
  return tpl;
}

static MaAudit *
build_example_audit (void)
{
  MaAudit *audit = new_audit ();

  answer_bool (audit, "q1", TRUE);
  answer_bool (audit, "q2", FALSE);
  answer_number (audit, "q3", 4);
  answer_na (audit, "q4");
  return audit;
}

static void
test_example_a (void)
{
  g_autoptr(MaTemplate) tpl = build_example_template (MA_CRITICAL_NONE);
  g_autoptr(MaAudit) audit = build_example_audit ();
  g_autoptr(MaScore) score = ma_score_audit (tpl, audit);
  g_autofree char *percent = NULL;
  const MaScorePart *greeting;

  g_assert_true (score->assessed);
  g_assert_cmpfloat_with_epsilon (score->earned, 3.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (score->possible, 5.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (score->score, 0.7, 1e-12);
  percent = ma_score_format_percent (score->score);
  g_assert_cmpstr (percent, ==, "70.0");
  g_assert_null (score->critical_failure);
  g_assert_cmpint (score->critical_scope, ==, MA_CRITICAL_NONE);
  g_assert_cmpuint (score->critical_failures->len, ==, 0);

  greeting = ma_score_find_section (score, "greeting");
  g_assert_nonnull (greeting);
  g_assert_true (greeting->assessed);
  g_assert_cmpfloat_with_epsilon (greeting->score, 0.7, 1e-12);
  g_assert_cmpuint (score->questions->len, ==, 4);
  g_assert_cmpfloat_with_epsilon (ma_score_find_question (score, "q3")->fraction, 0.75, 1e-12);
  g_assert_false (ma_score_find_question (score, "q4")->scored);
}

static void
test_example_b (void)
{
  g_autoptr(MaTemplate) tpl = build_example_template (MA_CRITICAL_SECTION);
  g_autoptr(MaAudit) audit = build_example_audit ();
  g_autoptr(MaScore) score = ma_score_audit (tpl, audit);
  g_autofree char *percent = NULL;
  const MaQuestionScore *q1;

  g_assert_true (score->assessed);
  g_assert_cmpfloat (score->earned, ==, 0.0);
  g_assert_cmpfloat_with_epsilon (score->possible, 5.0, 1e-12);
  g_assert_cmpfloat (score->score, ==, 0.0);
  percent = ma_score_format_percent (score->score);
  g_assert_cmpstr (percent, ==, "0.0");
  g_assert_cmpstr (score->critical_failure, ==, "q2");
  g_assert_cmpint (score->critical_scope, ==, MA_CRITICAL_SECTION);
  g_assert_cmpuint (score->critical_failures->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (score->critical_failures, 0), ==, "q2");

  /* The question keeps its own fraction; only what it earns is zeroed. */
  q1 = ma_score_find_question (score, "q1");
  g_assert_cmpfloat (q1->fraction, ==, 1.0);
  g_assert_cmpfloat (q1->earned, ==, 0.0);
  g_assert_cmpfloat (q1->possible, ==, 2.0);
}

static void
test_yes_no (void)
{
  g_autoptr(MaQuestion) q = ma_question_new ();

  q->key = g_strdup ("q");
  q->type = MA_QUESTION_YES_NO;
  assert_fraction (q, bool_answer (TRUE), 1.0);
  assert_fraction (q, bool_answer (FALSE), 0.0);
}

static void
test_yes_no_good_false (void)
{
  g_autoptr(MaQuestion) q = ma_question_new ();

  /* "Was the customer kept waiting?": no is the good answer. */
  q->key = g_strdup ("q");
  q->type = MA_QUESTION_YES_NO;
  q->good = FALSE;
  assert_fraction (q, bool_answer (FALSE), 1.0);
  assert_fraction (q, bool_answer (TRUE), 0.0);
}

static void
test_scale (void)
{
  g_autoptr(MaQuestion) q = ma_question_new ();

  q->key = g_strdup ("q");
  q->type = MA_QUESTION_SCALE;
  q->scale_min = 1;
  q->scale_max = 5;
  assert_fraction (q, number_answer (1), 0.0);
  assert_fraction (q, number_answer (2), 0.25);
  assert_fraction (q, number_answer (4), 0.75);
  assert_fraction (q, number_answer (5), 1.0);

  /* A scale that does not start at 0 or 1. */
  q->scale_min = -2;
  q->scale_max = 2;
  assert_fraction (q, number_answer (-2), 0.0);
  assert_fraction (q, number_answer (1), 0.75);
}

static void
test_choice (void)
{
  g_autoptr(MaQuestion) q = ma_question_new ();

  q->key = g_strdup ("q");
  q->type = MA_QUESTION_CHOICE;
  g_ptr_array_add (q->options, ma_choice_option_new ("full", "Full", 1.0));
  g_ptr_array_add (q->options, ma_choice_option_new ("partial", "Partial", 0.4));
  g_ptr_array_add (q->options, ma_choice_option_new ("none", "None", 0.0));
  assert_fraction (q, string_answer ("full"), 1.0);
  assert_fraction (q, string_answer ("partial"), 0.4);
  assert_fraction (q, string_answer ("none"), 0.0);
}

static void
test_number_max_min (void)
{
  g_autoptr(MaQuestion) q = ma_question_new ();

  q->key = g_strdup ("q");
  q->type = MA_QUESTION_NUMBER;
  q->rule = MA_NUMBER_RULE_MAX;
  q->rule_limit = 120;
  assert_fraction (q, number_answer (90), 1.0);
  assert_fraction (q, number_answer (120), 1.0);   /* equal passes */
  assert_fraction (q, number_answer (120.5), 0.0);
  assert_fraction (q, number_answer (-5), 1.0);

  q->rule = MA_NUMBER_RULE_MIN;
  q->rule_limit = 3;
  assert_fraction (q, number_answer (4), 1.0);
  assert_fraction (q, number_answer (3), 1.0);     /* equal passes */
  assert_fraction (q, number_answer (2.99), 0.0);
}

static void
test_number_band_smaller_is_better (void)
{
  g_autoptr(MaQuestion) q = ma_question_new ();

  /* Waiting time: 1 at 60 s or less, 0 at 300 s or more. */
  q->key = g_strdup ("q");
  q->type = MA_QUESTION_NUMBER;
  q->rule = MA_NUMBER_RULE_BAND;
  q->band_full = 60;
  q->band_zero = 300;
  assert_fraction (q, number_answer (0), 1.0);     /* beyond the full end */
  assert_fraction (q, number_answer (60), 1.0);
  assert_fraction (q, number_answer (120), 0.75);
  assert_fraction (q, number_answer (180), 0.5);
  assert_fraction (q, number_answer (300), 0.0);
  assert_fraction (q, number_answer (1000), 0.0);  /* beyond the zero end */
}

static void
test_number_band_bigger_is_better (void)
{
  g_autoptr(MaQuestion) q = ma_question_new ();

  /* Items offered: 1 at 5 or more, 0 at 1 or fewer. */
  q->key = g_strdup ("q");
  q->type = MA_QUESTION_NUMBER;
  q->rule = MA_NUMBER_RULE_BAND;
  q->band_full = 5;
  q->band_zero = 1;
  assert_fraction (q, number_answer (9), 1.0);     /* beyond the full end */
  assert_fraction (q, number_answer (5), 1.0);
  assert_fraction (q, number_answer (4), 0.75);
  assert_fraction (q, number_answer (2), 0.25);
  assert_fraction (q, number_answer (1), 0.0);
  assert_fraction (q, number_answer (-3), 0.0);    /* beyond the zero end */
}

static void
test_text_not_scored (void)
{
  g_autoptr(MaQuestion) q = ma_question_new ();
  g_autoptr(MaTemplate) tpl = new_template ();
  g_autoptr(MaAudit) audit = new_audit ();
  g_autoptr(MaScore) score = NULL;
  MaSection *s = add_section (tpl, "s", "politeness");

  q->key = g_strdup ("q");
  q->type = MA_QUESTION_TEXT;
  q->weight = 5;
  assert_not_scored (q, string_answer ("Friendly staff"));

  /* Its weight is ignored: the audit is the yes/no question alone. */
  add_question (s, "comment", MA_QUESTION_TEXT, 5);
  add_question (s, "q1", MA_QUESTION_YES_NO, 1);
  answer_string (audit, "comment", "Friendly staff");
  answer_bool (audit, "q1", TRUE);
  score = ma_score_audit (tpl, audit);
  g_assert_cmpfloat (score->possible, ==, 1.0);
  g_assert_cmpfloat (score->score, ==, 1.0);
  g_assert_false (ma_score_find_question (score, "comment")->scored);
  g_assert_cmpfloat (ma_score_find_component (score, "politeness")->possible, ==, 1.0);
}

static void
test_na (void)
{
  g_autoptr(MaTemplate) tpl = new_template ();
  g_autoptr(MaAudit) audit = new_audit ();
  g_autoptr(MaScore) score = NULL;
  MaSection *s = add_section (tpl, "s", NULL);
  MaQuestion *q2;
  const MaQuestionScore *qs;

  add_question (s, "q1", MA_QUESTION_YES_NO, 1);
  q2 = add_question (s, "q2", MA_QUESTION_YES_NO, 4);
  q2->allow_na = TRUE;
  answer_bool (audit, "q1", TRUE);
  answer_na (audit, "q2");
  score = ma_score_audit (tpl, audit);

  /* Out of both earned and possible: 1 of 1, not 1 of 5. */
  g_assert_cmpfloat (score->earned, ==, 1.0);
  g_assert_cmpfloat (score->possible, ==, 1.0);
  g_assert_cmpfloat (score->score, ==, 1.0);
  qs = ma_score_find_question (score, "q2");
  g_assert_false (qs->scored);
  g_assert_cmpfloat (qs->possible, ==, 0.0);

  {
    g_autoptr(MaAnswer) na = ma_answer_new ("q2");
    double fraction = -1.0;

    na->na = TRUE;
    g_assert_false (ma_question_fraction (q2, na, &fraction));
    g_assert_cmpfloat (fraction, ==, -1.0);
  }
}

static void
test_unanswered (void)
{
  g_autoptr(MaTemplate) tpl = new_template ();
  g_autoptr(MaAudit) audit = new_audit ();
  g_autoptr(MaScore) score = NULL;
  MaSection *s = add_section (tpl, "s", NULL);
  double fraction = -1.0;

  add_question (s, "q1", MA_QUESTION_YES_NO, 1);
  add_question (s, "q2", MA_QUESTION_YES_NO, 1);
  add_question (s, "q3", MA_QUESTION_YES_NO, 1);
  answer_bool (audit, "q1", FALSE);
  add_answer (audit, "q2");   /* present, without a value */
  score = ma_score_audit (tpl, audit);

  /* A draft with gaps: only q1 counts. */
  g_assert_true (score->assessed);
  g_assert_cmpfloat (score->possible, ==, 1.0);
  g_assert_cmpfloat (score->score, ==, 0.0);
  g_assert_false (ma_score_find_question (score, "q2")->scored);
  g_assert_false (ma_score_find_question (score, "q3")->scored);
  g_assert_false (ma_question_fraction (g_ptr_array_index (s->questions, 2), NULL, &fraction));
  g_assert_cmpfloat (fraction, ==, -1.0);
}

static void
test_wrong_type (void)
{
  g_autoptr(MaQuestion) yes_no = ma_question_new ();
  g_autoptr(MaQuestion) scale = ma_question_new ();
  g_autoptr(MaQuestion) choice = ma_question_new ();
  g_autoptr(MaQuestion) number = ma_question_new ();
  g_autoptr(MaTemplate) tpl = new_template ();
  g_autoptr(MaAudit) audit = new_audit ();
  g_autoptr(MaScore) score = NULL;
  MaSection *s;

  yes_no->type = MA_QUESTION_YES_NO;
  assert_not_scored (yes_no, number_answer (1));
  assert_not_scored (yes_no, string_answer ("yes"));

  scale->type = MA_QUESTION_SCALE;
  scale->scale_min = 1;
  scale->scale_max = 5;
  assert_not_scored (scale, bool_answer (TRUE));
  assert_not_scored (scale, string_answer ("4"));
  assert_not_scored (scale, number_answer (0));     /* below the range */
  assert_not_scored (scale, number_answer (6));     /* above the range */
  assert_not_scored (scale, number_answer (3.5));   /* not a step */
  assert_not_scored (scale, number_answer (NAN));

  choice->type = MA_QUESTION_CHOICE;
  g_ptr_array_add (choice->options, ma_choice_option_new ("a", "A", 1.0));
  assert_not_scored (choice, string_answer ("b"));  /* no such option */
  assert_not_scored (choice, bool_answer (TRUE));
  assert_not_scored (choice, number_answer (1));

  number->type = MA_QUESTION_NUMBER;
  number->rule = MA_NUMBER_RULE_MAX;
  number->rule_limit = 10;
  assert_not_scored (number, string_answer ("5"));
  assert_not_scored (number, bool_answer (TRUE));
  assert_not_scored (number, number_answer (INFINITY));
  assert_not_scored (number, number_answer (NAN));

  /* In an audit, a wrongly typed answer is left out, never counted as 0. */
  s = add_section (tpl, "s", NULL);
  add_question (s, "q1", MA_QUESTION_YES_NO, 1);
  add_scale (s, "q2", 1, 1, 5);
  answer_bool (audit, "q1", TRUE);
  answer_number (audit, "q2", 9);
  score = ma_score_audit (tpl, audit);
  g_assert_false (ma_score_find_question (score, "q2")->scored);
  g_assert_cmpfloat (score->possible, ==, 1.0);
  g_assert_cmpfloat (score->score, ==, 1.0);
}

static void
test_weight_zero (void)
{
  g_autoptr(MaTemplate) tpl = new_template ();
  g_autoptr(MaAudit) audit = new_audit ();
  g_autoptr(MaScore) score = NULL;
  MaSection *s = add_section (tpl, "s", NULL);
  MaSection *t = add_section (tpl, "t", NULL);

  add_question (s, "q1", MA_QUESTION_YES_NO, 1);
  add_question (s, "q2", MA_QUESTION_YES_NO, 0);
  add_question (t, "q3", MA_QUESTION_YES_NO, 0);
  answer_bool (audit, "q1", TRUE);
  answer_bool (audit, "q2", FALSE);
  answer_bool (audit, "q3", FALSE);
  score = ma_score_audit (tpl, audit);
  g_assert_cmpfloat (score->earned, ==, 1.0);
  g_assert_cmpfloat (score->possible, ==, 1.0);
  g_assert_cmpfloat (score->score, ==, 1.0);
  /* A section of weight-0 questions has nothing to score. */
  g_assert_false (ma_score_find_section (score, "t")->assessed);
}

/* Two sections; @critical_scope on s1's q1 (answered no); s2 fully right.
 * The score borrows keys from the template, so the caller keeps it. */
static MaScore *
score_two_sections_with_critical (MaCriticalScope   critical_scope,
                                  MaTemplate      **out_template)
{
  MaTemplate *tpl = new_template ();
  g_autoptr(MaAudit) audit = new_audit ();
  MaSection *s1 = add_section (tpl, "s1", NULL);
  MaSection *s2 = add_section (tpl, "s2", NULL);
  MaQuestion *q1 = add_question (s1, "q1", MA_QUESTION_YES_NO, 1);

  q1->critical = critical_scope;
  add_question (s1, "q2", MA_QUESTION_YES_NO, 1);
  add_question (s2, "q3", MA_QUESTION_YES_NO, 2);
  answer_bool (audit, "q1", FALSE);
  answer_bool (audit, "q2", TRUE);
  answer_bool (audit, "q3", TRUE);
  *out_template = tpl;
  return ma_score_audit (tpl, audit);
}

static void
test_critical_section (void)
{
  g_autoptr(MaTemplate) tpl = NULL;
  g_autoptr(MaScore) score = score_two_sections_with_critical (MA_CRITICAL_SECTION, &tpl);
  const MaScorePart *s1 = ma_score_find_section (score, "s1");
  const MaScorePart *s2 = ma_score_find_section (score, "s2");

  g_assert_cmpfloat (s1->earned, ==, 0.0);
  g_assert_cmpfloat (s1->possible, ==, 2.0);
  g_assert_cmpfloat (s1->score, ==, 0.0);
  /* The other section keeps what it earned. */
  g_assert_cmpfloat (s2->score, ==, 1.0);
  g_assert_cmpfloat (score->earned, ==, 2.0);
  g_assert_cmpfloat (score->possible, ==, 4.0);
  g_assert_cmpfloat (score->score, ==, 0.5);
  g_assert_cmpstr (score->critical_failure, ==, "q1");
  g_assert_cmpint (score->critical_scope, ==, MA_CRITICAL_SECTION);
}

static void
test_critical_audit (void)
{
  g_autoptr(MaTemplate) tpl = NULL;
  g_autoptr(MaScore) score = score_two_sections_with_critical (MA_CRITICAL_AUDIT, &tpl);
  const MaScorePart *s2 = ma_score_find_section (score, "s2");

  /* Every section earns 0; possible points are unchanged. */
  g_assert_true (s2->assessed);
  g_assert_cmpfloat (s2->earned, ==, 0.0);
  g_assert_cmpfloat (s2->possible, ==, 2.0);
  g_assert_cmpfloat (s2->score, ==, 0.0);
  g_assert_cmpfloat (ma_score_find_question (score, "q3")->fraction, ==, 1.0);
  g_assert_cmpfloat (score->earned, ==, 0.0);
  g_assert_cmpfloat (score->possible, ==, 4.0);
  g_assert_true (score->assessed);
  g_assert_cmpfloat (score->score, ==, 0.0);
  g_assert_cmpstr (score->critical_failure, ==, "q1");
  g_assert_cmpint (score->critical_scope, ==, MA_CRITICAL_AUDIT);
}

static void
test_critical_partial_fraction_fails (void)
{
  g_autoptr(MaTemplate) tpl = new_template ();
  g_autoptr(MaAudit) audit = new_audit ();
  g_autoptr(MaScore) score = NULL;
  MaSection *s = add_section (tpl, "s", NULL);
  MaQuestion *q1 = add_scale (s, "q1", 1, 1, 5);

  /* "Below 1" fails, not only 0: a 4 of 5 on a critical scale fails. */
  q1->critical = MA_CRITICAL_SECTION;
  add_question (s, "q2", MA_QUESTION_YES_NO, 1);
  answer_number (audit, "q1", 4);
  answer_bool (audit, "q2", TRUE);
  score = ma_score_audit (tpl, audit);
  g_assert_cmpfloat (score->score, ==, 0.0);
  g_assert_cmpstr (score->critical_failure, ==, "q1");
}

static void
test_critical_na_does_not_fail (void)
{
  g_autoptr(MaTemplate) tpl = new_template ();
  g_autoptr(MaAudit) audit = new_audit ();
  g_autoptr(MaScore) score = NULL;
  MaSection *s = add_section (tpl, "s", NULL);
  MaQuestion *c1 = add_question (s, "c1", MA_QUESTION_YES_NO, 1);
  MaQuestion *c2 = add_question (s, "c2", MA_QUESTION_YES_NO, 1);

  c1->critical = MA_CRITICAL_AUDIT;
  c1->allow_na = TRUE;
  c2->critical = MA_CRITICAL_AUDIT;
  add_question (s, "q", MA_QUESTION_YES_NO, 1);
  answer_na (audit, "c1");
  /* c2 left unanswered (a draft) */
  answer_bool (audit, "q", TRUE);
  score = ma_score_audit (tpl, audit);

  g_assert_null (score->critical_failure);
  g_assert_cmpint (score->critical_scope, ==, MA_CRITICAL_NONE);
  g_assert_cmpuint (score->critical_failures->len, ==, 0);
  g_assert_cmpfloat (score->score, ==, 1.0);
}

static void
test_critical_first_in_template_order (void)
{
  g_autoptr(MaTemplate) tpl = new_template ();
  g_autoptr(MaAudit) audit = new_audit ();
  g_autoptr(MaScore) score = NULL;
  MaSection *s1 = add_section (tpl, "s1", NULL);
  MaSection *s2 = add_section (tpl, "s2", NULL);
  MaQuestion *a = add_question (s1, "a", MA_QUESTION_YES_NO, 1);
  MaQuestion *b = add_question (s2, "b", MA_QUESTION_YES_NO, 1);

  a->critical = MA_CRITICAL_SECTION;
  b->critical = MA_CRITICAL_AUDIT;
  /* Answers in the opposite order from the template's. */
  answer_bool (audit, "b", FALSE);
  answer_bool (audit, "a", FALSE);
  score = ma_score_audit (tpl, audit);

  g_assert_cmpstr (score->critical_failure, ==, "a");
  g_assert_cmpint (score->critical_scope, ==, MA_CRITICAL_SECTION);
  g_assert_cmpuint (score->critical_failures->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (score->critical_failures, 0), ==, "a");
  g_assert_cmpstr (g_ptr_array_index (score->critical_failures, 1), ==, "b");
}

static void
test_section_weights_mean (void)
{
  g_autoptr(MaTemplate) tpl = new_template ();
  g_autoptr(MaAudit) audit = new_audit ();
  g_autoptr(MaScore) score = NULL;
  MaSection *s1 = add_section (tpl, "s1", NULL);
  MaSection *s2 = add_section (tpl, "s2", NULL);

  s1->has_weight = s2->has_weight = TRUE;
  s1->weight = 1;
  s2->weight = 3;
  add_question (s1, "a", MA_QUESTION_YES_NO, 1);
  add_question (s2, "b", MA_QUESTION_YES_NO, 1);
  add_question (s2, "c", MA_QUESTION_YES_NO, 1);
  add_question (s2, "d", MA_QUESTION_YES_NO, 1);
  add_question (s2, "e", MA_QUESTION_YES_NO, 1);
  answer_bool (audit, "a", FALSE);
  answer_bool (audit, "b", TRUE);
  answer_bool (audit, "c", TRUE);
  answer_bool (audit, "d", TRUE);
  answer_bool (audit, "e", FALSE);
  score = ma_score_audit (tpl, audit);

  /* (1 x 0 + 3 x 0.75) / 4 = 0.5625; pooled it would be 3 / 5. */
  g_assert_cmpfloat_with_epsilon (score->score, 0.5625, 1e-12);
  g_assert_cmpfloat (score->earned, ==, 3.0);
  g_assert_cmpfloat (score->possible, ==, 5.0);
}

static void
test_section_weights_renormalised (void)
{
  g_autoptr(MaTemplate) tpl = new_template ();
  g_autoptr(MaAudit) audit = new_audit ();
  g_autoptr(MaScore) score = NULL;
  MaSection *s1 = add_section (tpl, "s1", NULL);
  MaSection *s2 = add_section (tpl, "s2", NULL);
  MaSection *s3 = add_section (tpl, "s3", NULL);
  MaQuestion *c;

  s1->has_weight = s2->has_weight = s3->has_weight = TRUE;
  s1->weight = 50;
  s2->weight = 30;
  s3->weight = 20;
  add_question (s1, "a", MA_QUESTION_YES_NO, 1);
  add_question (s2, "b", MA_QUESTION_YES_NO, 1);
  c = add_question (s3, "c", MA_QUESTION_YES_NO, 1);
  c->allow_na = TRUE;
  answer_bool (audit, "a", TRUE);
  answer_bool (audit, "b", FALSE);
  answer_na (audit, "c");
  score = ma_score_audit (tpl, audit);

  /* 50 x 1 + 30 x 0 over 80, not 100: 0.625 (0.5 if s3 counted as 0 or
   * the weights were not renormalised, 0.7 if it counted as 100 %). */
  g_assert_true (score->assessed);
  g_assert_cmpfloat_with_epsilon (score->score, 0.625, 1e-12);
  g_assert_false (ma_score_find_section (score, "s3")->assessed);
}

static void
test_section_weights_zero_sum (void)
{
  g_autoptr(MaTemplate) tpl = new_template ();
  g_autoptr(MaAudit) audit = new_audit ();
  g_autoptr(MaScore) score = NULL;
  MaSection *s1 = add_section (tpl, "s1", NULL);
  MaSection *s2 = add_section (tpl, "s2", NULL);
  MaQuestion *b;

  /* Only a section of weight 0 was assessed: no mean can be taken. */
  s1->has_weight = s2->has_weight = TRUE;
  s1->weight = 0;
  s2->weight = 1;
  add_question (s1, "a", MA_QUESTION_YES_NO, 1);
  b = add_question (s2, "b", MA_QUESTION_YES_NO, 1);
  b->allow_na = TRUE;
  answer_bool (audit, "a", TRUE);
  answer_na (audit, "b");
  score = ma_score_audit (tpl, audit);

  g_assert_true (ma_score_find_section (score, "s1")->assessed);
  g_assert_false (score->assessed);
  g_assert_true (isnan (score->score));
}

static void
test_not_assessed_section (void)
{
  g_autoptr(MaTemplate) tpl = new_template ();
  g_autoptr(MaAudit) audit = new_audit ();
  g_autoptr(MaScore) score = NULL;
  MaSection *s1 = add_section (tpl, "s1", NULL);
  MaSection *s2 = add_section (tpl, "s2", NULL);
  MaQuestion *b;
  const MaScorePart *part;

  add_question (s1, "a", MA_QUESTION_YES_NO, 1);
  add_question (s1, "a2", MA_QUESTION_YES_NO, 1);
  b = add_question (s2, "b", MA_QUESTION_YES_NO, 1);
  b->allow_na = TRUE;
  add_question (s2, "t", MA_QUESTION_TEXT, 1);
  answer_bool (audit, "a", TRUE);
  answer_bool (audit, "a2", FALSE);
  answer_na (audit, "b");
  answer_string (audit, "t", "note");
  score = ma_score_audit (tpl, audit);

  part = ma_score_find_section (score, "s2");
  g_assert_nonnull (part);
  g_assert_false (part->assessed);
  g_assert_true (isnan (part->score));
  g_assert_null (ma_score_format_percent (part->score));
  /* The N/A section pulls the audit neither down (1/3) nor up (2/3). */
  g_assert_cmpfloat (score->score, ==, 0.5);
}

static void
test_all_na_not_assessed (void)
{
  g_autoptr(MaTemplate) tpl = new_template ();
  g_autoptr(MaAudit) audit = new_audit ();
  g_autoptr(MaScore) score = NULL;
  MaSection *s = add_section (tpl, "s", "politeness");
  MaQuestion *a = add_question (s, "a", MA_QUESTION_YES_NO, 1);
  MaQuestion *b = add_question (s, "b", MA_QUESTION_YES_NO, 1);

  a->allow_na = b->allow_na = TRUE;
  answer_na (audit, "a");
  answer_na (audit, "b");
  score = ma_score_audit (tpl, audit);

  g_assert_false (score->assessed);
  g_assert_true (isnan (score->score));
  g_assert_cmpfloat (score->possible, ==, 0.0);
  g_assert_false (ma_score_find_section (score, "s")->assessed);
  g_assert_false (ma_score_find_component (score, "politeness")->assessed);
  g_assert_true (isnan (ma_score_find_component (score, "politeness")->score));
}

static void
test_components (void)
{
  g_autoptr(MaTemplate) tpl = new_template ();
  g_autoptr(MaAudit) audit = new_audit ();
  g_autoptr(MaScore) score = NULL;
  MaSection *s1 = add_section (tpl, "s1", "politeness");
  MaSection *s2 = add_section (tpl, "s2", NULL);
  MaSection *s3 = add_section (tpl, "s3", "cleanliness");
  MaQuestion *q;
  const MaScorePart *part;

  add_question (s1, "a", MA_QUESTION_YES_NO, 1);
  q = add_question (s1, "b", MA_QUESTION_YES_NO, 1);
  q->component = g_strdup ("punctuality");   /* overrides the section's */
  q = add_question (s2, "c", MA_QUESTION_YES_NO, 2);
  q->component = g_strdup ("punctuality");
  add_question (s2, "d", MA_QUESTION_YES_NO, 1);  /* no component */
  q = add_question (s3, "e", MA_QUESTION_YES_NO, 1);
  q->allow_na = TRUE;
  answer_bool (audit, "a", TRUE);
  answer_bool (audit, "b", FALSE);
  answer_bool (audit, "c", TRUE);
  answer_bool (audit, "d", FALSE);
  answer_na (audit, "e");
  score = ma_score_audit (tpl, audit);

  g_assert_cmpuint (score->components->len, ==, 3);
  /* In order of first use. */
  g_assert_cmpstr (((MaScorePart *) g_ptr_array_index (score->components, 0))->key, ==, "politeness");
  g_assert_cmpstr (((MaScorePart *) g_ptr_array_index (score->components, 1))->key, ==, "punctuality");

  part = ma_score_find_component (score, "politeness");
  g_assert_true (part->assessed);
  g_assert_cmpfloat (part->score, ==, 1.0);
  g_assert_cmpfloat (part->possible, ==, 1.0);

  part = ma_score_find_component (score, "punctuality");
  g_assert_cmpfloat (part->earned, ==, 2.0);
  g_assert_cmpfloat (part->possible, ==, 3.0);
  g_assert_cmpfloat_with_epsilon (part->score, 2.0 / 3.0, 1e-12);

  part = ma_score_find_component (score, "cleanliness");
  g_assert_false (part->assessed);
  g_assert_true (isnan (part->score));

  g_assert_null (ma_score_find_component (score, "volume"));
  g_assert_cmpstr (ma_score_find_question (score, "b")->component, ==, "punctuality");
  g_assert_null (ma_score_find_question (score, "d")->component);
}

static void
test_components_after_critical (void)
{
  g_autoptr(MaTemplate) tpl = new_template ();
  g_autoptr(MaAudit) audit = new_audit ();
  g_autoptr(MaScore) score = NULL;
  MaSection *s1 = add_section (tpl, "s1", NULL);
  MaSection *s2 = add_section (tpl, "s2", "politeness");
  MaQuestion *q;

  q = add_question (s1, "gate", MA_QUESTION_YES_NO, 1);
  q->critical = MA_CRITICAL_AUDIT;
  add_question (s2, "smile", MA_QUESTION_YES_NO, 1);
  answer_bool (audit, "gate", FALSE);
  answer_bool (audit, "smile", TRUE);
  score = ma_score_audit (tpl, audit);

  g_assert_true (ma_score_find_component (score, "politeness")->assessed);
  g_assert_cmpfloat (ma_score_find_component (score, "politeness")->score, ==, 0.0);
}

static void
test_format_percent (void)
{
  struct {
    double      fraction;
    const char *expected;
  } cases[] = {
    { 0.61725, "61.7" },
    { 0.6175, "61.8" },    /* half away from zero */
    /* Halves that printf ("%.1f") alone would round down or to even. */
    { 0.1235, "12.4" },
    { 0.7005, "70.1" },
    { 0.0025, "0.3" },
    { 0.2345, "23.5" },
    { 0.7, "70.0" },
    { 0.0, "0.0" },
    { 1.0, "100.0" },
    { 0.99951, "100.0" },
    { 0.70049, "70.0" },
    { 2.0 / 3.0, "66.7" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = ma_score_format_percent (cases[i].fraction);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
  g_assert_null (ma_score_format_percent (NAN));
  g_assert_null (ma_score_format_percent (INFINITY));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scoring/example-a", test_example_a);
  g_test_add_func ("/scoring/example-b", test_example_b);
  g_test_add_func ("/scoring/type/yes-no", test_yes_no);
  g_test_add_func ("/scoring/type/yes-no-good-false", test_yes_no_good_false);
  g_test_add_func ("/scoring/type/scale", test_scale);
  g_test_add_func ("/scoring/type/choice", test_choice);
  g_test_add_func ("/scoring/type/number-max-min", test_number_max_min);
  g_test_add_func ("/scoring/type/band-smaller-is-better", test_number_band_smaller_is_better);
  g_test_add_func ("/scoring/type/band-bigger-is-better", test_number_band_bigger_is_better);
  g_test_add_func ("/scoring/type/text", test_text_not_scored);
  g_test_add_func ("/scoring/na", test_na);
  g_test_add_func ("/scoring/unanswered", test_unanswered);
  g_test_add_func ("/scoring/wrong-type", test_wrong_type);
  g_test_add_func ("/scoring/weight-zero", test_weight_zero);
  g_test_add_func ("/scoring/critical/section", test_critical_section);
  g_test_add_func ("/scoring/critical/audit", test_critical_audit);
  g_test_add_func ("/scoring/critical/partial-fraction", test_critical_partial_fraction_fails);
  g_test_add_func ("/scoring/critical/na-does-not-fail", test_critical_na_does_not_fail);
  g_test_add_func ("/scoring/critical/first-in-template-order", test_critical_first_in_template_order);
  g_test_add_func ("/scoring/section-weights/mean", test_section_weights_mean);
  g_test_add_func ("/scoring/section-weights/renormalised", test_section_weights_renormalised);
  g_test_add_func ("/scoring/section-weights/zero-sum", test_section_weights_zero_sum);
  g_test_add_func ("/scoring/not-assessed-section", test_not_assessed_section);
  g_test_add_func ("/scoring/all-na-not-assessed", test_all_na_not_assessed);
  g_test_add_func ("/scoring/components", test_components);
  g_test_add_func ("/scoring/components/after-critical", test_components_after_critical);
  g_test_add_func ("/scoring/format-percent", test_format_percent);
  return g_test_run ();
}
