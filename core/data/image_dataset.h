#pragma once

#include <memory>
#include <string>
#include <vector>

#include <torch/types.h>

#include "data/catalog.h"
#include "data/image_source.h"

/// Image data sets held in memory as uint8 tensors.
namespace pf::data {

/// One split of a data set: images in memory, or a source that reads them on demand.
struct ImageSplit {
    torch::Tensor images;                 ///< [N, H, W, C] uint8 in memory; undefined with source
    std::shared_ptr<ImageSource> source;  ///< lazily read images (large folders), or null
    torch::Tensor labels;                 ///< [N] int64, original class ids
    std::vector<int> domains;             ///< per sample, its domain (domain-IL data); or empty

    std::int64_t size() const { return labels.defined() ? labels.size(0) : 0; }
    int height() const;
    int width() const;
    int channels() const;
    /// Images `indices` as one [B, H, W, C] uint8 tensor (copied from memory or read).
    torch::Tensor gather(const std::vector<std::int64_t>& indices) const;
    /// Where sample `index` comes from ("train image 12", or its file), for messages.
    std::string describe(std::int64_t index) const;
    /// The labels as a std::vector (what TaskSequence takes).
    std::vector<std::int64_t> labelVector() const;
};

/// A loaded data set: both splits, its class names and per-channel normalisation.
struct ImageDataset {
    DatasetInfo info;  ///< catalog entry, class names included
    ImageSplit train;
    ImageSplit test;
    std::vector<float> mean;  ///< per channel, in [0, 1] units
    std::vector<float> std;   ///< per channel, in [0, 1] units
    /// Domain-incremental data: the domains, index = domain id of ImageSplit::domains.
    std::vector<std::string> domainNames;
    /// True when every domain is tested on the same test images (CORe50's test sessions).
    bool sharedTest = false;
    /// Problems that did not stop the load (unreadable images skipped, ...), for the user.
    std::vector<std::string> warnings;

    int channels() const { return train.channels(); }
    int height() const { return train.height(); }
    int width() const { return train.width(); }
    /// Index of the first training image of the pretraining pool (= train.size() when none).
    std::int64_t pretrainPoolStart() const { return train.size() - info.pretrainPool; }
};

/// Loads Fashion-MNIST from the four IDX files (`train-images-idx3-ubyte.gz`, ...) in `root`,
/// gzip-compressed or not. Throws pf::DataError naming the file at fault, including image and
/// label counts that disagree.
ImageDataset loadFashionMnist(const std::string& root);

/// Loads CIFAR-10, binary version, from `root` (`data_batch_1.bin` .. `data_batch_5.bin`,
/// `test_batch.bin`, optional `batches.meta.txt`). Throws pf::DataError naming the file at
/// fault: missing, not a whole number of 3073-byte records, or a label out of range.
ImageDataset loadCifar10(const std::string& root);

/// Loads CIFAR-100, binary version, from `root` (`train.bin`, `test.bin`, optional
/// `fine_label_names.txt`), with the 100 fine labels. Errors as loadCifar10 (3074-byte records).
ImageDataset loadCifar100(const std::string& root);

/// Loads the catalog data set `name` from `root` ("" = its default location).
ImageDataset loadDataset(const std::string& name, const std::string& root);

}  // namespace pf::data
