#pragma once

#include <cstdint>
#include <string>

/// Where runs' checkpoints live, torch-free for the GUI and the command line: one folder per run
/// beside the store, "<store without extension>-checkpoints/run-<id>" (training/checkpoint.h
/// writes and reads what is inside).
namespace pf::storage {

/// The file of a checkpoint folder that says what it holds (written last).
inline constexpr const char* kCheckpointInfoFile = "trainer.json";

/// The checkpoint folder of run `runId` of the store at `storePath`.
std::string checkpointFolder(const std::string& storePath, std::int64_t runId);

/// True when `folder` holds a checkpoint (its trainer.json).
bool hasCheckpoint(const std::string& folder);

/// Deletes a checkpoint folder, and the store's checkpoint folder once it is empty; nothing
/// when there is none.
void removeCheckpoint(const std::string& folder);

}  // namespace pf::storage
