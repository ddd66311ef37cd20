#include "services/ShareExpirySweeper.h"

#include "logging/LogCategories.h"
#include "services/ShareService.h"
#include "storage/ShareStore.h"

namespace ddalab {

ShareExpirySweeper::ShareExpirySweeper(ShareStore &store, const Clock &clock,
                                       std::chrono::seconds interval, int retentionDays,
                                       QObject *parent)
    : QObject(parent), m_store(store), m_clock(clock), m_retentionDays(retentionDays)
{
    m_timer.setInterval(interval);
    connect(&m_timer, &QTimer::timeout, this, &ShareExpirySweeper::sweepNow);
}

void ShareExpirySweeper::start()
{
    m_timer.start();
    sweepNow();
}

void ShareExpirySweeper::sweepNow()
{
    // A sweep slower than the interval is not stacked on.
    if (m_running)
        return;
    m_running = true;
    markBatch(0);
}

void ShareExpirySweeper::markBatch(int expiredSoFar)
{
    m_store.sweepExpired(
        m_clock.now(), kBatch, this, [this, expiredSoFar](const ExpirySweepResult &result) {
            if (result.status == ExpirySweepResult::Status::Failed) {
                qCWarning(lcShares).noquote() << "expiry sweep failed:" << result.error;
                m_running = false;
                emit swept(-1, -1);
                return;
            }
            for (const ExpiredShare &share : result.expired) {
                qCInfo(lcShares).noquote()
                    << "expired" << ShareService::logName(share.token) << "of" << share.ownerUserId;
                emit shareExpired(share);
            }
            const int expired = expiredSoFar + int(result.expired.size());
            if (result.expired.size() == kBatch)
                markBatch(expired);
            else
                purgeIfDue(expired);
        });
}

void ShareExpirySweeper::purgeIfDue(int expired)
{
    const QDateTime now = m_clock.now();
    if (m_lastPurge.isValid() &&
        m_lastPurge.secsTo(now) < std::chrono::seconds(kPurgeInterval).count()) {
        m_running = false;
        emit swept(expired, 0);
        return;
    }
    m_lastPurge = now;
    m_store.purgeEnded(now.addDays(-m_retentionDays), kBatch * 20, this,
                       [this, expired](const SharePurgeResult &result) {
                           m_running = false;
                           if (result.status == SharePurgeResult::Status::Failed) {
                               qCWarning(lcShares).noquote()
                                   << "purging ended shares failed:" << result.error;
                               emit swept(expired, -1);
                               return;
                           }
                           if (result.deleted > 0)
                               qCInfo(lcShares)
                                   << "purged" << result.deleted << "shares that ended over"
                                   << m_retentionDays << "days ago";
                           emit swept(expired, result.deleted);
                       });
}

} // namespace ddalab
