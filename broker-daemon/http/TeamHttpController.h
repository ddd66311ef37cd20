#pragma once

#include "http/JsonApi.h"

#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QObject>

#include <optional>

class QTcpSocket;

namespace ddalab {

class JsonApi;
class TeamService;
struct TeamResult;

// The teams resource of the admin API: GET and POST /api/teams, GET, PATCH and DELETE
// /api/teams/ID. The admin credential may do all of it; a manager of a team may read it.
class TeamHttpController : public QObject
{
    Q_OBJECT
public:
    TeamHttpController(const JsonApi &api, TeamService &teams, QObject *parent = nullptr);

private:
    void list(const QHttpServerRequest &request, QTcpSocket *socket);
    void create(const QHttpServerRequest &request, QTcpSocket *socket);
    void get(const QRegularExpressionMatch &match, const QHttpServerRequest &request,
             QTcpSocket *socket);
    void rename(const QRegularExpressionMatch &match, const QHttpServerRequest &request,
                QTcpSocket *socket);
    void remove(const QRegularExpressionMatch &match, const QHttpServerRequest &request,
                QTcpSocket *socket);
    // Admin only: false after answering 401 or 403.
    std::optional<ApiCaller> admitsAdmin(const QHttpServerRequest &request,
                                         QTcpSocket *socket) const;
    static QHttpServerResponse toResponse(const TeamResult &result);

    const JsonApi &m_api;
    TeamService &m_teams;
};

} // namespace ddalab
