// SIGHUP re-reads CONFIG_FILE: limits and logging rules change for the running daemon without
// closing anybody, settings that need a restart are named, a file that does not parse changes
// nothing, and renewed TLS files serve new connections while old ones stay open.

#include "../e2e/E2eSupport.h"

#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QSslSocket>

#include <csignal>

using namespace Qt::StringLiterals;

namespace {

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) >= 0;
}

// Waits until the daemon logged `line` count times in all.
bool waitForLogLine(DaemonProcess &daemon, const QString &line, int count = 1)
{
    QDeadlineTimer deadline(10000);
    while (daemon.output().count(line) < count && !deadline.hasExpired())
        QTest::qWait(10);
    return daemon.output().count(line) >= count;
}

// A self-signed certificate for commonName in dir/NAME-cert.pem and dir/NAME-key.pem.
bool makeCertificate(const QTemporaryDir &dir, const QString &name, QString *error)
{
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(u"openssl"_s,
                  {u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s,
                   u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s, u"-days"_s, u"1"_s, u"-subj"_s,
                   u"/CN="_s + name, u"-keyout"_s, dir.filePath(name + u"-key.pem"_s), u"-out"_s,
                   dir.filePath(name + u"-cert.pem"_s)});
    if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0) {
        *error = u"openssl: "_s + QString::fromUtf8(openssl.readAll()) + openssl.errorString();
        return false;
    }
    return true;
}

// The common name of the certificate a new TLS connection to port is served.
QString servedCommonName(quint16 port)
{
    QSslSocket socket;
    socket.setPeerVerifyMode(QSslSocket::VerifyNone);
    socket.connectToHostEncrypted(u"127.0.0.1"_s, port);
    if (!socket.waitForEncrypted(10000))
        return u"<no TLS: %1>"_s.arg(socket.errorString());
    return socket.peerCertificate().subjectInfo(QSslCertificate::CommonName).value(0);
}

} // namespace

class TestReload : public QObject
{
    Q_OBJECT

private slots:
    void reloadAppliesRuntimeSettings();
    void reloadRefusesABadFile();
    void reloadRenewsTlsFiles();
};

