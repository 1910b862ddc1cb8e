# Shared set-up of scripts/run.sh and scripts/test.sh; source it, do not run it.
# Installs the Debian/Ubuntu packages that are missing (apt only when something is missing),
# then configures and builds Release into build/.

set -euo pipefail

PF_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PF_BUILD="${PF_BUILD:-$PF_ROOT/build}"
PF_JOBS="${PF_JOBS:-$(nproc 2>/dev/null || echo 2)}"

# Everything a fresh Debian 12 machine lacks. libopenblas0-openmp matters: without it LibTorch's
# matmul falls back to the reference BLAS, about 50 times slower.
PF_PACKAGES=(
    build-essential cmake ccache pkg-config
    qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    libqcustomplot-dev libtorch-dev libopencv-dev libsqlite3-dev nlohmann-json3-dev zlib1g-dev
    libopenblas0-openmp dataset-fashion-mnist
    libgloo-dev
)

pf_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

pf_install_packages() {
    local missing=()
    local pkg
    for pkg in "${PF_PACKAGES[@]}" "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$pkg")
        fi
    done
    if [ ${#missing[@]} -eq 0 ]; then
        return 0
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "error: missing packages (${missing[*]}) and no apt-get: install them by hand" >&2
        exit 1
    fi
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            echo "error: missing packages (${missing[*]}); run as root or install sudo" >&2
            exit 1
        fi
    fi
    pf_log "Installing ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

pf_build() {
    # ccache with precompiled headers needs these sloppiness settings to hit.
    export CCACHE_SLOPPINESS="${CCACHE_SLOPPINESS:-pch_defines,time_macros,include_file_mtime,include_file_ctime}"
    if [ ! -f "$PF_BUILD/CMakeCache.txt" ]; then
        pf_log "Configuring $PF_BUILD (Release)"
        cmake -S "$PF_ROOT" -B "$PF_BUILD" -DCMAKE_BUILD_TYPE=Release "$@"
    fi
    pf_log "Building with $PF_JOBS jobs"
    # PF_TARGETS (space-separated) builds only those targets.
    local targets=()
    for t in ${PF_TARGETS:-}; do targets+=(--target "$t"); done
    cmake --build "$PF_BUILD" -j "$PF_JOBS" "${targets[@]}"
}
