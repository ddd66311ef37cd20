#include "websocket/BackupWsHandler.h"

#include "services/BackupService.h"
#include "websocket/Session.h"

namespace ddalab {

using namespace Qt::StringLiterals;
using namespace protocol;

void BackupWsHandler::handle(Session &session, const BackupState &message, const ReplySink &reply)
{
    using Outcome = BackupService::WriteOutcome::Status;
    m_backups.write(
        session.auditActor(),
        BackupService::Upload{message.userId, message.data, message.stateHash, std::nullopt},
        &session,
        [reply, maxBytes = m_backups.maxBytes()](const BackupService::WriteOutcome &outcome) {
            switch (outcome.status) {
            case Outcome::Created:
            case Outcome::Replaced:
                reply(Ack{});
                return;
            case Outcome::TooLarge:
                reply(Error{ErrorCode::BackupTooLarge,
                            u"the state is larger than %1 bytes"_s.arg(maxBytes)});
                return;
            case Outcome::HashMismatch:
                reply(Error{ErrorCode::HashMismatch,
                            u"state_hash is not the SHA-256 of data; nothing was stored"_s});
                return;
            case Outcome::PreconditionFailed: // not asked for over WebSocket
            case Outcome::Failed:
                reply(Error{ErrorCode::StorageError, u"the state could not be stored"_s});
                return;
            }
        });
}

void BackupWsHandler::handle(Session &session, const RestoreState &message, const ReplySink &reply)
{
    m_backups.read(session.auditActor(), message.userId, &session,
                   [reply](const BackupReadResult &result) {
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
