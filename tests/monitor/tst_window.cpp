// The monitor's window against a real daemon: context menu actions reach the daemon after a
// confirmation, filters narrow the tables, a non-admin token is refused visibly, and when the
// daemon restarts the window greys out, says so, reconnects and shows the fresh state. Plus the
// connection dialog and where the remembered token goes.

#include "ConnectionDialog.h"
#include "ConnectionStore.h"
#include "InstitutionPanel.h"
#include "MainWindow.h"
#include "MonitorRoles.h"
#include "MonitorSession.h"
#include "MonitorTestSupport.h"
#include "StatsPanel.h"
#include "support/HttpTestClient.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QLineEdit>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTcpServer>

using namespace Qt::StringLiterals;
using namespace ddalab;
using namespace ddalab::monitor;
using namespace ddalab::protocol;
using namespace monitor_test;

namespace {

const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kAliceLaptop = u"http://192.168.1.50:3001"_s;
const QString kBobEndpoint = u"http://192.168.1.60:3001"_s;

// A port nobody listens on now, for a daemon that must come back on the same one.
quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

// The proxy row of the table that shows `key` (a user id or a token), or an invalid index.
QModelIndex rowShowing(QTableView *view, const QString &key)
{
    const QAbstractItemModel *model = view->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (index.data(KeyRole).toString() == key)
            return index;
    }
    return {};
}

QAction *actionNamed(const QList<QAction *> &actions, const QString &prefix)
{
    for (QAction *action : actions) {
        if (action->text().startsWith(prefix))
            return action;
    }
    return nullptr;
}

// A window on a session whose confirmations are answered by `answer`, reconnecting quickly.
struct WindowUnderTest
{
    MonitorSession session;
    MainWindow window{session, nullptr};
    QStringList questions;
    bool answer = true;

    WindowUnderTest()
    {
        session.client().setReconnectDelays(std::chrono::milliseconds(100),
                                            std::chrono::milliseconds(400));
        window.setConfirm([this](const QString &, const QString &question) {
            questions.append(question);
            return answer;
        });
        window.show();
    }
    bool connectTo(const QUrl &url, const QString &token = kAdminToken)
    {
        return window.connectTo(ConnectionSettings{url, token, {}});
    }
};

} // namespace

#define OPEN_DESKTOP(client, daemon, user, endpoint)                                               \
    do {                                                                                           \
        QVERIFY((client).connectTo((daemon).wsUrl()));                                             \
        QVERIFY((client).registerAs(user, endpoint));                                              \
    } while (false)

class TestMonitorWindow : public QObject
{
    Q_OBJECT

private slots:
    void contextMenusActAfterConfirmation_data() { TestDatabases::addEngineRows(); }
    void contextMenusActAfterConfirmation();
    void filtersNarrowTheTables();
    void institutionPanelFollowsTheSettings();
    void nonAdminTokenIsRefusedVisibly();
    void windowRecoversAfterTheDaemonRestarts();
    void connectionDialogChecksWhatItIsGiven();
    void connectionIsRememberedAndSaysWhereTheTokenIs();
};

