#pragma once

#include <memory>
#include <string>
#include <vector>

#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>
#include <torch/optim/optimizer.h>

#include "data/catalog.h"
#include "data/rehearsal_memory.h"
#include "learners/cost_model.h"
#include "learners/learner.h"
#include "models/clip.h"
#include "models/tokenizer.h"
#include "models/vit.h"

/// PromptFusion (Chen et al., ECCV 2024) and its variants, as ../shared/method/promptfusion.md
/// states the authors' reference code:
/// - Stabilizer: frozen CLIP; class-specific CoOp contexts per task (frozen when the task ends,
///   their text features then cached); one shared visual prompt that keeps training.
/// - Booster: frozen ViT; shallow VPT prompt (prompt-mean feature) and a head over all classes.
/// - Fusion: (1 - sigmoid(lambda)) * stabilizer + sigmoid(lambda) * booster, lambda learned.
/// - Weight mask (from the second task): log-probabilities weighted per class, sigmoid(alpha)
///   for the new classes, theta / sigmoid(beta) for old ones, theta = task / 2. Deviation from
///   the reference: alpha and beta hold one weight per class, not one per (batch position, class).
/// - Rehearsal memory: herding on the frozen CLIP image features.
/// PromptFusion-Lite replaces the fusion by a Gumbel gate that decides per image whether the
/// Booster runs at all.
namespace pf::learners {

class BatchSplit;

struct PromptFusionOptions {
    std::string clipWeights;     ///< clip_weights: CLIP checkpoint; "" = built-in tiny CLIP
    std::string clipVocab;       ///< clip_vocab: BPE merges for real CLIP weights
    std::string vitWeights;      ///< vit_weights: timm ViT checkpoint; "" = built-in tiny ViT
    int textContext = 4;         ///< text_context: CoOp context tokens M per class (ref. 30)
    int visualPrompt = 4;        ///< visual_prompt: CLIP visual prompt tokens (ref. 30/40)
    int vptLength = 4;           ///< vpt_length: Booster VPT tokens (ref. 30/20)
    double fusionWeight = -1.0;  ///< fusion_weight: -1 = learned sigmoid(lambda); else fixed
    bool weightMask = true;      ///< weight_mask: the class-balancing mask from task 2 on
    /// mask_rate: "reference" (alpha and beta learn at the rate the reference's per-position
    /// entries do, see maskRateFactor) or "per-class" (at the full learning rate).
    std::string maskRate = "reference";
    /// stabilizer_readout: "prompts" (the reference: the mean of the visual prompts' outputs)
    /// or "class-token" (CLIP's own readout, the prompts still in the sequence).
    std::string stabilizerReadout = "prompts";
    /// stabilizer_logit_scale: the Stabilizer's logit scale; 0 = the CLIP model's own.
    double stabilizerLogitScale = 0.0;
    std::string memorySelection = "herding";  ///< memory_selection: herding or random
    int gateHidden = 100;                     ///< gate_hidden: Lite gate MLP width
    double gateTemperature = 3.0;             ///< gate_temperature: Gumbel-softmax temperature
    double gateTarget = 0.4;                  ///< gate_target: gamma, the Booster usage aimed at
    double gateActivationWeight = 0.3;        ///< gate_activation_weight: Lambda of the usage loss
    double gateDistillWeight = 0.1;  ///< gate_distill_weight: Delta of the gate distillation

    static const config::FieldSet<PromptFusionOptions>& fields();
    /// Cross-key checks; none depend on the data set yet.
    void validate(const data::DatasetInfo& dataset) const;
};

class PromptFusionLearner : public Learner, public CostModelled {
public:
    enum class Mode {
        Full,            ///< promptfusion
        Lite,            ///< promptfusion-lite
        StabilizerOnly,  ///< stabilizer: the CLIP side alone (memory kept)
        BoosterOnly,     ///< booster: the ViT side alone (memory kept)
    };

    PromptFusionLearner(const LearnerContext& context, const PromptFusionOptions& options,
                        Mode mode);
    ~PromptFusionLearner() override;

