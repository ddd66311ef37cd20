#include "BackupService.h"

#include "domain/StateHash.h"
#include "logging/LogCategories.h"
#include "storage/BackupStore.h"

namespace ddalab {

using namespace Qt::StringLiterals;
using namespace protocol;

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

void BackupService::backupState(const BackupState &message, QObject *context, ReplySink reply)
{
    const qint64 maxBytes = m_maxBytes;
    write(Upload{message.userId, message.data, message.stateHash, std::nullopt}, context,
          [reply, maxBytes](const WriteOutcome &outcome) {
              switch (outcome.status) {
              case WriteOutcome::Status::Created:
              case WriteOutcome::Status::Replaced:
                  reply(Ack{});
                  return;
              case WriteOutcome::Status::TooLarge:
                  reply(Error{ErrorCode::BackupTooLarge,
                              u"the state is larger than %1 bytes"_s.arg(maxBytes)});
                  return;
              case WriteOutcome::Status::HashMismatch:
                  reply(Error{ErrorCode::HashMismatch,
                              u"state_hash is not the SHA-256 of data; nothing was stored"_s});
                  return;
              case WriteOutcome::Status::PreconditionFailed: // not asked for over WebSocket
              case WriteOutcome::Status::Failed:
                  reply(Error{ErrorCode::StorageError, u"the state could not be stored"_s});
                  return;
              }
          });
}

void BackupService::restoreState(const RestoreState &message, QObject *context, ReplySink reply)
{
    read(message.userId, context, [reply](const BackupReadResult &result) {
        switch (result.status) {
        case BackupReadResult::Status::Found:
            reply(StateBackup{result.backup});
            return;
        case BackupReadResult::Status::NotFound:
            reply(Error{ErrorCode::NoBackup, u"there is no backup of your state"_s});
            return;
        case BackupReadResult::Status::Failed:
            reply(Error{ErrorCode::StorageError, u"the backup could not be read"_s});
            return;
        }
    });
}

} // namespace ddalab
