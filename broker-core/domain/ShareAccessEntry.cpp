#include "domain/ShareAccessEntry.h"

#include "domain/AuditAction.h"

namespace ddalab {

using namespace Qt::StringLiterals;

ShareAccessEntry ShareAccessEntry::fromAudit(const AuditEntry &entry, bool withAddress)
{
    ShareAccessEntry access;
    access.time = entry.time;
    access.requester = entry.actor;
    access.granted = entry.action == AuditAction::ShareGranted;
    if (!access.granted)
        access.reason = entry.details.value("reason"_L1).toString();
    if (withAddress)
        access.address = entry.sourceAddress;
    return access;
}

} // namespace ddalab