    void beginTask(const TaskInfo& task) override;
    std::vector<std::int64_t> trainingIndices(const data::TaskSequence& sequence,
                                              int task) const override;
    StepResult trainStep(const data::Batch& batch) override;
    void endTask(const TaskInfo& task, const TaskData& data) override;
    torch::Tensor predict(const torch::Tensor& images) override;
    std::vector<Prediction> predictWithParts(const torch::Tensor& images) override;
    void beginEvaluation() override;
    std::vector<NamedScalar> endEvaluation() override;
    std::vector<NamedScalar> taskScalars() const override;
    void setLearningRate(double lr) override;
    int stepParts() const override;
    std::int64_t trainableParameters() const override;
    std::int64_t totalParameters() const override;
    CostModel costModel(int batchSize) const override;
    /// Prompts, contexts and the text cache, the head, lambda, the mask, the gate and its frozen
    /// copy, and the memory (the CLIP and ViT backbones stay frozen).
    void saveState(LearnerState& state) const override;
    void loadState(const LearnerState& state, const TaskInfo& lastTask) override;

    /// sigmoid(lambda), or the fixed fusion weight.
    double fusionWeight() const;
    /// The exemplars kept so far.
    const data::RehearsalMemory& memory() const { return memory_; }

    // Exposed for tests: the building blocks of a step.
    /// Stabilizer logits [B, seen]; `current` = encode the current task's context afresh
    /// (training) instead of reading every class from the cache - or take `currentText`, those
    /// features computed already.
    torch::Tensor stabilizerLogits(const torch::Tensor& images, bool current,
                                   const torch::Tensor& currentText = {});
    torch::Tensor boosterLogits(const torch::Tensor& images);
    /// Stabilizer logits against given text features [classes, D].
    torch::Tensor stabilizerLogitsWith(const torch::Tensor& images, const torch::Tensor& text);
    /// Text features of every class seen so far, all computed now from their contexts (what the
    /// cache saves; tests compare the two).
    torch::Tensor recomputedTextFeatures();

private:
    bool usesStabilizer() const { return mode_ != Mode::BoosterOnly; }
    // Each part of the method lives in a file of its own: promptfusion_stabilizer.cpp,
    // promptfusion_booster.cpp, promptfusion_fusion.cpp (fusion and mask) and
    // promptfusion_lite.cpp (the gate); promptfusion.cpp runs the steps and tasks.
    void buildStabilizer();
    void buildBooster();
    void buildGate();
    /// Full: the fused training logits (the fusion weight to `result` when given).
    torch::Tensor fusedLogits(const torch::Tensor& images, const torch::Tensor& currentText,
                              StepResult* result);
    std::vector<Prediction> fusedPrediction(const torch::Tensor& images);
    /// Lite: the gated training logits; the gate's usage and distillation losses go to
    /// `extraLoss`, its rate to `result` when given.
    torch::Tensor gatedLogits(const torch::Tensor& images, StepResult* result,
                              torch::Tensor& extraLoss);
    /// Lite at test time: the Booster runs only on the images the gate picks (counted).
    std::vector<Prediction> gatedPrediction(const torch::Tensor& images);
    bool usesBooster() const { return mode_ != Mode::StabilizerOnly; }
    torch::Tensor stabilizerImageFeatures(const torch::Tensor& images);
    /// Logits of image against text features at the Stabilizer's logit scale.
    torch::Tensor stabilizerScores(const torch::Tensor& imageFeatures,
                                   const torch::Tensor& textFeatures);
    /// The schedule's learning rate to every group, the mask's with its pace (mask_rate).
    void applyLearningRates();
    torch::Tensor gateLogits(const torch::Tensor& imageFeatures, bool frozenCopy);
    torch::Tensor currentTextFeatures();
    /// Text features the current task trains against: the cache plus the current contexts'
    /// (`current`, when computed already).
    torch::Tensor trainingTextFeatures(const torch::Tensor& current = {});
    /// True while the newest contexts are being trained (not yet frozen and cached).
    bool contextsTraining() const;
    std::vector<torch::Tensor> trainableTensors() const;
    /// The training loss of `batch` (scalars such as the fusion weight go to `result` when
    /// given; `currentText`: the current contexts' text features, when computed already for
    /// the whole step); changes no state, so that the parts of a split batch can run it at once.
    torch::Tensor lossOn(const data::Batch& batch, StepResult* result,
                         const torch::Tensor& currentText = {});
    /// The step's forward, backward and update, on parts of the batch or whole.
    void trainBatch(const data::Batch& batch, StepResult& result);
    /// predictWithParts on this thread (Lite's counts aside, it changes no state either).
    std::vector<Prediction> predictPartsOf(const torch::Tensor& images);

