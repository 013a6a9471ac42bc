/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>

#include "ma-money.h"
#include "ma-scoring.h"
#include "ma-statement.h"
#include "ma-template-i18n.h"

static void
block_free (MaStatementBlock *self)
{
  if (self == NULL)
    return;
  g_free (self->text);
  g_free (self->value);
  g_free (self);
}

void
ma_statement_document_free (MaStatementDocument *self)
{
  if (self == NULL)
    return;
  g_free (self->employee);
  g_free (self->name);
  g_free (self->period);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_free (self);
}

static void
add_block (MaStatementDocument *doc,
           MaBlockKind          kind,
           guint                indent,
           const char          *text,
           const char          *value)
{
  MaStatementBlock *block = g_new0 (MaStatementBlock, 1);

  block->kind = kind;
  block->indent = indent;
  block->text = g_strdup (text != NULL ? text : "");
  block->value = g_strdup (value);
  g_ptr_array_add (doc->blocks, block);
}

G_GNUC_PRINTF (4, 5) static void
add_blockf (MaStatementDocument *doc,
            MaBlockKind          kind,
            guint                indent,
            const char          *format,
            ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  add_block (doc, kind, indent, text, NULL);
}

char *
ma_format_percent_locale (double fraction)
{
  if (!isfinite (fraction))
    return NULL;
  /* printf follows LC_NUMERIC: "83,3" in ru_RU. The space before the sign
   * is a no-break one, as both Russian and SI typography want it. */
  return g_strdup_printf ("%.1f\u00a0%%", ma_round_half_away (fraction * 100.0, 1));
}

char *
ma_format_date_locale (const char *iso8601)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  if (iso8601 == NULL)
    return NULL;
  time = g_date_time_new_from_iso8601 (iso8601, utc);
  if (time == NULL)
    {
      g_autofree char *midnight = g_strconcat (iso8601, "T00:00:00Z", NULL);

      time = g_date_time_new_from_iso8601 (midnight, utc);
    }
  if (time == NULL)
    return g_strdup (iso8601);
  /* The visit's own day, not UTC's: parsing kept the offset it was
   * written with. */
  return g_date_time_format (time, "%x");
}

char *
ma_format_period_locale (const char *period)
{
  g_autoptr(GDateTime) time = NULL;

  if (period == NULL)
    return g_strdup ("");
  if (!ma_period_is_valid (period))
    return g_strdup (period);
  time = g_date_time_new_utc (atoi (period), atoi (period + 5), 1, 0, 0, 0);
  if (time == NULL)
    return g_strdup (period);
  /* TRANSLATORS: a month and its year, as a g_date_time_format() format:
   * %OB is the month's name as it stands alone ("Октябрь", not "октября"),
   * %Y the year. Latvian, for one, may want "%Y. gada %B". */
  return g_date_time_format (time, C_("month and year", "%OB %Y"));
}

const char *
ma_statement_policy_text (const MaBonusComponent *component)
{
  if (component->previous_unavailable)
    return _("not assessed: paid in full because no earlier period is closed");
  switch (component->missing_policy)
    {
    case MA_MISSING_ZERO:
      return _("not assessed: the scheme pays nothing without data");
    case MA_MISSING_PREVIOUS:
      return _("not assessed: the payout of the last closed period applies");
    case MA_MISSING_FULL:
    default:
      return _("not assessed: the scheme pays in full without data");
    }
}

static char *
describe_answer (const MaQuestion *question,
                 const MaAnswer   *answer)
{
  if (answer == NULL || answer->kind == MA_VALUE_NONE)
    return NULL;
  switch (question->type)
    {
    case MA_QUESTION_YES_NO:
      return g_strdup (answer->boolean ? _("yes") : _("no"));
    case MA_QUESTION_CHOICE:
      for (guint i = 0; question->options != NULL && i < question->options->len; i++)
        {
          const MaChoiceOption *option = g_ptr_array_index (question->options, i);

          if (g_strcmp0 (option->key, answer->string) == 0)
            return g_strdup (option->label);
        }
      return g_strdup (answer->string);
    case MA_QUESTION_NUMBER:
      if (question->unit != NULL)
        return g_strdup_printf ("%g %s", answer->number, ma_template_unit_label (question->unit));
      return g_strdup_printf ("%g", answer->number);
    case MA_QUESTION_SCALE:
      return g_strdup_printf ("%g (%" G_GINT64_FORMAT "–%" G_GINT64_FORMAT ")", answer->number,
                              question->scale_min, question->scale_max);
    case MA_QUESTION_TEXT:
    default:
      return g_strdup (answer->string);
    }
}

