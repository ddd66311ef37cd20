#include "DirectoryShareStore.h"

#include "TeamDirectory.h"
#include "logging/LogCategories.h"

#include <QPointer>

namespace ddalab {

void DirectoryShareStore::publish(const ShareRecord &share, QObject *context,
                                  std::function<void(const PublishResult &)> done)
{
    m_store.publish(share, context, std::move(done));
}

void DirectoryShareStore::revoke(const QString &token, const QString &ownerUserId,
                                 const QDateTime &revokedAt, QObject *context,
                                 std::function<void(const RevokeResult &)> done)
{
    m_store.revoke(token, ownerUserId, revokedAt, context, std::move(done));
}

void DirectoryShareStore::findShare(const QString &token, const QString &requesterId,
                                    QObject *context,
                                    std::function<void(const LookupResult &)> done)
{
    m_store.findShare(
        token, requesterId, context,
        [this, requesterId, context = QPointer<QObject>(context), done](const LookupResult &found) {
            const AccessPolicy &policy = found.share.metadata.accessPolicy;
            const bool askDirectory =
                found.status == LookupResult::Status::Found && !found.share.isRevoked() &&
                policy.kind == AccessPolicy::Kind::Team && !requesterId.isEmpty() &&
                !found.requesterInTeam && requesterId != found.share.metadata.ownerUserId;
            if (!askDirectory || !context) {
                done(found);
                return;
            }
            m_directory.membersOf(policy.teamId, context,
                                  [found, requesterId, done](const TeamDirectoryResult &group) {
                                      LookupResult result = found;
                                      // A directory that cannot be asked admits nobody.
                                      result.requesterInTeam =
                                          group.status == TeamDirectoryResult::Status::Found &&
                                          group.members.contains(requesterId);
                                      done(result);
                                  });
        });
}

void DirectoryShareStore::listOwnedShares(const QString &ownerUserId, int limit, QObject *context,
                                          std::function<void(const ShareListResult &)> done)
{
    m_store.listOwnedShares(ownerUserId, limit, context, std::move(done));
}

} // namespace ddalab
