#include "data/image_folder.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <list>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <unordered_map>

#include <torch/torch.h>

#include "common/error.h"
#include "common/thread_pool.h"
#include "data/image_file.h"
#include "data/task_sequence.h"

namespace pf::data {
namespace {

namespace fs = std::filesystem;

// CLIP's normalisation for RGB folders; the built-in backbones' (Fashion-MNIST's) for grey.
const std::vector<float> kClipMean{0.48145466f, 0.4578275f, 0.40821073f};
const std::vector<float> kClipStd{0.26862954f, 0.26130258f, 0.27577711f};

/// Every file of a folder data set, one decoder pool and one LRU cache of decoded images shared
/// by both splits.
class FolderStore {
public:
    FolderStore(std::vector<fs::path> files, DecodeOptions decode, std::int64_t cacheBytes,
                int threads)
        : files_(std::move(files))
        , decode_(decode)
        , imageBytes_(static_cast<std::size_t>(decode.side) * decode.side *
                      (decode.grayscale ? 1 : 3))
        , capacity_(static_cast<std::size_t>(std::max<std::int64_t>(cacheBytes, 0)) / imageBytes_)
        , pool_(threads > 0 ? static_cast<std::size_t>(threads) - 1
                            : ThreadPool::decodeThreads() - 1) {}

    std::size_t imageBytes() const { return imageBytes_; }
    const fs::path& path(std::int64_t id) const { return files_[static_cast<std::size_t>(id)]; }
    std::size_t size() const { return files_.size(); }

    /// Decodes every file once; returns the reason per file ("" = fine). Images go into the
    /// cache while it has room, so the first epoch starts warm.
    std::vector<std::string> verify() {
        std::vector<std::string> errors(files_.size());
        std::vector<std::uint8_t> scratch(imageBytes_ * (pool_.workers() + 1));
        std::atomic<std::size_t> slot{0};
        std::mutex slotMutex;
        std::map<std::thread::id, std::size_t> slots;
        pool_.parallelFor(files_.size(), [&](std::size_t i) {
            std::size_t mine;
            {
                std::lock_guard<std::mutex> lock(slotMutex);
                auto [it, added] = slots.emplace(std::this_thread::get_id(), slot.load());
                if (added) ++slot;
                mine = it->second;
            }
            std::uint8_t* buffer = scratch.data() + mine * imageBytes_;
            std::string error;
            if (!decodeImageFile(files_[i], decode_, buffer, error)) {
                errors[i] = error;
                return;
            }
            std::lock_guard<std::mutex> lock(mutex_);
            if (entries_.size() < capacity_) insertLocked(static_cast<std::int64_t>(i), buffer);
        });
        return errors;
    }

    void read(const std::vector<std::int64_t>& ids, std::uint8_t* out) {
        std::vector<std::size_t> misses;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            for (std::size_t k = 0; k < ids.size(); ++k) {
                auto it = entries_.find(ids[k]);
                if (it == entries_.end()) {
                    misses.push_back(k);
                    continue;
                }
                order_.splice(order_.begin(), order_, it->second.second);
                std::copy(it->second.first.begin(), it->second.first.end(), out + k * imageBytes_);
            }
        }
        if (misses.empty()) return;
        pool_.parallelFor(misses.size(), [&](std::size_t m) {
            const std::size_t k = misses[m];
            std::string error;
            if (!decodeImageFile(path(ids[k]), decode_, out + k * imageBytes_, error))
                throw DataError(path(ids[k]).string() + ": " + error +
                                " (the file changed after the data set was loaded)");
        });
        std::lock_guard<std::mutex> lock(mutex_);
        for (std::size_t k : misses)
            insertLocked(ids[k], out + k * imageBytes_);
    }

private:
    void insertLocked(std::int64_t id, const std::uint8_t* pixels) {
        if (capacity_ == 0 || entries_.count(id)) return;
        std::vector<std::uint8_t> copy;
        if (entries_.size() >= capacity_) {
            // Recycle the least recently used entry's buffer.
            const std::int64_t victim = order_.back();
            order_.pop_back();
            auto it = entries_.find(victim);
            copy = std::move(it->second.first);
            entries_.erase(it);
        }
        copy.assign(pixels, pixels + imageBytes_);
        order_.push_front(id);
        entries_.emplace(id, std::make_pair(std::move(copy), order_.begin()));
    }

