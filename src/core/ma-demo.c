/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ma-demo.h"
#include "ma-json-read.h"
#include "ma-json-strict.h"
#include "ma-template-i18n.h"

G_DEFINE_QUARK (ma-demo-error-quark, ma_demo_error)

/* One seed, so that every demo database is the same: screenshots, help
 * pages and end-to-end tests can all point at the same figures. */
#define DEMO_SEED 20261031u

#define BUNDLE_FORMAT "mystery-audit-bundle"
#define BUNDLE_VERSION 1

static const char * const demo_periods[] = { "2026-08", "2026-09", "2026-10" };
/* The month in which the demo shows work in progress (drafts, audits
 * waiting for review) next to approved ones. */
#define CURRENT_PERIOD 2

typedef struct {
  const char *code;
  const char *name;
  const char *reviewer;        /* approves and voids the region's audits */
  const char *auditors[3];
  gboolean    latvia;          /* Riga leaves summer time in late October */
  const char *branches[4][2];  /* code, name */
  const char *people[27];
} DemoRegion;

static const DemoRegion demo_regions[] = {
  {
    "NW", "North-West", "N. Sokolova",
    { "A. Smirnova", "D. Volkov", "T. Belova" },
    FALSE,
    {
      { "SPB-01", "St Petersburg, Nevsky pr. 112" },
      { "SPB-02", "St Petersburg, Moskovsky pr. 171" },
      { "SPB-03", "St Petersburg, Kolomyazhsky pr. 17" },
      { "SPB-04", "St Petersburg, Zanevsky pr. 67" },
    },
    {
      "Иван Петров", "Ольга Кузнецова", "Дмитрий Соколов", "Мария Попова",
      "Алексей Лебедев", "Екатерина Новикова", "Сергей Козлов",
      "Наталья Морозова", "Андрей Волков", "Татьяна Соловьёва",
      "Михаил Васильев", "Елена Зайцева", "Николай Павлов", "Ирина Семёнова",
      "Pavel Golubev", "Svetlana Vinogradova", "Артём Богданов",
      "Юлия Воробьёва", "Владимир Фёдоров", "Анастасия Михайлова",
      "Roman Belyaev", "Ксения Тарасова", "Максим Белов", "Дарья Комарова",
      "Игорь Орлов", "Виктория Киселёва", "Egor Makarov",
    },
  },
  {
    "C", "Central", "I. Fedorov",
    { "E. Morozova", "S. Kuznetsov", "M. Orlova" },
    FALSE,
    {
      { "MSK-01", "Moscow, Tverskaya ul. 18" },
      { "MSK-02", "Moscow, Leninsky pr. 109" },
      { "MSK-03", "Moscow, Profsoyuznaya ul. 61" },
      { "MSK-04", "Moscow, Rusakovskaya ul. 22" },
    },
    {
      "Александр Андреев", "Марина Ковалёва", "Евгений Ильин",
      "Людмила Гусева", "Константин Титов", "Oksana Kuzmina",
      "Денис Кудрявцев", "Галина Баранова", "Vladislav Kulikov",
      "Алина Алексеева", "Олег Степанов", "Полина Яковлева",
      "Григорий Сорокин", "Вера Сергеева", "Artur Romanov",
      "Надежда Захарова", "Кирилл Борисов", "Любовь Королёва",
      "Станислав Герасимов", "Валентина Пономарёва", "Anton Grigoriev",
      "Жанна Лазарева", "Илья Медведев", "Софья Ершова", "Тимур Никитин",
      "Элина Соболева", "Vadim Frolov",
    },
  },
  {
    "BAL", "Baltic", "L. Kalniņa",
    { "J. Ozola", "K. Bērziņš", "A. Jansone" },
    TRUE,
    {
      { "RIX-01", "Riga, Brīvības iela 68" },
      { "RIX-02", "Riga, Krasta iela 52" },
      { "RIX-03", "Riga, Deglava iela 67" },
      { "RIX-04", "Riga, Dzirnavu iela 67" },
    },
    {
      "Jānis Bērziņš", "Ilze Kalniņa", "Andris Ozols", "Līga Liepiņa",
      "Mārtiņš Krūmiņš", "Inese Zariņa", "Edgars Vītols", "Kristīne Balode",
      "Raimonds Siliņš", "Dace Eglīte", "Aleksandrs Ivanovs", "Jeļena Petrova",
      "Artūrs Kārkliņš", "Sandra Lapiņa", "Oskars Jansons", "Anna Pētersone",
      "Dmitrijs Smirnovs", "Laura Ozoliņa", "Roberts Zeltiņš",
      "Evija Strautiņa", "Sergejs Vasiļjevs", "Agnese Dreimane",
      "Valdis Grīnbergs", "Zane Riekstiņa", "Nikolajs Kuzņecovs",
      "Madara Krastiņa", "Guntis Pūce",
    },
  },
};

/* The staff of every branch; the branches with an even index also run a
 * second call desk seat. */
static const char * const branch_staff[] = {
  "driver", "driver", "sales", "sales", "sales", "operator", "operator",
};

/* Staff changes during the demo months: who left, and who joined to take
 * a place, by region and the index of the person in that region. */
typedef struct {
  guint       region;
  guint       person;      /* leaver's index in the region */
  const char *left;        /* last day */
  const char *joined;      /* the replacement's first day */
} DemoTurnover;

static const DemoTurnover demo_turnover[] = {
  { 0, 9, "2026-08-21", "2026-09-07" },
  { 1, 14, "2026-09-11", "2026-10-05" },
  /* The replacement starts before the leaver goes, to be shown the job. */
  { 2, 5, "2026-10-16", "2026-10-12" },
};

typedef struct {
  const char *position;
  double      base_pay;    /* RUB a month */
  double      kpi_plan;    /* "volume" for a full month */
} DemoPosition;

