/*
 * The MMC commands a simulated drive answers through IMAPI2's handle
 * (IDiscRecorder2Ex::SendCommandGetDataFromDevice), for reading a disc back: READ TOC/PMA/ATIP
 * (43h) formats 0 (TOC), 2 (full TOC) and 5 (CD-TEXT), READ SUB-CHANNEL (42h) formats 2 (MCN) and
 * 3 (ISRC), READ CD (BEh) of CD-DA with or without the formatted Q sub-channel, and READ DISC
 * INFORMATION (51h). The disc is the one recorded.c keeps for the drive's slot; its audio reads
 * back shifted by the recorder's readOffsetSamples (zeros past the program area's edges), and
 * faults.unreadable / unreadableOnce make READ CD fail on those sectors. A command the drive
 * refuses gives S_IMAPI_COMMAND_HAS_SENSE_DATA and fixed-format sense data, as IMAPI2 does.
 *
 * Calls recorded.c, subcode.c and drive.c. Called by recorder2.c.
 */
#ifndef BURN_AUDIO_SIM_MMC_H
#define BURN_AUDIO_SIM_MMC_H

#include "../imapi2.h"
#include "drive.h"
#include "recorded.h"

#define SENSE_BYTES 18

/* A reader's view of one drive: the disc loaded from recorded.c, kept while it stays in the drive. */
typedef struct {
  recorded_disc disc;
  int state; /* 0: not loaded; 1: a disc with content; 2: a disc that holds nothing */
  int slot;
} mmc_drive;

/* Answers `cdb` for drive `d` (whose faults are `top` and `own`, the disc's; may be NULL): the
   data in `buffer` (at most `size` bytes), its length in *fetched. */
HRESULT mmc_command(mmc_drive *m, sim_drive *d, fault_set *top, fault_set *own, const BYTE *cdb, ULONG cdb_size, BYTE sense[SENSE_BYTES],
                    BYTE *buffer, ULONG size, ULONG *fetched);
void mmc_close(mmc_drive *m);

#endif
