#pragma once

#include "directory/TeamDirectory.h"
#include "domain/Clock.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

#include <chrono>

namespace ddalab {

// A TeamDirectory in front of another that keeps each team's members for a while, so that share
// requests do not each cost a directory search, and asks once for all callers that wait for the
// same team. Failures are not kept. Lives on the network thread.
class CachedTeamDirectory : public QObject, public TeamDirectory
{
    Q_OBJECT
public:
    // The most teams kept at once; past it the oldest answers go first.
    static constexpr qsizetype kMaxTeams = 10000;

    CachedTeamDirectory(TeamDirectory &directory, const Clock &clock, std::chrono::seconds keepFor,
                        QObject *parent = nullptr);

    void membersOf(const QString &teamId, QObject *context,
                   std::function<void(const TeamDirectoryResult &)> done) override;

private:
    struct Entry
    {
        QSet<QString> members;
        QDateTime fetchedAt;
    };
    struct Waiter
    {
        QPointer<QObject> context;
        std::function<void(const TeamDirectoryResult &)> done;
    };
    void answered(const QString &teamId, const TeamDirectoryResult &result);
    void keep(const QString &teamId, const QSet<QString> &members);

    TeamDirectory &m_directory;
    const Clock &m_clock;
    std::chrono::seconds m_keepFor;
    QHash<QString, Entry> m_entries;
    QHash<QString, QList<Waiter>> m_waiting; // teams asked for and not answered yet
};

} // namespace ddalab
