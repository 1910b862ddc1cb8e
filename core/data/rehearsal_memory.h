#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <torch/types.h>

namespace pf::data {

/// A fixed-size exemplar memory split evenly over the classes seen so far (iCaRL, as in the
/// reference code): when a task ends its classes' exemplars are chosen, by herding on frozen
/// features or at random, and older classes are trimmed to the new per-class quota. Each class
/// keeps its exemplars in selection order, so trimming keeps the most representative ones.
class RehearsalMemory {
public:
    enum class Selection { Herding, Random };

    /// `capacity` images in all (0 = no memory); `seed` drives random selection.
    RehearsalMemory(int capacity, Selection selection, std::uint64_t seed = 0);

    /// Per-class quota once `classes` classes are stored: capacity / classes.
    int quota(int classes) const;

    /// Adds one class: `indices` are its candidate samples (training-split indices), `features`
    /// [n, D] their frozen features (needed for herding; ignored for random selection). Call for
    /// every class of a finished task, then trim(). Adding a class again (domain-il: the same
    /// class in a new domain) interleaves the new exemplars with the old, so every domain keeps
    /// its share after trimming.
    void addClass(int label, const std::vector<std::int64_t>& indices,
                  const torch::Tensor& features);
    /// Trims every class to the quota for the classes now stored.
    void trim();

    /// All exemplars, class by class.
    std::vector<std::int64_t> indices() const;
    const std::map<int, std::vector<std::int64_t>>& byClass() const { return byClass_; }
    int capacity() const { return capacity_; }
    /// How many times each class was added (more than once: domains).
    const std::map<int, int>& shares() const { return shares_; }
    /// Replaces the exemplars and shares with saved ones (a checkpoint); throws
    /// pf::CheckpointError when they hold more than the capacity or name a class twice.
    void restore(std::map<int, std::vector<std::int64_t>> byClass, std::map<int, int> shares);
    std::size_t size() const;

    /// Parses "herding" or "random"; throws pf::ConfigError otherwise.
    static Selection parseSelection(const std::string& name);

private:
    int capacity_;
    Selection selection_;
    std::uint64_t seed_;
    std::map<int, std::vector<std::int64_t>> byClass_;
    std::map<int, int> shares_;  // how many times each class was added (domains)
};

/// iCaRL herding: the order in which samples are picked so that the running mean of the picked
/// (L2-normalised) features stays closest to the class mean. Returns up to `count` row indices of
/// `features` [n, D], each at most once.
std::vector<std::int64_t> herdingOrder(const torch::Tensor& features, int count);

}  // namespace pf::data
