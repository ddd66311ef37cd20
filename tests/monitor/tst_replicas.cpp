// The monitor's view of the broker's replicas: ReplicasModel and ReplicasPane on their own, then
// a MonitorSession and its window fed through real sockets and the real codec, by a scripted
// broker (several replicas, one dying) and by the real daemon on SQLite (a single broker).

#include "DisplayText.h"
#include "MainWindow.h"
#include "MonitorRoles.h"
#include "MonitorSession.h"
#include "MonitorTestSupport.h"
#include "ReplicasModel.h"
#include "ReplicasPane.h"
#include "ScriptedBroker.h"

#include <QColor>
#include <QFont>
#include <QSignalSpy>
#include <QTableView>

using namespace Qt::StringLiterals;
using namespace ddalab;
using namespace ddalab::monitor;
using namespace ddalab::protocol;
using namespace monitor_test;

namespace {

const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kFirst = u"10.0.0.11:8080"_s;
const QString kSecond = u"10.0.0.12:8080"_s;

ReplicaInfo replica(const QString &id, const QString &address, bool live, bool self = false)
{
    ReplicaInfo info;
    info.replicaId = id;
    info.address = address;
    info.startedAt = at("2026-11-26T08:00:00Z");
    info.lastSeen = at("2026-11-26T12:00:00Z");
    info.leaseUntil = at("2026-11-26T12:00:15Z");
    info.live = live;
    info.self = self;
    info.connections = live ? 3 : 0;
    info.usersOnline = live ? 2 : 0;
    return info;
}

QString cell(const QAbstractItemModel &model, int row, int column, int role = Qt::DisplayRole)
{
    return model.data(model.index(row, column), role).toString();
}

ConnectionInfo connection(quint64 id, const QString &endpoint, const QString &replicaAddress)
{
    return ConnectionInfo{id, endpoint, at("2026-11-26T11:00:00Z"), at("2026-11-26T11:59:50Z"),
                          replicaAddress};
}

bool logHas(const EventLogModel &log, const QString &text)
{
    for (int row = 0; row < log.rowCount(); ++row) {
        if (log.entryText(row).contains(text))
            return true;
    }
    return false;
}

} // namespace

class TestMonitorReplicas : public QObject
{
    Q_OBJECT

private slots:
    void modelShowsEachReplica();
    void modelUpdatesRowsInPlaceWhileTheReplicasStay();
    void paneCountsAndExplainsAnEmptyList();
    void sessionFollowsTheReplicaFeed();
    void singleDaemonListsAtMostItself();
};

void TestMonitorReplicas::modelShowsEachReplica()
{
    ReplicasModel model;
    const QDateTime now = at("2026-11-26T12:00:03Z");
    model.reset({replica(u"r1"_s, kFirst, true, true), replica(u"r2"_s, kSecond, false)}, now);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.liveCount(), 1);

    QCOMPARE(cell(model, 0, ReplicasModel::Address), kFirst + u" (this one)"_s);
    QCOMPARE(cell(model, 0, ReplicasModel::State), u"live"_s);
    QCOMPARE(cell(model, 0, ReplicasModel::LastSeen), u"3 s ago"_s);
    QCOMPARE(cell(model, 0, ReplicasModel::Connections), u"3"_s);
    QCOMPARE(cell(model, 0, ReplicasModel::UsersOnline), u"2"_s);
    QCOMPARE(cell(model, 0, ReplicasModel::Started),
             display_text::time(at("2026-11-26T08:00:00Z")));
    QCOMPARE(cell(model, 0, ReplicasModel::Address, KeyRole), u"r1"_s);
    QVERIFY(model.data(model.index(0, ReplicasModel::Address), Qt::FontRole).value<QFont>().bold());
    QVERIFY(!model.data(model.index(0, ReplicasModel::State), Qt::ForegroundRole).isValid());
    QVERIFY(cell(model, 0, ReplicasModel::State, Qt::ToolTipRole).startsWith(u"Live"_s));

    // The dead one: marked, grey in every column, and the tooltip says what that means.
    QCOMPARE(cell(model, 1, ReplicasModel::Address), kSecond);
    QCOMPARE(cell(model, 1, ReplicasModel::State), u"dead"_s);
    for (int column = 0; column < ReplicasModel::ColumnCount; ++column)
        QCOMPARE(model.data(model.index(1, column), Qt::ForegroundRole).value<QColor>(),
                 QColor(Qt::gray));
    const QString tip = cell(model, 1, ReplicasModel::Address, Qt::ToolTipRole);
    QVERIFY2(tip.startsWith(u"Dead: its lease ran out"_s), qPrintable(tip));
    QVERIFY2(tip.contains(u"r2"_s), qPrintable(tip));
    QVERIFY(!model.data(model.index(1, ReplicasModel::Address), Qt::FontRole).isValid());

    // Live ones sort first whatever their address.
    QVERIFY(model.data(model.index(0, ReplicasModel::State), SortRole).toString() <
            model.data(model.index(1, ReplicasModel::State), SortRole).toString());

    // The clock moves: only "last seen" changes.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.tick(at("2026-11-26T12:02:00Z"));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed[0][0].toModelIndex().column(), int(ReplicasModel::LastSeen));
    QCOMPARE(changed[0][1].toModelIndex().column(), int(ReplicasModel::LastSeen));
    QCOMPARE(cell(model, 0, ReplicasModel::LastSeen), u"2 min ago"_s);
    model.tick(at("2026-11-26T11:59:59Z")); // the database's clock is ahead of ours
    QCOMPARE(cell(model, 0, ReplicasModel::LastSeen), u"just now"_s);
}

