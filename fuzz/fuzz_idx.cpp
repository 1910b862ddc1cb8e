// The IDX reader (Fashion-MNIST's files), plain and gzip: any bytes end in an array or in
// pf::DataError, never in a crash, a leak or an allocation the bytes do not justify.
#include "common/error.h"
#include "data/idx.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = pf::fuzz::writeInput("input.idx", data, size);
    try {
        const pf::data::IdxArray a = pf::data::readIdx(path);
        std::size_t product = 1;
        for (std::int64_t d : a.dims)
            product *= static_cast<std::size_t>(d);
        if (product != a.data.size()) std::abort();  // the reader promised exactly this
    } catch (const pf::InputError&) {
    }
    return 0;
}
