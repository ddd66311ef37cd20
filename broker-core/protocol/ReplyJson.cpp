#include "ReplyJson.h"

#include "AccountJson.h"
#include "BackupJson.h"
#include "FieldLimits.h"
#include "MonitorJson.h"
#include "ShareAccessJson.h"
#include "ShareJson.h"
#include "TeamJson.h"

#include <QJsonArray>

namespace ddalab::protocol::reply_json {

using namespace Qt::StringLiterals;

namespace {

// Far above any lab, low enough to refuse garbage.
constexpr qsizetype kMaxListEntries = 1'000'000;

Error readError(JsonFieldReader &reader)
{
    Error error;
    error.message = reader.requiredString("message"_L1, 4096);
    const QString code = reader.requiredString("code"_L1, 64);
    if (reader.ok()) {
        if (auto parsed = errorCodeFromName(code))
            error.code = *parsed;
        else
            reader.fail(u"unknown error code '%1'"_s.arg(code));
    }
    return error;
}

ShareInfo readShareInfoReply(JsonFieldReader &reader)
{
    const std::optional<QString> token = reader.nullableString("token"_L1, limits::kToken);
    const QJsonObject object = reader.requiredObject("info"_L1);
    if (!reader.ok())
        return {};
    JsonFieldReader infoReader(object, u"info"_s);
    ShareInfo info = share_json::readShareInfo(infoReader);
    info.token = token.value_or(QString());
    if (!infoReader.ok())
        reader.fail(infoReader.error());
    return info;
}

} // namespace

std::optional<Reply> readReply(QStringView type, JsonFieldReader &reader)
{
    if (isType<Ack>(type))
        return Ack{};
    if (isType<Error>(type))
        return readError(reader);
    if (isType<ShareInfo>(type))
        return readShareInfoReply(reader);
    if (isType<TeamList>(type))
        return TeamList{
            readObjectArray(reader, "teams"_L1, kMaxListEntries, team_json::readMembership)};
    if (isType<ShareList>(type)) {
        ShareList list;
        list.shares = readObjectArray(reader, "shares"_L1, kMaxListEntries, share_json::readShare);
        list.truncated = reader.requiredBool("truncated"_L1);
        return list;
    }
    if (isType<StateBackup>(type))
        return StateBackup{backup_json::readBackup(reader)};
    if (isType<ShareAccessList>(type))
        return share_access_json::readList(reader);
    if (isType<MonitorSnapshot>(type))
        return monitor_json::readSnapshot(reader);
    if (isType<SharesPage>(type))
        return monitor_json::readSharesPage(reader);
    if (isType<AccountList>(type)) {
        AccountList list;
        list.accounts =
            readObjectArray(reader, "accounts"_L1, kMaxListEntries, account_json::readAccount);
        list.accountsInUse = reader.requiredBool("accounts_in_use"_L1);
        return list;
    }
    if (isType<AuditPageReply>(type))
        return monitor_json::readAuditPage(reader);
    if (isType<SessionList>(type))
        return SessionList{
            readObjectArray(reader, "sessions"_L1, kMaxListEntries, account_json::readSession)};
    return std::nullopt;
}

QJsonObject replyToJson(const Reply &reply)
{
    return std::visit(
        [](const auto &message) -> QJsonObject {
            using T = std::decay_t<decltype(message)>;
            if constexpr (std::is_same_v<T, TeamList>) {
                QJsonArray teams;
                for (const TeamMembership &team : message.teams)
                    teams.append(team_json::membershipToJson(team));
                return {{"teams"_L1, teams}};
            } else if constexpr (std::is_same_v<T, ShareList>) {
                QJsonArray shares;
                for (const ShareRecord &share : message.shares)
                    shares.append(share_json::shareToJson(share));
                return {{"shares"_L1, shares}, {"truncated"_L1, message.truncated}};
            } else if constexpr (std::is_same_v<T, StateBackup>) {
                return backup_json::backupToJson(message.backup);
            } else if constexpr (std::is_same_v<T, ShareAccessList>) {
                return share_access_json::listToJson(message);
            } else if constexpr (std::is_same_v<T, MonitorSnapshot>) {
                return monitor_json::snapshotToJson(message);
            } else if constexpr (std::is_same_v<T, SharesPage>) {
                return monitor_json::sharesPageToJson(message);
            } else if constexpr (std::is_same_v<T, AccountList>) {
                QJsonArray accounts;
                for (const AccountEntry &entry : message.accounts)
                    accounts.append(account_json::accountToJson(entry));
                return {{"accounts"_L1, accounts}, {"accounts_in_use"_L1, message.accountsInUse}};
            } else if constexpr (std::is_same_v<T, AuditPageReply>) {
                return monitor_json::auditPageToJson(message);
            } else if constexpr (std::is_same_v<T, SessionList>) {
                QJsonArray sessions;
                for (const SessionEntry &entry : message.sessions)
                    sessions.append(account_json::sessionToJson(entry));
                return {{"sessions"_L1, sessions}};
            } else {
                // Ack, Error and ShareInfo: MessageCodec writes them as text.
                static_assert(std::is_same_v<T, Ack> || std::is_same_v<T, Error> ||
                              std::is_same_v<T, ShareInfo>);
                return {};
            }
        },
        reply);
}

} // namespace ddalab::protocol::reply_json
