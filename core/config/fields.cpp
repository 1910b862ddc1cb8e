#include "config/fields.h"

#include <sstream>

namespace pf::config {

const char* typeName(FieldType type) {
    switch (type) {
        case FieldType::Bool:
            return "boolean";
        case FieldType::Int:
            return "integer";
        case FieldType::Float:
            return "number";
        case FieldType::String:
            return "string";
        case FieldType::Choice:
            return "string";
    }
    return "value";
}

namespace {

std::string formatBound(double v) {
    if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
    std::ostringstream os;
    os << v;
    return os.str();
}

std::string joinChoices(const std::vector<std::string>& choices) {
    std::string out;
    for (const std::string& c : choices) {
        if (!out.empty()) out += ", ";
        out += c;
    }
    return out;
}

}  // namespace

std::string FieldSpec::rangeText() const {
    switch (type) {
        case FieldType::Int:
        case FieldType::Float:
            return (minExclusive ? "(" : "[") + formatBound(min) + ", " + formatBound(max) +
                   (std::isinf(max) ? ")" : "]");
        case FieldType::Choice:
            return "one of: " + joinChoices(choices);
        case FieldType::Bool:
            return "true or false";
        case FieldType::String:
            return "any text";
    }
    return {};
}

void FieldSpec::check(const nlohmann::json& value) const {
    auto fail = [&](const std::string& why) {
        throw ConfigError("config key '" + key + "': " + why + " (allowed: " + rangeText() + ")");
    };
    switch (type) {
        case FieldType::Bool:
            if (!value.is_boolean()) fail("expected true or false, got " + value.dump());
            return;
        case FieldType::String:
            if (!value.is_string()) fail("expected a string, got " + value.dump());
            return;
        case FieldType::Choice: {
            if (!value.is_string()) fail("expected a string, got " + value.dump());
            const std::string s = value.get<std::string>();
            for (const std::string& c : choices)
                if (c == s) return;
            fail("unknown value '" + s + "'");
            return;
        }
        case FieldType::Int: {
            if (!value.is_number_integer()) fail("expected an integer, got " + value.dump());
            const double v = static_cast<double>(value.get<long long>());
            if (v < min || v > max) fail("value " + value.dump() + " out of range");
            return;
        }
        case FieldType::Float: {
            if (!value.is_number()) fail("expected a number, got " + value.dump());
            const double v = value.get<double>();
            if (!std::isfinite(v)) fail("value must be finite");
            if (v < min || v > max || (minExclusive && v == min))
                fail("value " + value.dump() + " out of range");
            return;
        }
    }
}

nlohmann::json parseOverrideValue(const std::string& text) {
    nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded() || parsed.is_object() || parsed.is_array()) return text;
    return parsed;
}

std::pair<std::string, nlohmann::json> parseOverride(const std::string& assignment) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0)
        throw ConfigError("--set '" + assignment + "': expected key=value");
    return {assignment.substr(0, eq), parseOverrideValue(assignment.substr(eq + 1))};
}

}  // namespace pf::config
