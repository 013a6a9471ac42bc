/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-draft-saver.h: the form's single writer.
 *
 * Every write of the form (autosaves of the draft, submission, the office's
 * status changes) goes through one queue served by one thread that has its
 * own connection to the database, so that a slow disk (synchronous=FULL
 * waits for the platters) never freezes typing, and the writes reach the
 * disk in the order they were made. A store that is not an sqlite file is
 * written on the calling thread instead. */
#pragma once

#include <gio/gio.h>

#include "ma-store.h"

G_BEGIN_DECLS

#define MA_TYPE_DRAFT_SAVER (ma_draft_saver_get_type ())
G_DECLARE_FINAL_TYPE (MaDraftSaver, ma_draft_saver, MA, DRAFT_SAVER, GObject)

MaDraftSaver *ma_draft_saver_new                (MaStore *store);

/* Saves a copy of @audit with ma_store_save_audit(). The callback runs on
 * the thread-default main context of the caller. */
void          ma_draft_saver_save_async         (MaDraftSaver        *self,
                                                 const MaAudit       *audit,
                                                 const char          *who,
                                                 const char          *why,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
/* TRUE once the audit is committed. @elapsed_ms (may be NULL) is how long
 * the store took. */
gboolean      ma_draft_saver_save_finish        (MaDraftSaver  *self,
                                                 GAsyncResult  *result,
                                                 double        *elapsed_ms,
                                                 GError       **error);

/* ma_store_set_audit_status() after every write queued before it. */
void          ma_draft_saver_set_status_async   (MaDraftSaver        *self,
                                                 const char          *uuid,
                                                 MaAuditStatus        status,
                                                 const char          *who,
                                                 const char          *reason,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean      ma_draft_saver_set_status_finish  (MaDraftSaver  *self,
                                                 GAsyncResult  *result,
                                                 GError       **error);

/* Blocks until every queued write is done (at exit: nothing queued is
 * lost). */
void          ma_draft_saver_wait               (MaDraftSaver *self);
/* Whether writes run on a thread of their own. */
gboolean      ma_draft_saver_is_threaded        (MaDraftSaver *self);

G_END_DECLS
