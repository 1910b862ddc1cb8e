#pragma once

#include <QMetaType>

#include "run/run_service.h"
#include "training/observer.h"

/// A run's events travel from the training thread to the GUI as one value type through a
/// queued signal: plain values, copied, never tensors or pointers.
Q_DECLARE_METATYPE(pf::storage::RunEvent)

namespace pf::ui {
/// Registers the event type with Qt's meta-type system (once, before the first connection).
void registerEventTypes();
}  // namespace pf::ui
