#pragma once

#include "AccountStore.h"

namespace ddalab {

class Database;

// AccountStore on the broker's Database.
class SqlAccountStore final : public AccountStore
{
public:
    explicit SqlAccountStore(Database &database) : m_database(database) {}

    void findCredentials(const QString &userId, QObject *context,
                         std::function<void(const AccountCredentialsResult &)> done) override;
    void listAccounts(QObject *context,
                      std::function<void(const AccountListResult &)> done) override;
    void createAccount(const QString &userId, const QByteArray &passwordHash, const QDateTime &at,
                       const AuditEntry &audit, QObject *context,
                       std::function<void(const AccountResult &)> done) override;
    void setPassword(const QString &userId, const QByteArray &passwordHash, const QDateTime &at,
                     const AuditEntry &audit, QObject *context,
                     std::function<void(const AccountResult &)> done) override;
    void setDisabled(const QString &userId, bool disabled, const AuditEntry &audit,
                     QObject *context, std::function<void(const AccountResult &)> done) override;
    void removeAccount(const QString &userId, const AuditEntry &audit, QObject *context,
                       std::function<void(const AccountResult &)> done) override;
    void recordLogin(const QString &userId, const QDateTime &at, QObject *context,
                     std::function<void(const AccountResult &)> done) override;

private:
    Database &m_database;
};

} // namespace ddalab
