#pragma once

#include <cstdint>
#include <string>

/// Synthetic Fashion-MNIST-shaped data sets that tests write themselves.
namespace pf::test {

struct SyntheticOptions {
    int trainPerClass = 40;  ///< task-usable training images per class
    int testPerClass = 20;   ///< test images per class
    int poolImages = 10000;  ///< images appended as the pretraining pool
    bool gzip = true;        ///< write .gz files
    std::uint32_t seed = 1;  ///< pixel noise
};

/// Writes the four IDX files of a 10-class, 28x28 data set into `folder` (created if needed).
/// Class c is a bright horizontal bar at row 2 + 2c plus noise, so a small model learns it in
/// a few steps. Training images come first, class-interleaved, then the pretraining pool.
void writeSyntheticFashionMnist(const std::string& folder, const SyntheticOptions& options = {});

/// Writes a CIFAR binary-version data set into `folder`: CIFAR-100 (`train.bin`, `test.bin`,
/// `fine_label_names.txt` when `names`) or CIFAR-10 (`data_batch_1..5.bin`, `test_batch.bin`,
/// `batches.meta.txt`). Record i of a split has class i % classes; its red plane is the class
/// id, green the record index (mod 256), blue 255 - class. CIFAR-10's training records are dealt
/// round-robin over the five batch files. Names are "class_<c>".
void writeSyntheticCifar(const std::string& folder, bool cifar100, int trainPerClass,
                         int testPerClass, bool names = true);

}  // namespace pf::test
