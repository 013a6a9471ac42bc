/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ma-model.h"

static void
test_paths (void)
{
  g_autofree char *a = ma_path_member (NULL, "audits");
  g_autofree char *b = ma_path_index (a, 3);
  g_autofree char *c = ma_path_member (b, "answers");
  g_autofree char *d = ma_path_index (c, 2);
  g_autofree char *e = ma_path_member (d, "value");

  g_assert_cmpstr (e, ==, "audits[3].answers[2].value");
}

static void
test_periods (void)
{
  g_autofree char *next = ma_period_next ("2026-12");
  g_autofree char *prev = ma_period_previous ("2026-01");

  g_assert_true (ma_period_is_valid ("2026-10"));
  g_assert_false (ma_period_is_valid ("2026-13"));
  g_assert_false (ma_period_is_valid ("2026-1"));
  g_assert_false (ma_period_is_valid ("2026/10"));
  g_assert_false (ma_period_is_valid (NULL));
  g_assert_cmpstr (next, ==, "2027-01");
  g_assert_cmpstr (prev, ==, "2025-12");
}

static void
test_local_date (void)
{
  g_autofree char *late = ma_timestamp_local_date ("2026-10-31T23:30:00+03:00");
  g_autofree char *utc = ma_timestamp_local_date ("2026-11-01T00:10:00Z");
  g_autofree char *none = ma_timestamp_local_date ("2026-10-31T23:30:00");
  g_autofree char *bad = ma_timestamp_local_date ("2026-02-30T10:00:00+03:00");

  /* The visit counts in the month of the place it happened in, even though
   * it is already November in UTC. */
  g_assert_cmpstr (late, ==, "2026-10-31");
  g_assert_cmpstr (utc, ==, "2026-11-01");
  g_assert_null (none);
  g_assert_null (bad);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/model/paths", test_paths);
  g_test_add_func ("/model/periods", test_periods);
  g_test_add_func ("/model/local-date", test_local_date);
  return g_test_run ();
}
