#include <QtGlobal>

#include "cli.h"
#include "cli_common.h"
#include "commands.h"
#include "common/system_info.h"

namespace pf::cli {

int versionCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    parser.addOption(json);
    if (auto code = parseCommand(parser, arguments,
                                 QStringLiteral("pfstudio version [--json]\n"
                                                "Prints versions, the BLAS library in use and "
                                                "the compute threads.")))
        return *code;
    const SystemInfo info = systemInfo();
    if (parser.isSet(json)) {
        nlohmann::json j = info.toJson();
        j["qt"] = qVersion();
        j["slow_matrix_products"] = slowMatrixProducts(info);
        printOut(j.dump() + "\n");
        return kOk;
    }
    std::string text;
    text += "PromptFusion Studio " + info.appVersion + "\n";
    text += "Qt        " + std::string(qVersion()) + "\n";
    text += "LibTorch  " + info.torch + "\n";
    text += "OpenCV    " + info.opencv + "\n";
    text += "SQLite    " + info.sqlite + "\n";
    text += "BLAS      " + info.blas + "\n";
    if (!info.blasConfig.empty()) text += "          " + info.blasConfig + "\n";
    if (!info.kernel.kernel.empty()) text += "Kernel    " + info.kernel.describe() + "\n";
    const std::string slow = slowMatrixProducts(info);
    if (!slow.empty()) text += "Warning   " + slow + "\n";
    text += "Threads   " + std::to_string(info.threads) + " of " + std::to_string(info.cores) +
            " cores\n";
    text += "CUDA      " +
            (info.cudaDevices > 0 ? std::to_string(info.cudaDevices) + " device(s): --device cuda:N"
                                  : std::string("none (CPU-only LibTorch or no GPU)")) +
            "\n";
    printOut(text);
    return kOk;
}

}  // namespace pf::cli
