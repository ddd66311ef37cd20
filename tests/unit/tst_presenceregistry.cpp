#include "domain/PresenceRegistry.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using ddalab::ConnectionId;
using ddalab::PresenceEntry;
using ddalab::PresenceRegistry;

namespace {

// Time moves only when the test says so.
class ManualClock final : public ddalab::Clock
{
public:
    QDateTime now() const override { return m_now; }
    void advance(std::chrono::seconds by) { m_now = m_now.addSecs(by.count()); }

private:
    QDateTime m_now{QDate(2025, 10, 3), QTime(12, 0), Qt::UTC};
};

const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kLaptop = u"http://192.168.1.50:3001"_s;
const QString kDesktop = u"http://192.168.1.60:3001"_s;

QList<ConnectionId> connectionIds(const QList<PresenceEntry> &entries)
{
    QList<ConnectionId> ids;
    for (const PresenceEntry &entry : entries)
        ids.append(entry.connection);
    std::sort(ids.begin(), ids.end());
    return ids;
}

} // namespace

class tst_PresenceRegistry : public QObject
{
    Q_OBJECT

private slots:
    void startsEmpty();
    void registerMakesUserOnline();
    void reRegisterSameUserUpdatesEndpoint();
    void twoConnectionsOfOneUser();
    void heartbeatRefreshes();
    void heartbeatOfUnknownConnection();
    void removeExpiredOnlyRemovesSilentConnections();
    void removeExpiredFollowsTimeoutChanges();
    void liveConnectionPicksMostRecentHeartbeat();
    void reRegisterAsAnotherUserMovesConnection();
};

void tst_PresenceRegistry::startsEmpty()
{
    ManualClock clock;
    PresenceRegistry registry(clock, 300s);
    QCOMPARE(registry.connectionCount(), 0);
    QCOMPARE(registry.userCount(), 0);
    QCOMPARE(registry.heartbeatTimeout(), 300s);
    QVERIFY(!registry.isOnline(kAlice));
    QVERIFY(!registry.liveConnectionOf(kAlice));
    QVERIFY(!registry.find(1));
    QVERIFY(!registry.remove(1));
    QVERIFY(registry.removeExpired().isEmpty());
}

void tst_PresenceRegistry::registerMakesUserOnline()
{
    ManualClock clock;
    PresenceRegistry registry(clock, 300s);
    registry.registerConnection(1, kAlice, kLaptop);

    QVERIFY(registry.isOnline(kAlice));
    QVERIFY(!registry.isOnline(kBob));
    QCOMPARE(registry.connectionCount(), 1);
    QCOMPARE(registry.userCount(), 1);
    const PresenceEntry *entry = registry.find(1);
    QVERIFY(entry);
    QCOMPARE(entry->connection, ConnectionId(1));
    QCOMPARE(entry->userId, kAlice);
    QCOMPARE(entry->endpoint, kLaptop);
    QCOMPARE(entry->registeredAt, clock.now());
    QCOMPARE(entry->lastHeartbeat, clock.now());
    const auto live = registry.liveConnectionOf(kAlice);
    QVERIFY(live);
    QCOMPARE(live->connection, ConnectionId(1));
    QCOMPARE(live->endpoint, kLaptop);
    QCOMPARE(connectionIds(registry.allConnections()), QList<ConnectionId>{1});

    const auto removed = registry.remove(1);
    QVERIFY(removed);
    QCOMPARE(removed->userId, kAlice);
    QVERIFY(!registry.isOnline(kAlice));
    QCOMPARE(registry.connectionCount(), 0);
    QCOMPARE(registry.userCount(), 0);
}

void tst_PresenceRegistry::reRegisterSameUserUpdatesEndpoint()
{
    ManualClock clock;
    PresenceRegistry registry(clock, 300s);
    registry.registerConnection(1, kAlice, kLaptop);
    const QDateTime registeredAt = clock.now();
    clock.advance(120s);
    registry.registerConnection(1, kAlice, kDesktop);

    QCOMPARE(registry.connectionCount(), 1);
    QCOMPARE(registry.connectionsOf(kAlice).size(), 1);
    const PresenceEntry *entry = registry.find(1);
    QVERIFY(entry);
    QCOMPARE(entry->endpoint, kDesktop);
    QCOMPARE(entry->registeredAt, registeredAt);
    QCOMPARE(entry->lastHeartbeat, clock.now());
}

