/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "ma-audit.h"
#include "ma-json-read.h"
#include "ma-keys.h"

#define MA_ATTACHMENT_NAME_MAX 255

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
ma_audit_status_word (MaAuditStatus status)
{
  /* In the order of MaAuditStatus; lower case, for the middle of a
   * sentence. */
  static const char * const words[] = {
    [MA_AUDIT_DRAFT] = NC_("audit status in a sentence", "a draft"),
    [MA_AUDIT_SUBMITTED] = NC_("audit status in a sentence", "submitted"),
    [MA_AUDIT_APPROVED] = NC_("audit status in a sentence", "approved"),
    [MA_AUDIT_VOIDED] = NC_("audit status in a sentence", "voided"),
  };

  g_return_val_if_fail (status <= MA_AUDIT_VOIDED, NULL);
  return g_dpgettext2 (GETTEXT_PACKAGE, "audit status in a sentence", words[status]);
}

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
  guint index;

  if (!ma_name_lookup (audit_status_names, G_N_ELEMENTS (audit_status_names), string, &index))
    return FALSE;
  *out = index;
  return TRUE;
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

/* Copying */

MaAudit *
ma_audit_copy (const MaAudit *self)
{
  MaAudit *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = ma_audit_new ();
  copy->uuid = g_strdup (self->uuid);
  copy->template_key = g_strdup (self->template_key);
  copy->template_version = self->template_version;
  copy->branch = g_strdup (self->branch);
  copy->employee = g_strdup (self->employee);
  copy->auditor = g_strdup (self->auditor);
  copy->channel = g_strdup (self->channel);
  copy->scenario = g_strdup (self->scenario);
  copy->visited_at = g_strdup (self->visited_at);
  copy->modified = g_strdup (self->modified);
  copy->status = self->status;
  copy->void_reason = g_strdup (self->void_reason);
  copy->review_note = g_strdup (self->review_note);
  for (guint i = 0; i < self->answers->len; i++)
    {
      const MaAnswer *a = g_ptr_array_index (self->answers, i);
      MaAnswer *answer = ma_answer_new (a->question);

      answer->na = a->na;
      answer->kind = a->kind;
      answer->boolean = a->boolean;
      answer->number = a->number;
      answer->string = g_strdup (a->string);
      answer->comment = g_strdup (a->comment);
      g_ptr_array_add (copy->answers, answer);
    }
  for (guint i = 0; i < self->attachments->len; i++)
    {
      const MaAttachment *a = g_ptr_array_index (self->attachments, i);
      MaAttachment *attachment = g_new0 (MaAttachment, 1);

      /* The data is immutable: the copy shares it. */
      attachment->question = g_strdup (a->question);
      attachment->name = g_strdup (a->name);
      attachment->sha256 = g_strdup (a->sha256);
      attachment->data = a->data ? g_bytes_ref (a->data) : NULL;
      g_ptr_array_add (copy->attachments, attachment);
    }
  return copy;
}

/* Syntax of the members */

gboolean
ma_attachment_name_is_valid (const char *name)
{
  gsize len;

  if (name == NULL)
    return FALSE;
  len = strlen (name);
  if (len == 0 || len > MA_ATTACHMENT_NAME_MAX || !g_utf8_validate (name, len, NULL))
    return FALSE;
  /* "." is no file name either: it is the folder it would be saved in. */
  if (strcmp (name, ".") == 0 || strstr (name, "..") != NULL)
    return FALSE;
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '\\' || g_unichar_iscntrl (c))
        return FALSE;
    }
  return TRUE;
}

