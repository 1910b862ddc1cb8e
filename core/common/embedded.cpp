#include "common/embedded.h"

#include <algorithm>

namespace pf::embedded {
namespace detail {
extern const Entry kEntries[];
}

Lookup find(std::string_view path) {
    for (const Entry* e = detail::kEntries; e->path != nullptr; ++e) {
        if (path == e->path) {
            return {true, std::string_view(reinterpret_cast<const char*>(e->begin),
                                           static_cast<std::size_t>(e->end - e->begin))};
        }
    }
    return {};
}

std::vector<std::string> list(std::string_view prefix) {
    std::vector<std::string> paths;
    for (const Entry* e = detail::kEntries; e->path != nullptr; ++e) {
        std::string_view p(e->path);
        if (p.substr(0, prefix.size()) == prefix) paths.emplace_back(p);
    }
    std::sort(paths.begin(), paths.end());
    return paths;
}

std::vector<std::string> stems(const std::string& folder, const std::string& suffix) {
    std::vector<std::string> names;
    for (const std::string& path : list(folder)) {
        if (path.size() > folder.size() + suffix.size() &&
            path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0)
            names.push_back(
                path.substr(folder.size(), path.size() - folder.size() - suffix.size()));
    }
    return names;
}

}  // namespace pf::embedded
