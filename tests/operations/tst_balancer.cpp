// resources/haproxy/haproxy.cfg, the file docker-compose.replicas.yml runs, as Debian's HAProxy
// runs it in front of two real daemons on one PostgreSQL: HAProxy accepts it, HTTP and
// WebSockets pass through, a killed replica and one whose /ready fails are taken out within a
// few checks and every new connection reaches the other, and a replica that recovers is used
// again.

#include "support/BrokerReplies.h"
#include "support/DaemonProcess.h"
#include "support/DesktopFrames.h"
#include "support/HttpTestClient.h"
#include "support/TestDatabases.h"
#include "support/WsTestClient.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QString kConfig = QStringLiteral(DDALAB_SOURCE_DIR "/resources/haproxy/haproxy.cfg");
// fall 2 checks 2 s apart, the first up to 2 s away, plus a check's own timeout and slack.
constexpr int kCheckDeadlineMs = 15000;

// HAProxy in the foreground (-db) as a child process, on a listening socket the test made and
// HAProxy inherits (bind fd@N): no port is picked twice on a shared machine.
class Balancer
{
public:
    Balancer()
    {
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_listener = ::socket(AF_INET, SOCK_STREAM, 0); // no CLOEXEC: the child inherits it
        sockaddr_in address = {};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (::bind(m_listener, reinterpret_cast<sockaddr *>(&address), length) == 0 &&
            ::listen(m_listener, 128) == 0 &&
            ::getsockname(m_listener, reinterpret_cast<sockaddr *>(&address), &length) == 0)
            m_port = ntohs(address.sin_port);
    }
    ~Balancer()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(10000);
        }
        ::close(m_listener);
    }

    // The environment haproxy.cfg reads, with the two replicas' loopback ports.
    QProcessEnvironment environment(quint16 brokerA, quint16 brokerB) const
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"HAPROXY_BIND"_s, u"fd@%1"_s.arg(m_listener));
        environment.insert(u"BROKER_A"_s, u"127.0.0.1:%1"_s.arg(brokerA));
        environment.insert(u"BROKER_B"_s, u"127.0.0.1:%1"_s.arg(brokerB));
        return environment;
    }
    // haproxy -db -f haproxy.cfg; false with its output when it does not stay up.
    bool start(quint16 brokerA, quint16 brokerB, QString *error)
    {
        if (m_port == 0) {
            *error = u"no listening socket for HAProxy"_s;
            return false;
        }
        m_process.setProcessEnvironment(environment(brokerA, brokerB));
        m_process.start(u"haproxy"_s, {u"-db"_s, u"-f"_s, kConfig});
        if (!m_process.waitForStarted(10000)) {
            *error = u"haproxy does not start (scripts/install-deps --test installs it): "_s +
                     m_process.errorString();
            return false;
        }
        return true;
    }
    bool isRunning() const { return m_process.state() == QProcess::Running; }
    QString output()
    {
        m_output += QString::fromUtf8(m_process.readAll());
        return m_output;
    }
    // How often HAProxy said the server went DOWN (or came UP): its checks' verdicts, as its
    // own messages ("[WARNING]  (pid) : Server ..."), each of which the log repeats.
    int logged(const QString &server, const QString &state)
    {
        const QRegularExpression message(
            u"^\\[[A-Z]+\\] +\\(\\d+\\) : Server brokers/%1 is %2\\b"_s.arg(server, state),
            QRegularExpression::MultilineOption);
        int count = 0;
        for (auto it = message.globalMatch(output()); it.hasNext(); it.next())
            ++count;
        return count;
    }
    QUrl wsUrl() const { return QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(m_port)); }
    QUrl httpUrl(const QString &path) const
    {
        return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(path));
    }

private:
    QProcess m_process;
    int m_listener = -1;
    quint16 m_port = 0;
    QString m_output;
};

