#include "application.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

#include "common/system_info.h"
#include "main_window.h"

namespace pf::ui {

int runApplication(QApplication& app, const QString& databasePath) {
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
    window.show();
    return app.exec();
}

}  // namespace pf::ui
