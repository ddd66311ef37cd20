// The monitor's accounts and sessions tab against a real daemon with AUTH_MODE=password and
// PASSWORD_SOURCE=accounts: its models fill from the broker's lists; through the tab's buttons an
// account is added, disabled, enabled, given a new password and removed, each change as POST
// /auth/login then sees it; a revoked session's desktop is closed with 1008 while another
// session's stays; brokers that log in without accounts are named as such; the password dialog.

#include "AccountAdmin.h"
#include "AccountsPane.h"
#include "MainWindow.h"
#include "MonitorRoles.h"
#include "MonitorSession.h"
#include "MonitorTestSupport.h"
#include "PasswordDialog.h"

#include "support/BrokerReplies.h"
#include "support/HttpTestClient.h"
#include "support/LeakedSecrets.h"
#include "support/WsTestClient.h"

#include <QLineEdit>
#include <QPushButton>
#include <QStatusBar>
#include <QTableView>

using namespace Qt::StringLiterals;
using namespace ddalab;
using namespace ddalab::monitor;
using namespace ddalab::protocol;
using namespace monitor_test;

namespace {

const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kAlicePassword = u"correct horse battery"_s;
const QString kNewPassword = u"tr0ub4dor and then some"_s;
const QString kBobPassword = u"bob's own passphrase"_s;
const QString kAliceLaptop = u"http://192.168.1.50:3001"_s;
const QString kAliceDesktop = u"http://192.168.1.51:3001"_s;

// The daemon of these tests: logins checked against its own accounts.
void useAccounts(DaemonProcess &daemon)
{
    daemon.setEnv(u"AUTH_MODE"_s, u"password"_s);
    daemon.setEnv(u"PASSWORD_SOURCE"_s, u"accounts"_s);
}

// The broker's HTTP API as the tests use it: accounts made with the admin token (not through the
// monitor, whose own actions are under test) and logins as a desktop sends them.
struct BrokerHttp
{
    HttpTestClient admin;
    HttpTestClient desktop;

    explicit BrokerHttp(const DaemonProcess &daemon)
        : admin(daemon.httpUrl(QString())), desktop(daemon.httpUrl(QString()))
    {
        admin.setBearer(kAdminToken.toUtf8());
    }
    int createAccount(const QString &userId, const QString &password)
    {
        return admin
            .sendJson("POST", u"/api/admin/users"_s,
                      {{"user_id"_L1, userId}, {"password"_L1, password}})
            .status;
    }
    // A null endpoint is sent as null (a desktop that did not say).
    HttpTestReply login(const QString &userId, const QString &password,
                        const QString &endpoint = kAliceLaptop)
    {
        const QJsonValue where = endpoint.isNull() ? QJsonValue() : QJsonValue(endpoint);
        return desktop.sendJson(
            "POST", u"/auth/login"_s,
            {{"user_id"_L1, userId}, {"password"_L1, password}, {"endpoint"_L1, where}});
    }
};

// A desktop of the later generations: logged in, then registered with the session's token.
bool openLoggedIn(WsTestClient &desktop, const DaemonProcess &daemon, BrokerHttp &http,
                  const QString &userId, const QString &password, const QString &endpoint)
{
    const HttpTestReply login = http.login(userId, password, endpoint);
    if (login.status != 200 || !desktop.open(daemon.wsUrl()))
        return false;
    const QString token = login.json().value("session_token"_L1).toString();
    return isAck(desktop.roundTrip(wire::registerUser(userId, endpoint, token)));
}

// The row of the table whose key (a user id or a session id) is `key`, or -1.
int rowShowing(const QTableView *view, const QString &key)
{
    const QAbstractItemModel *model = view->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(KeyRole).toString() == key)
            return row;
    }
    return -1;
}

QString cell(const QTableView *view, const QString &key, int column)
{
    const int row = rowShowing(view, key);
    return row < 0 ? u"<no row>"_s : view->model()->index(row, column).data().toString();
}

