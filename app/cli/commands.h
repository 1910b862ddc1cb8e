#pragma once

#include <QStringList>

/// One function per subcommand; `arguments` starts with the program name and the subcommand.
namespace pf::cli {

int runCommand(const QStringList& arguments);
int runsCommand(const QStringList& arguments);
int versionCommand(const QStringList& arguments);
int inspectWeightsCommand(const QStringList& arguments);
int pretrainCommand(const QStringList& arguments);
int dataCommand(const QStringList& arguments);
int benchCommand(const QStringList& arguments);
int importCommand(const QStringList& arguments);
int sweepCommand(const QStringList& arguments);

}  // namespace pf::cli
