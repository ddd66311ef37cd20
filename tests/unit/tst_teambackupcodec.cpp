// The codec of the team and backup messages: list_teams, list_shares, backup_state and
// restore_state in; team_list, share_list and state_backup out; their error codes; and the rules
// under them (state hashes, ids, team policies).

#include "domain/AccessPolicyEvaluator.h"
#include "domain/StateHash.h"
#include "protocol/IdRules.h"
#include "protocol/MessageCodec.h"
#include "protocol/ShareJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ddalab;
using namespace ddalab::protocol;

namespace {

// The sha256 of "state" and of nothing, as sha256sum prints them.
const QString kStateHash = u"4ba69735ca53765ed6a709edb56c6ea236b7193a3b29a6b390c346f0f4340e4e"_s;
const QString kEmptyHash = u"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"_s;

QJsonObject parse(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

QByteArray frame(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

template <typename T>
T decodeAs(const QJsonObject &object, std::optional<QString> *messageId = nullptr)
{
    const DecodedFrame decoded = MessageCodec::decodeRequest(frame(object));
    const auto *incoming = std::get_if<IncomingRequest>(&decoded);
    if (!incoming) {
        const auto *failure = std::get_if<DecodeFailure>(&decoded);
        qWarning() << "not decoded:" << (failure ? failure->message : u"ignored"_s);
        return {};
    }
    if (messageId)
        *messageId = incoming->messageId;
    const T *message = std::get_if<T>(&incoming->request);
    return message ? *message : T{};
}

QString failureOf(const QJsonObject &object)
{
    const DecodedFrame decoded = MessageCodec::decodeRequest(frame(object));
    const auto *failure = std::get_if<DecodeFailure>(&decoded);
    return failure ? failure->message : QString();
}

QJsonObject backupState(const QJsonValue &hash, const QJsonValue &data)
{
    QJsonObject object{{"type"_L1, "backup_state"_L1}, {"user_id"_L1, u"alice@lab"_s}};
    if (!hash.isUndefined())
        object.insert("state_hash"_L1, hash);
    if (!data.isUndefined())
        object.insert("data"_L1, data);
    return object;
}

} // namespace

class TestTeamBackupCodec : public QObject
{
    Q_OBJECT

private slots:
    void listRequests();
    void backupStateDecodes_data();
    void backupStateDecodes();
    void backupStateRefusals_data();
    void backupStateRefusals();
    void restoreState();
    void requestsRoundTrip();
    void teamListReply();
    void shareListReply();
    void stateBackupReply();
    void repliesDecodeBack();
    void malformedRepliesAreRefused_data();
    void malformedRepliesAreRefused();
    void ownReplyTypesAreIgnored();
    void errorCodes();
    void stateHash();
    void ids();
    void teamPolicies();
};

void TestTeamBackupCodec::listRequests()
{
    std::optional<QString> messageId;
    decodeAs<ListTeams>({{"type"_L1, "list_teams"_L1}, {"message_id"_L1, u"7"_s}}, &messageId);
    QCOMPARE(messageId, std::optional<QString>(u"7"_s));
    const DecodedFrame teams = MessageCodec::decodeRequest(R"({"type":"list_teams","extra":1})");
    QVERIFY(std::holds_alternative<ListTeams>(std::get<IncomingRequest>(teams).request));
    const DecodedFrame shares = MessageCodec::decodeRequest(R"({"type":"list_shares"})");
    QVERIFY(std::holds_alternative<ListShares>(std::get<IncomingRequest>(shares).request));
    QCOMPARE(requestTypeName(ListTeams{}), u"list_teams"_s);
    QCOMPARE(requestTypeName(ListShares{}), u"list_shares"_s);
    QCOMPARE(requestTypeName(BackupState{}), u"backup_state"_s);
    QCOMPARE(requestTypeName(RestoreState{}), u"restore_state"_s);
}

void TestTeamBackupCodec::backupStateDecodes_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("hash");
    QTest::newRow("empty") << QByteArray() << kEmptyHash;
    QTest::newRow("text") << QByteArray("state") << kStateHash;
    QTest::newRow("upper-case hash") << QByteArray("state") << kStateHash.toUpper();
    QByteArray binary;
    for (int i = 0; i < 256; ++i)
        binary.append(char(i));
    QTest::newRow("every byte") << binary << StateHash::of(binary);
}

void TestTeamBackupCodec::backupStateDecodes()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, hash);
    const BackupState message =
        decodeAs<BackupState>(backupState(hash, QString::fromLatin1(data.toBase64())));
    QCOMPARE(message.userId, u"alice@lab"_s);
    QCOMPARE(message.stateHash, hash);
    QCOMPARE(message.data, data);
}

