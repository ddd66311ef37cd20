#pragma once

#include "domain/OfflineReason.h"
#include "domain/PresenceRegistry.h"
#include "protocol/Messages.h"
#include "websocket/ReplySink.h"

#include <QElapsedTimer>
#include <QObject>

namespace ddalab {

class Replication;

class InstitutionService;
class MonitorService;
class PresenceService;
class AuditTrail;
class Session;
class SessionRegistry;
class ShareExpirySweeper;
struct ExpiredShare;
class ShareService;

// The monitor feed of admin connections. monitor_subscribe answers with a snapshot (who is
// online, the newest shares, the current stats, the institution's settings) and from then on
// the connection gets every presence, share and settings change as it happens, the audit rows
// as they commit (at most kMaxAuditEventsPerSecond) and the stats once a second; admin_audit_query
// reads the audit trail. Events queue behind the snapshot on the connection, so a monitor never
// sees a change before the state it changes; an event may repeat what its snapshot already
// shows.
class MonitorWsHandler : public QObject
{
    Q_OBJECT
public:
    MonitorWsHandler(MonitorService &monitor, PresenceService &presence, ShareService &shares,
                     ShareExpirySweeper &expiry, const InstitutionService &institution,
                     AuditTrail &audit, SessionRegistry &sessions, QObject *parent = nullptr);

    void handle(Session &session, const protocol::MonitorSubscribe &message,
                const ReplySink &reply);
    void handle(Session &session, const protocol::MonitorSharesPage &message,
                const ReplySink &reply);
    void handle(Session &session, const protocol::AdminAuditQuery &message, const ReplySink &reply);

    // With PostgreSQL: the replicas are in the snapshot and pushed at each lease renewal, and
    // each connection names the replica that holds it.
    void setReplication(const Replication *replication);

private:
    void connectionOnline(const PresenceEntry &entry);
    void connectionOffline(const PresenceEntry &entry, OfflineReason reason);
    void heartbeatReceived(const PresenceEntry &entry);
    void sharePublished(const ShareRecord &share);
    void shareUpdated(const ShareRecord &share);
    void shareExpired(const ddalab::ExpiredShare &share);
    void shareRevoked(const QString &token, const QDateTime &revokedAt, bool byAdmin);
    void statsSampled(const protocol::StatsReport &stats);
    void institutionChanged(const InstitutionSettings &settings);
    // Pushes at most kMaxAuditEventsPerSecond rows a second; the others are counted.
    void auditRecorded(const AuditEntry &entry);

    void broadcast(const protocol::Event &event);
    QList<protocol::OnlineUser> onlineUsers() const;
    protocol::ConnectionInfo connectionInfo(const PresenceEntry &entry) const;

    MonitorService &m_monitor;
    const InstitutionService &m_institution;
    AuditTrail &m_audit;
    QElapsedTimer m_auditSecond; // since the first row pushed in the current second
    int m_auditPushed = 0;       // rows pushed in it
    quint64 m_auditSkipped = 0;  // rows not pushed since the last one that was
    SessionRegistry &m_sessions;
    const Replication *m_replication = nullptr;
};

} // namespace ddalab
