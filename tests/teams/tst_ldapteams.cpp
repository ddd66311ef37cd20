// Team membership from an LDAP directory: with LDAP_URL set, a team share also opens for the
// members of the directory group of that team, as the directory says (after the cache time), and
// for nobody when the directory cannot be asked. Against a throwaway slapd of the test's own.

#include "support/BrokerReplies.h"
#include "support/DaemonProcess.h"
#include "support/DesktopFrames.h"
#include "support/HttpTestClient.h"
#include "support/TestDatabases.h"
#include "support/TestJwt.h"
#include "support/ThrowawaySlapd.h"
#include "support/WsTestClient.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kCarol = u"carol@institution.edu"_s;
const QString kDave = u"dave@institution.edu"_s;
const QByteArray kAdminToken = "admin-token-for-the-ldap-tests";

// People with their user id in mail; groups listing member DNs (groupOfNames, one of them the DN
// of an entry that does not exist) and one listing user ids (posixGroup memberUid).
const QString kDirectory = uR"(dn: dc=lab,dc=example
objectClass: dcObject
objectClass: organization
o: Lab
dc: lab

dn: ou=people,dc=lab,dc=example
objectClass: organizationalUnit
ou: people

dn: uid=bob,ou=people,dc=lab,dc=example
objectClass: inetOrgPerson
uid: bob
cn: Bob
sn: B
mail: bob@institution.edu

dn: uid=carol,ou=people,dc=lab,dc=example
objectClass: inetOrgPerson
uid: carol
cn: Carol
sn: C
mail: carol@institution.edu

dn: ou=groups,dc=lab,dc=example
objectClass: organizationalUnit
ou: groups

dn: cn=neuro-lab,ou=groups,dc=lab,dc=example
objectClass: groupOfNames
cn: neuro-lab
member: uid=bob,ou=people,dc=lab,dc=example
member: uid=gone,ou=people,dc=lab,dc=example

dn: cn=eeg-lab,ou=groups,dc=lab,dc=example
objectClass: posixGroup
cn: eeg-lab
gidNumber: 5001
memberUid: dave@institution.edu
)"_s;

const QString kRemoveBob = uR"(dn: cn=neuro-lab,ou=groups,dc=lab,dc=example
changetype: modify
delete: member
member: uid=bob,ou=people,dc=lab,dc=example
)"_s;

QString requestOutcome(WsTestClient &client, const QString &token, const QString &requester)
{
    const ServerFrame reply = client.roundTrip(wire::requestShare(token, requester));
    if (shareInfo(reply))
        return u"share_info"_s;
    return errorCode(reply);
}

void configure(DaemonProcess &daemon, const ThrowawaySlapd &slapd)
{
    daemon.setEnv(u"BROKER_ADMIN_TOKEN"_s, QString::fromLatin1(kAdminToken));
    daemon.setEnv(u"JWT_SECRET"_s, QString::fromLatin1(TestJwt::secret()));
    daemon.setEnv(u"LDAP_URL"_s, slapd.url());
    daemon.setEnv(u"LDAP_BASE_DN"_s, u"ou=groups,dc=lab,dc=example"_s);
    // Polling for a change must not run into the share rate limit.
    daemon.setEnv(u"RATE_LIMIT_PER_SECOND"_s, u"1000"_s);
    daemon.setEnv(u"RATE_LIMIT_BURST"_s, u"1000"_s);
}

} // namespace

class TestLdapTeams : public QObject
{
    Q_OBJECT

private slots:
    void directoryGroupsAdmitTheirMembers_data() { TestDatabases::addEngineRows(); }
    void directoryGroupsAdmitTheirMembers();
    void memberUidGroups_data() { TestDatabases::addEngineRows(); }
    void memberUidGroups();
    void unreachableDirectoryAdmitsNobody_data() { TestDatabases::addEngineRows(); }
    void unreachableDirectoryAdmitsNobody();
    void badSettingsStopTheDaemon();
};