void TestTeamBackupCodec::backupStateRefusals_data()
{
    QTest::addColumn<QJsonObject>("message");
    QTest::addColumn<QString>("field");
    const QString data = QString::fromLatin1(QByteArray("state").toBase64());
    QTest::newRow("no hash") << backupState(QJsonValue::Undefined, data) << u"state_hash"_s;
    QTest::newRow("short hash") << backupState(kStateHash.left(63), data) << u"state_hash"_s;
    QTest::newRow("long hash") << backupState(kStateHash + u'0', data) << u"state_hash"_s;
    QTest::newRow("not hex") << backupState(u"z"_s + kStateHash.mid(1), data) << u"state_hash"_s;
    QTest::newRow("hash not a string") << backupState(42, data) << u"state_hash"_s;
    QTest::newRow("no data") << backupState(kStateHash, QJsonValue::Undefined) << u"data"_s;
    QTest::newRow("data null") << backupState(kStateHash, QJsonValue::Null) << u"data"_s;
    QTest::newRow("data not base64") << backupState(kStateHash, u"c3Rh*GU="_s) << u"data"_s;
    QTest::newRow("data not a string") << backupState(kStateHash, QJsonArray{1}) << u"data"_s;
    QJsonObject noUser = backupState(kStateHash, data);
    noUser.remove("user_id"_L1);
    QTest::newRow("no user") << noUser << u"user_id"_s;
}

void TestTeamBackupCodec::backupStateRefusals()
{
    QFETCH(QJsonObject, message);
    QFETCH(QString, field);
    const QString failure = failureOf(message);
    QVERIFY2(failure.contains(u'\'' + field + u'\''), qPrintable(failure));
}

void TestTeamBackupCodec::restoreState()
{
    QCOMPARE(
        decodeAs<RestoreState>({{"type"_L1, "restore_state"_L1}, {"user_id"_L1, u"bob"_s}}).userId,
        u"bob"_s);
    QVERIFY(failureOf({{"type"_L1, "restore_state"_L1}}).contains("'user_id'"_L1));
    QVERIFY(failureOf({{"type"_L1, "restore_state"_L1}, {"user_id"_L1, u"a\u0001b"_s}})
                .contains("'user_id'"_L1));
}

// What the encoder writes, the decoder reads back the same.
void TestTeamBackupCodec::requestsRoundTrip()
{
    const QByteArray data("\x00\x01state\xff", 8);
    const BackupState backup{u"alice@lab"_s, StateHash::of(data), data};
    const BackupState decoded =
        decodeAs<BackupState>(parse(MessageCodec::encodeRequest(backup, u"m1"_s)));
    QCOMPARE(decoded.userId, backup.userId);
    QCOMPARE(decoded.stateHash, backup.stateHash);
    QCOMPARE(decoded.data, backup.data);
    QCOMPARE(parse(MessageCodec::encodeRequest(ListTeams{})),
             (QJsonObject{{"type"_L1, "list_teams"_L1}}));
    QCOMPARE(parse(MessageCodec::encodeRequest(ListShares{}, u"x"_s)),
             (QJsonObject{{"type"_L1, "list_shares"_L1}, {"message_id"_L1, u"x"_s}}));
    QCOMPARE(parse(MessageCodec::encodeRequest(RestoreState{u"bob"_s})),
             (QJsonObject{{"type"_L1, "restore_state"_L1}, {"user_id"_L1, u"bob"_s}}));
}

