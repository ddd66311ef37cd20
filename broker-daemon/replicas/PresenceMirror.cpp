#include "replicas/PresenceMirror.h"

#include "logging/LogCategories.h"
#include "services/PresenceService.h"
#include "storage/ReplicaStore.h"

namespace ddalab {

namespace {

void logFailure(const ReplicaWriteResult &result)
{
    if (result.status != ReplicaWriteResult::Status::Written)
        qCWarning(lcStorage).noquote() << "presence rows not written:" << result.error;
}

} // namespace

PresenceMirror::PresenceMirror(ReplicaStore &store, const ReplicaIdentity &identity,
                               const PresenceRegistry &registry, PresenceService &presence,
                               QObject *parent)
    : QObject(parent), m_store(store), m_identity(identity), m_registry(registry)
{
    connect(&presence, &PresenceService::connectionOnline, this, &PresenceMirror::online);
    connect(&presence, &PresenceService::connectionOffline, this, &PresenceMirror::offline);
}

void PresenceMirror::online(const PresenceEntry &entry)
{
    if (!entry.isRemote())
        m_store.writePresence({true, entry, {}, m_identity.address}, this, &logFailure);
}

void PresenceMirror::offline(const PresenceEntry &entry, OfflineReason reason)
{
    if (!entry.isRemote())
        m_store.writePresence({false, entry, reason, m_identity.address}, this, &logFailure);
}

void PresenceMirror::rewriteAll()
{
    QList<PresenceEntry> own;
    for (const PresenceEntry &entry : m_registry.allConnections()) {
        if (!entry.isRemote())
            own.append(entry);
    }
    qCInfo(lcStorage) << "replica lease had lapsed; writing" << own.size() << "presence rows again";
    m_store.rewritePresence(own, m_identity.address, this, &logFailure);
}

} // namespace ddalab