// A daemon's ddalab_broker_registered_connections, asked of it directly; -1 without an answer.
double registeredOn(DaemonProcess &daemon)
{
    HttpTestClient http;
    const HttpTestReply metrics = http.getUrl(daemon.httpUrl(u"/metrics"_s));
    for (const QByteArray &line : metrics.body.split('\n'))
        if (line.startsWith("ddalab_broker_registered_connections "))
            return line.mid(line.indexOf(' ') + 1).toDouble();
    return -1;
}

// Lets the daemons reach the test database, or stops them (ending the connections they have):
// /ready then fails while /health does not.
bool allowConnections(const QString &databaseUrl, bool allowed)
{
    const QUrl base(qEnvironmentVariable("DDALAB_TEST_POSTGRES_URL"));
    const QString name = QUrl(databaseUrl).path().mid(1);
    bool done = false;
    {
        QSqlDatabase admin = QSqlDatabase::addDatabase(u"QPSQL"_s, u"balancer-admin"_s);
        admin.setHostName(base.host());
        admin.setPort(base.port(5432));
        admin.setUserName(base.userName());
        admin.setPassword(base.password());
        admin.setDatabaseName(base.path().mid(1));
        if (admin.open()) {
            QSqlQuery query(admin);
            done = query.exec(u"ALTER DATABASE %1 ALLOW_CONNECTIONS %2"_s.arg(
                       name, allowed ? u"true"_s : u"false"_s)) &&
                   (allowed || query.exec(u"SELECT pg_terminate_backend(pid) FROM "
                                          "pg_stat_activity WHERE datname = '%1'"_s.arg(name)));
            if (!done)
                qWarning("%s", qPrintable(query.lastError().text()));
        }
        admin.close();
    }
    QSqlDatabase::removeDatabase(u"balancer-admin"_s);
    return done;
}

// Starts a replica on databaseUrl with a DATA_DIR of its own; false with the reason.
bool startReplica(DaemonProcess &daemon, const QString &name, const QString &databaseUrl,
                  const QTemporaryDir &dir, QString *error)
{
    daemon.setEnv(u"DATABASE_URL"_s, databaseUrl);
    daemon.setEnv(u"DATA_DIR"_s, dir.path());
    daemon.setEnv(u"REPLICA_ADDRESS"_s, name);
    return daemon.start(error);
}

} // namespace

class TestBalancer : public QObject
{
    Q_OBJECT

private slots:
    void configurationIsAccepted();
    void killedReplicaIsTakenOut();
    void unreadyReplicaIsTakenOutAndBack();
};

void TestBalancer::configurationIsAccepted()
{
    QFile file(kConfig);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString config = QString::fromUtf8(file.readAll());
    QStringList directives;
    for (const QString &line : config.split(u'\n')) {
        const QString directive = line.section(u'#', 0, 0).simplified();
        if (!directive.isEmpty())
            directives.append(directive);
    }
    // What the deployment relies on (see the comments beside each in the file).
    for (const QString &expected :
         {u"mode http"_s, u"timeout tunnel 1h"_s, u"balance leastconn"_s,
          u"option httpchk GET /ready"_s, u"http-check expect status 200"_s,
          u"bind \"${HAPROXY_BIND-:8080}\""_s, u"server broker-a \"${BROKER_A}\""_s,
          u"server broker-b \"${BROKER_B}\""_s})
        QVERIFY2(directives.contains(expected), qPrintable(expected));
    const auto defaultServer =
        std::find_if(directives.cbegin(), directives.cend(), [](const QString &directive) {
            return directive.startsWith("default-server"_L1);
        });
    QVERIFY(defaultServer != directives.cend());
    for (const QString &option : {u" check "_s, u" inter 2s "_s, u" fall 2 "_s, u" rise 2 "_s})
        QVERIFY2((*defaultServer + u' ').contains(option), qPrintable(option));
    // No statistics page and no admin socket.
    for (const QString &directive : directives)
        QVERIFY2(!directive.startsWith("stats"_L1) && !directive.contains("stats socket"_L1),
                 qPrintable(directive));

    // -dW: a warning fails the check as an error would.
    Balancer balancer;
    QProcess check;
    check.setProcessChannelMode(QProcess::MergedChannels);
    check.setProcessEnvironment(balancer.environment(8081, 8082));
    check.start(u"haproxy"_s, {u"-c"_s, u"-dW"_s, u"-f"_s, kConfig});
    QVERIFY2(check.waitForStarted(10000), "haproxy is missing: scripts/install-deps --test");
    QVERIFY(check.waitForFinished(30000));
    const QString output = QString::fromUtf8(check.readAll());
    QVERIFY2(check.exitCode() == 0, qPrintable(output));
    QVERIFY2(output.contains(u"Configuration file is valid"_s), qPrintable(output));
}

