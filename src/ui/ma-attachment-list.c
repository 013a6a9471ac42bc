/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ma-attachment-list.h"

struct _MaAttachmentList
{
  GtkWidget     parent_instance;

  GtkWidget    *box;
  char         *question;     /* NULL: evidence for the whole audit */
  GPtrArray    *attachments;  /* of MaAttachment */
  gboolean      editable;
  GCancellable *cancellable;  /* files still being read when the form goes */
};

G_DEFINE_FINAL_TYPE (MaAttachmentList, ma_attachment_list, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

char *
ma_attachment_list_data_path (const char *sha256)
{
  g_return_val_if_fail (sha256 != NULL, NULL);
  return g_build_filename (g_get_user_data_dir (), "mystery-audit", "attachments", sha256, NULL);
}

static void remove_clicked_cb (MaAttachmentList *self, GtkButton *button);

static void
show_attachments (MaAttachmentList *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);

  for (guint i = 0; i < self->attachments->len; i++)
    {
      const MaAttachment *attachment = g_ptr_array_index (self->attachments, i);
      GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *icon = gtk_image_new_from_icon_name ("mail-attachment-symbolic");
      GtkWidget *label = gtk_label_new (attachment->name);
      GtkWidget *remove = gtk_button_new_from_icon_name ("edit-delete-symbolic");
      /* TRANSLATORS: a button's name; %s is a file name */
      g_autofree char *remove_text = g_strdup_printf (_("Remove %s"), attachment->name);
      g_autofree char *size = g_format_size (g_bytes_get_size (attachment->data));
      g_autofree char *tip = g_strdup_printf ("%s, %s, sha256 %s", attachment->name, size, attachment->sha256);

      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_set_tooltip_text (label, tip);
      gtk_widget_set_tooltip_text (remove, remove_text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_text, -1);
      gtk_widget_add_css_class (remove, "flat");
      /* A submitted audit's evidence is shown, not changed. */
      gtk_widget_set_visible (remove, self->editable);
      g_object_set_data (G_OBJECT (remove), "index", GUINT_TO_POINTER (i));
      g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_clicked_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (line), icon);
      gtk_box_append (GTK_BOX (line), label);
      gtk_box_append (GTK_BOX (line), remove);
      gtk_box_append (GTK_BOX (self->box), line);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), self->attachments->len > 0);
}

