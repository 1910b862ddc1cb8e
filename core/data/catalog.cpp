#include "data/catalog.h"

#include "common/error.h"

namespace pf::data {

const std::vector<DatasetInfo>& datasetCatalog() {
    static const std::vector<DatasetInfo> catalog = {
        {"fmnist",
         "Fashion-MNIST",
         "/usr/share/datasets/fashion-mnist",
         10,
         1,
         28,
         10000,
         {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
          "Bag", "Ankle boot"}},
    };
    return catalog;
}

const DatasetInfo& datasetInfo(const std::string& name) {
    for (const DatasetInfo& info : datasetCatalog())
        if (info.name == name) return info;
    std::string known;
    for (const DatasetInfo& info : datasetCatalog())
        known += (known.empty() ? "" : ", ") + info.name;
    throw ConfigError("config key 'dataset': unknown data set '" + name + "' (known: " + known +
                      ")");
}

std::vector<std::string> datasetNames() {
    std::vector<std::string> names;
    for (const DatasetInfo& info : datasetCatalog())
        names.push_back(info.name);
    return names;
}

}  // namespace pf::data
