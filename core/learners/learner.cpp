#include "learners/learner.h"

namespace pf::learners {

std::vector<std::int64_t> Learner::trainingIndices(const data::TaskSequence& sequence,
                                                   int task) const {
    return sequence.task(task).train;
}

std::vector<Prediction> Learner::predictWithParts(const torch::Tensor& images) {
    return {{"model", predict(images)}};
}

data::BatchLoader TaskData::loader(std::vector<std::int64_t> subset) const {
    data::LoaderOptions o;
    o.batchSize = batchSize;
    o.transform = transform;
    o.transform.randomCrop = false;
    o.transform.flip = false;
    return data::BatchLoader(*split, std::move(subset), *labelMap, o);
}

}  // namespace pf::learners