void TestTeamBackupCodec::teamListReply()
{
    const TeamList list{{TeamMembership{u"alpha"_s, u"Alpha Lab"_s, TeamRole::Member},
                         TeamMembership{u"beta"_s, u"Beta"_s, TeamRole::Manager}}};
    QCOMPARE(parse(MessageCodec::encodeReply(list, u"t1"_s)),
             (QJsonObject{{"type"_L1, "team_list"_L1},
                          {"message_id"_L1, u"t1"_s},
                          {"teams"_L1, QJsonArray{QJsonObject{{"team_id"_L1, u"alpha"_s},
                                                              {"name"_L1, u"Alpha Lab"_s},
                                                              {"role"_L1, u"member"_s}},
                                                  QJsonObject{{"team_id"_L1, u"beta"_s},
                                                              {"name"_L1, u"Beta"_s},
                                                              {"role"_L1, u"manager"_s}}}}}));
    // Without a message_id, none is written (only acks always carry one).
    QCOMPARE(parse(MessageCodec::encodeReply(TeamList{})),
             (QJsonObject{{"type"_L1, "team_list"_L1}, {"teams"_L1, QJsonArray()}}));
}

void TestTeamBackupCodec::shareListReply()
{
    ShareRecord share;
    share.token = u"q7cF0nXkR4m2vB9sT1uWyA"_s;
    share.metadata.ownerUserId = u"alice@lab"_s;
    share.metadata.resultId = u"r1"_s;
    share.metadata.title = u"T"_s;
    share.metadata.createdAt = QDateTime::fromMSecsSinceEpoch(1759492800123, Qt::UTC);
    share.metadata.accessPolicy = AccessPolicy::makeTeam(u"lab"_s);
    const QJsonObject reply = parse(MessageCodec::encodeReply(ShareList{{share}, true}));
    QCOMPARE(reply.value("type"_L1).toString(), u"share_list"_s);
    QCOMPARE(reply.value("truncated"_L1), QJsonValue(true));
    const QJsonArray shares = reply.value("shares"_L1).toArray();
    QCOMPARE(shares.size(), 1);
    QCOMPARE(
        shares.first().toObject(),
        (QJsonObject{{"token"_L1, share.token},
                     {"metadata"_L1, share_json::metadataToJson(share.metadata, share.usage)}}));
    QCOMPARE(shares.first()["metadata"_L1]["access_policy"_L1].toObject(),
             (QJsonObject{{"type"_L1, "team"_L1}, {"team_id"_L1, u"lab"_s}}));
}

void TestTeamBackupCodec::stateBackupReply()
{
    const QByteArray data("\x00\xffstate", 7);
    BackupRecord backup{u"alice@lab"_s,
                        data,
                        StateHash::of(data),
                        data.size(),
                        QDateTime::fromMSecsSinceEpoch(1759492800123, Qt::UTC),
                        QDateTime::fromMSecsSinceEpoch(1759492900000, Qt::UTC)};
    QCOMPARE(parse(MessageCodec::encodeReply(StateBackup{backup}, u"r"_s)),
             (QJsonObject{{"type"_L1, "state_backup"_L1},
                          {"message_id"_L1, u"r"_s},
                          {"user_id"_L1, u"alice@lab"_s},
                          {"state_hash"_L1, StateHash::of(data)},
                          {"size_bytes"_L1, 7},
                          {"created_at"_L1, u"2025-10-03T12:00:00.123Z"_s},
                          {"updated_at"_L1, u"2025-10-03T12:01:40.000Z"_s},
                          {"data"_L1, QString::fromLatin1(data.toBase64())}}));
    backup.data.clear();
    backup.sizeBytes = 0;
    QCOMPARE(parse(MessageCodec::encodeReply(StateBackup{backup})).value("data"_L1).toString(),
             QString());
}

// What the broker sends, read back by a client with the same codec.
template <typename T> T decodeReply(const QByteArray &frame, QString *messageId)
{
    const DecodedServerFrame decoded = MessageCodec::decodeServerFrame(frame);
    const auto *incoming = std::get_if<IncomingReply>(&decoded);
    if (!incoming) {
        const auto *failure = std::get_if<DecodeFailure>(&decoded);
        qWarning() << "not decoded:" << (failure ? failure->message : u"an event"_s);
        return {};
    }
    *messageId = incoming->messageId.value_or(QString());
    const T *reply = std::get_if<T>(&incoming->reply);
    return reply ? *reply : T{};
}

