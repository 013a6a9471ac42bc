/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "ma-audit-item.h"
#include "ma-scoring.h"

struct _MaAuditItem
{
  GObject        parent_instance;

  char          *uuid;
  char          *visited_at;
  char          *period;
  char          *branch;
  char          *employee;
  char          *auditor;
  char          *channel;
  char          *template_key;
  gint64         template_version;
  MaAuditStatus  status;
  double         score;
  char          *critical_failure;
  gboolean       exported;
};

G_DEFINE_FINAL_TYPE (MaAuditItem, ma_audit_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UUID,
  PROP_VISITED_AT,
  PROP_PERIOD,
  PROP_BRANCH,
  PROP_EMPLOYEE,
  PROP_AUDITOR,
  PROP_CHANNEL,
  PROP_TEMPLATE,
  PROP_TEMPLATE_VERSION,
  PROP_STATUS,
  PROP_SCORE,
  PROP_CRITICAL_FAILURE,
  PROP_EXPORTED,
  PROP_SCORE_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GType
ma_audit_status_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      /* The nicks are the status names of bundles and of the store. */
      static const GEnumValue values[] = {
        { MA_AUDIT_DRAFT, "MA_AUDIT_DRAFT", "draft" },
        { MA_AUDIT_SUBMITTED, "MA_AUDIT_SUBMITTED", "submitted" },
        { MA_AUDIT_APPROVED, "MA_AUDIT_APPROVED", "approved" },
        { MA_AUDIT_VOIDED, "MA_AUDIT_VOIDED", "voided" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static (g_intern_static_string ("MaAuditStatus"), values);

      g_once_init_leave (&type_id, type);
    }
  return type_id;
}

static void
ma_audit_item_finalize (GObject *object)
{
  MaAuditItem *self = MA_AUDIT_ITEM (object);

  g_free (self->uuid);
  g_free (self->visited_at);
  g_free (self->period);
  g_free (self->branch);
  g_free (self->employee);
  g_free (self->auditor);
  g_free (self->channel);
  g_free (self->template_key);
  g_free (self->critical_failure);

  G_OBJECT_CLASS (ma_audit_item_parent_class)->finalize (object);
}

static void
ma_audit_item_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MaAuditItem *self = MA_AUDIT_ITEM (object);

  switch (prop_id)
    {
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;
    case PROP_VISITED_AT:
      g_value_set_string (value, self->visited_at);
      break;
    case PROP_PERIOD:
      g_value_set_string (value, self->period);
      break;
    case PROP_BRANCH:
      g_value_set_string (value, self->branch);
      break;
    case PROP_EMPLOYEE:
      g_value_set_string (value, self->employee);
      break;
    case PROP_AUDITOR:
      g_value_set_string (value, self->auditor);
      break;
    case PROP_CHANNEL:
      g_value_set_string (value, self->channel);
      break;
    case PROP_TEMPLATE:
      g_value_set_string (value, self->template_key);
      break;
    case PROP_TEMPLATE_VERSION:
      g_value_set_int64 (value, self->template_version);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_SCORE:
      g_value_set_double (value, self->score);
      break;
    case PROP_CRITICAL_FAILURE:
      g_value_set_string (value, self->critical_failure);
      break;
    case PROP_EXPORTED:
      g_value_set_boolean (value, self->exported);
      break;
    case PROP_SCORE_TEXT:
      g_value_take_string (value, ma_audit_item_dup_score_text (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_audit_item_class_init (MaAuditItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ma_audit_item_finalize;
  object_class->get_property = ma_audit_item_get_property;

  properties[PROP_UUID] = g_param_spec_string ("uuid", NULL, NULL, NULL, flags);
  properties[PROP_VISITED_AT] = g_param_spec_string ("visited-at", NULL, NULL, NULL, flags);
  properties[PROP_PERIOD] = g_param_spec_string ("period", NULL, NULL, NULL, flags);
  properties[PROP_BRANCH] = g_param_spec_string ("branch", NULL, NULL, NULL, flags);
  properties[PROP_EMPLOYEE] = g_param_spec_string ("employee", NULL, NULL, NULL, flags);
  properties[PROP_AUDITOR] = g_param_spec_string ("auditor", NULL, NULL, NULL, flags);
  properties[PROP_CHANNEL] = g_param_spec_string ("channel", NULL, NULL, NULL, flags);
  properties[PROP_TEMPLATE] = g_param_spec_string ("template", NULL, NULL, NULL, flags);
  properties[PROP_TEMPLATE_VERSION] =
    g_param_spec_int64 ("template-version", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, MA_TYPE_AUDIT_STATUS, MA_AUDIT_DRAFT, flags);
  /* NAN when not assessed; the range only bounds what can be set, and
   * nothing is ever set from outside. */
  properties[PROP_SCORE] =
    g_param_spec_double ("score", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
  properties[PROP_CRITICAL_FAILURE] = g_param_spec_string ("critical-failure", NULL, NULL, NULL, flags);
  properties[PROP_EXPORTED] = g_param_spec_boolean ("exported", NULL, NULL, FALSE, flags);
  properties[PROP_SCORE_TEXT] = g_param_spec_string ("score-text", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ma_audit_item_init (MaAuditItem *self)
{
  self->score = NAN;
}

MaAuditItem *
ma_audit_item_new (const MaAuditSummary *summary)
{
  MaAuditItem *self;

  g_return_val_if_fail (summary != NULL, NULL);

  self = g_object_new (MA_TYPE_AUDIT_ITEM, NULL);
  self->uuid = g_strdup (summary->uuid);
  self->visited_at = g_strdup (summary->visited_at);
  self->period = g_strdup (summary->period);
  self->branch = g_strdup (summary->branch);
  self->employee = g_strdup (summary->employee);
  self->auditor = g_strdup (summary->auditor);
  self->channel = g_strdup (summary->channel);
  self->template_key = g_strdup (summary->template_key);
  self->template_version = summary->template_version;
  self->status = summary->status;
  self->score = summary->score;
  self->critical_failure = g_strdup (summary->critical_failure);
  self->exported = summary->exported;
  return self;
}

const char *
ma_audit_item_get_uuid (MaAuditItem *self)
{
  g_return_val_if_fail (MA_IS_AUDIT_ITEM (self), NULL);
  return self->uuid;
}

const char *
ma_audit_item_get_visited_at (MaAuditItem *self)
{
  g_return_val_if_fail (MA_IS_AUDIT_ITEM (self), NULL);
  return self->visited_at;
}

const char *
ma_audit_item_get_period (MaAuditItem *self)
{
  g_return_val_if_fail (MA_IS_AUDIT_ITEM (self), NULL);
  return self->period;
}

const char *
ma_audit_item_get_branch (MaAuditItem *self)
{
  g_return_val_if_fail (MA_IS_AUDIT_ITEM (self), NULL);
  return self->branch;
}

const char *
ma_audit_item_get_employee (MaAuditItem *self)
{
  g_return_val_if_fail (MA_IS_AUDIT_ITEM (self), NULL);
  return self->employee;
}

const char *
ma_audit_item_get_auditor (MaAuditItem *self)
{
  g_return_val_if_fail (MA_IS_AUDIT_ITEM (self), NULL);
  return self->auditor;
}

const char *
ma_audit_item_get_channel (MaAuditItem *self)
{
  g_return_val_if_fail (MA_IS_AUDIT_ITEM (self), NULL);
  return self->channel;
}

const char *
ma_audit_item_get_template (MaAuditItem *self)
{
  g_return_val_if_fail (MA_IS_AUDIT_ITEM (self), NULL);
  return self->template_key;
}

gint64
ma_audit_item_get_template_version (MaAuditItem *self)
{
  g_return_val_if_fail (MA_IS_AUDIT_ITEM (self), 0);
  return self->template_version;
}

MaAuditStatus
ma_audit_item_get_status (MaAuditItem *self)
{
  g_return_val_if_fail (MA_IS_AUDIT_ITEM (self), MA_AUDIT_DRAFT);
  return self->status;
}

double
ma_audit_item_get_score (MaAuditItem *self)
{
  g_return_val_if_fail (MA_IS_AUDIT_ITEM (self), NAN);
  return self->score;
}

const char *
ma_audit_item_get_critical_failure (MaAuditItem *self)
{
  g_return_val_if_fail (MA_IS_AUDIT_ITEM (self), NULL);
  return self->critical_failure;
}

gboolean
ma_audit_item_get_exported (MaAuditItem *self)
{
  g_return_val_if_fail (MA_IS_AUDIT_ITEM (self), FALSE);
  return self->exported;
}

char *
ma_audit_item_dup_score_text (MaAuditItem *self)
{
  g_autofree char *percent = NULL;

  g_return_val_if_fail (MA_IS_AUDIT_ITEM (self), NULL);

  /* The one rounding rule lives in the scoring module. */
  percent = ma_score_format_percent (self->score);
  if (percent != NULL)
    {
      /* Only the decimal sign is the locale's: "61,7" in ru_RU. */
      const char *point = localeconv ()->decimal_point;

      if (point != NULL && *point != '\0' && strcmp (point, ".") != 0)
        {
          g_auto(GStrv) parts = g_strsplit (percent, ".", 2);

          g_free (percent);
          percent = g_strjoinv (point, parts);
        }
    }
  if (percent == NULL)
    /* TRANSLATORS: the score of an audit that had nothing to score */
    return g_strdup (_("—"));
  if (self->critical_failure != NULL)
    /* TRANSLATORS: a score and the key of the failed critical question,
     * as in "0.0 % (critical: q2)" */
    return g_strdup_printf (_("%s %% (critical: %s)"), percent, self->critical_failure);
  /* TRANSLATORS: a score, as in "61.7 %" */
  return g_strdup_printf (_("%s %%"), percent);
}
