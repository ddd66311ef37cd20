#pragma once

#include "auth/Identity.h"
#include "protocol/Messages.h"
#include "websocket/ReplySink.h"

namespace ddalab {

class AccountWsHandler;
class AdminWsHandler;
class Authenticator;
class BackupWsHandler;
class BrokerStats;
class MonitorWsHandler;
class PresenceWsHandler;
class Session;
class ShareWsHandler;
class TeamWsHandler;

// The handler of each resource's messages.
struct WsHandlers
{
    PresenceWsHandler &presence;
    ShareWsHandler &shares;
    TeamWsHandler &teams;
    BackupWsHandler &backups;
    MonitorWsHandler &monitor;
    AdminWsHandler &admin;
    AccountWsHandler &accounts;
};

// Checks a request against what is per connection (the identity it registered as, its
// credential, its rate limit), then hands it to the handler of its resource. Monitor and admin
// requests need an admin connection. authenticate, which renews the connection's own credential,
// is answered here.
class RequestDispatcher
{
public:
    RequestDispatcher(const WsHandlers &handlers, const Authenticator &authenticator,
                      BrokerStats &stats);

    void dispatch(Session &session, const protocol::Request &request, ReplySink reply);

private:
    // The user id a request acts for, which must be the connection's own.
    static std::optional<QString> namedUser(const protocol::Request &request);
    // Share, team and backup messages: they need a registered connection and are rate limited.
    static bool actsOnUserData(const protocol::Request &request);
    std::optional<protocol::Error> checkIdentity(const Session &session,
                                                 const protocol::Request &request) const;
    // Who register_user's credentials (or the connection's) prove; an error when nobody.
    std::variant<Identity, protocol::Error>
    checkRegistration(Session &session, const protocol::RegisterUser &message) const;

    protocol::Reply authenticate(Session &session, const protocol::Authenticate &message);
    // Measures from now until the reply, into one of the stats' latency histograms.
    ReplySink timed(ReplySink reply, void (BrokerStats::*observe)(double));

    WsHandlers m_handlers;
    const Authenticator &m_authenticator;
    BrokerStats &m_stats;
};

} // namespace ddalab
