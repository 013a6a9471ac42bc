/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store-fixture.h: a real sqlite store in a temporary directory, and data
 * built with the model constructors, for the rollup and bonus tests. */
#pragma once

#include <glib/gstdio.h>
#include <math.h>

#include "ma-sqlite-store.h"

typedef struct {
  char    *dir;
  char    *path;
  MaStore *store;
  guint    next_uuid;
} Fixture;

static inline void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("ma-test-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.db", NULL);
  f->store = ma_sqlite_store_open (f->path, MA_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static inline void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) handle = NULL;
  const char *name;

  g_clear_object (&f->store);
  handle = g_dir_open (f->dir, 0, NULL);
  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);

      g_remove (child);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static inline void
save_region (Fixture    *f,
             const char *code,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaRegion) region = ma_region_new (code, name);

  g_assert_true (ma_store_save_region (f->store, region, NULL, &error));
  g_assert_no_error (error);
}

static inline void
save_branch (Fixture    *f,
             const char *code,
             const char *name,
             const char *region)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaBranch) branch = ma_branch_new (code, name, region);

  g_assert_true (ma_store_save_branch (f->store, branch, NULL, &error));
  g_assert_no_error (error);
}

static inline void
save_employee (Fixture    *f,
               const char *code,
               const char *branch,
               const char *position,
               gint64      base_pay,
               const char *active_from,
               const char *active_to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaEmployee) employee = ma_employee_new ();

  employee->code = g_strdup (code);
  employee->name = g_strdup_printf ("Employee %s", code);
  employee->branch = g_strdup (branch);
  employee->position = g_strdup (position);
  employee->base_pay = base_pay;
  employee->currency = g_strdup ("RUB");
  employee->active_from = g_strdup (active_from);
  employee->active_to = g_strdup (active_to);
  g_assert_true (ma_store_save_employee (f->store, employee, NULL, &error));
  g_assert_no_error (error);
}

static inline MaQuestion *
add_choice_question (MaSection  *section,
                     const char *key)
{
  static const struct {
    const char *key;
    double      score;
  } options[] = {
    { "s100", 1.0 }, { "s95", 0.95 }, { "s80", 0.8 }, { "s60", 0.6 },
    { "s50", 0.5 }, { "s25", 0.25 }, { "s0", 0.0 },
  };
  MaQuestion *q = ma_question_new ();

  q->key = g_strdup (key);
  q->text = g_strdup (key);
  q->type = MA_QUESTION_CHOICE;
  q->allow_na = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    g_ptr_array_add (q->options, ma_choice_option_new (options[i].key, options[i].key,
                                                       options[i].score));
  g_ptr_array_add (section->questions, q);
  return q;
}

static inline MaSection *
add_fixture_section (MaTemplate *t,
                     const char *key,
                     const char *component)
{
  MaSection *s = ma_section_new ();

  s->key = g_strdup (key);
  s->title = g_strdup (key);
  s->component = g_strdup (component);
  g_ptr_array_add (t->sections, s);
  return s;
}

/* Template "drive" 1: one section per audit pay component (punctuality has
 * three questions, the others one), every answer a choice whose key says
 * its score ("s80" = 0.8), and a "service" section without a component
 * holding "wait", a number question with a service-level standard. */
static inline void
save_drive_template (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaTemplate) t = ma_template_new ();
  MaSection *s;
  MaQuestion *q;

  t->key = g_strdup ("drive");
  t->version = 1;
  t->name = g_strdup ("Delivery");
  t->channel = g_strdup ("delivery");
  s = add_fixture_section (t, "punctuality", "punctuality");
  add_choice_question (s, "p1");
  add_choice_question (s, "p2");
  add_choice_question (s, "p3");
  s = add_fixture_section (t, "politeness", "politeness");
  add_choice_question (s, "pol");
  s = add_fixture_section (t, "cleanliness", "cleanliness");
  add_choice_question (s, "cle");
  s = add_fixture_section (t, "handover", "handover");
  add_choice_question (s, "han");
  s = add_fixture_section (t, "service", NULL);
  q = ma_question_new ();
  q->key = g_strdup ("wait");
  q->text = g_strdup ("Answered within 2 minutes");
  q->type = MA_QUESTION_NUMBER;
  q->unit = g_strdup ("s");
  q->rule = MA_NUMBER_RULE_MAX;
  q->rule_limit = 120;
  q->allow_na = TRUE;
  q->has_standard = TRUE;
  q->standard_share = 0.5;
  g_ptr_array_add (s->questions, q);

  g_assert_true (ma_store_save_template (f->store, t, NULL, &error));
  g_assert_no_error (error);
}

/* Answers by question key; NULL is N/A. */
typedef struct {
  const char *p1, *p2, *p3, *pol, *cle, *han, *wait;
} Answers;

static inline void
add_choice_answer (MaAudit    *audit,
                   const char *question,
                   const char *value)
{
  MaAnswer *answer = ma_answer_new (question);

  if (value == NULL)
    answer->na = TRUE;
  else
    {
      answer->kind = MA_VALUE_STRING;
      answer->string = g_strdup (value);
    }
  g_ptr_array_add (audit->answers, answer);
}

/* Saves an audit of "drive" 1 and returns its uuid (owned by the caller).
 * A voided audit is saved approved first, then voided, as in real life. */
static inline char *
save_audit (Fixture       *f,
            const char    *employee,
            const char    *branch,
            const char    *visited_at,
            MaAuditStatus  status,
            const Answers *answers)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaAudit) audit = ma_audit_new ();
  MaAnswer *wait;

  audit->uuid = g_strdup_printf ("00000000-0000-4000-8000-%012u", ++f->next_uuid);
  audit->template_key = g_strdup ("drive");
  audit->template_version = 1;
  audit->branch = g_strdup (branch);
  audit->employee = g_strdup (employee);
  audit->auditor = g_strdup ("A. Smirnova");
  audit->channel = g_strdup ("delivery");
  audit->visited_at = g_strdup (visited_at);
  audit->modified = g_strdup ("2026-11-02T10:00:00+03:00");
  audit->status = status == MA_AUDIT_VOIDED ? MA_AUDIT_APPROVED : status;

  add_choice_answer (audit, "p1", answers->p1);
  add_choice_answer (audit, "p2", answers->p2);
  add_choice_answer (audit, "p3", answers->p3);
  add_choice_answer (audit, "pol", answers->pol);
  add_choice_answer (audit, "cle", answers->cle);
  add_choice_answer (audit, "han", answers->han);
  wait = ma_answer_new ("wait");
  if (answers->wait == NULL)
    wait->na = TRUE;
  else
    {
      wait->kind = MA_VALUE_NUMBER;
      wait->number = g_ascii_strtod (answers->wait, NULL);
    }
  g_ptr_array_add (audit->answers, wait);

  g_assert_true (ma_store_save_audit (f->store, audit, "tester", NULL, NULL, &error));
  g_assert_no_error (error);
  if (status == MA_AUDIT_VOIDED)
    {
      g_assert_true (ma_store_set_audit_status (f->store, audit->uuid, MA_AUDIT_VOIDED, "tester",
                                                "duplicate visit", &error));
      g_assert_no_error (error);
    }
  return g_strdup (audit->uuid);
}

/* Saves an audit and forgets its uuid. */
static inline void
add_audit (Fixture       *f,
           const char    *employee,
           const char    *branch,
           const char    *visited_at,
           MaAuditStatus  status,
           const Answers *answers)
{
  g_free (save_audit (f, employee, branch, visited_at, status, answers));
}
