#include "TeamHttpController.h"

#include "HttpServer.h"
#include "JsonApi.h"
#include "TeamService.h"
#include "protocol/FieldLimits.h"
#include "protocol/IdRules.h"
#include "protocol/JsonFieldReader.h"
#include "protocol/MessageCodec.h"

#include <QJsonArray>
#include <QUrl>

namespace ddalab {

using namespace Qt::StringLiterals;
using protocol::MessageCodec;
using Status = QHttpServerResponse::StatusCode;
using Method = QHttpServerRequest::Method;

namespace {

// A team's name: 1 to kTeamName printable characters; empty with the reason in reader if not.
QString readTeamName(protocol::JsonFieldReader &reader)
{
    QString name = reader.requiredString("name"_L1, protocol::limits::kTeamName);
    if (reader.ok() && (name.isEmpty() || !protocol::ids::isPrintable(name)))
        reader.fail(u"field 'name' must be 1 to %1 printable characters"_s.arg(
            protocol::limits::kTeamName));
    return name;
}

} // namespace

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

bool TeamHttpController::admitsAdmin(const QHttpServerRequest &request, QTcpSocket *socket) const
{
    const auto caller = m_api.caller(request, socket);
    if (!caller)
        return false;
    if (!caller->admin) {
        m_api.respond(request, socket, JsonApi::forbidden(u"only the admin may do this"_s));
        return false;
    }
    return true;
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
        QJsonArray teams;
        for (const Team &team : result.teams)
            teams.append(MessageCodec::teamToJson(team));
        m_api.http().fulfil(ticket, JsonApi::json({{"teams"_L1, teams}}));
    });
}

void TeamHttpController::create(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (!admitsAdmin(request, socket))
        return;
    const auto body = m_api.jsonBody(request, socket);
    if (!body)
        return;
    protocol::JsonFieldReader reader(*body);
    const QString teamId = reader.requiredString("team_id"_L1, protocol::limits::kTeamId);
    if (reader.ok() && !protocol::ids::isValidTeamId(teamId))
        reader.fail(u"field 'team_id' must be 1 to %1 printable characters"_s.arg(
            protocol::limits::kTeamId));
    const QString name = readTeamName(reader);
    if (!reader.ok()) {
        m_api.refuse(request, socket, Status::BadRequest, u"BAD_REQUEST"_s, reader.error());
        return;
    }
    const HttpServer::Ticket ticket = m_api.http().defer(request, socket);
    m_teams.createTeam(teamId, name, this, [this, ticket, teamId](const TeamResult &result) {
        QHttpServerResponse response = toResponse(result);
        if (result.status == TeamResult::Status::Created)
            response.setHeader("Location", "/api/teams/" + QUrl::toPercentEncoding(teamId));
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
    if (!admitsAdmin(request, socket))
        return;
    const auto teamId = m_api.teamIdInPath(match, 1, request, socket);
    if (!teamId)
        return;
    const auto body = m_api.jsonBody(request, socket);
    if (!body)
        return;
    protocol::JsonFieldReader reader(*body);
    const QString name = readTeamName(reader);
    if (!reader.ok()) {
        m_api.refuse(request, socket, Status::BadRequest, u"BAD_REQUEST"_s, reader.error());
        return;
    }
    const HttpServer::Ticket ticket = m_api.http().defer(request, socket);
    m_teams.renameTeam(*teamId, name, this, [this, ticket](const TeamResult &result) {
        m_api.http().fulfil(ticket, toResponse(result));
    });
}

void TeamHttpController::remove(const QRegularExpressionMatch &match,
                                const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (!admitsAdmin(request, socket))
        return;
    const auto teamId = m_api.teamIdInPath(match, 1, request, socket);
    if (!teamId)
        return;
    const HttpServer::Ticket ticket = m_api.http().defer(request, socket);
    m_teams.deleteTeam(*teamId, this, [this, ticket](const TeamResult &result) {
        m_api.http().fulfil(ticket, toResponse(result));
    });
}

QHttpServerResponse TeamHttpController::toResponse(const TeamResult &result)
{
    switch (result.status) {
    case TeamResult::Status::Found: {
        QJsonObject team = MessageCodec::teamToJson(result.team);
        QJsonArray members;
        for (const TeamMember &member : result.members)
            members.append(MessageCodec::teamMemberToJson(member));
        team.insert("members"_L1, members);
        return JsonApi::json(team);
    }
    case TeamResult::Status::Created:
        return JsonApi::json(MessageCodec::teamToJson(result.team), Status::Created);
    case TeamResult::Status::Updated:
        return JsonApi::json(MessageCodec::teamToJson(result.team));
    case TeamResult::Status::Deleted:
        return QHttpServerResponse(Status::NoContent);
    case TeamResult::Status::NotFound:
        return JsonApi::error(Status::NotFound, u"TEAM_NOT_FOUND"_s, u"no such team"_s);
    case TeamResult::Status::AlreadyExists:
        return JsonApi::error(Status::Conflict, u"TEAM_EXISTS"_s,
                              u"a team with this id exists already"_s);
    case TeamResult::Status::Failed:
        break;
    }
    return JsonApi::storageError();
}

} // namespace ddalab