void TestTeamBackupCodec::repliesDecodeBack()
{
    QString messageId;
    const TeamList teams = decodeReply<TeamList>(
        MessageCodec::encodeReply(TeamList{{{u"lab"_s, u"The lab"_s, TeamRole::Manager},
                                            {u"eeg"_s, u"EEG"_s, TeamRole::Member}}},
                                  u"t1"_s),
        &messageId);
    QCOMPARE(messageId, u"t1"_s);
    QCOMPARE(teams.teams.size(), 2);
    QCOMPARE(teams.teams[0].teamId, u"lab"_s);
    QCOMPARE(teams.teams[0].teamName, u"The lab"_s);
    QCOMPARE(teams.teams[0].role, TeamRole::Manager);
    QCOMPARE(teams.teams[1].role, TeamRole::Member);

    ShareRecord share;
    share.token = u"q7cF0nXkR4m2vB9sT1uWyA"_s;
    share.metadata.ownerUserId = u"alice@lab"_s;
    share.metadata.resultId = u"r1"_s;
    share.metadata.title = u"T"_s;
    share.metadata.description = u"D"_s;
    share.metadata.createdAt = QDateTime::fromMSecsSinceEpoch(1759492800123, Qt::UTC);
    share.metadata.accessPolicy = AccessPolicy::makeUsers({u"bob@lab"_s});
    const ShareList shares = decodeReply<ShareList>(
        MessageCodec::encodeReply(ShareList{{share}, true}, u"s1"_s), &messageId);
    QCOMPARE(messageId, u"s1"_s);
    QCOMPARE(shares.shares, QList<ShareRecord>{share});
    QVERIFY(shares.truncated);

    const QByteArray data("\x00\xffstate", 7);
    const BackupRecord backup{u"alice@lab"_s,
                              data,
                              StateHash::of(data),
                              data.size(),
                              QDateTime::fromMSecsSinceEpoch(1759492800123, Qt::UTC),
                              QDateTime::fromMSecsSinceEpoch(1759492900000, Qt::UTC)};
    const StateBackup restored = decodeReply<StateBackup>(
        MessageCodec::encodeReply(StateBackup{backup}, u"b1"_s), &messageId);
    QCOMPARE(messageId, u"b1"_s);
    QCOMPARE(restored.backup.userId, backup.userId);
    QCOMPARE(restored.backup.data, data);
    QCOMPARE(restored.backup.stateHash, backup.stateHash);
    QCOMPARE(restored.backup.sizeBytes, qint64(7));
    QCOMPARE(restored.backup.createdAt, backup.createdAt);
    QCOMPARE(restored.backup.updatedAt, backup.updatedAt);
}

void TestTeamBackupCodec::malformedRepliesAreRefused_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QString>("failure");
    QTest::newRow("team role")
        << QByteArray(R"({"type":"team_list","teams":[{"team_id":"a","name":"A","role":"owner"}]})")
        << u"team_list: field 'teams[0].role' must be \"member\" or \"manager\""_s;
    QTest::newRow("teams not an array") << QByteArray(R"({"type":"team_list","teams":{}})")
                                        << u"team_list: field 'teams' must be an array"_s;
    QTest::newRow("share without token")
        << QByteArray(R"({"type":"share_list","truncated":false,"shares":[{"metadata":{}}]})")
        << u"share_list: missing field 'shares[0].token'"_s;
    QTest::newRow("backup data not base64")
        << QByteArray(
               R"({"type":"state_backup","user_id":"a","state_hash":")" + kEmptyHash.toLatin1() +
               R"(","size_bytes":0,"created_at":"2025-10-03T12:00:00Z","updated_at":"2025-10-03T12:00:00Z","data":"!!"})")
        << u"state_backup: field 'data' must be base64"_s;
    QTest::newRow("backup size disagrees")
        << QByteArray(
               R"({"type":"state_backup","user_id":"a","state_hash":")" + kEmptyHash.toLatin1() +
               R"(","size_bytes":3,"created_at":"2025-10-03T12:00:00Z","updated_at":"2025-10-03T12:00:00Z","data":""})")
        << u"state_backup: field 'data' does not hold size_bytes bytes"_s;
}

