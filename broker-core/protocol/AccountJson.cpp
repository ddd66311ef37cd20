#include "AccountJson.h"

#include "FieldLimits.h"
#include "ProtocolFields.h"
#include "Rfc3339.h"

#include <climits>

namespace ddalab::protocol::account_json {

using namespace Qt::StringLiterals;

namespace {

QJsonValue nullableTime(const std::optional<QDateTime> &time)
{
    return time ? QJsonValue(rfc3339::format(*time)) : QJsonValue(QJsonValue::Null);
}

} // namespace

QJsonObject accountToJson(const AccountEntry &entry)
{
    const Account &account = entry.account;
    return {{"user_id"_L1, account.userId},
            {"disabled"_L1, account.disabled},
            {"created_at"_L1, rfc3339::format(account.createdAt)},
            {"password_changed_at"_L1, rfc3339::format(account.passwordChangedAt)},
            {"last_login_at"_L1, nullableTime(account.lastLoginAt)},
            {"open_sessions"_L1, entry.openSessions}};
}

AccountEntry readAccount(JsonFieldReader &reader)
{
    AccountEntry entry;
    Account &account = entry.account;
    account.userId = fields::readUserId(reader, "user_id"_L1);
    account.disabled = reader.requiredBool("disabled"_L1);
    account.createdAt = fields::readTime(reader, "created_at"_L1);
    account.passwordChangedAt = fields::readTime(reader, "password_changed_at"_L1);
    account.lastLoginAt = fields::readNullableTime(reader, "last_login_at"_L1);
    entry.openSessions = int(reader.requiredInteger("open_sessions"_L1, 0, INT_MAX));
    return entry;
}

QJsonObject sessionToJson(const SessionEntry &entry)
{
    const LoginSession &session = entry.session;
    return {{"session_id"_L1, session.sessionId},
            {"user_id"_L1, session.userId},
            {"created_at"_L1, rfc3339::format(session.createdAt)},
            {"expires_at"_L1, rfc3339::format(session.expiresAt)},
            {"client_address"_L1, session.clientAddress},
            {"endpoint"_L1, session.endpoint.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                       : QJsonValue(session.endpoint)},
            {"connections"_L1, entry.connections}};
}

SessionEntry readSession(JsonFieldReader &reader)
{
    SessionEntry entry;
    LoginSession &session = entry.session;
    session.sessionId = reader.requiredString("session_id"_L1, 64);
    session.userId = fields::readUserId(reader, "user_id"_L1);
    session.createdAt = fields::readTime(reader, "created_at"_L1);
    session.expiresAt = fields::readTime(reader, "expires_at"_L1);
    session.clientAddress = reader.requiredString("client_address"_L1, 64);
    session.endpoint = reader.nullableString("endpoint"_L1, limits::kEndpoint).value_or(QString());
    entry.connections = int(reader.requiredInteger("connections"_L1, 0, INT_MAX));
    return entry;
}

QString readNewPassword(JsonFieldReader &reader)
{
    QString password = reader.requiredString("password"_L1, limits::kPassword);
    if (reader.ok() && password.size() < kMinPassword)
        reader.fail(
            u"field '%1' must be at least %2 characters"_s.arg(reader.fieldPath("password"_L1))
                .arg(kMinPassword));
    return password;
}

} // namespace ddalab::protocol::account_json
