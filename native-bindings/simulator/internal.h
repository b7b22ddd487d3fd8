/*
 * The IMAPI v1 simulator's shared state and helpers; each .c file holds one concern. Behaviour
 * follows the IMAPI v1 reference (learn.microsoft.com, windows/win32/api/imapi): call order,
 * staging rules, the stash, the progress-event order and the documented HRESULTs; with
 * "windows": "modern", IMAPI v1 as Windows Vista and later run it over IMAPI2 (README, "Testing
 * without a drive").
 */
#ifndef BURN_AUDIO_SIM_INTERNAL_H
#define BURN_AUDIO_SIM_INTERNAL_H

#include <stdio.h>

#include "simulator.h"

#define BLOCK_BYTES 2352
#define BLOCKS_PER_SECOND 75
#define MAX_TRACKS 99
#define MAX_RECORDERS 8
#define MAX_FAULTS 16
#define LEAD_PREGAP_BLOCKS 150
#define MAX_GAP_BLOCKS 225 /* AudioGapSize: "maximum valid value ... is 225" */
#define DEFAULT_GAP_BLOCKS 150

typedef enum { MEDIA_NONE, MEDIA_BLANK_CDR, MEDIA_USED_CDR, MEDIA_BLANK_CDRW, MEDIA_USED_CDRW } media_state;

typedef struct {
  char method[64];
  HRESULT hr;
  int call; /* 0: every call; n: only the n-th */
  int calls;
} fault;

/* The faults of the configuration's "faults", or of one disc's. */
typedef struct {
  long long lose_streaming_at; /* -1: never */
  long long removed_at;        /* -1: never; else the recorder vanishes at that block */
  fault removed_before;        /* the recorder vanishes between calls, before this call */
  int busy;
  fault fail[MAX_FAULTS];
  int fail_count;
} fault_set;

#define MAX_DISCS 64

/* A disc of a recorder's "discs": what it is when inserted, and the faults it brings. */
typedef struct {
  media_state media;
  fault_set faults;
} sim_disc;

typedef struct sim_master sim_master;

typedef struct {
  IDiscRecorder iface;
  sim_master *master;
  int index;
  char vendor[64], product[64], revision[16];
  int minutes;
  int open;
  int burning;
  int removed; /* unplugged: NotifyPnPActivity was sent, calls give IMAPI_E_DEVICE_NOTPRESENT */
  LONG max_speed, write_speed, gap_blocks;
  LONG buffer_underrun_free; /* EnableBufferUnderrunFree */
  /* The discs inserted one after another ("media" is a list of one) and where the drive is in them;
     drive.c keeps this in the recorder's state file when "discs" was given (persist). */
  sim_disc discs[MAX_DISCS];
  int disc_count;
  int persist;
  long long insert_delay_ms;
  int slot;                /* the disc in the drive, or the next one while the tray is empty */
  int loaded;              /* discs[slot] is in the drive */
  media_state media;       /* what the disc in the drive is now (recorded, erased) */
  long long ejected_at_ms; /* when the tray was last emptied */
  int recorded;            /* discs this recorder recorded ({disc}) */
  int locks;               /* holds on the recorder's lock (OpenExclusive, RecordDisc) */
#ifdef _WIN32
  HANDLE lock;
#else
  int lock;
#endif
  /* pauseAtBlock: at this block, create `reached` and wait for `resume` (-1: never) */
  long long pause_at;
  char pause_reached[1024], pause_resume[1024];
} sim_recorder;

/* A recorder property as IPropertyStorage holds it: its name, id, type and value. */
typedef struct {
  WCHAR name[32];
  PROPID propid;
  VARTYPE vt;
  LONG value; /* VT_I4: lVal; VT_BOOL: boolVal (0 or -1) */
} sim_property;

#define MAX_PROPERTIES 16

typedef struct {
  IPropertyStorage iface;
  ULONG refs;
  sim_property items[MAX_PROPERTIES];
  ULONG count;
} sim_properties;
typedef struct {
  long long first_block; /* offset in the stash, in blocks */
  LONG blocks;
} staged_track;

