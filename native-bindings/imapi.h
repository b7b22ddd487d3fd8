/*
 * IMAPI v1 declarations, written by hand from the Windows SDK's imapi.h / imapierror.h
 * (MIDL-generated C vtables; slot order is the header's, not the documentation's alphabetical
 * tables). MinGW-w64 ships no IMAPI header. On Windows this builds on <windows.h>; elsewhere a
 * minimal COM vocabulary is declared here so the same shim code links against the simulator.
 */
#ifndef BURN_AUDIO_IMAPI_H
#define BURN_AUDIO_IMAPI_H

#include <stdint.h>

#ifdef _WIN32
#define COBJMACROS
#define CONST_VTABLE /* lpVtbl points at const tables, as the objects here define them */
#include <windows.h>
#include <objbase.h>
#include <propidl.h>
#define WSTR(s) L##s
#else /* the COM subset the shim and the simulator use */
#include <stddef.h>

typedef int32_t HRESULT;
typedef int32_t LONG; /* Windows `long`: 32 bits on every Windows ABI */
typedef uint32_t ULONG;
typedef uint32_t DWORD;
typedef uint16_t WORD;
typedef uint16_t WCHAR;
typedef WCHAR *BSTR;
typedef const WCHAR *LPCOLESTR;
typedef uintptr_t UINT_PTR;
typedef unsigned char BYTE;
typedef unsigned char boolean; /* MIDL boolean: 1 byte (imapi.h C_ASSERTs it) */
typedef ULONG PROPID;
typedef unsigned short VARTYPE;

typedef struct GUID {
  uint32_t Data1;
  uint16_t Data2;
  uint16_t Data3;
  uint8_t Data4[8];
} GUID;
typedef GUID IID;
typedef GUID CLSID;
typedef const IID *REFIID;
typedef const CLSID *REFCLSID;

#define STDMETHODCALLTYPE
#define S_OK ((HRESULT)0)
#define S_FALSE ((HRESULT)1)
#define E_NOTIMPL ((HRESULT)0x80004001)
#define E_NOINTERFACE ((HRESULT)0x80004002)
#define E_POINTER ((HRESULT)0x80004003)
#define E_FAIL ((HRESULT)0x80004005)
#define E_OUTOFMEMORY ((HRESULT)0x8007000E)
#define E_INVALIDARG ((HRESULT)0x80070057)
#define REGDB_E_CLASSNOTREG ((HRESULT)0x80040154)
#define SUCCEEDED(hr) (((HRESULT)(hr)) >= 0)
#define FAILED(hr) (((HRESULT)(hr)) < 0)
#define WSTR(s) ((const WCHAR *)u##s)

BSTR SysAllocString(const WCHAR *text);
void SysFreeString(BSTR text);
int IsEqualGUID(const GUID *a, const GUID *b);
#define IsEqualIID(a, b) IsEqualGUID((a), (b))

typedef struct IUnknown IUnknown;
typedef struct IUnknownVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(IUnknown *This, REFIID riid, void **ppv);
  ULONG(STDMETHODCALLTYPE *AddRef)(IUnknown *This);
  ULONG(STDMETHODCALLTYPE *Release)(IUnknown *This);
} IUnknownVtbl;
struct IUnknown {
  const IUnknownVtbl *lpVtbl;
};

/* Property sets, as far as recorder properties need them (propidl.h). */
#define VT_EMPTY 0
#define VT_I4 3
#define VT_BOOL 11
#define PRSPEC_LPWSTR 0
#define PRSPEC_PROPID 1

typedef struct PROPSPEC {
  ULONG ulKind;
  union {
    PROPID propid;
    WCHAR *lpwstr;
  };
} PROPSPEC;

typedef struct PROPVARIANT {
  VARTYPE vt;
  WORD wReserved1, wReserved2, wReserved3;
  union {
    LONG lVal;
    short boolVal;
    int64_t padding[2];
  };
} PROPVARIANT;

/* STATPROPSTG names are allocated with CoTaskMemAlloc; whoever receives one frees it. */
typedef WCHAR *LPOLESTR;
typedef struct STATPROPSTG {
  LPOLESTR lpwstrName;
  PROPID propid;
  VARTYPE vt;
} STATPROPSTG;
void *CoTaskMemAlloc(size_t bytes);
void CoTaskMemFree(void *block);

