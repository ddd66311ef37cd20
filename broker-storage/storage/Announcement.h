#pragma once

#include "AccountResults.h"
#include "OutboxTable.h"
#include "ReplicaResults.h"

#include "domain/OfflineReason.h"
#include "domain/PresenceRegistry.h"

#include <optional>

// What one replica tells the others through the outbox: each kind, written and read here only.
namespace ddalab::announcement {

inline constexpr QLatin1StringView kShareChanged{"share.changed"};
inline constexpr QLatin1StringView kSessionOpened{"session.opened"};
inline constexpr QLatin1StringView kSessionRevoked{"session.revoked"};
inline constexpr QLatin1StringView kInstitutionChanged{"institution.changed"};
inline constexpr QLatin1StringView kUserDisconnected{"user.disconnected"};
inline constexpr QLatin1StringView kConnectionOnline{"connection.online"};
inline constexpr QLatin1StringView kConnectionOffline{"connection.offline"};

// How a share changed: its cached copies are stale.
enum class ShareChange { Published, Updated, Revoked, RevokedByAdmin, Expired };

struct ShareChanged
{
    QString token;
    ShareChange change = ShareChange::Updated;
    QDateTime at;
};

OutboxTable::Row shareChanged(const ShareChanged &change);
std::optional<ShareChanged> readShareChanged(const QJsonObject &payload);

// Carries the session's token hash (as the sessions table does), never a token.
OutboxTable::Row sessionOpened(const StoredLoginSession &session);
std::optional<StoredLoginSession> readSessionOpened(const QJsonObject &payload);
OutboxTable::Row sessionRevoked(const QString &sessionId);
QString readSessionRevoked(const QJsonObject &payload);

OutboxTable::Row institutionChanged();

// An administrator ended the user's connections, wherever they are.
OutboxTable::Row userDisconnected(const QString &userId);
QString readUserDisconnected(const QJsonObject &payload);

OutboxTable::Row connectionOnline(const PresenceEntry &entry, const QString &address);
std::optional<RemoteConnection> readConnectionOnline(const QString &replicaId,
                                                     const QJsonObject &payload);
OutboxTable::Row connectionOffline(ConnectionId connection, OfflineReason reason);
struct ConnectionOffline
{
    ConnectionId connection = 0;
    OfflineReason reason = OfflineReason::SocketClosed;
};
std::optional<ConnectionOffline> readConnectionOffline(const QJsonObject &payload);

} // namespace ddalab::announcement
