#pragma once

#include "protocol/Messages.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <optional>

class QWebSocket;

namespace ddalab {

// A connection to the broker as a client sees it: a QObject around QWebSocket that sends typed
// requests and turns every frame it receives into a typed signal, all through MessageCodec.
// Once opened it stays connected: when the connection fails or drops it tries again after a
// delay that doubles from the initial one up to the maximum, until close(). It pings the
// broker to measure latency, and drops a connection that stops answering pings.
// Used by the monitor and by the tests.
class BrokerClient : public QObject
{
    Q_OBJECT
public:
    enum class State { Disconnected, Connecting, Connected, WaitingToReconnect };
    Q_ENUM(State)

    explicit BrokerClient(QObject *parent = nullptr);
    ~BrokerClient() override;

    // ws:// or wss://, e.g. ws://broker.lab:8080/ws. Takes effect on the next connection.
    void setUrl(const QUrl &url);
    QUrl url() const { return m_url; }
    // Sent as "Authorization: Bearer TOKEN" with every connection; empty sends none.
    void setBearerToken(const QString &token) { m_token = token; }
    // For wss://, e.g. to trust a lab's own certificate authority.
    void setSslConfiguration(const QSslConfiguration &configuration) { m_ssl = configuration; }
    void setReconnectDelays(std::chrono::milliseconds initial, std::chrono::milliseconds maximum);
    void setPingInterval(std::chrono::milliseconds interval);

    // Connects now, and again after every loss until close().
    void open();
    void close();

    State state() const { return m_state; }
    bool isConnected() const { return m_state == State::Connected; }
    // The last ping's round trip while connected.
    std::optional<std::chrono::milliseconds> latency() const { return m_latency; }
    // Why the last connection failed or ended, for people.
    const QString &lastError() const { return m_lastError; }

    // Sends a request with a fresh message_id and returns that id, which its reply carries;
    // an empty id when not connected (nothing is sent).
    QString send(const protocol::Request &request);

signals:
    void stateChanged(ddalab::BrokerClient::State state);
    void connected();
    // The connection failed or ended; reason says why. Another attempt follows unless closed.
    void disconnected(const QString &reason);
    void reconnectScheduled(int delayMs, int attempt);
    void latencyMeasured(int milliseconds);
    // A frame that is not a message this client knows (logged, otherwise ignored).
    void protocolError(const QString &message);

    // Replies, with the message_id of the request they answer (empty when it had none).
    void ackReceived(const QString &messageId);
    void errorReceived(const ddalab::protocol::Error &error, const QString &messageId);
    void shareInfoReceived(const ddalab::protocol::ShareInfo &info, const QString &messageId);
    void snapshotReceived(const ddalab::protocol::MonitorSnapshot &snapshot,
                          const QString &messageId);
    void sharesPageReceived(const ddalab::protocol::SharesPage &page, const QString &messageId);
    void teamListReceived(const ddalab::protocol::TeamList &list, const QString &messageId);
    void shareListReceived(const ddalab::protocol::ShareList &list, const QString &messageId);
    void shareAccessReceived(const ddalab::protocol::ShareAccessList &list,
                             const QString &messageId);
    void stateBackupReceived(const ddalab::protocol::StateBackup &backup, const QString &messageId);
    void accountListReceived(const ddalab::protocol::AccountList &list, const QString &messageId);
    void sessionListReceived(const ddalab::protocol::SessionList &list, const QString &messageId);
    void auditPageReceived(const ddalab::protocol::AuditPageReply &page, const QString &messageId);

    // Monitor events.
    void userOnline(const ddalab::protocol::UserOnline &event);
    void userOffline(const ddalab::protocol::UserOffline &event);
    void userHeartbeat(const ddalab::protocol::UserHeartbeat &event);
    void sharePublished(const ddalab::protocol::SharePublished &event);
    void shareUpdated(const ddalab::protocol::ShareUpdated &event);
    void shareRevoked(const ddalab::protocol::ShareRevoked &event);
    void shareExpired(const ddalab::protocol::ShareExpired &event);
    // The institution's settings: from each snapshot, then whenever they change.
    void institutionConfig(const ddalab::InstitutionSettings &settings);
    void statsReceived(const ddalab::protocol::StatsReport &stats);
    // A row of the audit trail as it commits (admin connections, after monitor_subscribe).
    void auditEventReceived(const ddalab::protocol::AuditEvent &event);
    // The broker's replicas, whenever the list changes (the snapshot carries the first list).
    void replicasReceived(const ddalab::protocol::ReplicaList &list);

private:
    void connectNow();
    void onConnected();
    void onConnectionLost(QWebSocket *socket);
    void onTextMessage(const QString &text);
    void emitReply(const protocol::IncomingReply &incoming);
    void emitEvent(const protocol::Event &event);
    void sendPing();
    void setState(State state);
    void dropSocket();

    QUrl m_url;
    QString m_token;
    std::optional<QSslConfiguration> m_ssl;
    std::chrono::milliseconds m_initialDelay{500};
    std::chrono::milliseconds m_maximumDelay{30000};
    std::chrono::milliseconds m_pingInterval{5000};

    QPointer<QWebSocket> m_socket; // child; a fresh one per connection attempt
    State m_state = State::Disconnected;
    bool m_wanted = false; // open() until close()
    int m_failedAttempts = 0;
    quint64 m_nextMessageId = 1;
    QString m_lastError;
    std::optional<std::chrono::milliseconds> m_latency;
    QElapsedTimer m_sinceLastPong;
    QTimer m_reconnectTimer;
    QTimer m_pingTimer;
};

} // namespace ddalab
