#pragma once

#include "domain/Account.h"
#include "domain/LoginSession.h"

#include <QList>
#include <QString>

namespace ddalab {

// An account with its password hash, for checking a login; nothing else ever reads the hash.
struct AccountCredentialsResult
{
    enum class Status { Found, NotFound, Failed };
    Status status = Status::Failed;
    Account account;
    QByteArray passwordHash; // libsodium's encoded Argon2id string
    QString error;

    static AccountCredentialsResult failed(const QString &error)
    {
        return {Status::Failed, {}, {}, error};
    }
};

struct AccountListResult
{
    enum class Status { Found, Failed };
    Status status = Status::Failed;
    QList<Account> accounts; // ordered by user id
    QString error;

    static AccountListResult failed(const QString &error) { return {Status::Failed, {}, error}; }
};

// A change to one account.
struct AccountResult
{
    enum class Status { Created, Updated, Removed, AlreadyExists, NotFound, Failed };
    Status status = Status::Failed;
    QString error;

    static AccountResult failed(const QString &error) { return {Status::Failed, error}; }
};

// A stored session and the SHA-256 of its token (hex), as the broker loads them at start.
struct StoredLoginSession
{
    LoginSession session;
    QByteArray tokenHash;
};

struct LoginSessionsResult
{
    enum class Status { Found, Failed };
    Status status = Status::Failed;
    QList<StoredLoginSession> sessions;
    QString error;

    static LoginSessionsResult failed(const QString &error) { return {Status::Failed, {}, error}; }
};

// A change to sessions: written (for a revocation, only if it was live: Written, else NotFound).
struct LoginSessionWriteResult
{
    enum class Status { Written, NotFound, Failed };
    Status status = Status::Failed;
    QString error;

    static LoginSessionWriteResult failed(const QString &error) { return {Status::Failed, error}; }
};

} // namespace ddalab
