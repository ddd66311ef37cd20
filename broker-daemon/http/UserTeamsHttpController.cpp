#include "http/UserTeamsHttpController.h"

#include "http/HttpServer.h"
#include "http/JsonApi.h"
#include "protocol/HttpBodies.h"
#include "services/TeamService.h"

namespace ddalab {

using namespace Qt::StringLiterals;

UserTeamsHttpController::UserTeamsHttpController(const JsonApi &api, TeamService &teams,
                                                 QObject *parent)
    : QObject(parent), m_api(api), m_teams(teams)
{
    m_api.http().addRoute(u"/api/users/([^/]+)/teams"_s, QHttpServerRequest::Method::Get,
                          [this](const QRegularExpressionMatch &match,
                                 const QHttpServerRequest &request,
                                 QTcpSocket *socket) { get(match, request, socket); });
}

void UserTeamsHttpController::get(const QRegularExpressionMatch &match,
                                  const QHttpServerRequest &request, QTcpSocket *socket)
{
    const auto caller = m_api.caller(request, socket);
    if (!caller)
        return;
    const auto userId = m_api.userIdInPath(match, 1, request, socket);
    if (!userId)
        return;
    if (!caller->admin && !caller->is(*userId)) {
        m_api.respond(request, socket,
                      JsonApi::forbidden(u"only the admin and the user itself may read this"_s));
        return;
    }
    const HttpServer::Ticket ticket = m_api.http().defer(request, socket);
    m_teams.teamsOf(
        *userId, this, [this, ticket, userId = *userId](const MembershipsResult &result) {
            if (result.status == MembershipsResult::Status::Failed) {
                m_api.http().fulfil(ticket, JsonApi::storageError());
                return;
            }
            m_api.http().fulfil(
                ticket, HttpServer::json(protocol::http::userTeamsBody(userId, result.teams)));
        });
}

} // namespace ddalab
