/* The disc and layout files a burn writes, put in place only when complete. */
#include <string.h>
#include <time.h>
#ifdef _WIN32
#include <windows.h>
#endif

#include "output.h"

void sim_expand_path(char *out, size_t size, const char *pattern, int recorder, int disc) {
  size_t n = 0;
  out[0] = 0;
  for (const char *p = pattern; *p && n + 1 < size;) {
    int value = -1;
    if (strncmp(p, "{recorder}", 10) == 0) value = recorder, p += 10;
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

/* Puts a finished output in place, over the one before (rename alone does not replace on Windows). */
static int replace_file(const char *part, const char *path) {
#ifdef _WIN32
  return MoveFileExA(part, path, MOVEFILE_REPLACE_EXISTING) ? 0 : -1;
#else
  return rename(part, path);
#endif
}

int sim_output_open(sim_output *o, const char *pattern, int recorder, int disc, const char *mode) {
  sim_expand_path(o->path, sizeof o->path, pattern, recorder, disc);
  snprintf(o->part, sizeof o->part, "%s.part", o->path);
  o->file = fopen(o->part, mode);
  return o->file != NULL;
}

int sim_output_close(sim_output *o, int keep) {
  int closed = fclose(o->file);
  o->file = NULL;
  if (keep && closed == 0 && replace_file(o->part, o->path) == 0) return 1;
  remove(o->part);
  return 0;
}

int sim_file_exists(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f) fclose(f);
  return f != NULL;
}

void sim_touch(const char *path) {
  FILE *f = fopen(path, "wb");
  if (f) fclose(f);
}

void sim_sleep(double seconds) {
#ifdef _WIN32
  Sleep((DWORD)(seconds * 1000));
#else
  struct timespec ts = {(time_t)seconds, (long)((seconds - (time_t)seconds) * 1e9)};
  nanosleep(&ts, NULL);
#endif
}
