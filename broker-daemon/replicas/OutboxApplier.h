#pragma once

#include "storage/ReplicaResults.h"

#include <QElapsedTimer>
#include <QObject>

namespace ddalab {

class InstitutionService;
class LoginSessions;
class PresenceService;
class ReplicaLease;
class SessionRegistry;
class ShareService;

// Applies what the other replicas announced to this one's caches and connections: shares read
// again, sessions known or ended, institution settings reloaded, an administrator's disconnect
// carried out here, the others' connections counted online.
class OutboxApplier : public QObject
{
    Q_OBJECT
public:
    struct Targets
    {
        ShareService &shares;
        LoginSessions &loginSessions;
        InstitutionService &institution;
        PresenceService &presence;
        SessionRegistry &sessions;
    };

    // lease: which replicas are dead, whose late announcements are not applied.
    OutboxApplier(const Targets &targets, const ReplicaLease &lease, QObject *parent = nullptr);

    void apply(const QList<ddalab::OutboxEvent> &events);
    // Announcements may have been missed: every cache is emptied or read again.
    void resynchronize();

    // From its commit to its application here, of the newest event applied in the last
    // 10 seconds (0 when none was).
    double lagSeconds() const;

private:
    void applyOne(const OutboxEvent &event);

    Targets m_targets;
    const ReplicaLease &m_lease;
    qint64 m_lastLagMs = 0;
    QElapsedTimer m_sinceLastEvent;
};

} // namespace ddalab
