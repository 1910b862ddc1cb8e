#pragma once

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <type_traits>
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

/// A field of a struct nested in the options struct: `nested(&Options::training,
/// &TrainingOptions::lr)` binds the key to `options.training.lr`.
template <class T, class S, class M>
struct NestedMember {
    S T::*outer;
    M S::*inner;
};

template <class T, class S, class M>
NestedMember<T, S, M> nested(S T::*outer, M S::*inner) {
    return {outer, inner};
}

namespace detail {
template <class T, class M, class C>
M& memberOf(T& t, M C::*member) {
    return t.*member;
}
template <class T, class M, class C>
const M& memberOf(const T& t, M C::*member) {
    return t.*member;
}
template <class T, class S, class M>
M& memberOf(T& t, const NestedMember<T, S, M>& member) {
    return (t.*member.outer).*member.inner;
}
template <class T, class S, class M>
const M& memberOf(const T& t, const NestedMember<T, S, M>& member) {
    return (t.*member.outer).*member.inner;
}
}  // namespace detail

/// The description of options struct T: one binding per field, a member of T (or of a base of
/// T) or a member of a struct nested in it (`nested`).
template <class T>
class FieldSet {
public:
    explicit FieldSet(std::string group = {}) : group_(std::move(group)) {}

    /// Starts a new form section for the fields added after it.
    FieldSet& group(std::string name) {
        group_ = std::move(name);
        return *this;
    }

    template <class Member>
    FieldSet& integer(std::string key, Member member, IntRange range, std::string doc) {
        static_assert(std::is_same_v<ValueOf<Member>, int>, "integer() binds an int");
        FieldSpec spec = makeSpec(std::move(key), FieldType::Int, std::move(doc));
        spec.min = static_cast<double>(range.min);
        spec.max = static_cast<double>(range.max);
        return bind(std::move(spec), member);
    }

    template <class Member>
    FieldSet& real(std::string key, Member member, FloatRange range, std::string doc) {
        static_assert(std::is_same_v<ValueOf<Member>, double>, "real() binds a double");
        FieldSpec spec = makeSpec(std::move(key), FieldType::Float, std::move(doc));
        spec.min = range.min;
        spec.max = range.max;
        spec.minExclusive = range.minExclusive;
        return bind(std::move(spec), member);
    }

    template <class Member>
    FieldSet& boolean(std::string key, Member member, std::string doc) {
        static_assert(std::is_same_v<ValueOf<Member>, bool>, "boolean() binds a bool");
        return bind(makeSpec(std::move(key), FieldType::Bool, std::move(doc)), member);
    }

    template <class Member>
    FieldSet& text(std::string key, Member member, std::string doc) {
        static_assert(std::is_same_v<ValueOf<Member>, std::string>, "text() binds a string");
        return bind(makeSpec(std::move(key), FieldType::String, std::move(doc)), member);
    }

    template <class Member>
    FieldSet& choice(std::string key, Member member, std::vector<std::string> choices,
                     std::string doc) {
        static_assert(std::is_same_v<ValueOf<Member>, std::string>, "choice() binds a string");
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
    template <class Member>
    using ValueOf =
        std::decay_t<decltype(detail::memberOf(std::declval<const T&>(), std::declval<Member>()))>;

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

    template <class Member>
    FieldSet& bind(FieldSpec spec, Member member) {
        if (has(spec.key)) throw std::logic_error("duplicate config key " + spec.key);
        Binding b;
        b.spec = std::move(spec);
        b.get = [member](const T& t) { return nlohmann::json(detail::memberOf(t, member)); };
        b.set = [member](T& t, const nlohmann::json& v) {
            detail::memberOf(t, member) = v.get<ValueOf<Member>>();
        };
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
