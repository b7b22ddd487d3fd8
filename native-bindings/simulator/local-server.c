/*
 * The simulator as an out-of-process COM server (LocalServer32), as IMAPI v1 is on Windows: COM
 * starts burn_audio_imapi_sim.exe with -Embedding when a client asks for CLSID_MSDiscMasterObj
 * or one of the four IMAPI2 classes (MsftDiscMaster2, MsftDiscRecorder2, MsftDiscFormat2RawCD,
 * MsftRawCDImageCreator; on Windows IMAPI2 is in-process, here it is served out of process so
 * that its BSTRs, SAFEARRAYs, IStreams and callbacks cross processes too), and every call and
 * callback then crosses processes through the proxies and stubs of burn_audio_imapi_ps.dll. The configuration comes from BURN_AUDIO_IMAPI_SIM in the server's own
 * environment: Wine starts a local server from the client process, which passes its environment
 * on (Windows would start it from the DCOM launcher, with the user's environment instead).
 *
 *   burn_audio_imapi_sim.exe /RegServer     registers it under HKLM\Software\Classes\CLSID
 *   burn_audio_imapi_sim.exe /UnregServer   removes that registration
 *
 * The server is multithreaded (MTA): calls arrive on COM's threads, and the simulator may call
 * the client's sink from a thread of its own. It exits when the last disc master (and the last
 * IMAPI2 object) is released,
 * when creating one fails and none is alive, or when every client process it served has ended.
 * With "serverLog" in the configuration, it appends one JSON line per disc master it creates:
 * its process id and image, the client's process id, and the threads involved.
 */
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <rpc.h>

#include "json.h"
#include "simulator.h"
#include "simulator2.h"

#define CLSID_KEY "Software\\Classes\\CLSID\\"

/* The classes served, in registration order: IMAPI v1's disc master, then IMAPI2's. */
static const struct {
  const CLSID *clsid;
  const char *key; /* under CLSID_KEY */
} CLASSES[] = {{&CLSID_MSDiscMasterObj, "{520CCA63-51A5-11D3-9144-00104BA11C5E}"},
               {&CLSID_MsftDiscMaster2, "{2735412E-7F64-5B0F-8F00-5D77AFBE261E}"},
               {&CLSID_MsftDiscRecorder2, "{2735412D-7F64-5B0F-8F00-5D77AFBE261E}"},
               {&CLSID_MsftDiscFormat2RawCD, "{27354128-7F64-5B0F-8F00-5D77AFBE261E}"},
               {&CLSID_MsftRawCDImageCreator, "{25983561-9D65-49CE-B335-40630D901227}"}};
#define CLASS_COUNT (sizeof CLASSES / sizeof CLASSES[0])

static HANDLE finished;    /* set when the server should exit */
static LONG alive;         /* disc masters alive, one for the IMAPI2 objects if any, plus LockServer(TRUE) locks */
static LONG imapi2_alive;  /* IMAPI2 objects exist (they share one state: simulator2.h) */
static DWORD registration[CLASS_COUNT]; /* CoRegisterClassObject's cookies */
static LONG revoked;
static DWORD main_thread;
/* The client processes, watched so that the server ends when all have ended (REGCLS_MULTIPLEUSE:
   runs at the same time share one server, and a run may end while another still burns). */
#define MAX_CLIENTS 16
static HANDLE clients[MAX_CLIENTS];
static DWORD client_pids[MAX_CLIENTS];
static LONG client_count;
static HANDLE client_added; /* wakes the main loop to watch a new client */
static CRITICAL_SECTION clients_lock; /* activations arrive on several COM threads */

/* No new activation may reach this server once it decided to exit: revoke first, then exit. */
static void revoke(void) {
  if (InterlockedExchange(&revoked, 1) == 0)
    for (size_t i = 0; i < CLASS_COUNT; i++) CoRevokeClassObject(registration[i]);
}

static void finish(void) {
  revoke();
  SetEvent(finished);
}

static void master_released(void) {
  if (InterlockedDecrement(&alive) == 0) finish();
}

static void imapi2_released(void) {
  if (InterlockedExchange(&imapi2_alive, 0)) master_released();
}

/* The calling client's process id, from the local RPC call COM is dispatching (0 if unknown). */
static DWORD caller_pid(void) {
  unsigned long pid = 0;
  if (I_RpcBindingInqLocalClientPID(NULL, &pid) != RPC_S_OK) return 0;
  return (DWORD)pid;
}

static void watch_client(DWORD pid) {
  EnterCriticalSection(&clients_lock);
  LONG n = client_count, known = 0;
  for (LONG i = 0; i < n; i++) known |= client_pids[i] == pid;
  HANDLE process = pid && !known && n < MAX_CLIENTS ? OpenProcess(SYNCHRONIZE, FALSE, pid) : NULL;
  if (process) {
    clients[n] = process;
    client_pids[n] = pid;
    client_count = n + 1;
    SetEvent(client_added);
  }
  LeaveCriticalSection(&clients_lock);
}

