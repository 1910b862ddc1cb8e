#pragma once

#include <memory>
#include <string>
#include <vector>

#include <torch/types.h>

#include "distributed/world.h"

/// The processes of a data-parallel run, connected through LibTorch's own c10d: they meet at
/// a TCPStore that rank 0 serves, then exchange tensors through a Gloo process group on the
/// CPU. c10d has no authentication: run across machines only on a trusted network.
namespace pf::distributed {

class Communicator {
public:
    /// Meets the other ranks of `world` and checks that every rank runs the same thing:
    /// `fingerprint` (the run's config and this build's version) and the world size must be
    /// rank 0's, and each rank taken by one process. Throws pf::InputError naming the rank and
    /// what differs; pf::Error when the others do not all come within the world's timeout.
    static std::unique_ptr<Communicator> connect(const World& world,
                                                 const std::string& fingerprint);
    ~Communicator();
    Communicator(const Communicator&) = delete;
    Communicator& operator=(const Communicator&) = delete;

    const World& world() const { return world_; }
    int rank() const { return world_.rank; }
    int size() const { return world_.size; }

    /// Sums each tensor over the ranks, in place; every rank ends with the same values. Each
    /// tensor is one message (the caller buckets). Throws pf::Error when a rank has gone or
    /// does not answer within the timeout.
    void allReduceSum(std::vector<torch::Tensor>& tensors);
    /// Rank `root`'s values in each tensor on every rank (shapes and dtypes must agree).
    void broadcast(std::vector<torch::Tensor>& tensors, int root = 0);
    /// Waits until every rank has reached it.
    void barrier();

private:
    struct Groups;
    Communicator(World world, std::unique_ptr<Groups> groups);
    World world_;
    std::unique_ptr<Groups> groups_;
};

}  // namespace pf::distributed
