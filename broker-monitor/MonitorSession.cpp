#include "MonitorSession.h"

#include "DisplayText.h"
#include "MonitorLog.h"

#include <QSslCertificate>

namespace ddalab::monitor {

using namespace Qt::StringLiterals;
using namespace protocol;
using Severity = EventLogModel::Severity;

MonitorSession::MonitorSession(QObject *parent) : QObject(parent)
{
    // While lost, the phase stays Lost through the reconnection attempts; the status says how
    // they go.
    connect(&m_client, &BrokerClient::stateChanged, this, &MonitorSession::statusChanged);
    connect(&m_client, &BrokerClient::connected, this, &MonitorSession::onConnected);
    connect(&m_client, &BrokerClient::disconnected, this, &MonitorSession::onDisconnected);
    connect(&m_client, &BrokerClient::reconnectScheduled, this, [this](int delayMs, int attempt) {
        m_nextAttempt.setRemainingTime(delayMs);
        m_attempt = attempt;
        emit statusChanged();
    });
    connect(&m_client, &BrokerClient::latencyMeasured, this, &MonitorSession::latencyChanged);
    connect(&m_client, &BrokerClient::snapshotReceived, this, &MonitorSession::onSnapshot);
    connect(&m_client, &BrokerClient::sharesPageReceived, this, &MonitorSession::onSharesPage);
    connect(&m_client, &BrokerClient::ackReceived, this, &MonitorSession::onAck);
    connect(&m_client, &BrokerClient::errorReceived, this, &MonitorSession::onError);
    connect(&m_shares, &SharesModel::pageWanted, this, [this](const ShareCursor &after) {
        m_pageId = m_client.send(MonitorSharesPage{after, kMaxSharesPageSize});
        if (m_pageId.isEmpty())
            m_shares.pageFailed();
    });
    connect(&m_accountAdmin, &AccountAdmin::actionFinished, this,
            [this](bool succeeded, const QString &message) {
                m_log.add(QDateTime::currentDateTimeUtc(), u"admin"_s, message,
                          succeeded ? Severity::Info : Severity::Warning);
            });
    connectEvents();

    // A snapshot the broker could not read is asked for again, a little later.
    m_resubscribeTimer.setSingleShot(true);
    m_resubscribeTimer.setInterval(2000);
    connect(&m_resubscribeTimer, &QTimer::timeout, this, &MonitorSession::subscribe);
}

void MonitorSession::connectEvents()
{
    // Events only change the models while they are live; before the next snapshot they would
    // be applied to data that the snapshot replaces anyway.
    connect(&m_client, &BrokerClient::userOnline, this, [this](const UserOnline &event) {
        if (!isLive())
            return;
        m_users.connectionOnline(event);
        m_log.add(event.connection.connectedAt, u"online"_s,
                  u"%1 from %2 (%3)"_s.arg(event.userId, event.connection.endpoint,
                                           event.devices == 1 ? u"1 device"_s
                                                              : u"%1 devices"_s.arg(event.devices)),
                  Severity::Good);
        touched();
    });
    connect(&m_client, &BrokerClient::userOffline, this, [this](const UserOffline &event) {
        if (!isLive())
            return;
        m_users.connectionOffline(event);
        const QString left = event.devices == 0   ? u"now offline"_s
                             : event.devices == 1 ? u"1 device left"_s
                                                  : u"%1 devices left"_s.arg(event.devices);
        // Offline without the desktop saying so: worth the admin's eye.
        const bool unexpected = event.reason == OfflineReason::HeartbeatTimeout ||
                                event.reason == OfflineReason::ReplicaLost;
        m_log.add(
            QDateTime::currentDateTimeUtc(), u"offline"_s,
            u"%1: %2 (%3)"_s.arg(event.userId, display_text::offlineReason(event.reason), left),
            unexpected ? Severity::Warning : Severity::Info);
        touched();
    });
    connect(&m_client, &BrokerClient::userHeartbeat, this, [this](const UserHeartbeat &event) {
        if (!isLive())
            return;
        m_users.heartbeat(event);
        touched();
    });
    connect(&m_client, &BrokerClient::sharePublished, this, [this](const SharePublished &event) {
        if (!isLive())
            return;
        m_shares.sharePublished(event);
        const ShareMetadata &metadata = event.share.metadata;
        m_log.add(QDateTime::currentDateTimeUtc(), u"shared"_s,
                  u"“%1” by %2 (%3)"_s.arg(metadata.title, metadata.ownerUserId,
                                           display_text::policy(metadata.accessPolicy)),
                  Severity::Good);
        touched();
    });
    connect(&m_client, &BrokerClient::shareUpdated, this, [this](const ShareUpdated &event) {
        if (!isLive())
            return;
        m_shares.shareUpdated(event);
        m_log.add(QDateTime::currentDateTimeUtc(), u"updated"_s,
                  u"“%1” (%2)"_s.arg(event.title, display_text::policy(event.accessPolicy)));
        touched();
    });
    connect(&m_client, &BrokerClient::shareExpired, this, [this](const ShareExpired &event) {
        if (!isLive())
            return;
        m_log.add(event.expiresAt, u"expired"_s, shareName(event.token));
        m_shares.shareExpired(event);
        touched();
    });
    connect(&m_client, &BrokerClient::shareRevoked, this, [this](const ShareRevoked &event) {
        if (!isLive())
            return;
        m_shares.shareRevoked(event);
        m_log.add(event.revokedAt, u"revoked"_s,
                  u"%1 by %2"_s.arg(shareName(event.token),
                                    event.byAdmin ? u"an administrator"_s : u"its owner"_s),
                  Severity::Warning);
        touched();
    });
    connect(&m_client, &BrokerClient::institutionConfig, this,
            [this](const InstitutionSettings &settings) {
                if (isLive() && m_institution && *m_institution != settings) {
                    m_log.add(QDateTime::currentDateTimeUtc(), u"institution"_s,
                              u"settings changed: “%1”, HIPAA mode %2"_s.arg(
                                  settings.name, settings.hipaaMode() ? u"on"_s : u"off"_s));
                    touched();
                }
                m_institution = settings;
                emit institutionChanged(settings);
            });
    connect(&m_client, &BrokerClient::replicasReceived, this, [this](const ReplicaList &list) {
        if (!isLive())
            return;
        logReplicaChanges(list.replicas);
        m_replicas.reset(list.replicas);
        touched();
    });
    connect(&m_client, &BrokerClient::statsReceived, this, [this](const StatsReport &stats) {
        if (!isLive())
            return;
        m_lastStats = stats;
        touched();
        emit statsReceived(stats);
    });
}

bool MonitorSession::start(const ConnectionSettings &connection, QString *error)
{
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    if (!connection.caFile.isEmpty()) {
        const QList<QSslCertificate> trusted = QSslCertificate::fromPath(connection.caFile);
        if (trusted.isEmpty()) {
            if (error)
                *error = u"no PEM certificate in %1"_s.arg(connection.caFile);
            return false;
        }
        ssl.addCaCertificates(trusted);
    }
    const QUrl &url = connection.url;
    m_connection = connection;
    m_client.close();
    m_users.clear();
    m_replicas.clear();
    m_shares.clear();
    m_accountAdmin.clear();
    m_audit.clear();
    m_lastStats.reset();
    m_lastUpdate = {};
    m_refusal.clear();
    m_lossReason.clear();
    m_client.setUrl(url);
    m_client.setBearerToken(connection.token);
    m_client.setSslConfiguration(ssl);
    m_log.add(QDateTime::currentDateTimeUtc(), u"connecting"_s, url.toString(QUrl::RemoveQuery));
    qCInfo(lcMonitor).noquote() << "connecting to" << url.toString(QUrl::RemoveQuery);
    setPhase(Phase::Connecting);
    m_client.open();
    return true;
}

void MonitorSession::stop()
{
    m_client.close();
    m_resubscribeTimer.stop();
    setPhase(Phase::Idle);
}

void MonitorSession::onConnected()
{
    m_lossReason.clear();
    subscribe();
}

void MonitorSession::subscribe()
{
    if (!m_client.isConnected())
        return;
    m_subscribeId = m_client.send(MonitorSubscribe{kMaxSharesPageSize});
    setPhase(Phase::Subscribing);
}

void MonitorSession::onDisconnected(const QString &reason)
{
    const bool wasLive = isLive();
    m_resubscribeTimer.stop();
    m_subscribeId.clear();
    m_pageId.clear();
    m_shares.pageFailed();
    m_lossReason = reason;
    if (wasLive || m_phase == Phase::Subscribing) {
        m_log.add(QDateTime::currentDateTimeUtc(), u"lost"_s, reason, Severity::Warning);
        qCWarning(lcMonitor).noquote() << "connection lost:" << reason;
    }
    for (auto it = m_pendingActions.cbegin(); it != m_pendingActions.cend(); ++it)
        emit actionFinished(false, u"%1: no answer, the connection was lost"_s.arg(it.value()));
    m_pendingActions.clear();
    if (m_phase != Phase::Idle)
        setPhase(Phase::Lost);
}

void MonitorSession::onSnapshot(const MonitorSnapshot &snapshot, const QString &messageId)
{
    if (messageId != m_subscribeId)
        return;
    m_users.reset(snapshot.users);
    m_replicas.reset(snapshot.replicas);
    m_shares.reset(snapshot.shares);
    m_lastStats = snapshot.stats;
    m_log.add(QDateTime::currentDateTimeUtc(), u"live"_s,
              u"%1 users online, %2 shares loaded%3"_s.arg(snapshot.users.size())
                  .arg(snapshot.shares.shares.size())
                  .arg(snapshot.shares.nextCursor ? u" (more as you scroll)"_s : QString()),
              Severity::Good);
    touched();
    setPhase(Phase::Live);
    m_accountAdmin.refresh();
    // The audit view runs its query again: rows committed while the monitor was away are in it.
    m_audit.refresh();
    emit statsReceived(snapshot.stats);
}

void MonitorSession::logReplicaChanges(const QList<ReplicaInfo> &replicas)
{
    for (const ReplicaInfo &replica : replicas) {
        const int row = m_replicas.rowOf(replica.replicaId);
        const bool wasLive = row >= 0 && m_replicas.replicaAt(row).live;
        if (wasLive && !replica.live)
            m_log.add(replica.leaseUntil, u"replica"_s,
                      u"%1 is dead: its lease ran out, its connections went offline"_s.arg(
                          replica.address),
                      Severity::Warning);
        else if (row < 0 && replica.live)
            m_log.add(replica.startedAt, u"replica"_s, u"%1 started"_s.arg(replica.address),
                      Severity::Good);
    }
}

void MonitorSession::onSharesPage(const SharesPage &page, const QString &messageId)
{
    if (messageId != m_pageId)
        return;
    m_pageId.clear();
    m_shares.appendPage(page);
}

void MonitorSession::onAck(const QString &messageId)
{
    const QString action = m_pendingActions.take(messageId);
    if (action.isEmpty())
        return;
    m_log.add(QDateTime::currentDateTimeUtc(), u"admin"_s, action);
    qCInfo(lcMonitor).noquote() << "done:" << action;
    emit actionFinished(true, action);
}

void MonitorSession::onError(const Error &error, const QString &messageId)
{
    if (messageId == m_subscribeId) {
        if (error.code == ErrorCode::Forbidden) {
            // Not an admin credential: asking again will not help.
            m_refusal = error.message;
            m_log.add(QDateTime::currentDateTimeUtc(), u"refused"_s, error.message,
                      Severity::Warning);
            setPhase(Phase::Refused);
        } else {
            m_log.add(QDateTime::currentDateTimeUtc(), u"error"_s, error.message,
                      Severity::Warning);
            m_resubscribeTimer.start();
        }
        return;
    }
    if (messageId == m_pageId) {
        m_pageId.clear();
        m_shares.pageFailed();
        m_log.add(QDateTime::currentDateTimeUtc(), u"error"_s,
                  u"the next page of shares: "_s + error.message, Severity::Warning);
        return;
    }
    const QString action = m_pendingActions.take(messageId);
    if (action.isEmpty())
        return;
    const QString message = u"%1 failed: %2"_s.arg(action, error.message);
    m_log.add(QDateTime::currentDateTimeUtc(), u"admin"_s, message, Severity::Warning);
    emit actionFinished(false, message);
}

void MonitorSession::revokeShare(const QString &token)
{
    const QString action = u"revoke %1"_s.arg(shareName(token));
    const QString id = m_client.send(AdminRevokeShare{token});
    if (id.isEmpty()) {
        emit actionFinished(false, action + u": not connected"_s);
        return;
    }
    m_pendingActions.insert(id, action);
}

void MonitorSession::disconnectUser(const QString &userId)
{
    const QString action = u"disconnect %1"_s.arg(userId);
    const QString id = m_client.send(AdminDisconnectUser{userId});
    if (id.isEmpty()) {
        emit actionFinished(false, action + u": not connected"_s);
        return;
    }
    m_pendingActions.insert(id, action);
}

QString MonitorSession::shareName(const QString &token) const
{
    const int row = m_shares.rowOf(token);
    if (row >= 0)
        return u"“%1”"_s.arg(m_shares.shareAt(row).metadata.title);
    return u"share %1…"_s.arg(token.left(6));
}

QString MonitorSession::statusText() const
{
    const QString where = m_client.url().toString(QUrl::RemoveQuery);
    switch (m_phase) {
    case Phase::Idle:
        return u"Not connected"_s;
    case Phase::Connecting:
        return u"Connecting to %1…"_s.arg(where);
    case Phase::Subscribing:
        return u"Connected to %1, loading…"_s.arg(where);
    case Phase::Live:
        return u"Live: %1"_s.arg(where);
    case Phase::Refused:
        return u"Refused by %1: %2"_s.arg(where, m_refusal);
    case Phase::Lost:
        break;
    }
    // Lost after having been live, or never connected to this broker at all.
    QString text = (m_lastUpdate.isValid() ? u"Connection lost: %1."_s : u"Cannot connect: %1."_s)
                       .arg(m_lossReason);
    if (m_client.state() == BrokerClient::State::Connecting)
        text += u" Reconnecting now (attempt %1)…"_s.arg(m_attempt);
    else if (m_client.state() == BrokerClient::State::WaitingToReconnect)
        text += u" Reconnecting in %1 s (attempt %2)."_s
                    .arg((m_nextAttempt.remainingTime() + 999) / 1000)
                    .arg(m_attempt);
    if (m_lastUpdate.isValid())
        text += u" Showing data as of %1, not live."_s.arg(display_text::time(m_lastUpdate));
    return text;
}

void MonitorSession::setPhase(Phase phase)
{
    if (m_phase != phase) {
        m_phase = phase;
        emit phaseChanged(phase);
    }
    emit statusChanged();
}

void MonitorSession::touched()
{
    m_lastUpdate = QDateTime::currentDateTimeUtc();
}

} // namespace ddalab::monitor