/* Volume is trips for a driver, thousands of RUB sold on the floor, and
 * orders taken at the call desk. */
static const DemoPosition demo_positions[] = {
  { "driver", 60000.00, 120 },
  { "sales", 55000.00, 1800 },
  { "operator", 50000.00, 420 },
};

typedef struct {
  const char *template_key;
  const char *scenario;
  const char *section;       /* difficult-customers: the card played */
  gboolean    id_check;      /* delivery: the order needs an identity check */
} DemoScenario;

static const DemoScenario demo_scenarios[] = {
  { "store-visit", "Washing machine for a small flat", NULL, FALSE },
  { "store-visit", "Fridge with no-frost for a family of four", NULL, FALSE },
  { "store-visit", "Laptop for a first-year student", NULL, FALSE },
  { "store-visit", "Vacuum cleaner for a home with pets", NULL, FALSE },
  { "store-visit", "Television for a bright living room", NULL, FALSE },
  { "phone-call", "Checking stock of a dishwasher and reserving it", NULL, FALSE },
  { "phone-call", "Delivery and installation of a built-in oven", NULL, FALSE },
  { "phone-call", "Choosing a gift coffee machine by phone", NULL, FALSE },
  { "chat-email", "Return of an unopened kettle", NULL, FALSE },
  { "chat-email", "Where is my order? (three days late)", NULL, FALSE },
  { "chat-email", "Warranty repair of a hair dryer", NULL, FALSE },
  { "delivery-driver", "Fridge delivery, evening slot", NULL, FALSE },
  { "delivery-driver", "Small parcel paid on delivery", NULL, TRUE },
  { "delivery-driver", "Washing machine delivery to the 5th floor, no lift", NULL, FALSE },
  { "delivery-driver", "Smartphone delivery with identity check", NULL, TRUE },
  { "difficult-customers", "Customer who does not know what he wants", "undecided", FALSE },
  { "difficult-customers", "Customer who knows better", "know_better", FALSE },
  { "difficult-customers", "Rude customer", "rude", FALSE },
  { "difficult-customers", "Offended customer", "offended", FALSE },
};

static const char * const required_templates[] = {
  "store-visit", "phone-call", "chat-email", "delivery-driver", "difficult-customers",
};

static const char * const void_reasons[] = {
  "The employee recognised the shopper; the visit was not anonymous",
  "Visit recorded against the wrong branch",
  "Duplicate of an audit entered earlier the same day",
  "The employee named was on leave that day",
};

static const char * const visit_notes[] = {
  "Busy afternoon, three other customers were waiting.",
  "Quiet morning, the employee was alone on the floor.",
  "Served by the employee named on the badge from start to end.",
  "Queue of four people at the till; the employee kept an eye on it.",
  "Music near the counter was loud enough to make talking hard.",
  "Promotion stand at the entrance, leaflets handed out.",
};

/* Comments an auditor writes on a failed answer, by question key. */
typedef struct {
  const char *question;
  const char *comment;
} DemoComment;

static const DemoComment demo_comments[] = {
  { "wait_minutes", "Two employees were talking at the counter while I waited." },
  { "greeted_promptly", "Seen at once, but greeted only after I asked a question." },
  { "eye_contact", "Kept looking at the phone while answering." },
  { "introduced_self", "Did not give a name; no badge either." },
  { "rude", "Said \"read the price tag yourself\" and turned away." },
  { "open_questions", "Only asked \"Can I help?\" and then waited." },
  { "listened", "Interrupted twice to show the model on promotion." },
  { "clarified_budget", "Never asked how much I wanted to spend." },
  { "product_facts", "Could not say the energy class or the noise level." },
  { "explained_terms", "Did not know the return period for opened goods." },
  { "options_offered", "Showed only the model on promotion." },
  { "benefits_explained", "Read the specifications off the tag without linking them to my need." },
  { "handled_objection", "Answered the price objection with \"that is the price\"." },
  { "stayed_calm", "Sighed and rolled eyes when I pushed back on the price." },
  { "warm_farewell", "Turned to the next customer without a word." },
  { "invited_back", "No invitation to come back, no card." },
  { "clean", "Dust on the demonstration models, litter under the counter." },
  { "price_tags", "Two tags missing on the shelf next to the model I asked about." },
  { "fitting_area", "Demonstration area blocked by boxes." },
  { "answer_seconds", "Voice menu plus waiting music before a person answered." },
  { "named_company", "Answered with \"Hello\" only." },
  { "named_self", "Did not give a name." },
  { "tone", "Flat, hurried tone throughout." },
  { "wrong_info", "Quoted a price well below the one on the website and in the store." },
  { "summarised", "Ended the call without confirming the reservation." },
  { "callback_kept", "Promised a call-back within the hour; no call came." },
  { "first_reply_minutes", "Only the automatic acknowledgement for a long time." },
  { "addressed_by_name", "Reply started with \"Dear customer\" although I signed with my name." },
  { "spelling", "Several typos and a sentence in the wrong language." },
  { "answered_question", "Template reply about delivery times; my question was about returns." },
  { "resolution", "Asked me to call the hotline instead." },
  { "misinformation", "Said the return period is 7 days; the policy gives 14." },
  { "follow_up", "Promised to check with the warehouse and never wrote back." },
  { "offered_more_help", "Closed the chat straight after the answer." },
  { "late_minutes", "Arrived after the end of the agreed slot." },
  { "called_ahead", "No call or message about the delay." },
  { "greeted", "Handed over the parcel without a word." },
  { "argued", "Argued that the slot had been changed by the customer." },
  { "vehicle_clean", "Van visibly dirty, number plate hard to read." },
  { "cargo_tidy", "Loose packaging and a spilled drink in the cargo area." },
  { "uniform_neat", "No company jacket, stained trousers." },
  { "parcel_intact", "Box dented at one corner." },
  { "documents", "Signature taken on the driver's phone, no receipt handed over." },
  { "checked_id", "Handed over a paid-on-delivery order without looking at the passport." },
  { "wrong_person", "Gave the parcel to a neighbour who did not give the recipient's name." },
  { "narrowed_down", "Kept showing random models without asking what the product is for." },
  { "kept_offering", "Gave up after the first model was rejected." },
  { "explained_features", "Explanations were vague: \"it is a good one\"." },
  { "confirmed_choice", "Went straight to the till without confirming the model." },
  { "used_facts", "Answered my challenge with \"trust me\"." },
  { "checked_when_unsure", "Guessed a figure that turned out to be wrong." },
  { "argued_back", "Turned it into a contest of who knows more." },
  { "expertise", "Could not hold the conversation on specifications." },
  { "stayed_polite", "Became curt after my second remark." },
  { "retorted", "Answered my remark with sarcasm." },
  { "focused_on_benefits", "Defended the store instead of talking about the product." },
  { "involved_manager", "Did not call the manager although the scenario escalated." },
  { "explained_patiently", "Showed irritation on the third question about the price." },
  { "showed_evidence", "Did not show the certificate or origin label when asked." },
  { "reassured", "Did not address the worry about being overcharged." },
  { "offered_goodwill", "Did not mention the loyalty card discount." },
};

