#pragma once

#include "ErrorCode.h"
#include "Messages.h"
#include "domain/InstitutionSettings.h"

#include <QByteArray>
#include <QJsonObject>

#include <optional>

// The JSON bodies of the HTTP API, both ways, built from typed values: what the broker answers
// (compact JSON, ready to send) and the request bodies it reads. The shapes of shares, teams and
// backups are those of the WebSocket messages (ShareJson, TeamJson, BackupJson).
namespace ddalab::protocol::http {

// {"code", "error"}: the body of every HTTP error the broker answers.
QByteArray errorBody(ErrorCode code, const QString &message);
struct ErrorBody
{
    ErrorCode code = ErrorCode::ParseError;
    QString message;
};
// nullopt when body is not an error body with a known code.
std::optional<ErrorBody> readErrorBody(const QByteArray &body);

// GET /api/shares/TOKEN: share_info's `info` object.
QByteArray shareInfoBody(const ShareInfo &info);

// The team API.
QByteArray teamBody(const Team &team);
QByteArray teamWithMembersBody(const Team &team, const QList<TeamMember> &members);
QByteArray teamsBody(const QList<Team> &teams);
QByteArray memberBody(const TeamMember &member);
QByteArray userTeamsBody(const QString &userId, const QList<TeamMembership> &teams);

// PUT /api/backups/USER: the stored backup's description.
QByteArray backupBody(const BackupRecord &backup);

// GET and PUT /api/institution/config: the settings as InstitutionJson shapes them.
QByteArray institutionBody(const InstitutionSettings &settings);

// POST /auth/login, as the desktops send it: password may be empty, endpoint absent.
struct LoginRequest
{
    QString userId;
    QString password;
    QString endpoint;
};
std::optional<LoginRequest> readLoginRequest(const QJsonObject &body, QString *error);
// {"session_token", "user_id", "expires_in_seconds"}
QByteArray loginBody(const QString &token, const QString &userId, qint64 expiresInSeconds);
// GET /auth/session: {"valid", "user_id", "expires_in_seconds"}, the last two null when invalid.
QByteArray sessionStatusBody(const std::optional<QString> &userId, qint64 expiresInSeconds);
struct SessionStatus
{
    bool valid = false;
    QString userId;
    qint64 expiresInSeconds = 0;
};
std::optional<SessionStatus> readSessionStatus(const QByteArray &body);
struct LoginAnswer
{
    QString token;
    QString userId;
    qint64 expiresInSeconds = 0;
};
std::optional<LoginAnswer> readLoginAnswer(const QByteArray &body);

// The account and session admin API.
QByteArray accountsBody(const QList<AccountEntry> &accounts);
QByteArray accountBody(const AccountEntry &account);
QByteArray sessionsBody(const QList<SessionEntry> &sessions);
// POST /api/admin/users
struct NewAccount
{
    QString userId;
    QString password;
};
std::optional<NewAccount> readNewAccount(const QJsonObject &body, QString *error);
// PUT /api/admin/users/USER/password
std::optional<QString> readNewPassword(const QJsonObject &body, QString *error);
// PATCH /api/admin/users/USER: {"disabled": bool}
std::optional<bool> readAccountDisabled(const QJsonObject &body, QString *error);

// POST /api/teams
struct NewTeam
{
    QString teamId;
    QString name;
};
// PATCH /api/teams/ID
struct TeamRename
{
    QString name;
};
// PUT /api/teams/ID/members/USER
struct MemberRole
{
    TeamRole role = TeamRole::Member;
};
// Each nullopt with the reason (naming the field) in error.
std::optional<NewTeam> readNewTeam(const QJsonObject &body, QString *error);
std::optional<TeamRename> readTeamRename(const QJsonObject &body, QString *error);
std::optional<MemberRole> readMemberRole(const QJsonObject &body, QString *error);

} // namespace ddalab::protocol::http
