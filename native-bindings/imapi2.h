/*
 * IMAPI2 declarations for raw disc-at-once audio, written by hand as imapi.h is for IMAPI v1
 * (MinGW-w64 ships no imapi2.h). Slot order is the type library's (the SDK's imapi2.idl), checked
 * against win32metadata's projections and com4j's VTIDs; enum values are the true ones (genidl's
 * dump carries an extra 0x0C000000); HRESULTs are imapi2error.h's. Every slot of every interface
 * used is declared, in order, so that the vtables can be implemented (by the simulator) as well
 * as called (by the shim).
 *
 * On Windows this builds on <windows.h>, <oaidl.h> and <ocidl.h>; elsewhere the Automation subset
 * the shim and the simulator share (VARIANT, SAFEARRAY, IDispatch, IStream, connection points) is
 * declared here, and implemented in imapi2-guids.c.
 */
#ifndef BURN_AUDIO_IMAPI2_H
#define BURN_AUDIO_IMAPI2_H

#include "imapi.h"

/* The interface itself: a pointer to its vtable. */
#define BA_INTERFACE(T) \
  struct T {            \
    const T##Vtbl *lpVtbl; \
  }

#ifdef _WIN32
#include <oaidl.h>
#include <objidl.h>
#include <ocidl.h>
#else /* the Automation subset */
typedef int16_t VARIANT_BOOL;
typedef uint16_t USHORT;
typedef int32_t DISPID;
typedef uint32_t LCID;
typedef unsigned int UINT;
typedef int64_t LONGLONG;
typedef uint64_t ULONGLONG;
#define VARIANT_TRUE ((VARIANT_BOOL)-1)
#define VARIANT_FALSE ((VARIANT_BOOL)0)

typedef union LARGE_INTEGER {
  struct {
    DWORD LowPart;
    LONG HighPart;
  } u;
  LONGLONG QuadPart;
} LARGE_INTEGER;
typedef union ULARGE_INTEGER {
  struct {
    DWORD LowPart;
    DWORD HighPart;
  } u;
  ULONGLONG QuadPart;
} ULARGE_INTEGER;
typedef struct FILETIME {
  DWORD dwLowDateTime, dwHighDateTime;
} FILETIME;

#define VT_BSTR 8
#define VT_DISPATCH 9
#define VT_VARIANT 12
#define VT_UNKNOWN 13
#define VT_UI1 17
#define VT_UI4 19
#define VT_ARRAY 0x2000
#define VT_BYREF 0x4000

typedef struct SAFEARRAYBOUND {
  ULONG cElements;
  LONG lLbound;
} SAFEARRAYBOUND;
/* One-dimensional only; vt is where Windows keeps it with FADF_HAVEVARTYPE (here: a field). */
typedef struct SAFEARRAY {
  USHORT cDims, fFeatures;
  ULONG cbElements, cLocks;
  void *pvData;
  SAFEARRAYBOUND rgsabound[1];
  VARTYPE vt;
} SAFEARRAY;

typedef struct IDispatch IDispatch;
typedef struct ITypeInfo ITypeInfo;   /* never called */
typedef struct IEnumVARIANT IEnumVARIANT; /* never called */
typedef struct EXCEPINFO EXCEPINFO;   /* never filled */

typedef struct VARIANT {
  VARTYPE vt;
  WORD wReserved1, wReserved2, wReserved3;
  union {
    LONG lVal;
    ULONG ulVal;
    BYTE bVal;
    VARIANT_BOOL boolVal;
    BSTR bstrVal;
    IUnknown *punkVal;
    IDispatch *pdispVal;
    SAFEARRAY *parray;
    IDispatch **ppdispVal;
    void *byref;
    int64_t padding[2];
  };
} VARIANT;

typedef struct DISPPARAMS {
  VARIANT *rgvarg;
  DISPID *rgdispidNamedArgs;
  UINT cArgs, cNamedArgs;
} DISPPARAMS;

#define DISPATCH_METHOD 1
#define DISP_E_MEMBERNOTFOUND ((HRESULT)0x80020003)
#define DISP_E_TYPEMISMATCH ((HRESULT)0x80020005)
#define DISP_E_BADPARAMCOUNT ((HRESULT)0x8002000E)
#define STG_E_INVALIDFUNCTION ((HRESULT)0x80030001)
#define STG_E_ACCESSDENIED ((HRESULT)0x80030005)
#define STG_E_INVALIDPOINTER ((HRESULT)0x80030009)
#define STG_E_READFAULT ((HRESULT)0x8003001E)
#define E_ACCESSDENIED ((HRESULT)0x80070005)
#define E_UNEXPECTED ((HRESULT)0x8000FFFF)

SAFEARRAY *SafeArrayCreateVector(VARTYPE vt, LONG lower, ULONG count);
HRESULT SafeArrayAccessData(SAFEARRAY *array, void **data);
HRESULT SafeArrayUnaccessData(SAFEARRAY *array);
HRESULT SafeArrayDestroy(SAFEARRAY *array);
HRESULT SafeArrayGetVartype(SAFEARRAY *array, VARTYPE *vt);
HRESULT SafeArrayGetLBound(SAFEARRAY *array, UINT dim, LONG *bound);
HRESULT SafeArrayGetUBound(SAFEARRAY *array, UINT dim, LONG *bound);
void VariantInit(VARIANT *v);
HRESULT VariantClear(VARIANT *v);
UINT SysStringLen(BSTR text);

/* IDispatch, the base of every IMAPI2 interface. */
typedef struct IDispatchVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(IDispatch *This, REFIID riid, void **ppv);
  ULONG(STDMETHODCALLTYPE *AddRef)(IDispatch *This);
  ULONG(STDMETHODCALLTYPE *Release)(IDispatch *This);
  HRESULT(STDMETHODCALLTYPE *GetTypeInfoCount)(IDispatch *This, UINT *count);
  HRESULT(STDMETHODCALLTYPE *GetTypeInfo)(IDispatch *This, UINT index, LCID lcid, ITypeInfo **info);
  HRESULT(STDMETHODCALLTYPE *GetIDsOfNames)(IDispatch *This, REFIID riid, LPOLESTR *names, UINT count, LCID lcid, DISPID *ids);
  HRESULT(STDMETHODCALLTYPE *Invoke)(IDispatch *This, DISPID member, REFIID riid, LCID lcid, WORD flags, DISPPARAMS *params,
                                     VARIANT *result, EXCEPINFO *exception, UINT *arg_error);
} IDispatchVtbl;
BA_INTERFACE(IDispatch);

