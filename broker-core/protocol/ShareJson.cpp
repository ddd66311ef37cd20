#include "ShareJson.h"

#include "FieldLimits.h"
#include "JsonText.h"
#include "ProtocolFields.h"
#include "Rfc3339.h"

#include <QJsonArray>

namespace ddalab::protocol::share_json {

using namespace Qt::StringLiterals;

namespace {

// The metadata's members in QJsonDocument's order: the text and the tree form print alike.
template <typename Object>
void writeMetadata(Object &object, const ShareMetadata &metadata, const ShareUsage &usage)
{
    object.field("access_policy", accessPolicyToJson(metadata.accessPolicy));
    object.field("classification", classificationName(metadata.classification));
    object.field("content_id", metadata.resultId);
    object.field("content_type", contentTypeName(metadata.contentType));
    object.field("created_at", rfc3339::format(metadata.createdAt));
    object.field("description", metadata.description);
    object.field("download_count", usage.downloadCount);
    object.field("expires_at", metadata.expiresAt
                                   ? std::optional<QString>(rfc3339::format(*metadata.expiresAt))
                                   : std::nullopt);
    if (usage.lastAccessedAt)
        object.field("last_accessed_at", rfc3339::format(*usage.lastAccessedAt));
    if (metadata.maxDownloads)
        object.field("max_downloads", *metadata.maxDownloads);
    object.field("owner_user_id", metadata.ownerUserId);
    object.field("result_id", metadata.resultId);
    object.field("title", metadata.title);
}

// The content's id, as content_id or result_id; both present must agree.
QString readContentId(JsonFieldReader &reader)
{
    const auto contentId = reader.nullableString("content_id"_L1, limits::kResultId);
    const auto resultId = reader.nullableString("result_id"_L1, limits::kResultId);
    if (!reader.ok())
        return {};
    if (!contentId && !resultId) {
        reader.fail(u"missing field '%1' (or '%2')"_s.arg(reader.fieldPath("content_id"_L1),
                                                          reader.fieldPath("result_id"_L1)));
        return {};
    }
    if (contentId && resultId && *contentId != *resultId) {
        reader.fail(u"fields '%1' and '%2' differ; send one, or both alike"_s.arg(
            reader.fieldPath("content_id"_L1), reader.fieldPath("result_id"_L1)));
        return {};
    }
    QString id = contentId.value_or(resultId.value_or(QString()));
    if (id.isEmpty())
        reader.fail(u"field '%1' must not be empty"_s.arg(
            reader.fieldPath(contentId ? "content_id"_L1 : "result_id"_L1)));
    return id;
}

// An optional field naming one of a set of values; absent or null reads as fallback.
template <typename Value>
Value readChoice(JsonFieldReader &reader, QLatin1StringView name, Value fallback,
                 std::optional<Value> (*fromName)(QStringView), const char *choices)
{
    const auto text = reader.nullableString(name, 32);
    if (!reader.ok() || !text)
        return fallback;
    if (const auto value = fromName(*text))
        return *value;
    reader.fail(
        u"field '%1' must be one of %2"_s.arg(reader.fieldPath(name), QLatin1StringView(choices)));
    return fallback;
}

// A field a desktop may send in the metadata or in its access_policy (where DDALAB's own records
// keep expiry and download limits); both present must agree. Reads with `read` from whichever
// reader holds it; nullopt when neither does.
template <typename Value>
std::optional<Value> readMetadataOrPolicyField(JsonFieldReader &metadata, JsonFieldReader &policy,
                                               QLatin1StringView name,
                                               std::optional<Value> (*read)(JsonFieldReader &,
                                                                            QLatin1StringView))
{
    const std::optional<Value> inMetadata = read(metadata, name);
    const std::optional<Value> inPolicy = read(policy, name);
    if (!metadata.ok() || !policy.ok())
        return std::nullopt;
    if (inMetadata && inPolicy && *inMetadata != *inPolicy) {
        metadata.fail(u"fields '%1' and '%2' differ; send one, or both alike"_s.arg(
            metadata.fieldPath(name), policy.fieldPath(name)));
        return std::nullopt;
    }
    return inMetadata ? inMetadata : inPolicy;
}

} // namespace

std::optional<quint64> readMaxDownloads(JsonFieldReader &reader, QLatin1StringView name)
{
    const qint64 limit = reader.optionalInteger(name, 1, limits::kMaxExactInteger, 0);
    return limit > 0 ? std::optional<quint64>(quint64(limit)) : std::nullopt;
}

ContentType readContentType(JsonFieldReader &reader)
{
    return readChoice(reader, "content_type"_L1, ContentType::DdaResult, contentTypeFromName,
                      "dda_result, annotation, workflow, parameter_set, data_segment");
}

Classification readClassification(JsonFieldReader &reader)
{
    return readChoice(reader, "classification"_L1, Classification::Unclassified,
                      classificationFromName, "phi, de_identified, synthetic, unclassified");
}

QJsonObject accessPolicyToJson(const AccessPolicy &policy)
{
    QJsonObject object{{"type"_L1, accessPolicyKindName(policy.kind)}};
    if (policy.kind == AccessPolicy::Kind::Team)
        object.insert("team_id"_L1, policy.teamId);
    else if (policy.kind == AccessPolicy::Kind::Users)
        object.insert("user_ids"_L1, QJsonArray::fromStringList(policy.userIds));
    return object;
}

std::optional<AccessPolicy> accessPolicyFromJson(const QJsonObject &object, const QString &path,
                                                 QString *error)
{
    JsonFieldReader reader(object, path);
    const QString type = reader.requiredString("type"_L1, 16);
    std::optional<AccessPolicy> policy;
    if (!reader.ok()) {
    } else if (type == "public"_L1) {
        policy = AccessPolicy::makePublic();
    } else if (type == "team"_L1) {
        const QString teamId = reader.requiredString("team_id"_L1, limits::kTeamId);
        if (reader.ok() && teamId.isEmpty())
            reader.fail(u"field '%1' must not be empty"_s.arg(reader.fieldPath("team_id"_L1)));
        policy = AccessPolicy::makeTeam(teamId);
    } else if (type == "users"_L1) {
        const QJsonArray ids = reader.requiredArray("user_ids"_L1, limits::kPolicyUsers);
        QStringList userIds;
        for (const QJsonValue &id : ids) {
            if (!id.isString() || id.toString().isEmpty() ||
                id.toString().size() > limits::kUserId) {
                reader.fail(u"field '%1' must hold non-empty strings of at most %2 characters"_s
                                .arg(reader.fieldPath("user_ids"_L1))
                                .arg(limits::kUserId));
                break;
            }
            userIds.append(id.toString());
        }
        policy = AccessPolicy::makeUsers(userIds);
    } else {
        reader.fail(u"unknown access policy type '%1' (public, team or users)"_s.arg(type));
    }
    if (!reader.ok()) {
        if (error)
            *error = reader.error();
        return std::nullopt;
    }
    return policy;
}

QJsonObject metadataToJson(const ShareMetadata &metadata, const ShareUsage &usage)
{
    JsonTreeObject object;
    writeMetadata(object, metadata, usage);
    return object.take();
}

namespace {

// The metadata object's fields; usage, when asked for, from the broker's counts.
std::optional<ShareMetadata> readMetadataObject(JsonFieldReader &outer, ShareUsage *usage)
{
    const QJsonObject object = outer.requiredObject("metadata"_L1);
    if (!outer.ok())
        return std::nullopt;
    JsonFieldReader reader(object, outer.fieldPath("metadata"_L1));
    ShareMetadata metadata;
    metadata.ownerUserId = fields::readUserId(reader, "owner_user_id"_L1);
    metadata.resultId = readContentId(reader);
    metadata.contentType = readContentType(reader);
    metadata.title = reader.requiredString("title"_L1, limits::kTitle);
    metadata.description = reader.nullableString("description"_L1, limits::kDescription);
    metadata.createdAt = fields::readTime(reader, "created_at"_L1);
    const QJsonObject policy = reader.requiredObject("access_policy"_L1);
    if (reader.ok()) {
        QString policyError;
        if (auto parsed =
                accessPolicyFromJson(policy, reader.fieldPath("access_policy"_L1), &policyError))
            metadata.accessPolicy = *parsed;
        else
            reader.fail(policyError);
    }
    if (reader.ok()) {
        JsonFieldReader policyReader(policy, reader.fieldPath("access_policy"_L1));
        metadata.expiresAt = readMetadataOrPolicyField<QDateTime>(
            reader, policyReader, "expires_at"_L1, fields::readNullableTime);
        metadata.maxDownloads = readMetadataOrPolicyField<quint64>(
            reader, policyReader, "max_downloads"_L1, readMaxDownloads);
        if (!policyReader.ok())
            reader.fail(policyReader.error());
    }
    metadata.classification = readClassification(reader);
    if (usage) {
        usage->downloadCount =
            quint64(reader.optionalInteger("download_count"_L1, 0, limits::kMaxExactInteger, 0));
        usage->lastAccessedAt = fields::readNullableTime(reader, "last_accessed_at"_L1);
    }
    if (!reader.ok()) {
        outer.fail(reader.error());
        return std::nullopt;
    }
    return metadata;
}

} // namespace

std::optional<ShareMetadata> readMetadata(JsonFieldReader &outer)
{
    return readMetadataObject(outer, nullptr);
}

std::optional<ShareMetadata> readSentMetadata(JsonFieldReader &outer, ShareUsage *usage)
{
    return readMetadataObject(outer, usage);
}

QJsonObject shareToJson(const ShareRecord &share)
{
    return {{"token"_L1, share.token},
            {"metadata"_L1, metadataToJson(share.metadata, share.usage)}};
}

ShareRecord readShare(JsonFieldReader &reader)
{
    ShareRecord share;
    share.token = fields::readToken(reader);
    if (auto metadata = readSentMetadata(reader, &share.usage))
        share.metadata = std::move(*metadata);
    return share;
}

void appendShareInfo(QByteArray &out, const ShareInfo &info)
{
    JsonTextObject object(out);
    object.field("download_url", info.downloadUrl);
    {
        JsonTextObject metadata(object.key("metadata"));
        writeMetadata(metadata, info.metadata, info.usage);
    }
    object.field("owner_online", info.ownerOnline);
    // Only when there is one: desktops ignore fields they do not know, and a broker without
    // grants sends exactly what it sent before.
    if (!info.grant.isEmpty())
        object.field("grant", info.grant);
}

ShareInfo readShareInfo(JsonFieldReader &reader)
{
    ShareInfo info;
    if (auto metadata = readSentMetadata(reader, &info.usage))
        info.metadata = std::move(*metadata);
    info.downloadUrl = reader.requiredString("download_url"_L1, limits::kEndpoint + 512);
    info.ownerOnline = reader.requiredBool("owner_online"_L1);
    info.grant = reader.nullableString("grant"_L1, limits::kGrant).value_or(QString());
    return info;
}

} // namespace ddalab::protocol::share_json
