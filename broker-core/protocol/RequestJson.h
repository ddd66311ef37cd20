#pragma once

#include "JsonFieldReader.h"
#include "Messages.h"

#include <QJsonObject>

// The bodies of requests (everything but `type` and `message_id`, which MessageCodec adds),
// both ways: the broker reads them, clients write them.
namespace ddalab::protocol::request_json {

// nullopt when type names no request; otherwise check reader.ok().
std::optional<Request> readRequest(QStringView type, JsonFieldReader &reader);
QJsonObject requestToJson(const Request &request);

} // namespace ddalab::protocol::request_json