/* Adds @uuid's line and the questions that lost points; with @section,
 * only that section's (and nothing when the audit did not assess it).
 * Returns whether the audit was listed. */
static gboolean
add_audit (MaStatementDocument *doc,
           MaStore             *store,
           const char          *uuid,
           const char          *section_key,
           gboolean             with_branch,
           gboolean             disputed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaAudit) audit = NULL;
  g_autoptr(MaTemplate) template = NULL;
  g_autoptr(MaScore) score = NULL;
  g_autofree char *date = NULL;
  g_autofree char *percent = NULL;
  g_autofree char *heading = NULL;
  guint lost = 0;

  audit = ma_store_get_audit (store, uuid, &error);
  if (audit != NULL)
    template = ma_store_get_template (store, audit->template_key, audit->template_version, &error);
  if (audit == NULL || template == NULL)
    {
      add_blockf (doc, MA_BLOCK_WARNING, 1, _("Audit %s can no longer be read: %s"),
                  uuid, error->message);
      return TRUE;
    }

  score = ma_score_audit (template, audit);
  if (section_key != NULL)
    {
      const MaScorePart *part = ma_score_find_section (score, section_key);

      if (part == NULL || !part->assessed)
        return FALSE;
      percent = ma_format_percent_locale (part->score);
    }
  else
    percent = ma_format_percent_locale (score->score);
  date = ma_format_date_locale (audit->visited_at);
  if (with_branch)
    /* TRANSLATORS: an audit in a drill-down: date · branch · channel · template name */
    heading = g_strdup_printf (_("%s · %s · %s · %s"), date, audit->branch,
                               audit->channel != NULL || template->channel != NULL
                               ? ma_template_channel_label (audit->channel != NULL ? audit->channel : template->channel)
                               : "—",
                               template->name);
  else
    /* TRANSLATORS: an audit in a statement: date · channel · template name */
    heading = g_strdup_printf (_("%s · %s · %s"), date,
                               audit->channel != NULL || template->channel != NULL
                               ? ma_template_channel_label (audit->channel != NULL ? audit->channel : template->channel)
                               : "—",
                               template->name);
  add_block (doc, MA_BLOCK_LINE, 1, heading, percent != NULL ? percent : _("not assessed"));
  if (disputed)
    add_block (doc, MA_BLOCK_WARNING, 2,
               _("Disputed by the employee: the dispute is open, and the period cannot be closed "
                 "until it is upheld or rejected"),
               NULL);
  if (audit->status == MA_AUDIT_VOIDED)
    add_blockf (doc, MA_BLOCK_WARNING, 2, _("Voided since: %s"),
                audit->void_reason != NULL ? audit->void_reason : _("no reason given"));
  if (score->critical_failure != NULL)
    {
      const MaQuestion *q = ma_template_find_question (template, score->critical_failure, NULL);

      add_blockf (doc, MA_BLOCK_WARNING, 2, _("Critical question failed: %s"),
                  q != NULL ? q->text : score->critical_failure);
    }

  for (guint i = 0; i < score->questions->len; i++)
    {
      const MaQuestionScore *qs = g_ptr_array_index (score->questions, i);
      const MaSection *section = NULL;
      const MaQuestion *question = ma_template_find_question (template, qs->question, &section);
      const MaAnswer *answer = ma_audit_find_answer (audit, qs->question);
      g_autofree char *answer_text = NULL;
      g_autofree char *points = NULL;
      g_autofree char *line = NULL;
      g_autoptr(GString) evidence = NULL;

      if (!qs->scored || question == NULL || qs->earned >= qs->possible - 1e-9)
        continue;
      if (section_key != NULL && g_strcmp0 (qs->section, section_key) != 0)
        continue;
      lost++;
      /* TRANSLATORS: points earned of the possible ones */
      points = g_strdup_printf (_("%g of %g"), ma_round_half_away (qs->earned, 2),
                                ma_round_half_away (qs->possible, 2));
      line = g_strdup_printf ("%s: %s", section != NULL ? section->title : "", question->text);
      add_block (doc, MA_BLOCK_LINE, 2, line, points);
      answer_text = describe_answer (question, answer);
      if (answer_text != NULL)
        add_blockf (doc, MA_BLOCK_NOTE, 2, _("Answer: %s"), answer_text);
      if (answer != NULL && answer->comment != NULL && *answer->comment != '\0')
        add_blockf (doc, MA_BLOCK_NOTE, 2, _("Auditor’s comment: %s"), answer->comment);
      for (guint a = 0; a < audit->attachments->len; a++)
        {
          const MaAttachment *attachment = g_ptr_array_index (audit->attachments, a);

          if (g_strcmp0 (attachment->question, qs->question) != 0)
            continue;
          if (evidence == NULL)
            evidence = g_string_new (attachment->name);
          else
            g_string_append_printf (evidence, ", %s", attachment->name);
        }
      if (evidence != NULL)
        add_blockf (doc, MA_BLOCK_NOTE, 2, _("Evidence: %s"), evidence->str);
    }
  if (lost == 0)
    add_block (doc, MA_BLOCK_NOTE, 2, _("No question lost points."), NULL);
  return TRUE;
}

