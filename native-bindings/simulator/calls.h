/*
 * Every IMAPI v1 method starts here: its line in the call log ("callLog"), then the faults that
 * strike between calls; and the faults the configuration injects into the method itself, asked
 * of faults.c for the disc master's recorder or the recorder called. An unplugged recorder is
 * gone after NotifyPnPActivity.
 *
 * Calls faults.c, drive.c and events.c. Called by staging.c, recording.c and the COM objects
 * (recorder.c, master.c).
 */
#ifndef BURN_AUDIO_SIM_CALLS_H
#define BURN_AUDIO_SIM_CALLS_H

#include "objects.h"

void sim_log_call(sim_master *m, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* faults.fail for a call to the disc master (its active recorder's disc) or to recorder `r` (may be NULL). */
HRESULT sim_injected(sim_master *m, const char *method);
HRESULT sim_injected_on(sim_master *m, sim_recorder *r, const char *method);
int sim_busy(sim_recorder *r);
long long sim_fault_block(sim_recorder *r, int removal); /* lossOfStreamingAtBlock, or removedAtBlock */
void sim_unplug(sim_master *m); /* the recorder concerned: NotifyPnPActivity, then it is gone */

#define INJECT(m, name)                          \
  do {                                           \
    HRESULT injected_hr = sim_injected(m, name); \
    if (FAILED(injected_hr)) return injected_hr; \
  } while (0)
/* INJECT for a recorder's own methods: an unplugged recorder answers IMAPI_E_DEVICE_NOTPRESENT. */
#define INJECT_RECORDER(r, name)                                         \
  do {                                                                   \
    HRESULT injected_hr = sim_injected_on((r)->master, (r), name);       \
    if (FAILED(injected_hr)) return injected_hr;                         \
    if ((r)->drive.removed) return IMAPI_E_DEVICE_NOTPRESENT;            \
  } while (0)

#endif
