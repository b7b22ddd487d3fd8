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

typedef struct sim_master sim_master;

typedef struct {
  IDiscRecorder iface;
  sim_master *master;
  int index;
  char vendor[64], product[64], revision[16];
  media_state media;
  int minutes;
  int open;
  int burning;
  int removed; /* unplugged: NotifyPnPActivity was sent, calls give IMAPI_E_DEVICE_NOTPRESENT */
  LONG max_speed, write_speed, gap_blocks;
  LONG buffer_underrun_free; /* EnableBufferUnderrunFree */
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
  long long lose_streaming_at; /* -1: never */
  long long removed_at;        /* -1: never; else the recorder vanishes at that block */
  fault removed_before;        /* the recorder vanishes between calls, before this call */
  char layout_out[1024];       /* discLayoutOut */
  int busy;
  fault faults[MAX_FAULTS];
  int fault_count;
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
HRESULT sim_translated(const sim_master *m, HRESULT hr);
void sim_unplug(sim_master *m);
void sim_between_calls(sim_master *m, const char *method);
#define INJECT(m, name)                          \
  do {                                           \
    HRESULT injected_hr = sim_injected(m, name); \
    if (FAILED(injected_hr)) return injected_hr; \
  } while (0)
/* INJECT for a recorder's own methods: an unplugged recorder answers IMAPI_E_DEVICE_NOTPRESENT. */
#define INJECT_RECORDER(r, name)                               \
  do {                                                         \
    INJECT((r)->master, name);                                 \
    if ((r)->removed) return IMAPI_E_DEVICE_NOTPRESENT;        \
  } while (0)

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
