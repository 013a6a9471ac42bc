/* SPDX-License-Identifier: GPL-3.0-or-later */
/* crash-writer: the autosave path of the core, to be killed.
 *
 *   crash-writer DB --init    the directory and the template it fills in
 *   crash-writer DB RUN       fills in draft audits of run RUN answer by answer
 *
 * Each answer is saved the way the window autosaves: the whole draft
 * through ma_store_save_audit(). Only after the call has returned TRUE is
 * "saved UUID QUESTION VALUE" written to stdout and flushed, so every line
 * the test reads is a promise that the answer is on disk. test-crash kills
 * this program with SIGKILL at random moments and checks the promises. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ma-sqlite-store.h"

/* Questions per audit; after the last one the next audit begins. */
#define N_QUESTIONS 40
/* A writer that is never killed stops by itself. */
#define MAX_SAVES 4000

static MaTemplate *
make_template (void)
{
  MaTemplate *t = ma_template_new ();
  MaSection *s = ma_section_new ();

  t->key = g_strdup ("crash");
  t->version = 1;
  t->name = g_strdup ("Crash test");
  t->channel = g_strdup ("visit");
  s->key = g_strdup ("all");
  s->title = g_strdup ("All questions");
  for (guint i = 1; i <= N_QUESTIONS; i++)
    {
      MaQuestion *q = ma_question_new ();

      q->key = g_strdup_printf ("q%02u", i);
      q->text = g_strdup_printf ("Question %u", i);
      q->type = MA_QUESTION_NUMBER;
      q->rule = MA_NUMBER_RULE_MAX;
      q->rule_limit = 1e9;
      g_ptr_array_add (s->questions, q);
    }
  g_ptr_array_add (t->sections, s);
  return t;
}

static int
init (MaStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaRegion) region = ma_region_new ("NW", "North-West");
  g_autoptr(MaBranch) branch = ma_branch_new ("SPB-01", "Nevsky", "NW");
  g_autoptr(MaTemplate) template = make_template ();

  if (!ma_store_save_region (store, region, NULL, &error) ||
      !ma_store_save_branch (store, branch, NULL, &error) ||
      !ma_store_save_template (store, template, NULL, &error))
    {
      g_printerr ("crash-writer: %s\n", error->message);
      return 1;
    }
  return 0;
}

static int
run (MaStore *store,
     guint    run_number)
{
  g_autoptr(MaAudit) audit = NULL;
  guint audit_number = 0;

  for (guint saves = 0; saves < MAX_SAVES; saves++)
    {
      g_autoptr(GError) error = NULL;
      guint question = saves % N_QUESTIONS + 1;
      g_autofree char *key = g_strdup_printf ("q%02u", question);
      MaAnswer *answer;
      gint64 value;

      if (question == 1)
        {
          g_clear_pointer (&audit, ma_audit_free);
          audit = ma_audit_new ();
          audit->uuid = g_strdup_printf ("00000000-0000-4000-8000-%06u%06u", run_number, audit_number++);
          audit->template_key = g_strdup ("crash");
          audit->template_version = 1;
          audit->branch = g_strdup ("SPB-01");
          audit->auditor = g_strdup ("Crash Writer");
          audit->channel = g_strdup ("visit");
          audit->visited_at = g_strdup ("2026-10-05T10:00:00+03:00");
          audit->status = MA_AUDIT_DRAFT;
        }
      value = (gint64) run_number * 100000 + saves;
      answer = ma_answer_new (key);
      answer->kind = MA_VALUE_NUMBER;
      answer->number = (double) value;
      g_ptr_array_add (audit->answers, answer);
      g_free (audit->modified);
      audit->modified = g_strdup_printf ("2026-10-05T10:%02u:%02u+03:00", saves / 60 % 60, saves % 60);

      if (!ma_store_save_audit (store, audit, "Crash Writer", NULL, NULL, &error))
        {
          g_printerr ("crash-writer: %s\n", error->message);
          return 1;
        }
      /* Only now: the save returned, the answer is committed. */
      printf ("saved %s %s %" G_GINT64_FORMAT "\n", audit->uuid, answer->question, value);
      fflush (stdout);
    }
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaStore) store = NULL;

  if (argc != 3)
    {
      g_printerr ("usage: crash-writer DB --init|RUN\n");
      return 2;
    }
  store = ma_sqlite_store_open (argv[1], MA_SQLITE_STORE_FLAGS_NONE, &error);
  if (store == NULL)
    {
      g_printerr ("crash-writer: %s\n", error->message);
      return 1;
    }
  if (g_str_equal (argv[2], "--init"))
    return init (store);
  return run (store, (guint) g_ascii_strtoull (argv[2], NULL, 10));
}
