#include "protocol/FieldLimits.h"
#include "protocol/MessageCodec.h"
#include "protocol/Messages.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ddalab;
using namespace ddalab::protocol;

Q_DECLARE_METATYPE(ddalab::AccessPolicy)
Q_DECLARE_METATYPE(ddalab::protocol::Request)
Q_DECLARE_METATYPE(ddalab::protocol::ErrorCode)
Q_DECLARE_METATYPE(std::optional<QString>)

namespace {

// A token as the desktop client makes them: 16 random bytes, unpadded base64url.
const QString kToken = u"q3Zk8w0bXc1uN5pL2aR7-_"_s;

const QDateTime kCreatedAt(QDate(2025, 10, 3), QTime(12, 0, 0, 123), Qt::UTC);

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject with(QJsonObject object, const QString &key, const QJsonValue &value)
{
    object.insert(key, value); // an Undefined value removes the key
    return object;
}

QJsonObject validRegister()
{
    return {{"type"_L1, "register_user"_L1},
            {"user_id"_L1, "alice@institution.edu"_L1},
            {"endpoint"_L1, "http://192.168.1.50:3001"_L1}};
}

QJsonObject validPolicy(const QString &type)
{
    if (type == "team"_L1)
        return {{"type"_L1, "team"_L1}, {"team_id"_L1, "eeg-lab"_L1}};
    if (type == "users"_L1)
        return {{"type"_L1, "users"_L1},
                {"user_ids"_L1, QJsonArray{u"bob@institution.edu"_s, u"carol@institution.edu"_s}}};
    return {{"type"_L1, "public"_L1}};
}

QJsonObject validMetadata()
{
    return {{"owner_user_id"_L1, "alice@institution.edu"_L1},
            {"result_id"_L1, "result-uuid"_L1},
            {"title"_L1, "My DDA Analysis"_L1},
            {"description"_L1, "EEG analysis from experiment X"_L1},
            {"created_at"_L1, "2025-10-03T12:00:00.123456789Z"_L1},
            {"access_policy"_L1, validPolicy(u"public"_s)}};
}

QJsonObject validPublish()
{
    return {
        {"type"_L1, "publish_share"_L1}, {"token"_L1, kToken}, {"metadata"_L1, validMetadata()}};
}

QJsonObject publishWithMetadata(const QString &key, const QJsonValue &value)
{
    return with(validPublish(), u"metadata"_s, with(validMetadata(), key, value));
}

QJsonObject publishWithPolicy(const QJsonValue &policy)
{
    return publishWithMetadata(u"access_policy"_s, policy);
}

QJsonObject validRequestShare()
{
    return {{"type"_L1, "request_share"_L1},
            {"token"_L1, kToken},
            {"requester_id"_L1, "bob@institution.edu"_L1}};
}

QJsonObject validRevoke()
{
    return {{"type"_L1, "revoke_share"_L1}, {"token"_L1, kToken}};
}

QString longText(qsizetype length)
{
    return QString(length, u'a');
}

QString describePolicy(const AccessPolicy &policy)
{
    return accessPolicyKindName(policy.kind) + u" team="_s + policy.teamId + u" users=["_s +
           policy.userIds.join(u',') + u']';
}

QString describeOptional(const std::optional<QString> &text)
{
    return text ? u'"' + *text + u'"' : u"null"_s;
}

// Every field of a request as text, written out by hand (not by the codec under test), so
// that QCOMPARE shows what differs.
QString describe(const Request &request)
{
    return std::visit(
        [](const auto &message) -> QString {
            using T = std::decay_t<decltype(message)>;
            if constexpr (std::is_same_v<T, RegisterUser>)
                return u"register_user user_id=%1 endpoint=%2"_s.arg(message.userId,
                                                                     message.endpoint);
            else if constexpr (std::is_same_v<T, Heartbeat>)
                return u"heartbeat user_id=%1"_s.arg(message.userId);
            else if constexpr (std::is_same_v<T, Disconnect>)
                return u"disconnect user_id=%1"_s.arg(message.userId);
            else if constexpr (std::is_same_v<T, PublishShare>)
                return u"publish_share token=%1 owner=%2 result=%3 title=%4 description=%5 "
                       "created_at=%6 policy=%7"_s.arg(
                           message.token, message.metadata.ownerUserId, message.metadata.resultId,
                           message.metadata.title, describeOptional(message.metadata.description),
                           message.metadata.createdAt.toUTC().toString(Qt::ISODateWithMs),
                           describePolicy(message.metadata.accessPolicy));
            else if constexpr (std::is_same_v<T, RequestShare>)
                return u"request_share token=%1 requester_id=%2"_s.arg(message.token,
                                                                       message.requesterId);
            else if constexpr (std::is_same_v<T, RevokeShare>)
                return u"revoke_share token=%1"_s.arg(message.token);
            else if constexpr (std::is_same_v<T, Authenticate>)
                return u"authenticate access_token=%1"_s.arg(message.accessToken);
            else // team and backup messages: covered by tst_teambackupcodec
                return QString::fromUtf8(MessageCodec::encodeRequest(message));
        },
        request);
}

QString describe(const DecodedFrame &frame)
{
    if (const auto *request = std::get_if<IncomingRequest>(&frame))
        return u"IncomingRequest(%1, message_id=%2)"_s.arg(describe(request->request),
                                                           describeOptional(request->messageId));
    if (const auto *ignored = std::get_if<IgnoredMessage>(&frame))
        return u"IgnoredMessage(%1)"_s.arg(ignored->type);
    return u"DecodeFailure(%1)"_s.arg(std::get<DecodeFailure>(frame).message);
}

QJsonObject replyObject(const QByteArray &frame)
{
    return QJsonDocument::fromJson(frame).object();
}

ShareMetadata sampleMetadata(const AccessPolicy &policy, const std::optional<QString> &description)
{
    ShareMetadata metadata;
    metadata.ownerUserId = u"alice@institution.edu"_s;
    metadata.resultId = u"result-uuid"_s;
    metadata.title = u"My DDA Analysis"_s;
    metadata.description = description;
    metadata.createdAt = kCreatedAt;
    metadata.accessPolicy = policy;
    return metadata;
}

} // namespace

class tst_MessageCodec : public QObject
{
    Q_OBJECT

private slots:
    // Requests as the desktop client sends them.
    void decodeRegisterUser();
    void decodeHeartbeat();
    void decodeDisconnect();
    void decodePublishShare_data();
    void decodePublishShare();
    void decodeRequestShare();
    void decodeRevokeShare();
    void decodeIgnoresUnknownFields();
    void decodeEchoesMessageId_data();
    void decodeEchoesMessageId();
    void decodeAcceptsFieldsAtTheirLimits();

