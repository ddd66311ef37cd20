#pragma once

#include "protocol/Messages.h"
#include "websocket/ReplySink.h"

namespace ddalab {

class AccountService;
class LoginSessions;
class Session;
class SessionRegistry;

// The monitor's accounts view, from admin connections (the dispatcher checks): accounts listed,
// added, their passwords reset, disabled, enabled and removed; sessions listed and revoked.
class AccountWsHandler
{
public:
    AccountWsHandler(AccountService &accounts, LoginSessions &loginSessions,
                     const SessionRegistry &connections)
        : m_accounts(accounts), m_loginSessions(loginSessions), m_connections(connections)
    {
    }

    void handle(Session &session, const protocol::AdminListAccounts &message,
                const ReplySink &reply);
    void handle(Session &session, const protocol::AdminCreateAccount &message,
                const ReplySink &reply);
    void handle(Session &session, const protocol::AdminSetPassword &message,
                const ReplySink &reply);
    void handle(Session &session, const protocol::AdminSetAccountDisabled &message,
                const ReplySink &reply);
    void handle(Session &session, const protocol::AdminRemoveAccount &message,
                const ReplySink &reply);
    void handle(Session &session, const protocol::AdminListSessions &message,
                const ReplySink &reply);
    void handle(Session &session, const protocol::AdminRevokeSession &message,
                const ReplySink &reply);

private:
    AccountService &m_accounts;
    LoginSessions &m_loginSessions;
    const SessionRegistry &m_connections;
};

} // namespace ddalab