typedef struct IEnumSTATPROPSTG IEnumSTATPROPSTG;
typedef struct IEnumSTATPROPSTGVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(IEnumSTATPROPSTG *This, REFIID riid, void **ppv);
  ULONG(STDMETHODCALLTYPE *AddRef)(IEnumSTATPROPSTG *This);
  ULONG(STDMETHODCALLTYPE *Release)(IEnumSTATPROPSTG *This);
  HRESULT(STDMETHODCALLTYPE *Next)(IEnumSTATPROPSTG *This, ULONG celt, STATPROPSTG *rgelt, ULONG *pceltFetched);
  HRESULT(STDMETHODCALLTYPE *Skip)(IEnumSTATPROPSTG *This, ULONG celt);
  HRESULT(STDMETHODCALLTYPE *Reset)(IEnumSTATPROPSTG *This);
  HRESULT(STDMETHODCALLTYPE *Clone)(IEnumSTATPROPSTG *This, IEnumSTATPROPSTG **ppenum);
} IEnumSTATPROPSTGVtbl;
struct IEnumSTATPROPSTG {
  const IEnumSTATPROPSTGVtbl *lpVtbl;
};
#define IEnumSTATPROPSTG_Next(p, n, s, f) (p)->lpVtbl->Next(p, n, s, f)
#define IEnumSTATPROPSTG_Release(p) (p)->lpVtbl->Release(p)

typedef struct IPropertyStorage IPropertyStorage;
typedef void(STDMETHODCALLTYPE *UnusedMethod)(void);
typedef struct IPropertyStorageVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(IPropertyStorage *This, REFIID riid, void **ppv);
  ULONG(STDMETHODCALLTYPE *AddRef)(IPropertyStorage *This);
  ULONG(STDMETHODCALLTYPE *Release)(IPropertyStorage *This);
  HRESULT(STDMETHODCALLTYPE *ReadMultiple)(IPropertyStorage *This, ULONG cpspec, const PROPSPEC *rgpspec, PROPVARIANT *rgpropvar);
  HRESULT(STDMETHODCALLTYPE *WriteMultiple)(IPropertyStorage *This, ULONG cpspec, const PROPSPEC *rgpspec, const PROPVARIANT *rgpropvar, PROPID propidNameFirst);
  /* DeleteMultiple, ReadPropertyNames, WritePropertyNames, DeletePropertyNames, Commit, Revert:
     not used, kept for the slot order. */
  UnusedMethod unused[6];
  HRESULT(STDMETHODCALLTYPE *Enum)(IPropertyStorage *This, IEnumSTATPROPSTG **ppenum);
  UnusedMethod unused_after_enum[3]; /* SetTimes, SetClass, Stat */
} IPropertyStorageVtbl;
struct IPropertyStorage {
  const IPropertyStorageVtbl *lpVtbl;
};
#define IPropertyStorage_ReadMultiple(p, n, s, v) (p)->lpVtbl->ReadMultiple(p, n, s, v)
#define IPropertyStorage_WriteMultiple(p, n, s, v, f) (p)->lpVtbl->WriteMultiple(p, n, s, v, f)
#define IPropertyStorage_Enum(p, e) (p)->lpVtbl->Enum(p, e)
#define IPropertyStorage_Release(p) (p)->lpVtbl->Release(p)
#endif /* _WIN32 */

