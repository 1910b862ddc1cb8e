#pragma once

#include <QImage>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QThread>
#include <QVector>
#include <QWidget>

class QLabel;
class QVBoxLayout;

namespace pf::ui {

/// What the preview shows of one task: its classes, counts and a strip of sample images.
struct TaskPreviewRow {
    QString title;  ///< "Task 1" or "Task 2 · inverted"
    QStringList classes;
    qint64 train = 0;
    qint64 test = 0;
    QVector<QImage> images;
    QStringList captions;  ///< per image: class name and where it comes from
};

/// A whole loaded sequence, or the reason it could not be loaded.
struct SequencePreview {
    quint64 generation = 0;
    QString summary;
    QStringList warnings;
    QVector<TaskPreviewRow> tasks;
    QString error;
};

class PreviewLoader;

/// The task-sequence preview: one row per task with its class names, image counts and sample
/// thumbnails, loaded from the data the config names - in a background thread, so the window
/// stays responsive while a folder is scanned. Loads only when the data keys change.
class TaskPreview : public QWidget {
    Q_OBJECT
public:
    explicit TaskPreview(QWidget* parent = nullptr);
    ~TaskPreview() override;

    /// Shows the sequence of `configJson` (a valid, complete config), loading it if the keys
    /// that decide the data differ from what is shown.
    void setConfig(const QString& configJson);
    /// Tasks currently shown (tests).
    int taskCount() const { return shown_.tasks.size(); }
    const SequencePreview& shown() const { return shown_; }
    /// Whether a requested load has not been shown yet.
    bool loading() const { return shownGeneration_ != generation_; }

Q_SIGNALS:
    /// A load finished (shown, or failed with a message).
    void loaded();

private:
    void show(const SequencePreview& preview);

    QThread thread_;
    PreviewLoader* loader_ = nullptr;
    quint64 generation_ = 0;
    quint64 shownGeneration_ = 0;
    QString dataKey_;
    QLabel* status_ = nullptr;
    QWidget* rowsHost_ = nullptr;
    QVBoxLayout* rows_ = nullptr;
    SequencePreview shown_;
};

}  // namespace pf::ui

Q_DECLARE_METATYPE(pf::ui::SequencePreview)
