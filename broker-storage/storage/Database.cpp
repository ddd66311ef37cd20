#include "Database.h"

#include "DatabasePing.h"
#include "SharesTable.h"
#include "StorageWorker.h"

namespace ddalab {

using namespace Qt::StringLiterals;

Database::Database() = default;

std::unique_ptr<Database> Database::open(const DatabaseUrl &url, QString *error)
{
    std::unique_ptr<Database> database(new Database);
    database->m_url = url;
    database->m_thread.setObjectName(u"storage"_s);
    database->m_worker = new StorageWorker(url);
    database->m_worker->moveToThread(&database->m_thread);
    QObject::connect(&database->m_thread, &QThread::finished, database->m_worker,
                     &QObject::deleteLater);
    database->m_thread.start();

    bool opened = false;
    StorageWorker *worker = database->m_worker;
    QMetaObject::invokeMethod(
        worker, [&] { opened = worker->initialize(error); }, Qt::BlockingQueuedConnection);
    if (!opened)
        return nullptr;
    return database;
}

Database::~Database()
{
    StorageWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker] { worker->shutdown(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void Database::setReplicaId(const QString &replicaId)
{
    StorageWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, replicaId] { worker->setReplicaId(replicaId); },
        Qt::BlockingQueuedConnection);
}

void Database::enqueue(std::unique_ptr<StorageOperation> operation)
{
    m_worker->enqueue(std::move(operation));
}

const StorageStats &Database::stats() const
{
    return m_worker->stats();
}

void Database::ping(QObject *context, std::function<void(const ProbeResult &)> done)
{
    run<ProbeResult>(
        StorageAccess::Read,
        [](SqlConnection &connection) { return DatabasePing::schemaVersion(connection); }, context,
        std::move(done));
}

void Database::countActiveShares(QObject *context, std::function<void(const ProbeResult &)> done)
{
    run<ProbeResult>(
        StorageAccess::Read,
        [](SqlConnection &connection) -> std::optional<ProbeResult> {
            const auto active = SharesTable(connection).countActive();
            if (!active)
                return std::nullopt;
            return ProbeResult{true, *active, {}};
        },
        context, std::move(done));
}

} // namespace ddalab
