#include "HttpServer.h"

#include "logging/LogCategories.h"

#include <QHttpServerRouterRule>
#include <QJsonObject>

namespace ddalab {

using namespace Qt::StringLiterals;

HttpServer::HttpServer(QObject *parent) : QAbstractHttpServer(parent) {}

void HttpServer::addRoute(const QString &pathRegex, QHttpServerRequest::Methods methods,
                          Handler handler)
{
    // The groups are read from the match by the handler, so the rule declares no typed
    // arguments of its own.
    m_router.addRule<std::function<void()>>(
        std::make_unique<QHttpServerRouterRule>(pathRegex, methods, std::move(handler)));
}

bool HttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    m_upgradeRefused = false;
    const bool handled = m_router.handleRequest(request, socket);
    // QAbstractHttpServer upgrades every handled WebSocket request; a refused one must read as
    // unhandled, and missingHandler then leaves the refusal already written alone.
    return handled && !m_upgradeRefused;
}

void HttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (m_upgradeRefused) {
        m_upgradeRefused = false;
        return;
    }
    respond(request, socket,
            jsonError(QHttpServerResponse::StatusCode::NotFound, u"NOT_FOUND"_s,
                      u"no such resource"_s));
}

void HttpServer::respond(const QHttpServerRequest &request, QTcpSocket *socket,
                         QHttpServerResponse &&response)
{
    // Nothing waiting ahead on this connection: answer straight away.
    if (m_answers.find(socket) == m_answers.end()) {
        response.write(makeResponder(request, socket));
        return;
    }
    fulfil(defer(request, socket), std::move(response));
}

HttpServer::Ticket HttpServer::defer(const QHttpServerRequest &request, QTcpSocket *socket)
{
    auto [it, inserted] = m_answers.try_emplace(socket);
    SocketAnswers &answers = it->second;
    if (inserted) {
        answers.destroyedConnection =
            connect(socket, &QObject::destroyed, this, [this, socket] { forget(socket); });
    }
    const quint64 id = answers.nextId++;
    answers.pending.push_back({id, makeResponder(request, socket), std::nullopt});
    return {socket, id};
}

void HttpServer::fulfil(const Ticket &ticket, QHttpServerResponse &&response)
{
    QTcpSocket *socket = ticket.socket.data();
    if (!socket)
        return;
    auto it = m_answers.find(socket);
    if (it == m_answers.end())
        return;
    for (Pending &pending : it->second.pending) {
        if (pending.id == ticket.id) {
            pending.response.emplace(std::move(response));
            break;
        }
    }
    flush(socket);
}

void HttpServer::flush(QTcpSocket *socket)
{
    auto it = m_answers.find(socket);
    std::deque<Pending> &pending = it->second.pending;
    while (!pending.empty() && pending.front().response) {
        Pending front = std::move(pending.front());
        pending.pop_front();
        if (socket->state() == QAbstractSocket::ConnectedState)
            front.response->write(std::move(front.responder));
    }
    if (pending.empty()) {
        disconnect(it->second.destroyedConnection);
        forget(socket);
    }
}

void HttpServer::forget(QTcpSocket *socket)
{
    if (m_answers.erase(socket) > 0 && m_answers.empty())
        emit allAnswered();
}

void HttpServer::refuseUpgrade(const QHttpServerRequest &request, QTcpSocket *socket,
                               QHttpServerResponse &&response)
{
    m_upgradeRefused = true;
    response.write(makeResponder(request, socket));
}

QHttpServerResponse HttpServer::jsonError(QHttpServerResponse::StatusCode status,
                                          const QString &code, const QString &message)
{
    return QHttpServerResponse(QJsonObject{{"error"_L1, message}, {"code"_L1, code}}, status);
}

QHttpServerResponse HttpServer::unauthorized(const QString &reason)
{
    QHttpServerResponse response = jsonError(QHttpServerResponse::StatusCode::Unauthorized,
                                             u"UNAUTHORIZED"_s, reason);
    response.setHeader("WWW-Authenticate", "Bearer");
    return response;
}

} // namespace ddalab
