#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <utility>
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
    /// Batches read and transformed ahead on a thread of the loader's own, so that loading
    /// overlaps with training (0: each batch is made in next(), by the caller). The batches
    /// are the same either way.
    int prefetch = 0;
    /// Where the batches go (the learner's device); with prefetching, copied there ahead too.
    torch::Device device = torch::kCPU;
};

/// One epoch of mini-batches over `indices` of a split. Labels are mapped through `labelMap`
/// (original -> incremental); a sample of a class outside the map is a programming error.
/// With `prefetch` > 0 a thread makes the batches ahead from the first next() on; an error
/// there (an image file gone) is thrown by the next() that reaches it.
class BatchLoader {
public:
    BatchLoader(const ImageSplit& split, std::vector<std::int64_t> indices,
                const std::vector<int>& labelMap, LoaderOptions options);
    /// Stops and joins the prefetching thread, if any.
    ~BatchLoader();
    BatchLoader(const BatchLoader&) = delete;
    BatchLoader& operator=(const BatchLoader&) = delete;

    /// Batches in this epoch.
    std::int64_t batches() const;
    /// Samples in this epoch (after drop_last).
    std::int64_t samples() const;
    /// The next batch, or nothing at the end of the epoch.
    std::optional<Batch> next();

private:
    std::optional<Batch> make();  // the next batch, made by the calling thread
    void prefetchLoop();

    const ImageSplit& split_;
    std::vector<std::int64_t> indices_;
    std::vector<std::int64_t> targets_;
    LoaderOptions options_;
    std::mt19937 rng_;
    std::size_t position_ = 0;

    // Prefetching: the thread fills `ready_` up to options_.prefetch batches; an empty
    // optional marks the end of the epoch.
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::optional<Batch>> ready_;
    std::exception_ptr error_;
    bool ended_ = false;  // the thread has queued the end (or an error)
    bool stop_ = false;
};

/// `encode` applied to every batch of `loader` without gradients: the features of all its
/// images in order [N, ...] and their targets [N].
std::pair<torch::Tensor, torch::Tensor> encodeAll(
    BatchLoader& loader, const std::function<torch::Tensor(const torch::Tensor&)>& encode);

}  // namespace pf::data