// A window on a session whose confirmations and password dialogs answer themselves.
struct WindowUnderTest
{
    MonitorSession session;
    MainWindow window{session, nullptr};
    AccountsPane &pane = *window.accountsPane();
    QStringList questions;
    bool answer = true;
    QStringList passwordTitles;
    std::optional<AccountsPane::NewPassword> passwordAnswer;

    WindowUnderTest()
    {
        window.setConfirm([this](const QString &, const QString &question) {
            questions.append(question);
            return answer;
        });
        pane.setAskPassword([this](const QString &title, const QString &userId) {
            passwordTitles.append(title);
            auto given = passwordAnswer;
            if (given && !userId.isEmpty())
                given->userId = userId;
            return given;
        });
        window.show();
    }
    bool connectTo(const QUrl &url)
    {
        return window.connectTo(ConnectionSettings{url, kAdminToken, {}});
    }
    void click(const QString &button)
    {
        auto *found = pane.findChild<QPushButton *>(button);
        QVERIFY2(found, qPrintable(button));
        QVERIFY2(found->isEnabled(), qPrintable(button));
        found->click();
    }
    QTableView *accounts() const { return pane.accountsView(); }
    QTableView *sessions() const { return pane.sessionsView(); }
    // Everything the window said: pane, status bar and event log.
    QString everythingShown() const
    {
        QStringList shown{pane.message(), window.statusBar()->currentMessage()};
        EventLogModel &log = const_cast<MonitorSession &>(session).log();
        for (int row = 0; row < log.rowCount(); ++row)
            shown.append(log.index(row, EventLogModel::Detail).data().toString());
        return shown.join(u'\n');
    }
};

} // namespace

class TestMonitorAccounts : public QObject
{
    Q_OBJECT

private slots:
    void modelsFillFromTheBrokersLists_data() { TestDatabases::addEngineRows(); }
    void modelsFillFromTheBrokersLists();
    void paneManagesAnAccount_data() { TestDatabases::addEngineRows(); }
    void paneManagesAnAccount();
    void revokingASessionClosesItsDesktopWith1008_data() { TestDatabases::addEngineRows(); }
    void revokingASessionClosesItsDesktopWith1008();
    void paneSaysWhenTheBrokerLogsInWithoutAccounts_data();
    void paneSaysWhenTheBrokerLogsInWithoutAccounts();
    void passwordDialogAsksTwiceMasked();
};

