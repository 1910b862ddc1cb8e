#include "learners/learner_state.h"

#include <sstream>

#include <torch/torch.h>

#include "common/error.h"
#include "data/rehearsal_memory.h"

namespace pf::learners {
namespace {

std::string shapeText(torch::IntArrayRef shape) {
    std::ostringstream out;
    out << '[';
    for (std::size_t i = 0; i < shape.size(); ++i)
        out << (i ? ", " : "") << shape[i];
    out << ']';
    return out.str();
}

}  // namespace

void LearnerState::put(const std::string& name, const torch::Tensor& tensor) {
    if (!tensor.defined()) return;
    if (index_.count(name)) throw std::logic_error("learner state: '" + name + "' put twice");
    index_[name] = tensors_.size();
    tensors_.emplace_back(name, tensor.detach().to(torch::kCPU).contiguous().clone());
    if (tensor.requires_grad()) trainable_.insert(name);
}

void LearnerState::putModule(const std::string& prefix, const torch::nn::Module& module) {
    for (const auto& p : module.named_parameters(true))
        put(prefix + "." + p.key(), p.value());
    for (const auto& b : module.named_buffers(true))
        put(prefix + "." + b.key(), b.value());
}

void LearnerState::putList(const std::string& prefix, const std::vector<torch::Tensor>& list) {
    put(prefix + ".count", torch::tensor(static_cast<std::int64_t>(list.size()), torch::kLong));
    for (std::size_t i = 0; i < list.size(); ++i)
        put(prefix + "." + std::to_string(i), list[i]);
}

void LearnerState::putMemory(const std::string& prefix, const data::RehearsalMemory& memory) {
    std::vector<std::int64_t> labels, counts, shares, indices;
    for (const auto& [label, exemplars] : memory.byClass()) {
        labels.push_back(label);
        counts.push_back(static_cast<std::int64_t>(exemplars.size()));
        shares.push_back(memory.shares().at(label));
        indices.insert(indices.end(), exemplars.begin(), exemplars.end());
    }
    const auto longs = [](const std::vector<std::int64_t>& v) {
        return torch::tensor(v, torch::kLong).view({static_cast<std::int64_t>(v.size())});
    };
    put(prefix + ".capacity", torch::tensor(static_cast<std::int64_t>(memory.capacity())));
    put(prefix + ".labels", longs(labels));
    put(prefix + ".counts", longs(counts));
    put(prefix + ".shares", longs(shares));
    put(prefix + ".indices", longs(indices));
}

bool LearnerState::has(const std::string& name) const {
    return index_.count(name) > 0;
}

const torch::Tensor& LearnerState::saved(const std::string& name, torch::ScalarType dtype,
                                         const std::vector<std::int64_t>* shape) const {
    const auto it = index_.find(name);
    if (it == index_.end())
        throw CheckpointError("checkpoint has no tensor '" + name +
                              "' (saved by another method or configuration)");
    const torch::Tensor& t = tensors_[it->second].second;
    if (t.scalar_type() != dtype)
        throw CheckpointError("checkpoint tensor '" + name + "' is " +
                              std::string(c10::toString(t.scalar_type())) + ", expected " +
                              c10::toString(dtype));
    if (shape) requireShape(name, t, *shape);
    return t;
}

torch::Tensor LearnerState::checked(const std::string& name, torch::ScalarType dtype,
                                    torch::Device device,
                                    const std::vector<std::int64_t>* shape) const {
    return saved(name, dtype, shape)
        .to(device)
        .clone()
        .set_requires_grad(trainable_.count(name) > 0);
}

torch::Tensor LearnerState::get(const std::string& name, torch::ScalarType dtype,
                                torch::Device device) const {
    return checked(name, dtype, device, nullptr);
}

torch::Tensor LearnerState::getLike(const std::string& name, const torch::Tensor& like) const {
    const std::vector<std::int64_t> shape = like.sizes().vec();
    return checked(name, like.scalar_type(), like.device(), &shape);
}

void LearnerState::requireShape(const std::string& name, const torch::Tensor& tensor,
                                const std::vector<std::int64_t>& shape) {
    if (tensor.sizes().vec() != shape)
        throw CheckpointError("checkpoint tensor '" + name + "' has shape " +
                              shapeText(tensor.sizes()) + ", expected " + shapeText(shape));
}

void LearnerState::loadModule(const std::string& prefix, torch::nn::Module& module) const {
    torch::NoGradGuard guard;
    // Copied straight in (copy_ moves it to the tensor's device): the parameter keeps its own
    // requires_grad.
    const auto load = [&](const std::string& name, torch::Tensor& into) {
        const std::vector<std::int64_t> shape = into.sizes().vec();
        into.copy_(saved(prefix + "." + name, into.scalar_type(), &shape));
    };
    for (auto& p : module.named_parameters(true))
        load(p.key(), p.value());
    for (auto& b : module.named_buffers(true))
        load(b.key(), b.value());
}

std::vector<torch::Tensor> LearnerState::getList(const std::string& prefix, torch::ScalarType dtype,
                                                 torch::Device device) const {
    const std::int64_t n = get(prefix + ".count", torch::kLong, torch::kCPU).item<std::int64_t>();
    if (n < 0 || n > 1000000)
        throw CheckpointError("checkpoint list '" + prefix + "' has " + std::to_string(n) +
                              " entries");
    std::vector<torch::Tensor> out;
    for (std::int64_t i = 0; i < n; ++i)
        out.push_back(get(prefix + "." + std::to_string(i), dtype, device));
    return out;
}

void LearnerState::loadMemory(const std::string& prefix, data::RehearsalMemory& memory) const {
    const auto longs = [&](const std::string& name) {
        const torch::Tensor t = get(prefix + "." + name, torch::kLong, torch::kCPU);
        if (t.dim() != 1)
            throw CheckpointError("checkpoint tensor '" + prefix + "." + name +
                                  "' must have one dimension");
        return std::vector<std::int64_t>(t.data_ptr<std::int64_t>(),
                                         t.data_ptr<std::int64_t>() + t.numel());
    };
    const std::int64_t capacity =
        get(prefix + ".capacity", torch::kLong, torch::kCPU).item<std::int64_t>();
    if (capacity != memory.capacity())
        throw CheckpointError("checkpoint's rehearsal memory holds " + std::to_string(capacity) +
                              " exemplars, this run's memory_size is " +
                              std::to_string(memory.capacity()));
    const std::vector<std::int64_t> labels = longs("labels"), counts = longs("counts"),
                                    shares = longs("shares"), indices = longs("indices");
    if (counts.size() != labels.size() || shares.size() != labels.size())
        throw CheckpointError(
            "checkpoint's rehearsal memory: labels, counts and shares differ "
            "in length");
    std::map<int, std::vector<std::int64_t>> byClass;
    std::map<int, int> shareOf;
    std::size_t next = 0;
    for (std::size_t c = 0; c < labels.size(); ++c) {
        if (counts[c] < 0 || static_cast<std::size_t>(counts[c]) > indices.size() - next)
            throw CheckpointError("checkpoint's rehearsal memory: class counts exceed the " +
                                  std::to_string(indices.size()) + " indices stored");
        const int label = static_cast<int>(labels[c]);
        if (byClass.count(label))
            throw CheckpointError("checkpoint's rehearsal memory names class " +
                                  std::to_string(label) + " twice");
        byClass[label].assign(indices.begin() + static_cast<std::ptrdiff_t>(next),
                              indices.begin() + static_cast<std::ptrdiff_t>(next + counts[c]));
        shareOf[label] = static_cast<int>(shares[c]);
        next += static_cast<std::size_t>(counts[c]);
    }
    if (next != indices.size())
        throw CheckpointError(
            "checkpoint's rehearsal memory: " + std::to_string(indices.size() - next) +
            " indices belong to no class");
    memory.restore(std::move(byClass), std::move(shareOf));
}

LearnerState LearnerState::from(std::vector<std::pair<std::string, torch::Tensor>> tensors,
                                std::set<std::string> trainable) {
    LearnerState state;
    for (auto& [name, tensor] : tensors) {
        if (state.index_.count(name))
            throw CheckpointError("checkpoint names tensor '" + name + "' twice");
        state.index_[name] = state.tensors_.size();
        state.tensors_.emplace_back(name, std::move(tensor));
    }
    for (const std::string& name : trainable)
        if (!state.index_.count(name))
            throw CheckpointError("checkpoint marks '" + name +
                                  "' as trained but has no such tensor");
    state.trainable_ = std::move(trainable);
    return state;
}

}  // namespace pf::learners
