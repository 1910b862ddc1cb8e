#include <QtTest>

#include <set>

#include "common/error.h"
#include "data/task_sequence.h"

using namespace pf;
using data::TaskSequence;

namespace {

// Labels 0..9 repeated: index i has class i % 10.
std::vector<std::int64_t> cyclic(int n) {
    std::vector<std::int64_t> v;
    for (int i = 0; i < n; ++i)
        v.push_back(i % 10);
    return v;
}

}  // namespace

class TestTaskSequence : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void naturalOrderSplitsClasses() {
        data::SequenceOptions o;
        const auto seq = TaskSequence::classIncremental(cyclic(1000), cyclic(100), 1000, 10, o);
        QCOMPARE(seq.size(), 5);
        QCOMPARE(seq.task(0).classes, (std::vector<int>{0, 1}));
        QCOMPARE(seq.task(4).classes, (std::vector<int>{8, 9}));
        QCOMPARE(seq.firstClass(3), 6);
        QCOMPARE(seq.seenClassesAfter(3), 8);
        QCOMPARE(seq.totalClasses(), 10);
        QCOMPARE(seq.task(2).train.size(), std::size_t{200});
        QCOMPARE(seq.task(2).test.size(), std::size_t{20});
        for (std::int64_t i : seq.task(2).train)
            QVERIFY(i % 10 == 4 || i % 10 == 5);
    }

    void pretrainingPoolNeverEntersATask() {
        data::SequenceOptions o;
        const auto seq = TaskSequence::classIncremental(cyclic(1000), cyclic(100), 700, 10, o);
        std::int64_t count = 0;
        for (const auto& t : seq.tasks())
            for (std::int64_t i : t.train) {
                QVERIFY(i < 700);
                ++count;
            }
        QCOMPARE(count, std::int64_t{700});
    }

    void capsKeepTheFirstSamplesPerClass() {
        data::SequenceOptions o;
        o.trainPerClass = 3;
        o.testPerClass = 2;
        const auto seq = TaskSequence::classIncremental(cyclic(1000), cyclic(100), 1000, 10, o);
        QCOMPARE(seq.task(0).train, (std::vector<std::int64_t>{0, 10, 20, 1, 11, 21}));
        QCOMPARE(seq.task(0).test, (std::vector<std::int64_t>{0, 10, 1, 11}));
    }

    void seededOrderIsAFixedPermutation() {
        data::SequenceOptions o;
        o.classOrderSeed = 1993;
        const auto a = TaskSequence::classIncremental(cyclic(100), cyclic(100), 100, 10, o);
        const auto b = TaskSequence::classIncremental(cyclic(100), cyclic(100), 100, 10, o);
        QCOMPARE(a.classOrder(), b.classOrder());
        std::set<int> all(a.classOrder().begin(), a.classOrder().end());
        QCOMPARE(all.size(), std::size_t{10});
        QVERIFY(a.classOrder() != (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
        for (int k = 0; k < 10; ++k)
            QCOMPARE(
                a.labelMap()[static_cast<std::size_t>(a.classOrder()[static_cast<std::size_t>(k)])],
                k);
        o.classOrderSeed = 7;
        const auto c = TaskSequence::classIncremental(cyclic(100), cyclic(100), 100, 10, o);
        QVERIFY(c.classOrder() != a.classOrder());
        // mt19937 is specified exactly: the permutation is the same on every platform.
        QCOMPARE(data::seededPermutation(5, 42), data::seededPermutation(5, 42));
    }

    void fewerClassesThanTheDataSetLeaveTheRestUnmapped() {
        data::SequenceOptions o;
        o.tasks = 2;
        o.classesPerTask = 3;
        const auto seq = TaskSequence::classIncremental(cyclic(100), cyclic(100), 100, 10, o);
        QCOMPARE(seq.totalClasses(), 6);
        QCOMPARE(seq.labelMap()[7], -1);
        QCOMPARE(seq.trainUpTo(1).size(), std::size_t{60});
    }

    void rejectsImpossibleSequences() {
        data::SequenceOptions o;
        o.tasks = 6;
        QVERIFY_THROWS_EXCEPTION(
            ConfigError, TaskSequence::classIncremental(cyclic(100), cyclic(100), 100, 10, o));
        o.tasks = 0;
        QVERIFY_THROWS_EXCEPTION(
            ConfigError, TaskSequence::classIncremental(cyclic(100), cyclic(100), 100, 10, o));
        // Class 9 has no test sample.
        o.tasks = 5;
        QVERIFY_THROWS_EXCEPTION(
            DataError, TaskSequence::classIncremental(cyclic(100), cyclic(9), 100, 10, o));
    }
};

QTEST_APPLESS_MAIN(TestTaskSequence)
#include "test_task_sequence.moc"
