/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-bundle.h: import and export of audit bundles (bundle-v1.md).
 *
 * A bundle is the one document that moves between a field laptop and the
 * office. Import is all or nothing: every member is read and checked, every
 * reference resolved against the bundle itself and the store, and only then
 * is everything written in one store transaction. A refused bundle leaves the
 * database as it was, apart from one entry in the import log. */
#pragma once

#include <gio/gio.h>

#include "ma-store.h"

G_BEGIN_DECLS

#define MA_BUNDLE_ERROR (ma_bundle_error_quark ())

typedef enum {
  MA_BUNDLE_ERROR_SYNTAX,     /* not strict JSON */
  MA_BUNDLE_ERROR_LIMIT,      /* over the size, depth or string limit */
  MA_BUNDLE_ERROR_FORMAT,     /* not an audit bundle ("format") */
  MA_BUNDLE_ERROR_VERSION,    /* made by a newer app, or a version that never existed */
  MA_BUNDLE_ERROR_INVALID,    /* a member of the wrong type, out of range, missing... */
  MA_BUNDLE_ERROR_REFERENCE,  /* names a template, branch, employee... that is nowhere */
  MA_BUNDLE_ERROR_CONFLICT,   /* a published version differs, a uuid or code appears twice */
  MA_BUNDLE_ERROR_IO,         /* the file could not be read or written */
  MA_BUNDLE_ERROR_STORE,      /* the database failed */
} MaBundleError;

GQuark ma_bundle_error_quark (void);

/* The bundle format version this app reads and writes. */
#define MA_BUNDLE_FORMAT  "mystery-audit-bundle"
#define MA_BUNDLE_VERSION 1

typedef enum {
  MA_BUNDLE_KIND_REGION,
  MA_BUNDLE_KIND_BRANCH,
  MA_BUNDLE_KIND_EMPLOYEE,
  MA_BUNDLE_KIND_TEMPLATE,
  MA_BUNDLE_KIND_SCHEME,
  MA_BUNDLE_KIND_KPI,
  MA_BUNDLE_KIND_AUDIT,
  MA_BUNDLE_N_KINDS,
} MaBundleKind;

/* The bundle member of a kind: "regions", "branches"... */
const char *ma_bundle_kind_to_string (MaBundleKind kind);

typedef struct {
  guint added;
  guint updated;
  guint identical;   /* already in the database as they are: skipped */
} MaBundleCounts;

/* An audit of the bundle that was not written, and why. Conflicts do not
 * refuse the bundle: the rest of it is imported. */
typedef struct {
  char *uuid;
  char *path;     /* "audits[3]" */
  char *reason;
} MaBundleConflict;

typedef struct {
  char           *file_name;
  char           *sha256;        /* of the file's bytes, lower-case hex */
  char           *created;       /* as the bundle says; may be NULL */
  char           *source_device; /* may be NULL */
  char           *source_auditor;
  MaBundleCounts  counts[MA_BUNDLE_N_KINDS];
  guint           approved;      /* submitted audits approved on import */
  GPtrArray      *conflicts;     /* of MaBundleConflict */
  GPtrArray      *warnings;      /* of char*: "audits[0].foo: unknown member, ignored" */
} MaBundleReport;

void  ma_bundle_report_free (MaBundleReport *self);
/* One line for people and the import log:
 * "audits: 2 added, 1 updated, 3 identical; 1 conflict; 0 warnings". */
char *ma_bundle_report_to_string (const MaBundleReport *self);

typedef struct {
  gboolean    approve_audits;  /* approve imported submitted audits in the same transaction */
  const char *who;             /* the person importing, for the audit log; NULL: the auditor */
} MaBundleImportOptions;

/* Reads a bundle and writes it into @store in one transaction. Returns the
 * report of an accepted bundle (possibly with conflicts), or NULL with a
 * MA_BUNDLE_ERROR whose message starts with the member path of the problem.
 * Either way the attempt is recorded in the store's import log under
 * @file_name. @options may be NULL. */
MaBundleReport *ma_bundle_import_bytes (MaStore                      *store,
                                        GBytes                       *bytes,
                                        const char                   *file_name,
                                        const MaBundleImportOptions  *options,
                                        GError                      **error);
/* The same for a file; a file over the size limit is refused before it is
 * read. */
MaBundleReport *ma_bundle_import_file  (MaStore                      *store,
                                        const char                   *path,
                                        const MaBundleImportOptions  *options,
                                        GError                      **error);

typedef struct {
  gboolean            audits;
  gboolean            templates;
  gboolean            directory;
  gboolean            pay_data;   /* base pay, schemes and KPIs; FALSE for field laptops */
  gboolean            schemes;    /* only with pay_data */
  gboolean            kpis;       /* only with pay_data */
  const char         *since;      /* "YYYY-MM-DD" (local midnight) or ISO 8601: audits modified since; NULL: all */
  const char * const *uuids;      /* only these audits; NULL: all */
  /* Only these templates (with .templates), each "KEY" for every version of
   * a template or "KEY/VERSION" for one; NULL: all. A template editor
   * exports the one it shows; one that is not in the store is an error. */
  const char * const *template_ids;
  const char         *device;     /* "source" of the bundle; NULL: the host name */
  const char         *auditor;    /* NULL: left out */
} MaBundleExportOptions;

/* A bundle of what @options selects, as UTF-8 JSON. */
GBytes  *ma_bundle_export         (MaStore                      *store,
                                   const MaBundleExportOptions  *options,
                                   GError                      **error);
/* Writes the bundle to @path atomically and durably (mode 0600), then marks
 * the audits in it as exported with the file's sha256 (given back in
 * @out_sha256 when not NULL). */
gboolean ma_bundle_export_to_file (MaStore                      *store,
                                   const MaBundleExportOptions  *options,
                                   const char                   *path,
                                   char                        **out_sha256,
                                   GError                      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaBundleReport, ma_bundle_report_free)

G_END_DECLS