void TestMonitorWindow::contextMenusActAfterConfirmation()
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

    WindowUnderTest ui;
    QVERIFY(ui.connectTo(daemon.wsUrl()));
    QTRY_VERIFY(ui.session.isLive());
    QTRY_VERIFY(rowShowing(ui.window.sharesView(), token).isValid());
    QObject menu;

    // Copy link: asks, then puts ddalab://share/TOKEN on the clipboard.
    QGuiApplication::clipboard()->clear();
    QAction *copy = actionNamed(
        ui.window.shareActions(rowShowing(ui.window.sharesView(), token), &menu), u"Copy link"_s);
    QVERIFY(copy);
    copy->trigger();
    QCOMPARE(ui.questions.size(), 1);
    QCOMPARE(QGuiApplication::clipboard()->text(), u"ddalab://share/"_s + token);

    // Revoke, declined: nothing happens.
    ui.answer = false;
    actionNamed(ui.window.shareActions(rowShowing(ui.window.sharesView(), token), &menu),
                u"Revoke"_s)
        ->trigger();
    QCOMPARE(ui.questions.size(), 2);
    QVERIFY(ui.questions.last().contains(u"“Data”"_s));
    QVERIFY(std::holds_alternative<ShareInfo>(*bob.request(RequestShare{token, kBob})));

    // Revoke, confirmed: revoked at the daemon, and shown so; the menu offers it no more.
    ui.answer = true;
    actionNamed(ui.window.shareActions(rowShowing(ui.window.sharesView(), token), &menu),
                u"Revoke"_s)
        ->trigger();
    QTRY_COMPARE(bob.requestErrorCode(RequestShare{token, kBob}), u"SHARE_NOT_FOUND"_s);
    QTRY_VERIFY(
        !actionNamed(ui.window.shareActions(rowShowing(ui.window.sharesView(), token), &menu),
                     u"Revoke"_s)
             ->isEnabled());

    // Disconnect a user: confirmed, bob's connection ends and his row goes.
    QAction *disconnect = actionNamed(
        ui.window.userActions(rowShowing(ui.window.usersView(), kBob), &menu), u"Disconnect"_s);
    QVERIFY(disconnect);
    disconnect->trigger();
    QVERIFY(ui.questions.last().contains(kBob));
    QTRY_VERIFY(!bob.client().isConnected());
    QTRY_VERIFY(!rowShowing(ui.window.usersView(), kBob).isValid());
    QVERIFY(rowShowing(ui.window.usersView(), kAlice).isValid());
}

void TestMonitorWindow::filtersNarrowTheTables()
{
    QTemporaryDir dir;
    DaemonProcess daemon;
    MONITOR_START_DAEMON(daemon, u"sqlite"_s, dir);
    RecordingClient alice, bob;
    OPEN_DESKTOP(alice, daemon, kAlice, kAliceLaptop);
    OPEN_DESKTOP(bob, daemon, kBob, kBobEndpoint);
    QVERIFY(alice.requestAck(publishShare(wire::newToken(), kAlice, u"EEG resting state"_s,
                                          at("2025-10-03T12:00:00Z"))));
    QVERIFY(bob.requestAck(
        publishShare(wire::newToken(), kBob, u"MEG oddball"_s, at("2025-10-03T12:00:01Z"))));

    WindowUnderTest ui;
    QVERIFY(ui.connectTo(daemon.wsUrl()));
    QTRY_COMPARE(ui.window.usersView()->model()->rowCount(), 2);
    QCOMPARE(ui.window.sharesView()->model()->rowCount(), 2);

    ui.window.usersFilter()->setText(u"192.168.1.60"_s); // an endpoint
    QCOMPARE(ui.window.usersView()->model()->rowCount(), 1);
    QVERIFY(rowShowing(ui.window.usersView(), kBob).isValid());
    ui.window.sharesFilter()->setText(u"eeg"_s); // a title, any case
    QCOMPARE(ui.window.sharesView()->model()->rowCount(), 1);
    QCOMPARE(ui.window.sharesView()->model()->index(0, SharesModel::Owner).data().toString(),
             kAlice);
    ui.window.sharesFilter()->clear();
    QCOMPARE(ui.window.sharesView()->model()->rowCount(), 2);
    // Newest first until someone sorts otherwise.
    QCOMPARE(ui.window.sharesView()->model()->index(0, SharesModel::Title).data().toString(),
             u"MEG oddball"_s);
}

