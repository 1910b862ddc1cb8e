#pragma once

#include <cmath>
#include <vector>

/// Exact comparison of stored or replayed figures, NaN (not evaluated) equal to NaN.
namespace pf::test {

inline bool same(double a, double b) {
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

inline bool same(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!same(a[i], b[i])) return false;
    return true;
}

inline bool same(const std::vector<std::vector<double>>& a,
                 const std::vector<std::vector<double>>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!same(a[i], b[i])) return false;
    return true;
}

}  // namespace pf::test
