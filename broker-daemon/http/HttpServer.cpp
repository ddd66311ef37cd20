#include "http/HttpServer.h"

#include "http/RequestHeadGuard.h"
#include "http/RouteRule.h"
#include "logging/LogCategories.h"
#include "protocol/HttpBodies.h"

#include <QHttpServerRouterRule>
#include <QTimer>

namespace ddalab {

using namespace Qt::StringLiterals;
using protocol::ErrorCode;

HttpServer::HttpServer(QObject *parent) : QAbstractHttpServer(parent) {}

namespace {

// How long a refused connection stays open to take what the client still sends, so that the
// client reads the refusal instead of a connection reset.
constexpr int kRefusalLingerMs = 1000;

QByteArray reasonPhrase(QHttpServerResponse::StatusCode status)
{
    using Status = QHttpServerResponse::StatusCode;
    switch (status) {
    case Status::BadRequest:
        return "Bad Request";
    case Status::LengthRequired:
        return "Length Required";
    case Status::PayloadTooLarge:
        return "Payload Too Large";
    case Status::RequestHeaderFieldsTooLarge:
        return "Request Header Fields Too Large";
    default:
        return "Error";
    }
}

} // namespace

void HttpServer::addRoute(const QString &pathRegex, QHttpServerRequest::Methods methods,
                          Handler handler, qint64 maxBodyBytes)
{
    auto rule = std::make_unique<RouteRule>(pathRegex, methods, std::move(handler), maxBodyBytes);
    m_routes.append(rule.get());
    // The groups are read from the match by the handler, so the rule declares no typed
    // arguments of its own.
    m_router.addRule<std::function<void()>>(std::move(rule));
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
            jsonError(QHttpServerResponse::StatusCode::NotFound, ErrorCode::NotFound,
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

void HttpServer::adoptConnection(QTcpSocket *socket)
{
    qint64 largestBody = kDefaultMaxBodyBytes;
    for (const RouteRule *route : std::as_const(m_routes))
        largestBody = std::max(largestBody, route->maxBodyBytes());
    // QAbstractHttpServer keeps a request's bytes in the socket's buffer until the request is
    // complete; past this the socket stops reading, so no connection can make it buffer more.
    socket->setReadBufferSize(kMaxHeadBytes + largestBody);
    new RequestHeadGuard(socket, *this);
}

void HttpServer::releaseConnection(QTcpSocket *socket)
{
    socket->setReadBufferSize(0);
    // QAbstractHttpServer disconnects the guard's signals when it hands the socket over.
}

qint64 HttpServer::bodyLimit(QHttpServerRequest::Method method, const QString &encodedPath) const
{
    for (const RouteRule *route : m_routes) {
        if (route->covers(method, encodedPath))
            return route->maxBodyBytes();
    }
    return kDefaultMaxBodyBytes;
}

HttpServer::SocketAnswers &HttpServer::answersOf(QTcpSocket *socket)
{
    auto [it, inserted] = m_answers.try_emplace(socket);
    SocketAnswers &answers = it->second;
    if (inserted) {
        answers.destroyedConnection =
            connect(socket, &QObject::destroyed, this, [this, socket] { forget(socket); });
    }
    return answers;
}

HttpServer::Ticket HttpServer::defer(const QHttpServerRequest &request, QTcpSocket *socket)
{
    SocketAnswers &answers = answersOf(socket);
    const quint64 id = answers.nextId++;
    answers.pending.push_back({id, makeResponder(request, socket), std::nullopt, {}});
    return {socket, id};
}

void HttpServer::refuseRequest(QTcpSocket *socket, QHttpServerResponse::StatusCode status,
                               ErrorCode code, const QString &message)
{
    const QByteArray body = protocol::http::errorBody(code, message);
    QByteArray answer =
        "HTTP/1.1 " + QByteArray::number(int(status)) + ' ' + reasonPhrase(status) +
        "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
        "\r\nConnection: close\r\n\r\n" + body;
    SocketAnswers &answers = answersOf(socket);
    answers.pending.push_back({answers.nextId++, std::nullopt, std::nullopt, std::move(answer)});
    flush(socket);
}

bool HttpServer::hasPendingAnswers(QTcpSocket *socket) const
{
    const auto it = m_answers.find(socket);
    return it != m_answers.end() && !it->second.pending.empty();
}

void HttpServer::closeAfterRefusal(QTcpSocket *socket)
{
    QTimer::singleShot(kRefusalLingerMs, socket, [socket] { socket->disconnectFromHost(); });
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
    while (!pending.empty() && (pending.front().response || !pending.front().refusal.isEmpty())) {
        Pending front = std::move(pending.front());
        pending.pop_front();
        if (socket->state() != QAbstractSocket::ConnectedState)
            continue;
        if (front.responder) {
            front.response->write(std::move(*front.responder));
        } else {
            socket->write(front.refusal);
            closeAfterRefusal(socket);
        }
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

QHttpServerResponse HttpServer::json(QByteArray body, QHttpServerResponse::StatusCode status)
{
    return QHttpServerResponse("application/json", std::move(body), status);
}

QHttpServerResponse HttpServer::jsonError(QHttpServerResponse::StatusCode status, ErrorCode code,
                                          const QString &message)
{
    return json(protocol::http::errorBody(code, message), status);
}

QHttpServerResponse HttpServer::unauthorized(const QString &reason)
{
    QHttpServerResponse response =
        jsonError(QHttpServerResponse::StatusCode::Unauthorized, ErrorCode::Unauthorized, reason);
    response.setHeader("WWW-Authenticate", "Bearer");
    return response;
}

} // namespace ddalab
