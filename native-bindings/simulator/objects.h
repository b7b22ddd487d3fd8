/*
 * The IMAPI v1 simulator's objects as each of its layers sees them: the disc master (one object
 * for IDiscMaster and IRedbookDiscMaster) and its recorders (IDiscRecorder). Behaviour follows
 * the IMAPI v1 reference (learn.microsoft.com, windows/win32/api/imapi): call order, staging
 * rules, the stash, the progress-event order and the documented HRESULTs; with "windows":
 * "modern", IMAPI v1 as Windows Vista and later run it over IMAPI2 (README, "Testing without a
 * drive").
 *
 * The files call downwards only (scripts/c-call-graph.js prints the graph and fails on a
 * circle). Lowest first; the first six know nothing of IMAPI v1's objects, so that another
 * simulator can share them:
 *   json.c, config.c   the configuration file
 *   faults.c           the injected faults, counted call by call
 *   drive.c            each recorder's drive: its discs, its media, its state file
 *   output.c           the disc and layout files a burn writes
 *   com.c              QueryInterface's rule, BSTRs
 *   events.c           the progress sink
 *   calls.c            the call log; the faults as IMAPI v1's methods meet them
 *   staging.c          the stash
 *   subcode.c, layout2.c, recorded.c   Q frames, and the disc kept for reading back (objects2.h)
 *   recording.c        RecordDisc's burn
 *   properties.c, recorder.c, master.c   the COM objects, master.c on top (on Windows
 *                      local-server.c serves it out of process)
 * Types only, for events.c and the IMAPI v1 files above it.
 */
#ifndef BURN_AUDIO_SIM_OBJECTS_H
#define BURN_AUDIO_SIM_OBJECTS_H

#include <stdio.h>

#include "config.h"
#include "drive.h"
#include "simulator.h"

#define MAX_TRACKS 99
#define MAX_GAP_BLOCKS 225 /* AudioGapSize: "maximum valid value ... is 225" */
#define DEFAULT_GAP_BLOCKS 150

typedef struct sim_master sim_master;

typedef struct {
  IDiscRecorder iface;
  sim_master *master;
  sim_drive drive;
  int open;
  int burning;
  LONG write_speed, gap_blocks;
  LONG buffer_underrun_free; /* EnableBufferUnderrunFree */
} sim_recorder;

typedef struct {
  long long first_block; /* offset in the stash, in blocks */
  LONG blocks;
} staged_track;

struct sim_master {
  IDiscMaster iface;
  IRedbookDiscMaster redbook;
  ULONG refs;
  sim_config config;
  int opened;
  int redbook_active;
  sim_recorder *active;
  IDiscMasterProgressEvents *sink;
  FILE *stash;
  staged_track tracks[MAX_TRACKS];
  int track_count;
  int track_open;
  long long staged_blocks;
  sim_recorder recorders[MAX_RECORDERS]; /* config.recorder_count of them */
  char lock_path[1040];
#ifdef _WIN32
  HANDLE lock;
#else
  int lock;
#endif
};

#define MASTER(p) ((sim_master *)(p))
#define MASTER_FROM_REDBOOK(p) ((sim_master *)((char *)(p) - offsetof(sim_master, redbook)))
#define RECORDER(p) ((sim_recorder *)(p))

#endif
