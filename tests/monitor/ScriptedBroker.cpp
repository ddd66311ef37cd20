#include "ScriptedBroker.h"

#include "protocol/MessageCodec.h"

#include <QWebSocket>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;
using namespace ddalab::protocol;

namespace monitor_test {

ScriptedBroker::ScriptedBroker(QObject *parent)
    : QObject(parent), m_server(u"scripted broker"_s, QWebSocketServer::NonSecureMode)
{
    connect(&m_server, &QWebSocketServer::newConnection, this, &ScriptedBroker::onConnection);
}

bool ScriptedBroker::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl ScriptedBroker::wsUrl() const
{
    return QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(m_server.serverPort()));
}

void ScriptedBroker::push(const Event &event)
{
    const QString frame = QString::fromUtf8(MessageCodec::encodeEvent(event));
    for (const QPointer<QWebSocket> &socket : std::as_const(m_subscribers)) {
        if (socket)
            socket->sendTextMessage(frame);
    }
}

int ScriptedBroker::subscribers() const
{
    return int(std::count_if(m_subscribers.cbegin(), m_subscribers.cend(),
                             [](const QPointer<QWebSocket> &socket) { return !socket.isNull(); }));
}

void ScriptedBroker::onConnection()
{
    while (QWebSocket *socket = m_server.nextPendingConnection()) {
        socket->setParent(this);
        connect(socket, &QWebSocket::textMessageReceived, this,
                [this, socket](const QString &text) { onMessage(socket, text); });
        connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void ScriptedBroker::onMessage(QWebSocket *socket, const QString &text)
{
    const DecodedFrame decoded = MessageCodec::decodeRequest(text.toUtf8());
    const auto *incoming = std::get_if<IncomingRequest>(&decoded);
    if (!incoming || !std::holds_alternative<MonitorSubscribe>(incoming->request))
        return;
    socket->sendTextMessage(
        QString::fromUtf8(MessageCodec::encodeReply(m_snapshot, incoming->messageId)));
    m_subscribers.append(socket);
}

} // namespace monitor_test
