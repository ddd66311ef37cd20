#pragma once

#include "config/Config.h"
#include "directory/TeamDirectory.h"

#include <optional>

struct ldap;

namespace ddalab {

// One connection to the LDAP directory through OpenLDAP's client library, with blocking calls:
// used on the directory's own thread only. Connects (and binds) on first use and again after a
// failure.
class LdapConnection
{
public:
    explicit LdapConnection(LdapSettings settings);
    ~LdapConnection();
    LdapConnection(const LdapConnection &) = delete;
    LdapConnection &operator=(const LdapConnection &) = delete;

    // The user ids in the group the group filter finds for teamId (none found: an empty set).
    TeamDirectoryResult membersOf(const QString &teamId);
    // Whether userId's entry accepts password (a simple bind as that entry, on a connection of
    // its own); false for unknown users and empty passwords; nullopt when the directory failed.
    std::optional<bool> checkPassword(const QString &userId, const QByteArray &password);

private:
    bool connect(QString *error);
    void disconnect();
    // One attempt on the current connection; nullopt with error set when it failed.
    std::optional<QSet<QString>> searchMembers(const QString &teamId, QString *error);
    // The value of the user attribute in the entry at dn, if it has one.
    std::optional<QString> userIdOf(const QByteArray &dn, QString *error);
    // The entry userId's filter finds, if exactly one.
    std::optional<QByteArray> userEntryOf(const QString &userId, QString *error);
    QString groupFilterFor(const QString &teamId) const;

    LdapSettings m_settings;
    struct ldap *m_ldap = nullptr;
};

} // namespace ddalab