/* How much harder than average a standard is to meet (an exponent on the
 * employee's quality): the demo's weak spots are the usual ones. */
typedef struct {
  const char *question;
  double      difficulty;
  double      na_share;    /* how often N/A is answered, where allowed */
} DemoQuestionHint;

static const DemoQuestionHint demo_hints[] = {
  { "introduced_self", 2.2, 0 },
  { "invited_back", 1.7, 0 },
  { "clarified_budget", 1.5, 0.08 },
  { "summarised", 1.5, 0 },
  { "offered_more_help", 1.4, 0 },
  { "called_ahead", 1.6, 0 },       /* N/A follows late_minutes instead */
  { "callback_kept", 1.3, 0.65 },
  { "follow_up", 1.2, 0.5 },
  { "checked_id", 1.0, 0 },         /* N/A follows the scenario */
  { "fitting_area", 1.0, 0.25 },
  { "explained_terms", 1.2, 0.1 },
  { "involved_manager", 1.0, 0.6 },
  { "offered_goodwill", 1.3, 0.3 },
  { "confirmed_choice", 1.2, 0.2 },
  { "clean", 0.8, 0 },
  { "price_tags", 1.3, 0 },
};

typedef struct {
  MaEmployee      *employee;
  const DemoRegion *region;
  guint             branch;     /* index in the region */
  const DemoPosition *position;
  double            quality;    /* how well this person meets the standards, in (0, 1) */
  GDate             from;       /* invalid when employed before the demo */
  GDate             to;         /* invalid when still employed */
} DemoPerson;

static void
demo_person_clear (gpointer data)
{
  DemoPerson *self = data;

  g_clear_pointer (&self->employee, ma_employee_free);
}

typedef struct {
  MaStore    *store;
  GRand      *rand;
  GPtrArray  *templates;   /* of MaTemplate */
  GArray     *people;      /* of DemoPerson */
} Demo;

/* Loading the template library */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
load_template_file (const char  *dir,
                    const char  *name,
                    GPtrArray   *templates,
                    GPtrArray   *warnings,
                    GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) file_warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local = NULL;
  g_autofree char *format = NULL;
  gint64 version = 0;
  JsonObject *bundle;
  JsonArray *list;

  /* The same strict reading as an imported bundle: the directory can be
   * any the user points MA_TEMPLATES_DIR at. */
  if (!g_file_get_contents (path, &contents, &length, &local) ||
      (root = ma_json_strict_parse (contents, length, NULL, &local)) == NULL)
    {
      g_set_error (error, MA_DEMO_ERROR, MA_DEMO_ERROR_TEMPLATES,
                   _("%s: %s"), path, local->message);
      return FALSE;
    }
  bundle = json_node_get_object (root);

  if (!ma_json_read_string (bundle, NULL, "format", TRUE, &format, &local) ||
      !ma_json_read_int (bundle, NULL, "version", TRUE, 1, G_MAXINT32, &version, NULL, &local) ||
      (list = ma_json_read_array (bundle, NULL, "templates", TRUE, &local)) == NULL)
    {
      g_set_error (error, MA_DEMO_ERROR, MA_DEMO_ERROR_TEMPLATES,
                   _("%s: %s"), path, local->message);
      return FALSE;
    }
  if (strcmp (format, BUNDLE_FORMAT) != 0)
    {
      g_set_error (error, MA_DEMO_ERROR, MA_DEMO_ERROR_TEMPLATES,
                   _("%s: format: “%s” is not a Mystery Audit bundle"), path, format);
      return FALSE;
    }
  if (version > BUNDLE_VERSION)
    {
      g_set_error (error, MA_DEMO_ERROR, MA_DEMO_ERROR_TEMPLATES,
                   _("%s: version: bundle version %" PRId64 " was made by a newer app"),
                   path, version);
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      g_autofree char *item_path = ma_path_index ("templates", i);
      JsonObject *object = ma_json_array_get_object (list, "templates", i, &local);
      MaTemplate *template;

      if (object == NULL ||
          (template = ma_template_from_json (object, item_path, file_warnings, &local)) == NULL)
        {
          g_set_error (error, MA_DEMO_ERROR, MA_DEMO_ERROR_TEMPLATES,
                       _("%s: %s"), path, local->message);
          return FALSE;
        }
      /* Checked in English first, so that an error names the text of the
       * file; a translation only swaps texts for non-empty UTF-8 ones, which
       * keeps the template valid. The office sees its templates in its own
       * language from the start, and they stay so once stored. */
      ma_template_translate (template);

      for (guint j = 0; j < templates->len; j++)
        {
          const MaTemplate *other = g_ptr_array_index (templates, j);

          if (strcmp (other->key, template->key) == 0 && other->version == template->version)
            {
              g_set_error (error, MA_DEMO_ERROR, MA_DEMO_ERROR_TEMPLATES,
                           _("%s: %s: template “%s” version %" PRId64 " is also in another file"),
                           path, item_path, template->key, template->version);
              ma_template_free (template);
              return FALSE;
            }
        }
      g_ptr_array_add (templates, template);
    }

  if (warnings != NULL)
    for (guint i = 0; i < file_warnings->len; i++)
      g_ptr_array_add (warnings, g_strdup_printf ("%s: %s", path,
                                                  (const char *) g_ptr_array_index (file_warnings, i)));
  return TRUE;
}

