/* The configuration: BURN_AUDIO_IMAPI_SIM names a JSON file (README, "Testing without a drive"). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "json.h"
#include "simulator.h"

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

static int add_fault(fault_set *set, const json_value *f, char *error, size_t error_size) {
  const char *method = json_string(json_get(f, "method"), NULL);
  const char *hr = json_string(json_get(f, "hresult"), NULL);
  if (!method || set->fail_count == MAX_FAULTS) {
    snprintf(error, error_size, "faults.fail entries need a \"method\" (at most %d)", MAX_FAULTS);
    return 0;
  }
  fault *entry = &set->fail[set->fail_count++];
  snprintf(entry->method, sizeof entry->method, "%s", method);
  entry->hr = hr ? (HRESULT)strtoul(hr, NULL, 16) : (HRESULT)json_number(json_get(f, "hresult"), (double)(uint32_t)IMAPI_E_GENERIC);
  entry->call = (int)json_number(json_get(f, "call"), 0);
  return 1;
}

/* A list of LBAs (unreadable, unreadableOnce). */
static int lba_list(const json_value *list, long *out, int *count, const char *key, char *error, size_t error_size) {
  if (!list) return 1;
  if (list->type != JSON_ARRAY || list->count > MAX_FAULTS) {
    snprintf(error, error_size, "faults.%s must be a list of at most %d LBAs", key, MAX_FAULTS);
    return 0;
  }
  for (size_t i = 0; i < list->count; i++) out[(*count)++] = (long)json_number(list->items[i], -1);
  return 1;
}

/* "faults", top-level or a disc's: every key but noRecorder. */
static int configure_faults(fault_set *set, const json_value *faults, char *error, size_t error_size) {
  const json_value *removed = json_get(faults, "removedBefore");
  if (removed) {
    const char *method = json_string(json_get(removed, "method"), NULL);
    if (!method) {
      snprintf(error, error_size, "faults.removedBefore needs a \"method\"");
      return 0;
    }
    snprintf(set->removed_before.method, sizeof set->removed_before.method, "%s", method);
    set->removed_before.call = (int)json_number(json_get(removed, "call"), 1);
  }
  set->lose_streaming_at = (long long)json_number(json_get(faults, "lossOfStreamingAtBlock"), -1);
  set->removed_at = (long long)json_number(json_get(faults, "removedAtBlock"), -1);
  set->busy = json_number(json_get(faults, "deviceBusy"), 0) != 0;
  snprintf(set->locked_by, sizeof set->locked_by, "%s", json_string(json_get(faults, "lockedBy"), ""));
  set->corrupt_at = (long long)json_number(json_get(faults, "corruptAtBlock"), -1);
  set->blank_disc = json_number(json_get(faults, "blankDisc"), 0) != 0;
  set->refuses_cdda = json_number(json_get(faults, "cannotReadAudio"), 0) != 0;
  set->not_ready = (int)json_number(json_get(faults, "notReadyCommands"), 0);
  if (!lba_list(json_get(faults, "unreadable"), set->unreadable, &set->unreadable_count, "unreadable", error, error_size) ||
      !lba_list(json_get(faults, "unreadableOnce"), set->unreadable_once, &set->unreadable_once_count, "unreadableOnce", error, error_size))
    return 0;
  const json_value *fail = json_get(faults, "fail");
  if (fail && fail->type == JSON_OBJECT) return add_fault(set, fail, error, error_size);
  for (size_t i = 0; fail && fail->type == JSON_ARRAY && i < fail->count; i++)
    if (!add_fault(set, fail->items[i], error, error_size)) return 0;
  return 1;
}

/* "pauseAtBlock": one hold, or a list of them in the order of their blocks. */
static int configure_pauses(sim_recorder_config *r, const json_value *pauses, size_t i, char *error, size_t error_size) {
  int list = pauses && pauses->type == JSON_ARRAY;
  size_t count = list ? pauses->count : pauses != NULL;
  for (size_t p = 0; p < count; p++) {
    const json_value *pause = list ? pauses->items[p] : pauses;
    sim_pause *hold = &r->pauses[r->pause_count];
    hold->block = (long long)json_number(json_get(pause, "block"), -1);
    snprintf(hold->reached, sizeof hold->reached, "%s", json_string(json_get(pause, "reached"), ""));
    snprintf(hold->resume, sizeof hold->resume, "%s", json_string(json_get(pause, "resume"), ""));
    hold->ignore_cancel = json_number(json_get(pause, "ignoreCancel"), 0) != 0;
    int ordered = r->pause_count == 0 || hold->block > r->pauses[r->pause_count - 1].block;
    if (r->pause_count == MAX_PAUSES || hold->block < 0 || !hold->reached[0] || !hold->resume[0] || !ordered) {
      snprintf(error, error_size, "recorders[%zu]: pauseAtBlock needs \"block\", \"reached\" and \"resume\" (a list: at most %d, blocks rising)", i,
               MAX_PAUSES);
      return 0;
    }
    r->pause_count++;
  }
  return 1;
}

