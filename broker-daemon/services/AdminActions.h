#pragma once

#include "domain/AuditEntry.h"
#include "storage/StorageResults.h"

#include <QObject>
#include <QString>

#include <functional>

namespace ddalab {

class AuditTrail;
class SessionRegistry;
class ShareService;

// What an administrator may do: revoke any share, end all of a user's connections. Each action
// is logged with the administrator's name (who the credential proves, never the credential) and
// recorded in the audit trail.
class AdminActions
{
public:
    AdminActions(ShareService &shares, SessionRegistry &sessions, AuditTrail &audit)
        : m_shares(shares), m_sessions(sessions), m_audit(audit)
    {
    }

    void revokeShare(const AuditActor &admin, const QString &token, QObject *context,
                     std::function<void(const RevokeResult &)> done);
    // How many connections of userId were closed (none: nobody by that id is connected).
    int disconnectUser(const AuditActor &admin, const QString &userId);

private:
    ShareService &m_shares;
    SessionRegistry &m_sessions;
    AuditTrail &m_audit;
};

} // namespace ddalab
