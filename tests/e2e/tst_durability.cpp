// A daemon killed with SIGKILL in the middle of a publish stream loses no publish it acked:
// every ack follows a commit, also when commits are grouped. Nor does any acknowledged change
// (publish, republish, revoke, team created, member added) lack its audit row.
#include "support/BrokerReplies.h"
#include "support/Credentials.h"
#include "support/DaemonProcess.h"
#include "support/DesktopFrames.h"
#include "support/HttpTestClient.h"
#include "support/LoginRequests.h"
#include "support/RawDatabase.h"
#include "support/TestDatabases.h"
#include "support/WsTestClient.h"

#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace wire;

class TestDurability : public QObject
{
    Q_OBJECT

private slots:
    void killedDaemonKeepsAckedPublishes_data() { TestDatabases::addEngineRows(); }
    void killedDaemonKeepsAckedPublishes();
    void everyAckedChangeHasItsAuditRow_data() { TestDatabases::addEngineRows(); }
    void everyAckedChangeHasItsAuditRow();
};

void TestDurability::killedDaemonKeepsAckedPublishes()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    daemon.setEnv(u"RATE_LIMIT_PER_SECOND"_s, u"1000000"_s);
    daemon.setEnv(u"RATE_LIMIT_BURST"_s, u"1000000"_s);
    START_DAEMON(daemon, engine, dir);

    // Four devices each pipeline a stream of publishes, tagged with their tokens.
    constexpr int kConnections = 4;
    constexpr int kPerConnection = 400;
    std::vector<std::unique_ptr<WsTestClient>> clients;
    QList<QStringList> tokens(kConnections);
    for (int c = 0; c < kConnections; ++c) {
        clients.push_back(std::make_unique<WsTestClient>());
        const QString user = u"user%1@lab.example"_s.arg(c);
        OPEN_REGISTERED(*clients.back(), daemon.wsUrl(), {}, user,
                        u"http://10.0.0.%1:3001"_s.arg(c + 1));
        for (int i = 0; i < kPerConnection; ++i) {
            const QString token = newToken();
            tokens[c].append(token);
            clients.back()->sendJson(withId(
                publishShare(token, metadata(user, u"result-%1"_s.arg(i), u"Run %1"_s.arg(i))),
                token));
        }
    }
    // Kill as soon as some acks arrived, while the rest are still in flight.
    QTRY_VERIFY_WITH_TIMEOUT(clients.front()->unreadCount() >= 50, 20000);
    daemon.kill();

    QSet<QString> acked;
    for (const auto &client : clients) {
        while (client->unreadCount() > 0) {
            const ServerFrame reply = client->next(0);
            if (isAck(reply))
                acked.insert(messageId(reply));
        }
    }
    QVERIFY2(acked.size() >= 50, "too few acks before the kill to test anything");
    QVERIFY2(acked.size() < kConnections * kPerConnection,
             "every publish was acked before the kill: nothing was in flight");

    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));
    WsTestClient reader;
    OPEN_REGISTERED(reader, daemon.wsUrl(), {}, u"auditor@lab.example"_s,
                    u"http://10.0.0.9:3001"_s);
    int missing = 0;
    for (const QString &token : std::as_const(acked)) {
        if (!shareInfo(reader.roundTrip(requestShare(token, u"auditor@lab.example"_s))))
            ++missing;
    }
    QCOMPARE(missing, 0);
}

void TestDurability::everyAckedChangeHasItsAuditRow()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    const QByteArray admin = "durability-admin-token-51d0e2";
    daemon.setEnv(u"RATE_LIMIT_PER_SECOND"_s, u"1000000"_s);
    daemon.setEnv(u"RATE_LIMIT_BURST"_s, u"1000000"_s);
    daemon.setEnv(u"BROKER_ADMIN_TOKEN"_s, QString::fromLatin1(admin));
    QString databaseUrl;
    QString error;
    QVERIFY2(daemon.startOnFreshDatabase(engine, dir, &error, &databaseUrl), qPrintable(error));

    // Two devices pipeline publish, republish and revoke of their shares; each message's id
    // names the audit row its ack promises ("action|token").
    constexpr int kConnections = 2;
    std::vector<std::unique_ptr<WsTestClient>> clients;
    QStringList users;
    for (int c = 0; c < kConnections; ++c) {
        clients.push_back(std::make_unique<WsTestClient>());
        users.append(u"owner%1@lab.example"_s.arg(c));
        OPEN_REGISTERED(*clients.back(), daemon.wsUrl(), {}, users.back(),
                        u"http://10.0.1.%1:3001"_s.arg(c + 1));
    }
    int sent = 0;
    const auto sendShares = [&](int perClient) {
        for (int c = 0; c < kConnections; ++c) {
            for (int i = 0; i < perClient; ++i) {
                const QString token = newToken();
                const QJsonObject first = metadata(users[c], u"r"_s + token, u"Run"_s);
                const QJsonObject again = metadata(users[c], u"r"_s + token, u"Run again"_s);
                clients[c]->sendJson(
                    withId(publishShare(token, first), u"share.published|"_s + token));
                clients[c]->sendJson(
                    withId(publishShare(token, again), u"share.updated|"_s + token));
                clients[c]->sendJson(withId(revokeShare(token), u"share.revoked|"_s + token));
                sent += 3;
            }
        }
    };
    // Teams and members over HTTP, one at a time, while the devices' messages are handled.
    QSet<QString> acked;
    HttpTestClient http(daemon.httpUrl({}));
    for (int t = 0; t < 10; ++t) {
        sendShares(20);
        const QString team = u"team-%1"_s.arg(t);
        if (logins::sendJson(http, "POST", u"/api/teams"_s,
                             {{"team_id"_L1, team}, {"name"_L1, u"Team %1"_s.arg(t)}}, admin)
                .status == 201)
            acked.insert(u"team.created|"_s + team);
        if (logins::sendJson(http, "PUT",
                             u"/api/teams/"_s + team + u"/members/member@lab.example"_s,
                             {{"role"_L1, u"member"_s}}, admin)
                    .status /
                100 ==
            2)
            acked.insert(u"team.member_added|"_s + team);
    }
    // Then a long burst, and the kill once a hundred more acks came in: the rest is in flight.
    const int before = clients.front()->unreadCount();
    sendShares(500);
    QTRY_VERIFY_WITH_TIMEOUT(clients.front()->unreadCount() >= before + 100, 20000);
    daemon.kill();
    QCOMPARE(acked.size(), 20);

    int wsAcks = 0;
    for (const auto &client : clients) {
        while (client->unreadCount() > 0) {
            const ServerFrame reply = client->next(0);
            if (isAck(reply)) {
                acked.insert(messageId(reply));
                ++wsAcks;
            }
        }
    }
    QVERIFY2(wsAcks >= 100, "too few acks before the kill to test anything");
    QVERIFY2(wsAcks < sent, "every change was acked before the kill: nothing was in flight");

    RawDatabase raw(databaseUrl);
    QVERIFY2(raw.isOpen(), qPrintable(raw.error()));
    const auto rows = raw.rows(u"SELECT action, target FROM audit_log"_s);
    QVERIFY2(rows, qPrintable(raw.error()));
    const QSet<QString> written(rows->cbegin(), rows->cend());
    QStringList missing;
    for (const QString &change : std::as_const(acked)) {
        if (!written.contains(change))
            missing.append(change);
    }
    QVERIFY2(missing.isEmpty(), qPrintable(missing.mid(0, 5).join(u", "_s)));
}

QTEST_GUILESS_MAIN(TestDurability)
#include "tst_durability.moc"
