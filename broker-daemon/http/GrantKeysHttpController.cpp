#include "http/GrantKeysHttpController.h"

#include "domain/AuditAction.h"
#include "http/HttpServer.h"
#include "http/JsonApi.h"
#include "protocol/GrantJson.h"
#include "services/AuditTrail.h"
#include "services/DownloadGrants.h"

namespace ddalab {

using namespace Qt::StringLiterals;
using protocol::ErrorCode;
using Status = QHttpServerResponse::StatusCode;
using Method = QHttpServerRequest::Method;

GrantKeysHttpController::GrantKeysHttpController(const JsonApi &api, DownloadGrants &grants,
                                                 AuditTrail &audit, QObject *parent)
    : QObject(parent), m_api(api), m_grants(grants), m_audit(audit)
{
    HttpServer &http = m_api.http();
    http.addRoute(u"/.well-known/jwks.json"_s, Method::Get,
                  [this](const QRegularExpressionMatch &, const QHttpServerRequest &request,
                         QTcpSocket *socket) { jwks(request, socket); });
    http.addRoute(u"/api/admin/grant-keys/rotate"_s, Method::Post,
                  [this](const QRegularExpressionMatch &, const QHttpServerRequest &request,
                         QTcpSocket *socket) { rotate(request, socket); });
}

void GrantKeysHttpController::jwks(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QHttpServerResponse response =
        HttpServer::json(protocol::grant_json::jwksBody(m_grants.publishedKeys()));
    response.setHeader("Cache-Control",
                       "public, max-age=" + QByteArray::number(kJwksMaxAgeSeconds));
    m_api.respond(request, socket, std::move(response));
}

void GrantKeysHttpController::rotate(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const auto admin = m_api.admin(request, socket);
    if (!admin)
        return;
    const HttpServer::Ticket ticket = m_api.http().defer(request, socket);
    const AuditEntry audit =
        m_audit.entry(AuditAction::AdminGrantKeyRotated, admin->auditActor(), QString());
    m_grants.rotate(
        audit, this,
        [this, ticket, audit](DownloadGrants::RotateOutcome outcome, const QString &kid) {
            switch (outcome) {
            case DownloadGrants::RotateOutcome::Rotated: {
                AuditEntry committed = audit;
                committed.target = kid;
                m_audit.committed(committed);
                m_api.http().fulfil(ticket,
                                    HttpServer::json(protocol::grant_json::rotatedBody(kid)));
                return;
            }
            case DownloadGrants::RotateOutcome::Disabled:
                m_api.http().fulfil(ticket,
                                    JsonApi::error(Status::Conflict, ErrorCode::GrantsDisabled,
                                                   u"download grants are off: set "
                                                   "GRANT_KEY_FILE"_s));
                return;
            case DownloadGrants::RotateOutcome::Failed:
                m_api.http().fulfil(ticket, JsonApi::storageError());
                return;
            }
        });
}

} // namespace ddalab
