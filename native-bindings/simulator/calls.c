/* The call log, and the faults injected into calls to the disc master and its recorders. */
#include <stdarg.h>
#include <stdio.h>

#include "calls.h"
#include "events.h"
#include "faults.h"

/* The recorder a call concerns when it is not the recorder's own: the one in use, else the first. */
static sim_recorder *concerned(sim_master *m) { return m->active ? m->active : m->config.recorder_count ? &m->recorders[0] : NULL; }

static fault_set *disc_faults(sim_recorder *r) { return r ? sim_disc_faults(&r->drive) : NULL; }

void sim_unplug(sim_master *m) {
  sim_recorder *r = concerned(m);
  if (!r || r->drive.removed) return;
  r->drive.removed = 1;
  sim_notify_pnp(m);
}

/* callLog: one line per method called, its name first, written at once; then the faults that
   strike between calls. */
void sim_log_call(sim_master *m, const char *format, ...) {
  char method[64];
  SIM_CONFIG_LOG(&m->config, method, format);
  fault_set *disc = disc_faults(concerned(m));
  if (sim_faults_unplugging(&m->config.faults, method) || sim_faults_unplugging(disc, method)) sim_unplug(m);
}

/* The top-level faults first, then those of the disc in recorder `r`. */
HRESULT sim_injected_on(sim_master *m, sim_recorder *r, const char *method) {
  HRESULT hr = sim_faults_failing(&m->config.faults, method);
  return FAILED(hr) ? hr : sim_faults_failing(disc_faults(r), method);
}

HRESULT sim_injected(sim_master *m, const char *method) { return sim_injected_on(m, m->active, method); }

int sim_busy(sim_recorder *r) { return sim_faults_busy(&r->master->config.faults, disc_faults(r)); }

long long sim_fault_block(sim_recorder *r, int removal) {
  return sim_faults_block(&r->master->config.faults, disc_faults(r), removal);
}
