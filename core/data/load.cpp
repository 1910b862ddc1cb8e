#include "data/load.h"

#include "common/error.h"
#include "data/domain_shifts.h"

namespace pf::data {

ImageDataset loadDataset(const LoadOptions& o) {
    const DatasetInfo& info = datasetInfo(o.dataset);
    const bool dil = o.scenario == "domain-il";
    if (info.domainsOnly && !dil)
        throw ConfigError("config key 'scenario': data set '" + o.dataset +
                          "' has domains, not classes, as tasks: use domain-il");
    if (dil && !info.domainsOnly && !info.builtinShifts)
        throw ConfigError(
            "config key 'scenario': domain-il needs a data set with domains "
            "(domainfolder, core50) or built-in shifts (fmnist); '" +
            o.dataset + "' has neither");
    if (o.dataset == "imagefolder") return loadImageFolder(o.root, o.folder);
    if (o.dataset == "domainfolder") return loadDomainFolder(o.root, o.folder);
    if (o.dataset == "core50") return loadCore50(o.root, o.folder);
    // Which rendition each image gets is part of the data, like a split: split_seed draws it.
    if (o.dataset == "fmnist-r")
        return loadFashionMnistRenditions(
            o.root.empty() ? datasetInfo(o.dataset).defaultRoot : o.root,
            static_cast<std::uint32_t>(o.folder.splitSeed));
    ImageDataset base = loadDataset(o.dataset, o.root);
    if (!dil) return base;
    const std::vector<std::string> shifts =
        o.folder.domains.empty() ? builtinShiftNames() : o.folder.domains;
    return withDomainShifts(base, shifts, o.seed);
}

}  // namespace pf::data
