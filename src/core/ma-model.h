/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-model.h: what the model types share: their error domain and JSON member paths. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MA_MODEL_ERROR (ma_model_error_quark ())

typedef enum {
  MA_MODEL_ERROR_INVALID,   /* a value of the wrong type, out of range, or inconsistent */
  MA_MODEL_ERROR_MISSING,   /* a required member is absent */
  MA_MODEL_ERROR_UNKNOWN,   /* a reference to something that does not exist */
} MaModelError;

GQuark ma_model_error_quark (void);

/* Member paths name the place of a value in a document, as in
 * "audits[3].answers[2].value". An empty or NULL parent means the top. */
char *ma_path_member (const char *parent, const char *member);
char *ma_path_index  (const char *parent, guint index);

/* A period is a calendar month, "YYYY-MM". */
gboolean ma_period_is_valid (const char *period);
/* "2026-10" -> "2026-11"; returns NULL when @period is not valid. */
char *ma_period_next     (const char *period);
char *ma_period_previous (const char *period);

/* The local date of an ISO 8601 time stamp with an explicit offset, as
 * recorded ("2026-10-14T23:30:00+03:00" -> "2026-10-14"): a visit belongs to
 * the day and month of the place it happened in. NULL when @timestamp has no
 * offset or is not a valid time. */
char *ma_timestamp_local_date (const char *timestamp);

G_END_DECLS
