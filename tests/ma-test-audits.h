/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-test-audits.h: a store in a temporary directory with a small directory,
 * one template and as many audits as a test needs, all written through the
 * MaStore interface. Shared by the audit list model and window tests. */
#pragma once

#include <glib/gstdio.h>
#include <math.h>

#include "ma-sqlite-store.h"

typedef struct {
  char    *dir;
  char    *path;
  MaStore *store;
} MaTestStore;

G_GNUC_UNUSED static void
ma_test_store_open (MaTestStore *f)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("ma-ui-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.db", NULL);
  f->store = ma_sqlite_store_open (f->path, MA_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

G_GNUC_UNUSED static void
ma_test_store_close (MaTestStore *f)
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
  g_clear_pointer (&f->path, g_free);
  g_clear_pointer (&f->dir, g_free);
}

/* Two branches (SPB-01 "Nevsky 12", MSK-01 "Tverskaya 7"), an employee in
 * each, and the template visit v1 "Store visit": q1 yes/no of weight 2,
 * q2 a number of seconds (at most 120) that is critical for the audit. */
G_GNUC_UNUSED static void
ma_test_store_add_basics (MaTestStore *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaRegion) region = ma_region_new ("NW", "North-West");
  g_autoptr(MaBranch) spb = ma_branch_new ("SPB-01", "Nevsky 12", "NW");
  g_autoptr(MaBranch) msk = ma_branch_new ("MSK-01", "Tverskaya 7", "NW");
  g_autoptr(MaTemplate) t = ma_template_new ();
  MaSection *s = ma_section_new ();
  MaQuestion *q;

  g_assert_true (ma_store_save_region (f->store, region, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ma_store_save_branch (f->store, spb, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ma_store_save_branch (f->store, msk, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(MaEmployee) employee = ma_employee_new ();

      employee->code = g_strdup (i == 0 ? "E1001" : "E2001");
      employee->name = g_strdup (i == 0 ? "Иван Петров" : "Olga Sidorova");
      employee->branch = g_strdup (i == 0 ? "SPB-01" : "MSK-01");
      employee->position = g_strdup ("driver");
      employee->base_pay = 6000000;
      employee->currency = g_strdup ("RUB");
      g_assert_true (ma_store_save_employee (f->store, employee, NULL, &error));
      g_assert_no_error (error);
    }

  t->key = g_strdup ("visit");
  t->version = 1;
  t->name = g_strdup ("Store visit");
  t->channel = g_strdup ("visit");
  s->key = g_strdup ("greeting");
  s->title = g_strdup ("Greeting");

  q = ma_question_new ();
  q->key = g_strdup ("q1");
  q->text = g_strdup ("Greeted within a minute");
  q->type = MA_QUESTION_YES_NO;
  q->weight = 2;
  g_ptr_array_add (s->questions, q);

  q = ma_question_new ();
  q->key = g_strdup ("q2");
  q->text = g_strdup ("Answered within 2 minutes");
  q->type = MA_QUESTION_NUMBER;
  q->unit = g_strdup ("s");
  q->rule = MA_NUMBER_RULE_MAX;
  q->rule_limit = 120;
  q->critical = MA_CRITICAL_AUDIT;
  g_ptr_array_add (s->questions, q);

  g_ptr_array_add (t->sections, s);
  g_assert_true (ma_store_save_template (f->store, t, NULL, &error));
  g_assert_no_error (error);
}

/* An audit number @n, visited on @visited_at. A draft is saved without
 * answers (not assessed); otherwise q1 is @greeted and q2 @seconds. */
G_GNUC_UNUSED static void
ma_test_store_add_audit (MaTestStore   *f,
                         guint          n,
                         const char    *visited_at,
                         const char    *branch,
                         MaAuditStatus  status,
                         gboolean       greeted,
                         double         seconds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaAudit) a = ma_audit_new ();

  a->uuid = g_strdup_printf ("00000000-0000-4000-8000-%012u", n);
  a->template_key = g_strdup ("visit");
  a->template_version = 1;
  a->branch = g_strdup (branch);
  a->employee = g_strdup (g_str_equal (branch, "SPB-01") ? "E1001" : "E2001");
  a->auditor = g_strdup ("A. Smirnova");
  a->channel = g_strdup ("visit");
  a->visited_at = g_strdup (visited_at);
  a->modified = g_strdup (visited_at);
  a->status = status;

  if (status != MA_AUDIT_DRAFT)
    {
      MaAnswer *answer = ma_answer_new ("q1");

      answer->kind = MA_VALUE_BOOL;
      answer->boolean = greeted;
      g_ptr_array_add (a->answers, answer);
      answer = ma_answer_new ("q2");
      answer->kind = MA_VALUE_NUMBER;
      answer->number = seconds;
      g_ptr_array_add (a->answers, answer);
    }

  g_assert_true (ma_store_save_audit (f->store, a, "test", NULL, NULL, &error));
  g_assert_no_error (error);
}

/* @count approved audits, one a day at noon going back from 2026-10-31 at
 * SPB-01, in one transaction: audit n is the n-th newest, position n - 1. */
G_GNUC_UNUSED static void
ma_test_store_add_many (MaTestStore *f,
                        guint        count)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) last = g_date_time_new_utc (2026, 10, 31, 9, 0, 0);

  g_assert_true (ma_store_begin (f->store, &error));
  g_assert_no_error (error);
  for (guint n = 1; n <= count; n++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (last, -(int) (n - 1));
      g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");
      g_autofree char *visited_at = g_strdup_printf ("%sT12:00:00+03:00", date);

      ma_test_store_add_audit (f, n, visited_at, "SPB-01", MA_AUDIT_APPROVED, TRUE, 30);
    }
  g_assert_true (ma_store_commit (f->store, &error));
  g_assert_no_error (error);
}
