// The monitor's models follow a real daemon: a MonitorSession (BrokerClient + models) watches
// as desktops register, publish, update, revoke and vanish, pages through the shares as a view
// would, and carries out admin actions.

#include "AuditPane.h"
#include "DisplayText.h"
#include "MonitorRoles.h"
#include "MonitorSession.h"
#include "MonitorTestSupport.h"

#include <QLineEdit>
#include <QSignalSpy>

using namespace Qt::StringLiterals;
using namespace ddalab;
using namespace ddalab::monitor;
using namespace ddalab::protocol;
using namespace monitor_test;

namespace {

const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kAliceLaptop = u"http://192.168.1.50:3001"_s;
const QString kAliceDesktop = u"http://192.168.1.51:3001"_s;
const QString kBobEndpoint = u"http://192.168.1.60:3001"_s;

QString cell(const QAbstractItemModel &model, int row, int column, int role = Qt::DisplayRole)
{
    return model.data(model.index(row, column), role).toString();
}

// Starts the session against the daemon with the admin token and waits until it is live.
bool goLive(MonitorSession &session, const DaemonProcess &daemon)
{
    session.start(ConnectionSettings{daemon.wsUrl(), kAdminToken, {}});
    return QTest::qWaitFor([&session] { return session.isLive(); }, 10000);
}

} // namespace

#define GO_LIVE(session, daemon)                                                                   \
    QVERIFY2(goLive(session, daemon), qPrintable((session).statusText()))
#define OPEN_DESKTOP(client, daemon, user, endpoint)                                               \
    do {                                                                                           \
        QVERIFY((client).connectTo((daemon).wsUrl()));                                             \
        QVERIFY((client).registerAs(user, endpoint));                                              \
    } while (false)

class TestMonitorModels : public QObject
{
    Q_OBJECT

private slots:
    void usersModelFollowsPresence();
    void sharesModelFollowsShares_data() { TestDatabases::addEngineRows(); }
    void sharesModelFollowsShares();
    void sharesModelPagesAsTheViewScrolls_data() { TestDatabases::addEngineRows(); }
    void sharesModelPagesAsTheViewScrolls();
    void adminActionsReachTheDaemon_data() { TestDatabases::addEngineRows(); }
    void adminActionsReachTheDaemon();
    void expiryAndAccessesReadForPeople();
    void auditViewTailsAndFilters_data() { TestDatabases::addEngineRows(); }
    void auditViewTailsAndFilters();
};

void TestMonitorModels::usersModelFollowsPresence()
{
    QTemporaryDir dir;
    DaemonProcess daemon;
    MONITOR_START_DAEMON(daemon, u"sqlite"_s, dir);
    RecordingClient laptop, bob;
    OPEN_DESKTOP(bob, daemon, kBob, kBobEndpoint);

    MonitorSession session;
    GO_LIVE(session, daemon);
    const OnlineUsersModel &users = session.users();
    QCOMPARE(users.rowCount(), 1); // from the snapshot
    QCOMPARE(cell(users, 0, OnlineUsersModel::User), kBob);
    QCOMPARE(cell(users, 0, OnlineUsersModel::Endpoint), kBobEndpoint);

    // The promise: what happens shows within a second.
    OPEN_DESKTOP(laptop, daemon, kAlice, kAliceLaptop);
    QTRY_VERIFY_WITH_TIMEOUT(users.rowOf(kAlice) >= 0, 1000);
    QCOMPARE(cell(users, users.rowOf(kAlice), OnlineUsersModel::Devices), u"1"_s);

    RecordingClient desktop;
    OPEN_DESKTOP(desktop, daemon, kAlice, kAliceDesktop);
    QTRY_COMPARE(cell(users, users.rowOf(kAlice), OnlineUsersModel::Devices), u"2"_s);
    QVERIFY(cell(users, users.rowOf(kAlice), OnlineUsersModel::Endpoint, Qt::ToolTipRole)
                .contains(kAliceDesktop));

    // A heartbeat moves the last heartbeat on, and the endpoint to the device that sent it.
    const QDateTime before =
        users.data(users.index(users.rowOf(kAlice), OnlineUsersModel::LastHeartbeat), SortRole)
            .toDateTime();
    QTRY_VERIFY(QDateTime::currentDateTimeUtc() > before); // the clock moves past it
    QVERIFY(laptop.requestAck(Heartbeat{kAlice}));
    QTRY_VERIFY(
        users.data(users.index(users.rowOf(kAlice), OnlineUsersModel::LastHeartbeat), SortRole)
            .toDateTime() > before);
    QCOMPARE(cell(users, users.rowOf(kAlice), OnlineUsersModel::Endpoint), kAliceLaptop);

    // Vanishing devices: first one, then the other; the row goes with the last.
    laptop.client().close();
    QTRY_COMPARE_WITH_TIMEOUT(cell(users, users.rowOf(kAlice), OnlineUsersModel::Devices), u"1"_s,
                              1000);
    QVERIFY(desktop.requestAck(Disconnect{kAlice}));
    QTRY_COMPARE_WITH_TIMEOUT(users.rowOf(kAlice), -1, 1000);
    QCOMPARE(users.rowCount(), 1);
    QTRY_VERIFY(session.log().rowCount() >= 4);
    QVERIFY(session.log().entryText(0).startsWith(u"offline: alice@institution.edu: disconnect"_s));
}

