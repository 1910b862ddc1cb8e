#include "application.h"

#include <cstdio>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QPalette>
#include <QSettings>
#include <QStyle>
#include <QTranslator>

#include "common/system_info.h"
#include "main_window.h"

namespace pf::ui {

Theme themeNamed(const QString& name) {
    if (name == QLatin1String("light")) return Theme::Light;
    if (name == QLatin1String("dark")) return Theme::Dark;
    return Theme::System;
}

QString themeName(Theme theme) {
    switch (theme) {
        case Theme::Light:
            return QStringLiteral("light");
        case Theme::Dark:
            return QStringLiteral("dark");
        case Theme::System:
            break;
    }
    return QStringLiteral("system");
}

void applyTheme(Theme theme) {
    // The platform's style and palette, as they were before any theme was applied.
    static const QString systemStyle = QApplication::style()->name();
    static const QPalette systemPalette = QApplication::palette();
    if (theme == Theme::System) {
        QApplication::setStyle(systemStyle);
        QApplication::setPalette(systemPalette);
        return;
    }
    QApplication::setStyle(QStringLiteral("Fusion"));
    if (theme == Theme::Light) {
        QApplication::setPalette(QApplication::style()->standardPalette());
        return;
    }
    QPalette p;
    p.setColor(QPalette::Window, QColor(45, 45, 48));
    p.setColor(QPalette::WindowText, QColor(220, 220, 220));
    p.setColor(QPalette::Base, QColor(30, 30, 32));
    p.setColor(QPalette::AlternateBase, QColor(40, 40, 44));
    p.setColor(QPalette::Text, QColor(220, 220, 220));
    p.setColor(QPalette::Button, QColor(53, 53, 56));
    p.setColor(QPalette::ButtonText, QColor(220, 220, 220));
    p.setColor(QPalette::ToolTipBase, QColor(53, 53, 56));
    p.setColor(QPalette::ToolTipText, QColor(220, 220, 220));
    p.setColor(QPalette::Highlight, QColor(42, 130, 218));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(100, 170, 240));
    p.setColor(QPalette::Mid, QColor(110, 110, 110));
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(130, 130, 130));
    QApplication::setPalette(p);
}

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
    applyTheme(themeNamed(settings.value(QStringLiteral("theme")).toString()));

    MainWindow window(databasePath);
    if (parser.isSet(preset)) window.loadPreset(parser.value(preset));
    window.show();
    return app.exec();
}

}  // namespace pf::ui
