#include "Announcement.h"

#include <array>

namespace ddalab::announcement {

using namespace Qt::StringLiterals;

namespace {

constexpr std::array kShareChangeNames{"published"_L1, "updated"_L1, "revoked"_L1,
                                       "revoked_by_admin"_L1, "expired"_L1};

qint64 msOf(const QDateTime &time)
{
    return time.isValid() ? time.toMSecsSinceEpoch() : 0;
}

QDateTime timeOf(const QJsonValue &value)
{
    return QDateTime::fromMSecsSinceEpoch(qint64(value.toDouble()), Qt::UTC);
}

} // namespace

OutboxTable::Row shareChanged(const ShareChanged &change)
{
    return {kShareChanged,
            {{"token"_L1, change.token},
             {"change"_L1, kShareChangeNames[size_t(change.change)]},
             {"at_ms"_L1, double(msOf(change.at))}}};
}

std::optional<ShareChanged> readShareChanged(const QJsonObject &payload)
{
    const QString token = payload.value("token"_L1).toString();
    const QString name = payload.value("change"_L1).toString();
    const auto found = std::find(kShareChangeNames.cbegin(), kShareChangeNames.cend(), name);
    if (token.isEmpty() || found == kShareChangeNames.cend())
        return std::nullopt;
    return ShareChanged{token, ShareChange(found - kShareChangeNames.cbegin()),
                        timeOf(payload.value("at_ms"_L1))};
}

OutboxTable::Row sessionOpened(const StoredLoginSession &stored)
{
    const LoginSession &session = stored.session;
    return {kSessionOpened,
            {{"session_id"_L1, session.sessionId},
             {"user_id"_L1, session.userId},
             {"token_hash"_L1, QString::fromLatin1(stored.tokenHash)},
             {"created_at_ms"_L1, double(msOf(session.createdAt))},
             {"expires_at_ms"_L1, double(msOf(session.expiresAt))},
             {"client_address"_L1, session.clientAddress},
             {"endpoint"_L1, session.endpoint}}};
}

std::optional<StoredLoginSession> readSessionOpened(const QJsonObject &payload)
{
    StoredLoginSession stored;
    stored.tokenHash = payload.value("token_hash"_L1).toString().toLatin1();
    LoginSession &session = stored.session;
    session.sessionId = payload.value("session_id"_L1).toString();
    session.userId = payload.value("user_id"_L1).toString();
    session.createdAt = timeOf(payload.value("created_at_ms"_L1));
    session.expiresAt = timeOf(payload.value("expires_at_ms"_L1));
    session.clientAddress = payload.value("client_address"_L1).toString();
    session.endpoint = payload.value("endpoint"_L1).toString();
    if (stored.tokenHash.isEmpty() || session.sessionId.isEmpty() || session.userId.isEmpty())
        return std::nullopt;
    return stored;
}

OutboxTable::Row sessionRevoked(const QString &sessionId)
{
    return {kSessionRevoked, {{"session_id"_L1, sessionId}}};
}

QString readSessionRevoked(const QJsonObject &payload)
{
    return payload.value("session_id"_L1).toString();
}

OutboxTable::Row institutionChanged()
{
    return {kInstitutionChanged, {}};
}

OutboxTable::Row userDisconnected(const QString &userId)
{
    return {kUserDisconnected, {{"user_id"_L1, userId}}};
}

QString readUserDisconnected(const QJsonObject &payload)
{
    return payload.value("user_id"_L1).toString();
}

OutboxTable::Row connectionOnline(const PresenceEntry &entry, const QString &address)
{
    return {kConnectionOnline,
            {{"connection_id"_L1, double(entry.connection)},
             {"user_id"_L1, entry.userId},
             {"endpoint"_L1, entry.endpoint},
             {"registered_at_ms"_L1, double(msOf(entry.registeredAt))},
             {"address"_L1, address}}};
}

std::optional<RemoteConnection> readConnectionOnline(const QString &replicaId,
                                                     const QJsonObject &payload)
{
    RemoteConnection connection{replicaId,
                                payload.value("address"_L1).toString(),
                                ConnectionId(payload.value("connection_id"_L1).toDouble()),
                                payload.value("user_id"_L1).toString(),
                                payload.value("endpoint"_L1).toString(),
                                timeOf(payload.value("registered_at_ms"_L1))};
    if (connection.connectionId == 0 || connection.userId.isEmpty())
        return std::nullopt;
    return connection;
}

OutboxTable::Row connectionOffline(ConnectionId connection, OfflineReason reason)
{
    return {kConnectionOffline,
            {{"connection_id"_L1, double(connection)}, {"reason"_L1, offlineReasonName(reason)}}};
}

std::optional<ConnectionOffline> readConnectionOffline(const QJsonObject &payload)
{
    const auto connection = ConnectionId(payload.value("connection_id"_L1).toDouble());
    const auto reason = offlineReasonFromName(payload.value("reason"_L1).toString());
    if (connection == 0 || !reason)
        return std::nullopt;
    return ConnectionOffline{connection, *reason};
}

} // namespace ddalab::announcement