/* RFC 4122 text form, 8-4-4-4-12 hex digits, either case. */
static gboolean
uuid_is_valid (const char *uuid)
{
  if (strlen (uuid) != 36)
    return FALSE;
  for (guint i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (uuid[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isxdigit (uuid[i]))
        return FALSE;
    }
  return TRUE;
}

static gboolean
sha256_is_valid (const char *sha256)
{
  if (strlen (sha256) != 64)
    return FALSE;
  for (guint i = 0; i < 64; i++)
    if (!g_ascii_isxdigit (sha256[i]))
      return FALSE;
  return TRUE;
}

static int
base64_value (char c)
{
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+')
    return 62;
  if (c == '/')
    return 63;
  return -1;
}

/* g_base64_decode() skips characters it does not know and stops at odd
 * places, so a damaged attachment would decode to something. Only the
 * canonical form of RFC 4648 is taken: the standard alphabet, no line
 * breaks, padding to a multiple of 4 and zero bits after the last byte. */
static GBytes *
decode_base64_strict (const char *text)
{
  gsize len = strlen (text);
  gsize pad = 0;
  gsize size = 0;
  guchar *data;
  int last;

  if (len == 0)
    return g_bytes_new (NULL, 0);
  if (len % 4 != 0)
    return NULL;
  if (text[len - 1] == '=')
    pad = text[len - 2] == '=' ? 2 : 1;
  for (gsize i = 0; i < len - pad; i++)
    if (base64_value (text[i]) < 0)
      return NULL;
  last = base64_value (text[len - pad - 1]);
  if ((pad == 2 && (last & 0x0f) != 0) || (pad == 1 && (last & 0x03) != 0))
    return NULL;

  data = g_base64_decode (text, &size);
  return g_bytes_new_take (data, size);
}

static const char *
describe_value (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "an object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "an array";
  return "a value of another type";
}

/* Reading JSON */

static const char * const audit_members[] = {
  "uuid", "template", "template_version", "branch", "employee", "auditor", "channel",
  "scenario", "visited_at", "modified", "status", "void_reason", "review_note",
  "answers", "attachments", NULL
};
static const char * const answer_members[] = { "question", "value", "na", "comment", NULL };
static const char * const attachment_members[] = {
  "question", "name", "sha256", "data_base64", NULL
};

static gboolean
read_timestamp (JsonObject  *object,
                const char  *path,
                const char  *member,
                char       **out,
                GError     **error)
{
  g_autofree char *value = NULL;
  g_autofree char *date = NULL;

  if (!ma_json_read_string (object, path, member, TRUE, &value, error))
    return FALSE;
  date = ma_timestamp_local_date (value);
  if (date == NULL)
    {
      g_autofree char *quoted = ma_quote_value (value);

      return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, member,
                                 _("%s is not an ISO 8601 time with an offset or Z "
                                   "(as in 2026-10-14T11:30:00+03:00)"), quoted);
    }
  g_free (*out);
  *out = g_steal_pointer (&value);
  return TRUE;
}

static MaAnswer *
parse_answer (JsonObject  *object,
              const char  *path,
              GPtrArray   *warnings,
              GError     **error)
{
  g_autoptr(MaAnswer) answer = ma_answer_new (NULL);
  g_autofree char *value_path = ma_path_member (path, "value");
  JsonNode *value;

  ma_json_warn_unknown (object, path, answer_members, warnings);
  if (!ma_json_read_key (object, path, "question", TRUE, &answer->question, error) ||
      !ma_json_read_bool (object, path, "na", FALSE, &answer->na, NULL, error) ||
      !ma_json_read_string (object, path, "comment", FALSE, &answer->comment, error))
    return NULL;

  value = json_object_get_member (object, "value");
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return g_steal_pointer (&answer);

  if (answer->na)
    {
      ma_model_set_error (error, MA_MODEL_ERROR_INVALID, value_path, NULL,
                          _("an answer marked N/A cannot have a value"));
      return NULL;
    }
  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN)
    {
      answer->kind = MA_VALUE_BOOL;
      answer->boolean = json_node_get_boolean (value);
    }
  else if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    {
      const char *string = json_node_get_string (value);

      if (!g_utf8_validate (string, -1, NULL))
        {
          ma_model_set_error (error, MA_MODEL_ERROR_INVALID, value_path, NULL,
                              _("the text is not valid UTF-8"));
          return NULL;
        }
      answer->kind = MA_VALUE_STRING;
      answer->string = g_strdup (string);
    }
  else if (JSON_NODE_HOLDS_VALUE (value))
    {
      if (!ma_json_node_get_double (value, value_path, &answer->number, error))
        return NULL;
      answer->kind = MA_VALUE_NUMBER;
    }
  else
    {
      ma_model_set_error (error, MA_MODEL_ERROR_INVALID, value_path, NULL,
                          _("expected true, false, a number or a string, found %s"),
                          describe_value (value));
      return NULL;
    }
  return g_steal_pointer (&answer);
}

