/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ma-directory.h"
#include "ma-json-read.h"
#include "ma-keys.h"
#include "ma-money.h"

/* Constructors */

MaRegion *
ma_region_new (const char *code,
               const char *name)
{
  MaRegion *self = g_new0 (MaRegion, 1);

  self->code = g_strdup (code);
  self->name = g_strdup (name);
  return self;
}

void
ma_region_free (MaRegion *self)
{
  if (self == NULL)
    return;
  g_free (self->code);
  g_free (self->name);
  g_free (self);
}

MaBranch *
ma_branch_new (const char *code,
               const char *name,
               const char *region)
{
  MaBranch *self = g_new0 (MaBranch, 1);

  self->code = g_strdup (code);
  self->name = g_strdup (name);
  self->region = g_strdup (region);
  return self;
}

void
ma_branch_free (MaBranch *self)
{
  if (self == NULL)
    return;
  g_free (self->code);
  g_free (self->name);
  g_free (self->region);
  g_free (self);
}

MaEmployee *
ma_employee_new (void)
{
  return g_new0 (MaEmployee, 1);
}

void
ma_employee_free (MaEmployee *self)
{
  if (self == NULL)
    return;
  g_free (self->code);
  g_free (self->name);
  g_free (self->branch);
  g_free (self->position);
  g_free (self->currency);
  g_free (self->active_from);
  g_free (self->active_to);
  g_free (self);
}

MaEmployee *
ma_employee_copy (const MaEmployee *self)
{
  MaEmployee *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = ma_employee_new ();
  copy->code = g_strdup (self->code);
  copy->name = g_strdup (self->name);
  copy->branch = g_strdup (self->branch);
  copy->position = g_strdup (self->position);
  copy->base_pay = self->base_pay;
  copy->currency = g_strdup (self->currency);
  copy->active_from = g_strdup (self->active_from);
  copy->active_to = g_strdup (self->active_to);
  return copy;
}

MaKpi *
ma_kpi_new (const char *employee,
            const char *period,
            const char *component,
            double      actual,
            double      plan)
{
  MaKpi *self = g_new0 (MaKpi, 1);

  self->employee = g_strdup (employee);
  self->period = g_strdup (period);
  self->component = g_strdup (component);
  self->actual = actual;
  self->plan = plan;
  return self;
}

void
ma_kpi_free (MaKpi *self)
{
  if (self == NULL)
    return;
  g_free (self->employee);
  g_free (self->period);
  g_free (self->component);
  g_free (self);
}

/* Comparing */

gboolean
ma_region_equal (const MaRegion *a,
                 const MaRegion *b)
{
  return g_strcmp0 (a->code, b->code) == 0 && g_strcmp0 (a->name, b->name) == 0;
}

gboolean
ma_branch_equal (const MaBranch *a,
                 const MaBranch *b)
{
  return g_strcmp0 (a->code, b->code) == 0 &&
         g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->region, b->region) == 0;
}

gboolean
ma_employee_equal (const MaEmployee *a,
                   const MaEmployee *b)
{
  return g_strcmp0 (a->code, b->code) == 0 &&
         g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->branch, b->branch) == 0 &&
         g_strcmp0 (a->position, b->position) == 0 &&
         a->base_pay == b->base_pay &&
         g_strcmp0 (a->currency, b->currency) == 0 &&
         g_strcmp0 (a->active_from, b->active_from) == 0 &&
         g_strcmp0 (a->active_to, b->active_to) == 0;
}

gboolean
ma_employee_is_active_in (const MaEmployee *self,
                          const char       *period)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!ma_period_is_valid (period))
    return FALSE;
  /* Employed for any day of the month counts: "YYYY-MM-DD" dates compare
   * with the month by their first seven characters. */
  if (self->active_from != NULL && strncmp (self->active_from, period, 7) > 0)
    return FALSE;
  if (self->active_to != NULL && strncmp (self->active_to, period, 7) < 0)
    return FALSE;
  return TRUE;
}

static const char * const known_positions[] = { "driver", "sales", "operator", NULL };

const char * const *
ma_employee_known_positions (void)
{
  return known_positions;
}