/* IStream (objidl.h): ISequentialStream's Read and Write, then IStream's own slots. */
#define STREAM_SEEK_SET 0
#define STREAM_SEEK_CUR 1
#define STREAM_SEEK_END 2
#define STATFLAG_DEFAULT 0
#define STATFLAG_NONAME 1
#define STGTY_STREAM 2
#define STGM_READ 0

typedef struct STATSTG {
  LPOLESTR pwcsName;
  DWORD type;
  ULARGE_INTEGER cbSize;
  FILETIME mtime, ctime, atime;
  DWORD grfMode, grfLocksSupported;
  CLSID clsid;
  DWORD grfStateBits, reserved;
} STATSTG;

typedef struct IStream IStream;
typedef struct IStreamVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(IStream *This, REFIID riid, void **ppv);
  ULONG(STDMETHODCALLTYPE *AddRef)(IStream *This);
  ULONG(STDMETHODCALLTYPE *Release)(IStream *This);
  HRESULT(STDMETHODCALLTYPE *Read)(IStream *This, void *pv, ULONG cb, ULONG *pcbRead);
  HRESULT(STDMETHODCALLTYPE *Write)(IStream *This, const void *pv, ULONG cb, ULONG *pcbWritten);
  HRESULT(STDMETHODCALLTYPE *Seek)(IStream *This, LARGE_INTEGER move, DWORD origin, ULARGE_INTEGER *position);
  HRESULT(STDMETHODCALLTYPE *SetSize)(IStream *This, ULARGE_INTEGER size);
  HRESULT(STDMETHODCALLTYPE *CopyTo)(IStream *This, IStream *to, ULARGE_INTEGER cb, ULARGE_INTEGER *read, ULARGE_INTEGER *written);
  HRESULT(STDMETHODCALLTYPE *Commit)(IStream *This, DWORD flags);
  HRESULT(STDMETHODCALLTYPE *Revert)(IStream *This);
  HRESULT(STDMETHODCALLTYPE *LockRegion)(IStream *This, ULARGE_INTEGER offset, ULARGE_INTEGER cb, DWORD type);
  HRESULT(STDMETHODCALLTYPE *UnlockRegion)(IStream *This, ULARGE_INTEGER offset, ULARGE_INTEGER cb, DWORD type);
  HRESULT(STDMETHODCALLTYPE *Stat)(IStream *This, STATSTG *stat, DWORD flags);
  HRESULT(STDMETHODCALLTYPE *Clone)(IStream *This, IStream **clone);
} IStreamVtbl;
BA_INTERFACE(IStream);

/* Connection points (ocidl.h). */
typedef struct IConnectionPoint IConnectionPoint;
typedef struct IConnectionPointContainer IConnectionPointContainer;
typedef struct IEnumConnections IEnumConnections;         /* never called */
typedef struct IEnumConnectionPoints IEnumConnectionPoints; /* never called */
typedef struct IConnectionPointVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(IConnectionPoint *This, REFIID riid, void **ppv);
  ULONG(STDMETHODCALLTYPE *AddRef)(IConnectionPoint *This);
  ULONG(STDMETHODCALLTYPE *Release)(IConnectionPoint *This);
  HRESULT(STDMETHODCALLTYPE *GetConnectionInterface)(IConnectionPoint *This, IID *iid);
  HRESULT(STDMETHODCALLTYPE *GetConnectionPointContainer)(IConnectionPoint *This, IConnectionPointContainer **container);
  HRESULT(STDMETHODCALLTYPE *Advise)(IConnectionPoint *This, IUnknown *sink, DWORD *cookie);
  HRESULT(STDMETHODCALLTYPE *Unadvise)(IConnectionPoint *This, DWORD cookie);
  HRESULT(STDMETHODCALLTYPE *EnumConnections)(IConnectionPoint *This, IEnumConnections **list);
} IConnectionPointVtbl;
BA_INTERFACE(IConnectionPoint);
typedef struct IConnectionPointContainerVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(IConnectionPointContainer *This, REFIID riid, void **ppv);
  ULONG(STDMETHODCALLTYPE *AddRef)(IConnectionPointContainer *This);
  ULONG(STDMETHODCALLTYPE *Release)(IConnectionPointContainer *This);
  HRESULT(STDMETHODCALLTYPE *EnumConnectionPoints)(IConnectionPointContainer *This, IEnumConnectionPoints **list);
  HRESULT(STDMETHODCALLTYPE *FindConnectionPoint)(IConnectionPointContainer *This, REFIID riid, IConnectionPoint **point);
} IConnectionPointContainerVtbl;
BA_INTERFACE(IConnectionPointContainer);
#endif /* _WIN32 */

#ifndef CONNECT_E_NOCONNECTION /* olectl.h's */
#define CONNECT_E_NOCONNECTION ((HRESULT)0x80040200)
#define CONNECT_E_ADVISELIMIT ((HRESULT)0x80040201)
#define CONNECT_E_CANNOTCONNECT ((HRESULT)0x80040202)
#endif

/* Standard IIDs, defined in imapi2-guids.c for both builds (no uuid library off Windows). */
extern const IID BA_IID_IDispatch;                  /* 00020400-0000-0000-C000-000000000046 */
extern const IID BA_IID_ISequentialStream;          /* 0C733A30-2A1C-11CE-ADE5-00AA0044773D */
extern const IID BA_IID_IStream;                    /* 0000000C-0000-0000-C000-000000000046 */
extern const IID BA_IID_IConnectionPointContainer;  /* B196B284-BAB4-101A-B69C-00AA00341D07 */
extern const IID BA_IID_IConnectionPoint;           /* B196B286-BAB4-101A-B69C-00AA00341D07 */

