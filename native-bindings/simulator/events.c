/*
 * Progress events (IDiscMasterProgressEvents). XP's IMAPI calls the sink on the caller's thread,
 * inside the method that causes the event. IMAPI v1 over IMAPI2 calls it from another thread
 * (IMAPI2's event thread; an RPC thread out of process): the simulator hands each call to a
 * thread of its own and waits until it has been delivered, so the order stays the order of
 * the burn.
 */
#ifdef _WIN32
#include <windows.h>
#else
#include <pthread.h>
#endif

#include "events.h"

typedef enum { EV_QUERY_CANCEL, EV_PNP, EV_ADD, EV_BLOCK, EV_TRACK, EV_PREPARING, EV_CLOSING, EV_BURN_COMPLETE, EV_ERASE_COMPLETE } event_kind;

typedef struct {
  IDiscMasterProgressEvents *sink;
  event_kind kind;
  LONG a, b;
  boolean cancel;
} sim_event;

static void deliver(sim_event *e) {
  IDiscMasterProgressEvents *s = e->sink;
  switch (e->kind) {
  case EV_QUERY_CANCEL: s->lpVtbl->QueryCancel(s, &e->cancel); break;
  case EV_PNP: s->lpVtbl->NotifyPnPActivity(s); break;
  case EV_ADD: s->lpVtbl->NotifyAddProgress(s, e->a, e->b); break;
  case EV_BLOCK: s->lpVtbl->NotifyBlockProgress(s, e->a, e->b); break;
  case EV_TRACK: s->lpVtbl->NotifyTrackProgress(s, e->a, e->b); break;
  case EV_PREPARING: s->lpVtbl->NotifyPreparingBurn(s, e->a); break;
  case EV_CLOSING: s->lpVtbl->NotifyClosingDisc(s, e->a); break;
  case EV_BURN_COMPLETE: s->lpVtbl->NotifyBurnComplete(s, (HRESULT)e->a); break;
  case EV_ERASE_COMPLETE: s->lpVtbl->NotifyEraseComplete(s, (HRESULT)e->a); break;
  }
}

#ifdef _WIN32
static DWORD WINAPI event_thread(LPVOID arg) {
  HRESULT init = CoInitializeEx(NULL, COINIT_MULTITHREADED); /* a sink proxy needs COM on this thread */
  deliver(arg);
  if (SUCCEEDED(init)) CoUninitialize();
  return 0;
}
static int deliver_elsewhere(sim_event *e) {
  HANDLE thread = CreateThread(NULL, 0, event_thread, e, 0, NULL);
  if (!thread) return 0;
  WaitForSingleObject(thread, INFINITE);
  CloseHandle(thread);
  return 1;
}
#else
static void *event_thread(void *arg) {
  deliver(arg);
  return NULL;
}
static int deliver_elsewhere(sim_event *e) {
  pthread_t thread;
  if (pthread_create(&thread, NULL, event_thread, e) != 0) return 0;
  pthread_join(thread, NULL);
  return 1;
}
#endif

static boolean send_event(sim_master *m, event_kind kind, LONG a, LONG b) {
  sim_event e = {m->sink, kind, a, b, 0};
  if (!e.sink) return 0;
  if (!m->config.modern || !deliver_elsewhere(&e)) deliver(&e);
  return e.cancel;
}

int sim_cancelled(sim_master *m) { return send_event(m, EV_QUERY_CANCEL, 0, 0) != 0; }
void sim_notify_pnp(sim_master *m) { send_event(m, EV_PNP, 0, 0); }
void sim_notify_add(sim_master *m, LONG done, LONG total) { send_event(m, EV_ADD, done, total); }
void sim_notify_blocks(sim_master *m, LONG done, LONG total) { send_event(m, EV_BLOCK, done, total); }
void sim_notify_track(sim_master *m, LONG track, LONG tracks) { send_event(m, EV_TRACK, track, tracks); }
void sim_notify_preparing(sim_master *m, LONG seconds) { send_event(m, EV_PREPARING, seconds, 0); }
void sim_notify_closing(sim_master *m, LONG seconds) { send_event(m, EV_CLOSING, seconds, 0); }
void sim_notify_burn_complete(sim_master *m, HRESULT status) { send_event(m, EV_BURN_COMPLETE, (LONG)status, 0); }
void sim_notify_erase_complete(sim_master *m, HRESULT status) { send_event(m, EV_ERASE_COMPLETE, (LONG)status, 0); }
