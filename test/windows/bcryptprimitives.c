/*
 * Stand-in for bcryptprimitives.dll, which Wine 8 lacks: Rust's standard library (and so ffi-rs's
 * win32 binary) imports ProcessPrng from it. Installed into the test prefix's system32 only.
 */
#include <windows.h>
#include <ntsecapi.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size) {
  while (size) {
    ULONG chunk = size > 0x10000000 ? 0x10000000 : (ULONG)size;
    if (!RtlGenRandom(data, chunk)) return FALSE;
    data += chunk;
    size -= chunk;
  }
  return TRUE;
}
