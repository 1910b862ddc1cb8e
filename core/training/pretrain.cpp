#include "training/pretrain.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <random>

#include <torch/torch.h>

#include "common/embedded.h"
#include "common/error.h"
#include "common/schedule.h"
#include "common/system_info.h"
#include "data/batch_loader.h"
#include "data/image_dataset.h"
#include "io/safetensors.h"
#include "learners/optim.h"
#include "models/builtin.h"
#include "models/clip.h"
#include "models/vit.h"
#include "models/zero_shot.h"

namespace pf::training {
namespace {

using Clock = std::chrono::steady_clock;

std::string percent(double v) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.2f%%", 100.0 * v);
    return buf;
}

double cosineLr(double peak, std::int64_t step, std::int64_t total) {
    // A short linear warm-up, then cosine decay to zero.
    const std::int64_t warm = std::max<std::int64_t>(1, total / 20);
    if (step < warm) return peak * static_cast<double>(step + 1) / static_cast<double>(warm);
    return cosineDecay(peak, static_cast<double>(step - warm),
                       static_cast<double>(std::max<std::int64_t>(1, total - warm)));
}

data::LoaderOptions loaderOptions(const data::ImageDataset& ds, int batch, bool train, bool augment,
                                  std::uint64_t seed) {
    data::LoaderOptions lo;
    lo.batchSize = batch;
    lo.shuffle = train;
    lo.dropLast = train;
    lo.train = train;
    lo.seed = seed;
    lo.transform.randomCrop = train && augment;
    lo.transform.mean = ds.mean;
    lo.transform.std = ds.std;
    return lo;
}

std::vector<int> identityMap(int n) {
    std::vector<int> m(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        m[static_cast<std::size_t>(i)] = i;
    return m;
}

std::vector<std::int64_t> range(std::int64_t begin, std::int64_t end) {
    std::vector<std::int64_t> v;
    for (std::int64_t i = begin; i < end; ++i)
        v.push_back(i);
    return v;
}

// Features of `indices` of a split, in evaluation mode without gradients.
std::pair<torch::Tensor, torch::Tensor> extract(
    const data::ImageDataset& ds, const data::ImageSplit& split,
    const std::vector<std::int64_t>& indices,
    const std::function<torch::Tensor(const torch::Tensor&)>& encode) {
    data::BatchLoader loader(split, indices, identityMap(ds.info.numClasses),
                             loaderOptions(ds, 512, false, false, 0));
    return data::encodeAll(loader, encode);
}

// A linear classifier on frozen, standardised features: test accuracy.
double linearProbe(const torch::Tensor& trainX, const torch::Tensor& trainY,
                   const torch::Tensor& testX, const torch::Tensor& testY, int classes, int seed) {
    torch::manual_seed(static_cast<std::uint64_t>(seed));
    const torch::Tensor mean = trainX.mean(0), std = trainX.std(0) + 1e-6;
    const torch::Tensor x = (trainX - mean) / std, xt = (testX - mean) / std;
    torch::nn::Linear head(x.size(1), classes);
    torch::optim::AdamW opt(head->parameters(),
                            torch::optim::AdamWOptions(1e-2).weight_decay(1e-4));
    const std::int64_t n = x.size(0), batch = 1024;
    for (int epoch = 0; epoch < 30; ++epoch) {
        const torch::Tensor perm = torch::randperm(n);
        for (std::int64_t i = 0; i < n; i += batch) {
            const torch::Tensor idx = perm.narrow(0, i, std::min(batch, n - i));
            opt.zero_grad();
            torch::cross_entropy_loss(head(x.index_select(0, idx)), trainY.index_select(0, idx))
                .backward();
            opt.step();
        }
    }
    torch::NoGradGuard guard;
    return head(xt).argmax(1).eq(testY).to(torch::kFloat64).mean().item<double>();
}

double zeroShot(models::ClipModel& clip, const models::Tokenizer& tokenizer,
                const data::ImageDataset& ds, const data::ImageSplit& split,
                const std::vector<std::int64_t>& indices) {
    torch::NoGradGuard guard;
    clip->eval();
    const torch::Tensor classes =
        models::zeroShotClassEmbeddings(clip, tokenizer, ds.info.classNames);
    data::BatchLoader loader(split, indices, identityMap(ds.info.numClasses),
                             loaderOptions(ds, 512, false, false, 0));
    return models::zeroShotAccuracy(clip, classes, loader);
}

void emit(const PretrainProgress& progress, const std::string& line) {
    if (progress && !progress(line)) throw Error("pretraining cancelled");
}

}  // namespace

const config::FieldSet<PretrainOptions>& PretrainOptions::fields() {
    using O = PretrainOptions;
    static const auto set =
        config::FieldSet<O>("data")
            .choice("dataset", &O::dataset, data::datasetNames(),
                    "Data set whose pretraining pool is used")
            .text("data_root", &O::dataRoot, "Folder of the data set files (empty: default)")
            .integer("seed", &O::seed, {0, 2147483647}, "Random seed")
            .integer("validation", &O::validation, {0, 100000},
                     "Pool images held out for validation")
            .boolean("augment", &O::augment, "Random crop with padding")
            .real("weight_decay", &O::weightDecay, {0.0, 1.0}, "AdamW weight decay")
            .integer("threads", &O::threads, {0, 1024}, "Compute threads (0: all cores)")
            .group("clip")
            .integer("clip_patch", &O::clipPatch, {1, 64}, "CLIP image tower patch side")
            .integer("clip_width", &O::clipWidth, {8, 1024}, "CLIP image tower width")
            .integer("clip_layers", &O::clipLayers, {1, 24}, "CLIP image tower blocks")
            .integer("clip_heads", &O::clipHeads, {1, 16}, "CLIP image tower heads")
            .integer("clip_text_width", &O::clipTextWidth, {8, 1024}, "CLIP text tower width")
            .integer("clip_text_layers", &O::clipTextLayers, {1, 24}, "CLIP text tower blocks")
            .integer("clip_text_heads", &O::clipTextHeads, {1, 16}, "CLIP text tower heads")
            .integer("clip_context", &O::clipContext, {8, 77}, "CLIP context length")
            .integer("clip_embed", &O::clipEmbed, {8, 1024}, "CLIP joint embedding size")
            .integer("clip_epochs", &O::clipEpochs, {1, 1000}, "CLIP epochs")
            .integer("clip_batch", &O::clipBatch, {2, 4096}, "CLIP batch size")
            .real("clip_lr", &O::clipLr, {0.0, 1.0, true}, "CLIP peak learning rate")
            .group("vit")
            .integer("vit_patch", &O::vitPatch, {1, 64}, "ViT patch side")
            .integer("vit_dim", &O::vitDim, {8, 1024}, "ViT width")
            .integer("vit_depth", &O::vitDepth, {1, 24}, "ViT blocks")
            .integer("vit_heads", &O::vitHeads, {1, 16}, "ViT heads")
            .real("vit_mlp_ratio", &O::vitMlpRatio, {0.25, 8.0}, "ViT MLP ratio")
            .integer("vit_epochs", &O::vitEpochs, {1, 1000}, "ViT epochs")
            .integer("vit_batch", &O::vitBatch, {2, 4096}, "ViT batch size")
            .real("vit_lr", &O::vitLr, {0.0, 1.0, true}, "ViT peak learning rate");
    return set;
}

nlohmann::json PretrainReport::toJson() const {
    return {{"clip_zero_shot_validation", clipZeroShotValidation},
            {"clip_zero_shot_test", clipZeroShotTest},
            {"clip_linear_probe_test", clipLinearProbeTest},
            {"vit_validation", vitValidation},
            {"vit_linear_probe_test", vitLinearProbeTest},
            {"seconds", seconds}};
}

std::vector<std::string> pretrainPresetNames() {
    return embedded::stems("pretrain/", ".json");
}

PretrainOptions pretrainPreset(const std::string& name, const std::vector<std::string>& overrides) {
    const embedded::Lookup found = embedded::find("pretrain/" + name + ".json");
    if (!found.found) {
        std::string known;
        for (const std::string& n : pretrainPresetNames())
            known += (known.empty() ? "" : ", ") + n;
        throw ConfigError("unknown pretraining preset '" + name + "' (built-in: " + known + ")");
    }
    nlohmann::json object = nlohmann::json::parse(found.bytes.begin(), found.bytes.end());
    for (const std::string& assignment : overrides) {
        auto [key, value] = config::parseOverride(assignment);
        object[key] = value;
    }
    const auto& fields = PretrainOptions::fields();
    for (auto it = object.begin(); it != object.end(); ++it)
        if (!fields.has(it.key()) && it.key() != "description")
            throw ConfigError("config key '" + it.key() + "': unknown pretraining key");
    PretrainOptions o;
    fields.read(object, o);
    return o;
}

PretrainReport pretrainBackbones(const PretrainOptions& o, const std::string& outDir,
                                 const PretrainProgress& progress) {
    const auto start = Clock::now();
    applyThreadCount(o.threads);
    const data::ImageDataset ds = data::loadDataset(o.dataset, o.dataRoot);
    const std::int64_t poolStart = ds.pretrainPoolStart();
    const std::int64_t poolEnd = ds.train.size();
    if (o.validation >= ds.info.pretrainPool)
        throw ConfigError("config key 'validation': " + std::to_string(o.validation) +
                          " leaves no pretraining images in a pool of " +
                          std::to_string(ds.info.pretrainPool));
    const std::vector<std::int64_t> trainIdx = range(poolStart, poolEnd - o.validation);
    const std::vector<std::int64_t> valIdx = range(poolEnd - o.validation, poolEnd);
    const std::vector<std::int64_t> probeTrainIdx = range(0, poolStart);
    const std::vector<std::int64_t> testIdx = range(0, ds.test.size());
    const std::vector<int> labels = identityMap(ds.info.numClasses);
    std::error_code ec;
    std::filesystem::create_directories(outDir, ec);
    if (ec) throw Error(outDir + ": cannot create folder (" + ec.message() + ")");

    const auto tokenizer = models::builtinTokenizer();
    PretrainReport report;

    // ---- CLIP: contrastive on (image, caption of its class) pairs ----
    models::ClipOptions co;
    co.vision = {ds.height(),  ds.channels(), o.clipPatch, o.clipWidth,
                 o.clipLayers, o.clipHeads,   o.clipEmbed};
    co.text = {o.clipContext,   tokenizer->vocabularySize(),
               o.clipTextWidth, o.clipTextLayers,
               o.clipTextHeads, o.clipEmbed};
    try {
        co.validate();
    } catch (const ConfigError& e) {
        throw ConfigError(std::string("pretraining preset: ") + e.what());
    }
    torch::manual_seed(static_cast<std::uint64_t>(o.seed));
    models::ClipModel clip(co);
    const torch::Tensor tokens =
        models::captionTokens(*tokenizer, ds.info.classNames, o.clipContext);
    const auto templates = static_cast<std::int64_t>(models::captionTemplates().size());
    {
        torch::optim::AdamW opt(clip->parameters(),
                                torch::optim::AdamWOptions(o.clipLr).weight_decay(o.weightDecay));
        std::mt19937 rng(static_cast<std::mt19937::result_type>(o.seed));
        std::uniform_int_distribution<std::int64_t> pick(0, templates - 1);
        const std::int64_t perEpoch = static_cast<std::int64_t>(trainIdx.size()) / o.clipBatch;
        const std::int64_t total = perEpoch * o.clipEpochs;
        std::int64_t step = 0;
        for (int epoch = 0; epoch < o.clipEpochs; ++epoch) {
            clip->train();
            data::BatchLoader loader(
                ds.train, trainIdx, labels,
                loaderOptions(ds, o.clipBatch, true, o.augment,
                              static_cast<std::uint64_t>(o.seed) * 7919 + epoch));
            double lossSum = 0.0;
            std::int64_t n = 0;
            while (auto b = loader.next()) {
                learners::setLearningRate(opt, cosineLr(o.clipLr, step++, total));
                // Each image gets a caption of its class under a random template; captions are
                // encoded once per distinct (class, template) in the batch.
                std::vector<std::int64_t> rows;
                for (std::int64_t i = 0; i < b->targets.size(0); ++i)
                    rows.push_back(b->targets[i].item<std::int64_t>() * templates + pick(rng));
                const torch::Tensor rowIdx = torch::tensor(rows, torch::kLong);
                const auto [unique, inverse] = torch::_unique(rowIdx, false, true);
                torch::Tensor txt =
                    clip->encodeText(tokens.index_select(0, unique)).index_select(0, inverse);
                torch::Tensor img = clip->encodeImage(b->images);
                img = img / img.norm(2, -1, true);
                txt = txt / txt.norm(2, -1, true);
                const torch::Tensor logits =
                    clip->logit_scale.exp().clamp_max(100.0) * torch::matmul(img, txt.t());
                // Several images share a class: every same-class pair is a positive.
                const torch::Tensor positive = b->targets.unsqueeze(1).eq(b->targets.unsqueeze(0));
                auto multiPositive = [&](const torch::Tensor& l) {
                    const torch::Tensor logp = torch::log_softmax(l, 1);
                    return -torch::logsumexp(logp.masked_fill(positive.logical_not(), -1e9), 1)
                                .mean();
                };
                const torch::Tensor loss =
                    0.5 * (multiPositive(logits) + multiPositive(logits.t()));
                opt.zero_grad();
                loss.backward();
                learners::clipGradients(clip->parameters(), 1.0);
                opt.step();
                lossSum += loss.item<double>();
                ++n;
            }
            const double val =
                o.validation > 0 ? zeroShot(clip, *tokenizer, ds, ds.train, valIdx) : NAN;
            emit(progress, "CLIP epoch " + std::to_string(epoch + 1) + "/" +
                               std::to_string(o.clipEpochs) + ": loss " +
                               std::to_string(lossSum / std::max<std::int64_t>(1, n)) +
                               ", zero-shot validation " + percent(val));
            report.clipZeroShotValidation = val;
        }
    }
    report.clipZeroShotTest = zeroShot(clip, *tokenizer, ds, ds.test, testIdx);
    {
        auto [trX, trY] = extract(ds, ds.train, probeTrainIdx,
                                  [&](const torch::Tensor& x) { return clip->encodeImage(x); });
        auto [teX, teY] = extract(ds, ds.test, testIdx,
                                  [&](const torch::Tensor& x) { return clip->encodeImage(x); });
        report.clipLinearProbeTest = linearProbe(trX, trY, teX, teY, ds.info.numClasses, o.seed);
    }
    emit(progress, "CLIP: zero-shot test " + percent(report.clipZeroShotTest) +
                       ", linear probe test " + percent(report.clipLinearProbeTest));

    // ---- ViT: supervised on the pool's labels; the head is discarded ----
    models::ViTOptions vo;
    vo.imageSize = ds.height();
    vo.channels = ds.channels();
    vo.patchSize = o.vitPatch;
    vo.dim = o.vitDim;
    vo.depth = o.vitDepth;
    vo.heads = o.vitHeads;
    vo.mlpRatio = o.vitMlpRatio;
    vo.numClasses = ds.info.numClasses;
    try {
        vo.validate();
    } catch (const ConfigError& e) {
        throw ConfigError(std::string("pretraining preset: ") + e.what());
    }
    torch::manual_seed(static_cast<std::uint64_t>(o.seed) + 1);
    models::VisionTransformer vit(vo);
    {
        torch::optim::AdamW opt(vit->parameters(),
                                torch::optim::AdamWOptions(o.vitLr).weight_decay(o.weightDecay));
        const std::int64_t total =
            static_cast<std::int64_t>(trainIdx.size()) / o.vitBatch * o.vitEpochs;
        std::int64_t step = 0;
        for (int epoch = 0; epoch < o.vitEpochs; ++epoch) {
            vit->train();
            data::BatchLoader loader(
                ds.train, trainIdx, labels,
                loaderOptions(ds, o.vitBatch, true, o.augment,
                              static_cast<std::uint64_t>(o.seed) * 104729 + epoch));
            double lossSum = 0.0;
            std::int64_t n = 0;
            while (auto b = loader.next()) {
                learners::setLearningRate(opt, cosineLr(o.vitLr, step++, total));
                const torch::Tensor loss =
                    torch::cross_entropy_loss(vit->forward(b->images), b->targets);
                opt.zero_grad();
                loss.backward();
                learners::clipGradients(vit->parameters(), 1.0);
                opt.step();
                lossSum += loss.item<double>();
                ++n;
            }
            double val = NAN;
            if (o.validation > 0) {
                vit->eval();
                auto [logits, y] = extract(ds, ds.train, valIdx,
                                           [&](const torch::Tensor& x) { return vit->forward(x); });
                val = logits.argmax(1).eq(y).to(torch::kFloat64).mean().item<double>();
            }
            report.vitValidation = val;
            emit(progress, "ViT epoch " + std::to_string(epoch + 1) + "/" +
                               std::to_string(o.vitEpochs) + ": loss " +
                               std::to_string(lossSum / std::max<std::int64_t>(1, n)) +
                               ", validation " + percent(val));
        }
    }
    vit->eval();
    {
        auto [trX, trY] = extract(ds, ds.train, probeTrainIdx,
                                  [&](const torch::Tensor& x) { return vit->features(x); });
        auto [teX, teY] =
            extract(ds, ds.test, testIdx, [&](const torch::Tensor& x) { return vit->features(x); });
        report.vitLinearProbeTest = linearProbe(trX, trY, teX, teY, ds.info.numClasses, o.seed);
    }
    emit(progress, "ViT: linear probe test " + percent(report.vitLinearProbeTest));
    report.seconds = std::chrono::duration<double>(Clock::now() - start).count();

    // ---- Write both, with everything needed to rebuild and use them ----
    const nlohmann::json normalisation = {{"mean", ds.mean}, {"std", ds.std}};
    const nlohmann::json provenance = {{"options", PretrainOptions::fields().toJson(o)},
                                       {"report", report.toJson()}};
    models::saveModule(*clip, (std::filesystem::path(outDir) / "tiny_clip.safetensors").string(),
                       {{"pf.clip", co.toJson().dump()},
                        {"pf.tokenizer", models::kBuiltinVocabularyResource},
                        {"pf.normalization", normalisation.dump()},
                        {"pf.pretrain", provenance.dump()}});
    models::ViTOptions headless = vo;
    headless.numClasses = 0;
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& p : vit->named_parameters())
        if (p.key().rfind("head.", 0) != 0) tensors.emplace_back(p.key(), p.value());
    storage::writeSafetensors((std::filesystem::path(outDir) / "tiny_vit.safetensors").string(),
                              tensors,
                              {{"pf.vit", headless.toJson().dump()},
                               {"pf.normalization", normalisation.dump()},
                               {"pf.pretrain", provenance.dump()}});
    return report;
}

}  // namespace pf::training
