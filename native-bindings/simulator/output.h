/*
 * The files a burn writes for tests to read: the disc (discOut) and its layout (discLayoutOut).
 * Each is written beside its final path, as PATH.part, and put in place only when complete, so
 * that a reader never sees half of one. In their paths {recorder} is the recorder's index and
 * {disc} the disc's number.
 *
 * Calls nothing. Called by recording.c and writing2.c.
 */
#ifndef BURN_AUDIO_SIM_OUTPUT_H
#define BURN_AUDIO_SIM_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

typedef struct {
  FILE *file; /* NULL: not open */
  char path[1024], part[1040];
} sim_output;

void sim_expand_path(char *out, size_t size, const char *pattern, int recorder, int disc);
/* Opens PATH.part with fopen's `mode`; returns 0 when it cannot. */
int sim_output_open(sim_output *o, const char *pattern, int recorder, int disc, const char *mode);
/* Closes the file, and with `keep` puts it in place of PATH; returns 0 (and removes PATH.part)
   when it is not kept or cannot be put in place. */
int sim_output_close(sim_output *o, int keep);

/* For pauseAtBlock and timeScale: files that signal, and waiting. */
int sim_file_exists(const char *path);
void sim_touch(const char *path); /* creates an empty file */
void sim_sleep(double seconds);

#endif
