#include "AdminActions.h"

#include "ShareService.h"
#include "WebSocketGateway.h"
#include "logging/LogCategories.h"

namespace ddalab {

using namespace Qt::StringLiterals;
using namespace protocol;

QString AdminActions::adminName(const Session &session)
{
    const QString via = u"connection %1 from %2"_s.arg(session.id()).arg(session.peer());
    if (const auto &user = session.identity().provenUserId)
        return u"%1 (admin JWT, %2)"_s.arg(*user, via);
    return u"the admin token (%1)"_s.arg(via);
}

void AdminActions::revokeShare(Session &session, const AdminRevokeShare &message, ReplySink reply)
{
    m_shares.revokeAsAdmin(adminName(session), message.token, &session, std::move(reply));
}

void AdminActions::disconnectUser(Session &session, const AdminDisconnectUser &message,
                                  ReplySink reply)
{
    const int closed =
        m_gateway
            ? m_gateway->closeConnectionsOf(message.userId, u"disconnected by an administrator"_s)
            : 0;
    if (closed == 0) {
        reply(Error{ErrorCode::UserNotFound, u"no open connection is registered as that user"_s});
        return;
    }
    qCInfo(lcWs).noquote() << "disconnected" << message.userId << "(" << closed
                           << (closed == 1 ? "connection" : "connections")
                           << ") as administrator:" << adminName(session);
    reply(Ack{});
}

} // namespace ddalab
