#include "replicas/OutboxApplier.h"

#include "auth/LoginSessions.h"
#include "logging/LogCategories.h"
#include "replicas/ReplicaLease.h"
#include "services/InstitutionService.h"
#include "services/PresenceService.h"
#include "services/ShareService.h"
#include "storage/Announcement.h"
#include "websocket/SessionRegistry.h"

namespace ddalab {

using namespace Qt::StringLiterals;

OutboxApplier::OutboxApplier(const Targets &targets, const ReplicaLease &lease, QObject *parent)
    : QObject(parent), m_targets(targets), m_lease(lease)
{
}

void OutboxApplier::apply(const QList<OutboxEvent> &events)
{
    for (const OutboxEvent &event : events)
        applyOne(event);
    if (!events.isEmpty()) {
        m_lastLagMs = events.last().ageMs;
        m_sinceLastEvent.start();
    }
}

double OutboxApplier::lagSeconds() const
{
    if (!m_sinceLastEvent.isValid() || m_sinceLastEvent.elapsed() > 10000)
        return 0;
    return double(m_lastLagMs) / 1000.0;
}

void OutboxApplier::applyOne(const OutboxEvent &event)
{
    namespace a = announcement;
    const QJsonObject &payload = event.payload;
    if (event.kind == a::kShareChanged) {
        if (const auto change = a::readShareChanged(payload))
            m_targets.shares.changedElsewhere(change->token, change->change);
    } else if (event.kind == a::kSessionOpened) {
        if (const auto session = a::readSessionOpened(payload))
            m_targets.loginSessions.openedElsewhere(*session);
    } else if (event.kind == a::kSessionRevoked) {
        m_targets.loginSessions.revokedElsewhere(a::readSessionRevoked(payload));
    } else if (event.kind == a::kInstitutionChanged) {
        m_targets.institution.changedElsewhere();
    } else if (event.kind == a::kUserDisconnected) {
        m_targets.sessions.closeConnectionsOf(a::readUserDisconnected(payload),
                                              u"disconnected by an administrator"_s);
    } else if (event.kind == a::kConnectionOnline) {
        // A late announcement of a replica already dead must not bring its connection back.
        const auto connection = a::readConnectionOnline(event.replicaId, payload);
        if (connection && !m_lease.isDead(event.replicaId))
            m_targets.presence.remoteOnline(connection->toPresenceEntry());
    } else if (event.kind == a::kConnectionOffline) {
        if (const auto offline = a::readConnectionOffline(payload))
            m_targets.presence.remoteOffline(offline->connection, offline->reason);
    } else {
        qCWarning(lcStorage).noquote() << "outbox event of unknown kind" << event.kind << "skipped";
    }
}

void OutboxApplier::resynchronize()
{
    m_targets.shares.forgetCached();
    m_targets.loginSessions.reload();
    m_targets.institution.changedElsewhere();
}

} // namespace ddalab
