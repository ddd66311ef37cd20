#pragma once

#include "JsonFieldReader.h"
#include "Messages.h"

#include <QJsonObject>

// A share's access list on the wire: list_share_access and share_access (MessageCodec adds
// `type` and `message_id`), and the body of GET /api/shares/TOKEN/access.
namespace ddalab::protocol::share_access_json {

QJsonObject requestToJson(const ListShareAccess &message);
ListShareAccess readRequest(JsonFieldReader &reader);

// {"token", "entries": [{"time", "requester", "outcome": "granted"|"denied", "reason"
// (denials), "address" (when recorded)}], "next_cursor" (when more follow)}
QJsonObject listToJson(const ShareAccessList &list);
ShareAccessList readList(JsonFieldReader &reader);

} // namespace ddalab::protocol::share_access_json
