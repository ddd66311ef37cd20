#pragma once

#include "config/Config.h"
#include "directory/TeamDirectory.h"

#include <QThread>

#include <memory>

namespace ddalab {

class LdapConnection;

// TeamDirectory on an LDAP server: the members of team T are those of the group that
// LDAP_GROUP_FILTER finds for T under LDAP_BASE_DN. The blocking directory calls run on a thread
// of their own, one after the other, so neither the network nor the storage thread waits.
class LdapTeamDirectory final : public TeamDirectory
{
public:
    explicit LdapTeamDirectory(const LdapSettings &settings);
    // Finishes the lookup in hand, then stops the thread.
    ~LdapTeamDirectory() override;

    void membersOf(const QString &teamId, QObject *context,
                   std::function<void(const TeamDirectoryResult &)> done) override;

private:
    QThread m_thread;
    QObject *m_threadContext;                     // lives on m_thread, deleted when it finishes
    std::unique_ptr<LdapConnection> m_connection; // used on m_thread only
};

} // namespace ddalab
