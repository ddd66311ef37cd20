#pragma once

#include "domain/OfflineReason.h"
#include "domain/PresenceRegistry.h"

#include <QByteArray>
#include <QObject>
#include <QSet>

namespace ddalab {

class Session;

// The live WebSocket sessions, built before anything that acts on them: whom an administrator
// disconnects, who watches the monitor feed, how many are open. The gateway owns the sessions;
// a session leaves this registry when it closes, or at the latest when it is destroyed.
class SessionRegistry : public QObject
{
    Q_OBJECT
public:
    explicit SessionRegistry(QObject *parent = nullptr) : QObject(parent) {}

    void add(Session *session);
    // The session closed: its connection ends (SocketClosed). False when it was not here.
    bool remove(Session *session);
    qsizetype count() const { return m_sessions.size(); }
    // A copy: closing a session may remove it at once.
    QList<Session *> sessions() const { return m_sessions.values(); }

    // Ends every open connection registered as userId (an administrator's decision): each
    // goes offline with reason AdminDisconnect and is closed with code 1008 and reason.
    // Returns how many.
    int closeConnectionsOf(const QString &userId, const QString &reason);

    // Ends every open connection registered with a login session (revoked by an administrator):
    // each goes offline and is closed with 1008. Returns how many.
    int closeConnectionsOfLoginSession(const QString &sessionId);
    // How many open connections registered with each login session.
    QHash<QString, int> connectionsByLoginSession() const;

    // Admin connections subscribed to the monitor feed.
    void addMonitor(Session *session) { m_monitors.insert(session); }
    void removeMonitor(Session *session) { m_monitors.remove(session); }
    bool isMonitor(Session *session) const { return m_monitors.contains(session); }
    qsizetype monitorCount() const { return m_monitors.size(); }
    // Sends a frame to every subscribed monitor, in line behind the replies each still owes.
    void pushToMonitors(const QByteArray &frame);

signals:
    void countChanged(qsizetype count);
    // A registered or unregistered connection ended, and why.
    void connectionEnded(ddalab::ConnectionId connection, ddalab::OfflineReason reason);

private:
    void forget(Session *session);
    // Takes session offline (AdminDisconnect) and closes it with 1008.
    void end(Session *session, const QString &reason);

    QSet<Session *> m_sessions;
    QSet<Session *> m_monitors;
};

} // namespace ddalab