void TestMonitorAccounts::modelsFillFromTheBrokersLists()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    useAccounts(daemon);
    MONITOR_START_DAEMON(daemon, engine, dir);
    BrokerHttp http(daemon);
    QCOMPARE(http.createAccount(kAlice, kAlicePassword), 201);
    QCOMPARE(http.createAccount(kBob, kBobPassword), 201);
    WsTestClient laptop;
    QVERIFY(openLoggedIn(laptop, daemon, http, kAlice, kAlicePassword, kAliceLaptop));
    QCOMPARE(http.login(kAlice, kAlicePassword, QString()).status, 200);

    MonitorSession session;
    QVERIFY(session.start(ConnectionSettings{daemon.wsUrl(), kAdminToken, {}}));
    AccountAdmin &admin = session.accountAdmin();
    QTRY_COMPARE(admin.accounts().rowCount(), 2);
    QTRY_COMPARE(admin.sessions().rowCount(), 2);
    QCOMPARE(admin.accountsInUse(), std::optional<bool>(true));

    // Ordered by user id; alice logged in (twice, both sessions open), bob never did.
    const AccountsModel &accounts = admin.accounts();
    auto accountCell = [&](int row, int column) {
        return accounts.index(row, column).data().toString();
    };
    QCOMPARE(accountCell(0, AccountsModel::User), kAlice);
    QCOMPARE(accountCell(0, AccountsModel::State), u"active"_s);
    QVERIFY(!accountCell(0, AccountsModel::Created).isEmpty());
    QVERIFY(accountCell(0, AccountsModel::LastLogin) != u"never"_s);
    QVERIFY(!accountCell(0, AccountsModel::LastLogin).isEmpty());
    QCOMPARE(accountCell(0, AccountsModel::OpenSessions), u"2"_s);
    QCOMPARE(accountCell(1, AccountsModel::User), kBob);
    QCOMPARE(accountCell(1, AccountsModel::LastLogin), u"never"_s);
    QCOMPARE(accountCell(1, AccountsModel::OpenSessions), u"0"_s);
    QCOMPARE(accounts.index(1, 0).data(KeyRole).toString(), kBob);

    // Oldest first: the laptop's session carries its endpoint and its registered connection.
    const SessionsModel &sessions = admin.sessions();
    auto sessionCell = [&](int row, int column) {
        return sessions.index(row, column).data().toString();
    };
    QCOMPARE(sessionCell(0, SessionsModel::User), kAlice);
    QCOMPARE(sessionCell(0, SessionsModel::ClientAddress), u"127.0.0.1"_s);
    QCOMPARE(sessionCell(0, SessionsModel::Endpoint), kAliceLaptop);
    QCOMPARE(sessionCell(0, SessionsModel::Connections), u"1"_s);
    QCOMPARE(sessionCell(1, SessionsModel::Endpoint), QString());
    QCOMPARE(sessionCell(1, SessionsModel::Connections), u"0"_s);
    const SessionEntry &first = sessions.sessionAt(0);
    QCOMPARE(sessions.index(0, 0).data(KeyRole).toString(), first.session.sessionId);
    QVERIFY(first.session.expiresAt > first.session.createdAt);
    QVERIFY(!sessionCell(0, SessionsModel::Expires).isEmpty());
}

void TestMonitorAccounts::paneManagesAnAccount()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    useAccounts(daemon);
    MONITOR_START_DAEMON(daemon, engine, dir);
    BrokerHttp http(daemon);
    WindowUnderTest ui;
    QVERIFY(ui.connectTo(daemon.wsUrl()));
    QTRY_VERIFY(ui.session.accountAdmin().accountsInUse().has_value());
    QCOMPARE(ui.pane.modeNotice(), QString());
    QCOMPARE(ui.accounts()->model()->rowCount(), 0);
    QCOMPARE(http.login(kAlice, kAlicePassword).status, 401);

    // Add: user id and password from the dialog; the new account logs in.
    ui.passwordAnswer = AccountsPane::NewPassword{kAlice, kAlicePassword};
    ui.click(u"addAccount"_s);
    QTRY_COMPARE(cell(ui.accounts(), kAlice, AccountsModel::State), u"active"_s);
    QCOMPARE(cell(ui.accounts(), kAlice, AccountsModel::LastLogin), u"never"_s);
    QCOMPARE(ui.pane.message(), u"Done: add account %1"_s.arg(kAlice));
    QCOMPARE(http.login(kAlice, kAlicePassword).status, 200);

    // Adding it again: the broker's refusal is shown, in the pane and the status bar.
    ui.click(u"addAccount"_s);
    QTRY_VERIFY(ui.pane.message().contains(u"ACCOUNT_EXISTS"_s));
    QVERIFY(ui.window.statusBar()->currentMessage().contains(u"ACCOUNT_EXISTS"_s));

    // Disable: the right password is answered 403 ACCOUNT_DISABLED; Enable undoes it.
    ui.pane.selectAccount(kAlice);
    ui.click(u"toggleDisabled"_s);
    QTRY_COMPARE(cell(ui.accounts(), kAlice, AccountsModel::State), u"disabled"_s);
    const HttpTestReply disabled = http.login(kAlice, kAlicePassword);
    QCOMPARE(disabled.status, 403);
    QCOMPARE(disabled.json().value("code"_L1).toString(), u"ACCOUNT_DISABLED"_s);
    QCOMPARE(ui.pane.findChild<QPushButton *>(u"toggleDisabled"_s)->text(), u"Enable"_s);
    ui.click(u"toggleDisabled"_s);
    QTRY_COMPARE(cell(ui.accounts(), kAlice, AccountsModel::State), u"active"_s);
    QCOMPARE(http.login(kAlice, kAlicePassword).status, 200);

    // Reset the password (the dialog is for the selected account): the new one works, the old
    // one no more.
    ui.passwordAnswer = AccountsPane::NewPassword{QString(), kNewPassword};
    ui.click(u"resetPassword"_s);
    QCOMPARE(ui.passwordTitles.last(), u"Reset the password of %1"_s.arg(kAlice));
    QTRY_COMPARE(ui.pane.message(), u"Done: reset the password of %1"_s.arg(kAlice));
    QCOMPARE(http.login(kAlice, kNewPassword).status, 200);
    QCOMPARE(http.login(kAlice, kAlicePassword).status, 401);

    // Remove: declined, nothing happens; confirmed, the account is gone.
    ui.answer = false;
    ui.click(u"removeAccount"_s);
    QVERIFY(ui.questions.last().contains(kAlice));
    QCOMPARE(http.login(kAlice, kNewPassword).status, 200);
    ui.answer = true;
    ui.click(u"removeAccount"_s);
    QTRY_COMPARE(rowShowing(ui.accounts(), kAlice), -1);
    QCOMPARE(http.login(kAlice, kNewPassword).status, 401);

    // No password was ever shown or logged.
    const QStringList passwords{kAlicePassword, kNewPassword};
    QCOMPARE(leakedSecrets(ui.everythingShown(), passwords), QStringList());
    QCOMPARE(leakedSecrets(daemon.output(), passwords), QStringList());
}

