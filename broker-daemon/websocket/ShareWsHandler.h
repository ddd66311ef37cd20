#pragma once

#include "protocol/Messages.h"
#include "websocket/ReplySink.h"

namespace ddalab {

class Session;
class ShareAccessLog;
class ShareService;

// publish_share, request_share, revoke_share, list_shares and list_share_access for a
// connection's bound user: ShareService's and ShareAccessLog's results as replies.
class ShareWsHandler
{
public:
    ShareWsHandler(ShareService &shares, ShareAccessLog &accessLog)
        : m_shares(shares), m_accessLog(accessLog)
    {
    }

    void handle(Session &session, const protocol::PublishShare &message, const ReplySink &reply);
    void handle(Session &session, const protocol::RequestShare &message, const ReplySink &reply);
    void handle(Session &session, const protocol::RevokeShare &message, const ReplySink &reply);
    void handle(Session &session, const protocol::ListShares &message, const ReplySink &reply);
    void handle(Session &session, const protocol::ListShareAccess &message, const ReplySink &reply);

private:
    ShareService &m_shares;
    ShareAccessLog &m_accessLog;
};

} // namespace ddalab
