#pragma once

#include "domain/Clock.h"

#include <QObject>
#include <QTimer>

#include <chrono>

namespace ddalab {

class AuditStore;

// Deletes audit rows older than AUDIT_RETENTION_DAYS, once a day by the clock (the timer only
// asks whether a day has passed, so a ManualClock drives it in tests), a batch at a time so a
// year of rows never makes one huge transaction.
class AuditRetention : public QObject
{
    Q_OBJECT
public:
    static constexpr int kBatch = 10000;
    static constexpr std::chrono::hours kPurgeEvery{24};
    static constexpr std::chrono::minutes kCheckEvery{10};

    AuditRetention(AuditStore &store, const Clock &clock, int retentionDays,
                   QObject *parent = nullptr);

    void start();
    // Purges now when a day has passed since the last purge (or there was none); purged()
    // follows when it is done, not at all when it was not due.
    void purgeIfDue();
    void setRetentionDays(int days) { m_retentionDays = days; }

signals:
    // How many rows went (-1: the database failed).
    void purged(int deleted);

private:
    void purgeBatch(const QDateTime &before, int deletedSoFar);

    AuditStore &m_store;
    const Clock &m_clock;
    int m_retentionDays;
    QDateTime m_lastPurge;
    bool m_running = false;
    QTimer m_timer;
};

} // namespace ddalab