GPtrArray *
ma_demo_load_templates (const char  *dir,
                        GPtrArray   *warnings,
                        GError     **error)
{
  g_autoptr(GPtrArray) templates = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_template_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) handle = NULL;
  g_autoptr(GError) local = NULL;
  const char *name;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  handle = g_dir_open (dir, 0, &local);
  if (handle == NULL)
    {
      g_set_error (error, MA_DEMO_ERROR, MA_DEMO_ERROR_TEMPLATES,
                   _("Template directory %s cannot be read: %s"), dir, local->message);
      return NULL;
    }
  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  /* Directory order differs between file systems; file name order keeps
   * the template list (and the demo) the same everywhere. */
  g_ptr_array_sort (names, compare_names);

  if (names->len == 0)
    {
      g_set_error (error, MA_DEMO_ERROR, MA_DEMO_ERROR_TEMPLATES,
                   _("Template directory %s holds no template files (*.json)"), dir);
      return NULL;
    }

  for (guint i = 0; i < names->len; i++)
    if (!load_template_file (dir, g_ptr_array_index (names, i), templates, warnings, error))
      return NULL;

  return g_steal_pointer (&templates);
}

char *
ma_demo_find_templates_dir (void)
{
  const char *env = g_getenv ("MA_TEMPLATES_DIR");
  g_autofree char *installed = NULL;

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  installed = g_build_filename (PKGDATADIR, "templates", NULL);
  if (g_file_test (installed, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&installed);
  return NULL;
}

/* Random helpers: every draw comes from the one GRand, in a fixed order. */

static double
draw_range (GRand  *rand,
            double  low,
            double  high)
{
  return g_rand_double_range (rand, low, high);
}

static gboolean
draw_chance (GRand  *rand,
             double  probability)
{
  return g_rand_double (rand) < probability;
}

static char *
draw_uuid (GRand *rand)
{
  guint8 b[16];

  for (guint i = 0; i < 16; i += 4)
    {
      guint32 word = g_rand_int (rand);

      b[i] = word >> 24;
      b[i + 1] = (word >> 16) & 0xff;
      b[i + 2] = (word >> 8) & 0xff;
      b[i + 3] = word & 0xff;
    }
  /* RFC 4122 version 4 (random) and variant 10xx. */
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

/* Dates and times */

static void
parse_day (const char *text,
           GDate      *date)
{
  guint year, month, day;

  g_date_clear (date, 1);
  if (text != NULL && sscanf (text, "%4u-%2u-%2u", &year, &month, &day) == 3 &&
      g_date_valid_dmy (day, month, year))
    g_date_set_dmy (date, day, month, year);
}

static void
period_bounds (const char *period,
               GDate      *first,
               GDate      *last)
{
  guint year = 0, month = 0;

  sscanf (period, "%4u-%2u", &year, &month);
  g_date_clear (first, 1);
  g_date_clear (last, 1);
  g_date_set_dmy (first, 1, month, year);
  g_date_set_dmy (last, g_date_get_days_in_month (month, year), month, year);
}

/* The days of @period on which @person was employed; FALSE when none. */
static gboolean
person_active_days (const DemoPerson *person,
                    const char       *period,
                    GDate            *first,
                    GDate            *last)
{
  period_bounds (period, first, last);
  if (g_date_valid (&person->from) && g_date_compare (&person->from, first) > 0)
    *first = person->from;
  if (g_date_valid (&person->to) && g_date_compare (&person->to, last) < 0)
    *last = person->to;
  return g_date_compare (first, last) <= 0;
}

/* Latvia leaves summer time (UTC+3) for UTC+2 on the last Sunday of
 * October; Russia stays at UTC+3 all year. A visit is in business hours,
 * long after the 04:00 switch, so the date alone decides. */
static const char *
visit_offset (const DemoRegion *region,
              const GDate      *date)
{
  GDate last_sunday;

  if (!region->latvia || g_date_get_month (date) != G_DATE_OCTOBER)
    return "+03:00";
  g_date_clear (&last_sunday, 1);
  g_date_set_dmy (&last_sunday, 31, G_DATE_OCTOBER, g_date_get_year (date));
  while (g_date_get_weekday (&last_sunday) != G_DATE_SUNDAY)
    g_date_subtract_days (&last_sunday, 1);
  return g_date_compare (date, &last_sunday) >= 0 ? "+02:00" : "+03:00";
}

static char *
format_time (const GDate *date,
             guint        minute_of_day,
             const char  *offset)
{
  return g_strdup_printf ("%04u-%02u-%02uT%02u:%02u:00%s",
                          g_date_get_year (date), g_date_get_month (date), g_date_get_day (date),
                          minute_of_day / 60, minute_of_day % 60, offset);
}

/* The directory */

static gboolean
save_directory (Demo    *demo,
                GError **error)
{
  guint next_code = 1001;

  for (guint r = 0; r < G_N_ELEMENTS (demo_regions); r++)
    {
      const DemoRegion *region = &demo_regions[r];
      g_autoptr(MaRegion) saved = ma_region_new (region->code, region->name);
      guint region_start = demo->people->len;
      guint person = 0;

      if (!ma_store_save_region (demo->store, saved, NULL, error))
        return FALSE;

      for (guint b = 0; b < G_N_ELEMENTS (region->branches); b++)
        {
          g_autoptr(MaBranch) branch = ma_branch_new (region->branches[b][0],
                                                      region->branches[b][1],
                                                      region->code);
          guint staff = (b % 2 == 0) ? G_N_ELEMENTS (branch_staff) : G_N_ELEMENTS (branch_staff) - 1;

          if (!ma_store_save_branch (demo->store, branch, NULL, error))
            return FALSE;

          for (guint s = 0; s < staff; s++, person++)
            {
              DemoPerson p = { 0 };
              const char *position = branch_staff[s];
              double variation;
              double roll;

              g_date_clear (&p.from, 1);
              g_date_clear (&p.to, 1);
              p.region = region;
              p.branch = b;
              for (guint i = 0; i < G_N_ELEMENTS (demo_positions); i++)
                if (strcmp (demo_positions[i].position, position) == 0)
                  p.position = &demo_positions[i];

              p.employee = ma_employee_new ();
              p.employee->code = g_strdup_printf ("E%u", next_code++);
              p.employee->name = g_strdup (region->people[person]);
              p.employee->branch = g_strdup (region->branches[b][0]);
              p.employee->position = g_strdup (position);
              p.employee->currency = g_strdup ("RUB");
              /* Seniority and local allowances move pay a little around
               * the position's rate. */
              variation = 2500.0 * (double) g_rand_int_range (demo->rand, -1, 3);
              p.employee->base_pay = (gint64) llround ((p.position->base_pay + variation) * 100.0);
              p.employee->active_from = g_strdup_printf ("%04d-%02d-%02d",
                                                         g_rand_int_range (demo->rand, 2018, 2026),
                                                         g_rand_int_range (demo->rand, 1, 13),
                                                         g_rand_int_range (demo->rand, 1, 29));

              /* Most staff meet most standards; a few struggle and a few
               * are excellent, which is what makes rankings worth reading. */
              roll = g_rand_double (demo->rand);
              if (roll < 0.12)
                p.quality = draw_range (demo->rand, 0.45, 0.62);
              else if (roll < 0.75)
                p.quality = draw_range (demo->rand, 0.72, 0.88);
              else
                p.quality = draw_range (demo->rand, 0.88, 0.98);

              for (guint t = 0; t < G_N_ELEMENTS (demo_turnover); t++)
                if (demo_turnover[t].region == r && demo_turnover[t].person == person)
                  {
                    p.employee->active_to = g_strdup (demo_turnover[t].left);
                    parse_day (p.employee->active_to, &p.to);
                  }

              g_array_append_val (demo->people, p);
            }
        }

      /* The replacements, at the branch and position of the one who left. */
      for (guint t = 0; t < G_N_ELEMENTS (demo_turnover); t++)
        {
          const DemoPerson *leaver;
          DemoPerson p = { 0 };

          if (demo_turnover[t].region != r)
            continue;
          leaver = &g_array_index (demo->people, DemoPerson, region_start + demo_turnover[t].person);

          g_date_clear (&p.from, 1);
          g_date_clear (&p.to, 1);
          p.region = region;
          p.branch = leaver->branch;
          p.position = leaver->position;
          p.quality = draw_range (demo->rand, 0.6, 0.85);   /* still learning */
          p.employee = ma_employee_new ();
          p.employee->code = g_strdup_printf ("E%u", next_code++);
          p.employee->name = g_strdup (region->people[person++]);
          p.employee->branch = g_strdup (leaver->employee->branch);
          p.employee->position = g_strdup (leaver->employee->position);
          p.employee->currency = g_strdup ("RUB");
          p.employee->base_pay = (gint64) llround (p.position->base_pay * 100.0);
          p.employee->active_from = g_strdup (demo_turnover[t].joined);
          parse_day (p.employee->active_from, &p.from);
          g_array_append_val (demo->people, p);
        }
      g_assert (person <= G_N_ELEMENTS (region->people));
    }

  for (guint i = 0; i < demo->people->len; i++)
    if (!ma_store_save_employee (demo->store, g_array_index (demo->people, DemoPerson, i).employee,
                                 NULL, error))
      return FALSE;
  return TRUE;
}

/* Schemes and KPI figures */

static void
add_component (MaScheme          *scheme,
               const char        *key,
               const char        *label,
               double             share,
               MaComponentSource  source,
               double             floor_,
               double             target,
               double             cap)
{
  MaSchemeComponent *component = ma_scheme_component_new (key, share, source);

  g_free (component->label);
  component->label = g_strdup (label);
  component->floor = floor_;
  component->target = target;
  component->cap = cap;
  g_ptr_array_add (scheme->components, component);
}

static gboolean
save_schemes (Demo    *demo,
              GError **error)
{
  g_autoptr(MaScheme) drivers = ma_scheme_new ();
  g_autoptr(MaScheme) sales = ma_scheme_new ();

  /* The reference scheme: a delivery company's driver motivation program. */
  drivers->key = g_strdup ("drivers");
  drivers->version = 1;
  drivers->name = g_strdup ("Drivers 55/15/10/10/10");
  g_ptr_array_add (drivers->positions, g_strdup ("driver"));
  drivers->min_audits = 2;
  drivers->missing = MA_MISSING_FULL;
  add_component (drivers, "volume", "Trips against plan", 55, MA_SOURCE_KPI, 0, 1, 1.2);
  add_component (drivers, "punctuality", "On time", 15, MA_SOURCE_AUDIT, 0, 1, 1);
  add_component (drivers, "politeness", "Politeness", 10, MA_SOURCE_AUDIT, 0, 1, 1);
  /* A vehicle below half marks earns nothing; 90 % counts as spotless. */
  add_component (drivers, "cleanliness", "Clean vehicle", 10, MA_SOURCE_AUDIT, 0.5, 0.9, 1);
  add_component (drivers, "handover", "Handover", 10, MA_SOURCE_AUDIT, 0, 1, 1);

  /* Sales floor and call desk share one scheme: both the store-visit and
   * the phone-call templates map to politeness, knowledge and selling.
   * Store cleanliness is scored but not paid, because call desk staff
   * cannot influence it. */
  sales->key = g_strdup ("sales");
  sales->version = 1;
  sales->name = g_strdup ("Sales and call desk 40/25/20/15");
  g_ptr_array_add (sales->positions, g_strdup ("sales"));
  g_ptr_array_add (sales->positions, g_strdup ("operator"));
  sales->min_audits = 2;
  sales->missing = MA_MISSING_FULL;
  add_component (sales, "volume", "Sales against plan", 40, MA_SOURCE_KPI, 0, 1, 1.2);
  add_component (sales, "politeness", "Politeness", 25, MA_SOURCE_AUDIT, 0, 1, 1);
  add_component (sales, "knowledge", "Product knowledge", 20, MA_SOURCE_AUDIT, 0, 1, 1);
  add_component (sales, "selling", "Sales technique", 15, MA_SOURCE_AUDIT, 0, 1, 1);

  return ma_store_save_scheme (demo->store, drivers, NULL, error) &&
         ma_store_save_scheme (demo->store, sales, NULL, error);
}

static gboolean
save_kpis (Demo    *demo,
           GError **error)
{
  for (guint m = 0; m < G_N_ELEMENTS (demo_periods); m++)
    for (guint i = 0; i < demo->people->len; i++)
      {
        const DemoPerson *person = &g_array_index (demo->people, DemoPerson, i);
        GDate first, last, month_first, month_last;
        g_autoptr(MaKpi) kpi = NULL;
        double plan, actual, factor;

        if (!person_active_days (person, demo_periods[m], &first, &last))
          continue;
        period_bounds (demo_periods[m], &month_first, &month_last);

        /* A plan is cut to the days worked, so a joiner is not judged
         * against a full month. */
        plan = round (person->position->kpi_plan *
                      (g_date_days_between (&first, &last) + 1) /
                      (g_date_days_between (&month_first, &month_last) + 1));
        plan = MAX (plan, 1);
        factor = 0.72 + 0.35 * person->quality + draw_range (demo->rand, -0.12, 0.15);
        actual = round (plan * factor);

        kpi = ma_kpi_new (person->employee->code, demo_periods[m], "volume", actual, plan);
        if (!ma_store_save_kpi (demo->store, kpi, NULL, error))
          return FALSE;
      }
  return TRUE;
}

/* Audits */

static const DemoQuestionHint *
find_hint (const char *question)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_hints); i++)
    if (strcmp (demo_hints[i].question, question) == 0)
      return &demo_hints[i];
  return NULL;
}

