#include "io/safetensors.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string_view>

#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include "common/atomic_file.h"
#include "common/error.h"

namespace pf::storage {
namespace {

// A header larger than this is not a model we load (the reference implementation's limit).
constexpr std::uint64_t kMaxHeaderBytes = 100ull << 20;

struct DtypeEntry {
    const char* name;
    torch::ScalarType type;
    std::uint64_t size;
};

const DtypeEntry kDtypes[] = {
    {"F64", torch::kFloat64, 8},   {"F32", torch::kFloat32, 4}, {"F16", torch::kFloat16, 2},
    {"BF16", torch::kBFloat16, 2}, {"I64", torch::kInt64, 8},   {"I32", torch::kInt32, 4},
    {"I16", torch::kInt16, 2},     {"I8", torch::kInt8, 1},     {"U8", torch::kUInt8, 1},
    {"BOOL", torch::kBool, 1},
};

const DtypeEntry* findDtype(const std::string& name) {
    for (const DtypeEntry& e : kDtypes)
        if (name == e.name) return &e;
    return nullptr;
}

// Where the bytes come from: a file, or memory (weights embedded in the binary).
class FileSource : public ByteSource {
public:
    explicit FileSource(std::string path) : path_(std::move(path)) {
        std::error_code ec;
        size_ = std::filesystem::file_size(path_, ec);
        if (ec) throw CheckpointError(path_ + ": cannot open file (" + ec.message() + ")");
    }
    std::uint64_t size() const override { return size_; }
    void read(std::uint64_t offset, void* out, std::uint64_t n) const override {
        std::ifstream in(path_, std::ios::binary);
        in.seekg(static_cast<std::streamoff>(offset));
        in.read(static_cast<char*>(out), static_cast<std::streamsize>(n));
        if (!in)
            throw CheckpointError(path_ + ": cannot read " + std::to_string(n) +
                                  " bytes at byte offset " + std::to_string(offset));
    }

private:
    std::string path_;
    std::uint64_t size_ = 0;
};

class MemorySource : public ByteSource {
public:
    explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}
    std::uint64_t size() const override { return bytes_.size(); }
    void read(std::uint64_t offset, void* out, std::uint64_t n) const override {
        std::memcpy(out, bytes_.data() + offset, static_cast<std::size_t>(n));
    }

private:
    std::string_view bytes_;
};

}  // namespace

std::string safetensorsDtype(torch::ScalarType type) {
    for (const DtypeEntry& e : kDtypes)
        if (e.type == type) return e.name;
    return {};
}

bool looksLikeSafetensors(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec || size < 10) return false;
    unsigned char b[9];
    in.read(reinterpret_cast<char*>(b), 9);
    if (!in) return false;
    std::uint64_t n = 0;
    for (int i = 7; i >= 0; --i)
        n = (n << 8) | b[i];
    return n >= 2 && n <= size - 8 && b[8] == '{';
}

SafetensorsReader::SafetensorsReader(const std::string& path)
    : path_(path), source_(std::make_shared<FileSource>(path)) {
    parseHeader();
}

SafetensorsReader SafetensorsReader::fromMemory(std::string_view bytes, const std::string& label) {
    return SafetensorsReader(label, std::make_shared<MemorySource>(bytes));
}

SafetensorsReader::SafetensorsReader(std::string label, std::shared_ptr<const ByteSource> source)
    : path_(std::move(label)), source_(std::move(source)) {
    parseHeader();
}