    void roundTrip_data();
    void roundTrip();

    // Replies as the desktop client parses them.
    void encodeAck_data();
    void encodeAck();
    void encodeError_data();
    void encodeError();
    void encodeShareInfo_data();
    void encodeShareInfo();
    void encodedTextSurvivesJsonEscaping_data();
    void encodedTextSurvivesJsonEscaping();

    // Frames that are not requests.
    void malformedFrames_data();
    void malformedFrames();
    void failureKeepsReadableMessageId();
    void replyFramesAreIgnored_data();
    void replyFramesAreIgnored();
};

void tst_MessageCodec::decodeRegisterUser()
{
    const DecodedFrame frame = MessageCodec::decodeRequest(R"({
        "type": "register_user",
        "user_id": "alice@institution.edu",
        "endpoint": "http://192.168.1.50:3001"
    })"_ba);
    const auto *incoming = std::get_if<IncomingRequest>(&frame);
    QVERIFY2(incoming, qPrintable(describe(frame)));
    QCOMPARE(incoming->messageId, std::nullopt);
    const auto *message = std::get_if<RegisterUser>(&incoming->request);
    QVERIFY2(message, qPrintable(describe(frame)));
    QCOMPARE(message->userId, u"alice@institution.edu"_s);
    QCOMPARE(message->endpoint, u"http://192.168.1.50:3001"_s);
    QCOMPARE(requestTypeName(incoming->request), u"register_user"_s);
}

void tst_MessageCodec::decodeHeartbeat()
{
    const DecodedFrame frame =
        MessageCodec::decodeRequest(R"({"type":"heartbeat","user_id":"alice@institution.edu"})"_ba);
    const auto *incoming = std::get_if<IncomingRequest>(&frame);
    QVERIFY2(incoming, qPrintable(describe(frame)));
    const auto *message = std::get_if<Heartbeat>(&incoming->request);
    QVERIFY2(message, qPrintable(describe(frame)));
    QCOMPARE(message->userId, u"alice@institution.edu"_s);
    QCOMPARE(incoming->messageId, std::nullopt);
}

void tst_MessageCodec::decodeDisconnect()
{
    const DecodedFrame frame = MessageCodec::decodeRequest(
        R"({"type":"disconnect","user_id":"alice@institution.edu"})"_ba);
    const auto *incoming = std::get_if<IncomingRequest>(&frame);
    QVERIFY2(incoming, qPrintable(describe(frame)));
    const auto *message = std::get_if<Disconnect>(&incoming->request);
    QVERIFY2(message, qPrintable(describe(frame)));
    QCOMPARE(message->userId, u"alice@institution.edu"_s);
}

void tst_MessageCodec::decodePublishShare_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<AccessPolicy>("policy");
    QTest::addColumn<std::optional<QString>>("description");

    // The seed README's shape, with the desktop client's nine fractional digits.
    const QByteArray shape = R"({
        "type": "publish_share",
        "token": "q3Zk8w0bXc1uN5pL2aR7-_",
        "metadata": {
            "owner_user_id": "alice@institution.edu",
            "result_id": "result-uuid",
            "title": "My DDA Analysis",
            DESCRIPTION
            "created_at": "2025-10-03T12:00:00.123456789Z",
            "access_policy": POLICY
        }
    })"_ba;
    const auto frame = [&shape](const QByteArray &policy, const QByteArray &description) {
        return QByteArray(shape).replace("POLICY", policy).replace("DESCRIPTION", description);
    };
    const QByteArray text = R"("description": "EEG analysis from experiment X",)"_ba;
    const QByteArray null = R"("description": null,)"_ba;
    const std::optional<QString> textValue = u"EEG analysis from experiment X"_s;
    const std::optional<QString> nullValue = std::nullopt;
    const QByteArray isPublic = R"({"type": "public"})"_ba;
    const QByteArray team = R"({"type": "team", "team_id": "eeg-lab"})"_ba;
    const QByteArray users =
        R"({"type": "users", "user_ids": ["bob@institution.edu", "carol@institution.edu"]})"_ba;
    const AccessPolicy usersPolicy =
        AccessPolicy::makeUsers({u"bob@institution.edu"_s, u"carol@institution.edu"_s});

    QTest::newRow("public, description")
        << frame(isPublic, text) << AccessPolicy::makePublic() << textValue;
    QTest::newRow("public, null description")
        << frame(isPublic, null) << AccessPolicy::makePublic() << nullValue;
    QTest::newRow("public, no description")
        << frame(isPublic, {}) << AccessPolicy::makePublic() << nullValue;
    QTest::newRow("team, description")
        << frame(team, text) << AccessPolicy::makeTeam(u"eeg-lab"_s) << textValue;
    QTest::newRow("team, null description")
        << frame(team, null) << AccessPolicy::makeTeam(u"eeg-lab"_s) << nullValue;
    QTest::newRow("users, description") << frame(users, text) << usersPolicy << textValue;
    QTest::newRow("users, null description") << frame(users, null) << usersPolicy << nullValue;
    QTest::newRow("users, empty list") << frame(R"({"type": "users", "user_ids": []})"_ba, null)
                                       << AccessPolicy::makeUsers({}) << nullValue;
    QTest::newRow("empty description")
        << frame(isPublic, R"("description": "",)"_ba) << AccessPolicy::makePublic()
        << std::optional<QString>(QString());
}

void tst_MessageCodec::decodePublishShare()
{
    QFETCH(QByteArray, frame);
    QFETCH(AccessPolicy, policy);
    QFETCH(std::optional<QString>, description);

    const DecodedFrame decoded = MessageCodec::decodeRequest(frame);
    const auto *incoming = std::get_if<IncomingRequest>(&decoded);
    QVERIFY2(incoming, qPrintable(describe(decoded)));
    const auto *message = std::get_if<PublishShare>(&incoming->request);
    QVERIFY2(message, qPrintable(describe(decoded)));
    QCOMPARE(message->token, kToken);
    const ShareMetadata &metadata = message->metadata;
    QCOMPARE(metadata.ownerUserId, u"alice@institution.edu"_s);
    QCOMPARE(metadata.resultId, u"result-uuid"_s);
    QCOMPARE(metadata.title, u"My DDA Analysis"_s);
    QCOMPARE(metadata.description.has_value(), description.has_value());
    QCOMPARE(metadata.description, description);
    // Nine fractional digits are kept to the millisecond.
    QCOMPARE(metadata.createdAt, kCreatedAt);
    QCOMPARE(metadata.createdAt.toMSecsSinceEpoch(), kCreatedAt.toMSecsSinceEpoch());
    QCOMPARE(describePolicy(metadata.accessPolicy), describePolicy(policy));
    QVERIFY(metadata.accessPolicy == policy);
}

