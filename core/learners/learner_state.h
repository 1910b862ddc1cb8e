#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <torch/nn/module.h>
#include <torch/types.h>

namespace pf::data {
class RehearsalMemory;
}

namespace pf::learners {

/// What a learner has learned, as named tensors: the learner's part of a checkpoint (written as
/// safetensors, training/checkpoint.h). Tensors are kept detached on the CPU; whether each one
/// was being trained (requires_grad) is kept beside it, so a restored prompt is frozen or
/// trainable as it was. Reading checks every tensor's presence, shape and dtype against what
/// the learner built from its config expects and throws pf::CheckpointError naming the tensor:
/// nothing is reinterpreted.
class LearnerState {
public:
    // Writing.
    void put(const std::string& name, const torch::Tensor& tensor);
    /// Every parameter and buffer of `module`, as "<prefix>.<name>".
    void putModule(const std::string& prefix, const torch::nn::Module& module);
    /// A list of tensors (per-task prompts): "<prefix>.0", "<prefix>.1", ... and its length.
    void putList(const std::string& prefix, const std::vector<torch::Tensor>& list);
    /// A rehearsal memory's exemplars, class by class, and its per-class shares.
    void putMemory(const std::string& prefix, const data::RehearsalMemory& memory);

    // Reading.
    bool has(const std::string& name) const;
    /// The tensor `name` on `device`, which must have `dtype` (any shape); it requires grad if
    /// it did when saved.
    torch::Tensor get(const std::string& name, torch::ScalarType dtype, torch::Device device) const;
    /// The same for a tensor shaped, typed and placed like `like`.
    torch::Tensor getLike(const std::string& name, const torch::Tensor& like) const;
    /// Copies "<prefix>.<name>" into every parameter and buffer of `module` (shapes checked),
    /// keeping each parameter's own requires_grad.
    void loadModule(const std::string& prefix, torch::nn::Module& module) const;
    /// Throws pf::CheckpointError unless `tensor` (saved as `name`) has `shape`.
    static void requireShape(const std::string& name, const torch::Tensor& tensor,
                             const std::vector<std::int64_t>& shape);
    /// The list putList stored, on `device`; each entry must have `dtype`.
    std::vector<torch::Tensor> getList(const std::string& prefix, torch::ScalarType dtype,
                                       torch::Device device) const;
    /// Restores putMemory's exemplars into `memory` (its capacity must be the one saved).
    void loadMemory(const std::string& prefix, data::RehearsalMemory& memory) const;

    // The whole state, for the checkpoint file.
    const std::vector<std::pair<std::string, torch::Tensor>>& tensors() const { return tensors_; }
    const std::set<std::string>& trainable() const { return trainable_; }
    /// A state read back from a checkpoint: tensors by name, and the names that require grad.
    static LearnerState from(std::vector<std::pair<std::string, torch::Tensor>> tensors,
                             std::set<std::string> trainable);

private:
    /// The stored tensor `name`, checked for `dtype` and (when given) `shape`.
    const torch::Tensor& saved(const std::string& name, torch::ScalarType dtype,
                               const std::vector<std::int64_t>* shape) const;
    /// saved(), as a new tensor on `device` with its requires_grad restored.
    torch::Tensor checked(const std::string& name, torch::ScalarType dtype, torch::Device device,
                          const std::vector<std::int64_t>* shape) const;

    std::vector<std::pair<std::string, torch::Tensor>> tensors_;
    std::map<std::string, std::size_t> index_;
    std::set<std::string> trainable_;
};

}  // namespace pf::learners
