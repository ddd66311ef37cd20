#include "services/AccountService.h"

#include "auth/LoginSessions.h"
#include "auth/PasswordWorker.h"
#include "domain/AuditAction.h"
#include "logging/LogCategories.h"
#include "services/AuditTrail.h"
#include "storage/AccountStore.h"

#include <QPointer>

namespace ddalab {

namespace {

AccountService::Outcome outcomeOf(const AccountResult &result)
{
    switch (result.status) {
    case AccountResult::Status::Created:
        return AccountService::Outcome::Created;
    case AccountResult::Status::Updated:
    case AccountResult::Status::Removed:
        return AccountService::Outcome::Done;
    case AccountResult::Status::AlreadyExists:
        return AccountService::Outcome::Exists;
    case AccountResult::Status::NotFound:
        return AccountService::Outcome::NotFound;
    case AccountResult::Status::Failed:
        break;
    }
    return AccountService::Outcome::Failed;
}

} // namespace

AccountService::AccountService(AccountStore &store, LoginSessions &sessions,
                               PasswordWorker &passwords, const Clock &clock, AuditTrail &audit,
                               QObject *parent)
    : QObject(parent), m_store(store), m_sessions(sessions), m_passwords(passwords), m_clock(clock),
      m_audit(audit)
{
}

void AccountService::list(
    QObject *context,
    std::function<void(const std::optional<QList<protocol::AccountEntry>> &)> done)
{
    m_store.listAccounts(context, [this, done](const AccountListResult &result) {
        if (result.status != AccountListResult::Status::Found) {
            done(std::nullopt);
            return;
        }
        QList<protocol::AccountEntry> accounts;
        for (const Account &account : result.accounts)
            accounts.append({account, m_sessions.countOf(account.userId)});
        done(accounts);
    });
}

void AccountService::create(const AuditActor &admin, const QString &userId, const QString &password,
                            QObject *context, std::function<void(Outcome)> done)
{
    const bool started = m_passwords.hash(
        password.toUtf8(), context, [this, admin, userId, context, done](const QByteArray &hash) {
            if (hash.isEmpty()) {
                done(Outcome::Failed);
                return;
            }
            const AuditEntry audit = m_audit.entry(AuditAction::AdminAccountCreated, admin, userId);
            m_store.createAccount(userId, hash, m_clock.now(), audit, context,
                                  [this, admin, userId, audit, done](const AccountResult &result) {
                                      if (result.status == AccountResult::Status::Created) {
                                          qCInfo(lcAuth).noquote()
                                              << "account" << userId << "created by"
                                              << admin.forLog();
                                          m_audit.committed(audit);
                                      }
                                      done(outcomeOf(result));
                                  });
        });
    if (!started)
        done(Outcome::Busy);
}

void AccountService::setPassword(const AuditActor &admin, const QString &userId,
                                 const QString &password, QObject *context,
                                 std::function<void(Outcome)> done)
{
    const bool started = m_passwords.hash(
        password.toUtf8(), context, [this, admin, userId, context, done](const QByteArray &hash) {
            if (hash.isEmpty()) {
                done(Outcome::Failed);
                return;
            }
            const AuditEntry audit = m_audit.entry(AuditAction::AdminPasswordSet, admin, userId);
            m_store.setPassword(userId, hash, m_clock.now(), audit, context,
                                [this, admin, userId, audit, done](const AccountResult &result) {
                                    if (result.status == AccountResult::Status::Updated) {
                                        qCInfo(lcAuth).noquote() << "password of" << userId
                                                                 << "set by" << admin.forLog();
                                        m_audit.committed(audit);
                                    }
                                    done(outcomeOf(result));
                                });
        });
    if (!started)
        done(Outcome::Busy);
}

void AccountService::setDisabled(const AuditActor &admin, const QString &userId, bool disabled,
                                 QObject *context, std::function<void(Outcome)> done)
{
    const AuditEntry audit = m_audit.entry(disabled ? AuditAction::AdminAccountDisabled
                                                    : AuditAction::AdminAccountEnabled,
                                           admin, userId);
    m_store.setDisabled(userId, disabled, audit, this,
                        [this, admin, userId, disabled, audit, context = QPointer<QObject>(context),
                         done](const AccountResult &result) {
                            if (result.status == AccountResult::Status::Updated) {
                                qCInfo(lcAuth).noquote()
                                    << "account" << userId << (disabled ? "disabled" : "enabled")
                                    << "by" << admin.forLog();
                                m_audit.committed(audit);
                                if (disabled)
                                    m_sessions.revokeAllOf(userId);
                            }
                            if (context)
                                done(outcomeOf(result));
                        });
}

void AccountService::remove(const AuditActor &admin, const QString &userId, QObject *context,
                            std::function<void(Outcome)> done)
{
    const AuditEntry audit = m_audit.entry(AuditAction::AdminAccountRemoved, admin, userId);
    m_store.removeAccount(userId, audit, this,
                          [this, admin, userId, audit, context = QPointer<QObject>(context),
                           done](const AccountResult &result) {
                              if (result.status == AccountResult::Status::Removed) {
                                  qCInfo(lcAuth).noquote()
                                      << "account" << userId << "removed by" << admin.forLog();
                                  m_audit.committed(audit);
                                  m_sessions.revokeAllOf(userId);
                              }
                              if (context)
                                  done(outcomeOf(result));
                          });
}

void AccountService::revokeSession(const AuditActor &admin, const QString &sessionId,
                                   QObject *context, std::function<void(bool)> done)
{
    const AuditEntry audit = m_audit.entry(AuditAction::AdminSessionRevoked, admin, sessionId);
    m_sessions.revoke(sessionId, audit, context, [this, audit, done](bool revoked) {
        if (revoked)
            m_audit.committed(audit);
        done(revoked);
    });
}

} // namespace ddalab
