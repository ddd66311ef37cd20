#pragma once

#include "StorageOperation.h"
#include "StorageProbe.h"
#include "config/DatabaseUrl.h"
#include "metrics/StorageStats.h"

#include <QThread>

#include <memory>

namespace ddalab {

class StorageWorker;

// The broker's one database: a thread of its own with its own connection, the schema migrated
// before anything else runs, and the operations of every store queued to it (one group commit
// for all of them). The stores take it by reference, so it outlives them by construction.
// Also what /ready and /metrics ask of the storage.
class Database final : public StorageProbe
{
public:
    // Opens the connection and applies the migrations before returning; nullptr with the
    // reason when either fails.
    static std::unique_ptr<Database> open(const DatabaseUrl &url, QString *error);
    // Finishes what is queued, then closes the connection and stops the thread.
    ~Database() override;

    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Before any change is queued: every change from then on is announced in the outbox for the
    // other replicas, named by replicaId (PostgreSQL).
    void setReplicaId(const QString &replicaId);
    const DatabaseUrl &url() const { return m_url; }

    // Any thread; the operation answers on its caller's context.
    void enqueue(std::unique_ptr<StorageOperation> operation);
    // Work whose result (nullopt: the database failed) reaches done on context's thread.
    template <typename Result>
    void run(StorageAccess access, typename TypedStorageOperation<Result>::Work work,
             QObject *context, std::function<void(const Result &)> done)
    {
        enqueue(std::make_unique<TypedStorageOperation<Result>>(access, std::move(work), context,
                                                                std::move(done)));
    }

    // Transaction latency and batch sizes, readable from any thread.
    const StorageStats &stats() const;

    void ping(QObject *context, std::function<void(const ProbeResult &)> done) override;
    void countActiveShares(QObject *context,
                           std::function<void(const ProbeResult &)> done) override;
    StorageStats::Snapshot statsSnapshot() const override { return stats().snapshot(); }

private:
    Database();

    DatabaseUrl m_url;
    QThread m_thread;
    StorageWorker *m_worker = nullptr; // lives on m_thread, deleted when it finishes
};

} // namespace ddalab
