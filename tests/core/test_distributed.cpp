// Data-parallel runs: who a process is (launcher variables), meeting the other ranks through
// c10d (TCPStore, ProcessGroupGloo), and the trainer's reduction of a step's gradients.
#include <QtTest>
#include <chrono>
#include <future>
#include <map>
#include <thread>

#include <torch/torch.h>

#include "common/error.h"
#include "distributed/communicator.h"
#include "distributed/world.h"
#include "free_port.h"
#include "training/data_parallel.h"

using namespace pf;
using distributed::Communicator;
using distributed::World;

using pf::test::freePort;

namespace {

distributed::Environment environment(std::map<std::string, std::string> values) {
    return [values](const std::string& name) -> std::optional<std::string> {
        auto it = values.find(name);
        if (it == values.end()) return std::nullopt;
        return it->second;
    };
}

World rankOf(int rank, int size, int port, int timeoutSeconds = 20) {
    World w;
    w.rank = rank;
    w.size = size;
    w.masterPort = port;
    w.timeout = std::chrono::seconds(timeoutSeconds);
    return w;
}

// Runs `body(rank)` for each rank of a world of `size`, each on its own thread, and returns
// what each threw ("" when nothing).
std::vector<std::string> eachRank(int size, const std::function<void(int)>& body) {
    std::vector<std::future<std::string>> ranks;
    for (int r = 0; r < size; ++r)
        ranks.push_back(std::async(std::launch::async, [&body, r]() -> std::string {
            try {
                body(r);
                return {};
            } catch (const std::exception& e) {
                return std::string(e.what()).empty() ? "?" : e.what();
            }
        }));
    std::vector<std::string> errors;
    for (auto& f : ranks)
        errors.push_back(f.get());
    return errors;
}

}  // namespace

