#!/bin/sh
# Installs xfx from BUILD_DIR into a temporary prefix, then builds and runs the example as an
# outside project would: find_package(xfx CONFIG REQUIRED). Usage: BUILD_DIR [PREFIX]
set -eu
build_dir=${1:?usage: $0 BUILD_DIR [PREFIX]}
prefix=${2:-$(mktemp -d)}
here=$(cd "$(dirname "$0")" && pwd)
cmake --install "$build_dir" --prefix "$prefix" >/dev/null
cmake -S "$here/token_caching" -B "$prefix/example-build" -G Ninja \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$prefix/example-build"
"$prefix/example-build/token_caching"
