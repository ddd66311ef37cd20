#pragma once

#include "auth/Identity.h"
#include "domain/AuditEntry.h"
#include "domain/PresenceRegistry.h"
#include "domain/TokenBucket.h"
#include "logging/LogContext.h"
#include "protocol/Messages.h"
#include "websocket/ReplyQueue.h"
#include "websocket/ReplySink.h"

#include <QObject>
#include <QPointer>
#include <QWebSocket>

namespace ddalab {

class BrokerStats;
class RequestDispatcher;

// One WebSocket connection: decodes its frames, hands requests to the dispatcher, and sends
// the replies in request order. Holds the identity the connection registered as.
class Session : public QObject
{
    Q_OBJECT
public:
    struct RateLimit
    {
        double perSecond;
        int burst;
    };

    Session(ConnectionId id, QWebSocket *socket, const Identity &identity, RateLimit shareRate,
            RequestDispatcher &dispatcher, BrokerStats &stats, QObject *parent = nullptr);

    ConnectionId id() const { return m_id; }
    QString peer() const { return m_peer; }
    // The client's address, kept from the start (the socket forgets it once closed).
    const QString &peerAddress() const { return m_peerAddress; }
    // Who acts on this connection, for the audit trail: the registered user, else the user its
    // credential proves, else "admin" for an admin credential; and its address.
    AuditActor auditActor() const;
    // Monotonic milliseconds, the clock of rate limits and connection ages.
    static qint64 monotonicMs();
    qint64 openedAtMs() const { return m_openedAtMs; }

    // What the connection's credential proved; a fresh credential replaces it.
    const Identity &identity() const { return m_identity; }
    void setIdentity(const Identity &identity) { m_identity = identity; }
    // Takes one publish/request/revoke allowance; false when the connection sends too fast.
    bool takeShareAllowance() { return m_shareBucket.tryTake(monotonicMs()); }

    // The user this connection registered as; it may not act for anybody else afterwards.
    const std::optional<QString> &boundUserId() const { return m_boundUserId; }
    void bindUser(const QString &userId) { m_boundUserId = userId; }
    // The endpoint of the last register_user, kept while the registration lasts (a heartbeat
    // after a presence timeout brings the connection back with it).
    const std::optional<QString> &registeredEndpoint() const { return m_endpoint; }
    void setRegisteredEndpoint(std::optional<QString> endpoint)
    {
        m_endpoint = std::move(endpoint);
    }

    // Sends a frame nobody asked for (a monitor event), in line behind the replies still due.
    void push(const QByteArray &frame);

    // Closes with a code and reason once; later calls do nothing.
    void close(QWebSocketProtocol::CloseCode code, const QString &reason);
    bool isClosing() const { return m_closing; }
    // For shutdown: takes no further requests, sends every reply already owed (after its
    // commit), then closes with code and reason.
    void closeWhenIdle(QWebSocketProtocol::CloseCode code, const QString &reason);

    // The connection and user for structured logs.
    LogContext logContext() const { return {m_id, m_boundUserId.value_or(QString())}; }

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
    BrokerStats &m_stats;
    QString m_peer;
    QString m_peerAddress;
    bool m_closing = false;
    bool m_closeScheduled = false;
    static constexpr int kCloseLingerMs = 200;
    std::optional<std::pair<QWebSocketProtocol::CloseCode, QString>> m_closeWhenIdle;
    ReplyQueue m_replies;
    Identity m_identity;
    TokenBucket m_shareBucket;
    qint64 m_openedAtMs;
    std::optional<QString> m_boundUserId;
    std::optional<QString> m_endpoint;
};

} // namespace ddalab
