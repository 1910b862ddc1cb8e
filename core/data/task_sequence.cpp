#include "data/task_sequence.h"

#include <algorithm>
#include <random>
#include <stdexcept>

#include "common/error.h"

namespace pf::data {

std::vector<int> seededPermutation(int n, std::uint32_t seed) {
    std::vector<int> order(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        order[static_cast<std::size_t>(i)] = i;
    std::mt19937 rng(seed);
    for (int i = n - 1; i > 0; --i) {
        // Rejection-free and portable: mt19937's output is specified, the modulo bias is
        // negligible for class counts.
        const int j = static_cast<int>(rng() % static_cast<std::uint32_t>(i + 1));
        std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(j)]);
    }
    return order;
}

Scenario parseScenario(const std::string& name) {
    if (name == "class-il") return Scenario::ClassIncremental;
    if (name == "domain-il") return Scenario::DomainIncremental;
    if (name == "task-il") return Scenario::TaskIncremental;
    throw ConfigError("config key 'scenario': unknown scenario '" + name +
                      "' (class-il, domain-il, task-il)");
}

const char* scenarioName(Scenario scenario) {
    switch (scenario) {
        case Scenario::ClassIncremental:
            return "class-il";
        case Scenario::DomainIncremental:
            return "domain-il";
        case Scenario::TaskIncremental:
            return "task-il";
    }
    return "class-il";
}

TaskSequence TaskSequence::classIncremental(const std::vector<std::int64_t>& trainLabels,
                                            const std::vector<std::int64_t>& testLabels,
                                            std::int64_t poolStart, int numClasses,
                                            const SequenceOptions& options) {
    if (options.tasks < 1)
        throw ConfigError("config key 'tasks': must be at least 1, got " +
                          std::to_string(options.tasks));
    if (options.classesPerTask < 1)
        throw ConfigError("config key 'classes_per_task': must be at least 1, got " +
                          std::to_string(options.classesPerTask));
    if (options.scenario == Scenario::DomainIncremental)
        throw ConfigError("config key 'scenario': domain-il tasks are domains, not classes");
    const int first =
        options.firstTaskClasses > 0 ? options.firstTaskClasses : options.classesPerTask;
    const long long used =
        first + static_cast<long long>(options.tasks - 1) * options.classesPerTask;
    if (used > numClasses)
        throw ConfigError(
            "config keys 'tasks' x 'classes_per_task' = " + std::to_string(options.tasks) + " x " +
            std::to_string(options.classesPerTask) +
            (first != options.classesPerTask ? " (first task " + std::to_string(first) + ")"
                                             : std::string()) +
            " = " + std::to_string(used) + " classes exceed the " + std::to_string(numClasses) +
            " classes of the data set");

    std::vector<int> order;
    if (options.classOrderSeed < 0) {
        for (int c = 0; c < numClasses; ++c)
            order.push_back(c);
    } else {
        order = seededPermutation(numClasses, static_cast<std::uint32_t>(options.classOrderSeed));
    }
    order.resize(static_cast<std::size_t>(used));

    TaskSequence seq;
    seq.scenario_ = options.scenario;
    seq.classOrder_ = order;
    seq.labelMap_.assign(static_cast<std::size_t>(numClasses), -1);
    for (std::size_t i = 0; i < order.size(); ++i)
        seq.labelMap_[static_cast<std::size_t>(order[i])] = static_cast<int>(i);

    // Per class, its samples in data set order, capped.
    auto byClass = [&](const std::vector<std::int64_t>& labels, std::int64_t end, int cap,
                       const char* split) {
        std::vector<std::vector<std::int64_t>> out(static_cast<std::size_t>(numClasses));
        for (std::int64_t i = 0; i < end; ++i) {
            const std::int64_t c = labels[static_cast<std::size_t>(i)];
            if (c < 0 || c >= numClasses)
                throw DataError(std::string(split) + " label " + std::to_string(c) + " at index " +
                                std::to_string(i) + " is outside [0, " +
                                std::to_string(numClasses) + ")");
            auto& v = out[static_cast<std::size_t>(c)];
            if (cap <= 0 || static_cast<int>(v.size()) < cap) v.push_back(i);
        }
        return out;
    };
    const std::int64_t trainEnd =
        std::min<std::int64_t>(poolStart, static_cast<std::int64_t>(trainLabels.size()));
    const auto trainByClass = byClass(trainLabels, trainEnd, options.trainPerClass, "training");
    const auto testByClass = byClass(testLabels, static_cast<std::int64_t>(testLabels.size()),
                                     options.testPerClass, "test");

    // A validation split: the last validationPerClass usable training images of each class,
    // taken out of training (before any cap) and evaluated instead of the test split.
    std::vector<std::vector<std::int64_t>> validationByClass;
    if (options.validationPerClass > 0) {
        const auto all = byClass(trainLabels, trainEnd, 0, "training");
        validationByClass.resize(all.size());
        for (std::size_t c = 0; c < all.size(); ++c) {
            const std::size_t n =
                std::min(all[c].size(), static_cast<std::size_t>(options.validationPerClass));
            validationByClass[c].assign(all[c].end() - static_cast<std::ptrdiff_t>(n),
                                        all[c].end());
        }
        seq.validation_ = true;
    }
    for (int t = 0; t < options.tasks; ++t) {
        Task task;
        task.index = t;
        const int begin = t == 0 ? 0 : first + (t - 1) * options.classesPerTask;
        const int count = t == 0 ? first : options.classesPerTask;
        for (int k = 0; k < count; ++k) {
            const int c = order[static_cast<std::size_t>(begin + k)];
            task.classes.push_back(c);
            std::vector<std::int64_t> tr = trainByClass[static_cast<std::size_t>(c)];
            std::vector<std::int64_t> te = testByClass[static_cast<std::size_t>(c)];
            if (seq.validation_) {
                const auto& val = validationByClass[static_cast<std::size_t>(c)];
                tr.erase(std::remove_if(tr.begin(), tr.end(),
                                        [&](std::int64_t i) {
                                            return std::binary_search(val.begin(), val.end(), i);
                                        }),
                         tr.end());
                te = val;
                if (options.testPerClass > 0 && static_cast<int>(te.size()) > options.testPerClass)
                    te.resize(static_cast<std::size_t>(options.testPerClass));
            }
            if (tr.empty() || te.empty())
                throw DataError("class " + std::to_string(c) + " has no " +
                                (tr.empty() ? "training" : "test") + " samples");
            task.train.insert(task.train.end(), tr.begin(), tr.end());
            task.test.insert(task.test.end(), te.begin(), te.end());
        }
        seq.tasks_.push_back(std::move(task));
    }
    return seq;
}

