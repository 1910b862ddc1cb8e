#pragma once

#include "data/image_dataset.h"

namespace pf::test {

/// An in-memory 10-class data set of 28x28 grey images, shaped like Fashion-MNIST: class c is a
/// bright bar on rows 2 + 2c and 3 + 2c plus noise. No pretraining pool.
data::ImageDataset syntheticDataset(int trainPerClass, int testPerClass, unsigned seed = 1);

}  // namespace pf::test
