#include "data/batch_loader.h"

#include <utility>

#include <torch/torch.h>

#include "common/error.h"
#include "common/system_info.h"

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

BatchLoader::~BatchLoader() {
    if (!thread_.joinable()) return;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
}

std::optional<Batch> BatchLoader::next() {
    if (options_.prefetch <= 0) return make();
    if (!thread_.joinable()) thread_ = std::thread([this] { prefetchLoop(); });
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return !ready_.empty() || ended_; });
    if (ready_.empty()) {  // past the end; after an error, that error once
        std::exception_ptr error = std::exchange(error_, nullptr);
        lock.unlock();
        if (error) std::rethrow_exception(error);
        return std::nullopt;
    }
    std::optional<Batch> batch = std::move(ready_.front());
    ready_.pop_front();
    lock.unlock();
    changed_.notify_all();
    return batch;
}

void BatchLoader::prefetchLoop() {
    // Its LibTorch work stays on this thread: a team of compute threads here would slow the
    // training thread's own (see useCallingThreadOnly()).
    useCallingThreadOnly();
    while (true) {
        {
            std::unique_lock<std::mutex> lock(mutex_);
            changed_.wait(
                lock, [&] { return stop_ || static_cast<int>(ready_.size()) < options_.prefetch; });
            if (stop_) return;
        }
        std::optional<Batch> batch;
        std::exception_ptr error;
        try {
            batch = make();
        } catch (...) {
            error = std::current_exception();
        }
        const bool last = !batch;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (error) {
                error_ = error;
                ended_ = true;
            } else {
                ready_.push_back(std::move(batch));
                ended_ = last;
            }
        }
        changed_.notify_all();
        if (last) return;
    }
}

std::optional<Batch> BatchLoader::make() {
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
    if (options_.device.is_cuda()) {
        // From page-locked memory the copies are asynchronous: queued on the device's stream,
        // ahead of the work that reads them, while this thread goes on to the next batch.
        batch.images = batch.images.pin_memory().to(options_.device, /*non_blocking=*/true);
        batch.targets = batch.targets.pin_memory().to(options_.device, /*non_blocking=*/true);
    } else if (!options_.device.is_cpu()) {
        batch.images = batch.images.to(options_.device);
        batch.targets = batch.targets.to(options_.device);
    }
    return batch;
}

std::pair<torch::Tensor, torch::Tensor> encodeAll(
    BatchLoader& loader, const std::function<torch::Tensor(const torch::Tensor&)>& encode) {
    torch::NoGradGuard guard;
    std::vector<torch::Tensor> features, targets;
    while (auto b = loader.next()) {
        features.push_back(encode(b->images));
        targets.push_back(b->targets);
    }
    if (features.empty()) return {torch::Tensor(), torch::empty({0}, torch::kLong)};
    return {torch::cat(features), torch::cat(targets)};
}

}  // namespace pf::data
