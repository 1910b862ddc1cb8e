#include "synthetic_data.h"

#include <filesystem>
#include <random>
#include <vector>

#include "data/idx.h"

namespace pf::test {
namespace {

void drawImage(std::vector<std::uint8_t>& out, int label, std::mt19937& rng) {
    std::uniform_int_distribution<int> noise(0, 60);
    const std::size_t base = out.size();
    out.resize(base + 28 * 28);
    for (int y = 0; y < 28; ++y)
        for (int x = 0; x < 28; ++x) {
            int v = noise(rng);
            if (y == 2 + 2 * label || y == 3 + 2 * label) v = 200 + noise(rng) / 2;
            out[base + static_cast<std::size_t>(y * 28 + x)] = static_cast<std::uint8_t>(v);
        }
}

void writeSplit(const std::string& folder, const std::string& prefix, int perClass, int pool,
                bool gzip, std::mt19937& rng) {
    data::IdxArray images, labels;
    const int n = perClass * 10 + pool;
    images.dims = {n, 28, 28};
    labels.dims = {n};
    for (int i = 0; i < n; ++i) {
        const int label = i % 10;
        drawImage(images.data, label, rng);
        labels.data.push_back(static_cast<std::uint8_t>(label));
    }
    const std::string ext = gzip ? ".gz" : "";
    data::writeIdx(folder + "/" + prefix + "-images-idx3-ubyte" + ext, images, gzip);
    data::writeIdx(folder + "/" + prefix + "-labels-idx1-ubyte" + ext, labels, gzip);
}

}  // namespace

void writeSyntheticFashionMnist(const std::string& folder, const SyntheticOptions& o) {
    std::filesystem::create_directories(folder);
    std::mt19937 rng(o.seed);
    writeSplit(folder, "train", o.trainPerClass, o.poolImages, o.gzip, rng);
    writeSplit(folder, "t10k", o.testPerClass, 0, o.gzip, rng);
}

}  // namespace pf::test
