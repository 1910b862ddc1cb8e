#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>

#include <torch/torch.h>

#include "common/error.h"
#include "data/idx.h"
#include "data/image_dataset.h"
#include "synthetic_data.h"

using namespace pf;

class TestImageDataset : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsSyntheticFashionMnist_data() {
        QTest::addColumn<bool>("gzip");
        QTest::newRow("gzip") << true;
        QTest::newRow("plain") << false;
    }
    void loadsSyntheticFashionMnist() {
        QFETCH(bool, gzip);
        QTemporaryDir dir;
        test::SyntheticOptions o;
        o.gzip = gzip;
        test::writeSyntheticFashionMnist(dir.path().toStdString(), o);
        const data::ImageDataset ds = data::loadFashionMnist(dir.path().toStdString());
        QCOMPARE(ds.train.size(), std::int64_t{40 * 10 + 10000});
        QCOMPARE(ds.test.size(), std::int64_t{200});
        QCOMPARE(ds.train.images.sizes().vec(), (std::vector<std::int64_t>{10400, 28, 28, 1}));
        QCOMPARE(ds.train.images.scalar_type(), torch::kUInt8);
        QCOMPARE(ds.channels(), 1);
        QCOMPARE(ds.pretrainPoolStart(), std::int64_t{400});
        QCOMPARE(ds.info.classNames.at(9), std::string("Ankle boot"));
        // Image 3 is class 3: its bar is on rows 8 and 9.
        QCOMPARE(ds.train.labels[3].item<std::int64_t>(), std::int64_t{3});
        QVERIFY(ds.train.images[3][8][5][0].item<int>() >= 200);
        QVERIFY(ds.train.images[3][20][5][0].item<int>() <= 60);
    }

    void missingFileNamesItAndThePackage() {
        QTemporaryDir dir;
        test::writeSyntheticFashionMnist(dir.path().toStdString());
        std::filesystem::remove(dir.filePath("t10k-labels-idx1-ubyte.gz").toStdString());
        try {
            data::loadFashionMnist(dir.path().toStdString());
            QFAIL("no error");
        } catch (const DataError& e) {
            const QString msg = e.what();
            QVERIFY2(
                msg.contains("t10k-labels-idx1-ubyte.gz") && msg.contains("dataset-fashion-mnist"),
                e.what());
        }
    }

    void mismatchedCountsAreRefused() {
        QTemporaryDir dir;
        test::writeSyntheticFashionMnist(dir.path().toStdString());
        data::IdxArray labels;
        labels.dims = {5};
        labels.data.assign(5, 1);
        data::writeIdx(dir.filePath("t10k-labels-idx1-ubyte.gz").toStdString(), labels, true);
        try {
            data::loadFashionMnist(dir.path().toStdString());
            QFAIL("no error");
        } catch (const DataError& e) {
            QVERIFY2(QString(e.what()).contains("holds 200 images but"), e.what());
        }
    }

    void labelOutOfRangeNamesTheOffset() {
        QTemporaryDir dir;
        test::writeSyntheticFashionMnist(dir.path().toStdString());
        data::IdxArray labels;
        labels.dims = {200};
        labels.data.assign(200, 1);
        labels.data[7] = 12;
        data::writeIdx(dir.filePath("t10k-labels-idx1-ubyte.gz").toStdString(), labels, true);
        try {
            data::loadFashionMnist(dir.path().toStdString());
            QFAIL("no error");
        } catch (const DataError& e) {
            QVERIFY2(QString(e.what()).contains("label 12 at byte offset 15"), e.what());
        }
    }

    void missingFolderIsAConfigProblem() {
        QVERIFY_THROWS_EXCEPTION(DataError, data::loadDataset("fmnist", "/nonexistent/fmnist"));
        QVERIFY_THROWS_EXCEPTION(ConfigError, data::loadDataset("cifar1000", ""));
    }

    void loadsCifar100BinaryVersion() {
        QTemporaryDir dir;
        test::writeSyntheticCifar(dir.path().toStdString(), true, 2, 1);
        const data::ImageDataset ds = data::loadDataset("cifar100", dir.path().toStdString());
        QCOMPARE(ds.train.images.sizes().vec(), (std::vector<std::int64_t>{200, 32, 32, 3}));
        QCOMPARE(ds.test.size(), std::int64_t{100});
        QCOMPARE(ds.channels(), 3);
        QCOMPARE(ds.pretrainPoolStart(), std::int64_t{200});  // no pretraining pool
        // Record 137 is fine class 37 (not coarse 7); its planes become channels 0, 1, 2.
        QCOMPARE(ds.train.labels[137].item<std::int64_t>(), std::int64_t{37});
        QCOMPARE(ds.train.images[137][5][9][0].item<int>(), 37);
        QCOMPARE(ds.train.images[137][31][0][1].item<int>(), 137);
        QCOMPARE(ds.train.images[137][0][31][2].item<int>(), 255 - 37);
        QCOMPARE(ds.info.classNames.at(37), std::string("class_37"));  // from the names file
        QCOMPARE(ds.mean.size(), std::size_t{3});
    }

    void loadsCifar10FromItsFiveBatches() {
        QTemporaryDir dir;
        test::writeSyntheticCifar(dir.path().toStdString(), false, 3, 2, false);
        const data::ImageDataset ds = data::loadCifar10(dir.path().toStdString());
        QCOMPARE(ds.train.size(), std::int64_t{30});
        QCOMPARE(ds.test.size(), std::int64_t{20});
        // Batch 1 holds records 0, 5, 10, ...; batch 2 starts with record 1.
        QCOMPARE(ds.train.labels[0].item<std::int64_t>(), std::int64_t{0});
        QCOMPARE(ds.train.labels[1].item<std::int64_t>(), std::int64_t{5});
        QCOMPARE(ds.train.images[6][0][0][1].item<int>(), 1);
        QCOMPARE(ds.info.classNames.at(0), std::string("airplane"));  // no names file: catalog
    }

    void badCifarFilesNameTheFileAndTheProblem() {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        auto errorOf = [&]() -> QString {
            try {
                data::loadCifar100(root);
            } catch (const DataError& e) {
                return QString::fromUtf8(e.what());
            }
            return {};
        };
        QString e = errorOf();
        QVERIFY2(
            e.contains("train.bin") && e.contains("data_root") && e.contains("cifar-100-binary"),
            qPrintable(e));

        test::writeSyntheticCifar(root, true, 1, 1);
        const std::string train = dir.filePath("train.bin").toStdString();
        std::filesystem::resize_file(train, 3074 * 100 - 10);  // truncated
        e = errorOf();
        QVERIFY2(e.contains("train.bin") && e.contains("3074-byte records"), qPrintable(e));

        std::filesystem::resize_file(train, 0);
        QVERIFY2(errorOf().contains("3074-byte records"), qPrintable(errorOf()));

        test::writeSyntheticCifar(root, true, 1, 1);
        {
            std::fstream f(train, std::ios::in | std::ios::out | std::ios::binary);
            f.seekp(3074 * 4 + 1);  // record 4's fine label
            f.put(static_cast<char>(100));
        }
        e = errorOf();
        QVERIFY2(e.contains("record 4") && e.contains("label 100"), qPrintable(e));

        test::writeSyntheticCifar(root, true, 1, 1);
        std::ofstream(dir.filePath("fine_label_names.txt").toStdString()) << "apple\npear\n";
        e = errorOf();
        QVERIFY2(e.contains("fine_label_names.txt") && e.contains("2 class names"), qPrintable(e));

        try {
            data::loadDataset("cifar100", "");
            QFAIL("no data_root accepted");
        } catch (const DataError& x) {
            QVERIFY2(QString(x.what()).contains("set data_root"), x.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestImageDataset)
#include "test_image_dataset.moc"