MaStatementDocument *
ma_statement_document_build (MaStore                *store,
                             const MaBonusStatement *statement,
                             const MaBonusRow       *row,
                             GError                **error)
{
  g_autoptr(MaStatementDocument) doc = NULL;
  g_autoptr(GPtrArray) branches = NULL;
  g_autoptr(GPtrArray) schemes = NULL;
  g_autofree char *base = NULL;
  g_autofree char *total = NULL;
  g_autofree char *month = NULL;
  const char *branch_name = row->branch;

  g_return_val_if_fail (MA_IS_STORE (store), NULL);
  g_return_val_if_fail (statement != NULL && row != NULL, NULL);

  branches = ma_store_list_branches (store, error);
  if (branches == NULL)
    return NULL;
  for (guint i = 0; i < branches->len; i++)
    {
      const MaBranch *branch = g_ptr_array_index (branches, i);

      if (g_strcmp0 (branch->code, row->branch) == 0)
        branch_name = branch->name;
    }

  schemes = ma_store_list_schemes (store, error);
  if (schemes == NULL)
    return NULL;
  month = ma_format_period_locale (statement->period);

  doc = g_new0 (MaStatementDocument, 1);
  doc->employee = g_strdup (row->employee);
  doc->name = g_strdup (row->name);
  doc->period = g_strdup (statement->period);
  doc->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);

  add_block (doc, MA_BLOCK_TITLE, 0, row->name, NULL);
  /* TRANSLATORS: the month and year ("October 2026"), employee code,
   * branch name and code, the scheme's name and its version */
  add_blockf (doc, MA_BLOCK_SUBTITLE, 0, _("Bonus statement: %s · %s · %s (%s) · scheme “%s”, version %" PRId64),
              month, row->employee, branch_name, row->branch,
              ma_scheme_list_get_name (schemes, row->scheme, row->scheme_version), row->scheme_version);

  if (statement->closed)
    {
      g_autofree char *date = ma_format_date_locale (statement->closed_at);

      add_blockf (doc, MA_BLOCK_NOTE, 0, _("The period was closed on %s by %s: these figures are final."),
                  date, statement->closed_by != NULL ? statement->closed_by : "—");
    }
  else
    add_block (doc, MA_BLOCK_NOTE, 0, _("The period is open: the figures may still change."), NULL);

  for (guint i = 0; statement->pending_differences != NULL && i < statement->pending_differences->len; i++)
    {
      const MaBonusDifference *d = g_ptr_array_index (statement->pending_differences, i);
      g_autofree char *was = NULL;
      g_autofree char *now = NULL;

      if (g_strcmp0 (d->employee, row->employee) != 0)
        continue;
      was = d->has_frozen ? ma_money_format_locale (d->frozen_amount, d->currency) : g_strdup ("—");
      now = d->has_live ? ma_money_format_locale (d->live_amount, d->currency) : g_strdup ("—");
      if (d->component != NULL)
        {
          const MaBonusComponent *c = ma_bonus_row_find_component (row, d->component);

          add_blockf (doc, MA_BLOCK_WARNING, 0,
                      _("Pending difference in %s: closed at %s, the current data gives %s"),
                      c != NULL && c->label != NULL ? c->label : d->component, was, now);
        }
      else
        add_blockf (doc, MA_BLOCK_WARNING, 0,
                    _("Pending difference in the total: closed at %s, the current data gives %s"),
                    was, now);
    }

  base = ma_money_format_locale (row->base_pay, row->currency);
  add_block (doc, MA_BLOCK_LINE, 0, _("Variable pay (base)"), base);

  add_block (doc, MA_BLOCK_HEADING, 0, _("Components"), NULL);
  for (guint i = 0; i < row->components->len; i++)
    {
      const MaBonusComponent *c = g_ptr_array_index (row->components, i);
      g_autofree char *amount = ma_money_format_locale (c->amount, row->currency);
      g_autofree char *line = NULL;
      g_autofree char *share = g_strdup_printf ("%g", c->share);

      /* TRANSLATORS: a component and its share of the base pay, "Punctuality (15 %)" */
      line = g_strdup_printf (_("%s (%s\u00a0%%)"), c->label != NULL ? c->label : c->key, share);
      add_block (doc, MA_BLOCK_LINE, 0, line, amount);
      if (c->formula != NULL)
        add_block (doc, MA_BLOCK_FORMULA, 1, c->formula, NULL);
      if (c->assessed)
        {
          g_autofree char *percent = ma_format_percent_locale (c->achievement);

          if (c->source == MA_SOURCE_AUDIT)
            add_blockf (doc, MA_BLOCK_NOTE, 1,
                        g_dngettext (GETTEXT_PACKAGE, "Achievement %s from %" PRId64 " audit",
                                     "Achievement %s from %" PRId64 " audits", (gulong) c->n),
                        percent, c->n);
          else
            add_blockf (doc, MA_BLOCK_NOTE, 1, _("Achievement %s of the plan"), percent);
        }
      if (c->missing)
        add_block (doc, MA_BLOCK_WARNING, 1, ma_statement_policy_text (c), NULL);
      if (c->low_confidence)
        add_blockf (doc, MA_BLOCK_WARNING, 1,
                    g_dngettext (GETTEXT_PACKAGE,
                                 "Low confidence: fewer than %" PRId64 " audit",
                                 "Low confidence: fewer than %" PRId64 " audits",
                                 (gulong) row->min_audits),
                    row->min_audits);
    }
  total = ma_money_format_locale (row->total, row->currency);
  add_block (doc, MA_BLOCK_TOTAL, 0, _("Total bonus"), total);

  add_block (doc, MA_BLOCK_HEADING, 0, _("Audits behind this statement"), NULL);
  if (row->audits->len == 0)
    add_block (doc, MA_BLOCK_NOTE, 1, _("No approved audit in this period."), NULL);
  for (guint i = 0; i < row->audits->len; i++)
    {
      const MaBonusAuditRef *ref = g_ptr_array_index (row->audits, i);

      add_audit (doc, store, ref->uuid, NULL, FALSE, ref->disputed);
    }

  return g_steal_pointer (&doc);
}

