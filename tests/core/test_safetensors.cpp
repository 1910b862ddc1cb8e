#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include <torch/torch.h>

#include "common/error.h"
#include "io/safetensors.h"

using namespace pf;
using storage::SafetensorsReader;

namespace {

// Writes a safetensors file by hand: header text, then `data` bytes.
void writeRaw(const std::string& path, const std::string& header, const std::string& data,
              std::uint64_t claimedLength = UINT64_MAX) {
    std::ofstream out(path, std::ios::binary);
    const std::uint64_t n = claimedLength == UINT64_MAX ? header.size() : claimedLength;
    for (int i = 0; i < 8; ++i)
        out.put(static_cast<char>((n >> (8 * i)) & 0xff));
    out << header << data;
}

QString errorOf(const std::string& path) {
    try {
        SafetensorsReader reader(path);
    } catch (const CheckpointError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace

class TestSafetensors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripEveryDtype() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("t.safetensors").toStdString();
        const std::vector<std::pair<std::string, torch::Tensor>> tensors = {
            {"f32", torch::randn({2, 3})},
            {"f16", torch::randn({4}).to(torch::kHalf)},
            {"bf16", torch::randn({2, 2}).to(torch::kBFloat16)},
            {"f64", torch::randn({1}, torch::kDouble)},
            {"i64", torch::arange(5, torch::kLong)},
            {"u8", torch::tensor({1, 2, 255}, torch::kUInt8)},
            {"bool", torch::tensor({true, false})},
            {"scalar", torch::tensor(3.5f)},
            {"empty", torch::zeros({0, 4})},
            {"strided", torch::randn({4, 4}).t()},  // non-contiguous input
        };
        storage::writeSafetensors(path, tensors, {{"pf.kind", "test"}});
        SafetensorsReader reader(path);
        QCOMPARE(reader.metadata().at("pf.kind"), std::string("test"));
        QCOMPARE(reader.tensors().size(), tensors.size());
        for (const auto& [name, t] : tensors) {
            const torch::Tensor back = reader.load(name);
            QCOMPARE(back.scalar_type(), t.scalar_type());
            QVERIFY2(torch::equal(back, t), name.c_str());
        }
        QCOMPARE(reader.info("f32").dtype, std::string("F32"));
        QCOMPARE(reader.info("f32").shape, (std::vector<std::int64_t>{2, 3}));
        // Header padded to 8 bytes; no temporary file left behind.
        std::ifstream in(path, std::ios::binary);
        unsigned char len[8];
        in.read(reinterpret_cast<char*>(len), 8);
        QCOMPARE(len[0] % 8, 0);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
    }

    void handWrittenFileDecodes() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("h.safetensors").toStdString();
        // Two F32 values 1.0 and -2.0, little-endian, then one U8.
        const std::string data("\x00\x00\x80\x3f\x00\x00\x00\xc0\x07", 9);
        writeRaw(path,
                 "{\"b\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[8,9]},\"a\":{\"dtype\":"
                 "\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}",
                 data);
        SafetensorsReader reader(path);
        QVERIFY(torch::equal(reader.load("a"), torch::tensor({1.0f, -2.0f})));
        QCOMPARE(reader.load("b").item<int>(), 7);
        QVERIFY(storage::looksLikeSafetensors(path));
    }

