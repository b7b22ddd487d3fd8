/* The IMAPI2 GUIDs (imapi2.h), defined once; and, off Windows, the Automation helpers used. */
#include "imapi2.h"

#include <stdlib.h>
#include <string.h>

#define IMAPI2_GUID(d1, d2) {d1, 0x7F64 + (d2), 0x5B0F, {0x8F, 0x00, 0x5D, 0x77, 0xAF, 0xBE, 0x26, 0x1E}}
#define RAW_IMAGE_GUID(d1) {d1, 0x9D65, 0x49CE, {0xB3, 0x35, 0x40, 0x63, 0x0D, 0x90, 0x12, 0x27}}

const CLSID CLSID_MsftDiscMaster2 = IMAPI2_GUID(0x2735412E, 0);
const CLSID CLSID_MsftDiscRecorder2 = IMAPI2_GUID(0x2735412D, 0);
const CLSID CLSID_MsftDiscFormat2RawCD = IMAPI2_GUID(0x27354128, 0);
const CLSID CLSID_MsftRawCDImageCreator = RAW_IMAGE_GUID(0x25983561);
const IID IID_IDiscMaster2 = IMAPI2_GUID(0x27354130, 0);
const IID IID_IDiscRecorder2Ex = IMAPI2_GUID(0x27354132, 0);
const IID IID_IDiscRecorder2 = IMAPI2_GUID(0x27354133, 0);
const IID IID_IWriteEngine2EventArgs = IMAPI2_GUID(0x27354136, 0);
const IID IID_DDiscFormat2RawCDEvents = IMAPI2_GUID(0x27354142, 0);
const IID IID_IDiscFormat2RawCDEventArgs = IMAPI2_GUID(0x27354143, 0);
const IID IID_IDiscFormat2 = IMAPI2_GUID(0x27354152, 0x1000); /* Data2 0x8F64 */
const IID IID_IDiscFormat2RawCD = IMAPI2_GUID(0x27354155, 0x1000);
const IID IID_IRawCDImageCreator = RAW_IMAGE_GUID(0x25983550);
const IID IID_IRawCDImageTrackInfo = RAW_IMAGE_GUID(0x25983551);

/* OLE's own IIDs end in C000-000000000046; the connection points' share their last fields. */
#define OLE_IID(d1) {d1, 0, 0, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}}
#define OCIDL_IID(d1) {d1, 0xBAB4, 0x101A, {0xB6, 0x9C, 0x00, 0xAA, 0x00, 0x34, 0x1D, 0x07}}

const IID BA_IID_IDispatch = OLE_IID(0x00020400);
const IID BA_IID_IStream = OLE_IID(0x0000000C);
const IID BA_IID_ISequentialStream = {0x0C733A30, 0x2A1C, 0x11CE, {0xAD, 0xE5, 0x00, 0xAA, 0x00, 0x44, 0x77, 0x3D}};
const IID BA_IID_IConnectionPointContainer = OCIDL_IID(0xB196B284);
const IID BA_IID_IConnectionPoint = OCIDL_IID(0xB196B286);

#ifndef _WIN32
static size_t element_size(VARTYPE vt) {
  switch (vt) {
  case VT_VARIANT: return sizeof(VARIANT);
  case VT_UI1: return 1;
  case VT_I4:
  case VT_UI4: return 4;
  case VT_BSTR: return sizeof(BSTR);
  default: return 0;
  }
}

SAFEARRAY *SafeArrayCreateVector(VARTYPE vt, LONG lower, ULONG count) {
  size_t size = element_size(vt);
  SAFEARRAY *array = size ? calloc(1, sizeof *array) : NULL;
  if (!array) return NULL;
  array->pvData = calloc(count ? count : 1, size);
  if (!array->pvData) {
    free(array);
    return NULL;
  }
  array->cDims = 1;
  array->cbElements = (ULONG)size;
  array->rgsabound[0].cElements = count;
  array->rgsabound[0].lLbound = lower;
  array->vt = vt;
  return array;
}

HRESULT SafeArrayAccessData(SAFEARRAY *array, void **data) {
  if (!array || !data) return E_INVALIDARG;
  array->cLocks++;
  *data = array->pvData;
  return S_OK;
}

HRESULT SafeArrayUnaccessData(SAFEARRAY *array) {
  if (!array || array->cLocks == 0) return E_UNEXPECTED;
  array->cLocks--;
  return S_OK;
}

HRESULT SafeArrayDestroy(SAFEARRAY *array) {
  if (!array) return S_OK;
  for (ULONG i = 0; i < array->rgsabound[0].cElements; i++) {
    if (array->vt == VT_VARIANT) VariantClear((VARIANT *)array->pvData + i);
    else if (array->vt == VT_BSTR) SysFreeString(((BSTR *)array->pvData)[i]);
  }
  free(array->pvData);
  free(array);
  return S_OK;
}

HRESULT SafeArrayGetVartype(SAFEARRAY *array, VARTYPE *vt) {
  if (!array || !vt) return E_INVALIDARG;
  *vt = array->vt;
  return S_OK;
}

HRESULT SafeArrayGetLBound(SAFEARRAY *array, UINT dim, LONG *bound) {
  if (!array || dim != 1 || !bound) return E_INVALIDARG;
  *bound = array->rgsabound[0].lLbound;
  return S_OK;
}

HRESULT SafeArrayGetUBound(SAFEARRAY *array, UINT dim, LONG *bound) {
  if (!array || dim != 1 || !bound) return E_INVALIDARG;
  *bound = array->rgsabound[0].lLbound + (LONG)array->rgsabound[0].cElements - 1;
  return S_OK;
}

void VariantInit(VARIANT *v) { memset(v, 0, sizeof *v); }

HRESULT VariantClear(VARIANT *v) {
  if (v->vt == VT_BSTR) SysFreeString(v->bstrVal);
  else if ((v->vt == VT_DISPATCH || v->vt == VT_UNKNOWN) && v->punkVal) v->punkVal->lpVtbl->Release(v->punkVal);
  else if (v->vt & VT_ARRAY) SafeArrayDestroy(v->parray);
  VariantInit(v);
  return S_OK;
}

UINT SysStringLen(BSTR text) { return text ? ((uint32_t *)text)[-1] / sizeof(WCHAR) : 0; }
#endif
