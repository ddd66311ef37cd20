#include "auth/LoginThrottle.h"

#include <algorithm>

namespace ddalab {

std::chrono::seconds LoginThrottle::waitIn(const Table &table, const QString &key, int allowed,
                                           const QDateTime &now) const
{
    const auto it = table.constFind(key);
    if (it == table.cend() || it->count < allowed || it->last.secsTo(now) >= kForgetAfter.count())
        return std::chrono::seconds(0);
    const int doublings = std::min(it->count - allowed, 10); // 2^10 s is past the maximum
    const std::chrono::seconds backoff =
        std::min(std::chrono::seconds(qint64(1) << doublings), kMaxWait);
    const qint64 waited = it->last.secsTo(now);
    return std::chrono::seconds(std::max<qint64>(0, backoff.count() - waited));
}

std::chrono::seconds LoginThrottle::waitFor(const QString &userId, const QString &address) const
{
    const QDateTime now = m_clock.now();
    return std::max(waitIn(m_accounts, userId, m_failuresPerAccount, now),
                    waitIn(m_addresses, address, m_failuresPerAddress, now));
}

void LoginThrottle::count(Table &table, const QString &key, const QDateTime &now)
{
    if (table.size() >= kMaxEntries && !table.contains(key)) {
        table.removeIf([&](const auto &entry) {
            return entry.value().last.secsTo(now) >= kForgetAfter.count();
        });
        if (table.size() >= kMaxEntries) {
            const auto oldest = std::min_element(
                table.begin(), table.end(),
                [](const Failures &a, const Failures &b) { return a.last < b.last; });
            table.erase(oldest);
        }
    }
    Failures &failures = table[key];
    if (failures.last.isValid() && failures.last.secsTo(now) >= kForgetAfter.count())
        failures.count = 0;
    ++failures.count;
    failures.last = now;
}

void LoginThrottle::failed(const QString &userId, const QString &address)
{
    const QDateTime now = m_clock.now();
    count(m_accounts, userId, now);
    count(m_addresses, address, now);
}

void LoginThrottle::succeeded(const QString &userId)
{
    m_accounts.remove(userId);
}

} // namespace ddalab
