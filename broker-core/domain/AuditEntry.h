#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace ddalab {

// How an audited action ended: done, failed (bad credentials, a refused change), or refused by
// an access policy (a share denied).
enum class AuditOutcome { Success, Failure, Denied };

QString auditOutcomeName(AuditOutcome outcome);
std::optional<AuditOutcome> auditOutcomeFromName(const QString &name);

// One row of the audit trail: who (actor: a user id, "admin:..." or "broker") did what (a
// dotted name from AuditAction) to what (target: a share token, team id, user id or session
// id), from where (the peer address, absent when not recorded), how it ended, and details as
// JSON. Details never carry secrets (passwords, credentials, session tokens).
struct AuditEntry
{
    qint64 id = 0; // 0 until stored; the keyset paging key, larger is newer
    QDateTime time;
    QString actor;
    QString action;
    QString target;
    std::optional<QString> sourceAddress;
    AuditOutcome outcome = AuditOutcome::Success;
    QJsonObject details;

    bool operator==(const AuditEntry &other) const = default;
};

// Who acts, for an audit row: a user id ("admin:NAME" for an administrator credential, empty
// for an anonymous request) and the peer address of its connection or request.
struct AuditActor
{
    QString id;
    QString address;
    QString logName; // how log lines name the actor (an administrator's credential); id if empty

    const QString &forLog() const { return logName.isEmpty() ? id : logName; }
};

// What GET /api/admin/audit and the monitor's audit query ask for: empty strings match
// anything; since is inclusive, until exclusive; afterId continues a page (rows older than it).
// actions, when not empty, admits only those actions (a share's access list: granted, denied).
struct AuditQuery
{
    QString actor;
    QString action;
    QStringList actions;
    QString target;
    std::optional<QDateTime> since;
    std::optional<QDateTime> until;
    std::optional<qint64> afterId;
    int limit = 100;

    static constexpr int kDefaultLimit = 100;
    static constexpr int kMaxLimit = 1000;

    // Whether a row passes the filters (not the paging): for rows not yet in the database.
    bool matches(const AuditEntry &entry) const;
};

// A page of the audit trail, newest first; nextAfterId continues it when more rows follow.
struct AuditPage
{
    QList<AuditEntry> entries;
    std::optional<qint64> nextAfterId;
};

} // namespace ddalab
