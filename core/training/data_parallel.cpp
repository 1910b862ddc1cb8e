#include "training/data_parallel.h"

#include <torch/torch.h>

#include "common/error.h"
#include "learners/learner_state.h"

namespace pf::training {

DataParallel::DataParallel(distributed::Communicator& communicator) : communicator_(communicator) {}

std::pair<std::int64_t, std::int64_t> DataParallel::block(std::int64_t n) const {
    const std::int64_t ranks = size(), r = rank();
    const std::int64_t base = n / ranks, extra = n % ranks;
    const std::int64_t count = base + (r < extra ? 1 : 0);
    const std::int64_t first = r * base + std::min(r, extra);
    return {first, count};
}

void DataParallel::setShare(std::int64_t count, std::int64_t n) {
    share_ = n > 0 ? static_cast<double>(count) / static_cast<double>(n) : 0.0;
}

void DataParallel::reduceGradients(const std::vector<torch::Tensor>& params) {
    torch::NoGradGuard noGrad;
    // Buckets of whole parameters, each one flat float32 message whose last entries say
    // which of its gradients this process computed.
    const std::int64_t limit = kBucketBytes / static_cast<std::int64_t>(sizeof(float));
    std::size_t begin = 0;
    while (begin < params.size()) {
        std::size_t end = begin;
        std::int64_t elements = 0;
        while (end < params.size() && (end == begin || elements + params[end].numel() <= limit))
            elements += params[end++].numel();
        const std::int64_t count = static_cast<std::int64_t>(end - begin);
        torch::Tensor message = torch::zeros({elements + count}, torch::kFloat32);
        std::int64_t at = 0;
        for (std::size_t i = begin; i < end; ++i) {
            const torch::Tensor& g = params[i].grad();
            const std::int64_t n = params[i].numel();
            if (g.defined()) {
                message.narrow(0, at, n).copy_(g.reshape({-1}).to(torch::kFloat32) * share_);
                message[elements + static_cast<std::int64_t>(i - begin)] = 1.0f;
            }
            at += n;
        }
        std::vector<torch::Tensor> tensors{message};
        communicator_.allReduceSum(tensors);
        at = 0;
        for (std::size_t i = begin; i < end; ++i) {
            torch::Tensor p = params[i];
            const std::int64_t n = p.numel();
            const bool anyone =
                message[elements + static_cast<std::int64_t>(i - begin)].item<float>() > 0.0f;
            if (anyone) {
                const torch::Tensor sum =
                    message.narrow(0, at, n).view(p.sizes()).to(p.scalar_type());
                if (p.grad().defined())
                    p.mutable_grad().copy_(sum);
                else
                    p.mutable_grad() = sum.clone();
            }
            at += n;
        }
        begin = end;
    }
}

double DataParallel::reduceLoss(double loss) {
    std::vector<torch::Tensor> tensors{torch::tensor({loss * share_}, torch::kFloat64)};
    communicator_.allReduceSum(tensors);
    return tensors[0].item<double>();
}

torch::Tensor DataParallel::sumCounts(const torch::Tensor& counts) {
    std::vector<torch::Tensor> tensors{counts.to(torch::kCPU, torch::kFloat64).contiguous()};
    communicator_.allReduceSum(tensors);
    return tensors[0].to(counts.device(), counts.scalar_type());
}

bool DataParallel::anyStops(bool stop) {
    std::vector<torch::Tensor> tensors{torch::tensor({stop ? 1.0f : 0.0f})};
    communicator_.allReduceSum(tensors);
    return tensors[0].item<float>() > 0.0f;
}

void DataParallel::shareLearner(learners::Learner& learner, const learners::TaskInfo& task) {
    learners::LearnerState state;
    learner.saveState(state);
    // Every rank saved the same names and shapes (one config, one sequence); a rank that did
    // not would receive tensors of another layout, so the layout is compared first.
    std::string layout;
    for (const auto& [name, tensor] : state.tensors()) {
        layout += name + ":" + std::string(c10::toString(tensor.scalar_type()));
        for (std::int64_t d : tensor.sizes())
            layout += "," + std::to_string(d);
        layout += ";";
    }
    const auto hash = static_cast<double>(std::hash<std::string>{}(layout) % (1ULL << 52));
    std::vector<torch::Tensor> rank0{torch::tensor({hash}, torch::kFloat64)};
    communicator_.broadcast(rank0, 0);
    if (anyStops(rank0[0].item<double>() != hash))
        throw Error("data-parallel run: the ranks' learners differ in layout after task " +
                    std::to_string(task.index + 1) + "; start every rank with the same config");
    std::vector<torch::Tensor> tensors;
    for (const auto& [name, tensor] : state.tensors())
        tensors.push_back(tensor.detach().contiguous());
    communicator_.broadcast(tensors, 0);
    if (rank() == 0) return;
    std::vector<std::pair<std::string, torch::Tensor>> received;
    for (std::size_t i = 0; i < tensors.size(); ++i)
        received.emplace_back(state.tensors()[i].first, tensors[i]);
    learner.loadState(learners::LearnerState::from(std::move(received), state.trainable()), task);
}

std::int64_t DataParallel::bytesPerStep(const std::vector<torch::Tensor>& params) {
    std::int64_t elements = 0;
    for (const torch::Tensor& p : params)
        elements += p.numel() + 1;  // the gradient and its flag
    return elements * static_cast<std::int64_t>(sizeof(float)) + 8 + 4;  // loss, stop
}

}  // namespace pf::training