static MaAttachment *
parse_attachment (JsonObject  *object,
                  const char  *path,
                  GPtrArray   *warnings,
                  GError     **error)
{
  g_autofree char *question = NULL;
  g_autofree char *name = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *data_base64 = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(MaAttachment) attachment = NULL;

  ma_json_warn_unknown (object, path, attachment_members, warnings);
  if (!ma_json_read_key (object, path, "question", FALSE, &question, error) ||
      !ma_json_read_string (object, path, "name", TRUE, &name, error) ||
      !ma_json_read_string (object, path, "sha256", TRUE, &sha256, error) ||
      !ma_json_read_string (object, path, "data_base64", TRUE, &data_base64, error))
    return NULL;

  /* The name is not repeated: it may hold the characters that made it bad. */
  if (!ma_attachment_name_is_valid (name))
    {
      ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "name",
                          _("not a valid file name (1 to %d bytes; no \"/\", \"\\\", \"..\" "
                            "or control characters)"),
                          MA_ATTACHMENT_NAME_MAX);
      return NULL;
    }
  if (!sha256_is_valid (sha256))
    {
      ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "sha256",
                          _("expected 64 hexadecimal digits"));
      return NULL;
    }
  data = decode_base64_strict (data_base64);
  if (data == NULL)
    {
      ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "data_base64",
                          _("not valid base64"));
      return NULL;
    }

  attachment = ma_attachment_new (question, name, data);
  expected = g_ascii_strdown (sha256, -1);
  if (strcmp (expected, attachment->sha256) != 0)
    {
      ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "sha256",
                          _("does not match the data"));
      return NULL;
    }
  return g_steal_pointer (&attachment);
}

MaAudit *
ma_audit_from_json (JsonObject  *object,
                    const char  *path,
                    GPtrArray   *warnings,
                    GError     **error)
{
  g_autoptr(MaAudit) self = ma_audit_new ();
  g_autofree char *uuid = NULL;
  g_autofree char *status = NULL;
  g_autofree char *answers_path = ma_path_member (path, "answers");
  g_autofree char *attachments_path = ma_path_member (path, "attachments");
  JsonArray *answers = NULL;
  JsonArray *attachments = NULL;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ma_json_warn_unknown (object, path, audit_members, warnings);
  if (!ma_json_read_string (object, path, "uuid", TRUE, &uuid, error))
    return NULL;
  if (!uuid_is_valid (uuid))
    {
      g_autofree char *quoted = ma_quote_value (uuid);

      ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "uuid",
                          _("%s is not a UUID (8-4-4-4-12 hexadecimal digits)"), quoted);
      return NULL;
    }
  /* Stored in lower case so that the same audit is always found. */
  self->uuid = g_ascii_strdown (uuid, -1);

  if (!ma_json_read_key (object, path, "template", TRUE, &self->template_key, error) ||
      !ma_json_read_int (object, path, "template_version", TRUE, 1, MA_JSON_MAX_SAFE_INTEGER,
                         &self->template_version, NULL, error) ||
      !ma_json_read_code (object, path, "branch", TRUE, &self->branch, error) ||
      !ma_json_read_code (object, path, "employee", FALSE, &self->employee, error) ||
      !ma_json_read_text (object, path, "auditor", TRUE, &self->auditor, error) ||
      !ma_json_read_key (object, path, "channel", TRUE, &self->channel, error) ||
      !ma_json_read_string (object, path, "scenario", FALSE, &self->scenario, error) ||
      !read_timestamp (object, path, "visited_at", &self->visited_at, error) ||
      !read_timestamp (object, path, "modified", &self->modified, error) ||
      !ma_json_read_string (object, path, "status", TRUE, &status, error))
    return NULL;
  if (!ma_audit_status_from_string (status, &self->status))
    {
      g_autofree char *quoted = ma_quote_value (status);

      ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "status",
                          _("%s is not an audit status (draft, submitted, approved or voided)"),
                          quoted);
      return NULL;
    }
  if (!ma_json_read_string (object, path, "void_reason", FALSE, &self->void_reason, error) ||
      !ma_json_read_string (object, path, "review_note", FALSE, &self->review_note, error))
    return NULL;

  /* A draft may have no answers yet: both lists are optional. */
  if (json_object_has_member (object, "answers") &&
      (answers = ma_json_read_array (object, path, "answers", TRUE, error)) == NULL)
    return NULL;
  for (guint i = 0; answers != NULL && i < json_array_get_length (answers); i++)
    {
      g_autofree char *apath = ma_path_index (answers_path, i);
      JsonObject *o = ma_json_array_get_object (answers, answers_path, i, error);
      MaAnswer *answer;

      if (o == NULL || (answer = parse_answer (o, apath, warnings, error)) == NULL)
        return NULL;
      g_ptr_array_add (self->answers, answer);
    }

  if (json_object_has_member (object, "attachments") &&
      (attachments = ma_json_read_array (object, path, "attachments", TRUE, error)) == NULL)
    return NULL;
  for (guint i = 0; attachments != NULL && i < json_array_get_length (attachments); i++)
    {
      g_autofree char *apath = ma_path_index (attachments_path, i);
      JsonObject *o = ma_json_array_get_object (attachments, attachments_path, i, error);
      MaAttachment *attachment;

      if (o == NULL || (attachment = parse_attachment (o, apath, warnings, error)) == NULL)
        return NULL;
      g_ptr_array_add (self->attachments, attachment);
    }

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
write_answer (JsonBuilder    *builder,
              const MaAnswer *a)
{
  json_builder_begin_object (builder);
  add_string (builder, "question", a->question);
  switch (a->kind)
    {
    case MA_VALUE_BOOL:
      json_builder_set_member_name (builder, "value");
      json_builder_add_boolean_value (builder, a->boolean);
      break;
    case MA_VALUE_NUMBER:
      json_builder_set_member_name (builder, "value");
      ma_json_builder_add_number (builder, a->number);
      break;
    case MA_VALUE_STRING:
      add_string (builder, "value", a->string ? a->string : "");
      break;
    case MA_VALUE_NONE:
    default:
      break;
    }
  if (a->na)
    {
      json_builder_set_member_name (builder, "na");
      json_builder_add_boolean_value (builder, TRUE);
    }
  add_string (builder, "comment", a->comment);
  json_builder_end_object (builder);
}

