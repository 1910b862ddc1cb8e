#include "experiment/experiment_config.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "common/embedded.h"
#include "common/error.h"
#include "data/catalog.h"
#include "learners/registry.h"

namespace pf::config {

const FieldSet<ExperimentOptions>& ExperimentOptions::fields() {
    using O = ExperimentOptions;
    static const auto set =
        FieldSet<O>("run")
            .text("name", &O::name, "Run name shown in the history (empty: method on data set)")
            .text("description", &O::description, "Free text describing the experiment")
            .choice("method", &O::method, learners::learnerNames(), "Continual-learning method")
            .text("compare_with", &O::compareWith,
                  "Methods to run next on the same task sequence, comma-separated (e.g. "
                  "promptfusion); each run is stored on its own")
            .group("data")
            .choice("dataset", nested(&O::data, &DataOptions::dataset), data::datasetNames(),
                    "Data set")
            .text("data_root", nested(&O::data, &DataOptions::dataRoot),
                  "Folder of the data set files (empty: default)")
            .choice("scenario", nested(&O::data, &DataOptions::scenario),
                    {"class-il", "domain-il", "task-il"},
                    "Scenario: class-il (new classes, no task id at test), domain-il (same "
                    "classes, new domain per task), task-il (task id given at test)")
            .text("domains", nested(&O::data, &DataOptions::domains),
                  "domain-il: domains in task order, comma-separated (empty: all; fmnist: "
                  "original, inverted, rotated, edges, blur-noise, elastic)")
            .integer("tasks", nested(&O::sequence, &data::SequenceOptions::tasks), {1, 1000},
                     "Number of tasks")
            .integer("classes_per_task",
                     nested(&O::sequence, &data::SequenceOptions::classesPerTask), {1, 100000},
                     "Classes in each task")
            .integer("first_task_classes",
                     nested(&O::sequence, &data::SequenceOptions::firstTaskClasses), {0, 100000},
                     "Classes in the first task (0: classes_per_task)")
            .integer("class_order_seed",
                     nested(&O::sequence, &data::SequenceOptions::classOrderSeed), {-1, 2147483647},
                     "Class order: -1 natural, otherwise shuffled by this seed")
            .integer("train_per_class", nested(&O::sequence, &data::SequenceOptions::trainPerClass),
                     {0, 100000000}, "Cap on training images per class (0: all)")
            .integer("test_per_class", nested(&O::sequence, &data::SequenceOptions::testPerClass),
                     {0, 100000000}, "Cap on test images per class (0: all)")
            .integer("validation_per_class",
                     nested(&O::sequence, &data::SequenceOptions::validationPerClass),
                     {0, 100000000},
                     "Tune without the test split: evaluate on N held-out training images per "
                     "class (0: evaluate on the test split)")
            .real("test_fraction", nested(&O::data, &DataOptions::testFraction), {0.0, 0.95},
                  "Image folders without a test folder: share of each class tested")
            .integer("split_seed", nested(&O::data, &DataOptions::splitSeed), {0, 2147483647},
                     "Image folders: seed of the train/test split")
            .text("class_names_file", nested(&O::data, &DataOptions::classNamesFile),
                  "Image folders: file of '<folder> <name>' lines (empty: class_names.txt in "
                  "data_root if present)")
            .boolean("grayscale", nested(&O::data, &DataOptions::grayscale),
                     "Image folders: decode to one grey channel (the built-in backbones read "
                     "28-pixel grey images)")
            .integer("cache_mb", nested(&O::data, &DataOptions::cacheMb), {0, 1048576},
                     "Image folders: decoded images kept in memory, MiB")
            .integer("image_size", nested(&O::training, &TrainingOptions::imageSize), {0, 1024},
                     "Resize images to this side for the model (0: as stored, image "
                     "folders 224; CLIP and ViT-B/16 take 224)")
            .group("augmentation")
            .boolean("augment", nested(&O::training, &TrainingOptions::augment),
                     "Random crop with padding while training")
            .boolean("random_resized_crop",
                     nested(&O::training, &TrainingOptions::randomResizedCrop),
                     "Random resized crop while training (scale 0.08-1, aspect 3/4-4/3)")
            .boolean("flip", nested(&O::training, &TrainingOptions::flip),
                     "Random horizontal flip while training")
            .real("color_jitter", nested(&O::training, &TrainingOptions::colorJitter), {0.0, 1.0},
                  "Brightness, contrast and saturation jitter while training (0: off)")
            .boolean("center_crop", nested(&O::training, &TrainingOptions::centerCrop),
                     "Test-time resize to 8/7 of the side and centre crop (256 -> 224)")
            .group("training")
            .integer("epochs", nested(&O::training, &TrainingOptions::epochs), {1, 10000},
                     "Epochs per task")
            .integer("batch_size", nested(&O::training, &TrainingOptions::batchSize), {1, 65536},
                     "Training batch size")
            .integer("eval_batch_size", nested(&O::training, &TrainingOptions::evalBatchSize),
                     {1, 65536}, "Evaluation batch size")
            .choice("optimizer", nested(&O::training, &TrainingOptions::optimizer),
                    {"adamw", "adam", "sgd"}, "Optimizer")
            .real("lr", nested(&O::training, &TrainingOptions::lr), {0.0, 10.0, true},
                  "Base learning rate")
            .choice("lr_schedule", nested(&O::training, &TrainingOptions::lrSchedule),
                    {"constant", "cosine"}, "Learning-rate schedule within each task")
            .real("weight_decay", nested(&O::training, &TrainingOptions::weightDecay), {0.0, 1.0},
                  "Weight decay")
            .real("grad_clip", nested(&O::training, &TrainingOptions::gradClip), {0.0, 1e6},
                  "Max gradient norm (0: no clipping)")
            .integer("memory_size", &O::memorySize, {0, 100000000},
                     "Rehearsal memory size in images")
            .integer("seed", &O::seed, {0, 2147483647}, "Random seed")
            .text("seeds", &O::seeds,
                  "Run once per seed, e.g. 0-2 or 0,3,7 (empty: just seed); each run is "
                  "stored on its own, and Compare shows their mean and spread")
            .boolean("zero_shot", &O::zeroShot,
                     "Record the built-in CLIP's zero-shot accuracy per task before training")
            .group("system")
            .integer("threads", nested(&O::system, &SystemOptions::threads), {0, 1024},
                     "Compute threads (0: all cores)")
            .choice("parallel", nested(&O::system, &SystemOptions::parallel),
                    {"auto", "ops", "batch"},
                    "How the threads share a training step: ops (every operation split across "
                    "them), batch (each trains on its part of the batch alone, once a step "
                    "the gradients summed; the prompt methods - promptfusion, stabilizer, "
                    "booster, l2p, dualprompt, coda-prompt - on the CPU; "
                    "faster for small models, results differ in the last digits) or auto "
                    "(batch where the method and device allow it, ops elsewhere)")
            .integer("prefetch_batches", nested(&O::system, &SystemOptions::prefetchBatches),
                     {0, 64},
                     "Batches read and transformed ahead on a thread of their own, while the "
                     "model trains or tests (0: in the training thread; no effect on results)")
            .text("device", nested(&O::system, &SystemOptions::device),
                  "Compute device: cpu, or cuda / cuda:N with a CUDA build of LibTorch");
    return set;
}

bool isDeviceName(const std::string& name) {
    if (name == "cpu" || name == "cuda") return true;
    const std::string prefix = "cuda:";
    if (name.size() <= prefix.size() || name.size() > prefix.size() + 3 ||
        name.compare(0, prefix.size(), prefix) != 0)
        return false;
    return std::all_of(name.begin() + static_cast<std::ptrdiff_t>(prefix.size()), name.end(),
                       [](char c) { return c >= '0' && c <= '9'; });
}

namespace {

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

/// Splits `compare_with` and checks every name: registered, not `method`, no repeats.
std::vector<std::string> parseCompared(const std::string& list, const std::string& method) {
    std::vector<std::string> names;
    if (trimmed(list).empty()) return names;
    std::stringstream in(list);
    std::string item;
    while (std::getline(in, item, ',')) {
        const std::string name = trimmed(item);
        const std::vector<std::string> known = learners::learnerNames();
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            std::string all;
            for (const std::string& n : known)
                all += (all.empty() ? "" : ", ") + n;
            throw ConfigError("config key 'compare_with': unknown method '" + name +
                              "' (known: " + all + ")");
        }
        if (name == method || std::find(names.begin(), names.end(), name) != names.end())
            throw ConfigError("config key 'compare_with': method '" + name +
                              "' is already in the comparison");
        names.push_back(name);
    }
    return names;
}

/// Parses `seeds`: comma-separated seeds or ranges "a-b" (a <= b), no repeats, at most 100.
std::vector<int> parseSeeds(const std::string& list) {
    std::vector<int> seeds;
    if (trimmed(list).empty()) return seeds;
    constexpr std::size_t kMost = 100;
    auto fail = [&](const std::string& why) -> void {
        throw ConfigError("config key 'seeds': " + why + " in '" + list +
                          "' (give seeds such as 0-2 or 0,3,7)");
    };
    auto number = [&](const std::string& text) {
        const std::string t = trimmed(text);
        if (t.empty() || t.size() > 10 || t.find_first_not_of("0123456789") != std::string::npos)
            fail("'" + t + "' is not a seed (0 to 2147483647)");
        const long long v = std::stoll(t);
        if (v > 2147483647LL) fail("'" + t + "' is not a seed (0 to 2147483647)");
        return static_cast<int>(v);
    };
    std::stringstream in(list);
    std::string item;
    while (std::getline(in, item, ',')) {
        const std::size_t dash = item.find('-');
        const int from = number(dash == std::string::npos ? item : item.substr(0, dash));
        const int to = dash == std::string::npos ? from : number(item.substr(dash + 1));
        if (to < from) fail("the range '" + trimmed(item) + "' runs backwards");
        if (static_cast<long long>(to) - from + 1 + seeds.size() > kMost)
            fail("more than " + std::to_string(kMost) + " seeds");
        for (long long s = from; s <= to; ++s) {
            if (std::find(seeds.begin(), seeds.end(), static_cast<int>(s)) != seeds.end())
                fail("seed " + std::to_string(s) + " comes twice");
            seeds.push_back(static_cast<int>(s));
        }
    }
    return seeds;
}

/// parallel = "batch" only where `method` can split its steps, and on the CPU.
void requireBatchSplitting(const ExperimentOptions& options, const std::string& method) {
    if (options.system.parallel != "batch") return;
    if (!learners::learnerInfo(method).splitsBatches) {
        std::string able;
        for (const learners::LearnerInfo& info : learners::learnerCatalog())
            if (info.splitsBatches) able += (able.empty() ? "" : ", ") + info.name;
        throw ConfigError("config key 'parallel': 'batch' is available for " + able +
                          ", not for method '" + method + "'; use 'auto' or 'ops'");
    }
    if (options.system.device != "cpu")
        throw ConfigError(
            "config key 'parallel': 'batch' splits a step across CPU threads; "
            "with device '" +
            options.system.device + "' use 'auto' or 'ops'");
}

void requireObject(const nlohmann::json& object, const std::string& where) {
    if (!object.is_object()) throw ConfigError(where + ": a config must be a JSON object");
}

}  // namespace