void TestLdapTeams::directoryGroupsAdmitTheirMembers()
{
    QFETCH(QString, engine);
    ThrowawaySlapd slapd;
    QString error;
    QVERIFY2(slapd.start(kDirectory, &error), qPrintable(error));
    QTemporaryDir dir;
    DaemonProcess daemon;
    configure(daemon, slapd);
    daemon.setEnv(u"LDAP_CACHE_SECONDS"_s, u"1"_s);
    START_DAEMON(daemon, engine, dir);

    WsTestClient alice;
    WsTestClient bob;
    WsTestClient carol;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, u"http://192.168.1.50:3001"_s);
    OPEN_REGISTERED(bob, daemon.wsUrl(), {}, kBob, u"http://192.168.1.60:3001"_s);
    OPEN_REGISTERED(carol, daemon.wsUrl(), {}, kCarol, u"http://192.168.1.70:3001"_s);
    const QString token = wire::newToken();
    QVERIFY(isAck(alice.roundTrip(wire::publishShare(
        token, wire::metadata(kAlice, u"r1"_s, u"Lab only"_s, wire::teamPolicy(u"neuro-lab"_s))))));

    // Bob is in the directory's group, which is all it takes; carol is not.
    QCOMPARE(requestOutcome(bob, token, kBob), u"share_info"_s);
    QCOMPARE(requestOutcome(carol, token, kCarol), u"ACCESS_DENIED"_s);
    HttpTestClient bobHttp(daemon.httpUrl(u"/"_s));
    bobHttp.setBearer(TestJwt::forUser(kBob));
    QCOMPARE(bobHttp.get(u"/api/shares/"_s + token).status, 200);

    // The registry's members count too.
    HttpTestClient admin(daemon.httpUrl(u"/"_s));
    admin.setBearer(kAdminToken);
    QCOMPARE(admin
                 .sendJson("POST", u"/api/teams"_s,
                           {{"team_id"_L1, u"neuro-lab"_s}, {"name"_L1, u"Neuro"_s}})
                 .status,
             201);
    QCOMPARE(admin
                 .sendJson("PUT", u"/api/teams/neuro-lab/members/"_s + kCarol,
                           {{"role"_L1, u"member"_s}})
                 .status,
             201);
    QCOMPARE(requestOutcome(carol, token, kCarol), u"share_info"_s);

    // Taken out of the group in the directory, bob loses the share once the cached answer
    // (LDAP_CACHE_SECONDS=1) runs out.
    QVERIFY2(slapd.modify(kRemoveBob, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(requestOutcome(bob, token, kBob), u"ACCESS_DENIED"_s, 10000);
    QCOMPARE(bobHttp.get(u"/api/shares/"_s + token).status, 404);
    QCOMPARE(requestOutcome(carol, token, kCarol), u"share_info"_s);

    // A team id is a value in the filter, never filter syntax: "*" matches no group.
    const QString wildcard = wire::newToken();
    QVERIFY(isAck(alice.roundTrip(wire::publishShare(
        wildcard, wire::metadata(kAlice, u"r2"_s, u"Star"_s, wire::teamPolicy(u"*"_s))))));
    QVERIFY2(slapd.modify(uR"(dn: cn=neuro-lab,ou=groups,dc=lab,dc=example
changetype: modify
add: member
member: uid=bob,ou=people,dc=lab,dc=example
)"_s,
                          &error),
             qPrintable(error));
    QCOMPARE(requestOutcome(bob, wildcard, kBob), u"ACCESS_DENIED"_s);
    QTRY_COMPARE_WITH_TIMEOUT(requestOutcome(bob, token, kBob), u"share_info"_s, 10000);
}

// posixGroup-style groups list user ids themselves: LDAP_USER_ATTRIBUTE is empty.
void TestLdapTeams::memberUidGroups()
{
    QFETCH(QString, engine);
    ThrowawaySlapd slapd;
    QString error;
    QVERIFY2(slapd.start(kDirectory, &error), qPrintable(error));
    QTemporaryDir dir;
    DaemonProcess daemon;
    configure(daemon, slapd);
    daemon.setEnv(u"LDAP_GROUP_FILTER"_s, u"(&(objectClass=posixGroup)(cn={team}))"_s);
    daemon.setEnv(u"LDAP_MEMBER_ATTRIBUTE"_s, u"memberUid"_s);
    daemon.setEnv(u"LDAP_USER_ATTRIBUTE"_s, QString());
    START_DAEMON(daemon, engine, dir);

    WsTestClient alice;
    WsTestClient dave;
    WsTestClient bob;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, u"http://192.168.1.50:3001"_s);
    OPEN_REGISTERED(dave, daemon.wsUrl(), {}, kDave, u"http://192.168.1.80:3001"_s);
    OPEN_REGISTERED(bob, daemon.wsUrl(), {}, kBob, u"http://192.168.1.60:3001"_s);
    const QString token = wire::newToken();
    QVERIFY(isAck(alice.roundTrip(wire::publishShare(
        token, wire::metadata(kAlice, u"r1"_s, u"EEG"_s, wire::teamPolicy(u"eeg-lab"_s))))));
    QCOMPARE(requestOutcome(dave, token, kDave), u"share_info"_s);
    QCOMPARE(requestOutcome(bob, token, kBob), u"ACCESS_DENIED"_s);
}

