#include "ProtocolFields.h"

#include "IdRules.h"

#include "FieldLimits.h"
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
