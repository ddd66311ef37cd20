#include "http/JsonApi.h"

#include "auth/Authenticator.h"
#include "http/HttpServer.h"
#include "protocol/IdRules.h"

#include <QJsonDocument>
#include <QUrl>

namespace ddalab {

using namespace Qt::StringLiterals;
using protocol::ErrorCode;

namespace {

QString pathGroup(const QRegularExpressionMatch &match, int group)
{
    // Routes match the path percent-encoded, so that an id may hold any character.
    return QUrl::fromPercentEncoding(match.captured(group).toUtf8());
}

} // namespace

JsonApi::JsonApi(HttpServer &http, const Authenticator &authenticator)
    : m_http(http), m_authenticator(authenticator)
{
}

std::optional<ApiCaller> JsonApi::caller(const QHttpServerRequest &request,
                                         QTcpSocket *socket) const
{
    const AuthDecision decision = m_authenticator.authenticate(request);
    if (!decision.accepted) {
        respond(request, socket, HttpServer::unauthorized(decision.reason));
        return std::nullopt;
    }
    const Identity &identity = decision.identity;
    if (!identity.admin && !identity.provenUserId) {
        respond(request, socket,
                HttpServer::unauthorized(u"this resource needs a bearer credential"_s));
        return std::nullopt;
    }
    return ApiCaller{identity.admin, identity.provenUserId, request.remoteAddress().toString()};
}

std::optional<ApiCaller> JsonApi::admin(const QHttpServerRequest &request, QTcpSocket *socket) const
{
    auto found = caller(request, socket);
    if (found && !found->admin) {
        respond(request, socket, forbidden(u"only the admin may do this"_s));
        return std::nullopt;
    }
    return found;
}

QString ApiCaller::adminName() const
{
    if (userId)
        return u"%1 (admin JWT, HTTP from %2)"_s.arg(*userId, address);
    return u"the admin token (HTTP from %1)"_s.arg(address);
}

AuditActor ApiCaller::auditActor() const
{
    return AuditActor{userId.value_or(admin ? u"admin"_s : QString()), address,
                      admin ? adminName() : QString()};
}

std::optional<QJsonObject> JsonApi::jsonBody(const QHttpServerRequest &request,
                                             QTcpSocket *socket) const
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        refuse(request, socket, Status::BadRequest, ErrorCode::BadRequest,
               u"the body must be a JSON object"_s);
        return std::nullopt;
    }
    return document.object();
}

std::optional<QString> JsonApi::userIdInPath(const QRegularExpressionMatch &match, int group,
                                             const QHttpServerRequest &request,
                                             QTcpSocket *socket) const
{
    QString id = pathGroup(match, group);
    if (protocol::ids::isValidUserId(id))
        return id;
    refuse(request, socket, Status::BadRequest, ErrorCode::BadRequest,
           u"a user id is 1 to 256 printable characters"_s);
    return std::nullopt;
}

std::optional<QString> JsonApi::teamIdInPath(const QRegularExpressionMatch &match, int group,
                                             const QHttpServerRequest &request,
                                             QTcpSocket *socket) const
{
    QString id = pathGroup(match, group);
    if (protocol::ids::isValidTeamId(id))
        return id;
    refuse(request, socket, Status::BadRequest, ErrorCode::BadRequest,
           u"a team id is 1 to 256 printable characters"_s);
    return std::nullopt;
}

void JsonApi::respond(const QHttpServerRequest &request, QTcpSocket *socket,
                      QHttpServerResponse &&response) const
{
    m_http.respond(request, socket, std::move(response));
}

void JsonApi::refuse(const QHttpServerRequest &request, QTcpSocket *socket, Status status,
                     ErrorCode code, const QString &message) const
{
    respond(request, socket, error(status, code, message));
}

QHttpServerResponse JsonApi::error(Status status, ErrorCode code, const QString &message)
{
    return HttpServer::jsonError(status, code, message);
}

QHttpServerResponse JsonApi::storageError()
{
    return error(Status::ServiceUnavailable, ErrorCode::StorageError,
                 u"the database failed; nothing was changed"_s);
}

QHttpServerResponse JsonApi::forbidden(const QString &message)
{
    return error(Status::Forbidden, ErrorCode::Forbidden, message);
}

} // namespace ddalab