// A directory that does not answer admits nobody through it; the registry still does, and the
// broker goes on.
void TestLdapTeams::unreachableDirectoryAdmitsNobody()
{
    QFETCH(QString, engine);
    ThrowawaySlapd slapd;
    QString error;
    QVERIFY2(slapd.start(kDirectory, &error), qPrintable(error));
    QTemporaryDir dir;
    DaemonProcess daemon;
    configure(daemon, slapd);
    daemon.setEnv(u"LDAP_CACHE_SECONDS"_s, u"0"_s);
    START_DAEMON(daemon, engine, dir);
    HttpTestClient admin(daemon.httpUrl(u"/"_s));
    admin.setBearer(kAdminToken);
    QCOMPARE(admin
                 .sendJson("POST", u"/api/teams"_s,
                           {{"team_id"_L1, u"neuro-lab"_s}, {"name"_L1, u"Neuro"_s}})
                 .status,
             201);
    QCOMPARE(admin
                 .sendJson("PUT", u"/api/teams/neuro-lab/members/"_s + kCarol,
                           {{"role"_L1, u"member"_s}})
                 .status,
             201);

    WsTestClient alice;
    WsTestClient bob;
    WsTestClient carol;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, u"http://192.168.1.50:3001"_s);
    OPEN_REGISTERED(bob, daemon.wsUrl(), {}, kBob, u"http://192.168.1.60:3001"_s);
    OPEN_REGISTERED(carol, daemon.wsUrl(), {}, kCarol, u"http://192.168.1.70:3001"_s);
    const QString token = wire::newToken();
    QVERIFY(isAck(alice.roundTrip(wire::publishShare(
        token, wire::metadata(kAlice, u"r1"_s, u"Lab only"_s, wire::teamPolicy(u"neuro-lab"_s))))));
    QCOMPARE(requestOutcome(bob, token, kBob), u"share_info"_s);

    slapd.stop();
    QCOMPARE(requestOutcome(bob, token, kBob), u"ACCESS_DENIED"_s);
    QCOMPARE(requestOutcome(carol, token, kCarol), u"share_info"_s);
    QCOMPARE(requestOutcome(alice, token, kAlice), u"share_info"_s);
    QVERIFY(daemon.isRunning());
    QVERIFY(daemon.output().contains(u"could not be looked up"_s));
    QVERIFY(!daemon.output().contains(u"secret"_s));
}

void TestLdapTeams::badSettingsStopTheDaemon()
{
    const QList<std::tuple<QString, QString, QString>> cases{
        {u"LDAP_URL"_s, u"http://directory.lab"_s, u"LDAP_URL"_s},
        {u"LDAP_URL"_s, u"ldap://127.0.0.1:1"_s, u"LDAP_BASE_DN"_s},
        {u"LDAP_GROUP_FILTER"_s, u"(cn=neuro-lab)"_s, u"LDAP_GROUP_FILTER"_s},
        {u"LDAP_CACHE_SECONDS"_s, u"-1"_s, u"LDAP_CACHE_SECONDS"_s},
    };
    for (const auto &[name, value, setting] : cases) {
        DaemonProcess daemon;
        QTemporaryDir dir;
        daemon.setEnv(u"DATA_DIR"_s, dir.path());
        if (name != "LDAP_URL"_L1) {
            daemon.setEnv(u"LDAP_URL"_s, u"ldap://127.0.0.1:1"_s);
            daemon.setEnv(u"LDAP_BASE_DN"_s, u"dc=lab,dc=example"_s);
        }
        daemon.setEnv(name, value);
        QString output;
        QCOMPARE(daemon.runToExit(&output), 2);
        QVERIFY2(output.contains(setting + u':'), qPrintable(output));
        QCOMPARE(output.trimmed().count(u'\n'), 0);
    }
}

QTEST_GUILESS_MAIN(TestLdapTeams)
#include "tst_ldapteams.moc"
