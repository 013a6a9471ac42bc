/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The shipped templates reach a new database in the user's language: the
 * test binds the app's text domain to a small Russian catalogue
 * (tests/template-i18n.po, compiled by meson) and switches to ru_RU. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "ma-demo.h"
#include "ma-sqlite-store.h"
#include "ma-template-i18n.h"

static char *locale_dir;
static gboolean have_russian;

static const char *
templates_dir (void)
{
  const char *dir = g_getenv ("MA_TEMPLATES_DIR");

  g_assert_nonnull (dir);
  return dir;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* LOCALE_DIR/ru/LC_MESSAGES/GETTEXT_PACKAGE.mo from the compiled test
 * catalogue: meson cannot write into a directory tree of its own. */
static void
install_catalogue (void)
{
  const char *mo = g_getenv ("MA_TEST_TEMPLATE_MO");
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *messages = NULL;
  g_autofree char *target = NULL;
  gsize length = 0;

  g_assert_nonnull (mo);
  locale_dir = g_dir_make_tmp ("ma-template-i18n-XXXXXX", &error);
  g_assert_no_error (error);
  messages = g_build_filename (locale_dir, "ru", "LC_MESSAGES", NULL);
  g_assert_cmpint (g_mkdir_with_parents (messages, 0700), ==, 0);
  target = g_build_filename (messages, GETTEXT_PACKAGE ".mo", NULL);
  g_file_get_contents (mo, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (target, contents, length, &error);
  g_assert_no_error (error);

  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}

static gboolean
skip_without_russian (void)
{
  if (!have_russian)
    g_test_skip ("the ru_RU.UTF-8 locale is not installed (locale-gen ru_RU.UTF-8)");
  return !have_russian;
}

static const MaTemplate *
find_template (GPtrArray  *templates,
               const char *key)
{
  for (guint i = 0; i < templates->len; i++)
    {
      const MaTemplate *t = g_ptr_array_index (templates, i);

      if (strcmp (t->key, key) == 0)
        return t;
    }
  g_assert_not_reached ();
}

static const MaScaleLabel *
find_label (const MaQuestion *q,
            gint64            value)
{
  for (guint i = 0; i < q->scale_labels->len; i++)
    {
      const MaScaleLabel *l = g_ptr_array_index (q->scale_labels, i);

      if (l->value == value)
        return l;
    }
  g_assert_not_reached ();
}

static const MaChoiceOption *
find_option (const MaQuestion *q,
             const char       *key)
{
  for (guint i = 0; i < q->options->len; i++)
    {
      const MaChoiceOption *o = g_ptr_array_index (q->options, i);

      if (strcmp (o->key, key) == 0)
        return o;
    }
  g_assert_not_reached ();
}

static void
test_load_translated (void)
{
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GError) error = NULL;
  const MaTemplate *visit;
  const MaSection *section = NULL;
  const MaQuestion *q;

  if (skip_without_russian ())
    return;

  templates = ma_demo_load_templates (templates_dir (), NULL, &error);
  g_assert_no_error (error);
  visit = find_template (templates, "store-visit");

  g_assert_cmpstr (visit->name, ==, "Посещение магазина (тест)");
  g_assert_cmpstr (visit->description, ==, "Тайный покупатель приходит в филиал как обычный клиент (тест).");

  q = ma_template_find_question (visit, "wait_minutes", &section);
  g_assert_nonnull (q);
  g_assert_cmpstr (section->key, ==, "greeting");
  g_assert_cmpstr (section->title, ==, "Приветствие (тест)");
  g_assert_cmpstr (q->text, ==, "Через сколько минут подошёл сотрудник (тест)");
  g_assert_cmpstr (q->guidance, ==, "Засеките время, когда войдёте в зал (тест).");
  /* The stored unit is what the form recognises for its stopwatch; only
   * its label is translated. */
  g_assert_cmpstr (q->unit, ==, "min");
  g_assert_cmpstr (ma_template_unit_label (q->unit), ==, "мин (тест)");

  q = ma_template_find_question (visit, "product_facts", NULL);
  g_assert_nonnull (q);
  g_assert_cmpstr (find_label (q, 1)->label, ==, "Не знал товар (тест)");
  /* A text the catalogue has only without the "template" context, and
   * one it lacks, stay English. */
  g_assert_cmpstr (find_label (q, 3)->label, ==, "Knew the basics");
  g_assert_cmpstr (find_label (q, 5)->label, ==, "Expert, answered every question");

  q = ma_template_find_question (visit, "options_offered", NULL);
  g_assert_nonnull (q);
  g_assert_cmpstr (find_option (q, "one")->label, ==, "Одну альтернативу (тест)");
  g_assert_cmpfloat (find_option (q, "one")->score, ==, 0.5);
  g_assert_cmpstr (find_option (q, "none")->label, ==, "None: only what was asked for");

  /* The same English text in another template gets the same translation. */
  q = ma_template_find_question (find_template (templates, "phone-call"), "named_company", &section);
  g_assert_nonnull (q);
  g_assert_cmpstr (section->title, ==, "Приветствие (тест)");

  for (guint i = 0; i < templates->len; i++)
    {
      ma_template_validate (g_ptr_array_index (templates, i), &error);
      g_assert_no_error (error);
    }
}

static gboolean is_text_member (const char *member);

/* Walks two canonical templates in step: every member must be the same but
 * the display texts. */
static void
assert_same_structure (JsonNode   *a,
                       JsonNode   *b,
                       const char *path,
                       gboolean    text)
{
  g_assert_cmpint (json_node_get_node_type (a), ==, json_node_get_node_type (b));
  switch (json_node_get_node_type (a))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *oa = json_node_get_object (a);
        JsonObject *ob = json_node_get_object (b);
        g_autoptr(GList) members = json_object_get_members (oa);

        g_assert_cmpuint (json_object_get_size (oa), ==, json_object_get_size (ob));
        for (GList *l = members; l != NULL; l = l->next)
          {
            const char *member = l->data;
            g_autofree char *sub = g_strconcat (path, ".", member, NULL);

            if (!json_object_has_member (ob, member))
              g_error ("%s is missing after the translation", sub);
            /* Every value of "labels" is a text, whatever its key. */
            assert_same_structure (json_object_get_member (oa, member),
                                   json_object_get_member (ob, member), sub,
                                   is_text_member (member) || g_str_has_suffix (path, ".labels"));
          }
        break;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *aa = json_node_get_array (a);
        JsonArray *ab = json_node_get_array (b);

        g_assert_cmpuint (json_array_get_length (aa), ==, json_array_get_length (ab));
        for (guint i = 0; i < json_array_get_length (aa); i++)
          {
            g_autofree char *sub = g_strdup_printf ("%s[%u]", path, i);

            assert_same_structure (json_array_get_element (aa, i), json_array_get_element (ab, i), sub, FALSE);
          }
        break;
      }
    case JSON_NODE_VALUE:
      if (!text && !json_node_equal (a, b))
        g_error ("%s changed in the translation", path);
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
}

