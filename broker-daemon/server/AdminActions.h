#pragma once

#include "Session.h"
#include "protocol/Messages.h"

namespace ddalab {

class ShareService;
class WebSocketGateway;

// What an administrator may do over the monitor feed: revoke any share, end all of a user's
// connections. Each action is logged with the administrator's identity.
class AdminActions
{
public:
    explicit AdminActions(ShareService &shares) : m_shares(shares) {}

    // The gateway is built after the dispatcher that needs these actions, so it comes in later.
    void setGateway(WebSocketGateway *gateway) { m_gateway = gateway; }

    void revokeShare(Session &session, const protocol::AdminRevokeShare &message, ReplySink reply);
    void disconnectUser(Session &session, const protocol::AdminDisconnectUser &message,
                        ReplySink reply);

    // Who an admin connection is, for the log: the user its admin JWT proves, or the admin
    // token and where it came from. Never the credential itself.
    static QString adminName(const Session &session);

private:
    ShareService &m_shares;
    WebSocketGateway *m_gateway = nullptr;
};

} // namespace ddalab
