#include "data/rehearsal_memory.h"

#include <algorithm>
#include <random>

#include <torch/torch.h>

#include "common/error.h"

namespace pf::data {

std::vector<std::int64_t> herdingOrder(const torch::Tensor& features, int count) {
    torch::NoGradGuard guard;
    torch::Tensor f = features.to(torch::kFloat64);
    f = f / (f.norm(2, 1, true) + 1e-12);
    const torch::Tensor mean = f.mean(0);
    const auto n = f.size(0);
    std::vector<std::int64_t> picked;
    torch::Tensor running = torch::zeros_like(mean);
    torch::Tensor available = torch::ones({n}, torch::kBool);
    for (int k = 1; k <= std::min<std::int64_t>(count, n); ++k) {
        // Distance of the class mean to the mean of the picked samples plus each candidate.
        const torch::Tensor candidate = (running.unsqueeze(0) + f) / static_cast<double>(k);
        torch::Tensor distance = (mean.unsqueeze(0) - candidate).norm(2, 1);
        distance =
            distance.masked_fill(available.logical_not(), std::numeric_limits<double>::infinity());
        const std::int64_t best = distance.argmin().item<std::int64_t>();
        picked.push_back(best);
        available[best] = false;
        running += f[best];
    }
    return picked;
}

RehearsalMemory::RehearsalMemory(int capacity, Selection selection, std::uint64_t seed)
    : capacity_(std::max(0, capacity)), selection_(selection), seed_(seed) {}

int RehearsalMemory::quota(int classes) const {
    return classes > 0 ? capacity_ / classes : 0;
}

RehearsalMemory::Selection RehearsalMemory::parseSelection(const std::string& name) {
    if (name == "herding") return Selection::Herding;
    if (name == "random") return Selection::Random;
    throw ConfigError("config key 'memory_selection': unknown selection '" + name +
                      "' (herding or random)");
}

void RehearsalMemory::addClass(int label, const std::vector<std::int64_t>& indices,
                               const torch::Tensor& features) {
    if (capacity_ == 0) return;
    const bool known = byClass_.count(label) > 0;
    const int classes = static_cast<int>(byClass_.size()) + (known ? 0 : 1);
    // A class seen before gets its share of the quota for the new domain.
    const int want = known ? std::max(1, quota(classes) / (shares_[label] + 1)) : quota(classes);
    std::vector<std::int64_t> chosen;
    if (selection_ == Selection::Herding) {
        TORCH_CHECK(
            features.defined() && features.size(0) == static_cast<std::int64_t>(indices.size()),
            "herding needs one feature row per candidate");
        for (std::int64_t row : herdingOrder(features, want))
            chosen.push_back(indices[static_cast<std::size_t>(row)]);
    } else {
        std::vector<std::int64_t> order = indices;
        std::mt19937_64 rng(seed_ * 1000003ULL + static_cast<std::uint64_t>(label));
        for (std::size_t i = order.size(); i > 1; --i)
            std::swap(order[i - 1], order[rng() % i]);
        order.resize(std::min(order.size(), static_cast<std::size_t>(want)));
        chosen = std::move(order);
    }
    auto existing = byClass_.find(label);
    if (existing == byClass_.end()) {
        byClass_[label] = std::move(chosen);
        shares_[label] = 1;
        return;
    }
    // The class again, from a new domain (domain-il): interleave so that trimming the tail
    // keeps every domain in proportion - k old exemplars, then one new, and so on.
    const int k = shares_[label]++;
    const std::vector<std::int64_t> old = std::move(existing->second);
    std::vector<std::int64_t> merged;
    merged.reserve(old.size() + chosen.size());
    std::size_t a = 0, b = 0;
    while (a < old.size() || b < chosen.size()) {
        for (int j = 0; j < k && a < old.size(); ++j)
            merged.push_back(old[a++]);
        if (b < chosen.size()) merged.push_back(chosen[b++]);
    }
    existing->second = std::move(merged);
}

void RehearsalMemory::trim() {
    const int q = quota(static_cast<int>(byClass_.size()));
    for (auto& [label, exemplars] : byClass_)
        if (static_cast<int>(exemplars.size()) > q) exemplars.resize(static_cast<std::size_t>(q));
}

void RehearsalMemory::restore(std::map<int, std::vector<std::int64_t>> byClass,
                              std::map<int, int> shares) {
    std::size_t total = 0;
    for (const auto& [label, exemplars] : byClass) {
        total += exemplars.size();
        if (label < 0 || shares.count(label) == 0 || shares.at(label) < 1)
            throw CheckpointError("rehearsal memory: class " + std::to_string(label) +
                                  " has exemplars but no share");
        for (std::int64_t index : exemplars)
            if (index < 0)
                throw CheckpointError("rehearsal memory: negative exemplar index " +
                                      std::to_string(index));
    }
    if (total > static_cast<std::size_t>(capacity_) || shares.size() != byClass.size())
        throw CheckpointError("rehearsal memory: " + std::to_string(total) + " exemplars of " +
                              std::to_string(byClass.size()) + " classes do not fit a memory of " +
                              std::to_string(capacity_));
    byClass_ = std::move(byClass);
    shares_ = std::move(shares);
}

std::vector<std::int64_t> RehearsalMemory::indices() const {
    std::vector<std::int64_t> out;
    for (const auto& [label, exemplars] : byClass_)
        out.insert(out.end(), exemplars.begin(), exemplars.end());
    return out;
}

std::size_t RehearsalMemory::size() const {
    std::size_t n = 0;
    for (const auto& [label, exemplars] : byClass_)
        n += exemplars.size();
    return n;
}

}  // namespace pf::data
