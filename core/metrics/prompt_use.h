#pragma once

#include <string>
#include <utility>
#include <vector>

/// The prompt-selection histogram of an evaluation (L2P, DualPrompt, CODA-Prompt), stored like
/// any other figure: "prompt_use_t<i>_p<j>" = the share of task i's test images (1-based) whose
/// selection went to prompt (or task entry) j. These helpers name and collect them.
namespace pf::metrics {

/// "prompt_use_t<task + 1>_p<entry + 1>" for 0-based task and entry.
std::string promptUseName(int task, int entry);

/// Parses a figure name; true with the 0-based task and entry when it is a prompt-use figure.
bool parsePromptUseName(const std::string& name, int* task, int* entry);

/// The histogram in `figures` as rows [task tested][entry]; entries never named are 0, values
/// that are not finite (not measured) are skipped. Empty when the figures hold none.
std::vector<std::vector<double>> promptUseMatrix(
    const std::vector<std::pair<std::string, double>>& figures);

}  // namespace pf::metrics
