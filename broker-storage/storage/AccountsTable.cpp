#include "AccountsTable.h"

#include "SqlConnection.h"

#include <QVariant>

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {

// The columns select_account and select_accounts begin with.
enum Column { UserId, Disabled, CreatedAtMs, PasswordChangedAtMs, LastLoginAtMs, PasswordHash };

QDateTime fromMs(const QVariant &value)
{
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

Account accountFromRow(const SqlStatement &row)
{
    Account account;
    account.userId = row.value(UserId).toString();
    account.disabled = row.value(Disabled).toBool();
    account.createdAt = fromMs(row.value(CreatedAtMs));
    account.passwordChangedAt = fromMs(row.value(PasswordChangedAtMs));
    if (!row.isNull(LastLoginAtMs))
        account.lastLoginAt = fromMs(row.value(LastLoginAtMs));
    return account;
}

} // namespace

AccountResult AccountsTable::updated(int rowsAffected)
{
    return {rowsAffected == 1 ? AccountResult::Status::Updated : AccountResult::Status::NotFound,
            {}};
}

std::optional<AccountCredentialsResult> AccountsTable::findCredentials(const QString &userId)
{
    SqlStatement select = m_connection.prepare(u"select_account"_s);
    select.bind(u":user_id"_s, userId);
    if (!select.exec())
        return std::nullopt;
    if (!select.next())
        return AccountCredentialsResult{AccountCredentialsResult::Status::NotFound, {}, {}, {}};
    return AccountCredentialsResult{AccountCredentialsResult::Status::Found,
                                    accountFromRow(select),
                                    select.value(PasswordHash).toString().toLatin1(),
                                    {}};
}

std::optional<AccountListResult> AccountsTable::list()
{
    SqlStatement select = m_connection.prepare(u"select_accounts"_s);
    if (!select.exec())
        return std::nullopt;
    AccountListResult result{AccountListResult::Status::Found, {}, {}};
    while (select.next())
        result.accounts.append(accountFromRow(select));
    return result;
}

std::optional<AccountResult>
AccountsTable::create(const QString &userId, const QByteArray &passwordHash, const QDateTime &at)
{
    SqlStatement insert = m_connection.prepare(u"insert_account"_s);
    insert.bind(u":user_id"_s, userId);
    insert.bind(u":password_hash"_s, QString::fromLatin1(passwordHash));
    insert.bind(u":created_at_ms"_s, at.toMSecsSinceEpoch());
    if (!insert.exec())
        return std::nullopt;
    return AccountResult{insert.numRowsAffected() == 1 ? AccountResult::Status::Created
                                                       : AccountResult::Status::AlreadyExists,
                         {}};
}

std::optional<AccountResult> AccountsTable::setPassword(const QString &userId,
                                                        const QByteArray &passwordHash,
                                                        const QDateTime &at)
{
    SqlStatement update = m_connection.prepare(u"update_account_password"_s);
    update.bind(u":password_hash"_s, QString::fromLatin1(passwordHash));
    update.bind(u":changed_at_ms"_s, at.toMSecsSinceEpoch());
    update.bind(u":user_id"_s, userId);
    if (!update.exec())
        return std::nullopt;
    return updated(update.numRowsAffected());
}

std::optional<AccountResult> AccountsTable::setDisabled(const QString &userId, bool disabled)
{
    SqlStatement update = m_connection.prepare(u"update_account_disabled"_s);
    update.bind(u":disabled"_s, disabled);
    update.bind(u":user_id"_s, userId);
    if (!update.exec())
        return std::nullopt;
    return updated(update.numRowsAffected());
}

std::optional<AccountResult> AccountsTable::remove(const QString &userId)
{
    SqlStatement remove = m_connection.prepare(u"delete_account"_s);
    remove.bind(u":user_id"_s, userId);
    if (!remove.exec())
        return std::nullopt;
    return AccountResult{remove.numRowsAffected() == 1 ? AccountResult::Status::Removed
                                                       : AccountResult::Status::NotFound,
                         {}};
}

std::optional<AccountResult> AccountsTable::recordLogin(const QString &userId, const QDateTime &at)
{
    SqlStatement update = m_connection.prepare(u"update_account_last_login"_s);
    update.bind(u":login_at_ms"_s, at.toMSecsSinceEpoch());
    update.bind(u":user_id"_s, userId);
    if (!update.exec())
        return std::nullopt;
    return updated(update.numRowsAffected());
}

} // namespace ddalab