void tst_PresenceRegistry::twoConnectionsOfOneUser()
{
    ManualClock clock;
    PresenceRegistry registry(clock, 300s);
    registry.registerConnection(1, kAlice, kLaptop);
    registry.registerConnection(2, kAlice, kDesktop);

    QCOMPARE(registry.connectionCount(), 2);
    QCOMPARE(registry.userCount(), 1);
    QCOMPARE(connectionIds(registry.connectionsOf(kAlice)), (QList<ConnectionId>{1, 2}));

    QVERIFY(registry.remove(1));
    QVERIFY(registry.isOnline(kAlice));
    QCOMPARE(connectionIds(registry.connectionsOf(kAlice)), QList<ConnectionId>{2});
    QCOMPARE(registry.liveConnectionOf(kAlice)->endpoint, kDesktop);

    QVERIFY(!registry.remove(1)); // already gone
    QVERIFY(registry.isOnline(kAlice));

    QVERIFY(registry.remove(2));
    QVERIFY(!registry.isOnline(kAlice));
    QVERIFY(registry.connectionsOf(kAlice).isEmpty());
    QVERIFY(!registry.liveConnectionOf(kAlice));
    QCOMPARE(registry.userCount(), 0);
}

void tst_PresenceRegistry::heartbeatRefreshes()
{
    ManualClock clock;
    PresenceRegistry registry(clock, 300s);
    registry.registerConnection(1, kAlice, kLaptop);
    const QDateTime registeredAt = clock.now();

    clock.advance(60s);
    QVERIFY(registry.heartbeat(1));
    QCOMPARE(registry.find(1)->lastHeartbeat, clock.now());
    QCOMPARE(registry.find(1)->registeredAt, registeredAt);

    // Heartbeats every 60 s keep the connection alive far beyond the timeout.
    for (int i = 0; i < 20; ++i) {
        clock.advance(60s);
        QVERIFY(registry.heartbeat(1));
        QVERIFY(registry.removeExpired().isEmpty());
    }
    QVERIFY(registry.isOnline(kAlice));
    QCOMPARE(registry.find(1)->lastHeartbeat, registeredAt.addSecs(21 * 60));
}

void tst_PresenceRegistry::heartbeatOfUnknownConnection()
{
    ManualClock clock;
    PresenceRegistry registry(clock, 300s);
    QVERIFY(!registry.heartbeat(7));
    registry.registerConnection(1, kAlice, kLaptop);
    QVERIFY(!registry.heartbeat(7));
    QVERIFY(registry.remove(1));
    QVERIFY(!registry.heartbeat(1));
    QCOMPARE(registry.connectionCount(), 0);
}

void tst_PresenceRegistry::removeExpiredOnlyRemovesSilentConnections()
{
    ManualClock clock;
    PresenceRegistry registry(clock, 300s);
    registry.registerConnection(1, kAlice, kLaptop);  // goes silent
    registry.registerConnection(2, kAlice, kDesktop); // keeps heartbeating
    registry.registerConnection(3, kBob, kLaptop);    // goes silent

    clock.advance(200s);
    QVERIFY(registry.heartbeat(2));

    // Exactly at the timeout nothing has expired yet.
    clock.advance(100s);
    QVERIFY(registry.removeExpired().isEmpty());
    QCOMPARE(registry.connectionCount(), 3);

    // One second after it the silent ones go; the heartbeating one stays.
    clock.advance(1s);
    const QList<PresenceEntry> expired = registry.removeExpired();
    QCOMPARE(connectionIds(expired), (QList<ConnectionId>{1, 3}));
    QVERIFY(registry.isOnline(kAlice));
    QVERIFY(!registry.isOnline(kBob));
    QCOMPARE(connectionIds(registry.allConnections()), QList<ConnectionId>{2});
    QCOMPARE(registry.liveConnectionOf(kAlice)->connection, ConnectionId(2));

    // Removed once only.
    QVERIFY(registry.removeExpired().isEmpty());

    // Connection 2 heartbeated at 200 s: it expires after 500 s.
    clock.advance(199s); // 500 s
    QVERIFY(registry.removeExpired().isEmpty());
    clock.advance(1s);
    QCOMPARE(connectionIds(registry.removeExpired()), QList<ConnectionId>{2});
    QVERIFY(!registry.isOnline(kAlice));
    QCOMPARE(registry.connectionCount(), 0);
    QCOMPARE(registry.userCount(), 0);
}

