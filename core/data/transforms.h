#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include <torch/types.h>

/// Image transforms, done with OpenCV on the uint8 images, then packed into a float batch.
namespace pf::data {

struct TransformOptions {
    bool randomCrop = false;  ///< pad by `cropPadding` (zeros) and crop back at a random place
    int cropPadding = 2;      ///< pixels of padding on each side for the random crop
    bool flip = false;        ///< random horizontal flip (off for Fashion-MNIST by default)
    /// Random resized crop (Inception-style): a crop of 8% to 100% of the area with aspect ratio
    /// 3/4 to 4/3, resized to the output size.
    bool randomResizedCrop = false;
    double colorJitter = 0.0;  ///< brightness, contrast, saturation factors in [1 - s, 1 + s]
    /// Test-time only: the central 7/8 of the image, resized to the output size (ImageNet's
    /// resize to 256 and centre crop 224).
    bool centerCrop = false;
    std::vector<float> mean;  ///< per-channel mean subtracted after scaling to [0, 1]
    std::vector<float> std;   ///< per-channel divisor after subtracting the mean
    /// > 0: images are resized to outputSize x outputSize after crop and flip (bicubic when
    /// enlarging, area averaging when shrinking), as CLIP's preprocessing does for 224 pixels.
    int outputSize = 0;
};

/// Turns images[indices] ([N, H, W, C] uint8) into a normalised float batch [B, C, H', W']
/// (H' = W' = outputSize when set, else H and W).
/// `rng` drives the random transforms; pass nullptr for the deterministic test-time path
/// (no random crop, flip or jitter; centerCrop applies only there).
torch::Tensor makeBatch(const torch::Tensor& images, const std::vector<std::int64_t>& indices,
                        const TransformOptions& options, std::mt19937* rng);

}  // namespace pf::data
