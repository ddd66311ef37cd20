#include "StorageWorker.h"

#include "Migrator.h"
#include "SqlConnection.h"
#include "logging/LogCategories.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QMutexLocker>
#include <QThread>

#include <atomic>

namespace ddalab {

using namespace Qt::StringLiterals;

StorageWorker::StorageWorker(DatabaseUrl url) : m_url(std::move(url)) {}

StorageWorker::~StorageWorker() = default;

bool StorageWorker::initialize(QString *error)
{
    static std::atomic<int> counter{0};
    const QString name = u"ddalab-storage-%1"_s.arg(counter.fetch_add(1));
    m_connection = SqlConnection::open(m_url, name, error);
    if (!m_connection)
        return false;
    if (!Migrator(*m_connection).migrate(error)) {
        m_connection.reset();
        return false;
    }
    return true;
}

void StorageWorker::shutdown()
{
    drain();
    m_connection.reset();
}

void StorageWorker::setReplicaId(const QString &replicaId)
{
    if (m_connection)
        m_connection->setReplicaId(replicaId);
}

void StorageWorker::enqueue(std::unique_ptr<StorageOperation> operation)
{
    QMutexLocker lock(&m_mutex);
    m_queue.push_back(std::move(operation));
    m_moreWork.wakeOne();
    if (m_drainPosted)
        return;
    m_drainPosted = true;
    lock.unlock();
    QMetaObject::invokeMethod(this, &StorageWorker::drain, Qt::QueuedConnection);
}

void StorageWorker::drain()
{
    bool committedJustNow = false;
    for (;;) {
        Batch batch;
        {
            QMutexLocker lock(&m_mutex);
            // Under write load the next group is still arriving (its clients are reading the
            // acks of the last one): a moment's wait lets one commit carry all of it, as
            // PostgreSQL's commit_delay does.
            if (committedJustNow && m_queue.size() < kGroupTarget)
                m_moreWork.wait(&m_mutex, QDeadlineTimer(kCommitDelay));
            if (m_queue.empty()) {
                m_drainPosted = false;
                return;
            }
            const size_t count = std::min(m_queue.size(), kMaxBatch);
            batch.reserve(count);
            for (size_t i = 0; i < count; ++i) {
                std::unique_ptr<StorageOperation> operation = std::move(m_queue.front());
                m_queue.pop_front();
                // Neighbours of one kind (publishes) become one operation, in queue order.
                if (batch.empty() || !batch.back()->mergeFrom(*operation))
                    batch.push_back(std::move(operation));
            }
        }
        committedJustNow = std::any_of(batch.cbegin(), batch.cend(),
                                       [](const auto &operation) { return operation->writes(); });
        runBatch(batch);
    }
}

void StorageWorker::runBatch(Batch &batch)
{
    if (!m_connection) {
        for (auto &operation : batch)
            operation->deliverFailure(u"storage is closed"_s);
        return;
    }
    const bool anyWrites = std::any_of(batch.cbegin(), batch.cend(),
                                       [](const auto &operation) { return operation->writes(); });
    if (!anyWrites) {
        runReadsAlone(batch);
        return;
    }
    if (runInTransaction(batch, 0, batch.size()))
        return;
    // One failing operation must not fail the others: retry each in a transaction of its own.
    m_connection->reconnectIfLost();
    for (size_t i = 0; i < batch.size(); ++i) {
        if (runInTransaction(batch, i, 1))
            continue;
        Batch parts = batch[i]->split();
        if (parts.empty()) {
            batch[i]->deliverFailure(m_connection->lastError());
            continue;
        }
        for (size_t part = 0; part < parts.size(); ++part) {
            if (!runInTransaction(parts, part, 1))
                parts[part]->deliverFailure(m_connection->lastError());
        }
    }
}

bool StorageWorker::runInTransaction(Batch &batch, size_t first, size_t count)
{
    QElapsedTimer timer;
    timer.start();
    auto failed = [this] {
        m_stats.recordFailure();
        return false;
    };
    if (!m_connection->begin())
        return failed();
    for (size_t i = first; i < first + count; ++i) {
        if (!batch[i]->execute(*m_connection)) {
            m_connection->rollback();
            return failed();
        }
    }
    if (!m_connection->commit()) {
        m_connection->rollback();
        return failed();
    }
    int requests = 0;
    for (size_t i = first; i < first + count; ++i)
        requests += batch[i]->requestCount();
    m_stats.recordTransaction(double(timer.nsecsElapsed()) / 1e9, requests);
    for (size_t i = first; i < first + count; ++i)
        batch[i]->deliver();
    return true;
}

void StorageWorker::runReadsAlone(Batch &batch)
{
    for (auto &operation : batch) {
        QElapsedTimer timer;
        timer.start();
        if (operation->execute(*m_connection)) {
            m_stats.recordTransaction(double(timer.nsecsElapsed()) / 1e9,
                                      operation->requestCount());
            operation->deliver();
        } else if (m_connection->reconnectIfLost() && operation->execute(*m_connection)) {
            operation->deliver();
        } else {
            operation->deliverFailure(m_connection->lastError());
        }
    }
}

} // namespace ddalab
