#pragma once

#include "protocol/ErrorCode.h"

#include <QByteArray>
#include <QHttpServerResponse>
#include <QObject>

class QTcpSocket;

namespace ddalab {

class HttpServer;

// Reads the head of every request on one HTTP connection just before QAbstractHttpServer does,
// and refuses what would make the server buffer more than a route accepts, before any of the
// body is read: a Content-Length over the route's limit (413), a body without Content-Length
// (411), a head over HttpServer::kMaxHeadBytes (431), a malformed Content-Length (400).
// QAbstractHttpServer 6.4 reads every body into memory whole, with no limit of its own.
class RequestHeadGuard : public QObject
{
    Q_OBJECT
public:
    // Becomes a child of socket. It must be created before the server connects to the socket,
    // so that on every readyRead it sees the new bytes before the server consumes them.
    RequestHeadGuard(QTcpSocket *socket, HttpServer &http);

private:
    void inspect();
    void check(const QByteArray &head);
    void refuse(QHttpServerResponse::StatusCode status, protocol::ErrorCode code,
                const QString &message);

    QTcpSocket *m_socket;
    HttpServer &m_http;
    QByteArray m_head;          // the current request's head, as far as it has arrived
    bool m_headChecked = false; // the current request is in its body
};

} // namespace ddalab