    LearnerContext context_;
    PromptFusionOptions options_;
    Mode mode_;
    TaskInfo task_;

    // Stabilizer.
    models::ClipModel clip_{nullptr};
    std::unique_ptr<models::Tokenizer> tokenizer_;
    torch::Tensor classTokens_;            // [totalClasses, context]: "[SOS] name. [EOS]"
    std::vector<torch::Tensor> contexts_;  // per task [classes, M, width]
    torch::Tensor visualPrompt_;           // [1, L_img, vision width]
    torch::Tensor cachedText_;             // [classes of finished tasks, D]

    // Booster.
    models::VisionTransformer vit_{nullptr};
    torch::Tensor vptPrompt_;          // [1, L_vpt, dim]
    torch::nn::Linear head_{nullptr};  // dim -> totalClasses

    // Fusion and mask.
    torch::Tensor lambda_;        // scalar
    torch::Tensor alpha_, beta_;  // [seen classes], this task's
    torch::Tensor classCounts_;   // [seen classes]: training samples of each class this task
    double learningRate_ = 0.0;   // the schedule's, before the mask's factors

    // Lite gate and its frozen copy from the previous task.
    torch::nn::Sequential gate_{nullptr};
    torch::nn::Sequential gateFrozen_{nullptr};
    std::int64_t gatedImages_ = 0, evaluatedImages_ = 0;

    data::RehearsalMemory memory_;
    std::unique_ptr<torch::optim::Optimizer> optimizer_;
    std::unique_ptr<BatchSplit> split_;  // parallel = "batch" (or "auto")
};

/// The weight mask of the loss: per class, sigmoid(alpha) for the new classes (labels >= firstNew)
/// and theta / sigmoid(beta) for old ones, theta = taskIndex / 2. Returns [seen].
torch::Tensor maskWeights(const torch::Tensor& alpha, const torch::Tensor& beta, int firstNew,
                          int taskIndex);

/// How much slower than the rest the mask learns under `mask_rate = reference`: the square
/// root of the mean share of the training samples that `classes` have. The reference's alpha
/// and beta are [batch size, classes]: an entry has a gradient only in the steps whose sample
/// at its position holds its class (a share p of them), and under Adam a weight whose gradient
/// keeps its sign and comes in a share p of steps moves sqrt(p) as far as one with a gradient
/// every step (docs/results.md, measured). Ours are one weight per class; this factor on their
/// learning rate gives them the reference's pace. `shares` [seen]: each class's share.
double maskRateFactor(const torch::Tensor& shares, int firstClass, int classes);

/// The masked loss: NLL of log_softmax(logits) multiplied by `weights` per class.
torch::Tensor maskedLoss(const torch::Tensor& logits, const torch::Tensor& targets,
                         const torch::Tensor& weights);

/// Lite's usage loss: weight * (mean(on) - target)^2, `on` the per-image 0/1 gate decisions.
torch::Tensor gateActivationLoss(const torch::Tensor& on, double target, double weight);

/// Lite's gate distillation: KL(softmax(old / 2) || softmax(gate / 2)), averaged over the batch -
/// the frozen copy of last task's gate teaches the current one.
torch::Tensor gateDistillation(const torch::Tensor& gate, const torch::Tensor& old);

/// (1 - w) * stabilizer + w * booster.
torch::Tensor fuse(const torch::Tensor& stabilizer, const torch::Tensor& booster,
                   const torch::Tensor& w);

}  // namespace pf::learners