ExperimentConfig ExperimentConfig::fromJson(const nlohmann::json& object) {
    requireObject(object, "config");
    ExperimentConfig config;
    const auto& core = ExperimentOptions::fields();
    core.read(object, config.options);

    const learners::LearnerInfo& learner = learners::learnerInfo(config.options.method);
    std::set<std::string> learnerKeys;
    for (const FieldSpec& spec : learner.fields)
        learnerKeys.insert(spec.key);
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (core.has(it.key()) || learnerKeys.count(it.key())) continue;
        throw ConfigError("config key '" + it.key() + "': unknown key for method '" +
                          config.options.method + "'");
    }
    config.validateCrossKeys();
    config.domainList();
    parseSeeds(config.options.seeds);
    for (const std::string& method :
         parseCompared(config.options.compareWith, config.options.method))
        requireBatchSplitting(config.options, method);
    config.learnerOptions = learner.normalize(object, config.effectiveDataset());
    return config;
}

void ExperimentConfig::validateCrossKeys() const {
    if (!isDeviceName(options.system.device))
        throw ConfigError("config key 'device': '" + options.system.device +
                          "' is not a device; use cpu, cuda or cuda:N");
    requireBatchSplitting(options, options.method);
    const data::DatasetInfo& info = data::datasetInfo(options.data.dataset);
    const bool dil = options.data.scenario == "domain-il";
    if (info.domainsOnly && !dil)
        throw ConfigError("config key 'scenario': data set '" + options.data.dataset +
                          "' has domains as tasks: use domain-il (not " + options.data.scenario +
                          ")");
    if (dil && !info.domainsOnly && !info.builtinShifts)
        throw ConfigError(
            "config key 'scenario': domain-il needs a data set with domains "
            "(domainfolder, core50) or built-in shifts (fmnist); '" +
            options.data.dataset + "' has neither");
    if (!dil && !trimmed(options.data.domains).empty())
        throw ConfigError("config key 'domains': only used by the domain-il scenario");
    if (dil || info.numClasses == 0) return;  // domains as tasks, or classes known once scanned
    const long long first = options.sequence.firstTaskClasses > 0
                                ? options.sequence.firstTaskClasses
                                : options.sequence.classesPerTask;
    const long long used = first + static_cast<long long>(options.sequence.tasks - 1) *
                                       options.sequence.classesPerTask;
    if (used > info.numClasses)
        throw ConfigError(
            "config keys 'tasks' x 'classes_per_task' = " + std::to_string(options.sequence.tasks) +
            " x " + std::to_string(options.sequence.classesPerTask) +
            (first != options.sequence.classesPerTask
                 ? " (first task " + std::to_string(first) + ")"
                 : std::string()) +
            " = " + std::to_string(used) + " classes, but data set '" + options.data.dataset +
            "' has " + std::to_string(info.numClasses));
}

