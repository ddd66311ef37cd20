#pragma once

#include "AccountResults.h"

#include "domain/AuditEntry.h"

#include <QObject>

#include <functional>

namespace ddalab {

// The accounts of AUTH_MODE=password, asynchronous and without SQL like the other stores: each
// call returns at once, its callback runs later on the thread of `context` (not at all once
// `context` is gone), and writes are answered only after their transaction committed.
class AccountStore
{
public:
    virtual ~AccountStore() = default;

    virtual void findCredentials(const QString &userId, QObject *context,
                                 std::function<void(const AccountCredentialsResult &)> done) = 0;
    virtual void listAccounts(QObject *context,
                              std::function<void(const AccountListResult &)> done) = 0;
    // Created, or AlreadyExists (nothing changed).
    virtual void createAccount(const QString &userId, const QByteArray &passwordHash,
                               const QDateTime &at, const AuditEntry &audit, QObject *context,
                               std::function<void(const AccountResult &)> done) = 0;
    virtual void setPassword(const QString &userId, const QByteArray &passwordHash,
                             const QDateTime &at, const AuditEntry &audit, QObject *context,
                             std::function<void(const AccountResult &)> done) = 0;
    virtual void setDisabled(const QString &userId, bool disabled, const AuditEntry &audit,
                             QObject *context, std::function<void(const AccountResult &)> done) = 0;
    virtual void removeAccount(const QString &userId, const AuditEntry &audit, QObject *context,
                               std::function<void(const AccountResult &)> done) = 0;
    virtual void recordLogin(const QString &userId, const QDateTime &at, QObject *context,
                             std::function<void(const AccountResult &)> done) = 0;
};

} // namespace ddalab
