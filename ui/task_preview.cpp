#include "task_preview.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPixmap>
#include <QScrollArea>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

#include "common/system_info.h"
#include "experiment/experiment_config.h"
#include "training/experiment.h"

namespace pf::ui {

/// Loads previews in its own thread; one request at a time, in order.
class PreviewLoader : public QObject {
    Q_OBJECT
public:
    void load(quint64 generation, const QString& configJson) {
        pf::useCallingThreadOnly();  // no team of compute threads beside the training one
        SequencePreview out;
        out.generation = generation;
        try {
            const auto config =
                config::ExperimentConfig::fromJson(nlohmann::json::parse(configJson.toStdString()));
            training::Experiment experiment(config);
            experiment.prepare();
            const training::DataSummary s = experiment.dataSummary();
            out.summary = tr("%1: %2 classes, %3 training and %4 test images, %5 x %5 pixels")
                              .arg(QString::fromStdString(s.title))
                              .arg(s.classes)
                              .arg(QLocale().toString(s.trainImages))
                              .arg(QLocale().toString(s.testImages))
                              .arg(s.storedSide);
            for (const std::string& w : s.warnings)
                out.warnings << QString::fromStdString(w);
            const data::TaskSequence& seq = experiment.sequence();
            const auto& names = experiment.classNames();
            for (const data::Task& t : seq.tasks()) {
                TaskPreviewRow row;
                row.title =
                    t.domain.empty()
                        ? tr("Task %1").arg(t.index + 1)
                        : tr("Task %1 · %2").arg(t.index + 1).arg(QString::fromStdString(t.domain));
                for (int c : t.classes)
                    row.classes << QString::fromStdString(names.at(static_cast<std::size_t>(c)));
                row.train = static_cast<qint64>(t.train.size());
                row.test = static_cast<qint64>(t.test.size());
                const int perClass = t.classes.size() <= 4 ? 3 : 1;
                for (const training::SampleImage& img : experiment.samples(t.index, perClass, 16)) {
                    const QImage::Format format =
                        img.channels == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888;
                    // QImage over the pixels, then a deep copy that owns them.
                    row.images << QImage(img.pixels.data(), img.width, img.height,
                                         img.width * img.channels, format)
                                      .copy();
                    row.captions << QStringLiteral("%1\n%2").arg(
                        QString::fromStdString(img.className), QString::fromStdString(img.source));
                }
                out.tasks << row;
            }
        } catch (const std::exception& e) {
            out.error = QString::fromStdString(e.what());
        }
        Q_EMIT done(out);
    }

Q_SIGNALS:
    void done(const pf::ui::SequencePreview& preview);
};

namespace {

// The keys that decide which images the sequence holds; the rest (method, lr, ...) do not.
QString dataKeyOf(const QString& configJson) {
    const nlohmann::json c = nlohmann::json::parse(configJson.toStdString());
    nlohmann::json key = nlohmann::json::object();
    for (const char* k :
         {"dataset", "data_root", "scenario", "domains", "tasks", "classes_per_task",
          "first_task_classes", "class_order_seed", "train_per_class", "test_per_class",
          "validation_per_class", "test_fraction", "split_seed", "class_names_file", "grayscale",
          "image_size", "seed"})
        if (c.contains(k)) key[k] = c[k];
    return QString::fromStdString(key.dump());
}

}  // namespace

TaskPreview::TaskPreview(QWidget* parent) : QWidget(parent) {
    qRegisterMetaType<SequencePreview>();
    auto* layout = new QVBoxLayout(this);
    status_ = new QLabel(tr("No data loaded yet"), this);
    status_->setObjectName(QStringLiteral("previewStatus"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(status_);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    rowsHost_ = new QWidget(scroll);
    rows_ = new QVBoxLayout(rowsHost_);
    rows_->addStretch(1);
    scroll->setWidget(rowsHost_);
    layout->addWidget(scroll, 1);

    loader_ = new PreviewLoader;
    loader_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, loader_, &QObject::deleteLater);
    connect(loader_, &PreviewLoader::done, this, [this](const SequencePreview& p) {
        if (p.generation == generation_) show(p);
    });
    thread_.setObjectName(QStringLiteral("preview"));
    thread_.start();
}

TaskPreview::~TaskPreview() {
    // A load in progress finishes first (loading has no cancel point).
    thread_.quit();
    thread_.wait();
}

void TaskPreview::setConfig(const QString& configJson) {
    QString key;
    try {
        key = dataKeyOf(configJson);
    } catch (const std::exception&) {
        return;
    }
    if (key == dataKey_) return;
    dataKey_ = key;
    const quint64 generation = ++generation_;
    status_->setText(tr("Loading the data..."));
    QMetaObject::invokeMethod(
        loader_,
        [loader = loader_, generation, configJson] { loader->load(generation, configJson); },
        Qt::QueuedConnection);
}

void TaskPreview::show(const SequencePreview& preview) {
    shown_ = preview;
    shownGeneration_ = preview.generation;
    // Clear the rows (the stretch at the end stays).
    while (rows_->count() > 1) {
        QLayoutItem* item = rows_->takeAt(0);
        delete item->widget();
        delete item;
    }
    if (!preview.error.isEmpty()) {
        status_->setText(tr("Cannot load the data: %1").arg(preview.error));
        status_->setStyleSheet(QStringLiteral("color: #b00020;"));
        Q_EMIT loaded();
        return;
    }
    status_->setStyleSheet(QString());
    QString text = preview.summary;
    for (const QString& w : preview.warnings)
        text += QStringLiteral("\n") + tr("Warning: %1").arg(w);
    status_->setText(text);
    for (const TaskPreviewRow& row : preview.tasks) {
        auto* frame = new QFrame(rowsHost_);
        frame->setObjectName(QStringLiteral("taskRow"));
        frame->setFrameShape(QFrame::StyledPanel);
        auto* v = new QVBoxLayout(frame);
        auto* title = new QLabel(
            tr("<b>%1</b> · %2 training, %3 test images · %4")
                .arg(row.title.toHtmlEscaped())
                .arg(QLocale().toString(row.train))
                .arg(QLocale().toString(row.test))
                .arg(row.classes.size() <= 12
                         ? row.classes.join(QStringLiteral(", ")).toHtmlEscaped()
                         : tr("%n classes", nullptr, static_cast<int>(row.classes.size()))),
            frame);
        title->setWordWrap(true);
        v->addWidget(title);
        auto* strip = new QHBoxLayout;
        for (int k = 0; k < row.images.size(); ++k) {
            auto* thumb = new QLabel(frame);
            thumb->setObjectName(QStringLiteral("thumbnail"));
            const QImage& img = row.images[k];
            // Small images (28 px) are enlarged without smoothing, so their pixels stay crisp.
            const Qt::TransformationMode mode =
                img.width() < 56 ? Qt::FastTransformation : Qt::SmoothTransformation;
            thumb->setPixmap(QPixmap::fromImage(img.scaled(56, 56, Qt::KeepAspectRatio, mode)));
            thumb->setToolTip(row.captions.value(k));
            strip->addWidget(thumb);
        }
        strip->addStretch(1);
        v->addLayout(strip);
        rows_->insertWidget(rows_->count() - 1, frame);
    }
    Q_EMIT loaded();
}

}  // namespace pf::ui

#include "task_preview.moc"
