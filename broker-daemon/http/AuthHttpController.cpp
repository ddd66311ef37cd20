#include "http/AuthHttpController.h"

#include "auth/LoginSessions.h"
#include "http/HttpServer.h"
#include "http/JsonApi.h"
#include "protocol/HttpBodies.h"
#include "services/LoginService.h"

namespace ddalab {

using namespace Qt::StringLiterals;
using protocol::ErrorCode;
using Status = QHttpServerResponse::StatusCode;
using Method = QHttpServerRequest::Method;

namespace {

QHttpServerResponse retryAfter(QHttpServerResponse response, std::chrono::seconds wait)
{
    response.setHeader("Retry-After", QByteArray::number(qint64(wait.count())));
    return response;
}

} // namespace

AuthHttpController::AuthHttpController(const JsonApi &api, LoginService &logins,
                                       LoginSessions &sessions, QObject *parent)
    : QObject(parent), m_api(api), m_logins(logins), m_sessions(sessions)
{
    HttpServer &http = m_api.http();
    http.addRoute(u"/auth/login"_s, Method::Post,
                  [this](const QRegularExpressionMatch &, const QHttpServerRequest &request,
                         QTcpSocket *socket) { login(request, socket); });
    http.addRoute(u"/auth/logout"_s, Method::Post,
                  [this](const QRegularExpressionMatch &, const QHttpServerRequest &request,
                         QTcpSocket *socket) { logout(request, socket); });
    http.addRoute(u"/auth/session"_s, Method::Get,
                  [this](const QRegularExpressionMatch &, const QHttpServerRequest &request,
                         QTcpSocket *socket) { session(request, socket); });
}

QByteArray AuthHttpController::bearerOf(const QHttpServerRequest &request)
{
    const QByteArray authorization = request.value("authorization").trimmed();
    if (!authorization.startsWith("Bearer ") && !authorization.startsWith("bearer "))
        return {};
    return authorization.mid(7).trimmed();
}

void AuthHttpController::login(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const auto body = m_api.jsonBody(request, socket);
    if (!body)
        return;
    QString error;
    const auto credentials = protocol::http::readLoginRequest(*body, &error);
    if (!credentials) {
        m_api.refuse(request, socket, Status::BadRequest, ErrorCode::BadRequest, error);
        return;
    }
    const HttpServer::Ticket ticket = m_api.http().defer(request, socket);
    const LoginService::Attempt attempt{credentials->userId, credentials->password.toUtf8(),
                                        credentials->endpoint, request.remoteAddress().toString()};
    m_logins.login(attempt, this, [this, ticket](const LoginService::Outcome &outcome) {
        using Outcome = LoginService::Outcome::Status;
        QHttpServerResponse response(Status::ServiceUnavailable);
        switch (outcome.status) {
        case Outcome::LoggedIn: {
            const qint64 expiresIn = outcome.session.createdAt.secsTo(outcome.session.expiresAt);
            response = HttpServer::json(
                protocol::http::loginBody(outcome.token, outcome.session.userId, expiresIn));
            // The body is a credential.
            response.setHeader("Cache-Control", "no-store");
            break;
        }
        case Outcome::Refused:
            response = HttpServer::jsonError(Status::Unauthorized, ErrorCode::AuthFailed,
                                             u"invalid user id or password"_s);
            break;
        case Outcome::PasswordMissing:
            // The desktops turn "Invalid password" into "Server requires authentication.
            // Please provide a password."
            response = HttpServer::jsonError(Status::Unauthorized, ErrorCode::AuthFailed,
                                             u"Invalid password: this broker requires one"_s);
            break;
        case Outcome::Disabled:
            response = HttpServer::jsonError(Status::Forbidden, ErrorCode::AccountDisabled,
                                             u"the account is disabled"_s);
            break;
        case Outcome::Throttled:
            response = retryAfter(
                HttpServer::jsonError(Status::TooManyRequests, ErrorCode::RateLimited,
                                      u"too many failed logins; wait before trying again"_s),
                outcome.retryAfter);
            break;
        case Outcome::Busy:
            response = retryAfter(
                HttpServer::jsonError(Status::ServiceUnavailable, ErrorCode::ServiceBusy,
                                      u"too many logins at once; try again in a moment"_s),
                outcome.retryAfter);
            break;
        case Outcome::Failed:
            response = HttpServer::jsonError(Status::ServiceUnavailable, ErrorCode::StorageError,
                                             u"the login could not be checked; try again"_s);
            break;
        }
        m_api.http().fulfil(ticket, std::move(response));
    });
}

void AuthHttpController::logout(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const auto session = m_sessions.find(bearerOf(request));
    if (!session) {
        m_api.respond(request, socket,
                      HttpServer::unauthorized(u"no live session in the bearer token"_s));
        return;
    }
    const HttpServer::Ticket ticket = m_api.http().defer(request, socket);
    m_logins.logout(AuditActor{session->userId, request.remoteAddress().toString()},
                    session->sessionId, this, [this, ticket](bool) {
                        m_api.http().fulfil(ticket, QHttpServerResponse(Status::NoContent));
                    });
}

void AuthHttpController::session(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const auto session = m_sessions.find(bearerOf(request));
    const qint64 expiresIn = session ? m_sessions.secondsLeft(*session) : 0;
    m_api.respond(request, socket,
                  HttpServer::json(protocol::http::sessionStatusBody(
                      session ? std::optional(session->userId) : std::nullopt, expiresIn)));
}

} // namespace ddalab