static void
write_attachment (JsonBuilder        *builder,
                  const MaAttachment *a,
                  gboolean            with_data)
{
  json_builder_begin_object (builder);
  add_string (builder, "question", a->question);
  add_string (builder, "name", a->name);
  add_string (builder, "sha256", a->sha256);
  if (with_data)
    {
      gsize size = 0;
      const guchar *data = a->data ? g_bytes_get_data (a->data, &size) : NULL;
      g_autofree char *encoded = g_base64_encode (data, size);

      add_string (builder, "data_base64", encoded);
    }
  json_builder_end_object (builder);
}

static JsonNode *
write_audit (const MaAudit *self,
             GPtrArray     *answers,
             GPtrArray     *attachments,
             gboolean       with_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, "uuid", self->uuid);
  add_string (builder, "template", self->template_key);
  json_builder_set_member_name (builder, "template_version");
  json_builder_add_int_value (builder, self->template_version);
  add_string (builder, "branch", self->branch);
  add_string (builder, "employee", self->employee);
  add_string (builder, "auditor", self->auditor);
  add_string (builder, "channel", self->channel);
  add_string (builder, "scenario", self->scenario);
  add_string (builder, "visited_at", self->visited_at);
  add_string (builder, "modified", self->modified);
  add_string (builder, "status", ma_audit_status_to_string (self->status));
  add_string (builder, "void_reason", self->void_reason);
  add_string (builder, "review_note", self->review_note);

  json_builder_set_member_name (builder, "answers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < answers->len; i++)
    write_answer (builder, g_ptr_array_index (answers, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "attachments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < attachments->len; i++)
    write_attachment (builder, g_ptr_array_index (attachments, i), with_data);
  json_builder_end_array (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
ma_audit_to_json (const MaAudit *self,
                  gboolean       with_attachment_data)
{
  g_return_val_if_fail (self != NULL, NULL);

  return write_audit (self, self->answers, self->attachments, with_attachment_data);
}

static int
compare_answers (gconstpointer a,
                 gconstpointer b)
{
  const MaAnswer *aa = *(MaAnswer * const *) a;
  const MaAnswer *ab = *(MaAnswer * const *) b;

  return g_strcmp0 (aa->question, ab->question);
}

static int
compare_attachments (gconstpointer a,
                     gconstpointer b)
{
  const MaAttachment *aa = *(MaAttachment * const *) a;
  const MaAttachment *ab = *(MaAttachment * const *) b;
  int order;

  if ((order = g_strcmp0 (aa->question, ab->question)) != 0 ||
      (order = g_strcmp0 (aa->name, ab->name)) != 0)
    return order;
  return g_strcmp0 (aa->sha256, ab->sha256);
}

/* The canonical text written directly, without building a JsonNode tree:
 * an audit is compared (and its canonical form computed) every time it is
 * saved, and the tree took a third of the time of a save. The text is byte
 * for byte what ma_json_to_string() gives for write_audit()'s tree, which
 * tests/test-canonical.c checks; strings with control characters and
 * numbers that are not finite, whose spelling is json-glib's own, return
 * FALSE so that the caller takes the tree. */
static gboolean
append_canonical_string (GString    *out,
                         const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c < 0x20 || c == 0x7f)
        return FALSE;
      if (c == '"' || c == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
  return TRUE;
}

static gboolean
append_canonical_member (GString    *out,
                         gboolean   *first,
                         const char *member,
                         const char *value)
{
  if (value == NULL)
    return TRUE;
  if (!*first)
    g_string_append_c (out, ',');
  *first = FALSE;
  g_string_append_printf (out, "\"%s\":", member);
  return append_canonical_string (out, value);
}

static gboolean
append_canonical_number (GString *out,
                         double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return FALSE;
  /* As ma_json_builder_add_number() and ma_json_to_string(): whole numbers
   * as integers, others as the shortest text that reads back the same. */
  if (value == floor (value) && fabs (value) <= (double) MA_JSON_MAX_SAFE_INTEGER)
    {
      g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) value);
      return TRUE;
    }
  for (int digits = 15; digits <= 17; digits++)
    {
      g_ascii_formatd (buffer, sizeof buffer, digits == 15 ? "%.15g" : digits == 16 ? "%.16g" : "%.17g",
                       value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  g_string_append (out, buffer);
  if (strpbrk (buffer, ".eEn") == NULL)
    g_string_append (out, ".0");
  return TRUE;
}

static gboolean
append_canonical_answer (GString        *out,
                         const MaAnswer *a)
{
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  if (!append_canonical_member (out, &first, "question", a->question))
    return FALSE;
  switch (a->kind)
    {
    case MA_VALUE_BOOL:
      g_string_append (out, first ? "\"value\":" : ",\"value\":");
      g_string_append (out, a->boolean ? "true" : "false");
      first = FALSE;
      break;
    case MA_VALUE_NUMBER:
      g_string_append (out, first ? "\"value\":" : ",\"value\":");
      first = FALSE;
      if (!append_canonical_number (out, a->number))
        return FALSE;
      break;
    case MA_VALUE_STRING:
      if (!append_canonical_member (out, &first, "value", a->string ? a->string : ""))
        return FALSE;
      break;
    case MA_VALUE_NONE:
    default:
      break;
    }
  if (a->na)
    {
      g_string_append (out, first ? "\"na\":true" : ",\"na\":true");
      first = FALSE;
    }
  if (!append_canonical_member (out, &first, "comment", a->comment))
    return FALSE;
  g_string_append_c (out, '}');
  return TRUE;
}

static gboolean
append_canonical_audit (GString       *out,
                        const MaAudit *self,
                        GPtrArray     *answers,
                        GPtrArray     *attachments)
{
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  if (!append_canonical_member (out, &first, "uuid", self->uuid) ||
      !append_canonical_member (out, &first, "template", self->template_key))
    return FALSE;
  g_string_append_printf (out, "%s\"template_version\":%" G_GINT64_FORMAT, first ? "" : ",",
                          self->template_version);
  first = FALSE;
  if (!append_canonical_member (out, &first, "branch", self->branch) ||
      !append_canonical_member (out, &first, "employee", self->employee) ||
      !append_canonical_member (out, &first, "auditor", self->auditor) ||
      !append_canonical_member (out, &first, "channel", self->channel) ||
      !append_canonical_member (out, &first, "scenario", self->scenario) ||
      !append_canonical_member (out, &first, "visited_at", self->visited_at) ||
      !append_canonical_member (out, &first, "modified", self->modified) ||
      !append_canonical_member (out, &first, "status", ma_audit_status_to_string (self->status)) ||
      !append_canonical_member (out, &first, "void_reason", self->void_reason) ||
      !append_canonical_member (out, &first, "review_note", self->review_note))
    return FALSE;

  g_string_append (out, ",\"answers\":[");
  for (guint i = 0; i < answers->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      if (!append_canonical_answer (out, g_ptr_array_index (answers, i)))
        return FALSE;
    }
  g_string_append (out, "],\"attachments\":[");
  for (guint i = 0; i < attachments->len; i++)
    {
      const MaAttachment *a = g_ptr_array_index (attachments, i);
      gboolean first_member = TRUE;

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '{');
      if (!append_canonical_member (out, &first_member, "question", a->question) ||
          !append_canonical_member (out, &first_member, "name", a->name) ||
          !append_canonical_member (out, &first_member, "sha256", a->sha256))
        return FALSE;
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
  return TRUE;
}

/* The order of answers and attachments is how a device happened to store
 * them, not content: the canonical form sorts them (answers by question,
 * attachments by question, name and hash) and leaves the data out, which
 * the hash stands for. */
char *
ma_audit_to_canonical (const MaAudit *self)
{
  g_autoptr(GPtrArray) answers = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  g_autoptr(JsonNode) node = NULL;
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  /* Borrowed pointers: g_ptr_array_copy() would keep the free function. */
  answers = g_ptr_array_sized_new (self->answers->len);
  for (guint i = 0; i < self->answers->len; i++)
    g_ptr_array_add (answers, g_ptr_array_index (self->answers, i));
  attachments = g_ptr_array_sized_new (self->attachments->len);
  for (guint i = 0; i < self->attachments->len; i++)
    g_ptr_array_add (attachments, g_ptr_array_index (self->attachments, i));
  g_ptr_array_sort (answers, compare_answers);
  g_ptr_array_sort (attachments, compare_attachments);

  out = g_string_sized_new (256 + 64 * answers->len);
  if (append_canonical_audit (out, self, answers, attachments))
    return g_string_free (out, FALSE);
  g_string_free (out, TRUE);

  node = write_audit (self, answers, attachments, FALSE);
  return ma_json_to_string (node, FALSE);
}

/* Checking against the template */

static gboolean
check_value (const MaAnswer    *a,
             const MaQuestion  *q,
             const char        *answers_path,
             guint              index,
             GError           **error)
{
  /* The member path is only built for a message: an audit's answers are
   * checked every time it is saved. */
  g_autofree char *apath = NULL;
  g_autofree char *value_path = NULL;
#define VALUE_PATH \
  (value_path = ma_path_member (apath = ma_path_index (answers_path, index), "value"))

  if (a->kind == MA_VALUE_NONE)
    return TRUE;

  switch (q->type)
    {
    case MA_QUESTION_YES_NO:
      if (a->kind != MA_VALUE_BOOL)
        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, VALUE_PATH, NULL,
                                   _("question \"%s\" is answered true or false"), q->key);
      return TRUE;

    case MA_QUESTION_SCALE:
      if (a->kind != MA_VALUE_NUMBER || !isfinite (a->number) || a->number != floor (a->number))
        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, VALUE_PATH, NULL,
                                   _("question \"%s\" is answered with a whole number "
                                     "from %" PRId64 " to %" PRId64),
                                   q->key, q->scale_min, q->scale_max);
      if (a->number < (double) q->scale_min || a->number > (double) q->scale_max)
        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, VALUE_PATH, NULL,
                                   _("%g is outside the scale %" PRId64 "..%" PRId64),
                                   a->number, q->scale_min, q->scale_max);
      return TRUE;

    case MA_QUESTION_CHOICE:
      if (a->kind != MA_VALUE_STRING)
        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, VALUE_PATH, NULL,
                                   _("question \"%s\" is answered with the key of an option"),
                                   q->key);
      for (guint i = 0; i < q->options->len; i++)
        if (g_strcmp0 (((const MaChoiceOption *) g_ptr_array_index (q->options, i))->key, a->string) == 0)
          return TRUE;
      {
        g_autofree char *quoted = ma_quote_value (a->string);

        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, VALUE_PATH, NULL,
                                   _("%s is not an option of question \"%s\""), quoted, q->key);
      }

    case MA_QUESTION_NUMBER:
      if (a->kind != MA_VALUE_NUMBER)
        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, VALUE_PATH, NULL,
                                   _("question \"%s\" is answered with a number"), q->key);
      if (!isfinite (a->number))
        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, VALUE_PATH, NULL,
                                   _("the number is not finite"));
      return TRUE;

    case MA_QUESTION_TEXT:
    default:
      if (a->kind != MA_VALUE_STRING)
        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, VALUE_PATH, NULL,
                                   _("question \"%s\" is answered with text"), q->key);
      if (a->string == NULL || !g_utf8_validate (a->string, -1, NULL))
        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, VALUE_PATH, NULL,
                                   _("the text is not valid UTF-8"));
      return TRUE;
    }
