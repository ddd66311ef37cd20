#include "directory/CachedTeamDirectory.h"

#include <QPointer>

#include <algorithm>

namespace ddalab {

CachedTeamDirectory::CachedTeamDirectory(TeamDirectory &directory, const Clock &clock,
                                         std::chrono::seconds keepFor, QObject *parent)
    : QObject(parent), m_directory(directory), m_clock(clock), m_keepFor(keepFor)
{
}

void CachedTeamDirectory::membersOf(const QString &teamId, QObject *context,
                                    std::function<void(const TeamDirectoryResult &)> done)
{
    const auto cached = m_entries.constFind(teamId);
    if (cached != m_entries.cend() &&
        cached->fetchedAt.addSecs(m_keepFor.count()) > m_clock.now()) {
        // Answered later, like an uncached answer, so callers see one behaviour.
        QMetaObject::invokeMethod(
            context,
            [done, result = TeamDirectoryResult{TeamDirectoryResult::Status::Found,
                                                cached->members,
                                                {}}] { done(result); },
            Qt::QueuedConnection);
        return;
    }
    QList<Waiter> &waiters = m_waiting[teamId];
    waiters.append(Waiter{context, std::move(done)});
    if (waiters.size() > 1)
        return;
    m_directory.membersOf(teamId, this, [this, teamId](const TeamDirectoryResult &result) {
        answered(teamId, result);
    });
}

void CachedTeamDirectory::answered(const QString &teamId, const TeamDirectoryResult &result)
{
    if (result.status == TeamDirectoryResult::Status::Found && m_keepFor.count() > 0)
        keep(teamId, result.members);
    const QList<Waiter> waiters = m_waiting.take(teamId);
    for (const Waiter &waiter : waiters) {
        if (waiter.context)
            waiter.done(result);
    }
}

void CachedTeamDirectory::keep(const QString &teamId, const QSet<QString> &members)
{
    const QDateTime now = m_clock.now();
    if (m_entries.size() >= kMaxTeams) {
        // Expired answers go first, then the oldest half.
        m_entries.removeIf([&](const auto &entry) {
            return entry.value().fetchedAt.addSecs(m_keepFor.count()) <= now;
        });
        if (m_entries.size() >= kMaxTeams) {
            QList<QDateTime> times;
            for (const Entry &entry : std::as_const(m_entries))
                times.append(entry.fetchedAt);
            std::nth_element(times.begin(), times.begin() + times.size() / 2, times.end());
            const QDateTime median = times[times.size() / 2];
            m_entries.removeIf(
                [&](const auto &entry) { return entry.value().fetchedAt <= median; });
        }
    }
    m_entries.insert(teamId, Entry{members, now});
}

} // namespace ddalab
