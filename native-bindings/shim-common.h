/*
 * What the two shims share (shim.c over IMAPI v1, shim2.c over IMAPI2; one library): the COM
 * thread each owns, the one event callback each was given, the last-error text each keeps, and
 * the JSON they write into callers' buffers.
 */
#ifndef BURN_AUDIO_SHIM_COMMON_H
#define BURN_AUDIO_SHIM_COMMON_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "burn_audio_imapi.h"
#include "imapi.h"

/* ------------------------------------------------------------------ the COM thread */

typedef HRESULT (*shim_job_fn)(void *arg);

/* A thread that initialises COM (multithreaded apartment: it waits on a condition variable and
   never pumps messages) and runs one job at a time for the thread that hands it over. */
typedef struct {
  pthread_t thread;
  pthread_mutex_t lock;
  pthread_cond_t wake, finished;
  shim_job_fn fn;
  void *arg;
  HRESULT result;
  int pending, quit, running;
} shim_thread;
#define SHIM_THREAD_INIT {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER, .finished = PTHREAD_COND_INITIALIZER}

int shim_thread_start(shim_thread *t); /* 0 when the thread cannot be created */
HRESULT shim_thread_run(shim_thread *t, shim_job_fn fn, void *arg);
void shim_thread_stop(shim_thread *t);

/* ------------------------------------------------------------------ events and errors */

typedef void(BA_CALL *shim_event_fn)(int32_t kind, int32_t a, int32_t b);

/* The callback and the lock that keeps its calls from overlapping, whichever thread makes them. */
typedef struct {
  pthread_mutex_t lock;
  shim_event_fn fn;
} shim_events;
#define SHIM_EVENTS_INIT {.lock = PTHREAD_MUTEX_INITIALIZER}

void shim_events_set(shim_events *e, shim_event_fn fn);
void shim_emit(shim_events *e, int32_t kind, int32_t a, int32_t b);
void shim_emit_last(shim_events *e, int32_t kind); /* (kind, 0, 0), then the callback is retired */

typedef struct {
  pthread_mutex_t lock;
  char text[512];
} shim_error;
#define SHIM_ERROR_INIT {.lock = PTHREAD_MUTEX_INITIALIZER}

/* Keeps the description of a failure; returns hr. */
HRESULT shim_fail(shim_error *e, HRESULT hr, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
int32_t shim_error_copy(shim_error *e, char *buffer, int32_t capacity);

/* Keeps Windows from sleeping while a burn or an erase runs ("Preventing Logoff or Suspend
   During a Burn"); the state belongs to the calling thread. */
void shim_keep_awake(int on);

/* ------------------------------------------------------------------ a shim's session */

/* What one shim holds between its open and its close: its COM thread, the lock that lets one
   export at a time reach it, the callback and the last error. `open` and `close` are the jobs
   that start and end the session on the COM thread; `closed` the event kind sent last. */
typedef struct {
  shim_thread worker;
  pthread_mutex_t call_lock;
  atomic_int is_open;
  shim_events events;
  shim_error error;
  shim_job_fn open, close;
  int32_t closed;
  const char *name; /* "IMAPI", "IMAPI2": for messages */
} shim_session;
#define SHIM_SESSION_INIT(open_job, close_job, closed_kind, shim_name)                                                 \
  {.worker = SHIM_THREAD_INIT, .call_lock = PTHREAD_MUTEX_INITIALIZER, .events = SHIM_EVENTS_INIT, .error = SHIM_ERROR_INIT, \
   .open = open_job, .close = close_job, .closed = closed_kind, .name = shim_name}

/* Starts the COM thread and runs `open` on it; when either fails, runs `close`, stops the thread
   and sends the last event. `already_open` is what a second open returns. */
HRESULT shim_session_open(shim_session *s, shim_event_fn callback, HRESULT already_open);
/* One job on the COM thread, or BA_E_NOTOPEN. */
HRESULT shim_session_run(shim_session *s, shim_job_fn fn, void *arg);
/* Runs `close`, stops the thread, sends the last event. Nothing when not open. */
void shim_session_close(shim_session *s);

/* A caller's bytes handed to a job (they stay valid until the export returns). */
typedef struct {
  const uint8_t *data;
  int32_t bytes;
} shim_bytes;

/* ------------------------------------------------------------------ JSON out */

/* A JSON text built into the caller's buffer; `overflow` once something did not fit. */
typedef struct {
  char *out;
  size_t capacity, len;
  int overflow;
} json_out;

void json_bytes(json_out *j, const char *bytes, size_t n);
void json_printf(json_out *j, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void json_wide(json_out *j, const WCHAR *text); /* a UTF-16 string as a JSON string; NULL as null */
void json_field_wide(json_out *j, const char *name, const WCHAR *value);
void json_comma(json_out *j); /* "," unless the text so far ends a "[" or "{" */

#endif
