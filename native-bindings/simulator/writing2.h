/*
 * WriteMedia and WriteMedia2: the checks IMAPI2 makes of the image stream (reference §6.1, from the
 * decompiled WriteMedia2), then the burn: from the disc's real lead-in start (its ATIP, the
 * recorder's "leadIn") to the end of the lead-out, with progress, cancel and the faults that
 * strike while writing; and the files a successful burn leaves for tests: discOut (the program
 * area), discSubOut (the Q frames from LBA -150) and discTextOut (the CD-TEXT packs the lead-in's
 * R-W carried).
 *
 * Calls world2.c, events2.c, image-stream.c (the sector size), subcode.c, faults.c, drive.c and
 * output.c.
 * Called by format2.c.
 */
#ifndef BURN_AUDIO_SIM_WRITING2_H
#define BURN_AUDIO_SIM_WRITING2_H

#include "objects2.h"

/* The image's first sector is at LBA -stream_lead_in (WriteMedia: 22650, MSF 95:00:00). */
HRESULT sim2_write(sim2_format *f, IStream *image, LONG stream_lead_in);

#endif
