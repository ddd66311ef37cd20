#include "HttpBodies.h"

#include "AccountJson.h"
#include "BackupJson.h"
#include "FieldLimits.h"
#include "IdRules.h"
#include "InstitutionJson.h"
#include "JsonFieldReader.h"
#include "JsonText.h"
#include "ProtocolFields.h"
#include "ShareJson.h"
#include "TeamJson.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace ddalab::protocol::http {

using namespace Qt::StringLiterals;

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// A team's name: 1 to kTeamName printable characters; empty with the reason in reader if not.
QString readTeamName(JsonFieldReader &reader)
{
    QString name = reader.requiredString("name"_L1, limits::kTeamName);
    if (reader.ok() && (name.isEmpty() || !ids::isPrintable(name)))
        reader.fail(u"field 'name' must be 1 to %1 printable characters"_s.arg(limits::kTeamName));
    return name;
}

template <typename Body>
std::optional<Body> finish(const JsonFieldReader &reader, Body body, QString *error)
{
    if (reader.ok())
        return body;
    *error = reader.error();
    return std::nullopt;
}

} // namespace

QByteArray errorBody(ErrorCode code, const QString &message)
{
    QByteArray out;
    JsonTextObject object(out);
    object.field("code", errorCodeName(code));
    object.field("error", message);
    return out;
}

std::optional<ErrorBody> readErrorBody(const QByteArray &body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    JsonFieldReader reader(object);
    const QString code = reader.requiredString("code"_L1, 64);
    ErrorBody error{ErrorCode::ParseError, reader.requiredString("error"_L1, 4096)};
    const auto parsed = errorCodeFromName(code);
    if (!reader.ok() || !parsed)
        return std::nullopt;
    error.code = *parsed;
    return error;
}

QByteArray shareInfoBody(const ShareInfo &info)
{
    QByteArray out;
    out.reserve(256);
    share_json::appendShareInfo(out, info);
    return out;
}

QByteArray teamBody(const Team &team)
{
    return compact(team_json::teamToJson(team));
}

QByteArray teamWithMembersBody(const Team &team, const QList<TeamMember> &members)
{
    QJsonObject object = team_json::teamToJson(team);
    QJsonArray array;
    for (const TeamMember &member : members)
        array.append(team_json::memberToJson(member));
    object.insert("members"_L1, array);
    return compact(object);
}

QByteArray teamsBody(const QList<Team> &teams)
{
    QJsonArray array;
    for (const Team &team : teams)
        array.append(team_json::teamToJson(team));
    return compact({{"teams"_L1, array}});
}

QByteArray memberBody(const TeamMember &member)
{
    return compact(team_json::memberToJson(member));
}

QByteArray userTeamsBody(const QString &userId, const QList<TeamMembership> &teams)
{
    QJsonArray array;
    for (const TeamMembership &membership : teams)
        array.append(team_json::membershipToJson(membership));
    return compact({{"user_id"_L1, userId}, {"teams"_L1, array}});
}

QByteArray backupBody(const BackupRecord &backup)
{
    return compact(backup_json::descriptionToJson(backup));
}

QByteArray institutionBody(const InstitutionSettings &settings)
{
    return compact(institution_json::toJson(settings));
}

std::optional<LoginRequest> readLoginRequest(const QJsonObject &body, QString *error)
{
    JsonFieldReader reader(body);
    LoginRequest request;
    request.userId = fields::readUserId(reader, "user_id"_L1);
    request.password = reader.requiredString("password"_L1, limits::kPassword);
    if (reader.ok() && reader.nullableString("endpoint"_L1, limits::kEndpoint))
        request.endpoint = fields::readEndpoint(reader);
    return finish(reader, request, error);
}

QByteArray loginBody(const QString &token, const QString &userId, qint64 expiresInSeconds)
{
    return compact({{"session_token"_L1, token},
                    {"user_id"_L1, userId},
                    {"expires_in_seconds"_L1, double(expiresInSeconds)}});
}

