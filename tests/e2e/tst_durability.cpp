// A daemon killed with SIGKILL in the middle of a publish stream loses no publish it acked:
// every ack follows a commit, also when commits are grouped.
#include "support/BrokerReplies.h"
#include "support/DaemonProcess.h"
#include "support/DesktopFrames.h"
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

QTEST_GUILESS_MAIN(TestDurability)
#include "tst_durability.moc"