void TestMonitorAccounts::revokingASessionClosesItsDesktopWith1008()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    useAccounts(daemon);
    MONITOR_START_DAEMON(daemon, engine, dir);
    BrokerHttp http(daemon);
    QCOMPARE(http.createAccount(kAlice, kAlicePassword), 201);
    QCOMPARE(http.createAccount(kBob, kBobPassword), 201);
    WsTestClient laptop, desktop, bob;
    QVERIFY(openLoggedIn(laptop, daemon, http, kAlice, kAlicePassword, kAliceLaptop));
    QVERIFY(openLoggedIn(desktop, daemon, http, kAlice, kAlicePassword, kAliceDesktop));
    QVERIFY(openLoggedIn(bob, daemon, http, kBob, kBobPassword, u"http://192.168.1.60:3001"_s));

    WindowUnderTest ui;
    QVERIFY(ui.connectTo(daemon.wsUrl()));
    QTRY_COMPARE(ui.sessions()->model()->rowCount(), 3);

    // The selected account's sessions only.
    ui.pane.selectAccount(kAlice);
    QCOMPARE(ui.sessions()->model()->rowCount(), 2);
    const SessionsModel &sessions = ui.session.accountAdmin().sessions();
    QString laptopSession;
    for (int row = 0; row < sessions.rowCount(); ++row) {
        if (sessions.sessionAt(row).session.endpoint == kAliceLaptop)
            laptopSession = sessions.sessionAt(row).session.sessionId;
    }
    QVERIFY(!laptopSession.isEmpty());
    QCOMPARE(cell(ui.sessions(), laptopSession, SessionsModel::Connections), u"1"_s);

    // Revoke, confirmed: the laptop is closed with 1008 at once; alice's other session and bob
    // stay connected.
    ui.sessions()->selectRow(rowShowing(ui.sessions(), laptopSession));
    ui.click(u"revokeSession"_s);
    QVERIFY(ui.questions.last().contains(kAliceLaptop));
    QVERIFY(laptop.waitForClosed());
    QCOMPARE(laptop.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QVERIFY(isAck(desktop.roundTrip(wire::heartbeat(kAlice))));
    QVERIFY(isAck(bob.roundTrip(wire::heartbeat(kBob))));
    QTRY_COMPARE(rowShowing(ui.sessions(), laptopSession), -1);
    QCOMPARE(ui.sessions()->model()->rowCount(), 1);
    QCOMPARE(ui.pane.message(), u"Done: revoke a session of %1"_s.arg(kAlice));

    // All sessions again: bob's and alice's desktop.
    ui.click(u"allSessions"_s);
    QCOMPARE(ui.sessions()->model()->rowCount(), 2);
}

