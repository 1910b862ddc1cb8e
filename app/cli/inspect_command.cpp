#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "cli_common.h"
#include "commands.h"
#include "common/error.h"
#include "io/safetensors.h"
#include "models/weights.h"

namespace pf::cli {
namespace {

std::string shapeText(const std::vector<std::int64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

std::string dtypeText(const torch::Tensor& t) {
    const std::string name = storage::safetensorsDtype(t.scalar_type());
    return name.empty() ? std::string(c10::toString(t.scalar_type())) : name;
}

}  // namespace

int inspectWeightsCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    parser.addOption(json);
    parser.addPositionalArgument(
        QStringLiteral("FILE"),
        QStringLiteral("A safetensors file or an OpenAI CLIP TorchScript archive."));
    if (auto code = parseCommand(
            parser, arguments,
            QStringLiteral("pfstudio inspect-weights FILE [--json]\n"
                           "Prints a checkpoint's tensors (name, dtype, shape), the model "
                           "it matches, and whether it loads into that model.")))
        return *code;
    if (parser.positionalArguments().size() != 1) {
        printError(QStringLiteral("inspect-weights: expected one FILE (see --help)"));
        return kBadInput;
    }
    const std::string path = parser.positionalArguments().first().toStdString();
    return guarded([&] {
        const models::Checkpoint c = models::readCheckpoint(path);
        const models::WeightsLayout layout = models::detectLayout(c);
        nlohmann::json model = nullptr;
        std::string modelText, loadText;
        if (layout == models::WeightsLayout::TimmViT) {
            const models::ViTOptions o = models::vitOptionsFrom(c);
            model = o.toJson();
            char buf[256];
            std::snprintf(
                buf, sizeof(buf),
                "image %d, channels %d, patch %d, dim %d, depth %d, heads %d%s, MLP ratio %g, %s",
                o.imageSize, o.channels, o.patchSize, o.dim, o.depth, o.heads,
                c.metadata.count("pf.vit") ? "" : " (assumed: dim / 64)", o.mlpRatio,
                o.numClasses > 0 ? ("head of " + std::to_string(o.numClasses) + " classes").c_str()
                                 : "no head");
            modelText = buf;
            models::LoadReport report;
            models::loadViT(c, &report);
            loadText = report.summary();
        } else if (layout == models::WeightsLayout::OpenAIClip) {
            const models::ClipOptions o = models::clipOptionsFrom(c);
            model = o.toJson();
            char buf[320];
            std::snprintf(buf, sizeof(buf),
                          "image tower: image %d, patch %d, width %d, layers %d, heads %d; text "
                          "tower: context %d, "
                          "vocabulary %d, width %d, layers %d, heads %d; embedding %d%s",
                          o.vision.imageSize, o.vision.patchSize, o.vision.width, o.vision.layers,
                          o.vision.heads, o.text.contextLength, o.text.vocabSize, o.text.width,
                          o.text.layers, o.text.heads, o.vision.outputDim,
                          c.metadata.count("pf.clip") ? "" : " (heads assumed: width / 64)");
            modelText = buf;
            models::LoadReport report;
            models::loadClip(c, &report);
            loadText = report.summary();
        }

        if (parser.isSet(json)) {
            nlohmann::json tensors = nlohmann::json::array();
            for (const auto& [name, t] : c.tensors)
                tensors.push_back(
                    {{"name", name}, {"dtype", dtypeText(t)}, {"shape", t.sizes().vec()}});
            nlohmann::json out = {{"file", path},           {"format", c.format},
                                  {"tensors", tensors},     {"parameters", c.parameterCount()},
                                  {"metadata", c.metadata}, {"layout", models::layoutName(layout)},
                                  {"model", model},         {"load", loadText}};
            printOut(out.dump() + "\n");
            return kOk;
        }
        std::string text = path + ": " + c.format + ", " + std::to_string(c.tensors.size()) +
                           " tensors, " + std::to_string(c.parameterCount()) + " values\n";
        std::size_t width = 4;
        for (const auto& [name, t] : c.tensors)
            width = std::max(width, name.size());
        char line[1024];
        std::snprintf(line, sizeof(line), "  %-*s  %-5s  %s\n", static_cast<int>(width), "NAME",
                      "DTYPE", "SHAPE");
        text += line;
        for (const auto& [name, t] : c.tensors) {
            std::snprintf(line, sizeof(line), "  %-*s  %-5s  %s\n", static_cast<int>(width),
                          name.c_str(), dtypeText(t).c_str(), shapeText(t.sizes().vec()).c_str());
            text += line;
        }
        for (const auto& [key, value] : c.metadata)
            text += "Metadata " + key + ": " + value + "\n";
        text += std::string("Layout: ") + models::layoutName(layout) + "\n";
        if (!modelText.empty()) text += "Model: " + modelText + "\n";
        if (!loadText.empty()) text += "Loads: " + loadText + "\n";
        printOut(text);
        return kOk;
    });
}

}  // namespace pf::cli
