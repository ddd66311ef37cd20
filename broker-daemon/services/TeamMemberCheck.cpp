#include "services/TeamMemberCheck.h"

#include "directory/TeamDirectory.h"
#include "storage/TeamStore.h"

#include <QPointer>

namespace ddalab {

void TeamMemberCheck::isMember(const QString &teamId, const QString &userId, QObject *context,
                               std::function<void(Answer)> done)
{
    m_registry.findMember(
        teamId, userId, context,
        [this, teamId, userId, context = QPointer<QObject>(context),
         done = std::move(done)](const MemberLookupResult &registered) {
            if (registered.status == MemberLookupResult::Status::Failed) {
                done(Answer::Failed);
                return;
            }
            if (registered.status == MemberLookupResult::Status::Member || !m_directory) {
                done(registered.status == MemberLookupResult::Status::Member ? Answer::Member
                                                                             : Answer::NotMember);
                return;
            }
            if (!context)
                return;
            m_directory->membersOf(teamId, context,
                                   [userId, done](const TeamDirectoryResult &group) {
                                       // A directory that cannot be asked admits nobody.
                                       done(group.status == TeamDirectoryResult::Status::Found &&
                                                    group.members.contains(userId)
                                                ? Answer::Member
                                                : Answer::NotMember);
                                   });
        });
}

} // namespace ddalab
