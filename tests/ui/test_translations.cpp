#include <QDir>
#include <QRegularExpression>
#include <QSet>
#include <QXmlStreamReader>
#include <QtTest>

// Every translation is complete: no unfinished entry, and each translation keeps the source's
// placeholders (%1, %2, ...) so that no value is lost on screen.
class TestTranslations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyTsFileIsComplete_data() {
        QTest::addColumn<QString>("path");
        const QDir dir(QStringLiteral(PF_TRANSLATIONS_DIR));
        const QStringList files = dir.entryList({QStringLiteral("*.ts")}, QDir::Files);
        QVERIFY(files.contains(QStringLiteral("pfstudio_ja.ts")));
        QVERIFY(files.contains(QStringLiteral("pfstudio_zh_CN.ts")));
        for (const QString& f : files)
            QTest::newRow(qPrintable(f)) << dir.filePath(f);
    }
    void everyTsFileIsComplete() {
        QFETCH(QString, path);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&file);
        QString source;
        int messages = 0;
        const QRegularExpression placeholder(QStringLiteral("%\\d"));
        auto placeholders = [&](const QString& text) {
            QSet<QString> out;
            for (auto it = placeholder.globalMatch(text); it.hasNext();)
                out.insert(it.next().captured());
            return out;
        };
        while (!xml.atEnd()) {
            xml.readNext();
            if (!xml.isStartElement()) continue;
            if (xml.name() == QLatin1String("source")) {
                source = xml.readElementText();
            } else if (xml.name() == QLatin1String("translation")) {
                const QString type = xml.attributes().value(QLatin1String("type")).toString();
                // Plural forms (numerus) are child elements: their text counts.
                const QString text =
                    xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
                ++messages;
                QVERIFY2(type != QLatin1String("unfinished"),
                         qPrintable(QStringLiteral("unfinished: ") + source));
                QVERIFY2(!text.isEmpty(), qPrintable(QStringLiteral("empty: ") + source));
                QVERIFY2(placeholders(text) == placeholders(source),
                         qPrintable(QStringLiteral("placeholders differ: ") + source));
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(messages > 50);
    }
};

QTEST_APPLESS_MAIN(TestTranslations)
#include "test_translations.moc"
