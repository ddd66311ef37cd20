#include "services/ShareAccessCounter.h"

#include "logging/LogCategories.h"
#include "storage/ShareStore.h"

namespace ddalab {

ShareAccessCounter::ShareAccessCounter(ShareStore &store, std::chrono::milliseconds interval,
                                       QObject *parent)
    : QObject(parent), m_store(store)
{
    m_timer.setInterval(interval);
    connect(&m_timer, &QTimer::timeout, this, &ShareAccessCounter::write);
    m_timer.start();
}

ShareAccessCounter::~ShareAccessCounter()
{
    write();
}

void ShareAccessCounter::count(const QString &token, const QDateTime &at)
{
    add(ShareAccessCount{token, 1, at});
}

ShareUsage ShareAccessCounter::withWaiting(const QString &token, ShareUsage usage) const
{
    const auto it = m_waiting.constFind(token);
    if (it == m_waiting.cend())
        return usage;
    usage.downloadCount += it->count;
    if (!usage.lastAccessedAt || *usage.lastAccessedAt < it->lastAccessedAt)
        usage.lastAccessedAt = it->lastAccessedAt;
    return usage;
}

void ShareAccessCounter::add(const ShareAccessCount &access)
{
    auto it = m_waiting.find(access.token);
    if (it != m_waiting.end()) {
        it->count += access.count;
        it->lastAccessedAt = std::max(it->lastAccessedAt, access.lastAccessedAt);
    } else if (m_waiting.size() < kMaxWaiting) {
        m_waiting.insert(access.token, access);
    }
}

void ShareAccessCounter::write()
{
    if (m_waiting.isEmpty())
        return;
    const QList<ShareAccessCount> accesses = m_waiting.values();
    m_waiting.clear();
    m_store.addAccesses(accesses, this, [this, accesses](const AccessCountResult &result) {
        if (result.status == AccessCountResult::Status::Written)
            return;
        qCWarning(lcShares).noquote() << "download counts of" << accesses.size()
                                      << "shares not written; trying again:" << result.error;
        for (const ShareAccessCount &access : accesses)
            add(access);
    });
}

} // namespace ddalab
