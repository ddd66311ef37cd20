#include "services/AdminActions.h"

#include "domain/AuditAction.h"
#include "logging/LogCategories.h"
#include "services/AuditTrail.h"
#include "services/ShareService.h"
#include "storage/Announcement.h"
#include "storage/ReplicaStore.h"
#include "websocket/SessionRegistry.h"

namespace ddalab {

using namespace Qt::StringLiterals;

void AdminActions::revokeShare(const AuditActor &admin, const QString &token, QObject *context,
                               std::function<void(const RevokeResult &)> done)
{
    m_shares.revokeAsAdmin(admin, token, context, std::move(done));
}

int AdminActions::disconnectUser(const AuditActor &admin, const QString &userId)
{
    const int closed = m_sessions.closeConnectionsOf(userId, u"disconnected by an administrator"_s);
    if (m_replicas)
        m_replicas->announce(announcement::userDisconnected(userId), nullptr,
                             [](const ReplicaWriteResult &) {});
    if (closed > 0)
        qCInfo(lcWs).noquote() << "disconnected" << userId << "(" << closed
                               << (closed == 1 ? "connection" : "connections")
                               << ") as administrator:" << admin.forLog();
    m_audit.record(m_audit.entry(AuditAction::AdminUserDisconnected, admin, userId,
                                 AuditOutcome::Success, {{"connections"_L1, closed}}));
    return closed;
}

} // namespace ddalab
