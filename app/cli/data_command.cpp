#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "cli_common.h"
#include "commands.h"
#include "data/task_sequence.h"
#include "training/experiment.h"

namespace pf::cli {
namespace {

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& s : items)
        out += (out.empty() ? "" : ", ") + s;
    return out;
}

int inspect(const QStringList& arguments) {
    QCommandLineParser parser;
    const ConfigOptions source;
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the sequence as one JSON object."));
    parser.addOptions({source.preset, source.file, source.set, source.device, json});
    // `arguments` is "pfstudio data inspect ...": parse from "data" on, as its own program.
    QStringList rest = arguments;
    rest.removeAt(1);
    rest[1] = QStringLiteral("data inspect");
    if (auto code = parseCommand(
            parser, rest,
            QStringLiteral("pfstudio data inspect (--preset NAME | --config FILE.json) "
                           "[--set key=value]... [--json]\n"
                           "Loads the data of a config and prints its task sequence: classes, "
                           "image counts per task and split, image size, warnings.")))
        return *code;
    if (auto code = checkConfigSource(parser, source, QStringLiteral("data inspect"))) return *code;

    return guarded([&] {
        const config::ExperimentConfig config = readConfig(parser, source);
        training::Experiment experiment(config);
        experiment.prepare();
        const training::DataSummary summary = experiment.dataSummary();
        const data::TaskSequence& seq = experiment.sequence();
        const std::vector<std::string>& names = experiment.classNames();
        const char* evaluatedOn = summary.validation ? "validation" : "test";

        nlohmann::json tasks = nlohmann::json::array();
        for (const data::Task& t : seq.tasks()) {
            std::vector<std::string> classNames;
            for (int c : t.classes)
                classNames.push_back(names.at(static_cast<std::size_t>(c)));
            nlohmann::json j{{"task", t.index + 1},
                             {"classes", classNames},
                             {"class_ids", t.classes},
                             {"train", t.train.size()},
                             {evaluatedOn, t.test.size()}};
            if (!t.domain.empty()) j["domain"] = t.domain;
            tasks.push_back(j);
        }
        if (parser.isSet(json)) {
            const nlohmann::json out{{"dataset", config.options.data.dataset},
                                     {"title", summary.title},
                                     {"root", summary.root},
                                     {"scenario", config.options.data.scenario},
                                     {"classes", summary.classes},
                                     {"channels", summary.channels},
                                     {"image_size", summary.storedSide},
                                     {"model_image_size", summary.modelSide},
                                     {"train_images", summary.trainImages},
                                     {"test_images", summary.testImages},
                                     {"lazy", summary.lazy},
                                     {"evaluated_on", evaluatedOn},
                                     {"shared_test", summary.sharedTest},
                                     {"tasks", tasks},
                                     {"warnings", summary.warnings}};
            printOut(out.dump() + "\n");
            return kOk;
        }
        std::ostringstream out;
        out << summary.title << " (" << config.options.data.dataset << ") from "
            << (summary.root.empty() ? "-" : summary.root) << "\n"
            << "  " << summary.classes << " classes, " << summary.trainImages << " training and "
            << summary.testImages << " test images, " << summary.storedSide << " x "
            << summary.storedSide << " pixels, " << summary.channels
            << (summary.channels == 1 ? " channel" : " channels");
        if (summary.modelSide != summary.storedSide)
            out << ", resized to " << summary.modelSide << " for the model";
        if (summary.lazy) out << ", decoded on demand";
        out << "\n  Scenario " << config.options.data.scenario << ", " << seq.size() << " tasks"
            << (summary.sharedTest ? ", one test set shared by all tasks" : "")
            << (summary.validation ? ", evaluated on a validation split" : "") << "\n";
        for (const data::Task& t : seq.tasks()) {
            out << "  Task " << t.index + 1;
            if (!t.domain.empty()) out << " [" << t.domain << "]";
            std::vector<std::string> classNames;
            for (int c : t.classes)
                classNames.push_back(names.at(static_cast<std::size_t>(c)));
            std::string list = joined(classNames);
            if (list.size() > 90) list = list.substr(0, 87) + "...";
            out << ": " << t.train.size() << " train, " << t.test.size() << " " << evaluatedOn
                << "; " << t.classes.size() << " classes: " << list << "\n";
        }
        for (const std::string& w : summary.warnings)
            out << "  Warning: " << w << "\n";
        printOut(out.str());
        return kOk;
    });
}

}  // namespace

int dataCommand(const QStringList& arguments) {
    const QString sub = arguments.size() > 2 ? arguments.at(2) : QString();
    if (sub == QLatin1String("inspect")) return inspect(arguments);
    if (sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
        printOut(
            "Usage: pfstudio data inspect (--preset NAME | --config FILE.json) "
            "[--set key=value]... [--json]\n");
        return kOk;
    }
    printError(sub.isEmpty() ? QStringLiteral("data: give a subcommand (inspect)")
                             : QStringLiteral("data: unknown subcommand '%1' (inspect)").arg(sub));
    return kBadInput;
}

}  // namespace pf::cli