/* ---- GUIDs (the SDK's imapi2.h), defined once in imapi2-guids.c ---- */
extern const CLSID CLSID_MsftDiscMaster2;        /* 2735412E-7F64-5B0F-8F00-5D77AFBE261E */
extern const CLSID CLSID_MsftDiscRecorder2;      /* 2735412D-7F64-5B0F-8F00-5D77AFBE261E */
extern const CLSID CLSID_MsftDiscFormat2RawCD;   /* 27354128-7F64-5B0F-8F00-5D77AFBE261E */
extern const CLSID CLSID_MsftRawCDImageCreator;  /* 25983561-9D65-49CE-B335-40630D901227 */
extern const IID IID_IDiscMaster2;               /* 27354130-7F64-5B0F-8F00-5D77AFBE261E */
extern const IID IID_IDiscRecorder2Ex;           /* 27354132-7F64-5B0F-8F00-5D77AFBE261E */
extern const IID IID_IDiscRecorder2;             /* 27354133-7F64-5B0F-8F00-5D77AFBE261E */
extern const IID IID_IWriteEngine2EventArgs;     /* 27354136-7F64-5B0F-8F00-5D77AFBE261E */
extern const IID IID_DDiscFormat2RawCDEvents;    /* 27354142-7F64-5B0F-8F00-5D77AFBE261E */
extern const IID IID_IDiscFormat2RawCDEventArgs; /* 27354143-7F64-5B0F-8F00-5D77AFBE261E */
extern const IID IID_IDiscFormat2;               /* 27354152-8F64-5B0F-8F00-5D77AFBE261E: 8F64, not 7F64 */
extern const IID IID_IDiscFormat2RawCD;          /* 27354155-8F64-5B0F-8F00-5D77AFBE261E */
extern const IID IID_IRawCDImageCreator;         /* 25983550-9D65-49CE-B335-40630D901227 */
extern const IID IID_IRawCDImageTrackInfo;       /* 25983551-9D65-49CE-B335-40630D901227 */

/* ---- HRESULTs (imapi2error.h; facility 0xAA) ---- */
#define E_IMAPI_REQUEST_CANCELLED ((HRESULT)0xC0AA0002)
#define E_IMAPI_RECORDER_REQUIRED ((HRESULT)0xC0AA0003)
#define S_IMAPI_SPEEDADJUSTED ((HRESULT)0x00AA0004)
#define S_IMAPI_ROTATIONADJUSTED ((HRESULT)0x00AA0005)
#define S_IMAPI_BOTHADJUSTED ((HRESULT)0x00AA0006)
#define S_IMAPI_COMMAND_HAS_SENSE_DATA ((HRESULT)0x00AA0200)
#define E_IMAPI_RECORDER_MEDIA_NO_MEDIA ((HRESULT)0xC0AA0202)
#define E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE ((HRESULT)0xC0AA0203)
#define E_IMAPI_RECORDER_MEDIA_BUSY ((HRESULT)0xC0AA0207)
#define E_IMAPI_RECORDER_NO_SUCH_FEATURE ((HRESULT)0xC0AA020A)
#define E_IMAPI_RECORDER_MEDIA_WRITE_PROTECTED ((HRESULT)0xC0AA0209)
#define E_IMAPI_RECORDER_LOCKED ((HRESULT)0xC0AA0210)
#define E_IMAPI_RECORDER_CLIENT_NAME_IS_NOT_VALID ((HRESULT)0xC0AA0211)
#define E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE ((HRESULT)0xC0AA02FF)
#define E_IMAPI_LOSS_OF_STREAMING ((HRESULT)0xC0AA0300)
#define E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE ((HRESULT)0xC0AA0301)
#define S_IMAPI_WRITE_NOT_IN_PROGRESS ((HRESULT)0x00AA0302)
#define E_IMAPI_DF2RAW_WRITE_IN_PROGRESS ((HRESULT)0xC0AA0600)
#define E_IMAPI_DF2RAW_WRITE_NOT_IN_PROGRESS ((HRESULT)0xC0AA0601)
#define E_IMAPI_DF2RAW_MEDIA_IS_NOT_PREPARED ((HRESULT)0xC0AA0602)
#define E_IMAPI_DF2RAW_MEDIA_IS_PREPARED ((HRESULT)0xC0AA0603)
#define E_IMAPI_DF2RAW_CLIENT_NAME_IS_NOT_VALID ((HRESULT)0xC0AA0604)
#define E_IMAPI_DF2RAW_MEDIA_IS_NOT_BLANK ((HRESULT)0xC0AA0606)     /* the header's value; some doc pages swap 0606/0607 */
#define E_IMAPI_DF2RAW_MEDIA_IS_NOT_SUPPORTED ((HRESULT)0xC0AA0607)
#define E_IMAPI_DF2RAW_NOT_ENOUGH_SPACE ((HRESULT)0xC0AA0609)
#define E_IMAPI_DF2RAW_NO_RECORDER_SPECIFIED ((HRESULT)0xC0AA060A)
#define E_IMAPI_DF2RAW_STREAM_NOT_SUPPORTED ((HRESULT)0xC0AA060D)
#define E_IMAPI_DF2RAW_DATA_BLOCK_TYPE_NOT_SUPPORTED ((HRESULT)0xC0AA060E)
#define E_IMAPI_DF2RAW_STREAM_LEADIN_TOO_SHORT ((HRESULT)0xC0AA060F)
#define E_IMAPI_DF2RAW_RECORDER_NOT_SUPPORTED ((HRESULT)0xC0AA0610)
#define E_IMAPI_RAW_IMAGE_IS_READ_ONLY ((HRESULT)0x80AA0A00)
#define E_IMAPI_RAW_IMAGE_TOO_MANY_TRACKS ((HRESULT)0x80AA0A01)
#define E_IMAPI_RAW_IMAGE_SECTOR_TYPE_NOT_SUPPORTED ((HRESULT)0x80AA0A02)
#define E_IMAPI_RAW_IMAGE_NO_TRACKS ((HRESULT)0x80AA0A03)
#define E_IMAPI_RAW_IMAGE_TRACKS_ALREADY_ADDED ((HRESULT)0x80AA0A04)
#define E_IMAPI_RAW_IMAGE_INSUFFICIENT_SPACE ((HRESULT)0x80AA0A05)
#define E_IMAPI_RAW_IMAGE_TOO_MANY_TRACK_INDEXES ((HRESULT)0x80AA0A06)
#define E_IMAPI_RAW_IMAGE_TRACK_INDEX_NOT_FOUND ((HRESULT)0x80AA0A07)
#define S_IMAPI_RAW_IMAGE_TRACK_INDEX_ALREADY_EXISTS ((HRESULT)0x00AA0A08)
#define E_IMAPI_RAW_IMAGE_TRACK_INDEX_OFFSET_ZERO_CANNOT_BE_CLEARED ((HRESULT)0x80AA0A09)
#define E_IMAPI_RAW_IMAGE_TRACK_INDEX_TOO_CLOSE_TO_OTHER_INDEX ((HRESULT)0x80AA0A0A)
/* Seen from IMAPI2 though not in imapi2error.h: a recorder that has gone away. */
#define BA_HRESULT_DEV_NOT_EXIST ((HRESULT)0x80070037) /* HRESULT_FROM_WIN32(ERROR_DEV_NOT_EXIST) */
#define BA_HRESULT_FILE_NOT_FOUND ((HRESULT)0x80070002) /* HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND): no such device path */