void TestMonitorWindow::institutionPanelFollowsTheSettings()
{
    QTemporaryDir dir;
    DaemonProcess daemon;
    daemon.setEnv(u"INSTITUTION_NAME"_s, u"Neuro Lab"_s);
    MONITOR_START_DAEMON(daemon, u"sqlite"_s, dir);
    WindowUnderTest ui;
    QVERIFY(ui.connectTo(daemon.wsUrl()));
    InstitutionPanel *panel = ui.window.institutionPanel();
    QTRY_COMPARE(panel->valueOf(u"Name"_s), u"Neuro Lab"_s);
    QCOMPARE(panel->valueOf(u"HIPAA mode"_s), u"off"_s);
    QCOMPARE(panel->valueOf(u"Default expiry"_s),
             u"phi 7 days, de-identified 30 days, synthetic 90 days, unclassified 30 days"_s);

    HttpTestClient admin(daemon.httpUrl(u"/"_s));
    admin.setBearer(kAdminToken.toUtf8());
    QCOMPARE(
        admin
            .send("PUT", u"/api/institution/config"_s,
                  R"({"name":"Neuro Lab East","hipaa_mode":true,"default_share_expiry_days":0})",
                  {{"Content-Type", "application/json"}})
            .status,
        200);
    QTRY_COMPARE(panel->valueOf(u"Name"_s), u"Neuro Lab East"_s);
    QCOMPARE(panel->valueOf(u"HIPAA mode"_s), u"on: phi shares may not be public"_s);
    QVERIFY(panel->valueOf(u"Default expiry"_s).endsWith(u"unclassified never"_s));
    // The change is in the event log too.
    const auto logged = [&ui] {
        const QAbstractItemModel &log = ui.session.log();
        for (int row = 0; row < log.rowCount(); ++row) {
            for (int column = 0; column < log.columnCount(); ++column) {
                if (log.index(row, column).data().toString().contains(u"settings changed"_s))
                    return true;
            }
        }
        return false;
    };
    QTRY_VERIFY(logged());
}

void TestMonitorWindow::nonAdminTokenIsRefusedVisibly()
{
    QTemporaryDir dir;
    DaemonProcess daemon;
    MONITOR_START_DAEMON(daemon, u"sqlite"_s, dir);

    WindowUnderTest ui;
    QVERIFY(ui.connectTo(daemon.wsUrl(), QString())); // no token: connects, but is no admin
    QTRY_COMPARE(ui.session.phase(), MonitorSession::Phase::Refused);
    QVERIFY2(ui.window.statusText().startsWith(u"Refused by"_s),
             qPrintable(ui.window.statusText()));
    QVERIFY(!ui.window.usersView()->isEnabled());
    QVERIFY(!ui.window.sharesView()->isEnabled());
}

void TestMonitorWindow::windowRecoversAfterTheDaemonRestarts()
{
    QTemporaryDir dir;
    DaemonProcess daemon;
    const quint16 port = freePort();
    daemon.setEnv(u"BIND_ADDR"_s, u"127.0.0.1:%1"_s.arg(port));
    MONITOR_START_DAEMON(daemon, u"sqlite"_s, dir);
    RecordingClient alice;
    OPEN_DESKTOP(alice, daemon, kAlice, kAliceLaptop);
    const QString token = wire::newToken();
    QVERIFY(alice.requestAck(publishShare(token, kAlice, u"Kept"_s, at("2025-10-03T12:00:00Z"))));

    WindowUnderTest ui;
    QVERIFY(ui.connectTo(daemon.wsUrl()));
    QTRY_VERIFY(ui.session.isLive());
    QVERIFY(ui.window.usersView()->isEnabled());
    QCOMPARE(ui.window.usersView()->model()->rowCount(), 1);
    QTRY_VERIFY(ui.window.statsPanel()->pointCount() > 0);

    daemon.stop();
    // The loss is plain: greyed tables, a status that says so, nothing shown as live.
    QTRY_COMPARE(ui.session.phase(), MonitorSession::Phase::Lost);
    QVERIFY(!ui.window.usersView()->isEnabled());
    QVERIFY(!ui.window.sharesView()->isEnabled());
    QVERIFY(!ui.window.statsPanel()->isEnabled());
    QVERIFY2(ui.window.statusText().startsWith(u"Connection lost"_s),
             qPrintable(ui.window.statusText()));
    QTRY_VERIFY2(ui.window.statusText().contains(u"Reconnecting"_s),
                 qPrintable(ui.window.statusText()));
    QVERIFY(ui.window.statusText().contains(u"not live"_s));
    QCOMPARE(ui.session.log().entryText(0).left(5), u"lost:"_s);

    // Back on the same port and database: alice's desktop has not come back (yet), her share
    // is still there; the fresh snapshot replaces the old rows.
    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(ui.session.isLive(), 10000);
    QVERIFY(ui.window.usersView()->isEnabled());
    QVERIFY(ui.window.sharesView()->isEnabled());
    QCOMPARE(ui.window.usersView()->model()->rowCount(), 0);
    QVERIFY(rowShowing(ui.window.sharesView(), token).isValid());
    QVERIFY2(ui.window.statusText().startsWith(u"Live"_s), qPrintable(ui.window.statusText()));

    RecordingClient again;
    OPEN_DESKTOP(again, daemon, kAlice, kAliceLaptop);
    QTRY_VERIFY(rowShowing(ui.window.usersView(), kAlice).isValid());
}

