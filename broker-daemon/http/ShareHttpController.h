#pragma once

#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QObject>

class QTcpSocket;

namespace ddalab {

class Authenticator;
class HttpServer;
class ShareService;
struct ShareAccess;

// GET /api/shares/TOKEN: the share as SharedResultInfo JSON. Restricted shares answer 404,
// exactly like unknown ones, unless an authenticated requester is admitted.
class ShareHttpController : public QObject
{
    Q_OBJECT
public:
    ShareHttpController(HttpServer &http, ShareService &shares, const Authenticator &authenticator,
                        QObject *parent = nullptr);

private:
    void get(const QString &token, const QHttpServerRequest &request, QTcpSocket *socket);
    static QHttpServerResponse toResponse(const ShareAccess &access);

    HttpServer &m_http;
    ShareService &m_shares;
    const Authenticator &m_authenticator;
};

} // namespace ddalab