void TestMonitorModels::sharesModelFollowsShares()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    MONITOR_START_DAEMON(daemon, engine, dir);
    RecordingClient alice;
    OPEN_DESKTOP(alice, daemon, kAlice, kAliceLaptop);
    const QString early = wire::newToken();
    QVERIFY(alice.requestAck(publishShare(early, kAlice, u"Before"_s, at("2025-10-01T08:00:00Z"))));

    MonitorSession session;
    GO_LIVE(session, daemon);
    const SharesModel &shares = session.shares();
    QCOMPARE(shares.rowCount(), 1);
    QCOMPARE(cell(shares, 0, SharesModel::Title), u"Before"_s);

    const QString token = wire::newToken();
    PublishShare publish = publishShare(token, kAlice, u"EEG run 7"_s, at("2025-10-03T12:00:00Z"));
    QVERIFY(alice.requestAck(publish));
    QTRY_VERIFY_WITH_TIMEOUT(shares.rowOf(token) >= 0, 1000); // within a second

    const int row = shares.rowOf(token);
    QCOMPARE(cell(shares, row, SharesModel::Token), token);
    QCOMPARE(cell(shares, row, SharesModel::Owner), kAlice);
    QCOMPARE(cell(shares, row, SharesModel::Policy), u"public"_s);
    QCOMPARE(shares.data(shares.index(row, SharesModel::Created), SortRole).toDateTime(),
             at("2025-10-03T12:00:00Z"));
    QCOMPARE(cell(shares, row, SharesModel::Revoked), QString());
    QCOMPARE(cell(shares, row, SharesModel::Classification), u"unclassified"_s);
    QCOMPARE(cell(shares, row, SharesModel::Accesses), u"0"_s);
    // The institution's default for unclassified shares: 30 days from the publish.
    const QDateTime published = QDateTime::currentDateTimeUtc();
    QVERIFY(shares.shareAt(row).metadata.expiresAt.has_value());
    QVERIFY(qAbs(published.addDays(30).secsTo(*shares.shareAt(row).metadata.expiresAt)) < 60);
    QCOMPARE(cell(shares, row, SharesModel::Expires),
             display_text::time(*shares.shareAt(row).metadata.expiresAt));

    publish.metadata.title = u"EEG run 7, cleaned"_s;
    publish.metadata.accessPolicy = AccessPolicy::makeUsers({kBob});
    publish.metadata.classification = Classification::Phi;
    publish.metadata.maxDownloads = 5;
    QVERIFY(alice.requestAck(publish));
    QTRY_COMPARE(cell(shares, row, SharesModel::Title), u"EEG run 7, cleaned"_s);
    QCOMPARE(cell(shares, row, SharesModel::Policy), u"users: bob@institution.edu"_s);
    QCOMPARE(cell(shares, row, SharesModel::Classification), u"phi"_s);
    QCOMPARE(cell(shares, row, SharesModel::Accesses), u"0 of 5"_s);
    // Republished as phi: the phi default, 7 days.
    QVERIFY(qAbs(published.addDays(7).secsTo(*shares.shareAt(row).metadata.expiresAt)) < 60);

    QVERIFY(alice.requestAck(RevokeShare{token}));
    QTRY_VERIFY_WITH_TIMEOUT(!cell(shares, row, SharesModel::Revoked).isEmpty(), 1000);
    QVERIFY(shares.shareAt(row).isRevoked());
    QCOMPARE(shares.rowCount(), 2); // revoked shares stay, marked
    QCOMPARE(session.log().entryText(0), u"revoked: “EEG run 7, cleaned” by its owner"_s);
}

