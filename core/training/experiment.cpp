#include "training/experiment.h"

#include <torch/torch.h>

#include "common/error.h"
#include "common/system_info.h"
#include "data/batch_loader.h"
#include "data/image_dataset.h"
#include "data/load.h"
#include "data/sampling.h"
#include "learners/learner.h"
#include "learners/registry.h"
#include "models/builtin.h"
#include "models/zero_shot.h"
#include "training/checkpoint.h"
#include "training/trainer.h"

namespace pf::training {

static data::LoadOptions loadOptions(const config::ExperimentConfig& config) {
    const config::ExperimentOptions& o = config.options;
    data::LoadOptions lo;
    lo.dataset = o.data.dataset;
    lo.root = o.data.dataRoot;
    lo.scenario = o.data.scenario;
    lo.seed = static_cast<std::uint32_t>(o.seed);
    lo.folder.side = config.effectiveDataset().imageSize;
    lo.folder.grayscale = o.data.grayscale;
    lo.folder.testFraction = o.data.testFraction;
    lo.folder.splitSeed = o.data.splitSeed;
    lo.folder.cacheBytes = static_cast<std::int64_t>(o.data.cacheMb) * 1024 * 1024;
    lo.folder.domains = config.domainList();
    lo.folder.namesFile = o.data.classNamesFile;
    return lo;
}

struct Experiment::Impl {
    config::ExperimentConfig config;
    bool prepared = false;
    data::ImageDataset dataset;
    data::TaskSequence sequence;
    std::unique_ptr<learners::Learner> learner;
    int threads = 0;
    torch::Device device = torch::kCPU;                 // the config's device, checked by prepare()
    std::string checkpointFolder;                       // where the trainer writes checkpoints
    distributed::Communicator* communicator = nullptr;  // a data-parallel run's others
    std::unique_ptr<Trainer> resumed;  // a trainer restored by resumeFrom(), for run()
    int resumedAfter = -1;             // the checkpoint's last task
    int resumedThreads = 0;            // the threads its run trained with
};

Experiment::Experiment(config::ExperimentConfig config) : impl_(std::make_unique<Impl>()) {
    impl_->config = std::move(config);
}

Experiment::~Experiment() = default;

const config::ExperimentConfig& Experiment::config() const {
    return impl_->config;
}

void Experiment::prepare() {
    if (impl_->prepared) return;
    const config::ExperimentOptions& o = impl_->config.options;
    impl_->device = computeDevice(o.system.device);  // a missing device fails before anything loads
    impl_->dataset = data::loadDataset(loadOptions(impl_->config));
    // The sequence keys go down whole; the scenario is the data's.
    data::SequenceOptions so = o.sequence;
    so.scenario = data::parseScenario(o.data.scenario);
    const data::ImageDataset& ds = impl_->dataset;
    if (so.scenario == data::Scenario::DomainIncremental)
        impl_->sequence = data::TaskSequence::domainIncremental(
            ds.train.labelVector(), ds.train.domains, ds.test.labelVector(), ds.test.domains,
            ds.info.numClasses, ds.domainNames, so);
    else
        impl_->sequence =
            data::TaskSequence::classIncremental(ds.train.labelVector(), ds.test.labelVector(),
                                                 ds.pretrainPoolStart(), ds.info.numClasses, so);
    impl_->prepared = true;
}

const data::TaskSequence& Experiment::sequence() const {
    if (!impl_->prepared) throw std::logic_error("Experiment::prepare() was not called");
    return impl_->sequence;
}

const std::vector<std::string>& Experiment::classNames() const {
    if (!impl_->prepared) throw std::logic_error("Experiment::prepare() was not called");
    return impl_->dataset.info.classNames;
}

DataSummary Experiment::dataSummary() const {
    if (!impl_->prepared) throw std::logic_error("Experiment::prepare() was not called");
    const data::ImageDataset& ds = impl_->dataset;
    const config::ExperimentOptions& o = impl_->config.options;
    DataSummary s;
    s.title = ds.info.title;
    s.root = o.data.dataRoot.empty() ? ds.info.defaultRoot : o.data.dataRoot;
    s.channels = ds.channels();
    s.storedSide = ds.height();
    s.modelSide = o.training.imageSize > 0 ? o.training.imageSize : ds.height();
    s.classes = ds.info.numClasses;
    s.trainImages = ds.train.size();
    s.testImages = ds.test.size();
    s.lazy = ds.train.source != nullptr;
    s.sharedTest = impl_->sequence.sharedTest();
    s.validation = impl_->sequence.evaluatesOnValidation();
    s.warnings = ds.warnings;
    return s;
}

std::vector<SampleImage> Experiment::samples(int task, int perClass, int limit) const {
    if (!impl_->prepared) throw std::logic_error("Experiment::prepare() was not called");
    const data::ImageDataset& ds = impl_->dataset;
    const data::Task& t = impl_->sequence.task(task);
    const std::vector<std::int64_t> labels = ds.train.labelVector();
    const std::vector<std::int64_t> picked =
        data::samplesInTurn(t.train, labels, t.classes, perClass, limit);
    std::vector<SampleImage> out;
    if (picked.empty()) return out;
    const torch::Tensor images = ds.train.gather(picked).contiguous();
    const auto bytes = static_cast<std::size_t>(images[0].numel());
    for (std::size_t k = 0; k < picked.size(); ++k) {
        SampleImage s;
        s.height = static_cast<int>(images.size(1));
        s.width = static_cast<int>(images.size(2));
        s.channels = static_cast<int>(images.size(3));
        const std::uint8_t* p = images.data_ptr<std::uint8_t>() + k * bytes;
        s.pixels.assign(p, p + bytes);
        s.classId = static_cast<int>(labels[static_cast<std::size_t>(picked[k])]);
        s.className = ds.info.classNames.at(static_cast<std::size_t>(s.classId));
        s.source = ds.train.describe(picked[k]);
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<double> Experiment::zeroShotAccuracies() {
    prepare();
    // The built-in tiny CLIP knows the built-in data set's classes: what it gets right before
    // any continual learning is what pretraining brings.
    const std::string& dataset = impl_->config.options.data.dataset;
    if (dataset != "fmnist" && dataset != "fmnist-r") return {};
    torch::NoGradGuard guard;
    models::ClipModel clip = models::loadBuiltinClip();
    clip->to(impl_->device);  // on the run's device, as the learner
    clip->eval();
    const auto tokenizer = models::builtinTokenizer();
    std::vector<std::string> names;
    for (int c : impl_->sequence.classOrder())
        names.push_back(impl_->dataset.info.classNames.at(static_cast<std::size_t>(c)));
    const torch::Tensor classes = models::zeroShotClassEmbeddings(clip, *tokenizer, names);
    std::vector<double> out;
    for (const data::Task& task : impl_->sequence.tasks()) {
        data::LoaderOptions lo;
        lo.batchSize = impl_->config.options.training.evalBatchSize;
        lo.transform.mean = impl_->dataset.mean;
        lo.transform.std = impl_->dataset.std;
        lo.device = impl_->device;
        const data::ImageSplit& split =
            impl_->sequence.evaluatesOnValidation() ? impl_->dataset.train : impl_->dataset.test;
        data::BatchLoader loader(split, task.test, impl_->sequence.labelMap(), lo);
        out.push_back(models::zeroShotAccuracy(clip, classes, loader));
    }
    return out;
}

void Experiment::buildLearner() {
    if (impl_->learner) return;
    prepare();
    const config::ExperimentOptions& o = impl_->config.options;
    impl_->threads = applyThreadCount(o.system.threads);
    torch::manual_seed(static_cast<std::uint64_t>(o.seed));

    learners::LearnerContext context;
    context.experiment = o;
    context.channels = impl_->dataset.channels();
    context.imageSize = o.training.imageSize > 0 ? o.training.imageSize : impl_->dataset.height();
    context.totalClasses = impl_->sequence.totalClasses();
    for (int c : impl_->sequence.classOrder())
        context.classNames.push_back(
            impl_->dataset.info.classNames.at(static_cast<std::size_t>(c)));
    context.device = impl_->device;
    if (impl_->dataset.height() != impl_->dataset.width())
        throw DataError("data set '" + o.data.dataset + "' has non-square images");
    impl_->learner = learners::createLearner(o.method, context, impl_->config.learnerOptions);
    // A rehearsal memory cannot hold more exemplars than the whole sequence has images
    // (checked when a run starts: `data inspect` only looks at the data).
    std::size_t images = 0;
    for (const data::Task& task : impl_->sequence.tasks())
        images += task.train.size();
    if (static_cast<std::size_t>(o.memorySize) > images) {
        impl_->learner.reset();
        throw ConfigError("config key 'memory_size': " + std::to_string(o.memorySize) +
                          " exemplars, but the task sequence has " + std::to_string(images) +
                          " training images (allowed: 0 to " + std::to_string(images) + ")");
    }
}

void Experiment::setCheckpointFolder(const std::string& folder) {
    impl_->checkpointFolder = folder;
}

void Experiment::setCommunicator(distributed::Communicator* communicator) {
    impl_->communicator = communicator;
}

int Experiment::resumeFrom(const std::string& folder) {
    buildLearner();
    Checkpoint checkpoint = readCheckpoint(folder);
    // Keys that decide where or how fast a run trains, not what it learns.
    const auto learning = [](nlohmann::json config) {
        for (const char* key : {"device", "threads", "parallel", "prefetch_batches", "cache_mb"})
            config.erase(key);
        return config;
    };
    const nlohmann::json saved = learning(checkpoint.info.config);
    const nlohmann::json mine = learning(impl_->config.toJson());
    if (saved != mine) {
        std::string keys;
        for (const auto& [key, value] : mine.items())
            if (!saved.contains(key) || saved.at(key) != value)
                keys += (keys.empty() ? "" : ", ") + key;
        for (const auto& [key, value] : saved.items())
            if (!mine.contains(key)) keys += (keys.empty() ? "" : ", ") + key;
        throw CheckpointError(folder +
                              ": the checkpoint belongs to another config (keys that "
                              "differ: " +
                              keys + ")");
    }
    auto trainer = std::make_unique<Trainer>(trainerOptions(), impl_->dataset, impl_->sequence,
                                             *impl_->learner);
    trainer->resumeFrom(checkpoint);
    impl_->resumed = std::move(trainer);
    impl_->resumedThreads = checkpoint.info.trainer.threads;
    impl_->resumedAfter = checkpoint.info.trainer.completedTask;
    return checkpoint.info.trainer.completedTask;
}

int Experiment::checkpointThreads() const {
    return impl_->resumedThreads;
}

int Experiment::threads() const {
    return impl_->threads;
}

learners::Learner& Experiment::learner() {
    buildLearner();
    return *impl_->learner;
}

const data::ImageDataset& Experiment::dataset() const {
    return impl_->dataset;
}

TrainerOptions Experiment::trainerOptions() const {
    const config::ExperimentOptions& o = impl_->config.options;
    TrainerOptions to;
    to.training = o.training;
    to.seed = static_cast<std::uint64_t>(o.seed);
    to.mean = impl_->dataset.mean;
    to.std = impl_->dataset.std;
    to.prefetch = o.system.prefetchBatches;
    to.device = impl_->device;
    to.checkpointFolder = impl_->checkpointFolder;
    to.communicator = impl_->communicator;
    to.config = impl_->config.toJson();
    to.threads = impl_->threads;
    return to;
}

RunEndEvent Experiment::run(TrainerObserver& observer, RunControl& control) {
    buildLearner();
    const config::ExperimentOptions& o = impl_->config.options;
    // The run owns the learner: a second run() starts from a fresh one.
    const std::unique_ptr<learners::Learner> owned = std::move(impl_->learner);
    learners::Learner& learner = *owned;
    const int threads = impl_->threads;

    RunStartEvent start;
    start.name = impl_->config.displayName();
    start.method = o.method;
    start.tasks = impl_->sequence.size();
    start.scenario = o.data.scenario;
    for (const data::Task& task : impl_->sequence.tasks()) {
        TaskDescription d;
        d.domain = task.domain;
        d.classIds = task.classes;
        for (int c : task.classes)
            d.classNames.push_back(impl_->dataset.info.classNames.at(static_cast<std::size_t>(c)));
        d.trainSamples = static_cast<std::int64_t>(task.train.size());
        d.testSamples = static_cast<std::int64_t>(task.test.size());
        start.taskClasses.push_back(d.classNames);
        start.sequence.push_back(std::move(d));
    }
    start.trainableParameters = learner.trainableParameters();
    start.threads = threads;
    start.stepParts = learner.stepParts();
    // A resumed run: the trainer was restored by resumeFrom(), and the zero-shot accuracies
    // were recorded when the run began.
    std::unique_ptr<Trainer> trainer = std::move(impl_->resumed);
    if (trainer) {
        start.resumedAfterTask = impl_->resumedAfter;
        trainer->setCheckpointFolder(impl_->checkpointFolder);  // may be set after resumeFrom()
    }
    observer.onRunStart(start);
    if (o.zeroShot && !trainer) observer.onZeroShot({zeroShotAccuracies()});
    if (!trainer)
        trainer =
            std::make_unique<Trainer>(trainerOptions(), impl_->dataset, impl_->sequence, learner);
    return trainer->run(observer, control);
}

}  // namespace pf::training
