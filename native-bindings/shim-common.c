/* What the IMAPI v1 and IMAPI2 shims share (shim-common.h). */
#include "shim-common.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ the COM thread */

static void *thread_main(void *arg) {
  shim_thread *t = arg;
#ifdef _WIN32
  /* MTA: this thread waits on a condition variable, never pumping messages, so it must not be a
     single-threaded apartment; the sinks are safe to call from any thread. */
  HRESULT init = CoInitializeEx(NULL, COINIT_MULTITHREADED);
#endif
  pthread_mutex_lock(&t->lock);
  for (;;) {
    while (!t->pending && !t->quit) pthread_cond_wait(&t->wake, &t->lock);
    if (!t->pending) break; /* quit, nothing pending */
    shim_job_fn fn = t->fn;
    void *job = t->arg;
    pthread_mutex_unlock(&t->lock);
    HRESULT result = fn(job);
    pthread_mutex_lock(&t->lock);
    t->result = result;
    t->pending = 0;
    pthread_cond_broadcast(&t->finished);
  }
  pthread_mutex_unlock(&t->lock);
#ifdef _WIN32
  if (SUCCEEDED(init)) CoUninitialize();
#endif
  return NULL;
}

int shim_thread_start(shim_thread *t) {
  t->quit = t->pending = 0;
  t->running = pthread_create(&t->thread, NULL, thread_main, t) == 0;
  return t->running;
}

HRESULT shim_thread_run(shim_thread *t, shim_job_fn fn, void *arg) {
  pthread_mutex_lock(&t->lock);
  t->fn = fn;
  t->arg = arg;
  t->pending = 1;
  pthread_cond_signal(&t->wake);
  while (t->pending) pthread_cond_wait(&t->finished, &t->lock);
  HRESULT result = t->result;
  pthread_mutex_unlock(&t->lock);
  return result;
}

void shim_thread_stop(shim_thread *t) {
  pthread_mutex_lock(&t->lock);
  t->quit = 1;
  pthread_cond_signal(&t->wake);
  pthread_mutex_unlock(&t->lock);
  pthread_join(t->thread, NULL);
  t->running = 0;
}

/* ------------------------------------------------------------------ events and errors */

void shim_events_set(shim_events *e, shim_event_fn fn) {
  pthread_mutex_lock(&e->lock);
  e->fn = fn;
  pthread_mutex_unlock(&e->lock);
}

void shim_emit(shim_events *e, int32_t kind, int32_t a, int32_t b) {
  pthread_mutex_lock(&e->lock);
  if (e->fn) e->fn(kind, a, b);
  pthread_mutex_unlock(&e->lock);
}

void shim_emit_last(shim_events *e, int32_t kind) {
  pthread_mutex_lock(&e->lock);
  if (e->fn) e->fn(kind, 0, 0);
  e->fn = NULL;
  pthread_mutex_unlock(&e->lock);
}

HRESULT shim_fail(shim_error *e, HRESULT hr, const char *format, ...) {
  pthread_mutex_lock(&e->lock);
  va_list args;
  va_start(args, format);
  vsnprintf(e->text, sizeof e->text, format, args);
  va_end(args);
  pthread_mutex_unlock(&e->lock);
  return hr;
}

int32_t shim_error_copy(shim_error *e, char *buffer, int32_t capacity) {
  if (!buffer || capacity <= 0) return 0;
  pthread_mutex_lock(&e->lock);
  snprintf(buffer, (size_t)capacity, "%s", e->text);
  pthread_mutex_unlock(&e->lock);
  return (int32_t)strlen(buffer);
}

void shim_keep_awake(int on) {
#ifdef _WIN32
  SetThreadExecutionState(on ? ES_CONTINUOUS | ES_SYSTEM_REQUIRED : ES_CONTINUOUS);
#else
  (void)on;
#endif
}

/* ------------------------------------------------------------------ a shim's session */