void TestReload::reloadAppliesRuntimeSettings()
{
    QTemporaryDir dir;
    const QString configFile = dir.filePath(u"broker.env"_s);
    QVERIFY(writeFile(configFile, "# lab settings\nMAX_CONNECTIONS_PER_ADDRESS=64\n"));
    DaemonProcess daemon;
    daemon.setEnv(u"CONFIG_FILE"_s, configFile);
    E2E_START_DAEMON(daemon, u"sqlite"_s, dir);

    WsTestClient first;
    WsTestClient second;
    E2E_OPEN_REGISTERED(first, daemon, u"alice@institution.edu"_s, u"http://10.0.0.1:3001"_s);
    E2E_OPEN_REGISTERED(second, daemon, u"bob@institution.edu"_s, u"http://10.0.0.2:3001"_s);
    // Debug lines are off: a bad frame is answered without one.
    first.sendText(u"not json"_s);
    QCOMPARE(e2e::errorCode(first.next()), u"PARSE_ERROR"_s);
    QVERIFY(!daemon.output().contains(u"sent a bad frame"_s));

    QVERIFY(writeFile(configFile, "MAX_CONNECTIONS_PER_ADDRESS=2\n"
                                  "QT_LOGGING_RULES=\"ddalab.broker.ws.debug=true\"\n"
                                  "BIND_ADDR=127.0.0.1:1\n"
                                  "NOT_A_SETTING=1\n"));
    daemon.sendSignal(SIGHUP);
    QVERIFY2(waitForLogLine(daemon, u"configuration reloaded"_s), qPrintable(daemon.output()));
    const QString output = daemon.output();
    QVERIFY2(output.contains(u"applied: MAX_CONNECTIONS_PER_ADDRESS, QT_LOGGING_RULES"_s),
             qPrintable(output));
    QVERIFY2(output.contains(u"changed settings that only a restart applies: BIND_ADDR"_s),
             qPrintable(output));
    QVERIFY2(output.contains(u"NOT_A_SETTING is not a setting of this broker; ignored"_s),
             qPrintable(output));

    // The new limit holds for the next connection; the open ones are untouched.
    WsTestClient third;
    QVERIFY(third.open(daemon.wsUrl()));
    QVERIFY(third.waitForClosed());
    QCOMPARE(third.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QVERIFY(e2e::isAck(e2e::roundTrip(first, e2e::heartbeat(u"alice@institution.edu"_s))));
    QVERIFY(e2e::isAck(e2e::roundTrip(second, e2e::heartbeat(u"bob@institution.edu"_s))));
    // The new logging rules are in force.
    first.sendText(u"not json"_s);
    QCOMPARE(e2e::errorCode(first.next()), u"PARSE_ERROR"_s);
    QVERIFY2(waitForLogLine(daemon, u"sent a bad frame"_s), qPrintable(daemon.output()));
}

void TestReload::reloadRefusesABadFile()
{
    QTemporaryDir dir;
    const QString configFile = dir.filePath(u"broker.env"_s);
    QVERIFY(writeFile(configFile, "MAX_CONNECTIONS_PER_ADDRESS=1\n"));
    DaemonProcess daemon;
    daemon.setEnv(u"CONFIG_FILE"_s, configFile);
    E2E_START_DAEMON(daemon, u"sqlite"_s, dir);
    WsTestClient first;
    E2E_OPEN_REGISTERED(first, daemon, u"alice@institution.edu"_s, u"http://10.0.0.1:3001"_s);

    for (const QByteArray &bad : {QByteArray("MAX_CONNECTIONS_PER_ADDRESS=many\n"),
                                  QByteArray("MAX_CONNECTIONS_PER_ADDRESS=5\nthis is no setting\n"),
                                  QByteArray("LOG_FORMAT=\"json\n")}) {
        QVERIFY(writeFile(configFile, bad));
        const int refusals = daemon.output().count(u"reload refused"_s);
        daemon.sendSignal(SIGHUP);
        QVERIFY2(waitForLogLine(daemon, u"reload refused"_s, refusals + 1),
                 qPrintable(daemon.output()));
        // Still one connection per address, and the daemon still serves.
        WsTestClient second;
        QVERIFY(second.open(daemon.wsUrl()));
        QVERIFY(second.waitForClosed());
        QCOMPARE(second.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
        QVERIFY(e2e::isAck(e2e::roundTrip(first, e2e::heartbeat(u"alice@institution.edu"_s))));
    }
    const QString output = daemon.output();
    QVERIFY2(output.contains(u"CONFIG_FILE: "_s + configFile + u": line 2 is not KEY=VALUE"_s),
             qPrintable(output));
    QVERIFY2(output.contains(u"MAX_CONNECTIONS_PER_ADDRESS: 'many' is not a whole number"_s),
             qPrintable(output));
    // A missing file at start is a setting that cannot be used: one line, exit status 2.
    DaemonProcess missing;
    missing.setEnv(u"CONFIG_FILE"_s, dir.filePath(u"absent.env"_s));
    missing.setEnv(u"DATA_DIR"_s, dir.path());
    QString startOutput;
    QCOMPARE(missing.runToExit(&startOutput), 2);
    QVERIFY2(startOutput.startsWith(u"ddalab-broker: CONFIG_FILE: cannot read"_s),
             qPrintable(startOutput));
}

void TestReload::reloadRenewsTlsFiles()
{
    QTemporaryDir dir;
    QString error;
    QVERIFY2(makeCertificate(dir, u"first"_s, &error), qPrintable(error));
    QVERIFY2(makeCertificate(dir, u"second"_s, &error), qPrintable(error));
    const QString cert = dir.filePath(u"cert.pem"_s);
    const QString key = dir.filePath(u"key.pem"_s);
    QVERIFY(QFile::copy(dir.filePath(u"first-cert.pem"_s), cert));
    QVERIFY(QFile::copy(dir.filePath(u"first-key.pem"_s), key));
    DaemonProcess daemon;
    daemon.setEnv(u"TLS_CERT_FILE"_s, cert);
    daemon.setEnv(u"TLS_KEY_FILE"_s, key);
    E2E_START_DAEMON(daemon, u"sqlite"_s, dir);
    QCOMPARE(servedCommonName(daemon.port()), u"first"_s);

    WsTestClient open;
    open.socket().setSslConfiguration([] {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        return tls;
    }());
    QUrl wss = daemon.wsUrl();
    wss.setScheme(u"wss"_s);
    QVERIFY(open.open(wss));

    // A broken key is refused and the running certificate stays.
    QVERIFY(writeFile(key, "-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n"));
    daemon.sendSignal(SIGHUP);
    QVERIFY2(waitForLogLine(daemon, u"TLS files not renewed"_s), qPrintable(daemon.output()));
    QCOMPARE(servedCommonName(daemon.port()), u"first"_s);

    QVERIFY(QFile::remove(cert) && QFile::remove(key));
    QVERIFY(QFile::copy(dir.filePath(u"second-cert.pem"_s), cert));
    QVERIFY(QFile::copy(dir.filePath(u"second-key.pem"_s), key));
    daemon.sendSignal(SIGHUP);
    QVERIFY2(waitForLogLine(daemon, u"TLS certificate and key re-read"_s),
             qPrintable(daemon.output()));
    QCOMPARE(servedCommonName(daemon.port()), u"second"_s);
    // The connection opened with the first certificate carries on.
    QVERIFY(e2e::isAck(
        e2e::roundTrip(open, e2e::registerUser(u"alice@institution.edu"_s, u"http://h:1"_s))));
}

QTEST_GUILESS_MAIN(TestReload)
#include "tst_reload.moc"
