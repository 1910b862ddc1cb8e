#pragma once

// qcustomplot.h spells Qt's lowercase keywords (signals, slots, emit, foreach). The project builds
// with QT_NO_KEYWORDS, because LibTorch's IValue has a member named `slots`, so the keywords are
// mapped for this one header and unmapped right after it.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach
