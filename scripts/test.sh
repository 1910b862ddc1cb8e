#!/usr/bin/env bash
# Installs what is missing, builds Release into build/, and runs the whole test suite (fast and
# slow tests) with CTest. Exits non-zero on any failure.
#   scripts/test.sh [--sanitize | --tsan] [extra ctest arguments, e.g. -L fast]
# PF_SLURM=1 adds the test of sweeps on a real one-node Slurm (label "slurm"; root, installs
# slurm-wlm and munge).
# --sanitize builds with AddressSanitizer and UndefinedBehaviorSanitizer (RelWithDebInfo) into
# build-sanitize/ instead and runs the same tests there; any report fails the test it came from.
# --tsan builds the threading tests with ThreadSanitizer into build-tsan/ and runs them: the
# trainer and its controls, the prefetching loaders, the store's concurrent writers and the GUI
# with its training thread. Uninstrumented libraries (LibTorch, OpenMP, Qt) are suppressed by
# tests/tsan.supp.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

sanitize=0
if [ "${1:-}" = "--sanitize" ]; then
    sanitize=1
    shift
elif [ "${1:-}" = "--tsan" ]; then
    sanitize=2
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
elif [ "$sanitize" -eq 2 ]; then
    PF_BUILD="$PF_ROOT/build-tsan"
    threading="test_trainer test_transforms test_image_folder test_run_store test_main_window test_optim"
    # die_after_fork=0: test_main_window starts pfstudio with QProcess (fork, then exec), and
    # TSan would end the forked child of a multi-threaded process that starts a thread.
    export TSAN_OPTIONS="${TSAN_OPTIONS:-suppressions=$PF_ROOT/tests/tsan.supp:halt_on_error=1:second_deadlock_stack=1:report_signal_unsafe=0:die_after_fork=0}"
    PF_TARGETS="$threading" pf_build -DPF_SANITIZE=thread -DCMAKE_BUILD_TYPE=RelWithDebInfo
    pf_log "Running the threading tests under ThreadSanitizer"
    cd "$PF_BUILD"
    # Without address-space randomisation: GCC 12's TSan cannot map its shadow memory on kernels
    # that randomise mmap with more bits than it expects.
    norandom=()
    if command -v setarch >/dev/null && setarch "$(uname -m)" -R true 2>/dev/null; then
        norandom=(setarch "$(uname -m)" -R)
    fi
    "${norandom[@]}" ctest --output-on-failure -j "$PF_JOBS" -R "^(${threading// /|})\$" "$@"
    exit $?
else
    pf_build
fi
pf_log "Running the tests"
cd "$PF_BUILD"
# The Slurm test starts a one-node cluster as root (scripts/slurm-local.sh): only on request.
skip=()
[ "${PF_SLURM:-0}" = 1 ] || skip=(-LE slurm)
ctest --output-on-failure -j "$PF_JOBS" "${skip[@]}" "$@"