void tst_PresenceRegistry::removeExpiredFollowsTimeoutChanges()
{
    ManualClock clock;
    PresenceRegistry registry(clock, 300s);
    registry.registerConnection(1, kAlice, kLaptop);
    clock.advance(61s);
    QVERIFY(registry.removeExpired().isEmpty());

    registry.setHeartbeatTimeout(60s);
    QCOMPARE(registry.heartbeatTimeout(), 60s);
    QCOMPARE(connectionIds(registry.removeExpired()), QList<ConnectionId>{1});
    QVERIFY(!registry.isOnline(kAlice));
}

void tst_PresenceRegistry::liveConnectionPicksMostRecentHeartbeat()
{
    ManualClock clock;
    PresenceRegistry registry(clock, 300s);
    registry.registerConnection(1, kAlice, kLaptop);
    clock.advance(10s);
    registry.registerConnection(2, kAlice, kDesktop);
    QCOMPARE(registry.liveConnectionOf(kAlice)->connection, ConnectionId(2));
    QCOMPARE(registry.liveConnectionOf(kAlice)->endpoint, kDesktop);

    clock.advance(10s);
    QVERIFY(registry.heartbeat(1));
    QCOMPARE(registry.liveConnectionOf(kAlice)->connection, ConnectionId(1));
    QCOMPARE(registry.liveConnectionOf(kAlice)->endpoint, kLaptop);

    clock.advance(10s);
    QVERIFY(registry.heartbeat(2));
    QCOMPARE(registry.liveConnectionOf(kAlice)->connection, ConnectionId(2));

    // Another user's heartbeat changes nothing for alice.
    clock.advance(10s);
    registry.registerConnection(3, kBob, u"http://10.0.0.9:3001"_s);
    QCOMPARE(registry.liveConnectionOf(kAlice)->connection, ConnectionId(2));
    QCOMPARE(registry.liveConnectionOf(kBob)->connection, ConnectionId(3));

    // When the live one leaves, the other takes over.
    QVERIFY(registry.remove(2));
    QCOMPARE(registry.liveConnectionOf(kAlice)->connection, ConnectionId(1));
}

void tst_PresenceRegistry::reRegisterAsAnotherUserMovesConnection()
{
    ManualClock clock;
    PresenceRegistry registry(clock, 300s);
    registry.registerConnection(1, kAlice, kLaptop);
    clock.advance(30s);
    registry.registerConnection(1, kBob, kDesktop);

    QVERIFY(!registry.isOnline(kAlice));
    QVERIFY(registry.isOnline(kBob));
    QVERIFY(registry.connectionsOf(kAlice).isEmpty());
    QVERIFY(!registry.liveConnectionOf(kAlice));
    QCOMPARE(registry.connectionCount(), 1);
    QCOMPARE(registry.userCount(), 1);
    const PresenceEntry *entry = registry.find(1);
    QVERIFY(entry);
    QCOMPARE(entry->userId, kBob);
    QCOMPARE(entry->endpoint, kDesktop);
    // A new registration: its times start over.
    QCOMPARE(entry->registeredAt, clock.now());
    QCOMPARE(entry->lastHeartbeat, clock.now());
    QCOMPARE(registry.liveConnectionOf(kBob)->connection, ConnectionId(1));

    // Alice stays online through her other connection when one of two moves.
    registry.registerConnection(2, kAlice, kLaptop);
    registry.registerConnection(3, kAlice, kLaptop);
    registry.registerConnection(3, kBob, kLaptop);
    QVERIFY(registry.isOnline(kAlice));
    QCOMPARE(connectionIds(registry.connectionsOf(kAlice)), QList<ConnectionId>{2});
    QCOMPARE(connectionIds(registry.connectionsOf(kBob)), (QList<ConnectionId>{1, 3}));

    // Removing the moved connection leaves its old user untouched.
    QVERIFY(registry.remove(3));
    QVERIFY(registry.isOnline(kAlice));
    QCOMPARE(connectionIds(registry.connectionsOf(kBob)), QList<ConnectionId>{1});
}

QTEST_GUILESS_MAIN(tst_PresenceRegistry)
#include "tst_presenceregistry.moc"
