#include "metrics/prompt_use.h"

#include <algorithm>
#include <cmath>

namespace pf::metrics {
namespace {

// A positive decimal number filling [begin, end) exactly, or -1.
int number(const std::string& s, std::size_t begin, std::size_t end) {
    if (begin >= end || end - begin > 6) return -1;
    int v = 0;
    for (std::size_t i = begin; i < end; ++i) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

}  // namespace

std::string promptUseName(int task, int entry) {
    return "prompt_use_t" + std::to_string(task + 1) + "_p" + std::to_string(entry + 1);
}

bool parsePromptUseName(const std::string& name, int* task, int* entry) {
    static const std::string prefix = "prompt_use_t";
    if (name.compare(0, prefix.size(), prefix) != 0) return false;
    const std::size_t p = name.find("_p", prefix.size());
    if (p == std::string::npos) return false;
    const int t = number(name, prefix.size(), p);
    const int e = number(name, p + 2, name.size());
    if (t < 1 || e < 1) return false;
    *task = t - 1;
    *entry = e - 1;
    return true;
}

std::vector<std::vector<double>> promptUseMatrix(
    const std::vector<std::pair<std::string, double>>& figures) {
    std::vector<std::vector<double>> rows;
    std::size_t width = 0;
    for (const auto& [name, value] : figures) {
        int t = 0, e = 0;
        // Not finite: not measured (a reopened run's figures of tasks tested later are NaN).
        if (!std::isfinite(value) || !parsePromptUseName(name, &t, &e)) continue;
        if (rows.size() <= static_cast<std::size_t>(t))
            rows.resize(static_cast<std::size_t>(t) + 1);
        auto& row = rows[static_cast<std::size_t>(t)];
        if (row.size() <= static_cast<std::size_t>(e)) row.resize(static_cast<std::size_t>(e) + 1);
        row[static_cast<std::size_t>(e)] = value;
        width = std::max(width, row.size());
    }
    for (auto& row : rows)
        row.resize(width, 0.0);
    return rows;
}

}  // namespace pf::metrics
