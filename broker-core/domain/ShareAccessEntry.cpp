#include "domain/ShareAccessEntry.h"

#include "domain/AuditAction.h"
#include "protocol/Rfc3339.h"

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
    // AuditTrail merges repeated reads into one row with these two details.
    const qint64 count = entry.details.value("count"_L1).toInteger(1);
    if (count > 1) {
        access.count = count;
        access.lastTime = rfc3339::parse(entry.details.value("last_at"_L1).toString());
    }
    return access;
}

} // namespace ddalab