void tst_MessageCodec::decodeRequestShare()
{
    const DecodedFrame frame = MessageCodec::decodeRequest(R"({
        "type": "request_share",
        "token": "q3Zk8w0bXc1uN5pL2aR7-_",
        "requester_id": "bob@institution.edu"
    })"_ba);
    const auto *incoming = std::get_if<IncomingRequest>(&frame);
    QVERIFY2(incoming, qPrintable(describe(frame)));
    const auto *message = std::get_if<RequestShare>(&incoming->request);
    QVERIFY2(message, qPrintable(describe(frame)));
    QCOMPARE(message->token, kToken);
    QCOMPARE(message->requesterId, u"bob@institution.edu"_s);
}

void tst_MessageCodec::decodeRevokeShare()
{
    const DecodedFrame frame = MessageCodec::decodeRequest(
        R"({"type":"revoke_share","token":"q3Zk8w0bXc1uN5pL2aR7-_"})"_ba);
    const auto *incoming = std::get_if<IncomingRequest>(&frame);
    QVERIFY2(incoming, qPrintable(describe(frame)));
    const auto *message = std::get_if<RevokeShare>(&incoming->request);
    QVERIFY2(message, qPrintable(describe(frame)));
    QCOMPARE(message->token, kToken);
}

void tst_MessageCodec::decodeIgnoresUnknownFields()
{
    const DecodedFrame frame = MessageCodec::decodeRequest(
        R"({"type":"heartbeat","user_id":"alice@institution.edu","client":"ddalab 1.2","n":[1]})"_ba);
    const auto *incoming = std::get_if<IncomingRequest>(&frame);
    QVERIFY2(incoming, qPrintable(describe(frame)));
    QVERIFY(std::holds_alternative<Heartbeat>(incoming->request));
}

void tst_MessageCodec::decodeEchoesMessageId_data()
{
    QTest::addColumn<QJsonObject>("request");
    QTest::addColumn<QString>("type");

    QTest::newRow("register_user") << validRegister() << u"register_user"_s;
    QTest::newRow("heartbeat") << QJsonObject{{"type"_L1, "heartbeat"_L1}, {"user_id"_L1, "a"_L1}}
                               << u"heartbeat"_s;
    QTest::newRow("disconnect") << QJsonObject{{"type"_L1, "disconnect"_L1}, {"user_id"_L1, "a"_L1}}
                                << u"disconnect"_s;
    QTest::newRow("publish_share") << validPublish() << u"publish_share"_s;
    QTest::newRow("request_share") << validRequestShare() << u"request_share"_s;
    QTest::newRow("revoke_share") << validRevoke() << u"revoke_share"_s;
    QTest::newRow("authenticate") << QJsonObject{{"type"_L1, "authenticate"_L1},
                                                 {"access_token"_L1, "e30.e30.c2ln"_L1}}
                                  << u"authenticate"_s;
}

void tst_MessageCodec::decodeEchoesMessageId()
{
    QFETCH(QJsonObject, request);
    QFETCH(QString, type);

    const QString messageId = u"7d1c0f52-message"_s;
    const DecodedFrame frame =
        MessageCodec::decodeRequest(compact(with(request, u"message_id"_s, messageId)));
    const auto *incoming = std::get_if<IncomingRequest>(&frame);
    QVERIFY2(incoming, qPrintable(describe(frame)));
    QCOMPARE(requestTypeName(incoming->request), type);
    QCOMPARE(incoming->messageId, std::optional<QString>(messageId));

    // A null message_id is the same as none.
    const DecodedFrame withNull =
        MessageCodec::decodeRequest(compact(with(request, u"message_id"_s, QJsonValue::Null)));
    const auto *incomingWithNull = std::get_if<IncomingRequest>(&withNull);
    QVERIFY2(incomingWithNull, qPrintable(describe(withNull)));
    QCOMPARE(incomingWithNull->messageId, std::nullopt);
}

void tst_MessageCodec::decodeAcceptsFieldsAtTheirLimits()
{
    QJsonArray manyUsers;
    for (qsizetype i = 0; i < limits::kPolicyUsers; ++i)
        manyUsers.append(u"user-%1"_s.arg(i));
    const QJsonObject policy{{"type"_L1, "users"_L1}, {"user_ids"_L1, manyUsers}};

    QJsonObject metadata = validMetadata();
    metadata.insert(u"owner_user_id"_s, longText(limits::kUserId));
    metadata.insert(u"result_id"_s, longText(limits::kResultId));
    metadata.insert(u"title"_s, longText(limits::kTitle));
    metadata.insert(u"description"_s, longText(limits::kDescription));
    metadata.insert(u"access_policy"_s, policy);
    QJsonObject publish = validPublish();
    publish.insert(u"token"_s, longText(limits::kToken));
    publish.insert(u"metadata"_s, metadata);
    publish.insert(u"message_id"_s, longText(limits::kMessageId));

    const DecodedFrame frame = MessageCodec::decodeRequest(compact(publish));
    const auto *incoming = std::get_if<IncomingRequest>(&frame);
    QVERIFY2(incoming, qPrintable(describe(frame)));
    const auto &message = std::get<PublishShare>(incoming->request);
    QCOMPARE(message.token.size(), limits::kToken);
    QCOMPARE(message.metadata.ownerUserId.size(), limits::kUserId);
    QCOMPARE(message.metadata.resultId.size(), limits::kResultId);
    QCOMPARE(message.metadata.title.size(), limits::kTitle);
    QCOMPARE(message.metadata.description->size(), limits::kDescription);
    QCOMPARE(message.metadata.accessPolicy.userIds.size(), limits::kPolicyUsers);
    QCOMPARE(incoming->messageId->size(), limits::kMessageId);

    const QString endpoint = u"http://host/"_s;
    const QJsonObject registerUser = with(validRegister(), u"endpoint"_s,
                                          endpoint + longText(limits::kEndpoint - endpoint.size()));
    const DecodedFrame registerFrame = MessageCodec::decodeRequest(compact(registerUser));
    QVERIFY2(std::holds_alternative<IncomingRequest>(registerFrame),
             qPrintable(describe(registerFrame)));

    const QJsonObject team{{"type"_L1, "team"_L1}, {"team_id"_L1, longText(limits::kTeamId)}};
    const DecodedFrame teamFrame = MessageCodec::decodeRequest(compact(publishWithPolicy(team)));
    QVERIFY2(std::holds_alternative<IncomingRequest>(teamFrame), qPrintable(describe(teamFrame)));
}