static const char *
find_comment (const MaQuestion *question)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_comments); i++)
    if (strcmp (demo_comments[i].question, question->key) == 0)
      return demo_comments[i].comment;
  return NULL;
}

static const MaTemplate *
find_template (Demo       *demo,
               const char *key)
{
  for (guint i = 0; i < demo->templates->len; i++)
    {
      const MaTemplate *template = g_ptr_array_index (demo->templates, i);

      if (strcmp (template->key, key) == 0 && template->version == 1)
        return template;
    }
  return NULL;
}

/* Whether the question, as the scenario is played, cannot apply. */
static gboolean
scenario_rules_out (const DemoScenario *scenario,
                    const MaSection    *section,
                    const MaQuestion   *question,
                    const MaAudit      *audit)
{
  if (scenario->section != NULL)
    return strcmp (scenario->section, section->key) != 0;
  if (strcmp (question->key, "checked_id") == 0)
    return !scenario->id_check;
  if (strcmp (question->key, "called_ahead") == 0)
    {
      const MaAnswer *late = ma_audit_find_answer (audit, "late_minutes");

      return late != NULL && late->kind == MA_VALUE_NUMBER && late->number <= 0;
    }
  return FALSE;
}

/* Fills @answer from the employee's form on the day, @quality in (0, 1).
 * Returns whether the answer meets the standard in full. */
