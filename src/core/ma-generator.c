/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ma-generator.h"

G_DEFINE_QUARK (ma-generator-error-quark, ma_generator_error)

/* The data ends with the month of the demo, so that generated and demo
 * databases can be read side by side. */
#define DEFAULT_LAST_PERIOD "2026-10"
#define DEFAULT_BATCH 5000
#define BRANCHES_PER_REGION 25
#define AUDITORS_PER_REGION 4

/* ---- the chain's fixed parts -------------------------------------------- */

typedef struct {
  const char *position;
  double      base_pay;    /* a month, in RUB */
  double      kpi_plan;    /* "volume" for a full month */
  const char *template_key;
} GenPosition;

/* Volume is trips for a driver, thousands of RUB sold on the floor and
 * orders taken at the call desk. */
static const GenPosition gen_positions[] = {
  { "driver", 60000.00, 120, "chain-delivery" },
  { "sales", 55000.00, 1800, "chain-store-visit" },
  { "operator", 50000.00, 420, "chain-call" },
};

/* Staff of a branch, by their place in it: the first three cover every
 * position, so even a branch of three has drivers, floor and desk. */
static const guint branch_positions[] = { 0, 1, 2, 0, 1 };

typedef struct {
  const char *key;
  const char *title;
  const char *component;      /* NULL: scored, not paid */
  double      weight;         /* 0: the template has no section weights */
  const char *critical;       /* the text of a critical question, or NULL */
  MaCriticalScope scope;
  const char *phrases[7];
} GenSection;

typedef struct {
  const char *key;
  const char *name;
  const char *channel;
  const char *scenarios[4];
  GenSection  sections[5];
} GenTemplate;

static const GenTemplate gen_templates[] = {
  {
    "chain-delivery", "Delivery to the door", "delivery",
    { "Fridge delivery, evening slot", "Parcel paid on delivery",
      "Washing machine to the 5th floor, no lift", "Smartphone with identity check" },
    {
      { "punctuality", "Punctuality", "punctuality", 30, NULL, MA_CRITICAL_NONE,
        { "Arrived within the agreed slot", "Called ahead when running late",
          "Confirmed the slot the day before", "Kept the customer informed of the arrival time",
          "Came to the right entrance", "Had the order ready to hand over at once", NULL } },
      { "politeness", "Politeness", "politeness", 25,
        "Was rude or dismissive to the customer", MA_CRITICAL_AUDIT,
        { "Greeted the customer", "Introduced himself and the company",
          "Kept a friendly tone throughout", "Listened without interrupting",
          "Thanked the customer and said goodbye", "Offered to help carry the goods in", NULL } },
      { "vehicle", "Vehicle and appearance", "cleanliness", 15, NULL, MA_CRITICAL_NONE,
        { "Vehicle clean outside", "Cargo area tidy", "Uniform clean and complete",
          "Number plate readable", "Goods secured in the cargo area", "Badge worn and visible", NULL } },
      { "handover", "Handover", "handover", 20,
        "Handed the goods to somebody other than the recipient", MA_CRITICAL_SECTION,
        { "Parcel intact", "Checked the recipient's identity where needed",
          "Explained the documents", "Offered to unpack and check the goods",
          "Took the payment correctly", "Left the receipt", NULL } },
      { "paperwork", "Paperwork", NULL, 10, NULL, MA_CRITICAL_NONE,
        { "Delivery note filled in", "Signature collected on the right form",
          "Returned packaging taken away", "Damage noted on the delivery note", NULL } },
    },
  },
  {
    "chain-store-visit", "Store visit", "visit",
    { "Washing machine for a small flat", "Fridge for a family of four",
      "Laptop for a student", "Television for a bright living room" },
    {
      { "greeting", "Greeting", "politeness", 0,
        "Was rude or dismissive to the customer", MA_CRITICAL_AUDIT,
        { "Greeted the customer promptly", "Made eye contact", "Introduced himself",
          "Approached without pressure", "Smiled and kept a friendly tone", NULL } },
      { "needs", "Finding the need", "selling", 0, NULL, MA_CRITICAL_NONE,
        { "Asked open questions", "Listened to the answers", "Asked about the budget",
          "Summarised what the customer needs", "Asked how the product will be used", NULL } },
      { "product", "Product knowledge", "knowledge", 0,
        "Gave wrong information about price or terms", MA_CRITICAL_SECTION,
        { "Knew the main specifications", "Explained warranty and return terms",
          "Compared two models fairly", "Knew what is in stock", "Explained delivery options", NULL } },
      { "closing", "Closing the sale", "selling", 0, NULL, MA_CRITICAL_NONE,
        { "Offered a suitable option", "Linked benefits to the need", "Handled the objection",
          "Offered accessories or services", "Invited the customer back", NULL } },
      { "store", "The store", NULL, 0, NULL, MA_CRITICAL_NONE,
        { "Sales floor clean", "Price tags in place", "Demonstration models working",
          "Fitting area free", NULL } },
    },
  },
  {
    "chain-call", "Call to the desk", "phone",
    { "Checking stock and reserving", "Delivery and installation of an oven",
      "Choosing a gift by phone", "Question about an order that is late" },
    {
      { "opening", "Opening", "politeness", 0,
        "Was rude or dismissive to the caller", MA_CRITICAL_AUDIT,
        { "Named the company", "Gave his name", "Friendly tone from the first words",
          "Asked how to address the caller", NULL } },
      { "needs", "Finding the need", "selling", 0, NULL, MA_CRITICAL_NONE,
        { "Asked open questions", "Clarified the budget", "Checked what the caller already knows",
          "Summarised the request", NULL } },
      { "product", "Product knowledge", "knowledge", 0,
        "Gave wrong information about price or terms", MA_CRITICAL_SECTION,
        { "Answered the question asked", "Knew the stock", "Explained the terms correctly",
          "Knew the delivery times", NULL } },
      { "closing", "Closing", "politeness", 0, NULL, MA_CRITICAL_NONE,
        { "Confirmed the next step", "Offered more help", "Thanked the caller",
          "Kept a promised call-back", NULL } },
      { "follow_up", "Follow-up", NULL, 0, NULL, MA_CRITICAL_NONE,
        { "Reservation confirmed in writing", "Order number given", "Call-back logged", NULL } },
    },
  },
};

