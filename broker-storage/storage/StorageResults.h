#pragma once

#include "domain/ShareCursor.h"
#include "domain/ShareMetadata.h"

#include <QList>

#include <optional>

#include <QString>

namespace ddalab {

struct PublishResult
{
    enum class Status { Created, Updated, TokenTaken, TokenRevoked, Failed };
    Status status = Status::Failed;
    QString error; // Failed only: the database's reason, for logs

    static PublishResult failed(const QString &error) { return {Status::Failed, error}; }
};

struct RevokeResult
{
    enum class Status { Revoked, NotFound, NotOwner, Failed };
    Status status = Status::Failed;
    QString error;

    static RevokeResult failed(const QString &error) { return {Status::Failed, error}; }
};

// A share found by token; revoked shares are found too, with revokedAt set.
struct LookupResult
{
    enum class Status { Found, NotFound, Failed };
    Status status = Status::Failed;
    ShareRecord share;
    QString error;

    static LookupResult failed(const QString &error) { return {Status::Failed, {}, error}; }
};

// Granted requests of one share since the counts were last written.
struct ShareAccessCount
{
    QString token;
    quint64 count = 0;
    QDateTime lastAccessedAt;
};

// Whether counted accesses were written.
struct AccessCountResult
{
    enum class Status { Written, Failed };
    Status status = Status::Failed;
    QString error;

    static AccessCountResult failed(const QString &error) { return {Status::Failed, error}; }
};

// An owner's shares that are not revoked, newest first.
struct ShareListResult
{
    enum class Status { Found, Failed };
    Status status = Status::Failed;
    QList<ShareRecord> shares;
    QString error;

    static ShareListResult failed(const QString &error) { return {Status::Failed, {}, error}; }
};

// A page of shares, newest first, revoked ones included; nextCursor continues after it.
struct SharePageResult
{
    enum class Status { Found, Failed };
    Status status = Status::Failed;
    QList<ShareRecord> shares;
    std::optional<ShareCursor> nextCursor;
    QString error;

    static SharePageResult failed(const QString &error)
    {
        return {Status::Failed, {}, std::nullopt, error};
    }
};

} // namespace ddalab
