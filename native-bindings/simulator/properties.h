/*
 * A recorder's properties as IPropertyStorage holds them (with IEnumSTATPROPSTG to list them):
 * what GetRecorderProperties hands out and what the caller fills in.
 *
 * Calls com.c. Called by recorder.c.
 */
#ifndef BURN_AUDIO_SIM_PROPERTIES_H
#define BURN_AUDIO_SIM_PROPERTIES_H

#include "../imapi.h"

#define MAX_PROPERTIES 16

/* A property: its name, id, type and value. */
typedef struct {
  WCHAR name[32];
  PROPID propid;
  VARTYPE vt;
  LONG value; /* VT_I4: lVal; VT_BOOL: boolVal (0 or -1) */
} sim_property;

typedef struct {
  IPropertyStorage iface;
  ULONG refs;
  sim_property items[MAX_PROPERTIES];
  ULONG count;
} sim_properties;

sim_properties *sim_new_properties(void); /* empty, one reference; NULL when out of memory */
sim_property *sim_add_property(sim_properties *p, const WCHAR *name, VARTYPE vt, LONG value);
int sim_wide_same(const WCHAR *a, const WCHAR *b);

#endif
