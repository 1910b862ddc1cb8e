#!/usr/bin/env bash
# Builds the fuzz targets of fuzz/ (clang's libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer, over a coverage-instrumented core) into build-fuzz/ and runs each
# for SECONDS (default 60), starting from its committed seed corpus fuzz/corpus/<target>/. New
# interesting inputs go to build-fuzz/corpus/<target>/ (not committed). A crash, leak, timeout
# or sanitizer report stops that target with the input saved as build-fuzz/<target>-crash-*;
# the script goes on with the others and exits 1 if any target failed. Every crash found
# becomes a regression test.
#   scripts/fuzz.sh [SECONDS] [TARGET...]     (targets: idx cifar safetensors config tokenizer image)
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(idx cifar safetensors config tokenizer image)
fi

pf_install_packages clang libclang-rt-14-dev
build="$PF_ROOT/build-fuzz"
export CCACHE_SLOPPINESS="${CCACHE_SLOPPINESS:-pch_defines,time_macros,include_file_mtime,include_file_ctime}"
if [ ! -f "$build/CMakeCache.txt" ]; then
    pf_log "Configuring $build (clang, libFuzzer, ASan + UBSan)"
    cmake -S "$PF_ROOT" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_COMPILER=clang++ -DPF_FUZZ=ON -DPF_SANITIZE=address,undefined \
        -DPF_BUILD_TESTS=OFF -DPF_BUILD_APP=OFF
fi
pf_log "Building the fuzz targets with $PF_JOBS jobs"
cmake --build "$build" -j "$PF_JOBS" --target "${targets[@]/#/fuzz_}"

failed=()
for t in "${targets[@]}"; do
    corpus="$build/corpus/$t"
    mkdir -p "$corpus"
    pf_log "Fuzzing $t for $seconds s"
    # -rss_limit_mb: a reader must not allocate what its input does not justify.
    if ! (cd "$build" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        "$build/bin/fuzz_$t" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
        -artifact_prefix="$build/$t-" -print_final_stats=1 \
        "$corpus" "$PF_ROOT/fuzz/corpus/$t"); then
        failed+=("$t")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing found problems in: ${failed[*]} (inputs in $build)" >&2
    exit 1
fi
pf_log "No crash in ${targets[*]} ($seconds s each)"
