#pragma once

#include <memory>

#include <QMetaType>

#include "run/run_journal.h"
#include "training/observer.h"

/// The core's event structs travel through queued signals as they are: plain values, copied,
/// never tensors or pointers.
Q_DECLARE_METATYPE(pf::training::RunStartEvent)
Q_DECLARE_METATYPE(pf::training::TaskStartEvent)
Q_DECLARE_METATYPE(pf::training::StepEvent)
Q_DECLARE_METATYPE(pf::training::EpochEvent)
Q_DECLARE_METATYPE(pf::training::EvaluationEvent)
Q_DECLARE_METATYPE(pf::training::SamplesEvent)
Q_DECLARE_METATYPE(pf::training::RunEndEvent)
Q_DECLARE_METATYPE(pf::training::CheckpointEvent)
Q_DECLARE_METATYPE(std::shared_ptr<const pf::storage::RunJournal>)

namespace pf::ui {
/// Registers the event types with Qt's meta-type system (once, before the first connection).
void registerEventTypes();
}  // namespace pf::ui
