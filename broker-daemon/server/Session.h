#pragma once

#include "ReplyQueue.h"
#include "domain/PresenceRegistry.h"
#include "protocol/Messages.h"

#include <QObject>
#include <QPointer>
#include <QWebSocket>

#include <functional>

namespace ddalab {

class RequestDispatcher;

// Answers one request; may be called later and from a storage callback, at most once.
using ReplySink = std::function<void(const protocol::Reply &)>;

// One WebSocket connection: decodes its frames, hands requests to the dispatcher, and sends
// the replies in request order. Holds the identity the connection registered as.
class Session : public QObject
{
    Q_OBJECT
public:
    Session(ConnectionId id, QWebSocket *socket, RequestDispatcher &dispatcher,
            QObject *parent = nullptr);

    ConnectionId id() const { return m_id; }
    QString peer() const { return m_peer; }

    // The user this connection registered as; it may not act for anybody else afterwards.
    const std::optional<QString> &boundUserId() const { return m_boundUserId; }
    void bindUser(const QString &userId) { m_boundUserId = userId; }
    // The endpoint of the last register_user, kept while the registration lasts.
    const std::optional<QString> &registeredEndpoint() const { return m_endpoint; }
    void setRegisteredEndpoint(std::optional<QString> endpoint) { m_endpoint = std::move(endpoint); }

    void close(QWebSocketProtocol::CloseCode code, const QString &reason);

signals:
    void closed(ddalab::Session *session);

private:
    void onTextMessage(const QString &text);
    void onBinaryMessage(const QByteArray &data);
    ReplySink reserveReply(const std::optional<QString> &messageId);
    void replyNow(const protocol::Reply &reply, const std::optional<QString> &messageId);
    void flush();

    ConnectionId m_id;
    QWebSocket *m_socket; // child of this session
    RequestDispatcher &m_dispatcher;
    QString m_peer;
    ReplyQueue m_replies;
    std::optional<QString> m_boundUserId;
    std::optional<QString> m_endpoint;
};

} // namespace ddalab
