#include "websocket/RequestDispatcher.h"

#include "auth/Authenticator.h"
#include "logging/LogCategories.h"
#include "metrics/BrokerStats.h"
#include "websocket/AccountWsHandler.h"
#include "websocket/AdminWsHandler.h"
#include "websocket/BackupWsHandler.h"
#include "websocket/MonitorWsHandler.h"
#include "websocket/PresenceWsHandler.h"
#include "websocket/Session.h"
#include "websocket/ShareWsHandler.h"
#include "websocket/TeamWsHandler.h"

#include <QElapsedTimer>

namespace ddalab {

using namespace Qt::StringLiterals;
using namespace protocol;

RequestDispatcher::RequestDispatcher(const WsHandlers &handlers, const Authenticator &authenticator,
                                     BrokerStats &stats)
    : m_handlers(handlers), m_authenticator(authenticator), m_stats(stats)
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
           std::holds_alternative<ListShareAccess>(request) ||
           std::holds_alternative<BackupState>(request) ||
           std::holds_alternative<RestoreState>(request);
}

std::optional<Error> RequestDispatcher::checkIdentity(const Session &session,
                                                      const Request &request) const
{
    const std::optional<QString> &bound = session.boundUserId();
    const std::optional<QString> named = namedUser(request);
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

std::variant<Identity, Error>
RequestDispatcher::checkRegistration(Session &session, const RegisterUser &message) const
{
    using Outcome = Authenticator::Registration::Outcome;
    const Authenticator::Registration check =
        m_authenticator.checkRegistration(message, session.identity());
    ErrorCode code = ErrorCode::AuthFailed;
    switch (check.outcome) {
    case Outcome::Accepted:
        return check.identity;
    case Outcome::Required:
        code = ErrorCode::AuthRequired;
        break;
    case Outcome::Failed:
        code = ErrorCode::AuthFailed;
        break;
    case Outcome::Forbidden:
        code = ErrorCode::Forbidden;
        break;
    }
    qCInfo(lcWs).noquote() << "connection" << session.id() << "may not register as"
                           << message.userId << "-" << check.reason;
    return Error{code, check.reason};
}

void RequestDispatcher::dispatch(Session &session, const Request &request, ReplySink reply)
{
    // A registration's credentials first: what they prove is the connection's from now on.
    std::optional<Identity> registered;
    if (const auto *registration = std::get_if<RegisterUser>(&request)) {
        auto checked = checkRegistration(session, *registration);
        if (const auto *refusal = std::get_if<Error>(&checked)) {
            reply(*refusal);
            return;
        }
        registered = std::get<Identity>(std::move(checked));
    }
    if (auto refusal = checkIdentity(session, request)) {
        reply(*refusal);
        return;
    }
    if (registered)
        session.setIdentity(*registered);
    if (isAdminRequest(request) && !session.identity().admin) {
        reply(
            Error{ErrorCode::Forbidden, u"monitor and admin messages need an admin credential"_s});
        return;
    }
    if (actsOnUserData(request) && !session.takeShareAllowance()) {
        reply(
            Error{ErrorCode::RateLimited, u"too many share, team or backup messages; slow down"_s});
        return;
    }
    std::visit(
        [&](const auto &message) {
            using T = std::decay_t<decltype(message)>;
            if constexpr (std::is_same_v<T, RegisterUser> || std::is_same_v<T, Heartbeat> ||
                          std::is_same_v<T, Disconnect>)
                m_handlers.presence.handle(session, message, reply);
            else if constexpr (std::is_same_v<T, PublishShare>)
                m_handlers.shares.handle(session, message,
                                         timed(reply, &BrokerStats::observePublish));
            else if constexpr (std::is_same_v<T, RequestShare>)
                m_handlers.shares.handle(session, message,
                                         timed(reply, &BrokerStats::observeRequest));
            else if constexpr (std::is_same_v<T, RevokeShare> || std::is_same_v<T, ListShares> ||
                               std::is_same_v<T, ListShareAccess>)
                m_handlers.shares.handle(session, message, reply);
            else if constexpr (std::is_same_v<T, Authenticate>)
                reply(authenticate(session, message));
            else if constexpr (std::is_same_v<T, ListTeams>)
                m_handlers.teams.handle(session, message, reply);
            else if constexpr (std::is_same_v<T, BackupState> || std::is_same_v<T, RestoreState>)
                m_handlers.backups.handle(session, message, reply);
            else if constexpr (std::is_same_v<T, MonitorSubscribe> ||
                               std::is_same_v<T, MonitorSharesPage> ||
                               std::is_same_v<T, AdminAuditQuery>)
                m_handlers.monitor.handle(session, message, reply);
            else if constexpr (std::is_same_v<T, AdminRevokeShare> ||
                               std::is_same_v<T, AdminDisconnectUser>)
                m_handlers.admin.handle(session, message, reply);
            else {
                static_assert(
                    std::is_same_v<T, AdminListAccounts> || std::is_same_v<T, AdminCreateAccount> ||
                    std::is_same_v<T, AdminSetPassword> ||
                    std::is_same_v<T, AdminSetAccountDisabled> ||
                    std::is_same_v<T, AdminRemoveAccount> || std::is_same_v<T, AdminListSessions> ||
                    std::is_same_v<T, AdminRevokeSession>);
                m_handlers.accounts.handle(session, message, reply);
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
