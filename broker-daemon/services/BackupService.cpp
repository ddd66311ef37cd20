#include "services/BackupService.h"

#include "domain/AuditAction.h"
#include "domain/StateHash.h"
#include "logging/LogCategories.h"
#include "services/AuditTrail.h"
#include "storage/BackupStore.h"

namespace ddalab {

using namespace Qt::StringLiterals;

BackupService::BackupService(BackupStore &store, const Clock &clock, AuditTrail &audit,
                             qint64 maxBytes, QObject *parent)
    : QObject(parent), m_store(store), m_clock(clock), m_audit(audit), m_maxBytes(maxBytes)
{
}

void BackupService::write(const AuditActor &by, const Upload &upload, QObject *context,
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
    const AuditEntry audit = m_audit.entry(
        AuditAction::BackupStored, by, backup.userId, AuditOutcome::Success,
        {{"size_bytes"_L1, double(backup.sizeBytes)}, {"state_hash"_L1, backup.stateHash}});
    m_store.writeBackup(backup, upload.precondition, audit, context,
                        [this, done, audit](const BackupWriteResult &result) {
                            WriteOutcome outcome{Status::Failed, result.backup, result.storedHash};
                            switch (result.status) {
                            case BackupWriteResult::Status::Created:
                            case BackupWriteResult::Status::Replaced:
                                outcome.status = result.status == BackupWriteResult::Status::Created
                                                     ? Status::Created
                                                     : Status::Replaced;
                                qCInfo(lcBackups).noquote()
                                    << "stored the backup of" << result.backup.userId
                                    << u"(%1 bytes)"_s.arg(result.backup.sizeBytes);
                                m_audit.committed(audit);
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

void BackupService::read(const AuditActor &by, const QString &userId, QObject *context,
                         std::function<void(const BackupReadResult &)> done)
{
    m_store.readBackup(userId, context, [this, by, userId, done](const BackupReadResult &result) {
        if (result.status == BackupReadResult::Status::Found)
            m_audit.note(m_audit.entry(AuditAction::BackupRestored, by, userId));
        done(result);
    });
}

void BackupService::remove(const AuditActor &by, const QString &userId,
                           const std::optional<BackupPrecondition> &precondition, QObject *context,
                           std::function<void(const BackupDeleteResult &)> done)
{
    const AuditEntry audit = m_audit.entry(AuditAction::BackupDeleted, by, userId);
    m_store.deleteBackup(userId, precondition, audit, context,
                         [this, done, userId, audit](const BackupDeleteResult &result) {
                             if (result.status == BackupDeleteResult::Status::Deleted) {
                                 qCInfo(lcBackups).noquote() << "deleted the backup of" << userId;
                                 m_audit.committed(audit);
                             }
                             done(result);
                         });
}

} // namespace ddalab
