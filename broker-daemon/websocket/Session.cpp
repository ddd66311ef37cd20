#include "websocket/Session.h"

#include "logging/LogCategories.h"
#include "metrics/BrokerStats.h"
#include "protocol/MessageCodec.h"
#include "websocket/RequestDispatcher.h"

#include <QDeadlineTimer>
#include <QTimer>

namespace ddalab {

using namespace Qt::StringLiterals;
using protocol::MessageCodec;

Session::Session(ConnectionId id, QWebSocket *socket, const Identity &identity, RateLimit shareRate,
                 RequestDispatcher &dispatcher, BrokerStats &stats, QObject *parent)
    : QObject(parent), m_id(id), m_socket(socket), m_dispatcher(dispatcher), m_stats(stats),
      m_identity(identity), m_shareBucket(shareRate.perSecond, shareRate.burst, monotonicMs()),
      m_openedAtMs(monotonicMs())
{
    m_socket->setParent(this);
    const QHostAddress address = m_socket->peerAddress();
    m_peerAddress = address.toString();
    m_peer = (address.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + address.toString() + u']'
                                                                  : address.toString()) +
             u':' + QString::number(m_socket->peerPort());
    connect(m_socket, &QWebSocket::textMessageReceived, this, &Session::onTextMessage);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &Session::onBinaryMessage);
    connect(m_socket, &QWebSocket::disconnected, this, [this] { emit closed(this); });
}

AuditActor Session::auditActor() const
{
    QString id;
    if (m_boundUserId)
        id = *m_boundUserId;
    else if (m_identity.provenUserId)
        id = *m_identity.provenUserId;
    else if (m_identity.admin)
        id = u"admin"_s;
    return AuditActor{id, m_peerAddress};
}

qint64 Session::monotonicMs()
{
    return QDeadlineTimer::current().deadline();
}

void Session::close(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    if (m_closing)
        return;
    m_closing = true;
    m_socket->close(code, reason);
    // A peer that never answers the close frame does not keep its socket.
    QTimer::singleShot(5000, m_socket, [socket = m_socket] { socket->abort(); });
}

void Session::closeWhenIdle(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    if (m_closing || m_closeWhenIdle)
        return;
    m_closeWhenIdle.emplace(code, reason);
    flush();
}

void Session::onTextMessage(const QString &text)
{
    // Shutting down, or closed: what arrives now is neither dispatched nor answered.
    if (m_closeWhenIdle || m_closing)
        return;
    const LogContext::Scope logScope(logContext());
    const protocol::DecodedFrame frame = MessageCodec::decodeRequest(text.toUtf8());
    if (const auto *request = std::get_if<protocol::IncomingRequest>(&frame)) {
        m_stats.countMessage(protocol::requestTypeName(request->request));
        m_dispatcher.dispatch(*this, request->request, reserveReply(request->messageId));
    } else if (const auto *failure = std::get_if<protocol::DecodeFailure>(&frame)) {
        m_stats.countMessage(u"invalid"_s);
        qCDebug(lcWs).noquote() << "connection" << m_id << "sent a bad frame:" << failure->message;
        replyNow(protocol::Error{protocol::ErrorCode::ParseError, failure->message},
                 failure->messageId);
    }
    // IgnoredMessage: the peer sent one of our reply types; nothing to answer.
}

void Session::onBinaryMessage(const QByteArray &)
{
    // Shutting down, or closed: what arrives now is not answered.
    if (m_closeWhenIdle || m_closing)
        return;
    m_stats.countMessage(u"invalid"_s);
    replyNow(
        protocol::Error{protocol::ErrorCode::ParseError,
                        u"binary frames are not part of the protocol; send JSON text frames"_s},
        std::nullopt);
}

ReplySink Session::reserveReply(const std::optional<QString> &messageId)
{
    const ReplyQueue::Slot slot = m_replies.reserve();
    return [session = QPointer<Session>(this), slot, messageId](const protocol::Reply &reply) {
        if (!session)
            return;
        if (const auto *error = std::get_if<protocol::Error>(&reply))
            session->m_stats.countError(error->code);
        session->m_replies.fill(slot, MessageCodec::encodeReply(reply, messageId));
        session->flush();
    };
}

void Session::replyNow(const protocol::Reply &reply, const std::optional<QString> &messageId)
{
    reserveReply(messageId)(reply);
}

void Session::push(const QByteArray &frame)
{
    m_replies.fill(m_replies.reserve(), frame);
    flush();
}

void Session::flush()
{
    while (auto frame = m_replies.takeNext())
        m_socket->sendTextMessage(QString::fromUtf8(*frame));
    if (m_closeWhenIdle && m_replies.isEmpty() && !m_closeScheduled) {
        // Qt closes the TCP connection right after the close frame; a peer still sending then
        // gets a reset, which can destroy the close frame unread. The peer's answers to our
        // last replies come within moments: read (and ignore) them first.
        m_closeScheduled = true;
        QTimer::singleShot(kCloseLingerMs, this,
                           [this] { close(m_closeWhenIdle->first, m_closeWhenIdle->second); });
    }
}

} // namespace ddalab
