/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-window.h: the main window: a sidebar of views and the view shown. */
#pragma once

#include <adwaita.h>

#include "ma-audit-list.h"
#include "ma-audits-page.h"
#include "ma-directory-view.h"
#include "ma-pay-view.h"
#include "ma-store.h"
#include "ma-templates-view.h"

G_BEGIN_DECLS

#define MA_TYPE_WINDOW (ma_window_get_type ())
G_DECLARE_FINAL_TYPE (MaWindow, ma_window, MA, WINDOW, AdwApplicationWindow)

/* A window on @store; when @store is NULL, it shows @open_error instead
 * (why the database could not be opened). @application may be NULL. */
MaWindow    *ma_window_new            (GtkApplication *application,
                                       MaStore        *store,
                                       const GError   *open_error);
void         ma_window_add_toast      (MaWindow       *self,
                                       const char     *text);
/* "audits", "templates", "people", "pay" or "reports". */
const char  *ma_window_get_view       (MaWindow       *self);
MaAuditList *ma_window_get_audit_list (MaWindow       *self);
MaAuditsPage *ma_window_get_audits_page (MaWindow     *self);
/* Whether the database is open read-only (the "read-only" property):
 * a banner says so and every action that writes is disabled. */
gboolean     ma_window_get_read_only  (MaWindow       *self);
/* While the application checks the database file (after the first frame,
 * on a worker thread), the window is read-only and its banner says why;
 * afterwards it is read-only only when the store is. */
void         ma_window_set_checking   (MaWindow       *self,
                                       gboolean        checking);
/* The Reports page (bonus, comparison, standards). */
GtkWidget   *ma_window_get_reports_view (MaWindow     *self);
MaTemplatesView *ma_window_get_templates_view (MaWindow *self);
/* The views of the "people" and "pay" pages. */
MaDirectoryView *ma_window_get_directory_view (MaWindow *self);
MaPayView       *ma_window_get_pay_view       (MaWindow *self);

G_END_DECLS
