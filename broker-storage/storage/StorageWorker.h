#pragma once

#include "StorageOperation.h"
#include "config/DatabaseUrl.h"
#include "metrics/StorageStats.h"

#include <QMutex>
#include <QObject>
#include <QWaitCondition>

#include <chrono>
#include <deque>
#include <memory>

namespace ddalab {

class SqlConnection;

// Lives on the storage thread and owns its database connection. Operations queue up from any
// thread; the worker takes everything queued at once and runs it as one transaction (group
// commit), so writes that arrive while a transaction is in flight share the next one. Every
// answer is posted only after its transaction committed.
class StorageWorker : public QObject
{
    Q_OBJECT
public:
    explicit StorageWorker(DatabaseUrl url);
    ~StorageWorker() override;

    // Storage thread: opens the connection and migrates the schema.
    bool initialize(QString *error);
    // Storage thread: closes the connection (before the thread ends).
    void shutdown();
    // Storage thread: names the replica this database's changes are announced for.
    void setReplicaId(const QString &replicaId);
    // Any thread.
    void enqueue(std::unique_ptr<StorageOperation> operation);
    const StorageStats &stats() const { return m_stats; }

private:
    using Batch = std::vector<std::unique_ptr<StorageOperation>>;

    void drain();
    void runBatch(Batch &batch);
    bool runInTransaction(Batch &batch, size_t first, size_t count);
    void runReadsAlone(Batch &batch);

    static constexpr size_t kMaxBatch = 1024;
    // How many queued operations make a group worth committing without waiting, and how long
    // to wait for them after a commit.
    static constexpr size_t kGroupTarget = 16;
    static constexpr std::chrono::microseconds kCommitDelay{300};

    DatabaseUrl m_url;
    std::unique_ptr<SqlConnection> m_connection;
    StorageStats m_stats;
    QMutex m_mutex;
    std::deque<std::unique_ptr<StorageOperation>> m_queue; // guarded by m_mutex
    bool m_drainPosted = false;                            // guarded by m_mutex
    QWaitCondition m_moreWork;                             // signalled by enqueue()
};

} // namespace ddalab