void TestMonitorModels::sharesModelPagesAsTheViewScrolls()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    MONITOR_START_DAEMON(daemon, engine, dir);
    RecordingClient alice;
    OPEN_DESKTOP(alice, daemon, kAlice, kAliceLaptop);
    constexpr int kShares = 450; // two full pages of 200 and a short one
    const QDateTime base = at("2025-10-03T00:00:00Z");
    for (int i = 0; i < kShares; ++i)
        alice.client().send(
            publishShare(wire::newToken(), kAlice, u"Share %1"_s.arg(i), base.addSecs(i)));
    QVERIFY(alice.requestAck(Heartbeat{kAlice})); // replies come in order: all stored

    MonitorSession session;
    GO_LIVE(session, daemon);
    SharesModel &shares = session.shares();
    QCOMPARE(shares.rowCount(), kMaxSharesPageSize);
    QCOMPARE(cell(shares, 0, SharesModel::Title), u"Share 449"_s); // newest first

    // A share published meanwhile is listed once, not again when its page would come.
    const QString live = wire::newToken();
    QVERIFY(alice.requestAck(publishShare(live, kAlice, u"Live"_s, base.addSecs(-1))));
    QTRY_VERIFY(shares.rowOf(live) >= 0);

    QVERIFY(shares.canFetchMore({}));
    shares.fetchMore({});
    QVERIFY(!shares.canFetchMore({})); // one page at a time
    QTRY_COMPARE(shares.rowCount(), 2 * kMaxSharesPageSize + 1);
    shares.fetchMore({});
    QTRY_COMPARE(shares.rowCount(), kShares + 1);
    QVERIFY(!shares.canFetchMore({}));
    QVERIFY(!shares.hasMorePages());
    QCOMPARE(cell(shares, kShares, SharesModel::Title), u"Share 0"_s);
}

void TestMonitorModels::adminActionsReachTheDaemon()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    MONITOR_START_DAEMON(daemon, engine, dir);
    RecordingClient alice, bob;
    OPEN_DESKTOP(alice, daemon, kAlice, kAliceLaptop);
    OPEN_DESKTOP(bob, daemon, kBob, kBobEndpoint);
    const QString token = wire::newToken();
    QVERIFY(alice.requestAck(publishShare(token, kAlice, u"Data"_s, at("2025-10-03T12:00:00Z"))));

    MonitorSession session;
    GO_LIVE(session, daemon);
    QSignalSpy finished(&session, &MonitorSession::actionFinished);

    session.revokeShare(token);
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(finished[0][0].toBool(), true);
    QCOMPARE(finished[0][1].toString(), u"revoke “Data”"_s);
    QTRY_VERIFY(session.shares().shareAt(session.shares().rowOf(token)).isRevoked());
    QCOMPARE(bob.requestErrorCode(RequestShare{token, kBob}), u"SHARE_NOT_FOUND"_s);

    // Revoking again fails, and says why.
    session.revokeShare(token);
    QTRY_COMPARE(finished.size(), 2);
    QCOMPARE(finished[1][0].toBool(), false);
    QVERIFY2(finished[1][1].toString().contains(u"not found"_s),
             qPrintable(finished[1][1].toString()));

    session.disconnectUser(kBob);
    QTRY_COMPARE(finished.size(), 3);
    QCOMPARE(finished[2][0].toBool(), true);
    QTRY_VERIFY(!bob.client().isConnected());
    QTRY_COMPARE(session.users().rowOf(kBob), -1);
    QVERIFY(session.users().rowOf(kAlice) >= 0);
    QVERIFY(daemon.output().contains(u"disconnected bob@institution.edu"_s));
}

