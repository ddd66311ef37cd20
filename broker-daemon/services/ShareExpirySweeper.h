#pragma once

#include "domain/Clock.h"
#include "storage/StorageResults.h"

#include <QObject>
#include <QTimer>

#include <chrono>

namespace ddalab {

class ShareStore;

// Finds the shares that expired since it last looked and announces each once (the monitor shows
// "expired"), and deletes shares that ended longer ago than the retention. Lookups never wait for
// it: ShareService refuses an expired share by its expires_at at once. Runs on a timer, a batch
// at a time, so a million shares expiring together never make one huge transaction.
class ShareExpirySweeper : public QObject
{
    Q_OBJECT
public:
    static constexpr int kBatch = 500;
    // Purging is rarer than sweeping: ended rows only need to go eventually.
    static constexpr std::chrono::hours kPurgeInterval{1};

    ShareExpirySweeper(ShareStore &store, const Clock &clock, std::chrono::seconds interval,
                       int retentionDays, QObject *parent = nullptr);

    void start();
    // One sweep now (and a purge when one is due); swept() follows when it is done.
    void sweepNow();
    void setInterval(std::chrono::seconds interval) { m_timer.setInterval(interval); }
    void setRetentionDays(int days) { m_retentionDays = days; }

signals:
    void shareExpired(const ddalab::ExpiredShare &share);
    // A sweep finished: how many shares it found expired and how many it purged (-1: the
    // database failed).
    void swept(int expired, int purged);

private:
    void markBatch(int expiredSoFar);
    void purgeIfDue(int expired);

    ShareStore &m_store;
    const Clock &m_clock;
    QTimer m_timer;
    int m_retentionDays;
    QDateTime m_lastPurge;
    bool m_running = false;
};

} // namespace ddalab
