#pragma once

#include "protocol/Messages.h"
#include "websocket/ReplySink.h"

namespace ddalab {

class Session;
class ShareService;

// publish_share, request_share, revoke_share and list_shares for a connection's bound user:
// ShareService's results as replies.
class ShareWsHandler
{
public:
    explicit ShareWsHandler(ShareService &shares) : m_shares(shares) {}

    void handle(Session &session, const protocol::PublishShare &message, const ReplySink &reply);
    void handle(Session &session, const protocol::RequestShare &message, const ReplySink &reply);
    void handle(Session &session, const protocol::RevokeShare &message, const ReplySink &reply);
    void handle(Session &session, const protocol::ListShares &message, const ReplySink &reply);

private:
    ShareService &m_shares;
};

} // namespace ddalab