static const char * const first_names[] = {
  "Ivan", "Olga", "Dmitry", "Maria", "Alexey", "Ekaterina", "Sergey", "Natalia", "Andrey",
  "Tatiana", "Mikhail", "Elena", "Nikolai", "Irina", "Pavel", "Svetlana", "Artem", "Yulia",
  "Vladimir", "Anastasia", "Roman", "Ksenia", "Maxim", "Daria", "Igor", "Victoria", "Egor",
  "Anna", "Oleg", "Polina", "Kirill", "Vera",
};

static const char * const last_names[] = {
  "Petrov", "Kuznetsova", "Sokolov", "Popova", "Lebedev", "Novikova", "Kozlov", "Morozova",
  "Volkov", "Solovyova", "Vasiliev", "Zaitseva", "Pavlov", "Semenova", "Golubev",
  "Vinogradova", "Bogdanov", "Vorobyova", "Fedorov", "Mikhailova", "Belyaev", "Tarasova",
  "Belov", "Komarova", "Orlov", "Kiseleva", "Makarov", "Andreeva", "Ilyin", "Guseva",
  "Titov", "Kuzmina",
};

static const char * const cities[] = {
  "Moscow", "St Petersburg", "Kazan", "Novosibirsk", "Yekaterinburg", "Nizhny Novgorod",
  "Samara", "Omsk", "Rostov-on-Don", "Ufa", "Krasnoyarsk", "Voronezh", "Perm", "Volgograd",
  "Krasnodar", "Tyumen",
};

static const char * const streets[] = {
  "Lenina ul.", "Mira pr.", "Sadovaya ul.", "Gagarina ul.", "Pushkina ul.", "Sovetskaya ul.",
  "Molodezhnaya ul.", "Tsentralnaya ul.", "Lesnaya ul.", "Shkolnaya ul.",
};

static const char * const region_names[] = {
  "Central", "North-West", "Volga", "Urals", "Siberia", "South", "Far East", "North Caucasus",
};

/* Offsets of the regions' time zones: periods are the local month of a
 * visit, so the data exercise more than one zone. */
static const char * const region_offsets[] = {
  "+03:00", "+03:00", "+04:00", "+05:00", "+07:00", "+03:00", "+10:00", "+03:00",
};

static const char * const observations[] = {
  "Two colleagues were talking at the counter at the time.",
  "The employee was alone and busy with another customer.",
  "Seen on the second visit to the counter as well.",
  "The customer had to ask twice.",
  "No explanation was offered.",
  "Noted at the start of the contact.",
  "Noted at the end of the contact.",
  "The manager on duty was nearby and did not step in.",
};

static const char * const void_reasons[] = {
  "The employee recognised the shopper; the visit was not anonymous",
  "Visit recorded against the wrong branch",
  "Duplicate of an audit entered earlier the same day",
  "The employee named was on leave that day",
};

static const char * const visit_notes[] = {
  "Busy afternoon, three other customers were waiting.",
  "Quiet morning, the employee was alone.",
  "Served by the employee named on the badge from start to end.",
  "Queue of four people; the employee kept an eye on it.",
};

/* ---- state ------------------------------------------------------------- */

typedef struct {
  double difficulty;   /* exponent on the employee's quality */
} GenQuestionHint;

typedef struct {
  MaTemplate  *template;
  GHashTable  *hints;        /* question key -> GenQuestionHint (owned by the array below) */
  GArray      *hint_store;
  const GenTemplate *spec;
} GenTemplateData;

typedef struct {
  char   *code;
  char   *name;
  char   *reviewer;
  char   *auditors[AUDITORS_PER_REGION];
  const char *offset;
} GenRegion;

typedef struct {
  MaEmployee *employee;
  guint       region;
  guint       position;
  double      quality;
} GenPerson;

