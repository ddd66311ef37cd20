#pragma once

#include "domain/AuditEntry.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace ddalab {

// One request of a share as its owner sees it: when, who asked (a user id, "anonymous"),
// whether the broker granted it and, for a denial, why ("policy", "download_limit"); where it
// came from only while the broker records addresses (AUDIT_RECORD_ADDRESSES).
struct ShareAccessEntry
{
    QDateTime time;
    QString requester;
    bool granted = false;
    QString reason; // empty when granted
    std::optional<QString> address;
    // Identical requests within one second share one entry: how many, and the last one's time.
    qint64 count = 1;
    std::optional<QDateTime> lastTime;

    bool operator==(const ShareAccessEntry &other) const = default;

    // From a share.granted or share.denied row of the audit trail.
    static ShareAccessEntry fromAudit(const AuditEntry &entry, bool withAddress);
};

} // namespace ddalab
