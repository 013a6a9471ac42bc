/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-import-review.h: the review of bundles before they are imported.
 *
 * The files are imported in a dry run (ma_bundle_import_many() with
 * dry_run), one after the other as the real import will, on a worker
 * thread with its own connection to the database while a spinner turns
 * (the "busy" property); the window
 * lists what each adds, updates, skips as identical and refuses (with the
 * reason and the member path), and its conflicts. Nothing is written until
 * "review.import"; then every accepted file is imported in one transaction,
 * all or none. Refused files are left out. Actions: review.import,
 * review.cancel, review.approve-audits (the "approve-audits" property).
 *
 * Signal "imported" (GPtrArray *reports of MaBundleReport): the import is
 * committed; the window closes after it. */
#pragma once

#include <adwaita.h>

#include "ma-store.h"

G_BEGIN_DECLS

#define MA_TYPE_IMPORT_REVIEW (ma_import_review_get_type ())
G_DECLARE_FINAL_TYPE (MaImportReview, ma_import_review, MA, IMPORT_REVIEW, AdwWindow)

/* Reviews the bundle files at @paths (NULL-terminated) against @store. */
MaImportReview *ma_import_review_new             (GtkWindow          *parent,
                                                  MaStore            *store,
                                                  const char * const *paths);
/* The dry run's reports, one per file in order (of MaBundleReport; a
 * refused file's has its refusal), or NULL when the dry run could not run
 * at all (ma_import_review_get_error()). */
GPtrArray      *ma_import_review_get_reports     (MaImportReview *self);
const GError   *ma_import_review_get_error       (MaImportReview *self);
/* Files that would be imported. */
guint           ma_import_review_get_n_accepted  (MaImportReview *self);
gboolean        ma_import_review_get_approve_audits (MaImportReview *self);
void            ma_import_review_set_approve_audits (MaImportReview *self,
                                                     gboolean        approve);

/* TRUE while a dry run is under way: the reports are not there yet. */
gboolean        ma_import_review_is_busy         (MaImportReview *self);
/* The dry run of the review's files with its options, on a worker thread
 * with its own connection to the store's file (the store itself when it
 * has no file). The window starts one when it opens and whenever the
 * options change, and cancels it when it goes; the reports come as
 * ma_import_review_get_reports() gives them (transfer full), or NULL with
 * the error (G_IO_ERROR_CANCELLED when @cancellable was). */
void            ma_import_review_dry_run_async   (MaImportReview       *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GPtrArray      *ma_import_review_dry_run_finish  (MaImportReview       *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

G_END_DECLS
