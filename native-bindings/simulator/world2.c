/* The IMAPI2 objects' shared state in one process (world2.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#include <windows.h>
static SRWLOCK world_lock = SRWLOCK_INIT;
#define LOCK() AcquireSRWLockExclusive(&world_lock)
#define UNLOCK() ReleaseSRWLockExclusive(&world_lock)
#else
#include <pthread.h>
static pthread_mutex_t world_lock = PTHREAD_MUTEX_INITIALIZER;
#define LOCK() pthread_mutex_lock(&world_lock)
#define UNLOCK() pthread_mutex_unlock(&world_lock)
#endif

#include "faults.h"
#include "simulator2.h"
#include "world2.h"

static sim2_world *current;
void (*ba_sim2_world_freed)(void);

static HRESULT create_world(sim2_world **out, char *error, size_t error_size) {
  sim2_world *w = calloc(1, sizeof *w);
  HRESULT hr = w ? sim_config_from_environment(&w->config, error, error_size) : E_OUTOFMEMORY;
  if (FAILED(hr)) {
    free(w);
    return hr;
  }
  if (!w->config.imapi2) {
    snprintf(error, error_size, "IMAPI2 is not on this Windows (\"windows\": \"xp\" without \"imapi2\": true)");
    sim_config_close(&w->config);
    free(w);
    return REGDB_E_CLASSNOTREG;
  }
  for (int i = 0; i < w->config.recorder_count; i++) sim_drive_init(&w->drives[i], &w->config, i);
  *out = w;
  return S_OK;
}

HRESULT sim2_world_acquire(sim2_world **out, char *error, size_t error_size) {
  HRESULT hr = S_OK;
  LOCK();
  if (!current) hr = create_world(&current, error, error_size);
  if (SUCCEEDED(hr)) current->refs++;
  *out = SUCCEEDED(hr) ? current : NULL;
  UNLOCK();
  return hr;
}

void sim2_world_retain(sim2_world *w) {
  LOCK();
  w->refs++;
  UNLOCK();
}

void sim2_world_release(sim2_world *w) {
  LOCK();
  if (--w->refs == 0) {
    for (int i = 0; i < w->config.recorder_count; i++)
      while (w->drives[i].locks > 0) sim_drive_unlock(&w->drives[i]); /* what a client left held, as cdrom.sys does */
    sim_config_close(&w->config);
    free(w);
    current = NULL;
    if (ba_sim2_world_freed) ba_sim2_world_freed();
  }
  UNLOCK();
}

static int concerned(sim2_world *w, int recorder) { return recorder >= 0 ? recorder : w->config.recorder_count ? 0 : -1; }

fault_set *sim2_disc_faults(sim2_world *w, int recorder) {
  recorder = concerned(w, recorder);
  return recorder < 0 ? NULL : sim_disc_faults(&w->drives[recorder]);
}

void sim2_log(sim2_world *w, int recorder, const char *format, ...) {
  char method[64];
  SIM_CONFIG_LOG(&w->config, method, format);
  int r = concerned(w, recorder);
  if (r >= 0 && (sim_faults_unplugging(&w->config.faults, method) || sim_faults_unplugging(sim2_disc_faults(w, r), method)))
    w->drives[r].removed = 1;
}

HRESULT sim2_injected(sim2_world *w, int recorder, const char *method) {
  HRESULT hr = sim_faults_failing(&w->config.faults, method);
  return FAILED(hr) ? hr : sim_faults_failing(sim2_disc_faults(w, recorder), method);
}

int sim2_present(sim2_world *w, int n) {
  for (int i = 0; i < w->config.recorder_count; i++)
    if (!w->drives[i].removed && n-- == 0) return i;
  return -1;
}

int sim2_present_count(sim2_world *w) {
  int n = 0;
  while (sim2_present(w, n) >= 0) n++;
  return n;
}

int sim2_client_name_valid(const char *name) {
  size_t n = strlen(name);
  if (n == 0 || n >= CLIENT_NAME_CHARS) return 0;
  for (; *name; name++)
    if (!((*name >= 'A' && *name <= 'Z') || (*name >= 'a' && *name <= 'z') || (*name >= '0' && *name <= '9') || strchr(" .,:;-_", *name)))
      return 0;
  return 1;
}

static const char *locked_by(sim2_world *w, int recorder) {
  fault_set *disc = sim2_disc_faults(w, recorder);
  return w->config.faults.locked_by[0] ? w->config.faults.locked_by : disc && disc->locked_by[0] ? disc->locked_by : "";
}

HRESULT sim2_lock(sim2_world *w, int recorder, const char *client) {
  sim_drive *d = &w->drives[recorder];
  if (locked_by(w, recorder)[0]) return E_IMAPI_RECORDER_LOCKED;
  if (sim_faults_busy(&w->config.faults, sim2_disc_faults(w, recorder))) return E_IMAPI_RECORDER_MEDIA_BUSY;
  if (!sim_drive_lock(d)) return E_IMAPI_RECORDER_LOCKED; /* another process (an IMAPI v1 burn, another run) has it */
  if (d->locks == 1) snprintf(w->owner[recorder], sizeof w->owner[recorder], "%s", client);
  return S_OK;
}

void sim2_unlock(sim2_world *w, int recorder) {
  sim_drive *d = &w->drives[recorder];
  sim_drive_unlock(d);
  if (d->locks == 0) w->owner[recorder][0] = 0;
}

int sim2_locked_out(sim2_world *w, int recorder, int own) {
  sim_drive *d = &w->drives[recorder];
  if (locked_by(w, recorder)[0]) return 1;
  if (own > 0) return 0;
  if (d->locks > 0 || !sim_drive_lock(d)) return 1;
  sim_drive_unlock(d);
  return 0;
}

const char *sim2_owner(sim2_world *w, int recorder) {
  const char *other = locked_by(w, recorder);
  return other[0] ? other : w->owner[recorder];
}
