// How operators watch the daemon: GET /ready follows the database, GET /metrics is Prometheus'
// text format (checked by promtool) with the numbers the traffic made, --check-health probes a
// running broker, LOG_FORMAT=json writes one JSON object per line, and systemd hears READY=1,
// RELOADING=1, STOPPING=1 and the watchdog through NOTIFY_SOCKET.

#include "support/BrokerReplies.h"
#include "support/DaemonProcess.h"
#include "support/DesktopExpectations.h"
#include "support/DesktopFrames.h"
#include "support/HttpTestClient.h"
#include "support/TestDatabases.h"
#include "support/WsTestClient.h"

#include <QDir>
#include <QJsonDocument>
#include <QProcess>
#include <QSocketNotifier>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

// The value of one sample line ("name{labels} value") of a metrics text, or -1.
double sample(const QByteArray &metrics, const QByteArray &series)
{
    for (const QByteArray &line : metrics.split('\n')) {
        if (line.startsWith(series + ' '))
            return line.mid(series.size() + 1).toDouble();
    }
    return -1;
}

// A connection of the test's own to the database the daemon uses, to change it underneath.
class SideConnection
{
public:
    SideConnection(const QString &engine, const QString &url) : m_name(u"side"_s)
    {
        const QUrl parsed(url);
        if (engine == "sqlite"_L1) {
            m_database = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
            m_database.setDatabaseName(parsed.path());
        } else {
            m_database = QSqlDatabase::addDatabase(u"QPSQL"_s, m_name);
            m_database.setHostName(parsed.host());
            m_database.setPort(parsed.port(5432));
            m_database.setUserName(parsed.userName());
            m_database.setDatabaseName(parsed.path().mid(1));
        }
        m_database.open();
    }
    ~SideConnection()
    {
        m_database.close();
        m_database = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    // Runs statements in order; false (with the error in the test log) at the first failure.
    bool exec(const QStringList &statements)
    {
        for (const QString &statement : statements) {
            QSqlQuery query(m_database);
            if (!query.exec(statement)) {
                qWarning("%s: %s", qPrintable(statement), qPrintable(query.lastError().text()));
                return false;
            }
        }
        return true;
    }
    // Whether another session waits for a lock on the shares table (PostgreSQL).
    bool someoneWaitsForShares()
    {
        QSqlQuery query(m_database);
        return query.exec(u"SELECT count(*) FROM pg_locks WHERE NOT granted AND "
                          "relation = 'shared_results'::regclass"_s) &&
               query.next() && query.value(0).toInt() > 0;
    }

private:
    QString m_name;
    QSqlDatabase m_database;
};

// systemd's end of NOTIFY_SOCKET: a datagram socket that collects what the daemon sends.
class NotifySocket
{
public:
    explicit NotifySocket(const QString &path) : m_path(path)
    {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        sockaddr_un address = {};
        address.sun_family = AF_UNIX;
        const QByteArray encoded = path.toLocal8Bit();
        std::memcpy(address.sun_path, encoded.constData(),
                    std::min(size_t(encoded.size()), sizeof(address.sun_path) - 1));
        m_bound = ::bind(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0;
        m_notifier = std::make_unique<QSocketNotifier>(m_fd, QSocketNotifier::Read);
        QObject::connect(m_notifier.get(), &QSocketNotifier::activated, m_notifier.get(), [this] {
            char buffer[4096];
            ssize_t size;
            while ((size = ::recv(m_fd, buffer, sizeof buffer, 0)) > 0)
                m_messages.append(QString::fromUtf8(buffer, size));
        });
    }
    ~NotifySocket()
    {
        m_notifier.reset();
        ::close(m_fd);
    }
    bool isBound() const { return m_bound; }
    const QStringList &messages() const { return m_messages; }
    // How many messages so far carry the assignment (e.g. READY=1) on a line of their own.
    qsizetype count(const QString &assignment) const
    {
        return std::count_if(m_messages.cbegin(), m_messages.cend(), [&](const QString &message) {
            return message.split(u'\n').contains(assignment);
        });
    }

private:
    QString m_path;
    int m_fd = -1;
    bool m_bound = false;
    std::unique_ptr<QSocketNotifier> m_notifier;
    QStringList m_messages;
};

} // namespace

class TestHealth : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { m_http.setTimeout(10000); }
    void readinessFollowsTheDatabase_data() { TestDatabases::addEngineRows(); }
    void readinessFollowsTheDatabase();
    void readinessTimesOutWhileTheDatabaseHangs();
    void readinessNamesTheDatabaseError();
    void metricsCountTheTraffic_data() { TestDatabases::addEngineRows(); }
    void metricsCountTheTraffic();
    void checkHealthProbesARunningBroker();
    void jsonLogs_data() { TestDatabases::addEngineRows(); }
    void jsonLogs();
    void systemdNotifications();

private:
    HttpTestClient m_http;
};

