// pfstudio: the GUI without arguments, the headless command line with a subcommand.
#include <cstdio>

#include <QApplication>
#include <QCoreApplication>

#include "cli/cli.h"
#include "common/blas_kernel.h"
#include "common/system_info.h"
#include "common/version.h"
#include "devtools/devtools.h"
#include "ui/application.h"

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

    if (const auto code = pf::devtools::runRequested(argc, argv, pf::cli::defaultDatabasePath()))
        return *code;
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
