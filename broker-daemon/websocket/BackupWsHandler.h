#pragma once

#include "protocol/Messages.h"
#include "websocket/ReplySink.h"

namespace ddalab {

class BackupService;
class Session;

// backup_state and restore_state for a connection's bound user.
class BackupWsHandler
{
public:
    explicit BackupWsHandler(BackupService &backups) : m_backups(backups) {}

    void handle(Session &session, const protocol::BackupState &message, const ReplySink &reply);
    void handle(Session &session, const protocol::RestoreState &message, const ReplySink &reply);

private:
    BackupService &m_backups;
};

} // namespace ddalab