typedef struct {
  MaStore                  *store;
  GRand                    *rand;
  const MaGeneratorOptions *options;
  GPtrArray                *periods;      /* of char* */
  GArray                   *regions;      /* of GenRegion */
  GArray                   *people;       /* of GenPerson */
  GenTemplateData           templates[G_N_ELEMENTS (gen_templates)];
  gboolean                  in_transaction;
  guint                     in_batch;
  guint                     committed;    /* audits committed so far */
} Generator;

static void
gen_region_clear (gpointer data)
{
  GenRegion *region = data;

  g_free (region->code);
  g_free (region->name);
  g_free (region->reviewer);
  for (guint i = 0; i < AUDITORS_PER_REGION; i++)
    g_free (region->auditors[i]);
}

static void
gen_person_clear (gpointer data)
{
  GenPerson *person = data;

  g_clear_pointer (&person->employee, ma_employee_free);
}

static void
generator_clear (Generator *gen)
{
  g_clear_pointer (&gen->rand, g_rand_free);
  g_clear_pointer (&gen->periods, g_ptr_array_unref);
  g_clear_pointer (&gen->regions, g_array_unref);
  g_clear_pointer (&gen->people, g_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (gen->templates); i++)
    {
      g_clear_pointer (&gen->templates[i].template, ma_template_free);
      g_clear_pointer (&gen->templates[i].hints, g_hash_table_unref);
      g_clear_pointer (&gen->templates[i].hint_store, g_array_unref);
    }
}

/* ---- random draws: every one from the one GRand, in a fixed order ------- */

static double
draw_range (Generator *gen,
            double     low,
            double     high)
{
  return g_rand_double_range (gen->rand, low, high);
}

static gboolean
draw_chance (Generator *gen,
             double     probability)
{
  return g_rand_double (gen->rand) < probability;
}

static guint
draw_index (Generator *gen,
            guint      count)
{
  return (guint) g_rand_int_range (gen->rand, 0, (gint32) count);
}

