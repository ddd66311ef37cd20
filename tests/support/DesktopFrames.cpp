#include "support/DesktopFrames.h"

#include "support/DesktopExpectations.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace wire {

QString newToken()
{
    QByteArray bytes(16, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), 4);
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QJsonObject withId(QJsonObject message, const QString &messageId)
{
    message.insert("message_id"_L1, messageId);
    return message;
}

QByteArray compact(const QJsonObject &message)
{
    return QJsonDocument(message).toJson(QJsonDocument::Compact);
}

QJsonObject registerUser(const QString &userId, const QString &endpoint)
{
    return {{"type"_L1, "register_user"_L1}, {"user_id"_L1, userId}, {"endpoint"_L1, endpoint}};
}

QJsonObject registerUser(const QString &userId, const QString &endpoint,
                         const QString &sessionToken)
{
    QJsonObject message = registerUser(userId, endpoint);
    message.insert("session_token"_L1, sessionToken);
    return message;
}

QJsonObject heartbeat(const QString &userId)
{
    return {{"type"_L1, "heartbeat"_L1}, {"user_id"_L1, userId}};
}

QJsonObject disconnect(const QString &userId)
{
    return {{"type"_L1, "disconnect"_L1}, {"user_id"_L1, userId}};
}

QJsonObject authenticate(const QByteArray &accessToken)
{
    return {{"type"_L1, "authenticate"_L1}, {"access_token"_L1, QString::fromLatin1(accessToken)}};
}

QJsonObject publicPolicy()
{
    return {{"type"_L1, "public"_L1}};
}

QJsonObject teamPolicy(const QString &teamId)
{
    return {{"type"_L1, "team"_L1}, {"team_id"_L1, teamId}};
}

QJsonObject usersPolicy(const QStringList &userIds)
{
    return {{"type"_L1, "users"_L1}, {"user_ids"_L1, QJsonArray::fromStringList(userIds)}};
}

QJsonObject metadata(const QString &owner, const QString &resultId, const QString &title,
                     const QJsonObject &policy, const QJsonValue &description,
                     const QString &createdAt)
{
    return {{"owner_user_id"_L1, owner},  {"result_id"_L1, resultId},
            {"title"_L1, title},          {"description"_L1, description},
            {"created_at"_L1, createdAt}, {"access_policy"_L1, policy}};
}

QJsonObject echoedMetadata(QJsonObject published, const QString &createdAt, quint64 downloadCount)
{
    published.insert("created_at"_L1, createdAt);
    const QJsonValue id = published.contains("content_id"_L1) ? published.value("content_id"_L1)
                                                              : published.value("result_id"_L1);
    published.insert("content_id"_L1, id);
    published.insert("result_id"_L1, id);
    if (!published.contains("content_type"_L1))
        published.insert("content_type"_L1, "dda_result"_L1);
    if (!published.contains("classification"_L1))
        published.insert("classification"_L1, "unclassified"_L1);
    published.insert("download_count"_L1, double(downloadCount));
    published.remove("last_accessed_at"_L1);
    published.remove("expires_at"_L1);
    return published;
}

QJsonObject withoutBrokerTimes(QJsonObject sent)
{
    for (const QLatin1StringView name : {"last_accessed_at"_L1, "expires_at"_L1}) {
        const QJsonValue time = sent.take(name);
        if (!time.isUndefined() && !(time.isString() && isClientRfc3339(time.toString())))
            sent.insert(name, u"<not an RFC 3339 time: %1>"_s.arg(QString::fromUtf8(
                                  QJsonDocument(QJsonArray{time}).toJson(QJsonDocument::Compact))));
    }
    return sent;
}

QJsonObject publishShare(const QString &token, const QJsonObject &metadata)
{
    return {{"type"_L1, "publish_share"_L1}, {"token"_L1, token}, {"metadata"_L1, metadata}};
}

QJsonObject requestShare(const QString &token, const QString &requesterId)
{
    return {{"type"_L1, "request_share"_L1}, {"token"_L1, token}, {"requester_id"_L1, requesterId}};
}

QJsonObject revokeShare(const QString &token)
{
    return {{"type"_L1, "revoke_share"_L1}, {"token"_L1, token}};
}

QJsonObject listTeams()
{
    return {{"type"_L1, "list_teams"_L1}};
}

QJsonObject listShares()
{
    return {{"type"_L1, "list_shares"_L1}};
}

QString stateHash(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

QJsonObject backupState(const QString &userId, const QByteArray &data, const QString &hash)
{
    return {{"type"_L1, "backup_state"_L1},
            {"user_id"_L1, userId},
            {"state_hash"_L1, hash.isNull() ? stateHash(data) : hash},
            {"data"_L1, QString::fromLatin1(data.toBase64())}};
}

QJsonObject restoreState(const QString &userId)
{
    return {{"type"_L1, "restore_state"_L1}, {"user_id"_L1, userId}};
}

} // namespace wire