#undef VALUE_PATH
}

gboolean
ma_audit_check (const MaAudit     *self,
                const MaTemplate  *template,
                const char        *path,
                GError           **error)
{
  g_autofree char *answers_path = ma_path_member (path, "answers");
  g_autofree char *attachments_path = ma_path_member (path, "attachments");
  g_autoptr(GHashTable) answered = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (template != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_strcmp0 (self->template_key, template->key) != 0)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "template",
                               _("the audit was filled in with template \"%s\", not \"%s\""),
                               self->template_key ? self->template_key : "", template->key);
  if (self->template_version != template->version)
    return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, path, "template_version",
                               _("the audit was filled in with version %" PRId64
                                 " of template \"%s\", not version %" PRId64),
                               self->template_version, template->key, template->version);

  for (guint i = 0; i < self->answers->len; i++)
    {
      const MaAnswer *a = g_ptr_array_index (self->answers, i);
      g_autofree char *apath = NULL;
      const MaQuestion *q = ma_template_find_question (template, a->question, NULL);
#define APATH (apath = ma_path_index (answers_path, i))

      if (q == NULL)
        return ma_model_set_error (error, MA_MODEL_ERROR_UNKNOWN, APATH, "question",
                                   _("template \"%s\" version %" PRId64
                                     " has no question \"%s\""),
                                   template->key, template->version, a->question ? a->question : "");
      if (g_hash_table_contains (answered, q->key))
        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, APATH, "question",
                                   _("question \"%s\" is answered twice"), q->key);
      if (a->na && !q->allow_na)
        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, APATH, "na",
                                   _("question \"%s\" cannot be answered N/A"), q->key);
      if (a->na && a->kind != MA_VALUE_NONE)
        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, APATH, "value",
                                   _("an answer marked N/A cannot have a value"));
      if (!check_value (a, q, answers_path, i, error))
        return FALSE;
      if (a->comment != NULL && !g_utf8_validate (a->comment, -1, NULL))
        return ma_model_set_error (error, MA_MODEL_ERROR_INVALID, APATH, "comment",
                                   _("the text is not valid UTF-8"));
      g_hash_table_insert (answered, q->key, (gpointer) a);
