#pragma once

#include "domain/ShareCursor.h"
#include "domain/ShareMetadata.h"

#include <QList>

#include <optional>

#include <QString>

namespace ddalab {

struct PublishResult
{
    // ExpiryInPast and PhiNotPublic are ShareService's, before a store is asked: the desktop's
    // expires_at is not in the future; in HIPAA mode, a phi share with a public policy.
    enum class Status {
        Created,
        Updated,
        TokenTaken,
        TokenRevoked,
        ExpiryInPast,
        PhiNotPublic,
        Failed
    };
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

// A share the expiry sweeper found ended.
struct ExpiredShare
{
    QString token;
    QString ownerUserId;
    QDateTime expiresAt;
};

// The shares one sweep marked expired, each once.
struct ExpirySweepResult
{
    enum class Status { Swept, Failed };
    Status status = Status::Failed;
    QList<ExpiredShare> expired;
    QString error;

    static ExpirySweepResult failed(const QString &error) { return {Status::Failed, {}, error}; }
};

// How many ended shares a purge deleted.
struct SharePurgeResult
{
    enum class Status { Purged, Failed };
    Status status = Status::Failed;
    int deleted = 0;
    QString error;

    static SharePurgeResult failed(const QString &error) { return {Status::Failed, 0, error}; }
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
