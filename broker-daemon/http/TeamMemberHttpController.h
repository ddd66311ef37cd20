#pragma once

#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QObject>

class QTcpSocket;

namespace ddalab {

class JsonApi;
class TeamService;
struct MemberResult;

// The members resource of the admin API: PUT /api/teams/ID/members/USER ({"role": ...}) adds a
// member or changes its role, DELETE removes it. The admin may change any team; a manager of a
// team may change its members with its own credential.
class TeamMemberHttpController : public QObject
{
    Q_OBJECT
public:
    TeamMemberHttpController(const JsonApi &api, TeamService &teams, QObject *parent = nullptr);

private:
    void put(const QRegularExpressionMatch &match, const QHttpServerRequest &request,
             QTcpSocket *socket);
    void remove(const QRegularExpressionMatch &match, const QHttpServerRequest &request,
                QTcpSocket *socket);
    static QHttpServerResponse toResponse(const MemberResult &result);

    const JsonApi &m_api;
    TeamService &m_teams;
};

} // namespace ddalab
