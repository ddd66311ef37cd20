#include "services/ShareCache.h"

namespace ddalab {

const ShareRecord *ShareCache::find(const QString &token) const
{
    if (m_writesInFlight.contains(token))
        return nullptr;
    return m_shares.object(token);
}

void ShareCache::remember(const ShareRecord &share, quint64 epoch)
{
    if (epoch == m_epoch && !m_writesInFlight.contains(share.token))
        m_shares.insert(share.token, new ShareRecord(share));
}

void ShareCache::forget(const QString &token)
{
    ++m_epoch;
    m_shares.remove(token);
}

void ShareCache::clear()
{
    ++m_epoch;
    m_shares.clear();
}

void ShareCache::writeFinished(const QString &token)
{
    auto it = m_writesInFlight.find(token);
    if (it != m_writesInFlight.end() && --*it <= 0)
        m_writesInFlight.erase(it);
}

void ShareCache::published(const ShareRecord &share)
{
    m_shares.insert(share.token, new ShareRecord(share));
}

void ShareCache::updated(const ShareRecord &share)
{
    // An update changes what the owner may change; the rest stays as first stored.
    if (ShareRecord *cached = m_shares.object(share.token)) {
        cached->metadata.title = share.metadata.title;
        cached->metadata.description = share.metadata.description;
        cached->metadata.accessPolicy = share.metadata.accessPolicy;
        cached->metadata.contentType = share.metadata.contentType;
        cached->metadata.classification = share.metadata.classification;
        cached->metadata.expiresAt = share.metadata.expiresAt;
        cached->metadata.maxDownloads = share.metadata.maxDownloads;
    }
}

const ShareUsage *ShareCache::countAccess(const QString &token, const QDateTime &at)
{
    ShareRecord *cached = m_shares.object(token);
    if (!cached)
        return nullptr;
    ++cached->usage.downloadCount;
    cached->usage.lastAccessedAt = at;
    return &cached->usage;
}

void ShareCache::revoked(const QString &token, const QDateTime &revokedAt)
{
    if (ShareRecord *cached = m_shares.object(token))
        cached->revokedAt = revokedAt;
}

} // namespace ddalab
