// A session from POST /auth/login expires after SESSION_TIMEOUT_SECONDS in the real daemon: its
// seconds count down, then /auth/session calls it invalid and it no longer authenticates a
// registration, an upgrade or an HTTP call, while the WebSocket connections that registered with
// it stay registered (the desktops cannot renew a session). The shortest timeout is 60 s, so the
// one case runs a daemon on each engine side by side and waits for both at once rather than
// taking a data row per engine.

#include "support/BrokerReplies.h"
#include "support/DaemonProcess.h"
#include "support/DesktopFrames.h"
#include "support/HttpTestClient.h"
#include "support/LoginRequests.h"
#include "support/TestDatabases.h"
#include "support/WsTestClient.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using logins::describe;
using logins::outcome;

namespace {

const QString kAlice = u"alice@institution.edu"_s;
const QString kAlicePassword = u"correct horse battery staple"_s;
const QByteArray kAdminToken = "admin-token-for-the-expiry-tests";
const QString kEndpoint = logins::defaultEndpoint();
constexpr int kTimeoutSeconds = 60;

// One engine's daemon with alice logged in and two desktops registered with her session.
struct Broker
{
    QString engine;
    DaemonProcess daemon;
    std::unique_ptr<HttpTestClient> http;
    QByteArray session;
    WsTestClient onUpgrade;  // the session as the upgrade's bearer
    WsTestClient onRegister; // the session as register_user's session_token

    bool sessionValid()
    {
        return logins::sessionStatus(*http, session).json().value("valid"_L1).toBool();
    }
};

} // namespace

class tst_SessionExpiry : public QObject
{
    Q_OBJECT

private slots:
    void connectionsOutliveTheirSession();
};

void tst_SessionExpiry::connectionsOutliveTheirSession()
{
    QTemporaryDir dir;
    QVERIFY2(dir.isValid(), qPrintable(dir.errorString()));
    std::vector<std::unique_ptr<Broker>> brokers;
    for (const QString &engine : TestDatabases::engines()) {
        auto broker = std::make_unique<Broker>();
        broker->engine = engine;
        broker->daemon.setEnv(u"AUTH_MODE"_s, u"password"_s);
        broker->daemon.setEnv(u"BROKER_ADMIN_TOKEN"_s, QString::fromLatin1(kAdminToken));
        broker->daemon.setEnv(u"SESSION_TIMEOUT_SECONDS"_s, QString::number(kTimeoutSeconds));
        START_DAEMON(broker->daemon, engine, dir);
        broker->http = std::make_unique<HttpTestClient>(broker->daemon.httpUrl({}));
        const HttpTestReply added =
            logins::addAccount(*broker->http, kAdminToken, kAlice, kAlicePassword);
        QVERIFY2(added.status == 201, qPrintable(describe(added)));
        const HttpTestReply login = logins::login(*broker->http, kAlice, kAlicePassword);
        QCOMPARE(login.json().value("expires_in_seconds"_L1).toInt(), kTimeoutSeconds);
        broker->session = logins::sessionToken(login);
        QVERIFY(!broker->session.isEmpty());
        OPEN_REGISTERED(broker->onUpgrade, broker->daemon.wsUrl(), bearer(broker->session), kAlice,
                        kEndpoint);
        QVERIFY(broker->onRegister.open(broker->daemon.wsUrl()));
        QCOMPARE(ackOrReply(broker->onRegister.roundTrip(
                     wire::registerUser(kAlice, kEndpoint, QString::fromLatin1(broker->session)))),
                 u"ack"_s);
        brokers.push_back(std::move(broker));
    }

    // The seconds left count down while the session holds.
    Broker &first = *brokers.front();
    const auto secondsLeft = [&first] {
        return logins::sessionStatus(*first.http, first.session)
            .json()
            .value("expires_in_seconds"_L1)
            .toInt();
    };
    const int before = secondsLeft();
    QVERIFY2(before > kTimeoutSeconds - 10 && before <= kTimeoutSeconds,
             qPrintable(QString::number(before)));
    QTRY_VERIFY_WITH_TIMEOUT(secondsLeft() < before, 3000);

    const auto allExpired = [&brokers] {
        return std::none_of(brokers.cbegin(), brokers.cend(),
                            [](const auto &broker) { return broker->sessionValid(); });
    };
    QTRY_VERIFY_WITH_TIMEOUT(allExpired(), (kTimeoutSeconds + 15) * 1000);

    for (const auto &broker : brokers) {
        const QString engine = broker->engine;
        HttpTestClient &http = *broker->http;
        QCOMPARE(logins::sessionStatus(http, broker->session).json(),
                 (QJsonObject{{"valid"_L1, false},
                              {"user_id"_L1, QJsonValue::Null},
                              {"expires_in_seconds"_L1, QJsonValue::Null}}));
        // The session opens nothing new.
        QCOMPARE(outcome(http.get(u"/api/users/alice%40institution.edu/teams"_s,
                                  bearer(broker->session))) +
                     u" on "_s + engine,
                 u"401 UNAUTHORIZED on "_s + engine);
        WsTestClient late;
        QVERIFY2(!late.open(broker->daemon.wsUrl(), bearer(broker->session)),
                 "an upgrade with an expired session went through");
        QVERIFY(late.open(broker->daemon.wsUrl()));
        QCOMPARE(errorCode(late.roundTrip(
                     wire::registerUser(kAlice, kEndpoint, QString::fromLatin1(broker->session)))),
                 u"AUTH_FAILED"_s);

        // The connections that registered with it still act as alice.
        for (WsTestClient *desktop : {&broker->onUpgrade, &broker->onRegister}) {
            QVERIFY2(desktop->isOpen(), qPrintable(engine));
            QCOMPARE(ackOrReply(desktop->roundTrip(wire::heartbeat(kAlice))), u"ack"_s);
            QCOMPARE(ackOrReply(desktop->roundTrip(wire::publishShare(
                         wire::newToken(), wire::metadata(kAlice, u"result-1"_s, u"EEG"_s)))) +
                         u" on "_s + engine,
                     u"ack on "_s + engine);
        }
        // A new login gets a new session.
        QCOMPARE(logins::login(http, kAlice, kAlicePassword).status, 200);
    }
}

QTEST_GUILESS_MAIN(tst_SessionExpiry)
#include "tst_sessionexpiry.moc"
