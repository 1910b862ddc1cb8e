#include "distributed/communicator.h"

#include <cstdlib>
#include <thread>

#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include "common/error.h"

namespace pf::distributed {

struct Communicator::Groups {
    c10::intrusive_ptr<c10d::TCPStore> store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> gloo;
};

namespace {

std::string text(const std::vector<std::uint8_t>& bytes) {
    return std::string(bytes.begin(), bytes.end());
}
std::vector<std::uint8_t> bytes(const std::string& s) {
    return std::vector<std::uint8_t>(s.begin(), s.end());
}

bool isLoopback(const std::string& address) {
    return address == "localhost" || address.rfind("127.", 0) == 0 || address == "::1";
}

// What a rank tells the others about itself: the world size it was started for, then the
// fingerprint of what it runs.
std::string introduction(const World& world, const std::string& fingerprint) {
    return std::to_string(world.size) + "\n" + fingerprint;
}

// Why rank `other`, which introduced itself as `theirs`, cannot run with `world` (this
// process, introduced as `ours`): "" when it can.
std::string mismatch(const World& world, const std::string& ours, int other,
                     const std::string& theirs) {
    const std::string size = theirs.substr(0, theirs.find('\n'));
    if (size != std::to_string(world.size))
        return "rank " + std::to_string(other) + " was started for a world of " + size +
               " processes, rank " + std::to_string(world.rank) + " for " +
               std::to_string(world.size);
    if (theirs != ours)
        return "rank " + std::to_string(other) +
               " runs another config or another build of pfstudio than rank " +
               std::to_string(world.rank) + ": start every rank with the same command";
    return {};
}

// A c10d error's message without the C++ stack trace c10 appends to it.
std::string withoutTrace(const std::exception& e) {
    std::string message = e.what();
    if (const auto cut = message.find("\nException raised from"); cut != std::string::npos)
        message.resize(cut);
    return message;
}

template <class F>
auto collective(const World& world, const char* what, F&& f) {
    try {
        return f();
    } catch (const pf::Error&) {
        throw;
    } catch (const std::exception& e) {
        const std::string message = withoutTrace(e);
        throw pf::Error("data-parallel run, rank " + std::to_string(world.rank) + " of " +
                        std::to_string(world.size) + ": " + what +
                        " failed: another rank has ended or did not answer within " +
                        std::to_string(world.timeout.count()) + " s (" + message + ")");
    }
}

}  // namespace

Communicator::Communicator(World world, std::unique_ptr<Groups> groups)
    : world_(std::move(world)), groups_(std::move(groups)) {}

Communicator::~Communicator() = default;

std::unique_ptr<Communicator> Communicator::connect(const World& world,
                                                    const std::string& fingerprint) {
    checkWorld(world);
    auto groups = std::make_unique<Groups>();
    const std::chrono::milliseconds timeout = world.timeout;
    const std::string where = world.masterAddr + ":" + std::to_string(world.masterPort);
    try {
        c10d::TCPStoreOptions options;
        options.port = static_cast<std::uint16_t>(world.masterPort);
        options.isServer = world.rank == 0;
        options.numWorkers = world.size;
        options.waitWorkers = false;  // the introductions below wait, with clearer messages
        options.timeout = timeout;
        groups->store = c10::make_intrusive<c10d::TCPStore>(world.masterAddr, options);
    } catch (const std::exception& e) {
        const std::string message = withoutTrace(e);
        throw pf::Error("data-parallel run, rank " + std::to_string(world.rank) + ": cannot " +
                        (world.rank == 0 ? "serve the meeting point at " : "reach rank 0 at ") +
                        where + " (" + message + ")");
    }
    c10d::TCPStore& store = *groups->store;
    const std::string ours = introduction(world, fingerprint);
    std::string problem;
    collective(world, "meeting the other ranks", [&] {
        if (store.add("pf/claim/" + std::to_string(world.rank), 1) > 1)
            throw InputError("data-parallel run: two processes were started as rank " +
                             std::to_string(world.rank));
        store.set("pf/rank/" + std::to_string(world.rank), bytes(ours));
        if (world.rank == 0) {
            for (int r = 1; r < world.size && problem.empty(); ++r)
                problem = mismatch(world, ours, r, text(store.get("pf/rank/" + std::to_string(r))));
            store.set("pf/verdict", bytes(problem.empty() ? "ok" : problem));
            if (!problem.empty()) {
                // The store ends with this process: let the others read the verdict first
                // (a few seconds at most; a rank that has gone is not waited for).
                const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
                while (store.add("pf/verdict-read", 0) < world.size - 1 &&
                       std::chrono::steady_clock::now() < until)
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
            return 0;
        }
        problem = mismatch(world, ours, 0, text(store.get("pf/rank/0")));
        try {
            const std::string verdict = text(store.get("pf/verdict"));
            store.add("pf/verdict-read", 1);
            if (problem.empty() && verdict != "ok") problem = verdict;
        } catch (const std::exception&) {
            if (problem.empty()) throw;  // else this rank's own finding says it all
        }
        return 0;
    });
    if (!problem.empty()) throw InputError("data-parallel run: " + problem);

    collective(world, "setting up the process group", [&] {
        auto options = c10d::ProcessGroupGloo::Options::create(timeout);
        // Gloo's connections bind to one address: GLOO_SOCKET_IFNAME's interface, loopback
        // when the ranks meet on loopback, else this host's name.
        if (const char* ifname = std::getenv("GLOO_SOCKET_IFNAME"); ifname && *ifname)
            options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(ifname));
        else if (isLoopback(world.masterAddr))
            options->devices.push_back(
                c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
        else
            options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
        groups->gloo = c10::make_intrusive<c10d::ProcessGroupGloo>(
            c10::make_intrusive<c10d::PrefixStore>("pf/gloo", groups->store), world.rank,
            world.size, options);
        return 0;
    });
    return std::unique_ptr<Communicator>(new Communicator(world, std::move(groups)));
}

void Communicator::allReduceSum(std::vector<torch::Tensor>& tensors) {
    collective(world_, "summing over the ranks", [&] {
        std::vector<c10::intrusive_ptr<c10d::Work>> works;
        std::vector<std::vector<torch::Tensor>> each(tensors.size());
        for (std::size_t i = 0; i < tensors.size(); ++i) {
            each[i] = {tensors[i]};
            works.push_back(groups_->gloo->allreduce(each[i]));
        }
        for (auto& work : works)
            work->wait();
        return 0;
    });
}

void Communicator::broadcast(std::vector<torch::Tensor>& tensors, int root) {
    collective(world_, "sharing rank 0's state", [&] {
        c10d::BroadcastOptions options;
        options.rootRank = root;
        std::vector<c10::intrusive_ptr<c10d::Work>> works;
        std::vector<std::vector<torch::Tensor>> each(tensors.size());
        for (std::size_t i = 0; i < tensors.size(); ++i) {
            each[i] = {tensors[i]};
            works.push_back(groups_->gloo->broadcast(each[i], options));
        }
        for (auto& work : works)
            work->wait();
        return 0;
    });
}

void Communicator::barrier() {
    collective(world_, "waiting for the other ranks", [&] {
        groups_->gloo->barrier()->wait();
        return 0;
    });
}

}  // namespace pf::distributed
