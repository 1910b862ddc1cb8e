#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "data/image_dataset.h"

/// Data sets made of image files on disk: a class folder (`root/<class>/*.jpg`, ImageNet-R), a
/// domain folder (`root/<domain>/<class>/...`, DomainNet) and CORe50's session layout. Files
/// are decoded with OpenCV (data/image_file.h) on a small thread pool, into a bounded cache
/// of decoded images: the splits read them on demand, so a folder of 30,000 images needs only
/// as many decoded images in memory as the cache holds.
namespace pf::data {

/// How a folder data set is read.
struct FolderOptions {
    int side = 224;                       ///< images come out side x side (CLIP preprocessing)
    bool grayscale = false;               ///< one channel instead of RGB
    double testFraction = 0.2;            ///< share of each class tested, without a test folder
    int splitSeed = 0;                    ///< drives that split
    std::int64_t cacheBytes = 1LL << 30;  ///< decoded images kept in memory, in bytes
    /// Domain folders: the domains to use, in task order (empty: every subfolder, sorted).
    std::vector<std::string> domains;
    /// Class display names: `<folder> <name>` per line; empty = `class_names.txt` in the root
    /// when there is one, otherwise the folder names (underscores read as spaces).
    std::string namesFile;
    /// Threads that decode (0: one per core, at most 4).
    int decodeThreads = 0;
};

/// `root/<class>/*` with a seeded split, or `root/train/<class>/*` and `root/test/<class>/*`.
/// Classes are the folder names in byte order. Unreadable images inside are skipped and named
/// in ImageDataset::warnings; a missing root, no class folder, or a class without a single
/// readable image throws pf::DataError naming the folder.
ImageDataset loadImageFolder(const std::string& root, const FolderOptions& options);

/// `root/<domain>/<class>/*` (or `root/<domain>/train|test/<class>/*`, or DomainNet's
/// `root/<domain>_train.txt` / `_test.txt` lists): one domain per task, the union of the class
/// folders as the shared label set.
ImageDataset loadDomainFolder(const std::string& root, const FolderOptions& options);

/// CORe50 (`root/s1` .. `root/s11`, each with `o1` .. `o50`): 50 object classes; the training
/// sessions are domains (default s1, s2, s4, s5, s6, s8, s9, s11 in that order, or
/// options.domains), tested together on the standard test sessions s3, s7 and s10.
ImageDataset loadCore50(const std::string& root, const FolderOptions& options);

/// CORe50's 50 object names (o1 .. o50), ten categories of five objects.
std::vector<std::string> core50ClassNames();

}  // namespace pf::data
