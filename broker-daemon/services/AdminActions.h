#pragma once

#include "domain/AuditEntry.h"
#include "storage/StorageResults.h"

#include <QObject>
#include <QString>

#include <functional>

namespace ddalab {

class AuditTrail;
class ReplicaStore;
class SessionRegistry;
class ShareService;

// What an administrator may do: revoke any share, end all of a user's connections (on every
// replica: the others hear of it through the outbox). Each action is logged with the
// administrator's name (who the credential proves, never the credential) and recorded in the
// audit trail.
class AdminActions
{
public:
    // replicas: nullptr when this daemon is the only one (SQLite).
    AdminActions(ShareService &shares, SessionRegistry &sessions, AuditTrail &audit,
                 ReplicaStore *replicas)
        : m_shares(shares), m_sessions(sessions), m_audit(audit), m_replicas(replicas)
    {
    }

    void revokeShare(const AuditActor &admin, const QString &token, QObject *context,
                     std::function<void(const RevokeResult &)> done);
    // How many connections of userId were closed here (none: nobody by that id is connected
    // to this replica).
    int disconnectUser(const AuditActor &admin, const QString &userId);

private:
    ShareService &m_shares;
    SessionRegistry &m_sessions;
    AuditTrail &m_audit;
    ReplicaStore *m_replicas;
};

} // namespace ddalab