HRESULT shim_session_open(shim_session *s, shim_event_fn callback, HRESULT already_open) {
  pthread_mutex_lock(&s->call_lock);
  if (atomic_load(&s->is_open)) {
    pthread_mutex_unlock(&s->call_lock);
    return shim_fail(&s->error, already_open, "the %s shim is already open", s->name);
  }
  shim_events_set(&s->events, callback);
  HRESULT hr = shim_thread_start(&s->worker) ? shim_thread_run(&s->worker, s->open, NULL)
                                             : shim_fail(&s->error, BA_E_THREAD, "cannot start the %s thread", s->name);
  if (FAILED(hr) && s->worker.running) {
    shim_thread_run(&s->worker, s->close, NULL);
    shim_thread_stop(&s->worker);
  }
  if (FAILED(hr)) shim_emit_last(&s->events, s->closed);
  else atomic_store(&s->is_open, 1);
  pthread_mutex_unlock(&s->call_lock);
  return hr;
}

HRESULT shim_session_run(shim_session *s, shim_job_fn fn, void *arg) {
  pthread_mutex_lock(&s->call_lock);
  HRESULT result = atomic_load(&s->is_open) ? shim_thread_run(&s->worker, fn, arg) : shim_fail(&s->error, BA_E_NOTOPEN, "the %s shim is not open", s->name);
  pthread_mutex_unlock(&s->call_lock);
  return result;
}

void shim_session_close(shim_session *s) {
  pthread_mutex_lock(&s->call_lock);
  if (atomic_load(&s->is_open)) {
    shim_thread_run(&s->worker, s->close, NULL);
    shim_thread_stop(&s->worker);
    atomic_store(&s->is_open, 0);
    shim_emit_last(&s->events, s->closed);
  }
  pthread_mutex_unlock(&s->call_lock);
}

/* ------------------------------------------------------------------ JSON out */

void json_bytes(json_out *j, const char *bytes, size_t n) {
  if (j->overflow || j->len + n + 1 > j->capacity) {
    j->overflow = 1;
    return;
  }
  memcpy(j->out + j->len, bytes, n);
  j->len += n;
  j->out[j->len] = 0;
}

void json_printf(json_out *j, const char *format, ...) {
  char text[160];
  va_list args;
  va_start(args, format);
  int n = vsnprintf(text, sizeof text, format, args);
  va_end(args);
  if (n < 0 || (size_t)n >= sizeof text) j->overflow = 1;
  else json_bytes(j, text, (size_t)n);
}

void json_wide(json_out *j, const WCHAR *text) {
  if (!text) {
    json_bytes(j, "null", 4);
    return;
  }
  json_bytes(j, "\"", 1);
  for (; *text; text++) {
    unsigned c = *text;
    char bytes[8];
    int n = 0;
    if (c >= 0xD800 && c <= 0xDBFF && text[1] >= 0xDC00 && text[1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (text[1] - 0xDC00);
      text++;
    }
    if (c == '"' || c == '\\') bytes[n++] = '\\', bytes[n++] = (char)c;
    else if (c < 0x20) bytes[n++] = ' ';
    else if (c < 0x80) bytes[n++] = (char)c;
    else if (c < 0x800) bytes[n++] = (char)(0xC0 | c >> 6), bytes[n++] = (char)(0x80 | (c & 0x3F));
    else if (c < 0x10000) bytes[n++] = (char)(0xE0 | c >> 12), bytes[n++] = (char)(0x80 | ((c >> 6) & 0x3F)), bytes[n++] = (char)(0x80 | (c & 0x3F));
    else bytes[n++] = (char)(0xF0 | c >> 18), bytes[n++] = (char)(0x80 | ((c >> 12) & 0x3F)), bytes[n++] = (char)(0x80 | ((c >> 6) & 0x3F)), bytes[n++] = (char)(0x80 | (c & 0x3F));
    json_bytes(j, bytes, (size_t)n);
  }
  json_bytes(j, "\"", 1);
}

void json_field_wide(json_out *j, const char *name, const WCHAR *value) {
  json_printf(j, "\"%s\":", name);
  json_wide(j, value);
  json_bytes(j, ",", 1);
}

void json_comma(json_out *j) {
  if (j->len > 0 && j->out[j->len - 1] != '[' && j->out[j->len - 1] != '{') json_bytes(j, ",", 1);
}
