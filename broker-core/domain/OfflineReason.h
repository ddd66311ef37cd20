#pragma once

#include <QString>

#include <optional>

namespace ddalab {

// Why a registered connection stopped counting as online.
enum class OfflineReason {
    Disconnect,       // the desktop sent disconnect
    SocketClosed,     // the WebSocket closed, cleanly or not
    HeartbeatTimeout, // no heartbeat for HEARTBEAT_TIMEOUT_SECONDS
    AdminDisconnect,  // an administrator ended the user's connections
    ReplicaLost,      // the replica that held the connection stopped renewing its lease
                      // (crashed or cut off); another replica declared the connection gone
};

// Wire names: disconnect, socket_closed, heartbeat_timeout, admin_disconnect, replica_lost.
QString offlineReasonName(OfflineReason reason);
std::optional<OfflineReason> offlineReasonFromName(QStringView name);

} // namespace ddalab