void TestMonitorReplicas::modelUpdatesRowsInPlaceWhileTheReplicasStay()
{
    ReplicasModel model;
    model.reset({replica(u"r1"_s, kFirst, true, true), replica(u"r2"_s, kSecond, true)});
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &ReplicasModel::replicasChanged);

    ReplicaInfo busier = replica(u"r2"_s, kSecond, true);
    busier.connections = 40;
    model.reset({replica(u"r1"_s, kFirst, true, true), busier});
    QCOMPARE(resets.size(), 0);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(cell(model, 1, ReplicasModel::Connections), u"40"_s);

    model.reset({replica(u"r1"_s, kFirst, true, true), replica(u"r3"_s, kSecond, true)});
    QCOMPARE(resets.size(), 1);
    QCOMPARE(model.rowOf(u"r3"_s), 1);
    QCOMPARE(model.rowOf(u"r2"_s), -1);

    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(resets.size(), 2);
}

void TestMonitorReplicas::paneCountsAndExplainsAnEmptyList()
{
    ReplicasModel model;
    ReplicasPane pane(model);
    QCOMPARE(pane.title(), u"Replicas (0 live)"_s);
    QVERIFY(pane.notice().contains(u"single daemon (SQLite)"_s));

    model.reset({replica(u"r2"_s, u"10.0.0.9:8080"_s, false), replica(u"r1"_s, kFirst, true),
                 replica(u"r3"_s, kSecond, true, true)});
    QCOMPARE(pane.title(), u"Replicas (2 live, 1 dead)"_s);
    QVERIFY(pane.notice().isEmpty());
    // Live first, by address; the dead one last although its address sorts first.
    const QAbstractItemModel *shown = pane.view()->model();
    QCOMPARE(cell(*shown, 0, ReplicasModel::Address), kFirst);
    QCOMPARE(cell(*shown, 1, ReplicasModel::Address), kSecond + u" (this one)"_s);
    QCOMPARE(cell(*shown, 2, ReplicasModel::State), u"dead"_s);

    model.reset({replica(u"r1"_s, kFirst, true, true)});
    QCOMPARE(pane.title(), u"Replicas (1 live)"_s);
}

