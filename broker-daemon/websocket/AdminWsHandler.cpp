#include "websocket/AdminWsHandler.h"

#include "services/AdminActions.h"
#include "websocket/Session.h"

namespace ddalab {

using namespace Qt::StringLiterals;
using namespace protocol;

QString AdminWsHandler::adminName(const Session &session)
{
    const QString via = u"connection %1 from %2"_s.arg(session.id()).arg(session.peer());
    if (const auto &user = session.identity().provenUserId)
        return u"%1 (admin JWT, %2)"_s.arg(*user, via);
    return u"the admin token (%1)"_s.arg(via);
}

AuditActor AdminWsHandler::adminActor(const Session &session)
{
    AuditActor actor = session.auditActor();
    actor.logName = adminName(session);
    return actor;
}

void AdminWsHandler::handle(Session &session, const AdminRevokeShare &message,
                            const ReplySink &reply)
{
    m_actions.revokeShare(
        adminActor(session), message.token, &session, [reply](const RevokeResult &result) {
            switch (result.status) {
            case RevokeResult::Status::Revoked:
                reply(Ack{});
                return;
            case RevokeResult::Status::NotFound:
            case RevokeResult::Status::NotOwner: // not for administrators
                reply(Error{ErrorCode::ShareNotFound, u"share not found or already revoked"_s});
                return;
            case RevokeResult::Status::Failed:
                reply(Error{ErrorCode::RevokeError, u"the revocation could not be stored"_s});
                return;
            }
        });
}

void AdminWsHandler::handle(Session &session, const AdminDisconnectUser &message,
                            const ReplySink &reply)
{
    if (m_actions.disconnectUser(adminActor(session), message.userId) > 0)
        reply(Ack{});
    else
        reply(Error{ErrorCode::UserNotFound, u"no open connection is registered as that user"_s});
}

} // namespace ddalab
