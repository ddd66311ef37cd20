#include "PresenceRegistry.h"

namespace ddalab {

PresenceRegistry::PresenceRegistry(const Clock &clock, std::chrono::seconds heartbeatTimeout)
    : m_clock(clock), m_timeout(heartbeatTimeout)
{
}

void PresenceRegistry::registerConnection(ConnectionId connection, const QString &userId,
                                          const QString &endpoint)
{
    const QDateTime now = m_clock.now();
    auto existing = m_entries.find(connection);
    if (existing != m_entries.end()) {
        if (existing->userId == userId && !existing->isRemote()) {
            existing->endpoint = endpoint;
            existing->lastHeartbeat = now;
            return;
        }
        detachFromUser(*existing);
        m_remoteCount -= existing->isRemote() ? 1 : 0;
        m_entries.erase(existing);
    }
    m_entries.insert(connection, PresenceEntry{connection, userId, endpoint, now, now, {}, {}});
    m_connectionsByUser[userId].append(connection);
}

bool PresenceRegistry::heartbeat(ConnectionId connection)
{
    auto it = m_entries.find(connection);
    if (it == m_entries.end())
        return false;
    it->lastHeartbeat = m_clock.now();
    return true;
}

std::optional<PresenceEntry> PresenceRegistry::remove(ConnectionId connection)
{
    auto it = m_entries.find(connection);
    if (it == m_entries.end())
        return std::nullopt;
    PresenceEntry entry = *it;
    m_entries.erase(it);
    detachFromUser(entry);
    m_remoteCount -= entry.isRemote() ? 1 : 0;
    return entry;
}

void PresenceRegistry::addRemote(const PresenceEntry &entry)
{
    remove(entry.connection);
    m_entries.insert(entry.connection, entry);
    m_connectionsByUser[entry.userId].append(entry.connection);
    ++m_remoteCount;
}

QList<PresenceEntry> PresenceRegistry::removeRemote(const QString &replicaId)
{
    QList<PresenceEntry> removed;
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it->isRemote() && (replicaId.isEmpty() || it->replicaId == replicaId)) {
            removed.append(*it);
            detachFromUser(*it);
            it = m_entries.erase(it);
        } else {
            ++it;
        }
    }
    m_remoteCount -= removed.size();
    return removed;
}

QList<PresenceEntry> PresenceRegistry::removeExpired()
{
    const QDateTime deadline = m_clock.now().addSecs(-m_timeout.count());
    QList<PresenceEntry> expired;
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (!it->isRemote() && it->lastHeartbeat < deadline) {
            expired.append(*it);
            detachFromUser(*it);
            it = m_entries.erase(it);
        } else {
            ++it;
        }
    }
    return expired;
}

const PresenceEntry *PresenceRegistry::find(ConnectionId connection) const
{
    auto it = m_entries.constFind(connection);
    return it == m_entries.cend() ? nullptr : &*it;
}

bool PresenceRegistry::isOnline(const QString &userId) const
{
    return m_connectionsByUser.contains(userId);
}

std::optional<PresenceEntry> PresenceRegistry::liveConnectionOf(const QString &userId) const
{
    std::optional<PresenceEntry> best;
    for (ConnectionId id : m_connectionsByUser.value(userId)) {
        const PresenceEntry &entry = m_entries[id];
        if (!best || entry.lastHeartbeat > best->lastHeartbeat)
            best = entry;
    }
    return best;
}

QList<PresenceEntry> PresenceRegistry::connectionsOf(const QString &userId) const
{
    QList<PresenceEntry> result;
    for (ConnectionId id : m_connectionsByUser.value(userId))
        result.append(m_entries[id]);
    return result;
}

QList<PresenceEntry> PresenceRegistry::allConnections() const
{
    return m_entries.values();
}

void PresenceRegistry::detachFromUser(const PresenceEntry &entry)
{
    auto it = m_connectionsByUser.find(entry.userId);
    if (it == m_connectionsByUser.end())
        return;
    it->removeOne(entry.connection);
    if (it->isEmpty())
        m_connectionsByUser.erase(it);
}

} // namespace ddalab
