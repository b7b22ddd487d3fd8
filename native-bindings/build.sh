#!/usr/bin/env sh
# Builds the IMAPI shim for this platform. On Linux the shim is linked with the IMAPI simulator
# (there is no IMAPI): build/linux-x64/libburn_audio_imapi.so. Run by `npm run build:native`.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/build/$(uname -s | tr 'A-Z' 'a-z')-$(uname -m | sed 's/x86_64/x64/;s/aarch64/arm64/')"
mkdir -p "$out"
${CC:-cc} -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -fPIC -shared -fvisibility=hidden -pthread \
  -o "$out/libburn_audio_imapi.so" \
  "$here/shim.c" "$here/imapi-guids.c" "$here/simulator/simulator.c" "$here/simulator/json.c"
echo "built $out/libburn_audio_imapi.so"
