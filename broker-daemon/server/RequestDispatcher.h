#pragma once

#include "Session.h"
#include "protocol/Messages.h"

namespace ddalab {

class AdminActions;
class Authenticator;
class BackupService;
class BrokerStats;
class MonitorFeed;
class PresenceService;
class ShareService;
class TeamService;

// Checks a request against its connection's identity and rate limit, then hands it to the
// service that answers it. Monitor and admin requests need an admin connection.
class RequestDispatcher
{
public:
    RequestDispatcher(PresenceService &presence, ShareService &shares, TeamService &teams,
                      BackupService &backups, MonitorFeed &monitor, AdminActions &admin,
                      const Authenticator &authenticator, BrokerStats &stats);

    void dispatch(Session &session, const protocol::Request &request, ReplySink reply);

private:
    // The user id a request acts for, which must be the connection's own.
    static std::optional<QString> namedUser(const protocol::Request &request);
    // Share, team and backup messages: they need a registered connection and are rate limited.
    static bool actsOnUserData(const protocol::Request &request);
    std::optional<protocol::Error> checkIdentity(const Session &session,
                                                 const protocol::Request &request) const;

    protocol::Reply authenticate(Session &session, const protocol::Authenticate &message);
    // Measures from now until the reply, into one of the stats' latency histograms.
    ReplySink timed(ReplySink reply, void (BrokerStats::*observe)(double));

    PresenceService &m_presence;
    ShareService &m_shares;
    TeamService &m_teams;
    BackupService &m_backups;
    MonitorFeed &m_monitor;
    AdminActions &m_admin;
    const Authenticator &m_authenticator;
    BrokerStats &m_stats;
};

} // namespace ddalab
