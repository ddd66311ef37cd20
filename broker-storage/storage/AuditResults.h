#pragma once

#include "domain/AuditEntry.h"

namespace ddalab {

// Whether audit rows were written.
struct AuditWriteResult
{
    enum class Status { Written, Failed };
    Status status = Status::Failed;
    QString error;

    static AuditWriteResult failed(const QString &error) { return {Status::Failed, error}; }
};

struct AuditPageResult
{
    enum class Status { Found, Failed };
    Status status = Status::Failed;
    AuditPage page;
    QString error;

    static AuditPageResult failed(const QString &error) { return {Status::Failed, {}, error}; }
};

// How many rows a retention purge deleted.
struct AuditPurgeResult
{
    enum class Status { Purged, Failed };
    Status status = Status::Failed;
    int deleted = 0;
    QString error;

    static AuditPurgeResult failed(const QString &error) { return {Status::Failed, 0, error}; }
};

} // namespace ddalab
