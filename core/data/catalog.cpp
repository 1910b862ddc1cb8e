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
          "Bag", "Ankle boot"},
         false,
         false,
         true},
        // The same files, every task image redrawn in one of the renditions; the pretraining
        // pool stays plain (data/domain_shifts.h).
        {"fmnist-r",
         "Fashion-MNIST renditions",
         "/usr/share/datasets/fashion-mnist",
         10,
         1,
         28,
         10000,
         {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
          "Bag", "Ankle boot"}},
        // No default folder: CIFAR is not packaged, the user points data_root at it.
        {"cifar10",
         "CIFAR-10",
         "",
         10,
         3,
         32,
         0,
         {"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
          "truck"}},
        {"cifar100",
         "CIFAR-100",
         "",
         100,
         3,
         32,
         0,
         {"apple",       "aquarium_fish", "baby",      "bear",       "beaver",       "bed",
          "bee",         "beetle",        "bicycle",   "bottle",     "bowl",         "boy",
          "bridge",      "bus",           "butterfly", "camel",      "can",          "castle",
          "caterpillar", "cattle",        "chair",     "chimpanzee", "clock",        "cloud",
          "cockroach",   "couch",         "crab",      "crocodile",  "cup",          "dinosaur",
          "dolphin",     "elephant",      "flatfish",  "forest",     "fox",          "girl",
          "hamster",     "house",         "kangaroo",  "keyboard",   "lamp",         "lawn_mower",
          "leopard",     "lion",          "lizard",    "lobster",    "man",          "maple_tree",
          "motorcycle",  "mountain",      "mouse",     "mushroom",   "oak_tree",     "orange",
          "orchid",      "otter",         "palm_tree", "pear",       "pickup_truck", "pine_tree",
          "plain",       "plate",         "poppy",     "porcupine",  "possum",       "rabbit",
          "raccoon",     "ray",           "road",      "rocket",     "rose",         "sea",
          "seal",        "shark",         "shrew",     "skunk",      "skyscraper",   "snail",
          "snake",       "spider",        "squirrel",  "streetcar",  "sunflower",    "sweet_pepper",
          "table",       "tank",          "telephone", "television", "tiger",        "tractor",
          "train",       "trout",         "tulip",     "turtle",     "wardrobe",     "whale",
          "willow_tree", "wolf",          "woman",     "worm"}},
        // Folders: what they hold is known once scanned; images come out at image_size.
        {"imagefolder", "Image folder (one subfolder per class)", "", 0, 3, 0, 0, {}, true},
        {"domainfolder",
         "Domain folder (one subfolder per domain, e.g. DomainNet)",
         "",
         0,
         3,
         0,
         0,
         {},
         true,
         true},
        {"core50", "CORe50 (sessions as domains)", "", 50, 3, 0, 0, {}, true, true},
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
