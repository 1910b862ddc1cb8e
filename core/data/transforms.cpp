#include "data/transforms.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <torch/torch.h>

#include "common/error.h"

namespace pf::data {

torch::Tensor makeBatch(const torch::Tensor& images, const std::vector<std::int64_t>& indices,
                        const TransformOptions& options, std::mt19937* rng) {
    TORCH_CHECK(
        images.dim() == 4 && images.scalar_type() == torch::kUInt8 && images.is_contiguous(),
        "makeBatch expects contiguous [N, H, W, C] uint8 images");
    const int h = static_cast<int>(images.size(1));
    const int w = static_cast<int>(images.size(2));
    const int c = static_cast<int>(images.size(3));
    const auto b = static_cast<std::int64_t>(indices.size());
    if (static_cast<int>(options.mean.size()) != c || static_cast<int>(options.std.size()) != c)
        throw Error("transform normalisation has " + std::to_string(options.mean.size()) +
                    " channels, images have " + std::to_string(c));

    const int oh = options.outputSize > 0 ? options.outputSize : h;
    const int ow = options.outputSize > 0 ? options.outputSize : w;
    const bool resize = oh != h || ow != w;

    // Channel-last float staging, transposed to [B, C, H, W] once at the end.
    torch::Tensor out = torch::empty({b, oh, ow, c}, torch::kFloat32);
    const std::uint8_t* src = images.data_ptr<std::uint8_t>();
    float* dst = out.data_ptr<float>();
    const std::size_t imageBytes = static_cast<std::size_t>(h) * w * c;
    const std::size_t outputValues = static_cast<std::size_t>(oh) * ow * c;
    const int type = CV_8UC(c);

    std::vector<float> scale(static_cast<std::size_t>(c)), shift(static_cast<std::size_t>(c));
    for (int k = 0; k < c; ++k) {
        scale[static_cast<std::size_t>(k)] =
            1.0f / (255.0f * options.std[static_cast<std::size_t>(k)]);
        shift[static_cast<std::size_t>(k)] =
            options.mean[static_cast<std::size_t>(k)] / options.std[static_cast<std::size_t>(k)];
    }

    const bool crop = rng != nullptr && options.randomCrop && options.cropPadding > 0;
    const bool flip = rng != nullptr && options.flip;
    const int pad = options.cropPadding;
    cv::Mat padded, view, resized;
    for (std::int64_t i = 0; i < b; ++i) {
        const std::int64_t idx = indices[static_cast<std::size_t>(i)];
        TORCH_CHECK(idx >= 0 && idx < images.size(0), "sample index out of range");
        cv::Mat img(h, w, type, const_cast<std::uint8_t*>(src + idx * imageBytes));
        view = img;
        if (crop) {
            cv::copyMakeBorder(img, padded, pad, pad, pad, pad, cv::BORDER_CONSTANT,
                               cv::Scalar::all(0));
            std::uniform_int_distribution<int> offset(0, 2 * pad);
            const int dy = offset(*rng), dx = offset(*rng);
            view = padded(cv::Rect(dx, dy, w, h));
        }
        if (flip && std::bernoulli_distribution(0.5)(*rng)) {
            cv::Mat flipped;
            cv::flip(view, flipped, 1);
            view = flipped;
        }
        if (resize) {
            cv::resize(view, resized, cv::Size(ow, oh), 0.0, 0.0,
                       oh > h ? cv::INTER_CUBIC : cv::INTER_AREA);
            view = resized;
        }
        float* o = dst + static_cast<std::size_t>(i) * outputValues;
        for (int y = 0; y < oh; ++y) {
            const std::uint8_t* row = view.ptr<std::uint8_t>(y);
            for (int x = 0; x < ow * c; ++x) {
                const int k = x % c;
                o[static_cast<std::size_t>(y) * ow * c + x] =
                    row[x] * scale[static_cast<std::size_t>(k)] -
                    shift[static_cast<std::size_t>(k)];
            }
        }
    }
    return out.permute({0, 3, 1, 2}).contiguous();
}

}  // namespace pf::data