void TestMonitorReplicas::sessionFollowsTheReplicaFeed()
{
    ScriptedBroker broker;
    QVERIFY(broker.listen());
    MonitorSnapshot snapshot;
    snapshot.startedAt = at("2026-11-26T08:00:00Z");
    snapshot.stats.serverTime = at("2026-11-26T12:00:00Z");
    snapshot.users = {OnlineUser{kAlice, {connection(1, u"http://192.168.1.50:3001"_s, kFirst)}},
                      OnlineUser{kBob, {connection(2, u"http://192.168.1.60:3001"_s, kSecond)}}};
    snapshot.replicas = {replica(u"r1"_s, kFirst, true, true), replica(u"r2"_s, kSecond, true)};
    broker.setSnapshot(snapshot);

    MonitorSession session;
    MainWindow window(session, nullptr);
    session.start(ConnectionSettings{broker.wsUrl(), kAdminToken, {}});
    QTRY_VERIFY(session.isLive());
    QTRY_COMPARE(broker.subscribers(), 1);

    // From the snapshot: the replicas, and which one holds each user's connection.
    const ReplicasModel &replicas = session.replicas();
    QCOMPARE(replicas.rowCount(), 2);
    QCOMPARE(window.replicasPane()->title(), u"Replicas (2 live)"_s);
    QVERIFY(window.replicasPane()->isEnabled());
    const OnlineUsersModel &users = session.users();
    QCOMPARE(cell(users, users.rowOf(kAlice), OnlineUsersModel::Replica), kFirst);
    QCOMPARE(cell(users, users.rowOf(kBob), OnlineUsersModel::Replica), kSecond);
    QVERIFY(cell(users, users.rowOf(kBob), OnlineUsersModel::User, Qt::ToolTipRole)
                .contains(u"on replica "_s + kSecond));

    // The second replica dies: its row turns dead, the log says so, and its connections go
    // offline with replica_lost.
    broker.push(
        ReplicaList{{replica(u"r1"_s, kFirst, true, true), replica(u"r2"_s, kSecond, false)}});
    QTRY_COMPARE(cell(replicas, replicas.rowOf(u"r2"_s), ReplicasModel::State), u"dead"_s);
    QCOMPARE(window.replicasPane()->title(), u"Replicas (1 live, 1 dead)"_s);
    QVERIFY(logHas(session.log(), u"replica: "_s + kSecond + u" is dead"_s));
    broker.push(UserOffline{kBob, 2, OfflineReason::ReplicaLost, 0});
    QTRY_COMPARE(users.rowOf(kBob), -1);
    QVERIFY(logHas(session.log(), u"offline: %1: its replica was lost"_s.arg(kBob)));

    // A new replica starts and takes a connection.
    broker.push(ReplicaList{{replica(u"r1"_s, kFirst, true, true), replica(u"r2"_s, kSecond, false),
                             replica(u"r3"_s, u"10.0.0.13:8080"_s, true)}});
    QTRY_COMPARE(replicas.rowCount(), 3);
    QVERIFY(logHas(session.log(), u"replica: 10.0.0.13:8080 started"_s));
    broker.push(
        UserOnline{kBob, connection(3, u"http://192.168.1.60:3001"_s, u"10.0.0.13:8080"_s), 1});
    QTRY_COMPARE(cell(users, users.rowOf(kBob), OnlineUsersModel::Replica), u"10.0.0.13:8080"_s);

    // Not live: the tab is greyed out like the others.
    session.stop();
    QVERIFY(!window.replicasPane()->isEnabled());
}

void TestMonitorReplicas::singleDaemonListsAtMostItself()
{
    QTemporaryDir dir;
    DaemonProcess daemon;
    MONITOR_START_DAEMON(daemon, u"sqlite"_s, dir);
    RecordingClient desktop;
    QVERIFY(desktop.connectTo(daemon.wsUrl()));
    QVERIFY(desktop.registerAs(kAlice, u"http://192.168.1.50:3001"_s));

    MonitorSession session;
    MainWindow window(session, nullptr);
    session.start(ConnectionSettings{daemon.wsUrl(), kAdminToken, {}});
    QVERIFY2(QTest::qWaitFor([&session] { return session.isLive(); }, 10000),
             qPrintable(session.statusText()));
    // The real snapshot decodes with its replicas: none on SQLite, or the broker itself.
    const ReplicasModel &replicas = session.replicas();
    QVERIFY(replicas.rowCount() <= 1);
    if (replicas.rowCount() == 1) {
        QVERIFY(replicas.replicaAt(0).self);
        QVERIFY(replicas.replicaAt(0).live);
        QCOMPARE(session.users().rowCount(), 1);
        QCOMPARE(cell(session.users(), 0, OnlineUsersModel::Replica),
                 replicas.replicaAt(0).address);
    } else {
        QVERIFY(!window.replicasPane()->notice().isEmpty());
    }
}

QTEST_MAIN(TestMonitorReplicas)
#include "tst_replicas.moc"
