/* COM plumbing the simulated objects share. */
#include <stddef.h>

#include "com.h"

int sim_is_iid(REFIID riid, const IID *own) { return IsEqualIID(riid, own) || IsEqualIID(riid, &BA_IID_IUnknown); }

BSTR sim_bstr_from_ascii(const char *text) {
  WCHAR wide[128];
  size_t i = 0;
  for (; text[i] && i < 127; i++) wide[i] = (WCHAR)(unsigned char)text[i];
  wide[i] = 0;
  return SysAllocString(wide);
}
