#include "application.h"

#include <cstdio>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

#include "common/system_info.h"
#include "main_window.h"

namespace pf::ui {

void installTranslators(QApplication& app) {
    // The language chosen in View > Language, or the system's.
    const QString language = QSettings().value(QStringLiteral("language")).toString();
    const QLocale locale = language.isEmpty() ? QLocale() : QLocale(language);
    if (!language.isEmpty()) QLocale::setDefault(locale);
    auto* qtTranslator = new QTranslator(&app);
    if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qtTranslator);
    auto* translator = new QTranslator(&app);
    if (translator->load(locale, QStringLiteral("pfstudio"), QStringLiteral("_"),
                         QStringLiteral(":/i18n")))
        QApplication::installTranslator(translator);
}

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
    // The run store: --db (remembered), else the one used last, else the default location.
    QSettings settings;
    if (parser.isSet(db)) settings.setValue(QStringLiteral("databasePath"), parser.value(db));
    QString databasePath =
        parser.isSet(db)
            ? parser.value(db)
            : settings.value(QStringLiteral("databasePath"), defaultDatabasePath).toString();
    // A remembered store whose folder is gone (a deleted temporary folder): the default.
    if (!parser.isSet(db) && !QFileInfo(databasePath).absoluteDir().exists())
        databasePath = defaultDatabasePath;

    // The training thread applies the run's own count (the "threads" setting goes into the
    // run's config); the GUI thread keeps no team of compute threads beside it.
    pf::useCallingThreadOnly();

    installTranslators(app);

    MainWindow window(databasePath);
    if (parser.isSet(preset)) window.loadPreset(parser.value(preset));
    window.show();
    return app.exec();
}

}  // namespace pf::ui
