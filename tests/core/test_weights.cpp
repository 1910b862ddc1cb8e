#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include <torch/script.h>
#include <torch/torch.h>

#include "common/error.h"
#include "io/safetensors.h"
#include "models/weights.h"

using namespace pf;
using models::Checkpoint;

namespace {

models::ViTOptions smallViT() {
    models::ViTOptions o;
    o.imageSize = 16;
    o.channels = 3;
    o.patchSize = 4;
    o.dim = 128;  // heads are read as dim / 64 from a timm file
    o.depth = 2;
    o.heads = 2;
    o.mlpRatio = 4.0;
    o.numClasses = 7;
    return o;
}

models::ClipOptions smallClip() {
    models::ClipOptions o;
    o.vision = {16, 3, 8, 64, 2, 1, 32};  // heads = width / 64, as inferred from OpenAI files
    o.text = {12, 60, 64, 2, 1, 32};
    return o;
}

std::vector<std::pair<std::string, torch::Tensor>> named(const torch::nn::Module& m) {
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto& p : m.named_parameters())
        out.emplace_back(p.key(), p.value());
    return out;
}

QString errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const CheckpointError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

// Builds a TorchScript module tree whose parameters carry `tensors`' dotted names, as OpenAI's
// ViT-B-16.pt does, and saves it.
void saveTorchScript(const std::string& path,
                     const std::vector<std::pair<std::string, torch::Tensor>>& tensors) {
    torch::jit::Module root(c10::QualifiedName("__torch__.CLIP"));
    std::map<std::string, torch::jit::Module> modules{{"", root}};
    int counter = 0;
    std::function<torch::jit::Module(const std::string&)> moduleAt = [&](const std::string& path) {
        auto it = modules.find(path);
        if (it != modules.end()) return it->second;
        const auto dot = path.rfind('.');
        const std::string parent = dot == std::string::npos ? "" : path.substr(0, dot);
        const std::string leaf = dot == std::string::npos ? path : path.substr(dot + 1);
        torch::jit::Module child(c10::QualifiedName("__torch__.M" + std::to_string(counter++)));
        moduleAt(parent).register_module(leaf, child);
        modules.emplace(path, child);
        return child;
    };
    for (const auto& [name, t] : tensors) {
        const auto dot = name.rfind('.');
        torch::jit::Module owner = moduleAt(dot == std::string::npos ? "" : name.substr(0, dot));
        owner.register_parameter(dot == std::string::npos ? name : name.substr(dot + 1),
                                 t.detach().clone(), false);
    }
    root.save(path);
}

}  // namespace

