/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ma-scoring.h"
#include "ma-submit.h"

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gboolean
is_answered (const MaQuestion *question,
             const MaAnswer   *answer)
{
  if (answer == NULL)
    return FALSE;
  if (answer->na)
    return TRUE;
  if (answer->kind == MA_VALUE_NONE)
    return FALSE;
  /* A text box with only spaces in it tells the office nothing. */
  if (question->type == MA_QUESTION_TEXT)
    return answer->kind == MA_VALUE_STRING && !is_blank (answer->string);
  return TRUE;
}

gboolean
ma_answer_is_failed (const MaQuestion *question,
                     const MaAnswer   *answer)
{
  double fraction;

  g_return_val_if_fail (question != NULL, FALSE);

  if (answer == NULL || answer->na)
    return FALSE;
  return ma_question_fraction (question, answer, &fraction) && fraction < 1.0;
}

static void
add_problem (GPtrArray           *problems,
             const MaSection     *section,
             const MaQuestion    *question,
             MaSubmitProblemKind  kind)
{
  MaSubmitProblem *problem = g_new0 (MaSubmitProblem, 1);

  problem->section = section;
  problem->question = question;
  problem->kind = kind;
  g_ptr_array_add (problems, problem);
}

GPtrArray *
ma_submit_check (const MaTemplate *template,
                 const MaAudit    *audit)
{
  GPtrArray *problems;

  g_return_val_if_fail (template != NULL, NULL);
  g_return_val_if_fail (audit != NULL, NULL);

  problems = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < template->sections->len; i++)
    {
      const MaSection *section = g_ptr_array_index (template->sections, i);

      for (guint j = 0; j < section->questions->len; j++)
        {
          const MaQuestion *question = g_ptr_array_index (section->questions, j);
          const MaAnswer *answer = ma_audit_find_answer (audit, question->key);

          if (!is_answered (question, answer))
            add_problem (problems, section, question, MA_SUBMIT_UNANSWERED);
          else if (question->comment_on_fail && ma_answer_is_failed (question, answer)
                   && is_blank (answer->comment))
            add_problem (problems, section, question, MA_SUBMIT_COMMENT_MISSING);
        }
    }
  return problems;
}

char *
ma_submit_describe (GPtrArray *problems)
{
  GString *text;

  g_return_val_if_fail (problems != NULL, NULL);

  if (problems->len == 0)
    return NULL;

  text = g_string_new (NULL);
  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "%u question stops the submission: ",
                                       "%u questions stop the submission: ",
                                       problems->len),
                          problems->len);
  for (guint i = 0; i < problems->len; i++)
    {
      const MaSubmitProblem *problem = g_ptr_array_index (problems, i);

      if (i > 0)
        g_string_append (text, "; ");
      g_string_append_printf (text,
                              problem->kind == MA_SUBMIT_UNANSWERED
                                ? _("“%s” is not answered")
                                : _("“%s” failed and needs a comment"),
                              problem->question->text);
    }
  return g_string_free (text, FALSE);
}
