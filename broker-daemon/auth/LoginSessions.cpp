#include "auth/LoginSessions.h"

#include "domain/AuditAction.h"
#include "logging/LogCategories.h"
#include "storage/LoginSessionStore.h"

#include <QCryptographicHash>
#include <QPointer>
#include <QSet>

#include <sodium.h>

#include <algorithm>

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {

// Rows of sessions that ended are kept this long (for the administrator's view of recent ones),
// then deleted.
constexpr qint64 kKeepEndedSeconds = 7 * 86400;

QString randomText(qsizetype bytes)
{
    QByteArray random(bytes, Qt::Uninitialized);
    randombytes_buf(random.data(), size_t(random.size()));
    return QString::fromLatin1(
        random.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace

LoginSessions::LoginSessions(LoginSessionStore &store, const Clock &clock,
                             std::chrono::seconds lifetime, QObject *parent)
    : QObject(parent), m_store(store), m_clock(clock), m_lifetime(lifetime)
{
    if (sodium_init() < 0)
        qFatal("libsodium cannot be initialised");
    m_cleanupTimer.setInterval(std::chrono::hours(1));
    connect(&m_cleanupTimer, &QTimer::timeout, this, &LoginSessions::deleteOldRows);
    m_cleanupTimer.start();
}

QByteArray LoginSessions::hashOf(QByteArrayView token)
{
    return QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex();
}

void LoginSessions::load(std::function<void(const QString &)> done)
{
    m_store.liveSessions(m_clock.now(), this, [this, done](const LoginSessionsResult &result) {
        if (result.status != LoginSessionsResult::Status::Found) {
            done(result.error);
            return;
        }
        for (const StoredLoginSession &stored : result.sessions)
            keep(stored);
        qCInfo(lcAuth) << result.sessions.size() << "live sessions";
        done({});
    });
}

void LoginSessions::keep(const StoredLoginSession &stored)
{
    const QString &id = stored.session.sessionId;
    m_byTokenHash.insert(stored.tokenHash, stored.session);
    m_tokenHashById.insert(id, stored.tokenHash);
    m_idsByUser[stored.session.userId].append(id);
    m_idsByAge.push_back(id);
}

void LoginSessions::forget(const QString &sessionId)
{
    const auto hash = m_tokenHashById.constFind(sessionId);
    if (hash == m_tokenHashById.cend())
        return;
    const QString userId = m_byTokenHash.value(*hash).userId;
    m_byTokenHash.remove(*hash);
    m_tokenHashById.erase(hash);
    auto ids = m_idsByUser.find(userId);
    if (ids != m_idsByUser.end()) {
        ids->removeOne(sessionId);
        if (ids->isEmpty())
            m_idsByUser.erase(ids);
    }
}

void LoginSessions::open(const QString &userId, const QString &endpoint,
                         const QString &clientAddress, const AuditEntry &audit, QObject *context,
                         std::function<void(const Opened &)> done)
{
    const QString token = randomText(32);
    StoredLoginSession stored;
    stored.tokenHash = hashOf(token.toLatin1());
    LoginSession &session = stored.session;
    session.sessionId = randomText(12);
    session.userId = userId;
    session.createdAt = m_clock.now();
    session.expiresAt = session.createdAt.addSecs(m_lifetime.count());
    session.clientAddress = clientAddress;
    session.endpoint = endpoint;
    AuditEntry row = audit;
    row.target = session.sessionId;
    m_store.createSession(stored, row, this,
                          [this, stored, token, context = QPointer<QObject>(context),
                           done](const LoginSessionWriteResult &result) {
                              if (result.status != LoginSessionWriteResult::Status::Written) {
                                  if (context)
                                      done(Opened{false, {}, {}});
                                  return;
                              }
                              makeRoomFor(stored.session.userId);
                              keep(stored);
                              if (context)
                                  done(Opened{true, token, stored.session});
                          });
}

std::optional<LoginSession> LoginSessions::find(QByteArrayView token) const
{
    const auto it = m_byTokenHash.constFind(hashOf(token));
    if (it == m_byTokenHash.cend() || !it->isLive(m_clock.now()))
        return std::nullopt;
    return *it;
}

QList<LoginSession> LoginSessions::list(const std::optional<QString> &userId) const
{
    const QDateTime now = m_clock.now();
    QList<LoginSession> sessions;
    const auto add = [&](const QString &sessionId) {
        const LoginSession session = m_byTokenHash.value(m_tokenHashById.value(sessionId));
        if (session.isLive(now))
            sessions.append(session);
    };
    if (userId) {
        for (const QString &sessionId : m_idsByUser.value(*userId))
            add(sessionId);
        return sessions;
    }
    for (const QString &sessionId : m_idsByAge) {
        if (m_tokenHashById.contains(sessionId))
            add(sessionId);
    }
    return sessions;
}

int LoginSessions::countOf(const QString &userId) const
{
    return int(list(userId).size());
}

qint64 LoginSessions::secondsLeft(const LoginSession &session) const
{
    return std::max<qint64>(0, m_clock.now().secsTo(session.expiresAt));
}

void LoginSessions::makeRoomFor(const QString &userId)
{
    const QList<QString> ofUser = m_idsByUser.value(userId);
    for (qsizetype i = 0; i + kMaxPerUser <= ofUser.size(); ++i)
        end(ofUser[i], false, u"user_limit"_s);
    while (m_tokenHashById.size() >= kMaxSessions && !m_idsByAge.empty()) {
        const QString oldest = m_idsByAge.front();
        m_idsByAge.pop_front();
        if (m_tokenHashById.contains(oldest))
            end(oldest, false, u"broker_limit"_s);
    }
    // Ids of sessions that ended otherwise leave the queue once they reach its front.
    while (!m_idsByAge.empty() && !m_tokenHashById.contains(m_idsByAge.front()))
        m_idsByAge.pop_front();
}

void LoginSessions::end(const QString &sessionId, bool closeConnections, const QString &reason)
{
    const AuditEntry audit{
        0,         m_clock.now(), AuditAction::BrokerActor, AuditAction::SessionRevoked,
        sessionId, std::nullopt,  AuditOutcome::Success,    {{"reason"_L1, reason}}};
    forget(sessionId);
    m_store.revokeSession(sessionId, m_clock.now(), audit, this,
                          [](const LoginSessionWriteResult &) {});
    if (closeConnections)
        emit revoked(sessionId);
}

void LoginSessions::revoke(const QString &sessionId, const AuditEntry &audit, QObject *context,
                           std::function<void(bool)> done)
{
    const auto hash = m_tokenHashById.constFind(sessionId);
    if (hash == m_tokenHashById.cend() || !m_byTokenHash.value(*hash).isLive(m_clock.now())) {
        done(false);
        return;
    }
    m_store.revokeSession(sessionId, m_clock.now(), audit, this,
                          [this, sessionId, context = QPointer<QObject>(context),
                           done](const LoginSessionWriteResult &result) {
                              const bool ended =
                                  result.status == LoginSessionWriteResult::Status::Written;
                              if (ended) {
                                  forget(sessionId);
                                  emit revoked(sessionId);
                              }
                              if (context)
                                  done(ended);
                          });
}

void LoginSessions::revokeAllOf(const QString &userId)
{
    for (const LoginSession &session : list(userId))
        end(session.sessionId, true, u"account_changed"_s);
}

void LoginSessions::openedElsewhere(const StoredLoginSession &stored)
{
    if (!m_tokenHashById.contains(stored.session.sessionId))
        keep(stored);
}

void LoginSessions::revokedElsewhere(const QString &sessionId)
{
    if (!m_tokenHashById.contains(sessionId))
        return;
    forget(sessionId);
    emit revoked(sessionId);
}

void LoginSessions::reload()
{
    m_store.liveSessions(m_clock.now(), this, [this](const LoginSessionsResult &result) {
        if (result.status != LoginSessionsResult::Status::Found) {
            qCWarning(lcAuth).noquote() << "cannot read the sessions again:" << result.error;
            return;
        }
        QSet<QString> live;
        for (const StoredLoginSession &stored : result.sessions) {
            live.insert(stored.session.sessionId);
            openedElsewhere(stored);
        }
        const QList<QString> known = m_tokenHashById.keys();
        for (const QString &sessionId : known) {
            if (!live.contains(sessionId))
                revokedElsewhere(sessionId);
        }
    });
}

void LoginSessions::deleteOldRows()
{
    const QDateTime now = m_clock.now();
    QList<QString> expired;
    for (const LoginSession &session : std::as_const(m_byTokenHash)) {
        if (!session.isLive(now))
            expired.append(session.sessionId);
    }
    for (const QString &sessionId : std::as_const(expired))
        forget(sessionId);
    std::erase_if(m_idsByAge, [this](const QString &sessionId) {
        return !m_tokenHashById.contains(sessionId);
    });
    m_store.deleteOldSessions(now.addSecs(-kKeepEndedSeconds), this,
                              [](const LoginSessionWriteResult &) {});
}

} // namespace ddalab
