#pragma once

#include "domain/AuditEntry.h"
#include "domain/Clock.h"
#include "protocol/MonitorMessages.h"

#include <QObject>

#include <functional>

namespace ddalab {

class AccountStore;
class AuditTrail;
class LoginSessions;
class PasswordWorker;

// The accounts of AUTH_MODE=password, for administrators (HTTP and the monitor): list them with
// their open sessions, add one, reset a password, disable, enable and remove. A disabled or
// removed account's sessions end at once (their connections closed with 1008); a reset password
// leaves open sessions alone. Passwords are hashed off the network thread.
class AccountService : public QObject
{
    Q_OBJECT
public:
    enum class Outcome { Done, Created, Exists, NotFound, Busy, Failed };

    AccountService(AccountStore &store, LoginSessions &sessions, PasswordWorker &passwords,
                   const Clock &clock, AuditTrail &audit, QObject *parent = nullptr);

    // nullopt: the database failed.
    void list(QObject *context,
              std::function<void(const std::optional<QList<protocol::AccountEntry>> &)> done);
    // admin is who asked; each change commits with its audit row.
    void create(const AuditActor &admin, const QString &userId, const QString &password,
                QObject *context, std::function<void(Outcome)> done);
    void setPassword(const AuditActor &admin, const QString &userId, const QString &password,
                     QObject *context, std::function<void(Outcome)> done);
    void setDisabled(const AuditActor &admin, const QString &userId, bool disabled,
                     QObject *context, std::function<void(Outcome)> done);
    void remove(const AuditActor &admin, const QString &userId, QObject *context,
                std::function<void(Outcome)> done);
    // Ends a login session (admin.session_revoked); done(false): no such live session.
    void revokeSession(const AuditActor &admin, const QString &sessionId, QObject *context,
                       std::function<void(bool)> done);

private:
    AccountStore &m_store;
    LoginSessions &m_sessions;
    PasswordWorker &m_passwords;
    const Clock &m_clock;
    AuditTrail &m_audit;
};

} // namespace ddalab
