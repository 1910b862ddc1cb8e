#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include "common/error.h"
#include "experiment/experiment_config.h"
#include "learners/registry.h"

using namespace pf;
using config::ExperimentConfig;

namespace {

QString errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const ConfigError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace

class TestExperimentConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // parallel = "batch" where the learner can split its steps, on the CPU; a clear no elsewhere.
    void batchParallelismOnlyWhereItApplies() {
        auto with = [](nlohmann::json c) {
            c["parallel"] = "batch";
            return c;
        };
        QCOMPARE(
            ExperimentConfig::fromJson(with({{"method", "promptfusion"}})).options.system.parallel,
            std::string("batch"));
        QCOMPARE(ExperimentConfig::fromJson(nlohmann::json::object()).options.system.parallel,
                 std::string("auto"));
        // "auto" asks only where it can: any method, comparison or device is fine.
        for (const nlohmann::json& c :
             {nlohmann::json{{"method", "finetune"}},
              {{"method", "promptfusion-lite"}},
              {{"method", "promptfusion"}, {"compare_with", "booster, l2p"}},
              {{"method", "promptfusion"}, {"device", "cuda"}}}) {
            nlohmann::json a = c;
            a["parallel"] = "auto";
            QCOMPARE(ExperimentConfig::fromJson(a).options.system.parallel, std::string("auto"));
        }
        for (const char* m : {"stabilizer", "booster", "l2p", "dualprompt", "coda-prompt"})
            ExperimentConfig::fromJson(with({{"method", m}}));
        QString e = errorOf([&] { ExperimentConfig::fromJson(with({{"method", "finetune"}})); });
        QVERIFY2(e.contains("'parallel'") && e.contains("finetune") &&
                     e.contains("promptfusion, stabilizer, booster") && e.contains("'auto'"),
                 qPrintable(e));
        e = errorOf([&] { ExperimentConfig::fromJson(with({{"method", "promptfusion-lite"}})); });
        QVERIFY2(e.contains("'parallel'") && e.contains("promptfusion-lite"), qPrintable(e));
        // Every method of a comparison must be able to.
        e = errorOf([&] {
            ExperimentConfig::fromJson(
                with({{"method", "promptfusion"}, {"compare_with", "booster, ewc"}}));
        });
        QVERIFY2(e.contains("'parallel'") && e.contains("'ewc'"), qPrintable(e));
        e = errorOf([&] {
            ExperimentConfig::fromJson(with({{"method", "promptfusion"}, {"device", "cuda"}}));
        });
        QVERIFY2(e.contains("'parallel'") && e.contains("cuda"), qPrintable(e));
        e = errorOf([&] {
            ExperimentConfig::fromJson({{"method", "promptfusion"}, {"parallel", "threads"}});
        });
        QVERIFY2(e.contains("'parallel'"), qPrintable(e));
    }

    void defaultsAreValid() {
        const ExperimentConfig c = ExperimentConfig::fromJson(nlohmann::json::object());
        QCOMPARE(c.options.method, std::string("finetune"));
        QCOMPARE(c.options.sequence.tasks, 5);
        QCOMPARE(c.learnerOptions["vit_dim"].get<int>(), 64);
        QCOMPARE(c.displayName(), std::string("finetune on fmnist"));
    }

    void everyPresetLoadsAndValidates() {
        const auto names = config::presetNames();
        QVERIFY(std::find(names.begin(), names.end(), "quick") != names.end());
        QVERIFY(std::find(names.begin(), names.end(), "forgetting-demo") != names.end());
        for (const std::string& name : names) {
            const ExperimentConfig c = ExperimentConfig::fromPreset(name);
            QVERIFY2(!c.options.description.empty(), name.c_str());
        }
    }

