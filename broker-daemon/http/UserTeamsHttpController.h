#pragma once

#include <QHttpServerRequest>
#include <QObject>

class QTcpSocket;

namespace ddalab {

class JsonApi;
class TeamService;

// GET /api/users/USER/teams: the teams a user belongs to, with its role in each. For the admin,
// and for the user itself.
class UserTeamsHttpController : public QObject
{
    Q_OBJECT
public:
    UserTeamsHttpController(const JsonApi &api, TeamService &teams, QObject *parent = nullptr);

private:
    void get(const QRegularExpressionMatch &match, const QHttpServerRequest &request,
             QTcpSocket *socket);

    const JsonApi &m_api;
    TeamService &m_teams;
};

} // namespace ddalab
