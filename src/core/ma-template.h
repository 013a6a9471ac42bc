/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-template.h: questionnaire templates (sections and questions).
 *
 * A template is identified by key + version. Once published, a version never
 * changes: audits point at the exact version they were filled against, so a
 * score never moves when somebody edits a template. */
#pragma once

#include <json-glib/json-glib.h>

#include "ma-model.h"

G_BEGIN_DECLS

typedef enum {
  MA_QUESTION_YES_NO,
  MA_QUESTION_SCALE,
  MA_QUESTION_CHOICE,
  MA_QUESTION_NUMBER,
  MA_QUESTION_TEXT,
} MaQuestionType;

typedef enum {
  MA_CRITICAL_NONE,
  MA_CRITICAL_SECTION,
  MA_CRITICAL_AUDIT,
} MaCriticalScope;

typedef enum {
  MA_NUMBER_RULE_NONE,  /* only for a template that is not valid yet */
  MA_NUMBER_RULE_MAX,   /* pass when value <= limit */
  MA_NUMBER_RULE_MIN,   /* pass when value >= limit */
  MA_NUMBER_RULE_BAND,  /* 1 at full or better, 0 at zero or worse, linear between */
} MaNumberRule;

typedef enum {
  MA_TEMPLATE_DRAFT,
  MA_TEMPLATE_PUBLISHED,
  MA_TEMPLATE_RETIRED,
} MaTemplateStatus;

typedef struct {
  char  *key;
  char  *label;
  double score;           /* in [0, 1] */
} MaChoiceOption;

typedef struct {
  gint64 value;
  char  *label;
} MaScaleLabel;

typedef struct {
  char            *key;
  char            *text;
  char            *guidance;      /* may be NULL */
  MaQuestionType   type;
  double           weight;        /* >= 0, default 1; ignored for text */
  gboolean         allow_na;
  MaCriticalScope  critical;
  char            *component;     /* overrides the section's; may be NULL */

  gboolean         good;          /* yes_no: the answer that passes (default TRUE) */

  gint64           scale_min;     /* scale: integer answers in [min, max], min < max */
  gint64           scale_max;
  GPtrArray       *scale_labels;  /* scale: of MaScaleLabel, sorted by value */

  GPtrArray       *options;       /* choice: of MaChoiceOption */

  char            *unit;          /* number: "min", "s", "items"...; may be NULL */
  MaNumberRule     rule;
  double           rule_limit;    /* number: for MAX and MIN */
  double           band_full;     /* number: for BAND */
  double           band_zero;

  gboolean         has_standard;  /* service-level standard, scoring.md 5a */
  double           standard_share;

  gboolean         comment_on_fail;    /* a failing answer needs a comment */
  gboolean         evidence_required;  /* an attachment is expected */
} MaQuestion;

typedef struct {
  char      *key;
  char      *title;
  gboolean   has_weight;
  double     weight;
  char      *component;   /* pay component, may be NULL */
  GPtrArray *questions;   /* of MaQuestion */
} MaSection;

typedef struct {
  char             *key;
  gint64            version;
  char             *name;
  char             *channel;   /* "visit", "phone", "chat", "email", "delivery"... */
  char             *description;
  MaTemplateStatus  status;
  GPtrArray        *sections;  /* of MaSection */
} MaTemplate;

MaTemplate *ma_template_new  (void);
void        ma_template_free (MaTemplate *self);
MaTemplate *ma_template_copy (const MaTemplate *self);
MaSection  *ma_section_new   (void);
void        ma_section_free  (MaSection *self);
MaQuestion *ma_question_new  (void);   /* weight 1, good TRUE, the rest empty */
void        ma_question_free (MaQuestion *self);
/* A deep copy, for a widget that outlives its template. */
MaQuestion *ma_question_copy (const MaQuestion *self);
MaChoiceOption *ma_choice_option_new  (const char *key, const char *label, double score);
void            ma_choice_option_free (MaChoiceOption *self);

const char *ma_question_type_to_string   (MaQuestionType type);
gboolean    ma_question_type_from_string (const char *string, MaQuestionType *out);
const char *ma_template_status_to_string (MaTemplateStatus status);
gboolean    ma_template_status_from_string (const char *string, MaTemplateStatus *out);

/* Parses and validates (ma_template_validate) a template object of a bundle.
 * Unknown members are reported in @warnings (strings) and otherwise ignored.
 * A template without "status" is published. */
MaTemplate *ma_template_from_json (JsonObject  *object,
                                   const char  *path,
                                   GPtrArray   *warnings,
                                   GError     **error);
JsonNode   *ma_template_to_json   (const MaTemplate *self);
/* The content as canonical JSON (fixed member order, no status): two
 * templates are the same version iff these strings are equal. */
char       *ma_template_to_canonical (const MaTemplate *self);

/* All-or-none section weights (naming the sections), unique keys, types and
 * their settings (scale min < max, choice scores in [0, 1], bands with
 * full != zero, shares in (0, 1]), weights >= 0. */
gboolean    ma_template_validate (const MaTemplate *self,
                                  GError          **error);

/* The question with @key and its section, or NULL. */
const MaQuestion *ma_template_find_question (const MaTemplate  *self,
                                             const char        *key,
                                             const MaSection  **section);
guint             ma_template_count_questions (const MaTemplate *self);
/* The question's pay component: its own, else its section's, else NULL. */
const char       *ma_question_get_component (const MaQuestion *question,
                                             const MaSection  *section);
gboolean          ma_template_has_section_weights (const MaTemplate *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaTemplate, ma_template_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaSection, ma_section_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaQuestion, ma_question_free)

G_END_DECLS