void TestHealth::readinessFollowsTheDatabase()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    QString error;
    const QString url = TestDatabases::freshUrl(engine, dir, &error);
    QVERIFY2(!url.isEmpty(), qPrintable(error));
    DaemonProcess daemon;
    daemon.setEnv(u"DATABASE_URL"_s, url);
    daemon.setEnv(u"DATA_DIR"_s, dir.path());
    QVERIFY2(daemon.start(&error), qPrintable(error));

    // The newest migration the source tree ships, which the daemon applied at start.
    const QStringList migrations =
        QDir(QStringLiteral(QT_TESTCASE_SOURCEDIR "/../../sql/sqlite/migrations"))
            .entryList({u"*.sql"_s}, QDir::Files, QDir::Name);
    QVERIFY(!migrations.isEmpty());
    const int schemaVersion = migrations.last().left(4).toInt();

    // With PostgreSQL the daemon is a replica: ready once its outbox listener is up too, and
    // the body names it.
    HttpTestReply ready;
    QTRY_COMPARE_WITH_TIMEOUT((ready = m_http.getUrl(daemon.httpUrl(u"/ready"_s))).status, 200,
                              10000);
    QJsonObject readyBody = QJsonDocument::fromJson(ready.body).object();
    if (engine == "postgresql"_L1) {
        QVERIFY2(!readyBody.take("replica_id"_L1).toString().isEmpty(), ready.body.constData());
        QVERIFY2(!readyBody.take("replica_address"_L1).toString().isEmpty(),
                 ready.body.constData());
    }
    QCOMPARE(readyBody,
             (QJsonObject{{"status"_L1, "ready"_L1}, {"schema_version"_L1, schemaVersion}}));

    // A database that no longer holds the broker's schema cannot serve it: not ready.
    SideConnection side(engine, url);
    QVERIFY(side.exec({u"ALTER TABLE schema_migrations RENAME TO schema_migrations_away"_s}));
    ready = m_http.getUrl(daemon.httpUrl(u"/ready"_s));
    QCOMPARE(ready.status, 503);
    const QJsonObject body = QJsonDocument::fromJson(ready.body).object();
    QCOMPARE(body.value("status"_L1).toString(), u"unavailable"_s);
    const QString reason = body.value("reason"_L1).toString();
    QVERIFY2(reason.startsWith(u"the database failed: select_schema_version: "_s),
             qPrintable(reason));
    QVERIFY2(reason.contains(u"schema_migrations"_s), qPrintable(reason));
    QCOMPARE(m_http.getUrl(daemon.httpUrl(u"/health"_s)).status, 200);

    QVERIFY(side.exec({u"ALTER TABLE schema_migrations_away RENAME TO schema_migrations"_s}));
    QCOMPARE(m_http.getUrl(daemon.httpUrl(u"/ready"_s)).status, 200);
    const QString output = daemon.output();
    QVERIFY2(output.contains(u"not ready: the database failed"_s) &&
                 output.indexOf(u"ready: the database answers"_s, output.indexOf(u"not ready"_s)) >
                     0,
             qPrintable(output));
}

