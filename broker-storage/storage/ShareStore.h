#pragma once

#include "StorageResults.h"
#include "domain/AuditEntry.h"

#include <QObject>

#include <functional>

namespace ddalab {

// The shares, as the server sees them: asynchronous, with no SQL in sight. Each call returns
// without waiting for the database; its callback runs on the thread of `context` (a lookup
// answered from memory may run before the call returns), and not at all once `context` is
// gone. Writes are acknowledged only after their transaction committed. Calls from one thread
// are carried out in the order they were made.
// Every write takes the audit row of its change and commits it in the change's transaction: a
// publish's row is written when it created (its action) or updated (action share.updated) the
// share, a revocation's when it revoked it; the sweep writes share.expired for each share it
// marks.
class ShareStore
{
public:
    virtual ~ShareStore() = default;

    // Creates the share, or updates title, description and policy when the owner publishes
    // its own token again. Another owner's token, or a revoked one, is refused.
    virtual void publish(const ShareRecord &share, const AuditEntry &audit, QObject *context,
                         std::function<void(const PublishResult &)> done) = 0;
    virtual void revoke(const QString &token, const QString &ownerUserId,
                        const QDateTime &revokedAt, const AuditEntry &audit, QObject *context,
                        std::function<void(const RevokeResult &)> done) = 0;
    // The share by its token, revoked or not. Who may see it is not the store's to decide.
    virtual void findShare(const QString &token, QObject *context,
                           std::function<void(const LookupResult &)> done) = 0;
    // At most `limit` of the owner's shares that are not revoked, newest first.
    virtual void listOwnedShares(const QString &ownerUserId, int limit, QObject *context,
                                 std::function<void(const ShareListResult &)> done) = 0;

    // An administrator's revocation: whoever owns the share (NotOwner never comes back).
    virtual void revokeAsAdmin(const QString &token, const QDateTime &revokedAt,
                               const AuditEntry &audit, QObject *context,
                               std::function<void(const RevokeResult &)> done) = 0;
    // Up to `limit` shares newest first, revoked ones included; after `after` when given.
    virtual void listShares(const std::optional<ShareCursor> &after, int limit, QObject *context,
                            std::function<void(const SharePageResult &)> done) = 0;
    // Adds counted accesses (granted requests) to the shares, with the next group commit.
    virtual void addAccesses(const QList<ShareAccessCount> &accesses, QObject *context,
                             std::function<void(const AccessCountResult &)> done) = 0;
    // Marks up to `limit` live shares that expired by `now` and were not marked before, and
    // returns them: each expiry is reported once, across restarts too.
    virtual void sweepExpired(const QDateTime &now, int limit, QObject *context,
                              std::function<void(const ExpirySweepResult &)> done) = 0;
    // Deletes up to `limit` shares revoked or expired before `before`.
    virtual void purgeEnded(const QDateTime &before, int limit, QObject *context,
                            std::function<void(const SharePurgeResult &)> done) = 0;
};

} // namespace ddalab