/* ---- HRESULTs (imapierror.h: MAKE_HRESULT(sev, FACILITY_ITF, 0x200 + n)) ---- */
#define IMAPI_S_PROPERTIESIGNORED ((HRESULT)0x00040200)
#define IMAPI_S_BUFFER_TO_SMALL ((HRESULT)0x00040201)
#define IMAPI_E_NOTOPENED ((HRESULT)0x8004020B)
#define IMAPI_E_NOTINITIALIZED ((HRESULT)0x8004020C)
#define IMAPI_E_USERABORT ((HRESULT)0x8004020D)
#define IMAPI_E_GENERIC ((HRESULT)0x8004020E)
#define IMAPI_E_MEDIUM_NOTPRESENT ((HRESULT)0x8004020F)
#define IMAPI_E_MEDIUM_INVALIDTYPE ((HRESULT)0x80040210)
#define IMAPI_E_DEVICE_NOPROPERTIES ((HRESULT)0x80040211)
#define IMAPI_E_DEVICE_NOTACCESSIBLE ((HRESULT)0x80040212)
#define IMAPI_E_DEVICE_NOTPRESENT ((HRESULT)0x80040213)
#define IMAPI_E_DEVICE_INVALIDTYPE ((HRESULT)0x80040214)
#define IMAPI_E_INITIALIZE_WRITE ((HRESULT)0x80040215)
#define IMAPI_E_INITIALIZE_ENDWRITE ((HRESULT)0x80040216)
#define IMAPI_E_FILESYSTEM ((HRESULT)0x80040217)
#define IMAPI_E_FILEACCESS ((HRESULT)0x80040218)
#define IMAPI_E_DISCINFO ((HRESULT)0x80040219)
#define IMAPI_E_TRACKNOTOPEN ((HRESULT)0x8004021A)
#define IMAPI_E_TRACKOPEN ((HRESULT)0x8004021B)
#define IMAPI_E_DISCFULL ((HRESULT)0x8004021C)
#define IMAPI_E_BADJOLIETNAME ((HRESULT)0x8004021D)
#define IMAPI_E_INVALIDIMAGE ((HRESULT)0x8004021E)
#define IMAPI_E_NOACTIVEFORMAT ((HRESULT)0x8004021F)
#define IMAPI_E_NOACTIVERECORDER ((HRESULT)0x80040220)
#define IMAPI_E_WRONGFORMAT ((HRESULT)0x80040221)
#define IMAPI_E_ALREADYOPEN ((HRESULT)0x80040222)
#define IMAPI_E_WRONGDISC ((HRESULT)0x80040223)
#define IMAPI_E_FILEEXISTS ((HRESULT)0x80040224)
#define IMAPI_E_STASHINUSE ((HRESULT)0x80040225)
#define IMAPI_E_DEVICE_STILL_IN_USE ((HRESULT)0x80040226)
#define IMAPI_E_LOSS_OF_STREAMING ((HRESULT)0x80040227)
#define IMAPI_E_COMPRESSEDSTASH ((HRESULT)0x80040228)
#define IMAPI_E_ENCRYPTEDSTASH ((HRESULT)0x80040229)
#define IMAPI_E_NOTENOUGHDISKFORSTASH ((HRESULT)0x8004022A)
#define IMAPI_E_REMOVABLESTASH ((HRESULT)0x8004022B)
#define IMAPI_E_CANNOT_WRITE_TO_MEDIA ((HRESULT)0x8004022C)
#define IMAPI_E_TRACK_NOT_BIG_ENOUGH ((HRESULT)0x8004022D)
#define IMAPI_E_BOOTIMAGE_AND_NONBLANK_DISC ((HRESULT)0x8004022E)

/* ---- enums (imapi.h) ---- */
enum MEDIA_TYPES { MEDIA_CDDA_CDROM = 1, MEDIA_CD_ROM_XA = 2, MEDIA_CD_I = 3, MEDIA_CD_EXTRA = 4, MEDIA_CD_OTHER = 5, MEDIA_SPECIAL = 6 };
enum MEDIA_FLAGS { MEDIA_BLANK = 0x1, MEDIA_RW = 0x2, MEDIA_WRITABLE = 0x4, MEDIA_FORMAT_UNUSABLE_BY_IMAPI = 0x8 };
enum RECORDER_TYPES { RECORDER_CDR = 0x1, RECORDER_CDRW = 0x2 };
#define RECORDER_DOING_NOTHING 0
#define RECORDER_OPENED 0x1
#define RECORDER_BURNING 0x2

