/*
 * The simulator as an out-of-process COM server (LocalServer32), as IMAPI v1 is on Windows: COM
 * starts burn_audio_imapi_sim.exe with -Embedding when a client asks for CLSID_MSDiscMasterObj,
 * and every call and callback then crosses processes through the proxies and stubs of
 * burn_audio_imapi_ps.dll. The configuration comes from BURN_AUDIO_IMAPI_SIM in the server's own
 * environment: Wine starts a local server from the client process, which passes its environment
 * on (Windows would start it from the DCOM launcher, with the user's environment instead).
 *
 *   burn_audio_imapi_sim.exe /RegServer     registers it under HKLM\Software\Classes\CLSID
 *   burn_audio_imapi_sim.exe /UnregServer   removes that registration
 *
 * The server is multithreaded (MTA): calls arrive on COM's threads, and the simulator may call
 * the client's sink from a thread of its own. It exits when the last disc master is released,
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

#define CLSID_KEY "Software\\Classes\\CLSID\\{520CCA63-51A5-11D3-9144-00104BA11C5E}"

static HANDLE finished;    /* set when the server should exit */
static LONG alive;         /* disc masters alive, plus LockServer(TRUE) locks */
static DWORD registration; /* CoRegisterClassObject's cookie */
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
static void finish(void) {
  if (InterlockedExchange(&revoked, 1) == 0) CoRevokeClassObject(registration);
  SetEvent(finished);
}

static void master_released(void) {
  if (InterlockedDecrement(&alive) == 0) finish();
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

/* ------------------------------------------------------------------ the class object */

static HRESULT STDMETHODCALLTYPE factory_query(IClassFactory *This, REFIID riid, void **ppv) {
  if (IsEqualIID(riid, &IID_IClassFactory) || IsEqualIID(riid, &IID_IUnknown)) {
    *ppv = This;
    return S_OK;
  }
  *ppv = NULL;
  return E_NOINTERFACE;
}
/* A static object registered for the life of the process. */
static ULONG STDMETHODCALLTYPE factory_addref(IClassFactory *This) { (void)This; return 2; }
static ULONG STDMETHODCALLTYPE factory_release(IClassFactory *This) { (void)This; return 1; }

static HRESULT STDMETHODCALLTYPE factory_create(IClassFactory *This, IUnknown *outer, REFIID riid, void **ppv) {
  (void)This;
  *ppv = NULL;
  if (outer) return CLASS_E_NOAGGREGATION;
  DWORD pid = caller_pid();
  watch_client(pid);
  IDiscMaster *master = NULL;
  char error[400] = "";
  HRESULT hr = ba_sim_create_disc_master(&master, error, sizeof error);
  if (FAILED(hr)) {
    if (error[0]) fprintf(stderr, "IMAPI simulator: %s\n", error);
    if (alive == 0) finish(); /* started for this activation, and nothing to serve */
    return hr;
  }
  InterlockedIncrement(&alive);
  log_activation(pid);
  hr = master->lpVtbl->QueryInterface(master, riid, ppv);
  master->lpVtbl->Release(master); /* on failure this is the last reference: the server ends */
  return hr;
}

static HRESULT STDMETHODCALLTYPE factory_lock(IClassFactory *This, BOOL lock) {
  (void)This;
  if (lock) InterlockedIncrement(&alive);
  else master_released();
  return S_OK;
}

static const IClassFactoryVtbl factory_vtbl = {factory_query, factory_addref, factory_release, factory_create, factory_lock};
static IClassFactory factory = {(IClassFactoryVtbl *)&factory_vtbl};

/* ------------------------------------------------------------------ registration */

/* Under HKLM: Wine's COM activation does not honour HKCU\Software\Classes. */
static int register_server(void) {
  char path[MAX_PATH], command[MAX_PATH + 2];
  HKEY key;
  if (!GetModuleFileNameA(NULL, path, sizeof path)) return 1;
  snprintf(command, sizeof command, "\"%s\"", path);
  RegDeleteTreeA(HKEY_LOCAL_MACHINE, CLSID_KEY); /* an in-process registration would take precedence */
  LONG rc = RegCreateKeyExA(HKEY_LOCAL_MACHINE, CLSID_KEY "\\LocalServer32", 0, NULL, 0, KEY_WRITE, NULL, &key, NULL);
  if (rc != ERROR_SUCCESS) return 1;
  rc = RegSetValueExA(key, NULL, 0, REG_SZ, (const BYTE *)command, (DWORD)strlen(command) + 1);
  RegCloseKey(key);
  return rc == ERROR_SUCCESS ? 0 : 1;
}

static int unregister_server(void) {
  LONG rc = RegDeleteTreeA(HKEY_LOCAL_MACHINE, CLSID_KEY);
  return rc == ERROR_SUCCESS || rc == ERROR_FILE_NOT_FOUND ? 0 : 1;
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
  hr = CoRegisterClassObject(&CLSID_MSDiscMasterObj, (IUnknown *)&factory, CLSCTX_LOCAL_SERVER, REGCLS_MULTIPLEUSE, &registration);
  if (FAILED(hr)) {
    CoUninitialize();
    return 1;
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
  if (InterlockedExchange(&revoked, 1) == 0) CoRevokeClassObject(registration);
  log_exit(reason);
  /* Without CoUninitialize: under Wine it waits for calls it considers in progress and, now and
     then, never returns (with the client gone, always). The system frees the rest; a client
     whose last Release is still in flight gets a disconnected-server error, which it ignores. */
  ExitProcess(0);
}
