#pragma once

#include "ShareStore.h"

#include <QCache>
#include <QHash>
#include <QObject>

namespace ddalab {

// Share metadata by token in memory, in front of another ShareStore: lookups of cached tokens
// answer at once, without a trip to the storage thread; publish and revoke write through and
// update the cache once the database committed. While a write for a token is in flight,
// lookups of that token go through the store behind, in order, so nobody reads a cached value
// that a write already queued ahead of them replaces. Team membership is never cached: lookups
// of team-policy shares always ask the store, so removing a member takes effect at once.
// Network thread only.
class CachingShareStore final : public QObject, public ShareStore
{
    Q_OBJECT
public:
    CachingShareStore(ShareStore &store, int maxEntries, QObject *parent = nullptr);

    void publish(const ShareRecord &share, QObject *context,
                 std::function<void(const PublishResult &)> done) override;
    void revoke(const QString &token, const QString &ownerUserId, const QDateTime &revokedAt,
                QObject *context, std::function<void(const RevokeResult &)> done) override;
    void findShare(const QString &token, const QString &requesterId, QObject *context,
                   std::function<void(const LookupResult &)> done) override;
    void listOwnedShares(const QString &ownerUserId, int limit, QObject *context,
                         std::function<void(const ShareListResult &)> done) override;
    void revokeAsAdmin(const QString &token, const QDateTime &revokedAt, QObject *context,
                       std::function<void(const RevokeResult &)> done) override;
    void listShares(const std::optional<ShareCursor> &after, int limit, QObject *context,
                    std::function<void(const SharePageResult &)> done) override;
    const StorageStats &stats() const override { return m_store.stats(); }

private:
    void writeStarted(const QString &token) { ++m_writesInFlight[token]; }
    void writeFinished(const QString &token);
    // A revocation that committed: cached copies show it from now on.
    void revoked(const QString &token, const QDateTime &revokedAt);

    ShareStore &m_store;
    QCache<QString, ShareRecord> m_cache;
    QHash<QString, int> m_writesInFlight;
};

} // namespace ddalab