// How the shares table writes expiry and access counts.
void TestMonitorModels::expiryAndAccessesReadForPeople()
{
    const QDateTime now = QDateTime::currentDateTime();
    QCOMPARE(display_text::expiry(std::nullopt, now), u"never"_s);
    const QDateTime later = now.toUTC().addDays(3);
    QCOMPARE(display_text::expiry(later, now), display_text::time(later, now));
    const QDateTime earlier = now.toUTC().addSecs(-5);
    QCOMPARE(display_text::expiry(earlier, now), u"expired "_s + display_text::time(earlier, now));
    QCOMPARE(display_text::accesses(3, std::nullopt), u"3"_s);
    QCOMPARE(display_text::accesses(3, 10), u"3 of 10"_s);
}

// The audit tab: rows committed while the monitor watches appear on top; a search with a filter
// lists only what matches, and later rows that do not match stay out.
void TestMonitorModels::auditViewTailsAndFilters()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    MONITOR_START_DAEMON(daemon, engine, dir);
    RecordingClient alice;
    OPEN_DESKTOP(alice, daemon, kAlice, kAliceLaptop);
    const QString before = wire::newToken();
    QVERIFY(
        alice.requestAck(publishShare(before, kAlice, u"Before"_s, at("2025-10-01T08:00:00Z"))));

    MonitorSession session;
    GO_LIVE(session, daemon);
    const AuditModel &rows = session.audit().model();
    // Going live runs the empty query: the publish before is listed.
    QTRY_VERIFY_WITH_TIMEOUT(rows.rowCount() >= 1, 5000);
    QCOMPARE(cell(rows, 0, AuditModel::Action), u"share.published"_s);
    QCOMPARE(cell(rows, 0, AuditModel::Target), before);
    QCOMPARE(cell(rows, 0, AuditModel::Actor), kAlice);
    QCOMPARE(cell(rows, 0, AuditModel::Outcome), u"success"_s);

    // Live: a revocation appears on top without a search.
    QVERIFY(alice.requestAck(RevokeShare{before}));
    QTRY_COMPARE_WITH_TIMEOUT(cell(rows, 0, AuditModel::Action), u"share.revoked"_s, 5000);
    QCOMPARE(cell(rows, 0, AuditModel::Target), before);

    // Filtered: only publishes; a later revocation is not added, a later publish is.
    AuditPane pane(session.audit());
    pane.actionFilter()->setText(u"share.published"_s);
    QVERIFY(pane.search());
    QTRY_COMPARE_WITH_TIMEOUT(rows.rowCount(), 1, 5000);
    QCOMPARE(cell(rows, 0, AuditModel::Action), u"share.published"_s);
    const QString after = wire::newToken();
    QVERIFY(alice.requestAck(publishShare(after, kAlice, u"After"_s, at("2025-10-02T08:00:00Z"))));
    QVERIFY(alice.requestAck(RevokeShare{after}));
    QTRY_COMPARE_WITH_TIMEOUT(rows.rowCount(), 2, 5000);
    QCOMPARE(cell(rows, 0, AuditModel::Target), after);
    QCOMPARE(cell(rows, 1, AuditModel::Target), before);
    for (int row = 0; row < rows.rowCount(); ++row)
        QCOMPARE(cell(rows, row, AuditModel::Action), u"share.published"_s);

    // A time that is not RFC 3339 is refused before anything is sent.
    pane.sinceFilter()->setText(u"yesterday"_s);
    QVERIFY(!pane.search());
    QCOMPARE(pane.message(), u"Since: not an RFC 3339 time"_s);
}

QTEST_MAIN(TestMonitorModels)
#include "tst_models.moc"