    void badFilesAreRefusedWithTheReason_data() {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<qint64>("claimed");
        QTest::addColumn<QString>("expected");
        const qint64 none = -1;
        QTest::newRow("header past end")
            << QByteArray("{}") << QByteArray() << qint64(1000) << "runs past the end";
        QTest::newRow("header too large")
            << QByteArray("{}") << QByteArray() << qint64(1) << "-1";  // replaced below
        QTest::newRow("not json") << QByteArray("{\"a\": ") << QByteArray() << none
                                  << "not valid JSON at byte offset";
        // Found by fuzz_safetensors: nlohmann-json throws out_of_range, not parse_error.
        QTest::newRow("number too large")
            << QByteArray("{\"a\":{\"dtype\":\"F32\",\"shape\":9999999999e99999}}") << QByteArray()
            << none << "not usable JSON";
        QTest::newRow("not an object")
            << QByteArray("[1, 2]") << QByteArray() << none << "not a JSON object";
        QTest::newRow("unknown dtype")
            << QByteArray("{\"a\":{\"dtype\":\"F8\",\"shape\":[1],\"data_offsets\":[0,1]}}")
            << QByteArray(1, 'x') << none << "unknown dtype 'F8'";
        QTest::newRow("size mismatch")
            << QByteArray("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}")
            << QByteArray(4, 'x') << none << "4 bytes for a F32 shape that needs 8";
        QTest::newRow("past the end")
            << QByteArray("{\"a\":{\"dtype\":\"U8\",\"shape\":[8],\"data_offsets\":[0,8]}}")
            << QByteArray(4, 'x') << none << "past the end";
        QTest::newRow("huge shape")
            << QByteArray(
                   "{\"a\":{\"dtype\":\"F32\",\"shape\":[1000000000,1000000000],\"data_offsets\":["
                   "0,4]}}")
            << QByteArray(4, 'x') << none << "shape that needs 4000000000000000000";
        QTest::newRow("negative size")
            << QByteArray("{\"a\":{\"dtype\":\"U8\",\"shape\":[-1],\"data_offsets\":[0,1]}}")
            << QByteArray(1, 'x') << none << "non-integer or negative";
        QTest::newRow("reversed offsets")
            << QByteArray("{\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[2,1]}}")
            << QByteArray(2, 'x') << none << "begin after they end";
        QTest::newRow("overlap")
            << QByteArray(
                   "{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]},\"b\":{"
                   "\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[1,3]}}")
            << QByteArray(3, 'x') << none << "overlaps another";
        QTest::newRow("hole")
            << QByteArray("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}")
            << QByteArray(2, 'x') << none << "unused bytes before tensor 'a'";
        QTest::newRow("trailing bytes")
            << QByteArray("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}")
            << QByteArray(3, 'x') << none << "2 bytes after the last tensor";
        QTest::newRow("missing offsets")
            << QByteArray("{\"a\":{\"dtype\":\"U8\",\"shape\":[1]}}") << QByteArray(1, 'x') << none
            << "needs dtype, shape and data_offsets";
        QTest::newRow("bad metadata") << QByteArray("{\"__metadata__\":{\"k\":1}}") << QByteArray()
                                      << none << "__metadata__ entry 'k' is not a string";
    }
    void badFilesAreRefusedWithTheReason() {
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, data);
        QFETCH(qint64, claimed);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const std::string path = dir.filePath("bad.safetensors").toStdString();
        if (QString(QTest::currentDataTag()) == "header too large") {
            writeRaw(path, "{}", std::string(16, ' '), (200ull << 20));
            expected = "exceeds the";
        } else {
            writeRaw(path, header.toStdString(), data.toStdString(),
                     claimed < 0 ? UINT64_MAX : static_cast<std::uint64_t>(claimed));
        }
        const QString error = errorOf(path);
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY2(error.contains(QString::fromStdString(path)), qPrintable(error));
    }

    void tooShortAndMissingFiles() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("short").toStdString();
        std::ofstream(path) << "abc";
        QVERIFY(errorOf(path).contains("truncated at byte offset 3"));
        QVERIFY(errorOf(dir.filePath("none").toStdString()).contains("cannot open"));
        QVERIFY(!storage::looksLikeSafetensors(path));
    }

    void writerRefusesWhatItCannotStore() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("w.safetensors").toStdString();
        QVERIFY_THROWS_EXCEPTION(
            CheckpointError,
            storage::writeSafetensors(path, {{"c", torch::zeros({2}, torch::kComplexFloat)}}));
        QVERIFY_THROWS_EXCEPTION(
            CheckpointError,
            storage::writeSafetensors(path, {{"a", torch::zeros({1})}, {"a", torch::zeros({1})}}));
        QVERIFY_THROWS_EXCEPTION(
            CheckpointError,
            storage::writeSafetensors(dir.filePath("no/such/folder/x").toStdString(),
                                      {{"a", torch::zeros({1})}}));
        QVERIFY(!QFile::exists(QString::fromStdString(path)));
    }
};

QTEST_APPLESS_MAIN(TestSafetensors)
#include "test_safetensors.moc"
