#pragma once

#include "AccountResults.h"

#include <optional>

namespace ddalab {

class SqlConnection;

// The accounts table. Runs on the storage thread inside whatever transaction the caller holds;
// nullopt means the database failed (the connection's lastError says why).
class AccountsTable
{
public:
    explicit AccountsTable(SqlConnection &connection) : m_connection(connection) {}

    std::optional<AccountCredentialsResult> findCredentials(const QString &userId);
    std::optional<AccountListResult> list();
    std::optional<AccountResult> create(const QString &userId, const QByteArray &passwordHash,
                                        const QDateTime &at);
    std::optional<AccountResult> setPassword(const QString &userId, const QByteArray &passwordHash,
                                             const QDateTime &at);
    std::optional<AccountResult> setDisabled(const QString &userId, bool disabled);
    std::optional<AccountResult> remove(const QString &userId);
    std::optional<AccountResult> recordLogin(const QString &userId, const QDateTime &at);

private:
    // Updated when the statement changed a row, else NotFound.
    static AccountResult updated(int rowsAffected);

    SqlConnection &m_connection;
};

} // namespace ddalab
