#pragma once

#include <QString>
#include <QStringList>

namespace ddalab {

// Who may open a share. Tagged by `type` on the wire: public, team (team_id) or users (user_ids).
struct AccessPolicy
{
    enum class Kind { Public, Team, Users };

    Kind kind = Kind::Public;
    QString teamId;      // Kind::Team only
    QStringList userIds; // Kind::Users only

    static AccessPolicy makePublic() { return {}; }
    static AccessPolicy makeTeam(const QString &teamId) { return {Kind::Team, teamId, {}}; }
    static AccessPolicy makeUsers(const QStringList &userIds) { return {Kind::Users, {}, userIds}; }

    friend bool operator==(const AccessPolicy &, const AccessPolicy &) = default;
};

QString accessPolicyKindName(AccessPolicy::Kind kind);

} // namespace ddalab
