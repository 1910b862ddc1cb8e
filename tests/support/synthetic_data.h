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

}  // namespace pf::test