static gboolean
draw_value (GRand            *rand,
            const MaQuestion *question,
            double            quality,
            MaAnswer         *answer)
{
  const DemoQuestionHint *hint = find_hint (question->key);
  double difficulty = hint != NULL ? hint->difficulty : 1.0;

  switch (question->type)
    {
    case MA_QUESTION_YES_NO:
      {
        gboolean meets;

        if (question->good)
          meets = !draw_chance (rand, 1.0 - pow (quality, difficulty));
        else
          /* Bad behaviour (rudeness, a wrong price, the wrong person) is
           * rare, and the critical kind rarer still. */
          meets = !draw_chance (rand, (1.0 - quality) * (question->critical != MA_CRITICAL_NONE ? 0.08 : 0.35));
        answer->kind = MA_VALUE_BOOL;
        answer->boolean = meets ? question->good : !question->good;
        return meets;
      }

    case MA_QUESTION_SCALE:
      {
        double span = (double) (question->scale_max - question->scale_min);
        double value = (double) question->scale_min + span * pow (quality, difficulty) +
                       draw_range (rand, -0.9, 0.7);

        answer->kind = MA_VALUE_NUMBER;
        answer->number = CLAMP (round (value), (double) question->scale_min, (double) question->scale_max);
        return answer->number >= (double) question->scale_max;
      }

    case MA_QUESTION_CHOICE:
      {
        double target = pow (quality, difficulty) + draw_range (rand, -0.35, 0.2);
        const MaChoiceOption *best = NULL;

        for (guint i = 0; i < question->options->len; i++)
          {
            const MaChoiceOption *option = g_ptr_array_index (question->options, i);

            if (best == NULL || fabs (option->score - target) < fabs (best->score - target))
              best = option;
          }
        answer->kind = MA_VALUE_STRING;
        answer->string = g_strdup (best != NULL ? best->key : "");
        return best != NULL && best->score >= 1.0;
      }

    case MA_QUESTION_NUMBER:
      {
        gboolean meets = !draw_chance (rand, 1.0 - pow (quality, difficulty));
        double value = 0;

        switch (question->rule)
          {
          case MA_NUMBER_RULE_BAND:
            {
              double full = question->band_full, zero = question->band_zero;

              value = meets ? full : full + (zero - full) * draw_range (rand, 0.1, 1.15);
              meets = meets || fabs (value - full) < 0.5;
              break;
            }
          case MA_NUMBER_RULE_MAX:
            /* Service levels are promised for most contacts, not all, so
             * the limit is met more often than the rest. */
            meets = meets || draw_chance (rand, 0.3);
            value = meets ? draw_range (rand, 0.1, 1.0) * question->rule_limit
                          : draw_range (rand, 1.05, 3.0) * question->rule_limit;
            break;
          case MA_NUMBER_RULE_MIN:
            value = meets ? draw_range (rand, 1.0, 2.0) * question->rule_limit
                          : draw_range (rand, 0.0, 0.95) * question->rule_limit;
            break;
          case MA_NUMBER_RULE_NONE:
          default:
            break;
          }
        answer->kind = MA_VALUE_NUMBER;
        answer->number = MAX (round (value), 0.0);
        if (question->rule == MA_NUMBER_RULE_MAX)
          return answer->number <= question->rule_limit;
        if (question->rule == MA_NUMBER_RULE_MIN)
          return answer->number >= question->rule_limit;
        return meets;
      }

    case MA_QUESTION_TEXT:
    default:
      answer->kind = MA_VALUE_STRING;
      answer->string = g_strdup (visit_notes[g_rand_int_range (rand, 0, G_N_ELEMENTS (visit_notes))]);
      return TRUE;
    }
}

