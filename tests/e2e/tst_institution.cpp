// The institution's settings against the real daemon, on SQLite and on PostgreSQL: GET for any
// authenticated caller and PUT for administrators in the desktop's shape, stored across a
// restart (INSTITUTION_NAME only seeds them), each bad field refused with nothing changed, new
// expiry defaults applied to the next publish without a restart, HIPAA mode refusing public
// phi shares (PHI_NOT_PUBLIC) and capping phi expiry, and the monitor told of each change.

#include "client/BrokerClient.h"
#include "support/BrokerReplies.h"
#include "support/Credentials.h"
#include "support/DaemonProcess.h"
#include "support/DesktopFrames.h"
#include "support/HttpTestClient.h"
#include "support/TestDatabases.h"
#include "support/TestJwt.h"
#include "support/WsTestClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString kAdminToken = u"institution-admin-token-7d2f41b9"_s;
const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kAliceEndpoint = u"http://192.168.1.50:3001"_s;
const QString kConfig = u"/api/institution/config"_s;

bool startDaemon(DaemonProcess &daemon, const QString &engine, const QTemporaryDir &dir,
                 QString *error)
{
    daemon.setEnv(u"AUTH_MODE"_s, u"jwt"_s);
    daemon.setEnv(u"JWT_SECRET"_s, QString::fromLatin1(TestJwt::secret()));
    daemon.setEnv(u"BROKER_ADMIN_TOKEN"_s, kAdminToken);
    daemon.setEnv(u"INSTITUTION_NAME"_s, u"Neuro Lab"_s);
    daemon.setEnv(u"RATE_LIMIT_PER_SECOND"_s, u"100000"_s);
    daemon.setEnv(u"RATE_LIMIT_BURST"_s, u"100000"_s);
    return daemon.startOnFreshDatabase(engine, dir, error);
}

#define START(daemon, engine, dir)                                                                 \
    do {                                                                                           \
        QString startError;                                                                        \
        QVERIFY2(startDaemon(daemon, engine, dir, &startError), qPrintable(startError));           \
    } while (false)

// An HTTP client with the admin credential, at daemon.
void useAdmin(HttpTestClient &client, const DaemonProcess &daemon)
{
    client.setBase(daemon.httpUrl(u"/"_s));
    client.setBearer(kAdminToken.toUtf8());
}

HttpTestReply put(HttpTestClient &client, const QByteArray &body)
{
    return client.send("PUT", kConfig, body, {{"Content-Type", "application/json"}});
}

// A phi share of alice's under policy, with expires_at when given.
QJsonObject phiMetadata(const QJsonObject &policy, const QString &expiresAt = {})
{
    QJsonObject metadata = wire::metadata(kAlice, u"result-phi"_s, u"Patient EEG"_s, policy);
    metadata.insert("classification"_L1, "phi"_L1);
    if (!expiresAt.isEmpty())
        metadata.insert("expires_at"_L1, expiresAt);
    return metadata;
}

// The expires_at the broker gave token, as its owner reads it over HTTP.
QDateTime expiresAtOf(const DaemonProcess &daemon, const QString &token)
{
    HttpTestClient owner(daemon.httpUrl(u"/"_s));
    owner.setBearer(TestJwt::forUser(kAlice));
    const HttpTestReply reply = owner.get(u"/api/shares/"_s + token);
    return QDateTime::fromString(
        reply.json().value("metadata"_L1).toObject().value("expires_at"_L1).toString(),
        Qt::ISODateWithMs);
}

// Whether `at` is `days` days from now, give or take a minute.
bool isDaysFromNow(const QDateTime &at, int days)
{
    const qint64 ms = QDateTime::currentDateTimeUtc().addDays(days).msecsTo(at);
    return at.isValid() && qAbs(ms) < 60 * 1000;
}

} // namespace

class TestInstitution : public QObject
{
    Q_OBJECT

private slots:
    void readableByUsersAndAdmins_data() { TestDatabases::addEngineRows(); }
    void readableByUsersAndAdmins();
    void onlyAdministratorsChangeIt_data() { TestDatabases::addEngineRows(); }
    void onlyAdministratorsChangeIt();
    void changesSurviveARestart_data() { TestDatabases::addEngineRows(); }
    void changesSurviveARestart();
    void badFieldsChangeNothing_data() { TestDatabases::addEngineRows(); }
    void badFieldsChangeNothing();
    void newDefaultsApplyToTheNextPublish_data() { TestDatabases::addEngineRows(); }
    void newDefaultsApplyToTheNextPublish();
    void hipaaModeRefusesPublicPhi_data() { TestDatabases::addEngineRows(); }
    void hipaaModeRefusesPublicPhi();
    void withoutHipaaModePhiMayBePublic_data() { TestDatabases::addEngineRows(); }
    void withoutHipaaModePhiMayBePublic();
    void monitorHearsTheSettings_data() { TestDatabases::addEngineRows(); }
    void monitorHearsTheSettings();
};

