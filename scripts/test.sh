#!/usr/bin/env bash
# Installs what is missing, builds Release into build/, and runs the whole test suite (fast and
# slow tests) with CTest. Exits non-zero on any failure.
#   scripts/test.sh [extra ctest arguments, e.g. -L fast]
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

pf_install_packages
pf_build
pf_log "Running the tests"
cd "$PF_BUILD"
ctest --output-on-failure -j "$PF_JOBS" "$@"