void SafetensorsReader::parseHeader() {
    const std::string& path = path_;
    const std::uint64_t size = source_->size();
    if (size < 8)
        throw CheckpointError(path + ": truncated at byte offset " + std::to_string(size) +
                              ": no safetensors header length");
    unsigned char len[8];
    source_->read(0, len, 8);
    std::uint64_t n = 0;
    for (int i = 7; i >= 0; --i)
        n = (n << 8) | len[i];
    if (n > kMaxHeaderBytes)
        throw CheckpointError(path + ": header length " + std::to_string(n) +
                              " at byte offset 0 exceeds the " + std::to_string(kMaxHeaderBytes) +
                              "-byte limit");
    if (n > size - 8)
        throw CheckpointError(path + ": header length " + std::to_string(n) +
                              " at byte offset 0 runs past the end of the " + std::to_string(size) +
                              "-byte file");
    std::string text(static_cast<std::size_t>(n), '\0');
    source_->read(8, text.data(), n);
    nlohmann::json header;
    try {
        header = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw CheckpointError(path + ": header is not valid JSON at byte offset " +
                              std::to_string(8 + e.byte));
    } catch (const nlohmann::json::exception& e) {  // a number too large for a double (found
                                                    // by fuzz_safetensors)
        throw CheckpointError(path + ": header is not usable JSON: " + e.what());
    }
    if (!header.is_object())
        throw CheckpointError(path + ": header at byte offset 8 is not a JSON object");
    dataStart_ = 8 + n;
    const std::uint64_t dataSize = size - dataStart_;

    for (auto it = header.begin(); it != header.end(); ++it) {
        const std::string& name = it.key();
        const nlohmann::json& v = it.value();
        const std::string where = path + ": tensor '" + name + "'";
        if (name == "__metadata__") {
            if (!v.is_object()) throw CheckpointError(path + ": __metadata__ is not an object");
            for (auto m = v.begin(); m != v.end(); ++m) {
                if (!m.value().is_string())
                    throw CheckpointError(path + ": __metadata__ entry '" + m.key() +
                                          "' is not a string");
                metadata_[m.key()] = m.value().get<std::string>();
            }
            continue;
        }
        if (!v.is_object() || !v.contains("dtype") || !v.contains("shape") ||
            !v.contains("data_offsets"))
            throw CheckpointError(where + ": needs dtype, shape and data_offsets");
        SafeTensorInfo info;
        info.name = name;
        if (!v["dtype"].is_string()) throw CheckpointError(where + ": dtype is not a string");
        info.dtype = v["dtype"].get<std::string>();
        const DtypeEntry* dtype = findDtype(info.dtype);
        if (!dtype) throw CheckpointError(where + ": unknown dtype '" + info.dtype + "'");
        if (!v["shape"].is_array()) throw CheckpointError(where + ": shape is not an array");
        std::uint64_t bytes = dtype->size;
        for (const auto& d : v["shape"]) {
            if (!d.is_number_unsigned())
                throw CheckpointError(where + ": shape holds a non-integer or negative size");
            const auto dim = d.get<std::uint64_t>();
            // Only an overflow guard: the byte range checks below say what is wrong.
            if (dim != 0 && bytes > (std::uint64_t{1} << 62) / dim)
                throw CheckpointError(where + ": shape describes more bytes than any file holds");
            bytes *= dim;
            info.shape.push_back(static_cast<std::int64_t>(dim));
        }
        const auto& off = v["data_offsets"];
        if (!off.is_array() || off.size() != 2 || !off[0].is_number_unsigned() ||
            !off[1].is_number_unsigned())
            throw CheckpointError(where + ": data_offsets must be two non-negative integers");
        info.begin = off[0].get<std::uint64_t>();
        info.end = off[1].get<std::uint64_t>();
        if (info.begin > info.end)
            throw CheckpointError(where + ": data_offsets begin after they end");
        if (info.end > dataSize)
            throw CheckpointError(where + ": data ends at byte offset " +
                                  std::to_string(dataStart_ + info.end) + ", past the end of the " +
                                  std::to_string(size) + "-byte file");
        if (info.end - info.begin != bytes)
            throw CheckpointError(where + ": " + std::to_string(info.end - info.begin) +
                                  " bytes for a " + info.dtype + " shape that needs " +
                                  std::to_string(bytes));
        tensors_.push_back(std::move(info));
    }

    // The data section must be covered exactly: no overlap, no hole.
    std::vector<const SafeTensorInfo*> byOffset;
    for (const SafeTensorInfo& t : tensors_)
        byOffset.push_back(&t);
    std::sort(byOffset.begin(), byOffset.end(),
              [](const SafeTensorInfo* a, const SafeTensorInfo* b) {
                  return a->begin < b->begin || (a->begin == b->begin && a->end < b->end);
              });
    std::uint64_t expected = 0;
    for (const SafeTensorInfo* t : byOffset) {
        if (t->begin < expected)
            throw CheckpointError(path + ": tensor '" + t->name +
                                  "' overlaps another at byte offset " +
                                  std::to_string(dataStart_ + t->begin));
        if (t->begin > expected)
            throw CheckpointError(path + ": unused bytes before tensor '" + t->name +
                                  "' at byte offset " + std::to_string(dataStart_ + expected));
        expected = t->end;
    }
    if (expected != dataSize)
        throw CheckpointError(path + ": " + std::to_string(dataSize - expected) +
                              " bytes after the last tensor at byte offset " +
                              std::to_string(dataStart_ + expected));
}

bool SafetensorsReader::has(const std::string& name) const {
    return std::any_of(tensors_.begin(), tensors_.end(),
                       [&](const SafeTensorInfo& t) { return t.name == name; });
}

const SafeTensorInfo& SafetensorsReader::info(const std::string& name) const {
    for (const SafeTensorInfo& t : tensors_)
        if (t.name == name) return t;
    throw CheckpointError(path_ + ": no tensor '" + name + "'");
}

torch::Tensor SafetensorsReader::load(const std::string& name) const {
    const SafeTensorInfo& t = info(name);
    const DtypeEntry* dtype = findDtype(t.dtype);
    torch::Tensor out = torch::empty(t.shape, torch::TensorOptions().dtype(dtype->type));
    source_->read(dataStart_ + t.begin, out.data_ptr(), t.end - t.begin);
    return out;
}

std::vector<std::pair<std::string, torch::Tensor>> SafetensorsReader::loadAll() const {
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const SafeTensorInfo& t : tensors_)
        out.emplace_back(t.name, load(t.name));
    return out;
}

void writeSafetensors(const std::string& path,
                      const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata) {
    std::vector<torch::Tensor> data;
    nlohmann::json header = nlohmann::json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    std::uint64_t offset = 0;
    for (const auto& [name, tensor] : tensors) {
        if (name == "__metadata__" || name.empty())
            throw CheckpointError(path + ": invalid tensor name '" + name + "'");
        if (header.contains(name))
            throw CheckpointError(path + ": tensor '" + name + "' given twice");
        const std::string dtype = safetensorsDtype(tensor.scalar_type());
        if (dtype.empty())
            throw CheckpointError(path + ": tensor '" + name +
                                  "' has a dtype safetensors cannot store");
        torch::Tensor t = tensor.detach().to(torch::kCPU).contiguous();
        const std::uint64_t bytes = static_cast<std::uint64_t>(t.numel()) * t.element_size();
        header[name] = {{"dtype", dtype},
                        {"shape", t.sizes().vec()},
                        {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
        data.push_back(t);
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');  // keeps the data 8-byte aligned

    AtomicFile file(path);
    unsigned char len[8];
    const std::uint64_t n = text.size();
    for (int i = 0; i < 8; ++i)
        len[i] = static_cast<unsigned char>((n >> (8 * i)) & 0xff);
    file.write(len, 8);
    file.write(text);
    for (const torch::Tensor& t : data)
        file.write(t.data_ptr(), static_cast<std::size_t>(t.numel()) * t.element_size());
    file.commit();
}

}  // namespace pf::storage
