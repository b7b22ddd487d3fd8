/* The configuration: BURN_AUDIO_IMAPI_SIM names a JSON file (README, "Testing without a drive"). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "json.h"

static media_state parse_media(const char *name, int *ok) {
  static const struct { const char *name; media_state state; } table[] = {
      {"none", MEDIA_NONE}, {"blank-cdr", MEDIA_BLANK_CDR}, {"used-cdr", MEDIA_USED_CDR},
      {"blank-cdrw", MEDIA_BLANK_CDRW}, {"used-cdrw", MEDIA_USED_CDRW}};
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
    if (strcmp(name, table[i].name) == 0) return table[i].state;
  *ok = 0;
  return MEDIA_NONE;
}

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, len = 0;
  char *text = malloc(cap);
  size_t n;
  while (text && (n = fread(text + len, 1, cap - len - 1, f)) > 0) {
    len += n;
    if (len + 1 == cap) {
      char *bigger = realloc(text, cap *= 2);
      if (!bigger) { free(text); text = NULL; }
      else text = bigger;
    }
  }
  fclose(f);
  if (text) text[len] = 0;
  return text;
}

static int add_fault(sim_master *m, const json_value *f, char *error, size_t error_size) {
  const char *method = json_string(json_get(f, "method"), NULL);
  const char *hr = json_string(json_get(f, "hresult"), NULL);
  if (!method || m->fault_count == MAX_FAULTS) {
    snprintf(error, error_size, "faults.fail entries need a \"method\"");
    return 0;
  }
  fault *entry = &m->faults[m->fault_count++];
  snprintf(entry->method, sizeof entry->method, "%s", method);
  entry->hr = hr ? (HRESULT)strtoul(hr, NULL, 16) : (HRESULT)json_number(json_get(f, "hresult"), (double)(uint32_t)IMAPI_E_GENERIC);
  entry->call = (int)json_number(json_get(f, "call"), 0);
  return 1;
}

static int configure(sim_master *m, const json_value *config, char *error, size_t error_size) {
  const json_value *recorders = json_get(config, "recorders");
  const json_value *faults = json_get(config, "faults");
  LONG speed = (LONG)json_number(json_get(config, "speed"), 48);
  snprintf(m->disc_out, sizeof m->disc_out, "%s", json_string(json_get(config, "discOut"), ""));
  const char *windows = json_string(json_get(config, "windows"), "modern");
  if (strcmp(windows, "modern") != 0 && strcmp(windows, "xp") != 0) {
    snprintf(error, error_size, "\"windows\" must be \"modern\" or \"xp\"");
    return 0;
  }
  m->modern = strcmp(windows, "modern") == 0;
  snprintf(m->layout_out, sizeof m->layout_out, "%s", json_string(json_get(config, "discLayoutOut"), ""));
  const json_value *removed = json_get(faults, "removedBefore");
  if (removed) {
    const char *method = json_string(json_get(removed, "method"), NULL);
    if (!method) {
      snprintf(error, error_size, "faults.removedBefore needs a \"method\"");
      return 0;
    }
    snprintf(m->removed_before.method, sizeof m->removed_before.method, "%s", method);
    m->removed_before.call = (int)json_number(json_get(removed, "call"), 1);
  }
  const char *call_log = json_string(json_get(config, "callLog"), "");
  if (*call_log && !(m->call_log = fopen(call_log, "a"))) {
    snprintf(error, error_size, "callLog %s: %s", call_log, strerror(errno));
    return 0;
  }
  m->time_scale = json_number(json_get(config, "timeScale"), 0);
  m->lose_streaming_at = (long long)json_number(json_get(faults, "lossOfStreamingAtBlock"), -1);
  m->removed_at = (long long)json_number(json_get(faults, "removedAtBlock"), -1);
  m->busy = json_number(json_get(faults, "deviceBusy"), 0) != 0;
  int none = json_number(json_get(faults, "noRecorder"), 0) != 0;
  for (size_t i = 0; recorders && recorders->type == JSON_ARRAY && !none && i < recorders->count && i < MAX_RECORDERS; i++) {
    const json_value *c = recorders->items[i];
    sim_recorder *r = &m->recorders[m->recorder_count];
    int ok = 1;
    r->iface.lpVtbl = &sim_recorder_vtbl;
    r->master = m;
    r->index = m->recorder_count;
    snprintf(r->vendor, sizeof r->vendor, "%s", json_string(json_get(c, "vendor"), "BURNAUD"));
    snprintf(r->product, sizeof r->product, "%s", json_string(json_get(c, "product"), "SIMULATED CD-RW"));
    snprintf(r->revision, sizeof r->revision, "%s", json_string(json_get(c, "revision"), "1.00"));
    r->media = parse_media(json_string(json_get(c, "media"), "blank-cdr"), &ok);
    r->minutes = (int)json_number(json_get(c, "minutes"), 80);
    r->max_speed = (LONG)json_number(json_get(c, "speed"), speed);
    r->write_speed = r->max_speed; /* "default write speed is the highest" */
    r->gap_blocks = DEFAULT_GAP_BLOCKS;
    r->buffer_underrun_free = 1;
    if (!ok || (r->minutes != 74 && r->minutes != 80)) {
      snprintf(error, error_size, "recorders[%zu]: media must be none, blank-cdr, used-cdr, blank-cdrw or used-cdrw, and minutes 74 or 80", i);
      return 0;
    }
    m->recorder_count++;
  }
  const json_value *fail = json_get(faults, "fail");
  if (fail && fail->type == JSON_OBJECT) return add_fault(m, fail, error, error_size);
  for (size_t i = 0; fail && fail->type == JSON_ARRAY && i < fail->count; i++)
    if (!add_fault(m, fail->items[i], error, error_size)) return 0;
  return 1;
}

