#pragma once

#include "domain/ShareMetadata.h"

#include <QCache>
#include <QHash>
#include <QString>

namespace ddalab {

// Share metadata by token in memory, so that lookups of known tokens need no trip to the storage
// thread. ShareService keeps it: it remembers what it read, and applies its own writes once the
// database committed them. While a write for a token is in flight the token is not answered from
// here, so nobody reads a cached value that a write already queued ahead of them replaces.
// Membership of teams is never kept here: team policies are decided at each request.
// Network thread only.
class ShareCache
{
public:
    // maxEntries 0: the cache keeps nothing.
    explicit ShareCache(int maxEntries) : m_shares(maxEntries) {}

    // The share as last read or written, unless a write for it is in flight.
    const ShareRecord *find(const QString &token) const;
    // A share read from the database, unless a write for it started meanwhile, or another
    // replica changed a share since the read began (at `epoch`).
    void remember(const ShareRecord &share, quint64 epoch);
    quint64 epoch() const { return m_epoch; }
    // Another replica changed the share: the next lookup reads it again.
    void forget(const QString &token);
    // Changes of other replicas may have been missed: everything is read again.
    void clear();

    void writeStarted(const QString &token) { ++m_writesInFlight[token]; }
    void writeFinished(const QString &token);
    void published(const ShareRecord &share);
    // The owner published its token again: title, description and policy are the new ones.
    void updated(const ShareRecord &share);
    void revoked(const QString &token, const QDateTime &revokedAt);
    // A granted request of a cached share: its usage counts it; nullptr when it is not cached.
    const ShareUsage *countAccess(const QString &token, const QDateTime &at);

private:
    QCache<QString, ShareRecord> m_shares;
    QHash<QString, int> m_writesInFlight;
    quint64 m_epoch = 0; // counts forget() and clear(): reads begun before one may be stale
};

} // namespace ddalab
