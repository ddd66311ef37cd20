#pragma once

#include "config/Config.h"
#include "domain/AuditEntry.h"
#include "domain/Clock.h"
#include "domain/LoginSession.h"

#include <QObject>

#include <chrono>
#include <functional>

namespace ddalab {

class AccountStore;
class AuditTrail;
class Authenticator;
class LdapDirectory;
class LoginSessions;
class LoginThrottle;
class PasswordWorker;

// POST /auth/login: decides, by AUTH_MODE and PASSWORD_SOURCE, whether a user id and password
// open a session. A wrong password and an unknown user id get the same answer after the same
// work (an unknown user's password is checked against a decoy hash); failures back off per user
// id and per address; a disabled account is told only to whoever knows its password. A login
// commits with its login.succeeded row; failures are noted (login.failed).
class LoginService : public QObject
{
    Q_OBJECT
public:
    struct Attempt
    {
        QString userId;
        QByteArray password; // empty when the desktop had none
        QString endpoint;
        QString clientAddress;
    };
    struct Outcome
    {
        enum class Status {
            LoggedIn,
            Refused,         // wrong password, unknown user, or a credential that proves another
            PasswordMissing, // this broker needs a password and none came
            Disabled,        // the account is disabled (the password was right)
            Throttled,       // too many failures: retryAfter
            Busy,            // too many logins being checked: retryAfter
            Failed,          // the database or the directory failed
        };
        Status status = Status::Failed;
        QString token; // LoggedIn: the session's credential
        LoginSession session;
        std::chrono::seconds retryAfter{0};
    };

    LoginService(const AuthSettings &settings, AccountStore &accounts, LoginSessions &sessions,
                 PasswordWorker &passwords, LoginThrottle &throttle, LdapDirectory *directory,
                 const Authenticator &authenticator, const Clock &clock, AuditTrail &audit,
                 QObject *parent = nullptr);

    void login(const Attempt &attempt, QObject *context, std::function<void(const Outcome &)> done);
    // POST /auth/logout: ends the caller's own session (logout); done(false): it had ended.
    void logout(const AuditActor &user, const QString &sessionId, QObject *context,
                std::function<void(bool)> done);

private:
    using Done = std::function<void(const Outcome &)>;
    void checkAccount(const Attempt &attempt, QObject *context, const Done &done);
    void checkDirectory(const Attempt &attempt, QObject *context, const Done &done);
    void openSession(const Attempt &attempt, QObject *context, const Done &done);
    void refuse(const Attempt &attempt, const Done &done);
    // A login.failed row, written with the next flush of the trail.
    void noteFailure(const Attempt &attempt, const QString &reason);
    static Outcome busy();

    AuthSettings m_settings;
    AccountStore &m_accounts;
    LoginSessions &m_sessions;
    PasswordWorker &m_passwords;
    LoginThrottle &m_throttle;
    LdapDirectory *m_directory;
    const Authenticator &m_authenticator;
    const Clock &m_clock;
    AuditTrail &m_audit;
    QByteArray m_sharedPasswordDigest;
};

} // namespace ddalab
