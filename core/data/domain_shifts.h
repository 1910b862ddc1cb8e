#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "data/image_dataset.h"

/// Built-in domain shifts: the same classes under OpenCV image transforms, for an offline
/// domain-incremental demo on Fashion-MNIST (or any in-memory data set).
namespace pf::data {

/// The shifts, in their default task order: original, inverted, rotated, edges, blur-noise,
/// elastic.
const std::vector<std::string>& builtinShiftNames();

/// Applies shift `name` to one uint8 image (h x w x c, row-major) in place. `rng` drives the
/// random parts (rotation angle, noise, warp field). Throws pf::ConfigError for an unknown name.
void applyShift(const std::string& name, std::uint8_t* pixels, int h, int w, int c,
                std::uint32_t seed);

/// A domain-incremental data set from `base`: its task training images (the pretraining pool
/// excluded) shuffled by `seed` and cut into one disjoint share per shift, each transformed by
/// its shift; every shift tests on the whole test split under that shift. Deterministic for a
/// seed. The result has no pretraining pool, `domainNames` = `shifts`, and domain ids per sample.
ImageDataset withDomainShifts(const ImageDataset& base, const std::vector<std::string>& shifts,
                              std::uint32_t seed);

}  // namespace pf::data
