/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-disputes-view.h: the disputes HR records when an employee objects to
 * an audit, listed by period and status, and resolved: upheld (the audit
 * is voided with the dispute as the reason) or rejected (it stands, with
 * the answer recorded). A period cannot be closed while one is open. */
#pragma once

#include <adwaita.h>

#include "ma-store.h"

G_BEGIN_DECLS

#define MA_TYPE_DISPUTES_VIEW (ma_disputes_view_get_type ())
G_DECLARE_FINAL_TYPE (MaDisputesView, ma_disputes_view, MA, DISPUTES_VIEW, AdwBin)

typedef enum {
  MA_DISPUTES_SHOW_OPEN,
  MA_DISPUTES_SHOW_RESOLVED,
  MA_DISPUTES_SHOW_ALL,
} MaDisputesShow;

void       ma_disputes_view_set_store  (MaDisputesView *self,
                                        MaStore        *store);
/* @period "YYYY-MM", or NULL for every period. */
void       ma_disputes_view_set_filter (MaDisputesView *self,
                                        const char     *period,
                                        MaDisputesShow  show);
/* Reads the disputes again (after a change made elsewhere). */
void       ma_disputes_view_reload     (MaDisputesView *self);
/* Opens the dialog that records a dispute, on @parent (NULL: the view's
 * window), for @employee (NULL: typed in the dialog) and @period (NULL:
 * the period shown, or the newest). The employee statement uses it. */
void       ma_disputes_view_record     (MaDisputesView *self,
                                        GtkWindow      *parent,
                                        const char     *employee,
                                        const char     *period);
/* The disputes shown (of MaDispute), in order. */
GPtrArray *ma_disputes_view_get_shown  (MaDisputesView *self);

G_END_DECLS
