#!/usr/bin/env sh
# Builds the IMAPI shim (one library: the IMAPI v1 and the IMAPI2 exports).
#   sh native-bindings/build.sh          this machine (Linux): the shim linked with the IMAPI v1
#                                        and IMAPI2 simulators, build/linux-x64/libburn_audio_imapi.so
#   sh native-bindings/build.sh sources  prints the simulator's portable sources (for tests that
#                                        drive it without the shim), relative to native-bindings/
#   sh native-bindings/build.sh windows  with mingw-w64: the shim as it meets real IMAPI and
#                                        IMAPI2, build/win32-x64/burn_audio_imapi.dll; and, for the
#                                        tests under Wine, the simulator as an out-of-process COM server,
#                                        burn_audio_imapi_sim.exe, with the proxy/stub DLL its
#                                        interfaces need, burn_audio_imapi_ps.dll (widl, from
#                                        mingw-w64-tools, compiles idl/*.idl; no other IDL needed)
# `npm run build:native` and `npm run build:windows` run these.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
flags="-std=c11 -O2 -Wall -Wextra -Werror"
# The simulator, one file per concern, lowest layer first (simulator/objects.h maps them;
# local-server.c makes it a Windows COM server); the paths are relative to native-bindings/,
# where the compilers run.
cd "$here"
# The two shims (IMAPI v1 and IMAPI2) and what they share: one library.
shim_sources="shim.c shim2.c shim-reader.c shim-common.c shim-stream.c readonly-stream.c com-object.c imapi-guids.c imapi2-guids.c"
sim_sources="simulator/json.c simulator/config.c simulator/faults.c simulator/drive.c simulator/output.c simulator/events.c
  simulator/calls.c simulator/staging.c simulator/subcode.c simulator/layout2.c simulator/recorded.c simulator/recording.c simulator/com.c simulator/properties.c simulator/recorder.c
  simulator/master.c simulator/mmc.c simulator/image-stream.c simulator/world2.c simulator/events2.c
  simulator/writing2.c simulator/recorder2.c simulator/creator2.c simulator/format2.c simulator/master2.c"
if [ "${1:-}" = sources ]; then
  echo $sim_sources imapi-guids.c imapi2-guids.c readonly-stream.c com-object.c
  exit 0
fi

if [ "${1:-}" = windows ]; then
  cc=${MINGW_CC:-x86_64-w64-mingw32-gcc}
  out="$here/build/win32-x64"
  mkdir -p "$out"
  # Static libgcc and winpthreads: the DLLs need nothing beyond what Windows ships.
  $cc $flags -shared -static-libgcc -o "$out/burn_audio_imapi.dll" \
    $shim_sources -lole32 -loleaut32 -luuid -Wl,-Bstatic -lpthread
  widl=${MINGW_WIDL:-x86_64-w64-mingw32-widl}
  gen="$here/build/win32-x64-idl"
  mkdir -p "$gen"
  for idl in propstg imapi imapi2; do
    $widl -m64 -Oicf --nostdinc -I "$here/idl" -h -H "$gen/$idl.h" -p -P "$gen/${idl}_p.c" "$here/idl/$idl.idl"
  done
  (cd "$gen" && $widl --dlldata-only --dlldata=dlldata.c imapi imapi2 propstg)
  # The IMAPI2 interfaces delegate IDispatch's slots to oleaut32's proxy (PROXY_DELEGATION), and
  # widl casts NdrStubCall2 into the stub tables of such interfaces.
  $cc $flags -Wno-cast-function-type -shared -static-libgcc -DREGISTER_PROXY_DLL -DPROXY_DELEGATION -I "$gen" -I "$here/idl" \
    -o "$out/burn_audio_imapi_ps.dll" "$gen/imapi_p.c" "$gen/imapi2_p.c" "$gen/propstg_p.c" "$gen/dlldata.c" "$here/imapi-guids.c" \
    "$here/imapi2-guids.c" \
    "$here/idl/burn_audio_imapi_ps.def" -lrpcrt4 -loleaut32 -lole32 -luuid
  $cc $flags -static-libgcc -o "$out/burn_audio_imapi_sim.exe" \
    "$here/simulator/local-server.c" $sim_sources "$here/imapi-guids.c" "$here/imapi2-guids.c" "$here/readonly-stream.c" "$here/com-object.c" \
    -lole32 -loleaut32 -luuid -ladvapi32 -lrpcrt4
  echo "built $out/burn_audio_imapi.dll, burn_audio_imapi_ps.dll and burn_audio_imapi_sim.exe"
  exit 0
fi

out="$here/build/$(uname -s | tr 'A-Z' 'a-z')-$(uname -m | sed 's/x86_64/x64/;s/aarch64/arm64/')"
mkdir -p "$out"
${CC:-cc} $flags -D_GNU_SOURCE -fPIC -shared -fvisibility=hidden -pthread \
  -o "$out/libburn_audio_imapi.so" \
  $shim_sources $sim_sources
echo "built $out/libburn_audio_imapi.so"
