// Unsafe or inconsistent security settings stop the daemon before it serves anything: exit code
// 2 and one line that names the setting (and never echoes a secret).

#include "support/DaemonProcess.h"
#include "support/TestKeys.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

using Settings = QList<QPair<QString, QString>>;
Q_DECLARE_METATYPE(Settings)

namespace {

// Placeholders in setting values, replaced by files in the case's folder.
const QString kPublicKey = u"@PUBLIC_KEY@"_s;
const QString kCertificate = u"@CERTIFICATE@"_s;
const QString kMissing = u"@MISSING@"_s;

const QString kLongSecret = u"a-long-enough-shared-secret-of-48-bytes-for-hs256"_s;
const QString kShortSecret = u"short-secret-31-bytes-long-1234"_s;
const QString kShortAdminToken = u"admin-15-chars!"_s;

} // namespace

class TestSecurityBadSettings : public QObject
{
    Q_OBJECT

private slots:
    void refused_data();
    void refused();
};

void TestSecurityBadSettings::refused_data()
{
    QTest::addColumn<Settings>("settings");
    QTest::addColumn<QString>("setting"); // the one the line must name

    QTest::newRow("AUTH_MODE=foo") << Settings{{u"AUTH_MODE"_s, u"foo"_s}} << u"AUTH_MODE"_s;
    QTest::newRow("jwt without a key") << Settings{{u"AUTH_MODE"_s, u"jwt"_s}} << u"AUTH_MODE"_s;
    QTest::newRow("secret and public key") << Settings{{u"AUTH_MODE"_s, u"jwt"_s},
                                                       {u"JWT_SECRET"_s, kLongSecret},
                                                       {u"JWT_PUBLIC_KEY_FILE"_s, kPublicKey}}
                                           << u"JWT_SECRET"_s;
    QTest::newRow("secret too short")
        << Settings{{u"AUTH_MODE"_s, u"jwt"_s}, {u"JWT_SECRET"_s, kShortSecret}} << u"JWT_SECRET"_s;
    QTest::newRow("secret too short in none mode")
        << Settings{{u"JWT_SECRET"_s, kShortSecret}} << u"JWT_SECRET"_s;
    QTest::newRow("admin token too short")
        << Settings{{u"BROKER_ADMIN_TOKEN"_s, kShortAdminToken}} << u"BROKER_ADMIN_TOKEN"_s;
    QTest::newRow("TLS certificate without key")
        << Settings{{u"TLS_CERT_FILE"_s, kCertificate}} << u"TLS_KEY_FILE"_s;
    QTest::newRow("TLS key without certificate")
        << Settings{{u"TLS_KEY_FILE"_s, kCertificate}} << u"TLS_CERT_FILE"_s;
    QTest::newRow("TLS certificate file missing")
        << Settings{{u"TLS_CERT_FILE"_s, kMissing}, {u"TLS_KEY_FILE"_s, kMissing}}
        << u"TLS_CERT_FILE"_s;
    QTest::newRow("public key file missing")
        << Settings{{u"AUTH_MODE"_s, u"jwt"_s}, {u"JWT_PUBLIC_KEY_FILE"_s, kMissing}}
        << u"JWT_PUBLIC_KEY_FILE"_s;
    QTest::newRow("alg none allowed") << Settings{{u"AUTH_MODE"_s, u"jwt"_s},
                                                  {u"JWT_SECRET"_s, kLongSecret},
                                                  {u"JWT_ALGORITHMS"_s, u"none"_s}}
                                      << u"JWT_ALGORITHMS"_s;
    QTest::newRow("HMAC allowed with a public key")
        << Settings{{u"AUTH_MODE"_s, u"jwt"_s},
                    {u"JWT_PUBLIC_KEY_FILE"_s, kPublicKey},
                    {u"JWT_ALGORITHMS"_s, u"RS256,HS256"_s}}
        << u"JWT_ALGORITHMS"_s;
    QTest::newRow("message limit not a number")
        << Settings{{u"MAX_MESSAGE_BYTES"_s, u"lots"_s}} << u"MAX_MESSAGE_BYTES"_s;
}

void TestSecurityBadSettings::refused()
{
    QFETCH(Settings, settings);
    QFETCH(QString, setting);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QDir(dir.path()).mkdir(u"data"_s);
    const QString dataDir = dir.filePath(u"data"_s);
    const QString certificate = dir.filePath(u"cert.pem"_s);
    QString publicKey, privateKey;
    const bool needsKey = std::any_of(settings.cbegin(), settings.cend(),
                                      [](const auto &entry) { return entry.second == kPublicKey; });
    if (needsKey) {
        QString error;
        QVERIFY2(TestKeys::makeKeyPair(dir, TestKeys::Kind::Ec, &privateKey, &publicKey, &error),
                 qPrintable(error));
    }
    {
        // Contents do not matter where the settings are refused before the file is read.
        QFile file(certificate);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a certificate\n");
    }

    DaemonProcess daemon;
    daemon.setEnv(u"DATA_DIR"_s, dataDir);
    for (auto [name, value] : settings) {
        value.replace(kPublicKey, publicKey)
            .replace(kCertificate, certificate)
            .replace(kMissing, dir.filePath(u"missing.pem"_s));
        daemon.setEnv(name, value);
    }
    QString output;
    QCOMPARE(daemon.runToExit(&output), 2);

    const QStringList lines = output.trimmed().split(u'\n');
    QVERIFY2(lines.size() == 1, qPrintable(u"more than one line:\n"_s + output));
    QVERIFY2(lines.first().startsWith(u"ddalab-broker: "_s + setting + u": "_s),
             qPrintable(lines.first()));
    for (const QString &secret : {kLongSecret, kShortSecret, kShortAdminToken})
        QVERIFY2(!output.contains(secret), "a secret is echoed");
    // Refused before anything was done: no database was created.
    QVERIFY2(QDir(dataDir).isEmpty(), qPrintable(QDir(dataDir).entryList().join(u", ")));
}

QTEST_GUILESS_MAIN(TestSecurityBadSettings)
#include "tst_sec_badsettings.moc"