TaskSequence TaskSequence::domainIncremental(const std::vector<std::int64_t>& trainLabels,
                                             const std::vector<int>& trainDomains,
                                             const std::vector<std::int64_t>& testLabels,
                                             const std::vector<int>& testDomains, int numClasses,
                                             const std::vector<std::string>& domainNames,
                                             const SequenceOptions& options) {
    const int domains = static_cast<int>(domainNames.size());
    if (options.tasks < 1)
        throw ConfigError("config key 'tasks': must be at least 1, got " +
                          std::to_string(options.tasks));
    if (options.tasks > domains)
        throw ConfigError("config key 'tasks': " + std::to_string(options.tasks) +
                          " tasks, but the data set has " + std::to_string(domains) +
                          " domains (one task per domain)");
    if (trainDomains.size() != trainLabels.size() ||
        (!testDomains.empty() && testDomains.size() != testLabels.size()))
        throw std::logic_error("domain ids do not match the samples");

    TaskSequence seq;
    seq.scenario_ = Scenario::DomainIncremental;
    seq.sharedTest_ = testDomains.empty();
    for (int c = 0; c < numClasses; ++c)
        seq.classOrder_.push_back(c);
    seq.labelMap_ = seq.classOrder_;

    // Samples of one domain (or all, domain -1), per class, capped.
    auto pick = [&](const std::vector<std::int64_t>& labels, const std::vector<int>& dom,
                    int domain, int cap) {
        std::vector<std::vector<std::int64_t>> byClass(static_cast<std::size_t>(numClasses));
        for (std::size_t i = 0; i < labels.size(); ++i) {
            if (domain >= 0 && dom[i] != domain) continue;
            const std::int64_t c = labels[i];
            if (c < 0 || c >= numClasses)
                throw DataError("label " + std::to_string(c) + " at index " + std::to_string(i) +
                                " is outside [0, " + std::to_string(numClasses) + ")");
            auto& v = byClass[static_cast<std::size_t>(c)];
            if (cap <= 0 || static_cast<int>(v.size()) < cap)
                v.push_back(static_cast<std::int64_t>(i));
        }
        return byClass;
    };
    for (int t = 0; t < options.tasks; ++t) {
        Task task;
        task.index = t;
        task.domain = domainNames[static_cast<std::size_t>(t)];
        task.classes = seq.classOrder_;
        const auto all = pick(trainLabels, trainDomains, t, 0);
        const auto tests = seq.sharedTest_ ? pick(testLabels, testDomains, -1, options.testPerClass)
                                           : pick(testLabels, testDomains, t, options.testPerClass);
        for (int c = 0; c < numClasses; ++c) {
            std::vector<std::int64_t> tr = all[static_cast<std::size_t>(c)];
            std::vector<std::int64_t> te = tests[static_cast<std::size_t>(c)];
            if (options.validationPerClass > 0) {
                const std::size_t n =
                    std::min(tr.size(), static_cast<std::size_t>(options.validationPerClass));
                te.assign(tr.end() - static_cast<std::ptrdiff_t>(n), tr.end());
                tr.resize(tr.size() - n);
                if (options.testPerClass > 0 && static_cast<int>(te.size()) > options.testPerClass)
                    te.resize(static_cast<std::size_t>(options.testPerClass));
            }
            if (options.trainPerClass > 0 && static_cast<int>(tr.size()) > options.trainPerClass)
                tr.resize(static_cast<std::size_t>(options.trainPerClass));
            task.train.insert(task.train.end(), tr.begin(), tr.end());
            task.test.insert(task.test.end(), te.begin(), te.end());
        }
        if (options.validationPerClass > 0) seq.sharedTest_ = false;
        if (task.train.empty() || task.test.empty())
            throw DataError("domain '" + task.domain + "' has no " +
                            (task.train.empty() ? "training" : "test") + " samples");
        std::sort(task.test.begin(), task.test.end());
        seq.tasks_.push_back(std::move(task));
    }
    seq.validation_ = options.validationPerClass > 0;
    return seq;
}

int TaskSequence::firstClass(int t) const {
    if (scenario_ == Scenario::DomainIncremental) return 0;
    int first = 0;
    for (int i = 0; i < t; ++i)
        first += classesIn(i);
    return first;
}

std::vector<std::int64_t> TaskSequence::trainUpTo(int t) const {
    std::vector<std::int64_t> out;
    for (int i = 0; i <= t; ++i)
        out.insert(out.end(), task(i).train.begin(), task(i).train.end());
    return out;
}

}  // namespace pf::data
