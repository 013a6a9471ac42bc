/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The shipped template library (data/templates): every file is a valid
 * bundle, every template passes the contract, and the house rules for
 * shipped questionnaires hold. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ma-demo.h"
#include "ma-template.h"

static const char *
templates_dir (void)
{
  const char *dir = g_getenv ("MA_TEMPLATES_DIR");

  g_assert_nonnull (dir);
  return dir;
}

static GPtrArray *
load_library (void)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) templates = ma_demo_load_templates (templates_dir (), warnings, &error);

  g_assert_no_error (error);
  g_assert_nonnull (templates);
  /* A shipped file with a member the app does not know is a typo. */
  for (guint i = 0; i < warnings->len; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (warnings, i));
  g_assert_cmpuint (warnings->len, ==, 0);
  return g_steal_pointer (&templates);
}

static void
test_every_file_is_valid (void)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint files = 0;

  /* Each file on its own, so that a failure names the file. */
  dir = g_dir_open (templates_dir (), 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (templates_dir (), name, NULL);
      g_autofree char *single = NULL;
      g_autofree char *copy = NULL;
      g_autofree char *contents = NULL;
      g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) templates = NULL;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      files++;
      g_test_message ("checking %s", name);

      single = g_dir_make_tmp ("ma-templates-XXXXXX", &error);
      g_assert_no_error (error);
      copy = g_build_filename (single, name, NULL);
      g_file_get_contents (path, &contents, NULL, &error);
      g_assert_no_error (error);
      g_file_set_contents (copy, contents, -1, &error);
      g_assert_no_error (error);

      templates = ma_demo_load_templates (single, warnings, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (templates->len, >=, 1);
      g_assert_cmpuint (warnings->len, ==, 0);

      for (guint i = 0; i < templates->len; i++)
        {
          const MaTemplate *template = g_ptr_array_index (templates, i);

          ma_template_validate (template, &error);
          g_assert_no_error (error);
        }

      g_assert_cmpint (g_remove (copy), ==, 0);
      g_assert_cmpint (g_rmdir (single), ==, 0);
    }
  g_assert_cmpuint (files, >=, 5);
}

static void
test_standard_library (void)
{
  static const struct {
    const char *key;
    const char *channel;
  } expected[] = {
    { "store-visit", "visit" },
    { "phone-call", "phone" },
    { "chat-email", "chat" },
    { "delivery-driver", "delivery" },
    { "difficult-customers", "visit" },
  };
  g_autoptr(GPtrArray) templates = load_library ();

  for (guint e = 0; e < G_N_ELEMENTS (expected); e++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < templates->len; i++)
        {
          const MaTemplate *template = g_ptr_array_index (templates, i);

          if (strcmp (template->key, expected[e].key) == 0)
            {
              g_assert_cmpstr (template->channel, ==, expected[e].channel);
              g_assert_cmpint (template->version, ==, 1);
              g_assert_cmpint (template->status, ==, MA_TEMPLATE_PUBLISHED);
              found = TRUE;
            }
        }
      if (!found)
        g_test_message ("template %s is missing", expected[e].key);
      g_assert_true (found);
    }
}

/* What the contract allows but a shipped questionnaire must not do. */
static void
test_house_rules (void)
{
  g_autoptr(GPtrArray) templates = load_library ();

  for (guint i = 0; i < templates->len; i++)
    {
      const MaTemplate *template = g_ptr_array_index (templates, i);
      guint critical = 0;

      g_assert_nonnull (template->name);
      g_assert_nonnull (template->description);
      g_assert_cmpuint (template->sections->len, >, 0);

      for (guint s = 0; s < template->sections->len; s++)
        {
          const MaSection *section = g_ptr_array_index (template->sections, s);

          g_assert_nonnull (section->title);
          g_assert_cmpuint (section->questions->len, >, 0);

          for (guint q = 0; q < section->questions->len; q++)
            {
              const MaQuestion *question = g_ptr_array_index (section->questions, q);

              g_test_message ("%s: %s", template->key, question->key);
              /* The auditor in the field has only the form: every question
               * says how to judge it. */
              g_assert_nonnull (question->guidance);
              g_assert_cmpuint (strlen (question->guidance), >=, 20);
              g_assert_nonnull (question->text);
              if (question->type == MA_QUESTION_NUMBER)
                {
                  g_assert_nonnull (question->unit);
                  g_assert_cmpint (question->rule, !=, MA_NUMBER_RULE_NONE);
                }
              if (question->type == MA_QUESTION_SCALE)
                g_assert_cmpuint (question->scale_labels->len, >=, 2);
              if (question->critical != MA_CRITICAL_NONE)
                {
                  critical++;
                  g_assert_cmpint (question->type, ==, MA_QUESTION_YES_NO);
                }
            }
        }
      /* Every standard questionnaire has a deal-breaker. */
      g_assert_cmpuint (critical, >=, 1);
    }
}

/* The pay components the shipped schemes use are fed by the templates of
 * the positions they cover. */
static void
test_components (void)
{
  static const struct {
    const char *template;
    const char *components[5];
  } expected[] = {
    { "delivery-driver", { "punctuality", "politeness", "cleanliness", "handover", NULL } },
    { "store-visit", { "politeness", "knowledge", "selling", NULL } },
    { "phone-call", { "politeness", "knowledge", "selling", NULL } },
  };
  g_autoptr(GPtrArray) templates = load_library ();

  for (guint e = 0; e < G_N_ELEMENTS (expected); e++)
    for (guint i = 0; i < templates->len; i++)
      {
        const MaTemplate *template = g_ptr_array_index (templates, i);

        if (strcmp (template->key, expected[e].template) != 0)
          continue;
        for (guint c = 0; expected[e].components[c] != NULL; c++)
          {
            gboolean used = FALSE;

            for (guint s = 0; s < template->sections->len; s++)
              {
                const MaSection *section = g_ptr_array_index (template->sections, s);

                for (guint q = 0; q < section->questions->len; q++)
                  used |= g_strcmp0 (ma_question_get_component (g_ptr_array_index (section->questions, q),
                                                                section),
                                     expected[e].components[c]) == 0;
              }
            g_test_message ("%s: component %s", template->key, expected[e].components[c]);
            g_assert_true (used);
          }
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/templates/every-file-is-valid", test_every_file_is_valid);
  g_test_add_func ("/templates/standard-library", test_standard_library);
  g_test_add_func ("/templates/house-rules", test_house_rules);
  g_test_add_func ("/templates/components", test_components);
  return g_test_run ();
}
