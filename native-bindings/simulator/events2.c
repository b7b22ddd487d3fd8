/* The format's connection point and the progress events it sends (events2.h). */
#include <stdlib.h>
#include <string.h>

#include "../com-object.h"
#include "com.h"
#include "events2.h"

#define COOKIE 1 /* one sink at a time */

static const IID iid_null; /* IID_NULL: Invoke's reserved argument */

/* ------------------------------------------------------------------ IDiscFormat2RawCDEventArgs */

typedef struct {
  com_object head; /* the IDiscFormat2RawCDEventArgs */
  LONG start, count, written;
} event_args;

#define ARGS(p) ((event_args *)(p))

static void args_destroy(com_object *o) { free(o); }

static HRESULT STDMETHODCALLTYPE args_start(IDiscFormat2RawCDEventArgs *This, LONG *v) { return SIM_GIVE(v, (LONG)ARGS(This)->start); }
static HRESULT STDMETHODCALLTYPE args_count(IDiscFormat2RawCDEventArgs *This, LONG *v) { return SIM_GIVE(v, (LONG)ARGS(This)->count); }
static HRESULT STDMETHODCALLTYPE args_written(IDiscFormat2RawCDEventArgs *This, LONG *v) { return SIM_GIVE(v, (LONG)ARGS(This)->written); }
/* The buffers: a 4 MB system buffer kept full, as the writer never waits on the disk here. */
static HRESULT STDMETHODCALLTYPE args_total_buffer(IDiscFormat2RawCDEventArgs *This, LONG *v) { (void)This; return SIM_GIVE(v, (LONG)4 << 20); }
static HRESULT STDMETHODCALLTYPE args_used_buffer(IDiscFormat2RawCDEventArgs *This, LONG *v) { (void)This; return SIM_GIVE(v, (LONG)4 << 20); }
static HRESULT STDMETHODCALLTYPE args_free_buffer(IDiscFormat2RawCDEventArgs *This, LONG *v) { (void)This; return SIM_GIVE(v, (LONG)0); }
static HRESULT STDMETHODCALLTYPE args_action(IDiscFormat2RawCDEventArgs *This, IMAPI_FORMAT2_RAW_CD_WRITE_ACTION *v) {
  (void)This;
  return SIM_GIVE(v, IMAPI_FORMAT2_RAW_CD_WRITE_ACTION_WRITING);
}
static HRESULT STDMETHODCALLTYPE args_elapsed(IDiscFormat2RawCDEventArgs *This, LONG *v) { (void)This; return SIM_GIVE(v, (LONG)10); }
static HRESULT STDMETHODCALLTYPE args_remaining(IDiscFormat2RawCDEventArgs *This, LONG *v) { (void)This; return SIM_GIVE(v, (LONG)30); }

/* LastReadLba: the writer reads as it writes. */
static const IID *const args_iids[] = {&IID_IDiscFormat2RawCDEventArgs, &IID_IWriteEngine2EventArgs, &BA_IID_IDispatch, NULL};
static const IDiscFormat2RawCDEventArgsVtbl args_vtbl = {
    COM_OBJECT_SLOTS(IDiscFormat2RawCDEventArgs), SIM_DISPATCH_SLOTS, args_start, args_count, args_written, args_written,
    args_total_buffer, args_used_buffer, args_free_buffer, args_action, args_elapsed, args_remaining};

/* ------------------------------------------------------------------ the connection point */

