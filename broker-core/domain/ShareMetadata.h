#pragma once

#include "AccessPolicy.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace ddalab {

// What the owner publishes about a result; the result itself stays on the owner's machine.
struct ShareMetadata
{
    QString ownerUserId;
    QString resultId;
    QString title;
    std::optional<QString> description; // null on the wire when absent
    QDateTime createdAt;                 // UTC, millisecond precision
    AccessPolicy accessPolicy;

    friend bool operator==(const ShareMetadata &, const ShareMetadata &) = default;
};

// A share as stored: its token, metadata and whether it was revoked.
struct ShareRecord
{
    QString token;
    ShareMetadata metadata;
    std::optional<QDateTime> revokedAt;

    bool isRevoked() const { return revokedAt.has_value(); }

    friend bool operator==(const ShareRecord &, const ShareRecord &) = default;
};

} // namespace ddalab
