/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The canonical form of an audit is written directly for speed; it must be
 * byte for byte the text json-glib gives for the audit's JSON tree (sorted
 * answers and attachments, no attachment data), which is what databases
 * and bundles of earlier versions compared against. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ma-audit.h"
#include "ma-keys.h"

static int
compare_answers (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 ((*(MaAnswer * const *) a)->question, (*(MaAnswer * const *) b)->question);
}

static int
compare_attachments (gconstpointer a,
                     gconstpointer b)
{
  const MaAttachment *x = *(MaAttachment * const *) a;
  const MaAttachment *y = *(MaAttachment * const *) b;
  int order;

  if ((order = g_strcmp0 (x->question, y->question)) != 0 ||
      (order = g_strcmp0 (x->name, y->name)) != 0)
    return order;
  return g_strcmp0 (x->sha256, y->sha256);
}

/* The reference: the JSON tree through json-glib. */
static char *
reference_canonical (const MaAudit *audit)
{
  g_autoptr(MaAudit) sorted = ma_audit_copy (audit);
  g_autoptr(JsonNode) node = NULL;

  g_ptr_array_sort (sorted->answers, compare_answers);
  g_ptr_array_sort (sorted->attachments, compare_attachments);
  node = ma_audit_to_json (sorted, FALSE);
  return ma_json_to_string (node, FALSE);
}

static void
assert_same_as_reference (const MaAudit *audit)
{
  g_autofree char *fast = ma_audit_to_canonical (audit);
  g_autofree char *reference = reference_canonical (audit);

  g_assert_cmpstr (fast, ==, reference);
}

static MaAudit *
make_audit (void)
{
  MaAudit *audit = ma_audit_new ();

  audit->uuid = g_strdup ("6f1c1d0e-8a53-4b2a-9a53-0d5c2f6f7a10");
  audit->template_key = g_strdup ("store-visit");
  audit->template_version = 3;
  audit->branch = g_strdup ("SPB-01");
  audit->employee = g_strdup ("E1001");
  audit->auditor = g_strdup ("A. Smirnova");
  audit->channel = g_strdup ("visit");
  audit->visited_at = g_strdup ("2026-10-14T11:30:00+03:00");
  audit->modified = g_strdup ("2026-10-14T13:02:00+03:00");
  audit->status = MA_AUDIT_SUBMITTED;
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
add_number (MaAudit    *audit,
            const char *question,
            double      value)
{
  MaAnswer *answer = add_answer (audit, question);

  answer->kind = MA_VALUE_NUMBER;
  answer->number = value;
}

static void
test_every_kind_of_answer (void)
{
  g_autoptr(MaAudit) audit = make_audit ();
  g_autoptr(GBytes) data = g_bytes_new_static ("photo", 5);
  MaAnswer *answer;

  /* Out of order on purpose: the canonical form sorts. */
  answer = add_answer (audit, "z_yes");
  answer->kind = MA_VALUE_BOOL;
  answer->boolean = TRUE;
  answer->comment = g_strdup ("Said \"hello\" \\ waved / smiled");
  answer = add_answer (audit, "a_no");
  answer->kind = MA_VALUE_BOOL;
  answer->boolean = FALSE;
  answer = add_answer (audit, "m_na");
  answer->na = TRUE;
  answer = add_answer (audit, "m_gap");
  answer = add_answer (audit, "c_choice");
  answer->kind = MA_VALUE_STRING;
  answer->string = g_strdup ("mostly");
  answer->comment = g_strdup ("Кассир не поздоровался 🙁, ţ, ž");
  answer = add_answer (audit, "c_empty");
  answer->kind = MA_VALUE_STRING;
  g_ptr_array_add (audit->attachments, ma_attachment_new ("z_yes", "b.jpg", data));
  g_ptr_array_add (audit->attachments, ma_attachment_new (NULL, "a.jpg", data));
  g_ptr_array_add (audit->attachments, ma_attachment_new ("z_yes", "a.jpg", data));
  assert_same_as_reference (audit);

  audit->status = MA_AUDIT_VOIDED;
  audit->void_reason = g_strdup ("Duplicate");
  audit->review_note = g_strdup ("Please check the time");
  g_clear_pointer (&audit->employee, g_free);
  g_clear_pointer (&audit->scenario, g_free);
  assert_same_as_reference (audit);
}

static void
test_numbers (void)
{
  static const double values[] = {
    0, -0.0, 1, -1, 2, 5, 7.5, 0.1, 0.2, 0.3, 1.0 / 3.0, 2.0 / 3.0, 61.72, 1e-8, -1e-8,
    123456789.125, 9007199254740992.0, 9007199254740994.0, -9007199254740992.0, 1e20,
    1e300, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 0.000123, 12345.678901234567,
  };
  g_autoptr(MaAudit) audit = make_audit ();

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *key = g_strdup_printf ("n%02u", i);

      add_number (audit, key, values[i]);
    }
  assert_same_as_reference (audit);

  /* And many values one at a time, so that a difference names its number. */
  {
    g_autoptr(GRand) rand = g_rand_new_with_seed (7);

    for (guint i = 0; i < 2000; i++)
      {
        g_autoptr(MaAudit) one = make_audit ();
        double value = i % 3 == 0 ? g_rand_double_range (rand, -1e6, 1e6)
                     : i % 3 == 1 ? round (g_rand_double_range (rand, -1e4, 1e4) * 100) / 100
                     : ldexp (g_rand_double (rand), g_rand_int_range (rand, -60, 60));

        add_number (one, "n", value);
        assert_same_as_reference (one);
      }
  }
}

static void
test_strings (void)
{
  /* Every byte that json-glib might escape, and text around it; control
   * characters take the tree (json-glib's own escapes), the rest the direct
   * writer: both must agree. */
  for (guint c = 1; c < 0x80; c++)
    {
      g_autoptr(MaAudit) audit = make_audit ();
      MaAnswer *answer = add_answer (audit, "q");

      answer->kind = MA_VALUE_STRING;
      answer->string = g_strdup_printf ("a%cb", (char) c);
      answer->comment = g_strdup_printf ("%c", (char) c);
      g_free (audit->scenario);
      audit->scenario = g_strdup_printf ("x%cy%c", (char) c, (char) c);
      assert_same_as_reference (audit);
    }
}

static void
test_non_finite_numbers (void)
{
  g_autoptr(MaAudit) audit = make_audit ();

  /* Never valid in an audit (ma_audit_check refuses them), but the
   * canonical form of any MaAudit is still json-glib's. */
  add_number (audit, "inf", INFINITY);
  add_number (audit, "nan", NAN);
  assert_same_as_reference (audit);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/canonical/every-kind-of-answer", test_every_kind_of_answer);
  g_test_add_func ("/canonical/numbers", test_numbers);
  g_test_add_func ("/canonical/strings", test_strings);
  g_test_add_func ("/canonical/non-finite-numbers", test_non_finite_numbers);

  return g_test_run ();
}
