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

/// The renditions of `fmnist-r`, the ImageNet-R of this app, each image drawn once in one of
/// them: four of the built-in shifts (inverted, edges, blur-noise, elastic) and two drawings
/// of their own, "pixelated" (a quarter of the resolution in blocks) and "silhouette" (the
/// object filled in white).
const std::vector<std::string>& renditionNames();

/// Draws rendition `name` in place: "pixelated", "silhouette" or one of builtinShiftNames().
void applyRendition(const std::string& name, std::uint8_t* pixels, int h, int w, int c,
                    std::uint32_t seed);

/// A class-incremental data set of renditions: every task image of `base` (training images
/// before the pretraining pool, and test images) is redrawn in one of `renditions`, dealt per
/// class in a seeded order, so that every class has (almost) the same share of each rendition
/// in both splits. The pretraining pool stays as it was: plain images, never in a task, as
/// ImageNet-R's backbones were pretrained on photos. Deterministic for a seed.
ImageDataset withRenditions(const ImageDataset& base, const std::vector<std::string>& renditions,
                            std::uint32_t seed);

/// Data set `fmnist-r`: Fashion-MNIST from `root` with renditionNames() drawn by `seed`.
ImageDataset loadFashionMnistRenditions(const std::string& root, std::uint32_t seed);

/// Which rendition withRenditions() gave each image of a split: per class, the images in the
/// seeded order dealt out over the renditions in turn. `labels` are the split's labels;
/// `count` the images to deal (the first `count`), the rest get -1.
std::vector<int> renditionOf(const std::vector<std::int64_t>& labels, std::int64_t count,
                             int renditions, std::uint32_t seed);

}  // namespace pf::data