const char *
ma_employee_position_label (const char *position)
{
  /* In the order of known_positions. */
  static const char * const labels[] = {
    NC_("position", "Driver"), NC_("position", "Sales consultant"), NC_("position", "Call desk operator"),
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (labels) == G_N_ELEMENTS (known_positions) - 1);

  if (position == NULL)
    return "";
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (strcmp (known_positions[i], position) == 0)
      return g_dpgettext2 (GETTEXT_PACKAGE, "position", labels[i]);
  return position;
}

/* Reading JSON */

static const char * const region_members[] = { "code", "name", NULL };
static const char * const branch_members[] = { "code", "name", "region", NULL };
static const char * const employee_members[] = {
  "code", "name", "branch", "position", "base_pay", "currency", "active_from", "active_to", NULL
};
static const char * const kpi_members[] = {
  "employee", "period", "component", "actual", "plan", NULL
};

MaRegion *
ma_region_from_json (JsonObject  *object,
                     const char  *path,
                     GPtrArray   *warnings,
                     GError     **error)
{
  g_autoptr(MaRegion) self = ma_region_new (NULL, NULL);

  g_return_val_if_fail (object != NULL, NULL);

  ma_json_warn_unknown (object, path, region_members, warnings);
  if (!ma_json_read_code (object, path, "code", TRUE, &self->code, error) ||
      !ma_json_read_text (object, path, "name", TRUE, &self->name, error))
    return NULL;
  return g_steal_pointer (&self);
}

MaBranch *
ma_branch_from_json (JsonObject  *object,
                     const char  *path,
                     GPtrArray   *warnings,
                     GError     **error)
{
  g_autoptr(MaBranch) self = ma_branch_new (NULL, NULL, NULL);

  g_return_val_if_fail (object != NULL, NULL);

  ma_json_warn_unknown (object, path, branch_members, warnings);
  if (!ma_json_read_code (object, path, "code", TRUE, &self->code, error) ||
      !ma_json_read_text (object, path, "name", TRUE, &self->name, error) ||
      !ma_json_read_code (object, path, "region", TRUE, &self->region, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* A calendar date "YYYY-MM-DD" that exists. */
static gboolean
date_is_valid (const char *date)
{
  guint64 year, month, day;

  if (strlen (date) != 10 || date[4] != '-' || date[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (date[i]))
      return FALSE;
  year = g_ascii_strtoull (date, NULL, 10);
  month = g_ascii_strtoull (date + 5, NULL, 10);
  day = g_ascii_strtoull (date + 8, NULL, 10);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= 31 &&
         g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static gboolean
read_date (JsonObject  *object,
           const char  *path,
           const char  *member,
           char       **out,
           GError     **error)
{
  g_autofree char *date = NULL;

  if (!ma_json_read_string (object, path, member, FALSE, &date, error))
    return FALSE;
  if (date == NULL)
    return TRUE;
  if (!date_is_valid (date))
    {
      g_autofree char *quoted = ma_quote_value (date);

      return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, member,
                                 _("%s is not a date (YYYY-MM-DD)"), quoted);
    }
  g_free (*out);
  *out = g_steal_pointer (&date);
  return TRUE;
}

MaEmployee *
ma_employee_from_json (JsonObject  *object,
                       const char  *path,
                       GPtrArray   *warnings,
                       GError     **error)
{
  g_autoptr(MaEmployee) self = ma_employee_new ();
  g_autoptr(GError) money_error = NULL;
  gboolean has_pay = FALSE;
  double base_pay = 0;

  g_return_val_if_fail (object != NULL, NULL);

  ma_json_warn_unknown (object, path, employee_members, warnings);
  if (!ma_json_read_code (object, path, "code", TRUE, &self->code, error) ||
      !ma_json_read_text (object, path, "name", TRUE, &self->name, error) ||
      !ma_json_read_code (object, path, "branch", TRUE, &self->branch, error) ||
      !ma_json_read_code (object, path, "position", TRUE, &self->position, error) ||
      !ma_json_read_string (object, path, "currency", FALSE, &self->currency, error) ||
      !ma_json_read_double (object, path, "base_pay", FALSE, -G_MAXDOUBLE, G_MAXDOUBLE,
                            &base_pay, &has_pay, error) ||
      !read_date (object, path, "active_from", &self->active_from, error) ||
      !read_date (object, path, "active_to", &self->active_to, error))
    return NULL;

  if (self->currency != NULL && !ma_currency_is_valid (self->currency))
    {
      g_autofree char *quoted = ma_quote_value (self->currency);

      ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "currency",
                          _("%s is not a currency code (three capital letters, as in RUB)"),
                          quoted);
      return NULL;
    }
  /* Field bundles carry no pay at all; but an amount without its currency
   * cannot be put in minor units. */
  if (has_pay && self->currency == NULL)
    {
      ma_model_set_error (error, MA_MODEL_ERROR_MISSING, path, "currency",
                          _("required when base_pay is given"));
      return NULL;
    }
  if (has_pay && !ma_money_from_double (base_pay, self->currency, &self->base_pay, &money_error))
    {
      ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "base_pay", "%s", money_error->message);
      return NULL;
    }
  if (self->active_from != NULL && self->active_to != NULL &&
      strcmp (self->active_from, self->active_to) > 0)
    {
      ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "active_to",
                          _("%s is before active_from (%s)"), self->active_to, self->active_from);
      return NULL;
    }
  return g_steal_pointer (&self);
}

static gboolean
read_figure (JsonObject  *object,
             const char  *path,
             const char  *member,
             gboolean     positive,
             double      *out,
             GError     **error)
{
  if (!ma_json_read_double (object, path, member, TRUE, -G_MAXDOUBLE, G_MAXDOUBLE, out, NULL, error))
    return FALSE;
  if (positive && *out <= 0)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, member,
                               _("%g: must be greater than 0"), *out);
  if (*out < 0)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, member,
                               _("%g: must not be negative"), *out);
  return TRUE;
}