static gboolean
is_text_member (const char *member)
{
  static const char * const texts[] = { "name", "description", "title", "text", "guidance", "label" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (strcmp (member, texts[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
test_structure_kept (void)
{
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GError) error = NULL;
  guint translated = 0;

  if (skip_without_russian ())
    return;

  templates = ma_demo_load_templates (templates_dir (), NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < templates->len; i++)
    {
      const MaTemplate *t = g_ptr_array_index (templates, i);
      g_autoptr(MaTemplate) english = NULL;
      g_autofree char *canonical_ru = ma_template_to_canonical (t);
      g_autofree char *canonical_en = NULL;
      g_autoptr(JsonNode) ru = NULL;
      g_autoptr(JsonNode) en = NULL;
      g_autofree char *path = g_strdup_printf ("templates[%u]", i);

      /* The English original: the same file read in the C locale. */
      g_assert_nonnull (setlocale (LC_ALL, "C"));
      {
        g_autoptr(GPtrArray) originals = ma_demo_load_templates (templates_dir (), NULL, &error);

        g_assert_no_error (error);
        english = ma_template_copy (find_template (originals, t->key));
      }
      g_assert_nonnull (setlocale (LC_ALL, "ru_RU.UTF-8"));

      canonical_en = ma_template_to_canonical (english);
      if (strcmp (canonical_en, canonical_ru) != 0)
        translated++;
      ru = json_from_string (canonical_ru, &error);
      g_assert_no_error (error);
      en = json_from_string (canonical_en, &error);
      g_assert_no_error (error);
      assert_same_structure (en, ru, path, FALSE);
    }
  /* Only store-visit (and phone-call, which shares a section title) have
   * translations in the test catalogue. */
  g_assert_cmpuint (translated, >=, 1);
}

/* The real first start: the standard library put into an empty database
 * comes out of it in Russian. */
static void
test_seeded_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autoptr(MaStore) store = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  gboolean found = FALSE;

  if (skip_without_russian ())
    return;

  dir = g_dir_make_tmp ("ma-template-i18n-db-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (dir, "office.db", NULL);
  store = ma_sqlite_store_open (db, MA_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (ma_demo_populate (store, templates_dir (), &error));
  g_assert_no_error (error);

  stored = ma_store_list_templates (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < stored->len; i++)
    {
      const MaTemplate *t = g_ptr_array_index (stored, i);

      if (strcmp (t->key, "store-visit") == 0)
        {
          const MaSection *section = NULL;

          found = TRUE;
          g_assert_cmpstr (t->name, ==, "Посещение магазина (тест)");
          g_assert_nonnull (ma_template_find_question (t, "wait_minutes", &section));
          g_assert_cmpstr (section->title, ==, "Приветствие (тест)");
        }
    }
  g_assert_true (found);

  g_clear_pointer (&stored, g_ptr_array_unref);
  g_clear_object (&store);
  remove_tree (dir);
}

static void
test_unit_label (void)
{
  g_assert_null (ma_template_unit_label (NULL));
  g_assert_cmpstr (ma_template_unit_label (""), ==, "");
  /* A unit of the office's own, not in the catalogue. */
  g_assert_cmpstr (ma_template_unit_label ("items"), ==, "items");
  if (skip_without_russian ())
    return;
  g_assert_cmpstr (ma_template_unit_label ("min"), ==, "мин (тест)");
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  install_catalogue ();
  /* LANGUAGE outranks the locale in gettext: the test decides alone. */
  g_unsetenv ("LANGUAGE");
  have_russian = setlocale (LC_ALL, "ru_RU.UTF-8") != NULL;

  g_test_add_func ("/template-i18n/load-translated", test_load_translated);
  g_test_add_func ("/template-i18n/structure-kept", test_structure_kept);
  g_test_add_func ("/template-i18n/seeded-database", test_seeded_database);
  g_test_add_func ("/template-i18n/unit-label", test_unit_label);

  status = g_test_run ();
  setlocale (LC_ALL, "C");
  remove_tree (locale_dir);
  g_free (locale_dir);
  return status;
}
