#include "services/GrantCache.h"

namespace ddalab {

QString GrantCache::keyOf(const QString &token, const QString &requesterId,
                          const QString &contentId)
{
    // The lengths of the first two parts keep any three parts from reading as another three.
    return QString::number(token.size()) + u':' + QString::number(requesterId.size()) + u':' +
           token + requesterId + contentId;
}

std::optional<QString> GrantCache::find(const QString &key, qint64 nowMs) const
{
    const auto it = m_entries.constFind(key);
    if (it == m_entries.cend() || nowMs >= it->reuseUntilMs)
        return std::nullopt;
    return it->grant;
}

void GrantCache::remember(const QString &key, const QString &grant, qint64 reuseUntilMs,
                          qint64 nowMs)
{
    if (m_maxEntries <= 0)
        return;
    if (m_entries.size() >= m_maxEntries && !m_entries.contains(key)) {
        m_entries.removeIf(
            [nowMs](const auto &entry) { return nowMs >= entry.value().reuseUntilMs; });
        if (m_entries.size() >= m_maxEntries)
            m_entries.clear();
    }
    m_entries.insert(key, Entry{grant, reuseUntilMs});
}

} // namespace ddalab