/* ---- GUIDs (imapi.h), defined once in imapi-guids.c ---- */
extern const IID IID_IDiscMaster;               /* 520CCA62-51A5-11D3-9144-00104BA11C5E */
extern const IID IID_IRedbookDiscMaster;        /* E3BC42CD-4E5C-11D3-9144-00104BA11C5E */
extern const IID IID_IJolietDiscMaster;         /* E3BC42CE-4E5C-11D3-9144-00104BA11C5E */
extern const IID IID_IDiscRecorder;             /* 85AC9776-CA88-4CF2-894E-09598C078A41 */
extern const IID IID_IEnumDiscRecorders;        /* 9B1921E1-54AC-11D3-9144-00104BA11C5E */
extern const IID IID_IEnumDiscMasterFormats;    /* DDF445E1-54BA-11D3-9144-00104BA11C5E */
extern const IID IID_IDiscMasterProgressEvents; /* EC9E51C1-4E5D-11D3-9144-00104BA11C5E */
extern const CLSID CLSID_MSDiscMasterObj;       /* 520CCA63-51A5-11D3-9144-00104BA11C5E */
extern const CLSID CLSID_MSDiscRecorderObj;     /* 520CCA61-51A5-11D3-9144-00104BA11C5E */
extern const CLSID CLSID_MSEnumDiscRecordersObj;/* 8A03567A-63CB-4BA8-BAF6-52119816D1EF */
extern const IID BA_IID_IUnknown;               /* 00000000-0000-0000-C000-000000000046 */
extern const IID BA_IID_IPropertyStorage;       /* 00000138-0000-0000-C000-000000000046 */
extern const IID BA_IID_IEnumSTATPROPSTG;       /* 00000139-0000-0000-C000-000000000046 */

typedef struct IDiscMaster IDiscMaster;
typedef struct IRedbookDiscMaster IRedbookDiscMaster;
typedef struct IDiscRecorder IDiscRecorder;
typedef struct IEnumDiscRecorders IEnumDiscRecorders;
typedef struct IEnumDiscMasterFormats IEnumDiscMasterFormats;
typedef struct IDiscMasterProgressEvents IDiscMasterProgressEvents;

/* IDiscMasterProgressEvents: implemented by the client (the shim). */
typedef struct IDiscMasterProgressEventsVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(IDiscMasterProgressEvents *This, REFIID riid, void **ppv);
  ULONG(STDMETHODCALLTYPE *AddRef)(IDiscMasterProgressEvents *This);
  ULONG(STDMETHODCALLTYPE *Release)(IDiscMasterProgressEvents *This);
  HRESULT(STDMETHODCALLTYPE *QueryCancel)(IDiscMasterProgressEvents *This, boolean *pbCancel); /* writes 1 byte */
  HRESULT(STDMETHODCALLTYPE *NotifyPnPActivity)(IDiscMasterProgressEvents *This);
  HRESULT(STDMETHODCALLTYPE *NotifyAddProgress)(IDiscMasterProgressEvents *This, LONG nCompletedSteps, LONG nTotalSteps);
  HRESULT(STDMETHODCALLTYPE *NotifyBlockProgress)(IDiscMasterProgressEvents *This, LONG nCompleted, LONG nTotal);
  HRESULT(STDMETHODCALLTYPE *NotifyTrackProgress)(IDiscMasterProgressEvents *This, LONG nCurrentTrack, LONG nTotalTracks);
  HRESULT(STDMETHODCALLTYPE *NotifyPreparingBurn)(IDiscMasterProgressEvents *This, LONG nEstimatedSeconds);
  HRESULT(STDMETHODCALLTYPE *NotifyClosingDisc)(IDiscMasterProgressEvents *This, LONG nEstimatedSeconds);
  HRESULT(STDMETHODCALLTYPE *NotifyBurnComplete)(IDiscMasterProgressEvents *This, HRESULT status);
  HRESULT(STDMETHODCALLTYPE *NotifyEraseComplete)(IDiscMasterProgressEvents *This, HRESULT status);
} IDiscMasterProgressEventsVtbl;
struct IDiscMasterProgressEvents {
  const IDiscMasterProgressEventsVtbl *lpVtbl;
};

