#pragma once

#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QObject>

class QTcpSocket;

namespace ddalab {

class AccountService;
class JsonApi;
class LoginSessions;
class SessionRegistry;

// The admin API of accounts and sessions: GET and POST /api/admin/users, PUT
// /api/admin/users/ID/password, PATCH and DELETE /api/admin/users/ID; GET /api/admin/sessions
// (?user_id=ID) and DELETE /api/admin/sessions/ID. The admin credential only.
class AccountHttpController : public QObject
{
    Q_OBJECT
public:
    AccountHttpController(const JsonApi &api, AccountService &accounts,
                          LoginSessions &loginSessions, const SessionRegistry &connections,
                          QObject *parent = nullptr);

private:
    void listAccounts(const QHttpServerRequest &request, QTcpSocket *socket);
    void createAccount(const QHttpServerRequest &request, QTcpSocket *socket);
    void setPassword(const QRegularExpressionMatch &match, const QHttpServerRequest &request,
                     QTcpSocket *socket);
    void changeAccount(const QRegularExpressionMatch &match, const QHttpServerRequest &request,
                       QTcpSocket *socket);
    void removeAccount(const QRegularExpressionMatch &match, const QHttpServerRequest &request,
                       QTcpSocket *socket);
    void listSessions(const QHttpServerRequest &request, QTcpSocket *socket);
    void revokeSession(const QRegularExpressionMatch &match, const QHttpServerRequest &request,
                       QTcpSocket *socket);

    const JsonApi &m_api;
    AccountService &m_accounts;
    LoginSessions &m_loginSessions;
    const SessionRegistry &m_connections;
};

} // namespace ddalab
