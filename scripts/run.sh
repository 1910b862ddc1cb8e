#!/usr/bin/env bash
# Installs what is missing, builds Release into build/, then opens the GUI on the built-in demo.
#   scripts/run.sh             the GUI, with the "fmnist-r-cil" preset loaded
#   scripts/run.sh --headless  the same demo without a window: finetune, promptfusion and joint
#                              on Fashion-MNIST renditions, and the three side by side
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
    exec "$pfstudio" --preset fmnist-r-cil
fi

# Each method at the learning rate chosen for it on the validation split (docs/results.md).
pf_log "Demo: Fashion-MNIST renditions, 5 tasks x 2 classes (preset 'fmnist-r-cil')"
for run in "finetune 0.0005" "promptfusion 0.02" "joint 0.002"; do
    set -- $run
    pf_log "Method: $1"
    "$pfstudio" run --preset fmnist-r-cil --set method="$1" --set lr="$2"
done
echo
pf_log "Result: the three runs just stored (ACC: final average accuracy, FORGET: forgetting)"
"$pfstudio" runs --limit 3
echo "Fine-tuning learns each new task and forgets the old ones; PromptFusion keeps them and"
echo "adapts to the renditions; joint training on all data so far is the ceiling."
