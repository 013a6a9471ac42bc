/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-keys.h: what keys, codes and JSON numbers of the model look like.
 *
 * Keys name things of templates and schemes (template, section, question,
 * option and component keys, channels): printable ASCII without spaces, so
 * that they are safe in file names, URLs and command lines. Codes name things
 * of the directory (regions, branches, employees, positions) and come from
 * other systems, so they may be any text without control characters. */
#pragma once

#include <json-glib/json-glib.h>

#include "ma-model.h"

G_BEGIN_DECLS

#define MA_KEY_MAX_LENGTH 64
#define MA_CODE_MAX_LENGTH 64

/* 1 to 64 characters from '!' to '~'. */
gboolean ma_key_is_valid  (const char *key);
/* 1 to 64 bytes of UTF-8 without control characters (nor DEL). */
gboolean ma_code_is_valid (const char *code);

/* ma_key_is_valid() / ma_code_is_valid() with an error that begins with
 * @path and says what a key or code may be. */
gboolean ma_key_check  (const char *key, const char *path, GError **error);
gboolean ma_code_check (const char *code, const char *path, GError **error);

/* ma_json_read_string() of a required or optional key or code, checked. */
gboolean ma_json_read_key  (JsonObject *object, const char *path, const char *member,
                            gboolean required, char **out, GError **error);
gboolean ma_json_read_code (JsonObject *object, const char *path, const char *member,
                            gboolean required, char **out, GError **error);
/* A required string that must not be empty (names, titles, texts). */
gboolean ma_json_read_text (JsonObject *object, const char *path, const char *member,
                            gboolean required, char **out, GError **error);

/* The position of @name in @names (the names of an enumeration's values,
 * as the files spell them), in @out; FALSE when it is not there. */
gboolean ma_name_lookup (const char *const *names, guint n_names, const char *name, guint *out);

/* @value in quotes for an error message: control characters escaped
 * (\u0007), cut after 64 characters, so that no input can garble a
 * terminal or flood a log. */
char *ma_quote_value (const char *value);

/* Sets @error (MA_MODEL_ERROR, @code) to "PATH.MEMBER: MESSAGE" (@member may
 * be NULL) and returns FALSE, so that a check can end in one statement. */
gboolean ma_model_set_error (GError       **error,
                             MaModelError   code,
                             const char    *path,
                             const char    *member,
                             const char    *format,
                             ...) G_GNUC_PRINTF (5, 6);

/* Adds @value to @builder as an integer when it is a whole number a double
 * holds exactly, else as a double: 2 stays "2", not "2.0", so that the
 * canonical form of a document is the same after a round trip. */
void ma_json_builder_add_number (JsonBuilder *builder, double value);

/* json_to_string() that always writes valid JSON: json-glib 1.6 appends
 * ".0" to any double printed without a '.', so 1e-08 comes out as the
 * invalid "1e-08.0". Everything that writes model JSON to a file or a
 * string uses this. */
char *ma_json_to_string (JsonNode *node, gboolean pretty);

G_END_DECLS
