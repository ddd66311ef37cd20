#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace ddalab::rfc3339 {

// Parses any RFC 3339 date-time: 'T' or 't' or ' ' separator, any number of fractional
// digits (kept to the millisecond), 'Z' or a numeric offset. Returns a UTC time.
std::optional<QDateTime> parse(QStringView text);

// Formats as UTC with milliseconds and 'Z', e.g. 2025-10-03T12:00:00.123Z.
QString format(const QDateTime &time);

} // namespace ddalab::rfc3339