/* Reads and parses the configuration BURN_AUDIO_IMAPI_SIM names; NULL with `error` set if it cannot. */
static json_value *load_config(const char *path, char *error, size_t error_size) {
  char *text = read_file(path);
  if (!text) {
    snprintf(error, error_size, "cannot read the simulator configuration %s: %s", path, strerror(errno));
    return NULL;
  }
  char parse_error[128];
  json_value *config = json_parse(text, parse_error, sizeof parse_error);
  free(text);
  if (!config || config->type != JSON_OBJECT) {
    snprintf(error, error_size, "simulator configuration %s: %s", path, config ? "not a JSON object" : parse_error);
    json_free(config);
    return NULL;
  }
  return config;
}

int sim_windows_modern(void) {
  const char *path = getenv(BA_SIM_ENV);
  char error[200];
  json_value *config = path && *path ? load_config(path, error, sizeof error) : NULL;
  int xp = config && strcmp(json_string(json_get(config, "windows"), "modern"), "xp") == 0;
  json_free(config);
  return !xp;
}

HRESULT ba_sim_create_disc_master(IDiscMaster **out, char *error, size_t error_size) {
  *out = NULL;
  const char *path = getenv(BA_SIM_ENV);
  if (!path || !*path) return REGDB_E_CLASSNOTREG;
  json_value *config = load_config(path, error, error_size);
  if (!config) return E_INVALIDARG;
  sim_master *m = calloc(1, sizeof *m);
  if (!m) {
    json_free(config);
    return E_OUTOFMEMORY;
  }
  m->iface.lpVtbl = &sim_master_vtbl;
  m->redbook.lpVtbl = &sim_redbook_vtbl;
  m->refs = 1;
  snprintf(m->lock_path, sizeof m->lock_path, "%s.lock", path);
#ifdef _WIN32
  m->lock = INVALID_HANDLE_VALUE;
#else
  m->lock = -1;
#endif
  char config_error[1200] = "";
  int ok = configure(m, config, config_error, sizeof config_error);
  json_free(config);
  if (!ok) {
    snprintf(error, error_size, "simulator configuration %s: %s", path, config_error);
    if (m->call_log) fclose(m->call_log);
    free(m);
    return E_INVALIDARG;
  }
  *out = &m->iface;
  return S_OK;
}

