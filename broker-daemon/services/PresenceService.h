#pragma once

#include "domain/OfflineReason.h"
#include "domain/PresenceRegistry.h"

#include <QObject>
#include <QTimer>

#include <optional>

namespace ddalab {

// register_user, heartbeat and disconnect, and the sweep that takes silent connections
// offline. Presence is per connection: a user is online while any of its connections is.
// Signals say what changed, for the monitor feed.
class PresenceService : public QObject
{
    Q_OBJECT
public:
    // What a connection registered as; it keeps it while the registration lasts.
    struct Registration
    {
        QString userId;
        QString endpoint;
    };

    explicit PresenceService(PresenceRegistry &registry, QObject *parent = nullptr);

    void registerConnection(ConnectionId connection, const Registration &registration);
    // False when the connection is not online and has no registration to come back with.
    bool heartbeat(ConnectionId connection, const std::optional<Registration> &registration);
    void disconnect(ConnectionId connection);
    void connectionClosed(ConnectionId connection, ddalab::OfflineReason reason);

    // Removes connections whose heartbeats stopped; runs every second on its own.
    void sweep();

    // Another replica's connections, as its announcements and presence rows say: they count
    // like this daemon's own, and the same signals tell of them.
    void remoteOnline(const PresenceEntry &entry);
    void remoteOffline(ConnectionId connection, ddalab::OfflineReason reason);
    // The replica's lease expired: its connections are offline.
    void replicaLost(const QString &replicaId);
    // Every other replica's connections are these now (read again after the outbox listener
    // was lost): what changed is told as if it happened now.
    void replaceRemote(const QList<PresenceEntry> &entries);

signals:
    // A connection registered (or came back with a heartbeat after timing out).
    void connectionOnline(const ddalab::PresenceEntry &entry);
    void connectionOffline(const ddalab::PresenceEntry &entry, ddalab::OfflineReason reason);
    void heartbeatReceived(const ddalab::PresenceEntry &entry);

private:
    void wentOffline(const PresenceEntry &entry, OfflineReason reason);

    PresenceRegistry &m_registry;
    QTimer m_sweepTimer;
};

} // namespace ddalab
