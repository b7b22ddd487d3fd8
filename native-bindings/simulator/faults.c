/* Faults injected by the configuration ("faults"). */
#include <string.h>

#include "internal.h"

HRESULT sim_injected(sim_master *m, const char *method) {
  for (int i = 0; i < m->fault_count; i++) {
    fault *f = &m->faults[i];
    if (strcmp(f->method, method) != 0) continue;
    f->calls++;
    if (f->call == 0 || f->call == f->calls) return f->hr;
  }
  return S_OK;
}
