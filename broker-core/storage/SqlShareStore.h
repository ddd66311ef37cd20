#pragma once

#include "ShareStore.h"
#include "StorageProbe.h"
#include "config/DatabaseUrl.h"
#include "metrics/StorageStats.h"

#include <QThread>

#include <memory>

namespace ddalab {

class StorageWorker;

// ShareStore on PostgreSQL or SQLite. The database work runs on a thread of its own with its
// own connection; the calling (network) thread never waits for the database.
class SqlShareStore final : public ShareStore, public StorageProbe
{
public:
    // Opens the database and applies the migrations before returning; nullptr with the
    // reason when either fails.
    static std::unique_ptr<SqlShareStore> open(const DatabaseUrl &url, QString *error);
    // Finishes what is queued, then closes the connection and stops the thread.
    ~SqlShareStore() override;

    void publish(const ShareRecord &share, QObject *context,
                 std::function<void(const PublishResult &)> done) override;
    void revoke(const QString &token, const QString &ownerUserId, const QDateTime &revokedAt,
                QObject *context, std::function<void(const RevokeResult &)> done) override;
    void findShare(const QString &token, const QString &requesterId, QObject *context,
                   std::function<void(const LookupResult &)> done) override;
    void listOwnedShares(const QString &ownerUserId, int limit, QObject *context,
                         std::function<void(const ShareListResult &)> done) override;

    // The storage thread's worker, for the other stores that share its thread and connection.
    StorageWorker &worker() const { return *m_worker; }

    void ping(QObject *context, std::function<void(const ProbeResult &)> done) override;
    void countActiveShares(QObject *context,
                           std::function<void(const ProbeResult &)> done) override;
    StorageStats::Snapshot statsSnapshot() const override { return stats().snapshot(); }
    void revokeAsAdmin(const QString &token, const QDateTime &revokedAt, QObject *context,
                       std::function<void(const RevokeResult &)> done) override;
    void listShares(const std::optional<ShareCursor> &after, int limit, QObject *context,
                    std::function<void(const SharePageResult &)> done) override;

    const StorageStats &stats() const override;

private:
    SqlShareStore();

    QThread m_thread;
    StorageWorker *m_worker = nullptr; // lives on m_thread, deleted when it finishes
};

} // namespace ddalab