MaStatementDocument *
ma_statement_audits_document (MaStore     *store,
                              const char  *title,
                              const char  *subtitle,
                              GPtrArray   *audits,
                              const char  *section,
                              guint        limit,
                              GError     **error)
{
  g_autoptr(MaStatementDocument) doc = NULL;
  guint listed = 0;

  g_return_val_if_fail (MA_IS_STORE (store), NULL);
  g_return_val_if_fail (audits != NULL, NULL);

  doc = g_new0 (MaStatementDocument, 1);
  doc->employee = g_strdup (title);
  doc->name = g_strdup (title);
  doc->period = g_strdup (subtitle);
  doc->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  add_block (doc, MA_BLOCK_TITLE, 0, title, NULL);
  add_block (doc, MA_BLOCK_SUBTITLE, 0, subtitle, NULL);

  for (guint i = 0; i < audits->len && (limit == 0 || listed < limit); i++)
    {
      const MaAuditSummary *summary = g_ptr_array_index (audits, i);

      if (add_audit (doc, store, summary->uuid, section, TRUE, FALSE))
        listed++;
    }
  if (listed == 0)
    add_block (doc, MA_BLOCK_NOTE, 0, section != NULL ? _("No approved audit assessed this section.")
                                                      : _("No approved audit in this period."), NULL);
  else if (limit != 0 && listed == limit && audits->len > limit)
    add_blockf (doc, MA_BLOCK_NOTE, 0, _("The newest %u audits are shown."), limit);
  return g_steal_pointer (&doc);
}

char *
ma_statement_document_to_text (const MaStatementDocument *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->blocks->len; i++)
    {
      const MaStatementBlock *block = g_ptr_array_index (self->blocks, i);

      for (guint j = 0; j < block->indent; j++)
        g_string_append (text, "  ");
      g_string_append (text, block->text);
      if (block->value != NULL)
        g_string_append_printf (text, "\t%s", block->value);
      g_string_append_c (text, '\n');
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
