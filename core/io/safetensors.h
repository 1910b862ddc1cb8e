#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <torch/types.h>

/// The safetensors format (Hugging Face): an 8-byte little-endian header length N, N bytes of
/// JSON ({"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}),
/// then the raw little-endian tensor bytes.
namespace pf::storage {

/// One tensor entry of a header.
struct SafeTensorInfo {
    std::string name;
    std::string dtype;  ///< "F32", "F16", "BF16", "F64", "I64", "I32", "I16", "I8", "U8", "BOOL"
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0;  ///< byte offset in the data section
    std::uint64_t end = 0;    ///< one past the last byte
};

/// Random access to the bytes of a safetensors file or buffer.
class ByteSource {
public:
    virtual ~ByteSource() = default;
    virtual std::uint64_t size() const = 0;
    /// Reads n bytes at offset (the caller has checked the range); throws pf::CheckpointError.
    virtual void read(std::uint64_t offset, void* out, std::uint64_t n) const = 0;
};

/// Reads a safetensors file. The constructor reads and checks the whole header - length sane
/// and inside the file, JSON valid, every dtype known, every shape's size times the element size
/// equal to its byte range, ranges inside the file, not overlapping and leaving no hole - and
/// throws pf::CheckpointError naming the file and the key or byte offset at fault. Tensor data is
/// read only on request, into memory sized by the validated range.
class SafetensorsReader {
public:
    explicit SafetensorsReader(const std::string& path);
    /// The same over bytes in memory (e.g. weights embedded in the binary), which must outlive
    /// the reader; `label` names them in errors.
    static SafetensorsReader fromMemory(std::string_view bytes, const std::string& label);

    const std::string& path() const { return path_; }
    const std::vector<SafeTensorInfo>& tensors() const { return tensors_; }
    const std::map<std::string, std::string>& metadata() const { return metadata_; }
    bool has(const std::string& name) const;
    const SafeTensorInfo& info(const std::string& name) const;

    /// The tensor `name` on the CPU, in its stored dtype.
    torch::Tensor load(const std::string& name) const;
    /// Every tensor, in header order.
    std::vector<std::pair<std::string, torch::Tensor>> loadAll() const;

private:
    SafetensorsReader(std::string label, std::shared_ptr<const ByteSource> source);
    void parseHeader();

    std::string path_;
    std::shared_ptr<const ByteSource> source_;
    std::uint64_t dataStart_ = 0;
    std::vector<SafeTensorInfo> tensors_;
    std::map<std::string, std::string> metadata_;
};

/// Writes `tensors` (any device, made contiguous on the CPU) and string `metadata` as a
/// safetensors file, atomically: a temporary file in the same folder, fsync, rename. Throws
/// pf::CheckpointError when a dtype has no safetensors name or the file cannot be written.
void writeSafetensors(const std::string& path,
                      const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

/// The safetensors dtype name of a torch dtype; empty when there is none.
std::string safetensorsDtype(torch::ScalarType type);

/// True when the file starts like a safetensors file (sane length, then '{').
bool looksLikeSafetensors(const std::string& path);

}  // namespace pf::storage
