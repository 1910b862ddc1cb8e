#pragma once

#include <string>

#include <QString>

#include "run/seed_groups.h"

/// Words the GUI shows for the core's names, in the user's language.
namespace pf::ui {

/// The form's label of config key `key`, in plain words ("lr": "Learning rate"); the key
/// itself for a key without one. The key stays in the editor's tooltip (JSON, --set).
QString fieldLabel(const std::string& key);

/// A run status as the GUI says it ("finished", "stopped", "interrupted", "failed",
/// "diverged", "running"); another text as it is.
QString statusText(const std::string& status);

/// A figure over seeds: "71.2" for one run, "71.2 ± 1.3" for several (the sample standard
/// deviation), each times `scale` with `decimals` decimals; "-" without a value.
QString spreadText(const storage::Spread& s, double scale, int decimals);

/// A built-in preset as the preset box lists it, in plain words ("forgetting-demo": "Forgetting
/// demo: fine-tuning, then PromptFusion"); the name itself for a preset without one.
QString presetTitle(const std::string& name);
/// Whether a preset needs data (or weights) the user must supply: it reads neither
/// Fashion-MNIST nor its renditions, which ship as a Debian package.
bool presetNeedsUserData(const std::string& dataset);

}  // namespace pf::ui
