#include <QTemporaryDir>
#include <QtTest>

#include <zlib.h>

#include <fstream>

#include "common/embedded.h"
#include "common/error.h"
#include "data/catalog.h"
#include "models/tokenizer.h"

using namespace pf;
using models::ClipBpeTokenizer;
using models::WordTokenizer;

namespace {

// A tiny merges file: ids are worked out by hand below.
//   byte characters: '!' (33) is id 0, so a printable ASCII byte b has id b - 33, and its
//   end-of-word form b - 33 + 256; merges start at 512; then <|startoftext|>, <|endoftext|>.
const char* kMerges =
    "#version: 0.2\n"
    "h e\n"          // 512 "he"
    "l l\n"          // 513 "ll"
    "he ll\n"        // 514 "hell"
    "hell o</w>\n";  // 515 "hello</w>"

std::vector<int> ids(std::initializer_list<int> v) {
    return v;
}

}  // namespace

class TestTokenizer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        plain_ = dir_.filePath("merges.txt").toStdString();
        std::ofstream(plain_) << kMerges;
        gz_ = dir_.filePath("bpe_simple_vocab_16e6.txt.gz").toStdString();
        gzFile f = gzopen(gz_.c_str(), "wb");
        gzputs(f, kMerges);
        gzclose(f);
    }

    void bpeIdsWorkedOutByHand() {
        const auto tok = ClipBpeTokenizer::fromFile(gz_);
        QCOMPARE(tok->vocabularySize(), 518);
        QCOMPARE(tok->startToken(), 516);
        QCOMPARE(tok->endToken(), 517);
        QCOMPARE(tok->tokenString(0), std::string("!"));
        QCOMPARE(tok->tokenString(515), std::string("hello</w>"));
        // "hello" merges all the way; "." is '.' (46) -> 13 -> 269 with </w>.
        QCOMPARE(tok->encode("hello hello."), ids({515, 515, 269}));
        // No merge applies to "world": w o r l d</w> = 86 78 81 75 (100 - 33 + 256).
        QCOMPARE(tok->encode("world"), ids({86, 78, 81, 75, 323}));
        // Upper case, HTML entities and runs of white space are cleaned first; '&' is 38 -> 261.
        QCOMPARE(tok->encode("  HELLO &amp;\t\n World  "), ids({515, 261, 86, 78, 81, 75, 323}));
        // Contractions split off; digits are single tokens ('4' -> 275, '2' -> 273).
        QCOMPARE(tok->encode("it's 42"), ids({72, 339, 6, 338, 275, 273}));
        // Non-ASCII: "é" is bytes C3 A9, which stand for characters 127 and 102 (+256 at word end).
        QCOMPARE(tok->encode("\xC3\xA9"), ids({127, 358}));
        // The special tokens are recognised in text.
        QCOMPARE(tok->encode("hello<|endoftext|>"), ids({515, 517}));
        // Plain and gzip merges files read the same.
        QCOMPARE(ClipBpeTokenizer::fromFile(plain_)->encode("hello world."),
                 tok->encode("hello world."));
    }

    void rowsArePaddedAndChecked() {
        const auto tok = ClipBpeTokenizer::fromFile(gz_);
        const auto rows = tok->tokenize({"hello.", "world"}, 8);
        QCOMPARE(rows[0], (std::vector<std::int64_t>{516, 515, 269, 517, 0, 0, 0, 0}));
        QCOMPARE(rows[1], (std::vector<std::int64_t>{516, 86, 78, 81, 75, 323, 517, 0}));
        QVERIFY_THROWS_EXCEPTION(ConfigError, tok->tokenize({"world world"}, 8));
        const auto cut = tok->tokenize({"world world"}, 8, true);
        QCOMPARE(cut[0], (std::vector<std::int64_t>{516, 86, 78, 81, 75, 323, 86, 517}));
    }

    void mergeLimitAndBadFiles() {
        // CLIP reads at most 48894 merges; a smaller limit drops the later ones.
        const auto limited = ClipBpeTokenizer::fromFile(gz_, 2);
        QCOMPARE(limited->vocabularySize(), 516);
        QCOMPARE(limited->encode("hello"), ids({512, 513, 334}));  // he ll o</w>
        const std::string bad = dir_.filePath("bad.txt").toStdString();
        std::ofstream(bad) << "#version: 0.2\nh e\nthree symbols here\n";
        try {
            ClipBpeTokenizer::fromFile(bad);
            QFAIL("no error");
        } catch (const CheckpointError& e) {
            QVERIFY2(QString(e.what()).contains("line 3"), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(
            CheckpointError, ClipBpeTokenizer::fromFile(dir_.filePath("missing.gz").toStdString()));
    }

    void wordTokenizer() {
        const auto tok = WordTokenizer::fromText(
            "# comment\na\nphoto\nof\nt\n-\nshirt\n/\ntop\n.\n", "test vocabulary");
        QCOMPARE(tok->vocabularySize(), 13);
        QCOMPARE(tok->startToken(), 11);
        QCOMPARE(tok->endToken(), 12);
        QCOMPARE(tok->encode("A photo of a T-shirt/top."), ids({2, 3, 4, 2, 5, 6, 7, 8, 9, 10}));
        QCOMPARE(tok->encode("a zebra"), ids({2, WordTokenizer::kUnknown}));
        QCOMPARE(tok->tokenize({"a photo"}, 5)[0], (std::vector<std::int64_t>{11, 2, 3, 12, 0}));
        QVERIFY_THROWS_EXCEPTION(CheckpointError, WordTokenizer::fromText("a\nA\n", "v"));
        QVERIFY_THROWS_EXCEPTION(CheckpointError, WordTokenizer::fromText("a\na\n", "v"));
        QVERIFY_THROWS_EXCEPTION(CheckpointError,
                                 WordTokenizer::fromText("# only a comment\n", "v"));
    }

    void shippedVocabularyCoversFashionMnist() {
        const embedded::Lookup vocab = embedded::find("vocab/fmnist_words.txt");
        QVERIFY(vocab.found);
        const auto tok =
            WordTokenizer::fromText(std::string(vocab.bytes), "vocab/fmnist_words.txt");
        for (const std::string& name : data::datasetInfo("fmnist").classNames)
            for (int id : tok->encode("a photo of a " + name + "."))
                QVERIFY2(id != WordTokenizer::kUnknown, name.c_str());
    }

private:
    QTemporaryDir dir_;
    std::string plain_, gz_;
};

QTEST_APPLESS_MAIN(TestTokenizer)
#include "test_tokenizer.moc"
