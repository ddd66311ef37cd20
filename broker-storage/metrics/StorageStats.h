#pragma once

#include "Histogram.h"

#include <QMutex>

namespace ddalab {

// What the storage thread measures: how long its transactions take and how many operations
// each carried. Written by the storage thread, read by the network thread.
class StorageStats
{
public:
    struct Snapshot
    {
        Histogram transactionSeconds{Histogram::latencyBounds()};
        Histogram batchSize{Histogram::sizeBounds()};
        quint64 failedTransactions = 0;
    };

    void recordTransaction(double seconds, int operations);
    void recordFailure();
    Snapshot snapshot() const;

private:
    mutable QMutex m_mutex;
    Snapshot m_data; // guarded by m_mutex
};

} // namespace ddalab
