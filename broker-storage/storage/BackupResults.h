#pragma once

#include "domain/BackupRecord.h"

#include <QString>

#include <optional>

namespace ddalab {

struct BackupWriteResult
{
    enum class Status { Created, Replaced, PreconditionFailed, Failed };
    Status status = Status::Failed;
    BackupRecord backup;               // Created, Replaced: the stored backup without its data
    std::optional<QString> storedHash; // PreconditionFailed: the hash of what is stored, if any
    QString error;                     // Failed only: the database's reason, for logs

    static BackupWriteResult failed(const QString &error)
    {
        return {Status::Failed, {}, std::nullopt, error};
    }
};

struct BackupReadResult
{
    enum class Status { Found, NotFound, Failed };
    Status status = Status::Failed;
    BackupRecord backup; // with its data
    QString error;

    static BackupReadResult failed(const QString &error) { return {Status::Failed, {}, error}; }
};

struct BackupDeleteResult
{
    enum class Status { Deleted, NotFound, PreconditionFailed, Failed };
    Status status = Status::Failed;
    QString error;

    static BackupDeleteResult failed(const QString &error) { return {Status::Failed, error}; }
};

} // namespace ddalab
