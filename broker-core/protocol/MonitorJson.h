#pragma once

#include "JsonFieldReader.h"
#include "Messages.h"

#include <QJsonObject>

// The JSON shapes of the monitor feed's messages, both ways. Used only by MessageCodec, which
// adds the `type` and `message_id` around them; nothing else reads or writes these shapes.
namespace ddalab::protocol::monitor_json {

QJsonObject subscribeToJson(const MonitorSubscribe &message);
QJsonObject sharesPageRequestToJson(const MonitorSharesPage &message);
MonitorSubscribe readSubscribe(JsonFieldReader &reader);
MonitorSharesPage readSharesPageRequest(JsonFieldReader &reader);
// {"actor", "action", "target", "since", "until", "after"}: strings, each optional; "limit": a
// number. The same rules as GET /api/admin/audit's query string.
QJsonObject auditQueryToJson(const AdminAuditQuery &message);
AdminAuditQuery readAuditQuery(JsonFieldReader &reader);
// {"entries": [...], "next_cursor": "ID" or null}, as GET /api/admin/audit answers.
QJsonObject auditPageToJson(const AuditPageReply &reply);
AuditPageReply readAuditPage(JsonFieldReader &reader);

QJsonObject snapshotToJson(const MonitorSnapshot &snapshot);
QJsonObject sharesPageToJson(const SharesPage &page);
QJsonObject eventToJson(const Event &event); // without `type`

MonitorSnapshot readSnapshot(JsonFieldReader &reader);
SharesPage readSharesPage(JsonFieldReader &reader);
// nullopt when type is not an event type; otherwise check reader.ok().
std::optional<Event> readEvent(const QString &type, JsonFieldReader &reader);

} // namespace ddalab::protocol::monitor_json
