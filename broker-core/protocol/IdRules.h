#pragma once

#include <QStringView>

// What an id must look like wherever it arrives: in a WebSocket field, an HTTP path or an HTTP
// body. Lengths are those of FieldLimits.h.
namespace ddalab::protocol::ids {

// No control characters (ids end up in logs and paths).
bool isPrintable(QStringView text);
// 1 to limits::kUserId printable characters (desktop ids are e-mail addresses).
bool isValidUserId(QStringView id);
// 1 to limits::kTeamId printable characters.
bool isValidTeamId(QStringView id);

} // namespace ddalab::protocol::ids
