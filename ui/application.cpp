#include "application.h"

#include <cstdio>

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

#include "common/system_info.h"
#include "main_window.h"

namespace pf::ui {

int runApplication(QApplication& app, const QString& defaultDatabasePath) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("PromptFusion Studio (GUI)"));
    const QCommandLineOption preset(QStringLiteral("preset"), QStringLiteral("Preset to show."),
                                    QStringLiteral("NAME"));
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("Run store (SQLite file)."),
                                QStringLiteral("PATH"));
    parser.addOptions({preset, db});
    if (!parser.parse(QApplication::arguments())) {
        std::fprintf(stderr, "pfstudio: %s (see pfstudio --help)\n",
                     qPrintable(parser.errorText()));
        return 2;
    }
    const QString databasePath = parser.isSet(db) ? parser.value(db) : defaultDatabasePath;

    // LibTorch starts with one thread here; the training thread applies the run's own count.
    pf::applyThreadCount(QSettings().value(QStringLiteral("threads"), 0).toInt());

    auto* qtTranslator = new QTranslator(&app);
    if (qtTranslator->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qtTranslator);
    auto* translator = new QTranslator(&app);
    if (translator->load(QLocale(), QStringLiteral("pfstudio"), QStringLiteral("_"),
                         QStringLiteral(":/i18n")))
        QApplication::installTranslator(translator);

    MainWindow window(databasePath);
    if (parser.isSet(preset)) window.loadPreset(parser.value(preset));
    window.show();
    return app.exec();
}

}  // namespace pf::ui