void TestInstitution::readableByUsersAndAdmins()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    START(daemon, engine, dir);

    HttpTestClient user(daemon.httpUrl(u"/"_s));
    user.setBearer(TestJwt::forUser(kBob));
    const HttpTestReply asUser = user.get(kConfig);
    QCOMPARE(asUser.status, 200);
    const QJsonObject settings = asUser.json();
    // The desktop's fields, seeded from INSTITUTION_NAME and DDALAB's defaults...
    QVERIFY(!settings.value("id"_L1).toString().isEmpty());
    QCOMPARE(settings.value("name"_L1).toString(), u"Neuro Lab"_s);
    QCOMPARE(settings.value("hipaa_mode"_L1), QJsonValue(false));
    QCOMPARE(settings.value("default_share_expiry_days"_L1), QJsonValue(30));
    QCOMPARE(settings.value("allow_federation"_L1), QJsonValue(false));
    QCOMPARE(settings.value("federated_institutions"_L1), QJsonValue(QJsonArray()));
    // ...and the expiry rules it ignores.
    QCOMPARE(settings.value("share_expiry_days"_L1).toObject(),
             (QJsonObject{{"phi"_L1, 7},
                          {"de_identified"_L1, 30},
                          {"synthetic"_L1, 90},
                          {"unclassified"_L1, 30}}));
    QCOMPARE(settings.value("max_share_expiry_days"_L1), QJsonValue(365));
    QCOMPARE(settings.value("phi_max_share_expiry_days"_L1), QJsonValue(30));

    HttpTestClient administrator;
    useAdmin(administrator, daemon);
    const HttpTestReply asAdmin = administrator.get(kConfig);
    QCOMPARE(asAdmin.status, 200);
    QCOMPARE(asAdmin.json(), settings);

    HttpTestClient anonymous(daemon.httpUrl(u"/"_s));
    const HttpTestReply refused = anonymous.get(kConfig);
    QCOMPARE(refused.status, 401);
    QCOMPARE(refused.json().value("code"_L1).toString(), u"UNAUTHORIZED"_s);
    QCOMPARE(put(anonymous, R"({"name":"Nobody's"})").status, 401);
}

void TestInstitution::onlyAdministratorsChangeIt()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    START(daemon, engine, dir);
    HttpTestClient user(daemon.httpUrl(u"/"_s));
    user.setBearer(TestJwt::forUser(kBob));
    const QJsonObject before = user.get(kConfig).json();

    const HttpTestReply refused = put(user, R"({"name":"Bob's Lab","hipaa_mode":true})");
    QCOMPARE(refused.status, 403);
    QCOMPARE(refused.json().value("code"_L1).toString(), u"FORBIDDEN"_s);
    QCOMPARE(user.get(kConfig).json(), before);

    HttpTestClient administrator;
    useAdmin(administrator, daemon);
    const HttpTestReply changed = put(administrator, R"({"name":"Neuro Lab East"})");
    QCOMPARE(changed.status, 200);
    QJsonObject expected = before;
    expected.insert("name"_L1, u"Neuro Lab East"_s);
    QCOMPARE(changed.json(), expected);
    QCOMPARE(user.get(kConfig).json(), expected);

    // The change has its audit row, committed with it: who, and the fields that changed. The
    // refused PUT and one that changes nothing have none.
    QCOMPARE(put(administrator, R"({"name":"Neuro Lab East"})").status, 200);
    const HttpTestReply audit =
        administrator.getUrl(daemon.httpUrl(u"/api/admin/audit?action=institution.changed"_s));
    QCOMPARE(audit.status, 200);
    const QJsonArray rows = audit.json().value("entries"_L1).toArray();
    QCOMPARE(rows.size(), 1);
    const QJsonObject row = rows.first().toObject();
    QVERIFY2(row.value("actor"_L1).toString().startsWith(u"admin"_s),
             qPrintable(row.value("actor"_L1).toString()));
    QCOMPARE(row.value("target"_L1).toString(), u"institution"_s);
    QCOMPARE(row.value("outcome"_L1).toString(), u"success"_s);
    QCOMPARE(row.value("details"_L1).toObject(), (QJsonObject{{"name"_L1, u"Neuro Lab East"_s}}));
}

void TestInstitution::changesSurviveARestart()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    START(daemon, engine, dir);
    HttpTestClient administrator;
    useAdmin(administrator, daemon);

    // The whole object, as the desktop sends it, plus expiry rules.
    const HttpTestReply changed =
        put(administrator, R"({"id":"ucsd-neuro","name":"UCSD Neuro","hipaa_mode":true,
            "default_share_expiry_days":0,"allow_federation":true,
            "federated_institutions":["ucla-neuro","sdsc"],
            "share_expiry_days":{"phi":5,"synthetic":120},"max_share_expiry_days":200,
            "phi_max_share_expiry_days":10})");
    QCOMPARE(changed.status, 200);
    const QJsonObject stored = changed.json();
    QCOMPARE(stored.value("id"_L1).toString(), u"ucsd-neuro"_s);
    QCOMPARE(stored.value("default_share_expiry_days"_L1), QJsonValue(0));
    QVERIFY(stored.value("share_expiry_days"_L1).toObject().value("unclassified"_L1).isNull());
    QCOMPARE(stored.value("federated_institutions"_L1).toArray(),
             QJsonArray({u"ucla-neuro"_s, u"sdsc"_s}));

    // Restarted with another INSTITUTION_NAME: the stored settings win.
    daemon.stop();
    daemon.setEnv(u"INSTITUTION_NAME"_s, u"Renamed by the operator"_s);
    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));
    administrator.setBase(daemon.httpUrl(u"/"_s));
    const HttpTestReply after = administrator.get(kConfig);
    QCOMPARE(after.status, 200);
    QCOMPARE(after.json(), stored);
}