void tst_MessageCodec::roundTrip_data()
{
    QTest::addColumn<Request>("request");
    QTest::addColumn<std::optional<QString>>("messageId");

    PublishShare publicShare{kToken, sampleMetadata(AccessPolicy::makePublic(), std::nullopt)};
    PublishShare teamShare{u"t0k3n"_s, sampleMetadata(AccessPolicy::makeTeam(u"eeg-lab"_s),
                                                      u"a \"quoted\" line\nand a second"_s)};
    PublishShare usersShare{
        kToken,
        sampleMetadata(AccessPolicy::makeUsers({u"bob@institution.edu"_s, u"Carol Ø"_s}), u""_s)};
    usersShare.metadata.title = u"EEG — Ünïcödé ✓ 脑电"_s;
    usersShare.metadata.createdAt = QDateTime(QDate(1999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC);

    const QList<std::pair<const char *, Request>> requests{
        {"register_user", RegisterUser{u"alice@institution.edu"_s, u"https://[::1]:3001/base"_s}},
        {"heartbeat", Heartbeat{u"alice@institution.edu"_s}},
        {"disconnect", Disconnect{u"alice@institution.edu"_s}},
        {"publish_share public", publicShare},
        {"publish_share team", teamShare},
        {"publish_share users", usersShare},
        {"request_share", RequestShare{kToken, u"bob@institution.edu"_s}},
        {"revoke_share", RevokeShare{kToken}},
        {"authenticate", Authenticate{u"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln"_s}},
    };
    for (const auto &[name, request] : requests) {
        QTest::addRow("%s", name) << request << std::optional<QString>();
        QTest::addRow("%s with message_id", name) << request << std::optional<QString>(u"m-42"_s);
    }
}

void tst_MessageCodec::roundTrip()
{
    QFETCH(Request, request);
    QFETCH(std::optional<QString>, messageId);

    const QByteArray encoded = MessageCodec::encodeRequest(request, messageId);
    const QJsonObject object = replyObject(encoded);
    QCOMPARE(object.value("type"_L1).toString(), requestTypeName(request));

    const DecodedFrame decoded = MessageCodec::decodeRequest(encoded);
    const auto *incoming = std::get_if<IncomingRequest>(&decoded);
    QVERIFY2(incoming, qPrintable(describe(decoded) + u" from "_s + QString::fromUtf8(encoded)));
    QCOMPARE(incoming->request.index(), request.index());
    QCOMPARE(describe(incoming->request), describe(request));
    QCOMPARE(incoming->messageId, messageId);
    if (const auto *publish = std::get_if<PublishShare>(&request))
        QVERIFY(std::get<PublishShare>(incoming->request).metadata == publish->metadata);
}

void tst_MessageCodec::encodeAck_data()
{
    QTest::addColumn<std::optional<QString>>("messageId");
    QTest::addColumn<QJsonValue>("expected");

    QTest::newRow("without message_id") << std::optional<QString>() << QJsonValue(QJsonValue::Null);
    QTest::newRow("with message_id") << std::optional<QString>(u"m-1"_s) << QJsonValue(u"m-1"_s);
}

void tst_MessageCodec::encodeAck()
{
    QFETCH(std::optional<QString>, messageId);
    QFETCH(QJsonValue, expected);

    const QJsonObject object = replyObject(MessageCodec::encodeReply(Ack{}, messageId));
    QCOMPARE(object.value("type"_L1).toString(), u"ack"_s);
    // The shipped client reads message_id as string or null: it is always there.
    QVERIFY(object.contains("message_id"_L1));
    QCOMPARE(object.value("message_id"_L1), expected);
    QCOMPARE(object.size(), 2);
}

void tst_MessageCodec::encodeError_data()
{
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("name");

    QTest::newRow("PARSE_ERROR") << ErrorCode::ParseError << u"PARSE_ERROR"_s;
    QTest::newRow("USER_NOT_FOUND") << ErrorCode::UserNotFound << u"USER_NOT_FOUND"_s;
    QTest::newRow("SHARE_NOT_FOUND") << ErrorCode::ShareNotFound << u"SHARE_NOT_FOUND"_s;
    QTest::newRow("ACCESS_DENIED") << ErrorCode::AccessDenied << u"ACCESS_DENIED"_s;
    QTest::newRow("PUBLISH_ERROR") << ErrorCode::PublishError << u"PUBLISH_ERROR"_s;
    QTest::newRow("REVOKE_ERROR") << ErrorCode::RevokeError << u"REVOKE_ERROR"_s;
    QTest::newRow("FORBIDDEN") << ErrorCode::Forbidden << u"FORBIDDEN"_s;
    QTest::newRow("NOT_REGISTERED") << ErrorCode::NotRegistered << u"NOT_REGISTERED"_s;
    QTest::newRow("TOKEN_TAKEN") << ErrorCode::TokenTaken << u"TOKEN_TAKEN"_s;
    QTest::newRow("RATE_LIMITED") << ErrorCode::RateLimited << u"RATE_LIMITED"_s;
    QTest::newRow("STORAGE_ERROR") << ErrorCode::StorageError << u"STORAGE_ERROR"_s;
    QTest::newRow("AUTH_FAILED") << ErrorCode::AuthFailed << u"AUTH_FAILED"_s;
}

void tst_MessageCodec::encodeError()
{
    QFETCH(ErrorCode, code);
    QFETCH(QString, name);

    QCOMPARE(errorCodeName(code), name);
    QCOMPARE(errorCodeFromName(name), std::optional<ErrorCode>(code));

    const Error error{code, u"something \"went\" wrong"_s};
    const QJsonObject object = replyObject(MessageCodec::encodeReply(error));
    QCOMPARE(object.value("type"_L1).toString(), u"error"_s);
    QVERIFY(object.value("message"_L1).isString());
    QCOMPARE(object.value("message"_L1).toString(), u"something \"went\" wrong"_s);
    QVERIFY(object.value("code"_L1).isString());
    QCOMPARE(object.value("code"_L1).toString(), name);
    QVERIFY(!object.contains("message_id"_L1) || object.value("message_id"_L1).isNull());

    const QJsonObject echoed = replyObject(MessageCodec::encodeReply(error, u"m-9"_s));
    QCOMPARE(echoed.value("message_id"_L1).toString(), u"m-9"_s);
    QCOMPARE(echoed.value("code"_L1).toString(), name);
}

void tst_MessageCodec::encodeShareInfo_data()
{
    QTest::addColumn<AccessPolicy>("policy");
    QTest::addColumn<std::optional<QString>>("description");
    QTest::addColumn<bool>("ownerOnline");
    QTest::addColumn<QJsonObject>("expectedPolicy");

    const std::optional<QString> text = u"EEG analysis from experiment X"_s;
    QTest::newRow("public, online")
        << AccessPolicy::makePublic() << text << true << validPolicy(u"public"_s);
    QTest::newRow("team, offline, null description")
        << AccessPolicy::makeTeam(u"eeg-lab"_s) << std::optional<QString>() << false
        << validPolicy(u"team"_s);
    QTest::newRow("users, online")
        << AccessPolicy::makeUsers({u"bob@institution.edu"_s, u"carol@institution.edu"_s}) << text
        << true << validPolicy(u"users"_s);
}

void tst_MessageCodec::encodeShareInfo()
{
    QFETCH(AccessPolicy, policy);
    QFETCH(std::optional<QString>, description);
    QFETCH(bool, ownerOnline);
    QFETCH(QJsonObject, expectedPolicy);

    ShareInfo info;
    info.token = kToken;
    info.metadata = sampleMetadata(policy, description);
    info.ownerOnline = ownerOnline;
    info.downloadUrl =
        ownerOnline ? u"http://192.168.1.50:3001/api/results/result-uuid"_s : QString();

    const QJsonObject object = replyObject(MessageCodec::encodeReply(info, u"m-3"_s));
    QCOMPARE(object.value("type"_L1).toString(), u"share_info"_s);
    QCOMPARE(object.value("token"_L1).toString(), kToken);
    QCOMPARE(object.value("message_id"_L1).toString(), u"m-3"_s);

    QVERIFY(object.value("info"_L1).isObject());
    const QJsonObject infoObject = object.value("info"_L1).toObject();
    QVERIFY(infoObject.value("download_url"_L1).isString());
    QCOMPARE(infoObject.value("download_url"_L1).toString(), info.downloadUrl);
    QVERIFY(infoObject.value("owner_online"_L1).isBool());
    QCOMPARE(infoObject.value("owner_online"_L1).toBool(), ownerOnline);

    QVERIFY(infoObject.value("metadata"_L1).isObject());
    const QJsonObject metadata = infoObject.value("metadata"_L1).toObject();
    QCOMPARE(metadata.value("owner_user_id"_L1).toString(), u"alice@institution.edu"_s);
    QCOMPARE(metadata.value("result_id"_L1).toString(), u"result-uuid"_s);
    QCOMPARE(metadata.value("title"_L1).toString(), u"My DDA Analysis"_s);
    QVERIFY(metadata.contains("description"_L1));
    if (description)
        QCOMPARE(metadata.value("description"_L1).toString(), *description);
    else
        QVERIFY(metadata.value("description"_L1).isNull());
    QCOMPARE(metadata.value("created_at"_L1).toString(), u"2025-10-03T12:00:00.123Z"_s);
    QCOMPARE(metadata.value("access_policy"_L1).toObject(), expectedPolicy);

    // Without a message_id the reply carries none (or null).
    const QJsonObject plain = replyObject(MessageCodec::encodeReply(info));
    QVERIFY(!plain.contains("message_id"_L1) || plain.value("message_id"_L1).isNull());
}

void tst_MessageCodec::malformedFrames_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QString>("expected"); // part of the message: the field, or what is wrong

    const auto row = [](const char *name, const QJsonObject &object, const QString &expected) {
        QTest::newRow(name) << compact(object) << expected;
    };
    const QJsonObject heartbeat{{"type"_L1, "heartbeat"_L1}, {"user_id"_L1, "a"_L1}};
    const QJsonObject disconnect{{"type"_L1, "disconnect"_L1}, {"user_id"_L1, "a"_L1}};
    const QString tooLong = u"is longer than"_s;

    // Not a JSON object at all.
    QTest::newRow("not JSON") << R"({"type": "heartbeat", )"_ba << u"not valid JSON"_s;
    QTest::newRow("empty frame") << QByteArray() << u"not valid JSON"_s;
    QTest::newRow("text") << "hello broker"_ba << u"not valid JSON"_s;
    QTest::newRow("trailing garbage")
        << R"({"type":"heartbeat","user_id":"a"} x)"_ba << u"not valid JSON"_s;
    QTest::newRow("JSON array") << R"([{"type":"heartbeat","user_id":"a"}])"_ba
                                << u"not a JSON object"_s;
    // Qt refuses top-level scalars as invalid JSON; either way they are no request objects.
    QTest::newRow("JSON string") << R"("heartbeat")"_ba << u"JSON"_s;
    QTest::newRow("JSON number") << "42"_ba << u"JSON"_s;
    QTest::newRow("JSON null") << "null"_ba << u"JSON"_s;

    // The type.
    row("missing type", {{"user_id"_L1, "a"_L1}}, u"missing field 'type'"_s);
    row("null type", with(heartbeat, u"type"_s, QJsonValue::Null), u"missing field 'type'"_s);
    row("number type", with(heartbeat, u"type"_s, 7), u"field 'type' must be a string"_s);
    row("object type", with(heartbeat, u"type"_s, QJsonObject{}),
        u"field 'type' must be a string"_s);
    row("unknown type", with(heartbeat, u"type"_s, u"subscribe"_s),
        u"unknown message type 'subscribe'"_s);
    row("type in other case", with(heartbeat, u"type"_s, u"Heartbeat"_s),
        u"unknown message type 'Heartbeat'"_s);
    row("oversized type", with(heartbeat, u"type"_s, longText(65)), u"field 'type' "_s + tooLong);

    // message_id.
    row("number message_id", with(heartbeat, u"message_id"_s, 5),
        u"field 'message_id' must be a string"_s);
    row("oversized message_id", with(heartbeat, u"message_id"_s, longText(limits::kMessageId + 1)),
        u"field 'message_id' "_s + tooLong);

    // register_user.
    row("register_user: missing user_id",
        with(validRegister(), u"user_id"_s, QJsonValue::Undefined), u"missing field 'user_id'"_s);
    row("register_user: null user_id", with(validRegister(), u"user_id"_s, QJsonValue::Null),
        u"missing field 'user_id'"_s);
    row("register_user: number user_id", with(validRegister(), u"user_id"_s, 42),
        u"field 'user_id' must be a string"_s);
    row("register_user: array user_id", with(validRegister(), u"user_id"_s, QJsonArray{u"a"_s}),
        u"field 'user_id' must be a string"_s);
    row("register_user: empty user_id", with(validRegister(), u"user_id"_s, u""_s),
        u"field 'user_id' must be a non-empty printable string"_s);
    row("register_user: control character in user_id",
        with(validRegister(), u"user_id"_s, u"alice\u0007"_s),
        u"field 'user_id' must be a non-empty printable string"_s);
    row("register_user: oversized user_id",
        with(validRegister(), u"user_id"_s, longText(limits::kUserId + 1)),
        u"field 'user_id' "_s + tooLong);
    row("register_user: missing endpoint",
        with(validRegister(), u"endpoint"_s, QJsonValue::Undefined), u"missing field 'endpoint'"_s);
    row("register_user: number endpoint", with(validRegister(), u"endpoint"_s, 3001),
        u"field 'endpoint' must be a string"_s);
    const QString badEndpoint = u"field 'endpoint' must be an http:// or https:// URL"_s;
    row("register_user: ftp endpoint",
        with(validRegister(), u"endpoint"_s, u"ftp://192.168.1.50:3001"_s), badEndpoint);
    row("register_user: endpoint without host", with(validRegister(), u"endpoint"_s, u"http://"_s),
        badEndpoint);
    row("register_user: endpoint with empty host",
        with(validRegister(), u"endpoint"_s, u"http:///api"_s), badEndpoint);
    row("register_user: plain text endpoint", with(validRegister(), u"endpoint"_s, u"my laptop"_s),
        badEndpoint);
    row("register_user: endpoint without scheme",
        with(validRegister(), u"endpoint"_s, u"192.168.1.50:3001"_s), badEndpoint);
    row("register_user: empty endpoint", with(validRegister(), u"endpoint"_s, u""_s), badEndpoint);
    row("register_user: javascript endpoint",
        with(validRegister(), u"endpoint"_s, u"javascript:alert(1)"_s), badEndpoint);
    row("register_user: endpoint with credentials",
        with(validRegister(), u"endpoint"_s, u"http://bob:secret@192.168.1.50:3001"_s),
        badEndpoint);
    row("register_user: oversized endpoint",
        with(validRegister(), u"endpoint"_s, u"http://host/"_s + longText(limits::kEndpoint)),
        u"field 'endpoint' "_s + tooLong);

    // heartbeat and disconnect.
    row("heartbeat: missing user_id", with(heartbeat, u"user_id"_s, QJsonValue::Undefined),
        u"missing field 'user_id'"_s);
    row("heartbeat: number user_id", with(heartbeat, u"user_id"_s, 1),
        u"field 'user_id' must be a string"_s);
    row("heartbeat: oversized user_id",
        with(heartbeat, u"user_id"_s, longText(limits::kUserId + 1)),
        u"field 'user_id' "_s + tooLong);
    row("disconnect: missing user_id", with(disconnect, u"user_id"_s, QJsonValue::Undefined),
        u"missing field 'user_id'"_s);
    row("disconnect: bool user_id", with(disconnect, u"user_id"_s, true),
        u"field 'user_id' must be a string"_s);

    // publish_share: the token.
    const QString badToken = u"field 'token' must be 1 to 128 characters"_s;
    row("publish_share: missing token", with(validPublish(), u"token"_s, QJsonValue::Undefined),
        u"missing field 'token'"_s);
    row("publish_share: number token", with(validPublish(), u"token"_s, 12345),
        u"field 'token' must be a string"_s);
    row("publish_share: empty token", with(validPublish(), u"token"_s, u""_s), badToken);
    row("publish_share: token with slash", with(validPublish(), u"token"_s, u"abc/def"_s),
        badToken);
    row("publish_share: token with space", with(validPublish(), u"token"_s, u"abc def"_s),
        badToken);
    row("publish_share: token with query", with(validPublish(), u"token"_s, u"abc?x=1"_s),
        badToken);
    row("publish_share: token with plus and padding",
        with(validPublish(), u"token"_s, u"q3Zk+w0b=="_s), badToken);
    row("publish_share: token with non-ASCII letter", with(validPublish(), u"token"_s, u"tök"_s),
        badToken);
    row("publish_share: oversized token",
        with(validPublish(), u"token"_s, longText(limits::kToken + 1)),
        u"field 'token' "_s + tooLong);

    // publish_share: the metadata object.
    row("publish_share: missing metadata",
        with(validPublish(), u"metadata"_s, QJsonValue::Undefined), u"missing field 'metadata'"_s);
    row("publish_share: string metadata", with(validPublish(), u"metadata"_s, u"{}"_s),
        u"field 'metadata' must be an object"_s);
    row("publish_share: array metadata", with(validPublish(), u"metadata"_s, QJsonArray{}),
        u"field 'metadata' must be an object"_s);
    row("publish_share: missing owner_user_id",
        publishWithMetadata(u"owner_user_id"_s, QJsonValue::Undefined),
        u"missing field 'metadata.owner_user_id'"_s);
    row("publish_share: number owner_user_id", publishWithMetadata(u"owner_user_id"_s, 1),
        u"field 'metadata.owner_user_id' must be a string"_s);
    row("publish_share: empty owner_user_id", publishWithMetadata(u"owner_user_id"_s, u""_s),
        u"field 'metadata.owner_user_id' must be a non-empty"_s);
    row("publish_share: oversized owner_user_id",
        publishWithMetadata(u"owner_user_id"_s, longText(limits::kUserId + 1)),
        u"field 'metadata.owner_user_id' "_s + tooLong);
    row("publish_share: missing result_id",
        publishWithMetadata(u"result_id"_s, QJsonValue::Undefined),
        u"missing field 'metadata.content_id' (or 'metadata.result_id')"_s);
    row("publish_share: number result_id", publishWithMetadata(u"result_id"_s, 17),
        u"field 'metadata.result_id' must be a string"_s);
    row("publish_share: empty result_id", publishWithMetadata(u"result_id"_s, u""_s),
        u"field 'metadata.result_id' must not be empty"_s);
    row("publish_share: oversized result_id",
        publishWithMetadata(u"result_id"_s, longText(limits::kResultId + 1)),
        u"field 'metadata.result_id' "_s + tooLong);
    row("publish_share: missing title", publishWithMetadata(u"title"_s, QJsonValue::Undefined),
        u"missing field 'metadata.title'"_s);
    row("publish_share: number title", publishWithMetadata(u"title"_s, 3.5),
        u"field 'metadata.title' must be a string"_s);
    row("publish_share: oversized title",
        publishWithMetadata(u"title"_s, longText(limits::kTitle + 1)),
        u"field 'metadata.title' "_s + tooLong);
    row("publish_share: number description", publishWithMetadata(u"description"_s, 0),
        u"field 'metadata.description' must be a string"_s);
    row("publish_share: object description",
        publishWithMetadata(u"description"_s, QJsonObject{{"text"_L1, "x"_L1}}),
        u"field 'metadata.description' must be a string"_s);
    row("publish_share: oversized description",
        publishWithMetadata(u"description"_s, longText(limits::kDescription + 1)),
        u"field 'metadata.description' "_s + tooLong);

    // publish_share: created_at.
    const QString badTime = u"field 'metadata.created_at' must be an RFC 3339 date-time"_s;
    row("publish_share: missing created_at",
        publishWithMetadata(u"created_at"_s, QJsonValue::Undefined),
        u"missing field 'metadata.created_at'"_s);
    row("publish_share: number created_at", publishWithMetadata(u"created_at"_s, 1759492800),
        u"field 'metadata.created_at' must be a string"_s);
    row("publish_share: garbage created_at", publishWithMetadata(u"created_at"_s, u"yesterday"_s),
        badTime);
    row("publish_share: impossible created_at",
        publishWithMetadata(u"created_at"_s, u"2025-02-30T12:00:00Z"_s), badTime);
    row("publish_share: created_at without offset",
        publishWithMetadata(u"created_at"_s, u"2025-10-03T12:00:00.123"_s), badTime);
    row("publish_share: created_at date only",
        publishWithMetadata(u"created_at"_s, u"2025-10-03"_s), badTime);
    row("publish_share: empty created_at", publishWithMetadata(u"created_at"_s, u""_s), badTime);
    row("publish_share: oversized created_at",
        publishWithMetadata(u"created_at"_s, u"2025-10-03T12:00:00."_s + QString(60, u'1') + u'Z'),
        u"field 'metadata.created_at' "_s + tooLong);

    // publish_share: access_policy.
    row("publish_share: missing access_policy",
        publishWithMetadata(u"access_policy"_s, QJsonValue::Undefined),
        u"missing field 'metadata.access_policy'"_s);
    row("publish_share: string access_policy", publishWithPolicy(u"public"_s),
        u"field 'metadata.access_policy' must be an object"_s);
    row("publish_share: policy without type", publishWithPolicy(QJsonObject{}),
        u"missing field 'metadata.access_policy.type'"_s);
    row("publish_share: number policy type", publishWithPolicy(QJsonObject{{"type"_L1, 1}}),
        u"field 'metadata.access_policy.type' must be a string"_s);
    row("publish_share: unknown policy type",
        publishWithPolicy(QJsonObject{{"type"_L1, "everyone"_L1}}),
        u"unknown access policy type 'everyone'"_s);
    row("publish_share: team without team_id",
        publishWithPolicy(QJsonObject{{"type"_L1, "team"_L1}}),
        u"missing field 'metadata.access_policy.team_id'"_s);
    row("publish_share: number team_id",
        publishWithPolicy(QJsonObject{{"type"_L1, "team"_L1}, {"team_id"_L1, 3}}),
        u"field 'metadata.access_policy.team_id' must be a string"_s);
    row("publish_share: empty team_id",
        publishWithPolicy(QJsonObject{{"type"_L1, "team"_L1}, {"team_id"_L1, ""_L1}}),
        u"field 'metadata.access_policy.team_id' must not be empty"_s);
    row("publish_share: oversized team_id",
        publishWithPolicy(
            QJsonObject{{"type"_L1, "team"_L1}, {"team_id"_L1, longText(limits::kTeamId + 1)}}),
        u"field 'metadata.access_policy.team_id' "_s + tooLong);
    row("publish_share: users without user_ids",
        publishWithPolicy(QJsonObject{{"type"_L1, "users"_L1}}),
        u"missing field 'metadata.access_policy.user_ids'"_s);
    row("publish_share: string user_ids",
        publishWithPolicy(QJsonObject{{"type"_L1, "users"_L1}, {"user_ids"_L1, "bob"_L1}}),
        u"field 'metadata.access_policy.user_ids' must be an array"_s);
    const QString badUsers =
        u"field 'metadata.access_policy.user_ids' must hold non-empty strings"_s;
    row("publish_share: number in user_ids",
        publishWithPolicy(
            QJsonObject{{"type"_L1, "users"_L1}, {"user_ids"_L1, QJsonArray{u"bob"_s, 7}}}),
        badUsers);
    row("publish_share: null in user_ids",
        publishWithPolicy(
            QJsonObject{{"type"_L1, "users"_L1}, {"user_ids"_L1, QJsonArray{QJsonValue::Null}}}),
        badUsers);
    row("publish_share: object in user_ids",
        publishWithPolicy(
            QJsonObject{{"type"_L1, "users"_L1}, {"user_ids"_L1, QJsonArray{QJsonObject{}}}}),
        badUsers);
    row("publish_share: empty string in user_ids",
        publishWithPolicy(QJsonObject{{"type"_L1, "users"_L1}, {"user_ids"_L1, QJsonArray{u""_s}}}),
        badUsers);
    row("publish_share: oversized id in user_ids",
        publishWithPolicy(QJsonObject{{"type"_L1, "users"_L1},
                                      {"user_ids"_L1, QJsonArray{longText(limits::kUserId + 1)}}}),
        badUsers);
    QJsonArray tooManyUsers;
    for (qsizetype i = 0; i <= limits::kPolicyUsers; ++i)
        tooManyUsers.append(u"user-%1"_s.arg(i));
    row("publish_share: too many user_ids",
        publishWithPolicy(QJsonObject{{"type"_L1, "users"_L1}, {"user_ids"_L1, tooManyUsers}}),
        u"field 'metadata.access_policy.user_ids' has more than 1000 entries"_s);

    // request_share.
    row("request_share: missing token",
        with(validRequestShare(), u"token"_s, QJsonValue::Undefined), u"missing field 'token'"_s);
    row("request_share: token with bad characters",
        with(validRequestShare(), u"token"_s, u"../../etc/passwd"_s), badToken);
    row("request_share: missing requester_id",
        with(validRequestShare(), u"requester_id"_s, QJsonValue::Undefined),
        u"missing field 'requester_id'"_s);
    row("request_share: number requester_id", with(validRequestShare(), u"requester_id"_s, 9),
        u"field 'requester_id' must be a string"_s);
    row("request_share: oversized requester_id",
        with(validRequestShare(), u"requester_id"_s, longText(limits::kUserId + 1)),
        u"field 'requester_id' "_s + tooLong);

    // revoke_share.
    row("revoke_share: missing token", with(validRevoke(), u"token"_s, QJsonValue::Undefined),
        u"missing field 'token'"_s);
    row("revoke_share: number token", with(validRevoke(), u"token"_s, 1),
        u"field 'token' must be a string"_s);
    row("revoke_share: token with bad characters", with(validRevoke(), u"token"_s, u"a#b"_s),
        badToken);
    // authenticate.
    const QJsonObject authenticate{{"type"_L1, "authenticate"_L1},
                                   {"access_token"_L1, "e30.e30.c2ln"_L1}};
    row("authenticate: missing access_token",
        with(authenticate, u"access_token"_s, QJsonValue::Undefined),
        u"missing field 'access_token'"_s);
    row("authenticate: number access_token", with(authenticate, u"access_token"_s, 1),
        u"field 'access_token' must be a string"_s);
    row("authenticate: oversized access_token",
        with(authenticate, u"access_token"_s, longText(limits::kAccessToken + 1)),
        u"field 'access_token' "_s + tooLong);

    row("revoke_share: oversized token",
        with(validRevoke(), u"token"_s, longText(limits::kToken + 1)),
        u"field 'token' "_s + tooLong);
}

