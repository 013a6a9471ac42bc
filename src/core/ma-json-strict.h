/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-json-strict.h: strict JSON, checked before json-glib sees the bytes.
 *
 * json-glib 1.6 (Debian 12) is lenient and fragile: deep nesting overflows
 * its stack, it accepts comments and single quotes, reads 012 as 10, wraps
 * integers beyond 2^63, turns 1e400 into infinity, lets a duplicate member
 * silently win and cuts strings at \u0000. This scanner refuses all of that
 * in one pass without recursion, then hands the bytes to json-glib. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MA_JSON_ERROR (ma_json_error_quark ())

typedef enum {
  MA_JSON_ERROR_TOO_LARGE,        /* the document is over the size limit */
  MA_JSON_ERROR_TOO_DEEP,         /* nesting over the depth limit */
  MA_JSON_ERROR_STRING_TOO_LONG,  /* one string over the string limit */
  MA_JSON_ERROR_ENCODING,         /* not UTF-8, or \u0000, or a lone surrogate */
  MA_JSON_ERROR_SYNTAX,           /* not strict JSON (comments, quotes, garbage...) */
  MA_JSON_ERROR_NUMBER,           /* 012, hex, 1e400, integers beyond 2^53 */
  MA_JSON_ERROR_DUPLICATE_MEMBER, /* the same member name twice in one object */
  MA_JSON_ERROR_NOT_OBJECT,       /* the top level is not an object */
} MaJsonError;

GQuark ma_json_error_quark (void);

typedef struct {
  gsize max_bytes;    /* default 256 MiB */
  guint max_depth;    /* default 64: arrays and objects nested */
  gsize max_string;   /* default 1 MiB: bytes of one string after unescaping */
} MaJsonLimits;

/* The bundle limits of bundle-v1.md. */
void     ma_json_limits_init_default (MaJsonLimits *limits);

/* Checks @data (@length bytes, need not be NUL-terminated) and returns FALSE
 * with an error that gives the member path ("audits[3].answers[2].value"),
 * the line and column, and the reason. The top level must be an object.
 * @limits may be NULL for the defaults. */
gboolean ma_json_strict_check (const char          *data,
                               gsize                length,
                               const MaJsonLimits  *limits,
                               GError             **error);

/* ma_json_strict_check(), then json-glib: the root node of a valid document. */
JsonNode *ma_json_strict_parse (const char          *data,
                                gsize                length,
                                const MaJsonLimits  *limits,
                                GError             **error);

G_END_DECLS
