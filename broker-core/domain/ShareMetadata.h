#pragma once

#include "AccessPolicy.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace ddalab {

// What a share holds, as the later desktops name it; the first desktops share DDA results only.
enum class ContentType { DdaResult, Annotation, Workflow, ParameterSet, DataSegment };
// How sensitive the content is (the desktops' HIPAA classes).
enum class Classification { Phi, DeIdentified, Synthetic, Unclassified };

QString contentTypeName(ContentType type);
std::optional<ContentType> contentTypeFromName(QStringView name);
QString classificationName(Classification classification);
std::optional<Classification> classificationFromName(QStringView name);

// What the owner publishes about a result; the result itself stays on the owner's machine.
struct ShareMetadata
{
    QString ownerUserId;
    // The id of the shared content on the owner's machine: content_id on the wire of the later
    // desktops, result_id on the first ones'.
    QString resultId;
    ContentType contentType = ContentType::DdaResult;
    QString title;
    std::optional<QString> description; // null on the wire when absent
    QDateTime createdAt;                // UTC, millisecond precision
    AccessPolicy accessPolicy;
    Classification classification = Classification::Unclassified;
    // When the share ends, decided by the broker from the institution's rules; nullopt: never
    // (unclassified shares only, and only where an administrator allowed it).
    std::optional<QDateTime> expiresAt;
    // Granted requests beyond this many are refused; nullopt: no limit.
    std::optional<quint64> maxDownloads;

    friend bool operator==(const ShareMetadata &, const ShareMetadata &) = default;
};

// How often a share was opened: the broker counts, the desktops only read.
struct ShareUsage
{
    quint64 downloadCount = 0;               // granted requests so far
    std::optional<QDateTime> lastAccessedAt; // the latest of them

    friend bool operator==(const ShareUsage &, const ShareUsage &) = default;
};

// A share as stored: its token, metadata, whether it was revoked and how often it was opened.
struct ShareRecord
{
    QString token;
    ShareMetadata metadata;
    std::optional<QDateTime> revokedAt;
    ShareUsage usage;

    bool isRevoked() const { return revokedAt.has_value(); }
    // An expired share answers as a revoked one, to everyone but its owner's list.
    bool isExpiredAt(const QDateTime &now) const
    {
        return metadata.expiresAt && *metadata.expiresAt <= now;
    }
    bool reachedDownloadLimit() const
    {
        return metadata.maxDownloads && usage.downloadCount >= *metadata.maxDownloads;
    }

    friend bool operator==(const ShareRecord &, const ShareRecord &) = default;
};

} // namespace ddalab
