/*
 * Drives the IMAPI simulator directly (no shim) and prints what it sees as JSON lines, for
 * sim-probe.test.ts: which interfaces each object answers, the recorder properties with their
 * types, and the thread each progress callback arrives on.
 *   sim-probe interfaces | properties | media | room | burn | set NAME=VT:VALUE...
 * The configuration comes from BURN_AUDIO_IMAPI_SIM, as for the shim.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "../../../native-bindings/simulator/simulator.h"

static const IID PROBE_IID_IMARSHAL = {0x00000003, 0x0000, 0x0000, {0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};

static pthread_t caller;
static int on_caller, elsewhere, pnp;

static void seen(const char *name) {
  int same = pthread_equal(pthread_self(), caller);
  if (same) on_caller++;
  else elsewhere++;
  printf("{\"event\":\"%s\",\"callerThread\":%s}\n", name, same ? "true" : "false");
}
static HRESULT STDMETHODCALLTYPE sink_query(IDiscMasterProgressEvents *This, REFIID riid, void **ppv) {
  (void)riid;
  *ppv = This;
  return S_OK;
}
static ULONG STDMETHODCALLTYPE sink_ref(IDiscMasterProgressEvents *This) { (void)This; return 1; }
static HRESULT STDMETHODCALLTYPE sink_cancel(IDiscMasterProgressEvents *This, boolean *cancel) {
  (void)This;
  *cancel = 0;
  seen("QueryCancel");
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE sink_pnp(IDiscMasterProgressEvents *This) { (void)This; pnp++; seen("NotifyPnPActivity"); return S_OK; }
static HRESULT STDMETHODCALLTYPE sink_two(IDiscMasterProgressEvents *This, LONG a, LONG b) { (void)This, (void)a, (void)b; seen("progress"); return S_OK; }
static HRESULT STDMETHODCALLTYPE sink_one(IDiscMasterProgressEvents *This, LONG a) { (void)This, (void)a; seen("notify"); return S_OK; }
static const IDiscMasterProgressEventsVtbl sink_vtbl = {sink_query, sink_ref, sink_ref, sink_cancel, sink_pnp, sink_two, sink_two, sink_two,
                                                        sink_one, sink_one, (HRESULT(STDMETHODCALLTYPE *)(IDiscMasterProgressEvents *, HRESULT))sink_one,
                                                        (HRESULT(STDMETHODCALLTYPE *)(IDiscMasterProgressEvents *, HRESULT))sink_one};
static IDiscMasterProgressEvents sink = {&sink_vtbl};

static void answer(const char *object, const char *iid_name, IUnknown *unknown, const IID *iid) {
  void *out = (void *)1;
  HRESULT hr = unknown->lpVtbl->QueryInterface(unknown, iid, &out);
  printf("{\"object\":\"%s\",\"iid\":\"%s\",\"hresult\":\"0x%08X\",\"null\":%s}\n", object, iid_name, (unsigned)hr, out ? "false" : "true");
  if (SUCCEEDED(hr) && out) ((IUnknown *)out)->lpVtbl->Release(out);
}

static void interfaces(IUnknown *object, const char *name, const IID *own) {
  answer(name, "own", object, own);
  answer(name, "IUnknown", object, &BA_IID_IUnknown);
  answer(name, "IMarshal", object, &PROBE_IID_IMARSHAL);
  answer(name, "IDiscRecorder", object, &IID_IDiscRecorder);
}

static void ascii(const WCHAR *wide, char *out, size_t size) {
  size_t i = 0;
  for (; wide[i] && i + 1 < size; i++) out[i] = (char)wide[i];
  out[i] = 0;
}

static void properties(IPropertyStorage *props) {
  IEnumSTATPROPSTG *list = NULL;
  HRESULT hr = props->lpVtbl->Enum(props, &list);
  printf("{\"enum\":\"0x%08X\"}\n", (unsigned)hr);
  if (FAILED(hr)) return;
  interfaces((IUnknown *)list, "IEnumSTATPROPSTG", &BA_IID_IEnumSTATPROPSTG);
  STATPROPSTG stat;
  ULONG fetched;
  while (list->lpVtbl->Next(list, 1, &stat, &fetched) == S_OK && fetched == 1) {
    PROPSPEC spec = {.ulKind = PRSPEC_LPWSTR};
    PROPVARIANT value;
    char name[64];
    spec.lpwstr = stat.lpwstrName;
    props->lpVtbl->ReadMultiple(props, 1, &spec, &value);
    ascii(stat.lpwstrName, name, sizeof name);
    printf("{\"property\":\"%s\",\"vt\":%u,\"value\":%ld}\n", name, (unsigned)stat.vt, (long)(value.vt == VT_BOOL ? value.boolVal : value.lVal));
    CoTaskMemFree(stat.lpwstrName);
  }
  list->lpVtbl->Release(list);
}

static int fail(const char *what, HRESULT hr) {
  printf("{\"failed\":\"%s\",\"hresult\":\"0x%08X\"}\n", what, (unsigned)hr);
  return 1;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  char error[400] = "";
  IDiscMaster *master = NULL;
  caller = pthread_self();
  HRESULT hr = ba_sim_create_disc_master(&master, error, sizeof error);
  if (FAILED(hr)) return fail(error, hr);
  if (FAILED(hr = master->lpVtbl->Open(master))) return fail("Open", hr);
  IRedbookDiscMaster *redbook = NULL;
  if (FAILED(hr = master->lpVtbl->SetActiveDiscMasterFormat(master, &IID_IRedbookDiscMaster, (void **)&redbook))) return fail("SetActiveDiscMasterFormat", hr);
  IEnumDiscRecorders *recorders = NULL;
  if (FAILED(hr = master->lpVtbl->EnumDiscRecorders(master, &recorders))) return fail("EnumDiscRecorders", hr);
  IDiscRecorder *recorder = NULL;
  ULONG fetched = 0;
  recorders->lpVtbl->Next(recorders, 1, &recorder, &fetched);
  if (fetched != 1) return fail("no recorder", E_FAIL);
  IEnumDiscMasterFormats *formats = NULL;
  master->lpVtbl->EnumDiscMasterFormats(master, &formats);
  IPropertyStorage *props = NULL;
  if (FAILED(hr = recorder->lpVtbl->GetRecorderProperties(recorder, &props))) return fail("GetRecorderProperties", hr);

  if (strcmp(mode, "interfaces") == 0) {
    interfaces((IUnknown *)master, "IDiscMaster", &IID_IDiscMaster);
    interfaces((IUnknown *)redbook, "IRedbookDiscMaster", &IID_IRedbookDiscMaster);
    interfaces((IUnknown *)recorder, "IDiscRecorder", &IID_IDiscRecorder);
    interfaces((IUnknown *)recorders, "IEnumDiscRecorders", &IID_IEnumDiscRecorders);
    interfaces((IUnknown *)formats, "IEnumDiscMasterFormats", &IID_IEnumDiscMasterFormats);
    interfaces((IUnknown *)props, "IPropertyStorage", &BA_IID_IPropertyStorage);
  } else if (strcmp(mode, "properties") == 0) {
    properties(props);
  } else if (strcmp(mode, "media") == 0) {
    LONG type = -1, flags = -1, available = -1;
    BYTE sessions = 0, last = 0;
    ULONG start = 0, next = 0, free_blocks = 0;
    recorder->lpVtbl->OpenExclusive(recorder);
    HRESULT type_hr = recorder->lpVtbl->QueryMediaType(recorder, &type, &flags);
    HRESULT info_hr = recorder->lpVtbl->QueryMediaInfo(recorder, &sessions, &last, &start, &next, &free_blocks);
    recorder->lpVtbl->Close(recorder);
    master->lpVtbl->SetActiveDiscRecorder(master, recorder);
    HRESULT available_hr = redbook->lpVtbl->GetAvailableAudioTrackBlocks(redbook, &available);
    printf("{\"mediaType\":\"0x%08X\",\"type\":%ld,\"flags\":%ld,\"mediaInfo\":\"0x%08X\",\"freeBlocks\":%lu,\"available\":\"0x%08X\",\"availableBlocks\":%ld}\n",
           (unsigned)type_hr, (long)type, (long)flags, (unsigned)info_hr, (unsigned long)free_blocks, (unsigned)available_hr, (long)available);
  } else if (strcmp(mode, "room") == 0) {
    /* AudioGapSize 0, one block staged: how much room is left for the next track? */
    PROPSPEC spec = {.ulKind = PRSPEC_LPWSTR};
    PROPVARIANT gap;
    static BYTE block[2352];
    LONG available = -1;
    memset(&gap, 0, sizeof gap);
    spec.lpwstr = (WCHAR *)WSTR("AudioGapSize");
    gap.vt = VT_I4;
    props->lpVtbl->WriteMultiple(props, 1, &spec, &gap, 2);
    HRESULT set = recorder->lpVtbl->SetRecorderProperties(recorder, props);
    master->lpVtbl->SetActiveDiscRecorder(master, recorder);
    redbook->lpVtbl->CreateAudioTrack(redbook, 1);
    redbook->lpVtbl->AddAudioTrackBlocks(redbook, block, sizeof block);
    redbook->lpVtbl->CloseAudioTrack(redbook);
    redbook->lpVtbl->GetAvailableAudioTrackBlocks(redbook, &available);
    printf("{\"set\":\"0x%08X\",\"available\":%ld}\n", (unsigned)set, (long)available);
  } else if (strcmp(mode, "set") == 0) {
    for (int i = 2; i < argc; i++) {
      char name[64];
      unsigned vt;
      long value;
      WCHAR wide[64];
      if (sscanf(argv[i], "%63[^=]=%u:%ld", name, &vt, &value) != 3) return fail("set NAME=VT:VALUE", E_INVALIDARG);
      size_t n = 0;
      for (; name[n]; n++) wide[n] = (WCHAR)name[n];
      wide[n] = 0;
      PROPSPEC spec = {.ulKind = PRSPEC_LPWSTR};
      PROPVARIANT v;
      memset(&v, 0, sizeof v);
      spec.lpwstr = wide;
      v.vt = (VARTYPE)vt;
      if (vt == VT_BOOL) v.boolVal = (short)value;
      else v.lVal = (LONG)value;
      props->lpVtbl->WriteMultiple(props, 1, &spec, &v, 2);
    }
    printf("{\"set\":\"0x%08X\"}\n", (unsigned)recorder->lpVtbl->SetRecorderProperties(recorder, props));
    props->lpVtbl->Release(props);
    if (FAILED(hr = recorder->lpVtbl->GetRecorderProperties(recorder, &props))) return fail("GetRecorderProperties", hr);
    properties(props);
  } else if (strcmp(mode, "burn") == 0) {
    UINT_PTR cookie;
    static BYTE audio[600 * 2352];
    master->lpVtbl->ProgressAdvise(master, &sink, &cookie);
    master->lpVtbl->SetActiveDiscRecorder(master, recorder);
    for (int t = 0; t < 2; t++) {
      redbook->lpVtbl->CreateAudioTrack(redbook, 600);
      redbook->lpVtbl->AddAudioTrackBlocks(redbook, audio, sizeof audio);
      redbook->lpVtbl->CloseAudioTrack(redbook);
    }
    hr = master->lpVtbl->RecordDisc(master, 0, 0);
    master->lpVtbl->ProgressUnadvise(master, cookie);
    printf("{\"record\":\"0x%08X\",\"onCallerThread\":%d,\"elsewhere\":%d}\n", (unsigned)hr, on_caller, elsewhere);
  } else {
    return fail("usage: sim-probe interfaces|properties|media|room|burn|set NAME=VT:VALUE...", E_INVALIDARG);
  }
  props->lpVtbl->Release(props);
  formats->lpVtbl->Release(formats);
  recorders->lpVtbl->Release(recorders);
  redbook->lpVtbl->Release(redbook);
  master->lpVtbl->Close(master);
  master->lpVtbl->Release(master);
  return 0;
}