void TestMonitorWindow::connectionDialogChecksWhatItIsGiven()
{
    ConnectionDialog dialog(ConnectionSettings{}, true, u"where tokens go"_s);
    auto *address = dialog.findChild<QLineEdit *>(u"address"_s);
    auto *token = dialog.findChild<QLineEdit *>(u"token"_s);
    QVERIFY(address && token);

    address->setText(u"broker.lab.example:8080"_s);
    dialog.accept(); // no token
    QCOMPARE(dialog.result(), int(QDialog::Rejected));

    token->setText(u"  the-admin-token  "_s);
    address->setText(u"not a url at all ::"_s);
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Rejected));

    address->setText(u"broker.lab.example:8080"_s);
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.settings().url, QUrl(u"ws://broker.lab.example:8080/ws"_s));
    QCOMPARE(dialog.settings().token, u"the-admin-token"_s);

    QString problem;
    QCOMPARE(ConnectionSettings::brokerUrl(u"https://broker.lab.example"_s, true, &problem),
             QUrl(u"wss://broker.lab.example/ws"_s));
    QCOMPARE(ConnectionSettings::brokerUrl(u"ws://10.0.0.5:9000/custom"_s, false, &problem),
             QUrl(u"ws://10.0.0.5:9000/custom"_s));
    QCOMPARE(ConnectionSettings::brokerUrl(u"ftp://x"_s, false, &problem), std::nullopt);
}

void TestMonitorWindow::connectionIsRememberedAndSaysWhereTheTokenIs()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"monitor.ini"_s);
    {
        QSettings settings(file, QSettings::IniFormat);
        ConnectionStore store(settings, false); // no keychain in this test
        QVERIFY(store.tokenPlaceText().contains(u"plain text"_s));
        QVERIFY(store.tokenPlaceText().contains(file));
        bool saved = false;
        store.save(ConnectionSettings{QUrl(u"wss://broker.lab:8443/ws"_s), u"secret-token"_s,
                                      u"/etc/lab-ca.pem"_s},
                   [&](ConnectionStore::TokenPlace place) {
                       saved = place == ConnectionStore::TokenPlace::SettingsFile;
                   });
        QVERIFY(saved);
    }
    {
        QSettings settings(file, QSettings::IniFormat);
        ConnectionStore store(settings, false);
        std::optional<ConnectionSettings> loaded;
        store.load([&](std::optional<ConnectionSettings> remembered) { loaded = remembered; });
        QVERIFY(loaded);
        QCOMPARE(loaded->url, QUrl(u"wss://broker.lab:8443/ws"_s));
        QCOMPARE(loaded->token, u"secret-token"_s);
        QCOMPARE(loaded->caFile, u"/etc/lab-ca.pem"_s);

        store.forget();
        store.load([&](std::optional<ConnectionSettings> remembered) { loaded = remembered; });
        QVERIFY(!loaded);
    }
    QFile ini(file);
    QVERIFY(ini.open(QIODevice::ReadOnly));
    QVERIFY(!ini.readAll().contains("secret-token"));
}

QTEST_MAIN(TestMonitorWindow)
#include "tst_window.moc"
