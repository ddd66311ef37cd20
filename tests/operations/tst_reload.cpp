// SIGHUP re-reads CONFIG_FILE: limits and logging rules change for the running daemon without
// closing anybody, settings that need a restart are named, a file that does not parse changes
// nothing, and renewed TLS files serve new connections while old ones stay open.

#include "support/BrokerReplies.h"
#include "support/DaemonProcess.h"
#include "support/DesktopFrames.h"
#include "support/TestKeys.h"
#include "support/WsTestClient.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;

namespace {

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) >= 0;
}

// A self-signed certificate for commonName name in dir/NAME-cert.pem and dir/NAME-key.pem.
bool makeCertificate(const QTemporaryDir &dir, const QString &name, QString *error)
{
    return TestKeys::makeCertificate(dir.filePath(name + u"-cert.pem"_s),
                                     dir.filePath(name + u"-key.pem"_s), name, TestKeys::Kind::Ec,
                                     error);
}

// What a reload reports is the operator's only view of it (what applied, what needs a restart,
// why a file was refused): these cases read it from the log, where the report is the behaviour
// under test. The daemon's output reaches the test a little after the fact, hence the wait.
constexpr int kLogTimeoutMs = 10000;

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
    START_DAEMON(daemon, u"sqlite"_s, dir);

    WsTestClient first;
    WsTestClient second;
    OPEN_REGISTERED(first, daemon.wsUrl(), {}, u"alice@institution.edu"_s,
                    u"http://10.0.0.1:3001"_s);
    OPEN_REGISTERED(second, daemon.wsUrl(), {}, u"bob@institution.edu"_s,
                    u"http://10.0.0.2:3001"_s);
    // Debug lines are off: a bad frame is answered without one.
    first.sendText(u"not json"_s);
    QCOMPARE(errorCode(first.next()), u"PARSE_ERROR"_s);
    QVERIFY(!daemon.output().contains(u"sent a bad frame"_s));

    QVERIFY(writeFile(configFile, "MAX_CONNECTIONS_PER_ADDRESS=2\n"
                                  "QT_LOGGING_RULES=\"ddalab.broker.ws.debug=true\"\n"
                                  "BIND_ADDR=127.0.0.1:1\n"
                                  "NOT_A_SETTING=1\n"));
    daemon.sendSignal(SIGHUP);
    QTRY_VERIFY2_WITH_TIMEOUT(daemon.output().contains(u"configuration reloaded"_s),
                              qPrintable(daemon.output()), kLogTimeoutMs);
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
    QVERIFY(isAck(first.roundTrip(wire::heartbeat(u"alice@institution.edu"_s))));
    QVERIFY(isAck(second.roundTrip(wire::heartbeat(u"bob@institution.edu"_s))));
    // The new logging rules are in force.
    first.sendText(u"not json"_s);
    QCOMPARE(errorCode(first.next()), u"PARSE_ERROR"_s);
    QTRY_VERIFY2_WITH_TIMEOUT(daemon.output().contains(u"sent a bad frame"_s),
                              qPrintable(daemon.output()), kLogTimeoutMs);
}

void TestReload::reloadRefusesABadFile()
{
    QTemporaryDir dir;
    const QString configFile = dir.filePath(u"broker.env"_s);
    QVERIFY(writeFile(configFile, "MAX_CONNECTIONS_PER_ADDRESS=1\n"));
    DaemonProcess daemon;
    daemon.setEnv(u"CONFIG_FILE"_s, configFile);
    START_DAEMON(daemon, u"sqlite"_s, dir);
    WsTestClient first;
    OPEN_REGISTERED(first, daemon.wsUrl(), {}, u"alice@institution.edu"_s,
                    u"http://10.0.0.1:3001"_s);

    for (const QByteArray &bad : {QByteArray("MAX_CONNECTIONS_PER_ADDRESS=many\n"),
                                  QByteArray("MAX_CONNECTIONS_PER_ADDRESS=5\nthis is no setting\n"),
                                  QByteArray("LOG_FORMAT=\"json\n")}) {
        QVERIFY(writeFile(configFile, bad));
        const int refusals = daemon.output().count(u"reload refused"_s);
        daemon.sendSignal(SIGHUP);
        QTRY_VERIFY2_WITH_TIMEOUT(daemon.output().count(u"reload refused"_s) >= refusals + 1,
                                  qPrintable(daemon.output()), kLogTimeoutMs);
        // Still one connection per address, and the daemon still serves.
        WsTestClient second;
        QVERIFY(second.open(daemon.wsUrl()));
        QVERIFY(second.waitForClosed());
        QCOMPARE(second.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
        QVERIFY(isAck(first.roundTrip(wire::heartbeat(u"alice@institution.edu"_s))));
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
    START_DAEMON(daemon, u"sqlite"_s, dir);
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
    QTRY_VERIFY2_WITH_TIMEOUT(daemon.output().contains(u"TLS files not renewed"_s),
                              qPrintable(daemon.output()), kLogTimeoutMs);
    QCOMPARE(servedCommonName(daemon.port()), u"first"_s);

    QVERIFY(QFile::remove(cert) && QFile::remove(key));
    QVERIFY(QFile::copy(dir.filePath(u"second-cert.pem"_s), cert));
    QVERIFY(QFile::copy(dir.filePath(u"second-key.pem"_s), key));
    daemon.sendSignal(SIGHUP);
    // Renewed files are seen where they matter: the certificate new connections are served.
    QTRY_COMPARE_WITH_TIMEOUT(servedCommonName(daemon.port()), u"second"_s, kLogTimeoutMs);
    QTRY_VERIFY2_WITH_TIMEOUT(daemon.output().contains(u"TLS certificate and key re-read"_s),
                              qPrintable(daemon.output()), kLogTimeoutMs);
    // The connection opened with the first certificate carries on.
    QVERIFY(isAck(open.roundTrip(wire::registerUser(u"alice@institution.edu"_s, u"http://h:1"_s))));
}

QTEST_GUILESS_MAIN(TestReload)
#include "tst_reload.moc"