    // fmnist-r-cil sets PromptFusion's prompt lengths; another method drops them, and a key
    // that method does not know, given by the user, is still refused.
    void presetKeysOfItsMethodGoWhenTheMethodChanges() {
        const ExperimentConfig pf = ExperimentConfig::fromPreset("fmnist-r-cil");
        QCOMPARE(pf.options.method, std::string("promptfusion"));
        QCOMPARE(pf.learnerOptions["vpt_length"].get<int>(), 16);
        const ExperimentConfig er = ExperimentConfig::fromPreset("fmnist-r-cil", {"method=er"});
        QVERIFY(!er.learnerOptions.contains("vpt_length"));
        QCOMPARE(er.options.sequence.trainPerClass, 500);
        const ExperimentConfig booster =
            ExperimentConfig::fromPreset("fmnist-r-cil", {"method=booster"});
        QCOMPARE(booster.learnerOptions["vpt_length"].get<int>(), 16);  // its key too: kept
        QVERIFY_THROWS_EXCEPTION(ConfigError, ExperimentConfig::fromPreset(
                                                  "fmnist-r-cil", {"method=er", "vpt_length=8"}));
    }

    void quickPresetIsSplitFashionMnist() {
        const ExperimentConfig c = ExperimentConfig::fromPreset("quick");
        QCOMPARE(c.options.data.dataset, std::string("fmnist"));
        QCOMPARE(c.options.sequence.tasks, 5);
        QCOMPARE(c.options.sequence.classesPerTask, 2);
        QCOMPARE(c.options.training.epochs, 1);
        QVERIFY(c.options.sequence.trainPerClass > 0);
    }

    void overridesApplyAndAreChecked() {
        const ExperimentConfig c = ExperimentConfig::fromPreset(
            "quick", {"method=joint", "epochs=2", "lr=0.01", "vit_depth=2"});
        QCOMPARE(c.options.method, std::string("joint"));
        QCOMPARE(c.options.training.epochs, 2);
        QCOMPARE(c.options.training.lr, 0.01);
        QCOMPARE(c.learnerOptions["vit_depth"].get<int>(), 2);
    }

    // --set seeds=3 or name=2024: a text key takes what was typed as its text, though it
    // reads as a number; a number key still refuses text.
    void aTextKeyTakesANumberAsTyped() {
        const ExperimentConfig c =
            ExperimentConfig::fromPreset("quick", {"seeds=3", "name=2024", "compare_with=er"});
        QCOMPARE(c.options.seeds, std::string("3"));
        QCOMPARE(c.seedList(), std::vector<int>{3});
        QCOMPARE(c.options.name, std::string("2024"));
        QVERIFY_THROWS_EXCEPTION(ConfigError, ExperimentConfig::fromPreset("quick", {"epochs=x"}));
    }

