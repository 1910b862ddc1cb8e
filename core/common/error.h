#pragma once

#include <stdexcept>
#include <string>

/// Typed exceptions of the core. Messages name the file, key, value or byte offset at fault,
/// so that the command line and the GUI can show them as they are.
namespace pf {

/// Base of every error the core throws on purpose.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The user gave something wrong: a bad config value, a missing or corrupt file.
/// The command line exits with code 2 on these; anything else is a runtime failure (1).
class InputError : public Error {
public:
    using Error::Error;
};

/// A config key is unknown, has the wrong type or is out of range.
class ConfigError : public InputError {
public:
    using InputError::InputError;
};

/// A data file is missing, truncated or malformed.
class DataError : public InputError {
public:
    using InputError::InputError;
};

/// A checkpoint or weights file is malformed, truncated, of an unknown layout, or does not fit
/// the model (missing key, wrong shape or dtype).
class CheckpointError : public InputError {
public:
    using InputError::InputError;
};

/// The run store (SQLite) failed: locked, read-only, corrupt, full disk.
class StorageError : public Error {
public:
    using Error::Error;
};

/// A run diverged or the training loop hit an impossible state.
class TrainingError : public Error {
public:
    using Error::Error;
};

}  // namespace pf
