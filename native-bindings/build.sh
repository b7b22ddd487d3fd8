#!/usr/bin/env sh
# Builds the IMAPI shim.
#   sh native-bindings/build.sh          this machine (Linux): the shim linked with the IMAPI
#                                        simulator, build/linux-x64/libburn_audio_imapi.so
#   sh native-bindings/build.sh sources  prints the simulator's portable sources (for tests that
#                                        drive it without the shim), relative to native-bindings/
#   sh native-bindings/build.sh windows  with mingw-w64: the shim as it meets real IMAPI,
#                                        build/win32-x64/burn_audio_imapi.dll, and the simulator
#                                        as an in-process COM server, burn_audio_imapi_sim.dll
# `npm run build:native` and `npm run build:windows` run these.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
flags="-std=c11 -O2 -Wall -Wextra -Werror"
# The simulator, one file per concern (com-server.c is the Windows in-process server); the paths
# are relative to native-bindings/, where the compilers run.
cd "$here"
sim_sources="simulator/com.c simulator/config.c simulator/events.c simulator/faults.c simulator/media.c simulator/properties.c
  simulator/recording.c simulator/staging.c simulator/json.c"
if [ "${1:-}" = sources ]; then
  echo $sim_sources imapi-guids.c
  exit 0
fi

if [ "${1:-}" = windows ]; then
  cc=${MINGW_CC:-x86_64-w64-mingw32-gcc}
  out="$here/build/win32-x64"
  mkdir -p "$out"
  # Static libgcc and winpthreads: the DLLs need nothing beyond what Windows ships.
  $cc $flags -shared -static-libgcc -o "$out/burn_audio_imapi.dll" \
    "$here/shim.c" "$here/imapi-guids.c" -lole32 -loleaut32 -luuid -Wl,-Bstatic -lpthread
  $cc $flags -shared -static-libgcc -o "$out/burn_audio_imapi_sim.dll" \
    "$here/simulator/com-server.c" $sim_sources "$here/imapi-guids.c" \
    -lole32 -loleaut32 -luuid -ladvapi32
  echo "built $out/burn_audio_imapi.dll and $out/burn_audio_imapi_sim.dll"
  exit 0
fi

out="$here/build/$(uname -s | tr 'A-Z' 'a-z')-$(uname -m | sed 's/x86_64/x64/;s/aarch64/arm64/')"
mkdir -p "$out"
${CC:-cc} $flags -D_GNU_SOURCE -fPIC -shared -fvisibility=hidden -pthread \
  -o "$out/libburn_audio_imapi.so" \
  "$here/shim.c" "$here/imapi-guids.c" $sim_sources
echo "built $out/libburn_audio_imapi.so"
