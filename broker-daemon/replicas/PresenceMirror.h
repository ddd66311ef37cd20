#pragma once

#include "domain/OfflineReason.h"
#include "domain/PresenceRegistry.h"
#include "replicas/ReplicaIdentity.h"

#include <QObject>

namespace ddalab {

class PresenceService;
class ReplicaStore;

// Writes this replica's registrations as presence rows, with their announcements, through the
// group commit: a registration is answered at once, and the row follows in the next commit.
// When the lease had lapsed (the others dropped this replica's rows), writes them all again.
class PresenceMirror : public QObject
{
    Q_OBJECT
public:
    PresenceMirror(ReplicaStore &store, const ReplicaIdentity &identity,
                   const PresenceRegistry &registry, PresenceService &presence,
                   QObject *parent = nullptr);

    void rewriteAll();

private:
    void online(const PresenceEntry &entry);
    void offline(const PresenceEntry &entry, OfflineReason reason);

    ReplicaStore &m_store;
    const ReplicaIdentity &m_identity;
    const PresenceRegistry &m_registry;
};

} // namespace ddalab