QByteArray sessionStatusBody(const std::optional<QString> &userId, qint64 expiresInSeconds)
{
    return compact({{"valid"_L1, userId.has_value()},
                    {"user_id"_L1, userId ? QJsonValue(*userId) : QJsonValue(QJsonValue::Null)},
                    {"expires_in_seconds"_L1, userId ? QJsonValue(double(expiresInSeconds))
                                                     : QJsonValue(QJsonValue::Null)}});
}

std::optional<SessionStatus> readSessionStatus(const QByteArray &body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    JsonFieldReader reader(object);
    SessionStatus status;
    status.valid = reader.requiredBool("valid"_L1);
    status.userId = reader.nullableString("user_id"_L1, limits::kUserId).value_or(QString());
    status.expiresInSeconds =
        reader.optionalInteger("expires_in_seconds"_L1, 0, qint64(1) << 53, 0);
    if (!reader.ok())
        return std::nullopt;
    return status;
}

std::optional<LoginAnswer> readLoginAnswer(const QByteArray &body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    JsonFieldReader reader(object);
    LoginAnswer answer;
    answer.token = reader.requiredString("session_token"_L1, limits::kAccessToken);
    answer.userId = fields::readUserId(reader, "user_id"_L1);
    answer.expiresInSeconds = reader.requiredInteger("expires_in_seconds"_L1, 0, qint64(1) << 53);
    if (!reader.ok())
        return std::nullopt;
    return answer;
}

QByteArray accountsBody(const QList<AccountEntry> &accounts)
{
    QJsonArray array;
    for (const AccountEntry &entry : accounts)
        array.append(account_json::accountToJson(entry));
    return compact({{"users"_L1, array}});
}

QByteArray accountBody(const AccountEntry &account)
{
    return compact(account_json::accountToJson(account));
}

QByteArray sessionsBody(const QList<SessionEntry> &sessions)
{
    QJsonArray array;
    for (const SessionEntry &entry : sessions)
        array.append(account_json::sessionToJson(entry));
    return compact({{"sessions"_L1, array}});
}

std::optional<NewAccount> readNewAccount(const QJsonObject &body, QString *error)
{
    JsonFieldReader reader(body);
    NewAccount account;
    account.userId = fields::readUserId(reader, "user_id"_L1);
    account.password = account_json::readNewPassword(reader);
    return finish(reader, account, error);
}

std::optional<QString> readNewPassword(const QJsonObject &body, QString *error)
{
    JsonFieldReader reader(body);
    const QString password = account_json::readNewPassword(reader);
    return finish(reader, password, error);
}

std::optional<bool> readAccountDisabled(const QJsonObject &body, QString *error)
{
    JsonFieldReader reader(body);
    const bool disabled = reader.requiredBool("disabled"_L1);
    return finish(reader, disabled, error);
}

std::optional<NewTeam> readNewTeam(const QJsonObject &body, QString *error)
{
    JsonFieldReader reader(body);
    NewTeam team;
    team.teamId = reader.requiredString("team_id"_L1, limits::kTeamId);
    if (reader.ok() && !ids::isValidTeamId(team.teamId))
        reader.fail(u"field 'team_id' must be 1 to %1 printable characters"_s.arg(limits::kTeamId));
    team.name = readTeamName(reader);
    return finish(reader, team, error);
}

std::optional<TeamRename> readTeamRename(const QJsonObject &body, QString *error)
{
    JsonFieldReader reader(body);
    TeamRename rename{readTeamName(reader)};
    return finish(reader, rename, error);
}

std::optional<MemberRole> readMemberRole(const QJsonObject &body, QString *error)
{
    JsonFieldReader reader(body);
    const QString roleName = reader.requiredString("role"_L1, 16);
    const std::optional<TeamRole> role = teamRoleFromName(roleName);
    if (reader.ok() && !role)
        reader.fail(u"field 'role' must be \"member\" or \"manager\""_s);
    return finish(reader, MemberRole{role.value_or(TeamRole::Member)}, error);
}

} // namespace ddalab::protocol::http
