#pragma once

#include <string>

#include "config/fields.h"
#include "data/task_sequence.h"

/// The keys every experiment has: what the learners read of a config. The whole experiment
/// config - these keys and each learner's own, validated against the learner registry - is
/// experiment/experiment_config.h, a layer above the learners.
namespace pf::config {

/// Where the images come from.
struct DataOptions {
    std::string dataset = "fmnist";  ///< data set name from the catalog
    std::string dataRoot;            ///< folder of the data set files; "" = the data set's default
    std::string scenario = "class-il";  ///< class-il, domain-il or task-il
    /// domain-il: the domains in task order, comma-separated ("" = all / the built-in shifts).
    std::string domains;
    double testFraction = 0.2;   ///< image folders without a test folder: share tested
    int splitSeed = 0;           ///< seeds that train/test split
    std::string classNamesFile;  ///< image folders: `<folder> <name>` lines ("" = class_names.txt)
    bool grayscale = false;      ///< image folders: decode to one grey channel
    int cacheMb = 1024;          ///< image folders: decoded images kept in memory, MiB
};

/// How each task is trained and evaluated: what the trainer and the learners' optimizers read.
struct TrainingOptions {
    int imageSize = 0;               ///< resize images to this side for the model; 0 = as stored
    bool augment = false;            ///< random crop with 2-pixel padding while training
    bool randomResizedCrop = false;  ///< random resized crop (scale 0.08-1, ratio 3/4-4/3)
    bool flip = false;               ///< random horizontal flip while training
    double colorJitter = 0.0;        ///< brightness/contrast/saturation jitter strength (0: off)
    /// Test-time resize to side * 8/7 and centre crop (the 256 -> 224 of ImageNet evaluation).
    bool centerCrop = false;
    int epochs = 1;                       ///< passes over each task's training data
    int batchSize = 64;                   ///< training mini-batch size
    int evalBatchSize = 256;              ///< evaluation batch size (no effect on results)
    std::string optimizer = "adamw";      ///< adamw, adam or sgd (momentum 0.9)
    double lr = 1e-3;                     ///< base learning rate
    std::string lrSchedule = "constant";  ///< constant, or cosine over each task's steps
    double weightDecay = 1e-4;            ///< decoupled for adamw, L2 for adam and sgd
    double gradClip = 0.0;                ///< max global gradient norm; 0 = no clipping
};

/// Where and how fast a run computes.
struct SystemOptions {
    int threads = 0;  ///< intra-op threads of the training thread; 0 = all cores
    /// How the threads share a training step: "ops" (each operation split across them),
    /// "batch" (each trains on a part of the batch alone; learners with splitsBatches, on the
    /// CPU) or "auto" (batch where the learner and device allow it, ops elsewhere)
    std::string parallel = "auto";
    int prefetchBatches = 2;     ///< batches loaded ahead on a loader thread; 0 = none
    std::string device = "cpu";  ///< compute device
};

/// Keys every experiment has, with defaults, in parts that go down whole to the code that
/// reads them: `sequence` to the task sequence, `training` to the trainer and the optimizers.
/// The keys stay flat in JSON ("lr", not "training.lr"): presets, stored configs and --set
/// name them as before.
struct ExperimentOptions {
    std::string name;                 ///< run name in the history; "" = "<method> on <dataset>"
    std::string description;          ///< free text, shown with presets
    std::string method = "finetune";  ///< learner name (see `pfstudio run --help`)
    /// Methods run after `method` on the same task sequence, comma-separated ("" = none): the
    /// forgetting demo's "finetune, then promptfusion". Each gets its own run in the store.
    std::string compareWith;
    DataOptions data;
    /// tasks, classes_per_task, first_task_classes, class_order_seed, train/test/validation
    /// per class; its scenario is data.scenario's, set when the sequence is built.
    data::SequenceOptions sequence;
    TrainingOptions training;
    int memorySize = 0;  ///< rehearsal memory size in images (rehearsal methods)
    int seed = 0;        ///< seeds weights, shuffling and augmentation
    /// Seeds to run one after the other, e.g. "0-2" or "0,3,7" ("" = just `seed`): each method
    /// of the comparison once per seed, for a mean and spread across seeds.
    std::string seeds;
    bool zeroShot = true;  ///< record the built-in CLIP's zero-shot accuracy first
    SystemOptions system;

    /// The field description (schema) of these options. Defined with the experiment config
    /// (experiment/experiment_config.cpp), a layer above the learners, since its `method` key
    /// lists the registered learners.
    static const FieldSet<ExperimentOptions>& fields();
};

}  // namespace pf::config