static void
draw_answers (Demo               *demo,
              const MaTemplate   *template,
              const DemoScenario *scenario,
              double              quality,
              gboolean            complete,
              MaAudit            *audit)
{
  guint total = ma_template_count_questions (template);
  /* A draft was left part-way through the form. */
  guint answered = complete ? total : (guint) g_rand_int_range (demo->rand, (gint32) (total * 0.3), (gint32) (total * 0.8) + 1);
  guint n = 0;

  for (guint s = 0; s < template->sections->len; s++)
    {
      const MaSection *section = g_ptr_array_index (template->sections, s);

      for (guint q = 0; q < section->questions->len; q++, n++)
        {
          const MaQuestion *question = g_ptr_array_index (section->questions, q);
          const DemoQuestionHint *hint = find_hint (question->key);
          g_autoptr(MaAnswer) answer = NULL;
          gboolean meets;

          if (n >= answered)
            return;

          answer = ma_answer_new (question->key);
          if (question->allow_na &&
              (scenario_rules_out (scenario, section, question, audit) ||
               draw_chance (demo->rand, hint != NULL ? hint->na_share : 0.05)))
            {
              answer->na = TRUE;
              g_ptr_array_add (audit->answers, g_steal_pointer (&answer));
              continue;
            }

          meets = draw_value (demo->rand, question, quality, answer);
          /* Auditors explain what went wrong, always for a critical
           * failure and usually otherwise. */
          if (!meets && question->type != MA_QUESTION_TEXT &&
              (question->critical != MA_CRITICAL_NONE || draw_chance (demo->rand, 0.6)))
            {
              const char *comment = find_comment (question);

              answer->comment = comment != NULL
                ? g_strdup (comment)
                : g_strdup_printf ("Not met: %s", question->text);
            }
          g_ptr_array_add (audit->answers, g_steal_pointer (&answer));
        }
    }
}

static const DemoScenario *
draw_scenario (Demo             *demo,
               const DemoPerson *person)
{
  const char *key;
  guint count = 0, pick;
  double roll = g_rand_double (demo->rand);

  if (strcmp (person->position->position, "driver") == 0)
    key = "delivery-driver";
  else if (strcmp (person->position->position, "sales") == 0)
    key = roll < 0.8 ? "store-visit" : "difficult-customers";
  else
    key = roll < 0.75 ? "phone-call" : "chat-email";

  for (guint i = 0; i < G_N_ELEMENTS (demo_scenarios); i++)
    count += strcmp (demo_scenarios[i].template_key, key) == 0;
  pick = g_rand_int_range (demo->rand, 0, (gint32) count);
  for (guint i = 0; i < G_N_ELEMENTS (demo_scenarios); i++)
    if (strcmp (demo_scenarios[i].template_key, key) == 0 && pick-- == 0)
      return &demo_scenarios[i];
  g_assert_not_reached ();
}

