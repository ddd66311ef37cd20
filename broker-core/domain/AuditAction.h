#pragma once

#include <QLatin1StringView>
#include <QList>
#include <QString>
#include <QStringList>

namespace ddalab::AuditAction {

// The audit trail's action names, stable: administrators filter and export by them. Defined
// here once; the README lists them.
inline constexpr QLatin1StringView LoginSucceeded{"login.succeeded"};
inline constexpr QLatin1StringView LoginFailed{"login.failed"};
inline constexpr QLatin1StringView Logout{"logout"};
inline constexpr QLatin1StringView SessionRevoked{"session.revoked"};

inline constexpr QLatin1StringView SharePublished{"share.published"};
inline constexpr QLatin1StringView ShareUpdated{"share.updated"};
inline constexpr QLatin1StringView ShareRevoked{"share.revoked"};
inline constexpr QLatin1StringView ShareExpired{"share.expired"};
inline constexpr QLatin1StringView ShareGranted{"share.granted"};
inline constexpr QLatin1StringView ShareDenied{"share.denied"};

inline constexpr QLatin1StringView TeamCreated{"team.created"};
inline constexpr QLatin1StringView TeamChanged{"team.changed"};
inline constexpr QLatin1StringView TeamDeleted{"team.deleted"};
inline constexpr QLatin1StringView TeamMemberAdded{"team.member_added"};
inline constexpr QLatin1StringView TeamMemberChanged{"team.member_changed"}; // a new role
inline constexpr QLatin1StringView TeamMemberRemoved{"team.member_removed"};

inline constexpr QLatin1StringView BackupStored{"backup.stored"};
inline constexpr QLatin1StringView BackupRestored{"backup.restored"};
inline constexpr QLatin1StringView BackupDeleted{"backup.deleted"};

// Institution settings (PUT /api/institution/config): AuditTrail::institutionChanged records it.
inline constexpr QLatin1StringView InstitutionChanged{"institution.changed"};

// Administrator actions.
inline constexpr QLatin1StringView AdminShareRevoked{"admin.share_revoked"};
inline constexpr QLatin1StringView AdminUserDisconnected{"admin.user_disconnected"};
inline constexpr QLatin1StringView AdminAccountCreated{"admin.account_created"};
inline constexpr QLatin1StringView AdminPasswordSet{"admin.password_set"};
inline constexpr QLatin1StringView AdminAccountDisabled{"admin.account_disabled"};
inline constexpr QLatin1StringView AdminAccountEnabled{"admin.account_enabled"};
inline constexpr QLatin1StringView AdminAccountRemoved{"admin.account_removed"};
inline constexpr QLatin1StringView AdminSessionRevoked{"admin.session_revoked"};
// A new download grant signing key (POST /api/admin/grant-keys/rotate); the target is its kid.
inline constexpr QLatin1StringView AdminGrantKeyRotated{"admin.grant_key_rotated"};

// Every action name above, for pickers and completers.
inline QStringList all()
{
    return {
        QString(LoginSucceeded),        QString(LoginFailed),         QString(Logout),
        QString(SessionRevoked),        QString(SharePublished),      QString(ShareUpdated),
        QString(ShareRevoked),          QString(ShareExpired),        QString(ShareGranted),
        QString(ShareDenied),           QString(TeamCreated),         QString(TeamChanged),
        QString(TeamDeleted),           QString(TeamMemberAdded),     QString(TeamMemberChanged),
        QString(TeamMemberRemoved),     QString(BackupStored),        QString(BackupRestored),
        QString(BackupDeleted),         QString(InstitutionChanged),  QString(AdminShareRevoked),
        QString(AdminUserDisconnected), QString(AdminAccountCreated), QString(AdminPasswordSet),
        QString(AdminAccountDisabled),  QString(AdminAccountEnabled), QString(AdminAccountRemoved),
        QString(AdminSessionRevoked),   QString(AdminGrantKeyRotated)};
}

// The actor of what the broker does by itself (expiry, retention).
inline constexpr QLatin1StringView BrokerActor{"broker"};

} // namespace ddalab::AuditAction
