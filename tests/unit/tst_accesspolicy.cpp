#include "domain/AccessPolicyEvaluator.h"

#include <QTest>

using namespace Qt::StringLiterals;
using ddalab::AccessPolicy;
using ddalab::AccessPolicyEvaluator;

Q_DECLARE_METATYPE(ddalab::AccessPolicy)

class tst_AccessPolicy : public QObject
{
    Q_OBJECT

private slots:
    void admits_data();
    void admits();
};

void tst_AccessPolicy::admits_data()
{
    QTest::addColumn<AccessPolicy>("policy");
    QTest::addColumn<QString>("owner");
    QTest::addColumn<QString>("requester");
    QTest::addColumn<bool>("admitted");

    const QString alice = u"alice@institution.edu"_s;
    const QString bob = u"bob@institution.edu"_s;
    const QString carol = u"carol@institution.edu"_s;
    const QString dave = u"dave@elsewhere.org"_s;
    const QString anonymous; // an HTTP lookup without a user
    const AccessPolicy everyone = AccessPolicy::makePublic();
    const AccessPolicy listed = AccessPolicy::makeUsers({bob, carol});
    const AccessPolicy nobody = AccessPolicy::makeUsers({});
    const AccessPolicy team = AccessPolicy::makeTeam(u"eeg-lab"_s);

    // public admits anyone, anonymous included.
    QTest::newRow("public: owner") << everyone << alice << alice << true;
    QTest::newRow("public: another user") << everyone << alice << bob << true;
    QTest::newRow("public: stranger") << everyone << alice << dave << true;
    QTest::newRow("public: anonymous") << everyone << alice << anonymous << true;

    // users admits exactly the listed ids, and the owner.
    QTest::newRow("users: owner not in the list") << listed << alice << alice << true;
    QTest::newRow("users: first listed") << listed << alice << bob << true;
    QTest::newRow("users: second listed") << listed << alice << carol << true;
    QTest::newRow("users: not listed") << listed << alice << dave << false;
    QTest::newRow("users: anonymous") << listed << alice << anonymous << false;
    QTest::newRow("users: ids are case-sensitive")
        << listed << alice << u"Bob@institution.edu"_s << false;
    QTest::newRow("users: no prefix match") << listed << alice << u"bob"_s << false;
    QTest::newRow("users: empty list, owner") << nobody << alice << alice << true;
    QTest::newRow("users: empty list, another user") << nobody << alice << bob << false;
    QTest::newRow("users: empty list, anonymous") << nobody << alice << anonymous << false;

    // team denies everyone but the owner until a team registry answers for membership.
    QTest::newRow("team: owner") << team << alice << alice << true;
    QTest::newRow("team: another user") << team << alice << bob << false;
    QTest::newRow("team: user named like the team") << team << alice << u"eeg-lab"_s << false;
    QTest::newRow("team: anonymous") << team << alice << anonymous << false;

    // An empty requester is anonymous, never the owner.
    QTest::newRow("team: anonymous with an empty owner") << team << anonymous << anonymous << false;
    QTest::newRow("users: anonymous with an empty owner")
        << nobody << anonymous << anonymous << false;
}

void tst_AccessPolicy::admits()
{
    QFETCH(AccessPolicy, policy);
    QFETCH(QString, owner);
    QFETCH(QString, requester);
    QFETCH(bool, admitted);

    QCOMPARE(AccessPolicyEvaluator::admits(policy, owner, requester), admitted);
}

QTEST_GUILESS_MAIN(tst_AccessPolicy)
#include "tst_accesspolicy.moc"
