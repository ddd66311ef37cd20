#pragma once

#include "domain/AuditEntry.h"

#include <QByteArray>
#include <QJsonObject>

#include <functional>
#include <optional>

// The audit trail on the wire, both ways: its rows as JSON objects (GET /api/admin/audit,
// GET /api/shares/TOKEN/access and the monitor's audit messages alike), its pages, the query
// its readers send, and the CSV export.
namespace ddalab::protocol::audit {

// {"id", "time", "actor", "action", "target", "source_address" (null when not recorded),
// "outcome", "details"}. id is a JSON number (ids stay far below 2^53).
QJsonObject entryJson(const AuditEntry &entry);
std::optional<AuditEntry> readEntry(const QJsonObject &object, QString *error);

// {"entries": [...], "next_cursor": "ID" or null}
QByteArray pageBody(const AuditPage &page);
// The cursor that continues after a page: the last id, as text (opaque to clients).
QString cursorOf(qint64 id);
std::optional<qint64> readCursor(const QString &text);

// The filters of an audit query from named text values (the HTTP query string or the string
// fields of a WebSocket message): actor, action, target, since, until (RFC 3339), limit (1 to
// AuditQuery::kMaxLimit, default kDefaultLimit) and after (a cursor). nullopt with a message
// naming the bad one. `value` returns nullopt for an absent name.
std::optional<AuditQuery> readQuery(const std::function<std::optional<QString>(QString)> &value,
                                    QString *error);

// RFC 4180: a header line, then one line per row, CRLF-terminated; fields holding a comma, a
// quote, CR or LF are quoted, quotes doubled. details is its compact JSON text; times RFC 3339.
QByteArray csvHeader();
QByteArray csvRows(const QList<AuditEntry> &entries);

} // namespace ddalab::protocol::audit
