#include "sample_inspector.h"

#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QPixmap>
#include <QScrollArea>
#include <QVBoxLayout>

namespace pf::ui {

SampleInspector::SampleInspector(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    title_ = new QLabel(this);
    title_->setWordWrap(true);
    layout->addWidget(title_);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    host_ = new QWidget(scroll);
    rows_ = new QVBoxLayout(host_);
    rows_->addStretch(1);
    scroll->setWidget(host_);
    layout->addWidget(scroll, 1);
    clear();
}

void SampleInspector::clear(const QString& note) {
    while (rows_->count() > 1) {
        QLayoutItem* item = rows_->takeAt(0);
        delete item->widget();
        delete item;
    }
    images_ = wrong_ = 0;
    title_->setText(note.isEmpty()
                        ? tr("Test images of every task so far appear here after each task, with "
                             "each part's prediction: green right, red wrong.")
                        : note);
}

void SampleInspector::setSamples(const training::SamplesEvent& event) {
    clear();
    title_->setText(
        tr("After task %1: test images of each task learned so far").arg(event.afterTask + 1));
    int task = -1;
    QHBoxLayout* strip = nullptr;
    QFrame* frame = nullptr;
    for (const training::InspectedSample& s : event.samples) {
        if (s.task != task || !strip) {
            task = s.task;
            frame = new QFrame(host_);
            frame->setObjectName(QStringLiteral("inspectorRow"));
            frame->setFrameShape(QFrame::StyledPanel);
            auto* v = new QVBoxLayout(frame);
            v->addWidget(new QLabel(task < event.afterTask
                                        ? tr("<b>Task %1</b> (old)").arg(task + 1)
                                        : tr("<b>Task %1</b> (new)").arg(task + 1),
                                    frame));
            strip = new QHBoxLayout;
            v->addLayout(strip);
            strip->addStretch(1);
            rows_->insertWidget(rows_->count() - 1, frame);
        }
        auto* cell = new QWidget(frame);
        auto* c = new QVBoxLayout(cell);
        c->setContentsMargins(2, 2, 2, 2);
        const QImage image(s.pixels.data(), s.width, s.height, s.width * s.channels,
                           s.channels == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
        auto* picture = new QLabel(cell);
        picture->setObjectName(QStringLiteral("inspectedImage"));
        picture->setPixmap(QPixmap::fromImage(
            image.scaled(72, 72, Qt::KeepAspectRatio,
                         s.width < 72 ? Qt::FastTransformation : Qt::SmoothTransformation)));
        c->addWidget(picture, 0, Qt::AlignHCenter);
        auto* truth =
            new QLabel(tr("<b>%1</b>").arg(QString::fromStdString(s.truth).toHtmlEscaped()), cell);
        c->addWidget(truth, 0, Qt::AlignHCenter);
        for (const auto& [part, predicted] : s.predictions) {
            const bool right = predicted == s.truth;
            if (!right) ++wrong_;
            auto* line =
                new QLabel(QStringLiteral("<span style='color:%1'>%2 %3: %4</span>")
                               .arg(right ? QStringLiteral("#1b7f3b") : QStringLiteral("#c0392b"))
                               .arg(right ? QStringLiteral("&#10003;") : QStringLiteral("&#10007;"))
                               .arg(QString::fromStdString(part).toHtmlEscaped())
                               .arg(QString::fromStdString(predicted).toHtmlEscaped()),
                           cell);
            line->setObjectName(right ? QStringLiteral("rightPrediction")
                                      : QStringLiteral("wrongPrediction"));
            c->addWidget(line, 0, Qt::AlignHCenter);
        }
        strip->insertWidget(strip->count() - 1, cell);
        ++images_;
    }
}

}  // namespace pf::ui
