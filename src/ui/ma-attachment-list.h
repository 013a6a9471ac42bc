/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-attachment-list.h: the evidence of one question, or of the whole audit
 * (question NULL): a line per file with a button to remove it, and the
 * file chooser that adds more. A file is read, hashed and copied into the
 * app's data folder on a worker thread; "changed" is emitted once it is in
 * the list, or after a removal. */
#pragma once

#include <gtk/gtk.h>

#include "ma-audit.h"

G_BEGIN_DECLS

#define MA_TYPE_ATTACHMENT_LIST (ma_attachment_list_get_type ())
G_DECLARE_FINAL_TYPE (MaAttachmentList, ma_attachment_list, MA, ATTACHMENT_LIST, GtkWidget)

/* The largest file accepted: the database keeps attachment data, and a
 * bundle with them has to travel by e-mail or a stick. */
#define MA_ATTACHMENT_MAX_SIZE (200 * 1024 * 1024)

GtkWidget *ma_attachment_list_new             (const char       *question);
/* Replaces the list (copies), without emitting "changed". */
void       ma_attachment_list_set_attachments (MaAttachmentList *self,
                                               GPtrArray        *attachments);
/* Of MaAttachment, owned by the list. */
GPtrArray *ma_attachment_list_get_attachments (MaAttachmentList *self);
void       ma_attachment_list_set_editable    (MaAttachmentList *self,
                                               gboolean          editable);
/* Adds @file in the background; a file that cannot be read or is too
 * large is reported in a toast and not added. */
void       ma_attachment_list_attach_file     (MaAttachmentList *self,
                                               GFile            *file);
/* Opens the file chooser (through the portal when there is one). */
void       ma_attachment_list_choose_files    (MaAttachmentList *self);

/* The data folder's copy of an attachment: $XDG_DATA_HOME/mystery-audit/attachments/SHA256 */
char      *ma_attachment_list_data_path       (const char       *sha256);

G_END_DECLS
