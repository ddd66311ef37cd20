#pragma once

#include "protocol/Messages.h"
#include "websocket/ReplySink.h"

namespace ddalab {

class PresenceService;
class Session;

// register_user, heartbeat and disconnect: the connection's registration, kept by its session,
// and its presence, kept by PresenceService.
class PresenceWsHandler
{
public:
    explicit PresenceWsHandler(PresenceService &presence) : m_presence(presence) {}

    void handle(Session &session, const protocol::RegisterUser &message, const ReplySink &reply);
    void handle(Session &session, const protocol::Heartbeat &message, const ReplySink &reply);
    void handle(Session &session, const protocol::Disconnect &message, const ReplySink &reply);

private:
    PresenceService &m_presence;
};

} // namespace ddalab