void TestInstitution::badFieldsChangeNothing()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    START(daemon, engine, dir);
    HttpTestClient administrator;
    useAdmin(administrator, daemon);
    const QJsonObject before = administrator.get(kConfig).json();

    // Each with a valid change beside the bad field: that one is not taken either.
    const QList<QPair<QByteArray, QString>> bad = {
        {R"({"name":"Taken?","id":""})", u"id"_s},
        {R"({"name":")" + QByteArray(201, 'n') + R"("})", u"name"_s},
        {R"({"name":"Taken?","hipaa_mode":"on"})", u"hipaa_mode"_s},
        {R"({"name":"Taken?","allow_federation":1})", u"allow_federation"_s},
        {R"({"name":"Taken?","federated_institutions":[1]})", u"federated_institutions"_s},
        {R"({"name":"Taken?","default_share_expiry_days":-3})", u"default_share_expiry_days"_s},
        {R"({"name":"Taken?","default_share_expiry_days":366})", u"default_share_expiry_days"_s},
        {R"({"name":"Taken?","share_expiry_days":{"phi":null}})", u"share_expiry_days.phi"_s},
        {R"({"name":"Taken?","share_expiry_days":{"de_identified":0}})",
         u"share_expiry_days.de_identified"_s},
        {R"({"name":"Taken?","share_expiry_days":{"top_secret":1}})",
         u"share_expiry_days.top_secret"_s},
        {R"({"name":"Taken?","max_share_expiry_days":60})", u"max_share_expiry_days"_s},
        {R"({"name":"Taken?","phi_max_share_expiry_days":0})", u"phi_max_share_expiry_days"_s},
        {R"({"name":"Taken?","hipaa_mode":true,"share_expiry_days":{"phi":31}})",
         u"phi_max_share_expiry_days"_s},
        {R"(["not","an","object"])", u"JSON object"_s},
    };
    for (const auto &[body, field] : bad) {
        const HttpTestReply reply = put(administrator, body);
        QVERIFY2(reply.status == 400, body.constData());
        QCOMPARE(reply.json().value("code"_L1).toString(), u"BAD_REQUEST"_s);
        const QString message = reply.json().value("error"_L1).toString();
        QVERIFY2(message.contains(field), qPrintable(message));
        QCOMPARE(administrator.get(kConfig).json(), before);
    }
    // Nothing reached the database either.
    daemon.stop();
    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));
    administrator.setBase(daemon.httpUrl(u"/"_s));
    QCOMPARE(administrator.get(kConfig).json(), before);
}

