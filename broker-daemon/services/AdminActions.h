#pragma once

#include "storage/StorageResults.h"

#include <QObject>
#include <QString>

#include <functional>

namespace ddalab {

class SessionRegistry;
class ShareService;

// What an administrator may do: revoke any share, end all of a user's connections. Each action
// is logged with the administrator's name (who the credential proves, never the credential).
class AdminActions
{
public:
    AdminActions(ShareService &shares, SessionRegistry &sessions)
        : m_shares(shares), m_sessions(sessions)
    {
    }

    void revokeShare(const QString &admin, const QString &token, QObject *context,
                     std::function<void(const RevokeResult &)> done);
    // How many connections of userId were closed (none: nobody by that id is connected).
    int disconnectUser(const QString &admin, const QString &userId);

private:
    ShareService &m_shares;
    SessionRegistry &m_sessions;
};

} // namespace ddalab
