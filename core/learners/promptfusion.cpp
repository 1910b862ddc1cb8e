#include "learners/promptfusion.h"

#include <algorithm>
#include <cmath>

#include <torch/torch.h>

#include "common/error.h"
#include "learners/backbones.h"
#include "learners/batch_split.h"
#include "learners/learner_state.h"
#include "learners/optim.h"
#include "learners/rehearsal.h"
#include "learners/step_sync.h"
#include "metrics/flops.h"

namespace pf::learners {

const config::FieldSet<PromptFusionOptions>& PromptFusionOptions::fields() {
    using O = PromptFusionOptions;
    static const auto set =
        config::FieldSet<O>("model")
            .text("clip_weights", &O::clipWeights, "CLIP checkpoint (empty: built-in tiny CLIP)")
            .text("clip_vocab", &O::clipVocab, "CLIP BPE merges file, for real CLIP weights")
            .text("vit_weights", &O::vitWeights, "timm ViT checkpoint (empty: built-in tiny ViT)")
            .group("promptfusion")
            .integer("text_context", &O::textContext, {1, 64},
                     "CoOp context tokens per class (reference: 30)")
            .integer("visual_prompt", &O::visualPrompt, {0, 256},
                     "CLIP visual prompt tokens (reference: 30)")
            .integer("vpt_length", &O::vptLength, {0, 256},
                     "Booster VPT prompt tokens (reference: 30)")
            .real("fusion_weight", &O::fusionWeight, {-1.0, 1.0},
                  "Booster weight of the fusion; -1: learned sigmoid(lambda)")
            .boolean("weight_mask", &O::weightMask,
                     "Class-balancing weight mask from the second task")
            .choice("mask_rate", &O::maskRate, {"reference", "per-class"},
                    "How fast the mask learns: at the pace of the reference's per-position "
                    "weights, or every class weight at the full learning rate")
            .choice("stabilizer_readout", &O::stabilizerReadout, {"prompts", "class-token"},
                    "The Stabilizer's image feature: the mean of the visual prompts' outputs "
                    "(reference) or CLIP's class token")
            .real("stabilizer_logit_scale", &O::stabilizerLogitScale, {0.0, 1000.0},
                  "The Stabilizer's logit scale; 0: the CLIP model's own")
            .choice("memory_selection", &O::memorySelection, {"herding", "random"},
                    "How exemplars are chosen")
            .group("lite")
            .integer("gate_hidden", &O::gateHidden, {1, 4096}, "Lite: gate MLP width")
            .real("gate_temperature", &O::gateTemperature, {0.0, 100.0, true},
                  "Lite: Gumbel-softmax temperature")
            .real("gate_target", &O::gateTarget, {0.0, 1.0}, "Lite: Booster usage aimed at (gamma)")
            .real("gate_activation_weight", &O::gateActivationWeight, {0.0, 100.0},
                  "Lite: usage loss weight")
            .real("gate_distill_weight", &O::gateDistillWeight, {0.0, 100.0},
                  "Lite: gate distillation weight");
    return set;
}

void PromptFusionOptions::validate(const data::DatasetInfo&) const {
    if (fusionWeight != -1.0 && (fusionWeight < 0.0 || fusionWeight > 1.0))
        throw ConfigError("config key 'fusion_weight': -1 (learned) or a weight in [0, 1]");
    if (!clipWeights.empty() && clipVocab.empty())
        throw ConfigError("config key 'clip_vocab': CLIP weights need CLIP's BPE merges file");
}

PromptFusionLearner::PromptFusionLearner(const LearnerContext& context,
                                         const PromptFusionOptions& options, Mode mode)
    : context_(context)
    , options_(options)
    , mode_(mode)
    , memory_(context.experiment.memorySize,
              data::RehearsalMemory::parseSelection(options.memorySelection),
              static_cast<std::uint64_t>(context.experiment.seed)) {
    // Lite's gate draws Gumbel noise: from several threads at once, the draws would depend on
    // timing, so Lite trains with the operations split ("auto"), and refuses "batch" (as the
    // config does; this is the learner's guard).
    if (mode_ != Mode::Lite)
        split_ = BatchSplit::forExperiment(context_.experiment, context_.device);
    else if (context_.experiment.system.parallel == "batch")
        throw ConfigError("config key 'parallel': 'batch' is not available for promptfusion-lite");
    if (static_cast<int>(context_.classNames.size()) != context_.totalClasses)
        throw Error("PromptFusion needs the names of all " + std::to_string(context_.totalClasses) +
                    " classes");
    if (usesStabilizer()) buildStabilizer();
    if (usesBooster()) buildBooster();
    if (mode_ == Mode::Full && options_.fusionWeight < 0.0)
        lambda_ =
            torch::ones({}, torch::TensorOptions().device(context_.device)).requires_grad_(true);
    if (mode_ == Mode::Lite) buildGate();
}

std::vector<torch::Tensor> PromptFusionLearner::trainableTensors() const {
    std::vector<torch::Tensor> out;
    if (usesStabilizer()) {
        if (visualPrompt_.defined()) out.push_back(visualPrompt_);
        // Not once frozen (a later domain): no optimizer steps it, nor counts it as trained.
        if (contextsTraining()) out.push_back(contexts_.back());
    }
    if (usesBooster()) {
        if (vptPrompt_.defined()) out.push_back(vptPrompt_);
        for (const auto& p : head_->parameters())
            out.push_back(p);
    }
    if (lambda_.defined()) out.push_back(lambda_);
    if (alpha_.defined()) {
        out.push_back(alpha_);
        out.push_back(beta_);
    }
    if (gate_)
        for (const auto& p : gate_->parameters())
            out.push_back(p);
    return out;
}

void PromptFusionLearner::beginTask(const TaskInfo& task) {
    task_ = task;
    const auto opts = torch::TensorOptions().device(context_.device);
    // Domain-il (our adaptation; the paper gives no recipe): the classes are learned once, in
    // the first domain, and their contexts stay frozen after it - the Stabilizer's text side is
    // all stability, later domains are learned by the visual prompt, the Booster and lambda.
    if (usesStabilizer() && (!task.domainIncremental || task.index == 0)) {
        const int width = clip_->options().text.width;
        contexts_.push_back((torch::randn({task.classes, options_.textContext, width}, opts) * 0.01)
                                .requires_grad_(true));
    }
    // Every task's mask starts where the reference's does: this task's classes at alpha = 1
    // (sigmoid 0.73), the old classes at beta = 1. Alpha's older entries are kept but no weight
    // reads them (old classes are weighted through beta), so nothing learned carries over.
    beta_ = torch::Tensor();
    if (task.index > 0 && options_.weightMask && !task.domainIncremental) {
        const auto known = alpha_.defined() ? alpha_.size(0) : 0;
        const torch::Tensor fresh = torch::ones({task.seenClasses - known}, opts);
        alpha_ = (known > 0 ? torch::cat({alpha_.detach(), fresh}) : fresh).requires_grad_(true);
        beta_ = torch::ones({task.seenClasses}, opts).requires_grad_(true);
    }
    // A new optimizer per task, over what this task trains; alpha and beta in groups of their
    // own (1 and 2), whose learning rates the mask's pace sets (applyLearningRates).
    std::vector<torch::Tensor> rest;
    for (const torch::Tensor& t : trainableTensors())
        if (!(alpha_.defined() && (t.is_same(alpha_) || t.is_same(beta_)))) rest.push_back(t);
    optimizer_ = makeOptimizer(rest, context_.experiment.training);
    classCounts_ = torch::Tensor();
    if (alpha_.defined()) {
        optimizer_->add_param_group(torch::optim::OptimizerParamGroup({alpha_}));
        optimizer_->add_param_group(torch::optim::OptimizerParamGroup({beta_}));
        classCounts_ = torch::zeros({task.seenClasses}, torch::kFloat64);
    }
    learningRate_ = context_.experiment.training.lr;
    applyLearningRates();
}

std::vector<std::int64_t> PromptFusionLearner::trainingIndices(const data::TaskSequence& sequence,
                                                               int task) const {
    return withMemory(sequence.task(task).train, memory_);
}

torch::Tensor PromptFusionLearner::lossOn(const data::Batch& batch, StepResult* result,
                                          const torch::Tensor& currentText) {
    torch::Tensor logits;
    torch::Tensor extraLoss;
    switch (mode_) {
        case Mode::StabilizerOnly:
            logits = stabilizerLogits(batch.images, true, currentText);
            break;
        case Mode::BoosterOnly:
            logits = boosterLogits(batch.images);
            break;
        case Mode::Full:
            logits = fusedLogits(batch.images, currentText, result);
            break;
        case Mode::Lite:
            logits = gatedLogits(batch.images, result, extraLoss);
            break;
    }
    torch::Tensor loss = alpha_.defined()
                             ? maskedLoss(logits, batch.targets,
                                          maskWeights(alpha_, beta_, task_.firstClass, task_.index))
                             : torch::cross_entropy_loss(logits, batch.targets);
    if (extraLoss.defined()) loss = loss + extraLoss;
    return loss;
}

PromptFusionLearner::~PromptFusionLearner() = default;

StepResult PromptFusionLearner::trainStep(const data::Batch& batch) {
    StepResult result;
    if (classCounts_.defined()) {
        // The mask's pace follows each class's share of the samples seen so far this task.
        torch::Tensor counts = torch::bincount(batch.targets.to(torch::kCPU), {}, task_.seenClasses)
                                   .to(torch::kFloat64);
        // Data-parallel: the global batch's counts, so every rank sets the same pace.
        if (StepSync* sync = stepSync()) counts = sync->sumCounts(counts);
        classCounts_ += counts;
        applyLearningRates();
    }
    trainBatch(batch, result);
    if (alpha_.defined()) {
        // The mask's trajectory, step by step (its weights after the step).
        torch::NoGradGuard guard;
        const torch::Tensor w = maskWeights(alpha_, beta_, task_.firstClass, task_.index);
        result.scalars.emplace_back(
            "mask_new_weight", w.narrow(0, task_.firstClass, task_.classes).mean().item<double>());
        result.scalars.emplace_back("mask_old_weight",
                                    w.narrow(0, 0, task_.firstClass).mean().item<double>());
    }
    return result;
}

void PromptFusionLearner::trainBatch(const data::Batch& batch, StepResult& result) {
    if (split_) {
        const BatchSplit::Alone alone;
        if (mode_ == Mode::Full) result.scalars.emplace_back("fusion_weight", fusionWeight());
        const std::vector<torch::Tensor> params = trainableTensors();
        // The text tower runs once a step, for all parts: the task's class texts are the same.
        std::function<std::vector<torch::Tensor>()> shared;
        if (usesStabilizer() && contextsTraining())
            shared = [this] { return std::vector<torch::Tensor>{currentTextFeatures()}; };
        const double loss = split_->backward(
            batch,
            [this](BatchSplit::Part& part) {
                return lossOn(part.batch, nullptr,
                              part.shared.empty() ? torch::Tensor() : part.shared[0]);
            },
            params, result, shared);
        applyGradients(loss, *optimizer_, params, context_.experiment.training.gradClip, result);
        return;
    }
    const torch::Tensor loss = lossOn(batch, &result);
    optimize(loss, *optimizer_, trainableTensors(), context_.experiment.training.gradClip, result);
}

CostModel PromptFusionLearner::costModel(int batchSize) const {
    CostModel c;
    const int seen = std::max(task_.seenClasses, 1);
    c.model = {{"classes", context_.totalClasses}, {"seen_classes", task_.seenClasses}};
    if (usesStabilizer()) {
        const models::ClipOptions& o = clip_->options();
        const models::ClipVisionOptions& v = o.vision;
        metrics::TransformerShape image;
        image.tokens = (v.imageSize / v.patchSize) * (v.imageSize / v.patchSize) + 1 +
                       (visualPrompt_.defined() ? visualPrompt_.size(1) : 0);
        image.dim = v.width;
        image.hidden = 4LL * v.width;
        image.depth = v.layers;
        const double embed =
            metrics::patchEmbedFlops(v.imageSize, v.patchSize, v.channels, v.width);
        const double project = metrics::linearFlops(v.width, v.outputDim);
        const double logits = metrics::linearFlops(v.outputDim, seen);
        const double forward = embed + metrics::transformerForwardFlops(image) + project + logits;
        c.evalFlops += forward;
        // The visual prompt trains: gradients flow back through every block (inputs only).
        c.trainFlops += forward + metrics::transformerBackwardFlops(image, false) + 2.0 * project +
                        2.0 * logits;
        if (contextsTraining() && batchSize > 0) {
            // The current task's class texts, once per step, forward and backward (contexts).
            const models::ClipTextOptions& t = o.text;
            metrics::TransformerShape text;
            text.tokens = t.contextLength;
            text.dim = t.width;
            text.hidden = 4LL * t.width;
            text.depth = t.layers;
            const double perText = metrics::transformerForwardFlops(text) +
                                   metrics::transformerBackwardFlops(text, false) +
                                   2.0 * metrics::linearFlops(t.width, t.outputDim);
            c.trainFlops += perText * task_.classes / batchSize;
        }
        c.model["clip"] = o.toJson();
        c.model["visual_prompt"] = options_.visualPrompt;
        c.model["text_context"] = options_.textContext;
    }
    if (usesBooster()) {
        const models::ViTOptions& o = vit_->options();
        metrics::TransformerShape s = transformerShape(o);
        s.tokens += vptPrompt_.defined() ? vptPrompt_.size(1) : 0;
        const double embed = metrics::patchEmbedFlops(o.imageSize, o.patchSize, o.channels, o.dim);
        const double head = metrics::linearFlops(o.dim, seen);
        const double forward = embed + metrics::transformerForwardFlops(s) + head;
        c.evalFlops += forward;
        c.trainFlops += forward + metrics::transformerBackwardFlops(s, false) + 2.0 * head;
        c.model["vit"] = o.toJson();
        c.model["vpt_length"] = options_.vptLength;
    }
    return c;
}

void PromptFusionLearner::endTask(const TaskInfo& task, const TaskData& data) {
    torch::NoGradGuard guard;
    if (usesStabilizer() && contextsTraining()) {
        contexts_.back().set_requires_grad(false);
        const torch::Tensor now = currentTextFeatures();
        cachedText_ = cachedText_.defined() ? torch::cat({cachedText_, now}) : now;
    }
    if (gate_) {
        gateFrozen_ = std::dynamic_pointer_cast<torch::nn::SequentialImpl>(gate_->clone());
        for (auto& p : gateFrozen_->parameters())
            p.set_requires_grad(false);
    }
    // Herding on frozen features of the task's own data: CLIP's image tower without the prompt
    // (the Booster's query feature when there is no Stabilizer).
    addTaskToMemory(memory_, task, data, [this](const torch::Tensor& x) {
        const torch::Tensor images = x.to(context_.device);
        return usesStabilizer() ? clip_->encodeImage(images) : vit_->query(images);
    });
}

std::vector<Prediction> PromptFusionLearner::predictWithParts(const torch::Tensor& images) {
    if (!split_) return predictPartsOf(images);
    // parallel = "batch": the images in parts, one per thread, each predicted alone.
    const BatchSplit::Alone alone;
    const std::vector<std::vector<Prediction>> parts =
        split_->map(images.size(0), [&](std::int64_t begin, std::int64_t end) {
            return predictPartsOf(images.narrow(0, begin, end - begin));
        });
    std::vector<Prediction> out = parts[0];
    for (std::size_t i = 0; i < out.size(); ++i) {
        std::vector<torch::Tensor> logits;
        for (const std::vector<Prediction>& p : parts)
            logits.push_back(p[i].logits);
        out[i].logits = torch::cat(logits);
    }
    return out;
}

std::vector<Prediction> PromptFusionLearner::predictPartsOf(const torch::Tensor& images) {
    torch::NoGradGuard guard;
    switch (mode_) {
        case Mode::StabilizerOnly:
            return {{"stabilizer", stabilizerLogits(images, false)}};
        case Mode::BoosterOnly:
            return {{"booster", boosterLogits(images)}};
        case Mode::Full:
            return fusedPrediction(images);
        case Mode::Lite:
            return gatedPrediction(images);
    }
    return {};
}

torch::Tensor PromptFusionLearner::predict(const torch::Tensor& images) {
    return predictWithParts(images).front().logits;
}

void PromptFusionLearner::beginEvaluation() {
    gatedImages_ = evaluatedImages_ = 0;
}

std::vector<NamedScalar> PromptFusionLearner::endEvaluation() {
    if (mode_ != Mode::Lite || evaluatedImages_ == 0) return {};
    return {{"booster_usage",
             static_cast<double>(gatedImages_) / static_cast<double>(evaluatedImages_)}};
}

std::vector<NamedScalar> PromptFusionLearner::taskScalars() const {
    std::vector<NamedScalar> out;
    if (mode_ == Mode::Full) out.emplace_back("fusion_weight", fusionWeight());
    if (alpha_.defined()) {
        torch::NoGradGuard guard;
        const torch::Tensor w = maskWeights(alpha_, beta_, task_.firstClass, task_.index);
        out.emplace_back("mask_old_weight", w.narrow(0, 0, task_.firstClass).mean().item<double>());
        out.emplace_back("mask_new_weight",
                         w.narrow(0, task_.firstClass, task_.classes).mean().item<double>());
    }
    if (memory_.capacity() > 0)
        out.emplace_back("memory_used", static_cast<double>(memory_.size()));
    return out;
}

void PromptFusionLearner::setLearningRate(double lr) {
    learningRate_ = lr;
    applyLearningRates();
}

int PromptFusionLearner::stepParts() const {
    return split_ ? split_->parts() : 1;
}

std::int64_t PromptFusionLearner::trainableParameters() const {
    return countParameters(trainableTensors());
}

std::int64_t PromptFusionLearner::totalParameters() const {
    // The backbones (frozen or not) plus everything learned beside them; frozen prompts and
    // contexts of earlier tasks count too.
    std::int64_t n = 0;
    if (clip_) n += countParameters(clip_->parameters());
    if (vit_) n += countParameters(vit_->parameters());
    if (head_) n += countParameters(head_->parameters());
    for (const torch::Tensor& c : contexts_)
        if (!c.requires_grad()) n += c.numel();
    // One vector: begin() and end() of two parameters() calls belong to two temporaries (an
    // overflow AddressSanitizer found).
    const std::vector<torch::Tensor> headParameters =
        head_ ? head_->parameters() : std::vector<torch::Tensor>();
    for (const torch::Tensor& t : trainableTensors())
        if (std::none_of(headParameters.begin(), headParameters.end(),
                         [&](const torch::Tensor& p) { return p.is_same(t); }))
            n += t.numel();
    return n;
}

void PromptFusionLearner::saveState(LearnerState& state) const {
    if (usesStabilizer()) {
        state.put("stabilizer.visual_prompt", visualPrompt_);
        state.putList("stabilizer.contexts", contexts_);
        state.put("stabilizer.text_cache", cachedText_);
    }
    if (usesBooster()) {
        state.put("booster.vpt", vptPrompt_);
        state.putModule("booster.head", *head_);
    }
    state.put("fusion.lambda", lambda_);
    state.put("mask.alpha", alpha_);
    state.put("mask.beta", beta_);
    if (gate_) state.putModule("gate", *gate_);
    if (gateFrozen_) state.putModule("gate_frozen", *gateFrozen_);
    state.putMemory("memory", memory_);
}

void PromptFusionLearner::loadState(const LearnerState& state, const TaskInfo& lastTask) {
    const torch::Device device = context_.device;
    // Classes whose contexts have been learned: every class in domain-il, where they are
    // learned once, in the first domain.
    const std::int64_t seen = lastTask.seenClasses;
    if (usesStabilizer()) {
        if (visualPrompt_.defined())
            visualPrompt_ = state.getLike("stabilizer.visual_prompt", visualPrompt_);
        std::vector<torch::Tensor> contexts =
            state.getList("stabilizer.contexts", torch::kFloat, device);
        const std::int64_t width = clip_->options().text.width;
        std::int64_t classes = 0;
        for (std::size_t i = 0; i < contexts.size(); ++i) {
            const std::string name = "stabilizer.contexts." + std::to_string(i);
            LearnerState::requireShape(
                name, contexts[i],
                {contexts[i].dim() == 3 ? contexts[i].size(0) : -1, options_.textContext, width});
            classes += contexts[i].size(0);
        }
        if (classes != seen)
            throw CheckpointError("checkpoint's text contexts cover " + std::to_string(classes) +
                                  " classes, " + std::to_string(seen) + " were learned by task " +
                                  std::to_string(lastTask.index + 1));
        contexts_ = std::move(contexts);
        cachedText_ = state.get("stabilizer.text_cache", torch::kFloat, device);
        LearnerState::requireShape("stabilizer.text_cache", cachedText_,
                                   {seen, clip_->options().text.outputDim});
    }
    if (usesBooster()) {
        if (vptPrompt_.defined()) vptPrompt_ = state.getLike("booster.vpt", vptPrompt_);
        state.loadModule("booster.head", *head_);
    }
    if (lambda_.defined()) lambda_ = state.getLike("fusion.lambda", lambda_);
    alpha_ = beta_ = torch::Tensor();
    if (state.has("mask.alpha")) {
        alpha_ = state.get("mask.alpha", torch::kFloat, device);
        beta_ = state.get("mask.beta", torch::kFloat, device);
        LearnerState::requireShape("mask.alpha", alpha_, {seen});
        LearnerState::requireShape("mask.beta", beta_, {seen});
    }
    if (gate_) {
        state.loadModule("gate", *gate_);
        gateFrozen_ = nullptr;
        if (state.has("gate_frozen.0.weight")) {
            gateFrozen_ = std::dynamic_pointer_cast<torch::nn::SequentialImpl>(gate_->clone());
            state.loadModule("gate_frozen", *gateFrozen_);
            for (auto& p : gateFrozen_->parameters())
                p.set_requires_grad(false);
        }
    }
    state.loadMemory("memory", memory_);
    task_ = lastTask;
}

}  // namespace pf::learners