void TestInstitution::newDefaultsApplyToTheNextPublish()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    START(daemon, engine, dir);
    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), bearer(TestJwt::forUser(kAlice)), kAlice,
                    kAliceEndpoint);

    const QString before = wire::newToken();
    ServerFrame reply = alice.roundTrip(
        wire::publishShare(before, wire::metadata(kAlice, u"result-1"_s, u"Before"_s)));
    QVERIFY2(isAck(reply), qPrintable(reply.describe()));
    QVERIFY(isDaysFromNow(expiresAtOf(daemon, before), 30));

    HttpTestClient administrator;
    useAdmin(administrator, daemon);
    QCOMPARE(put(administrator,
                 R"({"default_share_expiry_days":3,"share_expiry_days":{"synthetic":12}})")
                 .status,
             200);

    const QString after = wire::newToken();
    reply = alice.roundTrip(
        wire::publishShare(after, wire::metadata(kAlice, u"result-2"_s, u"After"_s)));
    QVERIFY2(isAck(reply), qPrintable(reply.describe()));
    QVERIFY(isDaysFromNow(expiresAtOf(daemon, after), 3));
    QJsonObject synthetic = wire::metadata(kAlice, u"result-3"_s, u"Synthetic"_s);
    synthetic.insert("classification"_L1, "synthetic"_L1);
    const QString syntheticToken = wire::newToken();
    reply = alice.roundTrip(wire::publishShare(syntheticToken, synthetic));
    QVERIFY2(isAck(reply), qPrintable(reply.describe()));
    QVERIFY(isDaysFromNow(expiresAtOf(daemon, syntheticToken), 12));
    // The share published before keeps its expiry.
    QVERIFY(isDaysFromNow(expiresAtOf(daemon, before), 30));
}

void TestInstitution::hipaaModeRefusesPublicPhi()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    START(daemon, engine, dir);
    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), bearer(TestJwt::forUser(kAlice)), kAlice,
                    kAliceEndpoint);

    // A public phi share published before HIPAA mode was switched on.
    const QString earlier = wire::newToken();
    ServerFrame reply =
        alice.roundTrip(wire::publishShare(earlier, phiMetadata(wire::publicPolicy())));
    QVERIFY2(isAck(reply), qPrintable(reply.describe()));

    HttpTestClient administrator;
    useAdmin(administrator, daemon);
    QCOMPARE(put(administrator, R"({"hipaa_mode":true})").status, 200);

    // A new public phi share is refused with its own code, and nothing is stored.
    const QString refused = wire::newToken();
    reply = alice.roundTrip(wire::publishShare(refused, phiMetadata(wire::publicPolicy())));
    QCOMPARE(errorCode(reply), u"PHI_NOT_PUBLIC"_s);
    HttpTestClient owner(daemon.httpUrl(u"/"_s));
    owner.setBearer(TestJwt::forUser(kAlice));
    QCOMPARE(owner.get(u"/api/shares/"_s + refused).status, 404);

    // The earlier one is still governed by its own policy, and cannot be republished public...
    HttpTestClient bob(daemon.httpUrl(u"/"_s));
    bob.setBearer(TestJwt::forUser(kBob));
    QCOMPARE(bob.get(u"/api/shares/"_s + earlier).status, 200);
    reply = alice.roundTrip(wire::publishShare(earlier, phiMetadata(wire::publicPolicy())));
    QCOMPARE(errorCode(reply), u"PHI_NOT_PUBLIC"_s);
    // ...but its owner may republish it restricted, which takes effect.
    reply = alice.roundTrip(wire::publishShare(earlier, phiMetadata(wire::usersPolicy({kAlice}))));
    QVERIFY2(isAck(reply), qPrintable(reply.describe()));
    QCOMPARE(bob.get(u"/api/shares/"_s + earlier).status, 404);

    // A restricted phi share is allowed, its expiry capped by the phi maximum (30 days).
    const QString restricted = wire::newToken();
    const QString hundredDays =
        QDateTime::currentDateTimeUtc().addDays(100).toString(Qt::ISODateWithMs);
    reply = alice.roundTrip(
        wire::publishShare(restricted, phiMetadata(wire::usersPolicy({kBob}), hundredDays)));
    QVERIFY2(isAck(reply), qPrintable(reply.describe()));
    QVERIFY(isDaysFromNow(expiresAtOf(daemon, restricted), 30));
    // Other classifications may still be public.
    reply = alice.roundTrip(
        wire::publishShare(wire::newToken(), wire::metadata(kAlice, u"result-open"_s, u"Open"_s)));
    QVERIFY2(isAck(reply), qPrintable(reply.describe()));

    // A lower phi maximum applies to the next publish.
    QCOMPARE(put(administrator, R"({"phi_max_share_expiry_days":10,"share_expiry_days":{"phi":5}})")
                 .status,
             200);
    const QString capped = wire::newToken();
    reply = alice.roundTrip(
        wire::publishShare(capped, phiMetadata(wire::teamPolicy(u"neuro"_s), hundredDays)));
    QVERIFY2(isAck(reply), qPrintable(reply.describe()));
    QVERIFY(isDaysFromNow(expiresAtOf(daemon, capped), 10));
}

