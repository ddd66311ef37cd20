#include "websocket/MonitorWsHandler.h"

#include "logging/LogCategories.h"
#include "protocol/MessageCodec.h"
#include "replicas/Replication.h"
#include "services/AuditTrail.h"
#include "services/InstitutionService.h"
#include "services/MonitorService.h"
#include "services/PresenceService.h"
#include "services/ShareExpirySweeper.h"
#include "services/ShareService.h"
#include "websocket/Session.h"
#include "websocket/SessionRegistry.h"

#include <QPointer>

#include <algorithm>

namespace ddalab {

using namespace Qt::StringLiterals;
using namespace protocol;

MonitorWsHandler::MonitorWsHandler(MonitorService &monitor, PresenceService &presence,
                                   ShareService &shares, ShareExpirySweeper &expiry,
                                   const InstitutionService &institution, AuditTrail &audit,
                                   SessionRegistry &sessions, QObject *parent)
    : QObject(parent), m_monitor(monitor), m_institution(institution), m_audit(audit),
      m_sessions(sessions)
{
    connect(&presence, &PresenceService::connectionOnline, this,
            &MonitorWsHandler::connectionOnline);
    connect(&presence, &PresenceService::connectionOffline, this,
            &MonitorWsHandler::connectionOffline);
    connect(&presence, &PresenceService::heartbeatReceived, this,
            &MonitorWsHandler::heartbeatReceived);
    connect(&shares, &ShareService::sharePublished, this, &MonitorWsHandler::sharePublished);
    connect(&shares, &ShareService::shareUpdated, this, &MonitorWsHandler::shareUpdated);
    connect(&shares, &ShareService::shareRevoked, this, &MonitorWsHandler::shareRevoked);
    connect(&expiry, &ShareExpirySweeper::shareExpired, this, &MonitorWsHandler::shareExpired);
    connect(&monitor, &MonitorService::statsSampled, this, &MonitorWsHandler::statsSampled);
    connect(&institution, &InstitutionService::changed, this,
            &MonitorWsHandler::institutionChanged);
    connect(&audit, &AuditTrail::recorded, this, &MonitorWsHandler::auditRecorded);
}

void MonitorWsHandler::handle(Session &session, const MonitorSubscribe &message,
                              const ReplySink &reply)
{
    // Presence and stats are read now and the session subscribes now: every later change
    // queues behind the snapshot on this connection. The shares come from the database and may
    // already include a change whose event follows.
    MonitorSnapshot snapshot;
    snapshot.startedAt = m_monitor.startedAt();
    snapshot.users = onlineUsers();
    snapshot.stats = m_monitor.currentStats();
    snapshot.institution = m_institution.settings();
    if (m_replication)
        snapshot.replicas = m_replication->replicas();
    if (!m_sessions.isMonitor(&session)) {
        ++snapshot.stats.monitors; // counting this one
        m_sessions.addMonitor(&session);
        qCInfo(lcWs) << "connection" << session.id() << "subscribed to the monitor feed";
    }
    m_monitor.sharesPage(std::nullopt, message.pageSize, &session,
                         [this, session = QPointer(&session), reply,
                          snapshot = std::move(snapshot)](const SharePageResult &page) mutable {
                             if (page.status != SharePageResult::Status::Found) {
                                 if (session)
                                     m_sessions.removeMonitor(session.data());
                                 reply(Error{ErrorCode::StorageError,
                                             u"the shares could not be read; subscribe again"_s});
                                 return;
                             }
                             snapshot.shares = SharesPage{page.shares, page.nextCursor};
                             reply(snapshot);
                         });
}

void MonitorWsHandler::handle(Session &session, const MonitorSharesPage &message,
                              const ReplySink &reply)
{
    m_monitor.sharesPage(
        message.cursor, message.pageSize, &session, [reply](const SharePageResult &page) {
            if (page.status != SharePageResult::Status::Found)
                reply(Error{ErrorCode::StorageError, u"the shares could not be read"_s});
            else
                reply(SharesPage{page.shares, page.nextCursor});
        });
}

void MonitorWsHandler::handle(Session &session, const AdminAuditQuery &message,
                              const ReplySink &reply)
{
    m_audit.query(message.query, &session, [reply](const AuditPageResult &result) {
        if (result.status != AuditPageResult::Status::Found)
            reply(Error{ErrorCode::StorageError, u"the audit trail could not be read"_s});
        else
            reply(AuditPageReply{result.page});
    });
}

void MonitorWsHandler::auditRecorded(const AuditEntry &entry)
{
    // A flood of grants must not become a flood of frames to every monitor: the live tail
    // shows a sample beyond the cap, and says how many rows it left out.
    if (m_sessions.monitorCount() == 0)
        return;
    if (!m_auditSecond.isValid() || m_auditSecond.hasExpired(1000)) {
        m_auditSecond.start();
        m_auditPushed = 0;
    }
    if (m_auditPushed >= kMaxAuditEventsPerSecond) {
        ++m_auditSkipped;
        return;
    }
    ++m_auditPushed;
    broadcast(AuditEvent{entry, m_auditSkipped});
    m_auditSkipped = 0;
}

void MonitorWsHandler::statsSampled(const StatsReport &stats)
{
    broadcast(stats);
}

void MonitorWsHandler::institutionChanged(const InstitutionSettings &settings)
{
    broadcast(InstitutionConfig{settings});
}

void MonitorWsHandler::connectionOnline(const PresenceEntry &entry)
{
    broadcast(UserOnline{entry.userId, connectionInfo(entry), m_monitor.devicesOf(entry.userId)});
}

void MonitorWsHandler::connectionOffline(const PresenceEntry &entry, OfflineReason reason)
{
    broadcast(
        UserOffline{entry.userId, entry.connection, reason, m_monitor.devicesOf(entry.userId)});
}

void MonitorWsHandler::heartbeatReceived(const PresenceEntry &entry)
{
    broadcast(UserHeartbeat{entry.userId, entry.connection, entry.lastHeartbeat});
}

void MonitorWsHandler::sharePublished(const ShareRecord &share)
{
    broadcast(SharePublished{share});
}

void MonitorWsHandler::shareUpdated(const ShareRecord &share)
{
    const ShareMetadata &metadata = share.metadata;
    broadcast(ShareUpdated{share.token, metadata.title, metadata.description, metadata.accessPolicy,
                           metadata.contentType, metadata.classification, metadata.expiresAt,
                           metadata.maxDownloads});
}

void MonitorWsHandler::shareRevoked(const QString &token, const QDateTime &revokedAt, bool byAdmin)
{
    broadcast(ShareRevoked{token, revokedAt, byAdmin});
}

void MonitorWsHandler::shareExpired(const ExpiredShare &share)
{
    broadcast(ShareExpired{share.token, share.expiresAt});
}

void MonitorWsHandler::broadcast(const Event &event)
{
    if (m_sessions.monitorCount() == 0)
        return;
    m_sessions.pushToMonitors(MessageCodec::encodeEvent(event));
}

QList<OnlineUser> MonitorWsHandler::onlineUsers() const
{
    QHash<QString, OnlineUser> byUser;
    for (const PresenceEntry &entry : m_monitor.connections()) {
        OnlineUser &user = byUser[entry.userId];
        user.userId = entry.userId;
        user.connections.append(connectionInfo(entry));
    }
    QList<OnlineUser> users = byUser.values();
    std::sort(users.begin(), users.end(),
              [](const OnlineUser &a, const OnlineUser &b) { return a.userId < b.userId; });
    for (OnlineUser &user : users)
        std::sort(user.connections.begin(), user.connections.end(),
                  [](const ConnectionInfo &a, const ConnectionInfo &b) {
                      return a.connectionId < b.connectionId;
                  });
    return users;
}

ConnectionInfo MonitorWsHandler::connectionInfo(const PresenceEntry &entry) const
{
    const QString replica = entry.isRemote() ? entry.replicaAddress
                            : m_replication  ? m_replication->identity().address
                                             : QString();
    return {entry.connection, entry.endpoint, entry.registeredAt, entry.lastHeartbeat, replica};
}

void MonitorWsHandler::setReplication(const Replication *replication)
{
    m_replication = replication;
    connect(replication, &Replication::replicasRead, this,
            [this] { broadcast(ReplicaList{m_replication->replicas()}); });
}

} // namespace ddalab
