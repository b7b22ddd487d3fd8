/*
 * COM plumbing the simulated objects share: what QueryInterface answers, and BSTRs.
 *
 * Calls nothing. Called by the COM objects: properties.c, recorder.c and master.c.
 */
#ifndef BURN_AUDIO_SIM_COM_H
#define BURN_AUDIO_SIM_COM_H

#include "../imapi.h"

/* An object's QueryInterface answers its own interface and IUnknown, nothing else. */
int sim_is_iid(REFIID riid, const IID *own);
BSTR sim_bstr_from_ascii(const char *text);

#endif