void TestBalancer::killedReplicaIsTakenOut()
{
    QTemporaryDir dirA, dirB;
    QString error;
    const QString url = TestDatabases::freshUrl(u"postgresql"_s, dirA, &error);
    QVERIFY2(!url.isEmpty(), qPrintable(error));
    DaemonProcess brokerA, brokerB;
    QVERIFY2(startReplica(brokerA, u"broker-a"_s, url, dirA, &error), qPrintable(error));
    QVERIFY2(startReplica(brokerB, u"broker-b"_s, url, dirB, &error), qPrintable(error));
    Balancer balancer;
    QVERIFY2(balancer.start(brokerA.port(), brokerB.port(), &error), qPrintable(error));

    HttpTestClient http;
    http.setFreshConnectionPerRequest(true);
    QTRY_COMPARE_WITH_TIMEOUT(http.getUrl(balancer.httpUrl(u"/health"_s)).status, 200, 10000);

    // WebSockets pass through, and leastconn gives the second desktop the other replica.
    WsTestClient alice, bob;
    OPEN_REGISTERED(alice, balancer.wsUrl(), {}, u"alice@institution.edu"_s,
                    u"http://10.0.0.1:3001"_s);
    QVERIFY(isAck(alice.roundTrip(wire::heartbeat(u"alice@institution.edu"_s))));
    const bool aliceOnA = registeredOn(brokerA) == 1;
    QCOMPARE(registeredOn(aliceOnA ? brokerB : brokerA), 0.0);
    OPEN_REGISTERED(bob, balancer.wsUrl(), {}, u"bob@institution.edu"_s, u"http://10.0.0.2:3001"_s);
    QVERIFY(isAck(bob.roundTrip(wire::heartbeat(u"bob@institution.edu"_s))));
    QCOMPARE(registeredOn(brokerA), 1.0);
    QCOMPARE(registeredOn(brokerB), 1.0);

    // alice's replica dies without a word: her socket closes, and two failed checks later
    // HAProxy takes the replica out.
    DaemonProcess &victim = aliceOnA ? brokerA : brokerB;
    DaemonProcess &survivor = aliceOnA ? brokerB : brokerA;
    victim.kill();
    QVERIFY(alice.waitForClosed());
    QTRY_COMPARE_WITH_TIMEOUT(balancer.logged(aliceOnA ? u"broker-a"_s : u"broker-b"_s, u"DOWN"_s),
                              1, kCheckDeadlineMs);

    // alice reconnects through the balancer and is served; so is every new connection and
    // request, all on the survivor; bob noticed nothing.
    WsTestClient again;
    OPEN_REGISTERED(again, balancer.wsUrl(), {}, u"alice@institution.edu"_s,
                    u"http://10.0.0.1:3001"_s);
    QVERIFY(isAck(again.roundTrip(wire::heartbeat(u"alice@institution.edu"_s))));
    QVERIFY(isAck(bob.roundTrip(wire::heartbeat(u"bob@institution.edu"_s))));
    std::vector<std::unique_ptr<WsTestClient>> desktops;
    for (int i = 0; i < 4; ++i) {
        desktops.push_back(std::make_unique<WsTestClient>());
        OPEN_REGISTERED(*desktops.back(), balancer.wsUrl(), {}, u"user%1@institution.edu"_s.arg(i),
                        u"http://10.0.1.%1:3001"_s.arg(i));
        QCOMPARE(http.getUrl(balancer.httpUrl(u"/health"_s)).status, 200);
    }
    QCOMPARE(registeredOn(survivor), 6.0);
    QVERIFY2(balancer.isRunning(), qPrintable(balancer.output()));
}

