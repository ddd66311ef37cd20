#pragma once

#include "JsonFieldReader.h"

#include <QDateTime>

#include <optional>

// Readers for the protocol's typed fields, shared by every decoder: each reads one field through
// a JsonFieldReader, checks it against its limits and records a failure naming the field.
namespace ddalab::protocol::fields {

// Any non-empty printable text of at most limits::kUserId (desktop ids are e-mail addresses).
QString readUserId(JsonFieldReader &reader, QLatin1StringView name);
// 1 to limits::kToken characters of A-Z a-z 0-9 - _ . ~ (tokens travel in URL paths).
QString readToken(JsonFieldReader &reader, QLatin1StringView name = QLatin1StringView("token"));
// An http:// or https:// URL with a host and no user info.
QString readEndpoint(JsonFieldReader &reader);
// An RFC 3339 date-time, as UTC.
QDateTime readTime(JsonFieldReader &reader, QLatin1StringView name);
// Absent or null reads as nullopt.
std::optional<QDateTime> readNullableTime(JsonFieldReader &reader, QLatin1StringView name);

} // namespace ddalab::protocol::fields
