#include "labels.h"

#include <cmath>
#include <map>
#include <string>

#include <QCoreApplication>

namespace pf::ui {
namespace {

using WordTable = std::map<std::string, const char*>;

// The translated word of `key` in `table` (translation context `context`); the key itself for
// a key the table does not name.
QString lookUp(const WordTable& table, const std::string& key, const char* context) {
    const auto it = table.find(key);
    return it == table.end() ? QString::fromStdString(key)
                             : QCoreApplication::translate(context, it->second);
}

}  // namespace

QString fieldLabel(const std::string& key) {
    // Every key of the core's schemas; a key added later shows as itself until it is named.
    static const WordTable labels = {
        {"augment", QT_TRANSLATE_NOOP("FieldLabel", "Random crops")},
        {"batch_size", QT_TRANSLATE_NOOP("FieldLabel", "Batch size")},
        {"cache_mb", QT_TRANSLATE_NOOP("FieldLabel", "Image cache (MB)")},
        {"center_crop", QT_TRANSLATE_NOOP("FieldLabel", "Centre crop")},
        {"class_names_file", QT_TRANSLATE_NOOP("FieldLabel", "Class names file")},
        {"class_order_seed", QT_TRANSLATE_NOOP("FieldLabel", "Class order seed")},
        {"classes_per_task", QT_TRANSLATE_NOOP("FieldLabel", "Classes per task")},
        {"clip_batch", QT_TRANSLATE_NOOP("FieldLabel", "CLIP batch size")},
        {"clip_context", QT_TRANSLATE_NOOP("FieldLabel", "CLIP context length")},
        {"clip_embed", QT_TRANSLATE_NOOP("FieldLabel", "CLIP embedding size")},
        {"clip_epochs", QT_TRANSLATE_NOOP("FieldLabel", "CLIP epochs")},
        {"clip_heads", QT_TRANSLATE_NOOP("FieldLabel", "CLIP heads")},
        {"clip_layers", QT_TRANSLATE_NOOP("FieldLabel", "CLIP layers")},
        {"clip_lr", QT_TRANSLATE_NOOP("FieldLabel", "CLIP learning rate")},
        {"clip_patch", QT_TRANSLATE_NOOP("FieldLabel", "CLIP patch size")},
        {"clip_text_heads", QT_TRANSLATE_NOOP("FieldLabel", "CLIP text heads")},
        {"clip_text_layers", QT_TRANSLATE_NOOP("FieldLabel", "CLIP text layers")},
        {"clip_text_width", QT_TRANSLATE_NOOP("FieldLabel", "CLIP text width")},
        {"clip_vocab", QT_TRANSLATE_NOOP("FieldLabel", "CLIP vocabulary size")},
        {"clip_weights", QT_TRANSLATE_NOOP("FieldLabel", "CLIP weights file")},
        {"clip_width", QT_TRANSLATE_NOOP("FieldLabel", "CLIP width")},
        {"coda_components", QT_TRANSLATE_NOOP("FieldLabel", "Prompt components")},
        {"coda_layers", QT_TRANSLATE_NOOP("FieldLabel", "Prompt layers")},
        {"coda_length", QT_TRANSLATE_NOOP("FieldLabel", "Prompt length")},
        {"coda_ortho", QT_TRANSLATE_NOOP("FieldLabel", "Orthogonality weight")},
        {"color_jitter", QT_TRANSLATE_NOOP("FieldLabel", "Colour jitter")},
        {"compare_with", QT_TRANSLATE_NOOP("FieldLabel", "Compare with methods")},
        {"data_root", QT_TRANSLATE_NOOP("FieldLabel", "Data folder")},
        {"dataset", QT_TRANSLATE_NOOP("FieldLabel", "Data set")},
        {"description", QT_TRANSLATE_NOOP("FieldLabel", "Description")},
        {"device", QT_TRANSLATE_NOOP("FieldLabel", "Device")},
        {"domains", QT_TRANSLATE_NOOP("FieldLabel", "Domains")},
        {"e_init_previous", QT_TRANSLATE_NOOP("FieldLabel", "Start E-prompts from the last")},
        {"e_layers", QT_TRANSLATE_NOOP("FieldLabel", "E-prompt layers")},
        {"e_length", QT_TRANSLATE_NOOP("FieldLabel", "E-prompt length")},
        {"e_pull", QT_TRANSLATE_NOOP("FieldLabel", "E-key pull weight")},
        {"epochs", QT_TRANSLATE_NOOP("FieldLabel", "Epochs per task")},
        {"eval_batch_size", QT_TRANSLATE_NOOP("FieldLabel", "Evaluation batch size")},
        {"ewc_gamma", QT_TRANSLATE_NOOP("FieldLabel", "Online decay (gamma)")},
        {"ewc_lambda", QT_TRANSLATE_NOOP("FieldLabel", "Penalty weight (lambda)")},
        {"ewc_online", QT_TRANSLATE_NOOP("FieldLabel", "Online EWC")},
        {"first_task_classes", QT_TRANSLATE_NOOP("FieldLabel", "Classes in the first task")},
        {"fisher_samples", QT_TRANSLATE_NOOP("FieldLabel", "Fisher samples")},
        {"flip", QT_TRANSLATE_NOOP("FieldLabel", "Horizontal flips")},
        {"fusion_weight", QT_TRANSLATE_NOOP("FieldLabel", "Booster weight (-1: learned)")},
        {"g_layers", QT_TRANSLATE_NOOP("FieldLabel", "G-prompt layers")},
        {"g_length", QT_TRANSLATE_NOOP("FieldLabel", "G-prompt length")},
        {"gate_activation_weight", QT_TRANSLATE_NOOP("FieldLabel", "Gate activation weight")},
        {"gate_distill_weight", QT_TRANSLATE_NOOP("FieldLabel", "Gate distillation weight")},
        {"gate_hidden", QT_TRANSLATE_NOOP("FieldLabel", "Gate hidden units")},
        {"gate_target", QT_TRANSLATE_NOOP("FieldLabel", "Gate target rate")},
        {"gate_temperature", QT_TRANSLATE_NOOP("FieldLabel", "Gate temperature")},
        {"grad_clip", QT_TRANSLATE_NOOP("FieldLabel", "Gradient clipping")},
        {"grayscale", QT_TRANSLATE_NOOP("FieldLabel", "Greyscale")},
        {"image_size", QT_TRANSLATE_NOOP("FieldLabel", "Image size")},
        {"l2p_batch_voting", QT_TRANSLATE_NOOP("FieldLabel", "Batch-wise prompt voting")},
        {"l2p_length", QT_TRANSLATE_NOOP("FieldLabel", "Prompt length")},
        {"l2p_pool", QT_TRANSLATE_NOOP("FieldLabel", "Prompt pool size")},
        {"l2p_pull", QT_TRANSLATE_NOOP("FieldLabel", "Key pull weight")},
        {"l2p_top_k", QT_TRANSLATE_NOOP("FieldLabel", "Prompts chosen (top k)")},
        {"lr", QT_TRANSLATE_NOOP("FieldLabel", "Learning rate")},
        {"lr_schedule", QT_TRANSLATE_NOOP("FieldLabel", "Learning-rate schedule")},
        {"lwf_alpha", QT_TRANSLATE_NOOP("FieldLabel", "Distillation weight (alpha)")},
        {"lwf_temperature", QT_TRANSLATE_NOOP("FieldLabel", "Distillation temperature")},
        {"mask_rate", QT_TRANSLATE_NOOP("FieldLabel", "Weight mask rate")},
        {"memory_selection", QT_TRANSLATE_NOOP("FieldLabel", "Memory selection")},
        {"memory_size", QT_TRANSLATE_NOOP("FieldLabel", "Memory size (images)")},
        {"method", QT_TRANSLATE_NOOP("FieldLabel", "Method")},
        {"name", QT_TRANSLATE_NOOP("FieldLabel", "Run name")},
        {"optimizer", QT_TRANSLATE_NOOP("FieldLabel", "Optimizer")},
        {"parallel", QT_TRANSLATE_NOOP("FieldLabel", "Step sharing")},
        {"prefetch_batches", QT_TRANSLATE_NOOP("FieldLabel", "Batches loaded ahead")},
        {"probe_backbone", QT_TRANSLATE_NOOP("FieldLabel", "Probed backbone")},
        {"random_resized_crop", QT_TRANSLATE_NOOP("FieldLabel", "Random resized crops")},
        {"scenario", QT_TRANSLATE_NOOP("FieldLabel", "Scenario")},
        {"seed", QT_TRANSLATE_NOOP("FieldLabel", "Seed")},
        {"split_seed", QT_TRANSLATE_NOOP("FieldLabel", "Split seed")},
        {"stabilizer_logit_scale", QT_TRANSLATE_NOOP("FieldLabel", "Stabilizer logit scale")},
        {"stabilizer_readout", QT_TRANSLATE_NOOP("FieldLabel", "Stabilizer readout")},
        {"tasks", QT_TRANSLATE_NOOP("FieldLabel", "Tasks")},
        {"test_fraction", QT_TRANSLATE_NOOP("FieldLabel", "Test share")},
        {"test_per_class", QT_TRANSLATE_NOOP("FieldLabel", "Test images per class")},
        {"text_context", QT_TRANSLATE_NOOP("FieldLabel", "Text prompt tokens")},
        {"threads", QT_TRANSLATE_NOOP("FieldLabel", "Compute threads")},
        {"train_mask", QT_TRANSLATE_NOOP("FieldLabel", "Mask other tasks' classes")},
        {"train_per_class", QT_TRANSLATE_NOOP("FieldLabel", "Training images per class")},
        {"validation", QT_TRANSLATE_NOOP("FieldLabel", "Validation")},
        {"validation_per_class", QT_TRANSLATE_NOOP("FieldLabel", "Validation images per class")},
        {"visual_prompt", QT_TRANSLATE_NOOP("FieldLabel", "CLIP visual prompt tokens")},
        {"vit_batch", QT_TRANSLATE_NOOP("FieldLabel", "ViT batch size")},
        {"vit_depth", QT_TRANSLATE_NOOP("FieldLabel", "ViT depth")},
        {"vit_dim", QT_TRANSLATE_NOOP("FieldLabel", "ViT width")},
        {"vit_epochs", QT_TRANSLATE_NOOP("FieldLabel", "ViT epochs")},
        {"vit_heads", QT_TRANSLATE_NOOP("FieldLabel", "ViT heads")},
        {"vit_init", QT_TRANSLATE_NOOP("FieldLabel", "ViT start")},
        {"vit_lr", QT_TRANSLATE_NOOP("FieldLabel", "ViT learning rate")},
        {"vit_mlp_ratio", QT_TRANSLATE_NOOP("FieldLabel", "ViT MLP ratio")},
        {"vit_patch", QT_TRANSLATE_NOOP("FieldLabel", "ViT patch size")},
        {"vit_patch_size", QT_TRANSLATE_NOOP("FieldLabel", "ViT patch size")},
        {"vit_weights", QT_TRANSLATE_NOOP("FieldLabel", "ViT weights file")},
        {"vpt_length", QT_TRANSLATE_NOOP("FieldLabel", "Visual prompt length")},
        {"weight_decay", QT_TRANSLATE_NOOP("FieldLabel", "Weight decay")},
        {"weight_mask", QT_TRANSLATE_NOOP("FieldLabel", "Weight mask")},
        {"zero_shot", QT_TRANSLATE_NOOP("FieldLabel", "Record zero-shot accuracy")},
    };
    return lookUp(labels, key, "FieldLabel");
}

QString statusText(const std::string& status) {
    static const WordTable words = {
        {"running", QT_TRANSLATE_NOOP("RunStatus", "running")},
        {"finished", QT_TRANSLATE_NOOP("RunStatus", "finished")},
        {"stopped", QT_TRANSLATE_NOOP("RunStatus", "stopped")},
        {"interrupted", QT_TRANSLATE_NOOP("RunStatus", "interrupted")},
        {"failed", QT_TRANSLATE_NOOP("RunStatus", "failed")},
        {"diverged", QT_TRANSLATE_NOOP("RunStatus", "diverged")},
    };
    return lookUp(words, status, "RunStatus");
}

QString presetTitle(const std::string& name) {
    static const WordTable titles = {
        {"forgetting-demo",
         QT_TRANSLATE_NOOP("PresetTitle", "Forgetting demo: fine-tuning, then PromptFusion")},
        {"fmnist-r-cil", QT_TRANSLATE_NOOP("PresetTitle", "Fashion-MNIST renditions (benchmark)")},
        {"quick", QT_TRANSLATE_NOOP("PresetTitle", "Quick look: Split Fashion-MNIST, one epoch")},
        {"fmnist-seen-cil", QT_TRANSLATE_NOOP("PresetTitle", "Split Fashion-MNIST")},
        {"fmnist-seen-cil-lite",
         QT_TRANSLATE_NOOP("PresetTitle", "Split Fashion-MNIST, PromptFusion-Lite")},
        {"fmnist-dil",
         QT_TRANSLATE_NOOP("PresetTitle", "Fashion-MNIST in six domains (domain-incremental)")},
        {"cifar100-cil", QT_TRANSLATE_NOOP("PresetTitle", "Split CIFAR-100, the paper's setup")},
        {"imagenet-r-cil", QT_TRANSLATE_NOOP("PresetTitle", "Split ImageNet-R, the paper's setup")},
    };
    return lookUp(titles, name, "PresetTitle");
}

QString spreadText(const storage::Spread& s, double scale, int decimals) {
    if (!std::isfinite(s.mean)) return QStringLiteral("-");
    QString text = QString::number(scale * s.mean, 'f', decimals);
    if (std::isfinite(s.std))
        text += QStringLiteral(" ± ") + QString::number(scale * s.std, 'f', decimals);
    return text;
}

bool presetNeedsUserData(const std::string& dataset) {
    return dataset != "fmnist" && dataset != "fmnist-r";
}

}  // namespace pf::ui
