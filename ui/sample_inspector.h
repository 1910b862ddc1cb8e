#pragma once

#include <QWidget>

#include "run_events.h"

class QLabel;
class QVBoxLayout;

namespace pf::ui {

/// The sample inspector: after each task, a few test images of every task so far with what the
/// fused model, the Stabilizer and the Booster (or the single model) predict - right in green,
/// wrong in red - so a class can see old tasks being forgotten, image by image.
class SampleInspector : public QWidget {
    Q_OBJECT
public:
    explicit SampleInspector(QWidget* parent = nullptr);

    /// No images; `note` (when given) says why instead of the usual hint.
    void clear(const QString& note = QString());
    void setSamples(const pf::training::SamplesEvent& event);
    /// Images shown, and how many of their predictions are wrong (tests).
    int shownImages() const { return images_; }
    int wrongPredictions() const { return wrong_; }

private:
    QLabel* title_ = nullptr;
    QWidget* host_ = nullptr;
    QVBoxLayout* rows_ = nullptr;
    int images_ = 0;
    int wrong_ = 0;
};

}  // namespace pf::ui
