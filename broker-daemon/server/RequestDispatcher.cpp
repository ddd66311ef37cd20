#include "RequestDispatcher.h"

#include "PresenceService.h"
#include "ShareService.h"

namespace ddalab {

using namespace Qt::StringLiterals;
using namespace protocol;

RequestDispatcher::RequestDispatcher(PresenceService &presence, ShareService &shares)
    : m_presence(presence), m_shares(shares)
{
}

std::optional<QString> RequestDispatcher::namedUser(const Request &request)
{
    return std::visit(
        [](const auto &message) -> std::optional<QString> {
            using T = std::decay_t<decltype(message)>;
            if constexpr (std::is_same_v<T, RegisterUser> || std::is_same_v<T, Heartbeat> ||
                          std::is_same_v<T, Disconnect>)
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

std::optional<Error> RequestDispatcher::checkIdentity(const Session &session,
                                                      const Request &request) const
{
    const std::optional<QString> &bound = session.boundUserId();
    const std::optional<QString> named = namedUser(request);
    if (!bound) {
        const bool shareMessage = std::holds_alternative<PublishShare>(request) ||
                                  std::holds_alternative<RequestShare>(request) ||
                                  std::holds_alternative<RevokeShare>(request);
        if (shareMessage)
            return Error{ErrorCode::NotRegistered, u"send register_user first"_s};
        if (std::holds_alternative<Heartbeat>(request) ||
            std::holds_alternative<Disconnect>(request))
            return Error{ErrorCode::UserNotFound, u"user is not registered on this connection"_s};
        return std::nullopt;
    }
    if (named && *named != *bound)
        return Error{ErrorCode::Forbidden,
                     u"this connection is registered as another user"_s};
    return std::nullopt;
}

void RequestDispatcher::dispatch(Session &session, const Request &request, ReplySink reply)
{
    if (auto refusal = checkIdentity(session, request)) {
        reply(*refusal);
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
                m_shares.publish(*session.boundUserId(), message, &session, reply);
            } else if constexpr (std::is_same_v<T, RequestShare>) {
                m_shares.request(*session.boundUserId(), message, &session, reply);
            } else {
                m_shares.revoke(*session.boundUserId(), message, &session, reply);
            }
        },
        request);
}

} // namespace ddalab