data::DatasetInfo ExperimentConfig::effectiveDataset() const {
    data::DatasetInfo info = data::datasetInfo(options.data.dataset);
    if (info.folder) {
        info.imageSize = options.training.imageSize > 0 ? options.training.imageSize : 224;
        info.channels = options.data.grayscale ? 1 : 3;
    } else if (options.training.imageSize > 0) {
        info.imageSize = options.training.imageSize;
    }
    return info;
}

std::vector<std::string> ExperimentConfig::domainList() const {
    std::vector<std::string> out;
    std::stringstream in(options.data.domains);
    std::string item;
    while (std::getline(in, item, ',')) {
        const std::string name = trimmed(item);
        if (name.empty()) continue;
        if (std::find(out.begin(), out.end(), name) != out.end())
            throw ConfigError("config key 'domains': '" + name + "' is listed twice");
        out.push_back(name);
    }
    return out;
}

ExperimentConfig ExperimentConfig::withOverrides(nlohmann::json object,
                                                 const std::vector<std::string>& overrides) {
    requireObject(object, "config");
    std::vector<std::pair<std::string, std::string>> texts;  // key, the value as typed
    for (const std::string& assignment : overrides) {
        auto [key, value] = parseOverride(assignment);
        object[key] = value;
        texts.emplace_back(key, assignment.substr(key.size() + 1));
    }
    // A text key takes what was typed as text, whatever it looks like: seeds=3, name=2024.
    if (!texts.empty() && object.value("method", nlohmann::json()).is_string()) {
        const std::string method = object["method"].get<std::string>();
        const std::vector<std::string> known = learners::learnerNames();
        if (std::find(known.begin(), known.end(), method) != known.end())
            for (const FieldSpec& spec : schemaFor(method))
                if (spec.type == FieldType::String || spec.type == FieldType::Choice)
                    for (const auto& [key, text] : texts)
                        if (key == spec.key && !object[key].is_string()) object[key] = text;
    }
    return fromJson(object);
}

