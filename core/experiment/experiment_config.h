#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/experiment_options.h"
#include "config/fields.h"
#include "data/catalog.h"

/// The experiment config: one JSON object per run. The same keys serve presets, `--set`, the run
/// store and the GUI form. Core keys live in ExperimentOptions; each learner adds its own keys
/// (see learners/registry.h), and a key that neither knows is an error.
namespace pf::config {

/// A validated experiment config: core options plus the learner's own keys.
class ExperimentConfig {
public:
    /// The data set as the model sees it: the catalog entry with image_size applied, and for
    /// image folders the side and channels they are decoded to.
    data::DatasetInfo effectiveDataset() const;
    /// The `domains` key split at commas (empty: all domains / built-in shifts).
    std::vector<std::string> domainList() const;

    /// Parses and validates a whole config object: every key known (core or learner), every
    /// value of the right type and in range, cross-key constraints (tasks x classes per task
    /// fit the data set). Missing keys take their defaults. Throws ConfigError naming the key.
    static ExperimentConfig fromJson(const nlohmann::json& object);

    /// Reads a JSON file; throws ConfigError naming the file and the parse position.
    static ExperimentConfig fromFile(const std::string& path,
                                     const std::vector<std::string>& overrides = {});

    /// Loads a built-in preset by name, then applies `key=value` overrides. When they pick
    /// another method, the preset's keys that method does not have are dropped (they set the
    /// preset's own method).
    static ExperimentConfig fromPreset(const std::string& name,
                                       const std::vector<std::string>& overrides = {});

    /// Applies `key=value` overrides to a raw config object, then validates it.
    static ExperimentConfig withOverrides(nlohmann::json object,
                                          const std::vector<std::string>& overrides);

    /// Every key with its value, defaults filled in (what the run store keeps).
    nlohmann::json toJson() const;

    /// The run name to show: `name`, or "<method> on <dataset>".
    std::string displayName() const;

    /// The methods of `compare_with`, in order (empty when there is no comparison).
    std::vector<std::string> comparedMethods() const;

    /// The seeds of `seeds`, in order (empty when it is empty: just `seed`).
    std::vector<int> seedList() const;

    /// The runs this config asks for: itself, then one config per compared method with the same
    /// core keys (data, sequence, training, seed) and that method's default keys; with `seeds`,
    /// each of those once per seed (method by method). None of the returned configs has
    /// `compare_with` or `seeds` set, and when `name` is set each run's name ends in
    /// " [method]", " [seed S]" or " [method, seed S]" so that the history tells them apart.
    std::vector<ExperimentConfig> comparisonRuns() const;

    /// What is valid but makes the run other than its method's name says (a rehearsal method
    /// with memory_size 0 is its method without the memory), one sentence each.
    std::vector<std::string> warnings() const;

    ExperimentOptions options;                                 ///< core keys
    nlohmann::json learnerOptions = nlohmann::json::object();  ///< the learner's keys, complete

private:
    void validateCrossKeys() const;
};

/// Whether `name` has the form of a device: "cpu", "cuda" or "cuda:N". Whether that device
/// exists is decided when a run starts (training::computeDevice()).
bool isDeviceName(const std::string& name);

/// The specs of the core keys followed by those of `method`'s keys, for forms and --help.
std::vector<FieldSpec> schemaFor(const std::string& method);

/// Names of the built-in presets (resources/presets/*.json without extension), sorted.
std::vector<std::string> presetNames();

/// The raw JSON object of a built-in preset; throws ConfigError listing the known ones.
nlohmann::json presetJson(const std::string& name);

}  // namespace pf::config