typedef struct IDiscMasterVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(IDiscMaster *This, REFIID riid, void **ppv);
  ULONG(STDMETHODCALLTYPE *AddRef)(IDiscMaster *This);
  ULONG(STDMETHODCALLTYPE *Release)(IDiscMaster *This);
  HRESULT(STDMETHODCALLTYPE *Open)(IDiscMaster *This);
  HRESULT(STDMETHODCALLTYPE *EnumDiscMasterFormats)(IDiscMaster *This, IEnumDiscMasterFormats **ppEnum);
  HRESULT(STDMETHODCALLTYPE *GetActiveDiscMasterFormat)(IDiscMaster *This, IID *lpiid);
  HRESULT(STDMETHODCALLTYPE *SetActiveDiscMasterFormat)(IDiscMaster *This, REFIID riid, void **ppUnk);
  HRESULT(STDMETHODCALLTYPE *EnumDiscRecorders)(IDiscMaster *This, IEnumDiscRecorders **ppEnum);
  HRESULT(STDMETHODCALLTYPE *GetActiveDiscRecorder)(IDiscMaster *This, IDiscRecorder **ppRecorder);
  HRESULT(STDMETHODCALLTYPE *SetActiveDiscRecorder)(IDiscMaster *This, IDiscRecorder *pRecorder);
  HRESULT(STDMETHODCALLTYPE *ClearFormatContent)(IDiscMaster *This);
  HRESULT(STDMETHODCALLTYPE *ProgressAdvise)(IDiscMaster *This, IDiscMasterProgressEvents *pEvents, UINT_PTR *pvCookie);
  HRESULT(STDMETHODCALLTYPE *ProgressUnadvise)(IDiscMaster *This, UINT_PTR vCookie);
  HRESULT(STDMETHODCALLTYPE *RecordDisc)(IDiscMaster *This, boolean bSimulate, boolean bEjectAfterBurn);
  HRESULT(STDMETHODCALLTYPE *Close)(IDiscMaster *This);
} IDiscMasterVtbl;
struct IDiscMaster {
  const IDiscMasterVtbl *lpVtbl;
};

typedef struct IRedbookDiscMasterVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(IRedbookDiscMaster *This, REFIID riid, void **ppv);
  ULONG(STDMETHODCALLTYPE *AddRef)(IRedbookDiscMaster *This);
  ULONG(STDMETHODCALLTYPE *Release)(IRedbookDiscMaster *This);
  HRESULT(STDMETHODCALLTYPE *GetTotalAudioTracks)(IRedbookDiscMaster *This, LONG *pnTracks);
  HRESULT(STDMETHODCALLTYPE *GetTotalAudioBlocks)(IRedbookDiscMaster *This, LONG *pnBlocks);
  HRESULT(STDMETHODCALLTYPE *GetUsedAudioBlocks)(IRedbookDiscMaster *This, LONG *pnBlocks);
  HRESULT(STDMETHODCALLTYPE *GetAvailableAudioTrackBlocks)(IRedbookDiscMaster *This, LONG *pnBlocks);
  HRESULT(STDMETHODCALLTYPE *GetAudioBlockSize)(IRedbookDiscMaster *This, LONG *pnBlockBytes);
  HRESULT(STDMETHODCALLTYPE *CreateAudioTrack)(IRedbookDiscMaster *This, LONG nBlocks);
  HRESULT(STDMETHODCALLTYPE *AddAudioTrackBlocks)(IRedbookDiscMaster *This, BYTE *pby, LONG cb);
  HRESULT(STDMETHODCALLTYPE *CloseAudioTrack)(IRedbookDiscMaster *This);
} IRedbookDiscMasterVtbl;
struct IRedbookDiscMaster {
  const IRedbookDiscMasterVtbl *lpVtbl;
};

