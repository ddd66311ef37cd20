#include "services/AuditRetention.h"

#include "logging/LogCategories.h"
#include "storage/AuditStore.h"

namespace ddalab {

AuditRetention::AuditRetention(AuditStore &store, const Clock &clock, int retentionDays,
                               QObject *parent)
    : QObject(parent), m_store(store), m_clock(clock), m_retentionDays(retentionDays)
{
    m_timer.setInterval(kCheckEvery);
    connect(&m_timer, &QTimer::timeout, this, &AuditRetention::purgeIfDue);
}

void AuditRetention::start()
{
    m_timer.start();
    purgeIfDue();
}

void AuditRetention::purgeIfDue()
{
    const QDateTime now = m_clock.now();
    if (m_running || (m_lastPurge.isValid() &&
                      m_lastPurge.secsTo(now) < std::chrono::seconds(kPurgeEvery).count()))
        return;
    m_running = true;
    m_lastPurge = now;
    purgeBatch(now.addDays(-m_retentionDays), 0);
}

void AuditRetention::purgeBatch(const QDateTime &before, int deletedSoFar)
{
    m_store.purge(before, kBatch, this,
                  [this, before, deletedSoFar](const AuditPurgeResult &result) {
                      if (result.status == AuditPurgeResult::Status::Failed) {
                          qCWarning(lcAudit).noquote() << "audit retention failed:" << result.error;
                          m_running = false;
                          emit purged(-1);
                          return;
                      }
                      const int deleted = deletedSoFar + result.deleted;
                      if (result.deleted == kBatch) {
                          purgeBatch(before, deleted);
                          return;
                      }
                      m_running = false;
                      if (deleted > 0)
                          qCInfo(lcAudit) << "deleted" << deleted << "audit rows older than"
                                          << m_retentionDays << "days";
                      emit purged(deleted);
                  });
}

} // namespace ddalab
