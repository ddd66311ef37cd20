#include "http/AccountHttpController.h"

#include "auth/LoginSessions.h"
#include "http/HttpServer.h"
#include "http/JsonApi.h"
#include "protocol/HttpBodies.h"
#include "protocol/IdRules.h"
#include "services/AccountService.h"
#include "websocket/SessionRegistry.h"

#include <QUrl>
#include <QUrlQuery>

namespace ddalab {

using namespace Qt::StringLiterals;
using protocol::ErrorCode;
using Status = QHttpServerResponse::StatusCode;
using Method = QHttpServerRequest::Method;

namespace {

QHttpServerResponse responseTo(AccountService::Outcome outcome)
{
    switch (outcome) {
    case AccountService::Outcome::Done:
        return QHttpServerResponse(Status::NoContent);
    case AccountService::Outcome::Created:
        return QHttpServerResponse(Status::Created);
    case AccountService::Outcome::Exists:
        return HttpServer::jsonError(Status::Conflict, ErrorCode::AccountExists,
                                     u"an account with this user id exists"_s);
    case AccountService::Outcome::NotFound:
        return HttpServer::jsonError(Status::NotFound, ErrorCode::AccountNotFound,
                                     u"no account has this user id"_s);
    case AccountService::Outcome::Busy: {
        QHttpServerResponse response =
            HttpServer::jsonError(Status::ServiceUnavailable, ErrorCode::ServiceBusy,
                                  u"too many passwords are being hashed; try again in a moment"_s);
        response.setHeader("Retry-After", "1");
        return response;
    }
    case AccountService::Outcome::Failed:
        break;
    }
    return JsonApi::storageError();
}

} // namespace

AccountHttpController::AccountHttpController(const JsonApi &api, AccountService &accounts,
                                             LoginSessions &loginSessions,
                                             const SessionRegistry &connections, QObject *parent)
    : QObject(parent), m_api(api), m_accounts(accounts), m_loginSessions(loginSessions),
      m_connections(connections)
{
    HttpServer &http = m_api.http();
    http.addRoute(u"/api/admin/users"_s, Method::Get | Method::Post,
                  [this](const QRegularExpressionMatch &, const QHttpServerRequest &request,
                         QTcpSocket *socket) {
                      if (request.method() == Method::Get)
                          listAccounts(request, socket);
                      else
                          createAccount(request, socket);
                  });
    http.addRoute(u"/api/admin/users/([^/]+)/password"_s, Method::Put,
                  [this](const QRegularExpressionMatch &match, const QHttpServerRequest &request,
                         QTcpSocket *socket) { setPassword(match, request, socket); });
    http.addRoute(u"/api/admin/users/([^/]+)"_s, Method::Patch | Method::Delete,
                  [this](const QRegularExpressionMatch &match, const QHttpServerRequest &request,
                         QTcpSocket *socket) {
                      if (request.method() == Method::Patch)
                          changeAccount(match, request, socket);
                      else
                          removeAccount(match, request, socket);
                  });
    http.addRoute(u"/api/admin/sessions"_s, Method::Get,
                  [this](const QRegularExpressionMatch &, const QHttpServerRequest &request,
                         QTcpSocket *socket) { listSessions(request, socket); });
    http.addRoute(u"/api/admin/sessions/([^/]+)"_s, Method::Delete,
                  [this](const QRegularExpressionMatch &match, const QHttpServerRequest &request,
                         QTcpSocket *socket) { revokeSession(match, request, socket); });
}

void AccountHttpController::listAccounts(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (!m_api.admin(request, socket))
        return;
    const HttpServer::Ticket ticket = m_api.http().defer(request, socket);
    m_accounts.list(this, [this, ticket](const std::optional<QList<protocol::AccountEntry>> &list) {
        m_api.http().fulfil(ticket, list ? HttpServer::json(protocol::http::accountsBody(*list))
                                         : JsonApi::storageError());
    });
}

void AccountHttpController::createAccount(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const auto admin = m_api.admin(request, socket);
    if (!admin)
        return;
    const auto body = m_api.jsonBody(request, socket);
    if (!body)
        return;
    QString error;
    const auto account = protocol::http::readNewAccount(*body, &error);
    if (!account) {
        m_api.refuse(request, socket, Status::BadRequest, ErrorCode::BadRequest, error);
        return;
    }
    const HttpServer::Ticket ticket = m_api.http().defer(request, socket);
    m_accounts.create(admin->auditActor(), account->userId, account->password, this,
                      [this, ticket, userId = account->userId](AccountService::Outcome outcome) {
                          QHttpServerResponse response = responseTo(outcome);
                          if (outcome == AccountService::Outcome::Created)
                              response.setHeader("Location", "/api/admin/users/" +
                                                                 QUrl::toPercentEncoding(userId));
                          m_api.http().fulfil(ticket, std::move(response));
                      });
}

void AccountHttpController::setPassword(const QRegularExpressionMatch &match,
                                        const QHttpServerRequest &request, QTcpSocket *socket)
{
    const auto admin = m_api.admin(request, socket);
    if (!admin)
        return;
    const auto userId = m_api.userIdInPath(match, 1, request, socket);
    if (!userId)
        return;
    const auto body = m_api.jsonBody(request, socket);
    if (!body)
        return;
    QString error;
    const auto password = protocol::http::readNewPassword(*body, &error);
    if (!password) {
        m_api.refuse(request, socket, Status::BadRequest, ErrorCode::BadRequest, error);
        return;
    }
    const HttpServer::Ticket ticket = m_api.http().defer(request, socket);
    m_accounts.setPassword(admin->auditActor(), *userId, *password, this,
                           [this, ticket](AccountService::Outcome outcome) {
                               m_api.http().fulfil(ticket, responseTo(outcome));
                           });
}

void AccountHttpController::changeAccount(const QRegularExpressionMatch &match,
                                          const QHttpServerRequest &request, QTcpSocket *socket)
{
    const auto admin = m_api.admin(request, socket);
    if (!admin)
        return;
    const auto userId = m_api.userIdInPath(match, 1, request, socket);
    if (!userId)
        return;
    const auto body = m_api.jsonBody(request, socket);
    if (!body)
        return;
    QString error;
    const auto disabled = protocol::http::readAccountDisabled(*body, &error);
    if (!disabled) {
        m_api.refuse(request, socket, Status::BadRequest, ErrorCode::BadRequest, error);
        return;
    }
    const HttpServer::Ticket ticket = m_api.http().defer(request, socket);
    m_accounts.setDisabled(admin->auditActor(), *userId, *disabled, this,
                           [this, ticket](AccountService::Outcome outcome) {
                               m_api.http().fulfil(ticket, responseTo(outcome));
                           });
}

void AccountHttpController::removeAccount(const QRegularExpressionMatch &match,
                                          const QHttpServerRequest &request, QTcpSocket *socket)
{
    const auto admin = m_api.admin(request, socket);
    if (!admin)
        return;
    const auto userId = m_api.userIdInPath(match, 1, request, socket);
    if (!userId)
        return;
    const HttpServer::Ticket ticket = m_api.http().defer(request, socket);
    m_accounts.remove(admin->auditActor(), *userId, this,
                      [this, ticket](AccountService::Outcome outcome) {
                          m_api.http().fulfil(ticket, responseTo(outcome));
                      });
}

void AccountHttpController::listSessions(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (!m_api.admin(request, socket))
        return;
    std::optional<QString> userId;
    const QUrlQuery query(request.url());
    if (query.hasQueryItem(u"user_id"_s)) {
        userId = query.queryItemValue(u"user_id"_s, QUrl::FullyDecoded);
        if (!protocol::ids::isValidUserId(*userId)) {
            m_api.refuse(request, socket, Status::BadRequest, ErrorCode::BadRequest,
                         u"a user id is 1 to 256 printable characters"_s);
            return;
        }
    }
    const QHash<QString, int> connections = m_connections.connectionsByLoginSession();
    QList<protocol::SessionEntry> sessions;
    for (const LoginSession &session : m_loginSessions.list(userId))
        sessions.append({session, connections.value(session.sessionId)});
    m_api.respond(request, socket, HttpServer::json(protocol::http::sessionsBody(sessions)));
}

void AccountHttpController::revokeSession(const QRegularExpressionMatch &match,
                                          const QHttpServerRequest &request, QTcpSocket *socket)
{
    const auto admin = m_api.admin(request, socket);
    if (!admin)
        return;
    const QString sessionId = QUrl::fromPercentEncoding(match.captured(1).toUtf8());
    const HttpServer::Ticket ticket = m_api.http().defer(request, socket);
    m_accounts.revokeSession(admin->auditActor(), sessionId, this, [this, ticket](bool revoked) {
        m_api.http().fulfil(
            ticket, revoked ? QHttpServerResponse(Status::NoContent)
                            : HttpServer::jsonError(Status::NotFound, ErrorCode::SessionNotFound,
                                                    u"no live session has this id"_s));
    });
}

} // namespace ddalab
