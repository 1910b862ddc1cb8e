#include "learners/coda_prompt.h"

#include <torch/torch.h>

#include "common/error.h"
#include "learners/learner_state.h"

namespace pf::learners {
namespace {

// Adds `v` (unit length) to the orthonormal `basis` unless it lies in its span already.
void extendBasis(std::vector<torch::Tensor>& basis, torch::Tensor v) {
    for (int pass = 0; pass < 2; ++pass)  // twice: classical Gram-Schmidt loses orthogonality
        for (const torch::Tensor& u : basis)
            v = v - (v * u).sum() * u;
    const double norm = v.norm().item<double>();
    if (norm > 1e-4) basis.push_back(v / norm);
}

// The reference's orthogonality penalty: mean squared deviation of the rows' Gram matrix
// from the identity.
torch::Tensor orthoPenalty(const torch::Tensor& rows) {
    const torch::Tensor t = rows.flatten(1);
    const torch::Tensor gram = torch::matmul(t, t.t());
    return (gram - torch::eye(t.size(0), t.options())).pow(2).mean();
}

}  // namespace

torch::Tensor gramSchmidt(const torch::Tensor& vectors, std::int64_t first) {
    torch::NoGradGuard guard;
    const torch::Tensor rows = vectors.detach().flatten(1).to(torch::kDouble).clone();
    const std::int64_t n = rows.size(0);
    std::vector<torch::Tensor> basis;  // orthonormal, spanning the rows so far
    for (std::int64_t i = 0; i < first && i < n; ++i) {
        const torch::Tensor r = rows[i];
        const double norm = r.norm().item<double>();
        if (norm > 0.0) extendBasis(basis, r / norm);
    }
    for (std::int64_t i = first; i < n; ++i) {
        torch::Tensor v = torch::randn({rows.size(1)}, rows.options());
        const std::size_t before = basis.size();
        extendBasis(basis, v / v.norm());
        // In the span already (more rows than dimensions): a random unit row.
        rows[i].copy_(basis.size() > before ? basis.back() : v / v.norm());
    }
    return rows.to(vectors.scalar_type()).view(vectors.sizes()).to(vectors.device());
}

const config::FieldSet<CodaPromptOptions>& CodaPromptOptions::fields() {
    static config::FieldSet<CodaPromptOptions> set = [] {
        using O = CodaPromptOptions;
        config::FieldSet<O> s;
        PromptPoolOptions::addFields(s);
        s.integer("coda_components", &O::componentsPerTask, {1, 1000},
                  "CODA-Prompt: prompt components added per task")
            .integer("coda_length", &O::length, {2, 100},
                     "CODA-Prompt: prompt length (even: half key, half value prefix)")
            .integer("coda_layers", &O::layers, {1, 24},
                     "CODA-Prompt: blocks from the first that carry prompts")
            .real("coda_ortho", &O::orthoWeight, {0.0, 100.0},
                  "CODA-Prompt: weight of the orthogonality penalty");
        return s;
    }();
    return set;
}

void CodaPromptOptions::validate(const data::DatasetInfo&) const {
    if (length % 2 != 0)
        throw ConfigError("config key 'coda_length': " + std::to_string(length) +
                          " is odd; the prompt splits evenly into a key and a value prefix");
}

CodaPromptLearner::CodaPromptLearner(const LearnerContext& context,
                                     const CodaPromptOptions& options)
    : PromptPoolLearner(context, options), options_(options) {
    options_.validate({});
    requireBlocks("coda_layers", 0, options_.layers);
    blocks_.resize(static_cast<std::size_t>(options_.layers));
}

void CodaPromptLearner::prepareTask(const TaskInfo& task) {
    const int c = options_.componentsPerTask;
    for (int l = 0; l < options_.layers; ++l) {
        Slices& s = blocks_[static_cast<std::size_t>(l)];
        while (static_cast<int>(s.p.size()) <= task.index) {
            for (auto* v : {&s.p, &s.k, &s.a})
                for (auto& t : *v)
                    t.set_requires_grad(false);
            // The new slice, orthogonal to every earlier component (Gram-Schmidt).
            auto grow = [&](const std::vector<torch::Tensor>& old,
                            std::vector<std::int64_t> shape) {
                std::vector<torch::Tensor> parts = old;
                shape.insert(shape.begin(), c);
                parts.push_back(
                    torch::zeros(shape, torch::TensorOptions().device(context_.device)));
                const torch::Tensor all = torch::cat(parts, 0);
                const std::int64_t first = all.size(0) - c;
                return gramSchmidt(all, first).narrow(0, first, c).clone().set_requires_grad(true);
            };
            s.p.push_back(grow(s.p, {options_.length, width()}));
            s.k.push_back(grow(s.k, {width()}));
            s.a.push_back(grow(s.a, {width()}));
        }
    }
}

torch::Tensor CodaPromptLearner::components(int layer) const {
    return torch::cat(blocks_.at(static_cast<std::size_t>(layer)).p, 0);
}
torch::Tensor CodaPromptLearner::keys(int layer) const {
    return torch::cat(blocks_.at(static_cast<std::size_t>(layer)).k, 0);
}
torch::Tensor CodaPromptLearner::attentionVectors(int layer) const {
    return torch::cat(blocks_.at(static_cast<std::size_t>(layer)).a, 0);
}

torch::Tensor CodaPromptLearner::attention(const torch::Tensor& query, int layer) const {
    namespace F = torch::nn::functional;
    const auto unit = F::NormalizeFuncOptions().dim(-1).eps(1e-12);
    // alpha[b, n] = cos(q_b * A_n, K_n)
    const torch::Tensor weighted = query.unsqueeze(1) * attentionVectors(layer).unsqueeze(0);
    return (F::normalize(weighted, unit) * F::normalize(keys(layer), unit).unsqueeze(0)).sum(2);
}

PromptPoolLearner::Forward CodaPromptLearner::forward(const torch::Tensor& images,
                                                      const torch::Tensor& query, bool training,
                                                      const torch::Tensor&) {
    models::PromptInputs in;
    const std::int64_t half = options_.length / 2;
    Forward f;
    torch::Tensor ortho;
    for (int l = 0; l < options_.layers; ++l) {
        const torch::Tensor alpha = attention(query, l);  // [B, N]
        const torch::Tensor prompt =
            torch::einsum("bn,nld->bld", {alpha, components(l)});  // [B, length, D]
        in.prefix[l] = torch::stack({prompt.narrow(1, 0, half), prompt.narrow(1, half, half)}, 1);
        if (l == 0 && !training) {
            // Share of each task's components in the image's attention mass.
            const torch::Tensor mass = alpha.abs();
            std::vector<torch::Tensor> groups;
            for (const torch::Tensor& p : blocks_[0].p)
                groups.push_back(mass.narrow(1,
                                             options_.componentsPerTask *
                                                 static_cast<std::int64_t>(groups.size()),
                                             p.size(0))
                                     .sum(1));
            torch::Tensor usage = torch::stack(groups, 1);
            usage = usage / usage.sum(1, true).clamp_min(1e-12);
            f.usage = torch::zeros({query.size(0), task_.tasks}, query.options());
            f.usage.narrow(1, 0, usage.size(1)).copy_(usage);
        }
        if (training && options_.orthoWeight > 0.0) {
            const torch::Tensor term = orthoPenalty(components(l)) + orthoPenalty(keys(l)) +
                                       orthoPenalty(attentionVectors(l));
            ortho = ortho.defined() ? ortho + term : term;
        }
    }
    f.features = vit_->featuresPrompted(images, in, models::Pooling::ClassToken);
    if (ortho.defined()) {
        f.extraLoss = options_.orthoWeight * ortho;
        f.extraName = "orthogonality";
    }
    return f;
}

std::vector<torch::Tensor> CodaPromptLearner::promptTensors() const {
    std::vector<torch::Tensor> out;
    for (const Slices& s : blocks_)
        if (!s.p.empty()) {
            out.push_back(s.p.back());
            out.push_back(s.k.back());
            out.push_back(s.a.back());
        }
    return out;
}

std::vector<torch::Tensor> CodaPromptLearner::allPromptTensors() const {
    std::vector<torch::Tensor> out;
    for (const Slices& s : blocks_)
        for (const auto* v : {&s.p, &s.k, &s.a})
            out.insert(out.end(), v->begin(), v->end());
    return out;
}

void CodaPromptLearner::savePrompts(LearnerState& state) const {
    for (std::size_t l = 0; l < blocks_.size(); ++l) {
        const std::string prefix = "coda." + std::to_string(l);
        state.putList(prefix + ".components", blocks_[l].p);
        state.putList(prefix + ".keys", blocks_[l].k);
        state.putList(prefix + ".attention", blocks_[l].a);
    }
}

void CodaPromptLearner::loadPrompts(const LearnerState& state, const TaskInfo& lastTask) {
    const std::int64_t c = options_.componentsPerTask;
    std::vector<Slices> blocks(blocks_.size());
    for (std::size_t l = 0; l < blocks.size(); ++l) {
        const std::string prefix = "coda." + std::to_string(l);
        const std::pair<std::vector<torch::Tensor>*, std::vector<std::int64_t>> parts[] = {
            {&blocks[l].p, {c, options_.length, width()}},
            {&blocks[l].k, {c, width()}},
            {&blocks[l].a, {c, width()}}};
        const char* names[] = {".components", ".keys", ".attention"};
        for (std::size_t k = 0; k < 3; ++k) {
            *parts[k].first = state.getList(prefix + names[k], torch::kFloat, context_.device);
            if (static_cast<int>(parts[k].first->size()) != lastTask.index + 1)
                throw CheckpointError("checkpoint holds " + std::to_string(parts[k].first->size()) +
                                      " slices of '" + prefix + names[k] + "' after task " +
                                      std::to_string(lastTask.index + 1));
            for (std::size_t i = 0; i < parts[k].first->size(); ++i)
                LearnerState::requireShape(prefix + names[k] + "." + std::to_string(i),
                                           (*parts[k].first)[i], parts[k].second);
        }
    }
    blocks_ = std::move(blocks);
}

}  // namespace pf::learners
