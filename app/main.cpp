// pfstudio: the GUI without arguments, the headless command line with a subcommand.
#include <algorithm>
#include <cstdio>

#include <QApplication>
#include <QCoreApplication>

#include "cli/cli.h"
#include "common/blas_kernel.h"
#include "common/system_info.h"
#include "common/version.h"
#include "ui/application.h"
#include "ui/gui_bench.h"
#include "ui/history_bench.h"
#include "ui/screenshot.h"

int main(int argc, char** argv) {
    // A process started to time one OpenBLAS kernel for the choice below.
    if (!qEnvironmentVariableIsEmpty(pf::blas::kProbeVariable)) return pf::blasProbeMain();
    // First of all: OpenBLAS has already chosen its kernels, and when it fell back to generic
    // ones on a CPU that runs better, this starts pfstudio again with the fastest of those
    // (timed once per CPU and cached; it does not return).
    pf::blas::selectKernelAtStartup(argv);
    QCoreApplication::setOrganizationName(QStringLiteral("PromptFusion"));
    QCoreApplication::setApplicationName(QStringLiteral("PromptFusion Studio"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(pf::kVersion));

    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);

    // Screenshots need widgets but no display: offscreen unless the caller chose a platform.
    if (!arguments.isEmpty() && arguments.first() == QLatin1String("screenshot")) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", QByteArrayLiteral("offscreen"));
        QApplication app(argc, argv);
        return pf::ui::runScreenshot(app, pf::cli::defaultDatabasePath());
    }
    // The history benchmark drives the History and Compare views: widgets, offscreen.
    if (arguments.size() > 1 && arguments.first() == QLatin1String("bench") &&
        std::any_of(arguments.begin() + 1, arguments.end(), [](const QString& a) {
            return a == QLatin1String("--history") || a.startsWith(QLatin1String("--history="));
        })) {
        return pf::ui::runHistoryBench(argc, argv);
    }
    // The GUI benchmark trains in a main window: widgets, offscreen.
    if (arguments.size() > 1 && arguments.first() == QLatin1String("bench") &&
        arguments.contains(QLatin1String("--gui")))
        return pf::ui::runGuiBench(argc, argv);
    if (pf::cli::wantsCommandLine(arguments)) {
        // A wrong PFSTUDIO_BLAS_KERNEL is bad input (the GUI says so in a dialog instead).
        const pf::blas::Status kernel = pf::blas::currentStatus();
        if (!kernel.settingError.empty()) {
            std::fprintf(stderr, "pfstudio: %s\n", kernel.settingError.c_str());
            return 2;
        }
        QCoreApplication app(argc, argv);
        pf::applyThreadCount(0);  // LibTorch starts with one thread here
        return pf::cli::run(QCoreApplication::arguments());
    }
    QApplication app(argc, argv);
    return pf::ui::runApplication(app, pf::cli::defaultDatabasePath());
}
