#include "ProtocolFields.h"

#include "IdRules.h"

#include "FieldLimits.h"
#include "MessageCodec.h"
#include "Rfc3339.h"

#include <QUrl>

#include <algorithm>

namespace ddalab::protocol::fields {

using namespace Qt::StringLiterals;

namespace {

bool isTokenCharacter(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '-' ||
           u == '_' || u == '.' || u == '~';
}

} // namespace

QString readUserId(JsonFieldReader &reader, QLatin1StringView name)
{
    QString id = reader.requiredString(name, limits::kUserId);
    if (reader.ok() && (id.isEmpty() || !ids::isPrintable(id)))
        reader.fail(
            u"field '%1' must be a non-empty printable string"_s.arg(reader.fieldPath(name)));
    return id;
}

QString readToken(JsonFieldReader &reader, QLatin1StringView name)
{
    QString token = reader.requiredString(name, limits::kToken);
    if (reader.ok() &&
        (token.isEmpty() || !std::all_of(token.cbegin(), token.cend(), isTokenCharacter)))
        reader.fail(u"field '%1' must be 1 to %2 characters of A-Z a-z 0-9 - _ . ~"_s
                        .arg(reader.fieldPath(name))
                        .arg(limits::kToken));
    return token;
}

QString readEndpoint(JsonFieldReader &reader)
{
    QString endpoint = reader.requiredString("endpoint"_L1, limits::kEndpoint);
    if (!reader.ok())
        return {};
    const QUrl url(endpoint, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != "http"_L1 && scheme != "https"_L1) || url.host().isEmpty() ||
        !url.userInfo().isEmpty())
        reader.fail(u"field '%1' must be an http:// or https:// URL with a host"_s.arg(
            reader.fieldPath("endpoint"_L1)));
    return endpoint;
}

std::optional<ShareMetadata> readMetadata(JsonFieldReader &outer)
{
    const QJsonObject object = outer.requiredObject("metadata"_L1);
    if (!outer.ok())
        return std::nullopt;
    JsonFieldReader reader(object, outer.fieldPath("metadata"_L1));
    ShareMetadata metadata;
    metadata.ownerUserId = readUserId(reader, "owner_user_id"_L1);
    metadata.resultId = reader.requiredString("result_id"_L1, limits::kResultId);
    if (reader.ok() && metadata.resultId.isEmpty())
        reader.fail(u"field '%1' must not be empty"_s.arg(reader.fieldPath("result_id"_L1)));
    metadata.title = reader.requiredString("title"_L1, limits::kTitle);
    metadata.description = reader.nullableString("description"_L1, limits::kDescription);
    metadata.createdAt = readTime(reader, "created_at"_L1);
    const QJsonObject policy = reader.requiredObject("access_policy"_L1);
    if (reader.ok()) {
        QString policyError;
        if (auto parsed = MessageCodec::accessPolicyFromJson(policy, &policyError))
            metadata.accessPolicy = *parsed;
        else
            reader.fail(policyError);
    }
    if (!reader.ok()) {
        outer.fail(reader.error());
        return std::nullopt;
    }
    return metadata;
}

QDateTime readTime(JsonFieldReader &reader, QLatin1StringView name)
{
    const QString text = reader.requiredString(name, 64);
    if (!reader.ok())
        return {};
    if (auto parsed = rfc3339::parse(text))
        return *parsed;
    reader.fail(u"field '%1' must be an RFC 3339 date-time"_s.arg(reader.fieldPath(name)));
    return {};
}

std::optional<QDateTime> readNullableTime(JsonFieldReader &reader, QLatin1StringView name)
{
    if (!reader.nullableString(name, 64))
        return std::nullopt;
    return readTime(reader, name);
}

} // namespace ddalab::protocol::fields