typedef struct IDiscRecorderVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(IDiscRecorder *This, REFIID riid, void **ppv);
  ULONG(STDMETHODCALLTYPE *AddRef)(IDiscRecorder *This);
  ULONG(STDMETHODCALLTYPE *Release)(IDiscRecorder *This);
  HRESULT(STDMETHODCALLTYPE *Init)(IDiscRecorder *This, BYTE *pbyUniqueID, ULONG nulIDSize, ULONG nulDriveNumber);
  HRESULT(STDMETHODCALLTYPE *GetRecorderGUID)(IDiscRecorder *This, BYTE *pbyUniqueID, ULONG ulBufferSize, ULONG *pulReturnSizeRequired);
  HRESULT(STDMETHODCALLTYPE *GetRecorderType)(IDiscRecorder *This, LONG *fTypeCode);
  HRESULT(STDMETHODCALLTYPE *GetDisplayNames)(IDiscRecorder *This, BSTR *pbstrVendorID, BSTR *pbstrProductID, BSTR *pbstrRevision);
  HRESULT(STDMETHODCALLTYPE *GetBasePnPID)(IDiscRecorder *This, BSTR *pbstrBasePnPID);
  HRESULT(STDMETHODCALLTYPE *GetPath)(IDiscRecorder *This, BSTR *pbstrPath);
  HRESULT(STDMETHODCALLTYPE *GetRecorderProperties)(IDiscRecorder *This, IPropertyStorage **ppPropStg);
  HRESULT(STDMETHODCALLTYPE *SetRecorderProperties)(IDiscRecorder *This, IPropertyStorage *pPropStg);
  HRESULT(STDMETHODCALLTYPE *GetRecorderState)(IDiscRecorder *This, ULONG *pulDevStateFlags);
  HRESULT(STDMETHODCALLTYPE *OpenExclusive)(IDiscRecorder *This);
  HRESULT(STDMETHODCALLTYPE *QueryMediaType)(IDiscRecorder *This, LONG *fMediaType, LONG *fMediaFlags);
  HRESULT(STDMETHODCALLTYPE *QueryMediaInfo)(IDiscRecorder *This, BYTE *pbSessions, BYTE *pbLastTrack, ULONG *ulStartAddress, ULONG *ulNextWritable, ULONG *ulFreeBlocks);
  HRESULT(STDMETHODCALLTYPE *Eject)(IDiscRecorder *This);
  HRESULT(STDMETHODCALLTYPE *Erase)(IDiscRecorder *This, boolean bFullErase);
  HRESULT(STDMETHODCALLTYPE *Close)(IDiscRecorder *This);
} IDiscRecorderVtbl;
struct IDiscRecorder {
  const IDiscRecorderVtbl *lpVtbl;
};

typedef struct IEnumDiscRecordersVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(IEnumDiscRecorders *This, REFIID riid, void **ppv);
  ULONG(STDMETHODCALLTYPE *AddRef)(IEnumDiscRecorders *This);
  ULONG(STDMETHODCALLTYPE *Release)(IEnumDiscRecorders *This);
  HRESULT(STDMETHODCALLTYPE *Next)(IEnumDiscRecorders *This, ULONG cRecorders, IDiscRecorder **ppRecorder, ULONG *pcFetched);
  HRESULT(STDMETHODCALLTYPE *Skip)(IEnumDiscRecorders *This, ULONG cRecorders);
  HRESULT(STDMETHODCALLTYPE *Reset)(IEnumDiscRecorders *This);
  HRESULT(STDMETHODCALLTYPE *Clone)(IEnumDiscRecorders *This, IEnumDiscRecorders **ppEnum);
} IEnumDiscRecordersVtbl;
struct IEnumDiscRecorders {
  const IEnumDiscRecordersVtbl *lpVtbl;
};

typedef struct IEnumDiscMasterFormatsVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(IEnumDiscMasterFormats *This, REFIID riid, void **ppv);
  ULONG(STDMETHODCALLTYPE *AddRef)(IEnumDiscMasterFormats *This);
  ULONG(STDMETHODCALLTYPE *Release)(IEnumDiscMasterFormats *This);
  HRESULT(STDMETHODCALLTYPE *Next)(IEnumDiscMasterFormats *This, ULONG cFormats, IID *lpiidFormatID, ULONG *pcFetched);
  HRESULT(STDMETHODCALLTYPE *Skip)(IEnumDiscMasterFormats *This, ULONG cFormats);
  HRESULT(STDMETHODCALLTYPE *Reset)(IEnumDiscMasterFormats *This);
  HRESULT(STDMETHODCALLTYPE *Clone)(IEnumDiscMasterFormats *This, IEnumDiscMasterFormats **ppEnum);
} IEnumDiscMasterFormatsVtbl;
struct IEnumDiscMasterFormats {
  const IEnumDiscMasterFormatsVtbl *lpVtbl;
};

#endif /* BURN_AUDIO_IMAPI_H */
