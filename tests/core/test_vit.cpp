#include <QtTest>

#include <set>

#include <torch/torch.h>

#include "common/error.h"
#include "fp32_bounds.h"
#include "models/freeze.h"
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
        // The fused kernel adds in other orders: qkv, scores, softmax, values, projection -
        // depth 5, at most 16 terms.
        PF_VERIFY_WITHIN(attn->forward(x), expected, test::reorderBound(16, 5), "attention");
    }

    void blockIsPreNormResidual() {
        models::ViTOptions o = tiny();
        models::Block block(o);
        const torch::Tensor x = torch::randn({2, 5, 16});
        const torch::Tensor y = x + block->attn->forward(block->norm1(x));
        const torch::Tensor expected = y + block->mlp->forward(block->norm2(y));
        // norm1, the attention's 5, norm2, fc1, fc2 (32 terms): depth 9.
        PF_VERIFY_WITHIN(block->forward(x), expected, test::reorderBound(32, 9), "block");
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

    void promptShapes() {
        models::VisionTransformer vit(tiny());
        const torch::Tensor x = torch::randn({3, 3, 8, 8});
        int n = -1;
        models::PromptInputs shallow;
        shallow.shallow = torch::randn({1, 2, 16});
        QCOMPARE(vit->forwardPrompted(x, shallow, &n).sizes().vec(),
                 (std::vector<std::int64_t>{3, 7, 16}));
        QCOMPARE(n, 2);
        QCOMPARE(vit->featuresPrompted(x, shallow, models::Pooling::PromptMean).sizes().vec(),
                 (std::vector<std::int64_t>{3, 16}));
        models::PromptInputs deep;
        deep.deep = {{0, torch::randn({3, 4, 16})}, {1, torch::randn({1, 4, 16})}};
        QCOMPARE(vit->forwardPrompted(x, deep, &n).sizes().vec(),
                 (std::vector<std::int64_t>{3, 9, 16}));
        QCOMPARE(n, 4);
        models::PromptInputs prefix;
        prefix.prefix = {{0, torch::randn({1, 2, 5, 16})}, {1, torch::randn({3, 2, 5, 16})}};
        QCOMPARE(vit->forwardPrompted(x, prefix, &n).sizes().vec(),
                 (std::vector<std::int64_t>{3, 5, 16}));
        QCOMPARE(n, 0);
        QCOMPARE(vit->featuresPrompted(x, prefix, models::Pooling::ClassToken).sizes().vec(),
                 (std::vector<std::int64_t>{3, 16}));
        QVERIFY_THROWS_EXCEPTION(c10::Error,
                                 vit->featuresPrompted(x, prefix, models::Pooling::PromptMean));
        models::PromptInputs wrong;
        wrong.shallow = torch::randn({2, 2, 16});  // batch of 2 for 3 images
        QVERIFY_THROWS_EXCEPTION(c10::Error, vit->forwardPrompted(x, wrong));
        models::PromptInputs outOfRange;
        outOfRange.prefix = {{2, torch::randn({1, 2, 5, 16})}};
        QVERIFY_THROWS_EXCEPTION(c10::Error, vit->forwardPrompted(x, outOfRange));
    }

    void shallowAndDeepPromptsMatchADirectComputation() {
        models::VisionTransformer vit(tiny());
        const torch::Tensor x = torch::randn({2, 3, 8, 8});
        const torch::Tensor p0 = torch::randn({1, 3, 16}), p1 = torch::randn({1, 3, 16});
        // Direct: insert p0 after the class token with the class token's position embedding,
        // block 0, replace the prompt tokens by p1, block 1, norm.
        torch::Tensor t = vit->embed(x);
        const torch::Tensor clsPos = vit->pos_embed.narrow(1, 0, 1);
        t = torch::cat({t.narrow(1, 0, 1), (p0 + clsPos).expand({2, 3, 16}), t.narrow(1, 1, 4)}, 1);
        t = vit->blocks[0]->as<models::BlockImpl>()->forward(t);
        t = torch::cat({t.narrow(1, 0, 1), p1.expand({2, 3, 16}), t.narrow(1, 4, 4)}, 1);
        t = vit->norm(vit->blocks[1]->as<models::BlockImpl>()->forward(t));
        models::PromptInputs prompts;
        prompts.shallow = p0;
        prompts.deep = {{1, p1}};
        // The patch projection (48 terms), 2 blocks of 9, the norm, the mean of 3: depth 21.
        const double bound = test::reorderBound(48, 21);
        PF_VERIFY_WITHIN(vit->forwardPrompted(x, prompts), t, bound, "tokens");
        PF_VERIFY_WITHIN(vit->featuresPrompted(x, prompts, models::Pooling::PromptMean),
                         t.narrow(1, 1, 3).mean(1), bound, "prompt mean");
    }

    void prefixExtendsKeysAndValues() {
        models::Attention attn(16, 2, true);
        const torch::Tensor x = torch::randn({2, 5, 16});
        const torch::Tensor prefix = torch::randn({1, 2, 3, 16});
        const torch::Tensor qkv = torch::linear(x, attn->qkv->weight, attn->qkv->bias);
        torch::Tensor expected = torch::empty({2, 5, 16});
        for (int h = 0; h < 2; ++h) {
            const torch::Tensor q = qkv.narrow(2, h * 8, 8);
            const torch::Tensor k = torch::cat(
                {prefix[0][0].narrow(1, h * 8, 8).expand({2, 3, 8}), qkv.narrow(2, 16 + h * 8, 8)},
                1);
            const torch::Tensor v = torch::cat(
                {prefix[0][1].narrow(1, h * 8, 8).expand({2, 3, 8}), qkv.narrow(2, 32 + h * 8, 8)},
                1);
            const torch::Tensor w =
                torch::softmax(torch::bmm(q, k.transpose(1, 2)) / std::sqrt(8.0), -1);
            expected.narrow(2, h * 8, 8).copy_(torch::bmm(w, v));
        }
        expected = torch::linear(expected, attn->proj->weight, attn->proj->bias);
        // As attentionMatchesDirectComputation: depth 5, at most 16 terms.
        PF_VERIFY_WITHIN(attn->forward(x, prefix), expected, test::reorderBound(16, 5),
                         "prefix attention");
    }

    void frozenWeightsStayWhilePromptsAndHeadLearn() {
        models::VisionTransformer vit(tiny());
        const auto trainable = models::freezeAllExcept(*vit, {"head."});
        QCOMPARE(trainable.size(), std::size_t{2});
        QCOMPARE(models::trainableParameters(*vit).size(), std::size_t{2});
        torch::Tensor prompt = torch::zeros({1, 2, 16}, torch::requires_grad());
        std::vector<torch::Tensor> all = vit->parameters();
        all.push_back(prompt);
        torch::optim::AdamW opt(all, torch::optim::AdamWOptions(0.1).weight_decay(0.1));
        std::map<std::string, torch::Tensor> before;
        for (const auto& p : vit->named_parameters())
            before[p.key()] = p.value().clone();
        models::PromptInputs prompts;
        prompts.shallow = prompt;
        const torch::Tensor features =
            vit->featuresPrompted(torch::randn({4, 3, 8, 8}), prompts, models::Pooling::PromptMean);
        const torch::Tensor loss = vit->head(features).pow(2).mean();
        opt.zero_grad();
        loss.backward();
        opt.step();
        for (const auto& p : vit->named_parameters()) {
            const bool changed = !torch::equal(before[p.key()], p.value());
            QVERIFY2(changed == (p.key().rfind("head.", 0) == 0), p.key().c_str());
        }
        QVERIFY(prompt.abs().sum().item<double>() > 0.0);
    }

    void gradientsReachPromptsOfEveryBlock() {
        models::VisionTransformer vit(tiny());
        models::freezeAllExcept(*vit, {});
        torch::Tensor p0 = torch::randn({1, 2, 16}, torch::requires_grad());
        torch::Tensor p1 = torch::randn({1, 2, 16}, torch::requires_grad());
        torch::Tensor prefix = torch::randn({1, 2, 3, 16}, torch::requires_grad());
        models::PromptInputs prompts;
        prompts.deep = {{0, p0}, {1, p1}};
        prompts.prefix = {{0, prefix}};
        vit->featuresPrompted(torch::randn({2, 3, 8, 8}), prompts, models::Pooling::PromptMean)
            .pow(2)
            .sum()
            .backward();
        for (const torch::Tensor& p : {p0, p1, prefix}) {
            QVERIFY(p.grad().defined());
            QVERIFY(p.grad().abs().sum().item<double>() > 0.0);
        }
        for (const auto& p : vit->parameters())
            QVERIFY(!p.grad().defined());
    }

    void queryIsThePromptFreeClassToken() {
        models::VisionTransformer vit(tiny());
        vit->train();
        const torch::Tensor x = torch::randn({2, 3, 8, 8});
        const torch::Tensor q = vit->query(x);
        QVERIFY(!q.requires_grad());
        QVERIFY(vit->is_training());
        // Without autograd the kernels may take other paths: the patch projection (48 terms),
        // 2 blocks of 9, the norm: depth 20.
        PF_VERIFY_WITHIN(q, vit->features(x), test::reorderBound(48, 20), "query");
    }

    void optionsRoundTripThroughJson() {
        const models::ViTOptions o = tiny();
        const models::ViTOptions back = models::ViTOptions::fromJson(o.toJson());
        QCOMPARE(back.toJson(), o.toJson());
        nlohmann::json bad = o.toJson();
        bad.erase("heads");
        QVERIFY_THROWS_EXCEPTION(ConfigError, models::ViTOptions::fromJson(bad));
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