ExperimentConfig ExperimentConfig::fromFile(const std::string& path,
                                            const std::vector<std::string>& overrides) {
    std::ifstream in(path);
    if (!in) throw ConfigError(path + ": cannot open config file");
    std::stringstream text;
    text << in.rdbuf();
    nlohmann::json object;
    try {
        object = nlohmann::json::parse(text.str());
    } catch (const nlohmann::json::parse_error& e) {
        throw ConfigError(path + ": invalid JSON at byte offset " + std::to_string(e.byte) + ": " +
                          e.what());
    } catch (const nlohmann::json::exception& e) {  // e.g. a number too large for a double
        throw ConfigError(path + ": invalid JSON: " + e.what());
    }
    try {
        return withOverrides(std::move(object), overrides);
    } catch (const ConfigError& e) {
        throw ConfigError(path + ": " + e.what());
    }
}

ExperimentConfig ExperimentConfig::fromPreset(const std::string& name,
                                              const std::vector<std::string>& overrides) {
    nlohmann::json object = presetJson(name);
    // A preset's method settings (PromptFusion's prompt lengths, say) belong to its method:
    // when an override picks another method, those the new one does not have are dropped.
    std::string method = object.value("method", std::string());
    for (const std::string& assignment : overrides) {
        const auto [key, value] = parseOverride(assignment);
        if (key == "method" && value.is_string()) method = value.get<std::string>();
    }
    if (object.contains("method") && method != object["method"]) {
        std::set<std::string> known;
        for (const FieldSpec& spec : schemaFor(method))
            known.insert(spec.key);
        for (auto it = object.begin(); it != object.end();)
            it = known.count(it.key()) ? std::next(it) : object.erase(it);
    }
    return withOverrides(std::move(object), overrides);
}

