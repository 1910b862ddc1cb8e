#include "data/batch_loader.h"

#include <torch/torch.h>

#include "common/error.h"

namespace pf::data {

BatchLoader::BatchLoader(const ImageSplit& split, std::vector<std::int64_t> indices,
                         const std::vector<int>& labelMap, LoaderOptions options)
    : split_(split)
    , indices_(std::move(indices))
    , options_(std::move(options))
    , rng_(static_cast<std::mt19937::result_type>(options_.seed)) {
    if (options_.batchSize < 1) throw Error("batch size must be at least 1");
    if (options_.shuffle) {
        // Portable Fisher-Yates, as for the class order.
        for (std::size_t i = indices_.size(); i > 1; --i) {
            const std::size_t j = rng_() % i;
            std::swap(indices_[i - 1], indices_[j]);
        }
    }
    const torch::Tensor labels = split_.labels.contiguous();
    const auto* l = labels.data_ptr<std::int64_t>();
    targets_.reserve(indices_.size());
    for (std::int64_t idx : indices_) {
        const int mapped = labelMap.at(static_cast<std::size_t>(l[idx]));
        if (mapped < 0) throw Error("sample " + std::to_string(idx) + " has an unmapped class");
        targets_.push_back(mapped);
    }
}

std::int64_t BatchLoader::samples() const {
    const auto n = static_cast<std::int64_t>(indices_.size());
    return options_.dropLast ? n - n % options_.batchSize : n;
}

std::int64_t BatchLoader::batches() const {
    const std::int64_t n = samples();
    return (n + options_.batchSize - 1) / options_.batchSize;
}

std::optional<Batch> BatchLoader::next() {
    const auto end = static_cast<std::size_t>(samples());
    if (position_ >= end) return std::nullopt;
    const std::size_t stop =
        std::min(end, position_ + static_cast<std::size_t>(options_.batchSize));
    std::vector<std::int64_t> idx(indices_.begin() + static_cast<std::ptrdiff_t>(position_),
                                  indices_.begin() + static_cast<std::ptrdiff_t>(stop));
    std::vector<std::int64_t> tgt(targets_.begin() + static_cast<std::ptrdiff_t>(position_),
                                  targets_.begin() + static_cast<std::ptrdiff_t>(stop));
    position_ = stop;
    Batch batch;
    std::vector<std::int64_t> rows(idx.size());
    for (std::size_t i = 0; i < rows.size(); ++i)
        rows[i] = static_cast<std::int64_t>(i);
    batch.images =
        makeBatch(split_.gather(idx), rows, options_.transform, options_.train ? &rng_ : nullptr);
    batch.targets = torch::tensor(tgt, torch::kInt64);
    return batch;
}

}  // namespace pf::data
