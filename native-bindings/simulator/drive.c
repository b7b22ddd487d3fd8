/*
 * The drive: the discs a recorder's "discs" inserts one after another, the recorder's lock, and
 * its state file (README, "Discs one after another, and several processes"). The lock and the
 * state are one file, CONFIG.recorderN.state, rewritten in place while it is held, so a process
 * reads the drive where the last one left it.
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

#include "internal.h"

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

static void state_path(const sim_recorder *r, char *out, size_t size) {
  snprintf(out, size, "%s.recorder%d.state", r->master->config_path, r->index);
}

#ifdef _WIN32
#define NO_LOCK INVALID_HANDLE_VALUE
static int open_locked(sim_recorder *r) {
  char path[1100];
  state_path(r, path, sizeof path);
  r->lock = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
  return r->lock != INVALID_HANDLE_VALUE;
}
static void close_lock(sim_recorder *r) { CloseHandle(r->lock); }
static int read_state(sim_recorder *r, char *text, size_t size) {
  DWORD got = 0;
  SetFilePointer(r->lock, 0, NULL, FILE_BEGIN);
  if (!ReadFile(r->lock, text, (DWORD)size - 1, &got, NULL)) got = 0;
  text[got] = 0;
  return (int)got;
}
static void write_state(sim_recorder *r, const char *text) {
  DWORD put = 0;
  SetFilePointer(r->lock, 0, NULL, FILE_BEGIN);
  WriteFile(r->lock, text, (DWORD)strlen(text), &put, NULL);
  SetEndOfFile(r->lock);
}
#else
#define NO_LOCK (-1)
static int open_locked(sim_recorder *r) {
  char path[1100];
  state_path(r, path, sizeof path);
  r->lock = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (r->lock < 0) return 0;
  if (flock(r->lock, LOCK_EX | LOCK_NB) == 0) return 1;
  close(r->lock);
  r->lock = -1;
  return 0;
}
static void close_lock(sim_recorder *r) { close(r->lock); }
static int read_state(sim_recorder *r, char *text, size_t size) {
  ssize_t got = pread(r->lock, text, size - 1, 0);
  if (got < 0) got = 0;
  text[got] = 0;
  return (int)got;
}
static void write_state(sim_recorder *r, const char *text) {
  size_t length = strlen(text);
  if (ftruncate(r->lock, 0) != 0 || pwrite(r->lock, text, length, 0) != (ssize_t)length) return; /* kept in memory */
}
#endif

/* The state file's one line; a file made under another configuration text, or unreadable, is ignored. */
static void load(sim_recorder *r) {
  char text[256];
  unsigned long long hash;
  int slot, loaded, media, recorded;
  long long ejected;
  if (!r->persist || read_state(r, text, sizeof text) == 0) return;
  if (sscanf(text, "burn-audio-sim-drive hash=%llx slot=%d loaded=%d media=%d recorded=%d ejected=%lld", &hash, &slot, &loaded,
             &media, &recorded, &ejected) != 6 ||
      hash != r->master->config_hash || slot < 0 || slot > r->disc_count || media < MEDIA_NONE || media > MEDIA_USED_CDRW)
    return;
  r->slot = slot;
  r->loaded = loaded && slot < r->disc_count;
  r->media = (media_state)media;
  r->recorded = recorded;
  r->ejected_at_ms = ejected;
}

static void save(sim_recorder *r) {
  if (!r->persist || r->locks == 0) return;
  char text[256];
  snprintf(text, sizeof text, "burn-audio-sim-drive hash=%llx slot=%d loaded=%d media=%d recorded=%d ejected=%lld\n",
           r->master->config_hash, r->slot, r->loaded, (int)r->media, r->recorded, r->ejected_at_ms);
  write_state(r, text);
}

int sim_drive_lock(sim_recorder *r) {
  if (r->locks > 0) {
    r->locks++;
    return 1;
  }
  if (!open_locked(r)) return 0;
  r->locks = 1;
  load(r);
  return 1;
}

void sim_drive_unlock(sim_recorder *r) {
  if (r->locks == 0 || --r->locks > 0) return;
  close_lock(r);
  r->lock = NO_LOCK;
}

void sim_drive_peek(sim_recorder *r) {
  if (!r->persist || r->locks > 0 || !sim_drive_lock(r)) return;
  sim_drive_unlock(r);
}

/* After an eject the tray stays empty for insertDelayMs, then holds the next disc, if any. */
media_state sim_media(sim_recorder *r) {
  if (!r->loaded && r->slot < r->disc_count && now_ms() - r->ejected_at_ms >= r->insert_delay_ms) {
    r->loaded = 1;
    r->media = r->discs[r->slot].media;
    save(r);
  }
  return r->loaded ? r->media : MEDIA_NONE;
}

void sim_set_media(sim_recorder *r, media_state media) {
  if (sim_media(r) == MEDIA_NONE) return;
  r->media = media;
  save(r);
}

/* The disc leaves the drive; with the tray already empty nothing changes. */
void sim_eject_disc(sim_recorder *r) {
  if (sim_media(r) == MEDIA_NONE) return;
  r->slot++;
  r->loaded = 0;
  r->media = MEDIA_NONE;
  r->ejected_at_ms = now_ms();
  save(r);
}

void sim_count_recorded(sim_recorder *r) {
  r->recorded++;
  save(r);
}

fault_set *sim_disc_faults(sim_recorder *r) {
  return r && sim_media(r) != MEDIA_NONE ? &r->discs[r->slot].faults : NULL;
}

/* discOut and discLayoutOut: {recorder} is the recorder's index, {disc} the disc's number. */
void sim_expand_path(char *out, size_t size, const char *pattern, const sim_recorder *r, int disc) {
  size_t n = 0;
  out[0] = 0;
  for (const char *p = pattern; *p && n + 1 < size;) {
    int value = -1;
    if (strncmp(p, "{recorder}", 10) == 0) value = r->index, p += 10;
    else if (strncmp(p, "{disc}", 6) == 0) value = disc, p += 6;
    if (value < 0) {
      out[n++] = *p++;
      out[n] = 0;
      continue;
    }
    int wrote = snprintf(out + n, size - n, "%d", value);
    if (wrote < 0 || (size_t)wrote >= size - n) break;
    n += (size_t)wrote;
  }
}
