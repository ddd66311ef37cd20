// The HTTP API's bodies as the protocol module builds and reads them, and the error codes both
// transports share.

#include "protocol/ErrorCode.h"
#include "protocol/HttpBodies.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ddalab;
using namespace ddalab::protocol;

class TestHttpBodies : public QObject
{
    Q_OBJECT

private slots:
    void everyErrorCodeHasOneName();
    void errorBody();
    void teamBodies();
    void requestBodies_data();
    void requestBodies();
};

void TestHttpBodies::everyErrorCodeHasOneName()
{
    QSet<QString> names;
    for (int value = 0; value <= int(ErrorCode::AccountDisabled); ++value) {
        const auto code = ErrorCode(value);
        const QString name = errorCodeName(code);
        QVERIFY2(!names.contains(name), qPrintable(name));
        names.insert(name);
        QCOMPARE(errorCodeFromName(name), std::optional(code));
    }
    QCOMPARE(errorCodeName(ErrorCode::TeamNotFound), u"TEAM_NOT_FOUND"_s);
    QCOMPARE(errorCodeFromName(u"NO_SUCH_CODE"), std::nullopt);
}

void TestHttpBodies::errorBody()
{
    const QByteArray body = http::errorBody(ErrorCode::TeamNotFound, u"no such \"team\""_s);
    QCOMPARE(body, QByteArray(R"({"code":"TEAM_NOT_FOUND","error":"no such \"team\""})"));
    const auto read = http::readErrorBody(body);
    QVERIFY(read);
    QCOMPARE(read->code, ErrorCode::TeamNotFound);
    QCOMPARE(read->message, u"no such \"team\""_s);
    QVERIFY(!http::readErrorBody(R"({"code":"NOPE","error":"x"})"));
    QVERIFY(!http::readErrorBody("not json"));
}

void TestHttpBodies::teamBodies()
{
    const Team team{u"lab"_s, u"The lab"_s, QDateTime::fromMSecsSinceEpoch(1759492800123, Qt::UTC),
                    2};
    const TeamMember member{u"bob@lab"_s, TeamRole::Manager,
                            QDateTime::fromMSecsSinceEpoch(1759492800000, Qt::UTC)};
    QCOMPARE(QJsonDocument::fromJson(http::teamWithMembersBody(team, {member})).object(),
             (QJsonObject{{"team_id"_L1, u"lab"_s},
                          {"name"_L1, u"The lab"_s},
                          {"created_at"_L1, u"2025-10-03T12:00:00.123Z"_s},
                          {"member_count"_L1, 2},
                          {"members"_L1, QJsonArray{QJsonObject{
                                             {"user_id"_L1, u"bob@lab"_s},
                                             {"role"_L1, u"manager"_s},
                                             {"added_at"_L1, u"2025-10-03T12:00:00.000Z"_s}}}}}));
    QCOMPARE(QJsonDocument::fromJson(
                 http::userTeamsBody(u"bob@lab"_s, {{u"lab"_s, u"The lab"_s, TeamRole::Member}}))
                 .object(),
             (QJsonObject{{"user_id"_L1, u"bob@lab"_s},
                          {"teams"_L1, QJsonArray{QJsonObject{{"team_id"_L1, u"lab"_s},
                                                              {"name"_L1, u"The lab"_s},
                                                              {"role"_L1, u"member"_s}}}}}));
}

void TestHttpBodies::requestBodies_data()
{
    QTest::addColumn<QByteArray>("kind");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("error"); // empty: accepted
    QTest::newRow("new team") << QByteArray("new")
                              << QJsonObject{{"team_id"_L1, "lab"_L1}, {"name"_L1, "Lab"_L1}}
                              << QString();
    QTest::newRow("new team without id")
        << QByteArray("new") << QJsonObject{{"name"_L1, "Lab"_L1}} << u"missing field 'team_id'"_s;
    QTest::newRow("new team, empty name")
        << QByteArray("new") << QJsonObject{{"team_id"_L1, "lab"_L1}, {"name"_L1, ""_L1}}
        << u"field 'name' must be 1 to 256 printable characters"_s;
    QTest::newRow("rename") << QByteArray("rename") << QJsonObject{{"name"_L1, "Lab"_L1}}
                            << QString();
    QTest::newRow("rename, name a number") << QByteArray("rename") << QJsonObject{{"name"_L1, 5}}
                                           << u"field 'name' must be a string"_s;
    QTest::newRow("role") << QByteArray("role") << QJsonObject{{"role"_L1, "manager"_L1}}
                          << QString();
    QTest::newRow("unknown role") << QByteArray("role") << QJsonObject{{"role"_L1, "owner"_L1}}
                                  << u"field 'role' must be \"member\" or \"manager\""_s;
}

void TestHttpBodies::requestBodies()
{
    QFETCH(QByteArray, kind);
    QFETCH(QJsonObject, body);
    QFETCH(QString, error);
    QString reason;
    bool accepted = false;
    if (kind == "new")
        accepted = http::readNewTeam(body, &reason).has_value();
    else if (kind == "rename")
        accepted = http::readTeamRename(body, &reason).has_value();
    else
        accepted = http::readMemberRole(body, &reason).has_value();
    QCOMPARE(accepted, error.isEmpty());
    QCOMPARE(reason, error);
}

QTEST_GUILESS_MAIN(TestHttpBodies)
#include "tst_httpbodies.moc"
