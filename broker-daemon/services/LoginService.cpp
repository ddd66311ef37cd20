#include "services/LoginService.h"

#include "auth/Authenticator.h"
#include "auth/LoginSessions.h"
#include "auth/LoginThrottle.h"
#include "auth/PasswordHasher.h"
#include "auth/PasswordWorker.h"
#include "directory/LdapDirectory.h"
#include "domain/AuditAction.h"
#include "logging/LogCategories.h"
#include "services/AuditTrail.h"
#include "storage/AccountStore.h"

#include <QCryptographicHash>
#include <QPointer>

#include <sodium.h>

namespace ddalab {

using namespace Qt::StringLiterals;
using Status = LoginService::Outcome::Status;

namespace {

QByteArray digest(const QByteArray &text)
{
    return QCryptographicHash::hash(text, QCryptographicHash::Sha256);
}

} // namespace

LoginService::LoginService(const AuthSettings &settings, AccountStore &accounts,
                           LoginSessions &sessions, PasswordWorker &passwords,
                           LoginThrottle &throttle, LdapDirectory *directory,
                           const Authenticator &authenticator, const Clock &clock,
                           AuditTrail &audit, QObject *parent)
    : QObject(parent), m_settings(settings), m_accounts(accounts), m_sessions(sessions),
      m_passwords(passwords), m_throttle(throttle), m_directory(directory),
      m_authenticator(authenticator), m_clock(clock), m_audit(audit)
{
    if (!m_settings.sharedPassword.isEmpty())
        m_sharedPasswordDigest = digest(m_settings.sharedPassword.toUtf8());
}

LoginService::Outcome LoginService::busy()
{
    Outcome outcome{Status::Busy, {}, {}, std::chrono::seconds(1)};
    return outcome;
}

void LoginService::login(const Attempt &attempt, QObject *context,
                         std::function<void(const Outcome &)> done)
{
    if (const auto wait = m_throttle.waitFor(attempt.userId, attempt.clientAddress);
        wait.count() > 0) {
        qCInfo(lcAuth).noquote() << "login of" << attempt.userId << "from" << attempt.clientAddress
                                 << "throttled for" << wait.count() << "s";
        done(Outcome{Status::Throttled, {}, {}, wait});
        return;
    }
    using Mode = AuthSettings::Mode;
    using Source = AuthSettings::PasswordSource;
    if (m_settings.mode == Mode::None) {
        // The seed broker's trust: whoever reaches the port may be anybody.
        openSession(attempt, context, done);
        return;
    }
    if (attempt.password.isEmpty()) {
        done(Outcome{Status::PasswordMissing, {}, {}, {}});
        return;
    }
    if (m_settings.mode == Mode::Jwt) {
        // The password is a JWT that proves this user id.
        const AuthDecision decision = m_authenticator.verifyJwt(attempt.password);
        if (decision.accepted && decision.identity.provenUserId == attempt.userId)
            openSession(attempt, context, done);
        else
            refuse(attempt, done);
        return;
    }
    switch (m_settings.passwordSource) {
    case Source::Shared: {
        const QByteArray given = digest(attempt.password);
        const bool matches = sodium_memcmp(given.constData(), m_sharedPasswordDigest.constData(),
                                           size_t(given.size())) == 0;
        matches ? openSession(attempt, context, done) : refuse(attempt, done);
        return;
    }
    case Source::Ldap:
        checkDirectory(attempt, context, done);
        return;
    case Source::Accounts:
        checkAccount(attempt, context, done);
        return;
    }
}

void LoginService::checkAccount(const Attempt &attempt, QObject *context, const Done &done)
{
    m_accounts.findCredentials(
        attempt.userId, this,
        [this, attempt, context = QPointer<QObject>(context),
         done](const AccountCredentialsResult &found) {
            if (!context)
                return;
            if (found.status == AccountCredentialsResult::Status::Failed) {
                done(Outcome{Status::Failed, {}, {}, {}});
                return;
            }
            const bool known = found.status == AccountCredentialsResult::Status::Found;
            const QByteArray &hash = known ? found.passwordHash : PasswordHasher::decoy();
            const bool started = m_passwords.verify(
                hash, attempt.password, context,
                [this, attempt, known, disabled = found.account.disabled, context,
                 done](bool matches) {
                    if (!known || !matches) {
                        refuse(attempt, done);
                    } else if (disabled) {
                        qCInfo(lcAuth).noquote()
                            << "login of the disabled account" << attempt.userId << "refused";
                        noteFailure(attempt, u"disabled"_s);
                        done(Outcome{Status::Disabled, {}, {}, {}});
                    } else {
                        m_accounts.recordLogin(attempt.userId, m_clock.now(), this,
                                               [](const AccountResult &) {});
                        openSession(attempt, context, done);
                    }
                });
            if (!started)
                done(busy());
        });
}

void LoginService::checkDirectory(const Attempt &attempt, QObject *context, const Done &done)
{
    m_directory->checkPassword(attempt.userId, attempt.password, context,
                               [this, attempt, context, done](LdapDirectory::PasswordCheck check) {
                                   switch (check) {
                                   case LdapDirectory::PasswordCheck::Accepted:
                                       openSession(attempt, context, done);
                                       return;
                                   case LdapDirectory::PasswordCheck::Refused:
                                       refuse(attempt, done);
                                       return;
                                   case LdapDirectory::PasswordCheck::Failed:
                                       done(Outcome{Status::Failed, {}, {}, {}});
                                       return;
                                   }
                               });
}

void LoginService::refuse(const Attempt &attempt, const Done &done)
{
    m_throttle.failed(attempt.userId, attempt.clientAddress);
    qCInfo(lcAuth).noquote() << "failed login of" << attempt.userId << "from"
                             << attempt.clientAddress;
    noteFailure(attempt, u"refused"_s);
    done(Outcome{Status::Refused, {}, {}, {}});
}

void LoginService::noteFailure(const Attempt &attempt, const QString &reason)
{
    m_audit.note(m_audit.entry(AuditAction::LoginFailed,
                               AuditActor{attempt.userId, attempt.clientAddress}, attempt.userId,
                               AuditOutcome::Failure, {{"reason"_L1, reason}}));
}

void LoginService::openSession(const Attempt &attempt, QObject *context, const Done &done)
{
    const AuditEntry audit = m_audit.entry(AuditAction::LoginSucceeded,
                                           AuditActor{attempt.userId, attempt.clientAddress}, {});
    m_sessions.open(attempt.userId, attempt.endpoint, attempt.clientAddress, audit, context,
                    [this, attempt, audit, done](const LoginSessions::Opened &opened) {
                        if (!opened.ok) {
                            done(Outcome{Status::Failed, {}, {}, {}});
                            return;
                        }
                        AuditEntry row = audit;
                        row.target = opened.session.sessionId;
                        m_audit.committed(row);
                        m_throttle.succeeded(attempt.userId);
                        qCInfo(lcAuth).noquote()
                            << attempt.userId << "logged in from" << attempt.clientAddress
                            << "(session" << opened.session.sessionId << ")";
                        done(Outcome{Status::LoggedIn, opened.token, opened.session, {}});
                    });
}

void LoginService::logout(const AuditActor &user, const QString &sessionId, QObject *context,
                          std::function<void(bool)> done)
{
    const AuditEntry audit = m_audit.entry(AuditAction::Logout, user, sessionId);
    m_sessions.revoke(sessionId, audit, context, [this, audit, done](bool ended) {
        if (ended)
            m_audit.committed(audit);
        done(ended);
    });
}

} // namespace ddalab