static void
remove_clicked_cb (MaAttachmentList *self,
                   GtkButton        *button)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));

  if (!self->editable || index >= self->attachments->len)
    return;
  /* The copy in the data folder stays: another audit may share it. */
  g_ptr_array_remove_index (self->attachments, index);
  show_attachments (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
ma_attachment_list_set_attachments (MaAttachmentList *self,
                                    GPtrArray        *attachments)
{
  g_return_if_fail (MA_IS_ATTACHMENT_LIST (self));

  g_ptr_array_set_size (self->attachments, 0);
  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    {
      const MaAttachment *a = g_ptr_array_index (attachments, i);

      g_ptr_array_add (self->attachments, ma_attachment_new (a->question, a->name, a->data));
    }
  show_attachments (self);
}

GPtrArray *
ma_attachment_list_get_attachments (MaAttachmentList *self)
{
  g_return_val_if_fail (MA_IS_ATTACHMENT_LIST (self), NULL);
  return self->attachments;
}

void
ma_attachment_list_set_editable (MaAttachmentList *self,
                                 gboolean          editable)
{
  g_return_if_fail (MA_IS_ATTACHMENT_LIST (self));

  self->editable = editable;
  show_attachments (self);
}

/* ---- adding a file ------------------------------------------------------------ */

/* A file name as an attachment name: no path, no control characters. */
static char *
make_attachment_name (GFile *file)
{
  g_autofree char *base = g_file_get_basename (file);
  GString *name = g_string_new (NULL);

  if (base != NULL && g_utf8_validate (base, -1, NULL))
    for (const char *p = base; *p != '\0'; p = g_utf8_next_char (p))
      {
        gunichar c = g_utf8_get_char (p);

        if (g_unichar_iscntrl (c) || c == '/' || c == '\\')
          g_string_append_c (name, '_');
        else
          g_string_append_unichar (name, c);
      }
  if (name->len == 0 || strcmp (name->str, "..") == 0 || strcmp (name->str, ".") == 0
      || !ma_attachment_name_is_valid (name->str))
    {
      g_string_free (name, TRUE);
      return g_strdup (_("attachment"));
    }
  return g_string_free (name, FALSE);
}

typedef struct {
  GFile *file;
  char  *question;
} AttachJob;

static void
attach_job_free (AttachJob *job)
{
  g_object_unref (job->file);
  g_free (job->question);
  g_free (job);
}

/* On a worker thread: reading, hashing and copying a recording of a call
 * takes longer than a frame. */
static void
attach_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  AttachJob *job = task_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(MaAttachment) attachment = NULL;
  g_autofree char *name = make_attachment_name (job->file);
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  GError *error = NULL;

  info = g_file_query_info (job->file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, &error);
  if (info == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_file_info_get_size (info) > MA_ATTACHMENT_MAX_SIZE)
    {
      g_autofree char *limit = g_format_size (MA_ATTACHMENT_MAX_SIZE);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("%s is larger than %s, the most an attachment may be"), name, limit);
      return;
    }
  bytes = g_file_load_bytes (job->file, cancellable, NULL, &error);
  if (bytes == NULL)
    {
      g_prefix_error (&error, _("Cannot read %s: "), name);
      g_task_return_error (task, error);
      return;
    }

  attachment = ma_attachment_new (job->question, name, bytes);
  path = ma_attachment_list_data_path (attachment->sha256);
  dir = g_path_get_dirname (path);
  /* The same data is the same file: it is kept once. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved = errno;

          g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved));
          return;
        }
      if (!g_file_set_contents_full (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                     G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                     0600, &error))
        {
          g_prefix_error (&error, _("Cannot keep a copy of %s: "), name);
          g_task_return_error (task, error);
          return;
        }
    }
  g_task_return_pointer (task, g_steal_pointer (&attachment), (GDestroyNotify) ma_attachment_free);
}

static void
attach_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  MaAttachmentList *self = MA_ATTACHMENT_LIST (source);
  g_autoptr(GError) error = NULL;
  MaAttachment *attachment = g_task_propagate_pointer (G_TASK (result), &error);

  if (attachment == NULL)
    {
      GtkWidget *overlay;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
      if (overlay != NULL)
        {
          g_autofree char *escaped = g_markup_escape_text (error->message, -1);

          adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
        }
      return;
    }
  g_ptr_array_add (self->attachments, attachment);
  show_attachments (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
ma_attachment_list_attach_file (MaAttachmentList *self,
                                GFile            *file)
{
  g_autoptr(GTask) task = NULL;
  AttachJob *job;

  g_return_if_fail (MA_IS_ATTACHMENT_LIST (self));
  g_return_if_fail (G_IS_FILE (file));

  job = g_new0 (AttachJob, 1);
  job->file = g_object_ref (file);
  job->question = g_strdup (self->question);
  task = g_task_new (self, self->cancellable, attach_done_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) attach_job_free);
  g_task_run_in_thread (task, attach_thread);
}

static void
chooser_response_cb (MaAttachmentList     *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);

          ma_attachment_list_attach_file (self, file);
        }
    }
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);
}

void
ma_attachment_list_choose_files (MaAttachmentList *self)
{
  GtkRoot *root;
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) media = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  g_return_if_fail (MA_IS_ATTACHMENT_LIST (self));

  if (!self->editable)
    return;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  chooser = gtk_file_chooser_native_new (_("Attach Photos or Recordings"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Attach"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_filter_set_name (media, _("Photos and recordings"));
  gtk_file_filter_add_mime_type (media, "image/*");
  gtk_file_filter_add_mime_type (media, "audio/*");
  gtk_file_filter_add_mime_type (media, "video/*");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), media);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- the object -------------------------------------------------------------- */

GtkWidget *
ma_attachment_list_new (const char *question)
{
  MaAttachmentList *self = g_object_new (MA_TYPE_ATTACHMENT_LIST, NULL);

  self->question = g_strdup (question);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  question != NULL ? _("Attachments") : _("Attachments for the whole audit"),
                                  -1);
  return GTK_WIDGET (self);
}

static void
ma_attachment_list_dispose (GObject *object)
{
  MaAttachmentList *self = MA_ATTACHMENT_LIST (object);

  /* A file still being read must not land in a list that is gone. */
  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (ma_attachment_list_parent_class)->dispose (object);
}

static void
ma_attachment_list_finalize (GObject *object)
{
  MaAttachmentList *self = MA_ATTACHMENT_LIST (object);

  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_free (self->question);

  G_OBJECT_CLASS (ma_attachment_list_parent_class)->finalize (object);
}

static void
ma_attachment_list_class_init (MaAttachmentListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_attachment_list_dispose;
  object_class->finalize = ma_attachment_list_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ma_attachment_list_init (MaAttachmentList *self)
{
  self->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_attachment_free);
  self->cancellable = g_cancellable_new ();
  self->editable = TRUE;
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
