/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ma-audit.h"

MaAnswer *
ma_answer_new (const char *question)
{
  MaAnswer *self = g_new0 (MaAnswer, 1);

  self->question = g_strdup (question);
  self->kind = MA_VALUE_NONE;
  return self;
}

void
ma_answer_free (MaAnswer *self)
{
  if (self == NULL)
    return;
  g_free (self->question);
  g_free (self->string);
  g_free (self->comment);
  g_free (self);
}

char *
ma_sha256_hex (GBytes *data)
{
  gsize size = 0;
  const guint8 *bytes = g_bytes_get_data (data, &size);

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, bytes ? bytes : (const guint8 *) "", size);
}

MaAttachment *
ma_attachment_new (const char *question,
                   const char *name,
                   GBytes     *data)
{
  MaAttachment *self = g_new0 (MaAttachment, 1);

  self->question = g_strdup (question);
  self->name = g_strdup (name);
  self->data = data ? g_bytes_ref (data) : g_bytes_new (NULL, 0);
  self->sha256 = ma_sha256_hex (self->data);
  return self;
}

void
ma_attachment_free (MaAttachment *self)
{
  if (self == NULL)
    return;
  g_free (self->question);
  g_free (self->name);
  g_free (self->sha256);
  g_clear_pointer (&self->data, g_bytes_unref);
  g_free (self);
}

MaAudit *
ma_audit_new (void)
{
  MaAudit *self = g_new0 (MaAudit, 1);

  self->status = MA_AUDIT_DRAFT;
  self->template_version = 1;
  self->answers = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_answer_free);
  self->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_attachment_free);
  return self;
}

void
ma_audit_free (MaAudit *self)
{
  if (self == NULL)
    return;
  g_free (self->uuid);
  g_free (self->template_key);
  g_free (self->branch);
  g_free (self->employee);
  g_free (self->auditor);
  g_free (self->channel);
  g_free (self->scenario);
  g_free (self->visited_at);
  g_free (self->modified);
  g_free (self->void_reason);
  g_free (self->review_note);
  g_clear_pointer (&self->answers, g_ptr_array_unref);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  g_free (self);
}

static const char * const audit_status_names[] = {
  [MA_AUDIT_DRAFT] = "draft",
  [MA_AUDIT_SUBMITTED] = "submitted",
  [MA_AUDIT_APPROVED] = "approved",
  [MA_AUDIT_VOIDED] = "voided",
};

const char *
ma_audit_status_to_string (MaAuditStatus status)
{
  g_return_val_if_fail (status <= MA_AUDIT_VOIDED, NULL);
  return audit_status_names[status];
}

gboolean
ma_audit_status_from_string (const char    *string,
                             MaAuditStatus *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (audit_status_names); i++)
    if (g_strcmp0 (string, audit_status_names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
ma_audit_status_can_change (MaAuditStatus from,
                            MaAuditStatus to)
{
  switch (from)
    {
    case MA_AUDIT_DRAFT:
      return to == MA_AUDIT_SUBMITTED || to == MA_AUDIT_VOIDED;
    case MA_AUDIT_SUBMITTED:
      /* back to draft = returned to the auditor with a note */
      return to == MA_AUDIT_APPROVED || to == MA_AUDIT_DRAFT || to == MA_AUDIT_VOIDED;
    case MA_AUDIT_APPROVED:
      return to == MA_AUDIT_VOIDED;
    case MA_AUDIT_VOIDED:
    default:
      return FALSE;
    }
}

const MaAnswer *
ma_audit_find_answer (const MaAudit *self,
                      const char    *question)
{
  for (guint i = 0; i < self->answers->len; i++)
    {
      const MaAnswer *a = g_ptr_array_index (self->answers, i);

      if (g_strcmp0 (a->question, question) == 0)
        return a;
    }
  return NULL;
}

char *
ma_audit_get_period (const MaAudit *self)
{
  g_autofree char *date = ma_timestamp_local_date (self->visited_at);

  return date ? g_strndup (date, 7) : NULL;
}