    std::vector<fs::path> files_;
    DecodeOptions decode_;
    std::size_t imageBytes_;
    std::size_t capacity_;
    ThreadPool pool_;
    std::mutex mutex_;
    std::list<std::int64_t> order_;  // most recently used first
    std::unordered_map<std::int64_t,
                       std::pair<std::vector<std::uint8_t>, std::list<std::int64_t>::iterator>>
        entries_;
};

/// One split's view of the store.
class FolderSource : public ImageSource {
public:
    FolderSource(std::shared_ptr<FolderStore> store, std::vector<std::int64_t> ids, int side,
                 int channels)
        : store_(std::move(store)), ids_(std::move(ids)), side_(side), channels_(channels) {}

    std::int64_t size() const override { return static_cast<std::int64_t>(ids_.size()); }
    int side() const override { return side_; }
    int channels() const override { return channels_; }
    void read(const std::vector<std::int64_t>& indices, std::uint8_t* out) const override {
        std::vector<std::int64_t> ids;
        ids.reserve(indices.size());
        for (std::int64_t i : indices)
            ids.push_back(ids_.at(static_cast<std::size_t>(i)));
        store_->read(ids, out);
    }
    std::string describe(std::int64_t index) const override {
        return store_->path(ids_.at(static_cast<std::size_t>(index))).string();
    }

private:
    std::shared_ptr<FolderStore> store_;
    std::vector<std::int64_t> ids_;
    int side_;
    int channels_;
};

/// A file found by a scan, before decoding.
struct Entry {
    fs::path path;
    int label = 0;
    int domain = 0;
    bool test = false;
    bool seeded = false;  // goes to train or test by the seeded split, once known readable
};

bool hidden(const fs::path& p) {
    const std::string name = p.filename().string();
    return !name.empty() && name[0] == '.';
}

std::vector<std::string> subfolders(const fs::path& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.is_directory() && !hidden(e.path())) out.push_back(e.path().filename().string());
    if (ec) throw DataError(dir.string() + ": cannot list the folder (" + ec.message() + ")");
    std::sort(out.begin(), out.end());
    return out;
}

/// Image files directly in `dir`, sorted; other files are counted in `ignored`.
std::vector<fs::path> imageFiles(const fs::path& dir, std::vector<fs::path>& ignored) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        if (hidden(e.path()) || e.is_directory()) continue;
        if (hasImageExtension(e.path()))
            out.push_back(e.path());
        else
            ignored.push_back(e.path());
    }
    if (ec) throw DataError(dir.string() + ": cannot list the folder (" + ec.message() + ")");
    std::sort(out.begin(), out.end());
    return out;
}

void requireFolder(const fs::path& root, const std::string& what) {
    if (root.empty()) throw DataError("data_root is empty: set it to " + what);
    if (!fs::is_directory(root))
        throw DataError(root.string() + ": folder not found (data_root: " + what + ")");
}

std::string displayName(std::string folder) {
    std::replace(folder.begin(), folder.end(), '_', ' ');
    return folder;
}

/// Calls fn(line, number) for every line of a text file, CR stripped; throws naming the file.
void forEachLine(const fs::path& path, const std::string& what,
                 const std::function<void(const std::string&, int)>& fn) {
    std::ifstream in(path);
    if (!in) throw DataError(path.string() + ": cannot open the " + what);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        fn(line, ++number);
    }
}

