#pragma once

#include <QHash>
#include <QString>

#include <optional>

namespace ddalab {

// Grants issued recently, by (share token, requester, content id), so that a desktop asking
// again gets the same grant instead of costing another signature. Bounded: when full, entries
// past their reuse time go first, and if that frees nothing, all of them.
class GrantCache
{
public:
    explicit GrantCache(int maxEntries) : m_maxEntries(maxEntries) {}

    static QString keyOf(const QString &token, const QString &requesterId,
                         const QString &contentId);

    // The grant remembered under key, while nowMs is before its reuse time.
    std::optional<QString> find(const QString &key, qint64 nowMs) const;
    void remember(const QString &key, const QString &grant, qint64 reuseUntilMs, qint64 nowMs);
    // A new signing key: grants of the old one are not handed out again.
    void clear() { m_entries.clear(); }
    int size() const { return int(m_entries.size()); }

private:
    struct Entry
    {
        QString grant;
        qint64 reuseUntilMs = 0;
    };

    QHash<QString, Entry> m_entries;
    int m_maxEntries;
};

} // namespace ddalab
