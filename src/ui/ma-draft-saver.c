/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ma-draft-saver.h"
#include "ma-sqlite-store.h"

struct _MaDraftSaver
{
  GObject       parent_instance;

  MaStore      *store;        /* the caller's, used when not threaded */
  char         *path;         /* NULL: not an sqlite store, no thread */
  GThreadPool  *pool;         /* one thread: the queue keeps the order */
  MaStore      *writer_store; /* only ever touched by the pool's thread */

  GMutex        lock;
  GCond         idle;
  guint         pending;
};

G_DEFINE_FINAL_TYPE (MaDraftSaver, ma_draft_saver, G_TYPE_OBJECT)

typedef enum {
  JOB_SAVE,
  JOB_STATUS,
} JobKind;

typedef struct {
  JobKind        kind;
  MaAudit       *audit;
  char          *uuid;
  MaAuditStatus  status;
  char          *who;
  char          *why;
  double         elapsed_ms;
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->audit, ma_audit_free);
  g_free (job->uuid);
  g_free (job->who);
  g_free (job->why);
  g_free (job);
}

static gboolean
run_job (MaStore  *store,
         Job      *job,
         GError  **error)
{
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  if (job->kind == JOB_SAVE)
    ok = ma_store_save_audit (store, job->audit, job->who, job->why, NULL, error);
  else
    ok = ma_store_set_audit_status (store, job->uuid, job->status, job->who, job->why, error);
  job->elapsed_ms = (g_get_monotonic_time () - start) / 1000.0;
  return ok;
}

static void
finish_one (MaDraftSaver *self)
{
  g_mutex_lock (&self->lock);
  self->pending--;
  if (self->pending == 0)
    g_cond_broadcast (&self->idle);
  g_mutex_unlock (&self->lock);
}

/* On the pool's thread. */
static void
thread_func (gpointer data,
             gpointer user_data)
{
  g_autoptr(GTask) task = data;
  MaDraftSaver *self = user_data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;

  /* Opened here and kept: a connection is used by one thread only. A
   * failure to open is retried with the next write. */
  if (self->writer_store == NULL)
    self->writer_store = ma_sqlite_store_open (self->path, MA_SQLITE_STORE_FLAGS_NONE, &error);
  if (self->writer_store != NULL && run_job (self->writer_store, job, &error))
    g_task_return_boolean (task, TRUE);
  else
    {
      /* A connection that failed (a disk that went read-only, a file
       * replaced underneath) is opened afresh for the retry. */
      g_clear_object (&self->writer_store);
      g_task_return_error (task, error);
    }
  finish_one (self);
}

/* A writer thread for a store on a file that can be written. Also asked
 * before each write: a store opened read-only while its file was checked
 * becomes writable afterwards (ma_sqlite_store_reopen_for_writing()). */
static void
ensure_pool (MaDraftSaver *self)
{
  if (self->pool != NULL || !MA_IS_SQLITE_STORE (self->store)
      || ma_store_is_read_only (self->store))
    return;
  self->path = g_strdup (ma_sqlite_store_get_path (MA_SQLITE_STORE (self->store)));
  /* max_threads 1: one writer, in order. A non-exclusive pool of one
   * thread cannot fail to be created. */
  self->pool = g_thread_pool_new (thread_func, self, 1, FALSE, NULL);
}

static void
queue_job (MaDraftSaver        *self,
           Job                 *job,
           gpointer             source_tag,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  GTask *task = g_task_new (self, NULL, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

  ensure_pool (self);
  if (self->pool == NULL)
    {
      if (run_job (self->store, job, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  g_mutex_lock (&self->lock);
  self->pending++;
  g_mutex_unlock (&self->lock);
  /* Cannot fail: the pool is exclusive of nothing and never stopped while
   * the saver lives. */
  g_thread_pool_push (self->pool, task, NULL);
}

void
ma_draft_saver_save_async (MaDraftSaver        *self,
                           const MaAudit       *audit,
                           const char          *who,
                           const char          *why,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Job *job;

  g_return_if_fail (MA_IS_DRAFT_SAVER (self));
  g_return_if_fail (audit != NULL);

  job = g_new0 (Job, 1);
  job->kind = JOB_SAVE;
  job->audit = ma_audit_copy (audit);
  job->who = g_strdup (who);
  job->why = g_strdup (why);
  queue_job (self, job, ma_draft_saver_save_async, callback, user_data);
}

gboolean
ma_draft_saver_save_finish (MaDraftSaver  *self,
                            GAsyncResult  *result,
                            double        *elapsed_ms,
                            GError       **error)
{
  Job *job;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ma_draft_saver_save_async, FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (elapsed_ms != NULL)
    *elapsed_ms = job->elapsed_ms;
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ma_draft_saver_set_status_async (MaDraftSaver        *self,
                                 const char          *uuid,
                                 MaAuditStatus        status,
                                 const char          *who,
                                 const char          *reason,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Job *job;

  g_return_if_fail (MA_IS_DRAFT_SAVER (self));
  g_return_if_fail (uuid != NULL);

  job = g_new0 (Job, 1);
  job->kind = JOB_STATUS;
  job->uuid = g_strdup (uuid);
  job->status = status;
  job->who = g_strdup (who);
  job->why = g_strdup (reason);
  queue_job (self, job, ma_draft_saver_set_status_async, callback, user_data);
}

gboolean
ma_draft_saver_set_status_finish (MaDraftSaver  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ma_draft_saver_set_status_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ma_draft_saver_wait (MaDraftSaver *self)
{
  g_return_if_fail (MA_IS_DRAFT_SAVER (self));

  g_mutex_lock (&self->lock);
  while (self->pending > 0)
    g_cond_wait (&self->idle, &self->lock);
  g_mutex_unlock (&self->lock);
}

gboolean
ma_draft_saver_is_threaded (MaDraftSaver *self)
{
  g_return_val_if_fail (MA_IS_DRAFT_SAVER (self), FALSE);
  return self->pool != NULL;
}

static void
ma_draft_saver_finalize (GObject *object)
{
  MaDraftSaver *self = MA_DRAFT_SAVER (object);

  /* Every task holds a reference to the saver, so nothing is queued now;
   * waiting is for the thread to stop. */
  if (self->pool != NULL)
    g_thread_pool_free (self->pool, FALSE, TRUE);
  g_clear_object (&self->writer_store);
  g_clear_object (&self->store);
  g_free (self->path);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->idle);

  G_OBJECT_CLASS (ma_draft_saver_parent_class)->finalize (object);
}

static void
ma_draft_saver_class_init (MaDraftSaverClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ma_draft_saver_finalize;
}

static void
ma_draft_saver_init (MaDraftSaver *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->idle);
}

MaDraftSaver *
ma_draft_saver_new (MaStore *store)
{
  MaDraftSaver *self;

  g_return_val_if_fail (MA_IS_STORE (store), NULL);

  self = g_object_new (MA_TYPE_DRAFT_SAVER, NULL);
  self->store = g_object_ref (store);
  ensure_pool (self);
  return self;
}