/// Class display names: `<folder> <name>` per line, '#' comments.
std::map<std::string, std::string> readNames(const fs::path& root, const std::string& file) {
    std::map<std::string, std::string> names;
    fs::path path = file.empty() ? root / "class_names.txt" : fs::path(file);
    if (file.empty() && !fs::exists(path)) return names;
    forEachLine(path, "class names file", [&](const std::string& line, int number) {
        const auto start = line.find_first_not_of(" \t");
        if (start == std::string::npos || line[start] == '#') return;
        const auto split = line.find_first_of(" \t", start);
        const auto nameStart =
            split == std::string::npos ? std::string::npos : line.find_first_not_of(" \t", split);
        if (nameStart == std::string::npos)
            throw DataError(path.string() + ": line " + std::to_string(number) +
                            " has a folder but no name (expected '<folder> <name>')");
        names[line.substr(start, split - start)] = line.substr(nameStart);
    });
    return names;
}

void addIgnoredWarning(ImageDataset& ds, const std::vector<fs::path>& ignored) {
    if (ignored.empty()) return;
    ds.warnings.push_back(std::to_string(ignored.size()) +
                          " file(s) without an image extension (.jpg .jpeg .png .bmp .webp) "
                          "ignored, e.g. " +
                          ignored.front().string());
}

/// The seeded split: for each (domain, class), the readable files marked `seeded` in a seeded
/// order, the first test_fraction of them tested. Done after decoding, so an unreadable file
/// never takes a test place.
void seededSplit(std::vector<Entry>& entries, const std::vector<std::string>& errors,
                 const FolderOptions& o) {
    std::map<std::pair<int, int>, std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < entries.size(); ++i)
        if (entries[i].seeded && errors[i].empty())
            groups[{entries[i].domain, entries[i].label}].push_back(i);
    for (auto& [key, members] : groups) {
        std::mt19937 rng(static_cast<std::uint32_t>(o.splitSeed) * 2654435761u +
                         static_cast<std::uint32_t>(key.second) * 7919u +
                         static_cast<std::uint32_t>(key.first) * 104729u);
        for (std::size_t i = members.size(); i > 1; --i)
            std::swap(members[i - 1], members[rng() % i]);
        std::size_t tests = static_cast<std::size_t>(std::lround(o.testFraction * members.size()));
        if (o.testFraction > 0.0 && members.size() >= 2) tests = std::max<std::size_t>(tests, 1);
        tests = std::min(tests, members.size() > 1 ? members.size() - 1 : 0);
        for (std::size_t k = 0; k < members.size(); ++k)
            entries[members[k]].test = k < tests;
    }
}

