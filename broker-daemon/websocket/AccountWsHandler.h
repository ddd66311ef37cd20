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
// accountsInUse says whether logins check these accounts, which account_list tells the monitor.
class AccountWsHandler
{
public:
    AccountWsHandler(AccountService &accounts, LoginSessions &loginSessions,
                     const SessionRegistry &connections, bool accountsInUse)
        : m_accounts(accounts), m_loginSessions(loginSessions), m_connections(connections),
          m_accountsInUse(accountsInUse)
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
    bool m_accountsInUse;
};

} // namespace ddalab
