#include "services/BackupService.h"

#include "domain/StateHash.h"
#include "logging/LogCategories.h"
#include "storage/BackupStore.h"

namespace ddalab {

using namespace Qt::StringLiterals;

BackupService::BackupService(BackupStore &store, const Clock &clock, qint64 maxBytes,
                             QObject *parent)
    : QObject(parent), m_store(store), m_clock(clock), m_maxBytes(maxBytes)
{
}

void BackupService::write(const Upload &upload, QObject *context,
                          std::function<void(const WriteOutcome &)> done)
{
    using Status = WriteOutcome::Status;
    if (upload.data.size() > m_maxBytes) {
        done(WriteOutcome{Status::TooLarge, {}, std::nullopt});
        return;
    }
    if (!StateHash::matches(upload.claimedHash, upload.data)) {
        done(WriteOutcome{Status::HashMismatch, {}, std::nullopt});
        return;
    }
    BackupRecord backup;
    backup.userId = upload.userId;
    backup.data = upload.data;
    backup.stateHash = upload.claimedHash.toLower();
    backup.sizeBytes = upload.data.size();
    backup.updatedAt = m_clock.now();
    m_store.writeBackup(
        backup, upload.precondition, context, [done](const BackupWriteResult &result) {
            WriteOutcome outcome{Status::Failed, result.backup, result.storedHash};
            switch (result.status) {
            case BackupWriteResult::Status::Created:
            case BackupWriteResult::Status::Replaced:
                outcome.status = result.status == BackupWriteResult::Status::Created
                                     ? Status::Created
                                     : Status::Replaced;
                qCInfo(lcBackups).noquote() << "stored the backup of" << result.backup.userId
                                            << u"(%1 bytes)"_s.arg(result.backup.sizeBytes);
                break;
            case BackupWriteResult::Status::PreconditionFailed:
                outcome.status = Status::PreconditionFailed;
                break;
            case BackupWriteResult::Status::Failed:
                break;
            }
            done(outcome);
        });
}

void BackupService::read(const QString &userId, QObject *context,
                         std::function<void(const BackupReadResult &)> done)
{
    m_store.readBackup(userId, context, std::move(done));
}

void BackupService::remove(const QString &userId,
                           const std::optional<BackupPrecondition> &precondition, QObject *context,
                           std::function<void(const BackupDeleteResult &)> done)
{
    m_store.deleteBackup(userId, precondition, context,
                         [done, userId](const BackupDeleteResult &result) {
                             if (result.status == BackupDeleteResult::Status::Deleted)
                                 qCInfo(lcBackups).noquote() << "deleted the backup of" << userId;
                             done(result);
                         });
}

} // namespace ddalab