/// Decodes every entry, drops unreadable ones with a warning, and builds both splits.
ImageDataset build(DatasetInfo info, std::vector<Entry> entries, const FolderOptions& o,
                   std::vector<std::string> domains, bool sharedTest,
                   std::vector<std::string> warnings) {
    ImageDataset ds;
    ds.info = std::move(info);
    ds.warnings = std::move(warnings);
    ds.domainNames = std::move(domains);
    ds.sharedTest = sharedTest;
    const int channels = o.grayscale ? 1 : 3;
    ds.info.channels = channels;
    ds.info.imageSize = o.side;
    ds.info.numClasses = static_cast<int>(ds.info.classNames.size());
    ds.mean = o.grayscale ? std::vector<float>{0.2860f} : kClipMean;
    ds.std = o.grayscale ? std::vector<float>{0.3530f} : kClipStd;

    std::vector<fs::path> files;
    files.reserve(entries.size());
    for (const Entry& e : entries)
        files.push_back(e.path);
    DecodeOptions decode;
    decode.side = o.side;
    decode.grayscale = o.grayscale;
    auto store =
        std::make_shared<FolderStore>(std::move(files), decode, o.cacheBytes, o.decodeThreads);
    const std::vector<std::string> errors = store->verify();
    seededSplit(entries, errors, o);

    std::vector<std::string> bad;
    std::size_t badCount = 0;
    std::vector<std::int64_t> trainIds, testIds;
    std::vector<std::int64_t> trainLabels, testLabels;
    std::vector<int> trainDomains, testDomains;
    std::vector<std::int64_t> perClassTrain(ds.info.classNames.size(), 0);
    std::vector<bool> hasFiles(ds.info.classNames.size(), false);
    for (const Entry& e : entries)
        if (!e.test) hasFiles[static_cast<std::size_t>(e.label)] = true;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (!errors[i].empty()) {
            if (++badCount <= 10) bad.push_back(entries[i].path.string() + " (" + errors[i] + ")");
            continue;
        }
        const Entry& e = entries[i];
        if (e.test) {
            testIds.push_back(static_cast<std::int64_t>(i));
            testLabels.push_back(e.label);
            testDomains.push_back(e.domain);
        } else {
            trainIds.push_back(static_cast<std::int64_t>(i));
            trainLabels.push_back(e.label);
            trainDomains.push_back(e.domain);
            ++perClassTrain[static_cast<std::size_t>(e.label)];
        }
    }
    if (badCount > 0) {
        std::string w = std::to_string(badCount) + " of " + std::to_string(entries.size()) +
                        " image(s) could not be read and are left out: ";
        for (std::size_t k = 0; k < bad.size(); ++k)
            w += (k ? "; " : "") + bad[k];
        if (badCount > bad.size()) w += "; and " + std::to_string(badCount - bad.size()) + " more";
        ds.warnings.push_back(w);
    }
    for (std::size_t c = 0; c < perClassTrain.size(); ++c)
        if (perClassTrain[c] == 0 && hasFiles[c])
            throw DataError("class '" + ds.info.classNames[c] + "' has no readable training image" +
                            (badCount > 0
                                 ? " (see the unreadable images above: " + ds.warnings.back() + ")"
                                 : ""));

    auto split = [&](std::vector<std::int64_t> ids, const std::vector<std::int64_t>& labels,
                     std::vector<int> domains) {
        ImageSplit s;
        s.labels = torch::tensor(labels, torch::kInt64);
        if (!ds.domainNames.empty()) s.domains = std::move(domains);
        s.source = std::make_shared<FolderSource>(store, std::move(ids), o.side, channels);
        return s;
    };
    ds.train = split(std::move(trainIds), trainLabels, std::move(trainDomains));
    ds.test = split(std::move(testIds), testLabels, std::move(testDomains));
    if (sharedTest) ds.test.domains.clear();
    return ds;
}

void checkOptions(const FolderOptions& o) {
    if (o.side < 1) throw ConfigError("config key 'image_size': must be at least 1");
    if (!(o.testFraction >= 0.0 && o.testFraction < 1.0))
        throw ConfigError("config key 'test_fraction': must be in [0, 1)");
}

/// Class folders of one root (`dir/<class>/*`) appended to `entries`; `classIndex` maps folder
/// names to labels (classes not in it are skipped and reported).
void scanClasses(const fs::path& dir, const std::map<std::string, int>& classIndex, int domain,
                 bool test, bool seeded, std::vector<Entry>& entries,
                 std::vector<fs::path>& ignored, std::set<std::string>& unknown) {
    for (const std::string& cls : subfolders(dir)) {
        auto it = classIndex.find(cls);
        if (it == classIndex.end()) {
            unknown.insert((dir / cls).string());
            continue;
        }
        for (fs::path& f : imageFiles(dir / cls, ignored))
            entries.push_back({std::move(f), it->second, domain, test, seeded});
    }
}

std::vector<std::string> namesFor(const std::vector<std::string>& folders,
                                  const std::map<std::string, std::string>& names) {
    std::vector<std::string> out;
    for (const std::string& f : folders) {
        auto it = names.find(f);
        out.push_back(it != names.end() ? it->second : displayName(f));
    }
    return out;
}

}  // namespace

