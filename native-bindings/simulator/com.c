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

void sim_ascii_from_bstr(const WCHAR *text, char *out, size_t size) {
  size_t i = 0;
  for (; text && text[i] && i + 1 < size; i++) out[i] = text[i] < 0x80 ? (char)text[i] : '?';
  out[i] = 0;
}

HRESULT STDMETHODCALLTYPE sim_type_info_count(void *This, UINT *count) {
  (void)This;
  if (count) *count = 0;
  return S_OK;
}

HRESULT STDMETHODCALLTYPE sim_type_info(void *This, UINT index, LCID lcid, ITypeInfo **info) {
  (void)This, (void)index, (void)lcid;
  if (info) *info = NULL;
  return E_NOTIMPL;
}

HRESULT STDMETHODCALLTYPE sim_ids_of_names(void *This, REFIID riid, LPOLESTR *names, UINT count, LCID lcid, DISPID *ids) {
  (void)This, (void)riid, (void)names, (void)count, (void)lcid, (void)ids;
  return E_NOTIMPL;
}

HRESULT STDMETHODCALLTYPE sim_invoke(void *This, DISPID member, REFIID riid, LCID lcid, WORD flags, DISPPARAMS *params,
                                     VARIANT *result, EXCEPINFO *exception, UINT *arg_error) {
  (void)This, (void)member, (void)riid, (void)lcid, (void)flags, (void)params, (void)result, (void)exception, (void)arg_error;
  return DISP_E_MEMBERNOTFOUND;
}

SAFEARRAY *sim_numbers(VARTYPE vt, const LONG *values, int count) {
  SAFEARRAY *array = SafeArrayCreateVector(VT_VARIANT, 0, (ULONG)count);
  VARIANT *data = NULL;
  if (!array || FAILED(SafeArrayAccessData(array, (void **)&data))) return array;
  for (int i = 0; i < count; i++) {
    data[i].vt = vt;
    if (vt == VT_UI4) data[i].ulVal = (ULONG)values[i];
    else data[i].lVal = values[i];
  }
  SafeArrayUnaccessData(array);
  return array;
}

SAFEARRAY *sim_texts(const char *const *texts, int count) {
  SAFEARRAY *array = SafeArrayCreateVector(VT_VARIANT, 0, (ULONG)count);
  VARIANT *data = NULL;
  if (!array || FAILED(SafeArrayAccessData(array, (void **)&data))) return array;
  for (int i = 0; i < count; i++) {
    data[i].vt = VT_BSTR;
    data[i].bstrVal = sim_bstr_from_ascii(texts[i]);
  }
  SafeArrayUnaccessData(array);
  return array;
}
