#include "data/transforms.h"

#include <cmath>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <torch/torch.h>

#include "common/error.h"

namespace pf::data {
namespace {

// Inception-style crop: area share in [0.08, 1], log-uniform aspect in [3/4, 4/3]; after ten
// misses the whole image.
cv::Rect randomResizedCropRect(int w, int h, std::mt19937& rng) {
    std::uniform_real_distribution<double> scale(0.08, 1.0);
    std::uniform_real_distribution<double> logRatio(std::log(3.0 / 4.0), std::log(4.0 / 3.0));
    const double area = static_cast<double>(w) * h;
    for (int attempt = 0; attempt < 10; ++attempt) {
        const double target = area * scale(rng);
        const double ratio = std::exp(logRatio(rng));
        const int cw = static_cast<int>(std::lround(std::sqrt(target * ratio)));
        const int ch = static_cast<int>(std::lround(std::sqrt(target / ratio)));
        if (cw > 0 && ch > 0 && cw <= w && ch <= h) {
            const int x = std::uniform_int_distribution<int>(0, w - cw)(rng);
            const int y = std::uniform_int_distribution<int>(0, h - ch)(rng);
            return {x, y, cw, ch};
        }
    }
    return {0, 0, w, h};
}

// Brightness, contrast, saturation (torchvision's ColorJitter without hue), fixed order.
void jitter(cv::Mat& image, double strength, std::mt19937& rng) {
    std::uniform_real_distribution<double> factor(std::max(0.0, 1.0 - strength), 1.0 + strength);
    cv::Mat f;
    image.convertTo(f, CV_32F, factor(rng));  // brightness
    cv::Mat grey;
    if (f.channels() == 3)
        cv::cvtColor(f, grey, cv::COLOR_RGB2GRAY);
    else
        grey = f;
    const double c = factor(rng);
    const double mean = cv::mean(grey)[0];
    f = f * c + cv::Scalar::all(mean * (1.0 - c));  // contrast
    if (f.channels() == 3) {
        const double s = factor(rng);
        cv::Mat g3;
        cv::cvtColor(f, grey, cv::COLOR_RGB2GRAY);
        cv::cvtColor(grey, g3, cv::COLOR_GRAY2RGB);
        cv::addWeighted(f, s, g3, 1.0 - s, 0.0, f);  // saturation
    }
    f.convertTo(image, CV_8U);  // saturating
}

}  // namespace

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

    const bool train = rng != nullptr;
    const bool crop = train && options.randomCrop && options.cropPadding > 0;
    const bool resizedCrop = train && options.randomResizedCrop;
    const bool flip = train && options.flip;
    const bool colour = train && options.colorJitter > 0.0;
    const bool centre = !train && options.centerCrop;
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
        if (resizedCrop) view = view(randomResizedCropRect(view.cols, view.rows, *rng));
        if (centre) {
            const int cw = std::max(1, static_cast<int>(std::lround(view.cols * 7.0 / 8.0)));
            const int ch = std::max(1, static_cast<int>(std::lround(view.rows * 7.0 / 8.0)));
            view = view(cv::Rect((view.cols - cw) / 2, (view.rows - ch) / 2, cw, ch));
        }
        if (flip && std::bernoulli_distribution(0.5)(*rng)) {
            cv::Mat flipped;
            cv::flip(view, flipped, 1);
            view = flipped;
        }
        if (view.cols != ow || view.rows != oh) {
            cv::resize(view, resized, cv::Size(ow, oh), 0.0, 0.0,
                       oh > view.rows ? cv::INTER_CUBIC : cv::INTER_AREA);
            view = resized;
        }
        if (colour) {
            view = view.clone();  // never write into the source images
            jitter(view, options.colorJitter, *rng);
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
