#pragma once

#include "domain/OfflineReason.h"
#include "domain/PresenceRegistry.h"
#include "protocol/Messages.h"

#include <QObject>
#include <QTimer>

namespace ddalab {

class Session;

// register_user, heartbeat and disconnect, and the sweep that takes silent connections
// offline. Presence is per connection: a user is online while any of its connections is.
// Signals say what changed, for the monitor feed.
class PresenceService : public QObject
{
    Q_OBJECT
public:
    PresenceService(PresenceRegistry &registry, QObject *parent = nullptr);

    protocol::Reply registerUser(Session &session, const protocol::RegisterUser &message);
    protocol::Reply heartbeat(Session &session, const protocol::Heartbeat &message);
    protocol::Reply disconnect(Session &session, const protocol::Disconnect &message);
    void connectionClosed(ConnectionId connection,
                          OfflineReason reason = OfflineReason::SocketClosed);

    // Removes connections whose heartbeats stopped; runs every second on its own.
    void sweep();

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
