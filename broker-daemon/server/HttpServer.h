#pragma once

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

// QtHttpServer's server and router with the two things QHttpServer 6.4 does not offer: the
// request's socket reaches the handler, and answers may come later (from the database) while
// still leaving in request order on a keep-alive connection.
class HttpServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Handler = std::function<void(const QRegularExpressionMatch &,
                                       const QHttpServerRequest &, QTcpSocket *)>;

    // A place in a socket's answer order, kept by a handler that answers later.
    struct Ticket
    {
        QPointer<QTcpSocket> socket;
        quint64 id = 0;
    };

    explicit HttpServer(QObject *parent = nullptr);

    // pathRegex is matched against the whole decoded path; its groups reach the handler.
    void addRoute(const QString &pathRegex, QHttpServerRequest::Methods methods, Handler handler);

    void respond(const QHttpServerRequest &request, QTcpSocket *socket,
                 QHttpServerResponse &&response);
    Ticket defer(const QHttpServerRequest &request, QTcpSocket *socket);
    void fulfil(const Ticket &ticket, QHttpServerResponse &&response);

    // For a WebSocket route: answers the upgrade request with a refusal instead of upgrading.
    void refuseUpgrade(const QHttpServerRequest &request, QTcpSocket *socket,
                       QHttpServerResponse &&response);

    // Whether some request still waits for its answer (for shutdown).
    bool hasPendingAnswers() const { return !m_answers.empty(); }

    static QHttpServerResponse jsonError(QHttpServerResponse::StatusCode status,
                                         const QString &code, const QString &message);
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
        QHttpServerResponder responder;
        std::optional<QHttpServerResponse> response;
    };
    struct SocketAnswers
    {
        std::deque<Pending> pending;
        quint64 nextId = 0;
        QMetaObject::Connection destroyedConnection;
    };
    void flush(QTcpSocket *socket);
    void forget(QTcpSocket *socket);

    QHttpServerRouter m_router;
    std::unordered_map<QTcpSocket *, SocketAnswers> m_answers;
    bool m_upgradeRefused = false;
};

} // namespace ddalab
