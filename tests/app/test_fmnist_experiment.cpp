// The first real experiment, end to end on Debian's Fashion-MNIST: finetune forgets, joint keeps
// what it learned. Runs the pfstudio binary as a user would.
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

QJsonObject runQuick(const QString& method, const QString& db) {
    QProcess p;
    p.start(QStringLiteral(PFSTUDIO_PATH),
            {"run", "--preset", "quick", "--set", "method=" + method, "--db", db, "--json"});
    if (!p.waitForFinished(540000)) return {};
    const QString out = QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    if (p.exitCode() != 0) qWarning().noquote() << p.readAllStandardError();
    return QJsonDocument::fromJson(out.split(QLatin1Char('\n')).last().toUtf8()).object();
}

}  // namespace

class TestFmnistExperiment : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void finetuneForgetsJointDoesNot() {
        QVERIFY2(
            QDir(QStringLiteral("/usr/share/datasets/fashion-mnist")).exists(),
            "Fashion-MNIST missing: install Debian's dataset-fashion-mnist (scripts/test.sh does)");
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("fmnist.sqlite"));
        const QJsonObject finetune = runQuick(QStringLiteral("finetune"), db);
        const QJsonObject joint = runQuick(QStringLiteral("joint"), db);
        QCOMPARE(finetune["status"].toString(), QStringLiteral("finished"));
        QCOMPARE(joint["status"].toString(), QStringLiteral("finished"));
        const double ftAcc = finetune["avg_acc"].toDouble(), jointAcc = joint["avg_acc"].toDouble();
        const double ftForget = finetune["forgetting"].toDouble(),
                     jointForget = joint["forgetting"].toDouble();
        qInfo("finetune: avg_acc %.4f forgetting %.4f (%.1f s)", ftAcc, ftForget,
              finetune["seconds"].toDouble());
        qInfo("joint:    avg_acc %.4f forgetting %.4f (%.1f s)", jointAcc, jointForget,
              joint["seconds"].toDouble());
        // Class-incremental fine-tuning predicts only the newest task's classes: at most ~1/5.
        QVERIFY(ftAcc < 0.3);
        QVERIFY(jointAcc > ftAcc + 0.3);
        QVERIFY(ftForget > 0.6);
        QVERIFY(jointForget < ftForget - 0.4);
        // Each task is learned well when it is new, so the loss is forgetting, not failing to
        // learn.
        const QJsonArray m = finetune["acc_matrix"].toArray();
        for (int t = 0; t < m.size(); ++t)
            QVERIFY(m[t].toArray()[t].toDouble() > 0.6);
    }
};

QTEST_GUILESS_MAIN(TestFmnistExperiment)
#include "test_fmnist_experiment.moc"
