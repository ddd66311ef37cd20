#pragma once

#include "JsonFieldReader.h"
#include "Messages.h"

#include <QJsonObject>

// The bodies of replies and events (everything but `type` and `message_id`), both ways.
// MessageCodec writes ack, error and share_info as text itself; this writes the rest.
namespace ddalab::protocol::reply_json {

// nullopt when type names no reply; otherwise check reader.ok().
std::optional<Reply> readReply(QStringView type, JsonFieldReader &reader);
// The replies MessageCodec does not write as text.
QJsonObject replyToJson(const Reply &reply);

} // namespace ddalab::protocol::reply_json
