#include <QtTest>

#include <set>

#include <torch/torch.h>

#include "common/error.h"
#include "fp32_bounds.h"
#include "models/clip.h"

using namespace pf;

namespace {

models::ClipOptions tiny() {
    models::ClipOptions o;
    o.vision = {8, 3, 4, 32, 2, 2, 16};
    o.text = {10, 50, 24, 2, 2, 16};
    return o;
}

// Token rows: SOS=48, EOS=49 (the largest id), ids in between, zero padding.
torch::Tensor rows(const std::vector<std::vector<std::int64_t>>& ids) {
    torch::Tensor t = torch::zeros({static_cast<std::int64_t>(ids.size()), 10}, torch::kLong);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        t[static_cast<std::int64_t>(i)][0] = 48;
        for (std::size_t k = 0; k < ids[i].size(); ++k)
            t[static_cast<std::int64_t>(i)][static_cast<std::int64_t>(k + 1)] = ids[i][k];
        t[static_cast<std::int64_t>(i)][static_cast<std::int64_t>(ids[i].size() + 1)] = 49;
    }
    return t;
}

}  // namespace

class TestClip : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::manual_seed(0); }

    void parameterNamesFollowOpenAI() {
        models::ClipModel clip(tiny());
        std::set<std::string> names;
        for (const auto& p : clip->named_parameters())
            names.insert(p.key());
        for (const char* expected : {"visual.conv1.weight",
                                     "visual.class_embedding",
                                     "visual.positional_embedding",
                                     "visual.ln_pre.weight",
                                     "visual.transformer.resblocks.0.ln_1.weight",
                                     "visual.transformer.resblocks.0.attn.in_proj_weight",
                                     "visual.transformer.resblocks.0.attn.in_proj_bias",
                                     "visual.transformer.resblocks.1.attn.out_proj.weight",
                                     "visual.transformer.resblocks.1.ln_2.bias",
                                     "visual.transformer.resblocks.1.mlp.c_fc.weight",
                                     "visual.transformer.resblocks.1.mlp.c_proj.bias",
                                     "visual.ln_post.weight",
                                     "visual.proj",
                                     "token_embedding.weight",
                                     "positional_embedding",
                                     "transformer.resblocks.0.attn.in_proj_weight",
                                     "transformer.resblocks.1.mlp.c_proj.weight",
                                     "ln_final.weight",
                                     "text_projection",
                                     "logit_scale"})
            QVERIFY2(names.count(expected), expected);
        QVERIFY(!names.count("visual.conv1.bias"));
        QCOMPARE(clip->named_parameters()["visual.positional_embedding"].sizes().vec(),
                 (std::vector<std::int64_t>{5, 32}));
        QCOMPARE(clip->named_parameters()["visual.proj"].sizes().vec(),
                 (std::vector<std::int64_t>{32, 16}));
        QCOMPARE(clip->named_parameters()["text_projection"].sizes().vec(),
                 (std::vector<std::int64_t>{24, 16}));
        QCOMPARE(clip->named_parameters()["transformer.resblocks.0.mlp.c_fc.weight"].sizes().vec(),
                 (std::vector<std::int64_t>{96, 24}));
    }

    void attentionMatchesLibTorchsMultiheadAttention() {
        models::ClipAttention ours(24, 3);
        torch::nn::MultiheadAttention reference(torch::nn::MultiheadAttentionOptions(24, 3));
        {
            torch::NoGradGuard g;
            reference->in_proj_weight.copy_(ours->in_proj_weight);
            reference->in_proj_bias.copy_(torch::randn({72}));
            ours->in_proj_bias.copy_(reference->in_proj_bias);
            reference->out_proj->weight.copy_(ours->out_proj->weight);
            reference->out_proj->bias.copy_(torch::randn({24}));
            ours->out_proj->bias.copy_(reference->out_proj->bias);
        }
        const torch::Tensor x = torch::randn({2, 6, 24});
        const torch::Tensor mask =
            torch::full({6, 6}, -std::numeric_limits<float>::infinity()).triu(1);
        const torch::Tensor seqFirst = x.transpose(0, 1);
        const torch::Tensor expected =
            std::get<0>(reference->forward(seqFirst, seqFirst, seqFirst, {}, false, mask))
                .transpose(0, 1);
        // Other kernels than LibTorch's (the fused attention), so other orders of addition:
        // qkv, scores, softmax, values, output projection - depth 5, at most 24 terms.
        PF_VERIFY_WITHIN(ours->forward(x, mask), expected, test::reorderBound(24, 5), "attention");
    }

    void blockUsesQuickGelu() {
        models::ResidualAttentionBlock block(24, 2);
        const torch::Tensor x = torch::randn({2, 4, 24});
        const torch::Tensor y = x + block->attn->forward(block->ln_1(x));
        const torch::Tensor h = block->mlp->c_fc(block->ln_2(y));
        const torch::Tensor expected = y + block->mlp->c_proj(h * torch::sigmoid(1.702 * h));
        // ln_1, the attention's 5, ln_2, c_fc, c_proj (96 terms): depth 9.
        PF_VERIFY_WITHIN(block->forward(x), expected, test::reorderBound(96, 9), "block");
    }

    void imageFeaturesWithAndWithoutVisualPrompt() {
        models::ClipModel clip(tiny());
        const torch::Tensor images = torch::randn({3, 3, 8, 8});
        QCOMPARE(clip->encodeImage(images).sizes().vec(), (std::vector<std::int64_t>{3, 16}));
        const torch::Tensor prompt = torch::randn({1, 5, 32});
        // Direct: tokens after ln_pre, prompt inserted after the class token, mean of its outputs.
        auto& v = *clip->visual;
        torch::Tensor t = v.conv1(images).flatten(2).transpose(1, 2);
        t = torch::cat({v.class_embedding.view({1, 1, 32}).expand({3, 1, 32}), t}, 1) +
            v.positional_embedding;
        t = v.ln_pre(t);
        t = torch::cat({t.narrow(1, 0, 1), prompt.expand({3, 5, 32}), t.narrow(1, 1, 4)}, 1);
        t = v.transformer(t);
        const torch::Tensor expected = torch::matmul(v.ln_post(t.narrow(1, 1, 5).mean(1)), v.proj);
        // conv1 (48 terms), ln_pre, 2 blocks of 9, the mean of 5, ln_post, proj: depth 23,
        // at most 128 terms (the MLP's hidden width).
        PF_VERIFY_WITHIN(clip->encodeImage(images, prompt), expected, test::reorderBound(128, 23),
                         "prompted image features");
    }

    void textFeatureIsTakenAtTheEndToken() {
        models::ClipModel clip(tiny());
        const torch::Tensor tokens = rows({{5, 6}, {7}});
        const torch::Tensor features = clip->encodeText(tokens);
        QCOMPARE(features.sizes().vec(), (std::vector<std::int64_t>{2, 16}));
        // Causal: changing padding after EOS changes nothing.
        torch::Tensor padded = tokens.clone();
        padded[1][5] = 9;
        padded[1][6] = 9;
        // The text tower: 2 blocks of 9, ln_final, the projection: depth 20, at most 96 terms.
        const double text = test::reorderBound(96, 20);
        PF_VERIFY_WITHIN(clip->encodeText(padded)[1], features[1], text, "padding after EOS");
        // Direct computation of row 0 (EOS at position 3).
        torch::Tensor x =
            clip->token_embedding(tokens.narrow(0, 0, 1)) + clip->positional_embedding;
        const torch::Tensor mask =
            torch::full({10, 10}, -std::numeric_limits<float>::infinity()).triu(1);
        x = clip->ln_final(clip->transformer(x, mask));
        PF_VERIFY_WITHIN(torch::matmul(x[0][3], clip->text_projection), features[0], text,
                         "feature at EOS");
    }

    void contextIsSplicedAfterTheStartToken() {
        models::ClipModel clip(tiny());
        const torch::Tensor tokens = rows({{5, 6}, {7}});
        const torch::Tensor context = torch::randn({2, 3, 24});
        const torch::Tensor features = clip->encodeTextWithContext(tokens, context);
        QCOMPARE(features.sizes().vec(), (std::vector<std::int64_t>{2, 16}));
        // Direct: [SOS, c1, c2, c3, 5, 6, EOS, pad...] with EOS at 3 + 3 = 6.
        const torch::Tensor emb = clip->token_embedding(tokens);
        const torch::Tensor row0 =
            torch::cat({emb[0].narrow(0, 0, 1), context[0], emb[0].narrow(0, 1, 6)}, 0)
                .unsqueeze(0);
        const torch::Tensor mask =
            torch::full({10, 10}, -std::numeric_limits<float>::infinity()).triu(1);
        const torch::Tensor x =
            clip->ln_final(clip->transformer(row0 + clip->positional_embedding, mask));
        // The text tower as above: depth 20, at most 96 terms.
        PF_VERIFY_WITHIN(torch::matmul(x[0][6], clip->text_projection), features[0],
                         test::reorderBound(96, 20), "feature with context");
        // Gradients reach the context through the frozen tower.
        torch::Tensor ctx = context.clone().requires_grad_(true);
        clip->encodeTextWithContext(tokens, ctx).sum().backward();
        QVERIFY(ctx.grad().abs().sum().item<double>() > 0.0);
        // A name whose EOS would be cut off is refused.
        const torch::Tensor longRow = rows({{1, 2, 3, 4, 5, 6}});
        QVERIFY_THROWS_EXCEPTION(c10::Error,
                                 clip->encodeTextWithContext(longRow, torch::randn({1, 3, 24})));
    }

    void logitsAreScaledCosineSimilarities() {
        models::ClipModel clip(tiny());
        const torch::Tensor img = torch::randn({3, 16}), txt = torch::randn({4, 16});
        const torch::Tensor logits = clip->logits(img, txt);
        QCOMPARE(logits.sizes().vec(), (std::vector<std::int64_t>{3, 4}));
        const double cos = torch::cosine_similarity(img[1], txt[2], 0).item<double>();
        QVERIFY(std::abs(logits[1][2].item<double>() - cos / 0.07) < 1e-3);
    }

    void optionsAreValidatedAndSerialised() {
        models::ClipOptions o = tiny();
        QCOMPARE(models::ClipOptions::fromJson(o.toJson()).toJson(), o.toJson());
        o.vision.heads = 5;
        QVERIFY_THROWS_EXCEPTION(ConfigError, o.validate());
        o = tiny();
        o.text.outputDim = 8;
        QVERIFY_THROWS_EXCEPTION(ConfigError, o.validate());
        nlohmann::json j = tiny().toJson();
        j["text"].erase("width");
        try {
            models::ClipOptions::fromJson(j);
            QFAIL("no error");
        } catch (const ConfigError& e) {
            QVERIFY2(QString(e.what()).contains("text.width"), e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestClip)
#include "test_clip.moc"
