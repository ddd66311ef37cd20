#include "SqlShareStore.h"

#include "SharesTable.h"
#include "StorageWorker.h"

namespace ddalab {

using namespace Qt::StringLiterals;

SqlShareStore::SqlShareStore() = default;

std::unique_ptr<SqlShareStore> SqlShareStore::open(const DatabaseUrl &url, QString *error)
{
    std::unique_ptr<SqlShareStore> store(new SqlShareStore);
    store->m_thread.setObjectName(u"storage"_s);
    store->m_worker = new StorageWorker(url);
    store->m_worker->moveToThread(&store->m_thread);
    QObject::connect(&store->m_thread, &QThread::finished, store->m_worker, &QObject::deleteLater);
    store->m_thread.start();

    bool opened = false;
    QMetaObject::invokeMethod(
        store->m_worker, [&] { opened = store->m_worker->initialize(error); },
        Qt::BlockingQueuedConnection);
    if (!opened)
        return nullptr;
    return store;
}

SqlShareStore::~SqlShareStore()
{
    StorageWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker] { worker->shutdown(); },
                              Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

const StorageStats &SqlShareStore::stats() const
{
    return m_worker->stats();
}

void SqlShareStore::publish(const ShareRecord &share, QObject *context,
                            std::function<void(const PublishResult &)> done)
{
    m_worker->enqueue(std::make_unique<TypedStorageOperation<PublishResult>>(
        true, [share](SqlConnection &connection) { return SharesTable(connection).publish(share); },
        context, std::move(done)));
}

void SqlShareStore::revoke(const QString &token, const QString &ownerUserId,
                           const QDateTime &revokedAt, QObject *context,
                           std::function<void(const RevokeResult &)> done)
{
    m_worker->enqueue(std::make_unique<TypedStorageOperation<RevokeResult>>(
        true,
        [token, ownerUserId, revokedAt](SqlConnection &connection) {
            return SharesTable(connection).revoke(token, ownerUserId, revokedAt);
        },
        context, std::move(done)));
}

void SqlShareStore::findShare(const QString &token, QObject *context,
                              std::function<void(const LookupResult &)> done)
{
    m_worker->enqueue(std::make_unique<TypedStorageOperation<LookupResult>>(
        false, [token](SqlConnection &connection) { return SharesTable(connection).find(token); },
        context, std::move(done)));
}

void SqlShareStore::revokeAsAdmin(const QString &token, const QDateTime &revokedAt,
                                  QObject *context, std::function<void(const RevokeResult &)> done)
{
    m_worker->enqueue(std::make_unique<TypedStorageOperation<RevokeResult>>(
        true,
        [token, revokedAt](SqlConnection &connection) {
            return SharesTable(connection).revokeAsAdmin(token, revokedAt);
        },
        context, std::move(done)));
}

void SqlShareStore::listShares(const std::optional<ShareCursor> &after, int limit, QObject *context,
                               std::function<void(const SharePageResult &)> done)
{
    m_worker->enqueue(std::make_unique<TypedStorageOperation<SharePageResult>>(
        false,
        [after, limit](SqlConnection &connection) {
            return SharesTable(connection).page(after, limit);
        },
        context, std::move(done)));
}

} // namespace ddalab
