#include "synthetic_dataset.h"

#include <random>

#include <torch/torch.h>

namespace pf::test {
namespace {

data::ImageSplit makeSplit(int perClass, std::mt19937& rng) {
    const int n = perClass * 10;
    data::ImageSplit split;
    split.images = torch::empty({n, 28, 28, 1}, torch::kUInt8);
    split.labels = torch::empty({n}, torch::kInt64);
    auto* px = split.images.data_ptr<std::uint8_t>();
    auto* lb = split.labels.data_ptr<std::int64_t>();
    std::uniform_int_distribution<int> noise(0, 60);
    for (int i = 0; i < n; ++i) {
        const int label = i % 10;
        lb[i] = label;
        for (int y = 0; y < 28; ++y)
            for (int x = 0; x < 28; ++x) {
                int v = noise(rng);
                if (y == 2 + 2 * label || y == 3 + 2 * label) v = 200 + noise(rng) / 2;
                px[(i * 28 + y) * 28 + x] = static_cast<std::uint8_t>(v);
            }
    }
    return split;
}

}  // namespace

data::ImageDataset syntheticDataset(int trainPerClass, int testPerClass, unsigned seed) {
    std::mt19937 rng(seed);
    data::ImageDataset ds;
    ds.info = data::datasetInfo("fmnist");
    ds.info.pretrainPool = 0;
    ds.train = makeSplit(trainPerClass, rng);
    ds.test = makeSplit(testPerClass, rng);
    ds.mean = {0.2860f};
    ds.std = {0.3530f};
    return ds;
}

}  // namespace pf::test
