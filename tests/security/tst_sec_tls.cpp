// TLS_CERT_FILE/TLS_KEY_FILE: the one port speaks https and wss only.

#include "support/BrokerReplies.h"
#include "support/DaemonProcess.h"
#include "support/DesktopExpectations.h"
#include "support/DesktopFrames.h"
#include "support/HttpTestClient.h"
#include "support/RawUpgrade.h"
#include "support/TestKeys.h"
#include "support/WsTestClient.h"

#include <QSslCertificate>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kAliceEndpoint = u"https://192.168.1.50:3001"_s;
const QString kBobEndpoint = u"https://192.168.1.60:3001"_s;

} // namespace

class TestSecurityTls : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void wssRoundTrip();
    void httpsHealth();
    void plainConnectionsFail();

private:
    QUrl url(const QString &scheme, const QString &path) const
    {
        return QUrl(u"%1://localhost:%2%3"_s.arg(scheme).arg(m_daemon->port()).arg(path));
    }

    QTemporaryDir m_certDir;
    QString m_certFile, m_keyFile;
    QSslConfiguration m_trusting;  // trusts exactly the test certificate
    HttpTestClient m_http;         // with the default TLS settings
    HttpTestClient m_trustingHttp; // with m_trusting
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<DaemonProcess> m_daemon;
};

void TestSecurityTls::initTestCase()
{
    QVERIFY(m_certDir.isValid());
    QString error;
    m_certFile = m_certDir.filePath(u"tls-cert.pem"_s);
    m_keyFile = m_certDir.filePath(u"tls-key.pem"_s);
    QVERIFY2(TestKeys::makeCertificate(m_certFile, m_keyFile, u"localhost"_s, TestKeys::Kind::Rsa,
                                       &error),
             qPrintable(error));
    const QList<QSslCertificate> certificates = QSslCertificate::fromPath(m_certFile);
    QCOMPARE(certificates.size(), 1);
    m_trusting = QSslConfiguration::defaultConfiguration();
    m_trusting.setCaCertificates(certificates);
    m_trusting.setPeerVerifyMode(QSslSocket::VerifyPeer);
    // Probes on a connection (and TLS session) of their own each.
    for (HttpTestClient *http : {&m_http, &m_trustingHttp}) {
        http->setFreshConnectionPerRequest(true);
        http->setTimeout(10000);
    }
    m_trustingHttp.setSslConfiguration(m_trusting);
}

void TestSecurityTls::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_daemon = std::make_unique<DaemonProcess>();
    m_daemon->setEnv(u"TLS_CERT_FILE"_s, m_certFile);
    m_daemon->setEnv(u"TLS_KEY_FILE"_s, m_keyFile);
    START_DAEMON(*m_daemon, u"sqlite"_s, *m_dir);
}

void TestSecurityTls::cleanup()
{
    m_daemon->stop();
    // The private key stays out of the log (its first line of base64 stands for all of it).
    const QList<QByteArray> keyLines = TestKeys::readFile(m_keyFile).split('\n');
    QVERIFY(keyLines.size() > 2);
    QVERIFY2(!m_daemon->output().contains(QString::fromLatin1(keyLines.at(1))),
             "the TLS private key is in the log");
    m_daemon.reset();
    m_dir.reset();
}

void TestSecurityTls::wssRoundTrip()
{
    const QString token = wire::newToken();
    WsTestClient alice, bob;
    alice.socket().setSslConfiguration(m_trusting);
    bob.socket().setSslConfiguration(m_trusting);
    OPEN_REGISTERED(alice, url(u"wss"_s, u"/ws"_s), {}, kAlice, kAliceEndpoint);
    OPEN_REGISTERED(bob, url(u"wss"_s, u"/ws"_s), {}, kBob, kBobEndpoint);
    QCOMPARE(alice.socket().sslConfiguration().peerCertificate(),
             m_trusting.caCertificates().first());

    QCOMPARE(ackOrReply(alice.roundTrip(wire::publishShare(
                 token, wire::metadata(kAlice, u"r-1"_s, u"over TLS"_s, wire::publicPolicy(),
                                       QJsonValue::Null)))),
             u"ack"_s);
    const std::optional<ddalab::protocol::ShareInfo> info =
        shareInfo(bob.roundTrip(wire::requestShare(token, kBob)));
    QVERIFY(info);
    QCOMPARE(info->metadata.title, u"over TLS"_s);
    QCOMPARE(info->ownerOnline, true);
    QCOMPARE(info->downloadUrl, wire::downloadUrl(kAliceEndpoint, u"r-1"_s, token));
    QVERIFY(!m_daemon->output().contains(token));
}

void TestSecurityTls::httpsHealth()
{
    const HttpTestReply health = m_trustingHttp.getUrl(url(u"https"_s, u"/health"_s));
    QCOMPARE(health.error, QNetworkReply::NoError);
    QCOMPARE(health.status, 200);
    QCOMPARE(health.body, QByteArray("OK"));

    // The certificate is what makes it work: a client that does not trust it gets nowhere.
    const HttpTestReply untrusting = m_http.getUrl(url(u"https"_s, u"/health"_s));
    QCOMPARE(untrusting.error, QNetworkReply::SslHandshakeFailedError);
}

void TestSecurityTls::plainConnectionsFail()
{
    WsTestClient plain;
    QVERIFY(!plain.open(QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(m_daemon->port())), {}, 5000));
    const HttpTestReply http =
        m_http.getUrl(QUrl(u"http://127.0.0.1:%1/health"_s.arg(m_daemon->port())));
    QCOMPARE(http.status, 0);
    QVERIFY(http.error != QNetworkReply::NoError);
    QVERIFY(!switchedProtocols(rawUpgrade(m_daemon->port())));

    // The daemon keeps serving TLS clients after the plain ones.
    WsTestClient alice;
    alice.socket().setSslConfiguration(m_trusting);
    OPEN_REGISTERED(alice, url(u"wss"_s, u"/ws"_s), {}, kAlice, kAliceEndpoint);
}

QTEST_GUILESS_MAIN(TestSecurityTls)
#include "tst_sec_tls.moc"
