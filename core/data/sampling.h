#pragma once

#include <cstdint>
#include <map>
#include <vector>

namespace pf::data {

/// A few samples of every class, for previews and inspection: the first `perClass` of each
/// class among `indices` (in their order), taken a round at a time over `classOrder`, at most
/// `limit` in all. `labels[i]` is the class of sample i.
inline std::vector<std::int64_t> samplesInTurn(const std::vector<std::int64_t>& indices,
                                               const std::vector<std::int64_t>& labels,
                                               const std::vector<int>& classOrder, int perClass,
                                               int limit) {
    std::map<std::int64_t, std::vector<std::int64_t>> byClass;
    for (std::int64_t i : indices) {
        auto& v = byClass[labels[static_cast<std::size_t>(i)]];
        if (static_cast<int>(v.size()) < perClass) v.push_back(i);
    }
    std::vector<std::int64_t> picked;
    for (int round = 0; round < perClass; ++round)
        for (int c : classOrder) {
            const auto& v = byClass[c];
            if (round < static_cast<int>(v.size()) && static_cast<int>(picked.size()) < limit)
                picked.push_back(v[static_cast<std::size_t>(round)]);
        }
    return picked;
}

}  // namespace pf::data
