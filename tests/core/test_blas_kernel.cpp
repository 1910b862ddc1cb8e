#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "common/blas_kernel.h"

using namespace pf;
using blas::Decision;

namespace {

// CPUs by what they can execute.
blas::CpuFeatures sse3Only() {
    blas::CpuFeatures c;
    c.vendor = "GenuineIntel";
    c.sse3 = c.ssse3 = c.sse41 = c.sse42 = true;
    return c;
}
blas::CpuFeatures avxOnly() {
    blas::CpuFeatures c = sse3Only();
    c.avx = true;
    return c;
}
blas::CpuFeatures avx2() {
    blas::CpuFeatures c = avxOnly();
    c.fma = c.avx2 = true;
    return c;
}
// The machine of the report: Intel family 6 model 207, AVX-512, unknown to OpenBLAS 0.3.21.
blas::CpuFeatures avx512() {
    blas::CpuFeatures c = avx2();
    c.family = 6;
    c.model = 207;
    c.avx512 = c.avx512bf16 = true;
    return c;
}

blas::Environment running(const std::string& kernel) {
    blas::Environment e;
    e.running = kernel;
    return e;
}

}  // namespace

class TestBlasKernel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // A generic fallback on a CPU with AVX2 and FMA: the wider kernels it can run are timed
    // (Haswell's, and with AVX-512 SkylakeX's and Cooperlake's: which is fastest differs from
    // CPU to CPU), and the fastest is loaded.
    void aFallbackOnAnAvx2CpuPicksABetterKernel_data() {
        QTest::addColumn<QString>("fallback");
        for (const char* k : {"Prescott", "Core2", "Nehalem", "Barcelona", "Sandybridge"})
            QTest::newRow(k) << k;
    }
    void aFallbackOnAnAvx2CpuPicksABetterKernel() {
        QFETCH(QString, fallback);
        Decision d = blas::decide(running(fallback.toStdString()), avx2());
        QCOMPARE(d.action, Decision::Action::Measure);
        QCOMPARE(d.candidates, std::vector<std::string>{"Haswell"});
        d = blas::decide(running(fallback.toStdString()), avx512());
        QCOMPARE(d.action, Decision::Action::Measure);
        QCOMPARE(d.candidates, (std::vector<std::string>{"Haswell", "SkylakeX", "Cooperlake"}));
        blas::CpuFeatures noBf16 = avx512();
        noBf16.avx512bf16 = false;
        QCOMPARE(blas::decide(running(fallback.toStdString()), noBf16).candidates,
                 (std::vector<std::string>{"Haswell", "SkylakeX"}));
    }

    // The fastest measured is loaded; one that failed to load counts as not measured.
    void theFastestMeasuredWins() {
        QCOMPARE(blas::fastest({{"Haswell", 145.5}, {"SkylakeX", 93.0}, {"Prescott", 23.5}}),
                 std::string("Haswell"));
        QCOMPARE(blas::fastest({{"Haswell", 250.0}, {"SkylakeX", 410.0}, {"Cooperlake", 363.0}}),
                 std::string("SkylakeX"));
        QCOMPARE(blas::fastest({}), std::string());
        QCOMPARE(blas::fastest({{"Haswell", 0.0}}), std::string());
    }

    // Measurements are kept per CPU and OpenBLAS build, in one file a cluster's nodes can
    // share; an unreadable file is measured again.
    void measurementsAreCachedPerCpuAndBuild() {
        QTemporaryDir dir;
        blas::Cache cache;
        cache.path = dir.filePath(QStringLiteral("sub/blas-kernels.json")).toStdString();
        QVERIFY(cache.read("cpu A", "OpenBLAS 0.3.21").empty());
        cache.write("cpu A", "OpenBLAS 0.3.21", {{"Haswell", 145.5}, {"SkylakeX", 93.0}});
        cache.write("cpu B", "OpenBLAS 0.3.21", {{"Haswell", 250.0}});
        QCOMPARE(cache.read("cpu A", "OpenBLAS 0.3.21"),
                 (blas::Measurements{{"Haswell", 145.5}, {"SkylakeX", 93.0}}));
        QCOMPARE(cache.read("cpu B", "OpenBLAS 0.3.21"), (blas::Measurements{{"Haswell", 250.0}}));
        QVERIFY(cache.read("cpu A", "OpenBLAS 0.3.26").empty());
        cache.write("cpu A", "OpenBLAS 0.3.21", {{"Haswell", 140.0}});  // replaced, not added
        QCOMPARE(cache.read("cpu A", "OpenBLAS 0.3.21"), (blas::Measurements{{"Haswell", 140.0}}));
        QFile file(QString::fromStdString(cache.path));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("{\"entries\": [{\"cpu\": 3");
        file.close();
        QVERIFY(cache.read("cpu A", "OpenBLAS 0.3.21").empty());
        cache.write("cpu A", "OpenBLAS 0.3.21", {{"Haswell", 145.5}});
        QCOMPARE(cache.read("cpu A", "OpenBLAS 0.3.21"), (blas::Measurements{{"Haswell", 145.5}}));
    }

    // A CPU without AVX2 and FMA keeps the fallback, as does a CPU whose OpenBLAS already
    // runs an AVX2 kernel or wider; no candidate needs more than the CPU has.
    void neverAKernelTheCpuCannotRunNorAStepDown() {
        for (const blas::CpuFeatures& cpu : {sse3Only(), avxOnly()})
            for (const char* k : {"Prescott", "Nehalem", "Sandybridge"})
                QCOMPARE(blas::decide(running(k), cpu).action, Decision::Action::Keep);
        for (const char* k : {"Haswell", "Zen", "SkylakeX", "Cooperlake"})
            QCOMPARE(blas::decide(running(k), avx512()).action, Decision::Action::Keep);
        // A name this version does not know, and a BLAS that is not OpenBLAS: left alone.
        QCOMPARE(blas::decide(running("FutureLake"), avx512()).action, Decision::Action::Keep);
        QCOMPARE(blas::decide(running(""), avx512()).action, Decision::Action::Keep);
        for (const blas::CpuFeatures& cpu : {sse3Only(), avxOnly(), avx2(), avx512()})
            for (const std::string& k : blas::candidates("Prescott", cpu))
                QVERIFY2(blas::missingInstructions(*blas::findKernel(k), cpu).empty(), k.c_str());
        blas::CpuFeatures noOsSupport = avx2();  // cpuid says AVX2, the OS saves no YMM state
        noOsSupport.avx = noOsSupport.fma = noOsSupport.avx2 = false;
        QVERIFY(blas::candidates("Prescott", noOsSupport).empty());
    }

    // OPENBLAS_CORETYPE is the user's choice: kept, and reported as slow when it is.
    void aUsersOwnChoiceIsKept() {
        blas::Environment e = running("Prescott");
        e.coretype = "Prescott";
        QCOMPARE(blas::decide(e, avx512()).action, Decision::Action::Keep);
        const blas::Status s = blas::status(e, avx512());
        QCOMPARE(s.chosenBy, std::string("user"));
        QCOMPARE(s.couldRun, (std::vector<std::string>{"Haswell", "SkylakeX", "Cooperlake"}));
        QVERIFY(s.slowReason().find("OPENBLAS_CORETYPE=Prescott") != std::string::npos);
        // A good choice is not slow.
        e.running = e.coretype = "SkylakeX";
        QVERIFY(blas::status(e, avx512()).slowReason().empty());
    }

    // PFSTUDIO_BLAS_KERNEL=keep switches the correction off, and says what it costs.
    void theOptOutKeepsOpenBlassChoice() {
        blas::Environment e = running("Prescott");
        for (const char* keep : {"keep", "KEEP", " keep "}) {
            e.setting = keep;
            QCOMPARE(blas::decide(e, avx512()).action, Decision::Action::Keep);
        }
        e.setting = "keep";
        const blas::Status s = blas::status(e, avx512());
        QCOMPARE(s.chosenBy, std::string("openblas"));
        QCOMPARE(s.couldRun.front(), std::string("Haswell"));
        QVERIFY(s.slowReason().find("keep") != std::string::npos);
        QVERIFY(s.settingError.empty());
        // "auto" is the default, spelled out.
        e.setting = "auto";
        QCOMPARE(blas::decide(e, avx512()).action, Decision::Action::Measure);
    }

    // "fastest" times the wide kernels whatever runs, OPENBLAS_CORETYPE's choice included,
    // once: not again after pfstudio started itself with the winner.
    void fastestTimesTheWideKernelsOnce() {
        blas::Environment e = running("Haswell");
        e.coretype = "Haswell";
        e.setting = "fastest";
        Decision d = blas::decide(e, avx512());
        QCOMPARE(d.action, Decision::Action::Measure);
        QCOMPARE(d.candidates, (std::vector<std::string>{"Haswell", "SkylakeX", "Cooperlake"}));
        QCOMPARE(blas::decide(e, avxOnly()).action, Decision::Action::Keep);  // nothing wide
        e.running = e.coretype = "Cooperlake";
        e.chosen = "Cooperlake/Haswell/Cooperlake=386.4,Haswell=123.3";
        QCOMPARE(blas::decide(e, avx512()).action, Decision::Action::Keep);
        QCOMPARE(blas::status(e, avx512()).chosenBy, std::string("pfstudio"));
        e = running("");
        e.setting = "fastest";
        QCOMPARE(blas::decide(e, avx512()).action, Decision::Action::Refuse);
    }

    // A kernel named in the setting is loaded if the CPU can run it; a wrong one is refused
    // by name, with what the CPU lacks.
    void aNamedKernelIsCheckedAgainstTheCpu() {
        blas::Environment e = running("Haswell");
        e.setting = "sandybridge";  // any case
        Decision d = blas::decide(e, avx2());
        QCOMPARE(d.action, Decision::Action::Switch);
        QCOMPARE(d.kernel, std::string("Sandybridge"));
        e.setting = "Haswell";
        QCOMPARE(blas::decide(e, avx2()).action, Decision::Action::Keep);  // already running
        e.setting = "SkylakeX";
        d = blas::decide(e, avx2());
        QCOMPARE(d.action, Decision::Action::Refuse);
        QVERIFY2(d.message.find("PFSTUDIO_BLAS_KERNEL=SkylakeX") != std::string::npos &&
                     d.message.find("AVX-512") != std::string::npos,
                 d.message.c_str());
        e.setting = "Cooperlake";
        blas::CpuFeatures noBf16 = avx512();
        noBf16.avx512bf16 = false;
        d = blas::decide(e, noBf16);
        QCOMPARE(d.action, Decision::Action::Refuse);
        QVERIFY2(d.message.find("AVX512_BF16") != std::string::npos, d.message.c_str());
        e.setting = "Quickest";
        d = blas::decide(e, avx512());
        QCOMPARE(d.action, Decision::Action::Refuse);
        QVERIFY2(d.message.find("Quickest") != std::string::npos &&
                     d.message.find("Haswell") != std::string::npos,
                 d.message.c_str());
        QCOMPARE(blas::status(e, avx512()).settingError, d.message);
        // Not OpenBLAS: there is no kernel to name.
        blas::Environment other = running("");
        other.setting = "Haswell";
        QCOMPARE(blas::decide(other, avx512()).action, Decision::Action::Refuse);
    }

    // After pfstudio started again with its choice: no second start, and the status names
    // who chose and what was replaced - also when OpenBLAS loaded another kernel than asked.
    void theChoiceIsMadeOnceAndReported() {
        blas::Environment e = running("Haswell");
        e.coretype = "Haswell";
        e.chosen = "Haswell/Prescott/Haswell=145.5,Prescott=23.5,SkylakeX=93.0";
        QCOMPARE(blas::decide(e, avx512()).action, Decision::Action::Keep);
        blas::Status s = blas::status(e, avx512());
        QCOMPARE(s.chosenBy, std::string("pfstudio"));
        QCOMPARE(s.replaced, std::string("Prescott"));
        QCOMPARE(s.measured,
                 (blas::Measurements{{"Haswell", 145.5}, {"Prescott", 23.5}, {"SkylakeX", 93.0}}));
        QVERIFY(s.couldRun.empty());
        QVERIFY(s.slowReason().empty());
        QVERIFY2(s.describe().find("Prescott") != std::string::npos &&
                     s.describe().find("SkylakeX=93.0") != std::string::npos,
                 s.describe().c_str());

        e.setting = "SapphireRapids";  // OpenBLAS 0.3.21 loads Cooperlake's for it
        e.running = "Cooperlake";
        e.coretype = "SapphireRapids";
        e.chosen = "SapphireRapids/Haswell";
        blas::CpuFeatures amx = avx512();
        amx.amx = true;
        QCOMPARE(blas::decide(e, amx).action, Decision::Action::Keep);
        QCOMPARE(blas::status(e, amx).chosenBy, std::string("setting"));

        // A marker inherited from a parent pfstudio whose OPENBLAS_CORETYPE the user changed
        // since: the user's choice.
        e = running("Nehalem");
        e.coretype = "Nehalem";
        e.chosen = "Haswell/Prescott";
        s = blas::status(e, avx512());
        QCOMPARE(s.chosenBy, std::string("user"));
        QCOMPARE(s.couldRun.front(), std::string("Haswell"));
    }

    // cpuid as the kernel sees it: what detectCpu() finds is what /proc/cpuinfo lists.
    void detectionAgreesWithTheKernel() {
        const blas::CpuFeatures cpu = blas::detectCpu();
        QFile info(QStringLiteral("/proc/cpuinfo"));
        if (cpu.vendor.empty() || !info.open(QIODevice::ReadOnly))
            QSKIP("not an x86-64 Linux machine");
        QSet<QString> flags;
        for (const QByteArray& line : info.readAll().split('\n'))
            if (line.startsWith("flags")) {
                for (const QByteArray& f : line.mid(line.indexOf(':') + 1).simplified().split(' '))
                    flags.insert(QString::fromLatin1(f));
                break;
            }
        QVERIFY(!flags.isEmpty());
        QCOMPARE(cpu.sse3, flags.contains("pni"));
        QCOMPARE(cpu.ssse3, flags.contains("ssse3"));
        QCOMPARE(cpu.sse42, flags.contains("sse4_2"));
        QCOMPARE(cpu.avx, flags.contains("avx"));
        QCOMPARE(cpu.fma, flags.contains("fma"));
        QCOMPARE(cpu.avx2, flags.contains("avx2"));
        QCOMPARE(cpu.avx512, flags.contains("avx512f") && flags.contains("avx512bw") &&
                                 flags.contains("avx512vl") && flags.contains("avx512dq") &&
                                 flags.contains("avx512cd"));
        QCOMPARE(cpu.avx512bf16, cpu.avx512 && flags.contains("avx512_bf16"));
        QVERIFY(!cpu.describe().empty());
    }
};

QTEST_APPLESS_MAIN(TestBlasKernel)
#include "test_blas_kernel.moc"
