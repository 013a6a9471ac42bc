/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-scheme.h: bonus schemes, which split an employee's variable pay into
 * components with shares, sources and payout curves (scoring.md 6). */
#pragma once

#include <json-glib/json-glib.h>

#include "ma-model.h"

G_BEGIN_DECLS

typedef enum {
  MA_SOURCE_KPI,     /* achievement = actual / plan */
  MA_SOURCE_AUDIT,   /* achievement = the employee's component score */
} MaComponentSource;

typedef enum {
  MA_MISSING_FULL,      /* no data: pay 1 (default) */
  MA_MISSING_ZERO,      /* no data: pay 0 */
  MA_MISSING_PREVIOUS,  /* no data: the last closed period's payout */
} MaMissingPolicy;

typedef struct {
  char              *key;
  char              *label;
  double             share;    /* percent of the base pay; all add up to 100 */
  MaComponentSource  source;
  double             floor;    /* default 0 */
  double             target;   /* default 1, > floor */
  double             cap;      /* default 1, >= 1 */
} MaSchemeComponent;

typedef struct {
  char            *key;
  gint64           version;
  char            *name;
  GPtrArray       *positions;   /* of char*: the positions it covers */
  gint64           min_audits;  /* default 2 */
  MaMissingPolicy  missing;
  GPtrArray       *components;  /* of MaSchemeComponent */
} MaScheme;

MaScheme          *ma_scheme_new   (void);
void               ma_scheme_free  (MaScheme *self);
MaScheme          *ma_scheme_copy  (const MaScheme *self);
MaSchemeComponent *ma_scheme_component_new  (const char *key, double share, MaComponentSource source);
void               ma_scheme_component_free (MaSchemeComponent *self);

const char *ma_missing_policy_to_string   (MaMissingPolicy policy);
gboolean    ma_missing_policy_from_string (const char *string, MaMissingPolicy *out);
const char *ma_component_source_to_string   (MaComponentSource source);
gboolean    ma_component_source_from_string (const char *string, MaComponentSource *out);

MaScheme *ma_scheme_from_json     (JsonObject  *object,
                                   const char  *path,
                                   GPtrArray   *warnings,
                                   GError     **error);
JsonNode *ma_scheme_to_json       (const MaScheme *self);
char     *ma_scheme_to_canonical  (const MaScheme *self);
/* Shares add up to exactly 100, keys unique, floor < target, cap >= 1,
 * min_audits >= 1, at least one position. */
gboolean  ma_scheme_validate      (const MaScheme *self,
                                   GError        **error);
gboolean  ma_scheme_covers_position (const MaScheme *self,
                                     const char     *position);
const MaSchemeComponent *ma_scheme_find_component (const MaScheme *self,
                                                   const char     *key);
/* The name people read for scheme @key at @version, looked up in @schemes
 * (of MaScheme, e.g. from ma_store_list_schemes()): that version's name,
 * else the name of the highest version of @key (a statement may name a
 * version since deleted), else @key itself. NULL @schemes gives @key. */
const char *ma_scheme_list_get_name (GPtrArray  *schemes,
                                     const char *key,
                                     gint64      version);

/* The payout curve, in [0, cap]:
 *   a < floor -> 0; floor <= a < target -> (a - floor) / (target - floor);
 *   a >= target -> 1, or min(cap, a / target) when cap > 1. */
double    ma_scheme_component_payout (const MaSchemeComponent *component,
                                      double                   achievement);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaScheme, ma_scheme_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaSchemeComponent, ma_scheme_component_free)

G_END_DECLS
