/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-migrations.h: the schema of the sqlite store, version by version.
 *
 * The version lives in PRAGMA user_version. Each step runs in its own
 * transaction together with the version bump, so a crash leaves the database
 * at one version or the next, never between. */
#pragma once

#include "ma-db.h"

G_BEGIN_DECLS

#define MA_SCHEMA_VERSION 7

/* Migrates @db forward to @target (MA_SCHEMA_VERSION in the app; lower in
 * tests of the migrations). A database newer than @target is refused with
 * MA_STORE_ERROR_NEWER_SCHEMA (ma-store.h), a read-only database that
 * needs migrating with MA_STORE_ERROR_READ_ONLY. */
gboolean ma_migrations_run (MaDb    *db,
                            int      target,
                            GError **error);

G_END_DECLS