/* ---- enums (true values) ---- */
typedef enum IMAPI_MEDIA_PHYSICAL_TYPE {
  IMAPI_MEDIA_TYPE_UNKNOWN = 0, IMAPI_MEDIA_TYPE_CDROM = 1, IMAPI_MEDIA_TYPE_CDR = 2, IMAPI_MEDIA_TYPE_CDRW = 3,
  IMAPI_MEDIA_TYPE_DVDROM = 4, IMAPI_MEDIA_TYPE_DVDRAM = 5, IMAPI_MEDIA_TYPE_DVDPLUSR = 6, IMAPI_MEDIA_TYPE_DVDPLUSRW = 7,
  IMAPI_MEDIA_TYPE_DVDPLUSR_DUALLAYER = 8, IMAPI_MEDIA_TYPE_DVDDASHR = 9, IMAPI_MEDIA_TYPE_DVDDASHRW = 10,
  IMAPI_MEDIA_TYPE_DVDDASHR_DUALLAYER = 11, IMAPI_MEDIA_TYPE_DISK = 12, IMAPI_MEDIA_TYPE_DVDPLUSRW_DUALLAYER = 13,
  IMAPI_MEDIA_TYPE_HDDVDROM = 14, IMAPI_MEDIA_TYPE_HDDVDR = 15, IMAPI_MEDIA_TYPE_HDDVDRAM = 16, IMAPI_MEDIA_TYPE_BDROM = 17,
  IMAPI_MEDIA_TYPE_BDR = 18, IMAPI_MEDIA_TYPE_BDRE = 19, IMAPI_MEDIA_TYPE_MAX = 19
} IMAPI_MEDIA_PHYSICAL_TYPE;

/* The bytes of subcode after each 2352-byte sector: 16 (PQ_ONLY) or 96 (COOKED, RAW). */
typedef enum IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE {
  IMAPI_FORMAT2_RAW_CD_SUBCODE_PQ_ONLY = 1,
  IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_COOKED = 2,
  IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_RAW = 3
} IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE;

typedef enum IMAPI_FORMAT2_RAW_CD_WRITE_ACTION {
  IMAPI_FORMAT2_RAW_CD_WRITE_ACTION_UNKNOWN = 0,
  IMAPI_FORMAT2_RAW_CD_WRITE_ACTION_PREPARING = 1,
  IMAPI_FORMAT2_RAW_CD_WRITE_ACTION_WRITING = 2,
  IMAPI_FORMAT2_RAW_CD_WRITE_ACTION_FINISHING = 3
} IMAPI_FORMAT2_RAW_CD_WRITE_ACTION;

typedef enum IMAPI_CD_SECTOR_TYPE {
  IMAPI_CD_SECTOR_AUDIO = 0, IMAPI_CD_SECTOR_MODE_ZERO = 1, IMAPI_CD_SECTOR_MODE1 = 2, IMAPI_CD_SECTOR_MODE2FORM0 = 3,
  IMAPI_CD_SECTOR_MODE2FORM1 = 4, IMAPI_CD_SECTOR_MODE2FORM2 = 5, IMAPI_CD_SECTOR_MODE1RAW = 6,
  IMAPI_CD_SECTOR_MODE2FORM0RAW = 7, IMAPI_CD_SECTOR_MODE2FORM1RAW = 8, IMAPI_CD_SECTOR_MODE2FORM2RAW = 9
} IMAPI_CD_SECTOR_TYPE;

typedef enum IMAPI_CD_TRACK_DIGITAL_COPY_SETTING {
  IMAPI_CD_TRACK_DIGITAL_COPY_PERMITTED = 0,
  IMAPI_CD_TRACK_DIGITAL_COPY_PROHIBITED = 1,
  IMAPI_CD_TRACK_DIGITAL_COPY_SCMS = 2
} IMAPI_CD_TRACK_DIGITAL_COPY_SETTING;

typedef enum IMAPI_PROFILE_TYPE {
  IMAPI_PROFILE_TYPE_INVALID = 0, IMAPI_PROFILE_TYPE_CDROM = 0x08, IMAPI_PROFILE_TYPE_CD_RECORDABLE = 0x09,
  IMAPI_PROFILE_TYPE_CD_REWRITABLE = 0x0A, IMAPI_PROFILE_TYPE_NON_STANDARD = 0xFFFF
} IMAPI_PROFILE_TYPE;

typedef enum IMAPI_FEATURE_PAGE_TYPE {
  IMAPI_FEATURE_PAGE_TYPE_PROFILE_LIST = 0x0000, IMAPI_FEATURE_PAGE_TYPE_CORE = 0x0001,
  IMAPI_FEATURE_PAGE_TYPE_CD_TRACK_AT_ONCE = 0x002D, IMAPI_FEATURE_PAGE_TYPE_CD_MASTERING = 0x002E
} IMAPI_FEATURE_PAGE_TYPE;

typedef enum IMAPI_MODE_PAGE_TYPE {
  IMAPI_MODE_PAGE_TYPE_WRITE_PARAMETERS = 0x05, IMAPI_MODE_PAGE_TYPE_LEGACY_CAPABILITIES = 0x2A
} IMAPI_MODE_PAGE_TYPE;

typedef enum IMAPI_MODE_PAGE_REQUEST_TYPE {
  IMAPI_MODE_PAGE_REQUEST_TYPE_CURRENT_VALUES = 0, IMAPI_MODE_PAGE_REQUEST_TYPE_CHANGEABLE_VALUES = 1,
  IMAPI_MODE_PAGE_REQUEST_TYPE_DEFAULT_VALUES = 2, IMAPI_MODE_PAGE_REQUEST_TYPE_SAVED_VALUES = 3
} IMAPI_MODE_PAGE_REQUEST_TYPE;

