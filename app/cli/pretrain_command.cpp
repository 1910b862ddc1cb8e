#include <iostream>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "cli_common.h"
#include "commands.h"
#include "training/pretrain.h"

namespace pf::cli {

int pretrainCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    std::string names;
    for (const std::string& n : training::pretrainPresetNames())
        names += (names.empty() ? "" : ", ") + n;
    const QCommandLineOption preset(
        QStringLiteral("preset"),
        QStringLiteral("Pretraining preset: %1.").arg(QString::fromStdString(names)),
        QStringLiteral("NAME"));
    const QCommandLineOption set(QStringLiteral("set"),
                                 QStringLiteral("Override a key. Repeatable."),
                                 QStringLiteral("key=value"));
    const QCommandLineOption out(
        QStringLiteral("out"),
        QStringLiteral("Folder for tiny_clip.safetensors and tiny_vit.safetensors "
                       "(default: pretrained)."),
        QStringLiteral("DIR"), QStringLiteral("pretrained"));
    const QCommandLineOption json(
        QStringLiteral("json"),
        QStringLiteral("Progress on stderr; the report as the last line on stdout."));
    parser.addOptions({preset, set, out, json});
    if (auto code = parseCommand(
            parser, arguments,
            QStringLiteral("pfstudio pretrain --preset NAME [--set key=value]... "
                           "[--out DIR] [--json]\n"
                           "Pretrains the built-in tiny CLIP and ViT on the data set's "
                           "pretraining pool and writes their weights.")))
        return *code;
    if (!parser.isSet(preset)) {
        printError(QStringLiteral("pretrain: --preset NAME is required (presets: %1)")
                       .arg(QString::fromStdString(names)));
        return kBadInput;
    }
    return guarded([&] {
        std::vector<std::string> overrides;
        for (const QString& s : parser.values(set))
            overrides.push_back(s.toStdString());
        const training::PretrainOptions options =
            training::pretrainPreset(parser.value(preset).toStdString(), overrides);
        std::ostream& progress = parser.isSet(json) ? std::cerr : std::cout;
        const training::PretrainReport report = training::pretrainBackbones(
            options, parser.value(out).toStdString(), [&](const std::string& line) {
                progress << line << std::endl;
                return true;
            });
        if (parser.isSet(json))
            printOut(report.toJson().dump() + "\n");
        else
            printOut("Wrote " + parser.value(out).toStdString() +
                     "/tiny_clip.safetensors and tiny_vit.safetensors in " +
                     std::to_string(static_cast<int>(report.seconds)) + " s\n");
        return static_cast<int>(kOk);
    });
}

}  // namespace pf::cli