// PostgreSQL only: a database server can keep the storage thread waiting; an SQLite file
// cannot (a write of the broker meeting another process's write lock fails at once: SQLite
// gives up rather than risk a deadlock when a deferred transaction must upgrade).
void TestHealth::readinessTimesOutWhileTheDatabaseHangs()
{
    QTemporaryDir dir;
    QString error;
    const QString url = TestDatabases::freshUrl(u"postgresql"_s, dir, &error);
    QVERIFY2(!url.isEmpty(), qPrintable(error));
    DaemonProcess daemon;
    daemon.setEnv(u"DATABASE_URL"_s, url);
    daemon.setEnv(u"DATA_DIR"_s, dir.path());
    QVERIFY2(daemon.start(&error), qPrintable(error));

    SideConnection side(u"postgresql"_s, url);
    QVERIFY(side.exec({u"BEGIN"_s, u"LOCK TABLE shared_results IN ACCESS EXCLUSIVE MODE"_s}));
    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, u"alice@institution.edu"_s,
                    u"http://10.0.0.1:3001"_s);
    alice.sendJson(wire::publishShare(
        wire::newToken(), wire::metadata(u"alice@institution.edu"_s, u"r1"_s, u"Waits"_s)));
    QTRY_VERIFY_WITH_TIMEOUT(side.someoneWaitsForShares(), 10000);

    const HttpTestReply ready = m_http.getUrl(daemon.httpUrl(u"/ready"_s));
    QCOMPARE(ready.status, 503);
    QCOMPARE(QJsonDocument::fromJson(ready.body).object().value("reason"_L1).toString(),
             u"the database did not answer within 2000 ms"_s);
    QCOMPARE(m_http.getUrl(daemon.httpUrl(u"/health"_s)).status, 200);

    // Once the database answers, the waiting write commits and readiness is back.
    QVERIFY(side.exec({u"ROLLBACK"_s}));
    QVERIFY(isAck(alice.next()));
    QTRY_COMPARE_WITH_TIMEOUT(m_http.getUrl(daemon.httpUrl(u"/ready"_s)).status, 200, 10000);
}

// PostgreSQL only: a server can refuse the broker's connection; an SQLite file open in the
// process cannot go away.
void TestHealth::readinessNamesTheDatabaseError()
{
    QTemporaryDir dir;
    QString error;
    const QString url = TestDatabases::freshUrl(u"postgresql"_s, dir, &error);
    QVERIFY2(!url.isEmpty(), qPrintable(error));
    DaemonProcess daemon;
    daemon.setEnv(u"DATABASE_URL"_s, url);
    daemon.setEnv(u"DATA_DIR"_s, dir.path());
    QVERIFY2(daemon.start(&error), qPrintable(error));
    // Ready once its outbox listener is up too (a replica).
    QTRY_COMPARE_WITH_TIMEOUT(m_http.getUrl(daemon.httpUrl(u"/ready"_s)).status, 200, 10000);

    const QUrl base(qEnvironmentVariable("DDALAB_TEST_POSTGRES_URL"));
    const QString name = QUrl(url).path().mid(1);
    QSqlDatabase admin = QSqlDatabase::addDatabase(u"QPSQL"_s, u"admin"_s);
    admin.setHostName(base.host());
    admin.setPort(base.port(5432));
    admin.setUserName(base.userName());
    admin.setDatabaseName(base.path().mid(1));
    QVERIFY2(admin.open(), qPrintable(admin.lastError().text()));
    auto exec = [&admin](const QString &sql) {
        QSqlQuery query(admin);
        if (!query.exec(sql))
            qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
        return query.isActive();
    };
    QVERIFY(exec(u"ALTER DATABASE %1 ALLOW_CONNECTIONS false"_s.arg(name)));
    QVERIFY(
        exec(u"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '%1'"_s.arg(
            name)));
    const HttpTestReply refused = m_http.getUrl(daemon.httpUrl(u"/ready"_s));
    QCOMPARE(refused.status, 503);
    const QString reason =
        QJsonDocument::fromJson(refused.body).object().value("reason"_L1).toString();
    QVERIFY2(reason.startsWith(u"the database failed: "_s), qPrintable(reason));

    QVERIFY(exec(u"ALTER DATABASE %1 ALLOW_CONNECTIONS true"_s.arg(name)));
    QTRY_COMPARE_WITH_TIMEOUT(m_http.getUrl(daemon.httpUrl(u"/ready"_s)).status, 200, 10000);
    admin.close();
    admin = QSqlDatabase();
    QSqlDatabase::removeDatabase(u"admin"_s);
}

