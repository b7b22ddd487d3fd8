/* Faults injected by the configuration ("faults", and a disc's own), and how IMAPI v1 over IMAPI2 reports failures. */
#include <string.h>

#include "internal.h"

/* The recorder a call concerns when it is not the recorder's own: the one in use, else the first. */
static sim_recorder *concerned(sim_master *m) { return m->active ? m->active : m->recorder_count ? &m->recorders[0] : NULL; }

/* The recorder concerned is unplugged: NotifyPnPActivity, then it is gone. */
void sim_unplug(sim_master *m) {
  sim_recorder *r = concerned(m);
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
  fault_set *disc = sim_disc_faults(concerned(m));
  if (counts(&m->faults.removed_before, method) || (disc && counts(&disc->removed_before, method))) sim_unplug(m);
}

static HRESULT failing(fault_set *set, const char *method) {
  for (int i = 0; set && i < set->fail_count; i++)
    if (counts(&set->fail[i], method)) return set->fail[i].hr;
  return S_OK;
}

/* faults.fail, the top-level ones first, then those of the disc in recorder `r` (may be NULL). */
HRESULT sim_injected_on(sim_master *m, sim_recorder *r, const char *method) {
  HRESULT hr = failing(&m->faults, method);
  return FAILED(hr) ? hr : failing(sim_disc_faults(r), method);
}

HRESULT sim_injected(sim_master *m, const char *method) { return sim_injected_on(m, m->active, method); }

int sim_busy(sim_recorder *r) {
  fault_set *disc = sim_disc_faults(r);
  return r->master->faults.busy || (disc && disc->busy);
}

/* The first block at which the burn loses streaming (removal: the recorder vanishes); -1: never. */
long long sim_fault_block(sim_recorder *r, int removal) {
  fault_set *disc = sim_disc_faults(r);
  long long top = removal ? r->master->faults.removed_at : r->master->faults.lose_streaming_at;
  long long own = !disc ? -1 : removal ? disc->removed_at : disc->lose_streaming_at;
  return top < 0 ? own : own < 0 || top < own ? top : own;
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
