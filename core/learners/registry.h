#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/fields.h"
#include "data/catalog.h"

/// The learners the app knows, by name, with their own config keys. Torch-free: the GUI builds
/// its method picker and form from this.
namespace pf::learners {

struct LearnerInfo {
    std::string name;                       ///< config value of `method`
    std::string title;                      ///< human-readable name
    std::string description;                ///< one line for pickers and --help
    std::vector<config::FieldSpec> fields;  ///< the learner's own config keys
    /// Reads the learner's keys out of a config object (checking each, and their consistency
    /// with the data set's image shape), returns all of them with defaults filled in. Keys that
    /// are not the learner's are ignored here. Throws pf::ConfigError naming the key.
    std::function<nlohmann::json(const nlohmann::json&, const data::DatasetInfo&)> normalize;
    /// Whether its steps can be split by batch across threads (config `parallel`: "batch").
    bool splitsBatches = false;
    /// Whether it keeps a rehearsal memory (config `memory_size`): without one it is another
    /// method (er: finetune).
    bool rehearses = false;
};

/// All learners, in the order pickers show them.
const std::vector<LearnerInfo>& learnerCatalog();

/// The learner `name`; throws pf::ConfigError listing the known names.
const LearnerInfo& learnerInfo(const std::string& name);

/// Names of all learners.
std::vector<std::string> learnerNames();

}  // namespace pf::learners