void TestInstitution::withoutHipaaModePhiMayBePublic()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    START(daemon, engine, dir);
    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), bearer(TestJwt::forUser(kAlice)), kAlice,
                    kAliceEndpoint);
    HttpTestClient administrator;
    useAdmin(administrator, daemon);
    // On, then off again.
    QCOMPARE(put(administrator, R"({"hipaa_mode":true})").status, 200);
    QCOMPARE(put(administrator, R"({"hipaa_mode":false})").status, 200);

    const QString token = wire::newToken();
    const QString hundredDays =
        QDateTime::currentDateTimeUtc().addDays(100).toString(Qt::ISODateWithMs);
    const ServerFrame reply =
        alice.roundTrip(wire::publishShare(token, phiMetadata(wire::publicPolicy(), hundredDays)));
    QVERIFY2(isAck(reply), qPrintable(reply.describe()));
    // Stored and shown with its classification, the phi maximum not applied.
    HttpTestClient bob(daemon.httpUrl(u"/"_s));
    bob.setBearer(TestJwt::forUser(kBob));
    const HttpTestReply lookup = bob.get(u"/api/shares/"_s + token);
    QCOMPARE(lookup.status, 200);
    QCOMPARE(lookup.json().value("metadata"_L1).toObject().value("classification"_L1).toString(),
             u"phi"_s);
    QVERIFY(isDaysFromNow(expiresAtOf(daemon, token), 100));
}

void TestInstitution::monitorHearsTheSettings()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    START(daemon, engine, dir);

    // A raw monitor reads the wire...
    WsTestClient monitor;
    QVERIFY(monitor.open(daemon.wsUrl(), bearer(kAdminToken.toUtf8())));
    monitor.sendJson({{"type"_L1, "monitor_subscribe"_L1}});
    const ServerFrame snapshot = monitor.nextOfType(u"monitor_snapshot"_s);
    QCOMPARE(snapshot.json().value("institution"_L1).toObject().value("name"_L1).toString(),
             u"Neuro Lab"_s);

    // ...and BrokerClient, the monitor's own, decodes it.
    ddalab::BrokerClient client;
    QSignalSpy settings(&client, &ddalab::BrokerClient::institutionConfig);
    QSignalSpy snapshots(&client, &ddalab::BrokerClient::snapshotReceived);
    client.setUrl(daemon.wsUrl());
    client.setBearerToken(kAdminToken);
    client.open();
    QTRY_COMPARE(client.state(), ddalab::BrokerClient::State::Connected);
    client.send(ddalab::protocol::MonitorSubscribe{});
    QTRY_COMPARE(snapshots.size(), 1);
    QCOMPARE(settings.size(), 1);
    QCOMPARE(settings.at(0).at(0).value<ddalab::InstitutionSettings>().name, u"Neuro Lab"_s);

    HttpTestClient administrator;
    useAdmin(administrator, daemon);
    QCOMPARE(put(administrator, R"({"name":"Neuro Lab East","hipaa_mode":true})").status, 200);

    const ServerFrame event = monitor.nextOfType(u"institution_config"_s);
    QVERIFY2(std::holds_alternative<ddalab::protocol::Event>(event.decoded()),
             qPrintable(event.describe()));
    QCOMPARE(event.json().value("name"_L1).toString(), u"Neuro Lab East"_s);
    QCOMPARE(event.json().value("hipaa_mode"_L1), QJsonValue(true));

    QTRY_COMPARE(settings.size(), 2);
    const auto changed = settings.at(1).at(0).value<ddalab::InstitutionSettings>();
    QCOMPARE(changed.name, u"Neuro Lab East"_s);
    QVERIFY(changed.hipaaMode());

    // A PUT that changes nothing tells nobody.
    QCOMPARE(put(administrator, R"({"name":"Neuro Lab East"})").status, 200);
    QCOMPARE(put(administrator, R"({"name":"Last"})").status, 200);
    QTRY_COMPARE(settings.size(), 3);
    QCOMPARE(settings.at(2).at(0).value<ddalab::InstitutionSettings>().name, u"Last"_s);
}

QTEST_GUILESS_MAIN(TestInstitution)
#include "tst_institution.moc"
