#pragma once

#include "domain/AuditEntry.h"
#include "domain/Clock.h"
#include "domain/LoginSession.h"
#include "storage/AccountResults.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <deque>
#include <functional>
#include <optional>

namespace ddalab {

class LoginSessionStore;

// The sessions of POST /auth/login: every live one in memory, so that checking a token costs no
// database round trip, and in the database, so that they survive a restart. A token is 256
// random bits from libsodium, handed out once; only its SHA-256 is kept, here and in the
// database. Bounded: a user has at most kMaxPerUser live sessions and the broker kMaxSessions
// (past either, the oldest ends, its connections left open); expired and revoked rows are
// deleted after a week. Network thread only.
class LoginSessions : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxPerUser = 64;
    static constexpr int kMaxSessions = 100000;

    struct Opened
    {
        bool ok = false; // false: the database failed
        QString token;   // the credential, for the client only
        LoginSession session;
    };

    LoginSessions(LoginSessionStore &store, const Clock &clock, std::chrono::seconds lifetime,
                  QObject *parent = nullptr);

    // Reads the live sessions from the database; before anything asks for one.
    void load(std::function<void(const QString &error)> done);

    // A new session for userId, answered once it is stored with its audit row (whose target
    // this fills in with the new session's id).
    void open(const QString &userId, const QString &endpoint, const QString &clientAddress,
              const AuditEntry &audit, QObject *context, std::function<void(const Opened &)> done);
    // The live session a token opens.
    std::optional<LoginSession> find(QByteArrayView token) const;
    // Live sessions, oldest first: all of them, or userId's.
    QList<LoginSession> list(const std::optional<QString> &userId = std::nullopt) const;
    int countOf(const QString &userId) const;
    qint64 secondsLeft(const LoginSession &session) const;

    // Ends a session now, committed with its audit row (logout, session.revoked or
    // admin.session_revoked); `revoked` tells whoever closes its connections. done(false): no
    // such live session (or the database failed: logged). Sessions the broker ends itself (the
    // bounds, a disabled account) get a row by the broker.
    void revoke(const QString &sessionId, const AuditEntry &audit, QObject *context,
                std::function<void(bool)> done);
    // Ends every live session of userId (a disabled or removed account).
    void revokeAllOf(const QString &userId);

    std::chrono::seconds lifetime() const { return m_lifetime; }

    // Another replica opened or ended a session (its outbox announcement): known here at once,
    // and an ended one's connections here close.
    void openedElsewhere(const StoredLoginSession &stored);
    void revokedElsewhere(const QString &sessionId);
    // Announcements may have been missed: the live sessions are read again; those gone from the
    // database end here too.
    void reload();

signals:
    void revoked(const QString &sessionId);

private:
    static QByteArray hashOf(QByteArrayView token);
    void keep(const StoredLoginSession &stored);
    void forget(const QString &sessionId);
    // Ends the oldest sessions beyond the bounds, without closing their connections.
    void makeRoomFor(const QString &userId);
    void end(const QString &sessionId, bool closeConnections, const QString &reason);
    void deleteOldRows();

    LoginSessionStore &m_store;
    const Clock &m_clock;
    std::chrono::seconds m_lifetime;
    QHash<QByteArray, LoginSession> m_byTokenHash;
    QHash<QString, QByteArray> m_tokenHashById;
    QHash<QString, QList<QString>> m_idsByUser; // oldest first
    std::deque<QString> m_idsByAge;             // oldest first; ids already forgotten are skipped
    QTimer m_cleanupTimer;
};

} // namespace ddalab
