#include "training/experiment.h"

#include <torch/torch.h>

#include "common/error.h"
#include "common/system_info.h"
#include "data/image_dataset.h"
#include "learners/learner.h"
#include "learners/registry.h"
#include "training/trainer.h"

namespace pf::training {

struct Experiment::Impl {
    config::ExperimentConfig config;
    bool prepared = false;
    data::ImageDataset dataset;
    data::TaskSequence sequence;
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
    impl_->dataset = data::loadDataset(o.dataset, o.dataRoot);
    data::SequenceOptions so;
    so.tasks = o.tasks;
    so.classesPerTask = o.classesPerTask;
    so.classOrderSeed = o.classOrderSeed;
    so.trainPerClass = o.trainPerClass;
    so.testPerClass = o.testPerClass;
    impl_->sequence = data::TaskSequence::classIncremental(
        impl_->dataset.train.labelVector(), impl_->dataset.test.labelVector(),
        impl_->dataset.pretrainPoolStart(), impl_->dataset.info.numClasses, so);
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

RunEndEvent Experiment::run(TrainerObserver& observer, RunControl& control) {
    prepare();
    const config::ExperimentOptions& o = impl_->config.options;
    const int threads = applyThreadCount(o.threads);
    torch::manual_seed(static_cast<std::uint64_t>(o.seed));

    learners::LearnerContext context;
    context.experiment = o;
    context.channels = impl_->dataset.channels();
    context.imageSize = impl_->dataset.height();
    context.totalClasses = impl_->sequence.totalClasses();
    context.device = torch::Device(o.device);
    if (impl_->dataset.height() != impl_->dataset.width())
        throw DataError("data set '" + o.dataset + "' has non-square images");
    std::unique_ptr<learners::Learner> learner =
        learners::createLearner(o.method, context, impl_->config.learnerOptions);

    RunStartEvent start;
    start.name = impl_->config.displayName();
    start.method = o.method;
    start.tasks = impl_->sequence.size();
    for (const data::Task& task : impl_->sequence.tasks()) {
        std::vector<std::string> names;
        for (int c : task.classes)
            names.push_back(impl_->dataset.info.classNames.at(static_cast<std::size_t>(c)));
        start.taskClasses.push_back(std::move(names));
    }
    start.trainableParameters = learner->trainableParameters();
    start.threads = threads;
    observer.onRunStart(start);

    TrainerOptions to;
    to.epochs = o.epochs;
    to.batchSize = o.batchSize;
    to.evalBatchSize = o.evalBatchSize;
    to.lr = o.lr;
    to.lrSchedule = o.lrSchedule;
    to.augment = o.augment;
    to.seed = static_cast<std::uint64_t>(o.seed);
    to.mean = impl_->dataset.mean;
    to.std = impl_->dataset.std;
    Trainer trainer(to, impl_->dataset, impl_->sequence, *learner);
    return trainer.run(observer, control);
}

}  // namespace pf::training