ImageDataset loadImageFolder(const std::string& rootText, const FolderOptions& o) {
    checkOptions(o);
    const fs::path root(rootText);
    requireFolder(root, "the image folder (one subfolder per class)");
    const bool presplit = fs::is_directory(root / "train") && fs::is_directory(root / "test");
    const fs::path trainDir = presplit ? root / "train" : root;
    std::vector<std::string> classes = subfolders(trainDir);
    if (classes.empty())
        throw DataError(trainDir.string() + ": no class folders (expected " + trainDir.string() +
                        "/<class>/<image files>)");
    std::map<std::string, int> index;
    for (std::size_t c = 0; c < classes.size(); ++c)
        index[classes[c]] = static_cast<int>(c);
    std::vector<Entry> entries;
    std::vector<fs::path> ignored;
    std::set<std::string> unknown;
    scanClasses(trainDir, index, 0, false, !presplit, entries, ignored, unknown);
    if (presplit) scanClasses(root / "test", index, 0, true, false, entries, ignored, unknown);
    for (const std::string& c : classes) {
        const bool any = std::any_of(entries.begin(), entries.end(),
                                     [&](const Entry& e) { return e.label == index[c]; });
        if (!any) throw DataError((trainDir / c).string() + ": class folder holds no image files");
    }

    DatasetInfo info = datasetInfo("imagefolder");
    info.classNames = namesFor(classes, readNames(root, o.namesFile));
    std::vector<std::string> warnings;
    for (const std::string& u : unknown)
        warnings.push_back(u + ": not a class of the training folder, ignored");
    ImageDataset ds = build(std::move(info), std::move(entries), o, {}, false, warnings);
    addIgnoredWarning(ds, ignored);
    return ds;
}

ImageDataset loadDomainFolder(const std::string& rootText, const FolderOptions& o) {
    checkOptions(o);
    const fs::path root(rootText);
    requireFolder(root, "the domain folder (one subfolder per domain, each with class folders)");
    std::vector<std::string> domains = o.domains.empty() ? subfolders(root) : o.domains;
    if (domains.empty()) throw DataError(root.string() + ": no domain folders");
    for (const std::string& d : domains)
        if (!fs::is_directory(root / d))
            throw DataError((root / d).string() +
                            ": domain folder not found (config key "
                            "'domains' lists it)");

    // The shared label set: every class folder of any domain.
    auto classDir = [&](const std::string& d) {
        return fs::is_directory(root / d / "train") ? root / d / "train" : root / d;
    };
    std::set<std::string> all;
    std::map<std::string, std::set<std::string>> perDomain;
    for (const std::string& d : domains)
        for (const std::string& c : subfolders(classDir(d))) {
            if (c == "test") continue;
            all.insert(c);
            perDomain[d].insert(c);
        }
    if (all.empty()) throw DataError(root.string() + ": the domain folders hold no class folders");
    const std::vector<std::string> classes(all.begin(), all.end());
    std::map<std::string, int> index;
    for (std::size_t c = 0; c < classes.size(); ++c)
        index[classes[c]] = static_cast<int>(c);

    std::vector<Entry> entries;
    std::vector<fs::path> ignored;
    std::set<std::string> unknown;
    std::vector<std::string> warnings;
    for (std::size_t k = 0; k < domains.size(); ++k) {
        const std::string& d = domains[k];
        const int domain = static_cast<int>(k);
        if (perDomain[d].size() < classes.size())
            warnings.push_back("domain '" + d + "' has " + std::to_string(perDomain[d].size()) +
                               " of the " + std::to_string(classes.size()) + " classes");
        const fs::path trainList = root / (d + "_train.txt"), testList = root / (d + "_test.txt");
        if (fs::is_directory(root / d / "train") && fs::is_directory(root / d / "test")) {
            scanClasses(root / d / "train", index, domain, false, false, entries, ignored, unknown);
            scanClasses(root / d / "test", index, domain, true, false, entries, ignored, unknown);
        } else if (fs::is_regular_file(trainList) && fs::is_regular_file(testList)) {
            // DomainNet's lists: "<domain>/<class>/<file> <label>" relative to the root.
            std::size_t missing = 0;
            for (const auto& [list, test] :
                 {std::make_pair(trainList, false), std::make_pair(testList, true)}) {
                forEachLine(list, "split list",
                            [&, &list = list, test = test](const std::string& line, int number) {
                                std::istringstream fields(line);
                                std::string rel;
                                if (!(fields >> rel)) return;
                                const fs::path p(rel);
                                if (std::distance(p.begin(), p.end()) < 3)
                                    throw DataError(list.string() + ": line " +
                                                    std::to_string(number) +
                                                    ": expected '<domain>/<class>/<file> <label>'");
                                const std::string cls = std::next(p.begin())->string();
                                auto it = index.find(cls);
                                if (it == index.end()) {
                                    unknown.insert((root / d / cls).string());
                                    return;
                                }
                                if (!fs::exists(root / p)) {
                                    ++missing;
                                    return;
                                }
                                entries.push_back({root / p, it->second, domain, test});
                            });
            }
            if (missing > 0)
                warnings.push_back(std::to_string(missing) + " file(s) named in " +
                                   trainList.string() + " or " + testList.string() +
                                   " do not exist, left out");
        } else {
            scanClasses(root / d, index, domain, false, true, entries, ignored, unknown);
        }
    }
    for (const std::string& u : unknown)
        warnings.push_back(u + ": not a class folder of any domain, ignored");

    DatasetInfo info = datasetInfo("domainfolder");
    info.classNames = namesFor(classes, readNames(root, o.namesFile));
    ImageDataset ds =
        build(std::move(info), std::move(entries), o, domains, false, std::move(warnings));
    addIgnoredWarning(ds, ignored);
    return ds;
}