typedef enum IMAPI_READ_TRACK_ADDRESS_TYPE {
  IMAPI_READ_TRACK_ADDRESS_TYPE_LBA = 0, IMAPI_READ_TRACK_ADDRESS_TYPE_TRACK = 1, IMAPI_READ_TRACK_ADDRESS_TYPE_SESSION = 2
} IMAPI_READ_TRACK_ADDRESS_TYPE;

#define IMAPI_SECTORS_PER_SECOND_AT_1X_CD 75
#define DISPID_DDISCFORMAT2RAWCDEVENTS_UPDATE 0x200

/* ---- interfaces ---- */
typedef struct IDiscMaster2 IDiscMaster2;
typedef struct IDiscRecorder2 IDiscRecorder2;
typedef struct IDiscRecorder2Ex IDiscRecorder2Ex;
typedef struct IDiscFormat2RawCD IDiscFormat2RawCD;
typedef struct IRawCDImageCreator IRawCDImageCreator;
typedef struct IRawCDImageTrackInfo IRawCDImageTrackInfo;
typedef struct IDiscFormat2RawCDEventArgs IDiscFormat2RawCDEventArgs;
typedef struct DDiscFormat2RawCDEvents DDiscFormat2RawCDEvents;

/* Slots 0-6 of a dual interface. The four IDispatch slots take `void *This`, so that one
   implementation serves every object; the ABI is the same. */
#define BA_DISPATCH_SLOTS(T)                                                                                         \
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(T * This, REFIID riid, void **ppv);                                     \
  ULONG(STDMETHODCALLTYPE *AddRef)(T * This);                                                                        \
  ULONG(STDMETHODCALLTYPE *Release)(T * This);                                                                       \
  HRESULT(STDMETHODCALLTYPE *GetTypeInfoCount)(void *This, UINT *count);                                             \
  HRESULT(STDMETHODCALLTYPE *GetTypeInfo)(void *This, UINT index, LCID lcid, ITypeInfo **info);                      \
  HRESULT(STDMETHODCALLTYPE *GetIDsOfNames)(void *This, REFIID riid, LPOLESTR *names, UINT count, LCID lcid, DISPID *ids); \
  HRESULT(STDMETHODCALLTYPE *Invoke)(void *This, DISPID member, REFIID riid, LCID lcid, WORD flags, DISPPARAMS *params, \
                                     VARIANT *result, EXCEPINFO *exception, UINT *arg_error)

/* IDiscMaster2: IDispatch, then 7-10. */
typedef struct IDiscMaster2Vtbl {
  BA_DISPATCH_SLOTS(IDiscMaster2);
  HRESULT(STDMETHODCALLTYPE *get__NewEnum)(IDiscMaster2 *This, IEnumVARIANT **list);
  HRESULT(STDMETHODCALLTYPE *get_Item)(IDiscMaster2 *This, LONG index, BSTR *unique_id);
  HRESULT(STDMETHODCALLTYPE *get_Count)(IDiscMaster2 *This, LONG *count);
  HRESULT(STDMETHODCALLTYPE *get_IsSupportedEnvironment)(IDiscMaster2 *This, VARIANT_BOOL *supported);
} IDiscMaster2Vtbl;
BA_INTERFACE(IDiscMaster2);

/* IDiscRecorder2: IDispatch, then 7-27. */
typedef struct IDiscRecorder2Vtbl {
  BA_DISPATCH_SLOTS(IDiscRecorder2);
  HRESULT(STDMETHODCALLTYPE *EjectMedia)(IDiscRecorder2 *This);
  HRESULT(STDMETHODCALLTYPE *CloseTray)(IDiscRecorder2 *This);
  HRESULT(STDMETHODCALLTYPE *AcquireExclusiveAccess)(IDiscRecorder2 *This, VARIANT_BOOL force, BSTR client_name);
  HRESULT(STDMETHODCALLTYPE *ReleaseExclusiveAccess)(IDiscRecorder2 *This);
  HRESULT(STDMETHODCALLTYPE *DisableMcn)(IDiscRecorder2 *This);
  HRESULT(STDMETHODCALLTYPE *EnableMcn)(IDiscRecorder2 *This);
  HRESULT(STDMETHODCALLTYPE *InitializeDiscRecorder)(IDiscRecorder2 *This, BSTR unique_id);
  HRESULT(STDMETHODCALLTYPE *get_ActiveDiscRecorder)(IDiscRecorder2 *This, BSTR *unique_id);
  HRESULT(STDMETHODCALLTYPE *get_VendorId)(IDiscRecorder2 *This, BSTR *value);
  HRESULT(STDMETHODCALLTYPE *get_ProductId)(IDiscRecorder2 *This, BSTR *value);
  HRESULT(STDMETHODCALLTYPE *get_ProductRevision)(IDiscRecorder2 *This, BSTR *value);
  HRESULT(STDMETHODCALLTYPE *get_VolumeName)(IDiscRecorder2 *This, BSTR *value);
  HRESULT(STDMETHODCALLTYPE *get_VolumePathNames)(IDiscRecorder2 *This, SAFEARRAY **paths); /* VARIANT VT_BSTR */
  HRESULT(STDMETHODCALLTYPE *get_DeviceCanLoadMedia)(IDiscRecorder2 *This, VARIANT_BOOL *value);
  HRESULT(STDMETHODCALLTYPE *get_LegacyDeviceNumber)(IDiscRecorder2 *This, LONG *value);
  HRESULT(STDMETHODCALLTYPE *get_SupportedFeaturePages)(IDiscRecorder2 *This, SAFEARRAY **value);
  HRESULT(STDMETHODCALLTYPE *get_CurrentFeaturePages)(IDiscRecorder2 *This, SAFEARRAY **value);
  HRESULT(STDMETHODCALLTYPE *get_SupportedProfiles)(IDiscRecorder2 *This, SAFEARRAY **value);
  HRESULT(STDMETHODCALLTYPE *get_CurrentProfiles)(IDiscRecorder2 *This, SAFEARRAY **value);
  HRESULT(STDMETHODCALLTYPE *get_SupportedModePages)(IDiscRecorder2 *This, SAFEARRAY **value);
  HRESULT(STDMETHODCALLTYPE *get_ExclusiveAccessOwner)(IDiscRecorder2 *This, BSTR *owner);
} IDiscRecorder2Vtbl;
BA_INTERFACE(IDiscRecorder2);

