#include "data/image_dataset.h"

#include <filesystem>

#include <torch/torch.h>

#include "common/error.h"
#include "data/domain_shifts.h"
#include "data/idx.h"

namespace pf::data {
namespace {

namespace fs = std::filesystem;

// Finds `stem` or `stem.gz` in `root`.
std::string locate(const std::string& root, const std::string& stem) {
    for (const std::string& name : {stem + ".gz", stem}) {
        const fs::path p = fs::path(root) / name;
        if (fs::exists(p)) return p.string();
    }
    throw DataError((fs::path(root) / (stem + ".gz")).string() +
                    ": file not found (set data_root to the folder holding the Fashion-MNIST "
                    "IDX files; Debian's package dataset-fashion-mnist installs them in "
                    "/usr/share/datasets/fashion-mnist)");
}

ImageSplit readSplit(const std::string& root, const std::string& prefix, int numClasses) {
    const std::string imagesPath = locate(root, prefix + "-images-idx3-ubyte");
    const std::string labelsPath = locate(root, prefix + "-labels-idx1-ubyte");
    IdxArray images = readIdx(imagesPath);
    IdxArray labels = readIdx(labelsPath);
    if (images.dims.size() != 3)
        throw DataError(imagesPath + ": expected 3 dimensions (count, rows, columns), got " +
                        std::to_string(images.dims.size()));
    if (labels.dims.size() != 1)
        throw DataError(labelsPath + ": expected 1 dimension (count), got " +
                        std::to_string(labels.dims.size()));
    if (images.dims[0] != labels.dims[0])
        throw DataError(imagesPath + " holds " + std::to_string(images.dims[0]) + " images but " +
                        labelsPath + " holds " + std::to_string(labels.dims[0]) + " labels");
    for (std::size_t i = 0; i < labels.data.size(); ++i)
        if (labels.data[i] >= numClasses)
            throw DataError(labelsPath + ": label " + std::to_string(labels.data[i]) +
                            " at byte offset " + std::to_string(8 + i) + " is not below " +
                            std::to_string(numClasses));

    ImageSplit split;
    const auto n = images.dims[0], h = images.dims[1], w = images.dims[2];
    split.images = torch::from_blob(images.data.data(), {n, h, w, 1}, torch::kUInt8).clone();
    split.labels = torch::from_blob(labels.data.data(), {n}, torch::kUInt8).to(torch::kInt64);
    return split;
}

}  // namespace

int ImageSplit::height() const {
    if (source) return source->side();
    return images.defined() ? static_cast<int>(images.size(1)) : 0;
}

int ImageSplit::width() const {
    if (source) return source->side();
    return images.defined() ? static_cast<int>(images.size(2)) : 0;
}

int ImageSplit::channels() const {
    if (source) return source->channels();
    return images.defined() ? static_cast<int>(images.size(3)) : 0;
}

torch::Tensor ImageSplit::gather(const std::vector<std::int64_t>& indices) const {
    const auto n = static_cast<std::int64_t>(indices.size());
    for (std::int64_t i : indices)
        TORCH_CHECK(i >= 0 && i < size(), "sample index ", i, " out of range");
    if (source) {
        torch::Tensor out = torch::empty({n, height(), width(), channels()}, torch::kUInt8);
        source->read(indices, out.data_ptr<std::uint8_t>());
        return out;
    }
    return images.index_select(0, torch::tensor(indices, torch::kInt64));
}

std::string ImageSplit::describe(std::int64_t index) const {
    if (source) return source->describe(index);
    return "image " + std::to_string(index);
}

std::vector<std::int64_t> ImageSplit::labelVector() const {
    const torch::Tensor l = labels.contiguous();
    const auto* p = l.data_ptr<std::int64_t>();
    return std::vector<std::int64_t>(p, p + l.numel());
}

ImageDataset loadFashionMnist(const std::string& root) {
    ImageDataset ds;
    ds.info = datasetInfo("fmnist");
    if (!fs::is_directory(root))
        throw DataError(root + ": data folder not found (data_root of data set 'fmnist')");
    ds.train = readSplit(root, "train", ds.info.numClasses);
    ds.test = readSplit(root, "t10k", ds.info.numClasses);
    if (ds.train.images.sizes().slice(1) != ds.test.images.sizes().slice(1))
        throw DataError(root + ": train and test images differ in size");
    if (ds.train.size() <= ds.info.pretrainPool)
        throw DataError(root + ": " + std::to_string(ds.train.size()) +
                        " training images leave nothing beside the pretraining pool of " +
                        std::to_string(ds.info.pretrainPool));
    // The usual Fashion-MNIST statistics; a synthetic set gets the same normalisation.
    ds.mean = {0.2860f};
    ds.std = {0.3530f};
    return ds;
}

ImageDataset loadDataset(const std::string& name, const std::string& root) {
    const DatasetInfo& info = datasetInfo(name);
    const std::string where = root.empty() ? info.defaultRoot : root;
    if (name == "fmnist") return loadFashionMnist(where);
    if (name == "fmnist-r") return loadFashionMnistRenditions(where, 0);
    if (name == "cifar10") return loadCifar10(where);
    if (name == "cifar100") return loadCifar100(where);
    throw ConfigError("config key 'dataset': no loader for '" + name + "'");
}

}  // namespace pf::data