void tst_MessageCodec::malformedFrames()
{
    QFETCH(QByteArray, frame);
    QFETCH(QString, expected);

    const DecodedFrame decoded = MessageCodec::decodeRequest(frame);
    const auto *failure = std::get_if<DecodeFailure>(&decoded);
    QVERIFY2(failure, qPrintable(describe(decoded)));
    QVERIFY2(failure->message.contains(expected),
             qPrintable(u"'%1' does not contain '%2'"_s.arg(failure->message, expected)));
}

void tst_MessageCodec::failureKeepsReadableMessageId()
{
    // The error reply can echo the message_id of a request that failed on another field.
    const QJsonObject badPublish =
        with(publishWithMetadata(u"title"_s, 1), u"message_id"_s, u"m-5"_s);
    const DecodedFrame decoded = MessageCodec::decodeRequest(compact(badPublish));
    const auto *failure = std::get_if<DecodeFailure>(&decoded);
    QVERIFY2(failure, qPrintable(describe(decoded)));
    QCOMPARE(failure->messageId, std::optional<QString>(u"m-5"_s));
    QVERIFY(failure->message.startsWith("publish_share: "_L1));

    const QJsonObject unknown{{"type"_L1, "subscribe"_L1}, {"message_id"_L1, "m-6"_L1}};
    const DecodedFrame unknownDecoded = MessageCodec::decodeRequest(compact(unknown));
    const auto *unknownFailure = std::get_if<DecodeFailure>(&unknownDecoded);
    QVERIFY2(unknownFailure, qPrintable(describe(unknownDecoded)));
    QCOMPARE(unknownFailure->messageId, std::optional<QString>(u"m-6"_s));

    // A message_id that is itself malformed cannot be echoed.
    const QJsonObject badId{{"type"_L1, "heartbeat"_L1}, {"message_id"_L1, 5}};
    const DecodedFrame badIdDecoded = MessageCodec::decodeRequest(compact(badId));
    const auto *badIdFailure = std::get_if<DecodeFailure>(&badIdDecoded);
    QVERIFY2(badIdFailure, qPrintable(describe(badIdDecoded)));
    QCOMPARE(badIdFailure->messageId, std::nullopt);
}

