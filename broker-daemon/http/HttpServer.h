#pragma once

#include "protocol/ErrorCode.h"

#include <QAbstractHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QHttpServerRouter>
#include <QPointer>
#include <QTcpSocket>

#include <deque>
#include <functional>
#include <optional>
#include <unordered_map>

namespace ddalab {

class RouteRule;

// QtHttpServer's server and router with what QHttpServer 6.4 does not offer: the request's
// socket reaches the handler; answers may come later (from the database) while still leaving in
// request order on a keep-alive connection; and request bodies have a size limit per route,
// enforced before the body is read (QAbstractHttpServer itself would buffer any body whole).
class HttpServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    // Bodies of routes that do not say otherwise (JSON requests) and of unknown paths.
    static constexpr qint64 kDefaultMaxBodyBytes = 64 * 1024;
    // Request line and headers together.
    static constexpr qint64 kMaxHeadBytes = 32 * 1024;

    using Handler = std::function<void(const QRegularExpressionMatch &, const QHttpServerRequest &,
                                       QTcpSocket *)>;

    // A place in a socket's answer order, kept by a handler that answers later.
    struct Ticket
    {
        QPointer<QTcpSocket> socket;
        quint64 id = 0;
    };

    explicit HttpServer(QObject *parent = nullptr);

    // pathRegex is matched against the whole path as sent, percent-encoded (an id may hold a
    // '/' as %2F); its groups reach the handler, which decodes what it reads. A request with a
    // longer body than maxBodyBytes is refused with 413 before the body is read.
    void addRoute(const QString &pathRegex, QHttpServerRequest::Methods methods, Handler handler,
                  qint64 maxBodyBytes = kDefaultMaxBodyBytes);

    // Takes a new connection before QAbstractHttpServer reads from it: bounds its read buffer
    // and puts a RequestHeadGuard on it. Every socket bound() servers hand over must pass here
    // (HttpTcpServer does; for QSslServer connect startedEncryptionHandshake).
    void adoptConnection(QTcpSocket *socket);
    // Undoes adoptConnection for a connection that leaves HTTP (a WebSocket upgrade).
    static void releaseConnection(QTcpSocket *socket);
    // The body limit of the route a request names (its path percent-encoded).
    qint64 bodyLimit(QHttpServerRequest::Method method, const QString &encodedPath) const;
    // Answers the request being received on socket with a JSON error once the answers before it
    // are out, without reading its body, and closes the connection shortly after.
    void refuseRequest(QTcpSocket *socket, QHttpServerResponse::StatusCode status,
                       protocol::ErrorCode code, const QString &message);
    // Whether answers to earlier requests on socket are still to be written.
    bool hasPendingAnswers(QTcpSocket *socket) const;

    void respond(const QHttpServerRequest &request, QTcpSocket *socket,
                 QHttpServerResponse &&response);
    Ticket defer(const QHttpServerRequest &request, QTcpSocket *socket);
    void fulfil(const Ticket &ticket, QHttpServerResponse &&response);

    // For a WebSocket route: answers the upgrade request with a refusal instead of upgrading.
    void refuseUpgrade(const QHttpServerRequest &request, QTcpSocket *socket,
                       QHttpServerResponse &&response);

    // Whether some request still waits for its answer (for shutdown).
    bool hasPendingAnswers() const { return !m_answers.empty(); }

    // A JSON body built by the protocol module (HttpBodies), with a status.
    static QHttpServerResponse
    json(QByteArray body,
         QHttpServerResponse::StatusCode status = QHttpServerResponse::StatusCode::Ok);
    static QHttpServerResponse jsonError(QHttpServerResponse::StatusCode status,
                                         protocol::ErrorCode code, const QString &message);
    // 401 with WWW-Authenticate: Bearer.
    static QHttpServerResponse unauthorized(const QString &reason);

signals:
    // The last request that waited for an answer got it (or lost its socket).
    void allAnswered();

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    struct Pending
    {
        quint64 id;
        std::optional<QHttpServerResponder> responder; // empty for a refusal
        std::optional<QHttpServerResponse> response;
        QByteArray refusal; // a whole raw answer that ends the connection
    };
    struct SocketAnswers
    {
        std::deque<Pending> pending;
        quint64 nextId = 0;
        QMetaObject::Connection destroyedConnection;
    };
    SocketAnswers &answersOf(QTcpSocket *socket);
    void flush(QTcpSocket *socket);
    void forget(QTcpSocket *socket);
    static void closeAfterRefusal(QTcpSocket *socket);

    QHttpServerRouter m_router;
    QList<const RouteRule *> m_routes; // owned by m_router
    std::unordered_map<QTcpSocket *, SocketAnswers> m_answers;
    bool m_upgradeRefused = false;
};

} // namespace ddalab