void TestMonitorAccounts::paneSaysWhenTheBrokerLogsInWithoutAccounts_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QStringList>("settings");
    const QList<std::pair<const char *, QStringList>> modes{
        {"none", {u"AUTH_MODE=none"_s}},
        {"shared",
         {u"AUTH_MODE=password"_s, u"PASSWORD_SOURCE=shared"_s,
          u"BROKER_PASSWORD=lab-wide-password"_s}},
        {"jwt", {u"AUTH_MODE=jwt"_s, u"JWT_SECRET=0123456789abcdef0123456789abcdef"_s}}};
    for (const QString &engine : TestDatabases::engines()) {
        for (const auto &[name, settings] : modes)
            QTest::addRow("%s-%s", qPrintable(engine), name) << engine << settings;
    }
}

void TestMonitorAccounts::paneSaysWhenTheBrokerLogsInWithoutAccounts()
{
    QFETCH(QString, engine);
    QFETCH(QStringList, settings);
    QTemporaryDir dir;
    DaemonProcess daemon;
    for (const QString &setting : settings)
        daemon.setEnv(setting.section(u'=', 0, 0), setting.section(u'=', 1));
    MONITOR_START_DAEMON(daemon, engine, dir);

    WindowUnderTest ui;
    QVERIFY(ui.connectTo(daemon.wsUrl()));
    QTRY_VERIFY(!ui.pane.modeNotice().isEmpty());
    QVERIFY(ui.pane.modeNotice().contains(u"AUTH_MODE=password and PASSWORD_SOURCE=accounts"_s));
    QCOMPARE(ui.session.accountAdmin().accountsInUse(), std::optional<bool>(false));
    QCOMPARE(ui.accounts()->model()->rowCount(), 0);
    QCOMPARE(ui.pane.message(), QString()); // nothing failed
}

void TestMonitorAccounts::passwordDialogAsksTwiceMasked()
{
    PasswordDialog add(u"Add an account"_s, QString());
    auto *userId = add.findChild<QLineEdit *>(u"userId"_s);
    auto *password = add.findChild<QLineEdit *>(u"password"_s);
    auto *repeat = add.findChild<QLineEdit *>(u"repeat"_s);
    QVERIFY(userId && password && repeat);
    QCOMPARE(password->echoMode(), QLineEdit::Password);
    QCOMPARE(repeat->echoMode(), QLineEdit::Password);
    QVERIFY(!userId->isReadOnly());
    QVERIFY(add.problem().contains(u"user id"_s));
    userId->setText(kAlice);
    password->setText(u"short"_s);
    QVERIFY(add.problem().contains(u"at least 8"_s));
    password->setText(kAlicePassword);
    repeat->setText(kAlicePassword + u"!"_s);
    QCOMPARE(add.problem(), u"The two passwords differ."_s);
    repeat->setText(kAlicePassword);
    QCOMPARE(add.problem(), QString());
    QCOMPARE(add.userId(), kAlice);
    QCOMPARE(add.password(), kAlicePassword);

    // Resetting a password: the user id is given and cannot be changed.
    PasswordDialog reset(u"Reset"_s, kBob);
    QVERIFY(reset.findChild<QLineEdit *>(u"userId"_s)->isReadOnly());
    QCOMPARE(reset.userId(), kBob);
}

QTEST_MAIN(TestMonitorAccounts)
#include "tst_accounts.moc"
