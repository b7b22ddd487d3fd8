/*
 * What the IMAPI2 simulator's objects share in one process: the configuration, each recorder's
 * drive (drive.c: its discs, its lock and state file, the same as the IMAPI v1 simulator's), who
 * holds each recorder's exclusive access, the call log and the injected faults. Created with
 * the first IMAPI2 object and freed with the last, so each run reads the configuration afresh.
 *
 * Calls config.c, drive.c and faults.c. Called by every IMAPI2 object file (recorder2.c,
 * format2.c, events2.c, writing2.c, creator2.c, master2.c).
 */
#ifndef BURN_AUDIO_SIM_WORLD2_H
#define BURN_AUDIO_SIM_WORLD2_H

#include <stddef.h>

#include "../imapi2.h"
#include "config.h"
#include "drive.h"

#define CLIENT_NAME_CHARS 64 /* CDROM_EXCLUSIVE_LOCK's CallerName, NUL included */

typedef struct {
  ULONG refs;
  sim_config config;
  sim_drive drives[MAX_RECORDERS];
  char owner[MAX_RECORDERS][CLIENT_NAME_CHARS]; /* the client holding each recorder, in this process */
} sim2_world;

/* The process's world, created from BURN_AUDIO_IMAPI_SIM if need be: REGDB_E_CLASSNOTREG when it
   is not set or names a Windows without IMAPI2; E_INVALIDARG with `error` when it cannot be read. */
HRESULT sim2_world_acquire(sim2_world **out, char *error, size_t error_size);
void sim2_world_retain(sim2_world *w); /* one more object holds it */
void sim2_world_release(sim2_world *w);

/* callLog: the method's line, its name first; then removedBefore, for recorder `recorder`
   (-1: the call concerns no recorder in particular, the first one stands for it). */
void sim2_log(sim2_world *w, int recorder, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* faults.fail for this call of `method`: the top-level faults, then those of the recorder's disc. */
HRESULT sim2_injected(sim2_world *w, int recorder, const char *method);
fault_set *sim2_disc_faults(sim2_world *w, int recorder);
/* The recorders still plugged in: the n-th of them (-1 if none). */
int sim2_present(sim2_world *w, int n);
int sim2_present_count(sim2_world *w);

/* IOCTL_CDROM_EXCLUSIVE_ACCESS's rule for a client name: A-Z a-z 0-9 space . , : ; - _, at most
   63 characters, not empty. */
int sim2_client_name_valid(const char *name);
/* AcquireExclusiveAccess (counted): E_IMAPI_RECORDER_LOCKED when another program holds the
   recorder (faults.lockedBy, or another process), E_IMAPI_RECORDER_MEDIA_BUSY on deviceBusy. */
HRESULT sim2_lock(sim2_world *w, int recorder, const char *client);
void sim2_unlock(sim2_world *w, int recorder);
/* Whether a client holding `own` of the recorder's locks is shut out by another holder of its
   exclusive access: faults.lockedBy, another object of this process, or another process, as
   cdrom.sys refuses every other handle's commands while the lock is held. */
int sim2_locked_out(sim2_world *w, int recorder, int own);
/* ExclusiveAccessOwner: "" when nobody holds the recorder. */
const char *sim2_owner(sim2_world *w, int recorder);

#endif
