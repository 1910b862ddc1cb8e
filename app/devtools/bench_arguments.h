#pragma once

#include <cstdio>
#include <optional>

#include <QCommandLineParser>
#include <QStringList>

namespace pf::devtools {

/// Parses `pfstudio bench ...` from main's argv (before any QApplication exists) with `parser`,
/// whose options and help are set. Returns an exit code when the command is done: 2 after a
/// one-line error on stderr, 0 after --help; nothing when the bench should run.
inline std::optional<int> parseBenchArguments(QCommandLineParser& parser, int argc, char** argv) {
    QStringList arguments{QStringLiteral("pfstudio bench")};
    for (int i = 2; i < argc; ++i)  // after "pfstudio bench"
        arguments << QString::fromLocal8Bit(argv[i]);
    if (!parser.parse(arguments)) {
        std::fprintf(stderr, "pfstudio: bench: %s\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::printf("%s", qPrintable(parser.helpText()));
        return 0;
    }
    return std::nullopt;
}

/// The whole number of `option` in [low, high] into `out`; otherwise false after a one-line
/// error on stderr naming the option, the range and the value given.
inline bool wholeNumberOption(const QCommandLineParser& parser, const QCommandLineOption& option,
                              int low, int high, int* out) {
    bool ok = false;
    *out = parser.value(option).toInt(&ok);
    if (ok && *out >= low && *out <= high) return true;
    std::fprintf(stderr, "pfstudio: bench: --%s must be a whole number from %d to %d, not '%s'\n",
                 qPrintable(option.names().first()), low, high, qPrintable(parser.value(option)));
    return false;
}

}  // namespace pf::devtools
