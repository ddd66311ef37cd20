#include "StorageStats.h"

#include <QMutexLocker>

namespace ddalab {

void StorageStats::recordTransaction(double seconds, int operations)
{
    QMutexLocker lock(&m_mutex);
    m_data.transactionSeconds.observe(seconds);
    m_data.batchSize.observe(operations);
}

void StorageStats::recordFailure()
{
    QMutexLocker lock(&m_mutex);
    ++m_data.failedTransactions;
}

StorageStats::Snapshot StorageStats::snapshot() const
{
    QMutexLocker lock(&m_mutex);
    return m_data;
}

} // namespace ddalab