static void json_escape(FILE *f, const char *text) {
  for (; *text; text++) {
    if (*text == '"' || *text == '\\') fputc('\\', f);
    fputc(*text, f);
  }
}

/* Opens the "serverLog" file named in the configuration for appending, or returns NULL. */
static FILE *open_server_log(void) {
  const char *path = getenv(BA_SIM_ENV);
  FILE *f = path ? fopen(path, "rb") : NULL;
  if (!f) return NULL;
  static char text[65536];
  size_t n = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[n] = 0;
  char error[128];
  json_value *config = json_parse(text, error, sizeof error);
  const char *log = json_string(json_get(config, "serverLog"), NULL);
  FILE *out = log ? fopen(log, "ab") : NULL;
  json_free(config);
  return out;
}

/* One line per disc master created: who serves it, for whom, on which threads. */
static void log_activation(DWORD client_pid) {
  FILE *out = open_server_log();
  if (!out) return;
  char image[MAX_PATH] = "";
  GetModuleFileNameA(NULL, image, sizeof image);
  fprintf(out, "{\"event\":\"create\",\"serverPid\":%lu,\"serverImage\":\"", (unsigned long)GetCurrentProcessId());
  json_escape(out, image);
  fprintf(out, "\",\"clientPid\":%lu,\"mainThread\":%lu,\"callThread\":%lu}\n", (unsigned long)client_pid,
          (unsigned long)main_thread, (unsigned long)GetCurrentThreadId());
  fclose(out);
}

/* The last line a server writes: why it ends ("released" or "client ended"). */
static void log_exit(const char *reason) {
  FILE *out = open_server_log();
  if (!out) return;
  fprintf(out, "{\"event\":\"exit\",\"serverPid\":%lu,\"reason\":\"%s\"}\n", (unsigned long)GetCurrentProcessId(), reason);
  fclose(out);
}

/* ------------------------------------------------------------------ the class objects */

typedef struct {
  IClassFactory iface;
  const CLSID *clsid;
} factory;

static HRESULT STDMETHODCALLTYPE factory_query(IClassFactory *This, REFIID riid, void **ppv) {
  if (IsEqualIID(riid, &IID_IClassFactory) || IsEqualIID(riid, &IID_IUnknown)) {
    *ppv = This;
    return S_OK;
  }
  *ppv = NULL;
  return E_NOINTERFACE;
}
/* Static objects registered for the life of the process. */
static ULONG STDMETHODCALLTYPE factory_addref(IClassFactory *This) { (void)This; return 2; }
static ULONG STDMETHODCALLTYPE factory_release(IClassFactory *This) { (void)This; return 1; }

/* IMAPI v1's disc master: the object, and one more reason for the server to stay. */
static HRESULT create_disc_master(REFIID riid, void **ppv, char *error, size_t size) {
  IDiscMaster *master = NULL;
  HRESULT hr = ba_sim_create_disc_master(&master, error, size);
  if (FAILED(hr)) return hr;
  InterlockedIncrement(&alive);
  hr = master->lpVtbl->QueryInterface(master, riid, ppv);
  master->lpVtbl->Release(master); /* on failure this is the last reference: the server ends */
  return hr;
}

/* An IMAPI2 object: the first of them keeps the server alive until the last is freed. */
static HRESULT create_imapi2(const CLSID *clsid, REFIID riid, void **ppv, char *error, size_t size) {
  HRESULT hr = ba_sim2_create_instance(clsid, riid, ppv, error, size);
  if (SUCCEEDED(hr) && InterlockedExchange(&imapi2_alive, 1) == 0) InterlockedIncrement(&alive);
  return hr;
}

static HRESULT STDMETHODCALLTYPE factory_create(IClassFactory *This, IUnknown *outer, REFIID riid, void **ppv) {
  const CLSID *clsid = ((factory *)This)->clsid;
  *ppv = NULL;
  if (outer) return CLASS_E_NOAGGREGATION;
  DWORD pid = caller_pid();
  watch_client(pid);
  char error[400] = "";
  HRESULT hr = IsEqualCLSID(clsid, &CLSID_MSDiscMasterObj) ? create_disc_master(riid, ppv, error, sizeof error)
                                                           : create_imapi2(clsid, riid, ppv, error, sizeof error);
  if (FAILED(hr)) {
    if (error[0]) fprintf(stderr, "IMAPI simulator: %s\n", error);
    if (alive == 0) finish(); /* started for this activation, and nothing to serve */
    return hr;
  }
  log_activation(pid);
  return hr;
}