/* "discs" (or "media", a list of one; "none": no disc), "insertDelayMs" and "pauseAtBlock". */
static int configure_discs(sim_recorder_config *r, const json_value *c, size_t i, char *error, size_t error_size) {
  const json_value *discs = json_get(c, "discs");
  int ok = 1;
  r->persist = discs != NULL;
  if (!discs) {
    media_state media = parse_media(json_string(json_get(c, "media"), "blank-cdr"), &ok);
    if (ok && media != MEDIA_NONE) {
      sim_disc *only = &r->discs[r->disc_count++];
      only->faults.lose_streaming_at = only->faults.removed_at = only->faults.corrupt_at = -1;
      only->media = media;
      snprintf(only->image, sizeof only->image, "%s", json_string(json_get(c, "image"), ""));
    }
  }
  if (discs && (discs->type != JSON_ARRAY || discs->count > MAX_DISCS)) ok = 0;
  for (size_t d = 0; ok && discs && d < discs->count; d++) {
    const json_value *entry = discs->items[d];
    const json_value *faults = entry->type == JSON_OBJECT ? json_get(entry, "faults") : NULL;
    sim_disc *disc = &r->discs[r->disc_count++];
    disc->faults.lose_streaming_at = disc->faults.removed_at = disc->faults.corrupt_at = -1;
    disc->media = parse_media(json_string(entry->type == JSON_OBJECT ? json_get(entry, "media") : entry, ""), &ok);
    if (entry->type == JSON_OBJECT) snprintf(disc->image, sizeof disc->image, "%s", json_string(json_get(entry, "image"), ""));
    if (ok && disc->media == MEDIA_NONE) ok = 0;
    if (ok && faults && !configure_faults(&disc->faults, faults, error, error_size)) return 0;
  }
  if (!ok) {
    snprintf(error, error_size,
             "recorders[%zu]: media must be none, blank-cdr, used-cdr, blank-cdrw or used-cdrw; discs a list of at most %d of "
             "blank-cdr, used-cdr, blank-cdrw, used-cdrw or {\"media\", \"faults\"}",
             i, MAX_DISCS);
    return 0;
  }
  r->insert_delay_ms = (long long)json_number(json_get(c, "insertDelayMs"), 0);
  return configure_pauses(r, json_get(c, "pauseAtBlock"), i, error, error_size);
}

/* "leadIn" (MSF, 90:00:00 or later, as ATIP gives it) and "sectorTypes" (IMAPI2). */
static int configure_raw(sim_recorder_config *r, const json_value *c, size_t i, char *error, size_t error_size) {
  int m = 97, s = 26, f = 66; /* a common CD-R's lead-in */
  const char *lead_in = json_string(json_get(c, "leadIn"), NULL);
  if (lead_in && (sscanf(lead_in, "%d:%d:%d", &m, &s, &f) != 3 || m < 90 || m > 99 || s > 59 || f > 74 || s < 0 || f < 0)) {
    snprintf(error, error_size, "recorders[%zu]: leadIn must be an MSF from 90:00:00 to 99:59:74", i);
    return 0;
  }
  r->lead_in = (long)(m * 60 + s) * 75 + f - 450150; /* LBA of MSF 90:00:00 and later */
  const json_value *types = json_get(c, "sectorTypes");
  for (size_t t = 0; types && types->type == JSON_ARRAY && t < types->count && t < 3; t++) {
    int type = (int)json_number(types->items[t], 0);
    if (type < 1 || type > 3) {
      snprintf(error, error_size, "recorders[%zu]: sectorTypes are 1 (PQ only), 2 (cooked) or 3 (raw)", i);
      return 0;
    }
    r->sector_types[r->sector_type_count++] = type;
  }
  for (int t = 1; !types && t <= 3; t++) r->sector_types[r->sector_type_count++] = t;
  return 1;
}

