#include "SqlShareStore.h"

#include "DatabasePing.h"
#include "GroupedOperation.h"
#include "SharesTable.h"
#include "StorageWorker.h"
#include "TeamMembersTable.h"

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {

struct ShareLookup
{
    QString token;
    QString requesterId;
};

// The shares of lookups that met on the storage thread, read together, and for team policies
// whether each requester is in the team now (not as when the share was published or cached).
std::optional<QList<LookupResult>> lookUpShares(SqlConnection &connection,
                                                const QList<ShareLookup> &lookups)
{
    QList<QString> tokens;
    tokens.reserve(lookups.size());
    for (const ShareLookup &lookup : lookups)
        tokens.append(lookup.token);
    auto results = SharesTable(connection).findAll(tokens);
    if (!results)
        return std::nullopt;
    for (qsizetype i = 0; i < lookups.size(); ++i) {
        LookupResult &result = (*results)[i];
        const AccessPolicy &policy = result.share.metadata.accessPolicy;
        if (result.status != LookupResult::Status::Found || lookups[i].requesterId.isEmpty() ||
            policy.kind != AccessPolicy::Kind::Team)
            continue;
        std::optional<TeamMember> member;
        if (!TeamMembersTable(connection).find(policy.teamId, lookups[i].requesterId, &member))
            return std::nullopt;
        result.requesterInTeam = member.has_value();
    }
    return results;
}

} // namespace

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
    QMetaObject::invokeMethod(
        worker, [worker] { worker->shutdown(); }, Qt::BlockingQueuedConnection);
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
    m_worker->enqueue(std::make_unique<GroupedOperation<ShareRecord, PublishResult>>(
        true,
        [](SqlConnection &connection, const QList<ShareRecord> &shares) {
            return SharesTable(connection).publishAll(shares);
        },
        share, context, std::move(done)));
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

void SqlShareStore::findShare(const QString &token, const QString &requesterId, QObject *context,
                              std::function<void(const LookupResult &)> done)
{
    m_worker->enqueue(std::make_unique<GroupedOperation<ShareLookup, LookupResult>>(
        false, &lookUpShares, ShareLookup{token, requesterId}, context, std::move(done)));
}

void SqlShareStore::ping(QObject *context, std::function<void(const ProbeResult &)> done)
{
    m_worker->enqueue(std::make_unique<TypedStorageOperation<ProbeResult>>(
        false, [](SqlConnection &connection) { return DatabasePing::schemaVersion(connection); },
        context, std::move(done)));
}

void SqlShareStore::countActiveShares(QObject *context,
                                      std::function<void(const ProbeResult &)> done)
{
    m_worker->enqueue(std::make_unique<TypedStorageOperation<ProbeResult>>(
        false,
        [](SqlConnection &connection) -> std::optional<ProbeResult> {
            const auto active = SharesTable(connection).countActive();
            if (!active)
                return std::nullopt;
            return ProbeResult{true, *active, {}};
        },
        context, std::move(done)));
}

void SqlShareStore::listOwnedShares(const QString &ownerUserId, int limit, QObject *context,
                                    std::function<void(const ShareListResult &)> done)
{
    m_worker->enqueue(std::make_unique<TypedStorageOperation<ShareListResult>>(
        false,
        [ownerUserId, limit](SqlConnection &connection) {
            return SharesTable(connection).listByOwner(ownerUserId, limit);
        },
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