MaKpi *
ma_kpi_from_json (JsonObject  *object,
                  const char  *path,
                  GPtrArray   *warnings,
                  GError     **error)
{
  g_autoptr(MaKpi) self = ma_kpi_new (NULL, NULL, NULL, 0, 0);

  g_return_val_if_fail (object != NULL, NULL);

  ma_json_warn_unknown (object, path, kpi_members, warnings);
  if (!ma_json_read_code (object, path, "employee", TRUE, &self->employee, error) ||
      !ma_json_read_string (object, path, "period", TRUE, &self->period, error))
    return NULL;
  if (!ma_period_is_valid (self->period))
    {
      g_autofree char *quoted = ma_quote_value (self->period);

      ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "period",
                          _("%s is not a period (YYYY-MM)"), quoted);
      return NULL;
    }
  if (!ma_json_read_key (object, path, "component", TRUE, &self->component, error) ||
      !read_figure (object, path, "actual", FALSE, &self->actual, error) ||
      !read_figure (object, path, "plan", TRUE, &self->plan, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* Writing JSON */

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
add_number (JsonBuilder *builder,
            const char  *member,
            double       value)
{
  json_builder_set_member_name (builder, member);
  ma_json_builder_add_number (builder, value);
}

JsonNode *
ma_region_to_json (const MaRegion *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, "code", self->code);
  add_string (builder, "name", self->name);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
ma_branch_to_json (const MaBranch *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, "code", self->code);
  add_string (builder, "name", self->name);
  add_string (builder, "region", self->region);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
ma_employee_to_json (const MaEmployee *self,
                     gboolean          with_pay)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, "code", self->code);
  add_string (builder, "name", self->name);
  add_string (builder, "branch", self->branch);
  add_string (builder, "position", self->position);
  /* Without a currency there is no pay to write: base_pay is 0 then. */
  if (with_pay && self->currency != NULL)
    {
      add_number (builder, "base_pay", ma_money_to_double (self->base_pay, self->currency));
      add_string (builder, "currency", self->currency);
    }
  add_string (builder, "active_from", self->active_from);
  add_string (builder, "active_to", self->active_to);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
ma_kpi_to_json (const MaKpi *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, "employee", self->employee);
  add_string (builder, "period", self->period);
  add_string (builder, "component", self->component);
  add_number (builder, "actual", self->actual);
  add_number (builder, "plan", self->plan);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
