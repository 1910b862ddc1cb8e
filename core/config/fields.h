#pragma once

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error.h"

/// Options structs describe their fields once, through a FieldSet; the same description gives
/// JSON reading with type and range checks, JSON writing, and the schema that presets, the
/// command line (--set), the run store and the GUI form all use.
namespace pf::config {

enum class FieldType { Bool, Int, Float, String, Choice };

/// Name of a field type as shown in messages ("integer", "number", ...).
const char* typeName(FieldType type);

/// Everything a form or a validator needs to know about one key.
struct FieldSpec {
    std::string key;                  ///< JSON key, snake_case
    FieldType type = FieldType::Int;  ///< value type
    std::string doc;                  ///< one line for tooltips and --help
    std::string group;                ///< form section, e.g. "data", "training", "model"
    double min = -std::numeric_limits<double>::infinity();  ///< lower bound (numbers)
    double max = std::numeric_limits<double>::infinity();   ///< upper bound (numbers)
    bool minExclusive = false;         ///< true: value must be > min instead of >= min
    std::vector<std::string> choices;  ///< allowed values (Choice)
    nlohmann::json defaultValue;       ///< the value of a default-constructed options struct

    /// "[1, 100]", "(0, inf)", "one of: a, b" - for error messages.
    std::string rangeText() const;
    /// Throws ConfigError naming the key if `value` has the wrong type or is out of range.
    void check(const nlohmann::json& value) const;
};

/// Inclusive integer range.
struct IntRange {
    long long min;
    long long max;
};

/// Number range; `minExclusive` for strictly positive quantities such as a learning rate.
struct FloatRange {
    double min;
    double max;
    bool minExclusive = false;
};

/// The description of options struct T: one binding per field.
template <class T>
class FieldSet {
public:
    explicit FieldSet(std::string group = {}) : group_(std::move(group)) {}

    /// Starts a new form section for the fields added after it.
    FieldSet& group(std::string name) {
        group_ = std::move(name);
        return *this;
    }

    FieldSet& integer(std::string key, int T::*member, IntRange range, std::string doc) {
        FieldSpec spec = makeSpec(std::move(key), FieldType::Int, std::move(doc));
        spec.min = static_cast<double>(range.min);
        spec.max = static_cast<double>(range.max);
        return bind(std::move(spec), member);
    }

    FieldSet& real(std::string key, double T::*member, FloatRange range, std::string doc) {
        FieldSpec spec = makeSpec(std::move(key), FieldType::Float, std::move(doc));
        spec.min = range.min;
        spec.max = range.max;
        spec.minExclusive = range.minExclusive;
        return bind(std::move(spec), member);
    }

    FieldSet& boolean(std::string key, bool T::*member, std::string doc) {
        return bind(makeSpec(std::move(key), FieldType::Bool, std::move(doc)), member);
    }

    FieldSet& text(std::string key, std::string T::*member, std::string doc) {
        return bind(makeSpec(std::move(key), FieldType::String, std::move(doc)), member);
    }

    FieldSet& choice(std::string key, std::string T::*member, std::vector<std::string> choices,
                     std::string doc) {
        FieldSpec spec = makeSpec(std::move(key), FieldType::Choice, std::move(doc));
        spec.choices = std::move(choices);
        return bind(std::move(spec), member);
    }

    /// The schema, in declaration order, with defaults from a default-constructed T.
    std::vector<FieldSpec> specs() const {
        const T defaults{};
        std::vector<FieldSpec> out;
        for (const Binding& b : bindings_) {
            FieldSpec s = b.spec;
            s.defaultValue = b.get(defaults);
            out.push_back(std::move(s));
        }
        return out;
    }

    bool has(const std::string& key) const { return findBinding(key) != nullptr; }

    /// Writes every field of `value` into `out` (other keys of `out` are kept).
    void write(const T& value, nlohmann::json& out) const {
        for (const Binding& b : bindings_)
            out[b.spec.key] = b.get(value);
    }

    nlohmann::json toJson(const T& value) const {
        nlohmann::json out = nlohmann::json::object();
        write(value, out);
        return out;
    }

    /// Reads the keys of `obj` that belong to this set into `out`, checking each value;
    /// keys it does not know are left for the caller to judge.
    void read(const nlohmann::json& obj, T& out) const {
        for (const Binding& b : bindings_) {
            auto it = obj.find(b.spec.key);
            if (it == obj.end()) continue;
            b.spec.check(*it);
            b.set(out, *it);
        }
    }

    /// Range-checks every field of `value` (a struct filled in code rather than from JSON).
    void validate(const T& value) const {
        for (const Binding& b : bindings_)
            b.spec.check(b.get(value));
    }

private:
    struct Binding {
        FieldSpec spec;
        std::function<nlohmann::json(const T&)> get;
        std::function<void(T&, const nlohmann::json&)> set;
    };

    FieldSpec makeSpec(std::string key, FieldType type, std::string doc) const {
        FieldSpec spec;
        spec.key = std::move(key);
        spec.type = type;
        spec.doc = std::move(doc);
        spec.group = group_;
        return spec;
    }

    template <class M>
    FieldSet& bind(FieldSpec spec, M T::*member) {
        if (has(spec.key)) throw std::logic_error("duplicate config key " + spec.key);
        Binding b;
        b.spec = std::move(spec);
        b.get = [member](const T& t) { return nlohmann::json(t.*member); };
        b.set = [member](T& t, const nlohmann::json& v) { t.*member = v.get<M>(); };
        bindings_.push_back(std::move(b));
        return *this;
    }

    const Binding* findBinding(const std::string& key) const {
        for (const Binding& b : bindings_)
            if (b.spec.key == key) return &b;
        return nullptr;
    }

    std::string group_;
    std::vector<Binding> bindings_;
};

/// Parses the value half of a `--set key=value` override: JSON when it parses as JSON
/// (numbers, true/false, quoted strings), otherwise the raw text as a string.
nlohmann::json parseOverrideValue(const std::string& text);

/// Splits "key=value"; throws ConfigError naming the argument when there is no '='.
std::pair<std::string, nlohmann::json> parseOverride(const std::string& assignment);

}  // namespace pf::config