/* IDiscRecorder2Ex: IUnknown, then 3-20; MMC on IMAPI2's own handle. BYTE** buffers come from
   CoTaskMemAlloc. `current_only` is a 1-byte BOOLEAN, not a VARIANT_BOOL. */
typedef struct IDiscRecorder2ExVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(IDiscRecorder2Ex *This, REFIID riid, void **ppv);
  ULONG(STDMETHODCALLTYPE *AddRef)(IDiscRecorder2Ex *This);
  ULONG(STDMETHODCALLTYPE *Release)(IDiscRecorder2Ex *This);
  HRESULT(STDMETHODCALLTYPE *SendCommandNoData)(IDiscRecorder2Ex *This, BYTE *cdb, ULONG cdb_size, BYTE sense[18], ULONG timeout);
  HRESULT(STDMETHODCALLTYPE *SendCommandSendDataToDevice)(IDiscRecorder2Ex *This, BYTE *cdb, ULONG cdb_size, BYTE sense[18],
                                                         ULONG timeout, BYTE *buffer, ULONG size);
  HRESULT(STDMETHODCALLTYPE *SendCommandGetDataFromDevice)(IDiscRecorder2Ex *This, BYTE *cdb, ULONG cdb_size, BYTE sense[18],
                                                          ULONG timeout, BYTE *buffer, ULONG size, ULONG *fetched);
  HRESULT(STDMETHODCALLTYPE *ReadDvdStructure)(IDiscRecorder2Ex *This, ULONG format, ULONG address, ULONG layer, ULONG agid,
                                              BYTE **data, ULONG *count);
  HRESULT(STDMETHODCALLTYPE *SendDvdStructure)(IDiscRecorder2Ex *This, ULONG format, BYTE *data, ULONG count);
  HRESULT(STDMETHODCALLTYPE *GetAdapterDescriptor)(IDiscRecorder2Ex *This, BYTE **data, ULONG *size);
  HRESULT(STDMETHODCALLTYPE *GetDeviceDescriptor)(IDiscRecorder2Ex *This, BYTE **data, ULONG *size);
  HRESULT(STDMETHODCALLTYPE *GetDiscInformation)(IDiscRecorder2Ex *This, BYTE **info, ULONG *size);
  HRESULT(STDMETHODCALLTYPE *GetTrackInformation)(IDiscRecorder2Ex *This, ULONG address, IMAPI_READ_TRACK_ADDRESS_TYPE type,
                                                 BYTE **info, ULONG *size);
  HRESULT(STDMETHODCALLTYPE *GetFeaturePage)(IDiscRecorder2Ex *This, IMAPI_FEATURE_PAGE_TYPE feature, boolean current_only,
                                            BYTE **data, ULONG *size);
  HRESULT(STDMETHODCALLTYPE *GetModePage)(IDiscRecorder2Ex *This, IMAPI_MODE_PAGE_TYPE page, IMAPI_MODE_PAGE_REQUEST_TYPE request,
                                         BYTE **data, ULONG *size);
  HRESULT(STDMETHODCALLTYPE *SetModePage)(IDiscRecorder2Ex *This, IMAPI_MODE_PAGE_REQUEST_TYPE request, BYTE *data, ULONG size);
  HRESULT(STDMETHODCALLTYPE *GetSupportedFeaturePages)(IDiscRecorder2Ex *This, boolean current_only,
                                                      IMAPI_FEATURE_PAGE_TYPE **pages, ULONG *count);
  HRESULT(STDMETHODCALLTYPE *GetSupportedProfiles)(IDiscRecorder2Ex *This, boolean current_only, IMAPI_PROFILE_TYPE **profiles,
                                                  ULONG *count);
  HRESULT(STDMETHODCALLTYPE *GetSupportedModePages)(IDiscRecorder2Ex *This, IMAPI_MODE_PAGE_REQUEST_TYPE request,
                                                   IMAPI_MODE_PAGE_TYPE **pages, ULONG *count);
  HRESULT(STDMETHODCALLTYPE *GetByteAlignmentMask)(IDiscRecorder2Ex *This, ULONG *value);
  HRESULT(STDMETHODCALLTYPE *GetMaximumNonPageAlignedTransferSize)(IDiscRecorder2Ex *This, ULONG *value);
  HRESULT(STDMETHODCALLTYPE *GetMaximumPageAlignedTransferSize)(IDiscRecorder2Ex *This, ULONG *value);
} IDiscRecorder2ExVtbl;
BA_INTERFACE(IDiscRecorder2Ex);

