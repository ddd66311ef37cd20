#pragma once

#include <QString>

// What the shipped desktop client needs of the broker's answers, checked on their text.
namespace wire {

// RFC 3339 as the desktop client parses it: UTC, offset Z or +00:00, any fractional digits.
bool isClientRfc3339(const QString &text);
// The download URL the broker must hand out for a result of an owner at endpoint: a desktop's
// HTTP client fetches ENDPOINT/api/results/ID (it sends no fragment), and the third generation
// pairs the reply with its request by the last '/' segment, the token.
QString downloadUrl(const QString &endpoint, const QString &resultId, const QString &token);

} // namespace wire
