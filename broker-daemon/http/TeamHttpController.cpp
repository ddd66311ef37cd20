#include "http/TeamHttpController.h"

#include "http/HttpServer.h"
#include "http/JsonApi.h"
#include "protocol/HttpBodies.h"
#include "services/TeamService.h"

#include <QUrl>

namespace ddalab {

using namespace Qt::StringLiterals;
using protocol::ErrorCode;
using Status = QHttpServerResponse::StatusCode;
using Method = QHttpServerRequest::Method;

TeamHttpController::TeamHttpController(const JsonApi &api, TeamService &teams, QObject *parent)
    : QObject(parent), m_api(api), m_teams(teams)
{
    HttpServer &http = m_api.http();
    http.addRoute(u"/api/teams"_s, Method::Get,
                  [this](const QRegularExpressionMatch &, const QHttpServerRequest &request,
                         QTcpSocket *socket) { list(request, socket); });
    http.addRoute(u"/api/teams"_s, Method::Post,
                  [this](const QRegularExpressionMatch &, const QHttpServerRequest &request,
                         QTcpSocket *socket) { create(request, socket); });
    http.addRoute(u"/api/teams/([^/]+)"_s, Method::Get | Method::Patch | Method::Delete,
                  [this](const QRegularExpressionMatch &match, const QHttpServerRequest &request,
                         QTcpSocket *socket) {
                      if (request.method() == Method::Get)
                          get(match, request, socket);
                      else if (request.method() == Method::Patch)
                          rename(match, request, socket);
                      else
                          remove(match, request, socket);
                  });
}

std::optional<ApiCaller> TeamHttpController::admitsAdmin(const QHttpServerRequest &request,
                                                         QTcpSocket *socket) const
{
    const auto caller = m_api.caller(request, socket);
    if (!caller)
        return std::nullopt;
    if (!caller->admin) {
        m_api.respond(request, socket, JsonApi::forbidden(u"only the admin may do this"_s));
        return std::nullopt;
    }
    return caller;
}

void TeamHttpController::list(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (!admitsAdmin(request, socket))
        return;
    const HttpServer::Ticket ticket = m_api.http().defer(request, socket);
    m_teams.listTeams(this, [this, ticket](const TeamListResult &result) {
        if (result.status == TeamListResult::Status::Failed) {
            m_api.http().fulfil(ticket, JsonApi::storageError());
            return;
        }
        m_api.http().fulfil(ticket, HttpServer::json(protocol::http::teamsBody(result.teams)));
    });
}

void TeamHttpController::create(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const auto admin = admitsAdmin(request, socket);
    if (!admin)
        return;
    const auto body = m_api.jsonBody(request, socket);
    if (!body)
        return;
    QString error;
    const auto team = protocol::http::readNewTeam(*body, &error);
    if (!team) {
        m_api.refuse(request, socket, Status::BadRequest, ErrorCode::BadRequest, error);
        return;
    }
    const HttpServer::Ticket ticket = m_api.http().defer(request, socket);
    m_teams.createTeam(admin->auditActor(), team->teamId, team->name, this,
                       [this, ticket, teamId = team->teamId](const TeamResult &result) {
                           QHttpServerResponse response = toResponse(result);
                           if (result.status == TeamResult::Status::Created)
                               response.setHeader("Location",
                                                  "/api/teams/" + QUrl::toPercentEncoding(teamId));
                           m_api.http().fulfil(ticket, std::move(response));
                       });
}

void TeamHttpController::get(const QRegularExpressionMatch &match,
                             const QHttpServerRequest &request, QTcpSocket *socket)
{
    const auto caller = m_api.caller(request, socket);
    if (!caller)
        return;
    const auto teamId = m_api.teamIdInPath(match, 1, request, socket);
    if (!teamId)
        return;
    const HttpServer::Ticket ticket = m_api.http().defer(request, socket);
    m_teams.findTeam(*teamId, this, [this, ticket, caller = *caller](const TeamResult &result) {
        // Besides the admin, the team's managers may read it; to anybody else an unknown team
        // and a foreign one look alike.
        const bool manager =
            caller.userId && std::any_of(result.members.cbegin(), result.members.cend(),
                                         [&](const TeamMember &member) {
                                             return member.userId == *caller.userId &&
                                                    member.role == TeamRole::Manager;
                                         });
        if (!caller.admin && !manager && result.status != TeamResult::Status::Failed) {
            m_api.http().fulfil(
                ticket,
                JsonApi::forbidden(u"only the admin and the team's managers may read it"_s));
            return;
        }
        m_api.http().fulfil(ticket, toResponse(result));
    });
}

void TeamHttpController::rename(const QRegularExpressionMatch &match,
                                const QHttpServerRequest &request, QTcpSocket *socket)
{
    const auto admin = admitsAdmin(request, socket);
    if (!admin)
        return;
    const auto teamId = m_api.teamIdInPath(match, 1, request, socket);
    if (!teamId)
        return;
    const auto body = m_api.jsonBody(request, socket);
    if (!body)
        return;
    QString error;
    const auto rename = protocol::http::readTeamRename(*body, &error);
    if (!rename) {
        m_api.refuse(request, socket, Status::BadRequest, ErrorCode::BadRequest, error);
        return;
    }
    const HttpServer::Ticket ticket = m_api.http().defer(request, socket);
    m_teams.renameTeam(admin->auditActor(), *teamId, rename->name, this,
                       [this, ticket](const TeamResult &result) {
                           m_api.http().fulfil(ticket, toResponse(result));
                       });
}

void TeamHttpController::remove(const QRegularExpressionMatch &match,
                                const QHttpServerRequest &request, QTcpSocket *socket)
{
    const auto admin = admitsAdmin(request, socket);
    if (!admin)
        return;
    const auto teamId = m_api.teamIdInPath(match, 1, request, socket);
    if (!teamId)
        return;
    const HttpServer::Ticket ticket = m_api.http().defer(request, socket);
    m_teams.deleteTeam(admin->auditActor(), *teamId, this,
                       [this, ticket](const TeamResult &result) {
                           m_api.http().fulfil(ticket, toResponse(result));
                       });
}

QHttpServerResponse TeamHttpController::toResponse(const TeamResult &result)
{
    switch (result.status) {
    case TeamResult::Status::Found:
        return HttpServer::json(protocol::http::teamWithMembersBody(result.team, result.members));
    case TeamResult::Status::Created:
        return HttpServer::json(protocol::http::teamBody(result.team), Status::Created);
    case TeamResult::Status::Updated:
        return HttpServer::json(protocol::http::teamBody(result.team));
    case TeamResult::Status::Deleted:
        return QHttpServerResponse(Status::NoContent);
    case TeamResult::Status::NotFound:
        return JsonApi::error(Status::NotFound, ErrorCode::TeamNotFound, u"no such team"_s);
    case TeamResult::Status::AlreadyExists:
        return JsonApi::error(Status::Conflict, ErrorCode::TeamExists,
                              u"a team with this id exists already"_s);
    case TeamResult::Status::Failed:
        break;
    }
    return JsonApi::storageError();
}

} // namespace ddalab
