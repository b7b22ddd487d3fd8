/*
 * The drive: the discs a recorder's "discs" inserts one after another, the recorder's lock, and
 * its state file (README, "Discs one after another, and several processes"); and its media. The
 * lock and the state are one file, CONFIG.recorderN.state, rewritten in place while it is held,
 * so a process reads the drive where the last one left it.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#ifdef _WIN32
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#endif

#include "drive.h"

static long long now_ms(void) {
#ifdef _WIN32
  FILETIME t;
  GetSystemTimeAsFileTime(&t);
  return (long long)((((unsigned long long)t.dwHighDateTime << 32) | t.dwLowDateTime) / 10000);
#else
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
#endif
}

static void state_path(const sim_drive *d, char *out, size_t size) {
  snprintf(out, size, "%s.recorder%d.state", d->config->path, d->index);
}

#ifdef _WIN32
#define NO_LOCK INVALID_HANDLE_VALUE
static int open_locked(sim_drive *d) {
  char path[1100];
  state_path(d, path, sizeof path);
  d->lock = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
  return d->lock != INVALID_HANDLE_VALUE;
}
static void close_lock(sim_drive *d) { CloseHandle(d->lock); }
static int read_state(sim_drive *d, char *text, size_t size) {
  DWORD got = 0;
  SetFilePointer(d->lock, 0, NULL, FILE_BEGIN);
  if (!ReadFile(d->lock, text, (DWORD)size - 1, &got, NULL)) got = 0;
  text[got] = 0;
  return (int)got;
}
static void write_state(sim_drive *d, const char *text) {
  DWORD put = 0;
  SetFilePointer(d->lock, 0, NULL, FILE_BEGIN);
  WriteFile(d->lock, text, (DWORD)strlen(text), &put, NULL);
  SetEndOfFile(d->lock);
}
#else
#define NO_LOCK (-1)
static int open_locked(sim_drive *d) {
  char path[1100];
  state_path(d, path, sizeof path);
  d->lock = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (d->lock < 0) return 0;
  if (flock(d->lock, LOCK_EX | LOCK_NB) == 0) return 1;
  close(d->lock);
  d->lock = -1;
  return 0;
}
static void close_lock(sim_drive *d) { close(d->lock); }
static int read_state(sim_drive *d, char *text, size_t size) {
  ssize_t got = pread(d->lock, text, size - 1, 0);
  if (got < 0) got = 0;
  text[got] = 0;
  return (int)got;
}
static void write_state(sim_drive *d, const char *text) {
  size_t length = strlen(text);
  if (ftruncate(d->lock, 0) != 0 || pwrite(d->lock, text, length, 0) != (ssize_t)length) return; /* kept in memory */
}
#endif

/* The state file's one line; a file made under another configuration text, or unreadable, is ignored. */
static void load(sim_drive *d) {
  char text[256];
  unsigned long long hash;
  int slot, loaded, media, recorded;
  long long ejected;
  if (!d->setup->persist || read_state(d, text, sizeof text) == 0) return;
  if (sscanf(text, "burn-audio-sim-drive hash=%llx slot=%d loaded=%d media=%d recorded=%d ejected=%lld", &hash, &slot, &loaded,
             &media, &recorded, &ejected) != 6 ||
      hash != d->config->hash || slot < 0 || slot > d->setup->disc_count || media < MEDIA_NONE || media > MEDIA_USED_CDRW)
    return;
  d->slot = slot;
  d->loaded = loaded && slot < d->setup->disc_count;
  d->media = (media_state)media;
  d->recorded = recorded;
  d->ejected_at_ms = ejected;
}

static void save(sim_drive *d) {
  if (!d->setup->persist || d->locks == 0) return;
  char text[256];
  snprintf(text, sizeof text, "burn-audio-sim-drive hash=%llx slot=%d loaded=%d media=%d recorded=%d ejected=%lld\n",
           d->config->hash, d->slot, d->loaded, (int)d->media, d->recorded, d->ejected_at_ms);
  write_state(d, text);
}

int sim_drive_lock(sim_drive *d) {
  if (d->locks > 0) {
    d->locks++;
    return 1;
  }
  if (!open_locked(d)) return 0;
  d->locks = 1;
  load(d);
  return 1;
}

void sim_drive_unlock(sim_drive *d) {
  if (d->locks == 0 || --d->locks > 0) return;
  close_lock(d);
  d->lock = NO_LOCK;
}

/* Reads the state file if nobody holds the lock. */
static void peek(sim_drive *d) {
  if (!d->setup->persist || d->locks > 0 || !sim_drive_lock(d)) return;
  sim_drive_unlock(d);
}

void sim_drive_init(sim_drive *d, sim_config *c, int index) {
  sim_recorder_config *setup = &c->recorders[index];
  *d = (sim_drive){.config = c, .setup = setup, .index = index, .lock = NO_LOCK};
  d->loaded = setup->disc_count > 0;
  d->media = d->loaded ? setup->discs[0].media : MEDIA_NONE;
  peek(d);
}

/* After an eject the tray stays empty for insertDelayMs, then holds the next disc, if any. */
media_state sim_media(sim_drive *d) {
  if (!d->loaded && d->slot < d->setup->disc_count && now_ms() - d->ejected_at_ms >= d->setup->insert_delay_ms) {
    d->loaded = 1;
    d->media = d->setup->discs[d->slot].media;
    save(d);
  }
  return d->loaded ? d->media : MEDIA_NONE;
}

void sim_set_media(sim_drive *d, media_state media) {
  if (sim_media(d) == MEDIA_NONE) return;
  d->media = media;
  save(d);
}

/* The disc leaves the drive; with the tray already empty nothing changes. A drive ejects whether
 * or not it is locked (IMAPI2 ejects after ReleaseMedia), so unlocked the lock is taken to save it. */
void sim_eject_disc(sim_drive *d) {
  int held = d->setup->persist && d->locks == 0 && sim_drive_lock(d);
  if (sim_media(d) != MEDIA_NONE) {
    d->slot++;
    d->loaded = 0;
    d->media = MEDIA_NONE;
    d->ejected_at_ms = now_ms();
    save(d);
  }
  if (held) sim_drive_unlock(d);
}

void sim_count_recorded(sim_drive *d) {
  d->recorded++;
  save(d);
}

fault_set *sim_disc_faults(sim_drive *d) {
  return sim_media(d) != MEDIA_NONE ? &d->setup->discs[d->slot].faults : NULL;
}

int sim_blank(media_state s) { return s == MEDIA_BLANK_CDR || s == MEDIA_BLANK_CDRW; }
int sim_rewritable(media_state s) { return s == MEDIA_BLANK_CDRW || s == MEDIA_USED_CDRW; }

long long sim_media_blocks(const sim_drive *d) {
  return (long long)d->setup->minutes * 60 * BLOCKS_PER_SECOND - LEAD_PREGAP_BLOCKS;
}