void TestHealth::metricsCountTheTraffic()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    START_DAEMON(daemon, engine, dir);

    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, u"alice@institution.edu"_s,
                    u"http://10.0.0.1:3001"_s);
    const QString kept = wire::newToken();
    const QString revoked = wire::newToken();
    const QString third = wire::newToken();
    for (const QString &token : {kept, revoked, third})
        alice.sendJson(wire::publishShare(
            token, wire::metadata(u"alice@institution.edu"_s, token, u"Counted"_s)));
    alice.sendJson(wire::revokeShare(revoked));
    alice.sendJson(wire::requestShare(kept, u"alice@institution.edu"_s));
    alice.sendJson(wire::requestShare(wire::newToken(), u"alice@institution.edu"_s));
    alice.sendText(u"{"_s);
    QVERIFY(alice.waitForFrames(7));

    const HttpTestReply reply = m_http.getUrl(daemon.httpUrl(u"/metrics"_s));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("Content-Type"), QByteArray("text/plain; version=0.0.4; charset=utf-8"));
    const QByteArray &metrics = reply.body;
    QCOMPARE(sample(metrics, "ddalab_broker_open_connections"), 1.0);
    QCOMPARE(sample(metrics, "ddalab_broker_users_online"), 1.0);
    QCOMPARE(sample(metrics, "ddalab_broker_shares_active"), 2.0);
    QCOMPARE(sample(metrics, "ddalab_broker_messages_total{type=\"publish_share\"}"), 3.0);
    QCOMPARE(sample(metrics, "ddalab_broker_messages_total{type=\"request_share\"}"), 2.0);
    QCOMPARE(sample(metrics, "ddalab_broker_messages_total{type=\"invalid\"}"), 1.0);
    QCOMPARE(sample(metrics, "ddalab_broker_errors_total{code=\"SHARE_NOT_FOUND\"}"), 1.0);
    QCOMPARE(sample(metrics, "ddalab_broker_errors_total{code=\"PARSE_ERROR\"}"), 1.0);
    QCOMPARE(sample(metrics, "ddalab_broker_publish_duration_seconds_count"), 3.0);
    QCOMPARE(sample(metrics, "ddalab_broker_publish_duration_seconds_bucket{le=\"+Inf\"}"), 3.0);
    QCOMPARE(sample(metrics, "ddalab_broker_request_duration_seconds_count"), 2.0);
    QVERIFY(sample(metrics, "ddalab_broker_storage_transaction_duration_seconds_count") >= 1);
    QVERIFY(sample(metrics, "ddalab_broker_storage_batch_size_sum") >= 4);
    QCOMPARE(sample(metrics, "ddalab_broker_build_info{version=\"0.1.0\",qt_version=\""_ba +
                                 qVersion() + "\"}"),
             1.0);

    // Prometheus' own parser and linter.
    QProcess promtool;
    promtool.setProcessChannelMode(QProcess::MergedChannels);
    promtool.start(u"promtool"_s, {u"check"_s, u"metrics"_s});
    QVERIFY2(promtool.waitForStarted(), "promtool is missing: scripts/install-deps --test");
    promtool.write(metrics);
    promtool.closeWriteChannel();
    QVERIFY(promtool.waitForFinished(30000));
    QVERIFY2(promtool.exitCode() == 0 && promtool.readAll().isEmpty(), metrics.constData());
}

