#pragma once

#include <string>
#include <vector>

/// What the app knows about each data set without loading it: enough to validate a config and
/// to fill the GUI's data set picker. Torch-free, so ui/ can include it.
namespace pf::data {

struct DatasetInfo {
    std::string name;                     ///< config value of `dataset`
    std::string title;                    ///< human-readable name
    std::string defaultRoot;              ///< used when `data_root` is empty
    int numClasses = 0;                   ///< size of the label set (0: found when loaded)
    int channels = 0;                     ///< image channels as stored
    int imageSize = 0;                    ///< square side in pixels as stored (0: image_size)
    int pretrainPool = 0;                 ///< last N training images reserved, never in a task
    std::vector<std::string> classNames;  ///< index = original label
    /// Image files on disk (imagefolder, domainfolder, core50): read lazily, classes and
    /// sizes known only once the folder is scanned.
    bool folder = false;
    /// Its tasks are domains (domainfolder, core50): only the domain-il scenario fits.
    bool domainsOnly = false;
    /// It has built-in domain shifts for the domain-il scenario (fmnist).
    bool builtinShifts = false;
};

/// All built-in data sets.
const std::vector<DatasetInfo>& datasetCatalog();

/// The entry named `name`; throws pf::ConfigError listing the known names.
const DatasetInfo& datasetInfo(const std::string& name);

/// Names of all built-in data sets, for choice fields.
std::vector<std::string> datasetNames();

}  // namespace pf::data
