#include <QTemporaryDir>
#include <QtTest>

#include <torch/torch.h>

#include "common/error.h"
#include "models/builtin.h"
#include "models/weights.h"
#include "models/zero_shot.h"
#include "synthetic_data.h"
#include "training/pretrain.h"

using namespace pf;

class TestPretrain : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // The shipped weights load into the architecture their own metadata and the fmnist-tiny
    // preset describe.
    void shippedBackbonesLoad() {
        const training::PretrainOptions preset = training::pretrainPreset("fmnist-tiny", {});
        const models::Checkpoint clipFile = models::builtinCheckpoint(models::kBuiltinClipResource);
        const models::ClipOptions c = models::clipOptionsFrom(clipFile);
        QCOMPARE(c.vision.imageSize, 28);
        QCOMPARE(c.vision.channels, 1);
        QCOMPARE(c.vision.patchSize, preset.clipPatch);
        QCOMPARE(c.vision.width, preset.clipWidth);
        QCOMPARE(c.vision.layers, preset.clipLayers);
        QCOMPARE(c.text.width, preset.clipTextWidth);
        QCOMPARE(c.text.contextLength, preset.clipContext);
        QCOMPARE(c.text.vocabSize, models::builtinTokenizer()->vocabularySize());
        models::LoadReport report;
        models::loadClip(clipFile, &report);
        QVERIFY(report.missing.empty() && report.unexpected.empty());

        const models::Checkpoint vitFile = models::builtinCheckpoint(models::kBuiltinViTResource);
        const models::ViTOptions v = models::vitOptionsFrom(vitFile);
        QCOMPARE(v.numClasses, 0);
        QCOMPARE(v.dim, preset.vitDim);
        QCOMPARE(v.depth, preset.vitDepth);
        QCOMPARE(v.patchSize, preset.vitPatch);
        models::loadViT(vitFile, &report);
        QVERIFY(report.missing.empty() && report.unexpected.empty());

        // The files say how they were made: the preset's options, and what they reached.
        const auto provenance = nlohmann::json::parse(clipFile.metadata.at("pf.pretrain"));
        QCOMPARE(provenance["options"], training::PretrainOptions::fields().toJson(preset));
        QVERIFY(provenance["report"]["clip_zero_shot_test"].get<double>() > 0.5);
        QVERIFY(models::loadBuiltinClip()->options().text.vocabSize > 0);
    }

    // A fast run of the whole pretraining on a tiny synthetic data set.
    void pretrainingSmokeRun() {
        QTemporaryDir data, out;
        test::SyntheticOptions so;
        so.trainPerClass = 20;
        test::writeSyntheticFashionMnist(data.path().toStdString(), so);
        training::PretrainOptions o = training::pretrainPreset(
            "fmnist-tiny",
            {"data_root=" + data.path().toStdString(), "clip_epochs=1", "vit_epochs=1",
             "clip_width=32", "clip_layers=1", "clip_heads=2", "clip_text_width=32",
             "clip_text_layers=1", "clip_text_heads=2", "clip_embed=32", "vit_dim=32",
             "vit_depth=1", "vit_heads=2", "validation=200", "threads=1"});
        std::vector<std::string> lines;
        const training::PretrainReport r =
            training::pretrainBackbones(o, out.path().toStdString(), [&](const std::string& l) {
                lines.push_back(l);
                return true;
            });
        QVERIFY(lines.size() >= 4);
        for (double acc : {r.clipZeroShotValidation, r.clipZeroShotTest, r.clipLinearProbeTest,
                           r.vitValidation, r.vitLinearProbeTest})
            QVERIFY(acc >= 0.0 && acc <= 1.0);
        // The bars are easy: the frozen features separate them.
        QVERIFY2(r.vitLinearProbeTest > 0.5, std::to_string(r.vitLinearProbeTest).c_str());
        const models::Checkpoint clip =
            models::readCheckpoint(out.filePath("tiny_clip.safetensors").toStdString());
        QCOMPARE(models::clipOptionsFrom(clip).vision.width, 32);
        models::loadClip(clip);
        const models::Checkpoint vit =
            models::readCheckpoint(out.filePath("tiny_vit.safetensors").toStdString());
        QVERIFY(vit.find("head.weight") == nullptr);
        models::loadViT(vit);
        // Cancelling stops it.
        QVERIFY_THROWS_EXCEPTION(
            Error, training::pretrainBackbones(o, out.path().toStdString(),
                                               [](const std::string&) { return false; }));
    }

    void presetKeysAreChecked() {
        QVERIFY_THROWS_EXCEPTION(ConfigError, training::pretrainPreset("nope", {}));
        QVERIFY_THROWS_EXCEPTION(ConfigError,
                                 training::pretrainPreset("fmnist-tiny", {"colour=1"}));
        QVERIFY_THROWS_EXCEPTION(ConfigError,
                                 training::pretrainPreset("fmnist-tiny", {"clip_lr=0"}));
    }

    void captionsAndZeroShotEmbeddings() {
        QCOMPARE(models::caption("a photo of a {}.", "T-shirt/top"),
                 std::string("a photo of a t-shirt/top."));
        const auto tok = models::builtinTokenizer();
        models::ClipModel clip = models::loadBuiltinClip();
        const torch::Tensor e =
            models::zeroShotClassEmbeddings(clip, *tok, {"Bag", "Sandal", "Coat"});
        QCOMPARE(e.sizes().vec(), (std::vector<std::int64_t>{3, clip->options().vision.outputDim}));
        QVERIFY(torch::allclose(e.norm(2, 1), torch::ones({3}), 1e-5));
    }
};

QTEST_APPLESS_MAIN(TestPretrain)
#include "test_pretrain.moc"
