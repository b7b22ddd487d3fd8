/*
 * The simulator as an in-process COM server (Windows): registered under CLSID_MSDiscMasterObj,
 * it answers CoCreateInstance where real IMAPI would, so the unmodified shim reaches it. The
 * configuration comes from BURN_AUDIO_IMAPI_SIM, as on Linux; without it, creation fails with
 * REGDB_E_CLASSNOTREG, as if IMAPI were absent.
 */
#include <stdio.h>
#include <windows.h>

#include "simulator.h"

static HMODULE module;
static LONG locks;

static HRESULT STDMETHODCALLTYPE factory_query(IClassFactory *This, REFIID riid, void **ppv) {
  if (IsEqualIID(riid, &IID_IClassFactory) || IsEqualIID(riid, &IID_IUnknown)) {
    *ppv = This;
    return S_OK;
  }
  *ppv = NULL;
  return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE factory_addref(IClassFactory *This) { (void)This; return 2; }
static ULONG STDMETHODCALLTYPE factory_release(IClassFactory *This) { (void)This; return 1; }

static HRESULT STDMETHODCALLTYPE factory_create(IClassFactory *This, IUnknown *outer, REFIID riid, void **ppv) {
  (void)This;
  *ppv = NULL;
  if (outer) return CLASS_E_NOAGGREGATION;
  IDiscMaster *master = NULL;
  char error[400] = "";
  HRESULT hr = ba_sim_create_disc_master(&master, error, sizeof error);
  if (FAILED(hr)) {
    if (error[0]) fprintf(stderr, "IMAPI simulator: %s\n", error);
    return hr;
  }
  hr = master->lpVtbl->QueryInterface(master, riid, ppv);
  master->lpVtbl->Release(master);
  return hr;
}

static HRESULT STDMETHODCALLTYPE factory_lock(IClassFactory *This, BOOL lock) {
  (void)This;
  InterlockedExchangeAdd(&locks, lock ? 1 : -1);
  return S_OK;
}

static const IClassFactoryVtbl factory_vtbl = {factory_query, factory_addref, factory_release, factory_create, factory_lock};
static IClassFactory factory = {(IClassFactoryVtbl *)&factory_vtbl};

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) module = instance;
  return TRUE;
}

__declspec(dllexport) HRESULT WINAPI DllGetClassObject(REFCLSID clsid, REFIID riid, void **ppv) {
  if (!IsEqualCLSID(clsid, &CLSID_MSDiscMasterObj)) {
    *ppv = NULL;
    return CLASS_E_CLASSNOTAVAILABLE;
  }
  return factory.lpVtbl->QueryInterface(&factory, riid, ppv);
}

__declspec(dllexport) HRESULT WINAPI DllCanUnloadNow(void) { return locks == 0 ? S_OK : S_FALSE; }

#define CLSID_KEY "Software\\Classes\\CLSID\\{520CCA63-51A5-11D3-9144-00104BA11C5E}"

/* Registers under HKLM (Wine's COM activation does not honour HKCU\Software\Classes). */
__declspec(dllexport) HRESULT WINAPI DllRegisterServer(void) {
  char path[MAX_PATH];
  HKEY key;
  if (!GetModuleFileNameA(module, path, sizeof path)) return HRESULT_FROM_WIN32(GetLastError());
  LONG rc = RegCreateKeyExA(HKEY_LOCAL_MACHINE, CLSID_KEY "\\InprocServer32", 0, NULL, 0, KEY_WRITE, NULL, &key, NULL);
  if (rc != ERROR_SUCCESS) return HRESULT_FROM_WIN32(rc);
  rc = RegSetValueExA(key, NULL, 0, REG_SZ, (const BYTE *)path, (DWORD)strlen(path) + 1);
  if (rc == ERROR_SUCCESS) rc = RegSetValueExA(key, "ThreadingModel", 0, REG_SZ, (const BYTE *)"Both", 5);
  RegCloseKey(key);
  return rc == ERROR_SUCCESS ? S_OK : HRESULT_FROM_WIN32(rc);
}

__declspec(dllexport) HRESULT WINAPI DllUnregisterServer(void) {
  LONG rc = RegDeleteTreeA(HKEY_LOCAL_MACHINE, CLSID_KEY);
  return rc == ERROR_SUCCESS || rc == ERROR_FILE_NOT_FOUND ? S_OK : HRESULT_FROM_WIN32(rc);
}
