#pragma once

#include <QHttpServerRequest>
#include <QObject>

class QTcpSocket;

namespace ddalab {

class JsonApi;
class ShareAccessLog;

// GET /api/shares/TOKEN/access: who asked for the share and when, newest first, for its owner
// (a JWT or login session proving the owner) or the admin credential; limit and after page it
// like GET /api/admin/audit. 401 without a credential, 403 FORBIDDEN for another user, 404
// SHARE_NOT_FOUND for an unknown token.
class ShareAccessHttpController : public QObject
{
    Q_OBJECT
public:
    ShareAccessHttpController(const JsonApi &api, ShareAccessLog &log, QObject *parent = nullptr);

private:
    void get(const QString &token, const QHttpServerRequest &request, QTcpSocket *socket);

    const JsonApi &m_api;
    ShareAccessLog &m_log;
};

} // namespace ddalab