class TestDistributed : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aPlainProcessIsAWorldOfOne() {
        const World w = distributed::worldFromEnvironment(environment({}));
        QCOMPARE(w.size, 1);
        QVERIFY(!w.distributed());
        QCOMPARE(w.describe(), std::string("a single process"));
    }

    void torchrunsVariablesNameTheRank() {
        const World w = distributed::worldFromEnvironment(
            environment({{"RANK", "1"},
                         {"WORLD_SIZE", "2"},
                         {"LOCAL_RANK", "1"},
                         {"MASTER_ADDR", "10.0.0.5"},
                         {"MASTER_PORT", "1234"},
                         {"PFSTUDIO_DIST_TIMEOUT", "30"},
                         // torchrun's variables win over an enclosing Slurm job's
                         {"SLURM_PROCID", "0"},
                         {"SLURM_NTASKS", "8"}}));
        QCOMPARE(w.rank, 1);
        QCOMPARE(w.size, 2);
        QCOMPARE(w.localRank, 1);
        QCOMPARE(w.masterAddr, std::string("10.0.0.5"));
        QCOMPARE(w.masterPort, 1234);
        QCOMPARE(w.timeout.count(), 30L);
        QCOMPARE(w.source, std::string("torchrun"));
        QCOMPARE(w.describe(), std::string("rank 1 of 2 (torchrun), master 10.0.0.5:1234"));
        // Without MASTER_ADDR the ranks meet on loopback.
        QCOMPARE(
            distributed::worldFromEnvironment(environment({{"RANK", "0"}, {"WORLD_SIZE", "2"}}))
                .masterAddr,
            std::string("127.0.0.1"));
    }

    void slurmsVariablesNameTheRankAndTheMaster() {
        const World w = distributed::worldFromEnvironment(
            environment({{"SLURM_PROCID", "3"},
                         {"SLURM_NTASKS", "4"},
                         {"SLURM_LOCALID", "1"},
                         {"SLURM_STEP_NODELIST", "gpu[03-04,09],cpu1"},
                         {"SLURM_JOB_ID", "123456"}}));
        QCOMPARE(w.rank, 3);
        QCOMPARE(w.size, 4);
        QCOMPARE(w.localRank, 1);
        QCOMPARE(w.masterAddr, std::string("gpu03"));
        QCOMPARE(w.masterPort, distributed::kSlurmPortBase + 3456);
        QCOMPARE(w.source, std::string("slurm"));
        // A step of one task (a sweep's array task) is an ordinary run.
        QCOMPARE(distributed::worldFromEnvironment(
                     environment({{"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "1"}}))
                     .size,
                 1);
    }

    void aSlurmHostListStandsForItsFirstHost() {
        QCOMPARE(distributed::firstHostOf("node1"), std::string("node1"));
        QCOMPARE(distributed::firstHostOf("n[1-3]"), std::string("n1"));
        QCOMPARE(distributed::firstHostOf("a[007,9]-ib,b2"), std::string("a007-ib"));
        QCOMPARE(distributed::firstHostOf("rack[2-3]n[05-06]"), std::string("rack2n05"));
        for (const char* bad : {"", "n[", "n]", "n[x]", ",n1"})
            QVERIFY_THROWS_EXCEPTION(InputError, distributed::firstHostOf(bad));
    }

    void badVariablesAreNamed_data() {
        QTest::addColumn<QStringList>("variables");
        QTest::addColumn<QString>("named");
        QTest::newRow("rank alone") << QStringList{"RANK=0"} << "WORLD_SIZE is not";
        QTest::newRow("rank too large") << QStringList{"RANK=2", "WORLD_SIZE=2"} << "RANK='2'";
        QTest::newRow("size not a number")
            << QStringList{"RANK=0", "WORLD_SIZE=two"} << "WORLD_SIZE='two'";
        QTest::newRow("port") << QStringList{"RANK=0", "WORLD_SIZE=2", "MASTER_PORT=99999"}
                              << "MASTER_PORT='99999'";
        QTest::newRow("timeout") << QStringList{"PFSTUDIO_DIST_TIMEOUT=0"}
                                 << "PFSTUDIO_DIST_TIMEOUT='0'";
        QTest::newRow("slurm without nodes")
            << QStringList{"SLURM_PROCID=0", "SLURM_NTASKS=2"} << "SLURM_STEP_NODELIST";
        QTest::newRow("slurm host list")
            << QStringList{"SLURM_PROCID=0", "SLURM_NTASKS=2", "SLURM_STEP_NODELIST=n[x]"}
            << "SLURM_STEP_NODELIST='n[x]'";
    }
    void badVariablesAreNamed() {
        QFETCH(QStringList, variables);
        QFETCH(QString, named);
        std::map<std::string, std::string> values;
        for (const QString& v : variables)
            values[v.section('=', 0, 0).toStdString()] = v.section('=', 1).toStdString();
        try {
            distributed::worldFromEnvironment(environment(values));
            QFAIL("accepted");
        } catch (const InputError& e) {
            QVERIFY2(QString(e.what()).contains(named), e.what());
        }
    }

    // Two ranks meet on 127.0.0.1 and sum, share and wait for each other.
    void ranksMeetAndSum() {
        const int port = freePort();
        std::vector<torch::Tensor> sums(2), shared(2);
        const auto errors = eachRank(2, [&](int r) {
            auto c = Communicator::connect(rankOf(r, 2, port), "config");
            QCOMPARE(c->rank(), r);
            std::vector<torch::Tensor> t{torch::full({3}, static_cast<float>(r + 1)),
                                         torch::arange(4, torch::kFloat64) * (r + 1)};
            c->allReduceSum(t);
            sums[static_cast<std::size_t>(r)] = torch::cat({t[0].to(torch::kFloat64), t[1]});
            std::vector<torch::Tensor> b{torch::full({2}, static_cast<float>(10 * (r + 1)))};
            c->broadcast(b, 0);
            shared[static_cast<std::size_t>(r)] = b[0];
            c->barrier();
        });
        QCOMPARE(errors, (std::vector<std::string>{"", ""}));
        const torch::Tensor expected =
            torch::tensor({3.0, 3.0, 3.0, 0.0, 3.0, 6.0, 9.0}, torch::kFloat64);
        QVERIFY(torch::equal(sums[0], expected) && torch::equal(sums[1], expected));
        QVERIFY(torch::equal(shared[1], torch::full({2}, 10.0f)));
    }

    // Ranks that were started differently are refused by name, on every rank.
    void ranksThatDifferAreRefusedByName() {
        int port = freePort();
        auto errors = eachRank(2, [&](int r) {
            Communicator::connect(rankOf(r, 2, port), r == 0 ? "config A" : "config B");
        });
        for (const std::string& e : errors)
            QVERIFY2(e.find("runs another config") != std::string::npos, e.c_str());
        port = freePort();
        errors = eachRank(
            2, [&](int r) { Communicator::connect(rankOf(r, r == 0 ? 2 : 3, port), "c"); });
        QVERIFY2(errors[0].find("rank 1 was started for a world of 3 processes, rank 0 for 2") !=
                     std::string::npos,
                 errors[0].c_str());
        QVERIFY2(errors[1].find("world of 2 processes") != std::string::npos, errors[1].c_str());
    }

    // A rank that never comes ends the wait after the timeout, with a message that says so.
    void aMissingRankEndsTheWaitAfterTheTimeout() {
        const auto start = std::chrono::steady_clock::now();
        try {
            Communicator::connect(rankOf(0, 2, freePort(), 2), "c");
            QFAIL("met nobody");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("did not answer within 2 s"), e.what());
        }
        const double waited =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        QVERIFY2(waited >= 1.9 && waited < 30.0, qPrintable(QString::number(waited)));
    }

    // Each rank trains on a contiguous block of the global batch; the first n % size ranks
    // take one sample more.
    void blocksCoverTheBatchOnce() {
        const int port = freePort();
        std::vector<std::vector<std::pair<std::int64_t, std::int64_t>>> blocks(3);
        eachRank(3, [&](int r) {
            auto c = Communicator::connect(rankOf(r, 3, port), "c");
            training::DataParallel dp(*c);
            for (std::int64_t n : {9, 10, 11, 3})
                blocks[static_cast<std::size_t>(r)].push_back(dp.block(n));
        });
        for (std::size_t k = 0; k < 4; ++k) {
            const std::int64_t n = std::vector<std::int64_t>{9, 10, 11, 3}[k];
            std::int64_t next = 0;
            for (std::size_t r = 0; r < 3; ++r) {
                QCOMPARE(blocks[r][k].first, next);
                QVERIFY(blocks[r][k].second == n / 3 || blocks[r][k].second == n / 3 + 1);
                next += blocks[r][k].second;
            }
            QCOMPARE(next, n);
        }
    }

    // The reduced gradient is the global batch's: each rank's part weighted by its share of
    // the batch. A gradient only one rank computed counts as zero elsewhere; one that no
    // rank computed stays undefined (the optimizer then leaves that parameter alone).
    void gradientsAreTheGlobalBatchs() {
        const int port = freePort();
        std::vector<std::vector<torch::Tensor>> after(2);
        std::vector<double> losses(2);
        const auto errors = eachRank(2, [&](int r) {
            auto c = Communicator::connect(rankOf(r, 2, port), "c");
            training::DataParallel dp(*c);
            auto a = torch::zeros({2, 3}, torch::requires_grad());
            auto b = torch::zeros({4}, torch::requires_grad());
            auto unused = torch::zeros({5}, torch::requires_grad());
            a.mutable_grad() = torch::full({2, 3}, r == 0 ? 1.0f : 4.0f);
            if (r == 1) b.mutable_grad() = torch::full({4}, 2.0f);
            dp.setShare(r == 0 ? 3 : 1, 4);  // rank 0 trained on 3 of 4 samples
            dp.reduceGradients({a, b, unused});
            losses[static_cast<std::size_t>(r)] = dp.reduceLoss(r == 0 ? 1.0 : 5.0);
            after[static_cast<std::size_t>(r)] = {a.grad(), b.grad(), unused.grad()};
        });
        QCOMPARE(errors, (std::vector<std::string>{"", ""}));
        for (const auto& grads : after) {
            QVERIFY(torch::allclose(grads[0], torch::full({2, 3}, 0.75f * 1 + 0.25f * 4)));
            QVERIFY(torch::allclose(grads[1], torch::full({4}, 0.25f * 2)));
            QVERIFY(!grads[2].defined());
        }
        QVERIFY(torch::equal(after[0][0], after[1][0]));  // bit for bit the same everywhere
        QCOMPARE(losses[0], 0.75 * 1.0 + 0.25 * 5.0);
        QCOMPARE(losses[0], losses[1]);
        const std::int64_t bytes =
            training::DataParallel::bytesPerStep({torch::zeros({2, 3}), torch::zeros({4})});
        QCOMPARE(bytes, std::int64_t{(6 + 1 + 4 + 1) * 4 + 8 + 4});
    }
};

QTEST_APPLESS_MAIN(TestDistributed)
#include "test_distributed.moc"
