#include <QtTest>

#include <numeric>

#include <torch/torch.h>

#include "data/batch_loader.h"
#include "data/transforms.h"

using namespace pf;

namespace {

torch::Tensor ramp(int n) {
    // n images 4x4x1 whose pixel (y, x) of image i is 10 * i + 4 * y + x.
    torch::Tensor t = torch::empty({n, 4, 4, 1}, torch::kUInt8);
    for (int i = 0; i < n; ++i)
        for (int y = 0; y < 4; ++y)
            for (int x = 0; x < 4; ++x)
                t[i][y][x][0] = 10 * i + 4 * y + x;
    return t;
}

}  // namespace

class TestTransforms : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void normalisesAndTransposes() {
        data::TransformOptions o;
        o.mean = {0.5f};
        o.std = {0.25f};
        const torch::Tensor batch = data::makeBatch(ramp(3), {2, 0}, o, nullptr);
        QCOMPARE(batch.sizes().vec(), (std::vector<std::int64_t>{2, 1, 4, 4}));
        // Pixel (1, 2) of image 2 is 26: (26/255 - 0.5) / 0.25.
        QVERIFY(std::abs(batch[0][0][1][2].item<float>() - (26.0f / 255.0f - 0.5f) / 0.25f) <
                1e-5f);
        QVERIFY(std::abs(batch[1][0][0][0].item<float>() - (0.0f - 0.5f) / 0.25f) < 1e-5f);
    }

    void resizesToTheModelInputSize() {
        // A flat image stays flat at any size; a half-bright image keeps its halves.
        torch::Tensor img = torch::zeros({2, 8, 8, 3}, torch::kUInt8);
        img[0].fill_(100);
        img[1].slice(1, 4, 8).fill_(255);
        data::TransformOptions o;
        o.mean = {0.f, 0.f, 0.f};
        o.std = {1.f, 1.f, 1.f};
        o.outputSize = 32;
        const torch::Tensor up = data::makeBatch(img, {0, 1}, o, nullptr);
        QCOMPARE(up.sizes().vec(), (std::vector<std::int64_t>{2, 3, 32, 32}));
        QVERIFY((up[0] - 100.0f / 255.0f).abs().max().item<float>() < 1e-5f);
        QVERIFY(up[1][2][10][2].item<float>() < 0.05f);
        QVERIFY(up[1][2][10][29].item<float>() > 0.95f);
        o.outputSize = 4;
        const torch::Tensor down = data::makeBatch(img, {1}, o, nullptr);
        QCOMPARE(down.sizes().vec(), (std::vector<std::int64_t>{1, 3, 4, 4}));
        QCOMPARE(down[0][0][0][0].item<float>(), 0.0f);
        QCOMPARE(down[0][0][0][3].item<float>(), 1.0f);
    }

    void multiChannelStaysChannelFirst() {
        torch::Tensor rgb = torch::zeros({1, 2, 2, 3}, torch::kUInt8);
        rgb.select(3, 1).fill_(255);
        data::TransformOptions o;
        o.mean = {0.f, 0.f, 0.f};
        o.std = {1.f, 1.f, 1.f};
        const torch::Tensor b = data::makeBatch(rgb, {0}, o, nullptr);
        QCOMPARE(b.sizes().vec(), (std::vector<std::int64_t>{1, 3, 2, 2}));
        QCOMPARE(b[0][1].sum().item<float>(), 4.0f);
        QCOMPARE(b[0][0].sum().item<float>(), 0.0f);
    }

    void randomCropIsSeededAndShiftsContent() {
        data::TransformOptions o;
        o.mean = {0.f};
        o.std = {1.f};
        o.randomCrop = true;
        o.cropPadding = 1;
        const torch::Tensor images = ramp(8);
        std::vector<std::int64_t> all = {0, 1, 2, 3, 4, 5, 6, 7};
        std::mt19937 a(5), b(5);
        const torch::Tensor x = data::makeBatch(images, all, o, &a);
        const torch::Tensor y = data::makeBatch(images, all, o, &b);
        QVERIFY(torch::equal(x, y));
        const torch::Tensor plain = data::makeBatch(images, all, o, nullptr);
        QVERIFY(!torch::equal(x, plain));  // 8 crops all centred would be a 1 in 9^8 chance
        // The test-time path ignores the random transforms.
        QVERIFY(torch::equal(plain, data::makeBatch(images, all, o, nullptr)));
    }

    void loaderCoversAllSamplesOnce() {
        data::ImageSplit split;
        split.images = ramp(10);
        split.labels = torch::arange(10, torch::kInt64).remainder(2);
        data::LoaderOptions o;
        o.batchSize = 4;
        o.shuffle = true;
        o.seed = 3;
        o.transform.mean = {0.f};
        o.transform.std = {1.f};
        std::vector<int> labelMap = {1, 0};  // original 0 -> incremental 1
        data::BatchLoader loader(split, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, labelMap, o);
        QCOMPARE(loader.batches(), std::int64_t{3});
        std::vector<float> firstPixels;
        std::int64_t seen = 0;
        while (auto b = loader.next()) {
            for (std::int64_t i = 0; i < b->images.size(0); ++i) {
                const float first = b->images[i][0][0][0].item<float>() * 255.0f;
                firstPixels.push_back(std::round(first));
                const int image = static_cast<int>(std::round(first)) / 10;
                QCOMPARE(b->targets[i].item<std::int64_t>(), std::int64_t{image % 2 == 0 ? 1 : 0});
            }
            seen += b->images.size(0);
        }
        QCOMPARE(seen, std::int64_t{10});
        std::sort(firstPixels.begin(), firstPixels.end());
        for (int i = 0; i < 10; ++i)
            QCOMPARE(firstPixels[static_cast<std::size_t>(i)], 10.0f * i);

        o.dropLast = true;
        data::BatchLoader dropping(split, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, labelMap, o);
        QCOMPARE(dropping.batches(), std::int64_t{2});
        QCOMPARE(dropping.samples(), std::int64_t{8});
    }

    // Batches made ahead on the loader's thread are the batches made on demand: the same
    // order, crops and labels.
    void prefetchingMakesTheSameBatches() {
        data::ImageSplit split;
        split.images = ramp(23);
        split.labels = torch::arange(23, torch::kInt64).remainder(2);
        data::LoaderOptions o;
        o.batchSize = 4;
        o.shuffle = true;
        o.train = true;
        o.seed = 11;
        o.transform.mean = {0.f};
        o.transform.std = {1.f};
        o.transform.randomCrop = true;
        o.transform.cropPadding = 1;
        std::vector<std::int64_t> all(23);
        std::iota(all.begin(), all.end(), std::int64_t{0});
        const std::vector<int> labelMap = {0, 1};
        data::BatchLoader plain(split, all, labelMap, o);
        o.prefetch = 3;
        data::BatchLoader ahead(split, all, labelMap, o);
        int batches = 0;
        while (auto a = plain.next()) {
            auto b = ahead.next();
            QVERIFY(b.has_value());
            QVERIFY(torch::equal(a->images, b->images));
            QVERIFY(torch::equal(a->targets, b->targets));
            ++batches;
        }
        QCOMPARE(batches, 6);
        QVERIFY(!ahead.next().has_value());
        QVERIFY(!ahead.next().has_value());  // and stays at the end
        // A loader left mid-epoch (a stopped run) stops its thread.
        {
            data::BatchLoader left(split, all, labelMap, o);
            QVERIFY(left.next().has_value());
        }
        { data::BatchLoader unused(split, all, labelMap, o); }
    }
};

QTEST_APPLESS_MAIN(TestTransforms)
#include "test_transforms.moc"