static HRESULT STDMETHODCALLTYPE factory_lock(IClassFactory *This, BOOL lock) {
  (void)This;
  if (lock) InterlockedIncrement(&alive);
  else master_released();
  return S_OK;
}

static const IClassFactoryVtbl factory_vtbl = {factory_query, factory_addref, factory_release, factory_create, factory_lock};
static factory factories[CLASS_COUNT];

/* ------------------------------------------------------------------ registration */

/* Under HKLM: Wine's COM activation does not honour HKCU\Software\Classes. */
static int register_server(void) {
  char path[MAX_PATH], command[MAX_PATH + 2], key[160];
  if (!GetModuleFileNameA(NULL, path, sizeof path)) return 1;
  snprintf(command, sizeof command, "\"%s\"", path);
  for (size_t i = 0; i < CLASS_COUNT; i++) {
    HKEY handle;
    snprintf(key, sizeof key, CLSID_KEY "%s", CLASSES[i].key);
    RegDeleteTreeA(HKEY_LOCAL_MACHINE, key); /* an in-process registration would take precedence */
    snprintf(key, sizeof key, CLSID_KEY "%s\\LocalServer32", CLASSES[i].key);
    LONG rc = RegCreateKeyExA(HKEY_LOCAL_MACHINE, key, 0, NULL, 0, KEY_WRITE, NULL, &handle, NULL);
    if (rc != ERROR_SUCCESS) return 1;
    rc = RegSetValueExA(handle, NULL, 0, REG_SZ, (const BYTE *)command, (DWORD)strlen(command) + 1);
    RegCloseKey(handle);
    if (rc != ERROR_SUCCESS) return 1;
  }
  return 0;
}

static int unregister_server(void) {
  char key[160];
  for (size_t i = 0; i < CLASS_COUNT; i++) {
    snprintf(key, sizeof key, CLSID_KEY "%s", CLASSES[i].key);
    LONG rc = RegDeleteTreeA(HKEY_LOCAL_MACHINE, key);
    if (rc != ERROR_SUCCESS && rc != ERROR_FILE_NOT_FOUND) return 1;
  }
  return 0;
}

static int is_option(const char *arg, const char *name) {
  return (arg[0] == '/' || arg[0] == '-') && _stricmp(arg + 1, name) == 0;
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (is_option(argv[i], "RegServer")) return register_server();
    if (is_option(argv[i], "UnregServer")) return unregister_server();
  }
  main_thread = GetCurrentThreadId();
  HRESULT hr = CoInitializeEx(NULL, COINIT_MULTITHREADED);
  if (FAILED(hr)) return 1;
  finished = CreateEventA(NULL, TRUE, FALSE, NULL);
  client_added = CreateEventA(NULL, FALSE, FALSE, NULL);
  InitializeCriticalSection(&clients_lock);
  ba_sim_master_freed = master_released;
  ba_sim2_world_freed = imapi2_released;
  for (size_t i = 0; i < CLASS_COUNT; i++) {
    factories[i] = (factory){{(IClassFactoryVtbl *)&factory_vtbl}, CLASSES[i].clsid};
    hr = CoRegisterClassObject(CLASSES[i].clsid, (IUnknown *)&factories[i], CLSCTX_LOCAL_SERVER, REGCLS_MULTIPLEUSE, &registration[i]);
    if (FAILED(hr)) {
      CoUninitialize();
      return 1;
    }
  }
  /* Until told to finish; or until every client has ended, one without releasing what it holds. */
  const char *reason = NULL;
  int ended[MAX_CLIENTS] = {0};
  while (!reason) {
    HANDLE waits[MAX_CLIENTS + 2] = {finished, client_added};
    DWORD watched = 2;
    EnterCriticalSection(&clients_lock);
    LONG n = client_count, alive_clients = 0;
    for (LONG i = 0; i < n; i++)
      if (!ended[i]) waits[watched++] = clients[i];
    LeaveCriticalSection(&clients_lock);
    DWORD which = WaitForMultipleObjects(watched, waits, FALSE, n ? INFINITE : 200);
    if (which == WAIT_OBJECT_0) reason = "released";
    else if (which >= WAIT_OBJECT_0 + 2 && which < WAIT_OBJECT_0 + watched) {
      for (LONG i = 0, k = 2; i < n; i++)
        if (!ended[i] && (DWORD)k++ == which - WAIT_OBJECT_0) ended[i] = 1;
      for (LONG i = 0; i < n; i++) alive_clients += !ended[i];
      if (alive_clients == 0) reason = "client ended";
    }
  }
  revoke();
  log_exit(reason);
  /* Without CoUninitialize: under Wine it waits for calls it considers in progress and, now and
     then, never returns (with the client gone, always). The system frees the rest; a client
     whose last Release is still in flight gets a disconnected-server error, which it ignores. */
  ExitProcess(0);
}