void tst_MessageCodec::replyFramesAreIgnored_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QString>("type");

    QTest::newRow("ack, null message_id") << R"({"type":"ack","message_id":null})"_ba << u"ack"_s;
    QTest::newRow("ack, no message_id") << R"({"type":"ack"})"_ba << u"ack"_s;
    QTest::newRow("error") << R"({"type":"error","message":"nope","code":"PARSE_ERROR"})"_ba
                           << u"error"_s;
    QTest::newRow("share_info") << R"({"type":"share_info","info":{"metadata":{},
                                       "download_url":"","owner_online":false}})"_ba
                                << u"share_info"_s;
    QTest::newRow("share_info without info") << R"({"type":"share_info"})"_ba << u"share_info"_s;

    // The broker's own replies, echoed back at it.
    ShareInfo info;
    info.token = kToken;
    info.metadata = sampleMetadata(AccessPolicy::makePublic(), std::nullopt);
    QTest::newRow("encoded ack") << MessageCodec::encodeReply(Ack{}) << u"ack"_s;
    QTest::newRow("encoded error")
        << MessageCodec::encodeReply(Error{ErrorCode::AccessDenied, u"no"_s}) << u"error"_s;
    QTest::newRow("encoded share_info")
        << MessageCodec::encodeReply(info, u"m-1"_s) << u"share_info"_s;
}

