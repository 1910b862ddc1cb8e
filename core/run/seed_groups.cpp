#include "run/seed_groups.h"

#include <cmath>
#include <limits>
#include <map>

#include <nlohmann/json.hpp>

namespace pf::storage {

std::string seedGroupKey(const std::string& configJson) {
    nlohmann::json config = nlohmann::json::parse(configJson, nullptr, false);
    if (!config.is_object()) return "\x01" + configJson;  // never equal to a parsed config
    for (const char* key : {"seed", "name", "description", "seeds", "compare_with"})
        config.erase(key);
    return config.dump();  // keys sorted: the same config gives the same text
}

std::vector<std::vector<std::size_t>> groupSeeds(const std::vector<RunRecord>& runs) {
    std::vector<std::vector<std::size_t>> groups;
    std::map<std::string, std::size_t> byKey;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const auto [it, added] = byKey.emplace(seedGroupKey(runs[i].config), groups.size());
        if (added) groups.emplace_back();
        groups[it->second].push_back(i);
    }
    return groups;
}

Spread spreadOf(const std::vector<double>& values) {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    Spread s{nan, nan, 0};
    double sum = 0.0;
    for (double v : values)
        if (std::isfinite(v)) {
            sum += v;
            ++s.n;
        }
    if (s.n == 0) return s;
    s.mean = sum / s.n;
    if (s.n < 2) return s;
    double squares = 0.0;
    for (double v : values)
        if (std::isfinite(v)) squares += (v - s.mean) * (v - s.mean);
    s.std = std::sqrt(squares / (s.n - 1));
    return s;
}

}  // namespace pf::storage
