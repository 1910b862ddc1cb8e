#include <QtTest>

#include <set>

#include <torch/torch.h>

#include "common/error.h"
#include "models/vit.h"

using namespace pf;

namespace {

models::ViTOptions tiny() {
    models::ViTOptions o;
    o.imageSize = 8;
    o.channels = 3;
    o.patchSize = 4;
    o.dim = 16;
    o.depth = 2;
    o.heads = 2;
    o.mlpRatio = 2.0;
    o.numClasses = 5;
    return o;
}

}  // namespace

class TestViT : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::manual_seed(0); }

    void parameterNamesFollowTimm() {
        models::VisionTransformer vit(tiny());
        std::set<std::string> names;
        for (const auto& p : vit->named_parameters())
            names.insert(p.key());
        for (const char* expected :
             {"patch_embed.proj.weight", "patch_embed.proj.bias", "cls_token", "pos_embed",
              "blocks.0.norm1.weight", "blocks.0.attn.qkv.weight", "blocks.0.attn.qkv.bias",
              "blocks.0.attn.proj.weight", "blocks.1.norm2.bias", "blocks.1.mlp.fc1.weight",
              "blocks.1.mlp.fc2.bias", "norm.weight", "norm.bias", "head.weight", "head.bias"})
            QVERIFY2(names.count(expected), expected);
        QCOMPARE(vit->pos_embed.sizes().vec(), (std::vector<std::int64_t>{1, 5, 16}));
        QCOMPARE(vit->named_parameters()["blocks.0.attn.qkv.weight"].sizes().vec(),
                 (std::vector<std::int64_t>{48, 16}));
        QCOMPARE(vit->named_parameters()["blocks.0.mlp.fc1.weight"].sizes().vec(),
                 (std::vector<std::int64_t>{32, 16}));
    }

    void outputShapes() {
        models::VisionTransformer vit(tiny());
        const torch::Tensor x = torch::randn({3, 3, 8, 8});
        QCOMPARE(vit->embed(x).sizes().vec(), (std::vector<std::int64_t>{3, 5, 16}));
        QCOMPARE(vit->forwardFeatures(x).sizes().vec(), (std::vector<std::int64_t>{3, 5, 16}));
        QCOMPARE(vit->features(x).sizes().vec(), (std::vector<std::int64_t>{3, 16}));
        QCOMPARE(vit->forward(x).sizes().vec(), (std::vector<std::int64_t>{3, 5}));
    }

    void attentionMatchesDirectComputation() {
        models::Attention attn(16, 2, true);
        const torch::Tensor x = torch::randn({2, 5, 16});
        const torch::Tensor qkv = torch::linear(x, attn->qkv->weight, attn->qkv->bias);
        torch::Tensor expected = torch::empty({2, 5, 16});
        for (int h = 0; h < 2; ++h) {
            const torch::Tensor q = qkv.narrow(2, h * 8, 8);
            const torch::Tensor k = qkv.narrow(2, 16 + h * 8, 8);
            const torch::Tensor v = qkv.narrow(2, 32 + h * 8, 8);
            const torch::Tensor w =
                torch::softmax(torch::bmm(q, k.transpose(1, 2)) / std::sqrt(8.0), -1);
            expected.narrow(2, h * 8, 8).copy_(torch::bmm(w, v));
        }
        expected = torch::linear(expected, attn->proj->weight, attn->proj->bias);
        QVERIFY(torch::allclose(attn->forward(x), expected, 1e-5, 1e-6));
    }

    void blockIsPreNormResidual() {
        models::ViTOptions o = tiny();
        models::Block block(o);
        const torch::Tensor x = torch::randn({2, 5, 16});
        const torch::Tensor y = x + block->attn->forward(block->norm1(x));
        const torch::Tensor expected = y + block->mlp->forward(block->norm2(y));
        QVERIFY(torch::allclose(block->forward(x), expected, 1e-5, 1e-6));
    }

    void gradientsReachEveryParameter() {
        models::VisionTransformer vit(tiny());
        const torch::Tensor loss = vit->forward(torch::randn({4, 3, 8, 8})).pow(2).mean();
        loss.backward();
        for (const auto& p : vit->named_parameters()) {
            QVERIFY2(p.value().grad().defined(), p.key().c_str());
            if (p.key() != "cls_token")  // its gradient can be tiny but must exist
                QVERIFY2(p.value().grad().abs().sum().item<double>() > 0.0, p.key().c_str());
        }
    }

    void rejectsInconsistentShapes() {
        models::ViTOptions o = tiny();
        o.patchSize = 3;
        QVERIFY_THROWS_EXCEPTION(ConfigError, models::VisionTransformer{o});
        o = tiny();
        o.heads = 3;
        QVERIFY_THROWS_EXCEPTION(ConfigError, models::VisionTransformer{o});
    }
};

QTEST_APPLESS_MAIN(TestViT)
#include "test_vit.moc"
