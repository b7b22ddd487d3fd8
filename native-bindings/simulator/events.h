/*
 * Progress events: every call to the client's IDiscMasterProgressEvents sink goes through these,
 * in the order the burn makes them (modern: delivered from another thread).
 *
 * Calls nothing but the sink; reads objects.h's types. Called by calls.c, staging.c,
 * recording.c and recorder.c.
 */
#ifndef BURN_AUDIO_SIM_EVENTS_H
#define BURN_AUDIO_SIM_EVENTS_H

#include "objects.h"

int sim_cancelled(sim_master *m); /* QueryCancel */
void sim_notify_pnp(sim_master *m);
void sim_notify_add(sim_master *m, LONG done, LONG total);
void sim_notify_blocks(sim_master *m, LONG done, LONG total);
void sim_notify_track(sim_master *m, LONG track, LONG tracks);
void sim_notify_preparing(sim_master *m, LONG seconds);
void sim_notify_closing(sim_master *m, LONG seconds);
void sim_notify_burn_complete(sim_master *m, HRESULT status);
void sim_notify_erase_complete(sim_master *m, HRESULT status);

#endif
