#!/usr/bin/env bash
# Installs what is missing, builds Release into build/, then opens the GUI on the built-in demo.
#   scripts/run.sh             the GUI, with the "quick" preset loaded
#   scripts/run.sh --headless  the same demo without a window: finetune, then joint, on Split
#                              Fashion-MNIST, and the result
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

headless=0
for arg in "$@"; do
    case "$arg" in
        --headless) headless=1 ;;
        -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "usage: scripts/run.sh [--headless]" >&2; exit 2 ;;
    esac
done

# The GUI also needs a font with Japanese and Chinese glyphs for its translations.
if [ "$headless" -eq 0 ]; then pf_install_packages fonts-wqy-microhei; else pf_install_packages; fi
pf_build
pfstudio="$PF_BUILD/bin/pfstudio"

if [ "$headless" -eq 0 ]; then
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "${QT_QPA_PLATFORM:-}" != offscreen ]; then
        echo "error: no display for the GUI; run scripts/run.sh --headless, or under xvfb-run" >&2
        exit 2
    fi
    exec "$pfstudio" --preset quick
fi

pf_log "Demo: catastrophic forgetting on Split Fashion-MNIST (preset 'quick')"
for method in finetune joint; do
    pf_log "Method: $method"
    "$pfstudio" run --preset quick --set method="$method"
done
echo
pf_log "Result: the two runs just stored (ACC: final average accuracy, FORGET: forgetting)"
"$pfstudio" runs --limit 2
echo "Fine-tuning learns each new task and forgets the old ones; joint training keeps them."
