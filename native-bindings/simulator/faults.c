/* Faults injected by the configuration ("faults"), and how IMAPI v1 over IMAPI2 reports failures. */
#include <string.h>

#include "internal.h"

/* The recorder in use (or the first) is unplugged: NotifyPnPActivity, then it is gone. */
void sim_unplug(sim_master *m) {
  sim_recorder *r = m->active ? m->active : m->recorder_count ? &m->recorders[0] : NULL;
  if (!r || r->removed) return;
  r->removed = 1;
  sim_notify_pnp(m);
}

static int counts(fault *f, const char *method) {
  if (!f->method[0] || strcmp(f->method, method) != 0) return 0;
  f->calls++;
  return f->call == 0 || f->call == f->calls;
}

/* Called as each method starts, before it does anything. */
void sim_between_calls(sim_master *m, const char *method) {
  if (counts(&m->removed_before, method)) sim_unplug(m);
}

HRESULT sim_injected(sim_master *m, const char *method) {
  for (int i = 0; i < m->fault_count; i++)
    if (counts(&m->faults[i], method)) return m->faults[i].hr;
  return S_OK;
}

/*
 * IMAPI v1 over IMAPI2 hands RecordDisc's work to IMAPI2 track-at-once and translates what comes
 * back: cancel, no medium, unusable medium, write-protected medium and a busy recorder keep their
 * IMAPI v1 meaning; everything else, loss of streaming included, becomes IMAPI_E_GENERIC
 * (as a decompilation of the v1 DLL shows). XP's IMAPI reports its own codes.
 */
HRESULT sim_translated(const sim_master *m, HRESULT hr) {
  if (!m->modern || SUCCEEDED(hr)) return hr;
  switch (hr) {
  case IMAPI_E_USERABORT:
  case IMAPI_E_MEDIUM_NOTPRESENT:
  case IMAPI_E_MEDIUM_INVALIDTYPE:
  case IMAPI_E_CANNOT_WRITE_TO_MEDIA:
  case IMAPI_E_DEVICE_STILL_IN_USE:
    return hr;
  default:
    return IMAPI_E_GENERIC;
  }
}
