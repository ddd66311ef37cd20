#pragma once

#include "storage/ShareStore.h"

namespace ddalab {

class TeamDirectory;

// A ShareStore whose team membership also comes from a TeamDirectory: a requester the registry
// does not list in a share's team is asked for in the directory's group of that team. Everything
// else goes to the store underneath unchanged.
class DirectoryShareStore final : public ShareStore
{
public:
    DirectoryShareStore(ShareStore &store, TeamDirectory &directory)
        : m_store(store), m_directory(directory)
    {
    }

    void publish(const ShareRecord &share, QObject *context,
                 std::function<void(const PublishResult &)> done) override;
    void revoke(const QString &token, const QString &ownerUserId, const QDateTime &revokedAt,
                QObject *context, std::function<void(const RevokeResult &)> done) override;
    void findShare(const QString &token, const QString &requesterId, QObject *context,
                   std::function<void(const LookupResult &)> done) override;
    void listOwnedShares(const QString &ownerUserId, int limit, QObject *context,
                         std::function<void(const ShareListResult &)> done) override;
    void revokeAsAdmin(const QString &token, const QDateTime &revokedAt, QObject *context,
                       std::function<void(const RevokeResult &)> done) override
    {
        m_store.revokeAsAdmin(token, revokedAt, context, std::move(done));
    }
    void listShares(const std::optional<ShareCursor> &after, int limit, QObject *context,
                    std::function<void(const SharePageResult &)> done) override
    {
        m_store.listShares(after, limit, context, std::move(done));
    }
    const StorageStats &stats() const override { return m_store.stats(); }

private:
    ShareStore &m_store;
    TeamDirectory &m_directory;
};

} // namespace ddalab
