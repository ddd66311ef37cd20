#pragma once

#include "domain/AuditEntry.h"
#include "domain/BackupPrecondition.h"
#include "domain/Clock.h"
#include "storage/BackupResults.h"

#include <QObject>

#include <functional>
#include <optional>

namespace ddalab {

class AuditTrail;
class BackupStore;

// A user's state backups, for backup_state/restore_state and the HTTP API alike: refuses a
// state over the size limit or whose hash is not its SHA-256 before anything is stored. A stored
// or deleted backup commits with its audit row; a restore (a read) is noted in the trail.
class BackupService : public QObject
{
    Q_OBJECT
public:
    struct Upload
    {
        QString userId;
        QByteArray data;
        QString claimedHash; // what the client says is the hex SHA-256 of data
        std::optional<BackupPrecondition> precondition;
    };
    struct WriteOutcome
    {
        enum class Status { Created, Replaced, TooLarge, HashMismatch, PreconditionFailed, Failed };
        Status status = Status::Failed;
        BackupRecord backup;               // Created, Replaced: without its data
        std::optional<QString> storedHash; // PreconditionFailed: what is stored, if anything
    };

    BackupService(BackupStore &store, const Clock &clock, AuditTrail &audit, qint64 maxBytes,
                  QObject *parent = nullptr);

    qint64 maxBytes() const { return m_maxBytes; }

    void write(const AuditActor &by, const Upload &upload, QObject *context,
               std::function<void(const WriteOutcome &)> done);
    void read(const AuditActor &by, const QString &userId, QObject *context,
              std::function<void(const BackupReadResult &)> done);
    void remove(const AuditActor &by, const QString &userId,
                const std::optional<BackupPrecondition> &precondition, QObject *context,
                std::function<void(const BackupDeleteResult &)> done);

private:
    BackupStore &m_store;
    const Clock &m_clock;
    AuditTrail &m_audit;
    qint64 m_maxBytes;
};

} // namespace ddalab
