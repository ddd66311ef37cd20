#pragma once

#include "metrics/StorageStats.h"

#include <QObject>
#include <QString>

#include <functional>

namespace ddalab {

// A number the database answered (a schema version, a count), or why it did not.
struct ProbeResult
{
    bool ok = false;
    qint64 value = 0;
    QString error; // !ok: the database's reason

    static ProbeResult failed(const QString &error) { return {false, 0, error}; }
};

// What operators ask of the storage besides shares, for /ready and /metrics. Like ShareStore:
// asynchronous, answered on the thread of `context`, never blocking the caller.
class StorageProbe
{
public:
    virtual ~StorageProbe() = default;

    // The newest applied schema version, read through the storage thread's own connection:
    // it answers only while the database serves the broker's schema.
    virtual void ping(QObject *context, std::function<void(const ProbeResult &)> done) = 0;
    // Shares that are not revoked.
    virtual void countActiveShares(QObject *context,
                                   std::function<void(const ProbeResult &)> done) = 0;
    // Transaction latency and batch sizes so far; any thread.
    virtual StorageStats::Snapshot statsSnapshot() const = 0;
};

} // namespace ddalab
