#include <QTemporaryDir>
#include <QtTest>

#include <zlib.h>

#include <fstream>

#include "common/error.h"
#include "data/idx.h"

using namespace pf;

namespace {

void writeRaw(const std::string& path, const std::vector<std::uint8_t>& bytes, bool gzip) {
    if (gzip) {
        gzFile f = gzopen(path.c_str(), "wb");
        gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
        gzclose(f);
    } else {
        std::ofstream(path, std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes.data()),
                   static_cast<std::streamsize>(bytes.size()));
    }
}

QString readError(const std::string& path) {
    try {
        data::readIdx(path);
    } catch (const DataError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace

class TestIdx : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data() {
        QTest::addColumn<bool>("gzip");
        QTest::newRow("gzip") << true;
        QTest::newRow("plain") << false;
    }
    void roundTrip() {
        QFETCH(bool, gzip);
        QTemporaryDir dir;
        data::IdxArray a;
        a.dims = {3, 2, 4};
        for (int i = 0; i < 24; ++i)
            a.data.push_back(static_cast<std::uint8_t>(i * 10));
        const std::string path = dir.filePath("a.idx").toStdString();
        data::writeIdx(path, a, gzip);
        const data::IdxArray b = data::readIdx(path);
        QCOMPARE(b.dims, a.dims);
        QCOMPARE(b.data, a.data);
    }

    void knownBytesDecode() {
        // 1-D array of 3 bytes, written by hand.
        QTemporaryDir dir;
        const std::string path = dir.filePath("labels").toStdString();
        writeRaw(path, {0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9}, false);
        const data::IdxArray a = data::readIdx(path);
        QCOMPARE(a.dims, std::vector<std::int64_t>{3});
        QCOMPARE(a.data, (std::vector<std::uint8_t>{7, 8, 9}));
    }

    void badFilesNameTheOffset_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<bool>("gzip");
        QTest::addColumn<QString>("expected");
        auto bytes = [](std::initializer_list<int> v) {
            QByteArray b;
            for (int x : v)
                b.append(static_cast<char>(x));
            return b;
        };
        QTest::newRow("empty") << QByteArray() << false << "byte offset 0";
        QTest::newRow("bad magic")
            << bytes({1, 0, 8, 1, 0, 0, 0, 1, 5}) << false << "bad magic number";
        QTest::newRow("float type") << bytes({0, 0, 0x0D, 1, 0, 0, 0, 1, 5, 5, 5, 5}) << false
                                    << "element type 13 at byte offset 2";
        QTest::newRow("zero dims") << bytes({0, 0, 8, 0}) << false << "byte offset 3";
        QTest::newRow("zero-sized dim")
            << bytes({0, 0, 8, 1, 0, 0, 0, 0}) << false << "dimension 0 is zero";
        QTest::newRow("truncated header")
            << bytes({0, 0, 8, 2, 0, 0, 0, 2, 0}) << false << "truncated header at byte offset 8";
        QTest::newRow("truncated data")
            << bytes({0, 0, 8, 1, 0, 0, 0, 4, 1, 2}) << true << "truncated at byte offset 10";
        QTest::newRow("trailing data") << bytes({0, 0, 8, 1, 0, 0, 0, 1, 1, 2}) << false
                                       << "unexpected data after byte offset 9";
        // A header that claims 4 GiB must fail on the missing bytes, not allocate them.
        QTest::newRow("lying header") << bytes({0, 0, 8, 2, 0, 0x01, 0, 0, 0, 0, 0x40, 0, 1, 2, 3})
                                      << true << "truncated at byte offset";
        QTest::newRow("absurd size")
            << bytes({0, 0, 8, 3, 0x7f, 0, 0, 0, 0x7f, 0, 0, 0, 0x7f, 0, 0, 0}) << false
            << "describe more than";
    }
    void badFilesNameTheOffset() {
        QFETCH(QByteArray, bytes);
        QFETCH(bool, gzip);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const std::string path = dir.filePath("bad.idx").toStdString();
        writeRaw(path, std::vector<std::uint8_t>(bytes.begin(), bytes.end()), gzip);
        const QString error = readError(path);
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY2(error.contains(QString::fromStdString(path)), qPrintable(error));
    }

    void corruptGzipIsReported() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("c.gz").toStdString();
        data::IdxArray a;
        a.dims = {1000};
        a.data.assign(1000, 42);
        data::writeIdx(path, a, true);
        // Damage the compressed stream after the gzip header.
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(14);
        const char junk[8] = {'\xff', '\xff', '\xff', '\xff', '\xff', '\xff', '\xff', '\xff'};
        f.write(junk, sizeof(junk));
        f.close();
        const QString error = readError(path);
        QVERIFY2(!error.isEmpty(), "corrupt gzip was accepted");
    }

    void missingFile() { QVERIFY(readError("/nonexistent/x.idx").contains("cannot open")); }
};

QTEST_APPLESS_MAIN(TestIdx)
#include "test_idx.moc"
