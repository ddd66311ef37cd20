// Passwords and session tokens stay secret on both engines: after good and bad logins, a logout,
// an admin's password reset and an admin's revocation, with every log category of the broker
// on, neither its output nor any row of its database holds a password or a token (nor 16
// characters of one), and the accounts table holds Argon2id hashes only.

#include "config/DatabaseUrl.h"
#include "support/DaemonProcess.h"
#include "support/DatabaseInspector.h"
#include "support/DesktopFrames.h"
#include "support/HttpTestClient.h"
#include "support/LeakedSecrets.h"
#include "support/LoginRequests.h"
#include "support/TestDatabases.h"
#include "support/WsTestClient.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using logins::describe;

namespace {

const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kEndpoint = logins::defaultEndpoint();

// A password nobody else would type, so that finding 16 characters of it means a leak.
QString randomPassword(const char *prefix)
{
    return QString::fromLatin1(prefix) + u'-' +
           QString::number(QRandomGenerator::global()->generate64(), 36) +
           QString::number(QRandomGenerator::global()->generate64(), 36);
}

} // namespace

class TestSecurityLogin : public QObject
{
    Q_OBJECT

private slots:
    void noSecretInLogsOrRows_data() { TestDatabases::addEngineRows(); }
    void noSecretInLogsOrRows();
};

void TestSecurityLogin::noSecretInLogsOrRows()
{
    QFETCH(QString, engine);
    const QByteArray adminToken = randomPassword("admin").toLatin1();
    const QString alicePassword = randomPassword("alice");
    const QString aliceReset = randomPassword("reset");
    const QString bobPassword = randomPassword("bob");
    const QString wrongPassword = randomPassword("wrong");
    QStringList secrets{QString::fromLatin1(adminToken), alicePassword, aliceReset, bobPassword,
                        wrongPassword};

    QTemporaryDir dir;
    QVERIFY2(dir.isValid(), qPrintable(dir.errorString()));
    DaemonProcess daemon;
    daemon.setEnv(u"AUTH_MODE"_s, u"password"_s);
    daemon.setEnv(u"BROKER_ADMIN_TOKEN"_s, QString::fromLatin1(adminToken));
    daemon.setEnv(u"QT_LOGGING_RULES"_s, u"ddalab.*=true"_s);
    QString databaseUrl;
    QString error;
    QVERIFY2(daemon.startOnFreshDatabase(engine, dir, &error, &databaseUrl), qPrintable(error));
    HttpTestClient client(daemon.httpUrl({}));

    QCOMPARE(logins::addAccount(client, adminToken, kAlice, alicePassword).status, 201);
    QCOMPARE(logins::addAccount(client, adminToken, kBob, bobPassword).status, 201);
    QCOMPARE(logins::login(client, kAlice, wrongPassword).status, 401);
    QCOMPARE(logins::login(client, u"mallory@institution.edu"_s, wrongPassword).status, 401);
    const QByteArray loggedOut = logins::sessionToken(logins::login(client, kAlice, alicePassword));
    const QByteArray revoked = logins::sessionToken(logins::login(client, kBob, bobPassword));
    QVERIFY(!loggedOut.isEmpty() && !revoked.isEmpty());
    WsTestClient desktop;
    QVERIFY(desktop.open(daemon.wsUrl()));
    desktop.sendJson(wire::registerUser(kBob, kEndpoint, QString::fromLatin1(revoked)));
    QVERIFY(desktop.waitForFrames(1));
    QCOMPARE(logins::logout(client, loggedOut).status, 204);
    QCOMPARE(logins::sendJson(client, "PUT", u"/api/admin/users/alice%40institution.edu/password"_s,
                              {{"password"_L1, aliceReset}}, adminToken)
                 .status,
             204);
    const QByteArray live = logins::sessionToken(logins::login(client, kAlice, aliceReset));
    QVERIFY(!live.isEmpty());
    const HttpTestReply sessions = client.getUrl(
        daemon.httpUrl(u"/api/admin/sessions?user_id=bob%40institution.edu"_s), bearer(adminToken));
    const QString bobSession = sessions.json()
                                   .value("sessions"_L1)
                                   .toArray()
                                   .first()
                                   .toObject()
                                   .value("session_id"_L1)
                                   .toString();
    QCOMPARE(client.send("DELETE", u"/api/admin/sessions/"_s + bobSession, {}, bearer(adminToken))
                 .status,
             204);
    QVERIFY(desktop.waitForClosed());
    // Used tokens, logged out or not, are secrets as much as live ones.
    QCOMPARE(logins::sessionStatus(client, live).status, 200);
    QCOMPARE(logins::sessionStatus(client, loggedOut).status, 200);
    secrets << QString::fromLatin1(loggedOut) << QString::fromLatin1(revoked)
            << QString::fromLatin1(live);

    const auto url = ddalab::DatabaseUrl::parse(databaseUrl, &error);
    QVERIFY2(url, qPrintable(error));
    DatabaseInspector inspector(*url);
    QVERIFY2(inspector.isOpen(), qPrintable(inspector.error()));
    QStringList rows;
    for (const QString &table : {u"accounts"_s, u"sessions"_s}) {
        const auto tableRows = inspector.rows(u"SELECT * FROM "_s + table);
        QVERIFY2(tableRows, qPrintable(inspector.error()));
        rows += *tableRows;
    }
    QCOMPARE(rows.size(), 2 + 3);
    const QStringList leakedInRows = leakedSecrets(rows.join(u'\n'), secrets);
    QVERIFY2(leakedInRows.isEmpty(),
             qPrintable(u"in the database: "_s + leakedInRows.join(u", "_s)));
    const auto hashes = inspector.rows(u"SELECT password_hash FROM accounts"_s);
    QVERIFY2(hashes, qPrintable(inspector.error()));
    for (const QString &hash : *hashes)
        QVERIFY2(hash.startsWith("$argon2id$"_L1), qPrintable(hash));

    daemon.stop();
    const QString output = daemon.output();
    QVERIFY2(output.contains("failed login"_L1), "the auth category logged nothing");
    const QStringList leaked = leakedSecrets(output, secrets);
    QVERIFY2(leaked.isEmpty(), qPrintable(u"in the log: "_s + leaked.join(u", "_s)));
}

QTEST_GUILESS_MAIN(TestSecurityLogin)
#include "tst_sec_login.moc"
