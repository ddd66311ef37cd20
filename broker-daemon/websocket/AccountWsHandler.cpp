#include "websocket/AccountWsHandler.h"

#include "auth/LoginSessions.h"
#include "services/AccountService.h"
#include "websocket/AdminWsHandler.h"
#include "websocket/Session.h"
#include "websocket/SessionRegistry.h"

namespace ddalab {

using namespace Qt::StringLiterals;
using namespace protocol;

namespace {

// The reply to an account change.
std::function<void(AccountService::Outcome)> replyTo(const ReplySink &reply)
{
    return [reply](AccountService::Outcome outcome) {
        switch (outcome) {
        case AccountService::Outcome::Done:
        case AccountService::Outcome::Created:
            reply(Ack{});
            return;
        case AccountService::Outcome::Exists:
            reply(Error{ErrorCode::AccountExists, u"an account with this user id exists"_s});
            return;
        case AccountService::Outcome::NotFound:
            reply(Error{ErrorCode::AccountNotFound, u"no account has this user id"_s});
            return;
        case AccountService::Outcome::Busy:
            reply(Error{ErrorCode::ServiceBusy, u"too many passwords are being hashed; try "
                                                "again in a moment"_s});
            return;
        case AccountService::Outcome::Failed:
            reply(Error{ErrorCode::StorageError, u"the account could not be changed"_s});
            return;
        }
    };
}

} // namespace

void AccountWsHandler::handle(Session &session, const AdminListAccounts &, const ReplySink &reply)
{
    m_accounts.list(&session, [this, reply](const std::optional<QList<AccountEntry>> &accounts) {
        if (accounts)
            reply(AccountList{*accounts, m_accountsInUse});
        else
            reply(Error{ErrorCode::StorageError, u"the accounts could not be read"_s});
    });
}

void AccountWsHandler::handle(Session &session, const AdminCreateAccount &message,
                              const ReplySink &reply)
{
    m_accounts.create(AdminWsHandler::adminActor(session), message.userId, message.password,
                      &session, replyTo(reply));
}

void AccountWsHandler::handle(Session &session, const AdminSetPassword &message,
                              const ReplySink &reply)
{
    m_accounts.setPassword(AdminWsHandler::adminActor(session), message.userId, message.password,
                           &session, replyTo(reply));
}

void AccountWsHandler::handle(Session &session, const AdminSetAccountDisabled &message,
                              const ReplySink &reply)
{
    m_accounts.setDisabled(AdminWsHandler::adminActor(session), message.userId, message.disabled,
                           &session, replyTo(reply));
}

void AccountWsHandler::handle(Session &session, const AdminRemoveAccount &message,
                              const ReplySink &reply)
{
    m_accounts.remove(AdminWsHandler::adminActor(session), message.userId, &session,
                      replyTo(reply));
}

void AccountWsHandler::handle(Session &, const AdminListSessions &message, const ReplySink &reply)
{
    const QHash<QString, int> connections = m_connections.connectionsByLoginSession();
    SessionList list;
    for (const LoginSession &session : m_loginSessions.list(message.userId))
        list.sessions.append({session, connections.value(session.sessionId)});
    reply(list);
}

void AccountWsHandler::handle(Session &session, const AdminRevokeSession &message,
                              const ReplySink &reply)
{
    m_accounts.revokeSession(
        AdminWsHandler::adminActor(session), message.sessionId, &session, [reply](bool revoked) {
            if (revoked)
                reply(Ack{});
            else
                reply(Error{ErrorCode::SessionNotFound, u"no live session has this id"_s});
        });
}

} // namespace ddalab
