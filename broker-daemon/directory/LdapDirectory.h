#pragma once

#include "config/Config.h"
#include "directory/TeamDirectory.h"

#include <QThread>

#include <memory>

namespace ddalab {

class LdapConnection;

// The institution's LDAP server: a TeamDirectory (the members of team T are those of the group
// that LDAP_GROUP_FILTER finds for T under LDAP_BASE_DN), and for PASSWORD_SOURCE=ldap the check
// of a user's password by binding as the user's entry. The blocking directory calls run on a
// thread of their own, one after the other, so neither the network nor the storage thread
// waits.
class LdapDirectory final : public TeamDirectory
{
public:
    enum class PasswordCheck { Accepted, Refused, Failed };

    explicit LdapDirectory(const LdapSettings &settings);
    // Finishes the lookup in hand, then stops the thread.
    ~LdapDirectory() override;

    void membersOf(const QString &teamId, QObject *context,
                   std::function<void(const TeamDirectoryResult &)> done) override;
    // Whether the directory's entry for userId (LDAP_USER_FILTER under LDAP_USER_BASE_DN)
    // accepts password: Refused also for unknown users and empty passwords.
    void checkPassword(const QString &userId, const QByteArray &password, QObject *context,
                       std::function<void(PasswordCheck)> done);

private:
    // On the thread that made the directory: answers are delivered there. Declared first, so it
    // goes last, after the thread has stopped.
    std::unique_ptr<QObject> m_replies;
    QThread m_thread;
    QObject *m_threadContext;                     // lives on m_thread, deleted when it finishes
    std::unique_ptr<LdapConnection> m_connection; // used on m_thread only
};

} // namespace ddalab
