#include "OfflineReason.h"

#include <array>
#include <utility>

namespace ddalab {
namespace {

constexpr std::array kNames = {
    std::pair{OfflineReason::Disconnect, u"disconnect"},
    std::pair{OfflineReason::SocketClosed, u"socket_closed"},
    std::pair{OfflineReason::HeartbeatTimeout, u"heartbeat_timeout"},
    std::pair{OfflineReason::AdminDisconnect, u"admin_disconnect"},
    std::pair{OfflineReason::ReplicaLost, u"replica_lost"},
};

} // namespace

QString offlineReasonName(OfflineReason reason)
{
    for (const auto &[value, name] : kNames) {
        if (value == reason)
            return QString::fromUtf16(name);
    }
    return {};
}

std::optional<OfflineReason> offlineReasonFromName(QStringView name)
{
    for (const auto &[value, wireName] : kNames) {
        if (name == QStringView(wireName))
            return value;
    }
    return std::nullopt;
}

} // namespace ddalab
