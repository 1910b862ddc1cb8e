#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <numeric>
#include <set>
#include <thread>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <torch/torch.h>

#include "common/error.h"
#include "common/thread_pool.h"
#include "data/batch_loader.h"
#include "data/domain_shifts.h"
#include "data/image_file.h"
#include "data/image_folder.h"
#include "data/load.h"
#include "data/rehearsal_memory.h"
#include "data/task_sequence.h"
#include "data/transforms.h"
#include "synthetic_data.h"
#include "synthetic_dataset.h"

using namespace pf;
namespace fs = std::filesystem;

namespace {

// A w x h image of one colour given as RGB, written with OpenCV (which stores BGR).
void writeImage(const fs::path& path, int r, int g, int b, int w = 40, int h = 30) {
    fs::create_directories(path.parent_path());
    QVERIFY(cv::imwrite(path.string(), cv::Mat(h, w, CV_8UC3, cv::Scalar(b, g, r))));
}

void writeBytes(const fs::path& path, const std::string& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
}

// root/<class>/<n images>, class k drawn in colour (40k, 80, 200 - 40k).
void writeClassFolder(const fs::path& root, const std::vector<std::string>& classes, int n) {
    for (std::size_t k = 0; k < classes.size(); ++k)
        for (int i = 0; i < n; ++i)
            writeImage(root / classes[k] / ("img" + std::to_string(i) + ".png"),
                       static_cast<int>(40 * k), 80, static_cast<int>(200 - 40 * k));
}

data::FolderOptions small(int side = 16) {
    data::FolderOptions o;
    o.side = side;
    o.decodeThreads = 2;
    return o;
}

std::string joinedWarnings(const data::ImageDataset& ds) {
    std::string all;
    for (const std::string& w : ds.warnings)
        all += w + "\n";
    return all;
}

}  // namespace