/* IDiscFormat2RawCD: IDispatch, IDiscFormat2 (7-11), then its own 12-35. */
typedef struct IDiscFormat2RawCDVtbl {
  BA_DISPATCH_SLOTS(IDiscFormat2RawCD);
  HRESULT(STDMETHODCALLTYPE *IsRecorderSupported)(IDiscFormat2RawCD *This, IDiscRecorder2 *recorder, VARIANT_BOOL *value);
  HRESULT(STDMETHODCALLTYPE *IsCurrentMediaSupported)(IDiscFormat2RawCD *This, IDiscRecorder2 *recorder, VARIANT_BOOL *value);
  HRESULT(STDMETHODCALLTYPE *get_MediaPhysicallyBlank)(IDiscFormat2RawCD *This, VARIANT_BOOL *value);
  HRESULT(STDMETHODCALLTYPE *get_MediaHeuristicallyBlank)(IDiscFormat2RawCD *This, VARIANT_BOOL *value);
  HRESULT(STDMETHODCALLTYPE *get_SupportedMediaTypes)(IDiscFormat2RawCD *This, SAFEARRAY **value);
  HRESULT(STDMETHODCALLTYPE *PrepareMedia)(IDiscFormat2RawCD *This);
  HRESULT(STDMETHODCALLTYPE *WriteMedia)(IDiscFormat2RawCD *This, IStream *data); /* the image starts at MSF 95:00:00 */
  HRESULT(STDMETHODCALLTYPE *WriteMedia2)(IDiscFormat2RawCD *This, IStream *data, LONG stream_lead_in_sectors);
  HRESULT(STDMETHODCALLTYPE *CancelWrite)(IDiscFormat2RawCD *This);
  HRESULT(STDMETHODCALLTYPE *ReleaseMedia)(IDiscFormat2RawCD *This);
  HRESULT(STDMETHODCALLTYPE *SetWriteSpeed)(IDiscFormat2RawCD *This, LONG sectors_per_second, VARIANT_BOOL pure_cav);
  HRESULT(STDMETHODCALLTYPE *put_Recorder)(IDiscFormat2RawCD *This, IDiscRecorder2 *recorder);
  HRESULT(STDMETHODCALLTYPE *get_Recorder)(IDiscFormat2RawCD *This, IDiscRecorder2 **recorder);
  HRESULT(STDMETHODCALLTYPE *put_BufferUnderrunFreeDisabled)(IDiscFormat2RawCD *This, VARIANT_BOOL value);
  HRESULT(STDMETHODCALLTYPE *get_BufferUnderrunFreeDisabled)(IDiscFormat2RawCD *This, VARIANT_BOOL *value);
  HRESULT(STDMETHODCALLTYPE *get_StartOfNextSession)(IDiscFormat2RawCD *This, LONG *value);
  HRESULT(STDMETHODCALLTYPE *get_LastPossibleStartOfLeadout)(IDiscFormat2RawCD *This, LONG *value);
  HRESULT(STDMETHODCALLTYPE *get_CurrentPhysicalMediaType)(IDiscFormat2RawCD *This, IMAPI_MEDIA_PHYSICAL_TYPE *value);
  HRESULT(STDMETHODCALLTYPE *get_SupportedSectorTypes)(IDiscFormat2RawCD *This, SAFEARRAY **value); /* VARIANT VT_UI4 */
  HRESULT(STDMETHODCALLTYPE *put_RequestedSectorType)(IDiscFormat2RawCD *This, IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE value);
  HRESULT(STDMETHODCALLTYPE *get_RequestedSectorType)(IDiscFormat2RawCD *This, IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE *value);
  HRESULT(STDMETHODCALLTYPE *put_ClientName)(IDiscFormat2RawCD *This, BSTR value);
  HRESULT(STDMETHODCALLTYPE *get_ClientName)(IDiscFormat2RawCD *This, BSTR *value);
  HRESULT(STDMETHODCALLTYPE *get_RequestedWriteSpeed)(IDiscFormat2RawCD *This, LONG *value);
  HRESULT(STDMETHODCALLTYPE *get_RequestedRotationTypeIsPureCAV)(IDiscFormat2RawCD *This, VARIANT_BOOL *value);
  HRESULT(STDMETHODCALLTYPE *get_CurrentWriteSpeed)(IDiscFormat2RawCD *This, LONG *value);
  HRESULT(STDMETHODCALLTYPE *get_CurrentRotationTypeIsPureCAV)(IDiscFormat2RawCD *This, VARIANT_BOOL *value);
  HRESULT(STDMETHODCALLTYPE *get_SupportedWriteSpeeds)(IDiscFormat2RawCD *This, SAFEARRAY **value); /* VARIANT VT_UI4 */
  HRESULT(STDMETHODCALLTYPE *get_SupportedWriteSpeedDescriptors)(IDiscFormat2RawCD *This, SAFEARRAY **value);
} IDiscFormat2RawCDVtbl;
BA_INTERFACE(IDiscFormat2RawCD);

/* IRawCDImageCreator: IDispatch, then 7-25. */
typedef struct IRawCDImageCreatorVtbl {
  BA_DISPATCH_SLOTS(IRawCDImageCreator);
  HRESULT(STDMETHODCALLTYPE *CreateResultImage)(IRawCDImageCreator *This, IStream **image);
  HRESULT(STDMETHODCALLTYPE *AddTrack)(IRawCDImageCreator *This, IMAPI_CD_SECTOR_TYPE type, IStream *data, LONG *track_index);
  HRESULT(STDMETHODCALLTYPE *AddSpecialPregap)(IRawCDImageCreator *This, IStream *data);
  HRESULT(STDMETHODCALLTYPE *AddSubcodeRWGenerator)(IRawCDImageCreator *This, IStream *subcode);
  HRESULT(STDMETHODCALLTYPE *put_ResultingImageType)(IRawCDImageCreator *This, IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE value);
  HRESULT(STDMETHODCALLTYPE *get_ResultingImageType)(IRawCDImageCreator *This, IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE *value);
  HRESULT(STDMETHODCALLTYPE *get_StartOfLeadout)(IRawCDImageCreator *This, LONG *value);
  HRESULT(STDMETHODCALLTYPE *put_StartOfLeadoutLimit)(IRawCDImageCreator *This, LONG value);
  HRESULT(STDMETHODCALLTYPE *get_StartOfLeadoutLimit)(IRawCDImageCreator *This, LONG *value);
  HRESULT(STDMETHODCALLTYPE *put_DisableGaplessAudio)(IRawCDImageCreator *This, VARIANT_BOOL value);
  HRESULT(STDMETHODCALLTYPE *get_DisableGaplessAudio)(IRawCDImageCreator *This, VARIANT_BOOL *value);
  HRESULT(STDMETHODCALLTYPE *put_MediaCatalogNumber)(IRawCDImageCreator *This, BSTR value);
  HRESULT(STDMETHODCALLTYPE *get_MediaCatalogNumber)(IRawCDImageCreator *This, BSTR *value);
  HRESULT(STDMETHODCALLTYPE *put_StartingTrackNumber)(IRawCDImageCreator *This, LONG value);
  HRESULT(STDMETHODCALLTYPE *get_StartingTrackNumber)(IRawCDImageCreator *This, LONG *value);
  HRESULT(STDMETHODCALLTYPE *get_TrackInfo)(IRawCDImageCreator *This, LONG track_index, IRawCDImageTrackInfo **info);
  HRESULT(STDMETHODCALLTYPE *get_NumberOfExistingTracks)(IRawCDImageCreator *This, LONG *value);
  HRESULT(STDMETHODCALLTYPE *get_LastUsedUserSectorInImage)(IRawCDImageCreator *This, LONG *value);
  HRESULT(STDMETHODCALLTYPE *get_ExpectedTableOfContents)(IRawCDImageCreator *This, SAFEARRAY **toc);
} IRawCDImageCreatorVtbl;
BA_INTERFACE(IRawCDImageCreator);