// Alive but not ready (here: its database refuses it) is out too, its desktops are moved, and
// it is used again once /ready answers 200. Each replica has a database of its own so that only
// one of them fails.
void TestBalancer::unreadyReplicaIsTakenOutAndBack()
{
    QTemporaryDir dirA, dirB;
    QString error;
    const QString urlA = TestDatabases::freshUrl(u"postgresql"_s, dirA, &error);
    QVERIFY2(!urlA.isEmpty(), qPrintable(error));
    const QString urlB = TestDatabases::freshUrl(u"postgresql"_s, dirB, &error);
    QVERIFY2(!urlB.isEmpty(), qPrintable(error));
    DaemonProcess brokerA, brokerB;
    QVERIFY2(startReplica(brokerA, u"broker-a"_s, urlA, dirA, &error), qPrintable(error));
    QVERIFY2(startReplica(brokerB, u"broker-b"_s, urlB, dirB, &error), qPrintable(error));
    Balancer balancer;
    QVERIFY2(balancer.start(brokerA.port(), brokerB.port(), &error), qPrintable(error));
    HttpTestClient http;
    http.setFreshConnectionPerRequest(true);
    QTRY_COMPARE_WITH_TIMEOUT(http.getUrl(balancer.httpUrl(u"/health"_s)).status, 200, 10000);

    // One desktop on each replica (leastconn).
    WsTestClient first, second;
    OPEN_REGISTERED(first, balancer.wsUrl(), {}, u"alice@institution.edu"_s,
                    u"http://10.0.0.1:3001"_s);
    OPEN_REGISTERED(second, balancer.wsUrl(), {}, u"bob@institution.edu"_s,
                    u"http://10.0.0.2:3001"_s);
    QCOMPARE(registeredOn(brokerA), 1.0);
    QCOMPARE(registeredOn(brokerB), 1.0);

    QVERIFY(allowConnections(urlB, false));
    QTRY_COMPARE_WITH_TIMEOUT(http.getUrl(brokerB.httpUrl(u"/ready"_s)).status, 503, 10000);
    QCOMPARE(http.getUrl(brokerB.httpUrl(u"/health"_s)).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(balancer.logged(u"broker-b"_s, u"DOWN"_s), 1, kCheckDeadlineMs);
    // broker-b's desktop is cut (on-marked-down shutdown-sessions); broker-a's stays.
    QTRY_VERIFY_WITH_TIMEOUT(!first.isOpen() || !second.isOpen(), 10000);
    QVERIFY(first.isOpen() != second.isOpen());
    // Every request and new desktop now reaches broker-a: broker-b would answer /ready 503.
    for (int i = 0; i < 4; ++i)
        QCOMPARE(http.getUrl(balancer.httpUrl(u"/ready"_s)).status, 200);
    WsTestClient moved;
    OPEN_REGISTERED(moved, balancer.wsUrl(), {}, u"carol@institution.edu"_s,
                    u"http://10.0.0.3:3001"_s);
    QCOMPARE(registeredOn(brokerA), 2.0);

    // broker-b's database is back: two good checks later it is in again and, having the
    // fewest connections, gets the next desktop.
    QVERIFY(allowConnections(urlB, true));
    QTRY_COMPARE_WITH_TIMEOUT(http.getUrl(brokerB.httpUrl(u"/ready"_s)).status, 200, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(balancer.logged(u"broker-b"_s, u"UP"_s), 1, kCheckDeadlineMs);
    WsTestClient returning;
    OPEN_REGISTERED(returning, balancer.wsUrl(), {}, u"dave@institution.edu"_s,
                    u"http://10.0.0.4:3001"_s);
    QCOMPARE(registeredOn(brokerB), 1.0);
    QVERIFY2(balancer.isRunning(), qPrintable(balancer.output()));
}

QTEST_GUILESS_MAIN(TestBalancer)
#include "tst_balancer.moc"
