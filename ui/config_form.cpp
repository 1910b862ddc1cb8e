#include "config_form.h"

#include <climits>
#include <cmath>
#include <regex>

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWheelEvent>

#include "common/error.h"
#include "experiment/experiment_config.h"
#include "labels.h"

namespace pf::ui {
namespace {

// Number and choice editors that take the mouse wheel only once clicked or tabbed into: a wheel
// over the form scrolls the form, and no value changes unseen on the way.
template <class Base>
class FocusedWheel : public Base {
public:
    explicit FocusedWheel(QWidget* parent) : Base(parent) { this->setFocusPolicy(Qt::StrongFocus); }

protected:
    void wheelEvent(QWheelEvent* event) override {
        if (!this->hasFocus()) {
            event->ignore();  // to the scroll area
            return;
        }
        Base::wheelEvent(event);
    }
};

}  // namespace
namespace {

const char* kInvalidProperty = "pfInvalid";

QString groupTitle(const std::string& group) {
    if (group == "run") return ConfigForm::tr("Run");
    if (group == "data") return ConfigForm::tr("Data and task sequence");
    if (group == "training") return ConfigForm::tr("Training");
    if (group == "model") return ConfigForm::tr("Model");
    if (group == "system") return ConfigForm::tr("System");
    if (group == "promptfusion") return ConfigForm::tr("PromptFusion");
    if (group == "lite") return ConfigForm::tr("PromptFusion-Lite gate");
    if (group == "memory") return ConfigForm::tr("Rehearsal memory");
    return QString::fromStdString(group);
}

// The key a ConfigError message is about: "config key 'lr': ..." -> "lr".
std::string keyOf(const std::string& message) {
    static const std::regex pattern("config keys? '([a-z_0-9]+)'");
    std::smatch m;
    return std::regex_search(message, m, pattern) ? m[1].str() : std::string();
}

}  // namespace

ConfigForm::ConfigForm(QWidget* parent) : QWidget(parent) {
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    groupsHost_ = new QWidget(scroll);
    groupsLayout_ = new QVBoxLayout(groupsHost_);
    scroll->setWidget(groupsHost_);
    outer->addWidget(scroll, 1);
    errorLabel_ = new QLabel(this);
    errorLabel_->setWordWrap(true);
    errorLabel_->setObjectName(QStringLiteral("configError"));
    errorLabel_->setStyleSheet(QStringLiteral("color: #c0392b;"));
    errorLabel_->hide();
    outer->addWidget(errorLabel_);
    setConfig(nlohmann::json::object());
}

QWidget* ConfigForm::editor(const QString& key) const {
    auto it = editors_.find(key.toStdString());
    return it == editors_.end() ? nullptr : it->second;
}

void ConfigForm::setConfig(const nlohmann::json& values) {
    std::string method = config::ExperimentOptions{}.method;
    if (values.contains("method") && values["method"].is_string()) method = values["method"];
    rebuild(method, values);
    Q_EMIT changed();
}

void ConfigForm::rebuild(const std::string& method, const nlohmann::json& values) {
    rebuilding_ = true;
    method_ = method;
    specs_ = config::schemaFor(method);
    editors_.clear();
    while (QLayoutItem* item = groupsLayout_->takeAt(0)) {
        if (QWidget* w = item->widget()) {
            w->hide();  // deleted later: must not paint over the new groups meanwhile
            w->deleteLater();
        }
        delete item;
    }
    std::string currentGroup;
    QFormLayout* form = nullptr;
    for (const config::FieldSpec& spec : specs_) {
        if (!form || spec.group != currentGroup) {
            currentGroup = spec.group;
            auto* box = new QGroupBox(groupTitle(spec.group), groupsHost_);
            form = new QFormLayout(box);
            form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
            // A narrow panel puts a field under its label instead of cutting it off.
            form->setRowWrapPolicy(QFormLayout::WrapLongRows);
            groupsLayout_->addWidget(box);
        }
        const nlohmann::json value =
            values.contains(spec.key) ? values[spec.key] : spec.defaultValue;
        QWidget* editor = makeEditor(spec, value);
        editor->setObjectName(QString::fromStdString(spec.key));
        // The label in plain words; the key (for JSON and --set) leads the tooltip.
        editor->setToolTip(
            QString::fromStdString(spec.key + ": " + spec.doc + " (" + spec.rangeText() + ")"));
        auto* label = new QLabel(fieldLabel(spec.key), groupsHost_);
        label->setObjectName(QString::fromStdString(spec.key) + QStringLiteral("Label"));
        label->setToolTip(editor->toolTip());
        if (const PathKind kind = pathKind(spec.key); kind != PathKind::None)
            form->addRow(label, withBrowseButton(static_cast<QLineEdit*>(editor), kind));
        else
            form->addRow(label, editor);
        editors_[spec.key] = editor;
    }
    groupsLayout_->addStretch(1);
    rebuilding_ = false;
    validate();
}

ConfigForm::PathKind ConfigForm::pathKind(const std::string& key) {
    if (key == "data_root") return PathKind::Folder;
    if (key == "clip_weights" || key == "vit_weights") return PathKind::WeightsFile;
    if (key == "class_names_file") return PathKind::TextFile;
    return PathKind::None;
}

QWidget* ConfigForm::withBrowseButton(QLineEdit* edit, PathKind kind) {
    auto* row = new QWidget(groupsHost_);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    edit->setParent(row);
    layout->addWidget(edit, 1);
    auto* browse = new QToolButton(row);
    browse->setText(QStringLiteral("..."));
    browse->setObjectName(edit->objectName() + QStringLiteral("Browse"));
    browse->setToolTip(kind == PathKind::Folder ? tr("Choose a folder") : tr("Choose a file"));
    layout->addWidget(browse);
    connect(browse, &QToolButton::clicked, this, [this, edit, kind] {
        const QString start = edit->text().isEmpty() ? QDir::homePath() : edit->text();
        QString path;
        if (kind == PathKind::Folder)
            path = QFileDialog::getExistingDirectory(this, tr("Data folder"), start);
        else if (kind == PathKind::WeightsFile)
            path = QFileDialog::getOpenFileName(
                this, tr("Weight file"), start,
                tr("Weight files (*.safetensors *.pt *.pth *.bin);;All files (*)"));
        else
            path = QFileDialog::getOpenFileName(this, tr("Class names file"), start,
                                                tr("Text files (*.txt);;All files (*)"));
        if (!path.isEmpty()) edit->setText(path);  // validated and previewed as if typed
    });
    return row;
}

QWidget* ConfigForm::makeEditor(const config::FieldSpec& spec, const nlohmann::json& value) {
    auto onChange = [this] {
        if (rebuilding_) return;
        validate();
        Q_EMIT changed();
    };
    switch (spec.type) {
        case config::FieldType::Bool: {
            auto* box = new QCheckBox(groupsHost_);
            box->setChecked(value.is_boolean() && value.get<bool>());
            connect(box, &QCheckBox::toggled, this, onChange);
            return box;
        }
        case config::FieldType::Int: {
            // Any whole number can be typed or loaded: one out of range is shown as an error
            // naming the key and its range (validate()), never clamped or dropped unseen.
            auto* spin = new FocusedWheel<QSpinBox>(groupsHost_);
            spin->setRange(INT_MIN, INT_MAX);
            if (value.is_number_integer()) spin->setValue(value.get<int>());
            connect(spin, &QSpinBox::valueChanged, this, onChange);
            return spin;
        }
        case config::FieldType::Choice: {
            auto* combo = new FocusedWheel<QComboBox>(groupsHost_);
            for (const std::string& c : spec.choices)
                combo->addItem(QString::fromStdString(c));
            if (value.is_string())
                combo->setCurrentText(QString::fromStdString(value.get<std::string>()));
            if (spec.key == "method") {
                // Another method has other keys: rebuild, keeping every value that still applies.
                connect(combo, &QComboBox::currentTextChanged, this, [this](const QString& m) {
                    if (rebuilding_) return;
                    const nlohmann::json values = config();
                    QMetaObject::invokeMethod(
                        this,
                        [this, m, values] {
                            rebuild(m.toStdString(), values);
                            Q_EMIT changed();
                        },
                        Qt::QueuedConnection);
                });
            } else {
                connect(combo, &QComboBox::currentTextChanged, this, onChange);
            }
            return combo;
        }
        case config::FieldType::Float: {
            auto* edit = new QLineEdit(groupsHost_);
            if (value.is_number()) edit->setText(QString::number(value.get<double>(), 'g', 10));
            connect(edit, &QLineEdit::textChanged, this, onChange);
            return edit;
        }
        case config::FieldType::String: {
            auto* edit = new QLineEdit(groupsHost_);
            if (value.is_string()) edit->setText(QString::fromStdString(value.get<std::string>()));
            connect(edit, &QLineEdit::textChanged, this, onChange);
            return edit;
        }
    }
    return new QWidget(groupsHost_);
}

nlohmann::json ConfigForm::editorValue(const config::FieldSpec& spec, QWidget* editor,
                                       bool* ok) const {
    *ok = true;
    switch (spec.type) {
        case config::FieldType::Bool:
            return static_cast<QCheckBox*>(editor)->isChecked();
        case config::FieldType::Int:
            return static_cast<QSpinBox*>(editor)->value();
        case config::FieldType::Choice:
            return static_cast<QComboBox*>(editor)->currentText().toStdString();
        case config::FieldType::String:
            return static_cast<QLineEdit*>(editor)->text().toStdString();
        case config::FieldType::Float: {
            const double v = static_cast<QLineEdit*>(editor)->text().trimmed().toDouble(ok);
            return *ok ? nlohmann::json(v)
                       : nlohmann::json(static_cast<QLineEdit*>(editor)->text().toStdString());
        }
    }
    *ok = false;
    return {};
}

nlohmann::json ConfigForm::config() const {
    nlohmann::json out = nlohmann::json::object();
    for (const config::FieldSpec& spec : specs_) {
        auto it = editors_.find(spec.key);
        if (it == editors_.end()) continue;
        bool ok = true;
        out[spec.key] = editorValue(spec, it->second, &ok);
    }
    return out;
}

void ConfigForm::validate() {
    for (auto& [key, editor] : editors_) {
        if (editor->property(kInvalidProperty).toBool()) {
            editor->setProperty(kInvalidProperty, false);
            editor->setStyleSheet(QString());
        }
    }
    error_.clear();
    try {
        config::ExperimentConfig::fromJson(config());
    } catch (const ConfigError& e) {
        error_ = QString::fromStdString(e.what());
        const std::string key = keyOf(e.what());
        if (auto it = editors_.find(key); it != editors_.end()) {
            it->second->setProperty(kInvalidProperty, true);
            it->second->setStyleSheet(QStringLiteral("border: 1px solid #c0392b;"));
        }
    }
    errorLabel_->setText(error_);
    errorLabel_->setVisible(!error_.isEmpty());
}

}  // namespace pf::ui
