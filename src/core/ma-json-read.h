/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-json-read.h: typed, range-checked reads of JSON members.
 *
 * json-glib converts silently between types (an int read from a string is 0,
 * a double read as an int is truncated). Every read of a value from an
 * untrusted document goes through these helpers instead: each checks the
 * node's type and range first and fails with MA_MODEL_ERROR and a message
 * that begins with the member path ("audits[3].answers[2].value: ..."). */
#pragma once

#include <json-glib/json-glib.h>

#include "ma-model.h"

G_BEGIN_DECLS

/* Largest integer a double holds exactly; larger integers are refused. */
#define MA_JSON_MAX_SAFE_INTEGER G_GINT64_CONSTANT (9007199254740992) /* 2^53 */

/* For all readers: @path is the object's own path; when @required is FALSE
 * and the member is absent (or null, for the optional string readers), the
 * reader returns TRUE and leaves *@out untouched, and sets *@present (if
 * given) to FALSE. */
gboolean ma_json_read_string (JsonObject  *object,
                              const char  *path,
                              const char  *member,
                              gboolean     required,
                              char       **out,
                              GError     **error);
gboolean ma_json_read_int    (JsonObject  *object,
                              const char  *path,
                              const char  *member,
                              gboolean     required,
                              gint64       min,
                              gint64       max,
                              gint64      *out,
                              gboolean    *present,
                              GError     **error);
gboolean ma_json_read_double (JsonObject  *object,
                              const char  *path,
                              const char  *member,
                              gboolean     required,
                              double       min,
                              double       max,
                              double      *out,
                              gboolean    *present,
                              GError     **error);
gboolean ma_json_read_bool   (JsonObject  *object,
                              const char  *path,
                              const char  *member,
                              gboolean     required,
                              gboolean    *out,
                              gboolean    *present,
                              GError     **error);
/* Returns a borrowed array or object; NULL with @error unset when absent and
 * not required. */
JsonArray  *ma_json_read_array  (JsonObject  *object,
                                 const char  *path,
                                 const char  *member,
                                 gboolean     required,
                                 GError     **error);
JsonObject *ma_json_read_object (JsonObject  *object,
                                 const char  *path,
                                 const char  *member,
                                 gboolean     required,
                                 GError     **error);
/* An array element that must be an object. */
JsonObject *ma_json_array_get_object (JsonArray  *array,
                                      const char *array_path,
                                      guint       index,
                                      GError    **error);

/* Node type checks for values whose type depends on context. */
gboolean ma_json_node_get_double (JsonNode    *node,
                                  const char  *path,
                                  double      *out,
                                  GError     **error);

/* Adds "path.member: unknown member, ignored" to @warnings (a GPtrArray of
 * strings) for each member of @object not in @known (NULL-terminated). */
void ma_json_warn_unknown (JsonObject         *object,
                           const char         *path,
                           const char * const *known,
                           GPtrArray          *warnings);

G_END_DECLS