class TestImageFolder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void threadPoolVisitsEveryIndexOnceAndRethrows() {
        ThreadPool pool(3);
        std::vector<std::atomic<int>> hits(1000);
        pool.parallelFor(hits.size(), [&](std::size_t i) { ++hits[i]; });
        for (const auto& h : hits)
            QCOMPARE(h.load(), 1);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, pool.parallelFor(10, [](std::size_t i) {
            if (i == 7) throw std::runtime_error("seven");
        }));
        // A job handed to a pool the moment it is made reaches its workers too (they may
        // start after the job does): several threads take part.
        for (int attempt = 0; attempt < 20; ++attempt) {
            ThreadPool fresh(2);
            std::mutex m;
            std::set<std::thread::id> ids;
            fresh.parallelFor(64, [&](std::size_t) {
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
                std::lock_guard<std::mutex> lock(m);
                ids.insert(std::this_thread::get_id());
            });
            QVERIFY2(ids.size() >= 2, "a fresh pool's workers missed its first job");
        }
        // Still usable after an error.
        std::atomic<int> n{0};
        pool.parallelFor(5, [&](std::size_t) { ++n; });
        QCOMPARE(n.load(), 5);
    }

    void decodesToRgbSquareCentreCrop() {
        QTemporaryDir dir;
        const fs::path p = fs::path(dir.path().toStdString()) / "wide.png";
        // 60 x 20: left third red, middle green, right third blue. The centre square after
        // resizing the short side to 12 is the green middle.
        cv::Mat img(20, 60, CV_8UC3, cv::Scalar(0, 0, 255));
        img(cv::Rect(20, 0, 20, 20)).setTo(cv::Scalar(0, 255, 0));
        img(cv::Rect(40, 0, 20, 20)).setTo(cv::Scalar(255, 0, 0));
        QVERIFY(cv::imwrite(p.string(), img));
        data::DecodeOptions o;
        o.side = 12;
        std::vector<std::uint8_t> out(12 * 12 * 3);
        std::string error;
        QVERIFY2(data::decodeImageFile(p, o, out.data(), error), error.c_str());
        const std::size_t centre = (6 * 12 + 6) * 3;
        QCOMPARE(int(out[centre]), 0);
        QCOMPARE(int(out[centre + 1]), 255);  // RGB order: green is the second channel
        QCOMPARE(int(out[centre + 2]), 0);
        // A large JPEG takes libjpeg's reduced decode (1/8 here): the same picture.
        const fs::path big = fs::path(dir.path().toStdString()) / "big.jpg";
        cv::Mat large;
        cv::resize(img, large, cv::Size(600, 200), 0, 0, cv::INTER_NEAREST);
        QVERIFY(cv::imwrite(big.string(), large));
        std::vector<std::uint8_t> fromJpeg(12 * 12 * 3);
        QVERIFY2(data::decodeImageFile(big, o, fromJpeg.data(), error), error.c_str());
        QVERIFY(fromJpeg[centre] < 40 && fromJpeg[centre + 1] > 215 && fromJpeg[centre + 2] < 40);
        o.grayscale = true;
        std::vector<std::uint8_t> grey(12 * 12);
        QVERIFY2(data::decodeImageFile(p, o, grey.data(), error), error.c_str());
        QVERIFY(grey[6 * 12 + 6] > 100);
    }

    void cmykJpegDecodesToRgb() {
        // An 8 x 8 red JPEG in CMYK with Adobe's marker (ImageMagick: convert -size 8x8 xc:red
        // -colorspace CMYK); OpenCV cannot write one, so the test writes these bytes itself.
        static const char kCmyk[] =
            "\xff\xd8\xff\xee\x00\x0e\x41\x64\x6f\x62\x65\x00\x64\x00\x00\x00\x00\x02\xff\xdb\x00"
            "\x43\x00\x03"
            "\x02\x02\x03\x02\x02\x03\x03\x03\x03\x04\x03\x03\x04\x05\x08\x05\x05\x04\x04\x05\x0a"
            "\x07\x07\x06"
            "\x08\x0c\x0a\x0c\x0c\x0b\x0a\x0b\x0b\x0d\x0e\x12\x10\x0d\x0e\x11\x0e\x0b\x0b\x10\x16"
            "\x10\x11\x13"
            "\x14\x15\x15\x15\x0c\x0f\x17\x18\x16\x14\x18\x12\x14\x15\x14\xff\xdb\x00\x43\x01\x03"
            "\x04\x04\x05"
            "\x04\x05\x09\x05\x05\x09\x14\x0d\x0b\x0d\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14"
            "\x14\x14\x14"
            "\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14"
            "\x14\x14\x14"
            "\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\xff\xc0\x00\x14\x08\x00\x08\x00\x08"
            "\x04\x01\x11"
            "\x00\x02\x11\x01\x03\x11\x01\x04\x11\x00\xff\xc4\x00\x15\x00\x01\x01\x00\x00\x00\x00"
            "\x00\x00\x00"
            "\x00\x00\x00\x00\x00\x00\x00\x08\x09\xff\xc4\x00\x14\x10\x01\x00\x00\x00\x00\x00\x00"
            "\x00\x00\x00"
            "\x00\x00\x00\x00\x00\x00\x00\xff\xc4\x00\x15\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00"
            "\x00\x00\x00"
            "\x00\x00\x00\x00\x07\x09\xff\xc4\x00\x14\x11\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00"
            "\x00\x00\x00"
            "\x00\x00\x00\x00\xff\xda\x00\x0e\x04\x01\x00\x02\x11\x03\x11\x04\x00\x00\x3f\x00\x44"
            "\x1c\xd2\xa9"
            "\x54\xdf\xff\xd9";
        QTemporaryDir dir;
        const fs::path p = fs::path(dir.path().toStdString()) / "cmyk.jpg";
        writeBytes(p, std::string(kCmyk, sizeof(kCmyk) - 1));
        QCOMPARE(fs::file_size(p), std::uintmax_t{292});
        data::DecodeOptions o;
        o.side = 8;
        std::vector<std::uint8_t> out(8 * 8 * 3);
        std::string error;
        QVERIFY2(data::decodeImageFile(p, o, out.data(), error), error.c_str());
        QVERIFY2(out[0] > 200 && out[1] < 60 && out[2] < 60,
                 qPrintable(QStringLiteral("%1 %2 %3").arg(out[0]).arg(out[1]).arg(out[2])));
    }

    void headerSizesAreReadWithoutDecoding() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        for (const char* ext : {".jpg", ".png", ".bmp", ".webp"}) {
            const fs::path p = root / (std::string("a") + ext);
            writeImage(p, 10, 20, 30, 37, 23);
            std::ifstream in(p, std::ios::binary);
            const std::vector<std::uint8_t> b(std::istreambuf_iterator<char>(in), {});
            const data::ImageFormat f = data::sniffImageFormat(b.data(), b.size());
            QVERIFY2(f != data::ImageFormat::Unknown, ext);
            int w = 0, h = 0;
            QVERIFY2(data::imageHeaderSize(b, f, w, h), ext);
            QCOMPARE(w, 37);
            QCOMPARE(h, 23);
        }
    }

    void seededSplitNamesAndLabels() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        writeClassFolder(root, {"golden_retriever", "cat", "zebra"}, 10);
        data::ImageDataset ds = data::loadImageFolder(root.string(), small());
        QCOMPARE(ds.info.numClasses, 3);
        // Byte order of the folder names; underscores read as spaces.
        QCOMPARE(ds.info.classNames,
                 (std::vector<std::string>{"cat", "golden retriever", "zebra"}));
        QCOMPARE(ds.train.size() + ds.test.size(), std::int64_t{30});
        QCOMPARE(ds.test.size(), std::int64_t{6});  // 20% of each class
        QVERIFY(ds.train.source != nullptr);
        QCOMPARE(ds.channels(), 3);
        QCOMPARE(ds.height(), 16);
        QVERIFY(ds.warnings.empty());
        // The pixels match the label: class "cat" (folder index 1 when written) is (40, 80, 160).
        const auto labels = ds.train.labelVector();
        const torch::Tensor all = ds.train.gather([&] {
            std::vector<std::int64_t> v;
            for (std::int64_t i = 0; i < ds.train.size(); ++i)
                v.push_back(i);
            return v;
        }());
        for (std::size_t i = 0; i < labels.size(); ++i) {
            const int written = labels[i] == 0 ? 1 : labels[i] == 1 ? 0 : 2;
            QCOMPARE(all[static_cast<std::int64_t>(i)][8][8][0].item<int>(), 40 * written);
            QCOMPARE(all[static_cast<std::int64_t>(i)][8][8][2].item<int>(), 200 - 40 * written);
        }
        // The split is a function of split_seed.
        const data::ImageDataset again = data::loadImageFolder(root.string(), small());
        QCOMPARE(again.test.describe(0), ds.test.describe(0));
        data::FolderOptions other = small();
        other.splitSeed = 5;
        const data::ImageDataset reseeded = data::loadImageFolder(root.string(), other);
        std::set<std::string> a, b;
        for (std::int64_t i = 0; i < ds.test.size(); ++i) {
            a.insert(ds.test.describe(i));
            b.insert(reseeded.test.describe(i));
        }
        QVERIFY(a != b);
    }

    void trainTestFoldersAndNamesFile() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        writeClassFolder(root / "train", {"n01", "n02"}, 4);
        writeClassFolder(root / "test", {"n01", "n02", "n99"}, 2);
        writeBytes(root / "class_names.txt", "# wnid name\nn01 goldfish\nn02\tgreat white shark\n");
        const data::ImageDataset ds = data::loadImageFolder(root.string(), small());
        QCOMPARE(ds.train.size(), std::int64_t{8});
        QCOMPARE(ds.test.size(), std::int64_t{4});
        QCOMPARE(ds.info.classNames, (std::vector<std::string>{"goldfish", "great white shark"}));
        QVERIFY2(joinedWarnings(ds).find("n99") != std::string::npos, joinedWarnings(ds).c_str());
    }

    void badImagesAreSkippedNamedAndCounted() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        writeClassFolder(root, {"a", "b"}, 5);
        const fs::path a = root / "a";
        writeBytes(a / "zero.jpg", "");
        writeBytes(a / "text.png", "this is not an image");
        // Truncated JPEG and PNG: half of a real file.
        writeImage(a / "cut.jpg", 200, 10, 10, 64, 64);
        fs::resize_file(a / "cut.jpg", fs::file_size(a / "cut.jpg") / 2);
        writeImage(a / "cut.png", 200, 10, 10, 64, 64);
        fs::resize_file(a / "cut.png", fs::file_size(a / "cut.png") / 2);
        // A PNG header that claims 100000 x 100000 pixels: refused, never allocated.
        std::string huge(
            "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\x01\x86\xa0\0\x01\x86\xa0\x08\x02\0\0\0", 29);
        writeBytes(a / "huge.png", huge);
        // Readable oddities: 16-bit, grey, alpha, a non-ASCII name; a stray text file.
        QVERIFY(cv::imwrite((a / "deep.png").string(),
                            cv::Mat(20, 20, CV_16UC3, cv::Scalar(65535, 0, 0))));
        QVERIFY(cv::imwrite((a / "grey.png").string(), cv::Mat(20, 20, CV_8UC1, cv::Scalar(99))));
        QVERIFY(cv::imwrite((a / "alpha.png").string(),
                            cv::Mat(20, 20, CV_8UC4, cv::Scalar(1, 2, 3, 4))));
        writeImage(a / "caf\xc3\xa9 \xe7\x8c\xab.png", 5, 6, 7);
        writeBytes(a / "notes.txt", "hello");

        const data::ImageDataset ds = data::loadImageFolder(root.string(), small());
        const std::string w = joinedWarnings(ds);
        QVERIFY2(w.find("5 of 19 image(s) could not be read") != std::string::npos, w.c_str());
        for (const char* name : {"zero.jpg", "text.png", "cut.jpg", "cut.png", "huge.png"})
            QVERIFY2(w.find(name) != std::string::npos, name);
        QVERIFY2(w.find("empty file") != std::string::npos, w.c_str());
        QVERIFY2(w.find("not an image") != std::string::npos, w.c_str());
        QVERIFY2(w.find("truncated JPEG") != std::string::npos, w.c_str());
        QVERIFY2(w.find("larger than the limit") != std::string::npos, w.c_str());
        QVERIFY2(w.find("notes.txt") != std::string::npos, w.c_str());
        QCOMPARE(ds.train.size() + ds.test.size(), std::int64_t{14});
        // The 16-bit blue image is full blue after conversion to 8 bits, in RGB order.
        bool foundDeep = false;
        for (const data::ImageSplit* split : {&ds.train, &ds.test})
            for (std::int64_t i = 0; i < split->size(); ++i)
                if (split->describe(i).find("deep.png") != std::string::npos) {
                    const torch::Tensor px = split->gather({i});
                    QCOMPARE(px[0][5][5][2].item<int>(), 255);
                    QCOMPARE(px[0][5][5][0].item<int>(), 0);
                    foundDeep = true;
                }
        QVERIFY(foundDeep);
    }

    void folderErrorsNameTheFolder() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        auto message = [&](const fs::path& p) -> std::string {
            try {
                data::loadImageFolder(p.string(), small());
            } catch (const DataError& e) {
                return e.what();
            }
            return "no error";
        };
        QVERIFY(message(root / "missing").find("missing: folder not found") != std::string::npos);
        QVERIFY(message(root).find("no class folders") != std::string::npos);
        writeClassFolder(root, {"full"}, 3);
        fs::create_directories(root / "empty");
        QVERIFY2(
            message(root).find("empty: class folder holds no image files") != std::string::npos,
            message(root).c_str());
        // A class whose every image is unreadable: an error that names the class.
        fs::remove_all(root / "empty");
        writeBytes(root / "broken" / "x.jpg", "garbage");
        QVERIFY2(message(root).find("class 'broken' has no readable training image") !=
                     std::string::npos,
                 message(root).c_str());
    }

    void smallCacheReadsTheSameImages() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        for (int k = 0; k < 3; ++k)
            for (int i = 0; i < 12; ++i)
                writeImage(root / ("c" + std::to_string(k)) / (std::to_string(i) + ".png"), i * 20,
                           k * 100, 7);
        data::FolderOptions big = small(), tiny = small();
        tiny.cacheBytes = 3 * 16 * 16 * 3;  // three decoded images
        const data::ImageDataset a = data::loadImageFolder(root.string(), big);
        const data::ImageDataset b = data::loadImageFolder(root.string(), tiny);
        std::vector<std::int64_t> order;
        for (std::int64_t i = a.train.size() - 1; i >= 0; --i)
            order.push_back(i);
        for (int pass = 0; pass < 2; ++pass) {
            QVERIFY(torch::equal(a.train.gather(order), b.train.gather(order)));
            std::reverse(order.begin(), order.end());
        }
    }

    // An image deleted during a run: the prefetching loader's next() names it, once.
    void prefetchingReportsAFileGoneDuringTheRun() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        for (int k = 0; k < 2; ++k)
            for (int i = 0; i < 10; ++i)
                writeImage(root / ("c" + std::to_string(k)) / (std::to_string(i) + ".png"), i * 20,
                           k * 100, 7);
        data::FolderOptions o = small();
        o.cacheBytes = 0;  // every batch decodes
        const data::ImageDataset ds = data::loadImageFolder(root.string(), o);
        fs::remove(root / "c1" / "3.png");
        data::LoaderOptions lo;
        lo.batchSize = 4;
        lo.prefetch = 2;
        lo.transform.mean = {0.f, 0.f, 0.f};
        lo.transform.std = {1.f, 1.f, 1.f};
        std::vector<std::int64_t> all(static_cast<std::size_t>(ds.train.size()));
        std::iota(all.begin(), all.end(), std::int64_t{0});
        data::BatchLoader loader(ds.train, all, {0, 1}, lo);
        std::string error;
        int batches = 0;
        try {
            while (loader.next())
                ++batches;
        } catch (const DataError& e) {
            error = e.what();
        }
        QVERIFY2(error.find("3.png") != std::string::npos, error.c_str());
        QVERIFY(batches < 4);
        QVERIFY(!loader.next().has_value());  // the epoch is over
    }

    void domainFolderMakesOneTaskPerDomain() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        writeClassFolder(root / "sketch", {"cat", "dog", "owl"}, 5);
        writeClassFolder(root / "real", {"cat", "dog", "owl"}, 10);
        data::FolderOptions o = small();
        o.domains = {"sketch", "real"};
        const data::ImageDataset ds = data::loadDomainFolder(root.string(), o);
        QCOMPARE(ds.domainNames, (std::vector<std::string>{"sketch", "real"}));
        QCOMPARE(ds.info.numClasses, 3);
        data::SequenceOptions so;
        so.scenario = data::Scenario::DomainIncremental;
        so.tasks = 2;
        const auto seq = data::TaskSequence::domainIncremental(
            ds.train.labelVector(), ds.train.domains, ds.test.labelVector(), ds.test.domains,
            ds.info.numClasses, ds.domainNames, so);
        QCOMPARE(seq.size(), 2);
        QCOMPARE(seq.task(0).domain, std::string("sketch"));
        QCOMPARE(seq.task(0).train.size(), std::size_t{12});  // 4 of 5 per class
        QCOMPARE(seq.task(1).train.size(), std::size_t{24});
        QCOMPARE(seq.task(1).test.size(), std::size_t{6});
        QCOMPARE(seq.firstClass(1), 0);
        QCOMPARE(seq.seenClassesAfter(1), 3);
        for (std::int64_t i : seq.task(0).train)
            QVERIFY(ds.train.describe(i).find("sketch") != std::string::npos);
        so.tasks = 3;
        QVERIFY_THROWS_EXCEPTION(
            ConfigError, data::TaskSequence::domainIncremental(
                             ds.train.labelVector(), ds.train.domains, ds.test.labelVector(),
                             ds.test.domains, ds.info.numClasses, ds.domainNames, so));
    }

    void domainNetSplitLists() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        writeClassFolder(root / "clipart", {"apple", "bee"}, 3);
        writeBytes(root / "clipart_train.txt",
                   "clipart/apple/img0.png 0\nclipart/apple/img1.png 0\nclipart/bee/img0.png 1\n"
                   "clipart/bee/img1.png 1\nclipart/bee/gone.png 1\n");
        writeBytes(root / "clipart_test.txt", "clipart/apple/img2.png 0\nclipart/bee/img2.png 1\n");
        const data::ImageDataset ds = data::loadDomainFolder(root.string(), small());
        QCOMPARE(ds.train.size(), std::int64_t{4});
        QCOMPARE(ds.test.size(), std::int64_t{2});
        QVERIFY2(joinedWarnings(ds).find("1 file(s) named in") != std::string::npos,
                 joinedWarnings(ds).c_str());
    }

    void core50SessionsAreDomainsWithASharedTest() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        for (int s = 1; s <= 11; ++s)
            for (int o = 1; o <= 2; ++o)
                for (int i = 0; i < 2; ++i)
                    writeImage(root / ("s" + std::to_string(s)) / ("o" + std::to_string(o)) /
                                   ("C_" + std::to_string(s) + "_" + std::to_string(o) + "_" +
                                    std::to_string(i) + ".png"),
                               s * 20, o * 60, i * 90, 16, 16);
        const data::ImageDataset ds = data::loadCore50(root.string(), small());
        QCOMPARE(ds.domainNames.size(), std::size_t{8});
        QCOMPARE(ds.domainNames[2], std::string("s4"));
        QVERIFY(ds.sharedTest);
        QCOMPARE(ds.train.size(), std::int64_t{8 * 2 * 2});
        QCOMPARE(ds.test.size(), std::int64_t{3 * 2 * 2});
        QCOMPARE(ds.info.classNames[0], std::string("plug adapter 1"));
        QCOMPARE(ds.info.classNames[49], std::string("remote control 5"));
        data::SequenceOptions so;
        so.tasks = 8;
        const auto seq = data::TaskSequence::domainIncremental(
            ds.train.labelVector(), ds.train.domains, ds.test.labelVector(), ds.test.domains,
            ds.info.numClasses, ds.domainNames, so);
        QVERIFY(seq.sharedTest());
        QCOMPARE(seq.task(7).test, seq.task(0).test);
        QCOMPARE(seq.task(7).test.size(), std::size_t{12});
        data::FolderOptions bad = small();
        bad.domains = {"s1", "s3"};
        QVERIFY_THROWS_EXCEPTION(ConfigError, data::loadCore50(root.string(), bad));
    }

    void builtinShiftsAreDeterministicAndDisjoint() {
        const data::ImageDataset base = test::syntheticDataset(30, 5);
        const data::ImageDataset a =
            data::withDomainShifts(base, {"original", "inverted", "rotated"}, 3);
        const data::ImageDataset b =
            data::withDomainShifts(base, {"original", "inverted", "rotated"}, 3);
        const data::ImageDataset c =
            data::withDomainShifts(base, {"original", "inverted", "rotated"}, 4);
        QVERIFY(torch::equal(a.train.images, b.train.images));
        QVERIFY(!torch::equal(a.train.images, c.train.images));
        QCOMPARE(a.train.size(), std::int64_t{300});
        QCOMPARE(a.test.size(), std::int64_t{150});
        // Test domain 1 is domain 0 inverted, image for image.
        const std::int64_t n = base.test.size();
        QVERIFY(torch::equal(a.test.images.narrow(0, n, n), 255 - a.test.images.narrow(0, 0, n)));
        QCOMPARE(a.test.domains[static_cast<std::size_t>(2 * n)], 2);
        for (const std::string& s : data::builtinShiftNames()) {
            const data::ImageDataset one = data::withDomainShifts(base, {s}, 1);
            QCOMPARE(one.train.images.sizes(), base.train.images.sizes());
        }
        QVERIFY_THROWS_EXCEPTION(ConfigError, data::withDomainShifts(base, {"sepia"}, 0));
        // The scenario check: domain-il needs domains or shifts.
        data::LoadOptions lo;
        lo.dataset = "cifar10";
        lo.scenario = "domain-il";
        QVERIFY_THROWS_EXCEPTION(ConfigError, data::loadDataset(lo));
    }

    // fmnist-r: every task image redrawn in one rendition, dealt per class so that each class
    // has every rendition in both splits (so in every task); the pretraining pool stays plain
    // and outside the tasks; the draw is fixed by split_seed.
    void renditionsAreSeededBalancedAndLeaveThePoolPlain() {
        QTemporaryDir dir;
        test::SyntheticOptions so;
        so.trainPerClass = 25;
        so.testPerClass = 10;
        test::writeSyntheticFashionMnist(dir.path().toStdString(), so);
        const data::ImageDataset plain = data::loadFashionMnist(dir.path().toStdString());
        data::LoadOptions lo;
        lo.dataset = "fmnist-r";
        lo.root = dir.path().toStdString();
        const data::ImageDataset a = data::loadDataset(lo), b = data::loadDataset(lo);
        lo.folder.splitSeed = 1;
        const data::ImageDataset c = data::loadDataset(lo);
        lo.seed = 7;  // the run's seed does not redraw the data
        lo.folder.splitSeed = 0;
        const data::ImageDataset d = data::loadDataset(lo);
        QVERIFY(torch::equal(a.train.images, b.train.images));
        QVERIFY(torch::equal(a.test.images, b.test.images));
        QVERIFY(torch::equal(a.train.images, d.train.images));
        QVERIFY(!torch::equal(a.train.images, c.train.images));
        QVERIFY(torch::equal(a.train.labels, plain.train.labels));
        QCOMPARE(a.info.name, std::string("fmnist-r"));

        // The pool: the same plain images, never in a task.
        const std::int64_t pool = a.pretrainPoolStart();
        QCOMPARE(pool, plain.pretrainPoolStart());
        QVERIFY(torch::equal(a.train.images.narrow(0, pool, a.train.size() - pool),
                             plain.train.images.narrow(0, pool, plain.train.size() - pool)));
        data::SequenceOptions seqOptions;
        seqOptions.tasks = 5;
        seqOptions.classesPerTask = 2;
        const data::TaskSequence seq = data::TaskSequence::classIncremental(
            a.train.labelVector(), a.test.labelVector(), pool, 10, seqOptions);
        for (const data::Task& task : seq.tasks())
            for (std::int64_t i : task.train)
                QVERIFY(i < pool);

        // Each image is its plain self in its rendition; every class has every rendition.
        const auto& names = data::renditionNames();
        const int kinds = static_cast<int>(names.size());
        const std::vector<int> trainKind = data::renditionOf(a.train.labelVector(), pool, kinds, 0);
        const std::vector<int> testKind =
            data::renditionOf(a.test.labelVector(), a.test.size(), kinds, 0 + 7919u);
        for (std::int64_t i : {std::int64_t{0}, std::int64_t{17}, pool - 1}) {
            const int k = trainKind[static_cast<std::size_t>(i)];
            QVERIFY(k >= 0 && k < kinds);
            const std::string& name = names[static_cast<std::size_t>(k)];
            if (name == "inverted")
                QVERIFY(torch::equal(a.train.images[i], 255 - plain.train.images[i]));
            else if (name == "silhouette")
                QVERIFY((a.train.images[i] == 0)
                            .logical_or(a.train.images[i] == 255)
                            .all()
                            .item<bool>());
            else
                QVERIFY(!torch::equal(a.train.images[i], plain.train.images[i]));
        }
        auto everyClassHasEveryRendition = [&](const std::vector<std::int64_t>& labels,
                                               const std::vector<int>& kind, std::int64_t n) {
            std::vector<std::vector<int>> count(10, std::vector<int>(names.size(), 0));
            for (std::int64_t i = 0; i < n; ++i)
                ++count[static_cast<std::size_t>(labels[static_cast<std::size_t>(i)])]
                       [static_cast<std::size_t>(kind[static_cast<std::size_t>(i)])];
            for (const auto& perClass : count) {
                const auto [lo, hi] = std::minmax_element(perClass.begin(), perClass.end());
                if (*lo == 0 || *hi - *lo > 1) return false;  // all present, dealt evenly
            }
            return true;
        };
        QVERIFY(everyClassHasEveryRendition(a.train.labelVector(), trainKind, pool));
        QVERIFY(everyClassHasEveryRendition(a.test.labelVector(), testKind, a.test.size()));
        QCOMPARE(trainKind[static_cast<std::size_t>(pool)], -1);  // the pool: none
        // Not a domain-il data set.
        lo.scenario = "domain-il";
        QVERIFY_THROWS_EXCEPTION(ConfigError, data::loadDataset(lo));
    }

    void augmentationsAreSeededAndLeaveTheSourceAlone() {
        torch::Tensor images = torch::randint(0, 256, {4, 32, 32, 3}, torch::kUInt8);
        const torch::Tensor copy = images.clone();
        data::TransformOptions o;
        o.mean = {0.5f, 0.5f, 0.5f};
        o.std = {0.5f, 0.5f, 0.5f};
        o.randomResizedCrop = true;
        o.flip = true;
        o.colorJitter = 0.4;
        o.outputSize = 24;
        std::mt19937 r1(9), r2(9), r3(10);
        const torch::Tensor x = data::makeBatch(images, {0, 1, 2, 3}, o, &r1);
        const torch::Tensor y = data::makeBatch(images, {0, 1, 2, 3}, o, &r2);
        const torch::Tensor z = data::makeBatch(images, {0, 1, 2, 3}, o, &r3);
        QCOMPARE(x.sizes().vec(), (std::vector<std::int64_t>{4, 3, 24, 24}));
        QVERIFY(torch::equal(x, y));
        QVERIFY(!torch::equal(x, z));
        QVERIFY(torch::equal(images, copy));
        // Test time: no randomness; the centre crop is the middle 7/8 resized back.
        data::TransformOptions t;
        t.mean = o.mean;
        t.std = o.std;
        t.centerCrop = true;
        torch::Tensor framed = torch::zeros({1, 32, 32, 3}, torch::kUInt8);
        framed.narrow(1, 2, 28).narrow(2, 2, 28).fill_(255);  // a 2-pixel black frame
        const torch::Tensor cropped = data::makeBatch(framed, {0}, t, nullptr);
        QVERIFY(cropped.min().item<float>() > 0.9f);  // the frame is cut away: all white
        const torch::Tensor plain = data::makeBatch(framed, {0}, o, nullptr);
        QVERIFY(plain.min().item<float>() < -0.9f);  // without it, the frame is there
    }

    void memoryKeepsEveryDomainOfAClass() {
        data::RehearsalMemory memory(12, data::RehearsalMemory::Selection::Random, 1);
        std::vector<std::int64_t> first{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        std::vector<std::int64_t> second{100, 101, 102, 103, 104, 105, 106, 107, 108, 109};
        memory.addClass(0, first, {});
        memory.addClass(1, first, {});
        memory.trim();
        QCOMPARE(memory.byClass().at(0).size(), std::size_t{6});
        memory.addClass(0, second, {});  // class 0 again, from a new domain
        memory.addClass(1, second, {});
        memory.trim();
        const auto& kept = memory.byClass().at(0);
        QCOMPARE(kept.size(), std::size_t{6});
        const auto fromSecond =
            std::count_if(kept.begin(), kept.end(), [](std::int64_t i) { return i >= 100; });
        QCOMPARE(fromSecond, std::ptrdiff_t{3});
    }
};

QTEST_GUILESS_MAIN(TestImageFolder)
#include "test_image_folder.moc"