class TestWeights : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        torch::manual_seed(0);
        QVERIFY(dir_.isValid());
    }

    void ownViTRoundTripsWithItsShape() {
        models::VisionTransformer vit(smallViT());
        const std::string path = file("vit.safetensors");
        models::saveModule(*vit, path, {{"pf.vit", smallViT().toJson().dump()}});
        const Checkpoint c = models::readCheckpoint(path);
        QCOMPARE(c.format, std::string("safetensors"));
        QCOMPARE(models::detectLayout(c), models::WeightsLayout::TimmViT);
        models::LoadReport report;
        models::VisionTransformer back = models::loadViT(c, &report);
        QVERIFY(report.missing.empty() && report.unexpected.empty());
        const torch::Tensor x = torch::randn({2, 3, 16, 16});
        QVERIFY(torch::equal(vit->forward(x), back->forward(x)));
    }

    void timmFileSizesComeFromTheTensors() {
        models::VisionTransformer vit(smallViT());
        const std::string path = file("timm.safetensors");
        // A timm checkpoint: real names, no metadata, wrapped in "model." by its trainer.
        std::vector<std::pair<std::string, torch::Tensor>> tensors;
        for (const auto& [name, t] : named(*vit))
            tensors.emplace_back("model." + name, t);
        storage::writeSafetensors(path, tensors);
        const Checkpoint c = models::readCheckpoint(path);
        QVERIFY(c.find("cls_token") != nullptr);  // prefix removed
        const models::ViTOptions o = models::vitOptionsFrom(c);
        QCOMPARE(o.toJson(), smallViT().toJson());
        QVERIFY(o.qkvBias);
        models::VisionTransformer back = models::loadViT(c);
        const torch::Tensor x = torch::randn({2, 3, 16, 16});
        QVERIFY(torch::equal(vit->forward(x), back->forward(x)));
    }

    void positionEmbeddingGridIsResized() {
        models::VisionTransformer big(smallViT());  // 16 px / 4 = 4 x 4 grid
        models::ViTOptions o = smallViT();
        o.imageSize = 8;  // 2 x 2 grid
        models::VisionTransformer small(o);
        const std::string path = file("resize.safetensors");
        models::saveModule(*big, path);
        const models::LoadReport r = models::loadWeights(*small, models::readCheckpoint(path));
        QCOMPARE(r.resized, std::vector<std::string>{"pos_embed"});
        const torch::Tensor expected = models::resizePositionEmbedding(big->pos_embed, 2);
        QVERIFY(torch::allclose(small->pos_embed, expected));
        QVERIFY(torch::equal(small->pos_embed[0][0], big->pos_embed[0][0]));  // class token kept
        // A constant grid stays constant through bicubic resizing.
        const torch::Tensor flat = torch::ones({1, 17, 5});
        QVERIFY(torch::allclose(models::resizePositionEmbedding(flat, 3), torch::ones({1, 10, 5})));
    }

    void mismatchesNameTheKey() {
        models::VisionTransformer vit(smallViT());
        auto tensors = named(*vit);
        const std::string base = file("base.safetensors");

        auto withChange =
            [&](const std::function<void(std::vector<std::pair<std::string, torch::Tensor>>&)>&
                    change) {
                auto copy = tensors;
                change(copy);
                storage::writeSafetensors(base, copy);
                return models::readCheckpoint(base);
            };
        const Checkpoint missing = withChange([](auto& t) { t.erase(t.begin() + 3); });
        const QString m = errorOf([&] { models::loadWeights(*vit, missing); });
        QVERIFY2(m.contains("missing 1") && m.contains(QString::fromStdString(tensors[3].first)),
                 qPrintable(m));

        const Checkpoint shape = withChange([](auto& t) { t[5].second = torch::zeros({3, 3}); });
        const QString s = errorOf([&] { models::loadWeights(*vit, shape); });
        QVERIFY2(s.contains(QString::fromStdString("'" + tensors[5].first + "'")) &&
                     s.contains("[3, 3]"),
                 qPrintable(s));

        const Checkpoint integer =
            withChange([](auto& t) { t[0].second = t[0].second.to(torch::kInt32); });
        QVERIFY(errorOf([&] { models::loadWeights(*vit, integer); }).contains("the model expects"));

        const Checkpoint extra =
            withChange([](auto& t) { t.emplace_back("extra.weight", torch::zeros({2})); });
        const models::LoadReport r = models::loadWeights(*vit, extra);
        QCOMPARE(r.unexpected, std::vector<std::string>{"extra.weight"});

        // A 21k-class head can be skipped and the model's own head left as it is.
        const Checkpoint otherHead = withChange([](auto& t) {
            for (auto& [n, v] : t)
                if (n == "head.weight")
                    v = torch::zeros({21843, 128});
                else if (n == "head.bias")
                    v = torch::zeros({21843});
        });
        models::LoadOptions skipHead;
        skipHead.skip = {"head."};
        skipHead.optional = {"head."};
        const models::LoadReport h = models::loadWeights(*vit, otherHead, skipHead);
        QVERIFY(h.unexpected.empty() && h.missing.empty());

        // Half precision converts to the model's float.
        const Checkpoint half = withChange([](auto& t) {
            for (auto& [n, v] : t)
                v = v.to(torch::kHalf);
        });
        QCOMPARE(models::loadWeights(*vit, half).converted.size(), tensors.size());
    }

    void clipFromOpenAINamedSafetensors() {
        models::ClipModel clip(smallClip());
        const std::string path = file("clip.safetensors");
        storage::writeSafetensors(path, named(*clip));
        const Checkpoint c = models::readCheckpoint(path);
        QCOMPARE(models::detectLayout(c), models::WeightsLayout::OpenAIClip);
        QCOMPARE(models::clipOptionsFrom(c).toJson(), smallClip().toJson());
        models::ClipModel back = models::loadClip(c);
        const torch::Tensor images = torch::randn({2, 3, 16, 16});
        QVERIFY(torch::equal(clip->encodeImage(images), back->encodeImage(images)));
        const torch::Tensor tokens =
            torch::tensor({{58, 3, 4, 59, 0, 0, 0, 0, 0, 0, 0, 0}}, torch::kLong);
        QVERIFY(torch::equal(clip->encodeText(tokens), back->encodeText(tokens)));
    }

    void clipFromATorchScriptArchive() {
        // As OpenAI ships ViT-B-16.pt: a TorchScript archive with half-precision weights.
        models::ClipModel clip(smallClip());
        std::vector<std::pair<std::string, torch::Tensor>> half;
        for (const auto& [name, t] : named(*clip))
            half.emplace_back(name, t.to(torch::kHalf));
        const std::string path = file("ViT-tiny.pt");
        saveTorchScript(path, half);
        const Checkpoint c = models::readCheckpoint(path);
        QCOMPARE(c.format, std::string("torchscript"));
        QCOMPARE(c.tensors.size(), half.size());
        models::LoadReport report;
        models::ClipModel back = models::loadClip(c, &report);
        QCOMPARE(report.converted.size(), half.size());
        QCOMPARE(back->named_parameters()["visual.proj"].scalar_type(), torch::kFloat32);
        QVERIFY(torch::equal(back->named_parameters()["visual.proj"],
                             clip->visual->proj.to(torch::kHalf).to(torch::kFloat)));
    }

    void torchScriptOfAnotherLayoutIsRefused() {
        models::VisionTransformer vit(smallViT());
        const std::string path = file("vit.pt");
        saveTorchScript(path, named(*vit));
        QVERIFY(errorOf([&] {
                    models::readCheckpoint(path);
                }).contains("only with OpenAI's CLIP layout"));
    }

    void unreadableFiles() {
        const std::string garbage = file("garbage.bin");
        std::ofstream(garbage) << "this is not a model";
        QVERIFY(errorOf([&] { models::readCheckpoint(garbage); }).contains("unknown file format"));
        const std::string zip = file("fake.pt");
        std::ofstream(zip) << "PK\x03\x04 but not really a zip";
        QVERIFY(errorOf([&] {
                    models::readCheckpoint(zip);
                }).contains("not a readable TorchScript archive"));
        QVERIFY(errorOf([&] {
                    models::readCheckpoint(file("absent.safetensors"));
                }).contains("file not found"));
        // Truncated safetensors: its last tensor runs past the end.
        models::VisionTransformer vit(smallViT());
        const std::string whole = file("whole.safetensors");
        models::saveModule(*vit, whole);
        std::ifstream in(whole, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const std::string cut = file("cut.safetensors");
        std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() - 100);
        QVERIFY(errorOf([&] { models::readCheckpoint(cut); }).contains("past the end"));
    }

private:
    std::string file(const char* name) const {
        return dir_.filePath(QString::fromLatin1(name)).toStdString();
    }
    QTemporaryDir dir_;
};

QTEST_APPLESS_MAIN(TestWeights)
#include "test_weights.moc"
