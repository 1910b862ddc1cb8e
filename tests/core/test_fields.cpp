#include <QtTest>

#include "common/error.h"
#include "config/fields.h"

using namespace pf;
using pf::config::FieldSet;

namespace {

struct Sample {
    int count = 3;
    double rate = 0.5;
    bool flag = false;
    std::string label = "x";
    std::string mode = "a";

    static const FieldSet<Sample>& fields() {
        static const auto set = FieldSet<Sample>("g")
                                    .integer("count", &Sample::count, {1, 10}, "a count")
                                    .real("rate", &Sample::rate, {0.0, 1.0, true}, "a rate")
                                    .boolean("flag", &Sample::flag, "a flag")
                                    .text("label", &Sample::label, "a label")
                                    .choice("mode", &Sample::mode, {"a", "b"}, "a mode");
        return set;
    }
};

// Keys of a part kept in a struct of its own, still flat in JSON.
struct Part {
    int size = 8;
    std::string kind = "p";
};
struct Whole {
    std::string name = "w";
    Part part;

    static const FieldSet<Whole>& fields() {
        static const auto set =
            FieldSet<Whole>("g")
                .integer("size", config::nested(&Whole::part, &Part::size), {1, 64}, "a size")
                .text("name", &Whole::name, "a name")
                .choice("kind", config::nested(&Whole::part, &Part::kind), {"p", "q"}, "a kind");
        return set;
    }
};

}  // namespace

class TestFields : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void specsCarryDefaultsAndRanges() {
        const auto specs = Sample::fields().specs();
        QCOMPARE(specs.size(), std::size_t{5});
        QCOMPARE(specs[0].key, std::string("count"));
        QCOMPARE(specs[0].defaultValue.get<int>(), 3);
        QCOMPARE(specs[0].rangeText(), std::string("[1, 10]"));
        QCOMPARE(specs[1].rangeText(), std::string("(0, 1]"));
        QCOMPARE(specs[4].rangeText(), std::string("one of: a, b"));
        QCOMPARE(specs[2].group, std::string("g"));
    }

    void readsValuesAndKeepsMissingOnes() {
        Sample s;
        Sample::fields().read({{"count", 7}, {"mode", "b"}, {"flag", true}}, s);
        QCOMPARE(s.count, 7);
        QCOMPARE(s.mode, std::string("b"));
        QVERIFY(s.flag);
        QCOMPARE(s.rate, 0.5);
        const nlohmann::json back = Sample::fields().toJson(s);
        QCOMPARE(back["count"].get<int>(), 7);
        QCOMPARE(back["label"].get<std::string>(), std::string("x"));
    }

    // A nested part's keys read, write, check and describe like the struct's own, in the
    // order they were bound.
    void nestedPartsKeepFlatKeys() {
        const auto specs = Whole::fields().specs();
        QCOMPARE(specs.size(), std::size_t{3});
        QCOMPARE(specs[0].key, std::string("size"));
        QCOMPARE(specs[0].defaultValue.get<int>(), 8);
        QCOMPARE(specs[2].defaultValue.get<std::string>(), std::string("p"));
        Whole w;
        Whole::fields().read({{"size", 32}, {"kind", "q"}}, w);
        QCOMPARE(w.part.size, 32);
        QCOMPARE(w.part.kind, std::string("q"));
        QCOMPARE(w.name, std::string("w"));
        const nlohmann::json back = Whole::fields().toJson(w);
        QCOMPARE(back, (nlohmann::json{{"size", 32}, {"name", "w"}, {"kind", "q"}}));
        try {
            Whole::fields().read({{"size", 65}}, w);
            QFAIL("size 65 was taken");
        } catch (const ConfigError& e) {
            QVERIFY2(std::string(e.what()).find("'size'") != std::string::npos, e.what());
        }
        QCOMPARE(w.part.size, 32);
    }

    void rejectsBadValuesNamingTheKey_data() {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("int out of range") << "{\"count\": 11}"
                                          << "config key 'count'";
        QTest::newRow("int as float") << "{\"count\": 2.5}"
                                      << "expected an integer";
        QTest::newRow("int as string") << "{\"count\": \"3\"}"
                                       << "expected an integer";
        QTest::newRow("rate zero, exclusive") << "{\"rate\": 0}"
                                              << "config key 'rate'";
        QTest::newRow("rate negative") << "{\"rate\": -0.1}"
                                       << "out of range";
        QTest::newRow("bool as int") << "{\"flag\": 1}"
                                     << "expected true or false";
        QTest::newRow("choice unknown") << "{\"mode\": \"c\"}"
                                        << "unknown value 'c'";
        QTest::newRow("text as number") << "{\"label\": 4}"
                                        << "expected a string";
    }
    void rejectsBadValuesNamingTheKey() {
        QFETCH(QString, json);
        QFETCH(QString, expected);
        Sample s;
        try {
            Sample::fields().read(nlohmann::json::parse(json.toStdString()), s);
            QFAIL("no error");
        } catch (const ConfigError& e) {
            QVERIFY2(QString(e.what()).contains(expected), e.what());
        }
    }

    void validateCatchesNaNSetInCode() {
        Sample s;
        s.rate = std::nan("");
        QVERIFY_THROWS_EXCEPTION(ConfigError, Sample::fields().validate(s));
    }

    void overrideValuesParseAsJsonOrText() {
        QCOMPARE(config::parseOverrideValue("3"), nlohmann::json(3));
        QCOMPARE(config::parseOverrideValue("0.001"), nlohmann::json(0.001));
        QCOMPARE(config::parseOverrideValue("true"), nlohmann::json(true));
        QCOMPARE(config::parseOverrideValue("joint"), nlohmann::json("joint"));
        QCOMPARE(config::parseOverrideValue("\"42\""), nlohmann::json("42"));
        QCOMPARE(config::parseOverrideValue("nan"), nlohmann::json("nan"));
        QCOMPARE(config::parseOverrideValue("/a/b c"), nlohmann::json("/a/b c"));
        const auto [key, value] = config::parseOverride("lr=1e-3");
        QCOMPARE(key, std::string("lr"));
        QCOMPARE(value.get<double>(), 1e-3);
        QVERIFY_THROWS_EXCEPTION(ConfigError, config::parseOverride("lr"));
        QVERIFY_THROWS_EXCEPTION(ConfigError, config::parseOverride("=3"));
    }
};

QTEST_APPLESS_MAIN(TestFields)
#include "test_fields.moc"
