#pragma once

#include <map>
#include <string>
#include <vector>

#include <QString>
#include <QWidget>

#include <nlohmann/json.hpp>

#include "config/fields.h"

class QFormLayout;
class QVBoxLayout;
class QLabel;
class QLineEdit;

namespace pf::ui {

/// The hyperparameter form, generated from the options structs' field specs (core keys plus the
/// chosen method's keys). Every edit re-validates the whole config with the core's own
/// validator; the field at fault is marked and the reason shown.
class ConfigForm : public QWidget {
    Q_OBJECT
public:
    explicit ConfigForm(QWidget* parent = nullptr);

    /// Shows `config` (a partial or complete config object; missing keys take defaults) and
    /// emits changed().
    void setConfig(const nlohmann::json& config);
    /// The config as the form holds it.
    nlohmann::json config() const;
    /// Empty when the config is valid; otherwise the reason, naming the key.
    QString validationError() const { return error_; }
    /// The editor widget of `key`, or nullptr (tests and focus handling).
    QWidget* editor(const QString& key) const;

Q_SIGNALS:
    /// Any value changed (validation already updated).
    void changed();

private:
    /// Keys whose value is a path: a "..." button beside the editor picks it.
    enum class PathKind { None, Folder, WeightsFile, TextFile };
    static PathKind pathKind(const std::string& key);
    QWidget* withBrowseButton(QLineEdit* edit, PathKind kind);
    void rebuild(const std::string& method, const nlohmann::json& values);
    QWidget* makeEditor(const config::FieldSpec& spec, const nlohmann::json& value);
    nlohmann::json editorValue(const config::FieldSpec& spec, QWidget* editor, bool* ok) const;
    void validate();

    QVBoxLayout* groupsLayout_ = nullptr;
    QWidget* groupsHost_ = nullptr;
    QLabel* errorLabel_ = nullptr;
    std::vector<config::FieldSpec> specs_;
    std::map<std::string, QWidget*> editors_;
    std::string method_;
    QString error_;
    bool rebuilding_ = false;
};

}  // namespace pf::ui
