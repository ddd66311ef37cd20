#pragma once

#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QObject>

class QTcpSocket;

namespace ddalab {

class JsonApi;
class LoginService;
class LoginSessions;

// The login endpoints the later desktops call before they open the WebSocket: POST /auth/login
// (a session for a user id and password), POST /auth/logout and GET /auth/session (the session
// as a bearer token).
class AuthHttpController : public QObject
{
    Q_OBJECT
public:
    AuthHttpController(const JsonApi &api, LoginService &logins, LoginSessions &sessions,
                       QObject *parent = nullptr);

private:
    void login(const QHttpServerRequest &request, QTcpSocket *socket);
    void logout(const QHttpServerRequest &request, QTcpSocket *socket);
    void session(const QHttpServerRequest &request, QTcpSocket *socket);
    // The bearer token of the request, if any.
    static QByteArray bearerOf(const QHttpServerRequest &request);

    const JsonApi &m_api;
    LoginService &m_logins;
    LoginSessions &m_sessions;
};

} // namespace ddalab
