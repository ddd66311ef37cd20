#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace ddalab {

class TeamDirectory;
class TeamStore;

// Whether a user belongs to a team, as the broker knows it: the team registry, and when an
// institution's directory is configured, also the directory's group of that team. The one place
// ShareService asks before it decides a team policy. Asked like the stores: the answer comes
// later on context's thread, not at all once context is gone.
class TeamMemberCheck
{
public:
    enum class Answer { Member, NotMember, Failed };

    // directory may be null (no LDAP_URL).
    TeamMemberCheck(TeamStore &registry, TeamDirectory *directory)
        : m_registry(registry), m_directory(directory)
    {
    }

    void isMember(const QString &teamId, const QString &userId, QObject *context,
                  std::function<void(Answer)> done);

private:
    TeamStore &m_registry;
    TeamDirectory *m_directory;
};

} // namespace ddalab
