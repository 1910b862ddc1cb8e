// The CIFAR-100 binary reader: the input is both train.bin and test.bin of a folder.
#include "common/error.h"
#include "data/image_dataset.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    pf::fuzz::writeInput("train.bin", data, size);
    pf::fuzz::writeInput("test.bin", data, size);
    try {
        const pf::data::ImageDataset ds =
            pf::data::loadCifar100(pf::fuzz::scratchFolder().string());
        if (ds.train.size() != ds.test.size()) std::abort();
    } catch (const pf::InputError&) {
    }
    return 0;
}
