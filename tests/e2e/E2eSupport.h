#pragma once

#include "DaemonProcess.h"
#include "TestDatabases.h"
#include "WsTestClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

// What the end-to-end suites share. The frames are written out as JSON here, field by field, the
// way the shipped desktop client writes them, rather than through the broker's own MessageCodec:
// these suites check the wire contract from the outside, so they must not share the daemon's
// idea of it.
namespace e2e {

using namespace Qt::StringLiterals;

// The data column every database-touching case repeats over.
inline void addEngineRows()
{
    QTest::addColumn<QString>("engine");
    for (const QString &engine : TestDatabases::engines())
        QTest::newRow(qPrintable(engine)) << engine;
}

// Points the daemon at a fresh database of the engine and starts it; false with the reason
// (including "no PostgreSQL configured"), which the caller turns into QFAIL.
inline bool startWithFreshDatabase(DaemonProcess &daemon, const QString &engine,
                                   const QTemporaryDir &dir, QString *error)
{
    if (!dir.isValid()) {
        *error = u"no temporary folder: "_s + dir.errorString();
        return false;
    }
    const QString url = TestDatabases::freshUrl(engine, dir, error);
    if (url.isEmpty()) {
        *error = u"no %1 database for the test: %2"_s.arg(engine, *error);
        return false;
    }
    daemon.setEnv(u"DATABASE_URL"_s, url);
    daemon.setEnv(u"DATA_DIR"_s, dir.path());
    return daemon.start(error);
}

// A token as the desktop client makes them: 16 random bytes, unpadded base64url (22 chars).
inline QString newToken()
{
    QByteArray bytes(16, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), 4);
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

inline QJsonObject withId(QJsonObject message, const QString &messageId)
{
    message.insert("message_id"_L1, messageId);
    return message;
}

inline QJsonObject registerUser(const QString &userId, const QString &endpoint)
{
    return {{"type"_L1, "register_user"_L1}, {"user_id"_L1, userId}, {"endpoint"_L1, endpoint}};
}

inline QJsonObject heartbeat(const QString &userId)
{
    return {{"type"_L1, "heartbeat"_L1}, {"user_id"_L1, userId}};
}

inline QJsonObject disconnect(const QString &userId)
{
    return {{"type"_L1, "disconnect"_L1}, {"user_id"_L1, userId}};
}

inline QJsonObject publicPolicy()
{
    return {{"type"_L1, "public"_L1}};
}

inline QJsonObject teamPolicy(const QString &teamId)
{
    return {{"type"_L1, "team"_L1}, {"team_id"_L1, teamId}};
}

inline QJsonObject usersPolicy(const QStringList &userIds)
{
    return {{"type"_L1, "users"_L1}, {"user_ids"_L1, QJsonArray::fromStringList(userIds)}};
}

// Metadata as the desktop client publishes it; created_at with nanoseconds, as it sends it.
inline QJsonObject metadata(const QString &owner, const QString &resultId, const QString &title,
                            const QJsonObject &policy = publicPolicy(),
                            const QJsonValue &description = u"EEG analysis from experiment X"_s,
                            const QString &createdAt = u"2025-10-03T12:00:00.123456789Z"_s)
{
    return {{"owner_user_id"_L1, owner},  {"result_id"_L1, resultId},
            {"title"_L1, title},          {"description"_L1, description},
            {"created_at"_L1, createdAt}, {"access_policy"_L1, policy}};
}

// The metadata as the broker sends it back: created_at as RFC 3339 UTC with milliseconds.
inline QJsonObject echoedMetadata(QJsonObject published, const QString &createdAt)
{
    published.insert("created_at"_L1, createdAt);
    return published;
}

inline QJsonObject publishShare(const QString &token, const QJsonObject &metadata)
{
    return {{"type"_L1, "publish_share"_L1}, {"token"_L1, token}, {"metadata"_L1, metadata}};
}

inline QJsonObject requestShare(const QString &token, const QString &requesterId)
{
    return {{"type"_L1, "request_share"_L1}, {"token"_L1, token}, {"requester_id"_L1, requesterId}};
}

inline QJsonObject revokeShare(const QString &token)
{
    return {{"type"_L1, "revoke_share"_L1}, {"token"_L1, token}};
}

// Sends one message and returns the next frame (empty on timeout).
inline QJsonObject roundTrip(WsTestClient &client, const QJsonObject &message)
{
    client.sendJson(message);
    return client.next();
}

inline bool isAck(const QJsonObject &reply)
{
    return reply.value("type"_L1) == "ack"_L1;
}

// The error code of an error reply, or a description of what came instead (for QCOMPARE).
inline QString errorCode(const QJsonObject &reply)
{
    if (reply.value("type"_L1) != "error"_L1)
        return u"<not an error: %1>"_s.arg(
            QString::fromUtf8(QJsonDocument(reply).toJson(QJsonDocument::Compact)));
    return reply.value("code"_L1).toString();
}

inline QJsonObject shareInfo(const QJsonObject &reply)
{
    return reply.value("type"_L1) == "share_info"_L1 ? reply.value("info"_L1).toObject()
                                                     : QJsonObject();
}

inline QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// Opens a connection and registers it as userId; false with what went wrong.
inline bool openRegistered(WsTestClient &client, const DaemonProcess &daemon, const QString &userId,
                           const QString &endpoint, QString *error)
{
    if (!client.open(daemon.wsUrl())) {
        *error = u"cannot open %1"_s.arg(daemon.wsUrl().toString());
        return false;
    }
    const QJsonObject reply = roundTrip(client, registerUser(userId, endpoint));
    if (!isAck(reply)) {
        *error = u"register_user as %1 was answered with %2"_s.arg(
            userId, QString::fromUtf8(compact(reply)));
        return false;
    }
    return true;
}

// The download URL the broker must hand out for a result of an owner at endpoint.
inline QString downloadUrl(const QString &endpoint, const QString &resultId)
{
    return endpoint + u"/api/results/"_s + resultId;
}

// RFC 3339 as the desktop client parses it: UTC, offset Z or +00:00, any fractional digits.
inline bool isClientRfc3339(const QString &text)
{
    static const QRegularExpression pattern(
        u"^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|\\+00:00)$"_s);
    return pattern.match(text).hasMatch();
}

} // namespace e2e

// Starts `daemon` on a fresh database of `engine` in `dir`, or fails the test (never skips).
#define E2E_START_DAEMON(daemon, engine, dir)                                                      \
    do {                                                                                           \
        QString e2eStartError;                                                                     \
        if (!e2e::startWithFreshDatabase(daemon, engine, dir, &e2eStartError))                     \
            QFAIL(qPrintable(e2eStartError));                                                      \
    } while (false)

// Opens `client` registered as `user` at `endpoint`, or fails the test.
#define E2E_OPEN_REGISTERED(client, daemon, user, endpoint)                                        \
    do {                                                                                           \
        QString e2eOpenError;                                                                      \
        if (!e2e::openRegistered(client, daemon, user, endpoint, &e2eOpenError))                   \
            QFAIL(qPrintable(e2eOpenError));                                                       \
    } while (false)