void tst_MessageCodec::replyFramesAreIgnored()
{
    QFETCH(QByteArray, frame);
    QFETCH(QString, type);

    const DecodedFrame decoded = MessageCodec::decodeRequest(frame);
    const auto *ignored = std::get_if<IgnoredMessage>(&decoded);
    QVERIFY2(ignored, qPrintable(describe(decoded)));
    QCOMPARE(ignored->type, type);
}

// Replies are written as text without QJsonDocument: every string must come back unchanged
// through a JSON parser, whatever it holds.
void tst_MessageCodec::encodedTextSurvivesJsonEscaping_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("quotes and backslashes") << u"say \"hi\" \\ C:\\path\\"_s;
    QTest::newRow("control characters") << u"line\nbreak\ttab\r\b\f\u0001\u001f end"_s;
    QTest::newRow("non-ASCII") << u"Messung – Überblick 脑电图 🧠"_s;
    QTest::newRow("JSON-looking") << u"\"},{\"type\":\"ack\"}"_s;
    QTest::newRow("empty") << QString();
}

void tst_MessageCodec::encodedTextSurvivesJsonEscaping()
{
    QFETCH(QString, text);
    ShareInfo info;
    info.token = kToken;
    info.metadata = sampleMetadata(AccessPolicy::makePublic(), text);
    info.metadata.title = text;
    info.downloadUrl = text;
    const QJsonObject reply = replyObject(MessageCodec::encodeReply(info, text));
    QCOMPARE(reply.value("message_id"_L1).toString(), text);
    const QJsonObject infoObject = reply.value("info"_L1).toObject();
    QCOMPARE(infoObject.value("download_url"_L1).toString(), text);
    QCOMPARE(infoObject.value("metadata"_L1).toObject().value("title"_L1).toString(), text);
    QCOMPARE(infoObject.value("metadata"_L1).toObject().value("description"_L1).toString(), text);

    const QJsonObject error =
        replyObject(MessageCodec::encodeReply(Error{ErrorCode::ParseError, text}, text));
    QCOMPARE(error.value("message"_L1).toString(), text);
    QCOMPARE(error.value("message_id"_L1).toString(), text);
}

QTEST_GUILESS_MAIN(tst_MessageCodec)
#include "tst_messagecodec.moc"