static gboolean
save_audit (Demo             *demo,
            const DemoPerson *person,
            const GDate      *day,
            MaAuditStatus     status,
            GError          **error)
{
  g_autoptr(MaAudit) audit = ma_audit_new ();
  const DemoScenario *scenario = draw_scenario (demo, person);
  const MaTemplate *template = find_template (demo, scenario->template_key);
  const char *offset = visit_offset (person->region, day);
  /* Visits happen in opening hours, 10:00 to 19:30. */
  guint minute = (guint) g_rand_int_range (demo->rand, 10 * 60, 19 * 60 + 31);
  guint spent = (guint) g_rand_int_range (demo->rand, 20, 150);
  double quality = CLAMP (person->quality + draw_range (demo->rand, -0.1, 0.1), 0.05, 1.0);

  audit->uuid = draw_uuid (demo->rand);
  audit->template_key = g_strdup (template->key);
  audit->template_version = template->version;
  audit->branch = g_strdup (person->employee->branch);
  audit->employee = g_strdup (person->employee->code);
  audit->auditor = g_strdup (person->region->auditors[g_rand_int_range (demo->rand, 0, 3)]);
  audit->channel = g_strdup (template->channel);
  audit->scenario = g_strdup (scenario->scenario);
  audit->visited_at = format_time (day, minute, offset);
  /* Written up the same evening at the latest. */
  audit->modified = format_time (day, MIN (minute + spent, 23 * 60 + 59), offset);
  audit->status = status == MA_AUDIT_DRAFT ? MA_AUDIT_DRAFT : MA_AUDIT_SUBMITTED;
  draw_answers (demo, template, scenario, quality, status != MA_AUDIT_DRAFT, audit);

  if (!ma_store_save_audit (demo->store, audit, audit->auditor, NULL, NULL, error))
    return FALSE;

  if (status == MA_AUDIT_APPROVED)
    return ma_store_set_audit_status (demo->store, audit->uuid, MA_AUDIT_APPROVED,
                                      person->region->reviewer, NULL, error);
  if (status == MA_AUDIT_VOIDED)
    return ma_store_set_audit_status (demo->store, audit->uuid, MA_AUDIT_VOIDED,
                                      person->region->reviewer,
                                      void_reasons[g_rand_int_range (demo->rand, 0, G_N_ELEMENTS (void_reasons))],
                                      error);
  return TRUE;
}

static MaAuditStatus
draw_status (Demo        *demo,
             guint        period,
             const GDate *day)
{
  double roll = g_rand_double (demo->rand);

  if (period != CURRENT_PERIOD)
    return roll < 0.025 ? MA_AUDIT_VOIDED : MA_AUDIT_APPROVED;

  /* The last days of the current month have not all been reviewed yet. */
  if (g_date_get_day (day) >= 26)
    return roll < 0.02 ? MA_AUDIT_VOIDED
         : roll < 0.10 ? MA_AUDIT_DRAFT
         : roll < 0.40 ? MA_AUDIT_SUBMITTED
         : MA_AUDIT_APPROVED;
  return roll < 0.015 ? MA_AUDIT_VOIDED
       : roll < 0.03 ? MA_AUDIT_DRAFT
       : roll < 0.10 ? MA_AUDIT_SUBMITTED
       : MA_AUDIT_APPROVED;
}

static gboolean
save_audits (Demo    *demo,
             GError **error)
{
  for (guint m = 0; m < G_N_ELEMENTS (demo_periods); m++)
    {
      g_autoptr(GHashTable) branch_has_approved = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < demo->people->len; i++)
        {
          const DemoPerson *person = &g_array_index (demo->people, DemoPerson, i);
          GDate first, last;
          guint days, count;
          /* A handful of people get a single visit in the current month,
           * so that low-confidence results show up in every view. */
          gboolean single = m == CURRENT_PERIOD && i % 13 == 5;

          if (!person_active_days (person, demo_periods[m], &first, &last))
            continue;
          days = (guint) g_date_days_between (&first, &last) + 1;
          count = single || days < 8 ? 1 : draw_chance (demo->rand, 0.06) ? 3 : 2;

          for (guint k = 0; k < count; k++)
            {
              /* Spread the visits over the month: one in each part. */
              guint from = k * days / count, to = (k + 1) * days / count;
              GDate day = first;
              MaAuditStatus status;

              g_date_add_days (&day, (guint) g_rand_int_range (demo->rand, (gint32) from, (gint32) to));
              status = draw_status (demo, m, &day);
              /* Every branch has approved results for every month, and a
               * single visit is a finished one, or it would not show as
               * low confidence at all. */
              if (single ||
                  !g_hash_table_contains (branch_has_approved, person->employee->branch))
                status = MA_AUDIT_APPROVED;
              if (status == MA_AUDIT_APPROVED)
                g_hash_table_add (branch_has_approved, person->employee->branch);

              if (!save_audit (demo, person, &day, status, error))
                return FALSE;
            }
        }
    }
  return TRUE;
}

gboolean
ma_demo_populate (MaStore     *store,
                  const char  *templates_dir,
                  GError     **error)
{
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GArray) people = NULL;
  gboolean empty = FALSE;
  Demo demo;

  g_return_val_if_fail (MA_IS_STORE (store), FALSE);
  g_return_val_if_fail (templates_dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ma_store_is_empty (store, &empty, error))
    return FALSE;
  if (!empty)
    {
      g_set_error (error, MA_DEMO_ERROR, MA_DEMO_ERROR_NOT_EMPTY,
                   _("The database already holds data; demo data goes only into an empty one"));
      return FALSE;
    }

  templates = ma_demo_load_templates (templates_dir, NULL, error);
  if (templates == NULL)
    return FALSE;

  rand = g_rand_new_with_seed (DEMO_SEED);
  people = g_array_new (FALSE, TRUE, sizeof (DemoPerson));
  g_array_set_clear_func (people, demo_person_clear);
  demo = (Demo) { store, rand, templates, people };

  for (guint i = 0; i < G_N_ELEMENTS (required_templates); i++)
    if (find_template (&demo, required_templates[i]) == NULL)
      {
        g_set_error (error, MA_DEMO_ERROR, MA_DEMO_ERROR_TEMPLATES,
                     _("Template directory %s lacks version 1 of template “%s”, which the demo uses"),
                     templates_dir, required_templates[i]);
        return FALSE;
      }

  if (!ma_store_begin (store, error))
    return FALSE;

  if (!save_directory (&demo, error))
    goto fail;
  for (guint i = 0; i < templates->len; i++)
    if (!ma_store_save_template (store, g_ptr_array_index (templates, i), NULL, error))
      goto fail;
  if (!save_schemes (&demo, error) ||
      !save_kpis (&demo, error) ||
      !save_audits (&demo, error))
    goto fail;

  if (!ma_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  ma_store_rollback (store);
  return FALSE;
}
