/*
 * The simulator's configuration: the JSON file BURN_AUDIO_IMAPI_SIM names (README, "Testing
 * without a drive") read into plain data: the recorders and the discs they insert, the faults
 * to inject, the files a burn writes, the time scale. Nothing here is particular to IMAPI v1's
 * objects, so another simulator can read the same file.
 *
 * Calls json.c only. Called by master.c, which makes a disc master from it, by world2.c, which
 * makes the IMAPI2 objects' shared state from it (and, for sim_windows_modern in simulator.h,
 * by the shim); faults.c, drive.c and every layer above read its types.
 */
#ifndef BURN_AUDIO_SIM_CONFIG_H
#define BURN_AUDIO_SIM_CONFIG_H

#include <stdarg.h>
#include <stdio.h>

#include "../imapi.h"

#define MAX_RECORDERS 8
#define MAX_FAULTS 16
#define MAX_DISCS 64
#define MAX_PAUSES 4

typedef enum { MEDIA_NONE, MEDIA_BLANK_CDR, MEDIA_USED_CDR, MEDIA_BLANK_CDRW, MEDIA_USED_CDRW } media_state;

typedef struct {
  char method[64];
  HRESULT hr;
  int call;  /* 0: every call; n: only the n-th */
  int calls; /* counted as the simulator runs (faults.c) */
} fault;

/* The faults of the configuration's "faults", or of one disc's. */
typedef struct {
  long long lose_streaming_at; /* -1: never */
  long long removed_at;        /* -1: never; else the recorder vanishes at that block */
  fault removed_before;        /* the recorder vanishes between calls, before this call */
  int busy;
  char locked_by[64]; /* IMAPI2: another program holds the recorder's exclusive access */
  fault fail[MAX_FAULTS];
  int fail_count;
  /* Read-back: sectors that never read, sectors whose first read fails (`once_failed` counts it
     as the simulator runs), a sector recorded with its samples changed (-1: none), and a burn
     that reports success and leaves the disc blank. */
  long unreadable[MAX_FAULTS], unreadable_once[MAX_FAULTS];
  int unreadable_count, unreadable_once_count, once_failed[MAX_FAULTS];
  long long corrupt_at;
  int blank_disc;
  int refuses_cdda;  /* the drive cannot read CD-DA: READ CD of audio sectors is refused */
  int not_ready;     /* the first this many commands find the drive becoming ready (counted down) */
} fault_set;

/* A disc of a recorder's "discs": what it is when inserted, and the faults it brings. */
typedef struct {
  media_state media;
  fault_set faults;
  char image[1024]; /* "image": the BIN/CUE image this disc holds (read back when nothing was recorded on it) */
} sim_disc;

/* A hold of "pauseAtBlock": at `block`, create `reached` and wait for `resume`; a cancel ends
   the wait, or with `ignore_cancel` ends the burn once `resume` exists. */
typedef struct {
  long long block;
  char reached[1024], resume[1024];
  int ignore_cancel;
} sim_pause;

/* A recorder of "recorders" as configured; drive.c keeps where it is at run time. */
typedef struct {
  char vendor[64], product[64], revision[16];
  int minutes;
  LONG max_speed;
  sim_disc discs[MAX_DISCS]; /* inserted one after another ("media" is a list of one) */
  int disc_count;
  int persist; /* "discs" was given: drive.c keeps the drive in the recorder's state file */
  long long insert_delay_ms;
  sim_pause pauses[MAX_PAUSES]; /* pauseAtBlock, in the order of their blocks */
  int pause_count;
  /* IMAPI2: where the disc's lead-in starts (ATIP; LBA, negative) and the raw sector types the
     drive writes (IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE, in the order it lists them) */
  long lead_in;
  int sector_types[3];
  int sector_type_count;
  /* readOffsetSamples: the combined write and read offset the disc reads back with, in stereo
     samples (+6: what was recorded at sample n reads back at n + 6) */
  long read_offset;
} sim_recorder_config;

typedef struct {
  char path[1024];
  unsigned long long hash; /* of the file's text: a state file made under other text is stale */
  int modern;              /* "windows": "modern" (IMAPI v1 over IMAPI2, Vista and later) or "xp" */
  int imapi2;              /* IMAPI2 is there: modern, or "imapi2": true on xp (XP SP2's update) */
  int events_vtable;       /* IMAPI2 calls the sink's Update through the vtable ("imapi2Events"), not Invoke */
  FILE *call_log;          /* callLog, open for appending */
  double time_scale;
  char disc_out[1024];   /* discOut */
  char layout_out[1024]; /* discLayoutOut */
  char sub_out[1024];    /* discSubOut (IMAPI2) */
  char text_out[1024];   /* discTextOut (IMAPI2) */
  fault_set faults;      /* the top-level "faults" */
  sim_recorder_config recorders[MAX_RECORDERS];
  int recorder_count;
} sim_config;

/* Reads the configuration file `path` into `c`, which must be zeroed. Returns 1; 0 with the
   reason in `error` when the file cannot be read or is not a valid configuration. */
int sim_config_read(sim_config *c, const char *path, char *error, size_t error_size);
/* The configuration BURN_AUDIO_IMAPI_SIM names, into a zeroed `c`: S_OK; REGDB_E_CLASSNOTREG when
   the variable is not set (no IMAPI here); E_INVALIDARG, with `error`, when it cannot be read. */
HRESULT sim_config_from_environment(sim_config *c, char *error, size_t error_size);
/* Closes what reading opened (the call log). */
void sim_config_close(sim_config *c);
/* callLog: one line per method called (printf's `format` and `args`), written at once; the
   method's name (the line's first word) into `method`. */
void sim_config_log(sim_config *c, char method[64], const char *format, va_list args);
/* sim_config_log from a function whose last named parameter is `format`. */
#define SIM_CONFIG_LOG(c, method, format) \
  do {                                    \
    va_list log_args;                     \
    va_start(log_args, format);           \
    sim_config_log(c, method, format, log_args); \
    va_end(log_args);                     \
  } while (0)

#endif
