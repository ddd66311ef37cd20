#pragma once

#include "domain/AuditEntry.h"
#include "protocol/Messages.h"
#include "websocket/ReplySink.h"

namespace ddalab {

class AdminActions;
class Session;

// admin_revoke_share and admin_disconnect_user, from admin connections (the dispatcher checks).
class AdminWsHandler
{
public:
    explicit AdminWsHandler(AdminActions &actions) : m_actions(actions) {}

    void handle(Session &session, const protocol::AdminRevokeShare &message,
                const ReplySink &reply);
    void handle(Session &session, const protocol::AdminDisconnectUser &message,
                const ReplySink &reply);

    // Who an admin connection is, for the log: the user its admin JWT proves, or the admin
    // token and where it came from. Never the credential itself.
    static QString adminName(const Session &session);
    // Who an admin connection is for the audit trail, named in logs as adminName says.
    static AuditActor adminActor(const Session &session);

private:
    AdminActions &m_actions;
};

} // namespace ddalab
