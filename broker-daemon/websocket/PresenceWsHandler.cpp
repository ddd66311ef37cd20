#include "websocket/PresenceWsHandler.h"

#include "services/PresenceService.h"
#include "websocket/Session.h"

namespace ddalab {

using namespace Qt::StringLiterals;
using namespace protocol;

void PresenceWsHandler::handle(Session &session, const RegisterUser &message,
                               const ReplySink &reply)
{
    session.bindUser(message.userId);
    session.setRegisteredEndpoint(message.endpoint);
    m_presence.registerConnection(session.id(), {message.userId, message.endpoint});
    reply(Ack{});
}

void PresenceWsHandler::handle(Session &session, const Heartbeat &, const ReplySink &reply)
{
    std::optional<PresenceService::Registration> registration;
    if (const auto &endpoint = session.registeredEndpoint())
        registration = PresenceService::Registration{*session.boundUserId(), *endpoint};
    if (m_presence.heartbeat(session.id(), registration))
        reply(Ack{});
    else
        reply(Error{ErrorCode::UserNotFound, u"user is not registered on this connection"_s});
}

void PresenceWsHandler::handle(Session &session, const Disconnect &, const ReplySink &reply)
{
    session.setRegisteredEndpoint(std::nullopt);
    m_presence.disconnect(session.id());
    reply(Ack{});
}

} // namespace ddalab