    void badInputNamesTheKey_data() {
        QTest::addColumn<QStringList>("overrides");
        QTest::addColumn<QString>("expected");
        QTest::newRow("zero tasks") << QStringList{"tasks=0"} << "config key 'tasks'";
        QTest::newRow("too many classes") << QStringList{"tasks=6", "classes_per_task=2"}
                                          << "config keys 'tasks' x 'classes_per_task'";
        QTest::newRow("negative lr") << QStringList{"lr=-0.1"} << "config key 'lr'";
        QTest::newRow("nan lr") << QStringList{"lr=nan"} << "config key 'lr'";
        QTest::newRow("batch size 0") << QStringList{"batch_size=0"} << "config key 'batch_size'";
        QTest::newRow("unknown learner") << QStringList{"method=magic"} << "config key 'method'";
        QTest::newRow("unknown key") << QStringList{"colour=blue"} << "config key 'colour'";
        QTest::newRow("wrong type") << QStringList{"epochs=many"} << "config key 'epochs'";
        QTest::newRow("unknown data set") << QStringList{"dataset=mnist"} << "config key 'dataset'";
        QTest::newRow("heads do not divide width")
            << QStringList{"vit_init=scratch", "vit_dim=30", "vit_heads=4"}
            << "config key 'vit_heads'";
        QTest::newRow("no equals sign") << QStringList{"epochs"} << "expected key=value";
        QTest::newRow("unknown compared method")
            << QStringList{"compare_with=promptfusion, magic"} << "unknown method 'magic'";
        QTest::newRow("compared with itself")
            << QStringList{"compare_with=finetune"} << "config key 'compare_with'";
        QTest::newRow("compared twice")
            << QStringList{"compare_with=joint,joint"} << "config key 'compare_with'";
        QTest::newRow("image size") << QStringList{"image_size=-1"} << "config key 'image_size'";
        QTest::newRow("seeds not numbers") << QStringList{"seeds=0,x"} << "config key 'seeds'";
        QTest::newRow("seeds backwards") << QStringList{"seeds=3-1"} << "runs backwards";
        QTest::newRow("seed twice") << QStringList{"seeds=0-2,1"} << "seed 1 comes twice";
        QTest::newRow("too many seeds") << QStringList{"seeds=0-100"} << "more than 100 seeds";
    }
    void badInputNamesTheKey() {
        QFETCH(QStringList, overrides);
        QFETCH(QString, expected);
        std::vector<std::string> o;
        for (const QString& s : overrides)
            o.push_back(s.toStdString());
        const QString error = errorOf([&] { ExperimentConfig::fromPreset("quick", o); });
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    void forgettingDemoComparesFinetuneWithPromptFusion() {
        const ExperimentConfig demo = ExperimentConfig::fromPreset("forgetting-demo");
        QCOMPARE(demo.options.data.dataset, std::string("fmnist-r"));  // the renditions benchmark
        QCOMPARE(demo.comparedMethods(), (std::vector<std::string>{"promptfusion"}));
        const std::vector<ExperimentConfig> runs = demo.comparisonRuns();
        QCOMPARE(runs.size(), std::size_t{2});
        QCOMPARE(runs[0].options.method, std::string("finetune"));
        QCOMPARE(runs[1].options.method, std::string("promptfusion"));
        for (const ExperimentConfig& r : runs) {
            // The same sequence and training keys; no run asks for a comparison again.
            QVERIFY(r.options.compareWith.empty());
            QCOMPARE(r.options.seed, demo.options.seed);
            QCOMPARE(r.options.sequence.trainPerClass, demo.options.sequence.trainPerClass);
            QCOMPARE(r.options.training.epochs, demo.options.training.epochs);
            QVERIFY(r.comparisonRuns().size() == 1);
        }
        QCOMPARE(runs[1].displayName(), demo.options.name + " [promptfusion]");
        QVERIFY(runs[1].learnerOptions.contains("fusion_weight"));  // its own keys, defaults
        // Without a comparison a config is its own single run, name unchanged.
        const auto single = ExperimentConfig::fromPreset("quick").comparisonRuns();
        QCOMPARE(single.size(), std::size_t{1});
        QCOMPARE(single[0].displayName(), ExperimentConfig::fromPreset("quick").displayName());
    }

    // seeds=0-2 with a comparison: each method once per seed, method by method, every run
    // named for its method and seed and alike in everything but the seed.
    void seedsRunEachMethodOncePerSeed() {
        const ExperimentConfig demo =
            ExperimentConfig::fromPreset("forgetting-demo", {"seeds=0-1, 5"});
        QCOMPARE(demo.seedList(), (std::vector<int>{0, 1, 5}));
        const std::vector<ExperimentConfig> runs = demo.comparisonRuns();
        QCOMPARE(runs.size(), std::size_t{6});
        const std::vector<std::pair<std::string, int>> expected = {
            {"finetune", 0},     {"finetune", 1},     {"finetune", 5},
            {"promptfusion", 0}, {"promptfusion", 1}, {"promptfusion", 5}};
        for (std::size_t i = 0; i < runs.size(); ++i) {
            QCOMPARE(runs[i].options.method, expected[i].first);
            QCOMPARE(runs[i].options.seed, expected[i].second);
            QVERIFY(runs[i].options.seeds.empty() && runs[i].options.compareWith.empty());
            QCOMPARE(runs[i].comparisonRuns().size(), std::size_t{1});
        }
        QCOMPARE(runs[4].displayName(), demo.options.name + " [promptfusion, seed 1]");
        nlohmann::json a = runs[3].toJson(), b = runs[5].toJson();
        for (nlohmann::json* j : {&a, &b}) {
            j->erase("seed");
            j->erase("name");
        }
        QCOMPARE(a, b);
        // Seeds without a comparison: " [seed S]".
        const auto quick = ExperimentConfig::fromPreset("quick", {"name=q", "seeds=2,3"});
        QCOMPARE(quick.comparisonRuns().at(1).displayName(), std::string("q [seed 3]"));
    }

    void paperPresetsAskForRealWeightsAndData() {
        const ExperimentConfig c = ExperimentConfig::fromPreset("cifar100-cil");
        QCOMPARE(c.options.data.dataset, std::string("cifar100"));
        QCOMPARE(c.options.sequence.tasks * c.options.sequence.classesPerTask, 100);
        QCOMPARE(c.options.training.imageSize, 224);
        QCOMPARE(c.options.memorySize, 5000);
        QCOMPARE(c.learnerOptions["vpt_length"].get<int>(), 30);
    }

    void unknownPresetListsTheKnownOnes() {
        const QString error = errorOf([] { ExperimentConfig::fromPreset("nope"); });
        QVERIFY(error.contains("unknown preset 'nope'"));
        QVERIFY(error.contains("quick"));
    }

    void fileErrorsNameTheFile() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("bad.json").toStdString();
        std::ofstream(path) << "{\"tasks\": 3,\n \"epochs\": }";
        const QString parse = errorOf([&] { ExperimentConfig::fromFile(path); });
        QVERIFY2(parse.contains(QString::fromStdString(path)) && parse.contains("byte offset"),
                 qPrintable(parse));
        const QString missing = errorOf([&] { ExperimentConfig::fromFile(path + ".nope"); });
        QVERIFY2(missing.contains("cannot open"), qPrintable(missing));
        std::ofstream(path) << "[1, 2]";
        QVERIFY(errorOf([&] { ExperimentConfig::fromFile(path); }).contains("JSON object"));
        std::ofstream(path) << "{\"lr\": 1e99999}";  // out_of_range in nlohmann-json (fuzzing)
        const QString huge = errorOf([&] { ExperimentConfig::fromFile(path); });
        QVERIFY2(huge.contains(QString::fromStdString(path)) && huge.contains("invalid JSON"),
                 qPrintable(huge));
        std::ofstream(path) << "{\"tasks\": 2, \"epochs\": 0}";
        const QString range = errorOf([&] { ExperimentConfig::fromFile(path); });
        QVERIFY2(range.contains(QString::fromStdString(path)) && range.contains("'epochs'"),
                 qPrintable(range));
    }

    void toJsonRoundTrips() {
        const ExperimentConfig a = ExperimentConfig::fromPreset("quick", {"seed=7", "vit_dim=32"});
        const ExperimentConfig b = ExperimentConfig::fromJson(a.toJson());
        QCOMPARE(b.toJson(), a.toJson());
        QCOMPARE(b.options.seed, 7);
        QCOMPARE(a.toJson()["vit_dim"].get<int>(), 32);
    }

    void schemaListsCoreThenLearnerKeys() {
        const auto specs = config::schemaFor("joint");
        QCOMPARE(specs.front().key, std::string("name"));
        QCOMPARE(specs.back().group, std::string("model"));
        const auto names = learners::learnerNames();
        QVERIFY(std::find(names.begin(), names.end(), "finetune") != names.end());
        QVERIFY(std::find(names.begin(), names.end(), "joint") != names.end());
    }
};

QTEST_APPLESS_MAIN(TestExperimentConfig)
#include "test_experiment_config.moc"
