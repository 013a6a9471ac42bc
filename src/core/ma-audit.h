/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-audit.h: one filled-in questionnaire, its answers and attachments, and
 * the life cycle draft -> submitted -> approved (or voided). */
#pragma once

#include <json-glib/json-glib.h>

#include "ma-model.h"
#include "ma-template.h"

G_BEGIN_DECLS

typedef enum {
  MA_AUDIT_DRAFT,
  MA_AUDIT_SUBMITTED,
  MA_AUDIT_APPROVED,
  MA_AUDIT_VOIDED,
} MaAuditStatus;

typedef enum {
  MA_VALUE_NONE,      /* not answered (a draft may have gaps) */
  MA_VALUE_BOOL,
  MA_VALUE_NUMBER,
  MA_VALUE_STRING,    /* a choice key or free text */
} MaValueKind;

typedef struct {
  char       *question;
  gboolean    na;         /* answered "not applicable" */
  MaValueKind kind;
  gboolean    boolean;
  double      number;
  char       *string;
  char       *comment;    /* may be NULL */
} MaAnswer;

typedef struct {
  char   *question;       /* may be NULL: evidence for the whole audit */
  char   *name;           /* a file name, never a path */
  char   *sha256;         /* lower-case hex of the data */
  GBytes *data;
} MaAttachment;

typedef struct {
  char          *uuid;
  char          *template_key;
  gint64         template_version;
  char          *branch;          /* branch code */
  char          *employee;        /* employee code, NULL when not identified */
  char          *auditor;
  char          *channel;
  char          *scenario;        /* may be NULL */
  char          *visited_at;      /* ISO 8601 with the visit's own offset */
  char          *modified;        /* ISO 8601, last change */
  MaAuditStatus  status;
  char          *void_reason;     /* for voided audits */
  char          *review_note;     /* note of a reviewer who returned it */
  GPtrArray     *answers;         /* of MaAnswer, in the order given */
  GPtrArray     *attachments;     /* of MaAttachment */
} MaAudit;

MaAudit      *ma_audit_new       (void);
void          ma_audit_free      (MaAudit *self);
MaAudit      *ma_audit_copy      (const MaAudit *self);
MaAnswer     *ma_answer_new      (const char *question);
void          ma_answer_free     (MaAnswer *self);
MaAttachment *ma_attachment_new  (const char *question,
                                  const char *name,
                                  GBytes     *data);   /* computes sha256 */
void          ma_attachment_free (MaAttachment *self);

const char *ma_audit_status_to_string   (MaAuditStatus status);
/* The status as a translated word for a message ("approved"); files and
 * the command line's JSON use ma_audit_status_to_string(). */
const char *ma_audit_status_word        (MaAuditStatus status);
gboolean    ma_audit_status_from_string (const char *string, MaAuditStatus *out);
/* draft -> submitted -> approved; submitted -> draft (returned to the
 * auditor); draft, submitted or approved -> voided. */
gboolean    ma_audit_status_can_change  (MaAuditStatus from, MaAuditStatus to);

/* Parses an audit object of a bundle: member types and syntax only (uuid,
 * time stamps with offsets, answer shapes, attachment names and sha256).
 * Checking against the template is ma_audit_check(). */
MaAudit    *ma_audit_from_json (JsonObject  *object,
                                const char  *path,
                                GPtrArray   *warnings,
                                GError     **error);
JsonNode   *ma_audit_to_json   (const MaAudit *self,
                                gboolean       with_attachment_data);
/* Canonical JSON of the content (with attachment hashes, not data): two
 * audits with the same uuid are identical iff these strings are equal. */
char       *ma_audit_to_canonical (const MaAudit *self);

/* Checks the answers against @template: every answer names a question of
 * it, at most once; values have the question's type and range; N/A only
 * where allowed; a submitted or approved audit answers every question.
 * @path is the audit's member path for messages. */
gboolean    ma_audit_check (const MaAudit    *self,
                            const MaTemplate *template,
                            const char       *path,
                            GError          **error);

const MaAnswer *ma_audit_find_answer (const MaAudit *self,
                                      const char    *question);
/* "2026-10" for a visit on 2026-10-14 in its own time zone. */
char           *ma_audit_get_period  (const MaAudit *self);

/* Attachment names are names: no '/', '\\', "..", control characters,
 * nor empty. */
gboolean ma_attachment_name_is_valid (const char *name);
char    *ma_sha256_hex (GBytes *data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaAudit, ma_audit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaAnswer, ma_answer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaAttachment, ma_attachment_free)

G_END_DECLS