std::vector<std::string> core50ClassNames() {
    static const char* categories[] = {"plug adapter", "mobile phone",  "scissors", "light bulb",
                                       "can",          "glasses",       "ball",     "marker",
                                       "cup",          "remote control"};
    std::vector<std::string> names;
    for (int c = 0; c < 10; ++c)
        for (int k = 1; k <= 5; ++k)
            names.push_back(std::string(categories[c]) + " " + std::to_string(k));
    return names;
}

ImageDataset loadCore50(const std::string& rootText, const FolderOptions& o) {
    checkOptions(o);
    const fs::path root(rootText);
    requireFolder(root, "the CORe50 folder (core50_128x128, with session folders s1 .. s11)");
    std::vector<std::string> trainSessions =
        o.domains.empty()
            ? std::vector<std::string>{"s1", "s2", "s4", "s5", "s6", "s8", "s9", "s11"}
            : o.domains;
    const std::vector<std::string> testSessions{"s3", "s7", "s10"};
    for (const std::string& s : trainSessions)
        if (std::find(testSessions.begin(), testSessions.end(), s) != testSessions.end())
            throw ConfigError("config key 'domains': session '" + s +
                              "' is a CORe50 test session (s3, s7, s10)");

    std::map<std::string, int> index;
    for (int k = 1; k <= 50; ++k)
        index["o" + std::to_string(k)] = k - 1;
    std::vector<Entry> entries;
    std::vector<fs::path> ignored;
    std::set<std::string> unknown;
    auto scanSession = [&](const std::string& s, int domain, bool test) {
        const fs::path dir = root / s;
        if (!fs::is_directory(dir))
            throw DataError(dir.string() + ": CORe50 session folder not found");
        scanClasses(dir, index, domain, test, false, entries, ignored, unknown);
    };
    for (std::size_t k = 0; k < trainSessions.size(); ++k)
        scanSession(trainSessions[k], static_cast<int>(k), false);
    for (const std::string& s : testSessions)
        scanSession(s, 0, true);
    std::vector<std::string> warnings;
    for (const std::string& u : unknown)
        warnings.push_back(u + ": not a CORe50 object folder (o1 .. o50), ignored");
    std::set<int> present;
    for (const Entry& e : entries)
        present.insert(e.label);
    if (present.size() < 50)
        warnings.push_back("only " + std::to_string(present.size()) +
                           " of CORe50's 50 objects have images; the others are never seen");

    DatasetInfo info = datasetInfo("core50");
    const auto names = readNames(root, o.namesFile);
    std::vector<std::string> folders;
    for (int k = 1; k <= 50; ++k)
        folders.push_back("o" + std::to_string(k));
    info.classNames = core50ClassNames();
    for (std::size_t k = 0; k < folders.size(); ++k)
        if (auto it = names.find(folders[k]); it != names.end()) info.classNames[k] = it->second;
    ImageDataset ds =
        build(std::move(info), std::move(entries), o, trainSessions, true, std::move(warnings));
    addIgnoredWarning(ds, ignored);
    return ds;
}

}  // namespace pf::data
