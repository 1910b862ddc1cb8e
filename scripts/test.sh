#!/usr/bin/env bash
# Installs what is missing, builds Release into build/, and runs the whole test suite (fast and
# slow tests) with CTest. Exits non-zero on any failure.
#   scripts/test.sh [--sanitize] [extra ctest arguments, e.g. -L fast]
# --sanitize builds with AddressSanitizer and UndefinedBehaviorSanitizer (RelWithDebInfo) into
# build-sanitize/ instead and runs the same tests there; any report fails the test it came from.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

sanitize=0
if [ "${1:-}" = "--sanitize" ]; then
    sanitize=1
    shift
fi

pf_install_packages
if [ "$sanitize" -eq 1 ]; then
    PF_BUILD="$PF_ROOT/build-sanitize"
    # Leak checking stays off: LibTorch and Qt keep process-lifetime allocations that LSan
    # reports at exit. Everything else stops the test at the first report.
    export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:strict_string_checks=1}"
    export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
    pf_build -DPF_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=RelWithDebInfo
else
    pf_build
fi
pf_log "Running the tests"
cd "$PF_BUILD"
ctest --output-on-failure -j "$PF_JOBS" "$@"