static int configure(sim_config *cfg, const json_value *config, char *error, size_t error_size) {
  const json_value *recorders = json_get(config, "recorders");
  const json_value *faults = json_get(config, "faults");
  LONG speed = (LONG)json_number(json_get(config, "speed"), 48);
  snprintf(cfg->disc_out, sizeof cfg->disc_out, "%s", json_string(json_get(config, "discOut"), ""));
  const char *windows = json_string(json_get(config, "windows"), "modern");
  if (strcmp(windows, "modern") != 0 && strcmp(windows, "xp") != 0) {
    snprintf(error, error_size, "\"windows\" must be \"modern\" or \"xp\"");
    return 0;
  }
  cfg->modern = strcmp(windows, "modern") == 0;
  cfg->imapi2 = cfg->modern || json_number(json_get(config, "imapi2"), 0) != 0;
  const char *events = json_string(json_get(config, "imapi2Events"), "invoke");
  if (strcmp(events, "invoke") != 0 && strcmp(events, "vtable") != 0) {
    snprintf(error, error_size, "\"imapi2Events\" must be \"invoke\" or \"vtable\"");
    return 0;
  }
  cfg->events_vtable = strcmp(events, "vtable") == 0;
  snprintf(cfg->sub_out, sizeof cfg->sub_out, "%s", json_string(json_get(config, "discSubOut"), ""));
  snprintf(cfg->text_out, sizeof cfg->text_out, "%s", json_string(json_get(config, "discTextOut"), ""));
  snprintf(cfg->layout_out, sizeof cfg->layout_out, "%s", json_string(json_get(config, "discLayoutOut"), ""));
  const char *call_log = json_string(json_get(config, "callLog"), "");
  if (*call_log && !(cfg->call_log = fopen(call_log, "a"))) {
    snprintf(error, error_size, "callLog %s: %s", call_log, strerror(errno));
    return 0;
  }
  cfg->time_scale = json_number(json_get(config, "timeScale"), 0);
  if (!configure_faults(&cfg->faults, faults, error, error_size)) return 0;
  int none = json_number(json_get(faults, "noRecorder"), 0) != 0;
  for (size_t i = 0; recorders && recorders->type == JSON_ARRAY && !none && i < recorders->count && i < MAX_RECORDERS; i++) {
    const json_value *c = recorders->items[i];
    sim_recorder_config *r = &cfg->recorders[cfg->recorder_count];
    snprintf(r->vendor, sizeof r->vendor, "%s", json_string(json_get(c, "vendor"), "BURNAUD"));
    snprintf(r->product, sizeof r->product, "%s", json_string(json_get(c, "product"), "SIMULATED CD-RW"));
    snprintf(r->revision, sizeof r->revision, "%s", json_string(json_get(c, "revision"), "1.00"));
    r->minutes = (int)json_number(json_get(c, "minutes"), 80);
    r->max_speed = (LONG)json_number(json_get(c, "speed"), speed);
    r->read_offset = (long)json_number(json_get(c, "readOffsetSamples"), json_number(json_get(config, "readOffsetSamples"), 0));
    if (!configure_discs(r, c, i, error, error_size) || !configure_raw(r, c, i, error, error_size)) return 0;
    if (r->minutes != 74 && r->minutes != 80) {
      snprintf(error, error_size, "recorders[%zu]: minutes must be 74 or 80", i);
      return 0;
    }
    cfg->recorder_count++;
  }
  return 1;
}

/* Reads and parses the configuration BURN_AUDIO_IMAPI_SIM names; NULL with `error` set if it cannot. */
static json_value *load_config(const char *path, unsigned long long *hash, char *error, size_t error_size) {
  char *text = read_file(path);
  if (!text) {
    snprintf(error, error_size, "cannot read the simulator configuration %s: %s", path, strerror(errno));
    return NULL;
  }
  *hash = 14695981039346656037ull; /* FNV-1a */
  for (const char *c = text; *c; c++) *hash = (*hash ^ (unsigned char)*c) * 1099511628211ull;
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
  unsigned long long hash;
  json_value *config = path && *path ? load_config(path, &hash, error, sizeof error) : NULL;
  int xp = config && strcmp(json_string(json_get(config, "windows"), "modern"), "xp") == 0;
  json_free(config);
  return !xp;
}

int sim_config_read(sim_config *c, const char *path, char *error, size_t error_size) {
  json_value *config = load_config(path, &c->hash, error, error_size);
  if (!config) return 0;
  snprintf(c->path, sizeof c->path, "%s", path);
  char config_error[1200] = "";
  int ok = configure(c, config, config_error, sizeof config_error);
  json_free(config);
  if (!ok) {
    snprintf(error, error_size, "simulator configuration %s: %s", path, config_error);
    sim_config_close(c);
  }
  return ok;
}

HRESULT sim_config_from_environment(sim_config *c, char *error, size_t error_size) {
  const char *path = getenv(BA_SIM_ENV);
  if (!path || !*path) return REGDB_E_CLASSNOTREG;
  return sim_config_read(c, path, error, error_size) ? S_OK : E_INVALIDARG;
}

void sim_config_log(sim_config *c, char method[64], const char *format, va_list args) {
  char line[200];
  vsnprintf(line, sizeof line, format, args);
  method[0] = 0;
  sscanf(line, "%63s", method);
  if (!c->call_log) return;
  fprintf(c->call_log, "%s\n", line);
  fflush(c->call_log);
}

void sim_config_close(sim_config *c) {
  if (c->call_log) fclose(c->call_log);
  c->call_log = NULL;
}
