#include "http/ShareHttpController.h"

#include "auth/Authenticator.h"
#include "http/HttpServer.h"
#include "protocol/HttpBodies.h"
#include "services/ShareService.h"

namespace ddalab {

using namespace Qt::StringLiterals;
using protocol::ErrorCode;
using Status = QHttpServerResponse::StatusCode;

ShareHttpController::ShareHttpController(HttpServer &http, ShareService &shares,
                                         const Authenticator &authenticator, QObject *parent)
    : QObject(parent), m_http(http), m_shares(shares), m_authenticator(authenticator)
{
    m_http.addRoute(u"/api/shares/([^/]+)"_s, QHttpServerRequest::Method::Get,
                    [this](const QRegularExpressionMatch &match, const QHttpServerRequest &request,
                           QTcpSocket *socket) { get(match.captured(1), request, socket); });
}

void ShareHttpController::get(const QString &token, const QHttpServerRequest &request,
                              QTcpSocket *socket)
{
    const AuthDecision auth = m_authenticator.authenticate(request);
    if (!auth.accepted) {
        m_http.respond(request, socket, HttpServer::unauthorized(auth.reason));
        return;
    }
    const HttpServer::Ticket ticket = m_http.defer(request, socket);
    // Restricted shares open only for the user a credential proves; others are anonymous.
    const AuditActor requester{auth.identity.provenUserId.value_or(QString()),
                               request.remoteAddress().toString()};
    m_shares.lookup(token, requester, this, [this, ticket](const ShareAccess &access) {
        m_http.fulfil(ticket, toResponse(access));
    });
}

QHttpServerResponse ShareHttpController::toResponse(const ShareAccess &access)
{
    switch (access.status) {
    case ShareAccess::Status::Granted:
        return HttpServer::json(protocol::http::shareInfoBody(protocol::ShareInfo::of(
            access.share, access.downloadUrl, access.ownerOnline, access.grant)));
    case ShareAccess::Status::Failed:
        return HttpServer::jsonError(Status::ServiceUnavailable, ErrorCode::StorageError,
                                     u"the share could not be read"_s);
    case ShareAccess::Status::LimitReached:
        return HttpServer::jsonError(Status::Gone, ErrorCode::DownloadLimitReached,
                                     u"the share was opened as often as its owner allowed"_s);
    case ShareAccess::Status::NotFound:
    case ShareAccess::Status::Denied:
        break;
    }
    // A restricted share looks exactly like a missing one to those it does not admit.
    return HttpServer::jsonError(Status::NotFound, ErrorCode::ShareNotFound, u"share not found"_s);
}

} // namespace ddalab
