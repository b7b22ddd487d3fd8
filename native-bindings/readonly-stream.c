/* A read-only IStream over a read callback (readonly-stream.h). */
#include "readonly-stream.h"

#include <stdlib.h>
#include <string.h>

#include "com-object.h"

typedef struct {
  com_object head; /* the IStream */
  uint64_t size, position;
  readonly_read_fn read;
  readonly_free_fn free_context;
  void *context;
} readonly;

#define SELF(p) ((readonly *)(p))

static void ro_destroy(com_object *o) {
  readonly *s = (readonly *)o;
  if (s->free_context) s->free_context(s->context);
  free(s);
}

/* Reads what is left up to `cb`; S_FALSE at the end ("fewer bytes than requested"). */
static HRESULT STDMETHODCALLTYPE ro_read(IStream *This, void *pv, ULONG cb, ULONG *pcbRead) {
  readonly *s = SELF(This);
  if (!pv) return STG_E_INVALIDPOINTER;
  uint64_t left = s->position < s->size ? s->size - s->position : 0;
  ULONG n = left < cb ? (ULONG)left : cb;
  HRESULT hr = n ? s->read(s->context, s->position, pv, n) : S_OK;
  if (FAILED(hr)) n = 0;
  s->position += n;
  if (pcbRead) *pcbRead = n;
  return FAILED(hr) ? hr : n < cb ? S_FALSE : S_OK;
}

static HRESULT STDMETHODCALLTYPE ro_write(IStream *This, const void *pv, ULONG cb, ULONG *written) {
  (void)This, (void)pv, (void)cb;
  if (written) *written = 0;
  return STG_E_ACCESSDENIED;
}

static HRESULT STDMETHODCALLTYPE ro_seek(IStream *This, LARGE_INTEGER move, DWORD origin, ULARGE_INTEGER *position) {
  readonly *s = SELF(This);
  int64_t base = origin == STREAM_SEEK_SET ? 0 : origin == STREAM_SEEK_CUR ? (int64_t)s->position : (int64_t)s->size;
  if (origin > STREAM_SEEK_END) return STG_E_INVALIDFUNCTION;
  if (base + move.QuadPart < 0) return STG_E_INVALIDFUNCTION;
  s->position = (uint64_t)(base + move.QuadPart);
  if (position) position->QuadPart = s->position;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE ro_set_size(IStream *This, ULARGE_INTEGER size) {
  (void)This, (void)size;
  return STG_E_ACCESSDENIED;
}

/* Not offered: IMAPI2 uses Read, Seek and Stat. */
static HRESULT STDMETHODCALLTYPE ro_copy_to(IStream *This, IStream *to, ULARGE_INTEGER cb, ULARGE_INTEGER *read, ULARGE_INTEGER *written) {
  (void)This, (void)to, (void)cb, (void)read, (void)written;
  return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE ro_commit(IStream *This, DWORD flags) {
  (void)This, (void)flags;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE ro_revert(IStream *This) {
  (void)This;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE ro_lock(IStream *This, ULARGE_INTEGER offset, ULARGE_INTEGER cb, DWORD type) {
  (void)This, (void)offset, (void)cb, (void)type;
  return STG_E_INVALIDFUNCTION;
}

static HRESULT STDMETHODCALLTYPE ro_stat(IStream *This, STATSTG *stat, DWORD flags) {
  (void)flags; /* no name to give: STATFLAG_NONAME or not, pwcsName is NULL */
  if (!stat) return STG_E_INVALIDPOINTER;
  memset(stat, 0, sizeof *stat);
  stat->type = STGTY_STREAM;
  stat->cbSize.QuadPart = SELF(This)->size;
  stat->grfMode = STGM_READ;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE ro_clone(IStream *This, IStream **clone) {
  (void)This;
  if (clone) *clone = NULL;
  return E_NOTIMPL;
}

static const IID *const readonly_iids[] = {&BA_IID_IStream, &BA_IID_ISequentialStream, NULL};
static const IStreamVtbl readonly_vtbl = {COM_OBJECT_SLOTS(IStream), ro_read, ro_write, ro_seek, ro_set_size,
                                          ro_copy_to, ro_commit, ro_revert, ro_lock, ro_lock, ro_stat, ro_clone};

HRESULT readonly_stream(uint64_t size, readonly_read_fn read, readonly_free_fn free_context, void *context, IStream **out) {
  readonly *s = calloc(1, sizeof *s);
  *out = NULL;
  if (!s) return E_OUTOFMEMORY;
  com_object_init(&s->head, &readonly_vtbl, readonly_iids, ro_destroy);
  s->size = size;
  s->read = read;
  s->free_context = free_context;
  s->context = context;
  *out = (IStream *)&s->head;
  return S_OK;
}

void *readonly_stream_context(IStream *stream) {
  return stream && ((com_object *)stream)->vtbl == &readonly_vtbl ? SELF(stream)->context : NULL;
}
