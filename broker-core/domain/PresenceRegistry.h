#pragma once

#include "Clock.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <chrono>
#include <optional>

namespace ddalab {

using ConnectionId = quint64;

// One registered connection of a user: a DDALAB desktop that said register_user.
struct PresenceEntry
{
    ConnectionId connection = 0;
    QString userId;
    QString endpoint;
    QDateTime registeredAt;
    QDateTime lastHeartbeat;
    // Empty for this daemon's own connections; for one held by another replica (several
    // brokers on one PostgreSQL), that replica's id and address.
    QString replicaId;
    QString replicaAddress;

    bool isRemote() const { return !replicaId.isEmpty(); }
};

// Who is online, per connection: a user is online while any of its connections is registered,
// here or on another replica (whose connection ids never collide with this one's). Heartbeats
// and their timeout concern this daemon's own connections; another replica's stay until it says
// they went, or its lease expires. Lives on the network thread; not thread-safe.
class PresenceRegistry
{
public:
    PresenceRegistry(const Clock &clock, std::chrono::seconds heartbeatTimeout);

    // Registers or re-registers a connection; a connection belongs to one user at a time.
    void registerConnection(ConnectionId connection, const QString &userId,
                            const QString &endpoint);
    // Refreshes the connection's heartbeat; false when it is not registered.
    bool heartbeat(ConnectionId connection);
    std::optional<PresenceEntry> remove(ConnectionId connection);
    // Removes and returns the own connections whose last heartbeat is older than the timeout.
    QList<PresenceEntry> removeExpired();
    // Another replica's connection (entry.replicaId set).
    void addRemote(const PresenceEntry &entry);
    // Removes and returns the connections of one other replica, or of all others (empty id).
    QList<PresenceEntry> removeRemote(const QString &replicaId = {});

    const PresenceEntry *find(ConnectionId connection) const;
    bool isOnline(const QString &userId) const;
    // The owner's connection that heartbeated last, for share download URLs.
    std::optional<PresenceEntry> liveConnectionOf(const QString &userId) const;
    QList<PresenceEntry> connectionsOf(const QString &userId) const;
    QList<PresenceEntry> allConnections() const;

    qsizetype connectionCount() const { return m_entries.size(); }
    // This daemon's own registered connections.
    qsizetype localConnectionCount() const { return m_entries.size() - m_remoteCount; }
    qsizetype userCount() const { return m_connectionsByUser.size(); }
    std::chrono::seconds heartbeatTimeout() const { return m_timeout; }
    void setHeartbeatTimeout(std::chrono::seconds timeout) { m_timeout = timeout; }

private:
    void detachFromUser(const PresenceEntry &entry);

    const Clock &m_clock;
    std::chrono::seconds m_timeout;
    QHash<ConnectionId, PresenceEntry> m_entries;
    QHash<QString, QList<ConnectionId>> m_connectionsByUser;
    qsizetype m_remoteCount = 0;
};

} // namespace ddalab
