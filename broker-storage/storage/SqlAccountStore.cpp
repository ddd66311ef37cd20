#include "SqlAccountStore.h"

#include "AccountsTable.h"
#include "AuditedWork.h"
#include "Database.h"

namespace ddalab {

namespace {

bool accountChanged(const AccountResult &result, AuditEntry &)
{
    return result.status == AccountResult::Status::Created ||
           result.status == AccountResult::Status::Updated ||
           result.status == AccountResult::Status::Removed;
}

} // namespace

void SqlAccountStore::findCredentials(const QString &userId, QObject *context,
                                      std::function<void(const AccountCredentialsResult &)> done)
{
    m_database.run<AccountCredentialsResult>(
        StorageAccess::Read,
        [userId](SqlConnection &connection) {
            return AccountsTable(connection).findCredentials(userId);
        },
        context, std::move(done));
}

void SqlAccountStore::listAccounts(QObject *context,
                                   std::function<void(const AccountListResult &)> done)
{
    m_database.run<AccountListResult>(
        StorageAccess::Read,
        [](SqlConnection &connection) { return AccountsTable(connection).list(); }, context,
        std::move(done));
}

void SqlAccountStore::createAccount(const QString &userId, const QByteArray &passwordHash,
                                    const QDateTime &at, const AuditEntry &audit, QObject *context,
                                    std::function<void(const AccountResult &)> done)
{
    m_database.run<AccountResult>(
        StorageAccess::Write,
        auditedWork<AccountResult>(
            [userId, passwordHash, at](SqlConnection &connection) {
                return AccountsTable(connection).create(userId, passwordHash, at);
            },
            audit, &accountChanged),
        context, std::move(done));
}

void SqlAccountStore::setPassword(const QString &userId, const QByteArray &passwordHash,
                                  const QDateTime &at, const AuditEntry &audit, QObject *context,
                                  std::function<void(const AccountResult &)> done)
{
    m_database.run<AccountResult>(
        StorageAccess::Write,
        auditedWork<AccountResult>(
            [userId, passwordHash, at](SqlConnection &connection) {
                return AccountsTable(connection).setPassword(userId, passwordHash, at);
            },
            audit, &accountChanged),
        context, std::move(done));
}

void SqlAccountStore::setDisabled(const QString &userId, bool disabled, const AuditEntry &audit,
                                  QObject *context, std::function<void(const AccountResult &)> done)
{
    m_database.run<AccountResult>(
        StorageAccess::Write,
        auditedWork<AccountResult>(
            [userId, disabled](SqlConnection &connection) {
                return AccountsTable(connection).setDisabled(userId, disabled);
            },
            audit, &accountChanged),
        context, std::move(done));
}

void SqlAccountStore::removeAccount(const QString &userId, const AuditEntry &audit,
                                    QObject *context,
                                    std::function<void(const AccountResult &)> done)
{
    m_database.run<AccountResult>(StorageAccess::Write,
                                  auditedWork<AccountResult>(
                                      [userId](SqlConnection &connection) {
                                          return AccountsTable(connection).remove(userId);
                                      },
                                      audit, &accountChanged),
                                  context, std::move(done));
}

void SqlAccountStore::recordLogin(const QString &userId, const QDateTime &at, QObject *context,
                                  std::function<void(const AccountResult &)> done)
{
    m_database.run<AccountResult>(
        StorageAccess::Write,
        [userId, at](SqlConnection &connection) {
            return AccountsTable(connection).recordLogin(userId, at);
        },
        context, std::move(done));
}

} // namespace ddalab
