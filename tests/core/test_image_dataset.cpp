#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

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
};

QTEST_APPLESS_MAIN(TestImageDataset)
#include "test_image_dataset.moc"
