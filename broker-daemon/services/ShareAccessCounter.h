#pragma once

#include "domain/ShareMetadata.h"
#include "storage/StorageResults.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <chrono>

namespace ddalab {

class ShareStore;

// Counts granted requests of shares in memory and writes the counts once a second, so that a
// request costs no database round trip of its own: the write joins the next group commit. What
// was counted since the last write is lost if the process dies (at most the last second's
// counts, never a share); failed writes are tried again with the next ones. Everything still
// counted is written when the counter goes (at shutdown, before the database closes).
// Network thread only.
class ShareAccessCounter : public QObject
{
    Q_OBJECT
public:
    // The most shares whose counts wait at once; a database that stays away for long loses the
    // counts of shares beyond it rather than letting them grow without bound.
    static constexpr qsizetype kMaxWaiting = 100000;

    ShareAccessCounter(ShareStore &store, std::chrono::milliseconds interval,
                       QObject *parent = nullptr);
    ~ShareAccessCounter() override;

    void count(const QString &token, const QDateTime &at);
    // usage as the database has it, with the accesses of token counted and not yet handed to
    // it: what every reply shows.
    ShareUsage withWaiting(const QString &token, ShareUsage usage) const;

    // Hands what is counted to the database.
    void write();

private:
    void add(const ShareAccessCount &access);

    ShareStore &m_store;
    QHash<QString, ShareAccessCount> m_waiting;
    QTimer m_timer;
};

} // namespace ddalab
