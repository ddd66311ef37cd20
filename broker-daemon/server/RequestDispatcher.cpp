#include "RequestDispatcher.h"

#include "AdminActions.h"
#include "BackupService.h"
#include "MonitorFeed.h"
#include "PresenceService.h"
#include "ShareService.h"
#include "TeamService.h"
#include "auth/Authenticator.h"
#include "logging/LogCategories.h"
#include "metrics/BrokerStats.h"

#include <QElapsedTimer>

namespace ddalab {

using namespace Qt::StringLiterals;
using namespace protocol;

RequestDispatcher::RequestDispatcher(PresenceService &presence, ShareService &shares,
                                     TeamService &teams, BackupService &backups,
                                     MonitorFeed &monitor, AdminActions &admin,
                                     const Authenticator &authenticator, BrokerStats &stats)
    : m_presence(presence), m_shares(shares), m_teams(teams), m_backups(backups),
      m_monitor(monitor), m_admin(admin), m_authenticator(authenticator), m_stats(stats)
{
}

std::optional<QString> RequestDispatcher::namedUser(const Request &request)
{
    return std::visit(
        [](const auto &message) -> std::optional<QString> {
            using T = std::decay_t<decltype(message)>;
            if constexpr (std::is_same_v<T, RegisterUser> || std::is_same_v<T, Heartbeat> ||
                          std::is_same_v<T, Disconnect> || std::is_same_v<T, BackupState> ||
                          std::is_same_v<T, RestoreState>)
                return message.userId;
            else if constexpr (std::is_same_v<T, PublishShare>)
                return message.metadata.ownerUserId;
            else if constexpr (std::is_same_v<T, RequestShare>)
                return message.requesterId;
            else
                return std::nullopt;
        },
        request);
}

bool RequestDispatcher::actsOnUserData(const Request &request)
{
    return std::holds_alternative<PublishShare>(request) ||
           std::holds_alternative<RequestShare>(request) ||
           std::holds_alternative<RevokeShare>(request) ||
           std::holds_alternative<ListTeams>(request) ||
           std::holds_alternative<ListShares>(request) ||
           std::holds_alternative<BackupState>(request) ||
           std::holds_alternative<RestoreState>(request);
}

std::optional<Error> RequestDispatcher::checkIdentity(const Session &session,
                                                      const Request &request) const
{
    const std::optional<QString> &bound = session.boundUserId();
    const std::optional<QString> named = namedUser(request);
    if (const auto *registration = std::get_if<RegisterUser>(&request)) {
        const Identity &identity = session.identity();
        if (identity.provenUserId && *identity.provenUserId != registration->userId)
            return Error{ErrorCode::Forbidden, u"your credential proves another user id"_s};
        if (!identity.provenUserId && m_authenticator.credentialRequired())
            return Error{ErrorCode::Forbidden, u"this credential proves no user id"_s};
    }
    if (!bound) {
        if (actsOnUserData(request))
            return Error{ErrorCode::NotRegistered, u"send register_user first"_s};
        if (std::holds_alternative<Heartbeat>(request) ||
            std::holds_alternative<Disconnect>(request))
            return Error{ErrorCode::UserNotFound, u"user is not registered on this connection"_s};
        return std::nullopt;
    }
    if (named && *named != *bound)
        return Error{ErrorCode::Forbidden, u"this connection is registered as another user"_s};
    return std::nullopt;
}

void RequestDispatcher::dispatch(Session &session, const Request &request, ReplySink reply)
{
    if (auto refusal = checkIdentity(session, request)) {
        reply(*refusal);
        return;
    }
    if (isAdminRequest(request) && !session.identity().admin) {
        reply(
            Error{ErrorCode::Forbidden, u"monitor and admin messages need an admin credential"_s});
        return;
    }
    if (actsOnUserData(request) && !session.takeShareAllowance()) {
        reply(Error{ErrorCode::RateLimited, u"too many share, team or backup messages; slow down"_s});
        return;
    }
    std::visit(
        [&](const auto &message) {
            using T = std::decay_t<decltype(message)>;
            if constexpr (std::is_same_v<T, RegisterUser>) {
                session.bindUser(message.userId);
                reply(m_presence.registerUser(session, message));
            } else if constexpr (std::is_same_v<T, Heartbeat>) {
                reply(m_presence.heartbeat(session, message));
            } else if constexpr (std::is_same_v<T, Disconnect>) {
                reply(m_presence.disconnect(session, message));
            } else if constexpr (std::is_same_v<T, PublishShare>) {
                m_shares.publish(*session.boundUserId(), message, &session,
                                 timed(reply, &BrokerStats::observePublish));
            } else if constexpr (std::is_same_v<T, RequestShare>) {
                m_shares.request(*session.boundUserId(), message, &session,
                                 timed(reply, &BrokerStats::observeRequest));
            } else if constexpr (std::is_same_v<T, RevokeShare>) {
                m_shares.revoke(*session.boundUserId(), message, &session, reply);
            } else if constexpr (std::is_same_v<T, Authenticate>) {
                reply(authenticate(session, message));
            } else if constexpr (std::is_same_v<T, ListTeams>) {
                m_teams.listTeamsOf(*session.boundUserId(), &session, reply);
            } else if constexpr (std::is_same_v<T, ListShares>) {
                m_shares.listOwned(*session.boundUserId(), &session, reply);
            } else if constexpr (std::is_same_v<T, BackupState>) {
                m_backups.backupState(message, &session, reply);
            } else if constexpr (std::is_same_v<T, RestoreState>) {
                m_backups.restoreState(message, &session, reply);
            } else if constexpr (std::is_same_v<T, MonitorSubscribe>) {
                m_monitor.subscribe(session, message, reply);
            } else if constexpr (std::is_same_v<T, MonitorSharesPage>) {
                m_monitor.sharesPage(session, message, reply);
            } else if constexpr (std::is_same_v<T, AdminRevokeShare>) {
                m_admin.revokeShare(session, message, reply);
            } else {
                static_assert(std::is_same_v<T, AdminDisconnectUser>);
                m_admin.disconnectUser(session, message, reply);
            }
        },
        request);
}

ReplySink RequestDispatcher::timed(ReplySink reply, void (BrokerStats::*observe)(double))
{
    QElapsedTimer timer;
    timer.start();
    return [this, reply = std::move(reply), timer, observe](const Reply &answer) {
        (m_stats.*observe)(double(timer.nsecsElapsed()) / 1e9);
        reply(answer);
    };
}

Reply RequestDispatcher::authenticate(Session &session, const Authenticate &message)
{
    const AuthDecision decision = m_authenticator.verifyCredential(message.accessToken.toUtf8());
    if (!decision.accepted)
        return Error{ErrorCode::AuthFailed, decision.reason};
    const Identity &current = session.identity();
    if (decision.identity.provenUserId != current.provenUserId ||
        decision.identity.admin != current.admin)
        return Error{ErrorCode::AuthFailed, u"the credential proves another identity"_s};
    session.setIdentity(decision.identity);
    qCDebug(lcWs) << "connection" << session.id() << "renewed its credential";
    return Ack{};
}

} // namespace ddalab