#undef APATH
    }

  if (self->status == MA_AUDIT_SUBMITTED || self->status == MA_AUDIT_APPROVED)
    for (guint i = 0; i < template->sections->len; i++)
      {
        const MaSection *s = g_ptr_array_index (template->sections, i);

        for (guint j = 0; j < s->questions->len; j++)
          {
            const MaQuestion *q = g_ptr_array_index (s->questions, j);
            /* Each question is answered at most once (checked above). */
            const MaAnswer *a = g_hash_table_lookup (answered, q->key);

            /* An entry with neither a value nor N/A is a gap, as a missing
             * entry is. */
            if (a == NULL || (!a->na && a->kind == MA_VALUE_NONE))
              return ma_model_set_error (error, MA_MODEL_ERROR_MISSING, answers_path, NULL,
                                         self->status == MA_AUDIT_APPROVED
                                           ? _("question \"%s\" is not answered; an approved audit "
                                               "answers every question (N/A where allowed)")
                                           : _("question \"%s\" is not answered; a submitted audit "
                                               "answers every question (N/A where allowed)"),
                                         q->key);
          }
      }

  for (guint i = 0; i < self->attachments->len; i++)
    {
      const MaAttachment *a = g_ptr_array_index (self->attachments, i);
      g_autofree char *apath = ma_path_index (attachments_path, i);

      if (a->question != NULL && ma_template_find_question (template, a->question, NULL) == NULL)
        return ma_model_set_error (error, MA_MODEL_ERROR_UNKNOWN, apath, "question",
                                   _("template \"%s\" version %" PRId64
                                     " has no question \"%s\""),
                                   template->key, template->version, a->question);
    }
  return TRUE;
}
