#pragma once

#include "AccountAdmin.h"
#include "AuditFeed.h"
#include "ConnectionSettings.h"
#include "EventLogModel.h"
#include "OnlineUsersModel.h"
#include "ReplicasModel.h"
#include "SharesModel.h"
#include "client/BrokerClient.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

namespace ddalab::monitor {

// One admin's live view of one broker: keeps the BrokerClient connected, subscribes to the
// monitor feed whenever it (re)connects, replaces the models from each fresh snapshot and then
// feeds them the events (the replicas model too: the snapshot's list, then each `replicas`
// push), and carries out admin actions. Accounts and sessions are AccountAdmin's,
// asked for with each snapshot. The models only count as live between
// a snapshot and the next loss of the connection; the window greys them out otherwise.
class MonitorSession : public QObject
{
    Q_OBJECT
public:
    enum class Phase { Idle, Connecting, Subscribing, Live, Lost, Refused };
    Q_ENUM(Phase)

    explicit MonitorSession(QObject *parent = nullptr);

    BrokerClient &client() { return m_client; }
    OnlineUsersModel &users() { return m_users; }
    ReplicasModel &replicas() { return m_replicas; }
    SharesModel &shares() { return m_shares; }
    EventLogModel &log() { return m_log; }
    AccountAdmin &accountAdmin() { return m_accountAdmin; }
    AuditFeed &audit() { return m_audit; }

    // Connects to the broker with the admin token, forgetting the previous broker. False
    // (nothing started) when the certificate file cannot be read.
    bool start(const ConnectionSettings &connection, QString *error = nullptr);
    const ConnectionSettings &connection() const { return m_connection; }
    void stop();

    Phase phase() const { return m_phase; }
    bool isLive() const { return m_phase == Phase::Live; }
    // A sentence for the status bar: live, connecting, or lost and when the next attempt is
    // (it counts down: ask again every second).
    QString statusText() const;
    // When the models last matched the broker (the last snapshot or event while live).
    const QDateTime &lastUpdate() const { return m_lastUpdate; }
    const std::optional<protocol::StatsReport> &lastStats() const { return m_lastStats; }
    const std::optional<InstitutionSettings> &institution() const { return m_institution; }

    // Admin actions; actionFinished() says how they went.
    void revokeShare(const QString &token);
    void disconnectUser(const QString &userId);

signals:
    void phaseChanged(ddalab::monitor::MonitorSession::Phase phase);
    void statusChanged();
    void latencyChanged(int milliseconds);
    void statsReceived(const ddalab::protocol::StatsReport &stats);
    // The institution's settings: with each snapshot, and whenever they change.
    void institutionChanged(const ddalab::InstitutionSettings &settings);
    void actionFinished(bool succeeded, const QString &message);

private:
    void setPhase(Phase phase);
    void subscribe();
    void onConnected();
    void onDisconnected(const QString &reason);
    void onSnapshot(const protocol::MonitorSnapshot &snapshot, const QString &messageId);
    void onSharesPage(const protocol::SharesPage &page, const QString &messageId);
    // A replica that died or joined since the last list goes to the event log.
    void logReplicaChanges(const QList<protocol::ReplicaInfo> &replicas);
    void onAck(const QString &messageId);
    void onError(const protocol::Error &error, const QString &messageId);
    void connectEvents();
    void touched();
    QString shareName(const QString &token) const;

    std::optional<InstitutionSettings> m_institution;
    BrokerClient m_client;
    OnlineUsersModel m_users;
    ReplicasModel m_replicas;
    SharesModel m_shares;
    EventLogModel m_log;
    AccountAdmin m_accountAdmin{m_client};
    AuditFeed m_audit{m_client};
    ConnectionSettings m_connection;
    Phase m_phase = Phase::Idle;
    QString m_subscribeId;
    QString m_pageId;
    QHash<QString, QString> m_pendingActions; // message id → what it does, for people
    QString m_lossReason;
    QString m_refusal;
    QDeadlineTimer m_nextAttempt;
    int m_attempt = 0;
    QDateTime m_lastUpdate;
    std::optional<protocol::StatsReport> m_lastStats;
    QTimer m_resubscribeTimer;
};

} // namespace ddalab::monitor
