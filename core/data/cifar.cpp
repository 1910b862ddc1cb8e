#include <filesystem>
#include <fstream>
#include <iterator>

#include <torch/torch.h>

#include "common/error.h"
#include "data/image_dataset.h"

// CIFAR-10 and CIFAR-100, "binary version" (https://www.cs.toronto.edu/~kriz/cifar.html): each
// record is the label byte(s) followed by 3072 bytes of pixels, the red plane, then green, then
// blue, each 32 x 32 row-major.
namespace pf::data {
namespace {

namespace fs = std::filesystem;

constexpr int kSide = 32;
constexpr std::size_t kPixels = 3 * kSide * kSide;

struct CifarLayout {
    const char* dataset;      ///< catalog name
    const char* folder;       ///< the archive's folder name, for messages
    std::size_t labelBytes;   ///< 1 (CIFAR-10) or 2 (CIFAR-100: coarse, fine)
    std::size_t labelOffset;  ///< which label byte is the class (CIFAR-100: the fine one)
    int numClasses;
    const char* namesFile;  ///< class names, one per line
};

constexpr CifarLayout kCifar10{"cifar10", "cifar-10-batches-bin", 1, 0, 10, "batches.meta.txt"};
constexpr CifarLayout kCifar100{"cifar100", "cifar-100-binary", 2, 1, 100, "fine_label_names.txt"};

std::vector<std::uint8_t> readBytes(const fs::path& path, const CifarLayout& layout) {
    if (!fs::is_regular_file(path))
        throw DataError(path.string() + ": file not found (set data_root to the folder of the " +
                        layout.dataset + " binary version, '" + layout.folder + "')");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw DataError(path.string() + ": cannot open");
    return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), {});
}

// Appends the records of one file to `pixels` and `labels`, checking size and labels.
void readRecords(const fs::path& path, const CifarLayout& layout, std::vector<std::uint8_t>& pixels,
                 std::vector<std::int64_t>& labels) {
    const std::vector<std::uint8_t> bytes = readBytes(path, layout);
    const std::size_t record = layout.labelBytes + kPixels;
    if (bytes.empty() || bytes.size() % record != 0)
        throw DataError(path.string() + ": " + std::to_string(bytes.size()) +
                        " bytes is not a whole number of " + std::to_string(record) +
                        "-byte records (is this the " + layout.dataset + " binary version?)");
    const std::size_t n = bytes.size() / record;
    pixels.reserve(pixels.size() + n * kPixels);
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint8_t* r = bytes.data() + i * record;
        const int label = r[layout.labelOffset];
        if (label >= layout.numClasses)
            throw DataError(path.string() + ": record " + std::to_string(i) + " (byte offset " +
                            std::to_string(i * record + layout.labelOffset) + ") has label " +
                            std::to_string(label) + ", not below " +
                            std::to_string(layout.numClasses));
        labels.push_back(label);
        pixels.insert(pixels.end(), r + layout.labelBytes, r + record);
    }
}

ImageSplit readSplit(const fs::path& root, const std::vector<std::string>& files,
                     const CifarLayout& layout) {
    std::vector<std::uint8_t> pixels;
    std::vector<std::int64_t> labels;
    for (const std::string& f : files)
        readRecords(root / f, layout, pixels, labels);
    const auto n = static_cast<std::int64_t>(labels.size());
    ImageSplit split;
    // Planes [N, 3, 32, 32] -> pixels [N, 32, 32, 3].
    split.images = torch::from_blob(pixels.data(), {n, 3, kSide, kSide}, torch::kUInt8)
                       .permute({0, 2, 3, 1})
                       .contiguous();
    split.labels = torch::tensor(labels, torch::kInt64);
    return split;
}

// Class names from the archive's names file when it is there (checked against the label
// count), otherwise the catalog's. Underscores stay: prompts turn them into spaces.
std::vector<std::string> readNames(const fs::path& path, const CifarLayout& layout,
                                   std::vector<std::string> fallback) {
    if (!fs::exists(path)) return fallback;
    std::ifstream in(path);
    std::vector<std::string> names;
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
            line.pop_back();
        if (!line.empty()) names.push_back(line);
    }
    if (static_cast<int>(names.size()) != layout.numClasses)
        throw DataError(path.string() + ": " + std::to_string(names.size()) +
                        " class names, expected " + std::to_string(layout.numClasses));
    return names;
}

ImageDataset loadCifar(const std::string& root, const CifarLayout& layout,
                       const std::vector<std::string>& trainFiles, const std::string& testFile) {
    ImageDataset ds;
    ds.info = datasetInfo(layout.dataset);
    if (root.empty())
        throw DataError(std::string("data set '") + layout.dataset +
                        "' has no default folder: set data_root to the folder of its binary "
                        "version ('" +
                        layout.folder + "')");
    if (!fs::is_directory(root))
        throw DataError(root + ": data folder not found (data_root of data set '" + layout.dataset +
                        "')");
    ds.train = readSplit(root, trainFiles, layout);
    ds.test = readSplit(root, {testFile}, layout);
    ds.info.classNames = readNames(fs::path(root) / layout.namesFile, layout, ds.info.classNames);
    // CLIP's normalisation: the reference feeds both backbones CLIP-preprocessed images.
    ds.mean = {0.48145466f, 0.4578275f, 0.40821073f};
    ds.std = {0.26862954f, 0.26130258f, 0.27577711f};
    return ds;
}

}  // namespace

ImageDataset loadCifar10(const std::string& root) {
    return loadCifar(root, kCifar10,
                     {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
                      "data_batch_4.bin", "data_batch_5.bin"},
                     "test_batch.bin");
}

ImageDataset loadCifar100(const std::string& root) {
    return loadCifar(root, kCifar100, {"train.bin"}, "test.bin");
}

}  // namespace pf::data
