#include "CachingShareStore.h"

#include <QPointer>

namespace ddalab {

CachingShareStore::CachingShareStore(ShareStore &store, int maxEntries, QObject *parent)
    : QObject(parent), m_store(store), m_cache(maxEntries)
{
}

void CachingShareStore::writeFinished(const QString &token)
{
    auto it = m_writesInFlight.find(token);
    if (it != m_writesInFlight.end() && --*it <= 0)
        m_writesInFlight.erase(it);
}

void CachingShareStore::publish(const ShareRecord &share, QObject *context,
                                std::function<void(const PublishResult &)> done)
{
    writeStarted(share.token);
    m_store.publish(share, this,
                    [this, share, context = QPointer<QObject>(context),
                     done = std::move(done)](const PublishResult &result) {
                        writeFinished(share.token);
                        if (result.status == PublishResult::Status::Created) {
                            m_cache.insert(share.token, new ShareRecord(share));
                        } else if (result.status == PublishResult::Status::Updated) {
                            // An update changes what the owner may change; the rest stays as first
                            // stored.
                            if (ShareRecord *cached = m_cache.object(share.token)) {
                                cached->metadata.title = share.metadata.title;
                                cached->metadata.description = share.metadata.description;
                                cached->metadata.accessPolicy = share.metadata.accessPolicy;
                            }
                        }
                        if (context)
                            done(result);
                    });
}

void CachingShareStore::revoke(const QString &token, const QString &ownerUserId,
                               const QDateTime &revokedAt, QObject *context,
                               std::function<void(const RevokeResult &)> done)
{
    writeStarted(token);
    m_store.revoke(token, ownerUserId, revokedAt, this,
                   [this, token, revokedAt, context = QPointer<QObject>(context),
                    done = std::move(done)](const RevokeResult &result) {
                       writeFinished(token);
                       if (result.status == RevokeResult::Status::Revoked)
                           revoked(token, revokedAt);
                       if (context)
                           done(result);
                   });
}

void CachingShareStore::revokeAsAdmin(const QString &token, const QDateTime &revokedAt,
                                      QObject *context,
                                      std::function<void(const RevokeResult &)> done)
{
    writeStarted(token);
    m_store.revokeAsAdmin(token, revokedAt, this,
                          [this, token, revokedAt, context = QPointer<QObject>(context),
                           done = std::move(done)](const RevokeResult &result) {
                              writeFinished(token);
                              if (result.status == RevokeResult::Status::Revoked)
                                  revoked(token, revokedAt);
                              if (context)
                                  done(result);
                          });
}

void CachingShareStore::revoked(const QString &token, const QDateTime &revokedAt)
{
    if (ShareRecord *cached = m_cache.object(token))
        cached->revokedAt = revokedAt;
}

void CachingShareStore::listShares(const std::optional<ShareCursor> &after, int limit,
                                   QObject *context,
                                   std::function<void(const SharePageResult &)> done)
{
    m_store.listShares(after, limit, context, std::move(done));
}

void CachingShareStore::findShare(const QString &token, const QString &requesterId,
                                  QObject *context, std::function<void(const LookupResult &)> done)
{
    if (!m_writesInFlight.contains(token)) {
        const ShareRecord *cached = m_cache.object(token);
        if (cached && cached->metadata.accessPolicy.kind != AccessPolicy::Kind::Team) {
            done(LookupResult{LookupResult::Status::Found, *cached, {}});
            return;
        }
    }
    m_store.findShare(token, requesterId, this,
                      [this, token, context = QPointer<QObject>(context),
                       done = std::move(done)](const LookupResult &result) {
                          if (result.status == LookupResult::Status::Found &&
                              !m_writesInFlight.contains(token))
                              m_cache.insert(token, new ShareRecord(result.share));
                          if (context)
                              done(result);
                      });
}

void CachingShareStore::listOwnedShares(const QString &ownerUserId, int limit, QObject *context,
                                        std::function<void(const ShareListResult &)> done)
{
    m_store.listOwnedShares(ownerUserId, limit, context, std::move(done));
}

} // namespace ddalab