/* The container and the point live and die with the format. */
static HRESULT STDMETHODCALLTYPE container_query(IConnectionPointContainer *This, REFIID riid, void **ppv) {
  sim2_format *f = FORMAT_FROM(This, container);
  return FORMAT_IFACE(f)->lpVtbl->QueryInterface(FORMAT_IFACE(f), riid, ppv);
}
static ULONG STDMETHODCALLTYPE container_addref(IConnectionPointContainer *This) { return com_object_addref(FORMAT_FROM(This, container)); }
static ULONG STDMETHODCALLTYPE container_release(IConnectionPointContainer *This) { return com_object_release(FORMAT_FROM(This, container)); }
static HRESULT STDMETHODCALLTYPE container_enum(IConnectionPointContainer *This, IEnumConnectionPoints **list) {
  (void)This;
  if (list) *list = NULL;
  return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE container_find(IConnectionPointContainer *This, REFIID riid, IConnectionPoint **point) {
  sim2_format *f = FORMAT_FROM(This, container);
  if (!point) return E_POINTER;
  *point = NULL;
  if (!IsEqualIID(riid, &IID_DDiscFormat2RawCDEvents)) return CONNECT_E_NOCONNECTION;
  *point = &f->point;
  com_object_addref(f);
  return S_OK;
}
static const IConnectionPointContainerVtbl container_vtbl = {container_query, container_addref, container_release, container_enum,
                                                             container_find};

static HRESULT STDMETHODCALLTYPE point_query(IConnectionPoint *This, REFIID riid, void **ppv) {
  if (!sim_is_iid(riid, &BA_IID_IConnectionPoint)) {
    *ppv = NULL;
    return E_NOINTERFACE;
  }
  *ppv = This;
  This->lpVtbl->AddRef(This);
  return S_OK;
}
static ULONG STDMETHODCALLTYPE point_addref(IConnectionPoint *This) { return com_object_addref(FORMAT_FROM(This, point)); }
static ULONG STDMETHODCALLTYPE point_release(IConnectionPoint *This) { return com_object_release(FORMAT_FROM(This, point)); }
static HRESULT STDMETHODCALLTYPE point_interface(IConnectionPoint *This, IID *iid) {
  (void)This;
  if (!iid) return E_POINTER;
  *iid = IID_DDiscFormat2RawCDEvents;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE point_container(IConnectionPoint *This, IConnectionPointContainer **container) {
  sim2_format *f = FORMAT_FROM(This, point);
  if (!container) return E_POINTER;
  *container = &f->container;
  com_object_addref(f);
  return S_OK;
}

/* The sink is asked for the outgoing interface itself, as ATL's connection points do. */
static HRESULT STDMETHODCALLTYPE point_advise(IConnectionPoint *This, IUnknown *sink, DWORD *cookie) {
  sim2_format *f = FORMAT_FROM(This, point);
  sim2_log(f->world, f->recorder, "Advise");
  if (!sink || !cookie) return E_POINTER;
  if (f->sink) return CONNECT_E_ADVISELIMIT;
  HRESULT hr = sink->lpVtbl->QueryInterface(sink, &IID_DDiscFormat2RawCDEvents, (void **)&f->sink);
  if (FAILED(hr)) {
    f->sink = NULL;
    return CONNECT_E_CANNOTCONNECT;
  }
  *cookie = COOKIE;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE point_unadvise(IConnectionPoint *This, DWORD cookie) {
  sim2_format *f = FORMAT_FROM(This, point);
  sim2_log(f->world, f->recorder, "Unadvise");
  if (!f->sink || cookie != COOKIE) return CONNECT_E_NOCONNECTION;
  sim2_events_drop(f);
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE point_enum(IConnectionPoint *This, IEnumConnections **list) {
  (void)This;
  if (list) *list = NULL;
  return E_NOTIMPL;
}

static const IConnectionPointVtbl point_vtbl = {point_query, point_addref, point_release, point_interface, point_container,
                                                point_advise, point_unadvise, point_enum};

void sim2_events_init(sim2_format *f) {
  f->container.lpVtbl = &container_vtbl;
  f->point.lpVtbl = &point_vtbl;
}

void sim2_events_drop(sim2_format *f) {
  DDiscFormat2RawCDEvents *sink = f->sink;
  f->sink = NULL;
  if (sink) sink->lpVtbl->Release(sink);
}

void sim2_update(sim2_format *f, LONG start_lba, LONG sector_count, LONG last_written) {
  event_args *args = f->sink ? calloc(1, sizeof *args) : NULL;
  if (!args) return;
  com_object_init(&args->head, &args_vtbl, args_iids, args_destroy);
  args->start = start_lba, args->count = sector_count, args->written = last_written;
  IDispatch *object = (IDispatch *)FORMAT_IFACE(f), *progress = (IDispatch *)&args->head;
  if (f->world->config.events_vtable) {
    f->sink->lpVtbl->Update(f->sink, object, progress);
  } else {
    VARIANT arg[2]; /* DISPPARAMS lists the arguments last first: progress, then object */
    memset(arg, 0, sizeof arg);
    arg[0].vt = VT_DISPATCH, arg[0].pdispVal = progress;
    arg[1].vt = VT_DISPATCH, arg[1].pdispVal = object;
    DISPPARAMS params = {arg, NULL, 2, 0};
    f->sink->lpVtbl->Invoke(f->sink, DISPID_DDISCFORMAT2RAWCDEVENTS_UPDATE, &iid_null, 0, DISPATCH_METHOD,
                            &params, NULL, NULL, NULL);
  }
  com_object_release(&args->head);
}
