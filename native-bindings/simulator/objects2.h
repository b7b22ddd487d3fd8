/*
 * The IMAPI2 simulator's objects as its layers see them. Behaviour follows Microsoft's IMAPI2
 * pages, the SDK's imapi2error.h and the reference imapi2-dao-and-readback.md (README, "IMAPI2
 * disc-at-once"). The files call downwards only (scripts/c-call-graph.js); lowest first:
 *   json.c, config.c, faults.c, drive.c, output.c, com.c   shared with the IMAPI v1 simulator
 *   subcode.c          Q frames, MCN and ISRC, the 96 subcode bytes of a raw sector
 *   layout2.c          the raw image's layout and each sector's subchannel
 *   recorded.c         the disc as recorded, kept beside the configuration for reading back
 *   mmc.c              the MMC commands that read it back (READ TOC, READ SUB-CHANNEL, READ CD)
 *   image-stream.c     CreateResultImage's IStream
 *   world2.c           the objects' shared state: configuration, drives, exclusive access, faults
 *   events2.c          the format's connection point, DDiscFormat2RawCDEvents, the event arguments
 *   writing2.c         WriteMedia: the burn and the files it writes
 *   recorder2.c        MsftDiscRecorder2 (IDiscRecorder2, IDiscRecorder2Ex and its pass-through)
 *   creator2.c         MsftRawCDImageCreator, IRawCDImageTrackInfo
 *   format2.c          MsftDiscFormat2RawCD
 *   master2.c          MsftDiscMaster2, and the classes ba_sim2_create_instance makes
 * Types only, for format2.c, events2.c and writing2.c.
 */
#ifndef BURN_AUDIO_SIM_OBJECTS2_H
#define BURN_AUDIO_SIM_OBJECTS2_H

#include "../com-object.h"
#include "world2.h"

typedef struct {
  com_object head; /* the IDiscFormat2RawCD */
  IConnectionPointContainer container;
  IConnectionPoint point;
  sim2_world *world;
  IDiscRecorder2 *recorder_object; /* put_Recorder's, kept for get_Recorder */
  int recorder;                    /* its index; -1: none */
  char client[CLIENT_NAME_CHARS];  /* put_ClientName's; "" until then */
  LONG requested_speed, current_speed; /* sectors per second; -1: fastest */
  VARIANT_BOOL pure_cav, underrun_free_disabled;
  IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE sector_type;
  int prepared;
  int writing, cancel; /* read and written atomically: CancelWrite comes from any thread */
  DDiscFormat2RawCDEvents *sink; /* the one advised sink */
} sim2_format;

#define FORMAT_FROM(p, member) ((sim2_format *)((char *)(p) - offsetof(sim2_format, member)))
#define FORMAT_IFACE(f) ((IDiscFormat2RawCD *)(void *)(f)) /* the object begins with its interface */

#endif