/* IRawCDImageTrackInfo: IDispatch, then 7-19 (here each getter comes before its setter). */
typedef struct IRawCDImageTrackInfoVtbl {
  BA_DISPATCH_SLOTS(IRawCDImageTrackInfo);
  HRESULT(STDMETHODCALLTYPE *get_StartingLba)(IRawCDImageTrackInfo *This, LONG *value);
  HRESULT(STDMETHODCALLTYPE *get_SectorCount)(IRawCDImageTrackInfo *This, LONG *value);
  HRESULT(STDMETHODCALLTYPE *get_TrackNumber)(IRawCDImageTrackInfo *This, LONG *value);
  HRESULT(STDMETHODCALLTYPE *get_SectorType)(IRawCDImageTrackInfo *This, IMAPI_CD_SECTOR_TYPE *value);
  HRESULT(STDMETHODCALLTYPE *get_ISRC)(IRawCDImageTrackInfo *This, BSTR *value);
  HRESULT(STDMETHODCALLTYPE *put_ISRC)(IRawCDImageTrackInfo *This, BSTR value);
  HRESULT(STDMETHODCALLTYPE *get_DigitalAudioCopySetting)(IRawCDImageTrackInfo *This, IMAPI_CD_TRACK_DIGITAL_COPY_SETTING *value);
  HRESULT(STDMETHODCALLTYPE *put_DigitalAudioCopySetting)(IRawCDImageTrackInfo *This, IMAPI_CD_TRACK_DIGITAL_COPY_SETTING value);
  HRESULT(STDMETHODCALLTYPE *get_AudioHasPreemphasis)(IRawCDImageTrackInfo *This, VARIANT_BOOL *value);
  HRESULT(STDMETHODCALLTYPE *put_AudioHasPreemphasis)(IRawCDImageTrackInfo *This, VARIANT_BOOL value);
  HRESULT(STDMETHODCALLTYPE *get_TrackIndexes)(IRawCDImageTrackInfo *This, SAFEARRAY **value);
  HRESULT(STDMETHODCALLTYPE *AddTrackIndex)(IRawCDImageTrackInfo *This, LONG lba_offset);
  HRESULT(STDMETHODCALLTYPE *ClearTrackIndex)(IRawCDImageTrackInfo *This, LONG lba_offset);
} IRawCDImageTrackInfoVtbl;
BA_INTERFACE(IRawCDImageTrackInfo);

/* IDiscFormat2RawCDEventArgs: IDispatch, IWriteEngine2EventArgs (7-13), then 14-16. There is
   no CurrentTrackNumber slot, though the header has a DISPID for it. */
typedef struct IDiscFormat2RawCDEventArgsVtbl {
  BA_DISPATCH_SLOTS(IDiscFormat2RawCDEventArgs);
  HRESULT(STDMETHODCALLTYPE *get_StartLba)(IDiscFormat2RawCDEventArgs *This, LONG *value);
  HRESULT(STDMETHODCALLTYPE *get_SectorCount)(IDiscFormat2RawCDEventArgs *This, LONG *value);
  HRESULT(STDMETHODCALLTYPE *get_LastReadLba)(IDiscFormat2RawCDEventArgs *This, LONG *value);
  HRESULT(STDMETHODCALLTYPE *get_LastWrittenLba)(IDiscFormat2RawCDEventArgs *This, LONG *value);
  HRESULT(STDMETHODCALLTYPE *get_TotalSystemBuffer)(IDiscFormat2RawCDEventArgs *This, LONG *value);
  HRESULT(STDMETHODCALLTYPE *get_UsedSystemBuffer)(IDiscFormat2RawCDEventArgs *This, LONG *value);
  HRESULT(STDMETHODCALLTYPE *get_FreeSystemBuffer)(IDiscFormat2RawCDEventArgs *This, LONG *value);
  HRESULT(STDMETHODCALLTYPE *get_CurrentAction)(IDiscFormat2RawCDEventArgs *This, IMAPI_FORMAT2_RAW_CD_WRITE_ACTION *value);
  HRESULT(STDMETHODCALLTYPE *get_ElapsedTime)(IDiscFormat2RawCDEventArgs *This, LONG *value);
  HRESULT(STDMETHODCALLTYPE *get_RemainingTime)(IDiscFormat2RawCDEventArgs *This, LONG *value);
} IDiscFormat2RawCDEventArgsVtbl;
BA_INTERFACE(IDiscFormat2RawCDEventArgs);

/* DDiscFormat2RawCDEvents: the outgoing interface the client implements. IMAPI2 may call Invoke
   (DISPID 0x200; rgvarg reversed: [0] progress, [1] object) or the vtable's Update. */
typedef struct DDiscFormat2RawCDEventsVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(DDiscFormat2RawCDEvents *This, REFIID riid, void **ppv);
  ULONG(STDMETHODCALLTYPE *AddRef)(DDiscFormat2RawCDEvents *This);
  ULONG(STDMETHODCALLTYPE *Release)(DDiscFormat2RawCDEvents *This);
  HRESULT(STDMETHODCALLTYPE *GetTypeInfoCount)(DDiscFormat2RawCDEvents *This, UINT *count);
  HRESULT(STDMETHODCALLTYPE *GetTypeInfo)(DDiscFormat2RawCDEvents *This, UINT index, LCID lcid, ITypeInfo **info);
  HRESULT(STDMETHODCALLTYPE *GetIDsOfNames)(DDiscFormat2RawCDEvents *This, REFIID riid, LPOLESTR *names, UINT count, LCID lcid,
                                            DISPID *ids);
  HRESULT(STDMETHODCALLTYPE *Invoke)(DDiscFormat2RawCDEvents *This, DISPID member, REFIID riid, LCID lcid, WORD flags,
                                     DISPPARAMS *params, VARIANT *result, EXCEPINFO *exception, UINT *arg_error);
  HRESULT(STDMETHODCALLTYPE *Update)(DDiscFormat2RawCDEvents *This, IDispatch *object, IDispatch *progress);
} DDiscFormat2RawCDEventsVtbl;
BA_INTERFACE(DDiscFormat2RawCDEvents);

#endif /* BURN_AUDIO_IMAPI2_H */
