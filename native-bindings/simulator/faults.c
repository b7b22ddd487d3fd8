/* Faults injected by the configuration ("faults", and a disc's own), counted call by call. */
#include <string.h>

#include "faults.h"

static int counts(fault *f, const char *method) {
  if (!f->method[0] || strcmp(f->method, method) != 0) return 0;
  f->calls++;
  return f->call == 0 || f->call == f->calls;
}

int sim_faults_unplugging(fault_set *set, const char *method) { return set && counts(&set->removed_before, method); }

HRESULT sim_faults_failing(fault_set *set, const char *method) {
  for (int i = 0; set && i < set->fail_count; i++)
    if (counts(&set->fail[i], method)) return set->fail[i].hr;
  return S_OK;
}

int sim_faults_busy(const fault_set *top, const fault_set *disc) { return top->busy || (disc && disc->busy); }

long long sim_faults_block(const fault_set *top, const fault_set *disc, int removal) {
  long long first = removal ? top->removed_at : top->lose_streaming_at;
  long long own = !disc ? -1 : removal ? disc->removed_at : disc->lose_streaming_at;
  return first < 0 ? own : own < 0 || first < own ? first : own;
}