nlohmann::json ExperimentConfig::toJson() const {
    nlohmann::json out = ExperimentOptions::fields().toJson(options);
    for (auto it = learnerOptions.begin(); it != learnerOptions.end(); ++it)
        out[it.key()] = it.value();
    return out;
}

std::string ExperimentConfig::displayName() const {
    return options.name.empty() ? options.method + " on " + options.data.dataset : options.name;
}

std::vector<std::string> ExperimentConfig::comparedMethods() const {
    return parseCompared(options.compareWith, options.method);
}

std::vector<std::string> ExperimentConfig::warnings() const {
    std::vector<std::string> out;
    if (options.memorySize == 0 && learners::learnerInfo(options.method).rehearses)
        out.push_back("method '" + options.method +
                      "' rehearses from a memory of memory_size images, and memory_size is 0: "
                      "it keeps no exemplars" +
                      (options.method == "er" ? " and trains as finetune does" : "") +
                      " (set memory_size, e.g. 1000)");
    return out;
}

std::vector<int> ExperimentConfig::seedList() const {
    return parseSeeds(options.seeds);
}

std::vector<ExperimentConfig> ExperimentConfig::comparisonRuns() const {
    const std::vector<std::string> compared = comparedMethods();
    const std::vector<int> seeds = seedList();
    // Each method, then each seed of it: " [method]", " [seed 1]" or " [method, seed 1]".
    auto named = [&](ExperimentConfig c) {
        std::string tag = compared.empty() ? "" : c.options.method;
        if (!seeds.empty())
            tag += (tag.empty() ? "seed " : ", seed ") + std::to_string(c.options.seed);
        if (!tag.empty() && !c.options.name.empty()) c.options.name += " [" + tag + "]";
        return c;
    };
    ExperimentConfig first = *this;
    first.options.compareWith.clear();
    first.options.seeds.clear();
    std::vector<ExperimentConfig> methods{first};
    for (const std::string& method : compared) {
        nlohmann::json object = ExperimentOptions::fields().toJson(first.options);
        object["method"] = method;
        methods.push_back(fromJson(object));
    }
    std::vector<ExperimentConfig> runs;
    for (const ExperimentConfig& m : methods) {
        if (seeds.empty()) {
            runs.push_back(named(m));
            continue;
        }
        for (int seed : seeds) {
            ExperimentConfig c = m;
            c.options.seed = seed;
            runs.push_back(named(c));
        }
    }
    return runs;
}

std::vector<FieldSpec> schemaFor(const std::string& method) {
    std::vector<FieldSpec> specs = ExperimentOptions::fields().specs();
    const learners::LearnerInfo& learner = learners::learnerInfo(method);
    specs.insert(specs.end(), learner.fields.begin(), learner.fields.end());
    return specs;
}

std::vector<std::string> presetNames() {
    return embedded::stems("presets/", ".json");
}

nlohmann::json presetJson(const std::string& name) {
    const embedded::Lookup found = embedded::find("presets/" + name + ".json");
    if (!found.found) {
        std::string known;
        for (const std::string& n : presetNames())
            known += (known.empty() ? "" : ", ") + n;
        throw ConfigError("unknown preset '" + name + "' (built-in presets: " + known + ")");
    }
    // Built-in presets are checked by the tests; a parse error here is a build defect.
    return nlohmann::json::parse(found.bytes.begin(), found.bytes.end());
}

}  // namespace pf::config
