// Linked into every test executable: its compute threads are pinned before any test runs.
//
// CTest runs two tests at once on two cores. A test that trains without setting its thread
// count gets LibTorch's default, which is the machine's: 1 with Debian's LibTorch, but
// OMP_NUM_THREADS (or a LibTorch that defaults to every core) makes it 2, and two 2-thread
// OpenMP teams on two cores wait at every barrier for a thread the other process holds:
// test_learners took 100-120 s instead of 5 beside test_cli. So each test process computes on
// one thread unless PF_TEST_THREADS says otherwise (0: every core), and a test that is about
// thread counts sets its own. The machine's OMP_* and OPENBLAS_* variables are left as they are.
#include <cstdlib>

#include "common/system_info.h"

namespace {

const int kTestThreads = [] {
    const char* requested = std::getenv("PF_TEST_THREADS");
    return pf::applyThreadCount(requested && *requested ? std::atoi(requested) : 1);
}();

}  // namespace