void TestHealth::checkHealthProbesARunningBroker()
{
    QTemporaryDir dir;
    DaemonProcess daemon;
    START_DAEMON(daemon, u"sqlite"_s, dir);

    DaemonProcess probe;
    probe.setEnv(u"BIND_ADDR"_s, u"0.0.0.0:%1"_s.arg(daemon.port()));
    probe.setEnv(u"DATA_DIR"_s, dir.path());
    probe.setArguments({u"--check-health"_s});
    QString output;
    QCOMPARE(probe.runToExit(&output), 0);
    QVERIFY2(output.isEmpty(), qPrintable(output));

    daemon.stop();
    QCOMPARE(probe.runToExit(&output), 1);
    QVERIFY2(
        output.startsWith(u"--check-health: http://127.0.0.1:%1/health: "_s.arg(daemon.port())),
        qPrintable(output));
}

void TestHealth::jsonLogs()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    daemon.setEnv(u"LOG_FORMAT"_s, u"json"_s);
    START_DAEMON(daemon, engine, dir);
    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, u"alice@institution.edu"_s,
                    u"http://10.0.0.1:3001"_s);
    const QString token = wire::newToken();
    QVERIFY(isAck(alice.roundTrip(wire::publishShare(
        token, wire::metadata(u"alice@institution.edu"_s, u"r1"_s, u"Logged"_s)))));
    alice.close();
    QVERIFY(alice.waitForClosed());
    daemon.stop();

    const QStringList lines = daemon.output().split(u'\n', Qt::SkipEmptyParts);
    QVERIFY(lines.size() >= 5);
    QJsonObject published;
    for (const QString &line : lines) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(line.toUtf8(), &parseError);
        QVERIFY2(document.isObject(), qPrintable(u"not a JSON object: "_s + line));
        const QJsonObject object = document.object();
        for (const char *key : {"time", "level", "category", "message"})
            QVERIFY2(object.value(QLatin1StringView(key)).isString(), qPrintable(line));
        QVERIFY2(wire::isClientRfc3339(object.value("time"_L1).toString()), qPrintable(line));
        QVERIFY2(!line.contains(token), "a share token in the log");
        if (object.value("message"_L1).toString().startsWith(u"published"_s))
            published = object;
    }
    // The publish's line, logged after its commit on another thread's answer, still knows
    // which connection and user it is about.
    QCOMPARE(published.value("category"_L1).toString(), u"ddalab.broker.shares"_s);
    QCOMPARE(published.value("level"_L1).toString(), u"info"_s);
    QCOMPARE(published.value("user"_L1).toString(), u"alice@institution.edu"_s);
    QVERIFY(published.value("connection"_L1).toInteger() > 0);
}

void TestHealth::systemdNotifications()
{
    QTemporaryDir dir;
    NotifySocket systemd(dir.filePath(u"notify"_s));
    QVERIFY(systemd.isBound());
    DaemonProcess daemon;
    daemon.setEnv(u"NOTIFY_SOCKET"_s, dir.filePath(u"notify"_s));
    daemon.setEnv(u"WATCHDOG_USEC"_s, u"200000"_s);
    START_DAEMON(daemon, u"sqlite"_s, dir);

    QTRY_COMPARE(systemd.count(u"READY=1"_s), 1);
    QVERIFY2(
        systemd.messages().first().contains(u"STATUS=listening on port %1"_s.arg(daemon.port())),
        qPrintable(systemd.messages().join(u" | "_s)));
    // Twice per watchdog interval, from the event loop.
    QTRY_VERIFY_WITH_TIMEOUT(systemd.count(u"WATCHDOG=1"_s) >= 3, 5000);

    daemon.sendSignal(SIGHUP);
    QTRY_COMPARE(systemd.count(u"RELOADING=1"_s), 1);
    QTRY_COMPARE(systemd.count(u"READY=1"_s), 2);
    daemon.sendSignal(SIGTERM);
    QTRY_COMPARE(systemd.count(u"STOPPING=1"_s), 1);
    QVERIFY(daemon.waitForExit(15000));
    QCOMPARE(daemon.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestHealth)
#include "tst_health.moc"