struct sim_master {
  IDiscMaster iface;
  IRedbookDiscMaster redbook;
  ULONG refs;
  int opened;
  int redbook_active;
  sim_recorder *active;
  IDiscMasterProgressEvents *sink;
  FILE *stash;
  staged_track tracks[MAX_TRACKS];
  int track_count;
  int track_open;
  long long staged_blocks;
  sim_recorder recorders[MAX_RECORDERS];
  int recorder_count;
  char disc_out[1024];
  int modern; /* "windows": "modern" (IMAPI v1 over IMAPI2, Vista and later) or "xp" */
  FILE *call_log;
  double time_scale;
  char layout_out[1024]; /* discLayoutOut */
  fault_set faults;      /* the top-level "faults" */
  char config_path[1024];
  unsigned long long config_hash; /* of the configuration's text: a state file made under other text is stale */
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

extern const IDiscMasterVtbl sim_master_vtbl;
extern const IRedbookDiscMasterVtbl sim_redbook_vtbl;
extern const IDiscRecorderVtbl sim_recorder_vtbl;
extern const IEnumDiscRecordersVtbl sim_recorder_enum_vtbl;
extern const IEnumDiscMasterFormatsVtbl sim_format_enum_vtbl;
extern const IPropertyStorageVtbl sim_properties_vtbl;

/* com.c: COM plumbing */
void sim_log_call(sim_master *m, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
int sim_is_iid(REFIID riid, const IID *own);
BSTR sim_bstr_from_ascii(const char *text);
int sim_take_lock(sim_master *m);
void sim_drop_lock(sim_master *m);

/* faults.c */
HRESULT sim_injected(sim_master *m, const char *method);
HRESULT sim_injected_on(sim_master *m, sim_recorder *r, const char *method);
int sim_busy(sim_recorder *r);
long long sim_fault_block(sim_recorder *r, int removal); /* lossOfStreamingAtBlock, or removedAtBlock */
HRESULT sim_translated(const sim_master *m, HRESULT hr);
void sim_unplug(sim_master *m);
void sim_between_calls(sim_master *m, const char *method);
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
    if ((r)->removed) return IMAPI_E_DEVICE_NOTPRESENT;                  \
  } while (0)

/* drive.c: the discs in turn, the drive's lock and its state file */
int sim_drive_lock(sim_recorder *r);   /* 0: another process holds the recorder */
void sim_drive_unlock(sim_recorder *r);
void sim_drive_peek(sim_recorder *r);  /* loads the state file if nobody holds the lock */
media_state sim_media(sim_recorder *r); /* the disc in the drive now (MEDIA_NONE: the tray is empty) */
void sim_set_media(sim_recorder *r, media_state media);
void sim_eject_disc(sim_recorder *r);
void sim_count_recorded(sim_recorder *r);
fault_set *sim_disc_faults(sim_recorder *r); /* the faults of the disc in the drive, or NULL */
void sim_expand_path(char *out, size_t size, const char *pattern, const sim_recorder *r, int disc);

/* media.c */
int sim_blank(media_state s);
int sim_rewritable(media_state s);
long long sim_media_blocks(const sim_recorder *r);

/* properties.c */
int sim_wide_same(const WCHAR *a, const WCHAR *b);
sim_property *sim_add_property(sim_properties *p, const WCHAR *name, VARTYPE vt, LONG value);

/* staging.c */
LONG sim_gap_blocks(const sim_master *m);
long long sim_available_blocks(sim_master *m);
void sim_clear_stash(sim_master *m);
int sim_seek_block(FILE *f, long long block);


/* events.c: every call to the progress sink goes through these (modern: from another thread) */
int sim_cancelled(sim_master *m); /* QueryCancel */
void sim_notify_pnp(sim_master *m);
void sim_notify_add(sim_master *m, LONG done, LONG total);
void sim_notify_blocks(sim_master *m, LONG done, LONG total);
void sim_notify_track(sim_master *m, LONG track, LONG tracks);
void sim_notify_preparing(sim_master *m, LONG seconds);
void sim_notify_closing(sim_master *m, LONG seconds);
void sim_notify_burn_complete(sim_master *m, HRESULT status);
void sim_notify_erase_complete(sim_master *m, HRESULT status);

/* recording.c */
void sim_pause_for_blocks(sim_master *m, long long blocks, LONG speed);
HRESULT STDMETHODCALLTYPE sim_record_disc(IDiscMaster *This, boolean simulate, boolean eject);

#endif
