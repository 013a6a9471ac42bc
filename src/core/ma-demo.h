/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-demo.h: the shipped template library and the demo database.
 *
 * The demo is a realistic company (three regions, twelve branches, about
 * eighty employees, two bonus schemes, KPI figures and three months of
 * audits in every state) for trying the app and for end-to-end tests. It is
 * written only through the MaStore interface and is the same on every run:
 * all its randomness comes from one GRand with a fixed seed. */
#pragma once

#include "ma-store.h"

G_BEGIN_DECLS

#define MA_DEMO_ERROR (ma_demo_error_quark ())

typedef enum {
  MA_DEMO_ERROR_NOT_EMPTY,   /* the store already holds data */
  MA_DEMO_ERROR_TEMPLATES,   /* the template directory or one of its files is unusable */
} MaDemoError;

GQuark ma_demo_error_quark (void);

/* The directory of the shipped templates: $MA_TEMPLATES_DIR when set, else
 * PKGDATADIR/templates when it exists, else NULL. */
char      *ma_demo_find_templates_dir (void);

/* Reads every "*.json" bundle in @dir, in file name order, and returns the
 * templates they hold (of MaTemplate), each parsed and validated. Unknown
 * members are added to @warnings (may be NULL) as "FILE: path: message".
 * A file that is not a bundle, or a template that is invalid, fails the
 * whole load with an error naming the file and the member path. The display
 * texts come translated into the messages language (ma_template_translate),
 * so templates put into a new database read in the user's language. */
GPtrArray *ma_demo_load_templates (const char  *dir,
                                   GPtrArray   *warnings,
                                   GError     **error);

/* Fills an empty @store with the demo, using the templates in
 * @templates_dir (which must include the five shipped ones), in one
 * transaction: on error nothing is written. A store that already holds
 * data is refused with MA_DEMO_ERROR_NOT_EMPTY. */
gboolean   ma_demo_populate (MaStore     *store,
                             const char  *templates_dir,
                             GError     **error);

G_END_DECLS
