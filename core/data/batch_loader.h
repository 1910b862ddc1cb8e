#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <vector>

#include <torch/types.h>

#include "data/image_dataset.h"
#include "data/transforms.h"

namespace pf::data {

/// A mini-batch: normalised images and incremental labels.
struct Batch {
    torch::Tensor images;   ///< [B, C, H, W] float32
    torch::Tensor targets;  ///< [B] int64 incremental labels
};

/// Options of one pass over a set of samples.
struct LoaderOptions {
    int batchSize = 64;          ///< samples per batch
    bool shuffle = false;        ///< reshuffle the order (seeded)
    bool dropLast = false;       ///< drop a last, incomplete batch
    bool train = false;          ///< apply the random transforms
    std::uint64_t seed = 0;      ///< drives shuffling and augmentation
    TransformOptions transform;  ///< normalisation and augmentation
};

/// One epoch of mini-batches over `indices` of a split. Labels are mapped through `labelMap`
/// (original -> incremental); a sample of a class outside the map is a programming error.
class BatchLoader {
public:
    BatchLoader(const ImageSplit& split, std::vector<std::int64_t> indices,
                const std::vector<int>& labelMap, LoaderOptions options);

    /// Batches in this epoch.
    std::int64_t batches() const;
    /// Samples in this epoch (after drop_last).
    std::int64_t samples() const;
    /// The next batch, or nothing at the end of the epoch.
    std::optional<Batch> next();

private:
    const ImageSplit& split_;
    std::vector<std::int64_t> indices_;
    std::vector<std::int64_t> targets_;
    LoaderOptions options_;
    std::mt19937 rng_;
    std::size_t position_ = 0;
};

}  // namespace pf::data
