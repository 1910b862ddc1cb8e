// Experiment configs as a user's file: JSON text, then every key's type and range, the
// cross-key rules and the method's own keys.
#include "common/error.h"
#include "experiment/experiment_config.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = pf::fuzz::writeInput("config.json", data, size);
    try {
        const pf::config::ExperimentConfig c = pf::config::ExperimentConfig::fromFile(path, {});
        // What is accepted writes out and reads back the same.
        const nlohmann::json written = c.toJson();
        if (pf::config::ExperimentConfig::fromJson(written).toJson() != written) std::abort();
    } catch (const pf::InputError&) {
    }
    return 0;
}
