#include "synthetic_data.h"

#include <filesystem>
#include <fstream>
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

namespace {

std::string cifarRecord(bool cifar100, int cls, int index) {
    std::string r;
    if (cifar100) r.push_back(static_cast<char>(cls / 5));  // coarse label
    r.push_back(static_cast<char>(cls));
    r.append(1024, static_cast<char>(cls));
    r.append(1024, static_cast<char>(index % 256));
    r.append(1024, static_cast<char>(255 - cls));
    return r;
}

}  // namespace

void writeSyntheticCifar(const std::string& folder, bool cifar100, int trainPerClass,
                         int testPerClass, bool names) {
    std::filesystem::create_directories(folder);
    const int classes = cifar100 ? 100 : 10;
    auto write = [&](const std::string& name, const std::string& bytes) {
        std::ofstream(std::filesystem::path(folder) / name, std::ios::binary) << bytes;
    };
    std::vector<std::string> train(cifar100 ? 1 : 5);
    for (int i = 0; i < classes * trainPerClass; ++i)
        train[static_cast<std::size_t>(i) % train.size()] += cifarRecord(cifar100, i % classes, i);
    std::string test;
    for (int i = 0; i < classes * testPerClass; ++i)
        test += cifarRecord(cifar100, i % classes, i);
    if (cifar100) {
        write("train.bin", train[0]);
        write("test.bin", test);
    } else {
        for (std::size_t b = 0; b < train.size(); ++b)
            write("data_batch_" + std::to_string(b + 1) + ".bin", train[b]);
        write("test_batch.bin", test);
    }
    if (names) {
        std::string text;
        for (int c = 0; c < classes; ++c)
            text += "class_" + std::to_string(c) + "\n";
        write(cifar100 ? "fine_label_names.txt" : "batches.meta.txt", text);
    }
}

}  // namespace pf::test