void TestTeamBackupCodec::malformedRepliesAreRefused()
{
    QFETCH(QByteArray, frame);
    QFETCH(QString, failure);
    const DecodedServerFrame decoded = MessageCodec::decodeServerFrame(frame);
    const auto *refused = std::get_if<DecodeFailure>(&decoded);
    QVERIFY(refused);
    QCOMPARE(refused->message, failure);
}

void TestTeamBackupCodec::ownReplyTypesAreIgnored()
{
    for (const char *type : {"team_list", "share_list", "state_backup"}) {
        const DecodedFrame decoded = MessageCodec::decodeRequest(
            frame({{"type"_L1, QLatin1StringView(type)}, {"teams"_L1, 5}}));
        QVERIFY2(std::holds_alternative<IgnoredMessage>(decoded), type);
    }
}

void TestTeamBackupCodec::errorCodes()
{
    for (const auto &[code, name] : {std::pair{ErrorCode::HashMismatch, "HASH_MISMATCH"},
                                     std::pair{ErrorCode::BackupTooLarge, "BACKUP_TOO_LARGE"},
                                     std::pair{ErrorCode::NoBackup, "NO_BACKUP"}}) {
        QCOMPARE(errorCodeName(code), QString::fromLatin1(name));
        QCOMPARE(errorCodeFromName(QString::fromLatin1(name)), std::optional<ErrorCode>(code));
        QCOMPARE(parse(MessageCodec::encodeReply(Error{code, u"m"_s})).value("code"_L1).toString(),
                 QString::fromLatin1(name));
    }
}

void TestTeamBackupCodec::stateHash()
{
    QCOMPARE(StateHash::of(QByteArray()), kEmptyHash);
    QCOMPARE(StateHash::of("state"), kStateHash);
    QVERIFY(StateHash::isWellFormed(kStateHash));
    QVERIFY(StateHash::isWellFormed(kStateHash.toUpper()));
    QVERIFY(!StateHash::isWellFormed(kStateHash.left(63)));
    QVERIFY(!StateHash::isWellFormed(kStateHash.left(63) + u'g'));
    QVERIFY(!StateHash::isWellFormed(QString()));
    QVERIFY(StateHash::matches(kStateHash.toUpper(), "state"));
    QVERIFY(!StateHash::matches(kStateHash, "state "));
    QVERIFY(!StateHash::matches(kEmptyHash, "state"));
}

void TestTeamBackupCodec::ids()
{
    QVERIFY(ids::isValidUserId(u"alice@institution.edu"));
    QVERIFY(ids::isValidUserId(u"müller/o'brien"));
    QVERIFY(ids::isValidUserId(QString(256, u'a')));
    QVERIFY(!ids::isValidUserId(QString(257, u'a')));
    QVERIFY(!ids::isValidUserId(u""));
    QVERIFY(!ids::isValidUserId(u"a\nb"));
    QVERIFY(ids::isValidTeamId(u"neuro-lab"));
    QVERIFY(!ids::isValidTeamId(QString(257, u't')));
    QVERIFY(!ids::isValidTeamId(u"tab\there"));
}

void TestTeamBackupCodec::teamPolicies()
{
    const AccessPolicy team = AccessPolicy::makeTeam(u"lab"_s);
    QVERIFY(AccessPolicyEvaluator::admits(team, u"owner"_s, u"member"_s, true));
    QVERIFY(!AccessPolicyEvaluator::admits(team, u"owner"_s, u"stranger"_s, false));
    QVERIFY(AccessPolicyEvaluator::admits(team, u"owner"_s, u"owner"_s, false));
    // Anonymous requesters are nobody's team mates.
    QVERIFY(!AccessPolicyEvaluator::admits(team, u"owner"_s, QString(), true));
    // Membership says nothing about other kinds of policy.
    QVERIFY(!AccessPolicyEvaluator::admits(AccessPolicy::makeUsers({u"x"_s}), u"owner"_s,
                                           u"member"_s, true));
}

QTEST_GUILESS_MAIN(TestTeamBackupCodec)
#include "tst_teambackupcodec.moc"
