#pragma once

#include "JsonFieldReader.h"
#include "Messages.h"

#include <QByteArray>
#include <QJsonObject>

#include <optional>

// The wire shapes of shares, both ways, defined once: access policies, metadata, a share with its
// token, and share_info's `info` object (also the body of GET /api/shares/TOKEN). Every message
// that carries a share, over WebSocket or HTTP, writes and reads it through here.
//
// Metadata goes out with the content's id under both names (result_id for the first generation
// of desktops, content_id for the later ones, whose strict parsers need one each), its content
// type and classification, and the broker's own counts: download_count, and last_accessed_at once
// there was an access.
namespace ddalab::protocol::share_json {

QJsonObject accessPolicyToJson(const AccessPolicy &policy);
// The policy; `path` names it in the reason (e.g. metadata.access_policy), which goes to error
// with nullopt when the policy cannot be read.
std::optional<AccessPolicy> accessPolicyFromJson(const QJsonObject &object, const QString &path,
                                                 QString *error);

QJsonObject metadataToJson(const ShareMetadata &metadata, const ShareUsage &usage);
// The `metadata` object of reader's object, as a desktop publishes it: the id as content_id or
// result_id (both, if equal), counts it sends ignored. nullopt after failing reader.
std::optional<ShareMetadata> readMetadata(JsonFieldReader &reader);
// The same, as the broker sends it, with its counts into usage.
std::optional<ShareMetadata> readSentMetadata(JsonFieldReader &reader, ShareUsage *usage);

// Fields of a share's metadata, absent or null reading as their defaults (dda_result,
// unclassified, no limit); an unknown name or a number below 1 fails reader.
ContentType readContentType(JsonFieldReader &reader);
Classification readClassification(JsonFieldReader &reader);
std::optional<quint64> readMaxDownloads(JsonFieldReader &reader, QLatin1StringView name);

// {"token", "metadata"}: a share in share_list and share_published.
QJsonObject shareToJson(const ShareRecord &share);
// token, metadata and usage of reader's object; revokedAt stays empty.
ShareRecord readShare(JsonFieldReader &reader);

// share_info's `info` object, written as text (the broker's most frequent reply).
void appendShareInfo(QByteArray &out, const ShareInfo &info);
ShareInfo readShareInfo(JsonFieldReader &reader);

} // namespace ddalab::protocol::share_json