static char *
draw_uuid (Generator *gen)
{
  guint8 b[16];

  for (guint i = 0; i < 16; i += 4)
    {
      guint32 word = g_rand_int (gen->rand);

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

static char *
draw_person_name (Generator *gen)
{
  const char *first = first_names[draw_index (gen, G_N_ELEMENTS (first_names))];
  const char *last = last_names[draw_index (gen, G_N_ELEMENTS (last_names))];

  return g_strdup_printf ("%s %s", first, last);
}

/* ---- options and periods ----------------------------------------------- */

static gboolean
check_options (const MaGeneratorOptions  *options,
               GError                   **error)
{
  if (options->branches < 1 || options->branches > MA_GENERATOR_MAX_BRANCHES)
    {
      g_set_error (error, MA_GENERATOR_ERROR, MA_GENERATOR_ERROR_INVALID,
                   _("branches: %u is outside 1..%u"), options->branches, MA_GENERATOR_MAX_BRANCHES);
      return FALSE;
    }
  if (options->employees_per_branch < 1 ||
      options->employees_per_branch > MA_GENERATOR_MAX_EMPLOYEES_PER_BRANCH)
    {
      g_set_error (error, MA_GENERATOR_ERROR, MA_GENERATOR_ERROR_INVALID,
                   _("employees per branch: %u is outside 1..%u"), options->employees_per_branch,
                   MA_GENERATOR_MAX_EMPLOYEES_PER_BRANCH);
      return FALSE;
    }
  if (options->months < 1 || options->months > MA_GENERATOR_MAX_MONTHS)
    {
      g_set_error (error, MA_GENERATOR_ERROR, MA_GENERATOR_ERROR_INVALID,
                   _("months: %u is outside 1..%u"), options->months, MA_GENERATOR_MAX_MONTHS);
      return FALSE;
    }
  if (options->first_period != NULL && !ma_period_is_valid (options->first_period))
    {
      g_set_error (error, MA_GENERATOR_ERROR, MA_GENERATOR_ERROR_INVALID,
                   _("first month: “%s” is not a month of the form YYYY-MM"), options->first_period);
      return FALSE;
    }
  return TRUE;
}

static GPtrArray *
make_periods (const MaGeneratorOptions *options)
{
  GPtrArray *periods = g_ptr_array_new_with_free_func (g_free);
  char *period;

  if (options->first_period != NULL)
    period = g_strdup (options->first_period);
  else
    {
      period = g_strdup (DEFAULT_LAST_PERIOD);
      for (guint i = 1; i < options->months; i++)
        {
          char *previous = ma_period_previous (period);

          g_free (period);
          period = previous;
        }
    }
  for (guint i = 0; i < options->months; i++)
    {
      g_ptr_array_add (periods, period);
      period = ma_period_next (period);
    }
  g_free (period);
  return periods;
}

/* ---- templates ---------------------------------------------------------- */

static MaQuestion *
make_critical_question (const char      *key,
                        const char      *text,
                        MaCriticalScope  scope)
{
  MaQuestion *q = ma_question_new ();

  /* Asked the bad way round: "yes" is the failure, and it is a gate. */
  q->key = g_strdup (key);
  q->text = g_strdup (text);
  q->type = MA_QUESTION_YES_NO;
  q->good = FALSE;
  q->critical = scope;
  q->weight = 2;
  q->comment_on_fail = TRUE;
  return q;
}

static void
set_number_rule (MaQuestion *q,
                 guint       variant)
{
  g_free (q->text);
  q->type = MA_QUESTION_NUMBER;
  q->weight = 2;
  switch (variant % 3)
    {
    case 0:
      /* A service level promised for nine contacts in ten. */
      q->text = g_strdup ("Minutes the customer waited before being served");
      q->unit = g_strdup ("min");
      q->rule = MA_NUMBER_RULE_MAX;
      q->rule_limit = 5;
      q->has_standard = TRUE;
      q->standard_share = 0.9;
      break;
    case 1:
      q->text = g_strdup ("Minutes late against the agreed time");
      q->unit = g_strdup ("min");
      q->rule = MA_NUMBER_RULE_BAND;
      q->band_full = 0;
      q->band_zero = 30;
      break;
    default:
      q->text = g_strdup ("Options or products offered");
      q->unit = g_strdup ("items");
      q->rule = MA_NUMBER_RULE_MIN;
      q->rule_limit = 2;
      break;
    }
}

static void
make_scale (MaQuestion *q)
{
  static const char * const labels[] = { "Poor", "Weak", "Fair", "Good", "Excellent" };

  q->type = MA_QUESTION_SCALE;
  q->scale_min = 1;
  q->scale_max = 5;
  q->weight = 2;
  for (guint i = 0; i < G_N_ELEMENTS (labels); i += 2)
    {
      MaScaleLabel *label = g_new0 (MaScaleLabel, 1);

      label->value = i + 1;
      label->label = g_strdup (labels[i]);
      g_ptr_array_add (q->scale_labels, label);
    }
}

static void
make_choice (MaQuestion *q)
{
  q->type = MA_QUESTION_CHOICE;
  g_ptr_array_add (q->options, ma_choice_option_new ("fully", "Fully", 1.0));
  g_ptr_array_add (q->options, ma_choice_option_new ("mostly", "Mostly", 0.75));
  g_ptr_array_add (q->options, ma_choice_option_new ("partly", "Partly", 0.4));
  g_ptr_array_add (q->options, ma_choice_option_new ("no", "Not at all", 0.0));
}

static void
add_hint (GenTemplateData *data,
          const char      *key,
          double           difficulty)
{
  GenQuestionHint hint = { difficulty };

  g_array_append_val (data->hint_store, hint);
  g_hash_table_insert (data->hints, (gpointer) key, GUINT_TO_POINTER (data->hint_store->len));
}

static double
question_difficulty (const GenTemplateData *data,
                     const char            *key)
{
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (data->hints, key));

  return index > 0 ? g_array_index (data->hint_store, GenQuestionHint, index - 1).difficulty : 1.0;
}

/* A template of 30 to 60 questions over the five sections of @spec: every
 * question type, N/A allowed on some, a critical question where the spec
 * has one, a service-level standard on the waiting time, and a free-text
 * note at the end. */
static MaTemplate *
make_template (Generator         *gen,
               const GenTemplate *spec,
               GenTemplateData   *data)
{
  MaTemplate *t = ma_template_new ();
  guint n_sections = G_N_ELEMENTS (spec->sections);
  guint total = 30 + draw_index (gen, 31);
  guint index = 0;

  t->key = g_strdup (spec->key);
  t->version = 1;
  t->name = g_strdup (spec->name);
  t->channel = g_strdup (spec->channel);
  t->description = g_strdup_printf (_("Generated questionnaire of %u questions"), total);
  t->status = MA_TEMPLATE_PUBLISHED;

  data->hints = g_hash_table_new (g_str_hash, g_str_equal);
  data->hint_store = g_array_new (FALSE, FALSE, sizeof (GenQuestionHint));

  for (guint s = 0; s < n_sections; s++)
    {
      const GenSection *sspec = &spec->sections[s];
      MaSection *section = ma_section_new ();
      guint count = total / n_sections + (s < total % n_sections ? 1 : 0);
      guint phrases = 0;

      while (sspec->phrases[phrases] != NULL)
        phrases++;

      section->key = g_strdup (sspec->key);
      section->title = g_strdup (sspec->title);
      section->component = g_strdup (sspec->component);
      section->has_weight = sspec->weight > 0;
      section->weight = sspec->weight;
      g_ptr_array_add (t->sections, section);

      for (guint j = 0; j < count; j++, index++)
        {
          g_autofree char *key = g_strdup_printf ("%s_%02u", sspec->key, j + 1);
          MaQuestion *q;

          if (j == 0 && sspec->critical != NULL)
            q = make_critical_question (key, sspec->critical, sspec->scope);
          else if (s == n_sections - 1 && j == count - 1)
            {
              q = ma_question_new ();
              q->key = g_strdup (key);
              q->text = g_strdup ("Notes on the visit");
              q->type = MA_QUESTION_TEXT;
              q->allow_na = TRUE;
            }
          else
            {
              const char *phrase = sspec->phrases[j % phrases];

              q = ma_question_new ();
              q->key = g_strdup (key);
              q->text = j < phrases ? g_strdup (phrase)
                                    : g_strdup_printf ("%s (second check)", phrase);
              switch (index % 7)
                {
                case 1:
                  make_scale (q);
                  break;
                case 3:
                case 6:
                  make_choice (q);
                  q->weight = 1 + draw_index (gen, 3);
                  break;
                case 4:
                  set_number_rule (q, index / 7);
                  break;
                default:
                  q->type = MA_QUESTION_YES_NO;
                  q->weight = 1 + draw_index (gen, 2);
                  break;
                }
              q->allow_na = draw_chance (gen, 0.25);
              q->comment_on_fail = draw_chance (gen, 0.3);
            }
          g_ptr_array_add (section->questions, q);
          /* How much harder than average the standard is to meet. */
          add_hint (data, q->key, draw_range (gen, 0.7, 2.2));
        }
    }
  return t;
}

/* ---- directory, schemes, KPI figures ------------------------------------ */

static gboolean
save_directory (Generator  *gen,
                GError    **error)
{
  const MaGeneratorOptions *options = gen->options;
  guint n_regions = (options->branches + BRANCHES_PER_REGION - 1) / BRANCHES_PER_REGION;
  guint branch_digits = MAX (4, (guint) floor (log10 (options->branches)) + 1);
  guint employee_digits = MAX (6, (guint) floor (log10 ((double) options->branches *
                                                          options->employees_per_branch)) + 1);
  guint next_employee = 1;

  for (guint r = 0; r < n_regions; r++)
    {
      GenRegion region = { 0 };
      g_autoptr(MaRegion) saved = NULL;
      const char *base = region_names[r % G_N_ELEMENTS (region_names)];

      region.code = g_strdup_printf ("R%03u", r + 1);
      region.name = r < G_N_ELEMENTS (region_names)
                    ? g_strdup (base)
                    : g_strdup_printf ("%s %u", base, (guint) (r / G_N_ELEMENTS (region_names)) + 1);
      region.reviewer = draw_person_name (gen);
      for (guint a = 0; a < AUDITORS_PER_REGION; a++)
        region.auditors[a] = draw_person_name (gen);
      region.offset = region_offsets[r % G_N_ELEMENTS (region_offsets)];
      g_array_append_val (gen->regions, region);

      saved = ma_region_new (region.code, region.name);
      if (!ma_store_save_region (gen->store, saved, NULL, error))
        return FALSE;
    }

  for (guint b = 0; b < options->branches; b++)
    {
      /* Regions of about 25 branches each, in order. */
      guint r = (guint) ((guint64) b * n_regions / options->branches);
      const GenRegion *region = &g_array_index (gen->regions, GenRegion, r);
      g_autofree char *code = g_strdup_printf ("B%0*u", branch_digits, b + 1);
      g_autofree char *name = g_strdup_printf ("%s, %s %u",
                                               cities[draw_index (gen, G_N_ELEMENTS (cities))],
                                               streets[draw_index (gen, G_N_ELEMENTS (streets))],
                                               1 + draw_index (gen, 180));
      g_autoptr(MaBranch) branch = ma_branch_new (code, name, region->code);

      if (!ma_store_save_branch (gen->store, branch, NULL, error))
        return FALSE;

      for (guint e = 0; e < options->employees_per_branch; e++)
        {
          GenPerson person = { 0 };
          const GenPosition *position;
          double roll;

          person.region = r;
          person.position = branch_positions[e % G_N_ELEMENTS (branch_positions)];
          position = &gen_positions[person.position];
          person.employee = ma_employee_new ();
          person.employee->code = g_strdup_printf ("E%0*u", employee_digits, next_employee++);
          person.employee->name = draw_person_name (gen);
          person.employee->branch = g_strdup (code);
          person.employee->position = g_strdup (position->position);
          person.employee->currency = g_strdup ("RUB");
          /* Seniority and local allowances move pay a little around the
           * position's rate. */
          person.employee->base_pay =
            (gint64) llround ((position->base_pay + 2500.0 * (double) g_rand_int_range (gen->rand, -1, 3)) * 100.0);
          person.employee->active_from = g_strdup_printf ("%04d-%02d-%02d",
                                                          g_rand_int_range (gen->rand, 2012, 2024),
                                                          g_rand_int_range (gen->rand, 1, 13),
                                                          g_rand_int_range (gen->rand, 1, 29));
          /* Most staff meet most standards; a few struggle and a few
           * excel, which is what makes rankings worth reading. */
          roll = g_rand_double (gen->rand);
          if (roll < 0.12)
            person.quality = draw_range (gen, 0.45, 0.62);
          else if (roll < 0.75)
            person.quality = draw_range (gen, 0.72, 0.88);
          else
            person.quality = draw_range (gen, 0.88, 0.98);

          if (!ma_store_save_employee (gen->store, person.employee, NULL, error))
            {
              gen_person_clear (&person);
              return FALSE;
            }
          g_array_append_val (gen->people, person);
        }
    }
  return TRUE;
}

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
save_schemes (Generator  *gen,
              GError    **error)
{
  g_autoptr(MaScheme) drivers = ma_scheme_new ();
  g_autoptr(MaScheme) sales = ma_scheme_new ();

  /* The reference scheme of a delivery company. */
  drivers->key = g_strdup ("drivers");
  drivers->version = 1;
  drivers->name = g_strdup ("Drivers 55/15/10/10/10");
  g_ptr_array_add (drivers->positions, g_strdup ("driver"));
  drivers->min_audits = 2;
  drivers->missing = MA_MISSING_FULL;
  add_component (drivers, "volume", "Trips against plan", 55, MA_SOURCE_KPI, 0, 1, 1.2);
  add_component (drivers, "punctuality", "On time", 15, MA_SOURCE_AUDIT, 0, 1, 1);
  add_component (drivers, "politeness", "Politeness", 10, MA_SOURCE_AUDIT, 0, 1, 1);
  add_component (drivers, "cleanliness", "Clean vehicle", 10, MA_SOURCE_AUDIT, 0.5, 0.9, 1);
  add_component (drivers, "handover", "Handover", 10, MA_SOURCE_AUDIT, 0, 1, 1);

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

  return ma_store_save_scheme (gen->store, drivers, NULL, error) &&
         ma_store_save_scheme (gen->store, sales, NULL, error);
}

static gboolean
save_kpis (Generator  *gen,
           GError    **error)
{
  for (guint m = 0; m < gen->periods->len; m++)
    for (guint i = 0; i < gen->people->len; i++)
      {
        const GenPerson *person = &g_array_index (gen->people, GenPerson, i);
        const GenPosition *position = &gen_positions[person->position];
        double factor = 0.72 + 0.35 * person->quality + draw_range (gen, -0.12, 0.15);
        double plan = round (position->kpi_plan * draw_range (gen, 0.9, 1.1));
        g_autoptr(MaKpi) kpi = ma_kpi_new (person->employee->code, g_ptr_array_index (gen->periods, m),
                                           "volume", round (plan * factor), MAX (plan, 1));

        if (!ma_store_save_kpi (gen->store, kpi, NULL, error))
          return FALSE;
      }
  return TRUE;
}

/* ---- audits ------------------------------------------------------------- */

/* Fills @answer from the employee's form on the day, @quality in (0, 1).
 * Returns whether the answer meets the standard in full. */
static gboolean
draw_value (Generator        *gen,
            const MaQuestion *question,
            double            difficulty,
            double            quality,
            MaAnswer         *answer)
{
  double form = pow (quality, difficulty);

  switch (question->type)
    {
    case MA_QUESTION_YES_NO:
      {
        gboolean meets;

        if (question->good)
          meets = !draw_chance (gen, 1.0 - form);
        else
          /* Bad behaviour is rare, and the critical kind rarer still. */
          meets = !draw_chance (gen, (1.0 - quality) * (question->critical != MA_CRITICAL_NONE ? 0.05 : 0.3));
        answer->kind = MA_VALUE_BOOL;
        answer->boolean = meets ? question->good : !question->good;
        return meets;
      }

    case MA_QUESTION_SCALE:
      {
        double span = (double) (question->scale_max - question->scale_min);
        double value = (double) question->scale_min + span * form + draw_range (gen, -0.9, 0.7);

        answer->kind = MA_VALUE_NUMBER;
        answer->number = CLAMP (round (value), (double) question->scale_min,
                                (double) question->scale_max);
        return answer->number >= (double) question->scale_max;
      }

    case MA_QUESTION_CHOICE:
      {
        double target = form + draw_range (gen, -0.35, 0.2);
        const MaChoiceOption *best = NULL;

        for (guint i = 0; i < question->options->len; i++)
          {
            const MaChoiceOption *option = g_ptr_array_index (question->options, i);

            if (best == NULL || fabs (option->score - target) < fabs (best->score - target))
              best = option;
          }
        /* Every generated choice question has options. */
        g_assert (best != NULL);
        answer->kind = MA_VALUE_STRING;
        answer->string = g_strdup (best->key);
        return best->score >= 1.0;
      }

    case MA_QUESTION_NUMBER:
      {
        gboolean meets = !draw_chance (gen, 1.0 - form);
        double value;

        switch (question->rule)
          {
          case MA_NUMBER_RULE_BAND:
            value = meets ? question->band_full
                          : question->band_full + (question->band_zero - question->band_full) *
                                                    draw_range (gen, 0.05, 1.15);
            break;
          case MA_NUMBER_RULE_MAX:
            /* Service levels are promised for most contacts, not all. */
            meets = meets || draw_chance (gen, 0.5);
            value = meets ? draw_range (gen, 0.0, 1.0) * question->rule_limit
                          : draw_range (gen, 1.1, 3.0) * question->rule_limit;
            break;
          case MA_NUMBER_RULE_MIN:
          default:
            value = meets ? draw_range (gen, 1.0, 2.5) * question->rule_limit
                          : draw_range (gen, 0.0, 0.95) * question->rule_limit;
            break;
          }
        answer->kind = MA_VALUE_NUMBER;
        answer->number = MAX (round (value), 0.0);
        if (question->rule == MA_NUMBER_RULE_MAX)
          return answer->number <= question->rule_limit;
        if (question->rule == MA_NUMBER_RULE_MIN)
          return answer->number >= question->rule_limit;
        return answer->number <= question->band_full;
      }

    case MA_QUESTION_TEXT:
    default:
      answer->kind = MA_VALUE_STRING;
      answer->string = g_strdup (visit_notes[draw_index (gen, G_N_ELEMENTS (visit_notes))]);
      return TRUE;
    }
}

static void
draw_answers (Generator             *gen,
              const GenTemplateData *data,
              double                 quality,
              gboolean               complete,
              MaAudit               *audit)
{
  const MaTemplate *template = data->template;
  guint total = ma_template_count_questions (template);
  /* A draft was left part-way through the form. */
  guint answered = complete ? total
                            : (guint) g_rand_int_range (gen->rand, (gint32) (total * 3 / 10),
                                                        (gint32) (total * 8 / 10) + 1);
  guint n = 0;

  for (guint s = 0; s < template->sections->len; s++)
    {
      const MaSection *section = g_ptr_array_index (template->sections, s);

      for (guint q = 0; q < section->questions->len; q++, n++)
        {
          const MaQuestion *question = g_ptr_array_index (section->questions, q);
          MaAnswer *answer;
          gboolean meets;

          if (n >= answered)
            return;

          answer = ma_answer_new (question->key);
          g_ptr_array_add (audit->answers, answer);
          if (question->allow_na && draw_chance (gen, 0.08))
            {
              answer->na = TRUE;
              continue;
            }
          meets = draw_value (gen, question, question_difficulty (data, question->key), quality,
                              answer);
          /* Auditors explain what went wrong: always for a critical
           * failure or where the template asks, usually otherwise. */
          if (!meets && question->type != MA_QUESTION_TEXT &&
              (question->critical != MA_CRITICAL_NONE || question->comment_on_fail ||
               draw_chance (gen, 0.5)))
            answer->comment = g_strdup (observations[draw_index (gen, G_N_ELEMENTS (observations))]);
        }
    }
}

static char *
format_time (guint       year,
             guint       month,
             guint       day,
             guint       minute_of_day,
             const char *offset)
{
  return g_strdup_printf ("%04u-%02u-%02uT%02u:%02u:00%s", year, month, day, minute_of_day / 60,
                          minute_of_day % 60, offset);
}

static gboolean
begin (Generator  *gen,
       GError    **error)
{
  gen->in_transaction = ma_store_begin (gen->store, error);
  return gen->in_transaction;
}

/* A failed commit has rolled back already. */
static gboolean
commit (Generator  *gen,
        GError    **error)
{
  gen->in_transaction = FALSE;
  if (!ma_store_commit (gen->store, error))
    return FALSE;
  gen->committed += gen->in_batch;
  gen->in_batch = 0;
  return TRUE;
}

static gboolean
next_audit (Generator  *gen,
            GError    **error)
{
  guint batch = gen->options->batch_audits > 0 ? gen->options->batch_audits : DEFAULT_BATCH;

  if (++gen->in_batch < batch)
    return TRUE;
  /* Each batch is one transaction: few fsyncs, and a WAL that stays small. */
  return commit (gen, error) && begin (gen, error);
}

static gboolean
save_audit (Generator        *gen,
            const GenPerson  *person,
            guint             year,
            guint             month,
            guint             day,
            MaAuditStatus     status,
            GError          **error)
{
  const GenRegion *region = &g_array_index (gen->regions, GenRegion, person->region);
  const GenTemplateData *data = &gen->templates[person->position];
  const MaTemplate *template = data->template;
  g_autoptr(MaAudit) audit = ma_audit_new ();
  /* Visits happen in opening hours, 09:00 to 19:30, and are written up
   * the same evening at the latest. */
  guint minute = 9 * 60 + draw_index (gen, 10 * 60 + 31);
  guint spent = 20 + draw_index (gen, 150);
  double quality = CLAMP (person->quality + draw_range (gen, -0.1, 0.1), 0.05, 1.0);
  const char *auditor = region->auditors[draw_index (gen, AUDITORS_PER_REGION)];

  audit->uuid = draw_uuid (gen);
  audit->template_key = g_strdup (template->key);
  audit->template_version = template->version;
  audit->branch = g_strdup (person->employee->branch);
  audit->employee = g_strdup (person->employee->code);
  audit->auditor = g_strdup (auditor);
  audit->channel = g_strdup (template->channel);
  audit->scenario = g_strdup (data->spec->scenarios[draw_index (gen, G_N_ELEMENTS (data->spec->scenarios))]);
  audit->visited_at = format_time (year, month, day, minute, region->offset);
  audit->modified = format_time (year, month, day, MIN (minute + spent, 23 * 60 + 59), region->offset);
  /* An approved audit is saved approved, as an import of reviewed audits
   * is: the log records that it was created approved by the reviewer. */
  audit->status = status == MA_AUDIT_VOIDED ? MA_AUDIT_APPROVED : status;
  draw_answers (gen, data, quality, status != MA_AUDIT_DRAFT, audit);

  if (!ma_store_save_audit (gen->store, audit,
                            audit->status == MA_AUDIT_APPROVED ? region->reviewer : auditor,
                            NULL, NULL, error))
    return FALSE;
  if (status == MA_AUDIT_VOIDED &&
      !ma_store_set_audit_status (gen->store, audit->uuid, MA_AUDIT_VOIDED, region->reviewer,
                                  void_reasons[draw_index (gen, G_N_ELEMENTS (void_reasons))], error))
    return FALSE;
  return next_audit (gen, error);
}

static MaAuditStatus
draw_status (Generator *gen,
             gboolean   last_month)
{
  double roll = g_rand_double (gen->rand);

  /* Older months are reviewed; the last one still has work in progress. */
  if (!last_month)
    return roll < 0.015 ? MA_AUDIT_VOIDED : MA_AUDIT_APPROVED;
  return roll < 0.02 ? MA_AUDIT_VOIDED
       : roll < 0.05 ? MA_AUDIT_DRAFT
       : roll < 0.15 ? MA_AUDIT_SUBMITTED
       : MA_AUDIT_APPROVED;
}

static gboolean
save_audits (Generator  *gen,
             GError    **error)
{
  guint per_branch = gen->options->employees_per_branch;

  for (guint m = 0; m < gen->periods->len; m++)
    {
      const char *period = g_ptr_array_index (gen->periods, m);
      gboolean last_month = m + 1 == gen->periods->len;
      guint year = 0, month = 0, days;

      sscanf (period, "%4u-%2u", &year, &month);
      days = g_date_get_days_in_month (month, year);

      for (guint i = 0; i < gen->people->len; i++)
        {
          const GenPerson *person = &g_array_index (gen->people, GenPerson, i);

          /* Two visits, one in each half of the month. */
          for (guint k = 0; k < 2; k++)
            {
              guint from = k == 0 ? 1 : 15;
              guint to = k == 0 ? 14 : days;
              guint day = from + draw_index (gen, to - from + 1);
              MaAuditStatus status = draw_status (gen, last_month);

              /* Every branch has approved results in every month: the
               * first visit of its first employee is a reviewed one. */
              if (i % per_branch == 0 && k == 0)
                status = MA_AUDIT_APPROVED;
              if (!save_audit (gen, person, year, month, day, status, error))
                return FALSE;
            }
        }
    }
  return TRUE;
}

gboolean
ma_generator_run (MaStore                   *store,
                  const MaGeneratorOptions  *options,
                  GError                   **error)
{
  Generator gen = { 0 };
  gboolean empty = FALSE;
  gboolean ok = FALSE;
  gboolean setup_committed = FALSE;

  g_return_val_if_fail (MA_IS_STORE (store), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_options (options, error))
    return FALSE;
  if (!ma_store_is_empty (store, &empty, error))
    return FALSE;
  if (!empty)
    {
      g_set_error (error, MA_GENERATOR_ERROR, MA_GENERATOR_ERROR_NOT_EMPTY,
                   _("The database already holds data; generated data goes only into an empty one"));
      return FALSE;
    }

  gen.store = store;
  gen.options = options;
  gen.rand = g_rand_new_with_seed (options->seed);
  gen.periods = make_periods (options);
  gen.regions = g_array_new (FALSE, TRUE, sizeof (GenRegion));
  g_array_set_clear_func (gen.regions, gen_region_clear);
  gen.people = g_array_new (FALSE, TRUE, sizeof (GenPerson));
  g_array_set_clear_func (gen.people, gen_person_clear);

  /* The directory, templates, schemes and KPI figures: all or nothing. */
  if (!begin (&gen, error))
    goto out;
  for (guint i = 0; i < G_N_ELEMENTS (gen_templates); i++)
    {
      gen.templates[i].spec = &gen_templates[i];
      gen.templates[i].template = make_template (&gen, &gen_templates[i], &gen.templates[i]);
      if (!ma_store_save_template (store, gen.templates[i].template, NULL, error))
        goto out;
    }
  if (!save_directory (&gen, error) || !save_schemes (&gen, error) || !save_kpis (&gen, error) ||
      !commit (&gen, error))
    goto out;
  setup_committed = TRUE;

  ok = begin (&gen, error) && save_audits (&gen, error) && commit (&gen, error);

out:
  if (gen.in_transaction)
    ma_store_rollback (store);
  if (!ok && setup_committed)
    g_prefix_error (error, _("Generating stopped after %u audits; the database holds a partial "
                             "data set and is best deleted: "), gen.committed);
  generator_clear (&gen);
  return ok;
}
