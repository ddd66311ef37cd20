#include "http/TeamMemberHttpController.h"

#include "http/HttpServer.h"
#include "http/JsonApi.h"
#include "protocol/HttpBodies.h"
#include "services/TeamService.h"

namespace ddalab {

using namespace Qt::StringLiterals;
using protocol::ErrorCode;
using Status = QHttpServerResponse::StatusCode;
using Method = QHttpServerRequest::Method;

namespace {

// The admin changes teams as the admin; anybody else as the manager it must be.
std::optional<QString> managerOf(const ApiCaller &caller)
{
    return caller.admin ? std::nullopt : caller.userId;
}

} // namespace

TeamMemberHttpController::TeamMemberHttpController(const JsonApi &api, TeamService &teams,
                                                   QObject *parent)
    : QObject(parent), m_api(api), m_teams(teams)
{
    m_api.http().addRoute(u"/api/teams/([^/]+)/members/([^/]+)"_s, Method::Put | Method::Delete,
                          [this](const QRegularExpressionMatch &match,
                                 const QHttpServerRequest &request, QTcpSocket *socket) {
                              if (request.method() == Method::Put)
                                  put(match, request, socket);
                              else
                                  remove(match, request, socket);
                          });
}

void TeamMemberHttpController::put(const QRegularExpressionMatch &match,
                                   const QHttpServerRequest &request, QTcpSocket *socket)
{
    const auto caller = m_api.caller(request, socket);
    if (!caller)
        return;
    const auto teamId = m_api.teamIdInPath(match, 1, request, socket);
    if (!teamId)
        return;
    const auto userId = m_api.userIdInPath(match, 2, request, socket);
    if (!userId)
        return;
    const auto body = m_api.jsonBody(request, socket);
    if (!body)
        return;
    QString error;
    const auto role = protocol::http::readMemberRole(*body, &error);
    if (!role) {
        m_api.refuse(request, socket, Status::BadRequest, ErrorCode::BadRequest, error);
        return;
    }
    const HttpServer::Ticket ticket = m_api.http().defer(request, socket);
    m_teams.putMember(caller->auditActor(), *teamId, *userId, role->role, managerOf(*caller), this,
                      [this, ticket](const MemberResult &result) {
                          m_api.http().fulfil(ticket, toResponse(result));
                      });
}

void TeamMemberHttpController::remove(const QRegularExpressionMatch &match,
                                      const QHttpServerRequest &request, QTcpSocket *socket)
{
    const auto caller = m_api.caller(request, socket);
    if (!caller)
        return;
    const auto teamId = m_api.teamIdInPath(match, 1, request, socket);
    if (!teamId)
        return;
    const auto userId = m_api.userIdInPath(match, 2, request, socket);
    if (!userId)
        return;
    const HttpServer::Ticket ticket = m_api.http().defer(request, socket);
    m_teams.removeMember(caller->auditActor(), *teamId, *userId, managerOf(*caller), this,
                         [this, ticket](const MemberResult &result) {
                             m_api.http().fulfil(ticket, toResponse(result));
                         });
}

QHttpServerResponse TeamMemberHttpController::toResponse(const MemberResult &result)
{
    switch (result.status) {
    case MemberResult::Status::Added:
        return HttpServer::json(protocol::http::memberBody(result.member), Status::Created);
    case MemberResult::Status::Updated:
        return HttpServer::json(protocol::http::memberBody(result.member));
    case MemberResult::Status::Removed:
        return QHttpServerResponse(Status::NoContent);
    case MemberResult::Status::TeamNotFound:
        return JsonApi::error(Status::NotFound, ErrorCode::TeamNotFound, u"no such team"_s);
    case MemberResult::Status::NotMember:
        return JsonApi::error(Status::NotFound, ErrorCode::MemberNotFound,
                              u"the user is not a member of the team"_s);
    case MemberResult::Status::NotManager:
        return JsonApi::forbidden(
            u"only the admin and the team's managers may change its members"_s);
    case MemberResult::Status::Failed:
        break;
    }
    return JsonApi::storageError();
}

} // namespace ddalab
